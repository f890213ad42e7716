/* Parsers for what browsers send besides uploads: urlencoded form bodies and Cookie headers,
 * and the checks of what a field or a link holds (dates, times, ids, list keys). */
#include <stdlib.h>
#include <string.h>

#include <apr_lib.h>
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

/* ---- what a form field or a link holds: dates, times, ids, list keys ---- */

static int digits(const char *s, int n)
{
    int i;
    for (i = 0; i < n; i++) {
        if (!apr_isdigit(s[i])) {
            return 0;
        }
    }
    return 1;
}

int kp_valid_date(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;
    if (!s || strlen(s) != 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-'
        || !digits(s + 8, 2)) {
        return 0;
    }
    y = atoi(s);
    m = atoi(s + 5);
    d = atoi(s + 8);
    if (y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) {
        return 0;
    }
    return !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

int kp_valid_time(const char *s)
{
    return s && strlen(s) == 5 && digits(s, 2) && s[2] == ':' && digits(s + 3, 2)
           && atoi(s) < 24 && atoi(s + 3) < 60;
}

int kp_valid_id(const char *s)
{
    apr_size_t n = s ? strlen(s) : 0;
    return n > 0 && n < 19 && digits(s, (int)n) && s[0] != '0';
}

const char *kp_list_key(apr_pool_t *p, const char *at, const char *id)
{
    if (!at || strlen(at) != 19 || !id) {
        return NULL;
    }
    return apr_pstrcat(p, apr_pstrndup(p, at, 10), "T", at + 11, "~", id, NULL);
}

int kp_list_key_parse(apr_pool_t *p, const char *key, const char **at, const char **id)
{
    if (!key || strlen(key) < 21 || key[10] != 'T' || key[19] != '~' || key[16] != ':'
        || !digits(key + 17, 2) || atoi(key + 17) > 59 || !kp_valid_id(key + 20)
        || !kp_valid_date(apr_pstrndup(p, key, 10)) || !kp_valid_time(apr_pstrndup(p, key + 11, 5))) {
        return 0;   /* at and id as they were */
    }
    *at = apr_pstrcat(p, apr_pstrndup(p, key, 10), " ", apr_pstrndup(p, key + 11, 8), NULL);
    *id = key + 20;
    return 1;
}
