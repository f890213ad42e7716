/* Streaming multipart/form-data parser (RFC 7578, RFC 2046) for uploads, with bounded memory. */
#include <string.h>

#include <apr_lib.h>
#include <apr_strings.h>
#include <apr_tables.h>

#include "kp_multipart.h"
#include "kp_strbuf.h"
#include "kp_text.h"

#define KP_MULTIPART_MAX_BOUNDARY 70

typedef enum {
    KP_MP_PREAMBLE,             /* before the first boundary: discarded */
    KP_MP_AFTER_DELIMITER,      /* just read CRLF--boundary */
    KP_MP_CLOSE_DASH,           /* read the first '-' of a closing "--" */
    KP_MP_PADDING,              /* transport padding (spaces/TABs) after a boundary */
    KP_MP_EXPECT_LF,            /* read the CR ending a boundary line */
    KP_MP_HEADERS,              /* collecting a part's header block */
    KP_MP_BODY,                 /* streaming a part's body */
    KP_MP_EPILOGUE,             /* after the closing boundary: ignored */
    KP_MP_FAILED
} kp_multipart_state;

struct kp_multipart_t {
    const kp_multipart_callbacks *cb;
    void *baton;
    apr_pool_t *part_pool;      /* cleared for each part */
    kp_multipart_state state;
    apr_status_t error;
    /* "\r\n--" boundary: the body starts as if just after a CRLF, so that a
     * first boundary at the very beginning is recognised too. */
    char delimiter[4 + KP_MULTIPART_MAX_BOUNDARY + 1];
    apr_size_t delimiter_len;
    apr_size_t matched;         /* bytes of delimiter matched so far */
    char *header;               /* header block of the current part */
    apr_size_t header_len;
    apr_size_t header_max;
};

static int kp_mp_is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* RFC 2046 bchars. */
static int kp_mp_is_boundary_char(char c)
{
    return apr_isalnum(c) || (c != '\0' && strchr("'()+_,-./:=? ", c) != NULL);
}

/* Reads the next ";name=value" parameter of a header value at *cursor.
 * Returns 1 with *name (lower-cased) and *value set, 0 at the end, -1 if the
 * text is malformed.  Quoted strings take \" and \\ as escapes; any other
 * backslash is kept, because old browsers send Windows paths unescaped. */
static int kp_mp_next_param(apr_pool_t *p, const char **cursor, char **name, char **value)
{
    const char *s = *cursor;
    const char *start;
    char *lower;
    kp_strbuf_t *v;

    while (kp_mp_is_ows(*s)) {
        s++;
    }
    if (*s == '\0') {
        return 0;
    }
    if (*s != ';') {
        return -1;
    }
    s++;
    while (kp_mp_is_ows(*s)) {
        s++;
    }
    if (*s == '\0') {
        return 0;               /* a trailing ';' is harmless */
    }
    start = s;
    while (*s && *s != '=' && *s != ';' && *s != '"' && !kp_mp_is_ows(*s)) {
        s++;
    }
    if (s == start) {
        return -1;
    }
    *name = apr_pstrmemdup(p, start, s - start);
    for (lower = *name; *lower; lower++) {
        *lower = apr_tolower(*lower);
    }
    while (kp_mp_is_ows(*s)) {
        s++;
    }
    if (*s != '=') {
        return -1;
    }
    s++;
    while (kp_mp_is_ows(*s)) {
        s++;
    }
    if (*s == '"') {
        v = kp_strbuf_make(p, 64);
        s++;
        for (;;) {
            if (*s == '\0') {
                return -1;
            }
            if (*s == '"') {
                s++;
                break;
            }
            if (*s == '\\' && (s[1] == '"' || s[1] == '\\')) {
                s++;
            }
            kp_strbuf_putc(v, *s);
            s++;
        }
        *value = kp_strbuf_data(v);
    }
    else {
        start = s;
        while (*s && *s != ';' && !kp_mp_is_ows(*s)) {
            if (*s == '"') {
                return -1;
            }
            s++;
        }
        *value = apr_pstrmemdup(p, start, s - start);
    }
    *cursor = s;
    return 1;
}

/* If value starts with the (lower-case) token followed by the end, OWS or
 * ';', returns the rest; else NULL. */
static const char *kp_mp_skip_token(const char *value, const char *token)
{
    apr_size_t len = strlen(token);

    while (kp_mp_is_ows(*value)) {
        value++;
    }
    if (strncasecmp(value, token, len) != 0) {
        return NULL;
    }
    value += len;
    if (*value != '\0' && *value != ';' && !kp_mp_is_ows(*value)) {
        return NULL;
    }
    return value;
}

kp_multipart_t *kp_multipart_create(apr_pool_t *p, const char *content_type_header,
                                    const kp_multipart_callbacks *cb, void *baton,
                                    apr_size_t max_header_bytes)
{
    kp_multipart_t *m;
    const char *cursor;
    char *name, *value;
    const char *boundary = NULL;
    apr_size_t blen, i;
    int rc;

    if (content_type_header == NULL || cb == NULL) {
        return NULL;
    }
    cursor = kp_mp_skip_token(content_type_header, "multipart/form-data");
    if (cursor == NULL) {
        return NULL;
    }
    while ((rc = kp_mp_next_param(p, &cursor, &name, &value)) == 1) {
        if (strcmp(name, "boundary") == 0) {
            if (boundary != NULL) {
                return NULL;    /* two boundaries: ambiguous */
            }
            boundary = value;
        }
    }
    if (rc < 0 || boundary == NULL) {
        return NULL;
    }
    blen = strlen(boundary);
    if (blen == 0 || blen > KP_MULTIPART_MAX_BOUNDARY || boundary[blen - 1] == ' ') {
        return NULL;
    }
    for (i = 0; i < blen; i++) {
        if (!kp_mp_is_boundary_char(boundary[i])) {
            return NULL;
        }
    }

    m = apr_pcalloc(p, sizeof(*m));
    m->cb = cb;
    m->baton = baton;
    if (apr_pool_create(&m->part_pool, p) != APR_SUCCESS) {
        return NULL;
    }
    m->state = KP_MP_PREAMBLE;
    memcpy(m->delimiter, "\r\n--", 4);
    memcpy(m->delimiter + 4, boundary, blen);
    m->delimiter_len = 4 + blen;
    m->matched = 2;
    m->header_max = max_header_bytes ? max_header_bytes : KP_MULTIPART_DEFAULT_HEADER_BYTES;
    m->header = apr_palloc(p, m->header_max + 1);
    m->header_len = 0;
    return m;
}

static apr_status_t kp_mp_fail(kp_multipart_t *m, apr_status_t rv)
{
    m->state = KP_MP_FAILED;
    m->error = rv;
    return rv;
}

/* Decodes an RFC 5987 ext-value (charset'language'pct-encoded) to UTF-8,
 * or NULL if it is malformed or in a charset other than UTF-8/ISO-8859-1. */
static char *kp_mp_decode_ext_value(apr_pool_t *p, const char *ext)
{
    const char *quote1 = strchr(ext, '\'');
    const char *quote2 = quote1 ? strchr(quote1 + 1, '\'') : NULL;
    const char *s;
    kp_strbuf_t *out;
    int latin1;

    if (quote2 == NULL) {
        return NULL;
    }
    if (quote1 - ext == 5 && strncasecmp(ext, "utf-8", 5) == 0) {
        latin1 = 0;
    }
    else if (quote1 - ext == 10 && strncasecmp(ext, "iso-8859-1", 10) == 0) {
        latin1 = 1;
    }
    else {
        return NULL;
    }
    out = kp_strbuf_make(p, strlen(quote2));
    for (s = quote2 + 1; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '%') {
            if (!apr_isxdigit(s[1]) || !apr_isxdigit(s[2])) {
                return NULL;
            }
            c = (unsigned char)((apr_isdigit(s[1]) ? s[1] - '0' : apr_tolower(s[1]) - 'a' + 10) * 16
                                + (apr_isdigit(s[2]) ? s[2] - '0' : apr_tolower(s[2]) - 'a' + 10));
            s += 2;
        }
        if (c == '\0') {
            continue;           /* would end the string; control characters go anyway */
        }
        if (latin1 && c >= 0x80) {
            kp_strbuf_putc(out, (char)(0xC0 | (c >> 6)));
            kp_strbuf_putc(out, (char)(0x80 | (c & 0x3F)));
        }
        else {
            kp_strbuf_putc(out, (char)c);
        }
    }
    if (!kp_utf8_valid(kp_strbuf_data(out), kp_strbuf_length(out))) {
        return NULL;
    }
    return kp_strbuf_data(out);
}

/* The part of a client file name that is safe to show and store: no
 * directories, no control characters, invalid UTF-8 replaced by '_'. */
static char *kp_mp_clean_filename(apr_pool_t *p, const char *raw)
{
    const char *base = raw;
    const char *s;
    kp_strbuf_t *out;
    apr_size_t left;

    for (s = raw; *s; s++) {
        if (*s == '/' || *s == '\\') {
            base = s + 1;
        }
    }
    out = kp_strbuf_make(p, strlen(base));
    left = strlen(base);
    s = base;
    while (left > 0) {
        apr_size_t n = kp_utf8_char_length(s, left);
        if (n == 0) {
            kp_strbuf_putc(out, '_');
            n = 1;
        }
        else if (n > 1 || ((unsigned char)*s >= 0x20 && *s != 0x7F)) {
            kp_strbuf_append(out, s, n);
        }
        s += n;
        left -= n;
    }
    s = kp_strbuf_data(out);
    if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0) {
        return "";
    }
    return kp_strbuf_data(out);
}

/* Parses the Content-Disposition value of a part into name and filename. */
static apr_status_t kp_mp_parse_disposition(apr_pool_t *p, const char *value,
                                            const char **field_name, const char **filename)
{
    const char *cursor = kp_mp_skip_token(value, "form-data");
    const char *plain_filename = NULL, *ext_filename = NULL;
    char *pname, *pvalue;
    int rc;

    if (cursor == NULL) {
        return APR_EINVAL;
    }
    *field_name = NULL;
    while ((rc = kp_mp_next_param(p, &cursor, &pname, &pvalue)) == 1) {
        const char **slot = NULL;
        if (strcmp(pname, "name") == 0) {
            slot = field_name;
        }
        else if (strcmp(pname, "filename") == 0) {
            slot = &plain_filename;
        }
        else if (strcmp(pname, "filename*") == 0) {
            slot = &ext_filename;
        }
        if (slot != NULL) {
            if (*slot != NULL) {
                return APR_EINVAL;      /* repeated parameter: ambiguous */
            }
            *slot = pvalue;
        }
    }
    if (rc < 0 || *field_name == NULL || !kp_utf8_valid(*field_name, strlen(*field_name))) {
        return APR_EINVAL;
    }
    if (ext_filename != NULL) {
        const char *decoded = kp_mp_decode_ext_value(p, ext_filename);
        if (decoded != NULL) {
            plain_filename = decoded;
        }
        else if (plain_filename == NULL) {
            plain_filename = "";        /* it is a file, we just can't name it */
        }
    }
    *filename = plain_filename ? kp_mp_clean_filename(p, plain_filename) : NULL;
    return APR_SUCCESS;
}

/* Splits the collected header block (lines ending in CRLF) into header
 * lines, joining obsolete folded continuation lines.  NULL if malformed. */
static apr_array_header_t *kp_mp_header_lines(apr_pool_t *p, char *block, apr_size_t block_len)
{
    apr_array_header_t *lines = apr_array_make(p, 4, sizeof(char *));
    apr_size_t pos = 0;

    if (memchr(block, '\0', block_len) != NULL) {
        return NULL;
    }
    block[block_len] = '\0';
    while (pos < block_len) {
        char *line = block + pos;
        char *crlf = strstr(line, "\r\n");
        apr_size_t line_len;

        if (crlf == NULL) {
            return NULL;
        }
        line_len = crlf - line;
        *crlf = '\0';
        pos += line_len + 2;
        if (strchr(line, '\r') != NULL || strchr(line, '\n') != NULL) {
            return NULL;        /* lone CR or LF */
        }
        if (kp_mp_is_ows(*line)) {
            char **last;
            if (lines->nelts == 0) {
                return NULL;
            }
            last = &APR_ARRAY_IDX(lines, lines->nelts - 1, char *);
            *last = apr_pstrcat(p, *last, line, NULL);
        }
        else {
            APR_ARRAY_PUSH(lines, char *) = line;
        }
    }
    return lines;
}

/* Parses the collected header block and announces the part. */
static apr_status_t kp_mp_begin_part(kp_multipart_t *m)
{
    apr_pool_t *p = m->part_pool;
    const char *field_name = NULL, *filename = NULL, *content_type = NULL;
    int have_disposition = 0;
    apr_array_header_t *lines;
    apr_status_t rv;
    int i;

    apr_pool_clear(p);
    lines = kp_mp_header_lines(p, m->header, m->header_len);
    if (lines == NULL) {
        return APR_EINVAL;
    }
    for (i = 0; i < lines->nelts; i++) {
        char *line = APR_ARRAY_IDX(lines, i, char *);
        char *colon = strchr(line, ':');
        char *value, *end;

        if (colon == NULL || colon == line) {
            return APR_EINVAL;
        }
        *colon = '\0';
        value = colon + 1;
        while (kp_mp_is_ows(*value)) {
            value++;
        }
        end = value + strlen(value);
        while (end > value && kp_mp_is_ows(end[-1])) {
            end--;
        }
        *end = '\0';
        if (strcasecmp(line, "Content-Disposition") == 0) {
            if (have_disposition) {
                return APR_EINVAL;
            }
            have_disposition = 1;
            rv = kp_mp_parse_disposition(p, value, &field_name, &filename);
            if (rv != APR_SUCCESS) {
                return rv;
            }
        }
        else if (strcasecmp(line, "Content-Type") == 0) {
            if (content_type != NULL) {
                return APR_EINVAL;
            }
            content_type = value;
        }
    }
    if (!have_disposition) {
        return APR_EINVAL;
    }
    if (m->cb->part_begin && m->cb->part_begin(m->baton, field_name, filename, content_type)) {
        return APR_ECONNABORTED;
    }
    return APR_SUCCESS;
}

static apr_status_t kp_mp_emit(kp_multipart_t *m, const char *data, apr_size_t len)
{
    if (len > 0 && m->cb->part_data && m->cb->part_data(m->baton, data, len)) {
        return APR_ECONNABORTED;
    }
    return APR_SUCCESS;
}

apr_status_t kp_multipart_feed(kp_multipart_t *m, const char *buf, apr_size_t len)
{
    apr_size_t i = 0;
    apr_status_t rv;

    while (i < len) {
        char c = buf[i];

        switch (m->state) {
        case KP_MP_FAILED:
            return m->error;

        case KP_MP_EPILOGUE:
            return APR_SUCCESS;

        case KP_MP_PREAMBLE:
        case KP_MP_BODY:
            if (m->matched == 0) {
                /* Fast path: everything before the next CR is data. */
                const char *cr = memchr(buf + i, '\r', len - i);
                apr_size_t run = cr ? (apr_size_t)(cr - (buf + i)) : len - i;
                if (m->state == KP_MP_BODY && run > 0) {
                    rv = kp_mp_emit(m, buf + i, run);
                    if (rv != APR_SUCCESS) {
                        return kp_mp_fail(m, rv);
                    }
                }
                i += run;
                if (cr != NULL) {
                    m->matched = 1;
                    i++;
                }
                break;
            }
            if (c == m->delimiter[m->matched]) {
                m->matched++;
                i++;
                if (m->matched == m->delimiter_len) {
                    m->matched = 0;
                    if (m->state == KP_MP_BODY && m->cb->part_end && m->cb->part_end(m->baton)) {
                        return kp_mp_fail(m, APR_ECONNABORTED);
                    }
                    m->state = KP_MP_AFTER_DELIMITER;
                }
                break;
            }
            /* Mismatch: the bytes held back were data after all.  Only the
             * delimiter's first byte is a CR and the boundary contains none,
             * so no shorter prefix can be pending; c is examined afresh. */
            if (m->state == KP_MP_BODY) {
                rv = kp_mp_emit(m, m->delimiter, m->matched);
                if (rv != APR_SUCCESS) {
                    return kp_mp_fail(m, rv);
                }
            }
            m->matched = 0;
            break;

        case KP_MP_AFTER_DELIMITER:
            i++;
            if (c == '-') {
                m->state = KP_MP_CLOSE_DASH;
            }
            else if (kp_mp_is_ows(c)) {
                m->state = KP_MP_PADDING;
            }
            else if (c == '\r') {
                m->state = KP_MP_EXPECT_LF;
            }
            else {
                return kp_mp_fail(m, APR_EINVAL);
            }
            break;

        case KP_MP_CLOSE_DASH:
            i++;
            if (c != '-') {
                return kp_mp_fail(m, APR_EINVAL);
            }
            m->state = KP_MP_EPILOGUE;
            break;

        case KP_MP_PADDING:
            i++;
            if (c == '\r') {
                m->state = KP_MP_EXPECT_LF;
            }
            else if (!kp_mp_is_ows(c)) {
                return kp_mp_fail(m, APR_EINVAL);
            }
            break;

        case KP_MP_EXPECT_LF:
            i++;
            if (c != '\n') {
                return kp_mp_fail(m, APR_EINVAL);
            }
            m->state = KP_MP_HEADERS;
            m->header_len = 0;
            break;

        case KP_MP_HEADERS:
            i++;
            if (m->header_len >= m->header_max) {
                return kp_mp_fail(m, APR_ENOSPC);
            }
            m->header[m->header_len++] = c;
            if ((m->header_len == 2 && memcmp(m->header, "\r\n", 2) == 0)
                || (m->header_len >= 4
                    && memcmp(m->header + m->header_len - 4, "\r\n\r\n", 4) == 0)) {
                /* Drop the empty line; keep the CRLF ending the last header. */
                m->header_len -= 2;
                rv = kp_mp_begin_part(m);
                if (rv != APR_SUCCESS) {
                    return kp_mp_fail(m, rv);
                }
                m->state = KP_MP_BODY;
                m->matched = 0;
            }
            break;
        }
    }
    return m->state == KP_MP_FAILED ? m->error : APR_SUCCESS;
}

apr_status_t kp_multipart_finish(kp_multipart_t *m)
{
    if (m->state == KP_MP_FAILED) {
        return m->error;
    }
    if (m->state != KP_MP_EPILOGUE) {
        return kp_mp_fail(m, APR_EINCOMPLETE);
    }
    return APR_SUCCESS;
}
