/* kp_hosting.h: what a hosting provider runs from the command line for many companies: the
 * list of tenants, removing one with all its data, purging what has expired. */
#ifndef KP_HOSTING_H
#define KP_HOSTING_H

#include "kp_db.h"

extern const kp_statement kp_hosting_statements[];

/* One row per tenant: slug, name, projects, portal accounts, last activity, created. */
apr_status_t kp_hosting_list(kp_db *db, apr_pool_t *p, kp_rows **rows);

/* Deletes the tenant and everything of it in one transaction; APR_NOTFOUND without one. */
apr_status_t kp_hosting_remove(kp_db *db, apr_pool_t *p, const char *tenant_id);

/* What a purge removed. */
typedef struct kp_purge_counts {
    int sessions, login_failures, invitations, cancelled_shifts, audit_entries;
} kp_purge_counts;

/* Removes sessions idle for longer than the longest idle timeout allowed (30 days), throttle
 * rows that count for nothing, invitations used or expired 30 days ago, cancelled shifts that
 * ended over a day ago, and, when
 * audit_days > 0, audit entries older than that many days (in batches, so no long lock). */
apr_status_t kp_hosting_purge(kp_db *db, apr_pool_t *p, int audit_days, kp_purge_counts *n);

#endif
