/* store/lottery_store — recorded lottery draws (see lottery_store.h). */
#include "store/lottery_store.h"

#include "base/buf.h"

#include <stdlib.h>
#include <string.h>

#define DRAW_COLS                                                                                  \
    "id, lottery_id, list_sha256, randomness, seed, entrants, result_sha256, drawn_at, actor,"     \
    " coalesce(redraw_of, ''), reason"

static void row_from(struct db_stmt *s, struct lottery_draw_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_int(s, 0);
    str_copy(r->lottery_id, sizeof r->lottery_id, db_col_text(s, 1));
    str_copy(r->list_sha256, sizeof r->list_sha256, db_col_text(s, 2));
    str_copy(r->randomness, sizeof r->randomness, db_col_text(s, 3));
    str_copy(r->seed, sizeof r->seed, db_col_text(s, 4));
    r->entrants = db_col_int(s, 5);
    str_copy(r->result_sha256, sizeof r->result_sha256, db_col_text(s, 6));
    str_copy(r->drawn_at, sizeof r->drawn_at, db_col_text(s, 7));
    str_copy(r->actor, sizeof r->actor, db_col_text(s, 8));
    str_copy(r->redraw_of, sizeof r->redraw_of, db_col_text(s, 9));
    str_copy(r->reason, sizeof r->reason, db_col_text(s, 10));
}

int lottery_store_insert(struct db *db, struct lottery_draw_row *r, struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db,
                   "INSERT INTO lottery_draw (lottery_id, list_sha256, randomness, seed,"
                   " entrants, result_sha256, drawn_at, actor, redraw_of, reason) VALUES"
                   " ($lottery_id, $list_sha256, $randomness, $seed, $entrants,"
                   " $result_sha256, $drawn_at, $actor, $redraw_of, $reason) RETURNING id",
                   &s, e))
        return -1;
    int rc = -1;
    if (db_bind_text(s, "$lottery_id", r->lottery_id, e) ||
        db_bind_text(s, "$list_sha256", r->list_sha256, e) ||
        db_bind_text(s, "$randomness", r->randomness, e) || db_bind_text(s, "$seed", r->seed, e) ||
        db_bind_int(s, "$entrants", r->entrants, e) ||
        db_bind_text(s, "$result_sha256", r->result_sha256, e) ||
        db_bind_text(s, "$drawn_at", r->drawn_at, e) || db_bind_text(s, "$actor", r->actor, e) ||
        (r->redraw_of[0] ? db_bind_text(s, "$redraw_of", r->redraw_of, e)
                         : db_bind_null(s, "$redraw_of", e)) ||
        db_bind_text(s, "$reason", r->reason, e))
        goto done;
    if (db_step(s, e) != 1) goto done;
    r->id = db_col_int(s, 0);
    rc = 0;
done:
    db_finalize(s);
    return rc;
}

int lottery_store_find(struct db *db, const char *lottery_id, struct lottery_draw_row *r,
                       struct err *e)
{
    struct db_stmt *s;
    if (db_prepare(db, "SELECT " DRAW_COLS " FROM lottery_draw WHERE lottery_id = $lottery_id", &s,
                   e))
        return -1;
    int found = -1;
    if (db_bind_text(s, "$lottery_id", lottery_id, e) == 0) {
        found = db_step(s, e);
        if (found == 1 && r) row_from(s, r);
    }
    db_finalize(s);
    return found;
}

int lottery_store_list(struct db *db, struct lottery_draw_row **out, size_t *n, struct err *e)
{
    struct db_stmt *s;
    *out = NULL;
    *n = 0;
    if (db_prepare(db, "SELECT " DRAW_COLS " FROM lottery_draw ORDER BY id", &s, e)) return -1;
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            struct lottery_draw_row *p = realloc(*out, ncap * sizeof *p);
            if (!p) {
                rc = err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
                break;
            }
            *out = p;
            cap = ncap;
        }
        row_from(s, &(*out)[(*n)++]);
    }
    db_finalize(s);
    if (rc < 0) {
        free(*out);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}
