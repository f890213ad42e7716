/* libFuzzer harness for kp_csv_parse, with a round trip through kp_csv_row. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>
#include <apr_tables.h>

#include "kp_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int initialised;
    static const char separators[] = { ',', ';', '\t', '|' };
    apr_pool_t *p;
    apr_array_header_t *rows = NULL, *again = NULL;
    char sep;
    char *rewritten;
    int r;

    if (!initialised) {
        apr_initialize();
        initialised = 1;
    }
    if (size < 1) {
        return 0;
    }
    sep = separators[data[0] % 4];
    apr_pool_create(&p, NULL);
    if (kp_csv_parse(p, (const char *)data + 1, size - 1, sep, &rows) != APR_SUCCESS) {
        apr_pool_destroy(p);
        return 0;
    }
    /* Write every row back (behind a BOM, as exports for Excel are) and
     * read it again: each field must come back, or come back with the
     * apostrophe that neutralises a formula. */
    rewritten = "\xEF\xBB\xBF";
    for (r = 0; r < rows->nelts; r++) {
        apr_array_header_t *row = APR_ARRAY_IDX(rows, r, apr_array_header_t *);
        rewritten = apr_pstrcat(p, rewritten,
                                kp_csv_row(p, (const char *const *)row->elts, row->nelts, sep), NULL);
    }
    if (kp_csv_parse(p, rewritten, strlen(rewritten), sep, &again) != APR_SUCCESS
        || again->nelts != rows->nelts) {
        abort();
    }
    for (r = 0; r < rows->nelts; r++) {
        apr_array_header_t *a = APR_ARRAY_IDX(rows, r, apr_array_header_t *);
        apr_array_header_t *b = APR_ARRAY_IDX(again, r, apr_array_header_t *);
        int f;
        if (a->nelts != b->nelts) {
            abort();
        }
        for (f = 0; f < a->nelts; f++) {
            const char *orig = APR_ARRAY_IDX(a, f, const char *);
            const char *back = APR_ARRAY_IDX(b, f, const char *);
            if (strcmp(orig, back) != 0 && !(back[0] == '\'' && strcmp(orig, back + 1) == 0)) {
                abort();
            }
        }
    }
    apr_pool_destroy(p);
    return 0;
}
