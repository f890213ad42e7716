/* mod_kp_admin_settings.c: "Grundeinstellungen" of the company (the Kundenstamm on or off) and
 * the edition's trial state that the administration's banner shows. */
#include "mod_kp_admin.h"

static const kp_statement settings_statements[] = {
    {"adm_settings_get",
     "SELECT customer_master_enabled, settings_version, portal_first_activated_at FROM tenant WHERE id = %s"},
    {"adm_settings_set",
     "UPDATE tenant SET customer_master_enabled = %s, settings_version = settings_version + 1"
     " WHERE id = %s AND settings_version = %s"},
    /* What switching the Kundenstamm off takes offline: the customers' portals switched on,
     * and their active accounts. */
    {"adm_settings_customer_portals",
     "SELECT COUNT(DISTINCT po.id), COUNT(a.id) FROM portal po"
     " LEFT JOIN portal_account a ON a.portal_id = po.id AND a.tenant_id = po.tenant_id AND a.active = 1"
     " WHERE po.tenant_id = %s AND po.customer_id IS NOT NULL AND po.enabled = 1"},
    /* ... and once it is off, their sessions end (as when a portal is switched off). */
    {"adm_settings_end_customer_sessions",
     KP_ADMIN_END_PORTAL_SESSIONS(" JOIN portal po ON po.id = a.portal_id AND po.tenant_id = a.tenant_id",
                                  " s.tenant_id = %s AND po.customer_id IS NOT NULL")},
    {NULL, NULL}
};

int kp_admin_customer_master(kp_req *kr)
{
    kp_rows *rows;
    if (kp_select(kr->db, kr->r->pool, "adm_settings_get", &rows, kr->tenant_id) != APR_SUCCESS
        || rows->nrows != 1) {
        return -1;
    }
    return kp_cell(rows, 0, 0)[0] == '1';
}

/* The page, with what the save in hand would stop when it asks before switching the
 * Kundenstamm off (how many customers' portals and active accounts: the row of
 * adm_settings_customer_portals), else both NULL. */
static int show_flag(kp_req *kr, const kp_tenant_flag *f, int status, const char *alert,
                     const char *confirm_portals, const char *confirm_accounts)
{
    kp_rows *rows, *state;
    kp_formstate *fs = kp_fs_new(kr);
    if (kp_select(kr->db, kr->r->pool, f->get_label, &rows, kr->tenant_id) != APR_SUCCESS
        || kp_select(kr->db, kr->r->pool, "adm_settings_get", &state, kr->tenant_id) != APR_SUCCESS
        || rows->nrows != 1 || state->nrows != 1) {
        return kp_admin_unavailable(kr, "loading the settings");
    }
    kp_fs_set(fs, f->field, kp_cell(rows, 0, 0));
    kp_fs_set(fs, "version", kp_cell(rows, 0, 1));
    fs->alert = alert;
    kp_page_new(kr, f->page);
    kp_fs_xml(kr->root, f->page, fs);
    if (f->with_edition) {
        xmlNodePtr edition = kp_xml_add(kr->root, "edition", NULL);
        kp_xml_attr(edition, "pro", kp_admin_flag(kr->sconf->edition_pro == 1));
        kp_xml_attr(edition, "kunden-plus", kp_admin_flag(kr->sconf->addon_kunden_plus == 1));
        kp_xml_attr(edition, "trial-days", apr_itoa(kr->r->pool, kr->sconf->trial_days));
        kp_xml_attr(edition, "first-activated", kp_cell(state, 0, 2));
    }
    if (confirm_portals) {
        xmlNodePtr c = kp_xml_add(kr->root, "confirm-off", NULL);
        kp_xml_attr(c, "portals", confirm_portals);
        kp_xml_attr(c, "accounts", confirm_accounts);
    }
    return kp_page_send(kr, f->page, status);
}

int kp_admin_flag_page(kp_req *kr, const kp_tenant_flag *f)
{
    return show_flag(kr, f, HTTP_OK, kp_query_get(kr, "saved") ? "notice.saved" : NULL, NULL,
                     NULL);
}

int kp_admin_flag_save(kp_req *kr, const kp_tenant_flag *f)
{
    int affected = 0, on = kp_admin_checkbox(kr, f->field);
    const char *version = kp_admin_version(kr, "version");
    /* A form without a version (or a malformed one) is as stale as an old one. */
    if (!*version) {
        return show_flag(kr, f, HTTP_CONFLICT, "error.conflict", NULL, NULL);
    }
    if (kp_db_begin(kr->db, kr->r->pool) != APR_SUCCESS
        || kp_exec(kr->db, kr->r->pool, f->set_label, &affected, kp_admin_flag(on), kr->tenant_id,
                   version) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "saving the settings");
    }
    if (affected != 1) {
        kp_db_rollback(kr->db, kr->r->pool);
        return show_flag(kr, f, HTTP_CONFLICT, "error.conflict", NULL, NULL);
    }
    if ((!on && f->off_label
         && kp_exec(kr->db, kr->r->pool, f->off_label, NULL, kr->tenant_id) != APR_SUCCESS)
        || kp_db_commit(kr->db, kr->r->pool) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "saving the settings");
    }
    kp_audit(kr, f->audit_action, "tenant", kr->tenant_id, on ? f->audit_on : f->audit_off);
    return kp_redirect(kr, apr_pstrcat(kr->r->pool, f->path, "?saved=1", NULL));
}

static const kp_tenant_flag grundeinstellungen = {
    "admin-settings", "/settings", "customer_master", "adm_settings_get", "adm_settings_set",
    "settings.update", "Kundenstamm on", "Kundenstamm off", 1, "adm_settings_end_customer_sessions"
};

static int settings_page(kp_req *kr)
{
    return kp_admin_flag_page(kr, &grundeinstellungen);
}

/* Switching the Kundenstamm off takes the customers' portals offline: while any is switched
 * on, the page asks once more, saying how many portals and active accounts that concerns. */
static int settings_save(kp_req *kr)
{
    kp_rows *state, *live;
    if (kp_admin_checkbox(kr, "customer_master") || kp_admin_checkbox(kr, "confirm_off")) {
        return kp_admin_flag_save(kr, &grundeinstellungen);
    }
    if (kp_select(kr->db, kr->r->pool, "adm_settings_get", &state, kr->tenant_id) != APR_SUCCESS
        || kp_select(kr->db, kr->r->pool, "adm_settings_customer_portals", &live, kr->tenant_id)
               != APR_SUCCESS || state->nrows != 1 || live->nrows != 1) {
        return kp_admin_unavailable(kr, "loading the settings");
    }
    /* Already off, nothing to take offline, or shown before another save (its conflict). */
    if (kp_cell(state, 0, 0)[0] != '1' || !strcmp(kp_cell(live, 0, 0), "0")
        || strcmp(kp_cell(state, 0, 1), kp_admin_version(kr, "version")) != 0) {
        return kp_admin_flag_save(kr, &grundeinstellungen);
    }
    return show_flag(kr, &grundeinstellungen, HTTP_CONFLICT, NULL, kp_cell(live, 0, 0),
                     kp_cell(live, 0, 1));
}

static const kp_route settings_routes[] = {
    {"GET", "/settings", KP_ADMIN, KP_AREA_NONE, settings_page, 0},
    {"POST", "/settings", KP_ADMIN, KP_AREA_NONE, settings_save, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_admin_settings = {"admin-settings", settings_statements, NULL,
                                            settings_routes};
