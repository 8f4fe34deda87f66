/* store/verification_store — verification reports (核对报告) in the database.
 *
 * A report is one row of `verification` (which household, at which
 * version, which sources and batches were used, how many discrepancies
 * were found, when) and its discrepancy rows (`verification_discrepancy`,
 * at most VERIFY_DISCREPANCIES_MAX, in the order core/verify gave them).
 * Reports are never changed: verifying again adds a newer one, and the
 * latest is the one in force. Callers own the transaction.
 *
 * A struct verification_store holds prepared statements for one connection.
 */
#ifndef ANJU_STORE_VERIFICATION_STORE_H
#define ANJU_STORE_VERIFICATION_STORE_H

#include "core/verify.h"
#include "store/db.h"

#include <stdint.h>

struct verification_store;

int verification_store_open(struct db *db, struct verification_store **out, struct err *e);
void verification_store_close(struct verification_store *st);

enum { VERIFICATION_SOURCES_MAX = 128, VERIFICATION_BATCHES_MAX = 320 };

/* The report's own row. */
struct verification_header {
    int64_t id; /* set by verification_store_save */
    int64_t household_id, household_version;
    char sources[VERIFICATION_SOURCES_MAX]; /* "civil_affairs;property" */
    char batches[VERIFICATION_BATCHES_MAX]; /* "civil_affairs:3;property:4" */
    int64_t discrepancies;                  /* all found, stored or not */
    char verified_at[21];                   /* YYYY-MM-DDTHH:MM:SSZ */
};

/* The column texts for the sources used (bit per enum feed_source) and the
 * batch in force for each, in source order. */
void verification_store_format_sources(unsigned sources, const int64_t batches[FEED_COUNT],
                                       struct verification_header *vh);
/* The reverse: bits and batch ids (0 for a source not named). Unknown
 * codes are skipped. */
void verification_store_parse_sources(const struct verification_header *vh, unsigned *sources,
                                      int64_t batches[FEED_COUNT]);

/* Inserts the report: vh (its discrepancies count is taken from v->total,
 * its id set) and v's discrepancies with member_seq = member + 1. */
int verification_store_save(struct verification_store *st, struct verification_header *vh,
                            const struct verification *v, struct err *e);

/* The latest report of the household: 1 when there is one (vh and v
 * filled: v->d[i].member = member_seq - 1, v->total = the count found,
 * v->truncated when that is more than the rows kept), 0 when none. */
int verification_store_latest(struct verification_store *st, int64_t household_id,
                              struct verification_header *vh, struct verification *v,
                              struct err *e);

#endif
