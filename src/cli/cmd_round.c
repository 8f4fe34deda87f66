/* cli/cmd_round — anju round create | add-units | open | register |
 * shortlist | recheck | draw | allocate | offers | accept | decline |
 * publish | show | list | results: running a round (配租/配售批次) from the
 * command line (app/round, docs/rounds.md). The local operator is the actor. */
#include "app/eligibility.h"
#include "app/round.h"
#include "app/round_view.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char round_help[] =
    "用法 / usage: anju round SUBCOMMAND [options] [--db FILE]\n"
    "\n"
    "  create     --code CODE --name NAME --programme P --district CODE\n"
    "             [--kind general|targeted|direct] [--target CATEGORY] [--ratio PERMILLE]\n"
    "             [--declines-max N] [--choose-days N]   新建批次 / create a round\n"
    "             (省略的比例、放弃次数、天数取当日有效政策 / left out: from the policy in force)\n"
    "  add-units  --round ID [--project CODE]   预留范围内空置房源 / reserve vacant units\n"
    "  open       --round ID                    开始登记 / open registration\n"
    "  register   --round ID (--application ID [--preferences JSON] | --all)\n"
    "             登记意向（--all：范围内全部已备案家庭）/ register interest (--all: every\n"
    "             filed family in scope)\n"
    "  shortlist  --round ID    按轮候顺序按比例入围 / shortlist in queue order at the ratio\n"
    "  recheck    --round ID    复核入围家庭资格 / re-check the shortlisted families\n"
    "  publish-list --round ID [--out DIR]\n"
    "             摇号前公布摇号名单（打印 list_sha256；--out 写出 entrants.csv）/ publish the\n"
    "             entrant list before the draw (prints list_sha256; --out writes entrants.csv)\n"
    "  draw       --round ID --lottery-id ID --randomness STRING [--out DIR]\n"
    "             用已公布的名单摇号，确定选房顺序 / the lottery on the published list fixes\n"
    "             the choosing order\n"
    "  allocate   --round ID    按顺序配房并发出选房通知 / match in lottery order, make offers\n"
    "  offers     --round ID    列出选房通知 / list the offers\n"
    "  expire     --round ID    逾期未答复的选房通知作放弃处理 / offers past their deadline\n"
    "                           expire (counted as declines)\n"
    "  accept     --offer ID    接受 / accept an offer\n"
    "  decline    --offer ID    放弃（计入放弃次数）/ decline (counted)\n"
    "  publish    --round ID    公布结果 / close and publish the results\n"
    "  show       --round ID [--entrants]   批次详情 / the round (and its entrants)\n"
    "  list                     全部批次 / every round\n"
    "  results    --round ID    公开结果（姓名脱敏）/ the public results (names masked)\n"
    "\n"
    "输出为 JSON。说明见 docs/rounds.md。/ Output is JSON; see docs/rounds.md.\n"
    "退出码 / exit codes: 0 成功 ok, 1 失败 failure, 2 用法错误 bad usage.\n";

static void print_json(json_t *j)
{
    char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (s) puts(s);
    free(s);
    json_decref(j);
}

static json_t *entrant_json(const struct round_entrant_row *x)
{
    return json_pack("{s:I, s:s, s:i, s:I, s:b, s:s, s:i, s:I, s:s, s:i, s:s, s:s?, s:s}",
                     "application_id", (json_int_t)x->application_id, "application_no",
                     x->application_no, "members", x->members, "queue_position",
                     (json_int_t)x->queue_position, "shortlisted", x->shortlisted, "recheck",
                     x->recheck, "bucket", x->bucket, "sequence", (json_int_t)x->sequence,
                     "preferences", x->preferences, "declines", x->declines, "outcome", x->outcome,
                     "unit_no", x->unit_no[0] ? x->unit_no : NULL, "reason", x->reason);
}

static int64_t number(const char *s)
{
    char *end;
    long long v = s ? strtoll(s, &end, 10) : 0;
    return s && *s && !*end && v > 0 ? (int64_t)v : 0;
}

int cmd_round(int argc, char **argv)
{
    if (argc < 2 || cli_wants_help(argc < 3 ? argc : 2, argv))
        return fputs(round_help, argc < 2 ? stderr : stdout), argc < 2 ? EXIT_USAGE : EXIT_OK;
    const char *sub = argv[1];
    if (cli_wants_help(argc, argv)) return fputs(round_help, stdout), EXIT_OK;
    enum {
        O_DB = 1,
        O_ROUND,
        O_CODE,
        O_NAME,
        O_PROG,
        O_KIND,
        O_TARGET,
        O_DISTRICT,
        O_RATIO,
        O_DECLINES,
        O_DAYS,
        O_PROJECT,
        O_APP,
        O_ALL,
        O_PREFS,
        O_LOTTERY,
        O_RANDOM,
        O_OUT,
        O_OFFER,
        O_ENTRANTS
    };
    static const struct option opts[] = {
        {"db", required_argument, NULL, O_DB},
        {"round", required_argument, NULL, O_ROUND},
        {"code", required_argument, NULL, O_CODE},
        {"name", required_argument, NULL, O_NAME},
        {"programme", required_argument, NULL, O_PROG},
        {"kind", required_argument, NULL, O_KIND},
        {"target", required_argument, NULL, O_TARGET},
        {"district", required_argument, NULL, O_DISTRICT},
        {"ratio", required_argument, NULL, O_RATIO},
        {"declines-max", required_argument, NULL, O_DECLINES},
        {"choose-days", required_argument, NULL, O_DAYS},
        {"project", required_argument, NULL, O_PROJECT},
        {"application", required_argument, NULL, O_APP},
        {"all", no_argument, NULL, O_ALL},
        {"preferences", required_argument, NULL, O_PREFS},
        {"lottery-id", required_argument, NULL, O_LOTTERY},
        {"randomness", required_argument, NULL, O_RANDOM},
        {"out", required_argument, NULL, O_OUT},
        {"offer", required_argument, NULL, O_OFFER},
        {"entrants", no_argument, NULL, O_ENTRANTS},
        {0, 0, 0, 0},
    };
    const char *db = cli_db_default(), *code = NULL, *name = NULL, *prog = NULL, *kind = NULL,
               *target = NULL, *district = NULL, *project = NULL, *prefs = NULL, *lottery = NULL,
               *randomness = NULL, *out = NULL;
    int64_t round = 0, app_id = 0, offer = 0;
    int all = 0, entrants = 0, ratio = 0, declines = 0, days = 0;
    optind = 2;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case O_DB:
            db = optarg;
            break;
        case O_ROUND:
            round = number(optarg);
            break;
        case O_CODE:
            code = optarg;
            break;
        case O_NAME:
            name = optarg;
            break;
        case O_PROG:
            prog = optarg;
            break;
        case O_KIND:
            kind = optarg;
            break;
        case O_TARGET:
            target = optarg;
            break;
        case O_DISTRICT:
            district = optarg;
            break;
        case O_RATIO:
            ratio = atoi(optarg);
            break;
        case O_DECLINES:
            declines = atoi(optarg);
            break;
        case O_DAYS:
            days = atoi(optarg);
            break;
        case O_PROJECT:
            project = optarg;
            break;
        case O_APP:
            app_id = number(optarg);
            break;
        case O_ALL:
            all = 1;
            break;
        case O_PREFS:
            prefs = optarg;
            break;
        case O_LOTTERY:
            lottery = optarg;
            break;
        case O_RANDOM:
            randomness = optarg;
            break;
        case O_OUT:
            out = optarg;
            break;
        case O_OFFER:
            offer = number(optarg);
            break;
        case O_ENTRANTS:
            entrants = 1;
            break;
        default:
            return cli_unknown_option("round", argv[optind - 1]);
        }
    }
    if (optind < argc) return cli_unexpected_argument("round", argv[optind]);
    int needs_round = strcmp(sub, "create") && strcmp(sub, "list") && strcmp(sub, "accept") &&
                      strcmp(sub, "decline");
    if (needs_round && !round)
        return cli_usage_error("round", "须用 --round 给出批次编号（正整数）",
                               "give the round with --round ID (a positive integer)");
    struct app *a;
    struct err e = {0};
    if (app_open(&a, db, &e)) return cli_print_err(&e), EXIT_FAIL;
    int rc = 0;
    struct round_row r = {0};
    if (strcmp(sub, "create") == 0) {
        if (!code || !name || !prog || !district) {
            app_close(a);
            return cli_usage_error("round create",
                                   "须给出 --code、--name、--programme 和 --district",
                                   "give --code, --name, --programme and --district");
        }
        snprintf(r.code, sizeof r.code, "%s", code);
        snprintf(r.name, sizeof r.name, "%s", name);
        snprintf(r.district_code, sizeof r.district_code, "%s", district);
        snprintf(r.target_category, sizeof r.target_category, "%s", target ? target : "");
        int k = code_lookup(round_kind_names, ROUND_KIND_COUNT, kind ? kind : "general");
        r.ratio_permille = ratio;
        r.declines_max = declines;
        r.choose_days = days;
        if (k < 0)
            rc = err_set(&e, ERR_USAGE, "kind", "--kind 须为 general、targeted 或 direct",
                         "--kind must be general, targeted or direct");
        else {
            r.kind = (enum round_kind)k;
            rc = app_programme_parse(prog, &r.programme, "programme", &e);
        }
        if (!rc) rc = app_round_create(a, NULL, &r, &e);
        if (!rc) print_json(app_round_json(&r));
    } else if (strcmp(sub, "add-units") == 0) {
        int64_t n;
        rc = app_round_add_units(a, NULL, round, project, &n, &e);
        if (!rc) printf("已预留 %lld 套房源 / reserved %lld units\n", (long long)n, (long long)n);
    } else if (strcmp(sub, "open") == 0) {
        rc = app_round_open(a, NULL, round, &e);
        if (!rc)
            printf("批次 %lld 开始登记 / round %lld is open\n", (long long)round, (long long)round);
    } else if (strcmp(sub, "register") == 0) {
        if (all) {
            int64_t n;
            rc = app_round_register_all(a, NULL, round, &n, &e);
            if (!rc)
                printf("已登记 %lld 户 / registered %lld families\n", (long long)n, (long long)n);
        } else if (app_id) {
            int created;
            rc = app_round_register(a, NULL, round, app_id, prefs, &created, &e);
            if (!rc)
                printf(created ? "已登记 / registered\n" : "此前已登记 / already registered\n");
        } else {
            app_close(a);
            return cli_usage_error("round register", "须给出 --application ID 或 --all",
                                   "give --application ID or --all");
        }
    } else if (strcmp(sub, "shortlist") == 0) {
        int64_t n;
        rc = app_round_shortlist(a, NULL, round, &n, &e);
        if (!rc) printf("入围 %lld 户 / shortlisted %lld families\n", (long long)n, (long long)n);
    } else if (strcmp(sub, "recheck") == 0) {
        int64_t ok, bad;
        rc = app_round_recheck(a, NULL, round, &ok, &bad, &e);
        if (!rc)
            printf("复核：%lld 户符合，%lld 户不符合 / re-check: %lld eligible, %lld not\n",
                   (long long)ok, (long long)bad, (long long)ok, (long long)bad);
    } else if (strcmp(sub, "publish-list") == 0) {
        char sha[65];
        int64_t n;
        rc = app_round_publish_list(a, NULL, round, out, sha, &n, &e);
        if (!rc)
            printf("已公布摇号名单：%lld 名报名人 / entrant list published: %lld entrants\n"
                   "list_sha256 %s\n",
                   (long long)n, (long long)n, sha);
    } else if (strcmp(sub, "draw") == 0) {
        if (!lottery || !randomness) {
            app_close(a);
            return cli_usage_error("round draw", "须给出 --lottery-id 和 --randomness",
                                   "give --lottery-id and --randomness");
        }
        rc = app_round_draw(a, NULL, round, lottery, randomness, out, &e);
        if (!rc && !(rc = app_round_get(a, NULL, round, &r, &e))) print_json(app_round_json(&r));
    } else if (strcmp(sub, "allocate") == 0) {
        int64_t off, un;
        rc = app_round_allocate(a, NULL, round, &off, &un, &e);
        if (!rc)
            printf("发出选房通知 %lld 份，未配到 %lld 户 / %lld offers made, %lld families "
                   "unassigned\n",
                   (long long)off, (long long)un, (long long)off, (long long)un);
    } else if (strcmp(sub, "expire") == 0) {
        int64_t n;
        rc = app_round_expire(a, NULL, round, &n, &e);
        if (!rc)
            printf("逾期未答复的选房通知 %lld 份已作放弃处理 / %lld offers past their deadline "
                   "expired\n",
                   (long long)n, (long long)n);
    } else if (strcmp(sub, "offers") == 0) {
        struct round_offer_row *o;
        size_t n;
        rc = app_round_offers(a, NULL, round, &o, &n, &e);
        if (!rc) {
            json_t *arr = json_array();
            for (size_t i = 0; i < n; i++)
                json_array_append_new(arr, app_round_offer_json(&o[i]));
            print_json(arr);
            free(o);
        }
    } else if (strcmp(sub, "accept") == 0 || strcmp(sub, "decline") == 0) {
        if (!offer) {
            app_close(a);
            return cli_usage_error("round", "须用 --offer 给出选房通知编号",
                                   "give the offer with --offer ID");
        }
        struct round_offer_row o;
        rc = app_round_answer(a, NULL, offer, sub[0] == 'a', &o, &e);
        if (!rc) print_json(app_round_offer_json(&o));
    } else if (strcmp(sub, "publish") == 0) {
        rc = app_round_publish(a, NULL, round, &e);
        if (!rc)
            printf("批次 %lld 已公布 / round %lld published\n", (long long)round, (long long)round);
    } else if (strcmp(sub, "show") == 0) {
        rc = app_round_get(a, NULL, round, &r, &e);
        if (!rc) {
            json_t *j = app_round_json(&r);
            if (entrants) {
                struct round_entrant_row *x;
                size_t n;
                rc = app_round_entrants(a, NULL, round, &x, &n, &e);
                json_t *arr = json_array();
                for (size_t i = 0; !rc && i < n; i++)
                    json_array_append_new(arr, entrant_json(&x[i]));
                json_object_set_new(j, "entrants", arr);
                if (!rc) free(x);
            }
            print_json(j);
        }
    } else if (strcmp(sub, "list") == 0) {
        struct round_row *l;
        size_t n;
        rc = app_round_list(a, NULL, &l, &n, &e);
        if (!rc) {
            json_t *arr = json_array();
            for (size_t i = 0; i < n; i++)
                json_array_append_new(arr, app_round_json(&l[i]));
            print_json(arr);
            free(l);
        }
    } else if (strcmp(sub, "results") == 0) {
        json_t *j = app_round_results(a, round, &e);
        if (j)
            print_json(j);
        else
            rc = -1;
    } else {
        app_close(a);
        return cli_usage_error("round", "未知的子命令", "unknown subcommand");
    }
    app_close(a);
    if (rc) {
        cli_print_err(&e);
        return cli_exit_code(&e);
    }
    return EXIT_OK;
}
