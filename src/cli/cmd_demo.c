/* cli/cmd_demo — anju demo: a synthetic Beijing, as a CSV file or imported
 * into a database (app/demo does the generating). */
#include "app/app.h"
#include "app/demo.h"
#include "core/workflow.h"
#include "app/demo_workflow.h"
#include "app/demo_feeds.h"
#include "app/demo_stock.h"
#include "app/stock.h"
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char demo_help[] =
    "用法 / usage: anju demo [--households N] [--seed S] [--csv FILE | --db FILE]\n"
    "              anju demo feeds --out DIR [--households N] [--seed S]\n"
    "              anju demo stock [--projects N] [--seed S] [--csv FILE | --db FILE]\n"
    "              anju demo applications [--count N] [--db FILE]\n"
    "\n"
    "生成一座虚构的“北京”：N 户申请家庭（默认 10000），各区户数按第七次人口普查常住人口比例，\n"
    "家庭结构、年龄、户籍、收入、资产、住房和优先类别都取自 docs/demo.md 所述的分布；\n"
    "身份证号校验位正确且互不重复。同一 S（默认 1）总是生成字节完全相同的数据。\n"
    "Generates a synthetic Beijing: N applicant households (default 10000), spread over the\n"
    "districts by their 2020-census population, with household make-up, ages, hukou, incomes,\n"
    "assets, housing and priority categories drawn from the distributions in docs/demo.md;\n"
    "ID numbers have valid check digits and are all different. The same S (default 1) always\n"
    "gives byte-identical data.\n"
    "\n"
    "  --households N  户数 number of households, 1..10000000\n"
    "  --seed S        随机种子（非负整数）/ seed, a non-negative integer\n"
    "  --csv FILE      只写出导入格式的 CSV（- 表示标准输出），不创建数据库\n"
    "                  write the import-format CSV only (- for standard output); no database\n"
    "  --db FILE       导入的数据库（默认 $ANJU_DB，否则 anju.db）；一处错误则全部不导入\n"
    "                  the database to import into (default $ANJU_DB, else anju.db); all or\n"
    "                  nothing\n"
    "\n"
    "anju demo feeds：为同样 N、S 生成的家庭写出八个来源的核对数据文件（DIR/<来源>.csv，格式见\n"
    "docs/feeds.md），与申报一致，只有少量按固定比例埋设的不一致（清单在 DIR/planted.csv，\n"
    "见 docs/demo.md）。用 anju feeds import 导入。\n"
    "anju demo feeds writes the eight shared-data files (DIR/<source>.csv, docs/feeds.md) for\n"
    "the households the same N and S generate: consistent with their declarations except for a\n"
    "few discrepancies planted at fixed rates (listed in DIR/planted.csv; see docs/demo.md).\n"
    "Import them with anju feeds import.\n"
    "\n"
    "  --out DIR       输出目录（不存在则创建）/ the output directory (created if missing)\n"
    "\n"
    "anju demo applications：为库中均匀分布的 N 户（默认 "
    "300）开公租房申请，按真实流程推进到各个阶段\n"
    "（草稿、已提交、街道/区级/市级审核、待补正、公示、已备案、已撤回），经办人用演示账号\n"
    "（若存在），资格不符者由审核人驳回；规则所读的日期被回拨，已备案者已满 15 天公示。\n"
    "anju demo applications opens public-rental applications for N households (default 300)\n"
    "spread over the registry and takes them through the real workflow to every stage (draft,\n"
    "submitted, street/district/city review, returned, publicity, filed, withdrawn), acting as\n"
    "the demo accounts where they exist; ineligible households are rejected by the reviewer.\n"
    "The date the rules read is moved back so that filed ones completed their 15-day publicity.\n"
    "\n"
    "anju demo stock：生成 N 个房源项目（默认 350 个，约 2 万套单元）：公租房（60 平方米以下的\n"
    "开间和小户型）、保障性租赁住房（70 平方米以下的宿舍、开间和小户型）和共有产权住房（两居、\n"
    "三居，有售价），主要分布在新建保障房较多的区；格式见 docs/stock.md。--csv 只写出 CSV，\n"
    "否则导入 --db 指定的数据库（一处错误则全部不导入）。\n"
    "anju demo stock generates N housing projects (default 350, about 20,000 units): public\n"
    "rental (studios and small flats up to 60 m2), affordable rental (dormitories, studios and\n"
    "small flats up to 70 m2) and shared ownership (two and three rooms, with prices), mostly\n"
    "in the districts where new affordable housing is built; format: docs/stock.md. --csv\n"
    "writes the CSV only; otherwise it is imported into --db (all or nothing).\n"
    "\n"
    "  --projects N    项目数 number of projects, 1..20000\n"
    "\n"
    "收入截止月固定为 " DEMO_INCOME_END_MONTH "，年龄按 " DEMO_REFERENCE_DATE
    " 计算，与运行日期无关。\n"
    "The income end month is always " DEMO_INCOME_END_MONTH
    " and ages are counted on " DEMO_REFERENCE_DATE ", whatever the date it runs.\n"
    "\n"
    "示例 / examples:\n"
    "  anju demo --households 2000 --seed 7 --db demo.db\n"
    "  anju demo --households 1000000 --seed 1 --csv households.csv\n"
    "  anju demo feeds --households 2000 --seed 7 --out feeds/\n"
    "  anju demo stock --projects 350 --seed 7 --db demo.db\n";

/* A non-negative decimal integer without sign or spaces, <= max. */
static int parse_u64(const char *s, uint64_t max, uint64_t *v)
{
    if (!*s || strlen(s) > 20) return -1;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9') return -1;
    errno = 0;
    unsigned long long x = strtoull(s, NULL, 10);
    if (errno == ERANGE || x > max) return -1;
    *v = (uint64_t)x;
    return 0;
}

/* What a generator writes: the shipped regions are in db (an in-memory
 * database), the output in out. */
struct generation {
    uint64_t seed;
    long n;
    struct demo_stats households;
    struct demo_stock_stats stock;
};
typedef int (*generate_fn)(struct db *db, FILE *out, struct generation *g, struct err *e);

/* Runs gen into path ("-" = standard output) against the shipped regions.
 * 0 with *summary (where the summary goes: stderr when the data went to
 * stdout) and *where (the output's name in Chinese and English) set, or an
 * exit code after saying what went wrong. */
static int generate_to(const char *path, generate_fn gen, struct generation *g, FILE **summary,
                       const char **where_zh, const char **where_en, double *secs)
{
    int to_stdout = strcmp(path, "-") == 0;
    *summary = to_stdout ? stderr : stdout;
    *where_zh = to_stdout ? "标准输出" : path;
    *where_en = to_stdout ? "standard output" : path;
    struct err e = {0};
    struct app *a = NULL;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (app_open(&a, ":memory:", &e)) { /* the shipped regions, no file */
        cli_print_err(&e);
        return EXIT_FAIL;
    }
    FILE *out = to_stdout ? stdout : fopen(path, "wb");
    if (!out) {
        fprintf(stderr, "错误：无法创建 %s：%s\nerror: cannot create %s: %s\n", path,
                strerror(errno), path, strerror(errno));
        app_close(a);
        return EXIT_FAIL;
    }
    int rc = gen(app_db(a), out, g, &e);
    app_close(a);
    if (!to_stdout && fclose(out) && rc == 0)
        rc = err_set(&e, ERR_IO, "", "写入 %s 失败", "writing %s failed", path);
    if (rc) {
        cli_print_err(&e);
        return cli_exit_code(&e);
    }
    *secs = cli_seconds_since(&t0);
    return 0;
}

static int gen_households(struct db *db, FILE *out, struct generation *g, struct err *e)
{
    return demo_generate(db, g->seed, g->n, out, &g->households, e);
}

static int gen_stock(struct db *db, FILE *out, struct generation *g, struct err *e)
{
    return demo_stock_generate(db, g->seed, g->n, out, &g->stock, e);
}

static int write_csv(const char *path, uint64_t seed, long n)
{
    struct generation g = {.seed = seed, .n = n};
    FILE *summary;
    const char *zh, *en;
    double secs = 0;
    int rc = generate_to(path, gen_households, &g, &summary, &zh, &en, &secs);
    if (rc) return rc;
    const struct demo_stats *st = &g.households;
    fprintf(summary,
            "已生成 %ld 户、%ld 人，写入 %s（%.1f 秒）\n"
            "generated %ld households, %ld members into %s (%.1f s)\n",
            st->households, st->members, zh, secs, st->households, st->members, en, secs);
    return EXIT_OK;
}

static int import_demo(const char *db, uint64_t seed, long n)
{
    struct err e = {0};
    struct app *a = NULL;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    FILE *tmp = tmpfile();
    if (!tmp) {
        fprintf(stderr, "错误：无法创建临时文件：%s\nerror: cannot create a temporary file: %s\n",
                strerror(errno), strerror(errno));
        return EXIT_FAIL;
    }
    if (app_open(&a, db, &e)) {
        cli_print_err(&e);
        fclose(tmp);
        return EXIT_FAIL;
    }
    struct demo_stats st;
    if (demo_generate(app_db(a), seed, n, tmp, &st, &e)) {
        cli_print_err(&e);
        app_close(a);
        fclose(tmp);
        return cli_exit_code(&e);
    }
    double gen_secs = cli_seconds_since(&t0);
    rewind(tmp);
    struct import_options io = {.encoding = CSV_UTF8};
    struct import_report rep;
    int rc = app_household_import(a, NULL, tmp, &io, &rep, &e);
    double secs = cli_seconds_since(&t0);
    int exit_code = EXIT_OK;
    cli_print_import_errors(&rep, 10);
    if (rc) {
        cli_print_err(&e);
        fprintf(stderr, "导入失败，数据库未改变 / import failed, the database is unchanged\n");
        exit_code = EXIT_FAIL;
    } else if (!rep.committed) {
        fprintf(
            stderr,
            "演示数据有 %zu 个错误（%ld 户），未导入任何数据（编号或身份证号可能已在 %s 中）。\n"
            "the demo data had %zu error(s) in %ld household(s): nothing was imported (the "
            "numbers or ID numbers may already be in %s).\n",
            rep.errs.total, rep.households_bad, db, rep.errs.total, rep.households_bad, db);
        exit_code = EXIT_FAIL;
    } else {
        printf("已生成并导入 %ld 户、%ld 人到 %s（生成 %.1f 秒，共 %.1f 秒）\n"
               "generated and imported %ld households, %ld members into %s (generating "
               "%.1f s, %.1f s in all)\n",
               rep.households_ok, rep.members_imported, db, gen_secs, secs, rep.households_ok,
               rep.members_imported, db, gen_secs, secs);
    }
    err_list_free(&rep.errs);
    app_close(a);
    fclose(tmp);
    return exit_code;
}

static int write_feeds(const char *dir, uint64_t seed, long n)
{
    struct err e = {0};
    struct app *a = NULL;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (app_open(&a, ":memory:", &e)) { /* the shipped regions, no file */
        cli_print_err(&e);
        return EXIT_FAIL;
    }
    struct demo_feeds_stats st;
    int rc = demo_feeds_generate(app_db(a), seed, n, dir, &st, &e);
    app_close(a);
    if (rc) {
        cli_print_err(&e);
        return cli_exit_code(&e);
    }
    double secs = cli_seconds_since(&t0);
    printf("已为 %ld 户、%ld 人生成核对数据，写入 %s（%.1f 秒）\n"
           "generated the shared-data feeds of %ld households, %ld members into %s (%.1f s)\n",
           st.households, st.members, dir, secs, st.households, st.members, dir, secs);
    for (int k = 0; k < FEED_COUNT; k++)
        printf("  %-17s %9ld 行 rows\n", feed_source_names[k].code, st.rows[k]);
    printf("埋设的不一致 / planted discrepancies (%s):\n", DEMO_FEEDS_PLANTED);
    for (int k = 0; k < DEMO_PLANT_COUNT; k++)
        printf("  %-23s %7ld\n", demo_plants[k].code, st.planted[k]);
    return EXIT_OK;
}

static void print_stock_stats(FILE *f, const struct demo_stock_stats *st)
{
    for (int k = 0; k < PROG_COUNT; k++)
        if (st->projects_by_programme[k])
            fprintf(f, "  %-18s %5ld 个项目 projects %7ld 套 units\n", programme_names[k].code,
                    st->projects_by_programme[k], st->units_by_programme[k]);
}

static int write_stock_csv(const char *path, uint64_t seed, long n)
{
    struct generation g = {.seed = seed, .n = n};
    FILE *summary;
    const char *zh, *en;
    double secs = 0;
    int rc = generate_to(path, gen_stock, &g, &summary, &zh, &en, &secs);
    if (rc) return rc;
    const struct demo_stock_stats *st = &g.stock;
    fprintf(summary,
            "已生成 %ld 个项目、%ld 栋楼、%ld 套单元，写入 %s（%.1f 秒）\n"
            "generated %ld projects, %ld buildings, %ld units into %s (%.1f s)\n",
            st->projects, st->buildings, st->units, zh, secs, st->projects, st->buildings,
            st->units, en, secs);
    print_stock_stats(summary, st);
    return EXIT_OK;
}

static int import_stock(const char *db, uint64_t seed, long n)
{
    struct err e = {0};
    struct app *a = NULL;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    FILE *tmp = tmpfile();
    if (!tmp) {
        fprintf(stderr, "错误：无法创建临时文件：%s\nerror: cannot create a temporary file: %s\n",
                strerror(errno), strerror(errno));
        return EXIT_FAIL;
    }
    if (app_open(&a, db, &e)) {
        cli_print_err(&e);
        fclose(tmp);
        return EXIT_FAIL;
    }
    struct demo_stock_stats st;
    if (demo_stock_generate(app_db(a), seed, n, tmp, &st, &e)) {
        cli_print_err(&e);
        app_close(a);
        fclose(tmp);
        return cli_exit_code(&e);
    }
    rewind(tmp);
    struct stock_import_options io = {.encoding = CSV_UTF8};
    struct stock_import_report rep;
    int rc = app_stock_import(a, NULL, tmp, &io, &rep, &e);
    double secs = cli_seconds_since(&t0);
    int exit_code = EXIT_OK;
    cli_print_err_list(&rep.errs, 10);
    if (rc) {
        cli_print_err(&e);
        fprintf(stderr, "导入失败，数据库未改变 / import failed, the database is unchanged\n");
        exit_code = EXIT_FAIL;
    } else if (!rep.committed) {
        fprintf(stderr,
                "演示房源有 %zu 个错误，未导入任何数据 / the demo stock had %zu error(s): nothing "
                "was imported\n",
                rep.errs.total, rep.errs.total);
        exit_code = EXIT_FAIL;
    } else {
        printf("已生成并导入 %ld 个项目、%ld 栋楼、%ld 套单元到 %s（%.1f 秒）\n"
               "generated and imported %ld projects, %ld buildings, %ld units into %s (%.1f s)\n",
               st.projects, st.buildings, st.units, db, secs, st.projects, st.buildings, st.units,
               db, secs);
        print_stock_stats(stdout, &st);
    }
    err_list_free(&rep.errs);
    app_close(a);
    fclose(tmp);
    return exit_code;
}

static int demo_applications_cmd(int argc, char **argv)
{
    enum { OPT_COUNT = 1000, OPT_DB };
    static const struct option opts[] = {
        {"count", required_argument, NULL, OPT_COUNT},
        {"db", required_argument, NULL, OPT_DB},
        {NULL, 0, NULL, 0},
    };
    uint64_t count = 300;
    const char *db = NULL;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_COUNT) {
            if (parse_u64(optarg, 1000000, &count) || count < 1)
                return cli_usage_error("demo", "--count 应为 1 至 1000000 之间的整数",
                                       "--count must be an integer from 1 to 1000000");
        } else if (c == OPT_DB)
            db = optarg;
        else
            return cli_unknown_option("demo", argv[optind - 1]);
    }
    if (optind < argc) return cli_unexpected_argument("demo", argv[optind]);
    struct err e = {0};
    struct app *a = NULL;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (app_open(&a, db ? db : cli_db_default(), &e)) {
        cli_print_err(&e);
        return EXIT_FAIL;
    }
    struct demo_workflow_stats st;
    int rc = demo_applications(a, (long)count, &st, &e);
    app_close(a);
    if (rc) {
        cli_print_err(&e);
        return cli_exit_code(&e);
    }
    double secs = cli_seconds_since(&t0);
    printf("已开 %ld 件公租房申请（%.1f 秒）/ opened %ld public-rental applications (%.1f s):",
           st.created, secs, st.created, secs);
    for (int s = 0; s < WF_STATE_COUNT; s++)
        if (st.by_state[s]) printf(" %s %ld", workflow_state_names[s].code, st.by_state[s]);
    printf("\n");
    return EXIT_OK;
}

int cmd_demo(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(demo_help, stdout), EXIT_OK;
    if (argc > 1 && strcmp(argv[1], "applications") == 0)
        return demo_applications_cmd(argc - 1, argv + 1);
    enum { OPT_HOUSEHOLDS = 1000, OPT_SEED, OPT_CSV, OPT_DB, OPT_OUT, OPT_PROJECTS };
    static const struct option opts[] = {
        {"households", required_argument, NULL, OPT_HOUSEHOLDS},
        {"seed", required_argument, NULL, OPT_SEED},
        {"csv", required_argument, NULL, OPT_CSV},
        {"db", required_argument, NULL, OPT_DB},
        {"out", required_argument, NULL, OPT_OUT},
        {"projects", required_argument, NULL, OPT_PROJECTS},
        {NULL, 0, NULL, 0},
    };
    uint64_t households = 10000, seed = 1, projects = DEMO_STOCK_DEFAULT_PROJECTS;
    int households_set = 0, projects_set = 0;
    const char *csv = NULL, *db = NULL, *out = NULL;
    optind = 0; /* glibc: 0 re-initialises */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case OPT_HOUSEHOLDS:
            if (parse_u64(optarg, DEMO_MAX_HOUSEHOLDS, &households) || households < 1)
                return cli_usage_error("demo", "--households 应为 1 至 10000000 之间的整数",
                                       "--households must be an integer from 1 to 10000000");
            households_set = 1;
            break;
        case OPT_PROJECTS:
            if (parse_u64(optarg, DEMO_STOCK_MAX_PROJECTS, &projects) || projects < 1)
                return cli_usage_error("demo", "--projects 应为 1 至 20000 之间的整数",
                                       "--projects must be an integer from 1 to 20000");
            projects_set = 1;
            break;
        case OPT_SEED:
            if (parse_u64(optarg, UINT64_MAX, &seed))
                return cli_usage_error("demo", "--seed 应为非负整数（至多 18446744073709551615）",
                                       "--seed must be a non-negative integer (at most "
                                       "18446744073709551615)");
            break;
        case OPT_CSV:
            csv = optarg;
            break;
        case OPT_DB:
            db = optarg;
            break;
        case OPT_OUT:
            out = optarg;
            break;
        default:
            return cli_unknown_option("demo", argv[optind - 1]);
        }
    }
    int feeds = optind < argc && strcmp(argv[optind], "feeds") == 0;
    int stock = optind < argc && strcmp(argv[optind], "stock") == 0;
    if (optind + feeds + stock < argc)
        return cli_unexpected_argument("demo", argv[optind + feeds + stock]);
    if (stock) {
        if (households_set || out)
            return cli_usage_error("demo", "anju demo stock 不接受 --households 或 --out",
                                   "anju demo stock takes neither --households nor --out");
        if (csv && db)
            return cli_usage_error("demo", "--csv 与 --db 只能选一个",
                                   "use either --csv or --db, not both");
        if (csv) return write_stock_csv(csv, seed, (long)projects);
        return import_stock(db ? db : cli_db_default(), seed, (long)projects);
    }
    if (projects_set)
        return cli_usage_error("demo", "--projects 只用于 anju demo stock",
                               "--projects is for anju demo stock only");
    if (feeds) {
        if (!out)
            return cli_usage_error("demo", "anju demo feeds 需要 --out DIR",
                                   "anju demo feeds needs --out DIR");
        if (csv || db)
            return cli_usage_error("demo", "anju demo feeds 不接受 --csv 或 --db",
                                   "anju demo feeds takes neither --csv nor --db");
        return write_feeds(out, seed, (long)households);
    }
    if (out)
        return cli_usage_error("demo", "--out 只用于 anju demo feeds",
                               "--out is for anju demo feeds only");
    if (csv && db)
        return cli_usage_error("demo", "--csv 与 --db 只能选一个",
                               "use either --csv or --db, not both");
    if (csv) return write_csv(csv, seed, (long)households);
    return import_demo(db ? db : cli_db_default(), seed, (long)households);
}
