/* cli/cmd_data — anju migrate | import | export | regions */
#include "app/app.h"
#include "cli/cli.h"
#include "store/migrate.h"
#include "store/region_store.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* --- shared option parsing --------------------------------------------- */

struct opts {
    const char *db;
    const char *skip_bad;
    const char *encoding;
    const char *format;
    const char *output;
    const char *parent;
};

enum { OPT_DB = 1000, OPT_SKIP_BAD, OPT_ENCODING, OPT_FORMAT, OPT_OUTPUT, OPT_PARENT };

/* Parses the options `allowed` (a set of OPT_* bits by index) into o;
 * returns the index of the first operand, or -1 on bad usage (reported). */
static int parse_opts(int argc, char **argv, const char *cmd, unsigned allowed, struct opts *o)
{
    static const struct option all[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"skip-bad", required_argument, NULL, OPT_SKIP_BAD},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"output", required_argument, NULL, OPT_OUTPUT},
        {"parent", required_argument, NULL, OPT_PARENT},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->db = cli_db_default();
    optind = 0; /* glibc: 0 re-initialises (options may follow operands) */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", all, NULL)) != -1) {
        if (c == '?' || c == ':' || !(allowed & (1u << (c - OPT_DB)))) {
            cli_unknown_option(cmd, argv[optind - 1]);
            return -1;
        }
        switch (c) {
        case OPT_DB:
            o->db = optarg;
            break;
        case OPT_SKIP_BAD:
            o->skip_bad = optarg;
            break;
        case OPT_ENCODING:
            o->encoding = optarg;
            break;
        case OPT_FORMAT:
            o->format = optarg;
            break;
        case OPT_OUTPUT:
            o->output = optarg;
            break;
        case OPT_PARENT:
            o->parent = optarg;
            break;
        }
    }
    return optind;
}

#define ALLOW(x) (1u << ((x)-OPT_DB))

/* --- anju migrate ------------------------------------------------------- */

static const char migrate_help[] =
    "用法 / usage: anju migrate status|up [--db FILE]\n\n"
    "  status  列出每个迁移及其状态 / list every migration and its state\n"
    "  up      执行所有待执行的迁移 / apply every pending migration\n\n"
    "已执行的迁移若被修改（校验和不符）将被拒绝。\n"
    "An applied migration whose text changed (checksum mismatch) is refused.\n";

int cmd_migrate(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(migrate_help, stdout), EXIT_OK;
    struct opts o;
    int i = parse_opts(argc, argv, "migrate", ALLOW(OPT_DB), &o);
    if (i < 0) return EXIT_USAGE;
    if (argc - i != 1 || (strcmp(argv[i], "status") && strcmp(argv[i], "up")))
        return cli_usage_error("migrate", "需要子命令 status 或 up", "expected status or up");
    struct err e = {0};
    struct db *db;
    if (db_open(&db, o.db, DB_OPEN_READWRITE, &e)) return cli_print_err(&e), EXIT_FAIL;
    size_t n;
    const struct migration_source *src = migrate_embedded(&n);
    int rc = EXIT_OK;
    if (strcmp(argv[i], "up") == 0) {
        int applied;
        if (migrate_up(db, src, n, &applied, &e)) {
            cli_print_err(&e);
            rc = EXIT_FAIL;
        } else
            printf("已执行 %d 个迁移 / applied %d migration(s)\n", applied, applied);
    } else {
        struct migration_status *list;
        size_t count;
        if (migrate_status(db, src, n, &list, &count, &e)) {
            cli_print_err(&e);
            rc = EXIT_FAIL;
        } else {
            static const char *state[] = {"pending 待执行", "applied 已执行", "CHANGED 已修改",
                                          "UNKNOWN 未知"};
            printf("%-7s %-12s %-32s %s\n", "version", "checksum", "name", "state");
            for (size_t k = 0; k < count; k++) {
                printf("%04d    %.12s %-32s %s%s%s\n", list[k].version,
                       list[k].checksum[0] ? list[k].checksum : "-", list[k].name,
                       state[list[k].state], list[k].applied_at[0] ? " " : "", list[k].applied_at);
                if (list[k].state == MIGRATION_CHANGED || list[k].state == MIGRATION_UNKNOWN)
                    rc = EXIT_FAIL;
            }
            free(list);
        }
    }
    db_close(db);
    return rc;
}

/* --- anju import households --------------------------------------------- */

static const char import_help[] =
    "用法 / usage: anju import households FILE.csv [--db FILE] [--skip-bad REJECTS.csv]\n"
    "                                [--encoding utf8|gbk]\n\n"
    "导入家庭档案（格式见 "
    "docs/import.md）。校验每一行并一次列出所有错误；默认只要有错误就全部不导入。\n"
    "--skip-bad：导入无错的家庭，把有错家庭的行连同原因写入 REJECTS.csv。\n"
    "Imports households (format: docs/import.md). Every row is checked and all errors are\n"
    "listed; by default nothing is imported if any row is wrong. --skip-bad imports the good\n"
    "households and writes the bad rows, with reasons, to REJECTS.csv.\n";

int cmd_import(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(import_help, stdout), EXIT_OK;
    struct opts o;
    int i = parse_opts(argc, argv, "import",
                       ALLOW(OPT_DB) | ALLOW(OPT_SKIP_BAD) | ALLOW(OPT_ENCODING), &o);
    if (i < 0) return EXIT_USAGE;
    if (argc - i != 2 || strcmp(argv[i], "households") != 0)
        return cli_usage_error("import", "用法：anju import households FILE.csv",
                               "usage: anju import households FILE.csv");
    struct import_options io = {.encoding = CSV_UTF8};
    if (cli_encoding("import", o.encoding, &io.encoding)) return EXIT_USAGE;
    const char *path = argv[i + 1];
    FILE *in = cli_open_input(path);
    if (!in) return EXIT_FAIL;
    if (o.skip_bad) {
        io.rejects = fopen(o.skip_bad, "wb");
        if (!io.rejects) {
            fprintf(stderr, "错误：无法创建 %s：%s\nerror: cannot create %s: %s\n", o.skip_bad,
                    strerror(errno), o.skip_bad, strerror(errno));
            if (in != stdin) fclose(in);
            return EXIT_FAIL;
        }
    }
    struct err e = {0};
    struct app *a;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (app_open(&a, o.db, &e)) {
        cli_print_err(&e);
        if (in != stdin) fclose(in);
        if (io.rejects) fclose(io.rejects);
        return EXIT_FAIL;
    }
    struct import_report rep;
    int rc = app_household_import(a, NULL, in, &io, &rep, &e);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    int exit_code = EXIT_OK;
    cli_print_import_errors(&rep, 0);
    if (rc) {
        cli_print_err(&e);
        fprintf(stderr, "导入失败，数据库未改变 / import failed, the database is unchanged\n");
        exit_code = EXIT_FAIL;
    } else if (!rep.committed) {
        fprintf(stderr,
                "发现 %zu 个错误（%ld 户），未导入任何数据，数据库未改变。\n"
                "%zu error(s) in %ld household(s): nothing was imported, the database is "
                "unchanged.\n",
                rep.errs.total, rep.households_bad, rep.errs.total, rep.households_bad);
        exit_code = EXIT_FAIL;
    } else {
        printf("已导入 %ld 户、%ld 人（共 %ld 行，%.1f 秒）\n"
               "imported %ld households, %ld members (%ld rows, %.1f s)\n",
               rep.households_ok, rep.members_imported, rep.rows, secs, rep.households_ok,
               rep.members_imported, rep.rows, secs);
        if (rep.households_bad) {
            printf("跳过有错误的 %ld 户，其行已写入 %s\n"
                   "skipped %ld household(s) with errors; their rows are in %s\n",
                   rep.households_bad, o.skip_bad, rep.households_bad, o.skip_bad);
            exit_code = EXIT_FAIL;
        }
    }
    err_list_free(&rep.errs);
    app_close(a);
    if (in != stdin) fclose(in);
    if (io.rejects && fclose(io.rejects)) {
        fprintf(stderr, "错误：写入 %s 失败 / error: writing %s failed\n", o.skip_bad, o.skip_bad);
        exit_code = EXIT_FAIL;
    }
    return exit_code;
}

/* --- anju export households --------------------------------------------- */

static const char export_help[] =
    "用法 / usage: anju export households [--format csv] [--output FILE] [--db FILE]\n\n"
    "按导入格式导出全部家庭档案（默认写到标准输出）；导出文件可原样再导入。\n"
    "Writes every household in the import format (to standard output by default); the file\n"
    "re-imports unchanged. ID numbers are written in full: handle the file as personal data.\n";

int cmd_export(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(export_help, stdout), EXIT_OK;
    struct opts o;
    int i =
        parse_opts(argc, argv, "export", ALLOW(OPT_DB) | ALLOW(OPT_FORMAT) | ALLOW(OPT_OUTPUT), &o);
    if (i < 0) return EXIT_USAGE;
    if (argc - i != 1 || strcmp(argv[i], "households") != 0)
        return cli_usage_error("export", "用法：anju export households",
                               "usage: anju export households");
    if (o.format && strcmp(o.format, "csv") != 0)
        return cli_usage_error("export", "--format 目前只支持 csv", "--format supports only csv");
    struct err e = {0};
    struct app *a;
    if (app_open(&a, o.db, &e)) return cli_print_err(&e), EXIT_FAIL;
    FILE *out = stdout;
    if (o.output && strcmp(o.output, "-") != 0) {
        out = fopen(o.output, "wb");
        if (!out) {
            fprintf(stderr, "错误：无法创建 %s：%s\nerror: cannot create %s: %s\n", o.output,
                    strerror(errno), o.output, strerror(errno));
            app_close(a);
            return EXIT_FAIL;
        }
    }
    long n = 0;
    int rc = app_household_export(a, NULL, out, &n, &e);
    if (out != stdout && fclose(out)) rc = err_set(&e, ERR_IO, "", "写出失败", "write failed");
    app_close(a);
    if (rc) return cli_print_err(&e), EXIT_FAIL;
    fprintf(stderr, "已导出 %ld 户 / exported %ld households\n", n, n);
    return EXIT_OK;
}

/* --- anju regions list -------------------------------------------------- */

static const char regions_help[] =
    "用法 / usage: anju regions list [--parent CODE] [--db FILE]\n\n"
    "列出行政区划：不带 --parent 列出各区，带 --parent 列出其下级。\n"
    "Lists regions: the districts, or the children of --parent CODE.\n";

int cmd_regions(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(regions_help, stdout), EXIT_OK;
    struct opts o;
    int i = parse_opts(argc, argv, "regions", ALLOW(OPT_DB) | ALLOW(OPT_PARENT), &o);
    if (i < 0) return EXIT_USAGE;
    if (argc - i != 1 || strcmp(argv[i], "list") != 0)
        return cli_usage_error("regions", "用法：anju regions list", "usage: anju regions list");
    struct err e = {0};
    struct app *a;
    if (app_open(&a, o.db, &e)) return cli_print_err(&e), EXIT_FAIL;
    struct region *list = NULL, top;
    size_t n = 0;
    int rc = 0;
    if (o.parent)
        rc = region_store_get(app_db(a), o.parent, &top, &e) ||
             region_store_list(app_db(a), o.parent, NULL, &list, &n, &e);
    else
        rc = region_store_list(app_db(a), NULL, "district", &list, &n, &e);
    if (!rc) {
        for (size_t k = 0; k < n; k++)
            printf("%-12s %-9s %s\n", list[k].code, list[k].level, list[k].name);
    } else
        cli_print_err(&e);
    free(list);
    app_close(a);
    return rc ? EXIT_FAIL : EXIT_OK;
}
