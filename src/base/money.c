#include "base/money.h"

#include <stdio.h>
#include <string.h>

/* Parses [0-9]+(\.[0-9]{1,2})? into hundredths; -1 with *why set otherwise. */
static int fixed2_parse(const char *s, int64_t max, int64_t *out, int *why)
{
    const char *p = s;
    int64_t whole = 0;
    int digits = 0;
    *why = 0;
    if (*p == '\0') return *why = 1, -1; /* empty */
    while (*p >= '0' && *p <= '9') {
        if (whole > (max / 100) + 1) return *why = 3, -1; /* too large */
        whole = whole * 10 + (*p - '0');
        p++;
        digits++;
    }
    if (!digits) return *why = 2, -1;
    int64_t frac = 0;
    if (*p == '.') {
        p++;
        int fd = 0;
        while (*p >= '0' && *p <= '9') {
            if (++fd > 2) return *why = 4, -1; /* too many decimals */
            frac = frac * 10 + (*p - '0');
            p++;
        }
        if (fd == 0) return *why = 2, -1;
        if (fd == 1) frac *= 10;
    }
    if (*p != '\0') return *why = 2, -1;
    int64_t v = whole * 100 + frac;
    if (v > max) return *why = 3, -1;
    *out = v;
    return 0;
}

/* Both messages consume the same arguments (value, limit), so the noun is
 * chosen here per language rather than passed in. */
static int fixed2_error(struct err *e, const char *field, const char *s, int why, int is_money)
{
    const char *max_text = is_money ? "100,000,000,000.00" : "100,000.00";
    switch (why) {
    case 1:
        return is_money ? err_set(e, ERR_INVALID, field, "金额不能为空", "amount must not be empty")
                        : err_set(e, ERR_INVALID, field, "面积不能为空", "area must not be empty");
    case 3:
        return is_money ? err_set(e, ERR_INVALID, field, "金额“%s”超过上限 %s",
                                  "amount \"%s\" exceeds the limit %s", s, max_text)
                        : err_set(e, ERR_INVALID, field, "面积“%s”超过上限 %s",
                                  "area \"%s\" exceeds the limit %s", s, max_text);
    case 4:
        return is_money ? err_set(e, ERR_INVALID, field, "金额“%s”最多保留两位小数",
                                  "amount \"%s\" may have at most two decimals", s)
                        : err_set(e, ERR_INVALID, field, "面积“%s”最多保留两位小数",
                                  "area \"%s\" may have at most two decimals", s);
    default:
        return is_money
                   ? err_set(e, ERR_INVALID, field,
                             "金额“%s”不是有效数字（例：3850.50，不带符号和千分位）",
                             "amount \"%s\" is not a valid number (e.g. 3850.50; no sign or "
                             "separators)",
                             s)
                   : err_set(e, ERR_INVALID, field, "面积“%s”不是有效数字（例：45.50，单位平方米）",
                             "area \"%s\" is not a valid number (e.g. 45.50 square metres)", s);
    }
}

int money_parse(const char *s, int64_t *fen, const char *field, struct err *e)
{
    int why;
    if (fixed2_parse(s, MONEY_MAX_FEN, fen, &why) == 0) return 0;
    return fixed2_error(e, field, s, why, 1);
}

int area_parse(const char *s, int64_t *centi_m2, const char *field, struct err *e)
{
    int why;
    if (fixed2_parse(s, AREA_MAX, centi_m2, &why) == 0) return 0;
    return fixed2_error(e, field, s, why, 0);
}

static void fixed2_format(int64_t v, char out[32])
{
    const char *sign = v < 0 ? "-" : "";
    uint64_t u = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
    snprintf(out, 32, "%s%llu.%02llu", sign, (unsigned long long)(u / 100),
             (unsigned long long)(u % 100));
}

void money_format(int64_t fen, char out[32])
{
    fixed2_format(fen, out);
}

void area_format(int64_t centi_m2, char out[32])
{
    fixed2_format(centi_m2, out);
}

void money_format_grouped(int64_t fen, char out[40])
{
    char plain[32];
    fixed2_format(fen, plain);
    const char *p = plain;
    char *o = out;
    if (*p == '-') *o++ = *p++;
    size_t int_len = strcspn(p, ".");
    for (size_t i = 0; i < int_len; i++) {
        if (i && (int_len - i) % 3 == 0) *o++ = ',';
        *o++ = p[i];
    }
    strcpy(o, p + int_len);
}

int int_parse(const char *s, int64_t max, int64_t *v, const char *field, struct err *e)
{
    int64_t x = 0;
    const char *p = s;
    if (!*p) return err_set(e, ERR_INVALID, field, "不能为空", "must not be empty");
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return err_set(e, ERR_INVALID, field, "“%s”不是非负整数",
                           "\"%s\" is not a non-negative integer", s, s);
        x = x * 10 + (*p - '0');
        if (x > max)
            return err_set(e, ERR_INVALID, field, "“%s”超过上限 %lld",
                           "\"%s\" exceeds the limit %lld", s, (long long)max);
    }
    *v = x;
    return 0;
}
