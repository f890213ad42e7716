/* Parsers for what browsers send besides uploads: urlencoded form bodies and Cookie headers. */
#ifndef KP_FORM_H
#define KP_FORM_H

#include <apr_pools.h>
#include <apr_tables.h>

/* Parses an application/x-www-form-urlencoded body of len bytes (need not be
 * NUL-terminated) into a new table in *out.  '+' becomes a space, %XX is
 * decoded, duplicate keys are all kept (added, never set), empty segments
 * ("a=1&&b=2") are skipped and a segment without '=' gets the value "".
 * Returns APR_EINVAL (and leaves *out untouched) on an invalid percent
 * escape, a NUL byte (literal or %00) or invalid UTF-8 in a key or value. */
apr_status_t kp_form_parse(apr_pool_t *p, const char *body, apr_size_t len,
                           apr_table_t **out);

/* Value of the first cookie called name (case-sensitive) in a Cookie request
 * header, or NULL if absent or cookie_header is NULL.  Spaces and TABs around
 * pairs and around '=' are tolerated, a value in double quotes is returned
 * without them.  The result is allocated from p. */
const char *kp_cookie_get(apr_pool_t *p, const char *cookie_header,
                          const char *name);

#endif /* KP_FORM_H */
