/* mod_kp_session.c: server-side sessions behind an opaque cookie, and CSRF tokens. */
#include "mod_kp.h"
#include "kp_token.h"
#include "kp_form.h"

#define TOKEN_BYTES 32              /* 256-bit session tokens */
#define TOKEN_CHARS 43              /* their base64url length */
#define TOUCH_AFTER_SECONDS 60      /* write last_seen_at at most once a minute */

/* The tenant's columns come first (KP_TENANT_COLUMNS), then the session's (enum below). */
#define PORTAL_SESSION_COLUMNS \
    "SELECT " KP_TENANT_COLUMNS ", s.account_id, s.csrf_token, a.username, a.display_name," \
    " TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP()), a.portal_id, p.project_id," \
    " p.customer_id, p.allow_upload, a.perm_documents, a.perm_times, a.perm_planning," \
    " a.perm_messages, a.perm_requests"
#define PORTAL_SESSION_FROM \
    " FROM session s JOIN tenant t ON t.id = s.tenant_id" \
    " JOIN portal_account a ON a.id = s.account_id AND a.tenant_id = s.tenant_id" \
    " JOIN portal p ON p.id = a.portal_id AND p.tenant_id = s.tenant_id"
#define SESSION_VALID \
    " AND s.last_seen_at > UTC_TIMESTAMP() - INTERVAL %s SECOND" \
    " AND s.created_at > UTC_TIMESTAMP() - INTERVAL %s SECOND"
#define PORTAL_SESSION_WHERE \
    " WHERE s.token_hash = %s AND t.slug = %s AND s.kind = 'portal' AND a.active = 1" \
    " AND" KP_PORTAL_LIVE("p", "t") SESSION_VALID

enum {   /* columns after the tenant's */
    COL_ACCOUNT = KP_TENANT_NCOLS, COL_CSRF, COL_USERNAME, COL_DISPLAY_NAME, COL_IDLE,
    COL_PORTAL, COL_PORTAL_PROJECT, COL_PORTAL_CUSTOMER, COL_ALLOW_UPLOAD, COL_PERM_DOCUMENTS,
    COL_PERM_TIMES, COL_PERM_PLANNING, COL_PERM_MESSAGES, COL_PERM_REQUESTS, COL_PROJECT,
    COL_ADMIN_NEW_REQUESTS = COL_IDLE + 1   /* session_admin_find's last */
};

static const kp_statement session_statements[] = {
    {"session_portal_find", PORTAL_SESSION_COLUMNS PORTAL_SESSION_FROM PORTAL_SESSION_WHERE},
    /* The same for a route under /projects/{id}, with the project if the portal shows it: the
     * portal's project, or one of the portal's customer (current and future projects alike). */
    {"session_portal_project",
     PORTAL_SESSION_COLUMNS ", pr.id, pr.name, pr.number, pr.address" PORTAL_SESSION_FROM
     " LEFT JOIN project pr ON pr.id = %s AND pr.tenant_id = s.tenant_id"
     " AND (p.project_id = pr.id OR (p.customer_id IS NOT NULL AND p.customer_id = pr.customer_id))"
     PORTAL_SESSION_WHERE},
    /* With the number of reported jobs still new (up to 100: "99+"), for the menu of every admin
     * page; the tenant by its slug, as a derived table cannot see the outer row. */
    {"session_admin_find",
     "SELECT " KP_TENANT_COLUMNS ", s.account_id, s.csrf_token, u.username, u.display_name,"
     " TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP()), (SELECT COUNT(*) FROM"
     "  (SELECT 1 FROM service_request r JOIN tenant rt ON rt.id = r.tenant_id"
     "   WHERE rt.slug = %s AND r.state = 'new' LIMIT 100) n)"
     " FROM session s JOIN tenant t ON t.id = s.tenant_id"
     " JOIN admin_user u ON u.id = s.account_id AND u.tenant_id = s.tenant_id"
     " WHERE s.token_hash = %s AND t.slug = %s AND s.kind = 'admin' AND u.active = 1" SESSION_VALID},
    {"session_touch", "UPDATE session SET last_seen_at = UTC_TIMESTAMP() WHERE token_hash = %s"},
    /* Only while the account still has the password just checked and is active: a password
     * change or a deactivation committed during the login's hashing ends the account's sessions
     * in its transaction, and this locking read (in any isolation level) waits for it, so the
     * login does not outlive it with a session of its own. */
    {"session_insert_portal",
     "INSERT INTO session (token_hash, tenant_id, kind, account_id, csrf_token, created_at,"
     " last_seen_at, remote_ip) SELECT %s, tenant_id, 'portal', id, %s, UTC_TIMESTAMP(),"
     " UTC_TIMESTAMP(), %s FROM portal_account"
     " WHERE tenant_id = %s AND id = %s AND password_hash = %s AND active = 1 LOCK IN SHARE MODE"},
    {"session_insert_admin",
     "INSERT INTO session (token_hash, tenant_id, kind, account_id, csrf_token, created_at,"
     " last_seen_at, remote_ip) SELECT %s, tenant_id, 'admin', id, %s, UTC_TIMESTAMP(),"
     " UTC_TIMESTAMP(), %s FROM admin_user"
     " WHERE tenant_id = %s AND id = %s AND password_hash = %s AND active = 1 LOCK IN SHARE MODE"},
    {"session_delete", "DELETE FROM session WHERE token_hash = %s"},
    {"session_delete_account",
     "DELETE FROM session WHERE tenant_id = %s AND kind = %s AND account_id = %s"},
    {"session_delete_account_except",
     "DELETE FROM session WHERE tenant_id = %s AND kind = %s AND account_id = %s"
     " AND token_hash <> %s"},
    {"session_revoke_invites",
     "DELETE FROM portal_invite WHERE account_id = %s AND tenant_id = %s AND used_at IS NULL"},
    {"session_revoke_calendar",
     "UPDATE portal_account SET calendar_secret = NULL WHERE id = %s AND tenant_id = %s"
     " AND calendar_secret IS NOT NULL"},
    /* This tenant's only: the lifetime is a directive of its virtual host (kundenportalctl
     * purge clears every tenant's with the longest lifetime allowed). */
    {"session_purge_expired",
     "DELETE FROM session WHERE tenant_id = %s"
     " AND last_seen_at < UTC_TIMESTAMP() - INTERVAL %s SECOND LIMIT 1000"},
    {NULL, NULL}
};

/* Seconds of idleness after which a request writes last_seen_at: once a minute, or at half
 * an idle timeout shorter than two minutes, so a session in use never times out. */
static int touch_after(kp_req *kr)
{
    int half = kr->sconf->session_idle / 2;
    return half < TOUCH_AFTER_SECONDS ? half : TOUCH_AFTER_SECONDS;
}

static const char *session_cookie_base(kp_req *kr)
{
    return kr->app == KP_APP_ADMIN ? "kp_admin" : "kp_portal";
}

static int cookies_secure(kp_req *kr)
{
    if (kr->sconf->cookie_secure == KP_COOKIE_AUTO) {
        return strcasecmp(ap_http_scheme(kr->r), "https") == 0;
    }
    return kr->sconf->cookie_secure == 1;
}

/* Over https the __Host- prefix pins a cookie to this host, Path=/ and Secure. */
const char *kp_cookie_name(kp_req *kr, const char *base)
{
    return cookies_secure(kr) ? apr_pstrcat(kr->r->pool, "__Host-", base, NULL) : base;
}

void kp_cookie_set(kp_req *kr, const char *base, const char *value, int max_age)
{
    const char *cookie = apr_psprintf(kr->r->pool, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s",
                                      kp_cookie_name(kr, base), value,
                                      cookies_secure(kr) ? "; Secure" : "",
                                      max_age >= 0 ? apr_psprintf(kr->r->pool, "; Max-Age=%d", max_age)
                                                   : "");
    apr_table_add(kr->r->err_headers_out, "Set-Cookie", cookie);
}

static const char *cookie_value(kp_req *kr, const char *base)
{
    const char *header = apr_table_get(kr->r->headers_in, "Cookie");
    return header ? kp_cookie_get(kr->r->pool, header, kp_cookie_name(kr, base)) : NULL;
}

static int flag(const char *v)
{
    return v && v[0] == '1';
}

/* Checks the session cookie against the database on every request (a logout or a deactivated
 * account takes effect at once, on every node); the tenant, and with project_id the project
 * if the portal shows it, come with the same statement. */
apr_status_t kp_session_load(kp_req *kr, const char *project_id)
{
    apr_pool_t *p = kr->r->pool;
    const char *token = cookie_value(kr, session_cookie_base(kr));
    const char *hash, *idle, *max;
    kp_rows *rows;
    kp_session *s;
    apr_status_t rv;
    int admin = kr->app == KP_APP_ADMIN;

    kr->session = NULL;
    if (!token || !kp_token_wellformed(token, TOKEN_CHARS)) {
        return APR_NOTFOUND;
    }
    hash = kp_token_hash_hex(p, token);
    idle = kp_db_int(p, kr->sconf->session_idle);
    max = kp_db_int(p, kr->sconf->session_max);
    if (admin) {
        rv = kp_select(kr->db, p, "session_admin_find", &rows, kr->sconf->tenant, hash,
                       kr->sconf->tenant, idle, max);
    }
    else if (project_id) {
        rv = kp_select(kr->db, p, "session_portal_project", &rows, project_id, hash,
                       kr->sconf->tenant, idle, max);
    }
    else {
        rv = kp_select(kr->db, p, "session_portal_find", &rows, hash, kr->sconf->tenant, idle, max);
    }
    if (rv != APR_SUCCESS) {
        kp_db_log_failure(kr, "loading a session");
        return APR_EGENERAL;
    }
    if (rows->nrows != 1) {
        return APR_NOTFOUND;
    }
    s = apr_pcalloc(p, sizeof(*s));
    s->token_hash = hash;
    s->tenant_id = kp_cell(rows, 0, 0);
    s->account_id = kp_cell(rows, 0, COL_ACCOUNT);
    s->csrf = kp_cell(rows, 0, COL_CSRF);
    s->username = kp_cell(rows, 0, COL_USERNAME);
    s->display_name = kp_cell(rows, 0, COL_DISPLAY_NAME);
    if (admin) {
        s->new_requests = kp_cell(rows, 0, COL_ADMIN_NEW_REQUESTS);
        if (s->new_requests && apr_atoi64(s->new_requests) > 99) {
            s->new_requests = "99+";
        }
    }
    else {
        s->portal_id = kp_cell(rows, 0, COL_PORTAL);
        s->portal_project_id = kp_cell(rows, 0, COL_PORTAL_PROJECT);
        s->portal_customer_id = kp_cell(rows, 0, COL_PORTAL_CUSTOMER);
        s->allow_upload = flag(kp_cell(rows, 0, COL_ALLOW_UPLOAD));
        s->perm[KP_AREA_DOCUMENTS] = flag(kp_cell(rows, 0, COL_PERM_DOCUMENTS));
        s->perm[KP_AREA_TIMES] = flag(kp_cell(rows, 0, COL_PERM_TIMES));
        s->perm[KP_AREA_PLANNING] = flag(kp_cell(rows, 0, COL_PERM_PLANNING));
        s->perm[KP_AREA_MESSAGES] = flag(kp_cell(rows, 0, COL_PERM_MESSAGES));
        s->perm[KP_AREA_REQUESTS] = flag(kp_cell(rows, 0, COL_PERM_REQUESTS));
    }
    if (project_id) {
        kr->project.id = kp_cell(rows, 0, COL_PROJECT);
        kr->project.name = kp_cell(rows, 0, COL_PROJECT + 1);
        kr->project.number = kp_cell(rows, 0, COL_PROJECT + 2);
        kr->project.address = kp_cell(rows, 0, COL_PROJECT + 3);
    }
    /* Idle expiry counts from last_seen_at, written at most once a minute. */
    if (atoi(kp_cell(rows, 0, COL_IDLE)) > touch_after(kr)) {
        kp_exec(kr->db, p, "session_touch", NULL, hash);
    }
    kr->session = s;
    kp_tenant_read(kr, rows);
    return APR_SUCCESS;
}

/* A new token at every login: a session fixed before login is never reused. */
apr_status_t kp_session_start(kp_req *kr, const char *account_id, const char *verified_hash)
{
    apr_pool_t *p = kr->r->pool;
    const char *token = kp_token_new(p, TOKEN_BYTES);
    const char *csrf = kp_token_new(p, TOKEN_BYTES);
    const char *hash = kp_token_hash_hex(p, token);
    const char *old = cookie_value(kr, session_cookie_base(kr));
    int inserted = 0;

    if (old && kp_token_wellformed(old, TOKEN_CHARS)) {
        kp_exec(kr->db, p, "session_delete", NULL, kp_token_hash_hex(p, old));
    }
    if (kp_exec(kr->db, p, kr->app == KP_APP_ADMIN ? "session_insert_admin" : "session_insert_portal",
                &inserted, hash, csrf, kp_client_ip(kr), kr->tenant_id, account_id, verified_hash)
            != APR_SUCCESS) {
        kp_db_log_failure(kr, "starting a session");
        return APR_EGENERAL;
    }
    if (inserted != 1) {
        return APR_ENOENT;
    }
    /* Occasional clean-up of sessions nobody will come back for. */
    if (csrf[0] == 'A') {
        kp_exec(kr->db, p, "session_purge_expired", NULL, kr->tenant_id,
                kp_db_int(p, kr->sconf->session_max));
    }
    kp_cookie_set(kr, session_cookie_base(kr), token, -1);
    kr->session = apr_pcalloc(p, sizeof(kp_session));
    kr->session->token_hash = hash;
    kr->session->csrf = csrf;
    kr->session->account_id = account_id;
    kr->session->tenant_id = kr->tenant_id;
    return APR_SUCCESS;
}

void kp_session_end(kp_req *kr)
{
    if (kr->session) {
        kp_exec(kr->db, kr->r->pool, "session_delete", NULL, kr->session->token_hash);
        kr->session = NULL;
    }
    kp_cookie_set(kr, session_cookie_base(kr), "", 0);
}

apr_status_t kp_portal_access_revoke(kp_req *kr, const char *account_id,
                                     const char *keep_token_hash)
{
    apr_pool_t *p = kr->r->pool;
    apr_status_t rv = keep_token_hash
        ? kp_exec(kr->db, p, "session_delete_account_except", NULL, kr->tenant_id, "portal",
                  account_id, keep_token_hash)
        : kp_exec(kr->db, p, "session_delete_account", NULL, kr->tenant_id, "portal", account_id);
    if (rv == APR_SUCCESS) {
        rv = kp_exec(kr->db, p, "session_revoke_invites", NULL, account_id, kr->tenant_id);
    }
    if (rv == APR_SUCCESS) {
        rv = kp_exec(kr->db, p, "session_revoke_calendar", NULL, account_id, kr->tenant_id);
    }
    return rv;
}

/* Before login there is no session to hold a CSRF token: a random cookie is echoed in the
 * form (double submit); a cross-site page can neither read nor set it. */
const char *kp_login_csrf(kp_req *kr)
{
    const char *token = cookie_value(kr, "kp_csrf");
    if (!token || !kp_token_wellformed(token, TOKEN_CHARS)) {
        token = kp_token_new(kr->r->pool, TOKEN_BYTES);
        kp_cookie_set(kr, "kp_csrf", token, -1);
    }
    return token;
}

int kp_csrf_valid(kp_req *kr, const char *sent)
{
    const char *login = cookie_value(kr, "kp_csrf");
    if (!sent || !kp_token_wellformed(sent, TOKEN_CHARS)) {
        return 0;
    }
    if (kr->session && kp_token_equal(sent, kr->session->csrf)) {
        return 1;
    }
    /* The login form's token counts without a session, and for the login also while one is
     * open: a login form of a second tab, sent after the first tab logged in. */
    return (!kr->session || (kr->route && (kr->route->flags & KP_ROUTE_LOGIN))) && login
           && kp_token_wellformed(login, TOKEN_CHARS) && kp_token_equal(sent, login);
}

const kp_domain kp_domain_session = {"session", session_statements, NULL, NULL};
