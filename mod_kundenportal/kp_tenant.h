/* kp_tenant.h: tenants, admin users and the schema version: what kundenportalctl and the module share. */
#ifndef KP_TENANT_H
#define KP_TENANT_H

#include "kp_db.h"

/* The schema version this code needs: the number of the newest file in sql/. */
#define KP_SCHEMA_VERSION 18

extern const kp_statement kp_tenant_statements[];

/* 0 when the schema_version table does not exist yet. */
apr_status_t kp_schema_version(kp_db *db, apr_pool_t *p, int *version);

/* A tenant's id and name by its slug; APR_NOTFOUND if there is none. */
apr_status_t kp_tenant_find(kp_db *db, apr_pool_t *p, const char *slug, const char **id,
                            const char **name);

/* Creates a tenant; APR_EEXIST if the slug is taken, APR_EINVAL if it is malformed. */
apr_status_t kp_tenant_add(kp_db *db, apr_pool_t *p, const char *slug, const char *name,
                           const char **id);

/* Creates (or, with replace, resets the password of) an admin user of a tenant. */
apr_status_t kp_admin_add(kp_db *db, apr_pool_t *p, const char *tenant_id, const char *username,
                          const char *display_name, const char *password_hash);

/* Counts what customers wrote and uploaded so far as seen by the new admin `username` (only
 * what comes after is marked new); in the caller's transaction, if any. */
apr_status_t kp_admin_mark_all_seen(kp_db *db, apr_pool_t *p, const char *tenant_id,
                                    const char *username);

/* Slugs: 1-64 of [a-z0-9-], not starting with '-'. */
int kp_tenant_slug_valid(const char *slug);

#endif
