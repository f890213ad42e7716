/* mod_kp_login.c: login and logout for portal accounts and admins, with throttling kept in
 * the database (so it holds across nodes) and one answer for every kind of failure. */
#include "mod_kp.h"
#include "kp_token.h"
#include "kp_text.h"

/* A row's window (the seconds bound to it) is over; no lock is in force on it. */
#define THROTTLE_WINDOW_OVER "window_start < UTC_TIMESTAMP() - INTERVAL %s SECOND"
#define THROTTLE_UNLOCKED "(locked_until IS NULL OR locked_until <= UTC_TIMESTAMP())"

static const kp_statement login_statements[] = {
    /* Deactivated accounts (and those of a portal switched off) too: with the right password
     * they are told so, instead of being sent to guess until the throttle locks them out. */
    {"login_portal_account",
     "SELECT a.id, a.password_hash, a.active = 1 AND" KP_PORTAL_LIVE("p", "t") " FROM portal_account a"
     " JOIN portal p ON p.id = a.portal_id AND p.tenant_id = a.tenant_id JOIN tenant t ON t.id = a.tenant_id"
     " WHERE a.tenant_id = %s AND a.username = %s"},
    {"login_admin_user",
     "SELECT id, password_hash, active = 1 FROM admin_user WHERE tenant_id = %s AND username = %s"},
    {"login_portal_done",
     "UPDATE portal_account SET previous_login_at = last_login_at, last_login_at = UTC_TIMESTAMP()"
     " WHERE id = %s"},
    {"login_admin_done", "UPDATE admin_user SET last_login_at = UTC_TIMESTAMP() WHERE id = %s"},
    {"login_portal_by_token",
     "SELECT po.id, COALESCE(pr.name, c.name) FROM portal po"
     " JOIN tenant t ON t.id = po.tenant_id"
     " LEFT JOIN project pr ON pr.id = po.project_id LEFT JOIN customer c ON c.id = po.customer_id"
     " WHERE po.link_token = %s AND po.tenant_id = %s AND" KP_PORTAL_LIVE("po", "t")},
    /* Lets a try in unless a lock is in force or the wrong passwords and the tries being checked
     * reach the limit; a window that is over (and no lock in force) starts again from nothing.
     * One statement, as a right password deletes the account's row meanwhile. Affected rows: 1
     * a new row, 2 let in, 0 refused (nothing changes then). Assignments run left to right:
     * checking is decided on the row as it was, window_start changes last. */
    {"throttle_admit",
     "INSERT INTO login_failure (tenant_id, scope, subject, failures, checking, window_start)"
     " VALUES (%s, %s, %s, 0, 1, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE"
     " checking = IF(" THROTTLE_UNLOCKED
     "  AND IF(" THROTTLE_WINDOW_OVER ", 0, failures + checking) < %s,"
     "  IF(" THROTTLE_WINDOW_OVER ", 0, checking) + 1, checking),"
     " failures = IF(" THROTTLE_WINDOW_OVER
     "  AND " THROTTLE_UNLOCKED ", 0, failures),"
     " window_start = IF(" THROTTLE_WINDOW_OVER
     "  AND " THROTTLE_UNLOCKED ", UTC_TIMESTAMP(), window_start)"},
    /* A try no longer being checked: right, given up, or refused by the other scope. */
    {"throttle_release",
     "UPDATE login_failure SET checking = GREATEST(checking, 1) - 1"
     " WHERE tenant_id = %s AND scope = %s AND subject = %s"},
    /* A wrong password, on the account's row and the address's: counted, no longer checked, and
     * locked at the limit (failures already holds the new count when locked_until is set; a
     * lock in force is not lengthened). */
    {"throttle_failed",
     "UPDATE login_failure SET checking = GREATEST(checking, 1) - 1, failures = failures + 1,"
     " locked_until = IF(failures >= IF(scope = 'address', %s, %s)"
     " AND " THROTTLE_UNLOCKED ","
     " UTC_TIMESTAMP() + INTERVAL %s SECOND, locked_until)"
     " WHERE tenant_id = %s AND ((scope = %s AND subject = %s) OR (scope = 'address' AND subject = %s))"},
    {"throttle_locked",
     "SELECT COUNT(*) FROM login_failure WHERE tenant_id = %s"
     " AND ((scope = %s AND subject = %s) OR (scope = 'address' AND subject = %s))"
     " AND locked_until > UTC_TIMESTAMP()"},
    {"throttle_clear", "DELETE FROM login_failure WHERE tenant_id = %s AND scope = %s AND subject = %s"},
    /* Rows whose window and lock are over count for nothing any more; this tenant's only, as the
     * window is a directive of its virtual host (kundenportalctl purge clears every tenant's). */
    {"throttle_purge",
     "DELETE FROM login_failure WHERE tenant_id = %s"
     " AND window_start < UTC_TIMESTAMP() - INTERVAL %s SECOND"
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
 * A try is let in by one statement per scope (the address's first) while its wrong passwords
 * and its tries being checked are below the limit: counted after a failed check only, as many
 * tries sent at once as the server has threads would all pass a check of the count before the
 * first failure was written; counted before, and then compared, tries arriving together would
 * refuse each other. So exactly as many as the limit are checked at once, however many arrive.
 * Only a wrong password counts towards a lock; a try refused while a lock is in force is not
 * counted, so retrying a locked account does not lock the whole office's address too. A try
 * lost on the way (a database failure, a child killed during its hash) is forgotten with its
 * window. The throttle fails open on a database failure: the login's own statements fail too. */

/* Lets a try in at one scope: 1 in, 0 refused, -1 database failure. */
static int admit(kp_req *kr, const char *scope, const char *subject, int limit)
{
    apr_pool_t *p = kr->r->pool;
    const char *window = kp_db_int(p, kr->sconf->login_lock_seconds);
    int affected = 0;
    if (kp_exec(kr->db, p, "throttle_admit", &affected, kr->tenant_id, scope, subject, window,
                kp_db_int(p, limit), window, window, window) != APR_SUCCESS) {
        return -1;
    }
    /* Whoever adds a row clears out stale ones, so guessing names cannot grow the table
     * without bound. */
    if (affected == 1) {
        kp_exec(kr->db, p, "throttle_purge", NULL, kr->tenant_id, window);
    }
    return affected > 0;
}

static void release(kp_req *kr, const char *scope, const char *subject)
{
    kp_exec(kr->db, kr->r->pool, "throttle_release", NULL, kr->tenant_id, scope, subject);
}

kp_throttle kp_throttle_attempt(kp_req *kr, const char *subject)
{
    int limit = kr->sconf->login_max_failures, address, account = 0;
    kp_rows *rows;

    address = admit(kr, "address", kp_client_ip(kr), limit * ADDRESS_FAILURE_FACTOR);
    if (address == 1) {
        account = admit(kr, user_scope(kr), subject, limit);
        if (account != 1) {
            release(kr, "address", kp_client_ip(kr));
        }
    }
    if (address < 0 || account < 0) {
        kp_db_log_failure(kr, "counting a login attempt");
        return KP_THROTTLE_OK;
    }
    if (account == 1) {
        kr->throttle_held = 1;
        return KP_THROTTLE_OK;
    }
    if (kp_select(kr->db, kr->r->pool, "throttle_locked", &rows, kr->tenant_id, user_scope(kr),
                  subject, kp_client_ip(kr)) == APR_SUCCESS
        && rows->nrows == 1 && strcmp(kp_cell(rows, 0, 0), "0") != 0) {
        return KP_THROTTLE_LOCKED;
    }
    apr_table_setn(kr->r->err_headers_out, "Retry-After", "5");
    return KP_THROTTLE_BUSY;
}

const char *kp_throttle_refusal(kp_req *kr, const char *subject)
{
    switch (kp_throttle_attempt(kr, subject)) {
    case KP_THROTTLE_LOCKED:
        return "account.error.locked";
    case KP_THROTTLE_BUSY:
        return "account.error.busy";
    case KP_THROTTLE_OK:
        break;
    }
    return NULL;
}

/* passed, failed and abandon give back only a try that was let in (not one let through
 * while the database failed), and only once. */
void kp_throttle_passed(kp_req *kr, const char *subject)
{
    kp_throttle_clear(kr, subject);
    if (kr->throttle_held) {
        kr->throttle_held = 0;
        release(kr, "address", kp_client_ip(kr));
    }
}

void kp_throttle_failed(kp_req *kr, const char *subject)
{
    apr_pool_t *p = kr->r->pool;
    int limit = kr->sconf->login_max_failures;
    if (kr->throttle_held) {
        kr->throttle_held = 0;
        kp_exec(kr->db, p, "throttle_failed", NULL, kp_db_int(p, limit * ADDRESS_FAILURE_FACTOR),
                kp_db_int(p, limit), kp_db_int(p, kr->sconf->login_lock_seconds), kr->tenant_id,
                user_scope(kr), subject, kp_client_ip(kr));
    }
}

void kp_throttle_abandon(kp_req *kr, const char *subject)
{
    if (kr->throttle_held) {
        kr->throttle_held = 0;
        release(kr, user_scope(kr), subject);
        release(kr, "address", kp_client_ip(kr));
    }
}

void kp_throttle_clear(kp_req *kr, const char *subject)
{
    kp_exec(kr->db, kr->r->pool, "throttle_clear", NULL, kr->tenant_id, user_scope(kr), subject);
}

void kp_throttle_clear_portal_user(kp_req *kr, const char *username)
{
    kp_exec(kr->db, kr->r->pool, "throttle_clear", NULL, kr->tenant_id, "portal-user", username);
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
    /* 100 characters, as the administration allows a portal username (of up to 4 bytes each) */
    if (!username || !*username || !password || !*password || kp_utf8_length(username) > 100
        || strlen(password) > 1024) {
        return show_login(kr, HTTP_BAD_REQUEST, "login.error.missing", NULL, username, portal);
    }
    switch (kp_throttle_attempt(kr, username)) {
    case KP_THROTTLE_LOCKED:
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, kr->r,
                      KPLOG(10030) "login refused while locked (too many failures)");
        return show_login(kr, HTTP_TOO_MANY_REQUESTS, "login.error.locked", NULL, username, portal);
    case KP_THROTTLE_BUSY:
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, kr->r,
                      KPLOG(10032) "login refused for the moment: as many tries as the limit are being checked");
        return show_login(kr, HTTP_TOO_MANY_REQUESTS, "login.error.busy", NULL, username, portal);
    case KP_THROTTLE_OK:
        break;
    }
    if (kp_select(kr->db, p, admin ? "login_admin_user" : "login_portal_account", &rows,
                  kr->tenant_id, username) != APR_SUCCESS) {
        kp_throttle_abandon(kr, username);
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
        kp_throttle_failed(kr, username);
        /* The name typed is logged only when it is an account's: an unknown one may be a
         * password typed into the wrong field, and no secret goes into a log. */
        if (account_id) {
            kp_audit(kr, admin ? "admin.login_failed" : "portal.login_failed",
                     admin ? "admin_user" : "portal_account", account_id, username);
        }
        else {
            kp_audit(kr, admin ? "admin.login_unknown" : "portal.login_unknown", "", NULL, NULL);
        }
        return show_login(kr, HTTP_UNAUTHORIZED, "login.error.invalid", NULL, username, portal);
    }
    kp_throttle_passed(kr, username);
    if (strcmp(kp_cell(rows, 0, 2), "1") != 0) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, kr->r,
                      KPLOG(10031) "login refused: the account (or its portal) is switched off");
        return show_login(kr, HTTP_FORBIDDEN, "login.error.inactive", NULL, username, portal);
    }
    switch (kp_session_start(kr, account_id, hash)) {
    case APR_SUCCESS:
        break;
    case APR_ENOENT:
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, kr->r,
                      KPLOG(10033) "login refused: the account's password changed or the account was"
                      " switched off while the password was being checked");
        return show_login(kr, HTTP_UNAUTHORIZED, "login.error.invalid", NULL, username, portal);
    default:
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
    {"POST", "/login", KP_ANON, KP_AREA_NONE, login_submit, KP_ROUTE_LOGIN},
    {"GET", "/p/{token}", KP_ANON, KP_AREA_NONE, portal_link_page, 0},
    {"POST", "/logout", KP_ANON, KP_AREA_NONE, logout, KP_ROUTE_LOGOUT},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_login = {"login", login_statements, login_routes, login_routes};
