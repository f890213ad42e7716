/* Unit tests for the urlencoded form and Cookie header parsers, and the checks of dates, times,
 * ids and list keys (kp_form). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "unit_pool.h"

#include <apr_general.h>
#include <apr_strings.h>

#include "kp_form.h"


static apr_table_t *parse_ok(const char *body)
{
    apr_table_t *t = NULL;
    assert_int_equal(kp_form_parse(pool, body, strlen(body), &t), APR_SUCCESS);
    assert_non_null(t);
    return t;
}

static void test_basic_fields(void **state)
{
    apr_table_t *t = parse_ok("username=kunde&password=Kunde-Demo-2026");
    (void)state;

    assert_int_equal(apr_table_elts(t)->nelts, 2);
    assert_string_equal(apr_table_get(t, "username"), "kunde");
    assert_string_equal(apr_table_get(t, "password"), "Kunde-Demo-2026");
}

static void test_decoding(void **state)
{
    apr_table_t *t = parse_ok("a+b=c+d%20e&pct=100%25&amp=%26%3D&umlaut=Gr%C3%BC%C3%9Fe&lower=%c3%a4");
    (void)state;

    assert_string_equal(apr_table_get(t, "a b"), "c d e");
    assert_string_equal(apr_table_get(t, "pct"), "100%");
    assert_string_equal(apr_table_get(t, "amp"), "&=");
    assert_string_equal(apr_table_get(t, "umlaut"), "Gr\xC3\xBC\xC3\x9F" "e");
    assert_string_equal(apr_table_get(t, "lower"), "\xC3\xA4");
}

static void test_duplicates_and_empty_segments(void **state)
{
    apr_table_t *t = parse_ok("&perm=documents&&perm=times&flag&empty=&x=1=2&");
    const apr_array_header_t *arr = apr_table_elts(t);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    (void)state;

    assert_int_equal(arr->nelts, 5);
    assert_string_equal(e[0].key, "perm");
    assert_string_equal(e[0].val, "documents");
    assert_string_equal(e[1].key, "perm");
    assert_string_equal(e[1].val, "times");
    assert_string_equal(apr_table_get(t, "flag"), "");
    assert_string_equal(apr_table_get(t, "empty"), "");
    assert_string_equal(apr_table_get(t, "x"), "1=2");
}

static void test_empty_body(void **state)
{
    apr_table_t *t = parse_ok("");
    (void)state;
    assert_int_equal(apr_table_elts(t)->nelts, 0);
}

static void test_not_nul_terminated(void **state)
{
    /* Only len bytes are read: the rest of the buffer is ignored. */
    apr_table_t *t = NULL;
    (void)state;
    assert_int_equal(kp_form_parse(pool, "a=1&b=2GARBAGE%", 7, &t), APR_SUCCESS);
    assert_string_equal(apr_table_get(t, "b"), "2");
    assert_null(apr_table_get(t, "b=2GARBAGE%"));
}

static void test_rejections(void **state)
{
    static const char *const bad[] = {
        "a=%", "a=%4", "a=%G1", "a=%1G", "%zz=1", "a=b%", "a=%00", "a%00=b",
        "a=%C3", "a=%C3%28", "a=%ED%A0%80", "a=%C0%AF", "a=\xFF", "a=%F4%90%80%80",
    };
    apr_size_t i;
    (void)state;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        apr_table_t *t = (apr_table_t *)0x1;
        assert_int_equal(kp_form_parse(pool, bad[i], strlen(bad[i]), &t), APR_EINVAL);
        assert_ptr_equal(t, (apr_table_t *)0x1);    /* untouched on error */
    }
    {
        apr_table_t *t = NULL;
        assert_int_equal(kp_form_parse(pool, "a=b\0c", 5, &t), APR_EINVAL);
    }
}

static void test_cookie_get(void **state)
{
    const char *h = "theme=dark; kp_session=abc-DEF_123;  lang = de ;quoted=\"q v\";empty=;x=1=2";
    (void)state;

    assert_string_equal(kp_cookie_get(pool, h, "kp_session"), "abc-DEF_123");
    assert_string_equal(kp_cookie_get(pool, h, "theme"), "dark");
    assert_string_equal(kp_cookie_get(pool, h, "lang"), "de");
    assert_string_equal(kp_cookie_get(pool, h, "quoted"), "q v");
    assert_string_equal(kp_cookie_get(pool, h, "empty"), "");
    assert_string_equal(kp_cookie_get(pool, h, "x"), "1=2");
    assert_null(kp_cookie_get(pool, h, "missing"));
    assert_null(kp_cookie_get(pool, h, "session"));      /* no suffix match */
    assert_null(kp_cookie_get(pool, h, "KP_SESSION"));   /* names are case-sensitive */
    assert_null(kp_cookie_get(pool, h, "dark"));         /* values are not names */
    assert_null(kp_cookie_get(pool, NULL, "x"));
    assert_null(kp_cookie_get(pool, "", "x"));
    assert_null(kp_cookie_get(pool, ";;; ;", "x"));
    assert_null(kp_cookie_get(pool, "novalue; other=1", "novalue"));
    /* The first of two equal names wins. */
    assert_string_equal(kp_cookie_get(pool, "a=1; a=2", "a"), "1");
    assert_string_equal(kp_cookie_get(pool, "\ta=1\t", "a"), "1");
    assert_string_equal(kp_cookie_get(pool, "a=\"\"", "a"), "");
    assert_string_equal(kp_cookie_get(pool, "a=\"", "a"), "\"");
}

static void test_valid_values(void **state)
{
    (void)state;
    assert_true(kp_valid_date("2026-11-27"));
    assert_true(kp_valid_date("2024-02-29"));    /* a leap year */
    assert_true(kp_valid_date("2000-02-29"));    /* divisible by 400 */
    assert_false(kp_valid_date("2100-02-29"));   /* by 100, not by 400 */
    assert_false(kp_valid_date("2026-02-29"));
    assert_false(kp_valid_date("2026-04-31"));
    assert_false(kp_valid_date("2026-13-01"));
    assert_false(kp_valid_date("2026-00-10"));
    assert_false(kp_valid_date("1969-12-31"));   /* the range the module stores */
    assert_false(kp_valid_date("2201-01-01"));
    assert_false(kp_valid_date("2026-1-01"));
    assert_false(kp_valid_date("2026-11-27 "));
    assert_false(kp_valid_date("+026-11-27"));
    assert_false(kp_valid_date(NULL));

    assert_true(kp_valid_time("00:00"));
    assert_true(kp_valid_time("23:59"));
    assert_false(kp_valid_time("24:00"));
    assert_false(kp_valid_time("12:60"));
    assert_false(kp_valid_time("7:30"));
    assert_false(kp_valid_time("07:30:00"));
    assert_false(kp_valid_time(NULL));

    assert_true(kp_valid_id("1"));
    assert_true(kp_valid_id("999999999999999999"));     /* 18 digits */
    assert_false(kp_valid_id("1000000000000000000"));   /* 19 */
    assert_false(kp_valid_id("0"));
    assert_false(kp_valid_id("012"));
    assert_false(kp_valid_id("-1"));
    assert_false(kp_valid_id("1e3"));
    assert_false(kp_valid_id(""));
    assert_false(kp_valid_id(NULL));
}

static void test_list_keys(void **state)
{
    static const char *const bad[] = {
        "", "garbage", "2026-11-27 08:00:00~5", "2026-11-27T08:00:00~", "2026-11-27T08:00:00~0",
        "2026-11-27T08:00:00~5x", "2026-11-27T08:00:00-5", "2026-11-27T08:00~5",
        "2026-11-27T24:00:00~5", "2026-11-27T08:60:00~5", "2026-11-27T08:00:60~5",
        "2026-11-27T08:00:0a~5", "2026-02-30T08:00:00~5", "2026-11-27T08-00:00~5",
        "2026-11-27T08:00:00~1234567890123456789", NULL
    };
    const char *at = "before", *id = "before";
    int i;
    (void)state;

    assert_string_equal(kp_list_key(pool, "2026-11-27 08:05:09", "4711"), "2026-11-27T08:05:09~4711");
    assert_null(kp_list_key(pool, "2026-11-27 08:05", "4711"));   /* not MariaDB's DATETIME text */
    assert_null(kp_list_key(pool, NULL, "4711"));
    assert_null(kp_list_key(pool, "2026-11-27 08:05:09", NULL));

    assert_int_equal(kp_list_key_parse(pool, "2026-11-27T08:05:09~4711", &at, &id), 1);
    assert_string_equal(at, "2026-11-27 08:05:09");
    assert_string_equal(id, "4711");
    for (i = 0; bad[i]; i++) {
        at = id = "before";
        assert_int_equal(kp_list_key_parse(pool, bad[i], &at, &id), 0);
        assert_string_equal(at, "before");   /* untouched: the caller's first page stays */
        assert_string_equal(id, "before");
    }
    assert_int_equal(kp_list_key_parse(pool, NULL, &at, &id), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_fields),
        cmocka_unit_test(test_decoding),
        cmocka_unit_test(test_duplicates_and_empty_segments),
        cmocka_unit_test(test_empty_body),
        cmocka_unit_test(test_not_nul_terminated),
        cmocka_unit_test(test_rejections),
        cmocka_unit_test(test_cookie_get),
        cmocka_unit_test(test_valid_values),
        cmocka_unit_test(test_list_keys),
    };
    KP_RUN_GROUP_WITH_POOL(tests);
}
