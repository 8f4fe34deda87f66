/* base/date — ISO dates (YYYY-MM-DD) and months (YYYY-MM) as strings.
 * Proleptic Gregorian calendar, years 1900..9999. Pure; no heap; no clock
 * except date_today, which reads the UTC clock (or $ANJU_TODAY for tests). */
#ifndef ANJU_BASE_DATE_H
#define ANJU_BASE_DATE_H

/* 0 when s is exactly YYYY-MM-DD and the day exists. */
int date_valid(const char *s);
/* 0 when s is exactly YYYY-MM with month 01..12. */
int month_valid(const char *s);
/* Days since 1970-01-01 for a valid date. */
long date_to_days(const char *s);
void date_from_days(long days, char out[11]);
/* Whole years from birth to on (both valid dates); a 29 Feb birthday is
 * reached on 1 Mar in common years. */
int date_age(const char *birth, const char *on);
/* Today's UTC date; $ANJU_TODAY (YYYY-MM-DD) overrides it for tests. */
void date_today(char out[11]);
/* The UTC time now as YYYY-MM-DDTHH:MM:SSZ. */
void date_now_utc(char out[21]);

#endif
