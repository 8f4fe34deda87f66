/* core/allocation — who gets which home: the three mechanisms of a round.
 *
 * A round hands out units to applicants. Every mechanism here is a published
 * one, implemented as its authors describe it (the comments in allocation.c
 * cite them), and every one is deterministic: the only "luck" is the order
 * the caller passes in (the result of the public lottery, docs/lottery.md,
 * or the queue order), so anyone who re-runs a round gets the same result
 * (`anju allocate`, docs/allocation.md).
 *
 *   alloc_serial               serial dictatorship: applicants choose in the
 *                              order, each taking the unit they like best
 *                              among those with a seat left;
 *   alloc_deferred_acceptance  applicant-proposing deferred acceptance (Gale
 *                              & Shapley 1962; Abdulkadiroğlu & Sönmez 2003):
 *                              units keep the applicants they rank highest,
 *                              up to their capacity, by their own priority
 *                              list and then by the order;
 *   alloc_tenant_exchange      YRMH-IGYT, "you request my house — I get your
 *                              turn" (Abdulkadiroğlu & Sönmez 1999): new
 *                              applicants and sitting tenants together; no
 *                              sitting tenant ends up worse off than in their
 *                              current unit; the trading cycles are reported.
 *
 * Indexes. Applicants are 0..napplicants-1 and units 0..nunits-1: dense
 * integers, the caller maps its string ids once (io/allocation_json does).
 * A "unit" is anything with a capacity: one flat (capacity 1), or a project
 * or a class of identical flats (capacity = how many).
 *
 * Preferences and priorities are CSR lists ("compressed sparse rows"):
 * applicant a's preferences, best first, are
 *     pref[pref_start[a]] ... pref[pref_start[a + 1] - 1]
 * and unit u's priority list, highest first, likewise in prio/prio_start.
 * A unit an applicant does not list is one they do not want.
 *
 * The instance is checked (alloc_check) before any mechanism runs:
 * indexes in range, the order a permutation of all applicants, no unit
 * listed twice by one applicant, no applicant listed twice by one unit,
 * capacities >= 1, at most one sitting tenant per unit and capacity 1 for an
 * occupied unit; priority lists only for deferred acceptance, sitting
 * tenants only for the exchange (a mechanism never silently ignores input).
 *
 * Integer arithmetic only; no clock, no randomness, no I/O, no globals.
 * Each mechanism allocates its work arrays once before it starts (nothing
 * is allocated per step) and runs in time linear in the size of the input
 * (deferred acceptance: times log capacity, and its priority lists times
 * the length of a preference list); see docs/allocation.md.
 *
 * Ownership: the instance is borrowed and never written. A struct
 * alloc_result is filled by the mechanism (which allocates its arrays) and
 * released with alloc_result_free, also after a failure.
 */
#ifndef ANJU_CORE_ALLOCATION_H
#define ANJU_CORE_ALLOCATION_H

#include "base/err.h"
#include "core/household.h"

#include <stdint.h>

/* Sizes: at most ALLOC_MAX applicants, units, seats in a unit; at most
 * ALLOC_LIST_MAX entries in all preference lists together (and likewise in
 * all priority lists). */
enum { ALLOC_MAX = 1 << 30 };
#define ALLOC_LIST_MAX UINT32_C(4000000000)

/* "no unit" / "no applicant" */
enum { ALLOC_NONE = -1 };

enum alloc_mode {
    ALLOC_SERIAL,              /* "serial" */
    ALLOC_DEFERRED_ACCEPTANCE, /* "deferred_acceptance" */
    ALLOC_TENANT_EXCHANGE,     /* "tenant_exchange" */
    ALLOC_MODE_COUNT
};
extern const struct code_name alloc_mode_names[ALLOC_MODE_COUNT];

struct alloc_instance {
    int32_t napplicants, nunits;
    /* preferences, best first: napplicants + 1 offsets, pref_start[0] == 0 */
    const uint32_t *pref_start;
    const int32_t *pref;
    /* the order: order[0] is the applicant served first (the lottery result,
     * or the queue); a permutation of 0..napplicants-1. It is the choosing
     * order of serial dictatorship, the tie-break of deferred acceptance and
     * the priority of YRMH-IGYT. */
    const int32_t *order;
    /* seats of each unit, >= 1; NULL: one each */
    const int32_t *capacity;
    /* deferred acceptance only (else NULL): unit u ranks the applicants of
     * its list first, in that order, then everybody else in `order`. NULL,
     * or an empty list: the unit ranks by `order` alone. nunits + 1 offsets. */
    const uint32_t *prio_start;
    const int32_t *prio;
    /* tenant exchange only (else NULL): current[a] is the unit applicant a
     * lives in now (a sitting tenant), or ALLOC_NONE (a new applicant). */
    const int32_t *current;
};

/* Why an applicant ends where they do. */
enum alloc_reason {
    ALLOC_ASSIGNED,        /* got a unit (a sitting tenant: another unit than their own) */
    ALLOC_KEPT_OWN_UNIT,   /* a sitting tenant who stays in their current unit */
    ALLOC_NO_PREFERENCES,  /* listed no unit */
    ALLOC_NONE_ACCEPTABLE, /* listed units, but none fits the household or is open to it
                              (alloc_run_constrained only) */
    ALLOC_ALL_TAKEN,       /* every listed unit open to them went to applicants ahead of them
                              (or, in the exchange, was kept by its sitting tenant) */
    ALLOC_DECLINED,        /* left out by the caller: declined or withdrew (constrained only) */
    ALLOC_REASON_COUNT
};

/* A reason as a stable code ("all_taken") and one sentence per language,
 * worded for the mechanism that gave it. Static strings. */
const char *alloc_reason_code(enum alloc_reason r);
const char *alloc_reason_zh(enum alloc_reason r, enum alloc_mode mode);
const char *alloc_reason_en(enum alloc_reason r, enum alloc_mode mode);

struct alloc_result {
    int32_t napplicants;
    int32_t *unit;   /* unit[a]: the unit applicant a gets, or ALLOC_NONE */
    uint8_t *reason; /* reason[a]: enum alloc_reason */
    /* tenant exchange: the trading cycles of two or more applicants, in the
     * order they formed. Cycle c is cycle_member[cycle_start[c]] ...
     * cycle_member[cycle_start[c + 1] - 1]: it starts with its applicant
     * earliest in the order, and each applicant takes the unit of the next
     * one (or, for a vacant unit, the next one's turn); the last takes the
     * first one's unit or turn. ncycles == 0 for the other mechanisms. */
    int32_t ncycles;
    uint32_t *cycle_start; /* ncycles + 1 offsets */
    int32_t *cycle_member;
};
void alloc_result_free(struct alloc_result *r);

/* 0 when the instance is well formed for mode, else -1 with *e (ERR_INVALID)
 * naming the first problem. The mechanisms call it first. */
int alloc_check(enum alloc_mode mode, const struct alloc_instance *in, struct err *e);

/* The mechanisms. Each returns 0 with *out filled, or -1 with *e set
 * (ERR_INVALID: a malformed instance; ERR_INTERNAL: out of memory). */
int alloc_serial(const struct alloc_instance *in, struct alloc_result *out, struct err *e);
int alloc_deferred_acceptance(const struct alloc_instance *in, struct alloc_result *out,
                              struct err *e);
int alloc_tenant_exchange(const struct alloc_instance *in, struct alloc_result *out, struct err *e);
/* The mechanism of mode. */
int alloc_run(enum alloc_mode mode, const struct alloc_instance *in, struct alloc_result *out,
              struct err *e);

/* --- the constraint layer -------------------------------------------------
 *
 * What the policy says about who may have which unit, applied around the
 * mechanisms; the rounds code fills these structs from the policy version
 * and the round:
 *
 *   acceptability  a household may have a unit only when the unit's layout
 *                  is allowed for its size (size_rules) and, when a member
 *                  needs an accessible home, the unit is accessible. Units
 *                  that fail are struck from the household's preferences
 *                  before the mechanism runs (so they cannot block anybody).
 *   reserved pools a reserved share (定向配租: e.g. units for families with
 *                  a severely disabled member) is a pool of units with the
 *                  group of households it is reserved for. Pools are served
 *                  in precedence order (pools[0] first), each as a round of
 *                  its own among its group's still unassigned households;
 *                  what a pool leaves over goes where the policy says
 *                  (leftover_to): to a later pool, to the general round, or
 *                  held back (kept vacant for a later round). Last comes the
 *                  general round: the general units and the leftovers sent
 *                  to it, among every household still unassigned. A share of
 *                  a project is a unit of its own: split the project into a
 *                  reserved unit (the reserved seats) and a general one, and
 *                  list both, adjacently, where the household listed the
 *                  project.
 *   declined       households the caller marks as declined (or withdrawn)
 *                  take no part; a declined sitting tenant keeps their unit.
 *
 * Reserved pools apply to serial dictatorship and deferred acceptance; the
 * exchange takes acceptability and declines only (npools must be 0: a
 * tenant's own unit cannot be reserved away from them). A sitting tenant's
 * own unit is always acceptable to them. */

enum alloc_layout {
    ALLOC_LAYOUT_DORMITORY,  /* "dormitory" 宿舍 */
    ALLOC_LAYOUT_STUDIO,     /* "studio" 开间 */
    ALLOC_LAYOUT_ONE_ROOM,   /* "one_room" 一居室 */
    ALLOC_LAYOUT_TWO_ROOM,   /* "two_room" 两居室 */
    ALLOC_LAYOUT_THREE_ROOM, /* "three_room" 三居室 */
    ALLOC_LAYOUT_COUNT
};
extern const struct code_name alloc_layout_names[ALLOC_LAYOUT_COUNT];

enum { ALLOC_SIZE_RULES_MAX = 8, ALLOC_POOLS_MAX = 8 };
/* where a pool's leftovers go, besides a later pool's index */
enum { ALLOC_TO_GENERAL = -1, ALLOC_TO_HOLD = -2 };
/* a unit in no pool */
enum { ALLOC_POOL_GENERAL = -1 };

/* Households of members_min..members_max people (members_max 0: no upper
 * bound) may have the layouts in `layouts` (bits 1u << enum alloc_layout). */
struct alloc_size_rule {
    int members_min, members_max;
    unsigned layouts;
};

struct alloc_pool {
    int leftover_to; /* a later pool's index, ALLOC_TO_GENERAL or ALLOC_TO_HOLD */
};

struct alloc_constraints {
    /* No rules: any size may have any layout. Rules given: a household whose
     * size no rule covers may have none (rules must not overlap). */
    int nsize_rules;
    struct alloc_size_rule size_rules[ALLOC_SIZE_RULES_MAX];
    int npools; /* reserved pools in precedence order: pools[0] is served first */
    struct alloc_pool pools[ALLOC_POOLS_MAX];
};

struct alloc_household {
    int members;          /* >= 1 */
    int needs_accessible; /* a member needs an accessible (无障碍) home */
    unsigned pools;       /* bit p: the household belongs to the group of pools[p] */
    int declined;         /* takes no part in this round */
};

struct alloc_unit_info {
    enum alloc_layout layout;
    int accessible;
    int pool; /* ALLOC_POOL_GENERAL or an index into constraints->pools */
};

/* 1 when household h may have unit u: its layout is allowed for h's size
 * and it is accessible if h needs that. (Pools are not part of it.) */
int alloc_acceptable(const struct alloc_constraints *c, const struct alloc_household *h,
                     const struct alloc_unit_info *u);

/* Runs mode under the constraints. households has in->napplicants entries,
 * units in->nunits. Fills *out like the mechanisms, with the reasons
 * ALLOC_NONE_ACCEPTABLE (no listed unit acceptable and open to them in any
 * round they took part in) and ALLOC_DECLINED added. Cycles are reported
 * for the exchange, in applicant indexes of the whole instance. */
int alloc_run_constrained(enum alloc_mode mode, const struct alloc_instance *in,
                          const struct alloc_constraints *c,
                          const struct alloc_household *households,
                          const struct alloc_unit_info *units, struct alloc_result *out,
                          struct err *e);

#endif
