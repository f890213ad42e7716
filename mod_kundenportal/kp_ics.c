/* iCalendar (RFC 5545) output for the planning feed: calendar, the company's time zone
 * (VTIMEZONE written from the zone's yearly rule), events. */
#include <string.h>

#include <apr_strings.h>

#include "kp_ics.h"
#include "kp_strbuf.h"

#define KP_ICS_LINE_OCTETS 75

struct kp_ics_t {
    apr_pool_t *pool;
    kp_strbuf_t *out;
    kp_strbuf_t *scratch;   /* the content line being built, reused for every line */
    apr_time_t dtstamp;
    char dtstamp_text[17];  /* dtstamp as YYYYMMDDTHHMMSSZ, written once */
    const char *tzid; /* NULL: floating local times */
    int taken;        /* out was handed over by kp_ics_take */
};

/* Empties out once kp_ics_take handed it over (not at the take: the text had to stay). */
static void drop_taken(kp_ics_t *ics)
{
    if (ics->taken) {
        kp_strbuf_reset(ics->out);
        ics->taken = 0;
    }
}

/* Writes one content line, folded so that no physical line exceeds 75
 * octets (the leading space of a continuation counts) and no UTF-8
 * sequence is split, followed by CRLF. */
static void kp_ics_line_n(kp_ics_t *ics, const char *line, apr_size_t len)
{
    const unsigned char *s = (const unsigned char *)line;
    apr_size_t pos = 0;
    apr_size_t room = KP_ICS_LINE_OCTETS;

    drop_taken(ics);
    while (len - pos > room) {
        apr_size_t cut = pos + room;
        /* Back up to the start of a UTF-8 sequence. */
        while (cut > pos && (s[cut] & 0xC0) == 0x80) {
            cut--;
        }
        if (cut == pos) {
            cut = pos + room;   /* not UTF-8 at all: cut anyway */
        }
        kp_strbuf_append(ics->out, line + pos, cut - pos);
        kp_strbuf_append(ics->out, "\r\n ", 3);
        pos = cut;
        room = KP_ICS_LINE_OCTETS - 1;
    }
    kp_strbuf_append(ics->out, line + pos, len - pos);
    kp_strbuf_append(ics->out, "\r\n", 2);
}

static void kp_ics_line(kp_ics_t *ics, const char *line)
{
    kp_ics_line_n(ics, line, strlen(line));
}

/* Appends s to b with TEXT escaping (RFC 5545 3.3.11), copying the plain runs whole. */
static void escape_into(kp_strbuf_t *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != 0x7F && c != '\\' && c != ';' && c != ',') {
            continue;
        }
        kp_strbuf_append(b, run, (apr_size_t)(s - run));
        if (c == '\\' || c == ';' || c == ',') {
            kp_strbuf_putc(b, '\\');
            kp_strbuf_putc(b, (char)c);
        }
        else if (c == '\r' || c == '\n') {
            kp_strbuf_append(b, "\\n", 2);
            if (c == '\r' && s[1] == '\n') {
                s++;
            }
        }
        else if (c == '\t') {
            kp_strbuf_putc(b, '\t');
        }
        /* other CONTROL characters are not allowed in TEXT: left out */
        run = s + 1;
    }
    kp_strbuf_append(b, run, (apr_size_t)(s - run));
}

/* Writes NAME[;TZID=tzid]:value as one folded line, built in the scratch buffer; the value
 * as is, or escaped as TEXT. */
static void kp_ics_put(kp_ics_t *ics, const char *name, const char *tzid, const char *value,
                       int escape)
{
    kp_strbuf_reset(ics->scratch);
    kp_strbuf_puts(ics->scratch, name);
    if (tzid) {
        kp_strbuf_puts(ics->scratch, ";TZID=");
        kp_strbuf_puts(ics->scratch, tzid);
    }
    kp_strbuf_putc(ics->scratch, ':');
    if (escape) {
        escape_into(ics->scratch, value);
    }
    else {
        kp_strbuf_puts(ics->scratch, value);
    }
    kp_ics_line_n(ics, kp_strbuf_data(ics->scratch), kp_strbuf_length(ics->scratch));
}

char *kp_ics_escape_text(apr_pool_t *p, const char *s)
{
    kp_strbuf_t *b = kp_strbuf_make(p, strlen(s) + 16);
    escape_into(b, s);
    return kp_strbuf_data(b);
}

static void kp_ics_text_property(kp_ics_t *ics, const char *name, const char *value)
{
    if (value != NULL) {
        kp_ics_put(ics, name, NULL, value, 1);
    }
}

static const char *utc_offset(apr_pool_t *p, long secs)
{
    char sign = secs < 0 ? '-' : '+';
    long a = secs < 0 ? -secs : secs;
    return a % 60 ? apr_psprintf(p, "%c%02ld%02ld%02ld", sign, a / 3600, a / 60 % 60, a % 60)
                  : apr_psprintf(p, "%c%02ld%02ld", sign, a / 3600, a / 60 % 60);
}

/* One observance: from offset `from` to `to`, yearly by the change's rule, or for good without
 * a rule (c NULL). The first onset is given in 1970 (the rule's own start year is not in the
 * zone file; calendars only need it to lie before every event). */
static void kp_ics_observance(kp_ics_t *ics, const char *kind, const char *name, long from,
                              long to, const kp_tz_change *c)
{
    static const char *const days[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
    apr_pool_t *p = ics->pool;
    kp_ics_line(ics, apr_pstrcat(p, "BEGIN:", kind, NULL));
    kp_ics_line(ics, apr_pstrcat(p, "TZOFFSETFROM:", utc_offset(p, from), NULL));
    kp_ics_line(ics, apr_pstrcat(p, "TZOFFSETTO:", utc_offset(p, to), NULL));
    kp_ics_text_property(ics, "TZNAME", name);
    if (!c) {
        kp_ics_line(ics, "DTSTART:19700101T000000");
    }
    else {
        kp_ics_line(ics, apr_psprintf(p, "DTSTART:1970%02d%02dT%02ld%02ld%02ld", c->month,
                                      kp_tz_change_day(c, 1970), c->secs / 3600,
                                      c->secs / 60 % 60, c->secs % 60));
        kp_ics_line(ics, apr_psprintf(p, "RRULE:FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", c->month,
                                      c->week == 5 ? -1 : c->week, days[c->wday]));
    }
    kp_ics_line(ics, apr_pstrcat(p, "END:", kind, NULL));
}

static int expressible(const kp_tz_yearly *y)
{
    return !y->has_dst || (y->to_dst.secs >= 0 && y->to_dst.secs < 86400 && y->to_std.secs >= 0
                           && y->to_std.secs < 86400);
}

/* The zone's VTIMEZONE; a zone whose rule iCalendar cannot say gets floating times. */
static void kp_ics_write_timezone(kp_ics_t *ics, const kp_tz *tz)
{
    const kp_tz_yearly *y = tz ? kp_tz_rule(tz) : NULL;
    if (!y || !kp_tz_name(tz) || !expressible(y)) {
        return;
    }
    ics->tzid = kp_tz_name(tz);
    kp_ics_line(ics, "BEGIN:VTIMEZONE");
    kp_ics_text_property(ics, "TZID", ics->tzid);
    if (y->has_dst) {
        kp_ics_observance(ics, "DAYLIGHT", y->dst_name, y->std_off, y->dst_off, &y->to_dst);
        kp_ics_observance(ics, "STANDARD", y->std_name, y->dst_off, y->std_off, &y->to_std);
    }
    else {
        kp_ics_observance(ics, "STANDARD", y->std_name, y->std_off, y->std_off, NULL);
    }
    kp_ics_line(ics, "END:VTIMEZONE");
}

/* YYYYMMDDTHHMMSSZ and a NUL into out[17]. */
static void utc_stamp(char *out, apr_time_t when)
{
    apr_time_exp_t t;
    apr_time_exp_gmt(&t, when);
    apr_snprintf(out, 17, "%04d%02d%02dT%02d%02d%02dZ", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                 t.tm_hour, t.tm_min, t.tm_sec);
}

kp_ics_t *kp_ics_begin(apr_pool_t *p, const char *calendar_name, apr_time_t dtstamp,
                       const kp_tz *tz)
{
    kp_ics_t *ics = apr_palloc(p, sizeof(*ics));

    ics->pool = p;
    ics->out = kp_strbuf_make(p, 16384);
    ics->scratch = kp_strbuf_make(p, 256);
    ics->dtstamp = dtstamp;
    utc_stamp(ics->dtstamp_text, dtstamp);
    ics->tzid = NULL;
    ics->taken = 0;
    kp_ics_line(ics, "BEGIN:VCALENDAR");
    kp_ics_line(ics, "PRODID:-//mod_kundenportal//DE");
    kp_ics_line(ics, "VERSION:2.0");
    kp_ics_line(ics, "CALSCALE:GREGORIAN");
    kp_ics_line(ics, "METHOD:PUBLISH");
    kp_ics_text_property(ics, "X-WR-CALNAME", calendar_name);
    kp_ics_write_timezone(ics, tz);
    if (ics->tzid) {
        kp_ics_text_property(ics, "X-WR-TIMEZONE", ics->tzid);
    }
    return ics;
}

static int kp_ics_digits(const char *s, int n, int *value)
{
    int i;

    *value = 0;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
        *value = *value * 10 + (s[i] - '0');
    }
    return 1;
}

/* Writes n digits of v into out. */
static void put_digits(char *out, int v, int n)
{
    while (n-- > 0) {
        out[n] = (char)('0' + v % 10);
        v /= 10;
    }
}

/* "YYYY-MM-DD HH:MM[:SS]" (or with 'T') to "YYYYMMDDTHHMMSS" in out[16]; 0 if malformed. */
static int kp_ics_local_datetime(char *out, const char *s)
{
    int year, month, day, hour, minute, second = 0;
    static const int days_in_month[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    apr_size_t len;

    if (s == NULL) {
        return 0;
    }
    len = strlen(s);
    if (len != 16 && len != 19) {
        return 0;
    }
    if (!kp_ics_digits(s, 4, &year) || s[4] != '-' || !kp_ics_digits(s + 5, 2, &month)
        || s[7] != '-' || !kp_ics_digits(s + 8, 2, &day) || (s[10] != ' ' && s[10] != 'T')
        || !kp_ics_digits(s + 11, 2, &hour) || s[13] != ':'
        || !kp_ics_digits(s + 14, 2, &minute)) {
        return 0;
    }
    if (len == 19 && (s[16] != ':' || !kp_ics_digits(s + 17, 2, &second))) {
        return 0;
    }
    if (month < 1 || month > 12 || day < 1 || day > days_in_month[month - 1]
        || hour > 23 || minute > 59 || second > 59) {
        return 0;
    }
    if (month == 2 && day == 29
        && !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) {
        return 0;
    }
    put_digits(out, year, 4);
    put_digits(out + 4, month, 2);
    put_digits(out + 6, day, 2);
    out[8] = 'T';
    put_digits(out + 9, hour, 2);
    put_digits(out + 11, minute, 2);
    put_digits(out + 13, second, 2);
    out[15] = '\0';
    return 1;
}

apr_status_t kp_ics_add_event(kp_ics_t *ics, const kp_ics_event *ev)
{
    char start[16], end[16], stamp[17], sequence[24];

    if (ev == NULL || ev->uid == NULL || *ev->uid == '\0') {
        return APR_EINVAL;
    }
    /* Same fixed-width format: string order is time order. */
    if (!kp_ics_local_datetime(start, ev->start_local) || !kp_ics_local_datetime(end, ev->end_local)
        || strcmp(end, start) < 0) {
        return APR_EINVAL;
    }
    if (ev->dtstamp) {
        utc_stamp(stamp, ev->dtstamp);
    }
    kp_ics_line(ics, "BEGIN:VEVENT");
    kp_ics_text_property(ics, "UID", ev->uid);
    kp_ics_put(ics, "DTSTAMP", NULL, ev->dtstamp ? stamp : ics->dtstamp_text, 0);
    kp_ics_put(ics, "DTSTART", ics->tzid, start, 0);   /* without a zone: floating */
    kp_ics_put(ics, "DTEND", ics->tzid, end, 0);
    kp_ics_text_property(ics, "SUMMARY", ev->summary);
    kp_ics_text_property(ics, "DESCRIPTION", ev->description);
    kp_ics_text_property(ics, "LOCATION", ev->location);
    /* a calendar keeps the version with the highest SEQUENCE (RFC 5546): every change and the
     * cancellation raise it */
    if (ev->sequence > 0) {
        apr_snprintf(sequence, sizeof(sequence), "%lu", ev->sequence);
        kp_ics_put(ics, "SEQUENCE", NULL, sequence, 0);
    }
    if (ev->cancelled) {
        kp_ics_line(ics, "STATUS:CANCELLED");
    }
    kp_ics_line(ics, "END:VEVENT");
    return APR_SUCCESS;
}

const char *kp_ics_take(kp_ics_t *ics, apr_size_t at_least, apr_size_t *len)
{
    const char *text;
    drop_taken(ics);
    *len = kp_strbuf_length(ics->out);
    if (*len == 0 || *len < at_least) {
        return NULL;
    }
    text = kp_strbuf_data(ics->out);
    ics->taken = 1;   /* emptied by the next line, so the text stays readable until then */
    return text;
}

const char *kp_ics_finish(kp_ics_t *ics, apr_size_t *len)
{
    kp_ics_line(ics, "END:VCALENDAR");
    if (len != NULL) {
        *len = kp_strbuf_length(ics->out);
    }
    return kp_strbuf_data(ics->out);
}
