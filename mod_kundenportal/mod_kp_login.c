/* mod_kp_login.c: login and logout for portal accounts and admins, with throttling kept in
 * the database (so it holds across nodes) and one answer for every kind of failure. */
#include "mod_kp.h"
#include "kp_token.h"

static const kp_statement login_statements[] = {
    /* Deactivated accounts (and those of a portal switched off) too: with the right password
     * they are told so, instead of being sent to guess until the throttle locks them out. */
    {"login_portal_account",
     "SELECT a.id, a.password_hash, a.active = 1 AND p.enabled = 1 FROM portal_account a"
     " JOIN portal p ON p.id = a.portal_id AND p.tenant_id = a.tenant_id"
     " WHERE a.tenant_id = %s AND a.username = %s"},
    {"login_admin_user",
     "SELECT id, password_hash, active = 1 FROM admin_user WHERE tenant_id = %s AND username = %s"},
    {"login_portal_done",
     "UPDATE portal_account SET previous_login_at = last_login_at, last_login_at = UTC_TIMESTAMP()"
     " WHERE id = %s"},
    {"login_admin_done", "UPDATE admin_user SET last_login_at = UTC_TIMESTAMP() WHERE id = %s"},
    {"login_portal_by_token",
     "SELECT po.id, COALESCE(pr.name, c.name) FROM portal po"
     " LEFT JOIN project pr ON pr.id = po.project_id LEFT JOIN customer c ON c.id = po.customer_id"
     " WHERE po.link_token = %s AND po.tenant_id = %s AND po.enabled = 1"},
    {"throttle_locked",
     "SELECT COUNT(*) FROM login_failure WHERE tenant_id = %s"
     " AND ((scope = %s AND subject = %s) OR (scope = 'address' AND subject = %s))"
     " AND locked_until > UTC_TIMESTAMP()"},
    /* An attempt, counted before its password is checked. Assignments run left to right:
     * locked_until sees the new count; a lock in force is not lengthened. */
    {"throttle_attempt",
     "INSERT INTO login_failure (tenant_id, scope, subject, failures, window_start, locked_until)"
     " VALUES (%s, %s, %s, 1, UTC_TIMESTAMP(), NULL) ON DUPLICATE KEY UPDATE"
     " failures = IF(window_start < UTC_TIMESTAMP() - INTERVAL %s SECOND, 1, failures + 1),"
     " window_start = IF(window_start < UTC_TIMESTAMP() - INTERVAL %s SECOND, UTC_TIMESTAMP(), window_start),"
     " locked_until = IF(locked_until > UTC_TIMESTAMP(), locked_until,"
     " IF(failures > %s, UTC_TIMESTAMP() + INTERVAL %s SECOND, locked_until))"},
    {"throttle_clear", "DELETE FROM login_failure WHERE tenant_id = %s AND scope = %s AND subject = %s"},
    {"throttle_address_passed",
     "UPDATE login_failure SET failures = GREATEST(failures, 1) - 1"
     " WHERE tenant_id = %s AND scope = 'address' AND subject = %s"},
    /* Rows whose window and lock are over count for nothing any more. */
    {"throttle_purge",
     "DELETE FROM login_failure WHERE window_start < UTC_TIMESTAMP() - INTERVAL %s SECOND"
     " AND (locked_until IS NULL OR locked_until < UTC_TIMESTAMP()) LIMIT 1000"},
    {NULL, NULL}
};

/* An address may fail more often than one account: several people share an office NAT. */
#define ADDRESS_FAILURE_FACTOR 4

static const char *user_scope(kp_req *kr)
{
    return kr->app == KP_APP_ADMIN ? "admin-user" : "portal-user";
}

/* The login form; error_key: what went wrong, notice_key: what went right (both may be NULL). */
static int show_login(kp_req *kr, int status, const char *error_key, const char *notice_key,
                      const char *username, const char *portal_token)
{
    xmlNodePtr form;
    kp_page_new(kr, "login");
    form = kp_xml_add(kr->root, "login", NULL);
    kp_xml_attr(form, "csrf", kp_login_csrf(kr));
    kp_xml_attr(form, "username", username ? username : "");
    if (portal_token) {
        kp_rows *rows;
        if (kp_select(kr->db, kr->r->pool, "login_portal_by_token", &rows, portal_token,
                      kr->tenant_id) == APR_SUCCESS && rows->nrows == 1) {
            kp_xml_attr(form, "portal", portal_token);
            kp_xml_attr(form, "portal-name", kp_cell(rows, 0, 1));
        }
    }
    if (error_key) {
        kp_xml_attr(form, "error", error_key);
    }
    if (notice_key) {
        kp_xml_attr(form, "notice", notice_key);
    }
    return kp_page_send(kr, "login", status);
}

static int login_page(kp_req *kr)
{
    if (kr->session) {
        return kp_redirect(kr, "/");
    }
    return show_login(kr, HTTP_OK, NULL, NULL, NULL, NULL);
}

/* GET /p/{token}: the link and QR code of one portal lead here. */
static int portal_link_page(kp_req *kr)
{
    kp_rows *rows;
    const char *password_set;
    if (kr->app != KP_APP_PORTAL || !kp_token_wellformed(kr->param[0], 43)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (kp_select(kr->db, kr->r->pool, "login_portal_by_token", &rows, kr->param[0],
                  kr->tenant_id) != APR_SUCCESS) {
        kp_db_log_failure(kr, "looking up a portal link");
        return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
    }
    if (rows->nrows != 1) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.portal_link");
    }
    /* after an invitation was accepted (mod_kp_admin_link.c) */
    password_set = kp_query_get(kr, "password_set");
    return show_login(kr, HTTP_OK, NULL,
                      password_set && !strcmp(password_set, "1") ? "login.password_set" : NULL,
                      NULL, kr->param[0]);
}

/* Shared with the account page and the administrators' confirmations, where a wrong current
 * password counts like a failed login. The subject is the username as typed: login_failure
 * compares it under the collation of the usernames (utf8mb4_unicode_ci), so every spelling the
 * login accepts ("Jörg", "JORG") shares one counter; folding case in C (ASCII only) would add
 * nothing.
 * Every attempt is counted before its password is checked, and refused once the count is past
 * the limit: counted after a failed check, as many attempts sent at once as the server has
 * threads would all pass a check of the count before the first failure was written. A right
 * password then clears the account's count and takes its attempt back from the address's.
 * An attempt while a lock is in force is refused without being counted, so retrying a locked
 * account does not lock the whole office's address too. */
static int throttle_locked(kp_req *kr, const char *subject, int *locked)
{
    kp_rows *rows;
    if (kp_select(kr->db, kr->r->pool, "throttle_locked", &rows, kr->tenant_id, user_scope(kr),
                  subject, kp_client_ip(kr)) != APR_SUCCESS) {
        return 0;
    }
    *locked = rows->nrows == 1 && strcmp(kp_cell(rows, 0, 0), "0") != 0;
    return 1;
}

/* One attempt more in the count of a scope's subject; *affected 1 when its row is new. */
static apr_status_t count_attempt(kp_req *kr, const char *scope, const char *subject,
                                  int max_failures, int *affected)
{
    apr_pool_t *p = kr->r->pool;
    const char *window = kp_db_int(p, kr->sconf->login_lock_seconds);
    return kp_exec(kr->db, p, "throttle_attempt", affected, kr->tenant_id, scope, subject, window,
                   window, kp_db_int(p, max_failures), window);
}

int kp_throttle_attempt(kp_req *kr, const char *subject)
{
    int affected = 0, locked = 0;
    if (!throttle_locked(kr, subject, &locked)) {
        kp_db_log_failure(kr, "checking the login throttle");
        return 0;
    }
    if (locked) {
        return 1;
    }
    if (count_attempt(kr, user_scope(kr), subject, kr->sconf->login_max_failures, &affected)
            != APR_SUCCESS
        || count_attempt(kr, "address", kp_client_ip(kr),
                         kr->sconf->login_max_failures * ADDRESS_FAILURE_FACTOR, NULL) != APR_SUCCESS
        || !throttle_locked(kr, subject, &locked)) {
        kp_db_log_failure(kr, "counting a login attempt");
        return 0;
    }
    /* A new row (1; an update is 2): whoever adds rows clears out stale ones, so guessing
     * names cannot grow the table without bound. */
    if (affected == 1) {
        kp_exec(kr->db, kr->r->pool, "throttle_purge", NULL,
                kp_db_int(kr->r->pool, kr->sconf->login_lock_seconds));
    }
    return locked;
}

void kp_throttle_passed(kp_req *kr, const char *subject)
{
    kp_throttle_clear(kr, subject);
    kp_exec(kr->db, kr->r->pool, "throttle_address_passed", NULL, kr->tenant_id, kp_client_ip(kr));
}

void kp_throttle_clear(kp_req *kr, const char *subject)
{
    kp_exec(kr->db, kr->r->pool, "throttle_clear", NULL, kr->tenant_id, user_scope(kr), subject);
}

const char *kp_hash_new_password(kp_req *kr, const char *password)
{
    kp_hash_cost cost;
    const char *hash;
    cost.ops = (unsigned long long)kr->sconf->hash_ops;
    cost.mem_kib = (apr_size_t)kr->sconf->hash_mem_kib;
    if (kp_password_hash(kr->r->pool, password, &cost, &hash) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, kr->r, KPLOG(10300) "hashing a password failed");
        return NULL;
    }
    return hash;
}

static int login_submit(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    const char *username = kp_form_get(kr, "username");
    const char *password = kp_form_get(kr, "password");
    const char *portal = kp_form_get(kr, "portal");
    const char *account_id = NULL, *hash = NULL;
    int admin = kr->app == KP_APP_ADMIN;
    kp_hash_cost cost;
    kp_rows *rows;

    if (portal && !kp_token_wellformed(portal, 43)) {
        portal = NULL;
    }
    if (!username || !*username || !password || !*password || strlen(username) > 100
        || strlen(password) > 1024) {
        return show_login(kr, HTTP_BAD_REQUEST, "login.error.missing", NULL, username, portal);
    }
    if (kp_throttle_attempt(kr, username)) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, kr->r,
                      KPLOG(10030) "login refused while locked (too many failures)");
        return show_login(kr, HTTP_TOO_MANY_REQUESTS, "login.error.locked", NULL, username, portal);
    }
    if (kp_select(kr->db, p, admin ? "login_admin_user" : "login_portal_account", &rows,
                  kr->tenant_id, username) != APR_SUCCESS) {
        kp_db_log_failure(kr, "looking up an account");
        return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
    }
    if (rows->nrows == 1) {
        account_id = kp_cell(rows, 0, 0);
        hash = kp_cell(rows, 0, 1);
    }
    /* Unknown users cost a hash at the configured cost: same answer, same time. */
    cost.ops = (unsigned long long)kr->sconf->hash_ops;
    cost.mem_kib = (apr_size_t)kr->sconf->hash_mem_kib;
    if (!kp_password_verify_cost(hash, password, &cost) || !account_id) {
        kp_audit(kr, admin ? "admin.login_failed" : "portal.login_failed", "", NULL, username);
        return show_login(kr, HTTP_UNAUTHORIZED, "login.error.invalid", NULL, username, portal);
    }
    kp_throttle_passed(kr, username);
    if (strcmp(kp_cell(rows, 0, 2), "1") != 0) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, kr->r,
                      KPLOG(10031) "login refused: the account (or its portal) is switched off");
        return show_login(kr, HTTP_FORBIDDEN, "login.error.inactive", NULL, username, portal);
    }
    if (kp_session_start(kr, account_id) != APR_SUCCESS) {
        return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
    }
    kp_exec(kr->db, p, admin ? "login_admin_done" : "login_portal_done", NULL, account_id);
    kr->session->display_name = username;
    kp_audit(kr, admin ? "admin.login" : "portal.login", admin ? "admin_user" : "portal_account",
             account_id, NULL);
    return kp_redirect(kr, "/");
}

static int logout(kp_req *kr)
{
    kp_audit(kr, kr->app == KP_APP_ADMIN ? "admin.logout" : "portal.logout", "", NULL, NULL);
    kp_session_end(kr);
    return kp_redirect(kr, "/login");
}

static const kp_route login_routes[] = {
    {"GET", "/login", KP_ANON, KP_AREA_NONE, login_page, 0},
    {"POST", "/login", KP_ANON, KP_AREA_NONE, login_submit, 0},
    {"GET", "/p/{token}", KP_ANON, KP_AREA_NONE, portal_link_page, 0},
    {"POST", "/logout", KP_ANON, KP_AREA_NONE, logout, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_login = {"login", login_statements, login_routes, login_routes};
