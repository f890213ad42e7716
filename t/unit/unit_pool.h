/* unit_pool.h: the APR pool the tests of a cmocka group allocate from (made before the group,
 * destroyed after it), and the run of the group between apr_initialize and apr_terminate. */
#ifndef UNIT_POOL_H
#define UNIT_POOL_H

#include <apr_general.h>
#include <apr_pools.h>

static apr_pool_t *pool;

static int setup(void **state)
{
    (void)state;
    return apr_pool_create(&pool, NULL);
}

static int teardown(void **state)
{
    (void)state;
    apr_pool_destroy(pool);
    return 0;
}

#define KP_RUN_GROUP_WITH_POOL(tests) \
    do { \
        int failed_; \
        apr_initialize(); \
        failed_ = cmocka_run_group_tests((tests), setup, teardown); \
        apr_terminate(); \
        return failed_; \
    } while (0)

#endif
