/* kp_html.h: writes the result tree of an HTML transformation as HTML text. */
#ifndef KP_HTML_H
#define KP_HTML_H

#include <libxml/tree.h>

/* Where the text goes, piece by piece: returns len, or -1 to stop. */
typedef int (*kp_html_write_fn)(void *baton, const char *buf, int len);

/* Writes doc's nodes (no document type: the caller writes its own), then a newline.
 * Returns 0, or -1 once write refused a piece (nothing more is written then). */
int kp_html_write(xmlDocPtr doc, kp_html_write_fn write, void *baton);

#endif
