/* kp_brand.h: a tenant's look in the portal: accent colours made readable (WCAG 2.x contrast)
 * and logo files recognised by their first bytes. Knows nothing of httpd. */
#ifndef KP_BRAND_H
#define KP_BRAND_H

#include <apr_pools.h>

/* The largest logo a company may upload, in bytes. */
#define KP_LOGO_LIMIT (256 * 1024)

/* "#rrggbb" (either case, nothing else) -> 1 and *rgb = 0xrrggbb; else 0. */
int kp_color_parse(const char *s, unsigned *rgb);

/* WCAG 2.x relative luminance (0..1) and the contrast ratio of two colours (1..21). */
double kp_color_luminance(unsigned rgb);
double kp_color_contrast(unsigned a, unsigned b);

/* The text colour for the accent as a background: white or black, whichever contrasts more
 * (never below 4.58:1, so every accent can carry text). */
unsigned kp_color_text_on(unsigned accent);

/* The accent for text and lines on the portal's light backgrounds: the accent itself when it
 * has at least 4.5:1 against each of them, else the accent darkened until it has. */
unsigned kp_color_ink(unsigned accent);

/* The per-tenant stylesheet: the custom properties the portal's CSS uses. */
const char *kp_brand_css(apr_pool_t *p, unsigned accent);

/* "image/png", "image/jpeg" or "image/webp" when the data starts like one, else NULL (SVG,
 * HTML, anything else: refused whatever the file is called). */
const char *kp_image_type(const unsigned char *data, apr_size_t len);

/* The largest logo, in pixels each way: the header shows it 3rem high. */
#define KP_LOGO_MAX_SIDE 2000

/* The width and height in pixels such an image declares: 1, or 0 when its header cannot be
 * read (cut short, or not one of those types). A browser decodes what is declared, so a small
 * file may make every page that shows it take gigabytes. */
int kp_image_size(const unsigned char *data, apr_size_t len, unsigned long *width,
                  unsigned long *height);

#endif
