/* mod_kp_account.c: a portal account's own page: who is logged in, and changing the password
 * (which ends every other session of the account). */
#include "mod_kp_areas.h"
#include "kp_passpolicy.h"

static const kp_statement account_statements[] = {
    {"account_load",
     "SELECT username, display_name, DATE_FORMAT(previous_login_at, '%%Y-%%m-%%d %%H:%%i'),"
     " password_hash FROM portal_account WHERE id = %s AND tenant_id = %s"},
    {"account_set_password",
     "UPDATE portal_account SET password_hash = %s, updated_at = UTC_TIMESTAMP()"
     " WHERE id = %s AND tenant_id = %s"},
    {NULL, NULL}
};

typedef struct pw_errors {
    const char *current, *fresh, *repeat;
    int changed;
} pw_errors;

static int account_page(kp_req *kr, int status, const pw_errors *e)
{
    kp_rows *rows;
    xmlNodePtr a;
    if (kp_select(kr->db, kr->r->pool, "account_load", &rows, kr->session->account_id,
                  kr->tenant_id) != APR_SUCCESS || rows->nrows != 1) {
        return kp_unavailable(kr, "loading an account");
    }
    kp_page_new(kr, "portal-account");
    a = kp_xml_add(kr->root, "account", NULL);
    kp_xml_attr(a, "username", kp_cell(rows, 0, 0));
    kp_xml_attr(a, "name", kp_cell(rows, 0, 1));
    kp_xml_attr(a, "previous-login", kp_cell(rows, 0, 2) ? kp_cell(rows, 0, 2) : "");
    if (e) {
        kp_xml_attr(a, "err-current", e->current);
        kp_xml_attr(a, "err-new", e->fresh);
        kp_xml_attr(a, "err-repeat", e->repeat);
        kp_xml_attr(a, "changed", e->changed ? "1" : "0");
    }
    else {
        const char *changed = kp_query_get(kr, "changed");
        kp_xml_attr(a, "changed", changed && !strcmp(changed, "1") ? "1" : "0");
    }
    return kp_page_send(kr, "portal-account", status);
}

static int account_show(kp_req *kr)
{
    return account_page(kr, HTTP_OK, NULL);
}

static int password_change(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    const char *current = kp_form_get(kr, "current");
    const char *fresh = kp_form_get(kr, "new");
    const char *repeat = kp_form_get(kr, "repeat");
    kp_hash_cost cost;
    kp_password_problem problem;
    const char *hash;
    kp_rows *rows;
    const char *subject;
    pw_errors e;

    memset(&e, 0, sizeof(e));
    if (kp_select(kr->db, p, "account_load", &rows, kr->session->account_id, kr->tenant_id)
            != APR_SUCCESS || rows->nrows != 1) {
        return kp_unavailable(kr, "loading an account");
    }
    /* A stolen session must not become a way to guess the password: the same throttle as
     * the login, and a lock here locks the login too. */
    subject = apr_pstrdup(p, kp_cell(rows, 0, 0));
    ap_str_tolower((char *)subject);
    if (kp_throttle_locked(kr, subject)) {
        e.current = "account.error.locked";
        return account_page(kr, HTTP_TOO_MANY_REQUESTS, &e);
    }
    if (!current || !*current || strlen(current) > KP_PASSWORD_MAX_BYTES
        || !kp_password_verify(kp_cell(rows, 0, 3), current)) {
        e.current = "account.error.current";
    }
    problem = kp_password_check(fresh, kp_cell(rows, 0, 0));
    if (problem != KP_PASSWORD_OK) {
        e.fresh = kp_password_problem_key(problem);
    }
    else if (current && !strcmp(current, fresh)) {
        e.fresh = "account.error.same";
    }
    if (!e.fresh && (!repeat || strcmp(fresh, repeat) != 0)) {
        e.repeat = "account.error.repeat";
    }
    if (e.current || e.fresh || e.repeat) {
        if (e.current) {
            kp_throttle_failure(kr, subject);
            kp_audit(kr, "portal.password_change_failed", "portal_account", kr->session->account_id,
                     NULL);
        }
        return account_page(kr, HTTP_BAD_REQUEST, &e);
    }
    cost.ops = (unsigned long long)kr->sconf->hash_ops;
    cost.mem_kib = (apr_size_t)kr->sconf->hash_mem_kib;
    if (kp_password_hash(p, fresh, &cost, &hash) != APR_SUCCESS) {
        return kp_page_error(kr, HTTP_INTERNAL_SERVER_ERROR, "error.unavailable");
    }
    if (kp_db_begin(kr->db, p) != APR_SUCCESS
        || kp_exec(kr->db, p, "account_set_password", NULL, hash, kr->session->account_id,
                   kr->tenant_id) != APR_SUCCESS
        || kp_exec(kr->db, p, "session_delete_account_except", NULL, kr->tenant_id, "portal",
                   kr->session->account_id, kr->session->token_hash) != APR_SUCCESS
        || kp_db_commit(kr->db, p) != APR_SUCCESS) {
        return kp_unavailable(kr, "changing a password");
    }
    kp_throttle_clear(kr, subject);
    kp_audit(kr, "portal.password_changed", "portal_account", kr->session->account_id, NULL);
    return kp_redirect(kr, "/account?changed=1");
}

static const kp_route account_routes[] = {
    {"GET", "/account", KP_CUSTOMER, KP_AREA_NONE, account_show, 0},
    {"POST", "/account/password", KP_CUSTOMER, KP_AREA_NONE, password_change, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_account = {"account", account_statements, account_routes, NULL};
