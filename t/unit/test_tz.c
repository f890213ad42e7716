/* Unit tests for kp_tz: the system's zone files against known wall-clock times, the footer
 * rule against the transition table it continues, hour by hour over decades, and the day of a
 * rule's change against the C library's calendar. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include "unit_pool.h"

#include <apr_file_io.h>
#include <apr_strings.h>

#include "kp_tz.h"

static kp_tz *load(const char *name)
{
    kp_tz *tz = NULL;
    const char *error = kp_tz_load(pool, name, &tz);
    if (error) {
        fail_msg("%s", error);
    }
    return tz;
}

/* A TZif v2 file with no transitions: one type with `offset`, and the footer rule alone. */
static kp_tz *rule_only(long offset, const char *footer)
{
    unsigned char block[44 + 10];
    unsigned char *file;
    apr_size_t n = strlen(footer), len = 2 * sizeof(block) + n + 2;
    kp_tz *tz = NULL;
    const char *error;

    memset(block, 0, sizeof(block));
    memcpy(block, "TZif2", 5);
    block[20 + 4 * 4 + 3] = 1; /* typecnt */
    block[20 + 5 * 4 + 3] = 4; /* charcnt */
    block[44] = (unsigned char)((unsigned long)offset >> 24);
    block[45] = (unsigned char)((unsigned long)offset >> 16);
    block[46] = (unsigned char)((unsigned long)offset >> 8);
    block[47] = (unsigned char)offset;
    memcpy(block + 50, "STD", 4);
    file = apr_palloc(pool, len);
    memcpy(file, block, sizeof(block));
    memcpy(file + sizeof(block), block, sizeof(block));
    file[2 * sizeof(block)] = '\n';
    memcpy(file + 2 * sizeof(block) + 1, footer, n);
    file[len - 1] = '\n';
    error = kp_tz_parse(pool, file, len, &tz);
    if (error) {
        fail_msg("%s: %s", footer, error);
    }
    return tz;
}

static void test_berlin_wall_clock(void **state)
{
    kp_tz *tz = load("Europe/Berlin");
    (void)state;
    assert_string_equal(kp_tz_local(pool, tz, "2026-11-26 14:30"), "2026-11-26 15:30");
    assert_string_equal(kp_tz_local(pool, tz, "2026-07-01 12:00:05"), "2026-07-01 14:00:05");
    assert_string_equal(kp_tz_local(pool, tz, "2026-12-31 23:30"), "2027-01-01 00:30");
    /* spring forward 2026-03-29 at 01:00 UTC, fall back 2026-10-25 at 01:00 UTC */
    assert_string_equal(kp_tz_local(pool, tz, "2026-03-29 00:59:59"), "2026-03-29 01:59:59");
    assert_string_equal(kp_tz_local(pool, tz, "2026-03-29 01:00:00"), "2026-03-29 03:00:00");
    assert_string_equal(kp_tz_local(pool, tz, "2026-10-25 00:59:59"), "2026-10-25 02:59:59");
    assert_string_equal(kp_tz_local(pool, tz, "2026-10-25 01:00:00"), "2026-10-25 02:00:00");
    /* past the file's transition table (2037): the footer rule */
    assert_string_equal(kp_tz_local(pool, tz, "2040-07-01 12:00"), "2040-07-01 14:00");
    assert_string_equal(kp_tz_local(pool, tz, "2040-12-01 12:00"), "2040-12-01 13:00");
    assert_string_equal(kp_tz_local(pool, load("UTC"), "2026-07-01 12:00"), "2026-07-01 12:00");
}

/* The time a working-time entry lasts, the clocks' changes counted (mod_kp_times.c). */
static void test_elapsed_minutes(void **state)
{
    kp_tz *tz = load("Europe/Berlin");
    (void)state;
    assert_int_equal(kp_tz_elapsed_minutes(tz, "2026-11-26", 22 * 60, 480), 480);
    /* the night the clocks go back, and the night they go forward */
    assert_int_equal(kp_tz_elapsed_minutes(tz, "2026-10-24", 22 * 60, 480), 540);
    assert_int_equal(kp_tz_elapsed_minutes(tz, "2026-03-28", 22 * 60, 480), 420);
    /* a day and a night on call over the change: 25 hours */
    assert_int_equal(kp_tz_elapsed_minutes(tz, "2026-10-24", 8 * 60, 1440), 1500);
    /* within a day without a change, and the day after one */
    assert_int_equal(kp_tz_elapsed_minutes(tz, "2026-10-25", 8 * 60, 165), 165);
    /* no zone (UTC) or no date: the wall clock */
    assert_int_equal(kp_tz_elapsed_minutes(NULL, "2026-10-24", 22 * 60, 480), 480);
    assert_int_equal(kp_tz_elapsed_minutes(tz, "24.10.2026", 22 * 60, 480), 480);
    /* the hour the clocks skip in spring (02:00 to 02:59), and no other */
    assert_int_equal(kp_tz_local_skipped(tz, "2026-03-29", 2 * 60), 1);
    assert_int_equal(kp_tz_local_skipped(tz, "2026-03-29", 2 * 60 + 59), 1);
    assert_int_equal(kp_tz_local_skipped(tz, "2026-03-29", 1 * 60 + 59), 0);
    assert_int_equal(kp_tz_local_skipped(tz, "2026-03-29", 3 * 60), 0);
    assert_int_equal(kp_tz_local_skipped(tz, "2026-03-28", 24 * 60 + 150), 1);   /* the next day */
    /* a time of the hour repeated in autumn is its first occurrence (RFC 5545): 22:00 to 02:00
     * is four hours, 02:30 to 06:00 four and a half */
    assert_int_equal(kp_tz_elapsed_minutes(tz, "2026-10-24", 22 * 60, 240), 240);
    assert_int_equal(kp_tz_elapsed_minutes(tz, "2026-10-25", 2 * 60 + 30, 210), 270);
    /* the hour repeated in autumn exists (twice) */
    assert_int_equal(kp_tz_local_skipped(tz, "2026-10-25", 2 * 60 + 30), 0);
    assert_int_equal(kp_tz_local_skipped(NULL, "2026-03-29", 2 * 60 + 30), 0);
}

/* Local times back to UTC (the Protokoll's filter reads a day's bounds in the company's zone). */
static void test_berlin_to_utc(void **state)
{
    kp_tz *tz = load("Europe/Berlin");
    kp_tz *ny = load("America/New_York");
    (void)state;
    assert_string_equal(kp_tz_utc(pool, tz, "2026-11-27 00:00:00"), "2026-11-26 23:00:00");
    assert_string_equal(kp_tz_utc(pool, tz, "2026-07-01 23:59:59"), "2026-07-01 21:59:59");
    assert_string_equal(kp_tz_utc(pool, tz, "2027-01-01 00:30"), "2026-12-31 23:30");
    /* the days of the changes: midnight before, the evening after */
    assert_string_equal(kp_tz_utc(pool, tz, "2026-03-29 00:00:00"), "2026-03-28 23:00:00");
    assert_string_equal(kp_tz_utc(pool, tz, "2026-03-29 23:59:59"), "2026-03-29 21:59:59");
    assert_string_equal(kp_tz_utc(pool, tz, "2026-10-25 00:00:00"), "2026-10-24 22:00:00");
    assert_string_equal(kp_tz_utc(pool, tz, "2026-10-25 23:59:59"), "2026-10-25 22:59:59");
    /* the hour repeated in autumn: its first occurrence, as a calendar reads it */
    assert_string_equal(kp_tz_utc(pool, tz, "2026-10-25 02:30:00"), "2026-10-25 00:30:00");
    assert_string_equal(kp_tz_utc(pool, tz, "2026-10-25 02:00:00"), "2026-10-25 00:00:00");
    /* right after a change: each side's own offset */
    assert_string_equal(kp_tz_utc(pool, tz, "2026-03-29 03:00:00"), "2026-03-29 01:00:00");
    assert_string_equal(kp_tz_utc(pool, tz, "2026-10-25 03:00:00"), "2026-10-25 02:00:00");
    /* west of UTC, where the day ends after midnight UTC */
    assert_string_equal(kp_tz_utc(pool, ny, "2026-11-27 00:00:00"), "2026-11-27 05:00:00");
    assert_string_equal(kp_tz_utc(pool, ny, "2026-07-01 23:59:59"), "2026-07-02 03:59:59");
    /* each way and back */
    assert_string_equal(kp_tz_local(pool, tz, kp_tz_utc(pool, tz, "2026-08-15 08:15:00")),
                        "2026-08-15 08:15:00");
    /* not a time: unchanged, as kp_tz_local */
    assert_string_equal(kp_tz_utc(pool, tz, "2026-11-27"), "2026-11-27");
    assert_null(kp_tz_utc(pool, tz, NULL));
    assert_string_equal(kp_tz_utc(pool, NULL, "2026-11-27 00:00:00"), "2026-11-27 00:00:00");
}

static void test_rule_matches_table(void **state)
{
    static const struct {
        const char *zone, *footer;
        long std;
        int since;
    } zones[] = {
        {"Europe/Berlin", "CET-1CEST,M3.5.0,M10.5.0/3", 3600, 1997},
        {"America/New_York", "EST5EDT,M3.2.0,M11.1.0", -18000, 2008},
        {"Australia/Sydney", "AEST-10AEDT,M10.1.0,M4.1.0/3", 36000, 2009},
    };
    size_t z;
    (void)state;
    for (z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
        kp_tz *table = load(zones[z].zone), *rule = rule_only(zones[z].std, zones[z].footer);
        apr_int64_t t = ((apr_int64_t)(zones[z].since - 1970) * 365 + 8) * 86400;
        apr_int64_t until = (apr_int64_t)(2037 - 1970) * 365 * 86400;
        int checked = 0;
        for (; t < until; t += 1800) {
            if (kp_tz_offset(table, t) != kp_tz_offset(rule, t)) {
                fail_msg("%s at %" APR_INT64_T_FMT ": table %ld, rule %ld", zones[z].zone, t,
                         kp_tz_offset(table, t), kp_tz_offset(rule, t));
            }
            checked++;
        }
        assert_true(checked > 400000);
    }
}

static void test_footer_forms(void **state)
{
    (void)state;
    assert_int_equal(kp_tz_offset(rule_only(0, "<+0530>-5:30"), 0), 19800);
    assert_int_equal(kp_tz_offset(rule_only(0, "<-03>3"), 0), -10800);
    assert_int_equal(kp_tz_offset(rule_only(3600, ""), 0), 3600);
}

static void test_refuses_bad_names_and_files(void **state)
{
    kp_tz *tz = NULL;
    unsigned char junk[64];
    apr_file_t *f;
    unsigned char head[200];
    apr_size_t n = sizeof(head);
    (void)state;
    assert_non_null(kp_tz_load(pool, "../../etc/passwd", &tz));
    assert_non_null(kp_tz_load(pool, "/etc/localtime", &tz));
    assert_non_null(kp_tz_load(pool, "Europe/Nirgendwo", &tz));
    assert_non_null(kp_tz_load(pool, "", &tz));
    assert_non_null(kp_tz_load(pool, "Europe/Berlin; rm", &tz));
    memset(junk, 'x', sizeof(junk));
    assert_non_null(kp_tz_parse(pool, junk, sizeof(junk), &tz));
    assert_int_equal(apr_file_open(&f, KP_ZONEINFO_DIR "/Europe/Berlin", APR_FOPEN_READ, 0, pool),
                     APR_SUCCESS);
    assert_int_equal(apr_file_read_full(f, head, n, &n), APR_SUCCESS);
    apr_file_close(f);
    assert_non_null(kp_tz_parse(pool, head, n, &tz)); /* cut short */
    assert_null(tz);
}

static void test_local_leaves_other_text_alone(void **state)
{
    kp_tz *tz = load("Europe/Berlin");
    (void)state;
    assert_string_equal(kp_tz_local(pool, tz, "2026-11-26"), "2026-11-26");
    assert_string_equal(kp_tz_local(pool, tz, ""), "");
    assert_string_equal(kp_tz_local(pool, tz, "2026-13-01 10:00"), "2026-13-01 10:00");
    assert_string_equal(kp_tz_local(pool, tz, "kein Datum, kein Ort"), "kein Datum, kein Ort");
    assert_string_equal(kp_tz_local(pool, NULL, "2026-11-26 14:30"), "2026-11-26 14:30");
    assert_null(kp_tz_local(pool, tz, NULL));
}

static int change_day(int month, int week, int wday, apr_int64_t year)
{
    kp_tz_change c = {month, week, wday, 7200};
    return kp_tz_change_day(&c, year);
}

static void test_change_day(void **state)
{
    int year, month, week, wday;
    (void)state;
    assert_int_equal(change_day(3, 5, 0, 2026), 29);   /* Berlin: last Sunday of March */
    assert_int_equal(change_day(10, 5, 0, 2026), 25);  /* ... and of October */
    assert_int_equal(change_day(3, 2, 0, 2026), 8);    /* New York: second Sunday of March */
    assert_int_equal(change_day(11, 1, 0, 2026), 1);   /* ... first Sunday of November */
    assert_int_equal(change_day(3, 5, 0, 1970), 29);   /* the onsets VTIMEZONE writes */
    assert_int_equal(change_day(10, 5, 0, 1970), 25);
    assert_int_equal(change_day(2, 5, 4, 2024), 29);   /* last Thursday of a leap February */
    assert_int_equal(change_day(2, 5, 4, 2023), 23);
    assert_int_equal(change_day(2, 4, 4, 2024), 22);
    /* Every rule over two centuries against the C library's calendar: the day has the
     * weekday, lies in the month, is the week-th such day or (week 5) the last one. */
    for (year = 1970; year < 2170; year++) {
        for (month = 1; month <= 12; month++) {
            for (week = 1; week <= 5; week++) {
                for (wday = 0; wday <= 6; wday++) {
                    int day = change_day(month, week, wday, year);
                    struct tm tm = {0}, next = {0};
                    time_t t;
                    tm.tm_year = year - 1900;
                    tm.tm_mon = month - 1;
                    tm.tm_mday = day;
                    tm.tm_hour = 12;
                    t = timegm(&tm);
                    gmtime_r(&t, &tm);
                    if (tm.tm_mon != month - 1 || tm.tm_mday != day || tm.tm_wday != wday) {
                        fail_msg("M%d.%d.%d in %d: day %d", month, week, wday, year, day);
                    }
                    t += 7 * 86400;
                    gmtime_r(&t, &next);
                    if (week < 5 ? (day - 1) / 7 + 1 != week : next.tm_mon == month - 1) {
                        fail_msg("M%d.%d.%d in %d: day %d is the wrong one", month, week, wday,
                                 year, day);
                    }
                }
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_berlin_wall_clock),
        cmocka_unit_test(test_berlin_to_utc),
        cmocka_unit_test(test_elapsed_minutes),
        cmocka_unit_test(test_rule_matches_table),
        cmocka_unit_test(test_footer_forms),
        cmocka_unit_test(test_refuses_bad_names_and_files),
        cmocka_unit_test(test_local_leaves_other_text_alone),
        cmocka_unit_test(test_change_day),
    };
    KP_RUN_GROUP_WITH_POOL(tests);
}
