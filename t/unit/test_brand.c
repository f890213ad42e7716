/* Unit tests for the tenant's look (kp_brand): colour parsing, contrast, text and ink colours
 * that stay readable for any accent, and logo types by magic bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>
#include "unit_pool.h"

#include "kp_brand.h"

static void test_color_parse(void **state)
{
    unsigned rgb = 0;
    (void)state;
    assert_true(kp_color_parse("#0b5cad", &rgb));
    assert_int_equal(rgb, 0x0b5cad);
    assert_true(kp_color_parse("#FFAA00", &rgb));
    assert_int_equal(rgb, 0xffaa00);
    assert_false(kp_color_parse("0b5cad", &rgb));
    assert_false(kp_color_parse("#0b5ca", &rgb));
    assert_false(kp_color_parse("#0b5cadd", &rgb));
    assert_false(kp_color_parse("#0b5cag", &rgb));
    assert_false(kp_color_parse("#fff", &rgb));
    assert_false(kp_color_parse("red", &rgb));
    assert_false(kp_color_parse("#0b5c;}", &rgb));
    assert_false(kp_color_parse("", &rgb));
    assert_false(kp_color_parse(NULL, &rgb));
}

static void test_contrast_matches_wcag(void **state)
{
    (void)state;
    assert_true(fabs(kp_color_contrast(0x000000, 0xffffff) - 21.0) < 0.01);
    assert_true(fabs(kp_color_contrast(0xffffff, 0xffffff) - 1.0) < 0.001);
    /* #767676 on white is the well-known 4.54:1. */
    assert_true(fabs(kp_color_contrast(0x767676, 0xffffff) - 4.54) < 0.01);
    assert_true(kp_color_contrast(0x0b5cad, 0xffffff) > 6.0);
}

static void test_text_on_accent_is_always_readable(void **state)
{
    unsigned c;
    (void)state;
    assert_int_equal(kp_color_text_on(0x0b5cad), 0xffffff);
    assert_int_equal(kp_color_text_on(0xffd400), 0x000000);   /* yellow carries black */
    assert_int_equal(kp_color_text_on(0xffffff), 0x000000);
    assert_int_equal(kp_color_text_on(0x000000), 0xffffff);
    for (c = 0; c <= 0xffffff; c += 0x010307) {
        assert_true(kp_color_contrast(c, kp_color_text_on(c)) >= 4.5);
    }
}

static void test_ink_is_readable_on_light_backgrounds(void **state)
{
    unsigned c;
    (void)state;
    assert_int_equal(kp_color_ink(0x0b5cad), 0x0b5cad);         /* dark enough already */
    assert_int_not_equal(kp_color_ink(0xffd400), 0xffd400);     /* yellow gets darker */
    for (c = 0; c <= 0xffffff; c += 0x010307) {
        unsigned ink = kp_color_ink(c);
        assert_true(kp_color_contrast(ink, 0xffffff) >= 4.5);
        assert_true(kp_color_contrast(ink, 0xf4f6f8) >= 4.5);
        assert_true(kp_color_contrast(ink, 0xeef5ff) >= 4.5);
    }
}

static void test_css(void **state)
{
    const char *css = kp_brand_css(pool, 0xffd400);
    (void)state;
    assert_non_null(strstr(css, "--accent: #ffd400;"));
    assert_non_null(strstr(css, "--accent-text: #000000;"));
    assert_non_null(strstr(css, "--accent-ink: #"));
    assert_null(strstr(css, "--accent-ink: #ffd400;"));
}

static void test_image_types(void **state)
{
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                                        'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0};
    static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0};
    static const unsigned char webp[] = "RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0";
    static const unsigned char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x</script></svg>";
    static const unsigned char gif[] = "GIF89a\1\0\1\0\0\0\0";
    (void)state;
    assert_string_equal(kp_image_type(png, sizeof(png)), "image/png");
    assert_string_equal(kp_image_type(jpeg, sizeof(jpeg)), "image/jpeg");
    assert_string_equal(kp_image_type(webp, sizeof(webp) - 1), "image/webp");
    assert_null(kp_image_type(svg, sizeof(svg) - 1));
    assert_null(kp_image_type(gif, sizeof(gif) - 1));
    assert_null(kp_image_type(png, 8));          /* the signature alone is no image */
    assert_null(kp_image_type(jpeg, 2));
    assert_null(kp_image_type(NULL, 0));
}

/* The pixels an image declares, from its header: PNG's IHDR, JPEG's frame header after the
 * segments before it, WebP's lossy, lossless and extended headers; cut short, none. */
static void test_image_sizes(void **state)
{
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                                        'I', 'H', 'D', 'R', 0, 0, 0x9c, 0x40, 0, 0, 0, 100, 8, 6, 0, 0, 0};
    static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 4, 'J', 'F', 0xff, 0xff,
                                         0xff, 0xc4, 0, 2, 0xff, 0xc2, 0, 11, 8, 0x01, 0x2c, 0x0b, 0xb8, 3};
    static const unsigned char lossy[] = "RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0\x30\x01\x00\x9d\x01\x2a\x2c\x01\x64\x00";
    static const unsigned char lossless[] = "RIFF\x24\0\0\0WEBPVP8L\x18\0\0\0\x2f\x2b\x41\x18\x00";
    static const unsigned char extended[] = "RIFF\x24\0\0\0WEBPVP8X\x0a\0\0\0\x10\0\0\0\x3f\x9c\0\x0f\x27\0";
    unsigned long w = 0, h = 0;
    (void)state;
    assert_true(kp_image_size(png, sizeof(png), &w, &h));
    assert_true(w == 40000 && h == 100);
    assert_true(kp_image_size(jpeg, sizeof(jpeg), &w, &h));
    assert_true(w == 3000 && h == 300);
    assert_false(kp_image_size(jpeg, 16, &w, &h));     /* the frame header cut off */
    assert_true(kp_image_size(lossy, sizeof(lossy) - 1, &w, &h));
    assert_true(w == 300 && h == 100);
    assert_true(kp_image_size(lossless, sizeof(lossless) - 1, &w, &h));
    assert_true(w == 300 && h == 98);
    assert_true(kp_image_size(extended, sizeof(extended) - 1, &w, &h));
    assert_true(w == 40000 && h == 10000);
    assert_false(kp_image_size(lossy, 20, &w, &h));
    assert_false(kp_image_size(NULL, 0, &w, &h));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_color_parse),
        cmocka_unit_test(test_contrast_matches_wcag),
        cmocka_unit_test(test_text_on_accent_is_always_readable),
        cmocka_unit_test(test_ink_is_readable_on_light_backgrounds),
        cmocka_unit_test(test_css),
        cmocka_unit_test(test_image_types),
        cmocka_unit_test(test_image_sizes),
    };
    KP_RUN_GROUP_WITH_POOL(tests);
}
