/* kp_tz.h: wall-clock time of one IANA time zone for timestamps stored in UTC (messages,
 * uploads, logins), read from the system's TZif files (RFC 8536), daylight saving included. */
#ifndef KP_TZ_H
#define KP_TZ_H

#include <apr_pools.h>

#define KP_ZONEINFO_DIR "/usr/share/zoneinfo"

typedef struct kp_tz kp_tz;

/* A change of the yearly rule (POSIX TZ "Mm.w.d/time"): day `wday` (0 = Sunday) of week
 * `week` (5 = the last) of `month`, at `secs` local time before the change. */
typedef struct kp_tz_change {
    int month, week, wday;
    long secs;
} kp_tz_change;

/* The rule a zone follows in the years ahead: offsets east of UTC and abbreviations of
 * standard and daylight saving time, and when each begins (if the zone has daylight saving). */
typedef struct kp_tz_yearly {
    const char *std_name, *dst_name;
    long std_off, dst_off;
    int has_dst;
    kp_tz_change to_dst, to_std;
} kp_tz_yearly;

/* Reads the zone `name` (e.g. "Europe/Berlin") from KP_ZONEINFO_DIR. Returns NULL and sets
 * *tz, or a reason (a name with "..", an unknown zone, a damaged file). */
const char *kp_tz_load(apr_pool_t *p, const char *name, kp_tz **tz);

/* The proleptic Gregorian calendar: days in month m (1-12) of year y, and the weekday of a
 * date, Monday 0 to Sunday 6. */
int kp_tz_days_in_month(apr_int64_t y, int m);
int kp_tz_weekday(apr_int64_t y, int m, int d);

/* Parses a TZif file held in memory; the same answers as kp_tz_load. */
const char *kp_tz_parse(apr_pool_t *p, const unsigned char *data, apr_size_t len, kp_tz **tz);

/* Seconds east of UTC in effect at the UTC instant `utc` (seconds since 1970). */
long kp_tz_offset(const kp_tz *tz, apr_int64_t utc);

/* The name it was loaded by (kp_tz_load), NULL after kp_tz_parse. */
const char *kp_tz_name(const kp_tz *tz);

/* The yearly rule, for writers of calendars (VTIMEZONE); NULL when the file has none. */
const kp_tz_yearly *kp_tz_rule(const kp_tz *tz);

/* Day of the month (1 to 31) on which the change `c` falls in `year` (proleptic Gregorian). */
int kp_tz_change_day(const kp_tz_change *c, apr_int64_t year);

/* "YYYY-MM-DD HH:MM[:SS]" in UTC to the same form in the zone's local time. Anything else
 * (empty, a date alone, NULL zone) comes back unchanged. */
const char *kp_tz_local(apr_pool_t *p, const kp_tz *tz, const char *utc);

/* The reverse: a local time of the zone in UTC, same form. A local time the clocks repeat at a
 * change is read as its first occurrence (as RFC 5545 reads it); one they skip comes out with
 * the offset after the change, an hour late: in the few zones that change at midnight
 * (America/Havana, Asuncion, Santiago) a day's first second may be one of those. */
const char *kp_tz_utc(apr_pool_t *p, const kp_tz *tz, const char *local);

/* Minutes that pass from start_minute (of the day) on the local date "YYYY-MM-DD" until the
 * zone's clocks have moved on by wall_minutes: wall_minutes with a change of the clocks in
 * between counted (22:00 to 06:00 over the night the clocks go back is nine hours); a local time
 * the clocks skip or repeat is read as kp_tz_utc reads it (a repeated one: its first
 * occurrence). wall_minutes unchanged without a zone or with a malformed date. */
long kp_tz_elapsed_minutes(const kp_tz *tz, const char *date, int start_minute, int wall_minutes);

/* 1 if the local time `minute` minutes after the start of the local date "YYYY-MM-DD" (past
 * 1440: a later day) is one the zone's clocks skip (02:30 the night they go forward in
 * Europe/Berlin), else 0; 0 without a zone or with a malformed date. */
int kp_tz_local_skipped(const kp_tz *tz, const char *date, int minute);

#endif
