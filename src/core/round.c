/* core/round — the rules of a round (see round.h). */
#include "core/round.h"

#include "core/lottery.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct code_name round_kind_names[ROUND_KIND_COUNT] = {
    [ROUND_GENERAL] = {"general", "普通配租", "general"},
    [ROUND_TARGETED] = {"targeted", "专项配租", "targeted"},
    [ROUND_DIRECT] = {"direct", "直配", "direct allocation"},
};

const struct code_name round_state_names[ROUND_STATE_COUNT] = {
    [ROUND_DRAFT] = {"draft", "草稿", "draft"},
    [ROUND_OPEN] = {"open", "登记中", "open for registration"},
    [ROUND_SHORTLISTED] = {"shortlisted", "已入围", "shortlisted"},
    [ROUND_RECHECKED] = {"rechecked", "已复核", "re-checked"},
    [ROUND_DRAWN] = {"drawn", "已摇号", "drawn"},
    [ROUND_CHOOSING] = {"choosing", "选房中", "choosing"},
    [ROUND_CLOSED] = {"closed", "已结束", "closed"},
    [ROUND_PUBLISHED] = {"published", "已公布", "published"},
};

int round_area_covers(const char *area, const char *district_code)
{
    if (strcmp(district_code, area) == 0) return 1;
    return strlen(area) == 6 && strcmp(area + 2, "0000") == 0 &&
           strncmp(district_code, area, 2) == 0;
}

int round_kind_takes(enum round_kind kind, const char *target_category, unsigned categories)
{
    if (kind != ROUND_TARGETED) return 1;
    int c = code_lookup(priority_names, PRI_COUNT, target_category);
    return c >= 0 && ((categories >> c) & 1u);
}

int64_t round_shortlist_size(int64_t nunits, int ratio_permille, int64_t nentrants)
{
    if (nunits <= 0 || nentrants <= 0) return 0;
    int64_t k = nunits * ratio_permille / 1000;
    if (k < nunits) k = nunits;
    return k < nentrants ? k : nentrants;
}

int round_ratio_check(int ratio_permille, const char *field, struct err *e)
{
    if (ratio_permille >= ROUND_RATIO_MIN && ratio_permille <= ROUND_RATIO_MAX) return 0;
    return err_set(e, ERR_INVALID, field,
                   "入围比例须在 1000 至 1200 之间（千分比，即 1:1 至 1:1.2），不能为 %d",
                   "the shortlist ratio must be 1000 to 1200 per mille (1:1 to 1:1.2), not %d",
                   ratio_permille, ratio_permille);
}

int round_bucket(enum round_kind kind, int priority)
{
    if (kind != ROUND_GENERAL) return 1;
    return priority ? 1 : 2;
}

#define L(x) (1u << ALLOC_LAYOUT_##x)
void round_rules_default(struct round_rules *r)
{
    memset(r, 0, sizeof *r);
    r->shortlist_ratio_permille = 1200;
    r->declines_max = 2;
    r->offer_days = 7;
    r->nsizes = 3;
    r->sizes[0] = (struct round_size_layouts){1, 1, L(DORMITORY) | L(STUDIO) | L(ONE_ROOM)};
    r->sizes[1] = (struct round_size_layouts){2, 2, L(STUDIO) | L(ONE_ROOM) | L(TWO_ROOM)};
    r->sizes[2] = (struct round_size_layouts){3, 0, L(TWO_ROOM) | L(THREE_ROOM)};
}
#undef L

void round_constraints(const struct round_rules *rules, struct alloc_constraints *c)
{
    memset(c, 0, sizeof *c);
    int n = rules->nsizes < ALLOC_SIZE_RULES_MAX ? rules->nsizes : ALLOC_SIZE_RULES_MAX;
    c->nsize_rules = n;
    for (int i = 0; i < n; i++)
        c->size_rules[i] = (struct alloc_size_rule){
            rules->sizes[i].members_min, rules->sizes[i].members_max, rules->sizes[i].layouts};
}

int round_layout_fits(const struct round_rules *rules, int members, enum alloc_layout layout)
{
    for (int i = 0; i < rules->nsizes; i++) {
        const struct round_size_layouts *s = &rules->sizes[i];
        if (members >= s->members_min && (s->members_max == 0 || members <= s->members_max))
            return (s->layouts >> layout) & 1u;
    }
    return 0;
}

int round_lost_place(int declines, int declines_max)
{
    return declines >= declines_max;
}

static int by_id(const void *x, const void *y)
{
    return strcmp(((const struct round_lottery_entry *)x)->id,
                  ((const struct round_lottery_entry *)y)->id);
}

long round_entrant_list(struct round_lottery_entry *en, size_t n, char *out, size_t cap,
                        struct err *e)
{
    qsort(en, n, sizeof *en, by_id);
    size_t len = 0;
    int w = snprintf(out, cap, "%s\n", LOTTERY_LIST_HEADER);
    if (w < 0 || (size_t)w >= cap) goto too_large;
    len = (size_t)w;
    for (size_t k = 0; k < n; k++) {
        const char *id = en[k].id;
        if (k > 0 && strcmp(en[k - 1].id, id) == 0)
            return err_set(e, ERR_INVALID, "entrant_id", "报名名单中申请编号 %s 重复",
                           "application number %s is on the list twice", id, id);
        if (lottery_looks_like_id_number(id, strlen(id)))
            return err_set(e, ERR_INVALID, "entrant_id",
                           "摇号名单只能使用申请编号，不能使用身份证号",
                           "an entrant list names application numbers, never ID numbers");
        w = snprintf(out + len, cap - len, "%s,%d,1\n", id, en[k].bucket);
        if (w < 0 || (size_t)w >= cap - len) goto too_large;
        len += (size_t)w;
    }
    return (long)len;
too_large:
    return err_set(e, ERR_TOO_LARGE, "entrants", "报名名单过大", "the entrant list is too large");
}

/* --- round_choose ---------------------------------------------------------- */

/* Units are grouped in classes (layout, accessible), each a run of
 * positions in unit order followed by a sentinel position. next[p] == p:
 * position p is free; otherwise it points further right (a "next free"
 * forest, path halving), so finding the first free unit of a class is
 * amortised near-constant. */
enum { NCLASS = ALLOC_LAYOUT_COUNT * 2 };

struct chooser {
    int32_t base[NCLASS], len[NCLASS]; /* class c: positions base[c] .. base[c] + len[c] */
    int32_t *unit_at;                  /* position -> unit index (-1 at a sentinel) */
    int32_t *next;
    int32_t *where; /* unit index -> position */
};

static int unit_class(const struct alloc_unit_info *u)
{
    return (int)u->layout * 2 + (u->accessible ? 1 : 0);
}

static int32_t first_free(struct chooser *c, int32_t p)
{
    while (c->next[p] != p) {
        c->next[p] = c->next[c->next[p]];
        p = c->next[p];
    }
    return p;
}

static int declined_unit(const struct round_family *f, int32_t u)
{
    for (int32_t i = 0; i < f->ndeclined; i++)
        if (f->declined[i] == u) return 1;
    return 0;
}

/* May family f have a unit of class c (layout and accessibility)? */
static int class_open(const struct round_rules *rules, const struct round_family *f, int c)
{
    if (f->needs_accessible && !(c & 1)) return 0;
    return round_layout_fits(rules, f->members > 0 ? f->members : 1, (enum alloc_layout)(c / 2));
}

/* Family f chooses; returns the unit index or ALLOC_NONE with *reason. */
static int32_t choose_one(struct chooser *c, const struct round_rules *rules,
                          const struct round_family *f, const struct alloc_unit_info *units,
                          uint8_t *reason)
{
    int open = 0;
    int32_t best = ALLOC_NONE;
    if (!f->any) {
        for (int32_t i = 0; i < f->nprefs && best == ALLOC_NONE; i++) {
            int32_t u = f->prefs[i];
            if (!class_open(rules, f, unit_class(&units[u])) || declined_unit(f, u)) continue;
            open = 1;
            if (first_free(c, c->where[u]) == c->where[u]) best = u;
        }
    } else {
        for (int k = 0; k < NCLASS; k++) {
            if (!class_open(rules, f, k) || c->len[k] == 0) continue;
            int32_t end = c->base[k] + c->len[k];
            /* open: a unit of the class the family has not declined */
            for (int32_t p = c->base[k]; !open && p < end && p <= c->base[k] + f->ndeclined; p++)
                if (!declined_unit(f, c->unit_at[p])) open = 1;
            int32_t p = first_free(c, c->base[k]);
            while (p < end && declined_unit(f, c->unit_at[p]))
                p = first_free(c, p + 1);
            if (p < end && (best == ALLOC_NONE || c->unit_at[p] < best)) best = c->unit_at[p];
        }
    }
    if (best == ALLOC_NONE) {
        *reason = open ? ALLOC_ALL_TAKEN : ALLOC_NONE_ACCEPTABLE;
        return ALLOC_NONE;
    }
    int32_t p = c->where[best];
    c->next[p] = p + 1;
    *reason = ALLOC_ASSIGNED;
    return best;
}

int round_choose(const struct round_rules *rules, const struct round_family *families,
                 int32_t nfamilies, const struct alloc_unit_info *units, int32_t nunits,
                 int32_t *unit_out, uint8_t *reason_out, struct err *e)
{
    if (nfamilies < 0 || nunits < 0 || nunits > ALLOC_MAX - NCLASS)
        return err_set(e, ERR_INVALID, "units", "家庭或房源数量无效",
                       "the number of families or units is out of range");
    for (int32_t u = 0; u < nunits; u++)
        if ((unsigned)units[u].layout >= ALLOC_LAYOUT_COUNT)
            return err_set(e, ERR_INVALID, "layout", "第 %d 套房源的户型无效",
                           "unit %d has an unknown layout", (int)u, (int)u);
    for (int32_t f = 0; f < nfamilies; f++) {
        const struct round_family *x = &families[f];
        int bad = x->nprefs < 0 || x->ndeclined < 0;
        for (int32_t i = 0; !bad && !x->any && i < x->nprefs; i++)
            bad = x->prefs[i] < 0 || x->prefs[i] >= nunits;
        for (int32_t i = 0; !bad && i < x->ndeclined; i++)
            bad = x->declined[i] < 0 || x->declined[i] >= nunits;
        if (bad)
            return err_set(e, ERR_INVALID, "preferences", "第 %d 户的意向或已放弃房源超出范围",
                           "family %d lists a unit out of range", (int)f, (int)f);
    }
    struct chooser c = {0};
    size_t npos = (size_t)nunits + NCLASS;
    c.unit_at = malloc(npos * sizeof *c.unit_at);
    c.next = malloc(npos * sizeof *c.next);
    c.where = malloc(((size_t)nunits + 1) * sizeof *c.where);
    if (!c.unit_at || !c.next || !c.where) {
        free(c.unit_at), free(c.next), free(c.where);
        return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    }
    for (int32_t u = 0; u < nunits; u++)
        c.len[unit_class(&units[u])]++;
    int32_t at = 0;
    for (int k = 0; k < NCLASS; k++) {
        c.base[k] = at;
        at += c.len[k];
        c.unit_at[at] = -1; /* the sentinel */
        at++;
    }
    int32_t fill[NCLASS];
    for (int k = 0; k < NCLASS; k++)
        fill[k] = c.base[k];
    for (int32_t u = 0; u < nunits; u++) {
        int32_t p = fill[unit_class(&units[u])]++;
        c.unit_at[p] = u;
        c.where[u] = p;
    }
    for (size_t p = 0; p < npos; p++)
        c.next[p] = (int32_t)p;
    /* the families who need an accessible home choose first among the
     * accessible units (in the lottery order), then everybody else */
    for (int pass = 0; pass < 2; pass++)
        for (int32_t f = 0; f < nfamilies; f++)
            if ((families[f].needs_accessible != 0) == (pass == 0))
                unit_out[f] = choose_one(&c, rules, &families[f], units, &reason_out[f]);
    free(c.unit_at), free(c.next), free(c.where);
    return 0;
}
