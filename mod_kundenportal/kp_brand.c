/* kp_brand.c: accent colours made readable by WCAG contrast, and logo files recognised by their
 * magic bytes. */
#include <math.h>
#include <string.h>
#include <apr_strings.h>
#include "kp_brand.h"
#include "kp_text.h"

/* The light backgrounds accent-coloured text and lines appear on (kundenportal.css: card,
 * page, the customer's chat bubble, banners). */
static const unsigned light_backgrounds[] = {0xffffff, 0xf4f6f8, 0xeef5ff, 0xfff4e0};
#define INK_TARGET 4.6     /* 4.5:1 (WCAG 1.4.3) with a margin for rounding */

int kp_color_parse(const char *s, unsigned *rgb)
{
    unsigned v = 0;
    int i;
    if (!s || s[0] != '#' || strlen(s) != 7) {
        return 0;
    }
    for (i = 1; i < 7; i++) {
        int d = kp_hex_value(s[i]);
        if (d < 0) {
            return 0;
        }
        v = v << 4 | (unsigned)d;
    }
    *rgb = v;
    return 1;
}

static double channel(unsigned c)
{
    double v = (double)c / 255.0;
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

double kp_color_luminance(unsigned rgb)
{
    return 0.2126 * channel(rgb >> 16 & 0xff) + 0.7152 * channel(rgb >> 8 & 0xff)
           + 0.0722 * channel(rgb & 0xff);
}

double kp_color_contrast(unsigned a, unsigned b)
{
    double la = kp_color_luminance(a), lb = kp_color_luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

unsigned kp_color_text_on(unsigned accent)
{
    return kp_color_contrast(accent, 0xffffff) >= kp_color_contrast(accent, 0x000000) ? 0xffffff
                                                                                        : 0x000000;
}

static int readable_on_light(unsigned rgb)
{
    apr_size_t i;
    for (i = 0; i < sizeof(light_backgrounds) / sizeof(light_backgrounds[0]); i++) {
        if (kp_color_contrast(rgb, light_backgrounds[i]) < INK_TARGET) {
            return 0;
        }
    }
    return 1;
}

unsigned kp_color_ink(unsigned accent)
{
    int step;
    for (step = 64; step >= 0; step--) {   /* the accent scaled towards black, 1/64 at a time */
        unsigned r = (accent >> 16 & 0xff) * (unsigned)step / 64;
        unsigned g = (accent >> 8 & 0xff) * (unsigned)step / 64;
        unsigned b = (accent & 0xff) * (unsigned)step / 64;
        unsigned c = r << 16 | g << 8 | b;
        if (readable_on_light(c)) {
            return c;
        }
    }
    return 0x000000;
}

const char *kp_brand_css(apr_pool_t *p, unsigned accent)
{
    return apr_psprintf(p,
                        "/* The company's accent colour; text colours chosen for contrast. */\n"
                        ".app-portal, .brand-preview {\n"
                        "  --accent: #%06x;\n  --accent-text: #%06x;\n  --accent-ink: #%06x;\n}\n",
                        accent & 0xffffff, kp_color_text_on(accent), kp_color_ink(accent));
}

static unsigned be16(const unsigned char *d) { return (unsigned)d[0] << 8 | d[1]; }
static unsigned le16(const unsigned char *d) { return (unsigned)d[1] << 8 | d[0]; }
static unsigned long be32(const unsigned char *d)
{
    return (unsigned long)d[0] << 24 | (unsigned long)d[1] << 16 | (unsigned long)d[2] << 8 | d[3];
}

/* JPEG: the frame header (SOF0..SOF15 but DHT, JPG and DAC) after the segments before it. */
static int jpeg_size(const unsigned char *d, apr_size_t len, unsigned long *w, unsigned long *h)
{
    apr_size_t at = 2;
    while (at + 4 <= len) {
        unsigned marker;
        if (d[at] != 0xff) {
            return 0;
        }
        marker = d[at + 1];
        if (marker == 0xff) {            /* fill byte */
            at++;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {   /* no length */
            at += 2;
            continue;
        }
        if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
            if (at + 9 > len) {
                return 0;
            }
            *h = be16(d + at + 5);
            *w = be16(d + at + 7);
            return 1;
        }
        if (marker == 0xd9 || marker == 0xda) {   /* the end, or the scan, before a frame */
            return 0;
        }
        at += 2 + be16(d + at + 2);
    }
    return 0;
}

int kp_image_size(const unsigned char *d, apr_size_t len, unsigned long *w, unsigned long *h)
{
    const char *type = kp_image_type(d, len);
    if (!type) {
        return 0;
    }
    if (!strcmp(type, "image/png")) {
        *w = be32(d + 16);
        *h = be32(d + 20);
        return 1;
    }
    if (!strcmp(type, "image/jpeg")) {
        return jpeg_size(d, len, w, h);
    }
    /* WebP: the first chunk's header (lossy, lossless, or extended with the canvas). */
    if (!memcmp(d + 12, "VP8 ", 4) && len >= 30 && d[23] == 0x9d && d[24] == 0x01 && d[25] == 0x2a) {
        *w = le16(d + 26) & 0x3fff;
        *h = le16(d + 28) & 0x3fff;
        return 1;
    }
    if (!memcmp(d + 12, "VP8L", 4) && len >= 25 && d[20] == 0x2f) {
        unsigned long bits = (unsigned long)d[21] | (unsigned long)d[22] << 8
                             | (unsigned long)d[23] << 16 | (unsigned long)d[24] << 24;
        *w = (bits & 0x3fff) + 1;
        *h = ((bits >> 14) & 0x3fff) + 1;
        return 1;
    }
    if (!memcmp(d + 12, "VP8X", 4) && len >= 30) {
        *w = ((unsigned long)d[24] | (unsigned long)d[25] << 8 | (unsigned long)d[26] << 16) + 1;
        *h = ((unsigned long)d[27] | (unsigned long)d[28] << 8 | (unsigned long)d[29] << 16) + 1;
        return 1;
    }
    return 0;
}

const char *kp_image_type(const unsigned char *d, apr_size_t len)
{
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (!d) {
        return NULL;
    }
    /* The signature, then the first chunk, which must be IHDR. */
    if (len >= 24 && !memcmp(d, png, sizeof(png)) && !memcmp(d + 12, "IHDR", 4)) {
        return "image/png";
    }
    if (len >= 4 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff) {
        return "image/jpeg";
    }
    if (len >= 16 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBPVP8", 7)) {
        return "image/webp";
    }
    return NULL;
}
