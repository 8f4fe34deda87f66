/* store/feed_store — the feed tables of migration 0003 (see feed_store.h). */
#include "store/feed_store.h"

#include "base/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct feed_store {
    struct db *db;
    struct db_stmt *ins_batch, *del_rows, *ins_row, *fin_batch, *latest, *person;
    /* the indexes feed_store_bulk dropped, to rebuild */
    size_t nindexes;
    char **index_sql;
};

int feed_store_open(struct db *db, struct feed_store **out, struct err *e)
{
    *out = NULL;
    struct feed_store *st = calloc(1, sizeof *st);
    if (!st) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    st->db = db;
    if (db_prepare(db,
                   "INSERT INTO feed_batch (source, file_name, sha256, rows, imported_at)"
                   " VALUES ($source, $file_name, $sha256, 0, $imported_at) RETURNING id",
                   &st->ins_batch, e) ||
        db_prepare(db, "DELETE FROM feed_record WHERE source = $source", &st->del_rows, e) ||
        db_prepare(db,
                   "INSERT INTO feed_record (source, batch_id, line, id_number, name, key, label,"
                   " region_code, status, has_amount, amount, area, months)"
                   " VALUES ($source, $batch_id, $line, $id_number, $name, $key, $label,"
                   " $region_code, $status, $has_amount, $amount, $area, $months)",
                   &st->ins_row, e) ||
        db_prepare(db, "UPDATE feed_batch SET rows = $rows WHERE id = $id", &st->fin_batch, e) ||
        db_prepare(db,
                   "SELECT id, file_name, sha256, rows, imported_at FROM feed_batch"
                   " WHERE source = $source ORDER BY id DESC LIMIT 1",
                   &st->latest, e) ||
        db_prepare(db,
                   "SELECT source, batch_id, line, name, key, label, region_code, status,"
                   " has_amount, amount, area, months FROM feed_record WHERE id_number = $id",
                   &st->person, e)) {
        feed_store_close(st);
        return -1;
    }
    *out = st;
    return 0;
}

void feed_store_close(struct feed_store *st)
{
    if (!st) return;
    db_finalize(st->ins_batch);
    db_finalize(st->del_rows);
    db_finalize(st->ins_row);
    db_finalize(st->fin_batch);
    db_finalize(st->latest);
    db_finalize(st->person);
    for (size_t i = 0; i < st->nindexes; i++)
        free(st->index_sql[i]);
    free(st->index_sql);
    free(st);
}

int feed_store_bulk(struct feed_store *st, struct err *e)
{
    if (st->nindexes) return 0; /* already dropped */
    struct db_stmt *s;
    /* the catalog query is SQLite's; the PostgreSQL driver will read pg_indexes */
    if (db_prepare(st->db,
                   "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                   " AND tbl_name = 'feed_record' AND sql IS NOT NULL ORDER BY name",
                   &s, e))
        return -1;
    char names[8][64];
    char *sql[8];
    size_t n = 0;
    int rc = 0;
    while (n < 8 && (rc = db_step(s, e)) == 1) {
        snprintf(names[n], sizeof names[n], "%s", db_col_text(s, 0));
        sql[n] = strdup(db_col_text(s, 1));
        if (!sql[n]) {
            rc = err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
            break;
        }
        n++;
    }
    db_finalize(s);
    st->index_sql = calloc(n ? n : 1, sizeof *st->index_sql);
    if (rc < 0 || !st->index_sql) {
        for (size_t i = 0; i < n; i++)
            free(sql[i]);
        if (rc >= 0) err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        st->index_sql[i] = sql[i];
    st->nindexes = n;
    for (size_t i = 0; i < n; i++) {
        char drop[128];
        snprintf(drop, sizeof drop, "DROP INDEX \"%.60s\"", names[i]);
        if (db_exec(st->db, drop, e)) return -1;
    }
    return 0;
}

int feed_store_begin_batch(struct feed_store *st, enum feed_source source, const char *file_name,
                           const char *sha256_hex, int64_t *batch_id, struct err *e)
{
    char now[21];
    date_now_utc(now);
    const char *code = feed_source_names[source].code;
    struct db_stmt *s = st->ins_batch;
    db_reset(s);
    if (db_bind_text_static(s, "$source", code, e) ||
        db_bind_text_static(s, "$file_name", file_name, e) ||
        db_bind_text_static(s, "$sha256", sha256_hex, e) ||
        db_bind_text_static(s, "$imported_at", now, e))
        return -1;
    int rc = db_step(s, e);
    if (rc <= 0) {
        db_reset(s);
        return rc < 0 ? -1 : err_set(e, ERR_DB, "", "未能登记批次", "the batch was not recorded");
    }
    *batch_id = db_col_int(s, 0);
    db_reset(s);
    s = st->del_rows;
    db_reset(s);
    if (db_bind_text_static(s, "$source", code, e)) return -1;
    rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int feed_store_insert(struct feed_store *st, const struct feed_record *r, struct err *e)
{
    struct db_stmt *s = st->ins_row;
    db_reset(s);
    if (db_bind_text_static(s, "$source", feed_source_names[r->source].code, e) ||
        db_bind_int(s, "$batch_id", r->batch_id, e) || db_bind_int(s, "$line", r->line, e) ||
        db_bind_text_static(s, "$id_number", r->id_number, e) ||
        db_bind_text_static(s, "$name", r->name, e) || db_bind_text_static(s, "$key", r->key, e) ||
        db_bind_text_static(s, "$label", r->label, e) ||
        db_bind_text_static(s, "$region_code", r->region_code, e) ||
        db_bind_text_static(s, "$status", civil_status_names[r->status].code, e) ||
        db_bind_int(s, "$has_amount", r->has_amount ? 1 : 0, e) ||
        db_bind_int(s, "$amount", r->amount, e) || db_bind_int(s, "$area", r->area, e) ||
        db_bind_int(s, "$months", r->months, e))
        return -1;
    int rc = db_step(s, e);
    db_reset(s); /* the bound text belongs to the caller */
    return rc < 0 ? -1 : 0;
}

int feed_store_finish_batch(struct feed_store *st, int64_t batch_id, long rows, struct err *e)
{
    struct db_stmt *s = st->fin_batch;
    db_reset(s);
    if (db_bind_int(s, "$rows", rows, e) || db_bind_int(s, "$id", batch_id, e)) return -1;
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0) return -1;
    for (size_t i = 0; i < st->nindexes; i++)
        if (db_exec(st->db, st->index_sql[i], e)) {
            err_prefix(e, "重建索引失败：", "rebuilding an index failed: ");
            return -1;
        }
    for (size_t i = 0; i < st->nindexes; i++)
        free(st->index_sql[i]);
    free(st->index_sql);
    st->index_sql = NULL;
    st->nindexes = 0;
    return 0;
}

static void copy_text(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* The latest batch of source into *b; 1 found, 0 none, -1 error. */
static int latest_batch(struct feed_store *st, enum feed_source source, struct feed_batch_info *b,
                        struct err *e)
{
    struct db_stmt *s = st->latest;
    db_reset(s);
    if (db_bind_text_static(s, "$source", feed_source_names[source].code, e)) return -1;
    int rc = db_step(s, e);
    if (rc == 1) {
        memset(b, 0, sizeof *b);
        b->id = db_col_int(s, 0);
        b->source = source;
        copy_text(b->file_name, sizeof b->file_name, db_col_text(s, 1));
        copy_text(b->sha256, sizeof b->sha256, db_col_text(s, 2));
        b->rows = (long)db_col_int(s, 3);
        copy_text(b->imported_at, sizeof b->imported_at, db_col_text(s, 4));
    }
    db_reset(s);
    return rc;
}

int feed_store_loaded(struct feed_store *st, unsigned *loaded, int64_t batch_ids[FEED_COUNT],
                      struct err *e)
{
    *loaded = 0;
    for (int k = 0; k < FEED_COUNT; k++) {
        struct feed_batch_info b;
        int rc = latest_batch(st, (enum feed_source)k, &b, e);
        if (rc < 0) return -1;
        batch_ids[k] = rc ? b.id : 0;
        if (rc) *loaded |= 1u << k;
    }
    return 0;
}

int feed_store_batches(struct feed_store *st, struct feed_batch_info **out, size_t *n,
                       struct err *e)
{
    *out = NULL;
    *n = 0;
    struct feed_batch_info *list = calloc(FEED_COUNT, sizeof *list);
    if (!list) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    size_t len = 0;
    for (int k = 0; k < FEED_COUNT; k++) {
        int rc = latest_batch(st, (enum feed_source)k, &list[len], e);
        if (rc < 0) {
            free(list);
            return -1;
        }
        if (rc) len++;
    }
    *out = list;
    *n = len;
    return 0;
}

/* Appends one row of the person statement to buf; -1 out of memory. */
static int append_row(struct feed_rows *buf, struct db_stmt *s, const char *id_number)
{
    if (buf->n == buf->cap) {
        size_t cap = buf->cap ? buf->cap * 2 : 16;
        struct feed_record *p = realloc(buf->rows, cap * sizeof *p);
        if (!p) return -1;
        buf->rows = p;
        buf->cap = cap;
    }
    struct feed_record *r = &buf->rows[buf->n++];
    int src = code_lookup(feed_source_names, FEED_COUNT, db_col_text(s, 0));
    r->source = src < 0 ? FEED_CIVIL_AFFAIRS : (enum feed_source)src;
    r->batch_id = db_col_int(s, 1);
    r->line = (long)db_col_int(s, 2);
    memcpy(r->id_number, id_number, sizeof r->id_number);
    copy_text(r->name, sizeof r->name, db_col_text(s, 3));
    copy_text(r->key, sizeof r->key, db_col_text(s, 4));
    copy_text(r->label, sizeof r->label, db_col_text(s, 5));
    copy_text(r->region_code, sizeof r->region_code, db_col_text(s, 6));
    int status = code_lookup(civil_status_names, CIVIL_COUNT, db_col_text(s, 7));
    r->status = status < 0 ? CIVIL_NONE : (enum civil_status)status;
    r->has_amount = (int)db_col_int(s, 8);
    r->amount = db_col_int(s, 9);
    r->area = db_col_int(s, 10);
    r->months = db_col_int(s, 11);
    return 0;
}

int feed_store_household(struct feed_store *st, const struct household *h, struct feed_rows *buf,
                         struct member_feeds feeds[HH_MAX_MEMBERS], struct err *e)
{
    size_t start[HH_MAX_MEMBERS + 1];
    struct db_stmt *s = st->person;
    buf->n = 0;
    for (int i = 0; i < h->nmembers; i++) {
        start[i] = buf->n;
        db_reset(s);
        if (db_bind_text_static(s, "$id", h->members[i].id_number, e)) return -1;
        int rc;
        while ((rc = db_step(s, e)) == 1)
            if (append_row(buf, s, h->members[i].id_number)) {
                db_reset(s);
                return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
            }
        db_reset(s);
        if (rc < 0) return -1;
    }
    start[h->nmembers] = buf->n;
    /* pointers only now: the buffer may have moved while it grew */
    for (int i = 0; i < HH_MAX_MEMBERS; i++) {
        if (i < h->nmembers) {
            feeds[i].n = start[i + 1] - start[i];
            feeds[i].rows = feeds[i].n ? buf->rows + start[i] : NULL;
        } else {
            feeds[i].n = 0;
            feeds[i].rows = NULL;
        }
    }
    return 0;
}
