/* core/lottery — the verifiable lottery anju-lottery-v1 (pure).
 *
 * docs/lottery.md is the specification; this file implements it and
 * nothing else. In short:
 *
 *   1. The entrant list is a UTF-8 CSV file with LF line ends, the header
 *      `entrant_id,bucket,tickets`, rows sorted by entrant_id bytewise, no
 *      duplicates. list_sha256 = SHA-256 of the file's bytes, published
 *      before the randomness exists.
 *   2. The randomness is one or more public sources fixed in advance, each
 *      a list of non-negative integers, written in the canonical form of
 *      RFC 3797 §4: per source in published order, its numbers sorted
 *      ascending, each in decimal followed by `.`, and `/` after each
 *      source: [9319], [2,5,12,8,10] → `9319./2.5.8.10.12./`.
 *   3. seed = HMAC-SHA256(key = the 32 raw bytes of list_sha256,
 *                         message = the canonical string).
 *   4. Each entrant's key = the smallest (bytewise) of
 *      HMAC-SHA256(key = seed, message = `lottery_id|entrant_id|j`)
 *      over j = 0 … tickets−1 (j in decimal).
 *   5. Order: bucket ascending, then key ascending bytewise, then
 *      entrant_id bytewise.
 *   6. The result is a UTF-8 CSV file with LF line ends, header
 *      `sequence,entrant_id,bucket,rank_in_bucket,key` (key in lowercase
 *      hex), sequence from 1; the manifest is a JSON object with
 *      algorithm, lottery_id, list_sha256, randomness, seed, entrants and
 *      result_sha256 (SHA-256 of the result file), in that order.
 *
 * Nothing here reads a clock, a file or a random number generator: the same
 * inputs always give the same bytes. OpenSSL's libcrypto computes SHA-256
 * and HMAC-SHA256; jansson writes and reads the manifest.
 *
 * Limits (documented in docs/lottery.md): an entrant list holds at most
 * LOTTERY_ENTRANTS_MAX rows and LOTTERY_LIST_BYTES_MAX bytes; an entrant
 * has 1 … LOTTERY_TICKETS_MAX tickets, a bucket is 1 … LOTTERY_BUCKET_MAX,
 * and all tickets together are at most LOTTERY_TICKETS_TOTAL_MAX.
 *
 * Ownership: struct lottery_list borrows the file's bytes (they must
 * outlive it) and owns its entrant array (lottery_list_free).
 *
 * Speed: a million entrants are drawn in well under a second: the list is
 * parsed in place into one array of fixed 40-byte records, the HMAC
 * context is keyed once and reused (on two threads), and the order is
 * found by a radix sort of 16-byte items (see lottery_order).
 */
#ifndef ANJU_CORE_LOTTERY_H
#define ANJU_CORE_LOTTERY_H

#include "base/err.h"

#include <stddef.h>
#include <stdint.h>

#define LOTTERY_ALGORITHM "anju-lottery-v1"
#define LOTTERY_LIST_HEADER "entrant_id,bucket,tickets"
#define LOTTERY_RESULT_HEADER "sequence,entrant_id,bucket,rank_in_bucket,key"

enum {
    LOTTERY_ID_MAX = 48,             /* lottery_id: 1 … 48 of A-Z a-z 0-9 . _ - */
    LOTTERY_ENTRANT_ID_MAX = 64,     /* entrant_id: 1 … 64 bytes */
    LOTTERY_BUCKET_MAX = 999,        /* bucket: 1 … 999 */
    LOTTERY_TICKETS_MAX = 100,       /* tickets: 1 … 100 per entrant */
    LOTTERY_ENTRANTS_MAX = 10000000, /* rows in one list */
    LOTTERY_TICKETS_TOTAL_MAX = 50000000,
    LOTTERY_SOURCES_MAX = 16,       /* randomness sources */
    LOTTERY_NUMBERS_MAX = 64,       /* numbers in one source */
    LOTTERY_NUMBER_DIGITS_MAX = 18, /* digits in one number */
    LOTTERY_RANDOMNESS_MAX = 1024,  /* bytes of the canonical string */
    LOTTERY_HASH_HEX = 64,          /* a SHA-256 or HMAC-SHA256 in hex */
    LOTTERY_REASON_MAX = 200,       /* bytes of a re-draw's reason */
};
#define LOTTERY_LIST_BYTES_MAX ((size_t)1 << 30) /* 1 GiB */

/* One row of the entrant list. 40 bytes, no pointers, so a million of them
 * sort quickly as one array. */
struct lottery_entrant {
    uint8_t key[32]; /* step 4; all zero until lottery_keys */
    uint32_t id_off; /* entrant_id is list->text[id_off … id_off + id_len) */
    uint16_t bucket;
    uint8_t id_len;
    uint8_t tickets;
};

struct lottery_list {
    const char *text; /* the file's bytes (borrowed) */
    size_t len;
    struct lottery_entrant *entrants; /* in file order, then in draw order */
    size_t n;
    size_t capacity;  /* entrants allocated (base/bigmem) */
    uint64_t tickets; /* all tickets together */
};

/* Parses and checks an entrant list. Every problem goes to errs with its
 * line (e->row), its column name in e->field and the column number in the
 * message, in Chinese and English; at most errs->cap are kept. Returns 0
 * when the list is valid; -1 (and l holds nothing) otherwise. */
int lottery_list_parse(const char *text, size_t len, struct lottery_list *l, struct err_list *errs);
void lottery_list_free(struct lottery_list *l);

/* 1 when s[0 … n) has the shape of an 18-character resident ID number (17
 * digits then a digit or X or x): such an entrant_id is refused, whatever
 * its check digit, because an entrant is named by the application number. */
int lottery_looks_like_id_number(const char *s, size_t n);

/* 0 when id is a valid lottery id (1 … LOTTERY_ID_MAX characters of
 * A-Z a-z 0-9 . _ -); field names it in the error. */
int lottery_id_check(const char *id, const char *field, struct err *e);

/* 0 when reason (why a lottery is drawn again) has 1 … LOTTERY_REASON_MAX
 * bytes of UTF-8 without control characters. */
int lottery_reason_check(const char *reason, const char *field, struct err *e);

/* The canonical randomness string of text, which is either
 *   - sources separated by ';', numbers by ',' (spaces around either are
 *     ignored; leading zeros are dropped): "9319; 2,5,12,8,10", or
 *   - a string already in the canonical form: "9319./2.5.8.10.12./".
 * Every source needs at least one number. out holds LOTTERY_RANDOMNESS_MAX
 * + 1 bytes. ERR_INVALID naming `field` when text is neither. */
int lottery_randomness_canonical(const char *text, char out[LOTTERY_RANDOMNESS_MAX + 1],
                                 const char *field, struct err *e);

/* Step 3: seed = HMAC-SHA256(list_sha256, canonical). */
int lottery_seed(const uint8_t list_sha256[32], const char *canonical, uint8_t seed[32],
                 struct err *e);

/* Step 4 for every entrant of l: fills each key. threads (1 or 2) splits
 * the list into that many contiguous parts computed at the same time; the
 * keys are the same whatever the number. */
int lottery_keys(struct lottery_list *l, const char *lottery_id, const uint8_t seed[32],
                 int threads, struct err *e);

/* Step 5: sorts l->entrants into the draw order (it needs a buffer as
 * large as the array: ERR_INTERNAL when there is no memory for it). */
int lottery_order(struct lottery_list *l, struct err *e);

/* Step 6: writes the result file of an ordered list, in pieces of at most
 * 1 MiB, to sink (which returns 0 to go on, non-zero to stop: the render
 * then fails with ERR_IO), and gives its SHA-256. */
typedef int (*lottery_sink)(void *ctx, const char *bytes, size_t n);
int lottery_result_render(const struct lottery_list *l, lottery_sink sink, void *ctx,
                          uint8_t result_sha256[32], struct err *e);

struct lottery_manifest {
    char algorithm[32];
    char lottery_id[LOTTERY_ID_MAX + 1];
    char list_sha256[LOTTERY_HASH_HEX + 1];
    char randomness[LOTTERY_RANDOMNESS_MAX + 1];
    char seed[LOTTERY_HASH_HEX + 1];
    int64_t entrants;
    char result_sha256[LOTTERY_HASH_HEX + 1];
};

/* The manifest file: the seven members in the order above, indented by
 * two spaces (jansson JSON_INDENT(2)), ending in LF. Caller frees; NULL
 * when out of memory. */
char *lottery_manifest_render(const struct lottery_manifest *m);
/* Reads a manifest: a JSON object with exactly the seven members and their
 * types (strings; entrants an integer). It does not check the values. */
int lottery_manifest_parse(const char *text, size_t len, struct lottery_manifest *m, struct err *e);

/* A whole draw in memory: list_sha256, parse, seed, keys, order. On
 * success d->list is ordered and d->manifest is complete but for
 * result_sha256 (lottery_result_render gives it). */
struct lottery_draw {
    struct lottery_list list;
    uint8_t list_sha256[32];
    uint8_t seed[32];
    struct lottery_manifest manifest;
};
int lottery_draw_prepare(const char *lottery_id, const char *list_text, size_t list_len,
                         const char *randomness_canonical, int threads, struct lottery_draw *d,
                         struct err_list *errs);
void lottery_draw_free(struct lottery_draw *d);

/* Recomputes a draw from the three files of its directory and compares:
 * every difference goes to diffs naming the file and field (e.g.
 * "manifest.seed", or the first line of result.csv that differs); 0 when
 * everything matches, -1 otherwise. m gets the manifest as read (zeroed
 * when it cannot be read). */
int lottery_verify(const char *entrants, size_t entrants_len, const char *manifest,
                   size_t manifest_len, const char *result, size_t result_len, int threads,
                   struct lottery_manifest *m, struct err_list *diffs);

/* Lowercase hex of 32 bytes; out holds 65 bytes. */
void lottery_hex(const uint8_t bytes[32], char out[LOTTERY_HASH_HEX + 1]);
/* SHA-256 of len bytes. */
int lottery_sha256(const void *data, size_t len, uint8_t out[32], struct err *e);

#endif
