/* mod_kp_admin_users.c: the company's administrators (Administratoren): who may use the web
 * administration, added and deactivated by each other, a new password set for a colleague,
 * and each one's own password. Ending someone's access ends their sessions at once. */
#include "mod_kp_admin.h"
#include "mod_kp_areas.h"
#include "kp_passpolicy.h"
#include "kp_tenant.h"

/* A company has a handful; the page lists them all (up to this many). */
#define ADMINS_MAX "500"
/* The login reads usernames of at most this many bytes. */
#define USERNAME_MAX_BYTES 100

static const kp_statement admin_users_statements[] = {
    {"admins_list",
     "SELECT id, username, display_name, active, last_login_at FROM admin_user"
     " WHERE tenant_id = %s ORDER BY username, id LIMIT " ADMINS_MAX},
    {"admins_one",
     "SELECT id, username, display_name, active, password_hash FROM admin_user"
     " WHERE id = %s AND tenant_id = %s"},
    {"admins_insert",
     "INSERT INTO admin_user (tenant_id, username, password_hash, display_name, active, created_at)"
     " VALUES (%s, %s, %s, %s, 1, UTC_TIMESTAMP())"},
    {"admins_update",
     "UPDATE admin_user SET display_name = %s, active = %s WHERE id = %s AND tenant_id = %s"},
    {"admins_set_password",
     "UPDATE admin_user SET password_hash = %s WHERE id = %s AND tenant_id = %s"},
    /* Only over the password that was checked (kp_password_change). */
    {"admins_change_own_password",
     "UPDATE admin_user SET password_hash = %s WHERE id = %s AND tenant_id = %s"
     " AND password_hash = %s"},
    /* The acting admin's row and the changed one, locked by the primary key (these two rows
     * alone): two admins changing each other's access at once are one after the other, and the
     * second finds its own access gone, or the other's changed since its page was read. */
    {"admins_lock_pair",
     "SELECT id, active FROM admin_user FORCE INDEX (PRIMARY)"
     " WHERE id IN (%s, %s) AND tenant_id = %s ORDER BY id FOR UPDATE"},
    {NULL, NULL}
};

/* A refused form: which one, the fields shown again as typed (never a password), and up to
 * three errors by field. */
typedef struct refusal {
    const char *form;            /* "admin-new", "admin-edit" (with edit) or "own-password" */
    const char *edit;
    const char *const *kept;
    const char *field[3], *key[3];
    int n;
} refusal;

static void refuse(refusal *no, const char *field, const char *key)
{
    if (no->n < 3) {
        no->field[no->n] = field;
        no->key[no->n] = key;
        no->n++;
    }
}

/* The page: the own password, a new administrator, the list; after a refused form that form
 * with its errors. */
static int admins_page(kp_req *kr, int status, const refusal *no)
{
    apr_pool_t *p = kr->r->pool;
    const char *done = kp_query_get(kr, "done");
    kp_rows *rows;
    xmlNodePtr list;
    int i;

    if (kp_select(kr->db, p, "admins_list", &rows, kr->tenant_id) != APR_SUCCESS) {
        return kp_unavailable(kr, "listing the administrators");
    }
    kp_page_new(kr, "admin-admins");
    list = kp_xml_add(kr->root, "admins", NULL);
    kp_xml_attr(list, "me", kr->session->account_id);
    for (i = 0; i < rows->nrows; i++) {
        xmlNodePtr a = kp_xml_add(list, "admin", NULL);
        kp_xml_attr(a, "id", kp_cell(rows, i, 0));
        kp_xml_attr(a, "username", kp_cell(rows, i, 1));
        kp_xml_attr(a, "active", kp_cell(rows, i, 3));
        kp_xml_attr(a, "last-login", kp_cell(rows, i, 4) ? kp_cell(rows, i, 4) : "");
        kp_xml_add(a, "name", kp_cell(rows, i, 2));
    }
    /* after a redirect, what was done: from a fixed list, so a link cannot put text here */
    if (!no && done && (!strcmp(done, "added") || !strcmp(done, "saved")
                        || !strcmp(done, "password"))) {
        kp_xml_attr(kr->root, "notice", apr_pstrcat(p, "admins.done.", done, NULL));
    }
    if (no) {
        xmlNodePtr form = kp_form_node(kr, no->form, no->edit);
        kp_form_keep(kr, form, no->kept);
        for (i = 0; i < no->n; i++) {
            kp_form_error(form, no->field[i], no->key[i]);
        }
    }
    return kp_page_send(kr, "admin-admins", status);
}

static int admins_show(kp_req *kr)
{
    return admins_page(kr, HTTP_OK, NULL);
}

/* A change of someone's access (added, ended, given back, a new password) asks for the acting
 * admin's own password ("confirm"): a session left open or stolen must not become a lasting
 * way in. Under the login's throttle, as one's own password change. 0 with the error set
 * (*status 400, or 429 when locked). */
static int confirmed(kp_req *kr, refusal *no, int *status)
{
    apr_pool_t *p = kr->r->pool;
    const char *pw = kp_form_get(kr, "confirm");
    const char *subject, *refused;
    kp_rows *rows;

    if (kp_select(kr->db, p, "admins_one", &rows, kr->session->account_id, kr->tenant_id)
            != APR_SUCCESS || rows->nrows != 1) {
        *status = HTTP_SERVICE_UNAVAILABLE;
        return 0;
    }
    subject = kp_cell(rows, 0, 1);
    if ((refused = kp_throttle_refusal(kr, subject))) {
        refuse(no, "confirm", refused);
        *status = HTTP_TOO_MANY_REQUESTS;
        return 0;
    }
    if (!pw || !*pw || strlen(pw) > KP_PASSWORD_MAX_BYTES || !kp_password_verify(kp_cell(rows, 0, 4), pw)) {
        kp_throttle_failed(kr, subject);
        kp_audit(kr, "admin.confirm_failed", "admin_user", kr->session->account_id, NULL);
        refuse(no, "confirm", "admins.error.confirm");
        *status = HTTP_BAD_REQUEST;
        return 0;
    }
    kp_throttle_passed(kr, subject);
    return 1;
}

/* The active flag of the admin `id` among the rows locked by admins_lock_pair ("" if absent). */
static const char *locked_active(const kp_rows *locked, const char *id)
{
    int i;
    for (i = 0; i < locked->nrows; i++) {
        if (!strcmp(kp_cell(locked, i, 0), id)) {
            return kp_cell(locked, i, 1);
        }
    }
    return "";
}

/* POST /admins: a new administrator, active at once. */
static int admins_add(kp_req *kr)
{
    static const char *const kept[] = {"username", "display_name", NULL};
    apr_pool_t *p = kr->r->pool;
    refusal no = {"admin-new", NULL, kept, {NULL}, {NULL}, 0};
    int too_long_user, too_long_name;
    const char *username = kp_field_text(kr, "username", 100, &too_long_user);
    const char *name = kp_field_text(kr, "display_name", 200, &too_long_name);
    const char *password = kp_form_get(kr, "password");
    const char *hash, *id;
    kp_rows *locked;
    kp_password_problem problem;
    int status;

    if (!username || strlen(username) > USERNAME_MAX_BYTES) {   /* the login's limit */
        refuse(&no, "username", username || too_long_user ? "staff.error.too_long" : "staff.error.required");
    }
    else if (!kp_admin_username_ok(username)) {
        refuse(&no, "username", "error.username_chars");
    }
    if (!name) {
        refuse(&no, "display_name", too_long_name ? "staff.error.too_long" : "staff.error.required");
    }
    problem = kp_password_check(password, username);
    if (problem != KP_PASSWORD_OK) {
        refuse(&no, "password", kp_password_problem_key(problem));
    }
    if (!no.n && !confirmed(kr, &no, &status)) {
        return status == HTTP_SERVICE_UNAVAILABLE ? kp_unavailable(kr, "loading an administrator")
                                                  : admins_page(kr, status, &no);
    }
    if (no.n) {
        return admins_page(kr, HTTP_BAD_REQUEST, &no);
    }
    if (!(hash = kp_hash_new_password(kr, password))) {
        return kp_page_error(kr, HTTP_INTERNAL_SERVER_ERROR, "error.unavailable");
    }
    /* The adder's own row locked as a change of access locks it: whose access another admin
     * ended meanwhile adds no one. */
    if (kp_db_begin(kr->db, p) != APR_SUCCESS
        || kp_select(kr->db, p, "admins_lock_pair", &locked, kr->session->account_id,
                     kr->session->account_id, kr->tenant_id) != APR_SUCCESS) {
        return kp_unavailable(kr, "adding an administrator");
    }
    if (strcmp(locked_active(locked, kr->session->account_id), "1") != 0) {
        kp_db_rollback(kr->db, p);
        return kp_page_error(kr, HTTP_CONFLICT, "admins.error.gone");
    }
    if (kp_exec(kr->db, p, "admins_insert", NULL, kr->tenant_id, username, hash, name) != APR_SUCCESS) {
        if (kp_db_duplicate(kr->db)) {   /* the name is taken (in any case of its letters) */
            kp_db_rollback(kr->db, p);
            refuse(&no, "username", "admins.error.taken");
            return admins_page(kr, HTTP_CONFLICT, &no);
        }
        return kp_unavailable(kr, "adding an administrator");
    }
    if (!(id = kp_db_last_insert_id(kr->db, p))
        || kp_admin_mark_all_seen(kr->db, p, kr->tenant_id, username) != APR_SUCCESS
        || kp_db_commit(kr->db, p) != APR_SUCCESS) {
        return kp_unavailable(kr, "adding an administrator");
    }
    kp_audit(kr, "admin.admin_added", "admin_user", id, apr_pstrcat(p, username, " (", name, ")", NULL));
    return kp_redirect(kr, "/admins?done=added");
}

/* POST /admins/{id}: name and active flag; a new password when one is typed. Not for one's
 * own access: deactivating oneself is refused (so a company keeps an administrator), and one's
 * own password is changed with the current one (POST /admins/password). A change of access
 * asks for one's own password (confirmed). */
static int admins_save(kp_req *kr)
{
    static const char *const kept[] = {"display_name", "active", NULL};
    apr_pool_t *p = kr->r->pool;
    const char *id = kr->param[0];
    refusal no = {"admin-edit", id, kept, {NULL}, {NULL}, 0};
    int too_long, self = !strcmp(id, kr->session->account_id), status = HTTP_BAD_REQUEST;
    const char *name = kp_field_text(kr, "display_name", 200, &too_long);
    const char *active = kp_form_get(kr, "active");
    const char *password = kp_form_get(kr, "password");
    int deactivate = !active || strcmp(active, "1") != 0;
    int new_password = password && *password;
    const char *hash = NULL, *username;
    kp_rows *rows, *locked;

    if (!kp_valid_id(id)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (kp_select(kr->db, p, "admins_one", &rows, id, kr->tenant_id) != APR_SUCCESS) {
        return kp_unavailable(kr, "loading an administrator");
    }
    if (rows->nrows != 1) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    username = kp_cell(rows, 0, 1);
    if (!name) {
        refuse(&no, "display_name", too_long ? "staff.error.too_long" : "staff.error.required");
    }
    if (self && deactivate) {
        refuse(&no, "active", "admins.error.self_inactive");
    }
    if (self && new_password) {
        refuse(&no, "password", "admins.error.self_password");
    }
    else if (new_password) {
        kp_password_problem problem = kp_password_check(password, username);
        if (problem != KP_PASSWORD_OK) {
            refuse(&no, "password", kp_password_problem_key(problem));
        }
    }
    if (!no.n && (new_password || deactivate != !strcmp(kp_cell(rows, 0, 3), "0"))
        && !confirmed(kr, &no, &status) && status == HTTP_SERVICE_UNAVAILABLE) {
        return kp_unavailable(kr, "loading an administrator");
    }
    if (no.n) {
        return admins_page(kr, status, &no);
    }
    if (new_password && !(hash = kp_hash_new_password(kr, password))) {
        return kp_page_error(kr, HTTP_INTERNAL_SERVER_ERROR, "error.unavailable");
    }
    if (kp_db_begin(kr->db, p) != APR_SUCCESS
        || kp_select(kr->db, p, "admins_lock_pair", &locked, kr->session->account_id, id,
                     kr->tenant_id) != APR_SUCCESS) {
        return kp_unavailable(kr, "storing an administrator");
    }
    /* Ended meanwhile by someone else; or the other's access changed since it was read (whether
     * to ask for the confirmation was decided on that): nothing is written. */
    if (strcmp(locked_active(locked, kr->session->account_id), "1") != 0) {
        kp_db_rollback(kr->db, p);
        return kp_page_error(kr, HTTP_CONFLICT, "admins.error.gone");
    }
    if (strcmp(locked_active(locked, id), kp_cell(rows, 0, 3)) != 0) {
        kp_db_rollback(kr->db, p);
        return kp_page_error(kr, HTTP_CONFLICT, "admins.error.changed");
    }
    /* Deactivated or given a new password: the sessions of that access end with it. */
    if (kp_exec(kr->db, p, "admins_update", NULL, name, deactivate ? "0" : "1", id,
                kr->tenant_id) != APR_SUCCESS
        || (hash && kp_exec(kr->db, p, "admins_set_password", NULL, hash, id, kr->tenant_id)
                        != APR_SUCCESS)
        || ((hash || deactivate)
            && kp_exec(kr->db, p, "session_delete_account", NULL, kr->tenant_id, "admin", id)
                   != APR_SUCCESS)
        || kp_db_commit(kr->db, p) != APR_SUCCESS) {
        return kp_unavailable(kr, "storing an administrator");
    }
    if (hash) {   /* a new password is what a colleague locked out needs: the lock goes too */
        kp_throttle_clear(kr, username);
    }
    kp_audit(kr, "admin.admin_changed", "admin_user", id,
             apr_pstrcat(p, username, " (", name, ")", deactivate ? ", inactive" : ", active",
                         hash ? ", new password" : "", NULL));
    return kp_redirect(kr, "/admins?done=saved");
}

/* POST /admins/password: one's own password, with the current one (kp_password_change). */
static int admins_own_password(kp_req *kr)
{
    static const char *const none[] = {NULL};
    refusal no = {"own-password", NULL, none, {NULL}, {NULL}, 0};
    kp_password_change_t c;
    kp_rows *rows;
    int rc;

    if (kp_select(kr->db, kr->r->pool, "admins_one", &rows, kr->session->account_id, kr->tenant_id)
            != APR_SUCCESS || rows->nrows != 1) {
        return kp_unavailable(kr, "loading an administrator");
    }
    memset(&c, 0, sizeof(c));
    c.username = kp_cell(rows, 0, 1);
    c.stored_hash = kp_cell(rows, 0, 4);
    c.set_statement = "admins_change_own_password";
    c.session_kind = "admin";
    c.object_type = "admin_user";
    c.audit_changed = "admin.password_changed";
    c.audit_failed = "admin.password_change_failed";
    rc = kp_password_change(kr, &c);
    if (rc == OK) {
        return kp_redirect(kr, "/admins?done=password");
    }
    if (rc != HTTP_BAD_REQUEST && rc != HTTP_TOO_MANY_REQUESTS && rc != HTTP_CONFLICT) {
        return kp_page_error(kr, rc, "error.unavailable");
    }
    if (c.err_current) {
        refuse(&no, "current", c.err_current);
    }
    if (c.err_new) {
        refuse(&no, "new", c.err_new);
    }
    if (c.err_repeat) {
        refuse(&no, "repeat", c.err_repeat);
    }
    return admins_page(kr, rc, &no);
}

static const kp_route admin_users_routes[] = {
    {"GET", "/admins", KP_ADMIN, KP_AREA_NONE, admins_show, 0},
    {"POST", "/admins", KP_ADMIN, KP_AREA_NONE, admins_add, 0},
    {"POST", "/admins/password", KP_ADMIN, KP_AREA_NONE, admins_own_password, 0},
    {"POST", "/admins/{id}", KP_ADMIN, KP_AREA_NONE, admins_save, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_admin_users = {"admin_users", admin_users_statements, NULL,
                                         admin_users_routes};
