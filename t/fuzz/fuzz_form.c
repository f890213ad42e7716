/* libFuzzer harness for kp_form_parse, kp_cookie_get and kp_list_key_parse. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>
#include <apr_tables.h>

#include "kp_form.h"
#include "kp_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int initialised;
    static const char *const names[] = { "kp_session", "a", "lang", "" };
    apr_pool_t *p;
    apr_table_t *form = NULL;
    char *header;
    const char *at = NULL, *id = NULL;
    apr_size_t i;

    if (!initialised) {
        apr_initialize();
        initialised = 1;
    }
    apr_pool_create(&p, NULL);

    /* The body is not NUL-terminated: ASan catches any read past size. */
    if (kp_form_parse(p, (const char *)data, size, &form) == APR_SUCCESS) {
        const apr_array_header_t *arr = apr_table_elts(form);
        const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
        int k;
        for (k = 0; k < arr->nelts; k++) {
            if (!kp_utf8_valid(e[k].key, strlen(e[k].key))
                || !kp_utf8_valid(e[k].val, strlen(e[k].val))
                || strlen(e[k].key) + strlen(e[k].val) > size) {
                abort();
            }
        }
    }
    else if (form != NULL) {
        abort();                /* must stay untouched on error */
    }

    header = apr_pstrmemdup(p, (const char *)data, size);
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *v = kp_cookie_get(p, header, names[i]);
        if (v != NULL && (strlen(v) > size || strchr(v, ';') != NULL)) {
            abort();
        }
    }
    /* A list key that parses is one the module could have made: it round-trips exactly; one
     * that does not leaves the caller's values alone. */
    if (kp_list_key_parse(p, header, &at, &id)) {
        const char *again = kp_list_key(p, at, id);
        if (!again || strcmp(again, header) != 0 || !kp_valid_id(id)) {
            abort();
        }
    }
    else if (at != NULL || id != NULL) {
        abort();
    }
    apr_pool_destroy(p);
    return 0;
}
