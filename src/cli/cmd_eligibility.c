/* cli/cmd_eligibility — anju eligibility check | run | summary */
#include "app/eligibility.h"
#include "base/money.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char eligibility_help[] =
    "用法 / usage:\n"
    "  anju eligibility check HOUSEHOLD_ID --programme P [--as-of YYYY-MM-DD]\n"
    "                         [--rent YUAN] [--rent-area M2] [--json]\n"
    "      判定一户家庭是否符合某一保障方式，逐条列出条件、数字和理由，并保存该决定。\n"
    "      Decides one household for one programme, criterion by criterion with the\n"
    "      figures, and stores the decision. --rent: registered monthly rent (市场租房补贴\n"
    "      pays min(rent, tier amount); 公租房租金补贴 needs the flat's rent); --rent-area:\n"
    "      the rented flat's area (default: the household's current housing area).\n"
    "  anju eligibility run --programme P --as-of YYYY-MM-DD [--floor]\n"
    "      判定全部家庭并保存结果（含政策版本）。--floor "
    "只读取同样的数据、不判定不写入（基准用）。\n"
    "      Decides every household and stores the results with the policy version.\n"
    "      --floor only reads what a run reads (for benchmarks).\n"
    "  anju eligibility summary --programme P [--district CODE] [--json]\n"
    "      最近一次 run 的按区统计 / counts of the latest run by district.\n"
    "  选项 / options: --db FILE\n\n"
    "保障方式 / programmes: public_rental 公租房, public_rental_subsidy 公租房租金补贴,\n"
    "  market_rent_subsidy 市场租房补贴, affordable_rental 保障性租赁住房,\n"
    "  shared_ownership 共有产权住房, sale_type 配售型保障性住房, talent 人才住房.\n"
    "判定使用家庭所在区划在该日期适用的政策版本，以及已导入的共享核对数据（见 docs/feeds.md）。\n"
    "The policy version is the one in force for the household's region on the date;\n"
    "declared figures are replaced by the shared data loaded with anju feeds import.\n\n"
    "退出码 / exit codes: 0 成功 ok, 1 失败 failure, 2 用法错误 bad usage.\n";

enum {
    OPT_DB = 1000,
    OPT_PROGRAMME,
    OPT_AS_OF,
    OPT_RENT,
    OPT_RENT_AREA,
    OPT_JSON,
    OPT_FLOOR,
    OPT_DISTRICT,
};

struct opts {
    const char *db, *programme, *as_of, *rent, *rent_area, *district;
    int json, floor;
};

static void print_decision(const struct eligibility_decision *d)
{
    const struct eligibility *r = &d->result;
    const struct code_name *p = &programme_names[r->programme];
    printf("家庭 %s（编号 %lld）· %s · 截至 %s · 政策 %s@%s（编号 %lld）\n", d->household_no,
           (long long)d->household_id, p->zh, d->as_of, d->policy_code, d->policy_version,
           (long long)d->policy_id);
    printf("household %s (id %lld) · %s · as of %s · policy %s@%s (id %lld)\n\n", d->household_no,
           (long long)d->household_id, p->en, d->as_of, d->policy_code, d->policy_version,
           (long long)d->policy_id);
    printf("%s\n%s\n\n", r->summary_zh, r->summary_en);
    for (int i = 0; i < r->ncriteria; i++) {
        const struct criterion_result *c = &r->criteria[i];
        printf("  %s %s\n    %s\n    依据 / source: %s（%s）\n", c->pass ? "✓" : "✗", c->zh, c->en,
               c->source.document, c->source.effective);
    }
    if (r->priority) {
        fputs("\n优先类别 / priority:", stdout);
        for (int k = 0; k < PRI_COUNT; k++)
            if (r->priority & (1u << k))
                printf(" %s（%s）", priority_names[k].zh, priority_names[k].code);
        putchar('\n');
    }
    if (r->amount_zh[0]) printf("\n%s\n%s\n", r->amount_zh, r->amount_en);
    fputs("\n核对数据 / verified against:", stdout);
    if (!d->sources) fputs(" 无（按申报）/ none (as declared)", stdout);
    for (int s = 0; s < FEED_COUNT; s++)
        if (d->sources & (1u << s)) printf(" %s", feed_source_names[s].zh);
    printf("\n决定编号 / decision id: %lld\n", (long long)d->id);
}

static int do_check(struct app *a, const struct opts *o, const char *id_arg)
{
    struct err e = {0};
    int64_t id;
    if (cli_household_id("eligibility", id_arg, &id)) return EXIT_USAGE;
    struct eligibility_request req = {.as_of = o->as_of, .rent = -1, .rent_area = -1};
    if (app_programme_parse(o->programme, &req.programme, "--programme", &e) ||
        (o->rent && money_parse(o->rent, &req.rent, "--rent", &e)) ||
        (o->rent_area && area_parse(o->rent_area, &req.rent_area, "--rent-area", &e))) {
        cli_print_err(&e);
        return EXIT_USAGE;
    }
    struct eligibility_decision *d = calloc(1, sizeof *d);
    if (!d) return EXIT_FAIL;
    int rc = EXIT_OK;
    if (app_eligibility_check(a, NULL, id, &req, d, &e)) {
        cli_print_err(&e);
        rc = cli_exit_code(&e);
    } else if (o->json) {
        if (cli_print_json(app_eligibility_json(d))) rc = EXIT_FAIL;
    } else {
        print_decision(d);
    }
    free(d);
    return rc;
}

static void progress(long done, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "已判定 %ld 户 / %ld households decided\n", done, done);
}

static int do_run(struct app *a, const struct opts *o)
{
    struct err e = {0};
    if (o->floor) {
        long n;
        if (app_eligibility_read_floor(a, NULL, &n, &e)) return cli_print_err(&e), EXIT_FAIL;
        printf(
            "已读取 %ld 户（未判定、未写入）/ read %ld households (nothing decided or written)\n",
            n, n);
        return EXIT_OK;
    }
    enum programme p;
    if (!o->as_of)
        return cli_usage_error("eligibility", "run 需要 --as-of YYYY-MM-DD",
                               "run needs --as-of YYYY-MM-DD");
    if (app_programme_parse(o->programme, &p, "--programme", &e))
        return cli_print_err(&e), EXIT_USAGE;
    struct eligibility_run_report r;
    if (app_eligibility_run(a, NULL, p, o->as_of, progress, NULL, &r, &e))
        return cli_print_err(&e), cli_exit_code(&e);
    printf("判定批次 %lld：%s，截至 %s，判定 %ld 户，符合 %ld 户", (long long)r.run_id,
           programme_names[p].zh, o->as_of, r.households, r.eligible);
    if (r.no_policy) printf("；%ld 户无适用政策未判定", r.no_policy);
    printf("\nrun %lld: %s as of %s, %ld households decided, %ld eligible", (long long)r.run_id,
           programme_names[p].en, o->as_of, r.households, r.eligible);
    if (r.no_policy) printf("; %ld households not decided (no policy covers them)", r.no_policy);
    putchar('\n');
    return EXIT_OK;
}

static int do_summary(struct app *a, const struct opts *o)
{
    struct err e = {0};
    enum programme p;
    if (app_programme_parse(o->programme, &p, "--programme", &e))
        return cli_print_err(&e), EXIT_USAGE;
    struct eligibility_summary s;
    if (app_eligibility_summary(a, NULL, p, o->district, &s, &e))
        return cli_print_err(&e), EXIT_FAIL;
    if (!s.run_id) {
        printf("%s 尚无判定批次（anju eligibility run）/ no run of %s yet\n", programme_names[p].zh,
               programme_names[p].code);
        return EXIT_OK;
    }
    printf("批次 %lld · 截至 %s · 完成于 %s / run %lld · as of %s · finished %s\n",
           (long long)s.run_id, s.as_of, s.finished_at, (long long)s.run_id, s.as_of,
           s.finished_at);
    printf("%-8s %10s %10s\n", "district", "households", "eligible");
    for (size_t i = 0; i < s.n; i++)
        printf("%-8s %10ld %10ld\n", s.districts[i].district_code, s.districts[i].households,
               s.districts[i].eligible);
    printf("%-8s %10ld %10ld\n", "total", s.total.households, s.total.eligible);
    free(s.districts);
    return EXIT_OK;
}

int cmd_eligibility(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(eligibility_help, stdout), EXIT_OK;
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"programme", required_argument, NULL, OPT_PROGRAMME},
        {"as-of", required_argument, NULL, OPT_AS_OF},
        {"rent", required_argument, NULL, OPT_RENT},
        {"rent-area", required_argument, NULL, OPT_RENT_AREA},
        {"json", no_argument, NULL, OPT_JSON},
        {"floor", no_argument, NULL, OPT_FLOOR},
        {"district", required_argument, NULL, OPT_DISTRICT},
        {NULL, 0, NULL, 0},
    };
    struct opts o = {.db = cli_db_default()};
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            o.db = optarg;
            break;
        case OPT_PROGRAMME:
            o.programme = optarg;
            break;
        case OPT_AS_OF:
            o.as_of = optarg;
            break;
        case OPT_RENT:
            o.rent = optarg;
            break;
        case OPT_RENT_AREA:
            o.rent_area = optarg;
            break;
        case OPT_JSON:
            o.json = 1;
            break;
        case OPT_FLOOR:
            o.floor = 1;
            break;
        case OPT_DISTRICT:
            o.district = optarg;
            break;
        default:
            return cli_unknown_option("eligibility", argv[optind - 1]);
        }
    }
    int nargs = argc - optind;
    const char *sub = nargs > 0 ? argv[optind] : "";
    int is_check = strcmp(sub, "check") == 0, is_run = strcmp(sub, "run") == 0,
        is_summary = strcmp(sub, "summary") == 0;
    if (!is_check && !is_run && !is_summary)
        return cli_usage_error("eligibility", "应为 check、run 或 summary",
                               "expected check, run or summary");
    int want = is_check ? 1 : 0;
    if (nargs - 1 > want) return cli_unexpected_argument("eligibility", argv[optind + 1 + want]);
    if (nargs - 1 < want)
        return cli_usage_error("eligibility", "缺少 HOUSEHOLD_ID", "HOUSEHOLD_ID is missing");
    if (!o.programme && !(is_run && o.floor))
        return cli_usage_error("eligibility", "需要 --programme P", "--programme P is required");
    if ((o.rent || o.rent_area) && !is_check)
        return cli_unknown_option("eligibility", o.rent ? "--rent" : "--rent-area");
    if (o.floor && !is_run) return cli_unknown_option("eligibility", "--floor");
    if (o.district && !is_summary) return cli_unknown_option("eligibility", "--district");
    struct err e = {0};
    struct app *a;
    if (app_open(&a, o.db, &e)) return cli_print_err(&e), EXIT_FAIL;
    int rc = is_check ? do_check(a, &o, argv[optind + 1])
             : is_run ? do_run(a, &o)
                      : do_summary(a, &o);
    app_close(a);
    return rc;
}
