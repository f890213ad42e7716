/* libFuzzer harness for kp_route_match: "pattern\npath"; a match must rebuild the path exactly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kp_route.h"

static int allowed(char c, int token)
{
    return (c >= '0' && c <= '9')
           || (token && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_'));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kp_route_param params[KP_ROUTE_MAX_PARAMS];
    const uint8_t *nl = memchr(data, '\n', size);
    char *pattern, *path, *rebuilt, *out;
    const char *p;
    size_t plen;
    int n, i = 0;

    if (!nl) {
        return 0;
    }
    plen = (size_t)(nl - data);
    pattern = malloc(plen + 1);
    path = malloc(size - plen);
    memcpy(pattern, data, plen);
    pattern[plen] = '\0';
    memcpy(path, nl + 1, size - plen - 1);
    path[size - plen - 1] = '\0';

    n = kp_route_match(pattern, path, params);
    if (n < -1 || n > KP_ROUTE_MAX_PARAMS) {
        abort();
    }
    if (n >= 0) {
        /* Put the segments back into the pattern: that must give the path again. */
        rebuilt = out = malloc(strlen(path) + 1);
        for (p = pattern; *p;) {
            if (*p == '{') {
                const char *close = strchr(p, '}');
                int token = strncmp(p, "{token}", 7) == 0;
                size_t k;
                if (!close || i >= n || params[i].len == 0 || params[i].len > KP_ROUTE_MAX_SEGMENT
                    || params[i].start < path || params[i].start + params[i].len > path + strlen(path)) {
                    abort();
                }
                for (k = 0; k < params[i].len; k++) {
                    if (!allowed(params[i].start[k], token)) {
                        abort();
                    }
                }
                if ((size_t)(out - rebuilt) + params[i].len > strlen(path)) {
                    abort();
                }
                memcpy(out, params[i].start, params[i].len);
                out += params[i].len;
                i++;
                p = close + 1;
                continue;
            }
            if ((size_t)(out - rebuilt) >= strlen(path)) {
                abort();
            }
            *out++ = *p++;
        }
        *out = '\0';
        if (i != n || strcmp(rebuilt, path) != 0) {
            abort();
        }
        free(rebuilt);
    }
    free(pattern);
    free(path);
    return 0;
}
