#include "store/verification_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct verification_store {
    struct db *db;
    struct db_stmt *ins_report, *ins_row, *latest, *rows;
};

int verification_store_open(struct db *db, struct verification_store **out, struct err *e)
{
    struct verification_store *st = calloc(1, sizeof *st);
    if (!st) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    st->db = db;
    if (db_prepare(db,
                   "INSERT INTO verification (household_id, household_version, sources, batches,"
                   " discrepancies, verified_at) VALUES ($household_id, $household_version,"
                   " $sources, $batches, $discrepancies, $verified_at) RETURNING id",
                   &st->ins_report, e) ||
        db_prepare(db,
                   "INSERT INTO verification_discrepancy (verification_id, seq, member_seq,"
                   " source, field, declared, found, evidence) VALUES ($verification_id, $seq,"
                   " $member_seq, $source, $field, $declared, $found, $evidence)",
                   &st->ins_row, e) ||
        db_prepare(db,
                   "SELECT id, household_id, household_version, sources, batches, discrepancies,"
                   " verified_at FROM verification WHERE household_id = $household_id"
                   " ORDER BY id DESC LIMIT 1",
                   &st->latest, e) ||
        db_prepare(db,
                   "SELECT member_seq, source, field, declared, found, evidence"
                   " FROM verification_discrepancy WHERE verification_id = $id ORDER BY seq",
                   &st->rows, e)) {
        verification_store_close(st);
        return -1;
    }
    *out = st;
    return 0;
}

void verification_store_close(struct verification_store *st)
{
    if (!st) return;
    db_finalize(st->ins_report);
    db_finalize(st->ins_row);
    db_finalize(st->latest);
    db_finalize(st->rows);
    free(st);
}

void verification_store_format_sources(unsigned sources, const int64_t batches[FEED_COUNT],
                                       struct verification_header *vh)
{
    size_t ns = 0, nb = 0;
    vh->sources[0] = vh->batches[0] = '\0';
    for (int s = 0; s < FEED_COUNT; s++) {
        if (!(sources & (1u << s))) continue;
        const char *code = feed_source_names[s].code;
        ns += (size_t)snprintf(vh->sources + ns, sizeof vh->sources - ns, "%s%s", ns ? ";" : "",
                               code);
        nb += (size_t)snprintf(vh->batches + nb, sizeof vh->batches - nb, "%s%s:%lld",
                               nb ? ";" : "", code, (long long)batches[s]);
    }
}

void verification_store_parse_sources(const struct verification_header *vh, unsigned *sources,
                                      int64_t batches[FEED_COUNT])
{
    *sources = 0;
    memset(batches, 0, sizeof(int64_t) * FEED_COUNT);
    char code[32];
    for (const char *p = vh->sources; *p;) {
        size_t n = strcspn(p, ";");
        if (n < sizeof code) {
            memcpy(code, p, n);
            code[n] = '\0';
            int s = code_lookup(feed_source_names, FEED_COUNT, code);
            if (s >= 0) *sources |= 1u << s;
        }
        p += n + (p[n] == ';');
    }
    for (const char *p = vh->batches; *p;) {
        size_t n = strcspn(p, ";");
        const char *colon = memchr(p, ':', n);
        if (colon && (size_t)(colon - p) < sizeof code) {
            memcpy(code, p, (size_t)(colon - p));
            code[colon - p] = '\0';
            int s = code_lookup(feed_source_names, FEED_COUNT, code);
            if (s >= 0) batches[s] = strtoll(colon + 1, NULL, 10);
        }
        p += n + (p[n] == ';');
    }
}

int verification_store_save(struct verification_store *st, struct verification_header *vh,
                            const struct verification *v, struct err *e)
{
    struct db_stmt *s = st->ins_report;
    vh->discrepancies = v->total;
    db_reset(s);
    if (db_bind_int(s, "$household_id", vh->household_id, e) ||
        db_bind_int(s, "$household_version", vh->household_version, e) ||
        db_bind_text_static(s, "$sources", vh->sources, e) ||
        db_bind_text_static(s, "$batches", vh->batches, e) ||
        db_bind_int(s, "$discrepancies", vh->discrepancies, e) ||
        db_bind_text_static(s, "$verified_at", vh->verified_at, e))
        return -1;
    if (db_step(s, e) != 1) {
        db_reset(s);
        return -1;
    }
    vh->id = db_col_int(s, 0);
    db_reset(s);
    s = st->ins_row;
    for (int i = 0; i < v->ndiscrepancies; i++) {
        const struct discrepancy *d = &v->d[i];
        db_reset(s);
        if (db_bind_int(s, "$verification_id", vh->id, e) || db_bind_int(s, "$seq", i + 1, e) ||
            db_bind_int(s, "$member_seq", d->member + 1, e) ||
            db_bind_text_static(s, "$source", feed_source_names[d->source].code, e) ||
            db_bind_text_static(s, "$field", d->field, e) ||
            db_bind_text_static(s, "$declared", d->declared, e) ||
            db_bind_text_static(s, "$found", d->found, e) ||
            db_bind_text_static(s, "$evidence", d->evidence, e))
            return -1;
        int rc = db_step(s, e);
        db_reset(s); /* the bound texts belong to the caller */
        if (rc < 0) return -1;
    }
    return 0;
}

int verification_store_latest(struct verification_store *st, int64_t household_id,
                              struct verification_header *vh, struct verification *v, struct err *e)
{
    struct db_stmt *s = st->latest;
    db_reset(s);
    if (db_bind_int(s, "$household_id", household_id, e)) return -1;
    int rc = db_step(s, e);
    if (rc <= 0) {
        db_reset(s);
        return rc;
    }
    memset(vh, 0, sizeof *vh);
    vh->id = db_col_int(s, 0);
    vh->household_id = db_col_int(s, 1);
    vh->household_version = db_col_int(s, 2);
    snprintf(vh->sources, sizeof vh->sources, "%s", db_col_text(s, 3));
    snprintf(vh->batches, sizeof vh->batches, "%s", db_col_text(s, 4));
    vh->discrepancies = db_col_int(s, 5);
    snprintf(vh->verified_at, sizeof vh->verified_at, "%s", db_col_text(s, 6));
    db_reset(s);

    int64_t dummy[FEED_COUNT];
    memset(v, 0, sizeof *v);
    verification_store_parse_sources(vh, &v->sources, dummy);
    s = st->rows;
    db_reset(s);
    if (db_bind_int(s, "$id", vh->id, e)) return -1;
    while ((rc = db_step(s, e)) == 1 && v->ndiscrepancies < VERIFY_DISCREPANCIES_MAX) {
        struct discrepancy *d = &v->d[v->ndiscrepancies];
        int src = code_lookup(feed_source_names, FEED_COUNT, db_col_text(s, 1));
        if (src < 0) continue; /* a source this version does not know */
        memset(d, 0, sizeof *d);
        d->member = (int)db_col_int(s, 0) - 1;
        d->source = (enum feed_source)src;
        snprintf(d->field, sizeof d->field, "%s", db_col_text(s, 2));
        snprintf(d->declared, sizeof d->declared, "%s", db_col_text(s, 3));
        snprintf(d->found, sizeof d->found, "%s", db_col_text(s, 4));
        snprintf(d->evidence, sizeof d->evidence, "%s", db_col_text(s, 5));
        v->ndiscrepancies++;
    }
    db_reset(s);
    if (rc < 0) return -1;
    v->total = vh->discrepancies > v->ndiscrepancies ? (int)vh->discrepancies : v->ndiscrepancies;
    v->truncated = v->total > v->ndiscrepancies;
    return 1;
}
