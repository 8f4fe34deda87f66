/* app/lottery — drawing, recording and verifying lotteries (anju-lottery-v1).
 *
 * A draw reads the entrant list, computes the draw with core/lottery, writes
 * the three published files into a directory (entrants.csv: the list as
 * given; result.csv; manifest.json), and records it: one lottery_draw row
 * and one audit entry in the same transaction. The same lottery id is never
 * drawn twice; a re-draw has a new id, names the draw it replaces (which
 * must be recorded) and gives a reason. Files are never overwritten.
 *
 * Verifying needs no database: it recomputes everything from a draw's
 * directory (core/lottery's lottery_verify).
 */
#ifndef ANJU_APP_LOTTERY_H
#define ANJU_APP_LOTTERY_H

#include "app/app.h"
#include "core/lottery.h"
#include "store/lottery_store.h"

struct lottery_draw_request {
    const char *lottery_id;
    const char *entrants_path; /* the entrant list file */
    const char *randomness;    /* "9319;2,5,12,8,10" or the canonical form */
    const char *out_dir;       /* created when missing */
    const char *redraw_of;     /* NULL or "": a first draw */
    const char *reason;        /* required for a re-draw; else NULL, "" or a note */
};

/* Draws and records. Problems with the list go to errs with their lines;
 * the lottery id already drawn is ERR_CONFLICT; a re-draw of an unknown
 * draw ERR_NOT_FOUND; a re-draw without a reason ERR_INVALID. On success
 * out is the recorded row. */
int app_lottery_draw(struct app *a, const struct actor *who, const struct lottery_draw_request *rq,
                     struct lottery_draw_row *out, struct err_list *errs);
/* Every recorded draw, oldest first (free(*out)). */
int app_lottery_list(struct app *a, const struct actor *who, struct lottery_draw_row **out,
                     size_t *n, struct err *e);
/* Verifies the draw in dir: 0 when everything matches; -1 with every
 * difference (or why the files could not be read) in diffs. m gets the
 * manifest as read. */
int app_lottery_verify(const char *dir, struct lottery_manifest *m, struct err_list *diffs);

#endif
