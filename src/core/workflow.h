/* core/workflow — the review of an application, from 申请 to 备案 (pure).
 *
 * An application moves through these states:
 *
 *   draft → submitted → street_review → district_review → city_filing
 *         → publicity (公示) → filed (备案)
 *
 * and, from the reviews, to returned (补正: something is missing; answering
 * it goes back to the review that asked), rejected (驳回, with a written
 * reason) or withdrawn (撤回, by the applicant). filed, rejected and
 * withdrawn are final.
 *
 * Who may do what, in which state, is one table (workflow_table): a row per
 * allowed (state, action, role), with the state it leads to and what the
 * act must carry (a reason, the list of what is missing, an answer) or meet
 * (the household is eligible now; the publicity period is over). Anything
 * not in the table is refused: ERR_FORBIDDEN when the role may not do it,
 * ERR_INVALID when the action does not apply in the state. The NULL actor
 * (the local operator at the command line) may take any row whatever its
 * role; every other condition still applies.
 *
 * Dates (YYYY-MM-DD) are given by the caller: no clock is read here.
 * Scope (whose application it is) is the caller's check (core/access).
 */
#ifndef ANJU_CORE_WORKFLOW_H
#define ANJU_CORE_WORKFLOW_H

#include "base/err.h"
#include "core/access.h"
#include "core/eligibility.h"

#include <stddef.h>

enum workflow_state {
    WF_DRAFT,           /* 草稿 */
    WF_SUBMITTED,       /* 已提交，待街道受理 */
    WF_STREET_REVIEW,   /* 街道审核 */
    WF_DISTRICT_REVIEW, /* 区级审核 */
    WF_CITY_FILING,     /* 市级备案审核 */
    WF_PUBLICITY,       /* 公示中 */
    WF_FILED,           /* 已备案 (final) */
    WF_RETURNED,        /* 待补正 */
    WF_REJECTED,        /* 已驳回 (final) */
    WF_WITHDRAWN,       /* 已撤回 (final) */
    WF_STATE_COUNT
};
extern const struct code_name workflow_state_names[WF_STATE_COUNT];

enum workflow_action {
    WF_SUBMIT,   /* 提交 */
    WF_ACCEPT,   /* 受理 */
    WF_APPROVE,  /* 审核（通过） */
    WF_RETURN,   /* 退回补正 */
    WF_RESUBMIT, /* 补正后提交 */
    WF_REJECT,   /* 驳回 */
    WF_WITHDRAW, /* 撤回 */
    WF_FILE,     /* 备案 */
    WF_ACTION_COUNT
};
extern const struct code_name workflow_action_names[WF_ACTION_COUNT];

/* What a transition needs besides the role (bits of workflow_transition.needs). */
enum {
    WF_NEEDS_REASON = 1u << 0,         /* a written reason */
    WF_NEEDS_MISSING = 1u << 1,        /* a non-empty list of what is missing */
    WF_NEEDS_ANSWER = 1u << 2,         /* the answer to the 补正 */
    WF_NEEDS_ELIGIBLE = 1u << 3,       /* the eligibility re-run passes */
    WF_NEEDS_PUBLICITY_OVER = 1u << 4, /* today is after publicity_end, no objection
                                          is open and none was upheld */
};

/* The `to` of a resubmit: back to the review that asked for 补正. */
enum { WF_TO_RETURNED_FROM = WF_STATE_COUNT };

/* One allowed (state, action, role). Approving into publicity goes straight
 * to filed when the programme has no publicity (publicity_days == 0). */
struct workflow_transition {
    enum workflow_state from;
    enum workflow_action action;
    enum role role;
    int to; /* an enum workflow_state, or WF_TO_RETURNED_FROM */
    unsigned needs;
};
extern const struct workflow_transition workflow_table[];
extern const size_t workflow_table_len;

enum {
    WF_REASON_MAX = 2000,     /* bytes of UTF-8: a reason, an answer */
    WF_MISSING_MAX = 20,      /* items in a 补正 request */
    WF_MISSING_ITEM_MAX = 200 /* bytes of one item */
};

/* What the rules read about an application now. */
struct workflow_case {
    enum workflow_state state;
    int returned_from;      /* the review state that asked for 补正; -1 when none */
    int publicity_days;     /* of the programme in the governing policy (0: no 公示) */
    char publicity_end[11]; /* the last day of 公示, "" before it */
    int open_objections;    /* not yet resolved */
    int upheld_objections;
};

/* The act asked for. */
struct workflow_act {
    enum workflow_action action;
    const struct actor *who; /* NULL: the local operator */
    const char *reason;      /* NULL or "" when none */
    const char *const *missing;
    int nmissing;
    const char *answer; /* NULL or "" when none */
    const char *today;  /* YYYY-MM-DD */
    /* the eligibility re-run for the application's programme as of today;
     * NULL when no policy version covers the household */
    const struct eligibility *eligibility;
};

/* What changes. */
struct workflow_result {
    enum workflow_state to;
    int returned_from; /* the new value: set by return, cleared (-1) otherwise */
    char publicity_start[11], publicity_end[11]; /* set when 公示 begins, else "" */
    char filed_date[11];                         /* set when filed (备案 = waiting-list date) */
};

/* 1 when s is filed, rejected or withdrawn. */
int workflow_state_final(enum workflow_state s);

/* The table's answer alone (role and state, nothing else): 0 and *row, or
 * ERR_FORBIDDEN when the role never takes this action or not in this state,
 * ERR_INVALID when the action does not apply in the state. */
int workflow_permits(enum workflow_state state, enum workflow_action action,
                     const struct actor *who, const struct workflow_transition **row,
                     struct err *e);

/* Decides act on c: workflow_permits, then what the row needs (fields,
 * eligibility, the end of publicity), then where it leads. 0 and *out, or
 * the first refusal (ERR_FORBIDDEN, or ERR_INVALID naming the field:
 * reason, missing, answer, eligibility, publicity_end, objections). */
int workflow_decide(const struct workflow_case *c, const struct workflow_act *act,
                    struct workflow_result *out, struct err *e);

/* The actions the actor may take in state s by the table (bit per enum
 * workflow_action); what they must carry is not checked. */
unsigned workflow_actions(enum workflow_state s, const struct actor *who);

/* The states whose applications wait for the actor's role (bit per enum
 * workflow_state): those where the table lets it move an application on
 * (submit, accept, approve, resubmit, file); the NULL actor: all of them. */
unsigned workflow_inbox(const struct actor *who);

/* The name as a public notice shows it: the first character and one '*'
 * for each further character (张三 → 张*, 欧阳娜娜 → 欧***), at least one
 * '*' (张 → 张*). Characters are UTF-8 code points. */
void workflow_mask_name(const char *name, char *out, size_t size);

#endif
