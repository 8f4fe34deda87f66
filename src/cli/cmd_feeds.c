/* cli/cmd_feeds — anju feeds import | list: the shared government data
 * (核对数据) that households are verified against (app/feeds). */
#include "app/app.h"
#include "app/feeds.h"
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char feeds_help[] =
    "用法 / usage: anju feeds import SOURCE FILE [--encoding utf8|gbk] [--db FILE]\n"
    "              anju feeds list [--db FILE]\n"
    "\n"
    "  import  导入一个来源的核对数据文件，替换该来源的现有数据\n"
    "          import one source's file; it replaces that source's data\n"
    "  list    列出各来源当前生效的批次 / list the batch in force for every source\n"
    "\n"
    "来源 / sources (格式见 docs/feeds.md / formats: docs/feeds.md):\n"
    "  civil_affairs     民政（低保、低收入、特困，核定收入）\n"
    "  property          不动产登记 / property registry\n"
    "  vehicles          车辆登记 / vehicle registry\n"
    "  social_insurance  社会保险 / social insurance\n"
    "  provident_fund    住房公积金 / housing provident fund\n"
    "  deposits          银行存款 / bank deposits\n"
    "  securities        证券 / securities\n"
    "  insurance         商业保险 / commercial insurance\n";

static const char import_help[] =
    "用法 / usage: anju feeds import SOURCE FILE [--encoding utf8|gbk] [--db FILE]\n"
    "\n"
    "读入 SOURCE 来源的整个文件（- "
    "表示标准输入），校验每一行并一次列出所有错误（行号、列名、原因）；\n"
    "只要有一处错误就什么都不写，原有批次继续有效。无错时在一个事务中写入新批次（记录文件名、\n"
    "文件的 SHA-256、行数和时间），并替换该来源的全部现有数据。\n"
    "Reads the whole file of source SOURCE (- for standard input), checks every row and lists\n"
    "every error at once (line, column, reason); one error means nothing is written and the\n"
    "batch in force stays. A clean file becomes a new batch in one transaction (file name, the\n"
    "file's SHA-256, row count and time recorded) and replaces all of that source's data.\n"
    "\n"
    "  --encoding gbk  文件为 GBK/GB18030（Excel 另存）/ the file is GBK/GB18030 (saved by Excel)\n"
    "  --db FILE       数据库（默认 $ANJU_DB，否则 anju.db）/ the database (default $ANJU_DB,\n"
    "                  else anju.db)\n"
    "\n"
    "来源与格式见 anju feeds --help 和 docs/feeds.md。\n"
    "Sources and formats: anju feeds --help and docs/feeds.md.\n"
    "\n"
    "示例 / example:\n"
    "  anju feeds import civil_affairs tests/data/feeds/civil_affairs.csv\n";

static const char list_help[] =
    "用法 / usage: anju feeds list [--db FILE]\n"
    "\n"
    "每个来源一行：当前生效的批次号、行数、导入时间（UTC）、文件的 SHA-256 和文件名；\n"
    "未导入过的来源标为 not loaded（核对时沿用家庭的申报）。\n"
    "One line per source: the batch in force, its rows, when it was imported (UTC), the file's\n"
    "SHA-256 and name; a source never imported is shown as not loaded (verification then keeps\n"
    "the household's declaration).\n";

struct feeds_opts {
    const char *db, *encoding;
};

/* Options may come before or after the operands; returns the index of the
 * first operand (getopt moves them to the end), or -1 on bad usage. */
static int parse(int argc, char **argv, const char *cmd, int allow_encoding, struct feeds_opts *o)
{
    enum { OPT_DB = 1000, OPT_ENCODING };
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {NULL, 0, NULL, 0},
    };
    o->db = cli_db_default();
    o->encoding = NULL;
    optind = 0; /* glibc: 0 re-initialises */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_DB)
            o->db = optarg;
        else if (c == OPT_ENCODING && allow_encoding)
            o->encoding = optarg;
        else {
            cli_unknown_option(cmd, argv[optind - 1]);
            return -1;
        }
    }
    return optind;
}

static int unknown_source(const char *s)
{
    char zh[600], en[600];
    size_t z = (size_t)snprintf(zh, sizeof zh, "未知的数据来源“%.60s”，可用：", s);
    size_t n = (size_t)snprintf(en, sizeof en, "unknown source \"%.60s\"; use one of: ", s);
    for (int k = 0; k < FEED_COUNT; k++) {
        z += (size_t)snprintf(zh + z, sizeof zh - z, "%s%s（%s）", k ? "、" : "",
                              feed_source_names[k].code, feed_source_names[k].zh);
        n += (size_t)snprintf(en + n, sizeof en - n, "%s%s", k ? ", " : "",
                              feed_source_names[k].code);
    }
    return cli_usage_error("feeds import", zh, en);
}

static int feeds_import(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(import_help, stdout), EXIT_OK;
    struct feeds_opts o;
    int i = parse(argc, argv, "feeds import", 1, &o);
    if (i < 0) return EXIT_USAGE;
    if (argc - i != 2)
        return cli_usage_error("feeds import", "用法：anju feeds import SOURCE FILE",
                               "usage: anju feeds import SOURCE FILE");
    int k = code_lookup(feed_source_names, FEED_COUNT, argv[i]);
    if (k < 0) return unknown_source(argv[i]);
    enum feed_source source = (enum feed_source)k;
    struct feed_import_options io = {.encoding = CSV_UTF8};
    if (cli_encoding("feeds import", o.encoding, &io.encoding)) return EXIT_USAGE;
    const char *path = argv[i + 1];
    FILE *in = cli_open_input(path);
    if (!in) return EXIT_FAIL;
    struct err e = {0};
    struct app *a;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (app_open(&a, o.db, &e)) {
        cli_print_err(&e);
        if (in != stdin) fclose(in);
        return EXIT_FAIL;
    }
    struct feed_import_report rep;
    int rc = app_feed_import(a, NULL, source, in, path, &io, &rep, &e);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    /* the household import's printer reads only the error list */
    cli_print_err_list(&rep.errs, 0);
    const char *code = feed_source_names[source].code;
    int exit_code = EXIT_OK;
    if (rc) {
        cli_print_err(&e);
        fprintf(stderr, "导入失败，数据库未改变 / import failed, the database is unchanged\n");
        exit_code = EXIT_FAIL;
    } else if (!rep.committed) {
        fprintf(stderr,
                "发现 %zu 个错误，未导入任何数据，数据库未改变（%s 原有数据继续有效）。\n"
                "%zu error(s): nothing was imported, the database is unchanged (the %s data in "
                "force stays).\n",
                rep.errs.total, code, rep.errs.total, code);
        exit_code = EXIT_FAIL;
    } else {
        printf("%s：已导入 %ld 行，批次 %lld（%.1f 秒）", code, rep.rows_imported,
               (long long)rep.batch_id, secs);
        if (rep.previous_rows >= 0) printf("，替换原有的 %ld 行", rep.previous_rows);
        printf("\n%s: imported %ld rows, batch %lld (%.1f s)", code, rep.rows_imported,
               (long long)rep.batch_id, secs);
        if (rep.previous_rows >= 0)
            printf("; the previous %ld rows were replaced", rep.previous_rows);
        printf("\nSHA-256 %s\n", rep.sha256);
    }
    err_list_free(&rep.errs);
    app_close(a);
    if (in != stdin) fclose(in);
    return exit_code;
}

static int feeds_list(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(list_help, stdout), EXIT_OK;
    struct feeds_opts o;
    int i = parse(argc, argv, "feeds list", 0, &o);
    if (i < 0) return EXIT_USAGE;
    if (i < argc) return cli_unexpected_argument("feeds list", argv[i]);
    struct err e = {0};
    struct app *a;
    if (app_open(&a, o.db, &e)) return cli_print_err(&e), EXIT_FAIL;
    struct feed_batch_info *list = NULL;
    size_t n = 0;
    int rc = app_feed_batches(a, NULL, &list, &n, &e);
    app_close(a);
    if (rc) return cli_print_err(&e), EXIT_FAIL;
    printf("%-17s %-6s %-9s %-20s %-64s %s\n", "source", "batch", "rows", "imported_at", "sha256",
           "file");
    size_t j = 0;
    for (int k = 0; k < FEED_COUNT; k++) {
        const struct feed_batch_info *b =
            j < n && list[j].source == (enum feed_source)k ? &list[j++] : NULL;
        if (b)
            printf("%-17s %-6lld %-9ld %-20s %-64s %s\n", feed_source_names[k].code,
                   (long long)b->id, b->rows, b->imported_at, b->sha256, b->file_name);
        else
            printf("%-17s %-6s %-9s not loaded 未导入\n", feed_source_names[k].code, "-", "-");
    }
    free(list);
    return EXIT_OK;
}

int cmd_feeds(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(feeds_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "import") == 0) return feeds_import(argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0) return feeds_list(argc - 1, argv + 1);
    return cli_usage_error("feeds", "需要子命令 import 或 list", "expected import or list");
}
