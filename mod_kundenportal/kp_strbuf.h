/* A growable byte buffer allocated from an APR pool, for building output text piece by piece. */
#ifndef KP_STRBUF_H
#define KP_STRBUF_H

#include <apr_pools.h>

typedef struct kp_strbuf_t kp_strbuf_t;

/* A new empty buffer; initial_size is a hint (0 is fine). */
kp_strbuf_t *kp_strbuf_make(apr_pool_t *p, apr_size_t initial_size);

/* Appends len bytes (which may include NULs). */
void kp_strbuf_append(kp_strbuf_t *b, const char *data, apr_size_t len);

/* Appends a NUL-terminated string. */
void kp_strbuf_puts(kp_strbuf_t *b, const char *s);

/* Appends one byte. */
void kp_strbuf_putc(kp_strbuf_t *b, char c);

/* Empties the buffer, keeping its memory for what is appended next. */
void kp_strbuf_reset(kp_strbuf_t *b);
/* Appends formatted text (apr_vsnprintf conventions). */
void kp_strbuf_printf(kp_strbuf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The contents so far, always followed by a NUL (not counted in the length).
 * The pointer stays valid until the next append. */
char *kp_strbuf_data(const kp_strbuf_t *b);

/* Number of bytes appended so far. */
apr_size_t kp_strbuf_length(const kp_strbuf_t *b);

#endif /* KP_STRBUF_H */
