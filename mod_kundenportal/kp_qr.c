/* QR codes for portal links, as SVG (for pages) and PNG (for download and print). */
#include <errno.h>
#include <string.h>

#include <apr_strings.h>
#include <png.h>
#include <qrencode.h>

#include "kp_qr.h"
#include "kp_strbuf.h"
#include "kp_text.h"

#define KP_QR_QUIET_ZONE 4

/* The encoded symbol, copied into the pool so the QRcode can be freed at once. */
typedef struct {
    int width;                  /* modules per side, without quiet zone */
    unsigned char *dark;        /* width * width flags, row by row */
} kp_qr_matrix;

static apr_status_t kp_qr_encode(apr_pool_t *p, const char *text, kp_qr_matrix *m)
{
    QRcode *code;
    int i;

    if (text == NULL || *text == '\0') {
        return APR_EINVAL;
    }
    errno = 0;
    code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (code == NULL) {
        return errno == ERANGE ? APR_ENOSPC : APR_ENOMEM;
    }
    m->width = code->width;
    m->dark = apr_palloc(p, (apr_size_t)code->width * code->width);
    for (i = 0; i < code->width * code->width; i++) {
        m->dark[i] = code->data[i] & 1;   /* bit 0: dark module */
    }
    QRcode_free(code);
    return APR_SUCCESS;
}

/* Text fit for an XML attribute and element: markup characters escaped,
 * control characters dropped; invalid UTF-8 gives a generic label. */
static const char *kp_qr_label(apr_pool_t *p, const char *text)
{
    kp_strbuf_t *b = kp_strbuf_make(p, strlen(text) + 16);
    const char *s;

    kp_strbuf_puts(b, "QR code: ");
    if (!kp_utf8_valid(text, strlen(text))) {
        return "QR code";
    }
    for (s = text; *s; s++) {
        switch (*s) {
        case '&':
            kp_strbuf_puts(b, "&amp;");
            break;
        case '<':
            kp_strbuf_puts(b, "&lt;");
            break;
        case '>':
            kp_strbuf_puts(b, "&gt;");
            break;
        case '"':
            kp_strbuf_puts(b, "&quot;");
            break;
        case '\'':
            kp_strbuf_puts(b, "&#39;");
            break;
        default:
            if ((unsigned char)*s >= 0x20 && *s != 0x7F) {
                kp_strbuf_putc(b, *s);
            }
        }
    }
    return kp_strbuf_data(b);
}

apr_status_t kp_qr_svg(apr_pool_t *p, const char *text, char **svg)
{
    kp_qr_matrix m;
    kp_strbuf_t *b;
    const char *label;
    apr_status_t rv;
    int size, x, y;

    rv = kp_qr_encode(p, text, &m);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    size = m.width + 2 * KP_QR_QUIET_ZONE;
    label = kp_qr_label(p, text);
    b = kp_strbuf_make(p, 4096);
    kp_strbuf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                     "shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"%s\">"
                     "<title>%s</title>"
                     "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
                     size, size, label, label, size, size);
    /* One horizontal run of dark modules per subpath keeps the path short. */
    for (y = 0; y < m.width; y++) {
        x = 0;
        while (x < m.width) {
            int run = 0;
            while (x + run < m.width && m.dark[y * m.width + x + run]) {
                run++;
            }
            if (run > 0) {
                kp_strbuf_printf(b, "M%d %dh%dv1h-%dz", x + KP_QR_QUIET_ZONE,
                                 y + KP_QR_QUIET_ZONE, run, run);
                x += run;
            }
            else {
                x++;
            }
        }
    }
    kp_strbuf_puts(b, "\"/></svg>\n");
    *svg = kp_strbuf_data(b);
    return APR_SUCCESS;
}

static void kp_qr_png_write(png_structp png_ptr, png_bytep data, png_size_t length)
{
    kp_strbuf_append(png_get_io_ptr(png_ptr), (const char *)data, length);
}

static void kp_qr_png_flush(png_structp png_ptr)
{
    (void)png_ptr;
}

apr_status_t kp_qr_png(apr_pool_t *p, const char *text, int module_px,
                       char **png, apr_size_t *len)
{
    kp_qr_matrix m;
    kp_strbuf_t *out;
    png_structp png_ptr;
    png_infop info_ptr;
    png_bytep *rows;
    apr_size_t row_bytes;
    apr_status_t rv;
    int pixels, y;

    if (module_px < 1 || module_px > KP_QR_MAX_MODULE_PX) {
        return APR_EINVAL;
    }
    rv = kp_qr_encode(p, text, &m);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    pixels = (m.width + 2 * KP_QR_QUIET_ZONE) * module_px;
    row_bytes = ((apr_size_t)pixels + 7) / 8;

    /* Rows are built before libpng starts, so nothing needs to survive a longjmp. */
    rows = apr_palloc(p, sizeof(png_bytep) * pixels);
    for (y = 0; y < pixels; y++) {
        int module_y = y / module_px - KP_QR_QUIET_ZONE;
        int x;
        rows[y] = apr_palloc(p, row_bytes);
        memset(rows[y], 0xFF, row_bytes);          /* 1 bits are white */
        if (module_y < 0 || module_y >= m.width) {
            continue;
        }
        for (x = 0; x < pixels; x++) {
            int module_x = x / module_px - KP_QR_QUIET_ZONE;
            if (module_x >= 0 && module_x < m.width && m.dark[module_y * m.width + module_x]) {
                rows[y][x / 8] &= (png_byte)~(0x80 >> (x % 8));
            }
        }
    }

    out = kp_strbuf_make(p, row_bytes * pixels / 4 + 256);
    png_ptr = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    if (png_ptr == NULL) {
        return APR_EGENERAL;
    }
    info_ptr = png_create_info_struct(png_ptr);
    if (info_ptr == NULL) {
        png_destroy_write_struct(&png_ptr, NULL);
        return APR_EGENERAL;
    }
    if (setjmp(png_jmpbuf(png_ptr))) {
        png_destroy_write_struct(&png_ptr, &info_ptr);
        return APR_EGENERAL;
    }
    png_set_write_fn(png_ptr, out, kp_qr_png_write, kp_qr_png_flush);
    png_set_IHDR(png_ptr, info_ptr, pixels, pixels, 1, PNG_COLOR_TYPE_GRAY,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png_ptr, info_ptr);
    png_write_image(png_ptr, rows);
    png_write_end(png_ptr, NULL);
    png_destroy_write_struct(&png_ptr, &info_ptr);

    *png = kp_strbuf_data(out);
    *len = kp_strbuf_length(out);
    return APR_SUCCESS;
}
