/* mod_kp_account.c: a portal account's own page: who is logged in, and changing the password
 * (which ends every other session of the account, and for a portal account its invitations and
 * calendar feed: kp_portal_access_revoke); the change itself is the administrators' too
 * (kp_password_change). */
#include "mod_kp_areas.h"
#include "kp_passpolicy.h"

static const kp_statement account_statements[] = {
    {"account_load",
     "SELECT username, display_name, DATE_FORMAT(previous_login_at, '%%Y-%%m-%%d %%H:%%i'),"
     " password_hash FROM portal_account WHERE id = %s AND tenant_id = %s"},
    /* Only over the password that was checked (kp_password_change). */
    {"account_set_password",
     "UPDATE portal_account SET password_hash = %s, updated_at = UTC_TIMESTAMP()"
     " WHERE id = %s AND tenant_id = %s AND password_hash = %s"},
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

int kp_password_change(kp_req *kr, kp_password_change_t *c)
{
    apr_pool_t *p = kr->r->pool;
    const char *current = kp_form_get(kr, "current");
    const char *fresh = kp_form_get(kr, "new");
    const char *repeat = kp_form_get(kr, "repeat");
    const char *hash;
    kp_password_problem problem;
    int changed = 0;

    if ((c->err_current = kp_throttle_refusal(kr, c->username))) {
        return HTTP_TOO_MANY_REQUESTS;
    }
    if (!current || !*current || strlen(current) > KP_PASSWORD_MAX_BYTES
        || !kp_password_verify(c->stored_hash, current)) {
        kp_throttle_failed(kr, c->username);
        c->err_current = "account.error.current";
    }
    else {
        kp_throttle_passed(kr, c->username);
    }
    problem = kp_password_check(fresh, c->username);
    if (problem != KP_PASSWORD_OK) {
        c->err_new = kp_password_problem_key(problem);
    }
    else if (current && !strcmp(current, fresh)) {
        c->err_new = "account.error.same";
    }
    if (!c->err_new && (!repeat || strcmp(fresh, repeat) != 0)) {
        c->err_repeat = "account.error.repeat";
    }
    if (c->err_current || c->err_new || c->err_repeat) {
        if (c->err_current) {
            kp_audit(kr, c->audit_failed, c->object_type, kr->session->account_id, NULL);
        }
        return HTTP_BAD_REQUEST;
    }
    if (!(hash = kp_hash_new_password(kr, fresh))) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (kp_db_begin(kr->db, p) != APR_SUCCESS
        || kp_exec(kr->db, p, c->set_statement, &changed, hash, kr->session->account_id,
                   kr->tenant_id, c->stored_hash) != APR_SUCCESS) {
        kp_db_log_failure(kr, "changing a password");
        kp_db_rollback(kr->db, p);
        return HTTP_SERVICE_UNAVAILABLE;
    }
    /* Changed by someone else (an administrator's reset) since the current one was checked:
     * that change stands; this one is not stored. */
    if (changed != 1) {
        kp_db_rollback(kr->db, p);
        c->err_current = "account.error.changed_meanwhile";
        return HTTP_CONFLICT;
    }
    if ((strcmp(c->session_kind, "portal")
                ? kp_exec(kr->db, p, "session_delete_account_except", NULL, kr->tenant_id,
                          c->session_kind, kr->session->account_id, kr->session->token_hash)
                : kp_portal_access_revoke(kr, kr->session->account_id, kr->session->token_hash))
               != APR_SUCCESS
        || kp_db_commit(kr->db, p) != APR_SUCCESS) {
        kp_db_log_failure(kr, "changing a password");
        return HTTP_SERVICE_UNAVAILABLE;
    }
    kp_audit(kr, c->audit_changed, c->object_type, kr->session->account_id, NULL);
    return OK;
}

static int password_change(kp_req *kr)
{
    kp_rows *rows;
    kp_password_change_t c;
    pw_errors e;
    int rc;

    if (kp_select(kr->db, kr->r->pool, "account_load", &rows, kr->session->account_id, kr->tenant_id)
            != APR_SUCCESS || rows->nrows != 1) {
        return kp_unavailable(kr, "loading an account");
    }
    memset(&c, 0, sizeof(c));
    c.username = kp_cell(rows, 0, 0);
    c.stored_hash = kp_cell(rows, 0, 3);
    c.set_statement = "account_set_password";
    c.session_kind = "portal";
    c.object_type = "portal_account";
    c.audit_changed = "portal.password_changed";
    c.audit_failed = "portal.password_change_failed";
    rc = kp_password_change(kr, &c);
    if (rc == OK) {
        return kp_redirect(kr, "/account?changed=1");
    }
    if (rc == HTTP_BAD_REQUEST || rc == HTTP_TOO_MANY_REQUESTS || rc == HTTP_CONFLICT) {
        memset(&e, 0, sizeof(e));
        e.current = c.err_current;
        e.fresh = c.err_new;
        e.repeat = c.err_repeat;
        return account_page(kr, rc, &e);
    }
    return kp_page_error(kr, rc, "error.unavailable");
}

static const kp_route account_routes[] = {
    {"GET", "/account", KP_CUSTOMER, KP_AREA_NONE, account_show, 0},
    {"POST", "/account/password", KP_CUSTOMER, KP_AREA_NONE, password_change, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_account = {"account", account_statements, account_routes, NULL};
