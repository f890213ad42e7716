/* Unit tests for the route pattern matcher (kp_route). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "kp_route.h"

static kp_route_param prm[KP_ROUTE_MAX_PARAMS];

static int param_is(int i, const char *want)
{
    return prm[i].len == strlen(want) && memcmp(prm[i].start, want, prm[i].len) == 0;
}

static void test_literal_paths(void **state)
{
    (void)state;
    assert_int_equal(kp_route_match("/", "/", prm), 0);
    assert_int_equal(kp_route_match("/login", "/login", prm), 0);
    assert_int_equal(kp_route_match("/login", "/login/", prm), -1);
    assert_int_equal(kp_route_match("/login", "/logi", prm), -1);
    assert_int_equal(kp_route_match("/login", "/", prm), -1);
    assert_int_equal(kp_route_match("/", "", prm), -1);
}

static void test_numeric_parameters(void **state)
{
    (void)state;
    assert_int_equal(kp_route_match("/projects/{id}", "/projects/42", prm), 1);
    assert_true(param_is(0, "42"));
    assert_int_equal(kp_route_match("/projects/{id}/documents/{doc}", "/projects/7/documents/123", prm), 2);
    assert_true(param_is(0, "7"));
    assert_true(param_is(1, "123"));
    assert_int_equal(kp_route_match("/projects/{id}/times.csv", "/projects/7/times.csv", prm), 1);
    /* ids are digits only: no signs, letters, dots, encoded bytes or empty segments */
    assert_int_equal(kp_route_match("/projects/{id}", "/projects/-1", prm), -1);
    assert_int_equal(kp_route_match("/projects/{id}", "/projects/1a", prm), -1);
    assert_int_equal(kp_route_match("/projects/{id}", "/projects/1%20", prm), -1);
    assert_int_equal(kp_route_match("/projects/{id}", "/projects/", prm), -1);
    assert_int_equal(kp_route_match("/projects/{id}", "/projects/1/", prm), -1);
    assert_int_equal(kp_route_match("/projects/{id}/times", "/projects/1", prm), -1);
}

static void test_token_parameter(void **state)
{
    (void)state;
    assert_int_equal(kp_route_match("/p/{token}", "/p/Ab-_09", prm), 1);
    assert_true(param_is(0, "Ab-_09"));
    assert_int_equal(kp_route_match("/p/{token}", "/p/ab.c", prm), -1);
    assert_int_equal(kp_route_match("/p/{token}", "/p/a=b", prm), -1);
}

static void test_segment_length_is_bounded(void **state)
{
    char path[200] = "/p/";
    (void)state;
    memset(path + 3, 'a', 64);
    assert_int_equal(kp_route_match("/p/{token}", path, prm), 1);
    path[3 + 64] = 'a';
    assert_int_equal(kp_route_match("/p/{token}", path, prm), -1);
}

static void test_malformed_patterns_never_match(void **state)
{
    (void)state;
    assert_int_equal(kp_route_match("/x/{id", "/x/1", prm), -1);
    assert_int_equal(kp_route_match("/{a}/{b}/{c}/{d}/{e}", "/1/2/3/4/5", prm), -1);
    assert_int_equal(kp_route_match("/{a}/{b}/{c}/{d}", "/1/2/3/4", prm), 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literal_paths),
        cmocka_unit_test(test_numeric_parameters),
        cmocka_unit_test(test_token_parameter),
        cmocka_unit_test(test_segment_length_is_bounded),
        cmocka_unit_test(test_malformed_patterns_never_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
