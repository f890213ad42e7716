/* Unit tests for the urlencoded form and Cookie header parsers (kp_form). */
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
    };
    KP_RUN_GROUP_WITH_POOL(tests);
}
