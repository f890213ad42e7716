/* kp_route.h: matching a request path against a route pattern such as "/projects/{id}/times". */
#ifndef KP_ROUTE_H
#define KP_ROUTE_H

#include <stddef.h>

#define KP_ROUTE_MAX_PARAMS 4
#define KP_ROUTE_MAX_SEGMENT 64

/* One {..} segment of a matched path: a span of the path, not NUL-terminated. */
typedef struct kp_route_param {
    const char *start;
    size_t len;
} kp_route_param;

/* Matches path against pattern. {token} takes 1..64 base64url characters, any other {name}
 * 1..64 digits; everything else must be equal. Returns the number of {..} segments (their
 * spans in params[0..n-1]) or -1 when the path does not match or the pattern is malformed. */
int kp_route_match(const char *pattern, const char *path, kp_route_param params[KP_ROUTE_MAX_PARAMS]);

#endif
