/* store/lottery_store — the lottery_draw table (migration 0005).
 *
 * A row records one draw; the database refuses to change or remove it, and
 * refuses a second row with the same lottery_id (ERR_CONFLICT from
 * lottery_store_insert). Callers own the transaction.
 */
#ifndef ANJU_STORE_LOTTERY_STORE_H
#define ANJU_STORE_LOTTERY_STORE_H

#include "core/lottery.h"
#include "store/db.h"

#include <stddef.h>

struct lottery_draw_row {
    int64_t id;
    char lottery_id[LOTTERY_ID_MAX + 1];
    char list_sha256[LOTTERY_HASH_HEX + 1];
    char randomness[LOTTERY_RANDOMNESS_MAX + 1];
    char seed[LOTTERY_HASH_HEX + 1];
    int64_t entrants;
    char result_sha256[LOTTERY_HASH_HEX + 1];
    char drawn_at[21];
    char actor[80];
    char redraw_of[LOTTERY_ID_MAX + 1]; /* "" for a first draw */
    char reason[LOTTERY_REASON_MAX + 1];
};

/* Inserts r; sets r->id. */
int lottery_store_insert(struct db *db, struct lottery_draw_row *r, struct err *e);
/* The draw lottery_id: 1 found (r filled; r may be NULL), 0 not, -1 error. */
int lottery_store_find(struct db *db, const char *lottery_id, struct lottery_draw_row *r,
                       struct err *e);
/* Every draw, oldest first; *out is the caller's to free(). */
int lottery_store_list(struct db *db, struct lottery_draw_row **out, size_t *n, struct err *e);

#endif
