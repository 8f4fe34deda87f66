# anju — entry points. `make demo` and `make test` do all the set-up on a
# fresh Debian machine (scripts/deps.sh installs what is missing).
NPROC := $(shell nproc 2>/dev/null || echo 2)
BUILD_TEST := build/test
BUILD_RELEASE := build/release

.PHONY: all deps build release web demo test unit api e2e fuzz-short fuzz bench fmt clean

all: release

deps:
	@scripts/deps.sh

# The test build: warnings are errors, AddressSanitizer + UBSan.
build: deps
	@cmake -S . -B $(BUILD_TEST) -DCMAKE_BUILD_TYPE=Debug -DANJU_WERROR=ON -DANJU_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD_TEST) -j$(NPROC)

release: deps
	@cmake -S . -B $(BUILD_RELEASE) -DCMAKE_BUILD_TYPE=Release -DANJU_TESTS=OFF >/dev/null
	@cmake --build $(BUILD_RELEASE) -j$(NPROC)

# The web app (Vue + Element Plus + ECharts) into web/dist: npm ci + Vite.
web: deps
	@scripts/web.sh

unit: build
	cd $(BUILD_TEST) && ctest --output-on-failure -j$(NPROC)

api: build
	ANJU_BIN=$(BUILD_TEST)/anju node --test tests/api/

# Browser tests: playwright-core driving Debian's chromium against a real
# `anju serve --web web/dist` with demo data (docs/web.md).
e2e: build web
	ANJU_BIN=$(BUILD_TEST)/anju node --test --test-concurrency=1 tests/e2e/

fuzz-short: deps
	@scripts/fuzz.sh 30

test: unit api e2e fuzz-short

demo: release web
	@scripts/demo.sh $(BUILD_RELEASE)/anju

bench: release
	@bench/run.sh $(BUILD_RELEASE)/anju

fuzz: deps
	@scripts/fuzz.sh 1800

fmt:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c')

clean:
	rm -rf build web/dist
