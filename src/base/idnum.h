/* base/idnum — 居民身份证号码 (GB 11643-1999): validation, derived facts, masking.
 *
 * An 18-character number: 6-digit address code, 8-digit birth date
 * YYYYMMDD, 3-digit sequence (odd = male, even = female), one check
 * character (0-9 or X) computed with ISO 7064 MOD 11-2. Only the 18-digit
 * form is accepted; a lowercase x is refused (the registry stores 'X').
 * Pure functions; no heap.
 */
#ifndef ANJU_BASE_IDNUM_H
#define ANJU_BASE_IDNUM_H

#include "base/err.h"

enum { IDNUM_LEN = 18 };

struct idnum_info {
    char birth_date[11]; /* YYYY-MM-DD */
    char sex;            /* 'M' or 'F' */
    char region[7];      /* 6-digit address code */
};

/* The check character for the first 17 digits (which must be digits). */
char idnum_check_char(const char *first17);
/* 0 when s is a valid 18-character number whose birth date is a real date
 * between 1900-01-01 and `today` (YYYY-MM-DD; NULL = no upper bound);
 * fills *info when not NULL. field names the field in the error. */
int idnum_validate(const char *s, const char *today, struct idnum_info *info, const char *field,
                   struct err *e);
/* "110101********1234": first 6 and last 4 kept. out must hold 19 bytes.
 * Anything that is not 18 characters is masked entirely. */
void idnum_mask(const char *s, char out[19]);

#endif
