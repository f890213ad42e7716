/* mod_kp.h: what the httpd glue files share: configuration, the per-request context, and the
 * functions of db, session, page and router that every handler uses. */
#ifndef MOD_KP_H
#define MOD_KP_H

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_strings.h"
#include "apr_lib.h"
#include "apr_dbd.h"
#include "mod_dbd.h"
#include <libxml/tree.h>
#include "kp_db.h"
#include "kp_render.h"
#include "kp_tz.h"
#include "kp_password.h"

extern module AP_MODULE_DECLARE_DATA kundenportal_module;
#ifndef KP_MODULE_RECORD_FILE /* AP_DECLARE_MODULE says it there */
APLOG_USE_MODULE(kundenportal);
#endif

#define KP_UNSET -1

/* Server (vhost) configuration: set by the hosting provider only (RSRC_CONF). */
typedef struct kp_srv_conf {
    const char *tenant;          /* KundenportalTenant */
    int edition_pro;             /* KundenportalEdition: 1 pro, 0 basic */
    int addon_kunden_plus;       /* KundenportalAddOn KundenPlus */
    int trial_days;              /* KundenportalTrialDays */
    const char *templates;       /* KundenportalTemplates */
    int hash_ops;                /* KundenportalPasswordHashCost (iterations) */
    int hash_mem_kib;            /* KundenportalPasswordHashCost (memory) */
    int session_idle;            /* KundenportalSessionIdleTimeout, seconds */
    int session_max;             /* KundenportalSessionMaxLifetime, seconds */
    int cookie_secure;           /* KundenportalCookieSecure: 1 on, 0 off, 2 auto */
    apr_off_t upload_limit;      /* KundenportalUploadLimit, bytes */
    int login_max_failures;      /* KundenportalLoginThrottle: failures before a lock */
    int login_lock_seconds;      /* KundenportalLoginThrottle: lock duration */
    const kp_tz *time_zone;      /* KundenportalTimeZone (NULL: UTC) */
} kp_srv_conf;

/* Per-directory configuration: where the portal is mounted and how links look. */
typedef struct kp_dir_conf {
    const char *base_url;        /* KundenportalBaseURL */
    const char *portal_path;     /* KundenportalPortalPath: the portal's mount, for the admin's links */
    const char *default_lang;    /* KundenportalDefaultLanguage */
    const char *static_url;      /* KundenportalStaticURL */
} kp_dir_conf;

#define KP_COOKIE_AUTO 2

typedef enum { KP_APP_PORTAL, KP_APP_ADMIN } kp_app;

/* Who may call a route. KP_CUSTOMER_PORTAL: a customer whose portal covers a customer (all of
 * its projects), for what is the customer's rather than a project's. */
typedef enum { KP_ANON, KP_CUSTOMER, KP_CUSTOMER_PORTAL, KP_ADMIN } kp_access;

/* The permission area a customer route needs. */
typedef enum {
    KP_AREA_NONE, KP_AREA_DOCUMENTS, KP_AREA_TIMES, KP_AREA_PLANNING, KP_AREA_MESSAGES,
    KP_AREA_REQUESTS
} kp_area;

/* The tenant's row, as every request reads it: alone (tenant_state) before a login, with the
 * session after one. KP_TENANT_COLUMNS (over the alias t) comes first in each of those
 * statements and kp_tenant_read is the one place that reads them, so a new column is added
 * to the macro, KP_TENANT_NCOLS, this struct and kp_tenant_read. */
#define KP_TENANT_COLUMNS \
    "t.id, t.name, t.portal_first_activated_at IS NULL," \
    " TIMESTAMPDIFF(DAY, t.portal_first_activated_at, UTC_TIMESTAMP()), t.accent_color, t.logo_version"
#define KP_TENANT_NCOLS 6

/* A portal that is there at all: a project's always, a customer's only while the company uses
 * its Kundenstamm (switched off, the customers' portals wait unchanged until it is on again, as
 * their accounts cannot be seen or changed in the meantime). po and t name the statement's
 * portal and tenant, e.g. KP_PORTAL_SHOWN("po", "t"). */
#define KP_PORTAL_SHOWN(po, t) \
    " (" po ".customer_id IS NULL OR " t ".customer_master_enabled = 1)"

/* A portal its customers can reach: there (KP_PORTAL_SHOWN) and switched on. */
#define KP_PORTAL_LIVE(po, t) \
    " " po ".enabled = 1 AND" KP_PORTAL_SHOWN(po, t)

typedef struct kp_tenant {
    const char *id;
    const char *name;
    int trial_expired;           /* basic edition past its trial days */
    int trial_days_left;         /* basic edition within its trial: days left; else -1 */
    const char *accent;          /* the portal's accent colour "#rrggbb", or NULL */
    const char *logo;            /* the version (tenant_logo.id) of the portal's logo, or NULL */
} kp_tenant;

/* The project a customer route under /projects/{id} is about, read with the session. */
typedef struct kp_project {
    const char *id;              /* NULL: not visible to the account's portal */
    const char *name;
    const char *number;
    const char *address;
} kp_project;

/* The logged-in party of a request. */
typedef struct kp_session {
    const char *token_hash;
    const char *csrf;
    const char *tenant_id;
    const char *account_id;      /* portal_account.id or admin_user.id */
    const char *username;
    const char *display_name;
    const char *new_requests;    /* admins only: reported jobs still new, for the menu */
    /* portal accounts only */
    const char *portal_id;
    const char *portal_project_id;   /* set for a project portal */
    const char *portal_customer_id;  /* set for a customer portal */
    int allow_upload;                /* the portal accepts customer uploads */
    int perm[KP_AREA_REQUESTS + 1];
} kp_session;

typedef struct kp_req kp_req;
typedef int (*kp_handler_fn)(kp_req *kr);

/* What sets a route apart from the others in the router and the CSRF check. */
enum {
    KP_ROUTE_MULTIPART = 1,      /* body is multipart: the CSRF token is its first field */
    KP_ROUTE_LOGIN = 2,          /* the login form: its token counts also while a session is
                                  * open (a second tab's form, sent after the first logged in) */
    KP_ROUTE_LOGOUT = 4          /* without a session: to the login page, whatever the token */
};

typedef struct kp_route {
    const char *method;
    const char *pattern;         /* "/projects/{id}/times.csv": {x} matches one segment */
    kp_access access;
    kp_area area;
    kp_handler_fn handler;
    unsigned flags;              /* KP_ROUTE_... */
} kp_route;

/* The state of one request, passed to every handler. */
struct kp_req {
    request_rec *r;
    kp_app app;
    kp_srv_conf *sconf;
    kp_dir_conf *dconf;
    const kp_render *render;
    const char *mount;
    const char *path;            /* path below the mount, starting with '/' */
    const char *lang;
    kp_tenant tenant;
    const char *tenant_id;       /* tenant.id */
    kp_db *db;
    kp_session *session;
    apr_table_t *form;           /* urlencoded POST body, or NULL */
    apr_table_t *query;          /* the query string once kp_query read it; NULL if malformed */
    int query_read;
    const kp_route *route;
    const char *param[4];        /* the {..} segments of the route, in order */
    int nparam;
    const char *project_id;      /* a customer route's project, once authorized */
    kp_project project;          /* its row (customer routes; staff routes: only the id) */
    xmlDocPtr doc;               /* the page's data document */
    xmlNodePtr root;
    int throttle_held;           /* a try let in by kp_throttle_attempt, not yet given back */
    int csrf_in_body;            /* a multipart POST: kp_read_upload checks the CSRF token */
    int lookup_failed;           /* a scope check could not read the database (logged): a
                                  * "not found" answered after it is a 503 (kp_page_error) */
};

/* mod_kp_config.c */
extern const command_rec kp_directives[];
void *kp_create_srv_conf(apr_pool_t *p, server_rec *s);
void *kp_merge_srv_conf(apr_pool_t *p, void *base, void *add);
void *kp_create_dir_conf(apr_pool_t *p, char *dir);
void *kp_merge_dir_conf(apr_pool_t *p, void *base, void *add);
int kp_conf_edition_allows(const kp_srv_conf *c);
kp_hash_cost kp_conf_hash_cost(const kp_srv_conf *c);
void kp_conf_finalize(server_rec *s);

/* mod_kp_db.c */
void kp_db_init_statements(apr_pool_t *p);
kp_db *kp_db_acquire(request_rec *r);
int kp_db_available(void);
void kp_db_child_init(apr_pool_t *p);
int kp_db_schema_current(kp_req *kr);
void kp_db_log_failure(kp_req *kr, const char *what);

/* mod_kp_session.c */
apr_status_t kp_session_load(kp_req *kr, const char *project_id);
/* A session for the account whose password hash verified_hash was just checked: APR_SUCCESS,
 * APR_ENOENT when the account's password changed or it was switched off meanwhile (nothing
 * started), APR_EGENERAL on a database failure (logged). */
apr_status_t kp_session_start(kp_req *kr, const char *account_id, const char *verified_hash);
void kp_session_end(kp_req *kr);
/* What stands for a portal account's password ends with it (deactivated, or its password set by
 * the company, by its user or through an invitation): its sessions but keep_token_hash (the
 * one changing it, or NULL), its unused invitations and its calendar feed's secret. */
apr_status_t kp_portal_access_revoke(kp_req *kr, const char *account_id,
                                     const char *keep_token_hash);
const char *kp_cookie_name(kp_req *kr, const char *base);
void kp_cookie_set(kp_req *kr, const char *base, const char *value, int max_age);
const char *kp_login_csrf(kp_req *kr);
int kp_csrf_valid(kp_req *kr, const char *sent);
/* The answer to a POST without a valid CSRF token: 403, logged (mod_kp_router.c);
 * kp_csrf_log_refusal only logs it, for a page that answers such a POST its own way. */
int kp_csrf_refused(kp_req *kr);
void kp_csrf_log_refusal(kp_req *kr);

/* mod_kp_login.c: password checks, counted per account (subject: the username as typed) and
 * per address in the database. Each check: kp_throttle_attempt first; if it lets the try in,
 * then kp_throttle_passed, kp_throttle_failed or (the check did not happen) kp_throttle_abandon. */
typedef enum {
    KP_THROTTLE_OK,              /* check the password */
    KP_THROTTLE_LOCKED,          /* refuse: too many wrong passwords */
    KP_THROTTLE_BUSY             /* refuse for the moment: as many tries as the limit are being
                                  * checked (Retry-After is set) */
} kp_throttle;
kp_throttle kp_throttle_attempt(kp_req *kr, const char *subject);
/* kp_throttle_attempt before checking a current password (one's own password change, an
 * administrator's confirmation): NULL when the try is let in, else the field's message
 * (account.error.locked or .busy), to be answered with 429. */
const char *kp_throttle_refusal(kp_req *kr, const char *subject);
void kp_throttle_passed(kp_req *kr, const char *subject);      /* the password was right */
void kp_throttle_failed(kp_req *kr, const char *subject);      /* it was wrong: lock at the limit */
void kp_throttle_abandon(kp_req *kr, const char *subject);
void kp_throttle_clear(kp_req *kr, const char *subject);       /* lifts the account's lock */
void kp_throttle_clear_portal_user(kp_req *kr, const char *username);   /* from the administration */
/* A password's hash at the configured cost (KundenportalPasswordHashCost); NULL (logged) if hashing
 * failed. */
const char *kp_hash_new_password(kp_req *kr, const char *password);

/* mod_kp_page.c */
apr_status_t kp_page_init(apr_pool_t *pconf, server_rec *s);
const kp_render *kp_page_render_for(const kp_srv_conf *c);
void kp_page_new(kp_req *kr, const char *name);
int kp_page_send(kp_req *kr, const char *name, int status);
int kp_page_error(kp_req *kr, int status, const char *message_key);
int kp_redirect(kp_req *kr, const char *path);
void kp_security_headers(kp_req *kr, int private_page);
const char *kp_form_get(kp_req *kr, const char *name);
/* The query string, parsed on first use: its table (empty without one), or NULL when it is
 * malformed (bad escapes, invalid UTF-8); the value of name, or NULL (also when malformed). */
apr_table_t *kp_query(kp_req *kr);
const char *kp_query_get(kp_req *kr, const char *name);
int kp_read_form(kp_req *kr, apr_size_t limit);
const char *kp_choose_lang(kp_req *kr);
const char *kp_url(kp_req *kr, const char *path);
void kp_audit(kp_req *kr, const char *action, const char *object_type, const char *object_id,
              const char *detail);
/* The same, for an actor without a session (the account that accepts its invitation). */
void kp_audit_by(kp_req *kr, const char *actor_id, const char *actor, const char *action,
                 const char *object_type, const char *object_id, const char *detail);
const char *kp_client_ip(kp_req *kr);

/* mod_kp_router.c */
int kp_dispatch(request_rec *r, kp_app app);
void kp_tenant_read(kp_req *kr, const kp_rows *rows);

/* mod_kp_branding.c: <brand accent accent-id logo/> under parent (the portal's look). */
void kp_brand_xml(kp_req *kr, xmlNodePtr parent, const char *accent, const char *logo);

/* mod_kp_health.c: the "kundenportal-health" handler */
int kp_health(request_rec *r);

/* A domain file (login, portal, planning, ...) owns its statements and its routes in the
 * portal and in the administration; mod_kp_domains.c lists every domain. Tables end with an
 * entry whose first field is NULL; any of the three may be NULL. */
typedef struct kp_domain {
    const char *name;
    const kp_statement *statements;
    const kp_route *portal_routes;
    const kp_route *admin_routes;
} kp_domain;

extern const kp_domain *const kp_domains[];

/* Log tags: one number per log statement, grep-able as "KP0xxxx". */
#define KPLOG(n) "KP" #n ": "

#endif
