/* Unit tests for random tokens, their hashes and comparison (kp_token). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "unit_pool.h"

#include <apr_general.h>
#include <apr_hash.h>

#include "kp_token.h"


static void test_new_token_length_and_alphabet(void **state)
{
    (void)state;
    assert_int_equal(kp_crypto_init(), 0);
    assert_int_equal(kp_crypto_init(), 0);           /* twice is fine */

    assert_null(kp_token_new(pool, 0));
    assert_int_equal(strlen(kp_token_new(pool, 1)), 2);
    assert_int_equal(strlen(kp_token_new(pool, 2)), 3);
    assert_int_equal(strlen(kp_token_new(pool, 3)), 4);
    assert_int_equal(strlen(kp_token_new(pool, 32)), 43);
    assert_true(kp_token_wellformed(kp_token_new(pool, 32), 43));
    assert_true(kp_token_wellformed(kp_token_new(pool, 24), 32));
}

static void test_tokens_are_distinct_and_use_the_whole_alphabet(void **state)
{
    apr_hash_t *seen = apr_hash_make(pool);
    int used[256] = { 0 };
    int i, distinct_chars = 0;
    (void)state;

    for (i = 0; i < 2000; i++) {
        const char *t = kp_token_new(pool, 32);
        const char *c;
        assert_null(apr_hash_get(seen, t, APR_HASH_KEY_STRING));
        apr_hash_set(seen, t, APR_HASH_KEY_STRING, t);
        for (c = t; *c; c++) {
            used[(unsigned char)*c] = 1;
        }
    }
    for (i = 0; i < 256; i++) {
        distinct_chars += used[i];
    }
    /* 86000 random characters: every one of the 64 shows up. */
    assert_int_equal(distinct_chars, 64);
    assert_true(used['-'] && used['_']);
    assert_false(used['+'] || used['/'] || used['=']);
}

static void test_hash_hex(void **state)
{
    (void)state;
    /* Known SHA-256 values. */
    assert_string_equal(kp_token_hash_hex(pool, ""),
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_string_equal(kp_token_hash_hex(pool, "abc"),
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_string_not_equal(kp_token_hash_hex(pool, "abd"), kp_token_hash_hex(pool, "abc"));
}

static void test_equal(void **state)
{
    (void)state;
    assert_true(kp_token_equal("abcDEF-_1", "abcDEF-_1"));
    assert_true(kp_token_equal("", ""));
    assert_false(kp_token_equal("abcDEF-_1", "abcDEF-_2"));
    assert_false(kp_token_equal("Xbc", "abc"));
    assert_false(kp_token_equal("abc", "abcd"));
    assert_false(kp_token_equal("abcd", "abc"));
    assert_false(kp_token_equal(NULL, "abc"));
    assert_false(kp_token_equal("abc", NULL));
    assert_false(kp_token_equal(NULL, NULL));
}

static void test_wellformed(void **state)
{
    (void)state;
    assert_true(kp_token_wellformed("AZaz09-_", 8));
    assert_false(kp_token_wellformed("AZaz09-_", 7));
    assert_false(kp_token_wellformed("AZaz09-_", 9));
    assert_false(kp_token_wellformed("AZaz09+_", 8));
    assert_false(kp_token_wellformed("AZaz09/_", 8));
    assert_false(kp_token_wellformed("AZaz09=_", 8));
    assert_false(kp_token_wellformed("AZaz09 _", 8));
    assert_false(kp_token_wellformed("AZaz09\xC3\xA4", 8));
    assert_false(kp_token_wellformed("../etc/p", 8));
    assert_false(kp_token_wellformed(NULL, 0));
    assert_true(kp_token_wellformed("", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_token_length_and_alphabet),
        cmocka_unit_test(test_tokens_are_distinct_and_use_the_whole_alphabet),
        cmocka_unit_test(test_hash_hex),
        cmocka_unit_test(test_equal),
        cmocka_unit_test(test_wellformed),
    };
    KP_RUN_GROUP_WITH_POOL(tests);
}
