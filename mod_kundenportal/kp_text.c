/* Text helpers shared by the parsers: strict UTF-8 validation, code point counting, trimming,
 * hex digits. */
#include <string.h>

#include <apr_strings.h>

#include "kp_text.h"

/* Length of the valid UTF-8 sequence starting at s (at most len bytes
 * available), or 0 if the bytes there are not a valid sequence. */
static apr_size_t kp_utf8_sequence_length(const unsigned char *s, apr_size_t len)
{
    unsigned char c = s[0];

    if (c < 0x80) {
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        if (len < 2 || (s[1] & 0xC0) != 0x80) {
            return 0;
        }
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned char lo = 0x80, hi = 0xBF;
        if (c == 0xE0) {
            lo = 0xA0;          /* below would be overlong */
        }
        else if (c == 0xED) {
            hi = 0x9F;          /* above would be a surrogate */
        }
        if (len < 3 || s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80) {
            return 0;
        }
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned char lo = 0x80, hi = 0xBF;
        if (c == 0xF0) {
            lo = 0x90;          /* below would be overlong */
        }
        else if (c == 0xF4) {
            hi = 0x8F;          /* above would exceed U+10FFFF */
        }
        if (len < 4 || s[1] < lo || s[1] > hi
            || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) {
            return 0;
        }
        return 4;
    }
    return 0;
}

apr_size_t kp_utf8_char_length(const char *s, apr_size_t len)
{
    if (len == 0) {
        return 0;
    }
    return kp_utf8_sequence_length((const unsigned char *)s, len);
}

int kp_utf8_valid(const char *s, apr_size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    apr_size_t i = 0;

    while (i < len) {
        apr_size_t n = kp_utf8_sequence_length(u + i, len - i);
        if (n == 0) {
            return 0;
        }
        i += n;
    }
    return 1;
}

apr_size_t kp_utf8_length(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    apr_size_t len = strlen(s);
    apr_size_t i = 0, count = 0;

    while (i < len) {
        apr_size_t n = kp_utf8_sequence_length(u + i, len - i);
        i += n ? n : 1;
        count++;
    }
    return count;
}

static int kp_text_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

char *kp_text_trim(apr_pool_t *p, const char *s)
{
    const char *end;

    if (s == NULL) {
        return NULL;
    }
    while (*s && kp_text_is_space(*s)) {
        s++;
    }
    end = s + strlen(s);
    while (end > s && kp_text_is_space(end[-1])) {
        end--;
    }
    return apr_pstrmemdup(p, s, end - s);
}

char *kp_text_typed(apr_pool_t *p, const char *s)
{
    char *out = kp_text_trim(p, s), *o;
    const char *in;

    if (out == NULL) {
        return NULL;
    }
    for (in = o = out; *in; in++) {
        if (*in != '\r') {
            *o++ = *in;
        }
        else if (in[1] != '\n') {
            *o++ = '\n';
        }
    }
    *o = '\0';
    return out;
}

char *kp_cp1252_to_utf8(apr_pool_t *p, const char *s, apr_size_t len, apr_size_t *out_len)
{
    /* 0x80..0x9F; 0 where undefined. 0xA0..0xFF are U+00A0..U+00FF, as in Latin-1. */
    static const unsigned short high[32] = {
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};
    char *out = apr_palloc(p, 3 * len + 1), *o = out;
    apr_size_t i;
    for (i = 0; i < len; i++) {
        unsigned c = (unsigned char)s[i];
        if (c >= 0x80 && c < 0xA0 && !(c = high[c - 0x80])) {
            return NULL;
        }
        if (c < 0x80) {
            *o++ = (char)c;
        }
        else if (c < 0x800) {
            *o++ = (char)(0xC0 | (c >> 6));
            *o++ = (char)(0x80 | (c & 0x3F));
        }
        else {
            *o++ = (char)(0xE0 | (c >> 12));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *o = '\0';
    *out_len = (apr_size_t)(o - out);
    return out;
}

int kp_hex_value(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}
