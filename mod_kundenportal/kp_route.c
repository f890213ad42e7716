/* kp_route.c: the route pattern matcher of the router, httpd-free so it can be fuzzed. */
#include <string.h>
#include "kp_route.h"

static int segment_char_ok(char c, int token)
{
    if (c >= '0' && c <= '9') {
        return 1;
    }
    return token && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_');
}

int kp_route_match(const char *pattern, const char *path, kp_route_param params[KP_ROUTE_MAX_PARAMS])
{
    const char *p = pattern, *s = path;
    int n = 0;

    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            int token = close && strncmp(p, "{token}", 7) == 0;
            const char *start = s;
            if (!close || n >= KP_ROUTE_MAX_PARAMS) {
                return -1;
            }
            while (*s && *s != '/' && segment_char_ok(*s, token)) {
                s++;
            }
            if (s == start || (*s && *s != '/') || s - start > KP_ROUTE_MAX_SEGMENT) {
                return -1;
            }
            params[n].start = start;
            params[n].len = (size_t)(s - start);
            n++;
            p = close + 1;
            continue;
        }
        if (*p != *s) {
            return -1;
        }
        p++;
        s++;
    }
    return *p || *s ? -1 : n;
}
