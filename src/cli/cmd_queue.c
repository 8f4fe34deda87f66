/* cli/cmd_queue — anju queue show | position | re-report | mark-overdue
 *
 * The waiting lists at the command line, as the local operator (the NULL
 * actor of core/access). Positions are computed on demand as of today
 * (docs/queue.md); a re-report and the overdue marks are recorded in the
 * application's history and the audit log as local:<login name>. */
#include "app/eligibility.h"
#include "app/queue.h"
#include "base/date.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char queue_help[] =
    "用法 / usage:\n"
    "  anju queue show PROGRAMME [--district CODE] [--limit N] [--json]\n"
    "      一种保障方式的轮候名单，按轮候次序（默认前 50 户，--limit 最多 10000）。\n"
    "      The waiting list of a programme, in queue order (the first 50 families;\n"
    "      --limit at most 10000).\n"
    "  anju queue position APPLICATION_ID [--json]\n"
    "      一份已备案申请的位次、类别、类别中排在前面的户数和原因，以及定期申报情况。\n"
    "      A filed application's place, class, how many are ahead in its class and why,\n"
    "      and its re-reporting.\n"
    "  anju queue re-report APPLICATION_ID [--json]\n"
    "      登记一次定期申报（今天）：按家庭当前档案重新核对和判定资格，清除逾期标记。\n"
    "      Records a re-report (today): the household is verified and decided again on\n"
    "      its current record, and an overdue mark is cleared.\n"
    "  anju queue mark-overdue [--as-of YYYY-MM-DD] [--programme P]\n"
    "      把下次申报截止日早于该日（默认今天）且尚未标记的家庭标记为逾期未申报。\n"
    "      Marks the families whose next re-report was due before that day (default\n"
    "      today) and that are not marked yet as overdue.\n"
    "  选项 / options: --db FILE\n\n"
    "次序 / order: 优先类别（按政策次序，轮候满 5 年为一类）→ 备案日期 → 申请编号；\n"
    "  priority class (the policy's precedence; waiting 5 years or more is a class)\n"
    "  → filing date → application number (docs/queue.md).\n"
    "定期申报 / re-reporting: 每 re_report_months 个月（北京公租房 24）一次，截止日为\n"
    "  备案日期 + k × 24 个月 / due every re_report_months months from the filing date.\n\n"
    "退出码 / exit codes: 0 成功 ok, 1 失败或被拒绝 failure or refused, 2 用法错误 bad usage.\n";

enum { OPT_DB = 1000, OPT_DISTRICT, OPT_LIMIT, OPT_JSON, OPT_AS_OF, OPT_PROGRAMME };
enum { LIMIT_DEFAULT = 50, LIMIT_MAX = 10000 };

struct opts {
    const char *db, *district, *limit, *as_of, *programme;
    int json;
};

static void print_policy(const struct queue_item *it)
{
    if (it->policy_id)
        printf("%s@%s", it->policy_code, it->policy_version);
    else
        fputs("无适用政策 / no policy", stdout);
}

static int do_show(struct app *a, const struct opts *o, const char *programme)
{
    struct err e = {0};
    enum programme p;
    if (app_programme_parse(programme, &p, "PROGRAMME", &e)) return cli_print_err(&e), EXIT_USAGE;
    int64_t limit = LIMIT_DEFAULT;
    if (o->limit && cli_positive("queue", "--limit", o->limit, LIMIT_MAX, &limit))
        return EXIT_USAGE;
    struct queue_query q = {.programme = p, .district = o->district, .page = 1, .page_size = limit};
    struct queue_item *items;
    size_t n;
    int64_t total;
    char as_of[11];
    if (app_queue_list(a, NULL, &q, &items, &n, &total, as_of, &e))
        return cli_print_err(&e), cli_exit_code(&e);
    int rc = EXIT_OK;
    if (o->json) {
        json_t *list = json_array();
        for (size_t i = 0; list && i < n; i++)
            json_array_append_new(list, app_queue_item_json(&items[i]));
        rc = cli_print_json(list ? json_pack("{s:s, s:s, s:o, s:I, s:I}", "programme",
                                             programme_names[p].code, "as_of", as_of, "items", list,
                                             "total", (json_int_t)total, "limit", (json_int_t)limit)
                                 : NULL);
        free(items);
        return rc;
    }
    printf("轮候名单：%s · %s · 共 %lld 户\n", programme_names[p].zh, as_of, (long long)total);
    printf("waiting list: %s · as of %s · %lld famil%s\n", programme_names[p].en, as_of,
           (long long)total, total == 1 ? "y" : "ies");
    for (size_t i = 0; i < n; i++) {
        const struct queue_item *it = &items[i];
        if (i == 0 || it->policy_id != items[i - 1].policy_id) {
            fputs("\n政策 / policy: ", stdout);
            print_policy(it);
            printf(" · %ld 户 / families\n", it->queue_size);
            printf("%-8s %-22s %-8s %-14s %-14s %-20s %-10s %-10s %-10s %s\n", "position", "class",
                   "in_class", "application_no", "household", "id_number", "district", "filed",
                   "next_due", "applicant");
        }
        char cls[48];
        snprintf(cls, sizeof cls, "%d %s", it->class_number, it->class_code);
        printf("%-8ld %-22s %-8ld %-14s %-14s %-20s %-10s %-10s %-10s %s%s\n", it->place.position,
               cls, it->place.position_in_class, it->application_no, it->household_no,
               it->applicant_id_number, it->district_code, it->filed_date,
               cli_or_dash(it->next_re_report_due), it->applicant_name,
               it->overdue ? "  逾期未申报 / overdue" : "");
    }
    if ((int64_t)n < total)
        printf(
            "（显示前 %zu 户，用 --limit 显示更多）/ (the first %zu shown; --limit shows more)\n",
            n, n);
    free(items);
    return rc;
}

static void print_item(const struct queue_item *it)
{
    const struct code_name *p = &programme_names[it->programme];
    printf("申请 %s · %s · ", it->application_no, p->zh);
    print_policy(it);
    printf(" · %s\n", it->as_of);
    printf("application %s · %s · as of %s\n", it->application_no, p->en, it->as_of);
    printf("位次 / position: %ld / %ld\n", it->place.position, it->queue_size);
    printf("类别 / class: 第 %d 类 %s / class %d, %s (%s)\n", it->class_number, it->class_zh,
           it->class_number, it->class_en, it->class_code);
    printf(
        "类别中 / in class: 第 %ld 位（共 %ld 户），前面 %ld 户 / number %ld of %ld, %ld ahead\n",
        it->place.position_in_class, it->place.class_size, it->place.ahead_in_class,
        it->place.position_in_class, it->place.class_size, it->place.ahead_in_class);
    printf("%s\n%s\n", it->why_zh, it->why_en);
    printf("备案 / filed: %s · 上次申报 / last re-report: %s · 下次申报截止 / next due: %s\n",
           it->filed_date, cli_or_dash(it->last_re_report), cli_or_dash(it->next_re_report_due));
    if (it->overdue)
        printf("逾期未申报 / overdue: 截止日 %s 未申报 / the re-report due %s was missed\n",
               it->overdue_due, it->overdue_due);
    if (it->people)
        printf("家庭 / household: %s · 申请人 / applicant: %s %s · %d 人 / members\n",
               it->household_no, it->applicant_name, it->applicant_id_number, it->members);
}

static int do_position(struct app *a, const struct opts *o, const char *arg)
{
    int64_t id;
    if (cli_positive("queue", "APPLICATION_ID", arg, INT64_MAX / 2, &id)) return EXIT_USAGE;
    struct err e = {0};
    struct queue_item *it = malloc(sizeof *it);
    if (!it) return EXIT_FAIL;
    int rc;
    if (app_queue_position(a, NULL, id, it, &e)) {
        cli_print_err(&e);
        rc = cli_exit_code(&e);
    } else if (o->json) {
        rc = cli_print_json(app_queue_item_json(it));
    } else {
        print_item(it);
        rc = EXIT_OK;
    }
    free(it);
    return rc;
}

static int do_re_report(struct app *a, const struct opts *o, const char *arg)
{
    int64_t id;
    if (cli_positive("queue", "APPLICATION_ID", arg, INT64_MAX / 2, &id)) return EXIT_USAGE;
    struct err e = {0};
    struct queue_item *after = malloc(sizeof *after);
    if (!after) return EXIT_FAIL;
    struct queue_re_report r;
    int rc = EXIT_OK;
    if (app_queue_re_report(a, NULL, id, &r, after, &e)) {
        cli_print_err(&e);
        rc = cli_exit_code(&e);
    } else if (o->json) {
        json_t *j = app_re_report_json(&r, after->application_id ? after->next_re_report_due : "");
        if (j)
            json_object_set_new(j, "place",
                                after->application_id ? app_queue_item_json(after) : json_null());
        rc = cli_print_json(j);
    } else {
        const char *zh = r.eligible < 0 ? "无适用政策" : r.eligible ? "符合" : "不符合";
        const char *en = r.eligible < 0 ? "no policy" : r.eligible ? "eligible" : "not eligible";
        printf("申请 %s 已定期申报（%s），资格：%s\n", r.application_no, r.reported_on, zh);
        printf("application %s re-reported on %s; eligibility: %s\n", r.application_no,
               r.reported_on, en);
        if (r.cleared_overdue[0])
            printf("已清除逾期标记（截止日 %s）/ the overdue mark (due %s) is cleared\n",
                   r.cleared_overdue, r.cleared_overdue);
        if (after->application_id) {
            printf("下次申报截止 / next re-report due: %s\n",
                   cli_or_dash(after->next_re_report_due));
            printf("位次 / position: %ld / %ld\n", after->place.position, after->queue_size);
        }
    }
    free(after);
    return rc;
}

static int do_mark_overdue(struct app *a, const struct opts *o)
{
    struct err e = {0};
    int p = -1;
    if (o->programme) {
        enum programme prog;
        if (app_programme_parse(o->programme, &prog, "--programme", &e))
            return cli_print_err(&e), EXIT_USAGE;
        p = (int)prog;
    }
    struct overdue_report r;
    if (app_queue_mark_overdue(a, NULL, p, o->as_of, &r, &e))
        return cli_print_err(&e), cli_exit_code(&e);
    printf("截至 %s：检查 %ld 户，需定期申报 %ld 户，新标记逾期 %ld 户，此前已标记 %ld 户\n",
           r.as_of, r.checked, r.due, r.marked, r.already);
    printf("as of %s: %ld checked, %ld with re-reporting, %ld newly marked overdue, %ld marked "
           "before\n",
           r.as_of, r.checked, r.due, r.marked, r.already);
    return EXIT_OK;
}

int cmd_queue(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(queue_help, stdout), EXIT_OK;
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"district", required_argument, NULL, OPT_DISTRICT},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"json", no_argument, NULL, OPT_JSON},
        {"as-of", required_argument, NULL, OPT_AS_OF},
        {"programme", required_argument, NULL, OPT_PROGRAMME},
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
        case OPT_DISTRICT:
            o.district = optarg;
            break;
        case OPT_LIMIT:
            o.limit = optarg;
            break;
        case OPT_JSON:
            o.json = 1;
            break;
        case OPT_AS_OF:
            o.as_of = optarg;
            break;
        case OPT_PROGRAMME:
            o.programme = optarg;
            break;
        default:
            return cli_unknown_option("queue", argv[optind - 1]);
        }
    }
    static const struct cli_sub subs[] = {
        {"show", 1}, {"position", 1}, {"re-report", 1}, {"mark-overdue", 0}};
    int k, bad = cli_subcommand("queue", argc, argv, optind, subs, 4,
                                "应为 show、position、re-report 或 mark-overdue",
                                "expected show, position, re-report or mark-overdue", &k);
    if (bad) return bad;
    /* options that do not belong to the subcommand */
    const char *stray = NULL;
    if (k != 0 && (o.district || o.limit))
        stray = o.district ? "--district" : "--limit";
    else if (k != 3 && (o.as_of || o.programme))
        stray = o.as_of ? "--as-of" : "--programme";
    else if (k == 3 && o.json)
        stray = "--json";
    if (stray) return cli_unknown_option("queue", stray);
    if (o.district && (strlen(o.district) != 6 || strspn(o.district, "0123456789") != 6))
        return cli_usage_error("queue", "--district 应为 6 位区县代码",
                               "--district must be a 6-digit district code");

    struct err e = {0};
    struct app *a;
    if (app_open(&a, o.db, &e)) return cli_print_err(&e), EXIT_FAIL;
    int rc = k == 0   ? do_show(a, &o, argv[optind + 1])
             : k == 1 ? do_position(a, &o, argv[optind + 1])
             : k == 2 ? do_re_report(a, &o, argv[optind + 1])
                      : do_mark_overdue(a, &o);
    app_close(a);
    return rc;
}
