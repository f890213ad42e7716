/* libFuzzer harness for kp_multipart: random bodies in random chunkings must parse the same way. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "kp_multipart.h"
#include "kp_strbuf.h"
#include "kp_text.h"

#define FUZZ_CT "multipart/form-data; boundary=b0undary"

typedef struct {
    kp_strbuf_t *log;
    apr_size_t data_bytes;
    int in_part;
} fuzz_log;

static int fuzz_begin(void *baton, const char *name, const char *filename, const char *ct)
{
    fuzz_log *l = baton;

    if (l->in_part || name == NULL || !kp_utf8_valid(name, strlen(name))) {
        abort();
    }
    if (filename != NULL) {
        const char *c;
        if (!kp_utf8_valid(filename, strlen(filename)) || strcmp(filename, "..") == 0
            || strcmp(filename, ".") == 0) {
            abort();
        }
        for (c = filename; *c; c++) {
            if (*c == '/' || *c == '\\' || (unsigned char)*c < 0x20 || *c == 0x7F) {
                abort();
            }
        }
    }
    l->in_part = 1;
    kp_strbuf_printf(l->log, "B%s|%s|%s|", name, filename ? filename : "-", ct ? ct : "-");
    return 0;
}

static int fuzz_data(void *baton, const char *data, apr_size_t len)
{
    fuzz_log *l = baton;

    if (!l->in_part || len == 0) {
        abort();
    }
    l->data_bytes += len;
    kp_strbuf_append(l->log, data, len);
    return 0;
}

static int fuzz_end(void *baton)
{
    fuzz_log *l = baton;

    if (!l->in_part) {
        abort();
    }
    l->in_part = 0;
    kp_strbuf_putc(l->log, 'E');
    return 0;
}

static const kp_multipart_callbacks fuzz_callbacks = { fuzz_begin, fuzz_data, fuzz_end };

/* Parses body; chunk sizes come from a small generator seeded by seed
 * (seed 0: all at once).  Returns the final status. */
static apr_status_t fuzz_parse(apr_pool_t *p, const char *ct, const char *body, apr_size_t len,
                               unsigned seed, apr_size_t max_header, fuzz_log *l)
{
    kp_multipart_t *m;
    apr_size_t pos = 0;
    apr_status_t rv = APR_SUCCESS;

    l->log = kp_strbuf_make(p, 256);
    l->data_bytes = 0;
    l->in_part = 0;
    m = kp_multipart_create(p, ct, &fuzz_callbacks, l, max_header);
    if (m == NULL) {
        return APR_EGENERAL;
    }
    while (pos < len && rv == APR_SUCCESS) {
        apr_size_t n = len - pos;
        if (seed != 0) {
            seed = seed * 1103515245u + 12345u;
            n = 1 + (seed >> 16) % (seed % 7 == 0 ? 97 : 5);
            if (n > len - pos) {
                n = len - pos;
            }
        }
        rv = kp_multipart_feed(m, body + pos, n);
        pos += n;
    }
    if (rv == APR_SUCCESS) {
        rv = kp_multipart_finish(m);
    }
    if (l->data_bytes > len) {
        abort();
    }
    return rv;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int initialised;
    apr_pool_t *p;
    const char *ct = FUZZ_CT;
    const char *body;
    apr_size_t len, max_header;
    unsigned seed;
    fuzz_log whole, chunked;
    apr_status_t rv_whole, rv_chunked;

    if (!initialised) {
        apr_initialize();
        initialised = 1;
    }
    if (size < 2) {
        return 0;
    }
    apr_pool_create(&p, NULL);
    max_header = 8 + (apr_size_t)data[0] * 2;
    seed = data[1] | 1u;
    body = (const char *)data + 2;
    len = size - 2;
    /* With the high bit of byte 0 set, the first line is the Content-Type. */
    if (data[0] & 0x80) {
        const char *nl = memchr(body, '\n', len);
        if (nl != NULL) {
            ct = apr_pstrmemdup(p, body, nl - body);
            len -= nl - body + 1;
            body = nl + 1;
        }
    }
    rv_whole = fuzz_parse(p, ct, body, len, 0, max_header, &whole);
    rv_chunked = fuzz_parse(p, ct, body, len, seed, max_header, &chunked);
    /* The chunking must not change the outcome or what was reported. */
    if (rv_whole != rv_chunked) {
        abort();
    }
    if (kp_strbuf_length(whole.log) != kp_strbuf_length(chunked.log)
        || memcmp(kp_strbuf_data(whole.log), kp_strbuf_data(chunked.log),
                  kp_strbuf_length(whole.log)) != 0) {
        abort();
    }
    apr_pool_destroy(p);
    return 0;
}
