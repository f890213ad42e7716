/* kp_hosting.c: tenant list, tenant removal and the purge of expired rows for kundenportalctl.
 * The module cleans up after itself as it goes (sessions at login, throttle rows at a failed
 * login); this is the same for a cron job, across all tenants, plus the audit log's retention. */
#include <apr_strings.h>

#include "kp_hosting.h"

#define AUDIT_BATCH 10000 /* the LIMIT of hosting_purge_audit */
#define NO_TIME "TIMESTAMP'1000-01-01 00:00:00'"   /* before any activity: none */

const kp_statement kp_hosting_statements[] = {
    /* The last activity: the newest session, or the newest login where its users log out (a
     * logout deletes the session). */
    {"hosting_list",
     "SELECT t.slug, t.name,"
     " (SELECT COUNT(*) FROM project p WHERE p.tenant_id = t.id),"
     " (SELECT COUNT(*) FROM portal_account a WHERE a.tenant_id = t.id),"
     " COALESCE(DATE_FORMAT(NULLIF(GREATEST("
     "   COALESCE((SELECT MAX(s.last_seen_at) FROM session s WHERE s.tenant_id = t.id), " NO_TIME "),"
     "   COALESCE((SELECT MAX(a.last_login_at) FROM portal_account a WHERE a.tenant_id = t.id), " NO_TIME "),"
     "   COALESCE((SELECT MAX(u.last_login_at) FROM admin_user u WHERE u.tenant_id = t.id), " NO_TIME ")),"
     "  " NO_TIME "), '%%Y-%%m-%%d %%H:%%i'), '-'),"
     " DATE_FORMAT(t.created_at, '%%Y-%%m-%%d') FROM tenant t ORDER BY t.slug"},
    /* The throttle's rows have no foreign key (they may name users that do not exist). */
    {"hosting_remove_throttle", "DELETE FROM login_failure WHERE tenant_id = %s"},
    {"hosting_remove_tenant", "DELETE FROM tenant WHERE id = %s"},
    {"hosting_purge_sessions",
     "DELETE FROM session WHERE last_seen_at < UTC_TIMESTAMP() - INTERVAL 30 DAY"},
    {"hosting_purge_throttle",
     "DELETE FROM login_failure WHERE window_start < UTC_TIMESTAMP() - INTERVAL 1 DAY"
     " AND (locked_until IS NULL OR locked_until < UTC_TIMESTAMP())"},
    {"hosting_purge_invitations",
     "DELETE FROM portal_invite WHERE expires_at < UTC_TIMESTAMP() - INTERVAL 30 DAY"
     " OR used_at < UTC_TIMESTAMP() - INTERVAL 30 DAY"},
    /* Cancelled shifts (sql/015_cancelled_shifts.sql) are shown until they would have ended
     * (by the company's clock, within a day of UTC). */
    {"hosting_purge_cancelled_shifts",
     "DELETE FROM plan_entry_cancelled WHERE ends_at < UTC_TIMESTAMP() - INTERVAL 1 DAY"},
    {"hosting_purge_audit",
     "DELETE FROM audit_log WHERE created_at < UTC_TIMESTAMP() - INTERVAL %s DAY LIMIT 10000"},
    {NULL, NULL}
};

apr_status_t kp_hosting_list(kp_db *db, apr_pool_t *p, kp_rows **rows)
{
    return kp_select0(db, p, "hosting_list", rows);
}

apr_status_t kp_hosting_remove(kp_db *db, apr_pool_t *p, const char *tenant_id)
{
    int removed = 0;
    if (kp_db_begin(db, p) != APR_SUCCESS
        || kp_exec(db, p, "hosting_remove_throttle", NULL, tenant_id) != APR_SUCCESS
        || kp_exec(db, p, "hosting_remove_tenant", &removed, tenant_id) != APR_SUCCESS) {
        kp_db_rollback(db, p);
        return APR_EGENERAL;
    }
    if (removed != 1) {
        kp_db_rollback(db, p);
        return APR_NOTFOUND;
    }
    return kp_db_commit(db, p);
}

apr_status_t kp_hosting_purge(kp_db *db, apr_pool_t *p, int audit_days, kp_purge_counts *n)
{
    n->sessions = n->login_failures = n->invitations = n->cancelled_shifts = n->audit_entries = 0;
    if (kp_db_exec(db, p, "hosting_purge_sessions", &n->sessions, 0, NULL) != APR_SUCCESS
        || kp_db_exec(db, p, "hosting_purge_throttle", &n->login_failures, 0, NULL) != APR_SUCCESS
        || kp_db_exec(db, p, "hosting_purge_invitations", &n->invitations, 0, NULL) != APR_SUCCESS
        || kp_db_exec(db, p, "hosting_purge_cancelled_shifts", &n->cancelled_shifts, 0, NULL)
               != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    if (audit_days > 0) {
        const char *days = apr_psprintf(p, "%d", audit_days);
        int batch;
        do {
            batch = 0;
            if (kp_exec(db, p, "hosting_purge_audit", &batch, days) != APR_SUCCESS) {
                return APR_EGENERAL;
            }
            n->audit_entries += batch;
        } while (batch == AUDIT_BATCH);
    }
    return APR_SUCCESS;
}
