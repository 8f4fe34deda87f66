/* core/workflow: the transition table, allowed and refused, over every
 * (state, action, role); what each act must carry; publicity and filing;
 * the inbox; the masked names of the public notice.
 *
 * The allowed transitions are written out here a second time, by hand,
 * from the specification (docs/workflow.md), not read from workflow_table:
 * a row added to or lost from the table fails a test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/workflow.h"

#define TODAY "2026-11-15"

struct allowed {
    const char *state, *action, *role, *to;
};

/* The specification, one line per allowed (state, action, role). "back" is
 * the review that asked for 补正. */
static const struct allowed spec[] = {
    {"draft", "submit", "applicant", "submitted"},
    {"draft", "submit", "street_officer", "submitted"},
    {"submitted", "accept", "street_officer", "street_review"},
    {"street_review", "approve", "street_officer", "district_review"},
    {"district_review", "approve", "district_officer", "city_filing"},
    {"city_filing", "approve", "city_officer", "publicity"},
    {"street_review", "return", "street_officer", "returned"},
    {"district_review", "return", "district_officer", "returned"},
    {"city_filing", "return", "city_officer", "returned"},
    {"returned", "resubmit", "applicant", "back"},
    {"returned", "resubmit", "street_officer", "back"},
    {"submitted", "reject", "street_officer", "rejected"},
    {"street_review", "reject", "street_officer", "rejected"},
    {"district_review", "reject", "district_officer", "rejected"},
    {"city_filing", "reject", "city_officer", "rejected"},
    {"publicity", "reject", "city_officer", "rejected"},
    {"draft", "withdraw", "applicant", "withdrawn"},
    {"submitted", "withdraw", "applicant", "withdrawn"},
    {"street_review", "withdraw", "applicant", "withdrawn"},
    {"district_review", "withdraw", "applicant", "withdrawn"},
    {"city_filing", "withdraw", "applicant", "withdrawn"},
    {"publicity", "withdraw", "applicant", "withdrawn"},
    {"returned", "withdraw", "applicant", "withdrawn"},
    {"publicity", "file", "city_officer", "filed"},
};
enum { NSPEC = sizeof spec / sizeof spec[0] };

static const char *st(int s)
{
    return workflow_state_names[s].code;
}

static const char *ac(int a)
{
    return workflow_action_names[a].code;
}

static const char *ro(int r)
{
    return role_names[r].code;
}

/* The spec's line for (s, a, r), or NULL. r < 0: any role. */
static const struct allowed *find(int s, int a, int r)
{
    for (int i = 0; i < NSPEC; i++)
        if (strcmp(spec[i].state, st(s)) == 0 && strcmp(spec[i].action, ac(a)) == 0 &&
            (r < 0 || strcmp(spec[i].role, ro(r)) == 0))
            return &spec[i];
    return NULL;
}

/* 1 when role r takes action a in some state. */
static int role_ever(int a, int r)
{
    for (int i = 0; i < NSPEC; i++)
        if (strcmp(spec[i].action, ac(a)) == 0 && strcmp(spec[i].role, ro(r)) == 0) return 1;
    return 0;
}

static struct actor actor_of(enum role r)
{
    struct actor who;
    memset(&who, 0, sizeof who);
    who.account_id = 7;
    who.role = r;
    snprintf(who.username, sizeof who.username, "%s-1", role_names[r].code);
    if (r == ROLE_STREET_OFFICER) strcpy(who.scope, "110105001");
    if (r == ROLE_DISTRICT_OFFICER) strcpy(who.scope, "110105");
    if (r == ROLE_CITY_OFFICER || r == ROLE_OPERATOR) strcpy(who.scope, "110000");
    if (r == ROLE_APPLICANT) who.household_id = 3;
    return who;
}

/* An eligible (or not) outcome with two criteria, the second failing when not. */
static struct eligibility outcome(int eligible)
{
    struct eligibility r;
    memset(&r, 0, sizeof r);
    r.eligible = eligible;
    r.ncriteria = 2;
    r.criteria[0].kind = CRIT_HUKOU_IN;
    r.criteria[0].pass = 1;
    r.criteria[1].kind = CRIT_ANNUAL_INCOME_MAX;
    r.criteria[1].pass = eligible;
    return r;
}

static const char *const missing_two[] = {"近 12 个月收入证明", "户口簿复印件"};

/* An act that carries everything any row may need. */
static struct workflow_act full_act(int a, const struct actor *who, const struct eligibility *el)
{
    struct workflow_act act = {
        .action = (enum workflow_action)a,
        .who = who,
        .reason = "收入超过标准",
        .missing = missing_two,
        .nmissing = 2,
        .answer = "已补交收入证明",
        .today = TODAY,
        .eligibility = el,
    };
    return act;
}

/* A case in state s in which every condition of the table is met. */
static struct workflow_case ready_case(int s)
{
    struct workflow_case c = {
        .state = (enum workflow_state)s, .returned_from = WF_DISTRICT_REVIEW, .publicity_days = 15};
    strcpy(c.publicity_end, "2026-11-01");
    return c;
}

static void every_state_action_and_role_is_allowed_or_refused_as_specified(void **state)
{
    (void)state;
    struct eligibility el = outcome(1);
    int allowed = 0, refused = 0;
    for (int s = 0; s < WF_STATE_COUNT; s++)
        for (int a = 0; a < WF_ACTION_COUNT; a++)
            for (int r = 0; r < ROLE_COUNT; r++) {
                struct actor who = actor_of((enum role)r);
                const struct allowed *want = find(s, a, r);
                const struct workflow_transition *row;
                struct err e = {0};
                int rc = workflow_permits((enum workflow_state)s, (enum workflow_action)a, &who,
                                          &row, &e);
                if (want) {
                    if (rc != 0)
                        fail_msg("%s %s by %s should be allowed: %s", st(s), ac(a), ro(r), e.en);
                    /* and with everything it needs, it leads where the spec says */
                    struct workflow_case c = ready_case(s);
                    struct workflow_act act = full_act(a, &who, &el);
                    struct workflow_result out;
                    if (workflow_decide(&c, &act, &out, &e))
                        fail_msg("%s %s by %s: %s", st(s), ac(a), ro(r), e.en);
                    const char *to = strcmp(want->to, "back") == 0 ? "district_review" : want->to;
                    assert_string_equal(st(out.to), to);
                    allowed++;
                    continue;
                }
                if (rc == 0) fail_msg("%s %s by %s should be refused", st(s), ac(a), ro(r));
                /* 403 when the role may not (never, or not in this state while
                 * another role may); 422 when the action does not apply here */
                enum err_code code =
                    !role_ever(a, r) || find(s, a, -1) ? ERR_FORBIDDEN : ERR_INVALID;
                if (e.code != code)
                    fail_msg("%s %s by %s: expected %s, got %s (%s)", st(s), ac(a), ro(r),
                             err_code_name(code), err_code_name(e.code), e.en);
                assert_string_equal(e.field, "action");
                assert_true(strlen(e.zh) > 0 && strlen(e.en) > 0);
                refused++;
            }
    assert_int_equal(allowed, NSPEC);
    assert_int_equal(allowed + refused, WF_STATE_COUNT * WF_ACTION_COUNT * ROLE_COUNT);
}

static void the_table_holds_exactly_the_specified_rows(void **state)
{
    (void)state;
    assert_int_equal(workflow_table_len, NSPEC);
    for (size_t i = 0; i < workflow_table_len; i++) {
        const struct workflow_transition *t = &workflow_table[i];
        assert_non_null(find(t->from, t->action, t->role));
        for (size_t k = 0; k < i; k++) /* no duplicates */
            assert_false(workflow_table[k].from == t->from &&
                         workflow_table[k].action == t->action &&
                         workflow_table[k].role == t->role);
    }
}

static void the_local_operator_may_take_any_row_and_nothing_else(void **state)
{
    (void)state;
    struct eligibility el = outcome(1);
    for (int s = 0; s < WF_STATE_COUNT; s++)
        for (int a = 0; a < WF_ACTION_COUNT; a++) {
            const struct workflow_transition *row;
            struct err e = {0};
            int rc =
                workflow_permits((enum workflow_state)s, (enum workflow_action)a, NULL, &row, &e);
            if (find(s, a, -1)) {
                assert_int_equal(rc, 0);
                struct workflow_case c = ready_case(s);
                struct workflow_act act = full_act(a, NULL, &el);
                struct workflow_result out;
                assert_int_equal(workflow_decide(&c, &act, &out, &e), 0);
            } else {
                assert_int_equal(rc, -1);
                assert_int_equal(e.code, ERR_INVALID); /* never 403: the operator may do all */
            }
        }
}

static void refusals_say_why_in_chinese_and_english(void **state)
{
    (void)state;
    struct actor city = actor_of(ROLE_CITY_OFFICER), street = actor_of(ROLE_STREET_OFFICER),
                 auditor = actor_of(ROLE_AUDITOR);
    const struct workflow_transition *row;
    struct err e = {0};
    assert_int_equal(workflow_permits(WF_FILED, WF_APPROVE, &city, &row, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.zh, "“审核”不适用于“已备案”状态");
    assert_string_equal(e.en, "approve is not allowed in state filed");

    assert_int_equal(workflow_permits(WF_DISTRICT_REVIEW, WF_APPROVE, &street, &row, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_string_equal(e.zh, "街道经办人角色无权在“区级审核”状态执行“审核”");
    assert_string_equal(e.en, "the street officer role may not approve in state district_review");

    assert_int_equal(workflow_permits(WF_STREET_REVIEW, WF_APPROVE, &auditor, &row, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_string_equal(e.zh, "审计员角色无权执行“审核”");
    assert_string_equal(e.en, "the auditor role may not approve");
}

static void reject_return_and_resubmit_need_their_fields(void **state)
{
    (void)state;
    struct actor street = actor_of(ROLE_STREET_OFFICER), applicant = actor_of(ROLE_APPLICANT);
    struct eligibility el = outcome(1);
    struct workflow_case c = ready_case(WF_STREET_REVIEW);
    struct workflow_result out;
    struct err e = {0};

    struct workflow_act act = full_act(WF_REJECT, &street, &el);
    const char *blank[] = {NULL, "", "  \n "};
    for (int i = 0; i < 3; i++) {
        act.reason = blank[i];
        assert_int_equal(workflow_decide(&c, &act, &out, &e), -1);
        assert_int_equal(e.code, ERR_INVALID);
        assert_string_equal(e.field, "reason");
    }
    act.reason = "收入\t超标"; /* a control character */
    assert_int_equal(workflow_decide(&c, &act, &out, &e), -1);
    assert_string_equal(e.field, "reason");
    act.reason = "经核对，家庭收入超过标准。\n详见核对报告。"; /* line breaks are fine */
    assert_int_equal(workflow_decide(&c, &act, &out, &e), 0);
    assert_int_equal(out.to, WF_REJECTED);

    act = full_act(WF_RETURN, &street, &el);
    act.nmissing = 0;
    assert_int_equal(workflow_decide(&c, &act, &out, &e), -1);
    assert_string_equal(e.field, "missing");
    const char *with_blank[] = {"户口簿", " "};
    act.missing = with_blank;
    act.nmissing = 2;
    assert_int_equal(workflow_decide(&c, &act, &out, &e), -1);
    assert_string_equal(e.field, "missing[1]");
    const char *many[WF_MISSING_MAX + 1];
    for (int i = 0; i <= WF_MISSING_MAX; i++)
        many[i] = "材料";
    act.missing = many;
    act.nmissing = WF_MISSING_MAX + 1;
    assert_int_equal(workflow_decide(&c, &act, &out, &e), -1);
    assert_string_equal(e.field, "missing");
    act.nmissing = WF_MISSING_MAX;
    assert_int_equal(workflow_decide(&c, &act, &out, &e), 0);
    assert_int_equal(out.to, WF_RETURNED);
    assert_int_equal(out.returned_from, WF_STREET_REVIEW);

    c = ready_case(WF_RETURNED);
    act = full_act(WF_RESUBMIT, &applicant, &el);
    act.answer = "";
    assert_int_equal(workflow_decide(&c, &act, &out, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "answer");
}

static void a_resubmission_goes_back_to_the_review_that_returned_it(void **state)
{
    (void)state;
    struct eligibility el = outcome(1);
    const enum workflow_state reviews[] = {WF_STREET_REVIEW, WF_DISTRICT_REVIEW, WF_CITY_FILING};
    const enum role officers[] = {ROLE_STREET_OFFICER, ROLE_DISTRICT_OFFICER, ROLE_CITY_OFFICER};
    for (int i = 0; i < 3; i++) {
        struct actor officer = actor_of(officers[i]), applicant = actor_of(ROLE_APPLICANT);
        struct workflow_case c = ready_case(reviews[i]);
        struct workflow_act act = full_act(WF_RETURN, &officer, &el);
        struct workflow_result out;
        struct err e = {0};
        assert_int_equal(workflow_decide(&c, &act, &out, &e), 0);
        assert_int_equal(out.to, WF_RETURNED);
        assert_int_equal(out.returned_from, reviews[i]);

        c.state = WF_RETURNED;
        c.returned_from = out.returned_from;
        act = full_act(WF_RESUBMIT, &applicant, &el);
        assert_int_equal(workflow_decide(&c, &act, &out, &e), 0);
        assert_int_equal(out.to, reviews[i]);
        assert_int_equal(out.returned_from, -1);
    }
}

static void approve_and_file_need_an_eligible_household(void **state)
{
    (void)state;
    struct actor street = actor_of(ROLE_STREET_OFFICER), city = actor_of(ROLE_CITY_OFFICER);
    struct eligibility no = outcome(0);
    struct workflow_case c = ready_case(WF_STREET_REVIEW);
    struct workflow_act act = full_act(WF_APPROVE, &street, &no);
    struct workflow_result out;
    struct err e = {0};
    assert_int_equal(workflow_decide(&c, &act, &out, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "eligibility");
    assert_non_null(strstr(e.zh, "1 项未满足"));
    assert_non_null(strstr(e.en, "reject it instead"));
    act.eligibility = NULL; /* no policy version covers the household */
    assert_int_equal(workflow_decide(&c, &act, &out, &e), -1);
    assert_string_equal(e.field, "eligibility");
    assert_non_null(strstr(e.en, "no policy version"));

    /* rejecting, returning and accepting do not need it */
    act = full_act(WF_REJECT, &street, &no);
    assert_int_equal(workflow_decide(&c, &act, &out, &e), 0);
    act = full_act(WF_RETURN, &street, NULL);
    assert_int_equal(workflow_decide(&c, &act, &out, &e), 0);

    c = ready_case(WF_PUBLICITY);
    act = full_act(WF_FILE, &city, &no);
    assert_int_equal(workflow_decide(&c, &act, &out, &e), -1);
    assert_string_equal(e.field, "eligibility");
}

static void approval_by_the_city_opens_publicity_for_its_days_or_files_at_once(void **state)
{
    (void)state;
    struct actor city = actor_of(ROLE_CITY_OFFICER);
    struct eligibility el = outcome(1);
    struct workflow_case c = ready_case(WF_CITY_FILING);
    struct workflow_act act = full_act(WF_APPROVE, &city, &el);
    struct workflow_result out;
    struct err e = {0};

    c.publicity_days = 15; /* Beijing 公租房 */
    assert_int_equal(workflow_decide(&c, &act, &out, &e), 0);
    assert_int_equal(out.to, WF_PUBLICITY);
    assert_string_equal(out.publicity_start, "2026-11-15");
    assert_string_equal(out.publicity_end, "2026-11-29"); /* 15 days, both ends counted */
    assert_string_equal(out.filed_date, "");

    c.publicity_days = 1;
    assert_int_equal(workflow_decide(&c, &act, &out, &e), 0);
    assert_string_equal(out.publicity_end, "2026-11-15");

    act.today = "2026-12-25"; /* across the year's end */
    c.publicity_days = 15;
    assert_int_equal(workflow_decide(&c, &act, &out, &e), 0);
    assert_string_equal(out.publicity_end, "2027-01-08");

    act.today = TODAY;
    c.publicity_days = 0; /* no 公示: filed at once, today is the waiting-list date */
    assert_int_equal(workflow_decide(&c, &act, &out, &e), 0);
    assert_int_equal(out.to, WF_FILED);
    assert_string_equal(out.publicity_start, "");
    assert_string_equal(out.publicity_end, "");
    assert_string_equal(out.filed_date, "2026-11-15");
}

static void filing_waits_for_the_end_of_publicity_and_every_objection(void **state)
{
    (void)state;
    struct actor city = actor_of(ROLE_CITY_OFFICER);
    struct eligibility el = outcome(1);
    struct workflow_case c = ready_case(WF_PUBLICITY);
    strcpy(c.publicity_end, "2026-11-29");
    struct workflow_act act = full_act(WF_FILE, &city, &el);
    struct workflow_result out;
    struct err e = {0};

    act.today = "2026-11-20"; /* during */
    assert_int_equal(workflow_decide(&c, &act, &out, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "publicity_end");
    assert_string_equal(e.zh, "公示期至 2026-11-29 结束，2026-11-30 起方可备案");
    act.today = "2026-11-29"; /* the last day is still publicity */
    assert_int_equal(workflow_decide(&c, &act, &out, &e), -1);
    assert_string_equal(e.field, "publicity_end");

    act.today = "2026-11-30"; /* after */
    assert_int_equal(workflow_decide(&c, &act, &out, &e), 0);
    assert_int_equal(out.to, WF_FILED);
    assert_string_equal(out.filed_date, "2026-11-30");

    c.open_objections = 1;
    assert_int_equal(workflow_decide(&c, &act, &out, &e), -1);
    assert_string_equal(e.field, "objections");
    assert_non_null(strstr(e.en, "not resolved"));
    c.open_objections = 0;
    c.upheld_objections = 1; /* the city officer rejects instead */
    assert_int_equal(workflow_decide(&c, &act, &out, &e), -1);
    assert_string_equal(e.field, "objections");
    assert_non_null(strstr(e.en, "upheld"));
    act = full_act(WF_REJECT, &city, &el);
    assert_int_equal(workflow_decide(&c, &act, &out, &e), 0);
    assert_int_equal(out.to, WF_REJECTED);

    c.upheld_objections = 0;
    c.publicity_end[0] = '\0'; /* never opened: a damaged record */
    act = full_act(WF_FILE, &city, &el);
    assert_int_equal(workflow_decide(&c, &act, &out, &e), -1);
    assert_string_equal(e.field, "publicity_end");
}

static void each_role_finds_in_its_inbox_the_states_it_moves_on(void **state)
{
    (void)state;
    struct {
        enum role r;
        unsigned states;
    } want[] = {
        {ROLE_APPLICANT, 1u << WF_DRAFT | 1u << WF_RETURNED},
        {ROLE_STREET_OFFICER,
         1u << WF_DRAFT | 1u << WF_SUBMITTED | 1u << WF_STREET_REVIEW | 1u << WF_RETURNED},
        {ROLE_DISTRICT_OFFICER, 1u << WF_DISTRICT_REVIEW},
        {ROLE_CITY_OFFICER, 1u << WF_CITY_FILING | 1u << WF_PUBLICITY},
        {ROLE_OPERATOR, 0},
        {ROLE_AUDITOR, 0},
        {ROLE_ADMIN, 0},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        struct actor who = actor_of(want[i].r);
        assert_int_equal(workflow_inbox(&who), want[i].states);
    }
    assert_int_equal(workflow_inbox(NULL), 1u << WF_DRAFT | 1u << WF_SUBMITTED |
                                               1u << WF_STREET_REVIEW | 1u << WF_DISTRICT_REVIEW |
                                               1u << WF_CITY_FILING | 1u << WF_PUBLICITY |
                                               1u << WF_RETURNED);
}

static void the_actions_offered_follow_the_table(void **state)
{
    (void)state;
    struct actor street = actor_of(ROLE_STREET_OFFICER), applicant = actor_of(ROLE_APPLICANT),
                 city = actor_of(ROLE_CITY_OFFICER);
    assert_int_equal(workflow_actions(WF_STREET_REVIEW, &street),
                     1u << WF_APPROVE | 1u << WF_RETURN | 1u << WF_REJECT);
    assert_int_equal(workflow_actions(WF_STREET_REVIEW, &applicant), 1u << WF_WITHDRAW);
    assert_int_equal(workflow_actions(WF_PUBLICITY, &city), 1u << WF_REJECT | 1u << WF_FILE);
    for (int s = WF_FILED; s < WF_STATE_COUNT; s++)
        if (workflow_state_final((enum workflow_state)s))
            assert_int_equal(workflow_actions((enum workflow_state)s, NULL), 0);
    assert_true(workflow_state_final(WF_FILED) && workflow_state_final(WF_REJECTED) &&
                workflow_state_final(WF_WITHDRAWN) && !workflow_state_final(WF_RETURNED) &&
                !workflow_state_final(WF_PUBLICITY));
}

static void names_are_masked_to_the_first_character(void **state)
{
    (void)state;
    char out[64];
    workflow_mask_name("张三", out, sizeof out);
    assert_string_equal(out, "张*");
    workflow_mask_name("张子涵", out, sizeof out);
    assert_string_equal(out, "张**");
    workflow_mask_name("欧阳娜娜", out, sizeof out);
    assert_string_equal(out, "欧***");
    workflow_mask_name("张", out, sizeof out); /* never the whole name */
    assert_string_equal(out, "张*");
    workflow_mask_name("Li Lei", out, sizeof out);
    assert_string_equal(out, "L*****");
    workflow_mask_name("", out, sizeof out);
    assert_string_equal(out, "*");
    workflow_mask_name("张三", out, 4); /* too small for 张* and its NUL: nothing */
    assert_string_equal(out, "");
    workflow_mask_name("张三", out, 5);
    assert_string_equal(out, "张*");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_state_action_and_role_is_allowed_or_refused_as_specified),
        cmocka_unit_test(the_table_holds_exactly_the_specified_rows),
        cmocka_unit_test(the_local_operator_may_take_any_row_and_nothing_else),
        cmocka_unit_test(refusals_say_why_in_chinese_and_english),
        cmocka_unit_test(reject_return_and_resubmit_need_their_fields),
        cmocka_unit_test(a_resubmission_goes_back_to_the_review_that_returned_it),
        cmocka_unit_test(approve_and_file_need_an_eligible_household),
        cmocka_unit_test(approval_by_the_city_opens_publicity_for_its_days_or_files_at_once),
        cmocka_unit_test(filing_waits_for_the_end_of_publicity_and_every_objection),
        cmocka_unit_test(each_role_finds_in_its_inbox_the_states_it_moves_on),
        cmocka_unit_test(the_actions_offered_follow_the_table),
        cmocka_unit_test(names_are_masked_to_the_first_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
