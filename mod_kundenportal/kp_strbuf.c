/* A growable byte buffer allocated from an APR pool, for building output text piece by piece. */
#include <stdarg.h>
#include <string.h>

#include <apr_strings.h>

#include "kp_strbuf.h"

struct kp_strbuf_t {
    apr_pool_t *pool;
    char *data;
    apr_size_t len;
    apr_size_t cap;             /* bytes allocated, including room for the NUL */
};

kp_strbuf_t *kp_strbuf_make(apr_pool_t *p, apr_size_t initial_size)
{
    kp_strbuf_t *b = apr_palloc(p, sizeof(*b));

    b->pool = p;
    b->cap = initial_size < 64 ? 64 : initial_size + 1;
    b->data = apr_palloc(p, b->cap);
    b->data[0] = '\0';
    b->len = 0;
    return b;
}

static void kp_strbuf_reserve(kp_strbuf_t *b, apr_size_t extra)
{
    apr_size_t need = b->len + extra + 1;
    char *bigger;

    if (need <= b->cap) {
        return;
    }
    while (b->cap < need) {
        b->cap *= 2;
    }
    /* The old block stays in the pool until it is cleared; doubling keeps
     * the total at most twice the final size. */
    bigger = apr_palloc(b->pool, b->cap);
    memcpy(bigger, b->data, b->len + 1);
    b->data = bigger;
}

void kp_strbuf_append(kp_strbuf_t *b, const char *data, apr_size_t len)
{
    kp_strbuf_reserve(b, len);
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void kp_strbuf_puts(kp_strbuf_t *b, const char *s)
{
    kp_strbuf_append(b, s, strlen(s));
}

void kp_strbuf_putc(kp_strbuf_t *b, char c)
{
    if (b->len + 2 > b->cap) {
        kp_strbuf_reserve(b, 1);
    }
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void kp_strbuf_reset(kp_strbuf_t *b)
{
    b->len = 0;
    b->data[0] = '\0';
}

void kp_strbuf_printf(kp_strbuf_t *b, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = apr_pvsprintf(b->pool, fmt, ap);
    va_end(ap);
    kp_strbuf_puts(b, s);
}

char *kp_strbuf_data(const kp_strbuf_t *b)
{
    return b->data;
}

apr_size_t kp_strbuf_length(const kp_strbuf_t *b)
{
    return b->len;
}
