/* mod_kp_admin_link.c: "Link/QR Code anzeigen": a portal's link, its QR code (SVG, PNG), the
 * printable access sheet per account, "Link erneuern", one-time invitation links with which
 * a customer sets the password of an account (the portal's /invite/{token}), and deleting an
 * account for good (after a confirmation page). */
#include "mod_kp_admin.h"
#include "kp_qr.h"
#include "kp_token.h"
#include "kp_passpolicy.h"
#include "apr_base64.h"
#include "http_core.h"

#define QR_PNG_MODULE_PX 8
#define INVITE_DAYS "7"

static const kp_statement link_statements[] = {
    /* Switched on or off (the page shows either), but not a customer's portal while the
     * Kundenstamm is off. */
    {"adm_link_portal",
     "SELECT po.id, po.link_token, po.enabled, po.project_id, po.customer_id, COALESCE(pr.name, c.name)"
     " FROM portal po JOIN tenant t ON t.id = po.tenant_id LEFT JOIN project pr ON pr.id = po.project_id"
     " LEFT JOIN customer c ON c.id = po.customer_id WHERE po.id = %s AND po.tenant_id = %s"
     " AND" KP_PORTAL_SHOWN("po", "t")},
    {"adm_link_accounts",
     "SELECT id, username, display_name, active, password_hash IS NULL FROM portal_account"
     " WHERE portal_id = %s AND tenant_id = %s ORDER BY username, id"},
    {"adm_link_account",
     "SELECT id, username, display_name, active FROM portal_account"
     " WHERE id = %s AND portal_id = %s AND tenant_id = %s"},
    {"adm_link_rotate",
     "UPDATE portal SET link_token = %s, updated_at = UTC_TIMESTAMP() WHERE id = %s AND tenant_id = %s"},
    {"adm_invite_clear", "DELETE FROM portal_invite WHERE account_id = %s AND tenant_id = %s"},
    {"adm_invite_insert",
     "INSERT INTO portal_invite (token_hash, tenant_id, account_id, expires_at, created_at)"
     " VALUES (%s, %s, %s, UTC_TIMESTAMP() + INTERVAL " INVITE_DAYS " DAY, UTC_TIMESTAMP())"},
    {"invite_find",
     "SELECT a.id, a.username, a.display_name, po.link_token FROM portal_invite i"
     " JOIN portal_account a ON a.id = i.account_id AND a.tenant_id = i.tenant_id"
     " JOIN portal po ON po.id = a.portal_id AND po.tenant_id = a.tenant_id"
     " JOIN tenant t ON t.id = a.tenant_id"
     " WHERE i.token_hash = %s AND i.tenant_id = %s AND i.used_at IS NULL"
     " AND i.expires_at > UTC_TIMESTAMP() AND a.active = 1 AND" KP_PORTAL_LIVE("po", "t")},
    {"invite_use",
     "UPDATE portal_invite SET used_at = UTC_TIMESTAMP() WHERE token_hash = %s AND used_at IS NULL"},
    {"invite_set_password",
     "UPDATE portal_account SET password_hash = %s, updated_at = UTC_TIMESTAMP() WHERE id = %s AND tenant_id = %s"},
    /* Its read marks, drafts and invitations go with it (foreign keys); its jobs stay, without
     * account; messages and documents keep the name they were written under. */
    {"adm_account_delete",
     "DELETE FROM portal_account WHERE id = %s AND portal_id = %s AND tenant_id = %s"},
    /* ... a change of the portal: a page of it shown before cannot save over it unawares (staged
     * changes of the account went with it). */
    {"adm_portal_touch",
     "UPDATE portal SET version = version + 1, updated_at = UTC_TIMESTAMP() WHERE id = %s AND tenant_id = %s"},
    {NULL, NULL}
};

typedef struct link_portal {
    const char *id, *token, *project_id, *customer_id, *owner_name;
    int enabled;
} link_portal;

/* The absolute URL of a portal path: KundenportalBaseURL, else this request's own origin, and
 * the portal's mount (KundenportalPortalPath: the administration's requests do not tell it). */
static const char *portal_url(kp_req *kr, const char *path)
{
    const char *base = kr->dconf->base_url;
    if (!base) {
        base = ap_construct_url(kr->r->pool, "", kr->r);
        if (base[0] && base[strlen(base) - 1] == '/') {
            base = apr_pstrndup(kr->r->pool, base, strlen(base) - 1);
        }
    }
    return apr_pstrcat(kr->r->pool, base,
                       kr->dconf->portal_path ? kr->dconf->portal_path : "/portal", path, NULL);
}

/* 1 found, 0 not found (404 sent), -1 database failure (503 sent): *rv holds the response. */
static int load_portal_id(kp_req *kr, const char *id, link_portal *lp, int *rv)
{
    kp_rows *rows;
    if (kp_select(kr->db, kr->r->pool, "adm_link_portal", &rows, id, kr->tenant_id)
        != APR_SUCCESS) {
        *rv = kp_admin_unavailable(kr, "loading a portal");
        return 0;
    }
    if (rows->nrows != 1) {
        *rv = kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
        return 0;
    }
    lp->id = kp_cell(rows, 0, 0);
    lp->token = kp_cell(rows, 0, 1);
    lp->enabled = kp_cell(rows, 0, 2)[0] == '1';
    lp->project_id = kp_cell(rows, 0, 3);
    lp->customer_id = kp_cell(rows, 0, 4);
    lp->owner_name = kp_cell(rows, 0, 5);
    return 1;
}

/* The portal of a /portals/{id}/.. route. */
static int load_portal(kp_req *kr, link_portal *lp, int *rv)
{
    return load_portal_id(kr, kr->param[0], lp, rv);
}

/* The portal and the account of a /portals/{id}/accounts/{account}/.. route (adm_link_account:
 * id, username, display_name, active), as load_portal_id. */
static int load_account(kp_req *kr, link_portal *lp, kp_rows **account, int *rv)
{
    if (!load_portal(kr, lp, rv)) {
        return 0;
    }
    if (kp_select(kr->db, kr->r->pool, "adm_link_account", account, kr->param[1], lp->id,
                  kr->tenant_id) != APR_SUCCESS) {
        *rv = kp_admin_unavailable(kr, "loading an account");
        return 0;
    }
    if ((*account)->nrows != 1) {
        *rv = kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
        return 0;
    }
    return 1;
}

static xmlNodePtr portal_xml(kp_req *kr, const link_portal *lp)
{
    xmlNodePtr node = kp_xml_add(kr->root, "portal", NULL);
    kp_xml_attr(node, "id", lp->id);
    kp_xml_attr(node, "enabled", kp_admin_flag(lp->enabled));
    kp_xml_attr(node, "owner", lp->project_id ? "project" : "customer");
    kp_xml_attr(node, "owner-id", lp->project_id ? lp->project_id : lp->customer_id);
    kp_xml_add(node, "owner-name", lp->owner_name);
    kp_xml_add(node, "link", portal_url(kr, apr_pstrcat(kr->r->pool, "/p/", lp->token, NULL)));
    return node;
}

/* Adds <qr src="data:image/svg+xml;base64,.."/>: the SVG inside the page (it prints with it, and
 * an invitation's code exists nowhere else), shown through <img> so no SVG markup can run. */
static apr_status_t qr_xml(kp_req *kr, xmlNodePtr parent, const char *text)
{
    char *svg, *b64;
    int len;
    if (kp_qr_svg(kr->r->pool, text, &svg) != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    len = (int)strlen(svg);
    b64 = apr_palloc(kr->r->pool, (apr_size_t)apr_base64_encode_len(len));
    apr_base64_encode(b64, svg, len);
    kp_xml_attr(kp_xml_add(parent, "qr", NULL), "src",
                apr_pstrcat(kr->r->pool, "data:image/svg+xml;base64,", b64, NULL));
    return APR_SUCCESS;
}

static int link_page(kp_req *kr)
{
    link_portal lp;
    kp_rows *rows;
    xmlNodePtr node, list;
    int rv, i;

    if (!load_portal(kr, &lp, &rv)) {
        return rv;
    }
    if (kp_select(kr->db, kr->r->pool, "adm_link_accounts", &rows, lp.id, kr->tenant_id)
        != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "listing accounts");
    }
    kp_page_new(kr, "admin-link");
    node = portal_xml(kr, &lp);
    if (qr_xml(kr, node, portal_url(kr, apr_pstrcat(kr->r->pool, "/p/", lp.token, NULL)))
        != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "making a QR code");
    }
    list = kp_xml_add(node, "accounts", NULL);
    for (i = 0; i < rows->nrows; i++) {
        xmlNodePtr a = kp_xml_add(list, "account", kp_cell(rows, i, 2));
        kp_xml_attr(a, "id", kp_cell(rows, i, 0));
        kp_xml_attr(a, "username", kp_cell(rows, i, 1));
        kp_xml_attr(a, "active", kp_cell(rows, i, 3));
        kp_xml_attr(a, "no-password", kp_cell(rows, i, 4));
    }
    kp_xml_attr(kr->root, "notice", kp_query_get(kr, "rotated") ? "link.rotated" : NULL);
    return kp_page_send(kr, "admin-link", HTTP_OK);
}

static int qr_send(kp_req *kr, int png)
{
    link_portal lp;
    const char *url;
    char *data;
    apr_size_t len;
    int rv;

    if (!load_portal(kr, &lp, &rv)) {
        return rv;
    }
    url = portal_url(kr, apr_pstrcat(kr->r->pool, "/p/", lp.token, NULL));
    if (png ? kp_qr_png(kr->r->pool, url, QR_PNG_MODULE_PX, &data, &len) != APR_SUCCESS
            : kp_qr_svg(kr->r->pool, url, &data) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "making a QR code");
    }
    if (!png) {
        len = strlen(data);
    }
    kp_security_headers(kr, 1);
    ap_set_content_type(kr->r, png ? "image/png" : "image/svg+xml");
    apr_table_setn(kr->r->headers_out, "Content-Disposition",
                   png ? "attachment; filename=\"kundenportal-qr.png\"" : "inline; filename=\"kundenportal-qr.svg\"");
    ap_set_content_length(kr->r, (apr_off_t)len);
    ap_rwrite(data, (int)len, kr->r);
    return OK;
}

static int qr_svg(kp_req *kr)
{
    return qr_send(kr, 0);
}

static int qr_png(kp_req *kr)
{
    return qr_send(kr, 1);
}

/* "Link erneuern": a new token; the old link answers 404 from now on. */
static int link_rotate(kp_req *kr)
{
    link_portal lp;
    int rv;
    if (!load_portal(kr, &lp, &rv)) {
        return rv;
    }
    if (kp_exec(kr->db, kr->r->pool, "adm_link_rotate", NULL, kp_admin_new_link_token(kr), lp.id,
                kr->tenant_id) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "renewing a portal link");
    }
    kp_audit(kr, "portal.link_renewed", "portal", lp.id, lp.owner_name);
    return kp_redirect(kr, apr_pstrcat(kr->r->pool, "/portals/", lp.id, "/link?rotated=1", NULL));
}

/* The printable access sheet: <account> with the username; then either the one-time invitation
 * link, or the portal link with the password (only right after it was typed) or a blank line. */
static int sheet_send(kp_req *kr, const link_portal *lp, const char *username, const char *name,
                      const char *password, const char *invite_url, const kp_formstate *typed)
{
    xmlNodePtr node, a;
    kp_page_new(kr, "admin-sheet");
    node = portal_xml(kr, lp);
    a = kp_xml_add(node, "account", name);
    kp_xml_attr(a, "username", username);
    if (password) {   /* only on the response to "Übernehmen": the password is never stored */
        kp_xml_add(node, "password", password);
        kp_xml_attr(kr->root, "staged", "1");
    }
    if (typed) {      /* the page's typed fields, for the way back (never a password) */
        kp_fs_xml(kr->root, "main", typed);
    }
    if (invite_url) {
        xmlNodePtr inv = kp_xml_add(node, "invite", NULL);
        kp_xml_attr(inv, "url", invite_url);
        kp_xml_attr(inv, "days", INVITE_DAYS);
        if (qr_xml(kr, inv, invite_url) != APR_SUCCESS) {
            return kp_admin_unavailable(kr, "making a QR code");
        }
    }
    else if (qr_xml(kr, node, portal_url(kr, apr_pstrcat(kr->r->pool, "/p/", lp->token, NULL)))
             != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "making a QR code");
    }
    return kp_page_send(kr, "admin-sheet", HTTP_OK);
}

/* The access sheet of a saved account; invite_url set right after an invitation was made. */
static int sheet(kp_req *kr, const char *invite_url)
{
    link_portal lp;
    kp_rows *rows;
    int rv;

    if (!load_account(kr, &lp, &rows, &rv)) {
        return rv;
    }
    return sheet_send(kr, &lp, kp_cell(rows, 0, 1), kp_cell(rows, 0, 2), NULL, invite_url, NULL);
}

int kp_admin_sheet_staged(kp_req *kr, const char *portal_id, const char *username,
                          const char *name, const char *password, const kp_formstate *typed)
{
    link_portal lp;
    int rv;
    if (!load_portal_id(kr, portal_id, &lp, &rv)) {
        return rv;
    }
    return sheet_send(kr, &lp, username, name, password, NULL, typed);
}

static int sheet_page(kp_req *kr)
{
    return sheet(kr, NULL);
}

/* A one-time invitation: only its hash is stored; the link is shown on this response only. */
static int invite_create(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    const char *token = kp_token_new(p, 32);
    link_portal lp;
    kp_rows *rows;
    int rv;

    if (!load_account(kr, &lp, &rows, &rv)) {
        return rv;
    }
    if (kp_db_begin(kr->db, p) != APR_SUCCESS
        || kp_exec(kr->db, p, "adm_invite_clear", NULL, kr->param[1], kr->tenant_id) != APR_SUCCESS
        || kp_exec(kr->db, p, "adm_invite_insert", NULL, kp_token_hash_hex(p, token), kr->tenant_id,
                   kr->param[1]) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "creating an invitation");
    }
    kp_audit(kr, "account.invite", "portal_account", kr->param[1], kp_cell(rows, 0, 1));
    if (kp_db_commit(kr->db, p) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "creating an invitation");
    }
    return sheet(kr, portal_url(kr, apr_pstrcat(p, "/invite/", token, NULL)));
}

/* "Konto löschen": what goes and what stays, asked before it is done. */
static int delete_page(kp_req *kr)
{
    link_portal lp;
    kp_rows *rows;
    xmlNodePtr node;
    int rv;

    if (!load_account(kr, &lp, &rows, &rv)) {
        return rv;
    }
    kp_page_new(kr, "admin-account-delete");
    node = kp_xml_add(portal_xml(kr, &lp), "account", kp_cell(rows, 0, 2));
    kp_xml_attr(node, "id", kp_cell(rows, 0, 0));
    kp_xml_attr(node, "username", kp_cell(rows, 0, 1));
    return kp_page_send(kr, "admin-account-delete", HTTP_OK);
}

/* Deleted with everything that stands for its access (sessions, invitations, calendar feed),
 * in one transaction, then back to its project or customer. */
static int delete_account(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    link_portal lp;
    kp_rows *rows;
    int rv, affected = 0;

    if (!load_account(kr, &lp, &rows, &rv)) {
        return rv;
    }
    if (kp_db_begin(kr->db, p) != APR_SUCCESS
        || kp_portal_access_revoke(kr, kp_cell(rows, 0, 0), NULL) != APR_SUCCESS
        || kp_exec(kr->db, p, "adm_account_delete", &affected, kp_cell(rows, 0, 0), lp.id,
                   kr->tenant_id) != APR_SUCCESS
        || kp_exec(kr->db, p, "adm_portal_touch", NULL, lp.id, kr->tenant_id) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "deleting an account");
    }
    if (affected != 1) {   /* deleted meanwhile by someone else */
        kp_db_rollback(kr->db, p);
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    kp_audit(kr, "account.delete", "portal_account", kp_cell(rows, 0, 0), kp_cell(rows, 0, 1));
    if (kp_db_commit(kr->db, p) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "deleting an account");
    }
    kp_throttle_clear_portal_user(kr, kp_cell(rows, 0, 1));   /* the name is free, its count too */
    return kp_redirect(kr, apr_pstrcat(p, lp.project_id ? "/projects/" : "/customers/",
                                       lp.project_id ? lp.project_id : lp.customer_id,
                                       "?deleted=1#portal", NULL));
}

/* ---- the customer's side: GET|POST /portal/invite/{token} ---- */

static int invite_form(kp_req *kr, kp_rows *inv, kp_formstate *fs, int status)
{
    xmlNodePtr node;
    kp_page_new(kr, "portal-invite");
    node = kp_xml_add(kr->root, "invite", NULL);
    kp_xml_attr(node, "token", kr->param[0]);
    kp_xml_attr(node, "csrf", kr->session ? kr->session->csrf : kp_login_csrf(kr));
    kp_xml_attr(node, "username", kp_cell(inv, 0, 1));
    kp_xml_attr(node, "name", kp_cell(inv, 0, 2));
    kp_fs_xml(node, "invite", fs);
    return kp_page_send(kr, "portal-invite", status);
}

static kp_rows *find_invite(kp_req *kr, int *rv)
{
    kp_rows *rows;
    if (!kp_token_wellformed(kr->param[0], 43)) {
        *rv = kp_page_error(kr, HTTP_NOT_FOUND, "error.invite_invalid");
        return NULL;
    }
    if (kp_select(kr->db, kr->r->pool, "invite_find", &rows,
                  kp_token_hash_hex(kr->r->pool, kr->param[0]), kr->tenant_id) != APR_SUCCESS) {
        *rv = kp_admin_unavailable(kr, "looking up an invitation");
        return NULL;
    }
    if (rows->nrows != 1) {
        *rv = kp_page_error(kr, HTTP_NOT_FOUND, "error.invite_invalid");
        return NULL;
    }
    return rows;
}

static int invite_page(kp_req *kr)
{
    int rv;
    kp_rows *inv = find_invite(kr, &rv);
    return inv ? invite_form(kr, inv, NULL, HTTP_OK) : rv;
}

static int invite_accept(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    const char *pw = kp_form_get(kr, "password"), *again = kp_form_get(kr, "password2"), *hash;
    kp_formstate *fs = kp_fs_new(kr);
    kp_password_problem problem;
    int rv, affected = 0;
    kp_rows *inv = find_invite(kr, &rv);

    if (!inv) {
        return rv;
    }
    problem = kp_password_check(pw, kp_cell(inv, 0, 1));
    if (problem != KP_PASSWORD_OK) {
        kp_fs_error(fs, "password", kp_password_problem_key(problem));
    }
    else if (!again || strcmp(pw, again) != 0) {
        kp_fs_error(fs, "password2", "error.password.mismatch");
    }
    if (kp_fs_has_errors(fs)) {
        return invite_form(kr, inv, fs, HTTP_BAD_REQUEST);
    }
    if (!(hash = kp_hash_new_password(kr, pw))) {
        return kp_admin_unavailable(kr, "hashing a password");
    }
    if (kp_db_begin(kr->db, p) != APR_SUCCESS
        || kp_exec(kr->db, p, "invite_use", &affected, kp_token_hash_hex(p, kr->param[0])) != APR_SUCCESS
        || affected != 1
        || kp_exec(kr->db, p, "invite_set_password", NULL, hash, kp_cell(inv, 0, 0), kr->tenant_id)
               != APR_SUCCESS
        || kp_portal_access_revoke(kr, kp_cell(inv, 0, 0), NULL) != APR_SUCCESS) {
        kp_db_rollback(kr->db, p);
        return affected != 1 ? kp_page_error(kr, HTTP_NOT_FOUND, "error.invite_invalid")
                             : kp_admin_unavailable(kr, "accepting an invitation");
    }
    kp_audit_by(kr, kp_cell(inv, 0, 0), kp_cell(inv, 0, 2), "account.invite_accepted", "portal_account",
                kp_cell(inv, 0, 0), kp_cell(inv, 0, 1));   /* the account itself accepted */
    if (kp_db_commit(kr->db, p) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "accepting an invitation");
    }
    kp_throttle_clear(kr, kp_cell(inv, 0, 1));   /* the new password works at once */
    return kp_redirect(kr, apr_pstrcat(p, "/p/", kp_cell(inv, 0, 3), "?password_set=1", NULL));
}

static const kp_route link_admin_routes[] = {
    {"GET", "/portals/{id}/link", KP_ADMIN, KP_AREA_NONE, link_page, 0},
    {"POST", "/portals/{id}/link", KP_ADMIN, KP_AREA_NONE, link_rotate, 0},
    {"GET", "/portals/{id}/qr.svg", KP_ADMIN, KP_AREA_NONE, qr_svg, 0},
    {"GET", "/portals/{id}/qr.png", KP_ADMIN, KP_AREA_NONE, qr_png, 0},
    {"GET", "/portals/{id}/accounts/{account}/sheet", KP_ADMIN, KP_AREA_NONE, sheet_page, 0},
    {"POST", "/portals/{id}/accounts/{account}/invite", KP_ADMIN, KP_AREA_NONE, invite_create, 0},
    {"GET", "/portals/{id}/accounts/{account}/delete", KP_ADMIN, KP_AREA_NONE, delete_page, 0},
    {"POST", "/portals/{id}/accounts/{account}/delete", KP_ADMIN, KP_AREA_NONE, delete_account, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

static const kp_route link_portal_routes[] = {
    {"GET", "/invite/{token}", KP_ANON, KP_AREA_NONE, invite_page, 0},
    {"POST", "/invite/{token}", KP_ANON, KP_AREA_NONE, invite_accept, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_admin_link = {"admin-link", link_statements, link_portal_routes,
                                        link_admin_routes};
