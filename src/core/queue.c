/* core/queue — the waiting-list order and the re-reporting calendar (see
 * queue.h, and docs/queue.md for the rules and their sources).
 *
 * Reading order: queue_classes lists the classes of a policy; class_of puts
 * one family in the first class it belongs to; queue_order sorts by (class,
 * filing date, application number) and counts, for every family, who is
 * ahead of it and why; queue_why says it in words. The calendar functions
 * are at the bottom.
 */
#include "core/queue.h"

#include "base/bigmem.h"
#include "base/date.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ classes */

void queue_classes(const struct policy *p, struct queue_classes *out)
{
    memset(out, 0, sizeof *out);
    out->long_wait_years = p->long_wait_years > 0 ? p->long_wait_years : 0;
    /* unlisted, the long-wait class comes first: "families waiting more
     * than 5 years first" (issue 5; docs/queue.md) */
    int long_wait_at = p->long_wait_listed ? p->long_wait_rank : 0;
    int n = p->npriority < PRI_COUNT ? p->npriority : PRI_COUNT;
    for (int i = 0; i <= n; i++) {
        if (out->long_wait_years && i == long_wait_at)
            out->c[out->n++] = (struct queue_class){.kind = QUEUE_CLASS_LONG_WAIT};
        if (i == n) break;
        enum priority_category k = p->priority_order[i];
        if ((int)k < 0 || k >= PRI_COUNT) continue;
        out->c[out->n++] = (struct queue_class){.kind = QUEUE_CLASS_CATEGORY, .category = k};
    }
    if (out->long_wait_years && long_wait_at > n) /* a rank past the end: last of the classes */
        out->c[out->n++] = (struct queue_class){.kind = QUEUE_CLASS_LONG_WAIT};
    out->c[out->n++] = (struct queue_class){.kind = QUEUE_CLASS_NONE};
}

const char *queue_class_code(const struct queue_class *c)
{
    switch (c->kind) {
    case QUEUE_CLASS_CATEGORY:
        return (unsigned)c->category < PRI_COUNT ? priority_names[c->category].code : "none";
    case QUEUE_CLASS_LONG_WAIT:
        return POLICY_LONG_WAIT_CODE;
    case QUEUE_CLASS_NONE:
        break;
    }
    return "none";
}

void queue_class_name(const struct queue_classes *cls, int index, char zh[96], char en[96])
{
    const struct queue_class *c = index >= 0 && index < cls->n ? &cls->c[index] : NULL;
    if (c && c->kind == QUEUE_CLASS_CATEGORY && (unsigned)c->category < PRI_COUNT) {
        snprintf(zh, 96, "%s", priority_names[c->category].zh);
        snprintf(en, 96, "%s", priority_names[c->category].en);
    } else if (c && c->kind == QUEUE_CLASS_LONG_WAIT) {
        snprintf(zh, 96, "轮候满 %d 年", cls->long_wait_years);
        snprintf(en, 96, "waiting %d years or more", cls->long_wait_years);
    } else {
        snprintf(zh, 96, "无优先类别");
        snprintf(en, 96, "no priority category");
    }
}

/* The policy's categories as a mask. */
static unsigned category_mask(const struct queue_classes *cls)
{
    unsigned mask = 0;
    for (int i = 0; i < cls->n; i++)
        if (cls->c[i].kind == QUEUE_CLASS_CATEGORY) mask |= 1u << cls->c[i].category;
    return mask;
}

/* The first class of the precedence the family belongs to. */
static int class_of(const struct queue_classes *cls, unsigned categories, int long_wait)
{
    for (int i = 0; i < cls->n; i++) {
        const struct queue_class *c = &cls->c[i];
        if (c->kind == QUEUE_CLASS_CATEGORY && (categories & (1u << c->category))) return i;
        if (c->kind == QUEUE_CLASS_LONG_WAIT && long_wait) return i;
        if (c->kind == QUEUE_CLASS_NONE) return i;
    }
    return cls->n - 1;
}

/* -------------------------------------------------------------- order */

int queue_long_wait(const char *filed, int years, const char *as_of)
{
    if (years <= 0 || date_valid(filed) != 0 || date_valid(as_of) != 0) return 0;
    char anniversary[11];
    date_add_months(filed, 12 * years, anniversary);
    return strcmp(anniversary, as_of) <= 0;
}

/* The last filing date that has waited `years` years on as_of ("" when
 * the rule is off): adding years never moves a date back, so a family
 * waits long exactly when its filing date is on or before this one. */
static void long_wait_cutoff(int years, const char *as_of, char out[11])
{
    out[0] = '\0';
    if (years <= 0 || date_valid(as_of) != 0) return;
    char next[11];
    date_add_months(as_of, -12 * years, out); /* waited: the same day, or the month's last */
    for (;;) {                                /* at the end of a month, a day or two more */
        date_from_days(date_to_days(out) + 1, next);
        if (!queue_long_wait(next, years, as_of)) return;
        memcpy(out, next, 11);
    }
}

enum { KEY_NO = 16 };

/* What the sort compares, one per family: the class and the filing day in
 * one number (class in the high half), and the application number's first
 * bytes, zero-padded, so that comparing them bytewise is comparing the
 * numbers — as long as they are shorter; longer ones are compared whole. */
struct key {
    uint64_t major; /* class_index << 32 | filing day (offset to be unsigned) */
    unsigned char no[KEY_NO];
    const struct queue_family *f;
};

/* Negative, zero or positive as a comes before, with or after b. */
static inline int key_compare(const struct key *a, const struct key *b)
{
    if (a->major != b->major) return a->major < b->major ? -1 : 1;
    int c = memcmp(a->no, b->no, KEY_NO);
    if (c) return c;
    c = strcmp(a->f->application_no, b->f->application_no);
    if (c) return c;
    /* numbers are unique; should two ever be equal, the id keeps it total */
    return (a->f->application_id > b->f->application_id) -
           (a->f->application_id < b->f->application_id);
}

/* Sorts keys[0..n) with a bottom-up merge sort through tmp (n keys). */
static void sort_keys(struct key *keys, struct key *tmp, size_t n)
{
    struct key *from = keys, *to = tmp;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                to[k++] = key_compare(&from[j], &from[i]) < 0 ? from[j++] : from[i++];
            while (i < mid)
                to[k++] = from[i++];
            while (j < hi)
                to[k++] = from[j++];
        }
        struct key *t = from;
        from = to;
        to = t;
    }
    if (from != keys) memcpy(keys, from, n * sizeof *keys);
}

int queue_order(const struct policy *p, const char *as_of, const struct queue_family *f, size_t n,
                struct queue_place *places, size_t *order, struct err *e)
{
    struct queue_classes cls;
    queue_classes(p, &cls);
    unsigned mask = category_mask(&cls);
    size_t size = (n ? n : 1) * sizeof(struct key);
    struct key *keys = bigmem_alloc(size), *tmp = bigmem_alloc(size);
    if (!keys || !tmp) {
        bigmem_free(keys, size);
        bigmem_free(tmp, size);
        return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    }

    /* each family's class on as_of (queue_long_wait, through its cutoff) */
    char cutoff[11];
    long_wait_cutoff(cls.long_wait_years, as_of, cutoff);
    for (size_t i = 0; i < n; i++) {
        struct queue_place *pl = &places[i];
        memset(pl, 0, sizeof *pl);
        int valid = date_valid(f[i].filed_date) == 0;
        pl->categories = eligibility_categories(&f[i].facts, as_of) & mask;
        pl->long_wait = valid && cutoff[0] && strcmp(f[i].filed_date, cutoff) <= 0;
        pl->class_index = class_of(&cls, pl->categories, pl->long_wait);
        /* an invalid filing date sorts as day 0 of the offset range: first */
        uint32_t day = valid ? (uint32_t)((int64_t)date_to_days(f[i].filed_date) - INT32_MIN) : 0;
        keys[i].major = (uint64_t)pl->class_index << 32 | day;
        memset(keys[i].no, 0, KEY_NO);
        memcpy(keys[i].no, f[i].application_no, strnlen(f[i].application_no, KEY_NO));
        keys[i].f = &f[i];
    }
    sort_keys(keys, tmp, n);

    /* positions, and who is ahead within the class */
    long class_size[QUEUE_CLASS_MAX] = {0};
    size_t class_start = 0, day_start = 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = (size_t)(keys[k].f - f);
        if (order) order[k] = i;
        if (k == 0 || keys[k].major >> 32 != keys[k - 1].major >> 32)
            class_start = day_start = k;
        else if (keys[k].major != keys[k - 1].major)
            day_start = k;
        struct queue_place *pl = &places[i];
        pl->position = (long)k + 1;
        pl->position_in_class = (long)(k - class_start) + 1;
        pl->ahead_in_class = (long)(k - class_start);
        pl->ahead_earlier = (long)(day_start - class_start);
        pl->ahead_same_day = (long)(k - day_start);
        pl->ahead_higher_classes = (long)class_start;
        class_size[pl->class_index]++;
    }
    for (size_t i = 0; i < n; i++)
        places[i].class_size = class_size[places[i].class_index];
    bigmem_free(keys, size);
    bigmem_free(tmp, size);
    return 0;
}

/* ---------------------------------------------------------------- why */

/* Appends to the text in dst (cap bytes); what does not fit is dropped. */
__attribute__((format(printf, 3, 4))) static void add(char *dst, size_t cap, const char *fmt, ...)
{
    size_t used = strlen(dst);
    if (used + 1 >= cap) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(dst + used, cap - used, fmt, ap);
    va_end(ap);
    if (n > 0 && (size_t)n >= cap - used) { /* cut back to the last whole UTF-8 character */
        size_t len = strlen(dst), lead = len;
        while (lead > 0 && ((unsigned char)dst[lead - 1] & 0xC0) == 0x80)
            lead--;
        if (lead == 0) return;
        unsigned char c = (unsigned char)dst[lead - 1];
        size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (len - (lead - 1) < need) dst[lead - 1] = '\0';
    }
}

/* "1 family is" / "3 families are" */
static const char *families(long n)
{
    return n == 1 ? "family" : "families";
}

/* The family's other reasons for priority, after its class: categories and
 * the long wait, in the precedence, joined by 、 and ", ". */
static int others(const struct queue_classes *cls, const struct queue_place *pl, char *zh,
                  size_t zcap, char *en, size_t ecap)
{
    int count = 0;
    for (int i = pl->class_index + 1; i < cls->n; i++) {
        const struct queue_class *c = &cls->c[i];
        int has = (c->kind == QUEUE_CLASS_CATEGORY && (pl->categories & (1u << c->category))) ||
                  (c->kind == QUEUE_CLASS_LONG_WAIT && pl->long_wait);
        if (!has) continue;
        char nz[96], ne[96];
        queue_class_name(cls, i, nz, ne);
        add(zh, zcap, "%s“%s”", count ? "、" : "", nz);
        add(en, ecap, "%s\"%s\"", count ? ", " : "", ne);
        count++;
    }
    return count;
}

void queue_why(const struct queue_classes *cls, const struct queue_family *f,
               const struct queue_place *pl, long queue_size, char zh[QUEUE_WHY_MAX],
               char en[QUEUE_WHY_MAX])
{
    const size_t Z = QUEUE_WHY_MAX, E = QUEUE_WHY_MAX;
    zh[0] = en[0] = '\0';
    int number = pl->class_index + 1;
    const struct queue_class *c = &cls->c[pl->class_index];
    char name_zh[96], name_en[96];
    queue_class_name(cls, pl->class_index, name_zh, name_en);

    add(zh, Z, "您排在第 %ld 位（共 %ld 户）。", pl->position, queue_size);
    add(en, E, "You are number %ld of %ld.", pl->position, queue_size);
    if (pl->ahead_higher_classes > 0) {
        add(zh, Z, "前面有 %ld 户属于更优先的类别。", pl->ahead_higher_classes);
        add(en, E, " %ld %s ahead of you %s in classes served before yours.",
            pl->ahead_higher_classes, families(pl->ahead_higher_classes),
            pl->ahead_higher_classes == 1 ? "is" : "are");
    }

    /* the class and what puts the family in it */
    switch (c->kind) {
    case QUEUE_CLASS_LONG_WAIT:
        add(zh, Z, "您于 %s 备案，已轮候满 %d 年，属于“%s”优先类别（第 %d 类）", f->filed_date,
            cls->long_wait_years, name_zh, number);
        add(en, E, " You filed on %s and have waited %d years or more: priority class %d, \"%s\"",
            f->filed_date, cls->long_wait_years, number, name_en);
        break;
    case QUEUE_CLASS_CATEGORY:
        add(zh, Z, "您属于“%s”优先类别（第 %d 类）", name_zh, number);
        add(en, E, " You are in priority class %d, \"%s\"", number, name_en);
        break;
    case QUEUE_CLASS_NONE:
        add(zh, Z, "您不属于任何优先类别，排在各优先类别之后（第 %d 类）", number);
        add(en, E, " You are in no priority class: yours (class %d) comes after all of them",
            number);
        break;
    }
    char oz[QUEUE_WHY_MAX / 2] = "", oe[QUEUE_WHY_MAX / 2] = "";
    if (others(cls, pl, oz, sizeof oz, oe, sizeof oe)) {
        add(zh, Z, "；您同时属于%s，按其中最优先的类别排队", oz);
        add(en, E, "; you are also in %s, and the class served first counts", oe);
    }

    /* who is ahead in the class, and why they are */
    if (pl->ahead_in_class == 0) {
        add(zh, Z, "，该类别中没有家庭排在您前面。");
        add(en, E, "; no family in it is ahead of you.");
        return;
    }
    add(zh, Z, "，该类别中有 %ld 户排在您前面：", pl->ahead_in_class);
    add(en, E, "; %ld %s in it %s ahead of you: ", pl->ahead_in_class, families(pl->ahead_in_class),
        pl->ahead_in_class == 1 ? "is" : "are");
    if (pl->ahead_earlier > 0) {
        add(zh, Z, "%ld 户的备案日期早于您的 %s", pl->ahead_earlier, f->filed_date);
        add(en, E, "%ld filed before your filing date (%s)", pl->ahead_earlier, f->filed_date);
    }
    if (pl->ahead_same_day > 0) {
        add(zh, Z, "%s%ld 户与您同日备案、申请编号小于您的 %s", pl->ahead_earlier ? "，" : "",
            pl->ahead_same_day, f->application_no);
        add(en, E, "%s%ld filed the same day with a smaller application number than yours (%s)",
            pl->ahead_earlier ? "; " : "", pl->ahead_same_day, f->application_no);
    }
    add(zh, Z, "。");
    add(en, E, ".");
}

/* ------------------------------------------------------- re-reporting */

void queue_due_date(const char *filed, int months, int k, char out[11])
{
    long total = (long)months * k;
    if (total > 12L * 10000) total = 12L * 10000; /* past the calendar's end */
    date_add_months(filed, (int)total, out);
}

/* The first due date D(k), k >= 1, after `answered` ("" = none answered:
 * after the filing date); *k gets its k. */
static void next_after(const char *filed, int months, const char *answered, char out[11], int *k)
{
    *k = 1;
    queue_due_date(filed, months, 1, out);
    if (answered && answered[0])
        while (strcmp(out, answered) <= 0 && strcmp(out, "9999-12-31") < 0)
            queue_due_date(filed, months, ++*k, out);
}

void queue_next_due(const char *filed, int months, const char *answered, char out[11])
{
    out[0] = '\0';
    if (months <= 0 || date_valid(filed) != 0) return;
    int k;
    next_after(filed, months, answered, out, &k);
}

void queue_answer(const char *filed, int months, const char *answered, const char *reported,
                  char out[11])
{
    snprintf(out, 11, "%s", answered ? answered : "");
    if (months <= 0 || date_valid(filed) != 0 || date_valid(reported) != 0) return;
    int k;
    char next[11], d[11];
    next_after(filed, months, answered, next, &k);
    if (strcmp(reported, next) >= 0) {
        /* on the due date, or late: every due date up to the report's day */
        memcpy(out, next, 11);
        for (queue_due_date(filed, months, ++k, d);
             strcmp(d, reported) <= 0 && strcmp(d, "9999-12-31") < 0;
             queue_due_date(filed, months, ++k, d))
            memcpy(out, d, 11);
        return;
    }
    /* before it: the report answers it when made within its period */
    queue_due_date(filed, months, k - 1, d);
    if (strcmp(reported, d) > 0) memcpy(out, next, 11);
}

int queue_overdue(const char *next_due, const char *as_of)
{
    return next_due[0] && strcmp(next_due, as_of) < 0;
}
