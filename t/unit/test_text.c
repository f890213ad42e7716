/* Unit tests for the UTF-8, trimming and hex digit helpers (kp_text). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "unit_pool.h"

#include <apr_general.h>

#include "kp_text.h"


#define VALID(lit) kp_utf8_valid(lit, sizeof(lit) - 1)

static void test_utf8_valid_accepts_well_formed_text(void **state)
{
    (void)state;
    assert_true(VALID(""));
    assert_true(VALID("plain ASCII"));
    assert_true(VALID("Gr\xC3\xBC\xC3\x9F" "e"));                 /* Grüße */
    assert_true(VALID("\xE2\x82\xAC"));                          /* € */
    assert_true(VALID("\xF0\x9F\x98\x80"));                      /* U+1F600 */
    assert_true(VALID("\xC2\x80"));                              /* U+0080, smallest 2-byte */
    assert_true(VALID("\xE0\xA0\x80"));                          /* U+0800, smallest 3-byte */
    assert_true(VALID("\xED\x9F\xBF"));                          /* U+D7FF, just below surrogates */
    assert_true(VALID("\xEE\x80\x80"));                          /* U+E000, just above */
    assert_true(VALID("\xF0\x90\x80\x80"));                      /* U+10000 */
    assert_true(VALID("\xF4\x8F\xBF\xBF"));                      /* U+10FFFF */
    assert_true(VALID("a\0b"));                                  /* NUL is UTF-8 */
}

static void test_utf8_valid_rejects_malformed_text(void **state)
{
    (void)state;
    assert_false(VALID("\x80"));                                 /* lone continuation */
    assert_false(VALID("\xC3"));                                 /* truncated */
    assert_false(VALID("\xC3\x28"));                             /* bad continuation */
    assert_false(VALID("\xC0\xAF"));                             /* overlong '/' */
    assert_false(VALID("\xC1\xBF"));                             /* overlong */
    assert_false(VALID("\xE0\x80\xAF"));                         /* overlong 3-byte */
    assert_false(VALID("\xE0\x9F\xBF"));                         /* overlong 3-byte */
    assert_false(VALID("\xF0\x80\x80\xAF"));                     /* overlong 4-byte */
    assert_false(VALID("\xF0\x8F\xBF\xBF"));                     /* overlong 4-byte */
    assert_false(VALID("\xED\xA0\x80"));                         /* U+D800 surrogate */
    assert_false(VALID("\xED\xBF\xBF"));                         /* U+DFFF surrogate */
    assert_false(VALID("\xF4\x90\x80\x80"));                     /* U+110000 */
    assert_false(VALID("\xF5\x80\x80\x80"));
    assert_false(VALID("\xFE"));
    assert_false(VALID("\xFF"));
    assert_false(VALID("\xE2\x82"));                             /* truncated € */
    assert_false(VALID("ok\xF0\x9F\x98"));                       /* truncated at end */
    /* The length limit is respected: the valid prefix alone is fine. */
    assert_true(kp_utf8_valid("ok\xF0\x9F\x98", 2));
}

static void test_utf8_char_length(void **state)
{
    (void)state;
    assert_int_equal(kp_utf8_char_length("a", 1), 1);
    assert_int_equal(kp_utf8_char_length("\xC3\xA4x", 3), 2);
    assert_int_equal(kp_utf8_char_length("\xE2\x82\xAC", 3), 3);
    assert_int_equal(kp_utf8_char_length("\xF0\x9F\x98\x80", 4), 4);
    assert_int_equal(kp_utf8_char_length("\xF0\x9F\x98\x80", 3), 0);
    assert_int_equal(kp_utf8_char_length("\x80", 1), 0);
    assert_int_equal(kp_utf8_char_length("", 0), 0);
}

static void test_utf8_length_counts_code_points(void **state)
{
    (void)state;
    assert_int_equal(kp_utf8_length(""), 0);
    assert_int_equal(kp_utf8_length("abc"), 3);
    assert_int_equal(kp_utf8_length("Gr\xC3\xBC\xC3\x9F" "e"), 5);
    assert_int_equal(kp_utf8_length("\xE2\x82\xAC\xF0\x9F\x98\x80"), 2);
    /* Invalid bytes count one each. */
    assert_int_equal(kp_utf8_length("a\xFF\xC3"), 3);
}

static void test_trim(void **state)
{
    (void)state;
    assert_null(kp_text_trim(pool, NULL));
    assert_string_equal(kp_text_trim(pool, ""), "");
    assert_string_equal(kp_text_trim(pool, "   "), "");
    assert_string_equal(kp_text_trim(pool, " \t\r\n x y \r\n\v\f"), "x y");
    assert_string_equal(kp_text_trim(pool, "none"), "none");
    /* Non-ASCII is left alone (U+00A0 NBSP is not trimmed). */
    assert_string_equal(kp_text_trim(pool, " \xC3\xA4 "), "\xC3\xA4");
    assert_string_equal(kp_text_trim(pool, "\xC2\xA0x"), "\xC2\xA0x");
}

static void test_typed(void **state)
{
    (void)state;
    assert_null(kp_text_typed(pool, NULL));
    assert_string_equal(kp_text_typed(pool, " \r\n "), "");
    /* CR LF as a browser sends a textarea's line breaks, a lone CR, and LF: one LF each. */
    assert_string_equal(kp_text_typed(pool, " a\r\nb\rc\nd\r\n\r\ne "), "a\nb\nc\nd\n\ne");
    assert_string_equal(kp_text_typed(pool, "a\r\r\nb"), "a\n\nb");
    assert_string_equal(kp_text_typed(pool, "\xC3\xA4\r\n\xC3\xB6"), "\xC3\xA4\n\xC3\xB6");
}

static void test_hex_value(void **state)
{
    const char *digits = "0123456789abcdef";
    int c;
    (void)state;
    for (c = 0; c < 16; c++) {
        assert_int_equal(kp_hex_value(digits[c]), c);
        if (c >= 10) {
            assert_int_equal(kp_hex_value(digits[c] - 'a' + 'A'), c);
        }
    }
    /* Everything else is -1: the neighbours of the ranges, NUL, and bytes above 0x7F, also as
     * a negative char. */
    assert_int_equal(kp_hex_value('/'), -1);
    assert_int_equal(kp_hex_value(':'), -1);
    assert_int_equal(kp_hex_value('@'), -1);
    assert_int_equal(kp_hex_value('G'), -1);
    assert_int_equal(kp_hex_value('`'), -1);
    assert_int_equal(kp_hex_value('g'), -1);
    assert_int_equal(kp_hex_value('x'), -1);
    assert_int_equal(kp_hex_value(' '), -1);
    assert_int_equal(kp_hex_value('\0'), -1);
    assert_int_equal(kp_hex_value(0xC1), -1);
    assert_int_equal(kp_hex_value((char)0xE1), -1);
    for (c = -128; c < 256; c++) {
        int v = kp_hex_value(c);
        assert_true(v >= -1 && v <= 15);
    }
}

static void test_cp1252_to_utf8(void **state)
{
    /* "Jürgen Maier;Prüfung €5 „gut“ – Straße" as German Excel saves it */
    static const char excel[] = "J\xFCrgen Maier;Pr\xFC" "fung \x80" "5 \x84gut\x93 \x96 Stra\xDF" "e";
    apr_size_t n = 0;
    char *s;
    char all[256];
    int c;
    (void)state;
    s = kp_cp1252_to_utf8(pool, excel, sizeof(excel) - 1, &n);
    assert_non_null(s);
    assert_string_equal(s, "Jürgen Maier;Prüfung €5 „gut“ – Straße");
    assert_int_equal(n, strlen(s));
    s = kp_cp1252_to_utf8(pool, "", 0, &n);
    assert_string_equal(s, "");
    assert_int_equal(n, 0);
    /* the five undefined bytes, alone and amid text */
    assert_null(kp_cp1252_to_utf8(pool, "\x81", 1, &n));
    assert_null(kp_cp1252_to_utf8(pool, "ab\x8D", 3, &n));
    assert_null(kp_cp1252_to_utf8(pool, "\x8Fz", 2, &n));
    assert_null(kp_cp1252_to_utf8(pool, "a\x90", 2, &n));
    assert_null(kp_cp1252_to_utf8(pool, "\x9D", 1, &n));
    /* every other byte gives well-formed UTF-8, ASCII unchanged, 0xFF as U+00FF */
    for (c = 1, n = 0; c < 256; c++) {
        all[n++] = (char)c;
    }
    all[0] = 'x';
    assert_null(kp_cp1252_to_utf8(pool, all, 255, &n));
    for (c = 0x80; c < 0xA0; c++) {
        char one = (char)c;
        s = kp_cp1252_to_utf8(pool, &one, 1, &n);
        if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D) {
            assert_null(s);
        }
        else {
            assert_non_null(s);
            assert_true(kp_utf8_valid(s, n) && (n == 2 || n == 3));
        }
    }
    s = kp_cp1252_to_utf8(pool, "A\xA0\xFF", 3, &n);
    assert_string_equal(s, "A\xC2\xA0\xC3\xBF");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid_accepts_well_formed_text),
        cmocka_unit_test(test_utf8_valid_rejects_malformed_text),
        cmocka_unit_test(test_utf8_char_length),
        cmocka_unit_test(test_utf8_length_counts_code_points),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_typed),
        cmocka_unit_test(test_hex_value),
        cmocka_unit_test(test_cp1252_to_utf8),
    };
    KP_RUN_GROUP_WITH_POOL(tests);
}
