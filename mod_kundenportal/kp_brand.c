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
