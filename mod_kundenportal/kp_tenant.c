/* kp_tenant.c: statements and functions for tenants, admin users and the schema version. */
#include <string.h>
#include <stdlib.h>
#include "kp_tenant.h"

const kp_statement kp_tenant_statements[] = {
    {"schema_table_exists",
     "SELECT COUNT(*) FROM information_schema.tables"
     " WHERE table_schema = DATABASE() AND table_name = 'schema_version'"},
    {"schema_version_max", "SELECT COALESCE(MAX(version), 0) FROM schema_version"},
    {"schema_version_add", "INSERT INTO schema_version (version, applied_at) VALUES (%s, UTC_TIMESTAMP())"},
    {"tenant_by_slug", "SELECT id, name FROM tenant WHERE slug = %s"},
    {"tenant_insert",
     "INSERT INTO tenant (slug, name, created_at) VALUES (%s, %s, UTC_TIMESTAMP())"},
    {"admin_upsert",
     "INSERT INTO admin_user (tenant_id, username, password_hash, display_name, created_at)"
     " VALUES (%s, %s, %s, %s, UTC_TIMESTAMP())"
     " ON DUPLICATE KEY UPDATE password_hash = VALUES(password_hash), active = 1"},
    /* An existing admin given a new password from the command line (a lost or stolen one):
     * what the old password opened ends, and a lock of the login is lifted, as with a reset
     * in the administration. */
    {"admin_end_sessions",
     "DELETE s FROM session s JOIN admin_user u ON u.id = s.account_id AND u.tenant_id = s.tenant_id"
     " WHERE s.tenant_id = %s AND s.kind = 'admin' AND u.username = %s"},
    /* The company's Protokoll shows what the command line did to its administrators (origin
     * "System"): a new administrator, or an existing one's new password. */
    {"admin_cli_audit",
     "INSERT INTO audit_log (tenant_id, actor_kind, actor_id, actor_name, action, object_type,"
     " object_id, detail, remote_ip, created_at)"
     " SELECT u.tenant_id, 'system', NULL, 'kundenportalctl', %s, 'admin_user', u.id, u.username,"
     " '', UTC_TIMESTAMP() FROM admin_user u WHERE u.tenant_id = %s AND u.username = %s"},
    {"admin_clear_throttle",
     "DELETE FROM login_failure WHERE tenant_id = %s AND scope = 'admin-user' AND subject = %s"},
    /* A new admin has seen what customers wrote and uploaded before (as the admins of
     * migrations 009 and 011 had): the project list, the chat and the documents mark only what
     * comes after. For a new admin only (an existing one keeps what it has not seen). */
    {"admin_mark_all_seen",
     "INSERT IGNORE INTO admin_project_seen (admin_id, project_id, last_message_id,"
     " last_document_id, seen_at)"
     " SELECT u.id, p.id, COALESCE(p.last_customer_message_id, 0),"
     " COALESCE(p.last_customer_document_id, 0), UTC_TIMESTAMP()"
     " FROM admin_user u JOIN project p ON p.tenant_id = u.tenant_id WHERE u.tenant_id = %s"
     " AND u.username = %s AND (p.last_customer_message_id IS NOT NULL"
     " OR p.last_customer_document_id IS NOT NULL)"},
    {NULL, NULL}
};

apr_status_t kp_schema_version(kp_db *db, apr_pool_t *p, int *version)
{
    kp_rows *rows;
    *version = 0;
    if (kp_select0(db, p, "schema_table_exists", &rows) != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    if (rows->nrows != 1 || !kp_cell(rows, 0, 0) || strcmp(kp_cell(rows, 0, 0), "0") == 0) {
        return APR_SUCCESS;
    }
    if (kp_select0(db, p, "schema_version_max", &rows) != APR_SUCCESS || rows->nrows != 1) {
        return APR_EGENERAL;
    }
    *version = atoi(kp_cell(rows, 0, 0));
    return APR_SUCCESS;
}

apr_status_t kp_tenant_find(kp_db *db, apr_pool_t *p, const char *slug, const char **id,
                            const char **name)
{
    kp_rows *rows;
    if (kp_select(db, p, "tenant_by_slug", &rows, slug) != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    if (rows->nrows != 1) {
        return APR_NOTFOUND;
    }
    if (id) {
        *id = kp_cell(rows, 0, 0);
    }
    if (name) {
        *name = kp_cell(rows, 0, 1);
    }
    return APR_SUCCESS;
}

int kp_tenant_slug_valid(const char *slug)
{
    apr_size_t i, n = slug ? strlen(slug) : 0;
    if (n < 1 || n > 64 || slug[0] == '-') {
        return 0;
    }
    for (i = 0; i < n; i++) {
        char c = slug[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            return 0;
        }
    }
    return 1;
}

apr_status_t kp_tenant_add(kp_db *db, apr_pool_t *p, const char *slug, const char *name,
                           const char **id)
{
    apr_status_t rv;
    if (!kp_tenant_slug_valid(slug) || !name || !*name) {
        return APR_EINVAL;
    }
    rv = kp_tenant_find(db, p, slug, id, NULL);
    if (rv == APR_SUCCESS) {
        return APR_EEXIST;
    }
    if (rv != APR_NOTFOUND) {
        return rv;
    }
    if (kp_exec(db, p, "tenant_insert", NULL, slug, name) != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    return kp_tenant_find(db, p, slug, id, NULL);
}

apr_status_t kp_admin_add(kp_db *db, apr_pool_t *p, const char *tenant_id, const char *username,
                          const char *display_name, const char *password_hash)
{
    int affected = 0;   /* 1: inserted, 2: an existing admin updated (MariaDB's upsert count) */
    if (kp_db_begin(db, p) != APR_SUCCESS
        || kp_exec(db, p, "admin_upsert", &affected, tenant_id, username, password_hash,
                   display_name) != APR_SUCCESS
        || (affected == 1 && kp_admin_mark_all_seen(db, p, tenant_id, username) != APR_SUCCESS)
        || (affected != 1
            && (kp_exec(db, p, "admin_end_sessions", NULL, tenant_id, username) != APR_SUCCESS
                || kp_exec(db, p, "admin_clear_throttle", NULL, tenant_id, username)
                       != APR_SUCCESS))
        || kp_exec(db, p, "admin_cli_audit", NULL,
                   affected == 1 ? "admin.admin_added" : "admin.admin_password_cli", tenant_id,
                   username) != APR_SUCCESS) {
        return APR_EGENERAL;   /* the pool's cleanup rolls back */
    }
    return kp_db_commit(db, p);
}

apr_status_t kp_admin_mark_all_seen(kp_db *db, apr_pool_t *p, const char *tenant_id,
                                    const char *username)
{
    return kp_exec(db, p, "admin_mark_all_seen", NULL, tenant_id, username);
}
