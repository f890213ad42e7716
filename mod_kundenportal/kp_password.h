/* kp_password.h: argon2id password hashes (libsodium) with a bound on concurrent hashing. */
#ifndef KP_PASSWORD_H
#define KP_PASSWORD_H

#include <apr_pools.h>

/* Cost of a new hash: argon2id with ops (iterations) and mem_kib (memory in KiB). */
typedef struct kp_hash_cost {
    unsigned long long ops;
    apr_size_t mem_kib;
} kp_hash_cost;

#define KP_HASH_DEFAULT_OPS 2
#define KP_HASH_DEFAULT_MEM_KIB (19 * 1024)

/* Sets up libsodium and the per-process bound of max_parallel hashes at a time
 * (each costs mem_kib of memory while it runs). */
apr_status_t kp_password_init(apr_pool_t *p, int max_parallel);

/* Hashes pw; APR_EINVAL for an empty password. */
apr_status_t kp_password_hash(apr_pool_t *p, const char *pw, const kp_hash_cost *cost,
                              const char **hash);

/* 1 if pw matches hash. A NULL hash (unknown user, no password yet) is checked against a dummy
 * hash of the same cost, so the answer takes as long as for a real account. */
int kp_password_verify(const char *hash, const char *pw);

/* As kp_password_verify, but a NULL hash costs a hash of dummy_cost (the configured cost of new
 * hashes): an unknown user then takes as long as an account whose hash the module made. */
int kp_password_verify_cost(const char *hash, const char *pw, const kp_hash_cost *dummy_cost);

/* 1 if hash was made with other parameters than cost (rehash at the next login). */
int kp_password_needs_rehash(const char *hash, const kp_hash_cost *cost);

#endif
