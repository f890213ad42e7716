/* Unit tests for the password rules (kp_passpolicy). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "kp_passpolicy.h"

static void test_length_limits(void **state)
{
    char buf[1100];
    (void)state;

    assert_int_equal(kp_password_check(NULL, "u"), KP_PASSWORD_TOO_SHORT);
    assert_int_equal(kp_password_check("", "u"), KP_PASSWORD_TOO_SHORT);
    assert_int_equal(kp_password_check("Zq8#vT2!m", "u"), KP_PASSWORD_TOO_SHORT);   /* 9 */
    assert_int_equal(kp_password_check("Zq8#vT2!mW", "u"), KP_PASSWORD_OK);        /* 10 */
    /* Code points count, not bytes: 9 umlauts are 18 bytes but too short. */
    assert_int_equal(kp_password_check("\xC3\xA4\xC3\xB6\xC3\xBC\xC3\xA4\xC3\xB6\xC3\xBC"
                                       "\xC3\xA4\xC3\xB6\xC3\xBC", "u"), KP_PASSWORD_TOO_SHORT);
    assert_int_equal(kp_password_check("\xC3\xA4\xC3\xB6\xC3\xBC\xC3\xA4\xC3\xB6\xC3\xBC"
                                       "\xC3\xA4\xC3\xB6\xC3\xBC\xE2\x82\xAC", "u"), KP_PASSWORD_OK);

    memset(buf, 'x', sizeof(buf));
    buf[0] = 'Q';
    buf[1024] = '\0';
    assert_int_equal(kp_password_check(buf, "u"), KP_PASSWORD_OK);
    buf[1024] = 'y';
    buf[1025] = '\0';
    assert_int_equal(kp_password_check(buf, "u"), KP_PASSWORD_TOO_LONG);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    assert_int_equal(kp_password_check("abcdefghij\xFF", "u"), KP_PASSWORD_INVALID_UTF8);
    assert_int_equal(kp_password_check("abcdefghij\xC0\xAF", "u"), KP_PASSWORD_INVALID_UTF8);
    assert_int_equal(kp_password_check("\xED\xA0\x80" "abcdefghij", "u"), KP_PASSWORD_INVALID_UTF8);
}

static void test_common_passwords(void **state)
{
    static const char *const common[] = {
        "1234567890", "qwertyuiop", "password123", "passwort123", "Passwort123",
        "PASSWORD123", "QwErTyUiOp", "ichliebedich", "Sonnenschein", "schmetterling",
        "qwertzuiop", "Willkommen123", "administrator", "deutschland", "Bayern1900",
        "BAYERNM\xC3\x9CNCHEN", "fu\xC3\x9F" "ball123", "0987654321", "1q2w3e4r5t",
        /* A listed word with digits and symbols appended. */
        "Passwort2024!", "dragon123456", "Sommer2025!!", "hallo!!!!!!", "Schalke04!!",
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(common) / sizeof(common[0]); i++) {
        if (kp_password_check(common[i], "someone") != KP_PASSWORD_COMMON) {
            fail_msg("not refused as common: %s", common[i]);
        }
    }
}

static void test_good_passwords_pass(void **state)
{
    static const char *const good[] = {
        "Admin-Demo-2026", "Kunde-Demo-2026", "Planung-Demo-2026", "Hausverwaltung-Demo-2026",
        "correct horse battery staple", "Zq8#vT2!mW", "mein Hund hei\xC3\x9Ft Bello",
        "2024Passwort", "xpassword123",
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        if (kp_password_check(good[i], "admin") != KP_PASSWORD_OK) {
            fail_msg("refused: %s (%d)", good[i], kp_password_check(good[i], "admin"));
        }
    }
}

static void test_same_as_username(void **state)
{
    (void)state;
    assert_int_equal(kp_password_check("hausverwaltung", "hausverwaltung"), KP_PASSWORD_SAME_AS_USERNAME);
    assert_int_equal(kp_password_check("HausVerwaltung", "hausverwaltung"), KP_PASSWORD_SAME_AS_USERNAME);
    assert_int_equal(kp_password_check("hausverwaltung", "HAUSVERWALTUNG"), KP_PASSWORD_SAME_AS_USERNAME);
    assert_int_equal(kp_password_check("kunde12345678", "kunde"), KP_PASSWORD_SAME_AS_USERNAME);
    assert_int_equal(kp_password_check("2026kunde2026", "Kunde"), KP_PASSWORD_SAME_AS_USERNAME);
    assert_int_equal(kp_password_check("m.mueller-2026", "m.mueller"), KP_PASSWORD_SAME_AS_USERNAME);
    assert_int_equal(kp_password_check("J\xC3\x9CRGEN12345", "j\xC3\xBCrgen"), KP_PASSWORD_SAME_AS_USERNAME);
    /* More than the username and digits: fine. */
    assert_int_equal(kp_password_check("kunde-und-mehr-2026", "kunde"), KP_PASSWORD_OK);
    assert_int_equal(kp_password_check("Kunde-Demo-2026", "kunde"), KP_PASSWORD_OK);
    /* No username given: no username check. */
    assert_int_equal(kp_password_check("hausverwaltung", NULL), KP_PASSWORD_OK);
    assert_int_equal(kp_password_check("hausverwaltung", ""), KP_PASSWORD_OK);
}

static void test_problem_keys(void **state)
{
    (void)state;
    assert_string_equal(kp_password_problem_key(KP_PASSWORD_OK), "");
    assert_string_equal(kp_password_problem_key(KP_PASSWORD_TOO_SHORT), "error.password.too_short");
    assert_string_equal(kp_password_problem_key(KP_PASSWORD_TOO_LONG), "error.password.too_long");
    assert_string_equal(kp_password_problem_key(KP_PASSWORD_COMMON), "error.password.common");
    assert_string_equal(kp_password_problem_key(KP_PASSWORD_SAME_AS_USERNAME),
                        "error.password.same_as_username");
    assert_string_equal(kp_password_problem_key(KP_PASSWORD_INVALID_UTF8), "error.password.invalid_utf8");
    assert_non_null(kp_password_problem_key((kp_password_problem)99));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_length_limits),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_common_passwords),
        cmocka_unit_test(test_good_passwords_pass),
        cmocka_unit_test(test_same_as_username),
        cmocka_unit_test(test_problem_keys),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
