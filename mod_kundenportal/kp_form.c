/* Parsers for what browsers send besides uploads: urlencoded form bodies and Cookie headers. */
#include <string.h>

#include <apr_strings.h>

#include "kp_form.h"
#include "kp_text.h"

/* Decodes src[0..len) into a new NUL-terminated pool string, or returns NULL
 * if the text is not acceptable (bad escape, NUL, invalid UTF-8). */
static char *kp_form_decode(apr_pool_t *p, const char *src, apr_size_t len)
{
    char *out = apr_palloc(p, len + 1);
    apr_size_t i, o = 0;

    for (i = 0; i < len; i++) {
        char c = src[i];
        if (c == '+') {
            c = ' ';
        }
        else if (c == '%') {
            int hi, lo;
            if (len - i < 3) {
                return NULL;
            }
            hi = kp_hex_value(src[i + 1]);
            lo = kp_hex_value(src[i + 2]);
            if (hi < 0 || lo < 0) {
                return NULL;
            }
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0') {
            return NULL;
        }
        out[o++] = c;
    }
    out[o] = '\0';
    if (!kp_utf8_valid(out, o)) {
        return NULL;
    }
    return out;
}

apr_status_t kp_form_parse(apr_pool_t *p, const char *body, apr_size_t len,
                           apr_table_t **out)
{
    apr_table_t *form = apr_table_make(p, 8);
    apr_size_t pos = 0;

    while (pos < len) {
        const char *seg = body + pos;
        const char *amp = memchr(seg, '&', len - pos);
        apr_size_t seg_len = amp ? (apr_size_t)(amp - seg) : len - pos;
        const char *eq;
        char *key, *value;

        pos += seg_len + 1;
        if (seg_len == 0) {
            continue;
        }
        eq = memchr(seg, '=', seg_len);
        if (eq) {
            key = kp_form_decode(p, seg, eq - seg);
            value = kp_form_decode(p, eq + 1, seg_len - (eq - seg) - 1);
        }
        else {
            key = kp_form_decode(p, seg, seg_len);
            value = "";
        }
        if (key == NULL || value == NULL) {
            return APR_EINVAL;
        }
        apr_table_addn(form, key, value);
    }
    *out = form;
    return APR_SUCCESS;
}

static int kp_cookie_is_blank(char c)
{
    return c == ' ' || c == '\t';
}

const char *kp_cookie_get(apr_pool_t *p, const char *cookie_header,
                          const char *name)
{
    const char *s = cookie_header;
    apr_size_t name_len;

    if (s == NULL || name == NULL) {
        return NULL;
    }
    name_len = strlen(name);
    while (*s) {
        const char *pair_end, *eq, *n_end, *v, *v_end;

        while (kp_cookie_is_blank(*s) || *s == ';') {
            s++;
        }
        if (*s == '\0') {
            break;
        }
        pair_end = strchr(s, ';');
        if (pair_end == NULL) {
            pair_end = s + strlen(s);
        }
        eq = memchr(s, '=', pair_end - s);
        if (eq != NULL) {
            n_end = eq;
            while (n_end > s && kp_cookie_is_blank(n_end[-1])) {
                n_end--;
            }
            if ((apr_size_t)(n_end - s) == name_len && memcmp(s, name, name_len) == 0) {
                v = eq + 1;
                v_end = pair_end;
                while (v < v_end && kp_cookie_is_blank(*v)) {
                    v++;
                }
                while (v_end > v && kp_cookie_is_blank(v_end[-1])) {
                    v_end--;
                }
                if (v_end - v >= 2 && *v == '"' && v_end[-1] == '"') {
                    v++;
                    v_end--;
                }
                return apr_pstrmemdup(p, v, v_end - v);
            }
        }
        s = pair_end;
    }
    return NULL;
}
