/* cli/cmd_stock — anju stock import | export | list | show | set-status:
 * the housing stock (房源) at the command line, as the local operator
 * (app/stock, docs/stock.md). */
#include "app/eligibility.h"
#include "app/stock.h"
#include "base/money.h"
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char stock_help[] =
    "用法 / usage:\n"
    "  anju stock import FILE [--encoding utf8|gbk] [--skip-bad REJECTS.csv]\n"
    "      导入房源 CSV（每行一套单元，格式见 docs/stock.md）：新项目、楼栋、单元新增，\n"
    "      已有的（按项目编号、楼栋名、单元号识别）按文件更新，从不删除。逐行校验并列出\n"
    "      全部错误（行号、列名）；有任何错误则全部不导入。--skip-bad：导入无错的行，\n"
    "      把有错的行连同原因写入 REJECTS.csv。\n"
    "      Imports a stock CSV (one row per unit, docs/stock.md): new projects, buildings and\n"
    "      units are added, existing ones (by project code, building name, unit number) are\n"
    "      updated to the file, nothing is deleted. Every row is checked and every error is\n"
    "      listed with its line and column; nothing is imported if any row is wrong.\n"
    "      --skip-bad imports the good rows and writes the bad ones, with reasons, to "
    "REJECTS.csv.\n"
    "  anju stock export [FILE]\n"
    "      按导入格式导出全部单元（默认写到标准输出）；导出文件可原样再导入。\n"
    "      Writes every unit in the import format (standard output by default); the file\n"
    "      re-imports unchanged.\n"
    "  anju stock list [--programme P] [--district CODE] [--status S]\n"
    "      项目及其各状态的单元数 / projects with their unit counts by status\n"
    "      (S: construction 在建, active 已投入使用, closed 已退出保障).\n"
    "  anju stock show PROJECT_CODE\n"
    "      一个项目：各楼栋和每套单元（含单元 ID 和版本号）/ one project, its buildings and\n"
    "      every unit (with the unit's id and version).\n"
    "  anju stock set-status UNIT_ID STATUS --version V\n"
    "      改变单元状态 / changes a unit's status: vacant → reserved | maintenance,\n"
    "      reserved → offered | vacant, offered → let | sold | vacant, let → vacant,\n"
    "      maintenance → vacant; sold 为终态 is final. --version 为 show 显示的版本号\n"
    "      (refused when the unit changed meanwhile).\n"
    "  选项 / options: --db FILE（默认 $ANJU_DB，否则 anju.db / default $ANJU_DB, else "
    "anju.db）\n\n"
    "命令行以本地操作员身份执行；每次变更记入审计日志（local:<登录名>）。\n"
    "The command line acts as the local operator; every change is audited (local:<login>).\n\n"
    "退出码 / exit codes: 0 成功 ok, 1 失败或被拒绝 failure or refused, 2 用法错误 bad usage.\n";

enum {
    OPT_DB = 1000,
    OPT_ENCODING,
    OPT_SKIP_BAD,
    OPT_PROGRAMME,
    OPT_DISTRICT,
    OPT_STATUS,
    OPT_VERSION,
};

struct opts {
    const char *db, *encoding, *skip_bad, *programme, *district, *status, *version;
};

#define ALLOW(x) (1u << ((x)-OPT_DB))

/* Parses the options in `allowed`; returns the index of the first operand
 * (after the subcommand), or -1 after reporting bad usage. */
static int parse(int argc, char **argv, const char *cmd, unsigned allowed, struct opts *o)
{
    static const struct option all[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"skip-bad", required_argument, NULL, OPT_SKIP_BAD},
        {"programme", required_argument, NULL, OPT_PROGRAMME},
        {"district", required_argument, NULL, OPT_DISTRICT},
        {"status", required_argument, NULL, OPT_STATUS},
        {"version", required_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->db = cli_db_default();
    optind = 0; /* glibc: 0 re-initialises (options may follow operands) */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", all, NULL)) != -1) {
        if (c == '?' || c == ':' || !(allowed & ALLOW(c))) {
            cli_unknown_option(cmd, argv[optind - 1]);
            return -1;
        }
        const char **slot[] = {&o->db,       &o->encoding, &o->skip_bad, &o->programme,
                               &o->district, &o->status,   &o->version};
        *slot[c - OPT_DB] = optarg;
    }
    return optind;
}

/* A positive decimal id (at most 18 digits); 0 when it is not one. */
static int64_t parse_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 18 || s[0] == '0') return 0;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* --- import / export ------------------------------------------------------ */

static int do_import(int argc, char **argv)
{
    struct opts o;
    int i = parse(argc, argv, "stock import",
                  ALLOW(OPT_DB) | ALLOW(OPT_ENCODING) | ALLOW(OPT_SKIP_BAD), &o);
    if (i < 0) return EXIT_USAGE;
    if (argc - i != 1)
        return cli_usage_error("stock import", "用法：anju stock import FILE.csv",
                               "usage: anju stock import FILE.csv");
    struct stock_import_options io = {.encoding = CSV_UTF8};
    if (cli_encoding("stock import", o.encoding, &io.encoding)) return EXIT_USAGE;
    FILE *in = cli_open_input(argv[i]);
    if (!in) return EXIT_FAIL;
    if (o.skip_bad && !(io.rejects = fopen(o.skip_bad, "wb"))) {
        fprintf(stderr, "错误：无法创建 %s：%s\nerror: cannot create %s: %s\n", o.skip_bad,
                strerror(errno), o.skip_bad, strerror(errno));
        if (in != stdin) fclose(in);
        return EXIT_FAIL;
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct err e = {0};
    struct app *a;
    if (app_open(&a, o.db, &e)) {
        cli_print_err(&e);
        if (in != stdin) fclose(in);
        if (io.rejects) fclose(io.rejects);
        return EXIT_FAIL;
    }
    struct stock_import_report rep;
    int rc = app_stock_import(a, NULL, in, &io, &rep, &e);
    double secs = cli_seconds_since(&t0);
    int exit_code = EXIT_OK;
    cli_print_err_list(&rep.errs, 0);
    if (rc) {
        cli_print_err(&e);
        fprintf(stderr, "导入失败，数据库未改变 / import failed, the database is unchanged\n");
        exit_code = EXIT_FAIL;
    } else if (!rep.committed) {
        fprintf(stderr,
                "发现 %zu 个错误（%ld 行），未导入任何数据，数据库未改变。\n"
                "%zu error(s) in %ld row(s): nothing was imported, the database is unchanged.\n",
                rep.errs.total, rep.rows_bad, rep.errs.total, rep.rows_bad);
        exit_code = EXIT_FAIL;
    } else {
        printf("已导入 %ld 行（%.1f 秒）/ imported %ld rows (%.1f s)\n"
               "  项目 projects   新增 new %ld, 更新 updated %ld\n"
               "  楼栋 buildings  新增 new %ld, 更新 updated %ld\n"
               "  单元 units      新增 new %ld, 更新 updated %ld, 未变 unchanged %ld\n",
               rep.rows - rep.rows_bad, secs, rep.rows - rep.rows_bad, secs, rep.projects_new,
               rep.projects_updated, rep.buildings_new, rep.buildings_updated, rep.units_new,
               rep.units_updated, rep.units_unchanged);
        if (rep.rows_bad) {
            printf(
                "跳过有错误的 %ld 行，已写入 %s\nskipped %ld row(s) with errors; they are in %s\n",
                rep.rows_bad, o.skip_bad, rep.rows_bad, o.skip_bad);
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

static int do_export(int argc, char **argv)
{
    struct opts o;
    int i = parse(argc, argv, "stock export", ALLOW(OPT_DB), &o);
    if (i < 0) return EXIT_USAGE;
    if (argc - i > 1) return cli_unexpected_argument("stock export", argv[i + 1]);
    const char *path = argc - i == 1 ? argv[i] : "-";
    struct err e = {0};
    struct app *a;
    if (app_open(&a, o.db, &e)) return cli_print_err(&e), EXIT_FAIL;
    FILE *out = stdout;
    if (strcmp(path, "-") != 0 && !(out = fopen(path, "wb"))) {
        fprintf(stderr, "错误：无法创建 %s：%s\nerror: cannot create %s: %s\n", path,
                strerror(errno), path, strerror(errno));
        app_close(a);
        return EXIT_FAIL;
    }
    long n = 0;
    int rc = app_stock_export(a, NULL, out, &n, &e);
    if (out != stdout && fclose(out) && rc == 0)
        rc = err_set(&e, ERR_IO, "", "写出失败", "write failed");
    app_close(a);
    if (rc) return cli_print_err(&e), EXIT_FAIL;
    fprintf(stderr, "已导出 %ld 套单元 / exported %ld units\n", n, n);
    return EXIT_OK;
}

/* --- list / show ----------------------------------------------------------- */

/* The width of a status column: its name, at least 8. */
static int status_width(int k)
{
    int n = (int)strlen(unit_status_names[k].code);
    return n > 8 ? n : 8;
}

static void print_counts(const struct stock_counts *c)
{
    for (int k = 0; k < UNIT_STATUS_COUNT; k++)
        printf(" %*lld", status_width(k), (long long)c->by_status[k]);
}

static void print_status_header(void)
{
    for (int k = 0; k < UNIT_STATUS_COUNT; k++)
        printf(" %*s", status_width(k), unit_status_names[k].code);
}

/* s left-aligned in `width` terminal columns (CJK characters take two). */
static void print_padded(const char *s, int width)
{
    int cols = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned c = *p;
        int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        cols += len >= 3 ? 2 : 1; /* CJK and fullwidth forms are 3-byte sequences */
        while (len-- && *p)
            p++;
    }
    fputs(s, stdout);
    for (; cols < width; cols++)
        putchar(' ');
}

static int do_list(int argc, char **argv)
{
    struct opts o;
    int i =
        parse(argc, argv, "stock list",
              ALLOW(OPT_DB) | ALLOW(OPT_PROGRAMME) | ALLOW(OPT_DISTRICT) | ALLOW(OPT_STATUS), &o);
    if (i < 0) return EXIT_USAGE;
    if (i < argc) return cli_unexpected_argument("stock list", argv[i]);
    struct stock_project_filter f = {.programme = -1, .status = -1, .page = 1, .page_size = 500};
    struct err e = {0};
    if (o.programme) {
        enum programme p;
        if (app_programme_parse(o.programme, &p, "--programme", &e))
            return cli_print_err(&e), EXIT_USAGE;
        f.programme = (int)p;
    }
    if (o.district) {
        size_t n = strlen(o.district);
        int ok = n == 6;
        for (size_t k = 0; ok && k < n; k++)
            ok = o.district[k] >= '0' && o.district[k] <= '9';
        if (!ok)
            return cli_usage_error("stock list", "--district 应为 6 位区县代码（如 110105）",
                                   "--district must be a 6-digit district code (e.g. 110105)");
        f.district_code = o.district;
    }
    if (o.status) {
        f.status = code_lookup(project_status_names, PROJECT_STATUS_COUNT, o.status);
        if (f.status < 0)
            return cli_usage_error("stock list",
                                   "--status 应为 construction、active 或 closed（项目状态）",
                                   "--status must be construction, active or closed (a project's)");
    }
    struct app *a;
    if (app_open(&a, o.db, &e)) return cli_print_err(&e), EXIT_FAIL;
    printf("%-18s %-18s %-8s %-12s %5s %7s", "code", "programme", "district", "status", "bldgs",
           "units");
    print_status_header();
    printf("  name\n");
    struct stock_counts sum = {0};
    int64_t projects = 0, total = 0;
    int rc = EXIT_OK;
    for (;; f.page++) {
        struct stock_project_summary *list;
        size_t n;
        if (app_project_list(a, NULL, &f, &list, &n, &total, &e)) {
            cli_print_err(&e);
            rc = EXIT_FAIL;
            break;
        }
        for (size_t k = 0; k < n; k++) {
            const struct stock_project_summary *s = &list[k];
            printf("%-18s %-18s %-8s %-12s %5lld %7lld", s->p.code,
                   programme_names[s->p.programme].code, s->p.district_code,
                   project_status_names[s->p.status].code, (long long)s->buildings,
                   (long long)s->counts.total);
            print_counts(&s->counts);
            printf("  %s\n", s->p.name);
            sum.total += s->counts.total;
            for (int st = 0; st < UNIT_STATUS_COUNT; st++)
                sum.by_status[st] += s->counts.by_status[st];
            projects++;
        }
        free(list);
        if (n < (size_t)f.page_size) break;
    }
    if (rc == EXIT_OK) {
        printf("%-18s %-18s %-8s %-12s %5s %7lld", "total", "", "", "", "", (long long)sum.total);
        print_counts(&sum);
        printf("  %lld 个项目 / projects\n", (long long)projects);
    }
    app_close(a);
    return rc;
}

static void print_unit_line(const struct stock_unit *u)
{
    char area[32], amount[32] = "-";
    area_format(u->area, area);
    if (u->rent) money_format(u->rent, amount);
    if (u->price) money_format(u->price, amount);
    printf("%-8lld ", (long long)u->id);
    print_padded(u->building, 10);
    printf(" ");
    print_padded(u->unit_no, 10);
    printf(" %-11s %8s %5lld %3s %14s %-12s %lld\n", layout_names[u->layout].code, area,
           (long long)u->floor, u->accessible ? "yes" : "-", amount,
           unit_status_names[u->status].code, (long long)u->version);
}

static int do_show(int argc, char **argv)
{
    struct opts o;
    int i = parse(argc, argv, "stock show", ALLOW(OPT_DB), &o);
    if (i < 0) return EXIT_USAGE;
    if (argc - i != 1)
        return cli_usage_error("stock show", "用法：anju stock show PROJECT_CODE",
                               "usage: anju stock show PROJECT_CODE");
    struct err e = {0};
    struct app *a;
    if (app_open(&a, o.db, &e)) return cli_print_err(&e), EXIT_FAIL;
    struct project_view v;
    if (app_project_get_by_code(a, NULL, argv[i], &v, &e)) {
        cli_print_err(&e);
        app_close(a);
        return EXIT_FAIL;
    }
    const struct stock_project *p = &v.p;
    const struct code_name *prog = &programme_names[p->programme];
    printf("项目 / project %s（id %lld，第 %lld 版 / version %lld）\n", p->code, (long long)p->id,
           (long long)p->version, (long long)p->version);
    printf("  名称 name        %s\n", p->name);
    printf("  保障方式 programme %s（%s）\n", prog->code, prog->zh);
    printf("  区域 region      %s（区 district %s）\n", p->region_code, p->district_code);
    printf("  地址 address     %s\n", p->address);
    if (p->has_coords) {
        char lon[16], lat[16];
        stock_coord_format(p->longitude, lon);
        stock_coord_format(p->latitude, lat);
        printf("  坐标 coordinates %s, %s\n", lon, lat);
    } else
        printf("  坐标 coordinates -\n");
    printf("  产权单位 operator %s\n", p->operator_name);
    printf("  状态 status      %s（%s）\n", project_status_names[p->status].code,
           project_status_names[p->status].zh);
    printf("\n%-12s %6s %7s", "building", "floors", "units");
    print_status_header();
    printf("\n");
    for (size_t k = 0; k < v.nbuildings; k++) {
        const struct stock_building_summary *b = &v.buildings[k];
        print_padded(b->b.name, 12);
        printf(" %6lld %7lld", (long long)b->b.floors, (long long)b->counts.total);
        print_counts(&b->counts);
        printf("\n");
    }
    printf("%-12s %6s %7lld", "total", "", (long long)v.counts.total);
    print_counts(&v.counts);
    printf("\n\n%-8s %-10s %-10s %-11s %8s %5s %3s %14s %-12s %s\n", "unit_id", "building",
           "unit_no", "layout", "area", "floor", "acc",
           stock_programme_sells(p->programme) ? "price" : "rent", "status", "version");
    struct stock_unit_filter f = {.project_id = p->id,
                                  .layout = -1,
                                  .status = -1,
                                  .accessible = -1,
                                  .page = 1,
                                  .page_size = 500};
    int rc = EXIT_OK;
    for (;; f.page++) {
        struct stock_unit *list;
        size_t n;
        int64_t total;
        if (app_unit_list(a, NULL, &f, &list, &n, &total, &e)) {
            cli_print_err(&e);
            rc = EXIT_FAIL;
            break;
        }
        for (size_t k = 0; k < n; k++)
            print_unit_line(&list[k]);
        free(list);
        if (n < (size_t)f.page_size) break;
    }
    project_view_free(&v);
    app_close(a);
    return rc;
}

/* --- set-status --------------------------------------------------------------- */

static int do_set_status(int argc, char **argv)
{
    struct opts o;
    int i = parse(argc, argv, "stock set-status", ALLOW(OPT_DB) | ALLOW(OPT_VERSION), &o);
    if (i < 0) return EXIT_USAGE;
    if (argc - i != 2)
        return cli_usage_error("stock set-status",
                               "用法：anju stock set-status UNIT_ID STATUS --version V",
                               "usage: anju stock set-status UNIT_ID STATUS --version V");
    int64_t id = parse_id(argv[i]);
    if (!id)
        return cli_usage_error(
            "stock set-status", "UNIT_ID 应为正整数（单元 ID，见 stock show）",
            "UNIT_ID must be a positive integer (the unit's id: see stock show)");
    int status = code_lookup(unit_status_names, UNIT_STATUS_COUNT, argv[i + 1]);
    if (status < 0)
        return cli_usage_error(
            "stock set-status", "STATUS 应为 vacant、reserved、offered、let、sold 或 maintenance",
            "STATUS must be vacant, reserved, offered, let, sold or maintenance");
    int64_t version = o.version ? parse_id(o.version) : 0;
    if (!version)
        return cli_usage_error("stock set-status",
                               "须给出 --version V（stock show 显示的版本号，正整数）",
                               "--version V is required (the version stock show printed)");
    struct err e = {0};
    struct app *a;
    if (app_open(&a, o.db, &e)) return cli_print_err(&e), EXIT_FAIL;
    struct stock_unit u;
    struct err_list errs = {0};
    int rc = app_unit_set_status(a, NULL, id, (enum unit_status)status, version, &u, &errs);
    app_close(a);
    if (rc) {
        cli_print_err_list(&errs, 0);
        err_list_free(&errs);
        return EXIT_FAIL;
    }
    printf("单元 %lld（%s %s）现为 %s（%s），第 %lld 版\nunit %lld (%s %s) is now %s, version "
           "%lld\n",
           (long long)u.id, u.building, u.unit_no, unit_status_names[u.status].code,
           unit_status_names[u.status].zh, (long long)u.version, (long long)u.id, u.building,
           u.unit_no, unit_status_names[u.status].code, (long long)u.version);
    return EXIT_OK;
}

int cmd_stock(int argc, char **argv)
{
    if (argc < 2 || (cli_wants_help(argc, argv) && argc == 2) || strcmp(argv[1], "help") == 0)
        return fputs(stock_help, argc < 2 ? stderr : stdout), argc < 2 ? EXIT_USAGE : EXIT_OK;
    if (cli_wants_help(argc, argv)) return fputs(stock_help, stdout), EXIT_OK;
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } subs[] = {{"import", do_import},
                {"export", do_export},
                {"list", do_list},
                {"show", do_show},
                {"set-status", do_set_status}};
    for (size_t k = 0; k < sizeof subs / sizeof subs[0]; k++)
        if (strcmp(argv[1], subs[k].name) == 0) return subs[k].fn(argc - 1, argv + 1);
    char zh[160], en[160];
    snprintf(zh, sizeof zh, "未知子命令“%.60s”：应为 import、export、list、show 或 set-status",
             argv[1]);
    snprintf(en, sizeof en,
             "unknown subcommand \"%.60s\": use import, export, list, show or set-status", argv[1]);
    return cli_usage_error("stock", zh, en);
}
