/* mod_kp_session.c: server-side sessions behind an opaque cookie, and CSRF tokens. */
#include "mod_kp.h"
#include "kp_token.h"
#include "kp_form.h"

#define TOKEN_BYTES 32              /* 256-bit session tokens */
#define TOKEN_CHARS 43              /* their base64url length */
#define TOUCH_AFTER_SECONDS 60      /* write last_seen_at at most once a minute */

static const kp_statement session_statements[] = {
    {"session_portal_find",
     "SELECT s.tenant_id, s.account_id, s.csrf_token, a.username, a.display_name, a.portal_id,"
     " p.project_id, p.customer_id, a.perm_documents, a.perm_times, a.perm_planning,"
     " a.perm_messages, a.perm_requests, TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP()),"
     " t.name, t.portal_first_activated_at IS NULL, DATEDIFF(UTC_TIMESTAMP(), t.portal_first_activated_at),"
     " t.accent_color, t.logo_version"
     " FROM session s JOIN tenant t ON t.id = s.tenant_id"
     " JOIN portal_account a ON a.id = s.account_id AND a.tenant_id = s.tenant_id"
     " JOIN portal p ON p.id = a.portal_id AND p.tenant_id = s.tenant_id"
     " WHERE s.token_hash = %s AND t.slug = %s AND s.kind = 'portal' AND a.active = 1"
     " AND p.enabled = 1 AND s.last_seen_at > UTC_TIMESTAMP() - INTERVAL %s SECOND"
     " AND s.created_at > UTC_TIMESTAMP() - INTERVAL %s SECOND"},
    {"session_admin_find",
     "SELECT s.tenant_id, s.account_id, s.csrf_token, u.username, u.display_name,"
     " TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP()),"
     " t.name, t.portal_first_activated_at IS NULL, DATEDIFF(UTC_TIMESTAMP(), t.portal_first_activated_at)"
     " FROM session s JOIN tenant t ON t.id = s.tenant_id"
     " JOIN admin_user u ON u.id = s.account_id AND u.tenant_id = s.tenant_id"
     " WHERE s.token_hash = %s AND t.slug = %s AND s.kind = 'admin' AND u.active = 1"
     " AND s.last_seen_at > UTC_TIMESTAMP() - INTERVAL %s SECOND"
     " AND s.created_at > UTC_TIMESTAMP() - INTERVAL %s SECOND"},
    {"session_touch", "UPDATE session SET last_seen_at = UTC_TIMESTAMP() WHERE token_hash = %s"},
    {"session_insert",
     "INSERT INTO session (token_hash, tenant_id, kind, account_id, csrf_token, created_at,"
     " last_seen_at, remote_ip) VALUES (%s, %s, %s, %s, %s, UTC_TIMESTAMP(), UTC_TIMESTAMP(), %s)"},
    {"session_delete", "DELETE FROM session WHERE token_hash = %s"},
    {"session_delete_account",
     "DELETE FROM session WHERE tenant_id = %s AND kind = %s AND account_id = %s"},
    {"session_delete_account_except",
     "DELETE FROM session WHERE tenant_id = %s AND kind = %s AND account_id = %s"
     " AND token_hash <> %s"},
    {"session_purge_expired",
     "DELETE FROM session WHERE last_seen_at < UTC_TIMESTAMP() - INTERVAL %s SECOND LIMIT 1000"},
    {NULL, NULL}
};

static const char *app_kind(kp_req *kr)
{
    return kr->app == KP_APP_ADMIN ? "admin" : "portal";
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

apr_status_t kp_session_load(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    const char *token = cookie_value(kr, session_cookie_base(kr));
    const char *hash, *idle, *max;
    kp_rows *rows;
    kp_session *s;
    int admin = kr->app == KP_APP_ADMIN;

    kr->session = NULL;
    if (!token || !kp_token_wellformed(token, TOKEN_CHARS)) {
        return APR_NOTFOUND;
    }
    hash = kp_token_hash_hex(p, token);
    idle = kp_db_int(p, kr->sconf->session_idle);
    max = kp_db_int(p, kr->sconf->session_max);
    if (kp_select(kr->db, p, admin ? "session_admin_find" : "session_portal_find", &rows, hash,
                  kr->sconf->tenant, idle, max) != APR_SUCCESS) {
        kp_db_log_failure(kr, "loading a session");
        return APR_EGENERAL;
    }
    if (rows->nrows != 1) {
        return APR_NOTFOUND;
    }
    s = apr_pcalloc(p, sizeof(*s));
    s->token_hash = hash;
    s->tenant_id = kp_cell(rows, 0, 0);
    s->account_id = kp_cell(rows, 0, 1);
    s->csrf = kp_cell(rows, 0, 2);
    s->username = kp_cell(rows, 0, 3);
    s->display_name = kp_cell(rows, 0, 4);
    if (!admin) {
        s->portal_id = kp_cell(rows, 0, 5);
        s->portal_project_id = kp_cell(rows, 0, 6);
        s->portal_customer_id = kp_cell(rows, 0, 7);
        s->perm[KP_AREA_DOCUMENTS] = flag(kp_cell(rows, 0, 8));
        s->perm[KP_AREA_TIMES] = flag(kp_cell(rows, 0, 9));
        s->perm[KP_AREA_PLANNING] = flag(kp_cell(rows, 0, 10));
        s->perm[KP_AREA_MESSAGES] = flag(kp_cell(rows, 0, 11));
        s->perm[KP_AREA_REQUESTS] = flag(kp_cell(rows, 0, 12));
    }
    if (atoi(kp_cell(rows, 0, admin ? 5 : 13)) > TOUCH_AFTER_SECONDS) {
        kp_exec(kr->db, p, "session_touch", NULL, hash);
    }
    kr->session = s;
    /* The tenant comes with the session: a logged-in request needs no query of its own for it. */
    kp_tenant_set(kr, s->tenant_id, kp_cell(rows, 0, admin ? 6 : 14), kp_cell(rows, 0, admin ? 7 : 15),
                  kp_cell(rows, 0, admin ? 8 : 16));
    if (!admin) {   /* the portal's look comes along too */
        kr->tenant_accent = kp_cell(rows, 0, 17);
        kr->tenant_logo = kp_cell(rows, 0, 18);
    }
    return APR_SUCCESS;
}

/* A new token at every login: a session fixed before login is never reused. */
apr_status_t kp_session_start(kp_req *kr, const char *account_id)
{
    apr_pool_t *p = kr->r->pool;
    const char *token = kp_token_new(p, TOKEN_BYTES);
    const char *csrf = kp_token_new(p, TOKEN_BYTES);
    const char *hash = kp_token_hash_hex(p, token);
    const char *old = cookie_value(kr, session_cookie_base(kr));

    if (old && kp_token_wellformed(old, TOKEN_CHARS)) {
        kp_exec(kr->db, p, "session_delete", NULL, kp_token_hash_hex(p, old));
    }
    if (kp_exec(kr->db, p, "session_insert", NULL, hash, kr->tenant_id, app_kind(kr), account_id,
                csrf, kp_client_ip(kr)) != APR_SUCCESS) {
        kp_db_log_failure(kr, "starting a session");
        return APR_EGENERAL;
    }
    /* Occasional clean-up of sessions nobody will come back for. */
    if (csrf[0] == 'A') {
        kp_exec(kr->db, p, "session_purge_expired", NULL, kp_db_int(p, kr->sconf->session_max));
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

apr_status_t kp_sessions_end_for_account(kp_req *kr, const char *kind, const char *account_id)
{
    return kp_exec(kr->db, kr->r->pool, "session_delete_account", NULL, kr->tenant_id, kind,
                   account_id);
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
    const char *expected = kr->session ? kr->session->csrf : cookie_value(kr, "kp_csrf");
    if (!sent || !expected || !kp_token_wellformed(sent, TOKEN_CHARS)) {
        return 0;
    }
    return kp_token_equal(sent, expected);
}

const kp_domain kp_domain_session = {"session", session_statements, NULL, NULL};
