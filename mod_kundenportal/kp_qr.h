/* QR codes for portal links, as SVG (for pages) and PNG (for download and print). */
#ifndef KP_QR_H
#define KP_QR_H

#include <apr_pools.h>

/* Largest module size kp_qr_png accepts, in pixels. */
#define KP_QR_MAX_MODULE_PX 64

/* Encodes text (8-bit mode, case-sensitive, error correction level M, the
 * smallest version that fits) as a standalone SVG document in *svg: one
 * <path> of the dark modules on a white background, a quiet zone of 4
 * modules, a viewBox in module units, shape-rendering="crispEdges",
 * role="img" with an aria-label and a <title> naming the text.
 * Returns APR_EINVAL for NULL or empty text, APR_ENOSPC if it is too long
 * for a QR code, APR_ENOMEM on other encoder failures. */
apr_status_t kp_qr_svg(apr_pool_t *p, const char *text, char **svg);

/* The same code as a 1-bit grayscale PNG, module_px pixels per module
 * (1..KP_QR_MAX_MODULE_PX), quiet zone included; *png and *len receive the file
 * bytes.  Errors as kp_qr_svg, plus APR_EINVAL for a bad module_px and
 * APR_EGENERAL if libpng fails. */
apr_status_t kp_qr_png(apr_pool_t *p, const char *text, int module_px,
                       char **png, apr_size_t *len);

#endif /* KP_QR_H */
