/* kp_password.c: argon2id hashing and verification, at most N at a time per process. */
#include <string.h>
#include <sodium.h>
#include <apr_strings.h>
#include <apr_thread_mutex.h>
#include <apr_thread_cond.h>
#include "kp_password.h"

static apr_thread_mutex_t *slots_lock;
static apr_thread_cond_t *slot_freed;
static int slots_free;
static char dummy_hash[crypto_pwhash_STRBYTES];

/* A login flood must not make every thread allocate 19 MiB at once: wait for a slot. */
static void take_slot(void)
{
    if (!slots_lock) {
        return;
    }
    apr_thread_mutex_lock(slots_lock);
    while (slots_free <= 0) {
        apr_thread_cond_wait(slot_freed, slots_lock);
    }
    slots_free--;
    apr_thread_mutex_unlock(slots_lock);
}

static void give_slot(void)
{
    if (!slots_lock) {
        return;
    }
    apr_thread_mutex_lock(slots_lock);
    slots_free++;
    apr_thread_cond_signal(slot_freed);
    apr_thread_mutex_unlock(slots_lock);
}

apr_status_t kp_password_init(apr_pool_t *p, int max_parallel)
{
    char random_pw[33];
    unsigned char raw[16];

    if (sodium_init() < 0) {
        return APR_EGENERAL;
    }
    if (max_parallel < 1) {
        max_parallel = 1;
    }
    if (apr_thread_mutex_create(&slots_lock, APR_THREAD_MUTEX_DEFAULT, p) != APR_SUCCESS
        || apr_thread_cond_create(&slot_freed, p) != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    slots_free = max_parallel;
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(random_pw, sizeof(random_pw), raw, sizeof(raw));
    if (crypto_pwhash_str(dummy_hash, random_pw, strlen(random_pw), KP_HASH_DEFAULT_OPS,
                          (size_t)KP_HASH_DEFAULT_MEM_KIB * 1024) != 0) {
        return APR_ENOMEM;
    }
    return APR_SUCCESS;
}

apr_status_t kp_password_hash(apr_pool_t *p, const char *pw, const kp_hash_cost *cost,
                              const char **hash)
{
    char out[crypto_pwhash_STRBYTES];
    int rv;

    if (!pw || !*pw) {
        return APR_EINVAL;
    }
    if (sodium_init() < 0) {
        return APR_EGENERAL;
    }
    take_slot();
    rv = crypto_pwhash_str(out, pw, strlen(pw), cost->ops, cost->mem_kib * 1024);
    give_slot();
    if (rv != 0) {
        return APR_ENOMEM;
    }
    *hash = apr_pstrdup(p, out);
    return APR_SUCCESS;
}

int kp_password_verify(const char *hash, const char *pw)
{
    int ok;
    const char *against = (hash && *hash) ? hash : dummy_hash;

    if (!pw) {
        pw = "";
    }
    if (!dummy_hash[0] && against == dummy_hash) {
        return 0;
    }
    take_slot();
    ok = crypto_pwhash_str_verify(against, pw, strlen(pw)) == 0;
    give_slot();
    return ok && against != dummy_hash;
}

int kp_password_verify_cost(const char *hash, const char *pw, const kp_hash_cost *dummy_cost)
{
    char out[crypto_pwhash_STRBYTES];

    if ((hash && *hash) || !dummy_cost) {
        return kp_password_verify(hash, pw);
    }
    if (!pw) {
        pw = "";
    }
    /* Hashing with the cost takes as long as verifying against a hash of that cost. */
    take_slot();
    if (crypto_pwhash_str(out, pw, strlen(pw), dummy_cost->ops, dummy_cost->mem_kib * 1024) != 0) {
        /* out of memory: no match either way */
    }
    give_slot();
    return 0;
}

int kp_password_needs_rehash(const char *hash, const kp_hash_cost *cost)
{
    return crypto_pwhash_str_needs_rehash(hash, cost->ops, cost->mem_kib * 1024) != 0;
}
