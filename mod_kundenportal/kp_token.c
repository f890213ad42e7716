/* Random tokens for sessions and portal links: creation, hashing for storage, safe comparison. */
#include <string.h>

#include <apr_strings.h>
#include <sodium.h>

#include "kp_token.h"

int kp_crypto_init(void)
{
    /* sodium_init() returns 1 when already initialised: that is success too. */
    return sodium_init() < 0 ? -1 : 0;
}

char *kp_token_new(apr_pool_t *p, apr_size_t bytes)
{
    unsigned char *raw;
    char *encoded;
    apr_size_t encoded_size;

    if (bytes == 0) {
        return NULL;
    }
    raw = apr_palloc(p, bytes);
    randombytes_buf(raw, bytes);
    encoded_size = sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    encoded = apr_palloc(p, encoded_size);
    sodium_bin2base64(encoded, encoded_size, raw, bytes,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, bytes);
    return encoded;
}

char *kp_token_hash_hex(apr_pool_t *p, const char *token)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    char *hex = apr_palloc(p, crypto_hash_sha256_BYTES * 2 + 1);

    crypto_hash_sha256(digest, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(hex, crypto_hash_sha256_BYTES * 2 + 1, digest, sizeof(digest));
    return hex;
}

int kp_token_equal(const char *a, const char *b)
{
    apr_size_t len;

    if (a == NULL || b == NULL) {
        return 0;
    }
    len = strlen(a);
    if (strlen(b) != len) {
        return 0;
    }
    return sodium_memcmp(a, b, len) == 0;
}

int kp_token_wellformed(const char *t, apr_size_t expected_len)
{
    apr_size_t i;

    if (t == NULL) {
        return 0;
    }
    for (i = 0; t[i] != '\0'; i++) {
        char c = t[i];
        if (i >= expected_len) {
            return 0;
        }
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
            return 0;
        }
    }
    return i == expected_len;
}
