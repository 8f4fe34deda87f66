/* core/round — the rules of a round (配租/配售批次), pure (docs/rounds.md).
 *
 * A round offers a set of units to the families of one programme who
 * registered interest. These are the round's own rules; the queue order,
 * the lottery and the allocation are core/queue, core/lottery and
 * core/allocation. The figures are data: the programme's "round" object of
 * the policy version (struct round_rules, core/policy.h, with its sources);
 * round_rules_default gives the values of a preset without one.
 *
 *   shortlist  families are shortlisted in queue order, units × ratio of
 *              them (rounded down, never fewer than the units): the ratio is
 *              in permille, ROUND_RATIO_MIN … ROUND_RATIO_MAX (1:1 … 1:1.2,
 *              the ceiling the Beijing rules set for 公租房 配租 rounds);
 *   buckets    the lottery serves bucket 1 first: in a general round the
 *              priority families (any priority class of the queue: a
 *              category or the long-wait class), everybody else bucket 2;
 *              in a targeted (专项) or direct (直配) round every entrant is
 *              of the target group, so all are bucket 1;
 *   layouts    the layouts a household may have by its size: the policy's
 *              size_layouts table (default: 1 person → dormitory, studio,
 *              one_room; 2 → studio, one_room, two_room; 3 or more →
 *              two_room, three_room), as core/allocation's size rules;
 *   declines   every declined offer counts; at the policy's declines_max
 *              (default 2) a family loses its place in the round (Beijing's
 *              公租房 rules suspend a family who declines twice; the
 *              suspension itself is recorded, not enforced across rounds).
 */
#ifndef ANJU_CORE_ROUND_H
#define ANJU_CORE_ROUND_H

#include "core/allocation.h"
#include "core/policy.h"

#include <stddef.h>
#include <stdint.h>

enum {
    ROUND_RATIO_MIN = 1000, /* 1:1 */
    ROUND_RATIO_MAX = 1200, /* 1:1.2 */
};

/* The rules of a preset without a "round" object (the values rounds had
 * before policies carried them): ratio 1200, 2 declines, 7 days, the size
 * table above; sources empty. */
void round_rules_default(struct round_rules *r);

enum round_kind { ROUND_GENERAL, ROUND_TARGETED, ROUND_DIRECT, ROUND_KIND_COUNT };
extern const struct code_name round_kind_names[ROUND_KIND_COUNT];

enum round_state {
    ROUND_DRAFT,
    ROUND_OPEN,
    ROUND_SHORTLISTED,
    ROUND_RECHECKED,
    ROUND_DRAWN,
    ROUND_CHOOSING,
    ROUND_CLOSED,
    ROUND_PUBLISHED,
    ROUND_STATE_COUNT
};
extern const struct code_name round_state_names[ROUND_STATE_COUNT];

/* How many of nentrants families are shortlisted for nunits units at
 * ratio_permille: min(nentrants, max(nunits, floor(nunits × ratio / 1000))). */
int64_t round_shortlist_size(int64_t nunits, int ratio_permille, int64_t nentrants);
/* 1 when a family living in district_code is in the area of a round scoped
 * to `area` (that district, or the whole city: a code xx0000). */
int round_area_covers(const char *area, const char *district_code);
/* 1 when a family with the priority categories `categories` (a bit per
 * enum priority) may join a round of `kind`: a targeted round (专项配租)
 * takes only families with target_category. */
int round_kind_takes(enum round_kind kind, const char *target_category, unsigned categories);

/* 0 when ratio_permille is ROUND_RATIO_MIN … ROUND_RATIO_MAX, else ERR_INVALID naming field. */
int round_ratio_check(int ratio_permille, const char *field, struct err *e);

/* The lottery bucket of an entrant: 1 or 2 (see above). priority: the family
 * is in a priority class of the queue on the round's date. */
int round_bucket(enum round_kind kind, int priority);

/* The size rules of rules->sizes into c (pools none). */
void round_constraints(const struct round_rules *rules, struct alloc_constraints *c);
/* 1 when a household of members people may have layout under rules. */
int round_layout_fits(const struct round_rules *rules, int members, enum alloc_layout layout);

/* 1 when a family with `declines` declines has lost its place. */
int round_lost_place(int declines, int declines_max);

struct round_lottery_entry {
    const char *id; /* the application number */
    int bucket;
};
/* Writes the entrant list of anju-lottery-v1 for the n entries (sorted here
 * by id bytewise), one ticket each. Returns the bytes written into out
 * (size cap), or -1 (ERR_INVALID: a duplicate id or one shaped like an ID
 * number; ERR_TOO_LARGE: cap too small). ROUND_LIST_ROW_MAX bytes a row
 * suffice. */
enum { ROUND_LIST_ROW_MAX = 80 };
long round_entrant_list(struct round_lottery_entry *en, size_t n, char *out, size_t cap,
                        struct err *e);

/* --- choosing: serial dictatorship at city scale --------------------------
 *
 * The families choose one after another in the lottery order, each taking
 * the best unit still free that is open to them:
 *   - a family with a preference list takes the first unit of its list that
 *     is free, fits it (round_layout_fits under the round's rules,
 *     accessibility) and that it has
 *     not declined in this round;
 *   - a family without a list takes the first such unit in the fixed unit
 *     order (the order the units are given in: the round's unit ids). This
 *     is exactly serial dictatorship over a list of every unit in that
 *     order, without materialising one (units × families entries).
 * Accessibility (无障碍): a family that needs an accessible home may have
 * accessible units only; the accessible units are served first, in the
 * same order, to the families that need them, and only what they leave is
 * open to the others (core/allocation's reserved pool with its leftovers
 * going to the general round: alloc_run_constrained gives the same units).
 * Time: linear in families + units + list entries (each unit class keeps a
 * "next free" forest with path halving), no per-family allocation. */
struct round_family {
    int members;          /* >= 1 */
    int needs_accessible; /* only accessible units */
    int any;              /* 1: no list, any unit that fits, in unit order */
    const int32_t *prefs; /* unit indexes, best first (when !any) */
    int32_t nprefs;
    const int32_t *declined; /* unit indexes this family declined: never again */
    int32_t ndeclined;
};

/* families[0] chooses first. units: layout and accessibility of each free
 * unit (pool ignored). Fills unit_out[f] (a unit index or ALLOC_NONE) and
 * reason_out[f] (ALLOC_ASSIGNED; ALLOC_NONE_ACCEPTABLE: no unit open to the
 * family fits it; ALLOC_ALL_TAKEN: the ones that fit went to families ahead
 * of it). 0, or -1 with *e (ERR_INVALID: an index out of range;
 * ERR_INTERNAL: out of memory). */
int round_choose(const struct round_rules *rules, const struct round_family *families,
                 int32_t nfamilies, const struct alloc_unit_info *units, int32_t nunits,
                 int32_t *unit_out, uint8_t *reason_out, struct err *e);

#endif
