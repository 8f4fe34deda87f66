/* base/buf — a growable byte buffer, always NUL-terminated.
 *
 * A struct buf owns its data; buf_free releases it. `cap` (0 = unlimited)
 * bounds growth: an append that would pass it fails with -1 and leaves the
 * buffer unchanged, so callers can turn it into ERR_TOO_LARGE.
 */
#ifndef ANJU_BASE_BUF_H
#define ANJU_BASE_BUF_H

#include <stddef.h>

struct buf {
    char *data; /* NUL-terminated; NULL until the first append */
    size_t len, alloc, cap;
};

int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b); /* len = 0, keeps memory */
void buf_free(struct buf *b);
/* Gives the data away (caller frees); the buffer is left empty. Never NULL. */
char *buf_take(struct buf *b);
/* "" when empty */
const char *buf_str(const struct buf *b);

/* Copies src (NULL = "") into dst of size bytes (size >= 1), always
 * NUL-terminated; when it does not fit it is cut at a UTF-8 character
 * boundary, never inside a character. */
void str_copy(char *dst, size_t size, const char *src);

#endif
