/* Random tokens for sessions and portal links: creation, hashing for storage, safe comparison. */
#ifndef KP_TOKEN_H
#define KP_TOKEN_H

#include <apr_pools.h>

/* Initialises libsodium; safe to call more than once and from several
 * threads.  Returns 0 on success, -1 if the library cannot be used.  Call it
 * before any other kp_token_* function (the module does so in post_config). */
int kp_crypto_init(void);

/* A new token made of `bytes` random bytes, encoded as base64url without
 * padding (ceil(bytes * 4 / 3) characters).  Returns NULL if bytes is 0. */
char *kp_token_new(apr_pool_t *p, apr_size_t bytes);

/* Lower-case hex SHA-256 of the token's characters (64 characters): what the
 * database stores instead of the token itself. */
char *kp_token_hash_hex(apr_pool_t *p, const char *token);

/* 1 if a and b are equal, else 0.  For strings of equal length the time taken
 * does not depend on where they differ; differing lengths (which are not
 * secret) return 0 at once.  NULL is never equal to anything. */
int kp_token_equal(const char *a, const char *b);

/* 1 if t is exactly expected_len characters long and uses only the base64url
 * alphabet [A-Za-z0-9_-], else 0. */
int kp_token_wellformed(const char *t, apr_size_t expected_len);

#endif /* KP_TOKEN_H */
