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
static const struct alloc_size_rule size_rules[] = {
    {1, 1, L(DORMITORY) | L(STUDIO) | L(ONE_ROOM)},
    {2, 2, L(STUDIO) | L(ONE_ROOM) | L(TWO_ROOM)},
    {3, 0, L(TWO_ROOM) | L(THREE_ROOM)},
};
#undef L
enum { NSIZE_RULES = sizeof size_rules / sizeof size_rules[0] };

void round_constraints(struct alloc_constraints *c)
{
    memset(c, 0, sizeof *c);
    c->nsize_rules = NSIZE_RULES;
    for (int i = 0; i < NSIZE_RULES; i++)
        c->size_rules[i] = size_rules[i];
}

int round_layout_fits(int members, enum alloc_layout layout)
{
    for (int i = 0; i < NSIZE_RULES; i++)
        if (members >= size_rules[i].members_min &&
            (size_rules[i].members_max == 0 || members <= size_rules[i].members_max))
            return (size_rules[i].layouts >> layout) & 1u;
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
