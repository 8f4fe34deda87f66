/* cli/cmd_verify — anju verify run | report: checking households against
 * the shared-data feeds (核对) and reading the reports (核对报告). */
#include "app/verify.h"
#include "cli/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char verify_help[] =
    "用法 / usage: anju verify run [--household ID] [--db FILE]\n"
    "              anju verify report HOUSEHOLD_ID [--json] [--db FILE]\n\n"
    "  run     以已导入的共享数据（民政、不动产、车辆、社保、公积金、存款、证券、保险）\n"
    "          核对全部家庭（或 --household 指定的一户），为每户保存一份核对报告\n"
    "          check every household (or the one given by --household) against the loaded\n"
    "          shared data and keep a verification report for each\n"
    "  report  显示一户家庭最新的核对报告 / show a household's latest verification report\n\n"
    "核对规则见 docs/verification.md。/ The rules are in docs/verification.md.\n"
    "退出码 / exit codes: 0 成功 ok, 1 失败或尚未核对 failure or not verified, 2 用法错误 bad "
    "usage.\n";

static const char run_help[] =
    "用法 / usage: anju verify run [--household ID] [--db FILE]\n\n"
    "以已导入的各类共享数据核对全部家庭（或 --household 指定的一户）：已导入的数据源中\n"
    "查无记录即视为无登记；未导入的数据源保留申报数据。每户保存一份核对报告，\n"
    "完成后显示核对户数、有不一致的户数和不一致总数。全部家庭在一个事务中核对：\n"
    "中途失败则不保存任何报告。\n"
    "Checks every household (or the one given by --household) against the loaded shared data:\n"
    "a loaded source without a record means nothing registered; a source never loaded leaves\n"
    "the declaration. A report is kept for each household; the counts of households verified,\n"
    "households with discrepancies and discrepancies are printed. The whole run is one\n"
    "transaction: if it fails, no report of it is kept.\n\n"
    "退出码 / exit codes: 0 成功 ok, 1 失败 failure, 2 用法错误 bad usage.\n";

static const char report_help[] =
    "用法 / usage: anju verify report HOUSEHOLD_ID [--json] [--db FILE]\n\n"
    "显示一户家庭最新的核对报告：所用数据源及批次，然后逐条列出不一致：成员、项目、\n"
    "申报值、核实值和依据（批次、行号、证号）。身份证号脱敏显示。--json 输出 JSON。\n"
    "Shows a household's latest verification report: the sources and batches used, then each\n"
    "discrepancy: member, field, declared, found and the evidence (batch, line, key). ID\n"
    "numbers are masked. --json prints JSON.\n\n"
    "退出码 / exit codes: 0 成功 ok, 1 不存在或尚未核对 not found or not verified, 2 用法错误 "
    "bad usage.\n";

enum { OPT_DB = 1000, OPT_HOUSEHOLD, OPT_JSON };

/* "民政（…） civil affairs (…) — 批次 batch 3" per source used, and the
 * sources not loaded. */
static void print_sources(unsigned sources, const int64_t batches[FEED_COUNT])
{
    if (!sources) {
        printf("使用的数据 / sources used: 无——尚未导入任何核对数据，全部为申报数据\n"
               "  none: no shared data has been loaded; every figure is as declared\n");
        return;
    }
    printf("使用的数据 / sources used:\n");
    for (int s = 0; s < FEED_COUNT; s++)
        if (sources & (1u << s))
            printf("  %s / %s — 批次 batch %lld\n", feed_source_names[s].zh,
                   feed_source_names[s].en, (long long)batches[s]);
    int missing = 0;
    for (int s = 0; s < FEED_COUNT; s++)
        if (!(sources & (1u << s))) {
            printf("%s%s / %s", missing ? "; " : "未导入（沿用申报）/ not loaded (declared): ",
                   feed_source_names[s].zh, feed_source_names[s].en);
            missing = 1;
        }
    if (missing) printf("\n");
}

static void progress(const struct verify_run_counts *c, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "\r已核对 %ld 户 / %ld households verified", c->households, c->households);
    fflush(stderr);
}

static int verify_run(const char *db, int64_t household)
{
    struct err e = {0};
    struct app *a;
    if (app_open(&a, db, &e)) return cli_print_err(&e), EXIT_FAIL;
    struct verify_run_counts c = {0};
    int rc = EXIT_OK;
    if (household) {
        struct verification_report *r = calloc(1, sizeof *r);
        if (!r) {
            err_set(&e, ERR_INTERNAL, "", "内存不足", "out of memory");
            rc = EXIT_FAIL;
        } else if (app_verify_household(a, NULL, household, r, &e))
            rc = EXIT_FAIL;
        else {
            c.sources = r->sources;
            memcpy(c.batches, r->batches, sizeof c.batches);
            c.households = 1;
            c.with_discrepancies = r->total > 0;
            c.discrepancies = r->total;
        }
        free(r);
    } else {
        int tty = isatty(fileno(stderr));
        if (app_verify_run(a, NULL, tty ? progress : NULL, NULL, &c, &e)) rc = EXIT_FAIL;
        if (tty && c.households) fputc('\n', stderr);
    }
    app_close(a);
    if (rc != EXIT_OK) return cli_print_err(&e), rc;
    print_sources(c.sources, c.batches);
    printf("核对家庭 %ld 户，其中有不一致的 %ld 户，不一致共 %ld 处\n"
           "households verified: %ld; with discrepancies: %ld; discrepancies: %ld\n",
           c.households, c.with_discrepancies, c.discrepancies, c.households, c.with_discrepancies,
           c.discrepancies);
    if (household)
        printf("查看报告 / see the report: anju verify report %lld\n", (long long)household);
    return EXIT_OK;
}

/* A declared or found value as read: statuses get their English name,
 * empty text says so. */
static void format_value(const char *field, const char *value, char *out, size_t cap)
{
    if (!value[0]) {
        snprintf(out, cap, "（空）(empty)");
        return;
    }
    if (strcmp(field, "status") == 0)
        for (int s = 0; s < CIVIL_COUNT; s++)
            if (strcmp(value, civil_status_names[s].zh) == 0) {
                snprintf(out, cap, "%s（%s）", value, civil_status_names[s].en);
                return;
            }
    snprintf(out, cap, "%s", value);
}

static void print_report(const struct verification_report *r)
{
    printf("核对报告 / verification report\n"
           "家庭 household: %s（ID %lld）\n"
           "核对时间 verified at: %s（家庭档案版本 household version %lld）\n",
           r->household_no, (long long)r->household_id, r->verified_at,
           (long long)r->household_version);
    if (r->changed_since)
        printf("注意：家庭档案在核对后已修改（版本 %lld → %lld），本报告可能已过时，请重新核对。\n"
               "note: the household was changed after this report (version %lld → %lld); verify "
               "it again.\n",
               (long long)r->household_version, (long long)r->current_version,
               (long long)r->household_version, (long long)r->current_version);
    print_sources(r->sources, r->batches);
    if (r->total == 0) {
        printf("\n未发现不一致 / no discrepancies\n");
        return;
    }
    printf("\n不一致 %d 处 / discrepancies: %d", r->total, r->total);
    if (r->truncated) printf("（列出前 %d 处 / the first %d are listed）", r->n, r->n);
    printf("\n");
    for (int i = 0; i < r->n; i++) {
        const struct verification_item *x = &r->items[i];
        const struct code_name *f = verify_field_name(x->field);
        char declared[VERIFY_VALUE_MAX + 80], found[VERIFY_VALUE_MAX + 80];
        format_value(x->field, x->declared, declared, sizeof declared);
        format_value(x->field, x->found, found, sizeof found);
        printf("\n%d. 成员 member %d：", i + 1, x->member_seq);
        if (x->member_name[0])
            printf("%s（%s，%s / %s）\n", x->member_name, x->member_id_masked,
                   relation_names[x->relation].zh, relation_names[x->relation].en);
        else
            printf("（已不在家庭中 / no longer in the household）\n");
        printf("   数据源 source: %s / %s\n", feed_source_names[x->source].zh,
               feed_source_names[x->source].en);
        printf("   项目 field: %s / %s [%s]\n", f->zh, f->en, x->field);
        printf("   申报 declared: %s → 核实 found: %s\n", declared, found);
        printf("   依据 evidence: %s\n", x->evidence);
    }
}

static int verify_report(const char *db, int64_t household, int as_json)
{
    struct err e = {0};
    struct app *a;
    if (app_open(&a, db, &e)) return cli_print_err(&e), EXIT_FAIL;
    struct verification_report *r = calloc(1, sizeof *r);
    int rc = EXIT_OK;
    if (!r) {
        err_set(&e, ERR_INTERNAL, "", "内存不足", "out of memory");
        rc = EXIT_FAIL;
    } else if (app_verification_report(a, NULL, household, r, &e))
        rc = EXIT_FAIL;
    app_close(a);
    if (rc == EXIT_OK && as_json) {
        json_t *j = app_verification_json(r);
        char *text = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
        json_decref(j);
        if (!text || printf("%s\n", text) < 0) {
            err_set(&e, ERR_IO, "", "输出失败", "cannot write the output");
            rc = EXIT_FAIL;
        }
        free(text);
    } else if (rc == EXIT_OK)
        print_report(r);
    if (rc == EXIT_OK && fflush(stdout)) {
        err_set(&e, ERR_IO, "", "输出失败", "cannot write the output");
        rc = EXIT_FAIL;
    }
    free(r);
    if (rc != EXIT_OK) cli_print_err(&e);
    return rc;
}

int cmd_verify(int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";
    if (cli_wants_help(argc, argv)) {
        fputs(strcmp(sub, "run") == 0      ? run_help
              : strcmp(sub, "report") == 0 ? report_help
                                           : verify_help,
              stdout);
        return EXIT_OK;
    }
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"household", required_argument, NULL, OPT_HOUSEHOLD},
        {"json", no_argument, NULL, OPT_JSON},
        {NULL, 0, NULL, 0},
    };
    const char *db = cli_db_default(), *household = NULL;
    int as_json = 0;
    optind = 0; /* glibc: 0 re-initialises (options may follow operands) */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_DB)
            db = optarg;
        else if (c == OPT_HOUSEHOLD)
            household = optarg;
        else if (c == OPT_JSON)
            as_json = 1;
        else
            return cli_unknown_option("verify", argv[optind - 1]);
    }
    int n = argc - optind;
    const char *what = n > 0 ? argv[optind] : "";
    if (strcmp(what, "run") == 0) {
        if (as_json) return cli_unknown_option("verify run", "--json");
        if (n > 1) return cli_unexpected_argument("verify run", argv[optind + 1]);
        int64_t id = 0;
        if (household && cli_household_id("verify run", household, &id)) return EXIT_USAGE;
        return verify_run(db, id);
    }
    if (strcmp(what, "report") == 0) {
        if (household) return cli_unknown_option("verify report", "--household");
        if (n < 2)
            return cli_usage_error("verify report", "缺少家庭 ID：anju verify report HOUSEHOLD_ID",
                                   "missing the household ID: anju verify report HOUSEHOLD_ID");
        if (n > 2) return cli_unexpected_argument("verify report", argv[optind + 2]);
        int64_t id;
        if (cli_household_id("verify report", argv[optind + 1], &id)) return EXIT_USAGE;
        return verify_report(db, id, as_json);
    }
    return cli_usage_error("verify", "需要子命令 run 或 report", "expected run or report");
}
