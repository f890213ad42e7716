/* Text helpers shared by the parsers: strict UTF-8 validation, code point counting, trimming,
 * Windows-1252 to UTF-8, hex digits. */
#ifndef KP_TEXT_H
#define KP_TEXT_H

#include <apr_pools.h>

/* Returns 1 if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF), else 0.  NUL bytes are valid UTF-8 here; callers
 * that must refuse them check separately. */
int kp_utf8_valid(const char *s, apr_size_t len);

/* Length in bytes (1 to 4) of the well-formed UTF-8 sequence at the start of
 * s[0..len), or 0 if the bytes there do not form one (or len is 0). */
apr_size_t kp_utf8_char_length(const char *s, apr_size_t len);

/* Number of code points in the NUL-terminated string s; bytes that are not
 * the start of a valid sequence count as one each. */
apr_size_t kp_utf8_length(const char *s);

/* Copy of s without leading and trailing ASCII white space (space, TAB, CR,
 * LF, VT, FF).  s == NULL gives NULL. */
char *kp_text_trim(apr_pool_t *p, const char *s);

/* Copy of s trimmed as kp_text_trim, each line break (CR LF, or a lone CR) a single LF. Browsers
 * send a textarea's line breaks as CR LF, while its maxlength counts each as one character: so
 * the text stored, and the length checked, are what the person typed. s == NULL gives NULL. */
char *kp_text_typed(apr_pool_t *p, const char *s);

/* s[0..len) read as Windows-1252 (what German Excel saves as "CSV (Trennzeichen-getrennt)"),
 * written as NUL-terminated UTF-8 with its length in *out_len; NULL if a byte is one of the five
 * the code page leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D). */
char *kp_cp1252_to_utf8(apr_pool_t *p, const char *s, apr_size_t len, apr_size_t *out_len);

/* Value 0 to 15 of the hex digit c (0-9, a-f, A-F), or -1 if c is none. */
int kp_hex_value(int c);

#endif /* KP_TEXT_H */
