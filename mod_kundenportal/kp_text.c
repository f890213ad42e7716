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
