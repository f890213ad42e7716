/* Parsers for what browsers send besides uploads: urlencoded form bodies and Cookie headers,
 * and the checks of what a field or a link holds (dates, times, ids, list keys). */
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

/* "YYYY-MM-DD" (years 1970-2200, real days), "HH:MM", a positive id of at most 18 digits
 * without leading zero: 1, else 0 (also for NULL). */
int kp_valid_date(const char *s);
int kp_valid_time(const char *s);
int kp_valid_id(const char *s);

/* Lists paged by key (shifts, documents) carry their place in the link: the sort time and id
 * of the last row shown, "YYYY-MM-DDTHH:MM:SS~ID", made by kp_list_key from MariaDB's text of
 * the DATETIME ("YYYY-MM-DD HH:MM:SS", CAST(.. AS CHAR); NULL for anything else, or no id).
 * kp_list_key_parse: 1 with at and id set, 0 (both untouched) when absent or malformed: the
 * list then starts at its beginning, as an old or hand-made link should. */
const char *kp_list_key(apr_pool_t *p, const char *at, const char *id);
int kp_list_key_parse(apr_pool_t *p, const char *key, const char **at, const char **id);

#endif /* KP_FORM_H */
