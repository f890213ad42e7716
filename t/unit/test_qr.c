/* Unit tests for QR code output (kp_qr): the PNG scans back to the input, the SVG matches it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "unit_pool.h"

#include <apr_general.h>
#include <apr_strings.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <png.h>

#include "kp_qr.h"


static const char portal_url[] = "https://kunden.example.de/portal/p/AbCdEf-_0123456789xYz";

/* Decodes a PNG into 8-bit gray pixels (0 black, 255 white). */
static unsigned char *decode_png(const char *png, apr_size_t len, int *width, int *height)
{
    png_image image;
    unsigned char *pixels;

    memset(&image, 0, sizeof(image));
    image.version = PNG_IMAGE_VERSION;
    assert_true(png_image_begin_read_from_memory(&image, png, len));
    image.format = PNG_FORMAT_GRAY;
    pixels = apr_palloc(pool, PNG_IMAGE_SIZE(image));
    assert_true(png_image_finish_read(&image, NULL, pixels, 0, NULL));
    *width = image.width;
    *height = image.height;
    return pixels;
}

/* Runs zbarimg on the PNG and returns what it read (without the final
 * newline), or NULL if zbarimg is not installed. */
static char *scan_with_zbar(const char *png, apr_size_t len)
{
    char path[] = "/tmp/kp_test_qr_XXXXXX";
    char out[4096];
    apr_size_t got;
    FILE *pipe;
    int fd;

    if (system("command -v zbarimg >/dev/null 2>&1") != 0) {
        return NULL;
    }
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, png, len), (ssize_t)len);
    close(fd);
    pipe = popen(apr_psprintf(pool, "zbarimg --quiet --raw '%s' 2>/dev/null", path), "r");
    assert_non_null(pipe);
    got = fread(out, 1, sizeof(out) - 1, pipe);
    pclose(pipe);
    unlink(path);
    out[got] = '\0';
    if (got > 0 && out[got - 1] == '\n') {
        out[got - 1] = '\0';
    }
    return apr_pstrdup(pool, out);
}

static void check_png_scans_back(const char *text, int module_px)
{
    char *png;
    apr_size_t len;
    char *scanned;

    assert_int_equal(kp_qr_png(pool, text, module_px, &png, &len), APR_SUCCESS);
    assert_true(len > 8);
    assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
    scanned = scan_with_zbar(png, len);
    if (scanned == NULL) {
        fail_msg("zbarimg (zbar-tools) could not read the QR code");
    }
    assert_string_equal(scanned, text);
}

static void test_png_scans_back_to_the_url(void **state)
{
    (void)state;
    check_png_scans_back(portal_url, 4);
}

static void test_png_case_utf8_and_small_modules(void **state)
{
    (void)state;
    check_png_scans_back("AbC xYz 123 / lower UPPER", 3);
    check_png_scans_back("a", 2);
    check_png_scans_back("Gr\xC3\xBC\xC3\x9F" "e \xE2\x82\xAC \xF0\x9F\x98\x80", 3);
}

static void test_png_geometry(void **state)
{
    char *png;
    apr_size_t len;
    int w1, h1, w4, h4, x, y;
    unsigned char *p1, *p4;
    (void)state;

    assert_int_equal(kp_qr_png(pool, portal_url, 1, &png, &len), APR_SUCCESS);
    p1 = decode_png(png, len, &w1, &h1);
    assert_int_equal(w1, h1);
    /* Versions have 21 + 4k modules, plus a quiet zone of 4 on each side. */
    assert_int_equal((w1 - 8 - 21) % 4, 0);
    /* The quiet zone is white, the finder pattern's corner is black. */
    for (x = 0; x < w1; x++) {
        for (y = 0; y < 4; y++) {
            assert_int_equal(p1[y * w1 + x], 255);
            assert_int_equal(p1[(w1 - 1 - y) * w1 + x], 255);
            assert_int_equal(p1[x * w1 + y], 255);
            assert_int_equal(p1[x * w1 + w1 - 1 - y], 255);
        }
    }
    assert_int_equal(p1[4 * w1 + 4], 0);

    assert_int_equal(kp_qr_png(pool, portal_url, 4, &png, &len), APR_SUCCESS);
    p4 = decode_png(png, len, &w4, &h4);
    assert_int_equal(w4, 4 * w1);
    for (y = 0; y < h4; y++) {
        for (x = 0; x < w4; x++) {
            assert_int_equal(p4[y * w4 + x], p1[(y / 4) * w1 + x / 4]);
        }
    }
}

/* An attribute's value copied into the pool (libxml2's copy is freed), or NULL. */
static const char *prop(xmlNodePtr node, const char *name)
{
    xmlChar *v = xmlGetProp(node, BAD_CAST name);
    char *copy;

    if (v == NULL) {
        return NULL;
    }
    copy = apr_pstrdup(pool, (const char *)v);
    xmlFree(v);
    return copy;
}

static void test_svg_is_well_formed_and_matches_png(void **state)
{
    char *svg, *png;
    apr_size_t len;
    int width, height, size = 0, x, y, n;
    unsigned char *pixels;
    xmlDocPtr doc;
    xmlNodePtr root, node;
    const char *view_box, *d = NULL;
    unsigned char *painted;
    const char *s;
    (void)state;

    assert_int_equal(kp_qr_svg(pool, portal_url, &svg), APR_SUCCESS);
    doc = xmlReadMemory(svg, strlen(svg), "qr.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    assert_non_null(doc);
    root = xmlDocGetRootElement(doc);
    assert_string_equal((const char *)root->name, "svg");
    view_box = prop(root, "viewBox");
    assert_non_null(view_box);
    assert_int_equal(sscanf(view_box, "0 0 %d %d", &size, &n), 2);
    assert_int_equal(size, n);
    assert_string_equal(prop(root, "shape-rendering"), "crispEdges");
    assert_string_equal(prop(root, "role"), "img");
    assert_non_null(strstr(prop(root, "aria-label"), portal_url));
    n = 0;
    for (node = root->children; node; node = node->next) {
        if (node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, "path") == 0) {
            d = prop(node, "d");
            n++;
        }
        if (node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, "title") == 0) {
            xmlChar *title = xmlNodeGetContent(node);
            assert_non_null(strstr((const char *)title, portal_url));
            xmlFree(title);
        }
    }
    assert_int_equal(n, 1);                     /* exactly one path */
    assert_non_null(d);

    /* Paint the path's runs and compare with the 1-pixel PNG. */
    painted = apr_pcalloc(pool, (apr_size_t)size * size);
    for (s = d; *s; ) {
        int run, run2, consumed;
        assert_int_equal(sscanf(s, "M%d %dh%dv1h-%dz%n", &x, &y, &run, &run2, &consumed), 4);
        assert_int_equal(run, run2);
        assert_true(x >= 4 && y >= 4 && x + run <= size - 4 && y < size - 4);
        for (n = 0; n < run; n++) {
            painted[y * size + x + n] = 1;
        }
        s += consumed;
    }
    assert_int_equal(kp_qr_png(pool, portal_url, 1, &png, &len), APR_SUCCESS);
    pixels = decode_png(png, len, &width, &height);
    assert_int_equal(width, size);
    for (n = 0; n < size * size; n++) {
        assert_int_equal(painted[n], pixels[n] == 0);
    }
    xmlFreeDoc(doc);
}

static void test_svg_escapes_markup_in_the_label(void **state)
{
    char *svg;
    xmlDocPtr doc;
    const char *evil = "https://x.example/?a=1&b=<script>\"'";
    (void)state;

    assert_int_equal(kp_qr_svg(pool, evil, &svg), APR_SUCCESS);
    assert_null(strstr(svg, "<script>"));
    doc = xmlReadMemory(svg, strlen(svg), "qr.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    assert_non_null(doc);
    assert_non_null(strstr(prop(xmlDocGetRootElement(doc), "aria-label"), evil));
    xmlFreeDoc(doc);

    /* Invalid UTF-8 and control characters still give a well-formed document. */
    assert_int_equal(kp_qr_svg(pool, "bad \xFF utf8", &svg), APR_SUCCESS);
    doc = xmlReadMemory(svg, strlen(svg), "qr.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    assert_non_null(doc);
    xmlFreeDoc(doc);
    assert_int_equal(kp_qr_svg(pool, "ctl \x01\x1b", &svg), APR_SUCCESS);
    doc = xmlReadMemory(svg, strlen(svg), "qr.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    assert_non_null(doc);
    xmlFreeDoc(doc);
}

static void test_errors(void **state)
{
    char *svg = NULL, *png = NULL;
    apr_size_t len = 0;
    char *huge = apr_palloc(pool, 3001);
    (void)state;

    memset(huge, 'x', 3000);
    huge[3000] = '\0';
    assert_int_equal(kp_qr_svg(pool, NULL, &svg), APR_EINVAL);
    assert_int_equal(kp_qr_svg(pool, "", &svg), APR_EINVAL);
    assert_int_equal(kp_qr_svg(pool, huge, &svg), APR_ENOSPC);
    assert_int_equal(kp_qr_png(pool, huge, 4, &png, &len), APR_ENOSPC);
    assert_int_equal(kp_qr_png(pool, "x", 0, &png, &len), APR_EINVAL);
    assert_int_equal(kp_qr_png(pool, "x", KP_QR_MAX_MODULE_PX + 1, &png, &len), APR_EINVAL);
    assert_int_equal(kp_qr_png(pool, "x", KP_QR_MAX_MODULE_PX, &png, &len), APR_SUCCESS);
    assert_null(svg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png_scans_back_to_the_url),
        cmocka_unit_test(test_png_case_utf8_and_small_modules),
        cmocka_unit_test(test_png_geometry),
        cmocka_unit_test(test_svg_is_well_formed_and_matches_png),
        cmocka_unit_test(test_svg_escapes_markup_in_the_label),
        cmocka_unit_test(test_errors),
    };
    KP_RUN_GROUP_WITH_POOL(tests);
}
