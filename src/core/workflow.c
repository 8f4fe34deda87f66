/* core/workflow — the transition table and the rules around it. */
#include "core/workflow.h"

#include "base/date.h"

#include <stdio.h>
#include <string.h>

const struct code_name workflow_state_names[WF_STATE_COUNT] = {
    [WF_DRAFT] = {"draft", "草稿", "draft"},
    [WF_SUBMITTED] = {"submitted", "已提交", "submitted"},
    [WF_STREET_REVIEW] = {"street_review", "街道审核", "street review"},
    [WF_DISTRICT_REVIEW] = {"district_review", "区级审核", "district review"},
    [WF_CITY_FILING] = {"city_filing", "市级备案审核", "city filing review"},
    [WF_PUBLICITY] = {"publicity", "公示中", "publicity"},
    [WF_FILED] = {"filed", "已备案", "filed"},
    [WF_RETURNED] = {"returned", "待补正", "returned for correction"},
    [WF_REJECTED] = {"rejected", "已驳回", "rejected"},
    [WF_WITHDRAWN] = {"withdrawn", "已撤回", "withdrawn"},
};

const struct code_name workflow_action_names[WF_ACTION_COUNT] = {
    [WF_SUBMIT] = {"submit", "提交", "submit"},
    [WF_ACCEPT] = {"accept", "受理", "accept"},
    [WF_APPROVE] = {"approve", "审核", "approve"},
    [WF_RETURN] = {"return", "退回补正", "return for correction"},
    [WF_RESUBMIT] = {"resubmit", "补正后提交", "resubmit"},
    [WF_REJECT] = {"reject", "驳回", "reject"},
    [WF_WITHDRAW] = {"withdraw", "撤回", "withdraw"},
    [WF_FILE] = {"file", "备案", "file"},
};

#define APPLICANT ROLE_APPLICANT
#define STREET ROLE_STREET_OFFICER
#define DISTRICT ROLE_DISTRICT_OFFICER
#define CITY ROLE_CITY_OFFICER
#define REASON WF_NEEDS_REASON
#define MISSING WF_NEEDS_MISSING
#define ANSWER WF_NEEDS_ANSWER
#define ELIGIBLE WF_NEEDS_ELIGIBLE
#define PUBLICITY_OVER WF_NEEDS_PUBLICITY_OVER
#define BACK WF_TO_RETURNED_FROM

/* The transition table: every allowed (state, action, role). Nothing else is.
 * Columns: from state, action, role, to state, what it needs. BACK: to the
 * review that asked for 补正 (returned_from). */
// clang-format off
const struct workflow_transition workflow_table[] = {
    {WF_DRAFT,           WF_SUBMIT,   APPLICANT, WF_SUBMITTED,       0},
    {WF_DRAFT,           WF_SUBMIT,   STREET,    WF_SUBMITTED,       0},
    {WF_SUBMITTED,       WF_ACCEPT,   STREET,    WF_STREET_REVIEW,   0},

    {WF_STREET_REVIEW,   WF_APPROVE,  STREET,    WF_DISTRICT_REVIEW, ELIGIBLE},
    {WF_DISTRICT_REVIEW, WF_APPROVE,  DISTRICT,  WF_CITY_FILING,     ELIGIBLE},
    {WF_CITY_FILING,     WF_APPROVE,  CITY,      WF_PUBLICITY,       ELIGIBLE}, /* filed when no 公示 */

    {WF_STREET_REVIEW,   WF_RETURN,   STREET,    WF_RETURNED,        MISSING},
    {WF_DISTRICT_REVIEW, WF_RETURN,   DISTRICT,  WF_RETURNED,        MISSING},
    {WF_CITY_FILING,     WF_RETURN,   CITY,      WF_RETURNED,        MISSING},

    {WF_RETURNED,        WF_RESUBMIT, APPLICANT, BACK,               ANSWER},
    {WF_RETURNED,        WF_RESUBMIT, STREET,    BACK,               ANSWER},

    {WF_SUBMITTED,       WF_REJECT,   STREET,    WF_REJECTED,        REASON},
    {WF_STREET_REVIEW,   WF_REJECT,   STREET,    WF_REJECTED,        REASON},
    {WF_DISTRICT_REVIEW, WF_REJECT,   DISTRICT,  WF_REJECTED,        REASON},
    {WF_CITY_FILING,     WF_REJECT,   CITY,      WF_REJECTED,        REASON},
    {WF_PUBLICITY,       WF_REJECT,   CITY,      WF_REJECTED,        REASON},

    {WF_DRAFT,           WF_WITHDRAW, APPLICANT, WF_WITHDRAWN,       0},
    {WF_SUBMITTED,       WF_WITHDRAW, APPLICANT, WF_WITHDRAWN,       0},
    {WF_STREET_REVIEW,   WF_WITHDRAW, APPLICANT, WF_WITHDRAWN,       0},
    {WF_DISTRICT_REVIEW, WF_WITHDRAW, APPLICANT, WF_WITHDRAWN,       0},
    {WF_CITY_FILING,     WF_WITHDRAW, APPLICANT, WF_WITHDRAWN,       0},
    {WF_PUBLICITY,       WF_WITHDRAW, APPLICANT, WF_WITHDRAWN,       0},
    {WF_RETURNED,        WF_WITHDRAW, APPLICANT, WF_WITHDRAWN,       0},

    {WF_PUBLICITY,       WF_FILE,     CITY,      WF_FILED,           ELIGIBLE | PUBLICITY_OVER},
};
// clang-format on
const size_t workflow_table_len = sizeof workflow_table / sizeof workflow_table[0];

#undef APPLICANT
#undef STREET
#undef DISTRICT
#undef CITY
#undef REASON
#undef MISSING
#undef ANSWER
#undef ELIGIBLE
#undef PUBLICITY_OVER
#undef BACK

int workflow_state_final(enum workflow_state s)
{
    return s == WF_FILED || s == WF_REJECTED || s == WF_WITHDRAWN;
}

/* The actor may take row: the NULL actor any row, others their role's. */
static int row_fits(const struct workflow_transition *t, const struct actor *who)
{
    return !who || t->role == who->role;
}

/* err_set for a message whose words differ by language (names in Chinese,
 * codes in English): each text is written in full by the caller. */
static int refuse(struct err *e, enum err_code code, const char *field, const char *zh,
                  const char *en)
{
    if (!e) return -1;
    err_set(e, code, field, "", "");
    snprintf(e->zh, sizeof e->zh, "%s", zh);
    snprintf(e->en, sizeof e->en, "%s", en);
    return -1;
}

int workflow_permits(enum workflow_state state, enum workflow_action action,
                     const struct actor *who, const struct workflow_transition **row, struct err *e)
{
    *row = NULL;
    if ((unsigned)state >= WF_STATE_COUNT || (unsigned)action >= WF_ACTION_COUNT)
        return err_set(e, ERR_INVALID, "action", "未知的状态或操作", "unknown state or action");
    const struct code_name *a = &workflow_action_names[action];
    const struct code_name *s = &workflow_state_names[state];
    int role_ever = 0, in_state = 0;
    for (size_t i = 0; i < workflow_table_len; i++) {
        const struct workflow_transition *t = &workflow_table[i];
        if (t->action != action) continue;
        if (row_fits(t, who)) role_ever = 1;
        if (t->from != state) continue;
        in_state = 1;
        if (row_fits(t, who)) {
            *row = t;
            return 0;
        }
    }
    char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
    if (!in_state && role_ever) {
        snprintf(zh, sizeof zh, "“%s”不适用于“%s”状态", a->zh, s->zh);
        snprintf(en, sizeof en, "%s is not allowed in state %s", a->code, s->code);
        return refuse(e, ERR_INVALID, "action", zh, en);
    }
    const struct code_name *r =
        &role_names[(unsigned)who->role < ROLE_COUNT ? who->role : ROLE_APPLICANT];
    if (!role_ever) {
        snprintf(zh, sizeof zh, "%s角色无权执行“%s”", r->zh, a->zh);
        snprintf(en, sizeof en, "the %s role may not %s", r->en, a->code);
    } else {
        snprintf(zh, sizeof zh, "%s角色无权在“%s”状态执行“%s”", r->zh, s->zh, a->zh);
        snprintf(en, sizeof en, "the %s role may not %s in state %s", r->en, a->code, s->code);
    }
    return refuse(e, ERR_FORBIDDEN, "action", zh, en);
}

/* 1 when s holds something besides spaces and line breaks. */
static int has_text(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\r') return 1;
    return 0;
}

static int need_text(const char *s, const char *field, const char *zh, const char *en,
                     struct err *e)
{
    if (!has_text(s)) return refuse(e, ERR_INVALID, field, zh, en);
    return household_text_ok(s, WF_REASON_MAX, TEXT_MULTILINE, field, e);
}

static int need_missing(const struct workflow_act *act, struct err *e)
{
    if (act->nmissing <= 0 || !act->missing)
        return err_set(e, ERR_INVALID, "missing", "退回补正须列出缺少的材料或信息",
                       "a return for correction must list what is missing");
    if (act->nmissing > WF_MISSING_MAX)
        return err_set(e, ERR_INVALID, "missing", "补正清单最多 %d 项（现有 %d 项）",
                       "at most %d items may be listed as missing (got %d)", WF_MISSING_MAX,
                       act->nmissing);
    for (int i = 0; i < act->nmissing; i++) {
        char field[32];
        snprintf(field, sizeof field, "missing[%d]", i);
        if (!has_text(act->missing[i]))
            return err_set(e, ERR_INVALID, field, "补正清单的每一项都不能为空",
                           "every item of the missing list must say something");
        if (household_text_ok(act->missing[i], WF_MISSING_ITEM_MAX, TEXT_REQUIRED, field, e))
            return -1;
    }
    return 0;
}

static int need_eligible(const struct workflow_act *act, struct err *e)
{
    const struct code_name *a = &workflow_action_names[act->action];
    const struct eligibility *r = act->eligibility;
    char zh[ERR_TEXT_MAX], en[ERR_TEXT_MAX];
    if (!r) {
        snprintf(zh, sizeof zh, "没有适用于该家庭所在区划的政策版本，无法判定资格，不能“%s”",
                 a->zh);
        snprintf(en, sizeof en,
                 "no policy version covers the household's region, so eligibility cannot be "
                 "decided: it cannot %s",
                 a->code);
        return refuse(e, ERR_INVALID, "eligibility", zh, en);
    }
    if (r->eligible) return 0;
    int failed = 0;
    for (int i = 0; i < r->ncriteria; i++)
        failed += !r->criteria[i].pass;
    snprintf(zh, sizeof zh, "家庭按现有核对数据不符合条件（%d 项未满足），不能“%s”，应予驳回",
             failed, a->zh);
    snprintf(en, sizeof en,
             "on the current verification the household is not eligible (criteria not met: %d): "
             "it cannot %s; reject it instead",
             failed, a->code);
    return refuse(e, ERR_INVALID, "eligibility", zh, en);
}

static int need_publicity_over(const struct workflow_case *c, const struct workflow_act *act,
                               struct err *e)
{
    if (date_valid(c->publicity_end) != 0)
        return err_set(e, ERR_INVALID, "publicity_end", "公示期未记录，不能备案",
                       "the publicity period is not recorded: cannot file");
    if (strcmp(act->today, c->publicity_end) <= 0) {
        char from[11];
        date_from_days(date_to_days(c->publicity_end) + 1, from);
        return err_set(e, ERR_INVALID, "publicity_end", "公示期至 %s 结束，%s 起方可备案",
                       "publicity runs until %s: filing is possible from %s", c->publicity_end,
                       from);
    }
    if (c->open_objections > 0)
        return err_set(e, ERR_INVALID, "objections", "尚有 %d 件异议未处理，不能备案",
                       "%d objection(s) are not resolved: cannot file", c->open_objections);
    if (c->upheld_objections > 0)
        return err_set(e, ERR_INVALID, "objections", "有 %d 件异议成立，不能备案，应予驳回",
                       "%d objection(s) were upheld: reject instead of filing",
                       c->upheld_objections);
    return 0;
}

int workflow_decide(const struct workflow_case *c, const struct workflow_act *act,
                    struct workflow_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    const struct workflow_transition *t;
    if (workflow_permits(c->state, act->action, act->who, &t, e)) return -1;
    if ((t->needs & WF_NEEDS_REASON) &&
        need_text(act->reason, "reason", "驳回须写明理由", "a rejection needs a written reason", e))
        return -1;
    if ((t->needs & WF_NEEDS_MISSING) && need_missing(act, e)) return -1;
    if ((t->needs & WF_NEEDS_ANSWER) &&
        need_text(act->answer, "answer", "补正后提交须写明补正内容",
                  "a resubmission needs the answer to the correction request", e))
        return -1;
    /* an optional reason still has to be well-formed text */
    if (!(t->needs & WF_NEEDS_REASON) && has_text(act->reason) &&
        household_text_ok(act->reason, WF_REASON_MAX, TEXT_MULTILINE, "reason", e))
        return -1;
    if ((t->needs & WF_NEEDS_PUBLICITY_OVER) && need_publicity_over(c, act, e)) return -1;
    if ((t->needs & WF_NEEDS_ELIGIBLE) && need_eligible(act, e)) return -1;

    out->returned_from = -1;
    if (t->to == WF_TO_RETURNED_FROM) {
        if (c->returned_from < 0 || c->returned_from >= WF_STATE_COUNT)
            return err_set(e, ERR_INVALID, "returned_from", "不知道是哪一级要求补正，无法提交",
                           "which review asked for the correction is not recorded");
        out->to = (enum workflow_state)c->returned_from;
    } else
        out->to = (enum workflow_state)t->to;
    if (out->to == WF_RETURNED) out->returned_from = (int)c->state;
    if (out->to == WF_PUBLICITY && c->publicity_days <= 0) out->to = WF_FILED; /* no 公示 */
    if (out->to == WF_PUBLICITY) {
        snprintf(out->publicity_start, sizeof out->publicity_start, "%s", act->today);
        date_from_days(date_to_days(act->today) + c->publicity_days - 1, out->publicity_end);
    }
    if (out->to == WF_FILED) snprintf(out->filed_date, sizeof out->filed_date, "%s", act->today);
    return 0;
}

unsigned workflow_actions(enum workflow_state s, const struct actor *who)
{
    unsigned mask = 0;
    for (size_t i = 0; i < workflow_table_len; i++) {
        const struct workflow_transition *t = &workflow_table[i];
        if (t->from == s && row_fits(t, who)) mask |= 1u << t->action;
    }
    return mask;
}

unsigned workflow_inbox(const struct actor *who)
{
    const unsigned forward =
        1u << WF_SUBMIT | 1u << WF_ACCEPT | 1u << WF_APPROVE | 1u << WF_RESUBMIT | 1u << WF_FILE;
    unsigned mask = 0;
    for (size_t i = 0; i < workflow_table_len; i++) {
        const struct workflow_transition *t = &workflow_table[i];
        if (row_fits(t, who) && (forward & (1u << t->action))) mask |= 1u << t->from;
    }
    return mask;
}

void workflow_mask_name(const char *name, char *out, size_t size)
{
    if (size == 0) return;
    out[0] = '\0';
    const unsigned char *p = (const unsigned char *)(name ? name : "");
    size_t first = 0, stars = 0;
    if (*p) {
        first = 1;
        while (p[first] && (p[first] & 0xC0) == 0x80)
            first++;
        for (const unsigned char *q = p + first; *q; q++)
            if ((*q & 0xC0) != 0x80) stars++;
    }
    if (stars == 0) stars = 1;
    if (first + stars + 1 > size) return; /* does not fit: show nothing rather than a cut name */
    memcpy(out, p, first);
    memset(out + first, '*', stars);
    out[first + stars] = '\0';
}
