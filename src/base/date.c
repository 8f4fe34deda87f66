#include "base/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int is_digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* The number written by the n digits at s (already checked to be digits). */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

int date_valid(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    if (!is_digits(s, 4) || !is_digits(s + 5, 2) || !is_digits(s + 8, 2)) return -1;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return -1;
    return 0;
}

int month_valid(const char *s)
{
    if (strlen(s) != 7 || s[4] != '-' || !is_digits(s, 4) || !is_digits(s + 5, 2)) return -1;
    int y = digits(s, 4), m = digits(s + 5, 2);
    return (y >= 1900 && m >= 1 && m <= 12) ? 0 : -1;
}

/* days from civil, after H. Hinnant's public-domain algorithm description */
long date_to_days(const char *s)
{
    long y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    y -= m <= 2;
    long era = y / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_from_days(long z, char out[11])
{
    z += 719468;
    long era = z / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

void date_add_months(const char *d, int months, char out[11])
{
    int y = digits(d, 4), m = digits(d + 5, 2), day = digits(d + 8, 2);
    int total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = total % 12 + 1;
    if (y > 9999) y = 9999, m = 12, day = 31; /* the calendar's end */
    if (day > days_in_month(y, m)) day = days_in_month(y, m);
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, day);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

int date_age(const char *birth, const char *on)
{
    int age = digits(on, 4) - digits(birth, 4);
    /* compare MM-DD: a birthday not yet reached this year subtracts one */
    if (strcmp(on + 5, birth + 5) < 0) age--;
    return age;
}

void date_today(char out[11])
{
    const char *t = getenv("ANJU_TODAY");
    if (t && date_valid(t) == 0) {
        memcpy(out, t, 11);
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

int date_time_parse(const char *s, long long *t)
{
    if (!s || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        return -1;
    char day[11];
    memcpy(day, s, 10);
    day[10] = '\0';
    if (date_valid(day) != 0 || !is_digits(s + 11, 2) || !is_digits(s + 14, 2) ||
        !is_digits(s + 17, 2))
        return -1;
    int hh = atoi(s + 11), mm = atoi(s + 14), ss = atoi(s + 17);
    if (hh > 23 || mm > 59 || ss > 59) return -1;
    *t = (long long)date_to_days(day) * 86400 + hh * 3600 + mm * 60 + ss;
    return 0;
}

void date_time_format(long long t, char out[21])
{
    long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    long long rest = t - days * 86400;
    char day[11], tmp[40];
    date_from_days((long)days, day);
    snprintf(tmp, sizeof tmp, "%sT%02lld:%02lld:%02lldZ", day, rest / 3600, rest / 60 % 60,
             rest % 60);
    memcpy(out, tmp, 20);
    out[20] = '\0';
}

long long date_now_epoch(void)
{
    long long t;
    const char *fixed = getenv("ANJU_NOW");
    if (fixed && date_time_parse(fixed, &t) == 0) return t;
    return (long long)time(NULL);
}

void date_now_utc(char out[21])
{
    date_time_format(date_now_epoch(), out);
}
