/* kp_tz.c: UTC to a zone's local time from its TZif file: the transition table, and past its
 * end the POSIX rule of the file's footer (e.g. "CET-1CEST,M3.5.0,M10.5.0/3"). Per request
 * it is a binary search, no system call and no process-wide TZ, so vhosts may differ. */
#include "kp_tz.h"

#include <apr_file_io.h>
#include <apr_strings.h>
#include <stdlib.h>
#include <string.h>

struct kp_tz {
    const char *name;
    int ntrans;
    apr_int64_t *trans; /* UTC instants of the transitions, ascending */
    long *trans_off;    /* offset in effect from trans[i] on */
    long initial_off;   /* before the first transition */
    int has_rule;       /* the footer's rule continues the table */
    kp_tz_yearly rule;
};

/* ---- calendar arithmetic (proleptic Gregorian, days since 1970-01-01) ---- */

static apr_int64_t days_from_civil(apr_int64_t y, int m, int d)
{
    apr_int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(apr_int64_t z, apr_int64_t *y, int *m, int *d)
{
    apr_int64_t era, doe, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int kp_tz_days_in_month(apr_int64_t y, int m)
{
    return (int)(days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1)
                 - days_from_civil(y, m, 1));
}

int kp_tz_weekday(apr_int64_t y, int m, int d)
{
    apr_int64_t days = days_from_civil(y, m, d);   /* 1970-01-01 was a Thursday (3) */
    return (int)(((days + 3) % 7 + 7) % 7);
}

static apr_int64_t floor_div(apr_int64_t a, apr_int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int kp_tz_change_day(const kp_tz_change *c, apr_int64_t year)
{
    apr_int64_t first = days_from_civil(year, c->month, 1);
    int wday_first = (int)((first % 7 + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
    int day = 1 + (c->wday - wday_first + 7) % 7 + (c->week - 1) * 7;
    while (day > kp_tz_days_in_month(year, c->month)) {
        day -= 7;
    }
    return day;
}

/* Local seconds since 1970 at which the rule fires in year y. */
static apr_int64_t rule_local(const kp_tz_change *r, apr_int64_t y)
{
    return (days_from_civil(y, r->month, 1) + kp_tz_change_day(r, y) - 1) * 86400 + r->secs;
}

/* ---- the footer's POSIX TZ string ---- */

/* An abbreviation, "CET" or quoted "<+03>", into *name (without the quotes). */
static const char *parse_name(apr_pool_t *p, const char *s, const char **name)
{
    const char *start = s, *end;
    if (*s == '<') {
        if (!(end = strchr(s, '>'))) {
            return NULL;
        }
        *name = apr_pstrndup(p, s + 1, (apr_size_t)(end - s - 1));
        return end + 1;
    }
    while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) {
        s++;
    }
    *name = apr_pstrndup(p, start, (apr_size_t)(s - start));
    return s - start >= 3 ? s : NULL;
}

/* [+-]hh[:mm[:ss]] into seconds; NULL when malformed. */
static const char *parse_hms(const char *s, long *secs)
{
    int sign = 1, part = 0;
    long v[3] = {0, 0, 0};
    if (*s == '+' || *s == '-') {
        sign = *s++ == '-' ? -1 : 1;
    }
    for (;;) {
        if (*s < '0' || *s > '9') {
            return NULL;
        }
        while (*s >= '0' && *s <= '9') {
            v[part] = v[part] * 10 + (*s++ - '0');
            if (v[part] > 167) {
                return NULL;
            }
        }
        if (*s != ':' || part == 2) {
            break;
        }
        s++;
        part++;
    }
    *secs = sign * (v[0] * 3600 + v[1] * 60 + v[2]);
    return s;
}

static const char *parse_rule(const char *s, kp_tz_change *r)
{
    char *end;
    if (*s++ != 'M') {
        return NULL; /* the Jn and n forms are not used by any zone with a footer rule today */
    }
    r->month = (int)strtol(s, &end, 10);
    if (end == s || *end != '.' || r->month < 1 || r->month > 12) {
        return NULL;
    }
    s = end + 1;
    r->week = (int)strtol(s, &end, 10);
    if (end == s || *end != '.' || r->week < 1 || r->week > 5) {
        return NULL;
    }
    s = end + 1;
    r->wday = (int)strtol(s, &end, 10);
    if (end == s || r->wday < 0 || r->wday > 6) {
        return NULL;
    }
    s = end;
    r->secs = 7200;
    if (*s == '/') {
        s = parse_hms(s + 1, &r->secs);
    }
    return s;
}

/* "STDoff[DST[off],rule,rule]"; POSIX offsets count west, ours east. */
static int parse_footer(apr_pool_t *p, kp_tz *tz, const char *s)
{
    kp_tz_yearly *y = &tz->rule;
    long off;
    if (!*s) {
        return 1; /* no rule: the last transition's offset holds */
    }
    if (!(s = parse_name(p, s, &y->std_name)) || !(s = parse_hms(s, &off))) {
        return 0;
    }
    y->std_off = -off;
    tz->has_rule = 1;
    if (!*s) {
        return 1;
    }
    if (!(s = parse_name(p, s, &y->dst_name))) {
        return 0;
    }
    y->dst_off = y->std_off + 3600;
    if (*s && *s != ',') {
        if (!(s = parse_hms(s, &off))) {
            return 0;
        }
        y->dst_off = -off;
    }
    if (*s++ != ',' || !(s = parse_rule(s, &y->to_dst)) || *s++ != ','
        || !(s = parse_rule(s, &y->to_std)) || *s) {
        return 0;
    }
    y->has_dst = 1;
    return 1;
}

static long rule_offset(const kp_tz *tz, apr_int64_t utc)
{
    const kp_tz_yearly *r = &tz->rule;
    apr_int64_t y, start, end;
    int m, d;
    if (!r->has_dst) {
        return r->std_off;
    }
    civil_from_days(floor_div(utc + r->std_off, 86400), &y, &m, &d);
    start = rule_local(&r->to_dst, y) - r->std_off;
    end = rule_local(&r->to_std, y) - r->dst_off;
    if (start < end) {
        return utc >= start && utc < end ? r->dst_off : r->std_off;
    }
    return utc >= end && utc < start ? r->std_off : r->dst_off; /* southern hemisphere */
}

/* ---- the TZif file ---- */

static apr_uint32_t be32(const unsigned char *b)
{
    return (apr_uint32_t)b[0] << 24 | (apr_uint32_t)b[1] << 16 | (apr_uint32_t)b[2] << 8 | b[3];
}

static apr_int64_t be64(const unsigned char *b)
{
    return (apr_int64_t)((apr_uint64_t)be32(b) << 32 | be32(b + 4));
}

#define TZIF_HEADER 44

/* The header's counts: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt. */
static int read_counts(const unsigned char *h, apr_size_t avail, apr_uint32_t c[6])
{
    int i;
    if (avail < TZIF_HEADER || memcmp(h, "TZif", 4) != 0) {
        return 0;
    }
    for (i = 0; i < 6; i++) {
        c[i] = be32(h + 20 + 4 * i);
        if (c[i] > 100000) {
            return 0;
        }
    }
    return c[4] >= 1;
}

static apr_size_t block_size(const apr_uint32_t c[6], int tsize)
{
    return (apr_size_t)c[3] * tsize + c[3] + (apr_size_t)c[4] * 6 + c[5]
           + (apr_size_t)c[2] * (tsize + 4) + c[1] + c[0];
}

const char *kp_tz_parse(apr_pool_t *p, const unsigned char *data, apr_size_t len, kp_tz **out)
{
    apr_uint32_t c[6];
    const unsigned char *b, *types, *infos;
    apr_size_t size;
    int tsize = 4, i;
    kp_tz *tz;

    if (!read_counts(data, len, c)) {
        return "not a TZif file";
    }
    b = data + TZIF_HEADER;
    size = block_size(c, 4);
    if (data[4] >= '2') { /* skip the 32-bit block; the 64-bit one follows */
        if (len < TZIF_HEADER + size || !read_counts(b + size, len - TZIF_HEADER - size, c)) {
            return "damaged TZif file";
        }
        b += size + TZIF_HEADER;
        tsize = 8;
        size = block_size(c, 8);
    }
    if ((apr_size_t)(b - data) + size > len) {
        return "damaged TZif file";
    }
    tz = apr_pcalloc(p, sizeof(*tz));
    tz->ntrans = (int)c[3];
    tz->trans = apr_palloc(p, sizeof(*tz->trans) * (c[3] + 1));
    tz->trans_off = apr_palloc(p, sizeof(*tz->trans_off) * (c[3] + 1));
    types = b + (apr_size_t)c[3] * tsize;
    infos = types + c[3];
    for (i = 0; i < tz->ntrans; i++) {
        const unsigned char *t = b + (apr_size_t)i * tsize;
        if (types[i] >= c[4]) {
            return "damaged TZif file";
        }
        tz->trans[i] = tsize == 8 ? be64(t) : (apr_int32_t)be32(t);
        tz->trans_off[i] = (apr_int32_t)be32(infos + 6 * types[i]);
        if (i > 0 && tz->trans[i] <= tz->trans[i - 1]) {
            return "damaged TZif file";
        }
    }
    tz->initial_off = (apr_int32_t)be32(infos);
    if (tsize == 8) {
        const unsigned char *f = b + size, *nl;
        if (f >= data + len || *f != '\n' || !(nl = memchr(f + 1, '\n', (apr_size_t)(data + len - f - 1)))) {
            return "damaged TZif file";
        }
        if (!parse_footer(p, tz, apr_pstrndup(p, (const char *)f + 1, (apr_size_t)(nl - f - 1)))) {
            return "unsupported rule in the TZif footer";
        }
    }
    *out = tz;
    return NULL;
}

const char *kp_tz_load(apr_pool_t *p, const char *name, kp_tz **tz)
{
    const char *s, *error;
    char *path;
    apr_file_t *f;
    apr_finfo_t fi;
    unsigned char *data;
    apr_size_t len;

    for (s = name; *s; s++) {
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')
              || *s == '/' || *s == '_' || *s == '-' || *s == '+')) {
            break;
        }
    }
    if (!*name || *s || *name == '/' || strstr(name, "..") || strstr(name, "//")) {
        return apr_psprintf(p, "'%s' is not a time zone name like Europe/Berlin", name);
    }
    path = apr_pstrcat(p, KP_ZONEINFO_DIR, "/", name, NULL);
    if (apr_file_open(&f, path, APR_FOPEN_READ | APR_FOPEN_BINARY, 0, p) != APR_SUCCESS) {
        return apr_psprintf(p, "unknown time zone '%s' (no %s)", name, path);
    }
    if (apr_file_info_get(&fi, APR_FINFO_SIZE, f) != APR_SUCCESS || fi.size <= 0
        || fi.size > 1024 * 1024) {
        apr_file_close(f);
        return apr_psprintf(p, "cannot read %s", path);
    }
    len = (apr_size_t)fi.size;
    data = apr_palloc(p, len);
    if (apr_file_read_full(f, data, len, NULL) != APR_SUCCESS) {
        apr_file_close(f);
        return apr_psprintf(p, "cannot read %s", path);
    }
    apr_file_close(f);
    if ((error = kp_tz_parse(p, data, len, tz)) != NULL) {
        return apr_psprintf(p, "%s: %s", path, error);
    }
    (*tz)->name = apr_pstrdup(p, name);
    return NULL;
}

const char *kp_tz_name(const kp_tz *tz)
{
    return tz->name;
}

const kp_tz_yearly *kp_tz_rule(const kp_tz *tz)
{
    return tz->has_rule ? &tz->rule : NULL;
}

long kp_tz_offset(const kp_tz *tz, apr_int64_t utc)
{
    int lo = 0, hi = tz->ntrans;
    if (tz->ntrans == 0 || utc < tz->trans[0]) {
        return tz->ntrans == 0 && tz->has_rule ? rule_offset(tz, utc) : tz->initial_off;
    }
    if (utc >= tz->trans[tz->ntrans - 1] && tz->has_rule) {
        return rule_offset(tz, utc);
    }
    while (hi - lo > 1) { /* trans[lo] <= utc < trans[hi] */
        int mid = (lo + hi) / 2;
        if (tz->trans[mid] <= utc) {
            lo = mid;
        }
        else {
            hi = mid;
        }
    }
    return tz->trans_off[lo];
}

static int number(const char *s, int n)
{
    int v = 0, i;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Writes v (0 <= v < 10^n) as n digits. */
static void put_digits(char *out, int v, int n)
{
    while (n-- > 0) {
        out[n] = (char)('0' + v % 10);
        v /= 10;
    }
}

/* The offset in effect at a local time. The clocks show it with the offset of a day before
 * or of a day after (no zone changes twice within two days); a time they show twice (the hour
 * repeated when they go back) is its first occurrence, as RFC 5545 reads it in a calendar; a
 * time they skip (*shown set to 0) gets the offset after the change read at that instant as
 * UTC. */
static long offset_at_local(const kp_tz *tz, apr_int64_t local, int *shown)
{
    long before = kp_tz_offset(tz, local - 86400), after = kp_tz_offset(tz, local + 86400);
    long first = before > after ? before : after;   /* the larger offset: the earlier instant */
    long second = before > after ? after : before;
    *shown = 1;
    if (kp_tz_offset(tz, local - first) == first) {
        return first;
    }
    if (kp_tz_offset(tz, local - second) == second) {
        return second;
    }
    *shown = 0;
    return kp_tz_offset(tz, local - kp_tz_offset(tz, local));
}

/* kp_tz_local and kp_tz_utc: "YYYY-MM-DD HH:MM[:SS]" moved by the zone's offset, forwards
 * (UTC to local) or backwards (local to UTC); anything else comes back unchanged. */
static const char *shift_time(apr_pool_t *p, const kp_tz *tz, const char *utc, int to_utc)
{
    apr_size_t n = utc ? strlen(utc) : 0;
    int y, mo, d, h, mi, s = 0, out_m, out_d, shown;
    apr_int64_t t, out_y, days;
    long secs;

    if (!tz || (n != 16 && n != 19) || utc[4] != '-' || utc[7] != '-' || utc[10] != ' '
        || utc[13] != ':' || (n == 19 && utc[16] != ':')) {
        return utc;
    }
    y = number(utc, 4);
    mo = number(utc + 5, 2);
    d = number(utc + 8, 2);
    h = number(utc + 11, 2);
    mi = number(utc + 14, 2);
    if (n == 19) {
        s = number(utc + 17, 2);
    }
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59
        || s < 0 || s > 60) {
        return utc;
    }
    t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    if (to_utc) {
        t -= offset_at_local(tz, t, &shown);
    }
    else {
        t += kp_tz_offset(tz, t);
    }
    days = floor_div(t, 86400);
    secs = (long)(t - days * 86400);
    civil_from_days(days, &out_y, &out_m, &out_d);
    if (out_y < 0 || out_y > 9999) {
        return utc; /* only a damaged zone file shifts that far */
    }
    {   /* "YYYY-MM-DD HH:MM[:SS]" by hand: a page converts every timestamp it shows */
        char out[20];
        put_digits(out, (int)out_y, 4);
        out[4] = '-';
        put_digits(out + 5, out_m, 2);
        out[7] = '-';
        put_digits(out + 8, out_d, 2);
        out[10] = ' ';
        put_digits(out + 11, (int)(secs / 3600), 2);
        out[13] = ':';
        put_digits(out + 14, (int)(secs / 60 % 60), 2);
        out[16] = ':';
        put_digits(out + 17, (int)(secs % 60), 2);
        return apr_pstrmemdup(p, out, n);
    }
}

const char *kp_tz_local(apr_pool_t *p, const kp_tz *tz, const char *utc)
{
    return shift_time(p, tz, utc, 0);
}

const char *kp_tz_utc(apr_pool_t *p, const kp_tz *tz, const char *local)
{
    return shift_time(p, tz, local, 1);
}

/* The local time `minute` minutes into the local date "YYYY-MM-DD", as seconds on the zone's
 * local clock since 1970 (offsets not applied); 0 if the date is malformed. */
static int local_seconds(const char *date, int minute, apr_int64_t *t)
{
    int y, mo, d;
    if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-') {
        return 0;
    }
    y = number(date, 4);
    mo = number(date + 5, 2);
    d = number(date + 8, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) {
        return 0;
    }
    *t = days_from_civil(y, mo, d) * 86400 + (apr_int64_t)minute * 60;
    return 1;
}

long kp_tz_elapsed_minutes(const kp_tz *tz, const char *date, int start_minute, int wall_minutes)
{
    apr_int64_t start;
    int shown;
    if (!tz || !local_seconds(date, start_minute, &start)) {
        return wall_minutes;
    }
    return wall_minutes
           - (offset_at_local(tz, start + (apr_int64_t)wall_minutes * 60, &shown)
              - offset_at_local(tz, start, &shown)) / 60;
}

int kp_tz_local_skipped(const kp_tz *tz, const char *date, int minute)
{
    apr_int64_t local;
    int shown;
    if (!tz || !local_seconds(date, minute, &local)) {
        return 0;
    }
    offset_at_local(tz, local, &shown);
    return !shown;
}
