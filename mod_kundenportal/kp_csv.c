/* CSV for exports (RFC 4180 rows, safe to open in spreadsheets) and for imports (a tolerant reader). */
#include <string.h>

#include <apr_strings.h>

#include "kp_csv.h"
#include "kp_strbuf.h"

/* "-3,5", "+49", "2.25", ".5": a spreadsheet reads these as numbers, not
 * formulas, so they are left alone. */
static int kp_csv_is_plain_number(const char *s)
{
    int digits = 0;

    if (*s == '+' || *s == '-') {
        s++;
    }
    while (*s >= '0' && *s <= '9') {
        s++;
        digits++;
    }
    if (*s == '.' || *s == ',') {
        int fraction_digits = 0;
        s++;
        while (*s >= '0' && *s <= '9') {
            s++;
            fraction_digits++;
        }
        if (fraction_digits == 0) {
            return 0;
        }
        digits += fraction_digits;
    }
    return *s == '\0' && digits > 0;
}

static int kp_csv_is_formula(const char *s)
{
    /* Some spreadsheets skip leading spaces before looking for '='. */
    const char *first = s + strspn(s, " ");

    if (*s == '\t' || *s == '\r') {
        return 1;
    }
    if (*first == '\0') {
        return 0;
    }
    return strchr("=+-@", *first) != NULL && !kp_csv_is_plain_number(first);
}

static int kp_csv_needs_quotes(const char *s, char sep)
{
    apr_size_t len = strlen(s);

    if (len == 0) {
        return 0;
    }
    if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t') {
        return 1;
    }
    for (; *s; s++) {
        if (*s == sep || *s == '"' || *s == '\r' || *s == '\n') {
            return 1;
        }
    }
    return 0;
}

char *kp_csv_row(apr_pool_t *p, const char *const *fields, int n, char sep)
{
    kp_strbuf_t *out = kp_strbuf_make(p, 128);
    int i;

    for (i = 0; i < n; i++) {
        const char *field = fields[i] ? fields[i] : "";
        int formula = kp_csv_is_formula(field);

        if (i > 0) {
            kp_strbuf_putc(out, sep);
        }
        if (formula || kp_csv_needs_quotes(field, sep)) {
            const char *s;
            kp_strbuf_putc(out, '"');
            if (formula) {
                kp_strbuf_putc(out, '\'');
            }
            for (s = field; *s; s++) {
                if (*s == '"') {
                    kp_strbuf_putc(out, '"');
                }
                kp_strbuf_putc(out, *s);
            }
            kp_strbuf_putc(out, '"');
        }
        else {
            kp_strbuf_puts(out, field);
        }
    }
    kp_strbuf_puts(out, "\r\n");
    return kp_strbuf_data(out);
}

char *kp_csv_decimal(apr_pool_t *p, long hundredths, int german)
{
    /* Work on the magnitude as unsigned so that LONG_MIN does not overflow. */
    unsigned long magnitude = hundredths < 0 ? 0UL - (unsigned long)hundredths
                                             : (unsigned long)hundredths;

    return apr_psprintf(p, "%s%lu%c%02lu", hundredths < 0 ? "-" : "",
                        magnitude / 100, german ? ',' : '.', magnitude % 100);
}

/* Reads one quoted field starting after its opening quote at data[*pos];
 * leaves *pos after the closing quote.  NULL if the quote is never closed. */
static char *kp_csv_read_quoted(apr_pool_t *p, const char *data, apr_size_t len,
                                apr_size_t *pos)
{
    kp_strbuf_t *field = kp_strbuf_make(p, 32);
    apr_size_t i = *pos;

    while (i < len) {
        const char *quote = memchr(data + i, '"', len - i);
        if (quote == NULL) {
            return NULL;
        }
        kp_strbuf_append(field, data + i, quote - (data + i));
        i = quote - data + 1;
        if (i < len && data[i] == '"') {
            kp_strbuf_putc(field, '"');
            i++;
        }
        else {
            *pos = i;
            return kp_strbuf_data(field);
        }
    }
    return NULL;
}

apr_status_t kp_csv_parse(apr_pool_t *p, const char *data, apr_size_t len,
                          char sep, apr_array_header_t **rows)
{
    apr_array_header_t *all = apr_array_make(p, 16, sizeof(apr_array_header_t *));
    apr_array_header_t *row = NULL;
    apr_size_t pos = 0;

    if (sep == '"' || sep == '\r' || sep == '\n' || sep == '\0') {
        return APR_EINVAL;
    }
    if (memchr(data, '\0', len) != NULL) {
        return APR_EINVAL;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        pos = 3;
    }
    while (pos < len) {
        char *field;

        if (row == NULL) {
            row = apr_array_make(p, 8, sizeof(char *));
            *(apr_array_header_t **)apr_array_push(all) = row;
        }
        if (data[pos] == '"') {
            pos++;
            field = kp_csv_read_quoted(p, data, len, &pos);
            if (field == NULL) {
                return APR_EINVAL;
            }
            if (pos < len && data[pos] != sep && data[pos] != '\r' && data[pos] != '\n') {
                return APR_EINVAL;
            }
        }
        else {
            apr_size_t start = pos;
            while (pos < len && data[pos] != sep && data[pos] != '\r' && data[pos] != '\n') {
                pos++;
            }
            field = apr_pstrmemdup(p, data + start, pos - start);
        }
        *(char **)apr_array_push(row) = field;

        if (pos >= len) {
            break;
        }
        if (data[pos] == sep) {
            pos++;
            if (pos == len) {
                /* "a,b," ends with an empty last field. */
                *(char **)apr_array_push(row) = apr_pstrdup(p, "");
            }
            continue;
        }
        /* A line end: CRLF, LF or a lone CR. */
        if (data[pos] == '\r' && pos + 1 < len && data[pos + 1] == '\n') {
            pos++;
        }
        pos++;
        row = NULL;
    }
    *rows = all;
    return APR_SUCCESS;
}
