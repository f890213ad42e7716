/* kp_render.h: turns an XML data document into HTML through compiled XSLT pages and catalogues. */
#ifndef KP_RENDER_H
#define KP_RENDER_H

#include <apr_pools.h>
#include <libxml/tree.h>
#include "kp_tz.h"
#include "kp_html.h"

#define KP_XSLT_NS "urn:kundenportal"

typedef struct kp_render kp_render;

/* Compiles every page stylesheet (*.xsl not starting with '_') of dir and reads the message
 * catalogues dir/i18n/<lang>.xml. Returns NULL and a reason on failure. */
kp_render *kp_render_load(apr_pool_t *p, const char *dir, const char **error);

int kp_render_has_page(const kp_render *r, const char *page);

/* Renders data through page and serialises the result (UTF-8) straight into write, which is
 * first called only after the transformation succeeded: on failure nothing was written.
 * kp:local() converts UTC timestamps to tz (NULL: none). */
apr_status_t kp_render_page(const kp_render *r, apr_pool_t *p, const char *page, xmlDocPtr data,
                            const char *lang, const kp_tz *tz, kp_html_write_fn write,
                            void *baton, const char **error);

/* A catalogue text for C code (CSV headers, ICS names); falls back to German, then the key. */
const char *kp_i18n(const kp_render *r, const char *lang, const char *key);
int kp_i18n_has_lang(const kp_render *r, const char *lang);

/* Formatting shared by the XSLT functions and C code. */
const char *kp_format_date(apr_pool_t *p, const char *lang, const char *iso);
const char *kp_format_time(apr_pool_t *p, const char *lang, const char *iso);
const char *kp_format_hours(apr_pool_t *p, const char *lang, long minutes);
const char *kp_format_size(apr_pool_t *p, const char *lang, long long bytes);

/* Small helpers to build the data document. */
xmlNodePtr kp_xml_add(xmlNodePtr parent, const char *name, const char *text);
void kp_xml_attr(xmlNodePtr node, const char *name, const char *value);
/* An element only where its text is not empty (NULL or ""): in a list, the template then tests
 * for the node instead of reading and comparing its text in every row (docs/HACKING.md). */
void kp_xml_add_given(xmlNodePtr parent, const char *name, const char *text);

#endif
