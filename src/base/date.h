/* base/date — ISO dates (YYYY-MM-DD) and months (YYYY-MM) as strings.
 * Proleptic Gregorian calendar, years 1900..9999. Pure; no heap; no clock
 * except date_today (the UTC clock, or $ANJU_TODAY for tests) and
 * date_now_utc / date_now_epoch (the UTC clock, or $ANJU_NOW for tests). */
#ifndef ANJU_BASE_DATE_H
#define ANJU_BASE_DATE_H

/* 0 when s is exactly YYYY-MM-DD and the day exists. */
int date_valid(const char *s);
/* 0 when s is exactly YYYY-MM with month 01..12. */
int month_valid(const char *s);
/* Days since 1970-01-01 for a valid date. */
long date_to_days(const char *s);
void date_from_days(long days, char out[11]);
/* The date `months` months after d (a valid date; months may be negative,
 * going back, but not before the year 0): the same
 * day of the month, or that month's last day when it has no such day
 * (2024-02-29 + 12 → 2025-02-28; 2026-01-31 + 1 → 2026-02-28), as 《民法典》
 * 第二百零二条 counts a period of months or years; 9999-12-31 at the latest.
 * out may not alias d. */
void date_add_months(const char *d, int months, char out[11]);
/* Whole years from birth to on (both valid dates); a 29 Feb birthday is
 * reached on 1 Mar in common years. */
int date_age(const char *birth, const char *on);
/* Today's UTC date; $ANJU_TODAY (YYYY-MM-DD) overrides it for tests. */
void date_today(char out[11]);
/* The UTC time now as YYYY-MM-DDTHH:MM:SSZ; $ANJU_NOW (in that form)
 * overrides it for tests (session expiry, lockouts). */
void date_now_utc(char out[21]);
/* The same instant as seconds since 1970-01-01T00:00:00Z. */
long long date_now_epoch(void);
/* Parses exactly YYYY-MM-DDTHH:MM:SSZ into seconds since the epoch; 0 ok,
 * -1 when s is not such a time. */
int date_time_parse(const char *s, long long *t);
/* Formats seconds since the epoch as YYYY-MM-DDTHH:MM:SSZ. */
void date_time_format(long long t, char out[21]);

#endif
