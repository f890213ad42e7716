/* Streaming multipart/form-data parser (RFC 7578, RFC 2046) for uploads, with bounded memory. */
#ifndef KP_MULTIPART_H
#define KP_MULTIPART_H

#include <apr_pools.h>

/* Called for each part.  A callback returning non-zero stops the parser:
 * that feed and every later call return APR_ECONNABORTED.  Strings passed to
 * part_begin stay valid until part_end has returned.  Any callback may be
 * NULL. */
typedef struct {
    /* name: the form field name (valid UTF-8, never NULL).  filename: NULL
     * for a plain field; for a file field the client's file name with any
     * directory part and control characters removed (valid UTF-8, possibly
     * "" when no file was chosen).  content_type: the part's Content-Type
     * header value, or NULL if it had none. */
    int (*part_begin)(void *baton, const char *name, const char *filename,
                      const char *content_type);
    /* A piece of the part's body; len > 0.  A body arrives in any number of
     * pieces whose sizes depend on how the input was chunked. */
    int (*part_data)(void *baton, const char *data, apr_size_t len);
    int (*part_end)(void *baton);
} kp_multipart_callbacks;

typedef struct kp_multipart_t kp_multipart_t;

/* Default for max_header_bytes == 0. */
#define KP_MULTIPART_DEFAULT_HEADER_BYTES 8192

/* A parser for a body with the given Content-Type request header value, or
 * NULL if the type is not multipart/form-data or the boundary parameter is
 * missing or invalid (1..70 characters of the RFC 2046 set, not ending in a
 * space).  max_header_bytes bounds the header block of each part (including
 * its terminating empty line).  All memory comes from p (a sub-pool for
 * per-part strings) and does not grow with the size of the body. */
kp_multipart_t *kp_multipart_create(apr_pool_t *p, const char *content_type_header,
                                    const kp_multipart_callbacks *cb, void *baton,
                                    apr_size_t max_header_bytes);

/* Feeds the next len bytes of the body, in chunks of any size.  Returns
 * APR_SUCCESS, APR_EINVAL for a malformed body (bad part headers, a part
 * without a form-data Content-Disposition naming the field, garbage after
 * a boundary), APR_ENOSPC when a part's header block exceeds the limit, or
 * APR_ECONNABORTED when a callback stopped the parse.  After an error every
 * later call returns the same error.  Bytes after the closing boundary are
 * ignored. */
apr_status_t kp_multipart_feed(kp_multipart_t *m, const char *buf, apr_size_t len);

/* Ends the body: APR_SUCCESS if the closing boundary was seen, else
 * APR_EINCOMPLETE (or the earlier error). */
apr_status_t kp_multipart_finish(kp_multipart_t *m);

#endif /* KP_MULTIPART_H */
