# anju — entry points. `make demo` and `make test` do all the set-up on a
# fresh Debian machine (scripts/deps.sh installs what is missing).
NPROC := $(shell nproc 2>/dev/null || echo 2)
BUILD_TEST := build/test
BUILD_RELEASE := build/release

.PHONY: all deps build release demo test unit api fuzz-short fuzz bench fmt clean

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

unit: build
	cd $(BUILD_TEST) && ctest --output-on-failure -j$(NPROC)

api: build
	ANJU_BIN=$(BUILD_TEST)/anju node --test tests/api/

fuzz-short: deps
	@scripts/fuzz.sh 30

test: unit api fuzz-short

demo: release
	@scripts/demo.sh $(BUILD_RELEASE)/anju

bench: release
	@bench/run.sh $(BUILD_RELEASE)/anju

fuzz: deps
	@scripts/fuzz.sh 1800

fmt:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c')

clean:
	rm -rf build
