/* libFuzzer harness for kp_tz_parse (TZif files and their footer rules): whatever parses must
 * answer every instant of a century, and converted timestamps keep their form. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>

#include "kp_tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int initialised;
    static const char *const stamps[] = {"1970-01-01 00:00", "2026-03-29 01:00:00",
                                         "2026-10-25 00:59:59", "2099-12-31 23:59"};
    apr_pool_t *p;
    kp_tz *tz = NULL;
    apr_int64_t t;
    size_t i;

    if (!initialised) {
        apr_initialize();
        initialised = 1;
    }
    apr_pool_create(&p, NULL);
    if (kp_tz_parse(p, data, size, &tz) == NULL) {
        for (t = 0; t < (apr_int64_t)130 * 365 * 86400; t += 86400 * 7 + 3599) {
            (void)kp_tz_offset(tz, t); /* any 32-bit offset is valid; only a crash is a finding */
        }
        for (i = 0; i < sizeof(stamps) / sizeof(stamps[0]); i++) {
            if (strlen(kp_tz_local(p, tz, stamps[i])) != strlen(stamps[i])) {
                abort();
            }
        }
    }
    apr_pool_destroy(p);
    return 0;
}
