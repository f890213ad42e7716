/* Unit tests for the language formats of the pages (kp_format_*): German 26.11.2026, 14:30,
 * 7,5 h; English 26/11/2026, 14:30, 7.5 h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "unit_pool.h"

#include "kp_render.h"

static void test_dates(void **state)
{
    (void)state;
    assert_string_equal(kp_format_date(pool, "de", "2026-11-26"), "26.11.2026");
    assert_string_equal(kp_format_date(pool, "de", "2026-11-26 14:30:00"), "26.11.2026");
    assert_string_equal(kp_format_date(pool, "en", "2026-11-26"), "26/11/2026");
    assert_string_equal(kp_format_date(pool, "de", "not a date"), "not a date");
    assert_string_equal(kp_format_date(pool, "de", NULL), "");
}

static void test_times(void **state)
{
    (void)state;
    assert_string_equal(kp_format_time(pool, "de", "14:30:00"), "14:30");
    assert_string_equal(kp_format_time(pool, "en", "2026-11-26 09:05:00"), "09:05");
    assert_string_equal(kp_format_time(pool, "de", "9:5"), "9:5");
}

static void test_hours(void **state)
{
    (void)state;
    assert_string_equal(kp_format_hours(pool, "de", 450), "7,5 h");
    assert_string_equal(kp_format_hours(pool, "en", 450), "7.5 h");
    assert_string_equal(kp_format_hours(pool, "de", 480), "8 h");
    assert_string_equal(kp_format_hours(pool, "de", 50), "0,83 h");
    assert_string_equal(kp_format_hours(pool, "en", 135), "2.25 h");
    assert_string_equal(kp_format_hours(pool, "de", -90), "-1,5 h");
}

static void test_sizes(void **state)
{
    (void)state;
    assert_string_equal(kp_format_size(pool, "de", 512), "512 B");
    assert_string_equal(kp_format_size(pool, "de", 1536), "1,5 KB");
    assert_string_equal(kp_format_size(pool, "en", 1536), "1.5 KB");
    assert_string_equal(kp_format_size(pool, "de", 20 * 1024 * 1024), "20,0 MB");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_hours),
        cmocka_unit_test(test_sizes),
    };
    KP_RUN_GROUP_WITH_POOL(tests);
}
