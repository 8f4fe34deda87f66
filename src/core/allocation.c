/* core/allocation — the three mechanisms of a round (see allocation.h).
 *
 * Reading order: the check of an instance; then serial dictatorship,
 * deferred acceptance and the tenant exchange, each a short function with
 * the published description of its mechanism above it; then the constraint
 * layer, which builds a smaller instance for each reserved pool and for the
 * general round, and runs the same mechanisms on them.
 *
 * Conventions of this file: `a`, `b` are applicants, `u` a unit, `i` an
 * index into a preference list (pref[i]), `k` a place in the order
 * (order[k]); the exchange numbers applicants by their place, `r`. All
 * work arrays are allocated before a mechanism starts.
 */
#include "core/allocation.h"

#include "base/bigmem.h"

#include <stdlib.h>
#include <string.h>

const struct code_name alloc_mode_names[ALLOC_MODE_COUNT] = {
    {"serial", "顺序选房（序列独裁）", "serial dictatorship"},
    {"deferred_acceptance", "延迟接受", "deferred acceptance"},
    {"tenant_exchange", "在住户换房（YRMH-IGYT）", "tenant exchange (YRMH-IGYT)"},
};

const struct code_name alloc_layout_names[ALLOC_LAYOUT_COUNT] = {
    {"dormitory", "宿舍", "dormitory"},      {"studio", "开间", "studio"},
    {"one_room", "一居室", "one room"},      {"two_room", "两居室", "two rooms"},
    {"three_room", "三居室", "three rooms"},
};

/* ------------------------------------------------------------- reasons */

const char *alloc_reason_code(enum alloc_reason r)
{
    static const char *const codes[ALLOC_REASON_COUNT] = {
        "assigned", "kept_own_unit", "no_preferences", "none_acceptable", "all_taken", "declined",
    };
    return (unsigned)r < ALLOC_REASON_COUNT ? codes[r] : "unknown";
}

const char *alloc_reason_zh(enum alloc_reason r, enum alloc_mode mode)
{
    switch (r) {
    case ALLOC_ASSIGNED:
        return "已分配房源";
    case ALLOC_KEPT_OWN_UNIT:
        return "继续承租原住房：没有比原住房更想要且能换得的房源";
    case ALLOC_NO_PREFERENCES:
        return "未填报任何意向房源";
    case ALLOC_NONE_ACCEPTABLE:
        return "所填房源均不适合本户（户型与人数不符或需无障碍住房），或定向配给其他群体";
    case ALLOC_ALL_TAKEN:
        if (mode == ALLOC_DEFERRED_ACCEPTANCE)
            return "所填房源中可分配给本户的，均已由在该房源优先顺序更靠前的申请人占满";
        if (mode == ALLOC_TENANT_EXCHANGE)
            return "所填房源中可分配给本户的，均已分配给顺序在前的申请人，或由原承租人保留";
        return "所填房源中可分配给本户的，均已被顺序在前的申请人选定";
    case ALLOC_DECLINED:
        return "已放弃或退出本轮配租";
    case ALLOC_REASON_COUNT:
        break;
    }
    return "未知原因";
}

const char *alloc_reason_en(enum alloc_reason r, enum alloc_mode mode)
{
    switch (r) {
    case ALLOC_ASSIGNED:
        return "assigned a unit";
    case ALLOC_KEPT_OWN_UNIT:
        return "keeps their current unit: no unit they prefer to it could be had";
    case ALLOC_NO_PREFERENCES:
        return "listed no unit";
    case ALLOC_NONE_ACCEPTABLE:
        return "none of the units listed fits the household (layout for its size, accessibility) "
               "or is open to it (reserved for another group)";
    case ALLOC_ALL_TAKEN:
        if (mode == ALLOC_DEFERRED_ACCEPTANCE)
            return "every listed unit open to this applicant was filled by applicants ranked "
                   "higher there";
        if (mode == ALLOC_TENANT_EXCHANGE)
            return "every listed unit open to this applicant went to applicants earlier in the "
                   "order or was kept by its sitting tenant";
        return "every listed unit open to this applicant was taken by applicants earlier in the "
               "order";
    case ALLOC_DECLINED:
        return "declined or withdrew from this round";
    case ALLOC_REASON_COUNT:
        break;
    }
    return "unknown reason";
}

/* ------------------------------------------------------------- results */

void alloc_result_free(struct alloc_result *r)
{
    if (!r) return;
    free(r->unit);
    free(r->reason);
    free(r->cycle_start);
    free(r->cycle_member);
    memset(r, 0, sizeof *r);
}

static int out_of_memory(struct err *e)
{
    return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
}

/* n elements of size, never 0 bytes (so NULL means failure). Large arrays
 * go on huge pages (base/bigmem.h: the walks jump around them at random). */
static void *alloc_array(size_t n, size_t size)
{
    return bigmem_array(n ? n : 1, size);
}

/* Everybody unassigned, no cycles. The exchange reports at most n/2 cycles
 * (each of two or more applicants). */
static int result_new(struct alloc_result *r, int32_t n, int with_cycles, struct err *e)
{
    memset(r, 0, sizeof *r);
    r->napplicants = n;
    r->unit = alloc_array((size_t)n, sizeof *r->unit);
    r->reason = alloc_array((size_t)n, sizeof *r->reason);
    r->cycle_start = alloc_array((size_t)(with_cycles ? n / 2 + 1 : 1), sizeof *r->cycle_start);
    r->cycle_member = alloc_array((size_t)(with_cycles ? n : 0), sizeof *r->cycle_member);
    if (!r->unit || !r->reason || !r->cycle_start || !r->cycle_member) {
        alloc_result_free(r);
        return out_of_memory(e);
    }
    for (int32_t a = 0; a < n; a++) {
        r->unit[a] = ALLOC_NONE;
        r->reason[a] = ALLOC_ALL_TAKEN;
    }
    r->cycle_start[0] = 0;
    return 0;
}

/* The reason of every applicant once the mechanism has run. */
static void result_reasons(const struct alloc_instance *in, struct alloc_result *r)
{
    for (int32_t a = 0; a < in->napplicants; a++) {
        if (r->unit[a] != ALLOC_NONE)
            r->reason[a] =
                in->current && in->current[a] == r->unit[a] ? ALLOC_KEPT_OWN_UNIT : ALLOC_ASSIGNED;
        else if (in->pref_start[a] == in->pref_start[a + 1])
            r->reason[a] = ALLOC_NO_PREFERENCES;
        else
            r->reason[a] = ALLOC_ALL_TAKEN;
    }
}

/* The seats of every unit: capacity, or 1 each. */
static int32_t *seats_new(const struct alloc_instance *in)
{
    int32_t *left = alloc_array((size_t)in->nunits, sizeof *left);
    if (left)
        for (int32_t u = 0; u < in->nunits; u++)
            left[u] = in->capacity ? in->capacity[u] : 1;
    return left;
}

/* --------------------------------------------------------------- check */

/* Bitmaps of marks, one bit an index. */
static int mark_test(const uint64_t *bits, int32_t x)
{
    return (int)((bits[x >> 6] >> (x & 63)) & 1u);
}

static void mark_set(uint64_t *bits, int32_t x)
{
    bits[x >> 6] |= UINT64_C(1) << (x & 63);
}

static void mark_clear(uint64_t *bits, int32_t x)
{
    bits[x >> 6] &= ~(UINT64_C(1) << (x & 63));
}

/* CSR lists: offsets non-decreasing from 0, entries in [0, range), none
 * twice in one list. what_zh/what_en name the lists ("志愿"/"preferences").
 * `seen` has `range` bits, all clear on entry and again on a successful
 * exit: a list's entries are marked as they are read, then cleared. */
static int check_lists(int32_t nlists, const uint32_t *start, const int32_t *entry, int32_t range,
                       uint64_t *seen, const char *what_zh, const char *what_en, struct err *e)
{
    if (start[0] != 0)
        return err_set(e, ERR_INVALID, "", "%s%.0s：起始偏移应为 0", "%.0s%s: must start at 0",
                       what_zh, what_en);
    for (int32_t l = 0; l < nlists; l++) {
        if (start[l + 1] < start[l] || start[l + 1] > ALLOC_LIST_MAX)
            return err_set(e, ERR_INVALID, "", "%s%.0s：第 %ld 项的偏移有误",
                           "%.0s%s: bad offset of list %ld", what_zh, what_en, (long)l);
        for (uint32_t i = start[l]; i < start[l + 1]; i++) {
            int32_t x = entry[i];
            if (x < 0 || x >= range)
                return err_set(e, ERR_INVALID, "", "%s%.0s：第 %ld 项含有不存在的编号 %ld",
                               "%.0s%s: list %ld holds the unknown index %ld", what_zh, what_en,
                               (long)l, (long)x);
            if (mark_test(seen, x))
                return err_set(e, ERR_INVALID, "", "%s%.0s：第 %ld 项重复列出 %ld",
                               "%.0s%s: list %ld names %ld twice", what_zh, what_en, (long)l,
                               (long)x);
            mark_set(seen, x);
        }
        for (uint32_t i = start[l]; i < start[l + 1]; i++)
            mark_clear(seen, entry[i]);
    }
    return 0;
}

int alloc_check(enum alloc_mode mode, const struct alloc_instance *in, struct err *e)
{
    if ((unsigned)mode >= ALLOC_MODE_COUNT)
        return err_set(e, ERR_INVALID, "", "未知的分配方式 %d", "unknown mode %d", (int)mode);
    int32_t n = in->napplicants, m = in->nunits, big = n > m ? n : m;
    if (n < 0 || n > ALLOC_MAX || m < 0 || m > ALLOC_MAX)
        return err_set(e, ERR_INVALID, "", "申请人数 %ld 或房源数 %ld 超出范围",
                       "%ld applicants or %ld units is out of range", (long)n, (long)m);
    if (!in->pref_start || !in->pref || !in->order)
        return err_set(e, ERR_INVALID, "", "缺少志愿或顺序",
                       "preferences or the order are missing");
    if (in->prio_start && mode != ALLOC_DEFERRED_ACCEPTANCE)
        return err_set(e, ERR_INVALID, "", "房源优先顺序只用于延迟接受",
                       "unit priority lists are for deferred acceptance only");
    if (in->prio_start && !in->prio)
        return err_set(e, ERR_INVALID, "", "缺少房源优先顺序", "the priority lists are missing");
    if (in->current && mode != ALLOC_TENANT_EXCHANGE)
        return err_set(e, ERR_INVALID, "", "现住房只用于在住户换房",
                       "current units are for the tenant exchange only");

    uint64_t *seen = calloc((size_t)big / 64 + 1, sizeof *seen);
    if (!seen) return out_of_memory(e);
    int rc = check_lists(n, in->pref_start, in->pref, m, seen, "志愿", "preferences", e);
    if (rc == 0 && in->prio_start)
        rc = check_lists(m, in->prio_start, in->prio, n, seen, "房源优先顺序", "priority lists", e);
    /* the order: every applicant exactly once */
    for (int32_t k = 0; k < n && rc == 0; k++) {
        int32_t a = in->order[k];
        if (a < 0 || a >= n)
            rc =
                err_set(e, ERR_INVALID, "", "顺序第 %ld 位的申请人编号 %ld 不存在",
                        "place %ld of the order names the unknown applicant %ld", (long)k, (long)a);
        else if (mark_test(seen, a))
            rc = err_set(e, ERR_INVALID, "", "顺序第 %ld 位重复列出申请人 %ld",
                         "place %ld of the order names applicant %ld again", (long)k, (long)a);
        else
            mark_set(seen, a);
    }
    for (int32_t u = 0; u < m && rc == 0 && in->capacity; u++)
        if (in->capacity[u] < 1 || in->capacity[u] > ALLOC_MAX)
            rc = err_set(e, ERR_INVALID, "", "房源 %ld 的可分配数 %ld 应为正整数",
                         "unit %ld: capacity %ld must be a positive integer", (long)u,
                         (long)in->capacity[u]);
    /* sitting tenants: a real unit, one tenant a unit, capacity 1 */
    memset(seen, 0, ((size_t)big / 64 + 1) * sizeof *seen);
    for (int32_t a = 0; a < n && rc == 0 && in->current; a++) {
        int32_t u = in->current[a];
        if (u == ALLOC_NONE) continue;
        if (u < 0 || u >= m)
            rc = err_set(e, ERR_INVALID, "", "申请人 %ld 的现住房 %ld 不存在",
                         "applicant %ld: the current unit %ld does not exist", (long)a, (long)u);
        else if (mark_test(seen, u))
            rc = err_set(e, ERR_INVALID, "", "房源 %ld 有两位在住承租人（其二为申请人 %ld）",
                         "unit %ld has two sitting tenants (the second is applicant %ld)", (long)u,
                         (long)a);
        else if (in->capacity && in->capacity[u] != 1)
            rc = err_set(e, ERR_INVALID, "", "有人在住的房源 %ld 的可分配数应为 1",
                         "the occupied unit %ld must have capacity 1", (long)u);
        else
            mark_set(seen, u);
    }
    free(seen);
    return rc;
}

/* --------------------------------------------------- serial dictatorship
 *
 * Serial dictatorship (the "random serial dictatorship" of Abdulkadiroğlu
 * & Sönmez 1998 when the order comes from a lottery): the applicants take
 * turns in the order; at their turn each takes the unit they like best
 * among those with a seat left. The result is Pareto efficient: no other
 * assignment is better for someone and worse for nobody.
 */
int alloc_serial(const struct alloc_instance *in, struct alloc_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (alloc_check(ALLOC_SERIAL, in, e)) return -1;
    int32_t *left = seats_new(in);
    if (!left) return out_of_memory(e);
    if (result_new(out, in->napplicants, 0, e)) {
        free(left);
        return -1;
    }
    for (int32_t k = 0; k < in->napplicants; k++) {
        int32_t a = in->order[k];
        for (uint32_t i = in->pref_start[a]; i < in->pref_start[a + 1]; i++) {
            int32_t u = in->pref[i];
            if (left[u] > 0) {
                left[u]--;
                out->unit[a] = u;
                break;
            }
        }
    }
    free(left);
    result_reasons(in, out);
    return 0;
}

/* ------------------------------------------------- deferred acceptance
 *
 * Applicant-proposing deferred acceptance (Gale & Shapley 1962, "College
 * admissions and the stability of marriage"; with unit capacities and
 * priorities as the student-optimal stable mechanism of Abdulkadiroğlu &
 * Sönmez 2003, "School choice: a mechanism design approach"):
 *
 *   Step 1: every applicant proposes to the first unit of their list. Each
 *   unit holds on to the proposers it ranks highest, up to its capacity,
 *   and rejects the rest.
 *   Step k: every applicant rejected at step k-1 proposes to the next unit
 *   of their list. Each unit looks at the applicants it holds together with
 *   its new proposers, holds on to the highest ranked up to capacity and
 *   rejects the rest.
 *   It ends when nobody is rejected, or the rejected have no unit left to
 *   propose to; each unit's held applicants are then assigned to it.
 *
 * A unit ranks applicants by its priority list, then everybody it does not
 * list by the order (the single lottery tie-break). The result is stable:
 * no applicant prefers a unit that has a free seat or holds someone it
 * ranks lower (no "blocking pair"); and it is the stable assignment every
 * applicant likes best. Gale & Shapley show that the proposals may be made
 * in any sequence with the same result, so one applicant proposes at a time
 * here, in index order: they go down their list until a unit holds them;
 * whoever they displace goes on down their own list from where they
 * stopped.
 *
 * Each unit keeps the applicants it holds in a max-heap of keys
 * (rank << 32 | applicant): the top is the one it ranks lowest, compared to
 * each new proposer in O(1) and replaced in O(log capacity). A unit never
 * holds more applicants than list it, so it gets min(capacity, demand)
 * slots.
 */

static void heap_sift_up(uint64_t *h, uint32_t i)
{
    uint64_t key = h[i];
    while (i > 0 && h[(i - 1) / 2] < key) {
        h[i] = h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h[i] = key;
}

/* Replaces the top of the max-heap h (len keys) with key. */
static void heap_replace_top(uint64_t *h, uint32_t len, uint64_t key)
{
    uint32_t i = 0;
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= len) break;
        if (c + 1 < len && h[c + 1] > h[c]) c++;
        if (h[c] <= key) break;
        h[i] = h[c];
        i = c;
    }
    h[i] = key;
}

/* rank[i] for every entry i of the applicants' lists: the rank of its
 * applicant at unit pref[i] — their position in the unit's priority list,
 * else that list's length plus their place in the order. The units' lists
 * are first turned around by counting (for each applicant, the (unit,
 * position) pairs that name them), so that each applicant's own list is then
 * read once, in memory order. 0, or -1 when out of memory. */
static int da_ranks(const struct alloc_instance *in, const uint32_t *place, uint32_t *rank)
{
    int32_t n = in->napplicants, m = in->nunits;
    const uint32_t *start = in->pref_start, *pstart = in->prio_start;
    struct named {
        int32_t unit;
        uint32_t position;
    } *named = alloc_array(pstart[m], sizeof *named);
    uint32_t *from = calloc((size_t)n + 1, sizeof *from); /* a's pairs: named[from[a] ...] */
    uint32_t *fill = alloc_array((size_t)n, sizeof *fill);
    if (!named || !from || !fill) {
        free(named), free(from), free(fill);
        return -1;
    }
    for (uint32_t p = 0; p < pstart[m]; p++)
        from[in->prio[p] + 1]++;
    for (int32_t a = 0; a < n; a++) {
        from[a + 1] += from[a];
        fill[a] = from[a];
    }
    for (int32_t u = 0; u < m; u++)
        for (uint32_t p = pstart[u]; p < pstart[u + 1]; p++)
            named[fill[in->prio[p]]++] = (struct named){u, p - pstart[u]};
    for (int32_t a = 0; a < n; a++) {
        for (uint32_t i = start[a]; i < start[a + 1]; i++) {
            int32_t u = in->pref[i];
            rank[i] = (pstart[u + 1] - pstart[u]) + place[a];
        }
        for (uint32_t q = from[a]; q < from[a + 1]; q++)
            for (uint32_t i = start[a]; i < start[a + 1]; i++)
                if (in->pref[i] == named[q].unit) rank[i] = named[q].position;
    }
    free(named), free(from), free(fill);
    return 0;
}

int alloc_deferred_acceptance(const struct alloc_instance *in, struct alloc_result *out,
                              struct err *e)
{
    memset(out, 0, sizeof *out);
    if (alloc_check(ALLOC_DEFERRED_ACCEPTANCE, in, e)) return -1;
    int32_t n = in->napplicants, m = in->nunits;
    const uint32_t *start = in->pref_start;
    const int32_t *pref = in->pref;
    uint32_t total = start[n];
    int ranked_lists = in->prio_start && in->prio_start[m] > 0;

    uint32_t *place = alloc_array((size_t)n, sizeof *place);     /* place[a]: a's place in order */
    uint32_t *next = alloc_array((size_t)n, sizeof *next);       /* a's next list entry */
    uint32_t *slots = alloc_array((size_t)m, sizeof *slots);     /* min(capacity, demand) */
    uint32_t *held = alloc_array((size_t)m, sizeof *held);       /* applicants held now */
    uint32_t *first = alloc_array((size_t)m + 1, sizeof *first); /* u's heap: keys + first[u] */
    uint32_t *rank = ranked_lists ? alloc_array(total, sizeof *rank) : NULL;
    uint64_t *keys = NULL;
    if (!place || !next || !slots || !held || !first || (ranked_lists && !rank)) goto oom;

    for (int32_t k = 0; k < n; k++)
        place[in->order[k]] = (uint32_t)k;
    for (int32_t u = 0; u < m; u++)
        slots[u] = held[u] = 0;
    for (uint32_t i = 0; i < total; i++)
        slots[pref[i]]++;
    first[0] = 0;
    for (int32_t u = 0; u < m; u++) {
        uint32_t cap = in->capacity ? (uint32_t)in->capacity[u] : 1;
        if (slots[u] > cap) slots[u] = cap;
        first[u + 1] = first[u] + slots[u];
    }
    keys = alloc_array(first[m], sizeof *keys);
    if (!keys) goto oom;

    if (ranked_lists && da_ranks(in, place, rank)) goto oom;

    if (result_new(out, n, 0, e)) goto fail;
    for (int32_t a = 0; a < n; a++)
        next[a] = start[a];
    for (int32_t b = 0; b < n; b++) { /* by index: lists are read in memory order */
        int32_t a = b;                /* proposes now */
        while (a != ALLOC_NONE && next[a] < start[a + 1]) {
            uint32_t i = next[a]++;
            int32_t u = pref[i];
            uint64_t key = (uint64_t)(rank ? rank[i] : place[a]) << 32 | (uint32_t)a;
            uint64_t *heap = keys + first[u];
            if (held[u] < slots[u]) { /* a free seat: held */
                heap[held[u]] = key;
                heap_sift_up(heap, held[u]++);
                a = ALLOC_NONE;
            } else if (key < heap[0]) { /* ranked above the lowest held: displaces them */
                int32_t displaced = (int32_t)(heap[0] & UINT32_MAX);
                heap_replace_top(heap, held[u], key);
                a = displaced;
            } /* else rejected: a proposes to their next unit */
        }
    }
    for (int32_t u = 0; u < m; u++)
        for (uint32_t s = 0; s < held[u]; s++)
            out->unit[keys[first[u] + s] & UINT32_MAX] = u;
    result_reasons(in, out);

    free(place), free(next), free(slots), free(held), free(first), free(rank), free(keys);
    return 0;
oom:
    out_of_memory(e);
fail:
    free(place), free(next), free(slots), free(held), free(first), free(rank), free(keys);
    return -1;
}

/* ----------------------------------------------------- tenant exchange
 *
 * YRMH-IGYT, "you request my house — I get your turn" (Abdulkadiroğlu &
 * Sönmez 1999, "House allocation with existing tenants", Journal of
 * Economic Theory 88:233-260). Sitting tenants (who may keep their unit or
 * trade it) and new applicants, vacant and occupied units, and an order.
 * Paraphrasing the paper's definition:
 *
 *   Give the first applicant in the order their top choice, the next one
 *   their top choice among the units left, and so on, until someone
 *   requests the unit of a sitting tenant who has not been served yet.
 *   Then that tenant moves to the front of the line, just before the
 *   requester ("you request my house — I get your turn"), and the procedure
 *   goes on with them. If the requests go round in a loop — tenants each
 *   requesting the next one's unit — everyone in the loop gets the unit
 *   they request, and the procedure goes on.
 *
 * The paper shows that this is the top-trading-cycles algorithm in which
 * each applicant points to their best unit still in the market, each
 * occupied unit points to its tenant, and each vacant unit (or one whose
 * tenant has moved) points to the applicant earliest in the order still in
 * the market: there is always a cycle; everyone in it gets the unit they
 * point to and leaves; repeat. That is how it is computed here:
 *
 *   - a walk starts from the applicant earliest in the order (the head),
 *     follows applicant -> best unit left -> the unit's tenant, or the head
 *     for a vacant unit -> ..., and stops at a cycle: an applicant already
 *     on the walk. The cycle's applicants get their units and leave; the
 *     walk resumes from the applicant just before the cycle, whose unit
 *     now points elsewhere (its tenant left, so it is vacant). Since every
 *     walk starts at the head, a vacant unit always points back to the
 *     walk's first applicant.
 *   - an applicant's "best unit left" only moves down their list, so where
 *     they are in it is kept (`next`) and each list is read once: linear
 *     time.
 *
 * A sitting tenant's own unit stays in the market as long as they do (it
 * points to them), so a tenant never points below it: nobody ends worse
 * off than in their current unit (individual rationality). A tenant who
 * does not list their own unit is taken to rank it last. The result is
 * Pareto efficient and no applicant gains by misreporting (the paper's
 * theorems); with no sitting tenants it is serial dictatorship in the
 * order, with no new applicants and no vacant units the core of the
 * Shapley–Scarf housing market (Roth & Postlewaite 1977).
 *
 * The cycles of two or more applicants are reported as they form, each
 * starting with its applicant earliest in the order.
 *
 * Layout (for speed only; it does not change the result). The walk jumps
 * from applicant to applicant at random, and every jump costs a trip to
 * memory, so the exchange arranges for a jump to read one cache line:
 *   - applicants are numbered by their place in the order (r = 0 is the
 *     first), so the next head is the next number and "earliest" is
 *     "smallest";
 *   - a unit with a sitting tenant is numbered by its tenant: unit r is the
 *     home of applicant r. Who it points to needs no look-up — applicant r
 *     while they are in the market, the head once they have left (the unit
 *     is vacant then). Vacant units are numbered n, n+1, ...; they point to
 *     the head;
 *   - each applicant is one 64-byte record holding their state and their
 *     list in these numbers (the first EX_INLINE entries; the rest, if any,
 *     elsewhere). A tenant's list is cut at their home, which they fall
 *     back on: nothing after it can be reached (individual rationality);
 *   - whether a unit is full is a bitmap (1 bit a unit), which stays in
 *     cache while lists are scanned.
 */

enum { EX_FREE = -1, EX_GONE = -2 }; /* struct ex_applicant.walk, besides a position */
enum { EX_INLINE = 10 };

struct ex_applicant {
    int32_t id;              /* their index in the instance */
    int32_t home;            /* the unit they live in (its index in the instance), or ALLOC_NONE */
    int32_t walk;            /* position on the walk, EX_FREE, or EX_GONE (has left) */
    uint32_t next, len;      /* their list has len entries; entry `next` is the next to read */
    uint32_t more;           /* entries EX_INLINE and on are more[this ...] */
    int32_t list[EX_INLINE]; /* the first entries */
};
_Static_assert(sizeof(struct ex_applicant) == 64, "an applicant is one cache line");

struct exchange {
    int32_t n;               /* applicants; units below n are homes, from n up vacant */
    struct ex_applicant *ap; /* ap[r]: the applicant at place r of the order */
    int32_t *more;           /* the entries of long lists beyond EX_INLINE */
    int32_t *vacant_unit;    /* unit n + k is the instance's vacant_unit[k] */
    int32_t *vacant_left;    /* seats left in unit n + k */
    uint64_t *full;          /* bit u: unit u has no seat left */
    int32_t *walk;           /* walk[j] points to unit walk_unit[j], which points to walk[j + 1] */
    int32_t *walk_unit;
};

static int32_t exchange_entry(const struct exchange *x, const struct ex_applicant *p, uint32_t k)
{
    return k < EX_INLINE ? p->list[k] : x->more[p->more + k - EX_INLINE];
}

/* r's best unit still in the market: down their list past the full units;
 * a tenant falls back on their home (number r), which is in the market
 * while they are. ALLOC_NONE when a new applicant has none left. */
static int32_t exchange_best(struct exchange *x, int32_t r)
{
    struct ex_applicant *p = &x->ap[r];
    while (p->next < p->len && mark_test(x->full, exchange_entry(x, p, p->next)))
        p->next++;
    if (p->next < p->len) return exchange_entry(x, p, p->next);
    return p->home != ALLOC_NONE ? r : ALLOC_NONE;
}

/* Who unit u points to: the tenant whose home it is while they are in the
 * market; otherwise (a vacant unit, or a home its tenant has left) the
 * head, who is the first on the walk. */
static int32_t exchange_owner(const struct exchange *x, int32_t u)
{
    if (u < x->n && x->ap[u].walk != EX_GONE) return u;
    return x->walk[0];
}

/* Everyone on the walk from position `from` to the end gets the unit they
 * point to and leaves; the cycle is reported if it has two or more. */
static void exchange_cycle(struct exchange *x, int32_t from, int32_t len, struct alloc_result *out)
{
    int32_t earliest = from;
    for (int32_t j = from; j < len; j++) {
        int32_t r = x->walk[j], u = x->walk_unit[j];
        out->unit[x->ap[r].id] = u < x->n ? x->ap[u].home : x->vacant_unit[u - x->n];
        if (u < x->n || --x->vacant_left[u - x->n] == 0) /* a home has one seat */
            mark_set(x->full, u);
        if (r < x->walk[earliest]) earliest = j;
    }
    for (int32_t j = from; j < len; j++) /* after the above: homes are read there */
        x->ap[x->walk[j]].walk = EX_GONE;
    if (len - from >= 2) {
        uint32_t at = out->cycle_start[out->ncycles];
        for (int32_t j = earliest; j < len; j++)
            out->cycle_member[at++] = x->ap[x->walk[j]].id;
        for (int32_t j = from; j < earliest; j++)
            out->cycle_member[at++] = x->ap[x->walk[j]].id;
        out->cycle_start[++out->ncycles] = at;
    }
}

/* Numbers applicants by place and units by tenant (vacant ones from n),
 * and writes every applicant's record, their list in those numbers. */
static void exchange_setup(struct exchange *x, const struct alloc_instance *in, int32_t *place,
                           int32_t *number)
{
    int32_t n = in->napplicants, m = in->nunits;
    for (int32_t r = 0; r < n; r++)
        place[in->order[r]] = r;
    for (int32_t u = 0; u < m; u++)
        number[u] = ALLOC_NONE;
    for (int32_t a = 0; a < n; a++)
        if (in->current && in->current[a] != ALLOC_NONE) number[in->current[a]] = place[a];
    for (int32_t u = 0, k = 0; u < m; u++)
        if (number[u] == ALLOC_NONE) {
            number[u] = n + k;
            x->vacant_unit[k] = u;
            x->vacant_left[k++] = in->capacity ? in->capacity[u] : 1;
        }
    uint32_t more = 0;
    for (int32_t a = 0; a < n; a++) { /* in index order: the input is read in memory order */
        int32_t r = place[a];
        struct ex_applicant *p = &x->ap[r];
        *p = (struct ex_applicant){.id = a,
                                   .home = in->current ? in->current[a] : ALLOC_NONE,
                                   .walk = EX_FREE,
                                   .more = more};
        for (uint32_t i = in->pref_start[a]; i < in->pref_start[a + 1]; i++) {
            int32_t u = number[in->pref[i]];
            if (u == r) break; /* their home: the list is cut there */
            if (p->len < EX_INLINE)
                p->list[p->len] = u;
            else
                x->more[more++] = u;
            p->len++;
        }
    }
}

int alloc_tenant_exchange(const struct alloc_instance *in, struct alloc_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (alloc_check(ALLOC_TENANT_EXCHANGE, in, e)) return -1;
    int32_t n = in->napplicants, m = in->nunits;
    struct exchange x = {.n = n};
    int32_t *number = alloc_array((size_t)m, sizeof *number); /* unit -> exchange number */
    int32_t *place = alloc_array((size_t)n, sizeof *place);   /* applicant -> place r */
    x.ap = alloc_array((size_t)n, sizeof *x.ap);
    x.more = alloc_array(in->pref_start[n], sizeof *x.more);
    x.vacant_unit = alloc_array((size_t)m, sizeof *x.vacant_unit);
    x.vacant_left = alloc_array((size_t)m, sizeof *x.vacant_left);
    x.full = calloc(((size_t)n + (size_t)m) / 64 + 1, sizeof *x.full);
    x.walk = alloc_array((size_t)n, sizeof *x.walk);
    x.walk_unit = alloc_array((size_t)n, sizeof *x.walk_unit);
    int rc = -1;
    if (!number || !place || !x.ap || !x.more || !x.vacant_unit || !x.vacant_left || !x.full ||
        !x.walk || !x.walk_unit) {
        out_of_memory(e);
        goto done;
    }
    if (result_new(out, n, 1, e)) goto done;
    exchange_setup(&x, in, place, number);

    for (int32_t head = 0; head < n; head++) {
        if (x.ap[head].walk == EX_GONE) continue; /* left already, in an earlier cycle */
        int32_t len = 0;
        x.walk[len] = head;
        x.ap[head].walk = len++;
        while (len > 0) {
            int32_t r = x.walk[len - 1];
            int32_t u = exchange_best(&x, r);
            if (u == ALLOC_NONE) {
                /* Only the head can run out of units: everyone else on the
                 * walk was reached through their own unit. It leaves with
                 * nothing, and the walk with it. */
                x.ap[r].walk = EX_GONE;
                len--;
                continue;
            }
            x.walk_unit[len - 1] = u;
            int32_t to = exchange_owner(&x, u);
            if (x.ap[to].walk == EX_FREE) {
                x.walk[len] = to;
                x.ap[to].walk = len++;
            } else { /* `to` is on the walk: a cycle */
                int32_t from = x.ap[to].walk;
                exchange_cycle(&x, from, len, out);
                len = from;
            }
        }
    }
    result_reasons(in, out);
    rc = 0;
done:
    if (rc) alloc_result_free(out);
    free(number), free(place), free(x.ap), free(x.more), free(x.vacant_unit), free(x.vacant_left);
    free(x.full), free(x.walk), free(x.walk_unit);
    return rc;
}

int alloc_run(enum alloc_mode mode, const struct alloc_instance *in, struct alloc_result *out,
              struct err *e)
{
    switch (mode) {
    case ALLOC_SERIAL:
        return alloc_serial(in, out, e);
    case ALLOC_DEFERRED_ACCEPTANCE:
        return alloc_deferred_acceptance(in, out, e);
    case ALLOC_TENANT_EXCHANGE:
        return alloc_tenant_exchange(in, out, e);
    case ALLOC_MODE_COUNT:
        break;
    }
    memset(out, 0, sizeof *out);
    return err_set(e, ERR_INVALID, "", "未知的分配方式 %d", "unknown mode %d", (int)mode);
}

/* ------------------------------------------------- the constraint layer */

int alloc_acceptable(const struct alloc_constraints *c, const struct alloc_household *h,
                     const struct alloc_unit_info *u)
{
    if (h->needs_accessible && !u->accessible) return 0;
    if (c->nsize_rules == 0) return 1;
    for (int r = 0; r < c->nsize_rules; r++) {
        const struct alloc_size_rule *rule = &c->size_rules[r];
        if (h->members >= rule->members_min &&
            (rule->members_max == 0 || h->members <= rule->members_max))
            return (rule->layouts >> u->layout) & 1u;
    }
    return 0;
}

static int check_constraints(enum alloc_mode mode, const struct alloc_instance *in,
                             const struct alloc_constraints *c, const struct alloc_household *hh,
                             const struct alloc_unit_info *ui, struct err *e)
{
    if (!c || !hh || !ui)
        return err_set(e, ERR_INVALID, "", "缺少约束、家庭或房源信息",
                       "the constraints, households or unit details are missing");
    if (c->nsize_rules < 0 || c->nsize_rules > ALLOC_SIZE_RULES_MAX || c->npools < 0 ||
        c->npools > ALLOC_POOLS_MAX)
        return err_set(e, ERR_INVALID, "", "户型规则数 %ld 或定向房源池数 %ld 超出范围",
                       "%ld size rules or %ld reserved pools is out of range", (long)c->nsize_rules,
                       (long)c->npools);
    if (mode == ALLOC_TENANT_EXCHANGE && c->npools > 0)
        return err_set(e, ERR_INVALID, "", "在住户换房不设定向房源池",
                       "the tenant exchange takes no reserved pools");
    for (int p = 0; p < c->npools; p++) {
        int to = c->pools[p].leftover_to;
        if (to != ALLOC_TO_GENERAL && to != ALLOC_TO_HOLD && (to <= p || to >= c->npools))
            return err_set(e, ERR_INVALID, "",
                           "定向房源池 %ld 的剩余去向 %ld 应为其后的房源池、普通轮次或保留",
                           "reserved pool %ld: leftovers must go to a later pool, the general "
                           "round or be held back, not to %ld",
                           (long)p, (long)to);
    }
    for (int32_t u = 0; u < in->nunits; u++)
        if ((unsigned)ui[u].layout >= ALLOC_LAYOUT_COUNT ||
            (ui[u].pool != ALLOC_POOL_GENERAL && (ui[u].pool < 0 || ui[u].pool >= c->npools)))
            return err_set(e, ERR_INVALID, "", "房源 %ld 的户型或房源池 %ld 有误",
                           "unit %ld: bad layout or pool %ld", (long)u, (long)ui[u].pool);
    for (int32_t a = 0; a < in->napplicants; a++)
        if (hh[a].members < 1)
            return err_set(e, ERR_INVALID, "", "申请人 %ld 的家庭人数 %ld 应至少为 1",
                           "applicant %ld: %ld members; at least 1", (long)a, (long)hh[a].members);
    return 0;
}

/* The instance of one round (a reserved pool, or the general round): its
 * units, its applicants in the order, their lists cut down to the units of
 * the round they may have; and the maps between its indexes and the whole
 * instance's. */
struct round {
    struct alloc_instance sub;
    int32_t *app, *app_of;   /* round applicant -> applicant; applicant -> round's or NONE */
    int32_t *unit, *unit_of; /* round unit -> unit; unit -> round's or NONE */
    uint32_t *pref_start, *prio_start;
    int32_t *pref, *order, *capacity, *prio, *current;
};

static void round_free(struct round *r)
{
    free(r->app), free(r->app_of), free(r->unit), free(r->unit_of), free(r->pref_start);
    free(r->prio_start), free(r->pref), free(r->order), free(r->capacity), free(r->prio);
    free(r->current);
}

static int round_new(struct round *r, const struct alloc_instance *in)
{
    size_t n = (size_t)in->napplicants, m = (size_t)in->nunits;
    memset(r, 0, sizeof *r);
    r->app = alloc_array(n, sizeof *r->app);
    r->app_of = alloc_array(n, sizeof *r->app_of);
    r->unit = alloc_array(m, sizeof *r->unit);
    r->unit_of = alloc_array(m, sizeof *r->unit_of);
    r->pref_start = alloc_array(n + 1, sizeof *r->pref_start);
    r->pref = alloc_array(in->pref_start[n], sizeof *r->pref);
    r->order = alloc_array(n, sizeof *r->order);
    r->capacity = alloc_array(m, sizeof *r->capacity);
    r->current = alloc_array(n, sizeof *r->current);
    if (in->prio_start) {
        r->prio_start = alloc_array(m + 1, sizeof *r->prio_start);
        r->prio = alloc_array(in->prio_start[m], sizeof *r->prio);
    }
    if (!r->app || !r->app_of || !r->unit || !r->unit_of || !r->pref_start || !r->pref ||
        !r->order || !r->capacity || !r->current ||
        (in->prio_start && (!r->prio_start || !r->prio))) {
        round_free(r);
        return -1;
    }
    return 0;
}

/* Builds the round `stage` (a pool index, or npools for the general round):
 * units whose round it is with seats left; applicants still unassigned who
 * take part (the general round: all; a pool: its group); each one's list
 * keeps the round's units they may have. seen[a] is set when a keeps one. */
static void round_build(struct round *r, const struct alloc_instance *in, int stage, int general,
                        const int32_t *stage_of, const int32_t *left,
                        const struct alloc_constraints *c, const struct alloc_household *hh,
                        const struct alloc_unit_info *ui, const struct alloc_result *out,
                        uint8_t *seen)
{
    int32_t n = in->napplicants, m = in->nunits, sn = 0, sm = 0;
    for (int32_t u = 0; u < m; u++) {
        r->unit_of[u] = ALLOC_NONE;
        if (stage_of[u] == stage && left[u] > 0) {
            r->unit_of[u] = sm;
            r->unit[sm] = u;
            r->capacity[sm++] = left[u];
        }
    }
    for (int32_t k = 0; k < n; k++) {
        int32_t a = in->order[k];
        int tenant = in->current && in->current[a] != ALLOC_NONE;
        int takes_part = out->unit[a] == ALLOC_NONE && (!hh[a].declined || tenant) &&
                         (general || ((hh[a].pools >> stage) & 1u));
        r->app_of[a] = ALLOC_NONE;
        if (!takes_part) continue;
        r->app_of[a] = sn;
        r->app[sn] = a;
        r->order[sn] = sn; /* the order, restricted to the round */
        sn++;
    }
    uint32_t at = 0;
    for (int32_t s = 0; s < sn; s++) {
        int32_t a = r->app[s];
        int32_t own = in->current ? in->current[a] : ALLOC_NONE;
        r->pref_start[s] = at;
        r->current[s] = own == ALLOC_NONE ? ALLOC_NONE : r->unit_of[own];
        if (hh[a].declined) continue; /* a declined tenant keeps their unit */
        for (uint32_t i = in->pref_start[a]; i < in->pref_start[a + 1]; i++) {
            int32_t u = in->pref[i];
            if (r->unit_of[u] == ALLOC_NONE) continue;
            if (u != own && !alloc_acceptable(c, &hh[a], &ui[u])) continue;
            r->pref[at++] = r->unit_of[u];
            seen[a] = 1;
        }
    }
    r->pref_start[sn] = at;
    if (in->prio_start) { /* each unit's list, kept to the round's applicants */
        at = 0;
        for (int32_t j = 0; j < sm; j++) {
            int32_t u = r->unit[j];
            r->prio_start[j] = at;
            for (uint32_t p = in->prio_start[u]; p < in->prio_start[u + 1]; p++)
                if (r->app_of[in->prio[p]] != ALLOC_NONE) r->prio[at++] = r->app_of[in->prio[p]];
        }
        r->prio_start[sm] = at;
    }
    r->sub = (struct alloc_instance){
        .napplicants = sn,
        .nunits = sm,
        .pref_start = r->pref_start,
        .pref = r->pref,
        .order = r->order,
        .capacity = r->capacity,
        .prio_start = in->prio_start ? r->prio_start : NULL,
        .prio = in->prio_start ? r->prio : NULL,
        .current = in->current ? r->current : NULL,
    };
}

int alloc_run_constrained(enum alloc_mode mode, const struct alloc_instance *in,
                          const struct alloc_constraints *c, const struct alloc_household *hh,
                          const struct alloc_unit_info *ui, struct alloc_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (alloc_check(mode, in, e) || check_constraints(mode, in, c, hh, ui, e)) return -1;
    int32_t n = in->napplicants, m = in->nunits;
    int general = c->npools; /* the general round comes after the pools */
    int32_t *left = seats_new(in);
    int32_t *stage_of = alloc_array((size_t)m, sizeof *stage_of); /* -1: held back */
    uint8_t *seen = calloc((size_t)n + 1, 1);
    struct round r;
    int rc = -1, have_round = 0;
    if (!left || !stage_of || !seen || round_new(&r, in)) {
        out_of_memory(e);
        goto done;
    }
    have_round = 1;
    if (result_new(out, n, mode == ALLOC_TENANT_EXCHANGE, e)) goto done;
    for (int32_t u = 0; u < m; u++)
        stage_of[u] = ui[u].pool == ALLOC_POOL_GENERAL ? general : ui[u].pool;

    for (int stage = 0; stage <= general; stage++) {
        round_build(&r, in, stage, stage == general, stage_of, left, c, hh, ui, out, seen);
        struct alloc_result sr;
        if (alloc_run(mode, &r.sub, &sr, e)) {
            alloc_result_free(out);
            goto done;
        }
        for (int32_t s = 0; s < r.sub.napplicants; s++)
            if (sr.unit[s] != ALLOC_NONE) {
                int32_t a = r.app[s], u = r.unit[sr.unit[s]];
                out->unit[a] = u;
                left[u]--;
            }
        for (int32_t cy = 0; cy < sr.ncycles; cy++) { /* only the exchange: one round */
            uint32_t at = out->cycle_start[out->ncycles];
            for (uint32_t j = sr.cycle_start[cy]; j < sr.cycle_start[cy + 1]; j++)
                out->cycle_member[at++] = r.app[sr.cycle_member[j]];
            out->cycle_start[++out->ncycles] = at;
        }
        alloc_result_free(&sr);
        if (stage == general) break;
        /* what the pool left over goes where the policy says */
        int to = c->pools[stage].leftover_to;
        for (int32_t u = 0; u < m; u++)
            if (stage_of[u] == stage && left[u] > 0)
                stage_of[u] = to == ALLOC_TO_GENERAL ? general : to == ALLOC_TO_HOLD ? -1 : to;
    }

    for (int32_t a = 0; a < n; a++) {
        if (out->unit[a] != ALLOC_NONE)
            out->reason[a] = in->current && in->current[a] == out->unit[a] ? ALLOC_KEPT_OWN_UNIT
                                                                           : ALLOC_ASSIGNED;
        else if (hh[a].declined)
            out->reason[a] = ALLOC_DECLINED;
        else if (in->pref_start[a] == in->pref_start[a + 1])
            out->reason[a] = ALLOC_NO_PREFERENCES;
        else
            out->reason[a] = seen[a] ? ALLOC_ALL_TAKEN : ALLOC_NONE_ACCEPTABLE;
    }
    rc = 0;
done:
    if (have_round) round_free(&r);
    free(left), free(stage_of), free(seen);
    return rc;
}
