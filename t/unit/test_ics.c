/* Unit tests for the iCalendar writer (kp_ics); also leaves a sample file for integration tests. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "unit_pool.h"

#include <apr_file_io.h>
#include <apr_general.h>
#include <apr_strings.h>

#include "kp_ics.h"
#include "kp_text.h"


/* 2026-03-01 12:34:56 UTC */
#define STAMP (apr_time_from_sec(1772368496))

static const char long_description[] =
    "Bitte Schl\xC3\xBC" "ssel beim Hausmeister abholen; Zugang \xC3\xBC" "ber Hof, Tor 3. "
    "Ansprechpartner: Frau M\xC3\xBCller\\Schmidt, Tel. 030 1234567\n"
    "Zweite Zeile mit \xE2\x82\xAC-Betr\xC3\xA4gen und Emoji \xF0\x9F\x98\x80\xF0\x9F\x98\x80"
    "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80";

/* 8 + 3k octets never ends at 75: a naive fold would split a character. */
static const char euros[] =
    "\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC"
    "\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC"
    "\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC"
    "\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC";

static kp_tz *zone(const char *name)
{
    kp_tz *tz = NULL;
    const char *error = kp_tz_load(pool, name, &tz);
    if (error) {
        fail_msg("%s", error);
    }
    return tz;
}

static const char *build_sample(apr_size_t *len)
{
    kp_ics_t *ics = kp_ics_begin(pool, "Planung: Projekt \"Nord\", Bau;1", STAMP, zone("Europe/Berlin"));
    kp_ics_event ev = { 0 };

    ev.uid = "plan-1@kundenportal.example";
    ev.start_local = "2026-03-30 07:00:00";
    ev.end_local = "2026-03-30 15:30:00";
    ev.summary = "Fr\xC3\xBChschicht: Reinigung, Geb\xC3\xA4ude A";
    ev.description = long_description;
    ev.location = "Hauptstra\xC3\x9F" "e 1; 10115 Berlin";
    assert_int_equal(kp_ics_add_event(ics, &ev), APR_SUCCESS);

    ev.uid = "plan-2@kundenportal.example";
    ev.start_local = "2026-10-25 01:00";
    ev.end_local = "2026-10-25T04:00:00";
    ev.summary = "Nachtschicht";
    ev.description = euros;
    ev.location = NULL;
    ev.dtstamp = apr_time_from_sec(86400);
    assert_int_equal(kp_ics_add_event(ics, &ev), APR_SUCCESS);
    return kp_ics_finish(ics, len);
}

/* Undoes folding: CRLF followed by one space disappears. */
static char *unfold(const char *s)
{
    char *out = apr_pstrdup(pool, s);
    char *o = out;

    for (; *s; s++) {
        if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ') {
            s += 2;
            continue;
        }
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

static void test_structure(void **state)
{
    apr_size_t len;
    const char *ics = build_sample(&len);
    const char *flat;
    (void)state;

    assert_int_equal(strlen(ics), len);
    assert_true(strncmp(ics, "BEGIN:VCALENDAR\r\nPRODID:-//mod_kundenportal//DE\r\n"
                        "VERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n", 88) == 0);
    assert_true(len > 17 && strcmp(ics + len - 15, "END:VCALENDAR\r\n") == 0);
    flat = unfold(ics);
    assert_non_null(strstr(flat, "\r\nX-WR-CALNAME:Planung: Projekt \"Nord\"\\, Bau\\;1\r\n"));
    assert_non_null(strstr(flat, "\r\nX-WR-TIMEZONE:Europe/Berlin\r\n"));
    /* written from the zone file's rule "CET-1CEST,M3.5.0,M10.5.0/3" */
    assert_non_null(strstr(flat, "\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
                                 "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
                                 "TZNAME:CEST\r\nDTSTART:19700329T020000\r\n"
                                 "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
                                 "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
                                 "TZNAME:CET\r\nDTSTART:19701025T030000\r\n"
                                 "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
                                 "END:VTIMEZONE\r\n"));
    assert_non_null(strstr(flat, "\r\nUID:plan-1@kundenportal.example\r\n"
                                 "DTSTAMP:20260301T123456Z\r\n"
                                 "DTSTART;TZID=Europe/Berlin:20260330T070000\r\n"
                                 "DTEND;TZID=Europe/Berlin:20260330T153000\r\n"));
    assert_non_null(strstr(flat, "\r\nDTSTAMP:19700102T000000Z\r\n"
                                 "DTSTART;TZID=Europe/Berlin:20261025T010000\r\n"
                                 "DTEND;TZID=Europe/Berlin:20261025T040000\r\n"
                                 "SUMMARY:Nachtschicht\r\n"));
    assert_non_null(strstr(flat, apr_pstrcat(pool, "\r\nDESCRIPTION:", euros, "\r\nEND:VEVENT\r\n", NULL)));
    assert_non_null(strstr(flat, "\r\nSUMMARY:Fr\xC3\xBChschicht: Reinigung\\, Geb\xC3\xA4ude A\r\n"));
    assert_non_null(strstr(flat, "\r\nLOCATION:Hauptstra\xC3\x9F" "e 1\\; 10115 Berlin\r\n"));
    assert_non_null(strstr(flat, "M\xC3\xBCller\\\\Schmidt\\, Tel. 030 1234567\\nZweite Zeile"));
}

/* A cancelled shift stays in the calendar under its UID, marked, so calendar apps show it
 * called off; the others carry no STATUS, and an event of revision 0 no SEQUENCE. */
static void test_cancelled(void **state)
{
    kp_ics_t *ics = kp_ics_begin(pool, "Planung", STAMP, NULL);
    kp_ics_event ev = { 0 };
    apr_size_t len;
    const char *text;
    (void)state;

    ev.uid = "plan-1-7@host";
    ev.start_local = "2026-12-01 08:00:00";
    ev.end_local = "2026-12-01 12:00:00";
    ev.summary = "Reinigung";
    assert_int_equal(kp_ics_add_event(ics, &ev), APR_SUCCESS);
    ev.uid = "plan-1-8@host";
    ev.cancelled = 1;
    ev.sequence = 3;
    assert_int_equal(kp_ics_add_event(ics, &ev), APR_SUCCESS);
    text = kp_ics_finish(ics, &len);
    assert_non_null(strstr(text, "UID:plan-1-8@host\r\n"));
    assert_non_null(strstr(text, "SUMMARY:Reinigung\r\nSEQUENCE:3\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\nEND:VCALENDAR"));
    /* the first SEQUENCE and STATUS are the cancelled event's */
    assert_true(strstr(text, "SEQUENCE:") > strstr(text, "UID:plan-1-8@host"));
    assert_true(strstr(text, "STATUS:") > strstr(text, "UID:plan-1-8@host"));
}

static void test_lines_folded_at_75_octets_on_character_boundaries(void **state)
{
    apr_size_t len;
    const char *ics = build_sample(&len);
    const char *line = ics;
    int folded = 0;
    (void)state;

    while (*line) {
        const char *crlf = strstr(line, "\r\n");
        apr_size_t line_len;
        assert_non_null(crlf);                          /* every line ends in CRLF */
        line_len = crlf - line;
        assert_true(line_len <= 75);
        assert_null(memchr(line, '\n', line_len));      /* no bare LF */
        assert_null(memchr(line, '\r', line_len));      /* no bare CR */
        /* Each physical line is complete UTF-8 on its own. */
        assert_true(kp_utf8_valid(line, line_len));
        if (*line == ' ') {
            folded++;
        }
        line = crlf + 2;
    }
    assert_true(folded >= 2);
}

/* Taken in pieces, a calendar is the same text as written whole. */
static void test_taken_in_pieces(void **state)
{
    kp_ics_t *ics = kp_ics_begin(pool, "Stücke", STAMP, zone("Europe/Berlin"));
    kp_ics_event ev = { 0 };
    const char *piece, *whole, *rest;
    char *joined;
    apr_size_t len, whole_len, rest_len;
    (void)state;

    assert_null(kp_ics_take(ics, 1 << 20, &len));   /* less than asked for: kept */
    piece = kp_ics_take(ics, 0, &len);
    assert_non_null(piece);
    assert_true(strncmp(piece, "BEGIN:VCALENDAR\r\n", 17) == 0);
    assert_int_equal(strlen(piece), len);
    joined = apr_pstrmemdup(pool, piece, len);
    assert_null(kp_ics_take(ics, 0, &len));   /* nothing new since */
    ev.uid = "plan-1@kundenportal.example";
    ev.start_local = "2026-03-30 07:00:00";
    ev.end_local = "2026-03-30 15:30:00";
    ev.summary = "Frühschicht";
    assert_int_equal(kp_ics_add_event(ics, &ev), APR_SUCCESS);
    piece = kp_ics_take(ics, 0, &len);
    assert_true(len > 0 && strncmp(piece, "BEGIN:VEVENT\r\n", 14) == 0);
    joined = apr_pstrcat(pool, joined, apr_pstrmemdup(pool, piece, len), NULL);
    rest = kp_ics_finish(ics, &rest_len);
    assert_string_equal(rest, "END:VCALENDAR\r\n");
    joined = apr_pstrcat(pool, joined, rest, NULL);

    ics = kp_ics_begin(pool, "Stücke", STAMP, zone("Europe/Berlin"));
    assert_int_equal(kp_ics_add_event(ics, &ev), APR_SUCCESS);
    whole = kp_ics_finish(ics, &whole_len);
    assert_string_equal(joined, whole);
}

static void test_escape_text(void **state)
{
    (void)state;
    assert_string_equal(kp_ics_escape_text(pool, "a\\b;c,d\ne\r\nf\rg"),
                        "a\\\\b\\;c\\,d\\ne\\nf\\ng");
    assert_string_equal(kp_ics_escape_text(pool, "tab\there\x01\x7F:ok"), "tab\there:ok");
    assert_string_equal(kp_ics_escape_text(pool, ""), "");
}

/* Other zones: the n-th weekday, the southern hemisphere, no daylight saving, none at all. */
static void test_other_zones(void **state)
{
    kp_ics_event ev = { 0 };
    const char *flat;
    kp_ics_t *ics;
    (void)state;

    ev.uid = "z";
    ev.start_local = "2026-07-01 08:00";
    ev.end_local = "2026-07-01 09:00";

    ics = kp_ics_begin(pool, NULL, STAMP, zone("America/New_York"));
    assert_int_equal(kp_ics_add_event(ics, &ev), APR_SUCCESS);
    flat = unfold(kp_ics_finish(ics, NULL));
    assert_non_null(strstr(flat, "TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\n"
                                 "DTSTART:19700308T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"));
    assert_non_null(strstr(flat, "DTSTART:19701101T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n"));
    assert_non_null(strstr(flat, "\r\nDTSTART;TZID=America/New_York:20260701T080000\r\n"));

    ics = kp_ics_begin(pool, NULL, STAMP, zone("Australia/Sydney"));
    flat = unfold(kp_ics_finish(ics, NULL));
    assert_non_null(strstr(flat, "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+1000\r\nTZOFFSETTO:+1100\r\n"
                                 "TZNAME:AEDT\r\nDTSTART:19701004T020000\r\n"));
    assert_non_null(strstr(flat, "BEGIN:STANDARD\r\nTZOFFSETFROM:+1100\r\nTZOFFSETTO:+1000\r\n"
                                 "TZNAME:AEST\r\nDTSTART:19700405T030000\r\n"));

    ics = kp_ics_begin(pool, NULL, STAMP, zone("Asia/Kolkata"));
    flat = unfold(kp_ics_finish(ics, NULL));
    assert_non_null(strstr(flat, "BEGIN:STANDARD\r\nTZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530\r\n"
                                 "TZNAME:IST\r\nDTSTART:19700101T000000\r\nEND:STANDARD\r\n"));
    assert_null(strstr(flat, "DAYLIGHT"));

    ics = kp_ics_begin(pool, NULL, STAMP, NULL);
    assert_int_equal(kp_ics_add_event(ics, &ev), APR_SUCCESS);
    flat = unfold(kp_ics_finish(ics, NULL));
    assert_null(strstr(flat, "VTIMEZONE"));
    assert_null(strstr(flat, "TZID"));
    assert_non_null(strstr(flat, "\r\nDTSTART:20260701T080000\r\nDTEND:20260701T090000\r\n"));
}

static void test_invalid_events_rejected(void **state)
{
    kp_ics_t *ics = kp_ics_begin(pool, NULL, STAMP, NULL);
    kp_ics_event ev = { 0 };
    apr_size_t len;
    const char *text;
    static const char *const bad_times[] = {
        "2026-13-01 10:00:00", "2026-02-30 10:00:00", "2025-02-29 10:00:00", "2026-01-01 24:00:00",
        "2026-01-01 10:60:00", "2026-01-01 10:00:60", "2026-1-01 10:00:00", "2026-01-01",
        "2026-01-01 10:00:00Z", "x026-01-01 10:00:00", "2026-01-01_10:00:00", "", NULL,
    };
    apr_size_t i;
    (void)state;

    ev.uid = "u1";
    ev.end_local = "2026-01-01 12:00:00";
    for (i = 0; i < sizeof(bad_times) / sizeof(bad_times[0]); i++) {
        ev.start_local = bad_times[i];
        assert_int_equal(kp_ics_add_event(ics, &ev), APR_EINVAL);
    }
    ev.start_local = "2028-02-29 10:00:00";                 /* leap day is fine... */
    ev.end_local = "2028-02-29 09:59:59";                   /* ...but end before start is not */
    assert_int_equal(kp_ics_add_event(ics, &ev), APR_EINVAL);
    ev.end_local = "2028-02-29 10:00:00";
    ev.uid = NULL;
    assert_int_equal(kp_ics_add_event(ics, &ev), APR_EINVAL);
    ev.uid = "";
    assert_int_equal(kp_ics_add_event(ics, &ev), APR_EINVAL);
    assert_int_equal(kp_ics_add_event(ics, NULL), APR_EINVAL);
    ev.uid = "ok";
    assert_int_equal(kp_ics_add_event(ics, &ev), APR_SUCCESS);

    text = kp_ics_finish(ics, &len);
    /* Rejected events left no trace; no calendar name, no X-WR-CALNAME. */
    assert_null(strstr(text, "UID:u1"));
    assert_non_null(strstr(text, "UID:ok"));
    assert_null(strstr(text, "X-WR-CALNAME"));
    assert_non_null(strstr(text, "DTSTAMP:20260301T123456Z"));
}

/* Leaves the sample where a later integration test (python3-icalendar)
 * can parse it: $KP_TEST_OUTPUT_DIR or build/test-output. */
static void test_write_sample_file(void **state)
{
    const char *dir = getenv("KP_TEST_OUTPUT_DIR");
    const char *path;
    apr_file_t *f;
    apr_size_t len, written;
    const char *ics = build_sample(&len);
    (void)state;

    if (dir == NULL || *dir == '\0') {
        dir = "build/test-output";
    }
    assert_int_equal(apr_dir_make_recursive(dir, APR_FPROT_OS_DEFAULT, pool), APR_SUCCESS);
    path = apr_pstrcat(pool, dir, "/planning-sample.ics", NULL);
    assert_int_equal(apr_file_open(&f, path, APR_FOPEN_WRITE | APR_FOPEN_CREATE | APR_FOPEN_TRUNCATE
                                   | APR_FOPEN_BINARY, APR_FPROT_OS_DEFAULT, pool), APR_SUCCESS);
    assert_int_equal(apr_file_write_full(f, ics, len, &written), APR_SUCCESS);
    assert_int_equal(written, len);
    assert_int_equal(apr_file_close(f), APR_SUCCESS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_cancelled),
        cmocka_unit_test(test_lines_folded_at_75_octets_on_character_boundaries),
        cmocka_unit_test(test_taken_in_pieces),
        cmocka_unit_test(test_escape_text),
        cmocka_unit_test(test_other_zones),
        cmocka_unit_test(test_invalid_events_rejected),
        cmocka_unit_test(test_write_sample_file),
    };
    KP_RUN_GROUP_WITH_POOL(tests);
}
