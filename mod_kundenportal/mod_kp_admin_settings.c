/* mod_kp_admin_settings.c: "Grundeinstellungen" of the company (the Kundenstamm on or off) and
 * the edition's trial state that the administration's banner shows. */
#include "mod_kp_admin.h"

static const kp_statement settings_statements[] = {
    {"adm_settings_get",
     "SELECT customer_master_enabled, settings_version, portal_first_activated_at FROM tenant WHERE id = %s"},
    {"adm_settings_set",
     "UPDATE tenant SET customer_master_enabled = %s, settings_version = settings_version + 1"
     " WHERE id = %s AND settings_version = %s"},
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

static int show_settings(kp_req *kr, int status, const char *alert)
{
    kp_rows *rows;
    kp_formstate *fs = kp_fs_new(kr);
    xmlNodePtr edition;
    if (kp_select(kr->db, kr->r->pool, "adm_settings_get", &rows, kr->tenant_id) != APR_SUCCESS
        || rows->nrows != 1) {
        return kp_admin_unavailable(kr, "loading the settings");
    }
    kp_fs_set(fs, "customer_master", kp_cell(rows, 0, 0));
    kp_fs_set(fs, "version", kp_cell(rows, 0, 1));
    fs->alert = alert;
    kp_page_new(kr, "admin-settings");
    kp_fs_xml(kr->root, "settings", fs);
    edition = kp_xml_add(kr->root, "edition", NULL);
    kp_xml_attr(edition, "pro", kp_admin_flag(kr->sconf->edition_pro == 1));
    kp_xml_attr(edition, "kunden-plus", kp_admin_flag(kr->sconf->addon_kunden_plus == 1));
    kp_xml_attr(edition, "trial-days", apr_itoa(kr->r->pool, kr->sconf->trial_days));
    kp_xml_attr(edition, "first-activated", kp_cell(rows, 0, 2));
    return kp_page_send(kr, "admin-settings", status);
}

static int settings_page(kp_req *kr)
{
    return show_settings(kr, HTTP_OK, kp_admin_query(kr, "saved") ? "notice.saved" : NULL);
}

static int settings_save(kp_req *kr)
{
    int affected = 0, on = kp_admin_checkbox(kr, "customer_master");
    const char *version = kp_form_get(kr, "version");
    if (kp_exec(kr->db, kr->r->pool, "adm_settings_set", &affected, kp_admin_flag(on),
                kr->tenant_id, version ? version : "") != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "saving the settings");
    }
    if (affected != 1) {
        return show_settings(kr, HTTP_CONFLICT, "error.conflict");
    }
    kp_audit(kr, "settings.update", "tenant", kr->tenant_id,
             on ? "Kundenstamm on" : "Kundenstamm off");
    return kp_redirect(kr, "/settings?saved=1");
}

static const kp_route settings_routes[] = {
    {"GET", "/settings", KP_ADMIN, KP_AREA_NONE, settings_page, 0},
    {"POST", "/settings", KP_ADMIN, KP_AREA_NONE, settings_save, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_admin_settings = {"admin-settings", settings_statements, NULL,
                                            settings_routes};
