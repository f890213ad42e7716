/* mod_kp_admin_projects.c: the administration's projects (tab "Projekte (Aufträge/Kunden) & Co."):
 * list with search and paging, create, edit with "Konfiguration" and the "Kundenportal" section,
 * and the "Voreinstellung für neue Projekte". */
#include "mod_kp_admin.h"

#define PAGE_SIZE 25

static const kp_statement admin_statements[] = {
    /* A page of the list, in the order of the name index (ix_project_name): reading stops after
     * the page (and the rows before it); the customer and the portals (the project's own, and
     * its customer's, which shows the project too) are joined per row, and whether a customer
     * wrote or uploaded after this admin's read mark (the project's newest customer message and
     * document against the mark: a subquery into the chat per row cost MariaDB 0.4 ms a page). */
    {"admin_projects",
     "SELECT pr.id, pr.name, pr.number, c.name, po.enabled,"
     " pr.last_customer_message_id > COALESCE(sn.last_message_id, 0),"
     " pr.last_customer_document_id > COALESCE(sn.last_document_id, 0)," KP_PORTAL_LIVE("cpo", "t")
     " FROM project pr JOIN tenant t ON t.id = pr.tenant_id"
     " LEFT JOIN customer c ON c.id = pr.customer_id AND c.tenant_id = pr.tenant_id"
     " LEFT JOIN portal po ON po.project_id = pr.id"
     " LEFT JOIN portal cpo ON cpo.customer_id = pr.customer_id AND cpo.tenant_id = pr.tenant_id"
     " LEFT JOIN admin_project_seen sn ON sn.admin_id = %s AND sn.project_id = pr.id"
     " WHERE pr.tenant_id = %s AND (%s = '' OR LOCATE(%s, pr.name) > 0 OR LOCATE(%s, pr.number) > 0"
     " OR LOCATE(%s, COALESCE(c.name, '')) > 0)"
     " ORDER BY pr.name, pr.id LIMIT %s, %s"},
    {"adm_project_get",
     "SELECT id, name, number, address, customer_id, version FROM project WHERE id = %s AND tenant_id = %s"},
    {"adm_project_insert",
     "INSERT INTO project (tenant_id, customer_id, name, number, address, created_at, updated_at)"
     " VALUES (%s, %s, %s, %s, %s, UTC_TIMESTAMP(), UTC_TIMESTAMP())"},
    {"adm_project_update",
     "UPDATE project SET customer_id = %s, name = %s, number = %s, address = %s,"
     " version = version + 1, updated_at = UTC_TIMESTAMP()"
     " WHERE id = %s AND tenant_id = %s AND version = %s"},
    /* The first 2000 by name, and the project's own customer wherever it stands in that order:
     * an option missing from the list would be sent as "no customer" by the next save. */
    {"adm_customer_options",
     "(SELECT id, name, number FROM customer WHERE tenant_id = %s ORDER BY name, id LIMIT 2000)"
     " UNION (SELECT id, name, number FROM customer WHERE id = NULLIF(%s, '') AND tenant_id = %s)"
     " ORDER BY name, id"},
    {"adm_project_customer_portal",
     "SELECT c.id, c.name FROM project pr JOIN customer c ON c.id = pr.customer_id AND c.tenant_id = pr.tenant_id"
     " JOIN portal po ON po.customer_id = c.id JOIN tenant t ON t.id = pr.tenant_id"
     " WHERE pr.id = %s AND pr.tenant_id = %s AND" KP_PORTAL_LIVE("po", "t")},
    {"adm_customer_exists", "SELECT COUNT(*) FROM customer WHERE id = %s AND tenant_id = %s"},
    {"adm_project_defaults", "SELECT new_project_portal_default, settings_version FROM tenant WHERE id = %s"},
    {"adm_project_defaults_set",
     "UPDATE tenant SET new_project_portal_default = %s, settings_version = settings_version + 1"
     " WHERE id = %s AND settings_version = %s"},
    {NULL, NULL}
};

static int admin_home(kp_req *kr)
{
    return kp_redirect(kr, "/projects");
}

static int project_list(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    const char *q = kp_query_get(kr, "q");
    int page = kp_admin_page_number(kr), i, shown;
    kp_rows *rows;
    xmlNodePtr list;

    q = q ? q : "";
    if (kp_select(kr->db, p, "admin_projects", &rows, kr->session->account_id, kr->tenant_id, q, q,
                  q, q, kp_db_int(p, (long long)(page - 1) * PAGE_SIZE), kp_db_int(p, PAGE_SIZE + 1))
        != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "listing projects");
    }
    kp_page_new(kr, "admin-projects");
    list = kp_xml_add(kr->root, "projects", NULL);
    kp_xml_attr(list, "q", q);
    shown = rows->nrows > PAGE_SIZE ? PAGE_SIZE : rows->nrows;
    for (i = 0; i < shown; i++) {
        xmlNodePtr pr = kp_xml_add(list, "project", NULL);
        kp_xml_attr(pr, "id", kp_cell(rows, i, 0));
        kp_xml_attr(pr, "portal", kp_cell(rows, i, 4) && kp_cell(rows, i, 4)[0] == '1' ? "1"
                                  : kp_cell(rows, i, 7) && kp_cell(rows, i, 7)[0] == '1' ? "customer"
                                                                                      : "0");
        kp_xml_add(pr, "name", kp_cell(rows, i, 1));
        kp_xml_add(pr, "number", kp_cell(rows, i, 2));
        kp_xml_add(pr, "customer", kp_cell(rows, i, 3));
        /* a customer wrote, or uploaded, since this admin's last look */
        if (kp_cell(rows, i, 5) && kp_cell(rows, i, 5)[0] == '1') {
            kp_xml_attr(pr, "unread", "1");
        }
        if (kp_cell(rows, i, 6) && kp_cell(rows, i, 6)[0] == '1') {
            kp_xml_attr(pr, "new-documents", "1");
        }
    }
    kp_admin_pager(kr, page, rows->nrows > PAGE_SIZE, kp_admin_search_query(kr, q));
    return kp_page_send(kr, "admin-projects", HTTP_OK);
}

/* The customer choice, when the Kundenstamm is on: <customers> with <customer id=..>, own (the
 * project's customer, or "") among them. */
static apr_status_t add_customers(kp_req *kr, xmlNodePtr parent, int *master, const char *own)
{
    kp_rows *rows;
    xmlNodePtr list;
    int i;
    *master = kp_admin_customer_master(kr);
    if (*master < 0) {
        return APR_EGENERAL;
    }
    if (!*master) {
        return APR_SUCCESS;
    }
    if (kp_select(kr->db, kr->r->pool, "adm_customer_options", &rows, kr->tenant_id, own ? own : "",
                  kr->tenant_id) != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    list = kp_xml_add(parent, "customers", NULL);
    for (i = 0; i < rows->nrows; i++) {
        xmlNodePtr c = kp_xml_add(list, "customer", kp_cell(rows, i, 1));
        kp_xml_attr(c, "id", kp_cell(rows, i, 0));
        kp_xml_attr(c, "number", kp_cell(rows, i, 2));
    }
    return APR_SUCCESS;
}

/* Name, number, address, customer: checked into fs. The customer stays *customer (the stored
 * one, or NULL) where the form has no such field: a page loaded while the Kundenstamm was off
 * does not clear it. APR_EGENERAL when the database failed. */
static apr_status_t read_project_fields(kp_req *kr, kp_formstate *fs, int master,
                                        const char **customer)
{
    kp_rows *rows;
    kp_admin_text(kr, fs, "name", 1, 200);
    kp_admin_text(kr, fs, "number", 0, 50);
    kp_admin_text(kr, fs, "address", 0, 500);
    if (!master || !kp_form_get(kr, "customer_id")) {
        return APR_SUCCESS;
    }
    *customer = kp_admin_text(kr, fs, "customer_id", 0, 20);
    if (!**customer) {
        *customer = NULL;
        return APR_SUCCESS;
    }
    if (kp_select(kr->db, kr->r->pool, "adm_customer_exists", &rows, *customer, kr->tenant_id)
            != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    if (rows->nrows != 1 || strcmp(kp_cell(rows, 0, 0), "1") != 0) {
        kp_fs_error(fs, "customer_id", "error.customer_unknown");
    }
    return APR_SUCCESS;
}

int kp_admin_new_project_default(kp_req *kr, const char **version)
{
    kp_rows *rows;
    if (kp_select(kr->db, kr->r->pool, "adm_project_defaults", &rows, kr->tenant_id) != APR_SUCCESS
        || rows->nrows != 1) {
        return -1;
    }
    if (version) {
        *version = kp_cell(rows, 0, 1);
    }
    return kp_cell(rows, 0, 0)[0] == '1';
}

static int show_new(kp_req *kr, kp_formstate *fs, int status)
{
    xmlNodePtr pr;
    int master, dflt;
    if (!fs) {
        if ((dflt = kp_admin_new_project_default(kr, NULL)) < 0) {
            return kp_admin_unavailable(kr, "loading the project defaults");
        }
        fs = kp_fs_new(kr);
        kp_fs_set(fs, "portal_enabled", kp_admin_flag(dflt));
    }
    kp_page_new(kr, "admin-project");
    pr = kp_xml_add(kr->root, "project", NULL);
    kp_xml_attr(pr, "new", "1");
    if (add_customers(kr, pr, &master, NULL) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "listing customers");
    }
    kp_fs_xml(kr->root, "main", fs);
    return kp_page_send(kr, "admin-project", status);
}

static int project_new_page(kp_req *kr)
{
    return show_new(kr, NULL, HTTP_OK);
}

const char *kp_admin_project_insert(kp_req *kr, const char *customer, const char *name,
                                    const char *number, const char *address, int portal_enabled)
{
    kp_portal_ref portal;
    const char *id;
    memset(&portal, 0, sizeof(portal));
    if (kp_exec(kr->db, kr->r->pool, "adm_project_insert", NULL, kr->tenant_id, customer, name,
                number, address) != APR_SUCCESS
        || !(id = kp_db_last_insert_id(kr->db, kr->r->pool))
        || kp_admin_portal_save(kr, KP_OWNER_PROJECT, id, &portal, portal_enabled, "", "")
               != KP_SAVE_OK) {
        return NULL;
    }
    kp_audit(kr, "project.create", "project", id, name);
    return id;
}

static int project_create(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    kp_formstate *fs = kp_fs_new(kr);
    const char *customer = NULL, *id;
    int master = kp_admin_customer_master(kr);
    int enabled = kp_admin_checkbox(kr, "portal_enabled");

    if (master < 0) {
        return kp_admin_unavailable(kr, "loading the settings");
    }
    if (read_project_fields(kr, fs, master, &customer) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "checking a customer");
    }
    kp_fs_set(fs, "portal_enabled", kp_admin_flag(enabled));
    if (kp_fs_has_errors(fs)) {
        return show_new(kr, fs, HTTP_BAD_REQUEST);
    }
    if (kp_db_begin(kr->db, p) != APR_SUCCESS
        || !(id = kp_admin_project_insert(kr, customer, kp_fs_get(fs, "name"), kp_fs_get(fs, "number"),
                                          kp_fs_get(fs, "address"), enabled))) {
        return kp_admin_unavailable(kr, "creating a project");
    }
    if (kp_db_commit(kr->db, p) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "creating a project");
    }
    return kp_redirect(kr, apr_pstrcat(p, "/projects/", id, "?saved=1", NULL));
}

/* The project page: main form (as typed, or from the database), the Kundenportal section. */
static int show_project(kp_req *kr, kp_formstate *main, kp_formstate *acct, int status)
{
    apr_pool_t *p = kr->r->pool;
    const char *id = kr->param[0];
    kp_portal_ref portal;
    kp_formstate *stored;
    kp_rows *rows, *via;
    xmlNodePtr pr;
    int master;

    if (kp_select(kr->db, p, "adm_project_get", &rows, id, kr->tenant_id) != APR_SUCCESS
        || kp_admin_portal_find(kr, KP_OWNER_PROJECT, id, &portal) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "loading a project");
    }
    if (rows->nrows != 1) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (kp_select(kr->db, p, "adm_project_customer_portal", &via, id, kr->tenant_id) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "loading a project");
    }
    kp_page_new(kr, "admin-project");
    pr = kp_xml_add(kr->root, "project", NULL);
    kp_xml_attr(pr, "id", id);
    if (via->nrows == 1) {   /* also seen through its customer's portal */
        xmlNodePtr c = kp_xml_add(pr, "customer-portal", kp_cell(via, 0, 1));
        kp_xml_attr(c, "customer", kp_cell(via, 0, 0));
    }
    kp_xml_attr(pr, "new", "0");
    kp_xml_add(pr, "name", kp_cell(rows, 0, 1));
    if (add_customers(kr, pr, &master, kp_cell(rows, 0, 4)) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "listing customers");
    }
    stored = kp_fs_new(kr);
    kp_fs_set(stored, "name", kp_cell(rows, 0, 1));
    kp_fs_set(stored, "number", kp_cell(rows, 0, 2));
    kp_fs_set(stored, "address", kp_cell(rows, 0, 3));
    if (master) {   /* the page has no customer field while the Kundenstamm is off */
        kp_fs_set(stored, "customer_id", kp_cell(rows, 0, 4));
    }
    kp_fs_set(stored, "version", kp_cell(rows, 0, 5));
    kp_admin_portal_defaults(stored, &portal);
    kp_admin_page_fields(kr, main, stored);
    if (kp_admin_portal_xml(kr, pr, &portal, acct) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "loading a portal");
    }
    kp_admin_page_notices(kr);
    return kp_page_send(kr, "admin-project", status);
}

static int project_page(kp_req *kr)
{
    return show_project(kr, NULL, NULL, HTTP_OK);
}

static int project_save(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    const char *id = kr->param[0], *customer = NULL;
    kp_owner_page pg = {KP_OWNER_PROJECT, id, apr_pstrcat(p, "/projects/", id, NULL),
                        show_project, "adm_project_update", 7, NULL, "project.update"};
    kp_portal_ref portal;
    kp_formstate *fs;
    kp_rows *rows;
    int master, rv;

    if (kp_select(kr->db, p, "adm_project_get", &rows, id, kr->tenant_id) != APR_SUCCESS
        || kp_admin_portal_find(kr, KP_OWNER_PROJECT, id, &portal) != APR_SUCCESS
        || (master = kp_admin_customer_master(kr)) < 0) {
        return kp_admin_unavailable(kr, "loading a project");
    }
    if (rows->nrows != 1) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if ((rv = kp_admin_portal_action(kr, &pg, &portal)) != KP_ADMIN_NOT_HANDLED) {
        return rv;
    }
    fs = kp_fs_new(kr);
    customer = kp_cell(rows, 0, 4);   /* kept while the Kundenstamm is off, or not on the page */
    if (read_project_fields(kr, fs, master, &customer) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "checking a customer");
    }
    if (kp_admin_portal_fields(kr, fs, &portal) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "loading a portal");
    }
    if (kp_fs_has_errors(fs)) {
        return show_project(kr, fs, NULL, HTTP_BAD_REQUEST);
    }
    pg.args = KP_ARGV(customer, kp_fs_get(fs, "name"), kp_fs_get(fs, "number"),
                      kp_fs_get(fs, "address"), id, kr->tenant_id, kp_fs_get(fs, "version"));
    return kp_admin_page_save(kr, &pg, fs);
}

/* "Einstellungen" under the project list: the Voreinstellung für neue Projekte. */
static const kp_tenant_flag project_defaults = {
    "admin-project-settings", "/projects/settings", "portal_enabled", "adm_project_defaults",
    "adm_project_defaults_set", "settings.project_defaults", "portal on for new projects",
    "portal off for new projects", 0, NULL
};

static int defaults_page(kp_req *kr)
{
    return kp_admin_flag_page(kr, &project_defaults);
}

static int defaults_save(kp_req *kr)
{
    return kp_admin_flag_save(kr, &project_defaults);
}

static const kp_route admin_routes[] = {
    {"GET", "/", KP_ADMIN, KP_AREA_NONE, admin_home, 0},
    {"GET", "/projects", KP_ADMIN, KP_AREA_NONE, project_list, 0},
    {"GET", "/projects/new", KP_ADMIN, KP_AREA_NONE, project_new_page, 0},
    {"POST", "/projects/new", KP_ADMIN, KP_AREA_NONE, project_create, 0},
    {"GET", "/projects/settings", KP_ADMIN, KP_AREA_NONE, defaults_page, 0},
    {"POST", "/projects/settings", KP_ADMIN, KP_AREA_NONE, defaults_save, 0},
    {"GET", "/projects/{id}", KP_ADMIN, KP_AREA_NONE, project_page, 0},
    {"POST", "/projects/{id}", KP_ADMIN, KP_AREA_NONE, project_save, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_admin_projects = {"admin-projects", admin_statements, NULL, admin_routes};
