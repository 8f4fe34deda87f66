/* base/money — money in integer fen (分) and area in integer 0.01㎡.
 *
 * Both are written as a decimal with at most two fraction digits: "3850",
 * "3850.5", "3850.50" all mean 385050. Refused: signs, spaces, thousands
 * separators, exponents, more than two decimals, values above the cap.
 * The canonical written form always has two decimals ("3850.50"), so an
 * export re-imports to the same value and the same text. Pure; no heap.
 */
#ifndef ANJU_BASE_MONEY_H
#define ANJU_BASE_MONEY_H

#include "base/err.h"

#include <stdint.h>

/* 100 billion yuan: larger amounts are typing errors in a household file. */
#define MONEY_MAX_FEN INT64_C(10000000000000)
/* 100,000 ㎡ */
#define AREA_MAX INT64_C(10000000)

int money_parse(const char *s, int64_t *fen, const char *field, struct err *e);
int area_parse(const char *s, int64_t *centi_m2, const char *field, struct err *e);
/* "3850.50"; out holds 32 bytes. Negative values get a leading '-'. */
void money_format(int64_t fen, char out[32]);
/* "3,850.50" for sentences people read. */
void money_format_grouped(int64_t fen, char out[40]);
void area_format(int64_t centi_m2, char out[32]);
/* 0 when s is a non-negative decimal integer <= max; fills *v. */
int int_parse(const char *s, int64_t max, int64_t *v, const char *field, struct err *e);

#endif
