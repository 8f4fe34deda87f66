/* cli/cmd_application — anju application list | show | create | act
 *
 * The workflow at the command line, as the local operator (the NULL actor
 * of core/access: any transition of the table, every other rule applies).
 * Every act is recorded in the application's history and the audit log as
 * local:<login name>. */
#include "app/application.h"
#include "app/eligibility.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char application_help[] =
    "用法 / usage:\n"
    "  anju application list [--state S] [--programme P] [--district CODE] [--inbox]\n"
    "                        [--page N] [--page-size N] [--json]\n"
    "      列出申请，最新的在前 / lists applications, newest first.\n"
    "  anju application show ID [--json]\n"
    "      一份申请：状态、资格、补正、全部历史（谁、何时、为何）和公示异议。\n"
    "      One application: state, eligibility, what is missing, the whole history\n"
    "      (who, when, why) and the objections.\n"
    "  anju application create HOUSEHOLD_ID --programme P [--json]\n"
    "      为家庭新建申请（草稿）；每户每种保障方式只能有一份进行中的申请。\n"
    "      Opens an application (draft); one live application per household and programme.\n"
    "  anju application act ID ACTION --version V [--reason R] [--missing ITEM]...\n"
    "                       [--answer A] [--json]\n"
    "      执行一步流转 / takes one step: submit 提交, accept 受理, approve 审核,\n"
    "      return 退回补正 (--missing，可多次 / repeatable), resubmit 补正后提交 (--answer),\n"
    "      reject 驳回 (--reason), withdraw 撤回, file 备案.\n"
    "      --version 为 show 显示的版本号；申请已被他人处理时拒绝（请重新 show）。\n"
    "      --version is the version show printed; refused when someone acted meanwhile.\n"
    "      每一步都会按今天的核对数据重新判定资格；不符合条件时不能审核或备案（应驳回）。\n"
    "      Every step re-runs eligibility on today's verification; an ineligible\n"
    "      household cannot be approved or filed (reject it instead).\n"
    "  选项 / options: --db FILE\n\n"
    "状态 / states: draft, submitted, street_review, district_review, city_filing, publicity,\n"
    "  filed, returned, rejected, withdrawn (docs/workflow.md).\n"
    "命令行以本地操作员身份执行，可进行流转表中的任何一步；记录为 local:<登录名>。\n"
    "The command line acts as the local operator, who may take any step of the transition\n"
    "table; it is recorded as local:<login name>.\n\n"
    "退出码 / exit codes: 0 成功 ok, 1 失败或被拒绝 failure or refused, 2 用法错误 bad usage.\n";

enum {
    OPT_DB = 1000,
    OPT_STATE,
    OPT_PROGRAMME,
    OPT_DISTRICT,
    OPT_INBOX,
    OPT_PAGE,
    OPT_PAGE_SIZE,
    OPT_JSON,
    OPT_VERSION,
    OPT_REASON,
    OPT_MISSING,
    OPT_ANSWER,
};

enum { MISSING_ARGS_MAX = 64 };

struct opts {
    const char *db, *state, *programme, *district, *page, *page_size, *version, *reason, *answer;
    const char *missing[MISSING_ARGS_MAX];
    int nmissing, inbox, json;
};

static void print_view(const struct application_view *v)
{
    const struct application *ap = &v->app;
    const struct code_name *p = &programme_names[ap->programme];
    const struct code_name *s = &workflow_state_names[ap->state];
    printf("申请 %s · %s · 家庭 %s（编号 %lld）· 申请人 %s\n", ap->application_no, p->zh,
           ap->household_no, (long long)ap->household_id, ap->applicant_name);
    printf("application %s · %s · household %s (id %lld) · applicant %s\n", ap->application_no,
           p->en, ap->household_no, (long long)ap->household_id, ap->applicant_name);
    printf("状态 / state: %s %s · 版本 / version %lld · 区划 / region %s\n", s->zh, s->code,
           (long long)ap->version, ap->region_code);
    if (ap->eligible < 0)
        printf("资格 / eligibility: 尚未判定 / not yet decided\n");
    else
        printf("资格 / eligibility: %s (%s@%s)\n",
               ap->eligible ? "符合 / eligible" : "不符合 / not eligible", ap->policy_code,
               ap->policy_version);
    if (ap->returned_from >= 0)
        printf("补正 / correction (%s):\n", workflow_state_names[ap->returned_from].code);
    const char *q = ap->correction_request;
    while (q && *q) {
        const char *nl = strchr(q, '\n');
        int n = nl ? (int)(nl - q) : (int)strlen(q);
        printf("  - %.*s\n", n, q);
        q = nl ? nl + 1 : NULL;
    }
    if (ap->submitted_at[0]) printf("提交 / submitted: %s\n", ap->submitted_at);
    if (ap->publicity_start[0])
        printf("公示 / publicity: %s – %s\n", ap->publicity_start, ap->publicity_end);
    if (ap->filed_date[0]) printf("备案 / filed: %s\n", ap->filed_date);
    fputs("可执行 / actions:", stdout);
    if (!v->actions) fputs(" —", stdout);
    for (int k = 0; k < WF_ACTION_COUNT; k++)
        if (v->actions & (1u << k)) printf(" %s", workflow_action_names[k].code);
    puts("\n\n历史 / history:");
    for (size_t i = 0; i < v->nevents; i++) {
        const struct application_event *ev = &v->events[i];
        printf("  %s  %s (%s)  %s  %s → %s\n", ev->at, ev->actor, ev->role, ev->action,
               cli_or_dash(ev->from_state), ev->to_state);
        if (ev->reason && ev->reason[0]) printf("      理由 / reason: %s\n", ev->reason);
        json_t *d = json_loads(ev->detail ? ev->detail : "{}", 0, NULL);
        json_t *item;
        size_t k;
        json_array_foreach(json_object_get(d, "missing"), k, item)
            printf("      缺 / missing: %s\n", json_string_value(item));
        if (json_is_string(json_object_get(d, "answer")))
            printf("      答复 / answer: %s\n", json_string_value(json_object_get(d, "answer")));
        json_array_foreach(json_object_get(d, "cited_criteria"), k, item)
            printf("      ✗ %s\n", json_string_value(json_object_get(item, "message_zh")));
        json_decref(d);
    }
    if (v->nobjections) puts("\n异议 / objections:");
    for (size_t i = 0; i < v->nobjections; i++) {
        const struct objection *o = &v->objections[i];
        printf("  #%lld %s %s: %s\n", (long long)o->id, o->received_at, o->objector, o->content);
        if (o->upheld >= 0)
            printf("      %s %s: %s\n", o->upheld ? "成立 / upheld" : "不成立 / not upheld",
                   o->resolved_at, o->resolution);
        else
            puts("      未处理 / open");
    }
}

static int show_view(const struct application_view *v, int json)
{
    if (json) return cli_print_json(app_application_view_json(v));
    print_view(v);
    return EXIT_OK;
}

static int do_list(struct app *a, const struct opts *o)
{
    struct err e = {0};
    struct application_query q = {.state = -1,
                                  .programme = -1,
                                  .district = o->district,
                                  .inbox = o->inbox,
                                  .page = 1,
                                  .page_size = 50};
    enum workflow_state st;
    enum programme p;
    if (o->state) {
        if (app_workflow_state_parse(o->state, &st, "--state", &e))
            return cli_print_err(&e), EXIT_USAGE;
        q.state = (int)st;
    }
    if (o->programme) {
        if (app_programme_parse(o->programme, &p, "--programme", &e))
            return cli_print_err(&e), EXIT_USAGE;
        q.programme = (int)p;
    }
    if ((o->page && cli_positive("application", "--page", o->page, 1000000, &q.page)) ||
        (o->page_size &&
         cli_positive("application", "--page-size", o->page_size, 1000, &q.page_size)))
        return EXIT_USAGE;
    struct application *list;
    size_t n;
    int64_t total;
    if (app_application_list(a, NULL, &q, &list, &n, &total, &e))
        return cli_print_err(&e), cli_exit_code(&e);
    int rc = EXIT_OK;
    if (o->json) {
        json_t *items = json_array();
        for (size_t i = 0; items && i < n; i++)
            json_array_append_new(
                items, app_application_json(&list[i], workflow_actions(list[i].state, NULL)));
        rc = cli_print_json(items ? json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total",
                                              (json_int_t)total, "page", (json_int_t)q.page,
                                              "page_size", (json_int_t)q.page_size)
                                  : NULL);
    } else {
        printf("%-6s %-14s %-22s %-16s %-8s %-14s %s\n", "id", "application_no", "programme",
               "state", "version", "household", "applicant");
        for (size_t i = 0; i < n; i++)
            printf("%-6lld %-14s %-22s %-16s %-8lld %-14s %s\n", (long long)list[i].id,
                   list[i].application_no, programme_names[list[i].programme].code,
                   workflow_state_names[list[i].state].code, (long long)list[i].version,
                   list[i].household_no, list[i].applicant_name);
        printf("共 %lld 份（第 %lld 页）/ %lld in all (page %lld)\n", (long long)total,
               (long long)q.page, (long long)total, (long long)q.page);
    }
    free(list);
    return rc;
}

static int do_show(struct app *a, const struct opts *o, const char *arg)
{
    int64_t id;
    if (cli_positive("application", "ID", arg, INT64_MAX / 2, &id)) return EXIT_USAGE;
    struct err e = {0};
    struct application_view v;
    if (app_application_get(a, NULL, id, &v, &e)) return cli_print_err(&e), cli_exit_code(&e);
    int rc = show_view(&v, o->json);
    application_view_free(&v);
    return rc;
}

static int do_create(struct app *a, const struct opts *o, const char *arg)
{
    int64_t id;
    if (cli_household_id("application", arg, &id)) return EXIT_USAGE;
    if (!o->programme)
        return cli_usage_error("application", "create 需要 --programme P",
                               "create needs --programme P");
    struct err e = {0};
    struct application_view v;
    if (app_application_create(a, NULL, id, o->programme, &v, &e))
        return cli_print_err(&e), e.code == ERR_INVALID && strcmp(e.field, "programme") == 0
                                      ? EXIT_USAGE
                                      : cli_exit_code(&e);
    int rc = show_view(&v, o->json);
    application_view_free(&v);
    return rc;
}

static int do_act(struct app *a, const struct opts *o, const char *id_arg, const char *action_arg)
{
    int64_t id, version;
    if (cli_positive("application", "ID", id_arg, INT64_MAX / 2, &id)) return EXIT_USAGE;
    struct err e = {0};
    struct application_act act = {
        .reason = o->reason, .missing = o->missing, .nmissing = o->nmissing, .answer = o->answer};
    if (app_workflow_action_parse(action_arg, &act.action, "ACTION", &e))
        return cli_print_err(&e), EXIT_USAGE;
    if (!o->version)
        return cli_usage_error("application", "act 需要 --version V（用 show 查看）",
                               "act needs --version V (see show)");
    if (cli_positive("application", "--version", o->version, INT64_MAX / 2, &version))
        return EXIT_USAGE;
    act.version = version;
    struct err_list errs = {0};
    struct application_view v;
    if (app_application_act(a, NULL, id, &act, &v, &errs)) {
        cli_print_err_list(&errs, 0);
        err_list_free(&errs);
        return EXIT_FAIL;
    }
    int rc;
    if (o->json)
        rc = show_view(&v, 1);
    else {
        const struct application_event *last = v.nevents ? &v.events[v.nevents - 1] : NULL;
        int from = last ? code_lookup(workflow_state_names, WF_STATE_COUNT, last->from_state) : -1;
        printf("申请 %s：%s，“%s”→“%s”（第 %lld 版）\n", v.app.application_no,
               workflow_action_names[act.action].zh, from >= 0 ? workflow_state_names[from].zh : "",
               workflow_state_names[v.app.state].zh, (long long)v.app.version);
        printf("application %s: %s, %s → %s (version %lld)\n", v.app.application_no,
               workflow_action_names[act.action].code,
               from >= 0 ? workflow_state_names[from].code : "",
               workflow_state_names[v.app.state].code, (long long)v.app.version);
        if (v.app.eligible >= 0)
            printf("资格 / eligibility: %s (%s@%s)\n",
                   v.app.eligible ? "符合 / eligible" : "不符合 / not eligible", v.app.policy_code,
                   v.app.policy_version);
        if (v.app.publicity_start[0] && v.app.state == WF_PUBLICITY)
            printf("公示 / publicity: %s – %s\n", v.app.publicity_start, v.app.publicity_end);
        if (v.app.filed_date[0]) printf("备案 / filed: %s\n", v.app.filed_date);
        rc = EXIT_OK;
    }
    application_view_free(&v);
    return rc;
}

int cmd_application(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(application_help, stdout), EXIT_OK;
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"state", required_argument, NULL, OPT_STATE},
        {"programme", required_argument, NULL, OPT_PROGRAMME},
        {"district", required_argument, NULL, OPT_DISTRICT},
        {"inbox", no_argument, NULL, OPT_INBOX},
        {"page", required_argument, NULL, OPT_PAGE},
        {"page-size", required_argument, NULL, OPT_PAGE_SIZE},
        {"json", no_argument, NULL, OPT_JSON},
        {"version", required_argument, NULL, OPT_VERSION},
        {"reason", required_argument, NULL, OPT_REASON},
        {"missing", required_argument, NULL, OPT_MISSING},
        {"answer", required_argument, NULL, OPT_ANSWER},
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
        case OPT_STATE:
            o.state = optarg;
            break;
        case OPT_PROGRAMME:
            o.programme = optarg;
            break;
        case OPT_DISTRICT:
            o.district = optarg;
            break;
        case OPT_INBOX:
            o.inbox = 1;
            break;
        case OPT_PAGE:
            o.page = optarg;
            break;
        case OPT_PAGE_SIZE:
            o.page_size = optarg;
            break;
        case OPT_JSON:
            o.json = 1;
            break;
        case OPT_VERSION:
            o.version = optarg;
            break;
        case OPT_REASON:
            o.reason = optarg;
            break;
        case OPT_MISSING:
            if (o.nmissing == MISSING_ARGS_MAX)
                return cli_usage_error("application", "--missing 次数过多",
                                       "too many --missing items");
            o.missing[o.nmissing++] = optarg;
            break;
        case OPT_ANSWER:
            o.answer = optarg;
            break;
        default:
            return cli_unknown_option("application", argv[optind - 1]);
        }
    }
    static const struct cli_sub subs[] = {{"list", 0}, {"show", 1}, {"create", 1}, {"act", 2}};
    int k, bad = cli_subcommand("application", argc, argv, optind, subs, 4,
                                "应为 list、show、create 或 act",
                                "expected list, show, create or act", &k);
    if (bad) return bad;
    /* options that do not belong to the subcommand */
    const char *stray = NULL;
    if (k != 0 && (o.state || o.district || o.inbox || o.page || o.page_size))
        stray = o.state      ? "--state"
                : o.district ? "--district"
                : o.inbox    ? "--inbox"
                : o.page     ? "--page"
                             : "--page-size";
    else if (k != 3 && (o.version || o.reason || o.nmissing || o.answer))
        stray = o.version    ? "--version"
                : o.reason   ? "--reason"
                : o.nmissing ? "--missing"
                             : "--answer";
    else if (k != 0 && k != 2 && o.programme)
        stray = "--programme";
    if (stray) return cli_unknown_option("application", stray);

    struct err e = {0};
    struct app *a;
    if (app_open(&a, o.db, &e)) return cli_print_err(&e), EXIT_FAIL;
    int rc = k == 0   ? do_list(a, &o)
             : k == 1 ? do_show(a, &o, argv[optind + 1])
             : k == 2 ? do_create(a, &o, argv[optind + 1])
                      : do_act(a, &o, argv[optind + 1], argv[optind + 2]);
    app_close(a);
    return rc;
}
