/* mod_kp_admin_customers.c: the Kundenstamm: customer list, create, edit, each with its
 * "Kundenportal" section (on by default) covering every project of the customer. */
#include "mod_kp_admin.h"

#define PAGE_SIZE 25

static const kp_statement customer_statements[] = {
    {"adm_customers",
     "SELECT c.id, c.name, c.number, po.enabled,"
     " (SELECT COUNT(*) FROM project pr WHERE pr.customer_id = c.id AND pr.tenant_id = c.tenant_id)"
     " FROM customer c LEFT JOIN portal po ON po.customer_id = c.id"
     " WHERE c.tenant_id = %s AND (%s = '' OR LOCATE(%s, c.name) > 0 OR LOCATE(%s, c.number) > 0)"
     " ORDER BY c.name, c.id LIMIT %s OFFSET %s"},
    {"adm_customer_get",
     "SELECT id, name, number, address, email, phone, version FROM customer WHERE id = %s AND tenant_id = %s"},
    {"adm_customer_projects",
     "SELECT id, name, number FROM project WHERE customer_id = %s AND tenant_id = %s ORDER BY name, id"},
    {"adm_customer_insert",
     "INSERT INTO customer (tenant_id, name, number, address, email, phone, created_at, updated_at)"
     " VALUES (%s, %s, %s, %s, %s, %s, UTC_TIMESTAMP(), UTC_TIMESTAMP())"},
    {"adm_customer_update",
     "UPDATE customer SET name = %s, number = %s, address = %s, email = %s, phone = %s,"
     " version = version + 1, updated_at = UTC_TIMESTAMP() WHERE id = %s AND tenant_id = %s AND version = %s"},
    {NULL, NULL}
};

static const char *const fields[] = {"name", "number", "address", "email", "phone"};
static const apr_size_t field_max[] = {200, 50, 500, 254, 50};

#define MASTER_ON (-1)

/* MASTER_ON, or the response while the Kundenstamm is off (back to the list, which says so). */
static int master_gate(kp_req *kr)
{
    int master = kp_admin_customer_master(kr);
    if (master < 0) {
        return kp_admin_unavailable(kr, "loading the settings");
    }
    return master ? MASTER_ON : kp_redirect(kr, "/customers");
}

static int customer_list(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    const char *q = kp_query_get(kr, "q");
    int page = kp_admin_page_number(kr), master = kp_admin_customer_master(kr), i, shown;
    kp_rows *rows;
    xmlNodePtr list;

    q = q ? q : "";
    if (master < 0) {
        return kp_admin_unavailable(kr, "loading the settings");
    }
    kp_page_new(kr, "admin-customers");
    list = kp_xml_add(kr->root, "customers", NULL);
    kp_xml_attr(list, "master", kp_admin_flag(master));
    kp_xml_attr(list, "q", q);
    if (!master) {
        return kp_page_send(kr, "admin-customers", HTTP_OK);
    }
    if (kp_select(kr->db, p, "adm_customers", &rows, kr->tenant_id, q, q, q,
                  kp_db_int(p, PAGE_SIZE + 1), kp_db_int(p, (long long)(page - 1) * PAGE_SIZE))
        != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "listing customers");
    }
    shown = rows->nrows > PAGE_SIZE ? PAGE_SIZE : rows->nrows;
    for (i = 0; i < shown; i++) {
        xmlNodePtr c = kp_xml_add(list, "customer", NULL);
        kp_xml_attr(c, "id", kp_cell(rows, i, 0));
        kp_xml_attr(c, "portal", kp_cell(rows, i, 3) && kp_cell(rows, i, 3)[0] == '1' ? "1" : "0");
        kp_xml_attr(c, "projects", kp_cell(rows, i, 4));
        kp_xml_add(c, "name", kp_cell(rows, i, 1));
        kp_xml_add(c, "number", kp_cell(rows, i, 2));
    }
    kp_admin_pager(kr, page, rows->nrows > PAGE_SIZE, kp_admin_search_query(kr, q));
    return kp_page_send(kr, "admin-customers", HTTP_OK);
}

static void read_fields(kp_req *kr, kp_formstate *fs)
{
    apr_size_t i;
    for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        kp_admin_text(kr, fs, fields[i], i == 0, field_max[i]);
    }
    if (*kp_fs_get(fs, "email") && !strchr(kp_fs_get(fs, "email"), '@')) {
        kp_fs_error(fs, "email", "error.email");
    }
}

static int show_new(kp_req *kr, kp_formstate *fs, int status)
{
    xmlNodePtr c;
    if (!fs) {
        fs = kp_fs_new(kr);
        kp_fs_set(fs, "portal_enabled", "1");   /* a customer's portal is on by default */
    }
    kp_page_new(kr, "admin-customer");
    c = kp_xml_add(kr->root, "customer", NULL);
    kp_xml_attr(c, "new", "1");
    kp_fs_xml(kr->root, "main", fs);
    return kp_page_send(kr, "admin-customer", status);
}

static int customer_new_page(kp_req *kr)
{
    int rv;
    if ((rv = master_gate(kr)) != MASTER_ON) {
        return rv;
    }
    return show_new(kr, NULL, HTTP_OK);
}

static int customer_create(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    kp_formstate *fs = kp_fs_new(kr);
    int enabled = kp_admin_checkbox(kr, "portal_enabled");
    kp_portal_ref portal;
    const char *id;
    int rv;

    if ((rv = master_gate(kr)) != MASTER_ON) {
        return rv;
    }
    read_fields(kr, fs);
    kp_fs_set(fs, "portal_enabled", kp_admin_flag(enabled));
    if (kp_fs_has_errors(fs)) {
        return show_new(kr, fs, HTTP_BAD_REQUEST);
    }
    memset(&portal, 0, sizeof(portal));
    if (kp_db_begin(kr->db, p) != APR_SUCCESS
        || kp_exec(kr->db, p, "adm_customer_insert", NULL, kr->tenant_id, kp_fs_get(fs, "name"),
                   kp_fs_get(fs, "number"), kp_fs_get(fs, "address"), kp_fs_get(fs, "email"),
                   kp_fs_get(fs, "phone")) != APR_SUCCESS
        || !(id = kp_db_last_insert_id(kr->db, p))
        || kp_admin_portal_save(kr, KP_OWNER_CUSTOMER, id, &portal, enabled, "", "") != KP_SAVE_OK) {
        return kp_admin_unavailable(kr, "creating a customer");
    }
    kp_audit(kr, "customer.create", "customer", id, kp_fs_get(fs, "name"));
    if (kp_db_commit(kr->db, p) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "creating a customer");
    }
    return kp_redirect(kr, apr_pstrcat(p, "/customers/", id, "?saved=1", NULL));
}

static int show_customer(kp_req *kr, kp_formstate *main, kp_formstate *acct, int status)
{
    apr_pool_t *p = kr->r->pool;
    const char *id = kr->param[0];
    kp_portal_ref portal;
    kp_formstate *stored;
    kp_rows *rows, *projects;
    xmlNodePtr c, list;
    apr_size_t i;
    int j, rv;

    if (kp_select(kr->db, p, "adm_customer_get", &rows, id, kr->tenant_id) != APR_SUCCESS
        || kp_select(kr->db, p, "adm_customer_projects", &projects, id, kr->tenant_id) != APR_SUCCESS
        || kp_admin_portal_find(kr, KP_OWNER_CUSTOMER, id, &portal) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "loading a customer");
    }
    if (rows->nrows != 1) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    /* While the Kundenstamm is off, a customer's page (from a bookmark or the audit log) leads
     * to the list, which says so: its portal and accounts can be neither seen nor changed. */
    if ((rv = master_gate(kr)) != MASTER_ON) {
        return rv;
    }
    kp_page_new(kr, "admin-customer");
    c = kp_xml_add(kr->root, "customer", NULL);
    kp_xml_attr(c, "id", id);
    kp_xml_attr(c, "new", "0");
    kp_xml_add(c, "name", kp_cell(rows, 0, 1));
    list = kp_xml_add(c, "projects", NULL);
    for (j = 0; j < projects->nrows; j++) {
        xmlNodePtr pr = kp_xml_add(list, "project", kp_cell(projects, j, 1));
        kp_xml_attr(pr, "id", kp_cell(projects, j, 0));
        kp_xml_attr(pr, "number", kp_cell(projects, j, 2));
    }
    stored = kp_fs_new(kr);
    for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        kp_fs_set(stored, fields[i], kp_cell(rows, 0, (int)i + 1));
    }
    kp_fs_set(stored, "version", kp_cell(rows, 0, 6));
    kp_admin_portal_defaults(stored, &portal);
    kp_admin_page_fields(kr, main, stored);
    if (kp_admin_portal_xml(kr, c, &portal, acct) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "loading a portal");
    }
    kp_admin_page_notices(kr);
    return kp_page_send(kr, "admin-customer", status);
}

static int customer_page(kp_req *kr)
{
    return show_customer(kr, NULL, NULL, HTTP_OK);
}

static int customer_save(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    const char *id = kr->param[0];
    kp_owner_page pg = {KP_OWNER_CUSTOMER, id, apr_pstrcat(p, "/customers/", id, NULL),
                        show_customer, "adm_customer_update", 8, NULL, "customer.update"};
    kp_portal_ref portal;
    kp_formstate *fs;
    kp_rows *rows;
    int rv;

    if (kp_select(kr->db, p, "adm_customer_get", &rows, id, kr->tenant_id) != APR_SUCCESS
        || kp_admin_portal_find(kr, KP_OWNER_CUSTOMER, id, &portal) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "loading a customer");
    }
    if (rows->nrows != 1) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if ((rv = master_gate(kr)) != MASTER_ON) {   /* as the page: to the list */
        return rv;
    }
    if ((rv = kp_admin_portal_action(kr, &pg, &portal)) != KP_ADMIN_NOT_HANDLED) {
        return rv;
    }
    fs = kp_fs_new(kr);
    read_fields(kr, fs);
    if (kp_admin_portal_fields(kr, fs, &portal) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "loading a portal");
    }
    if (kp_fs_has_errors(fs)) {
        return show_customer(kr, fs, NULL, HTTP_BAD_REQUEST);
    }
    pg.args = KP_ARGV(kp_fs_get(fs, "name"), kp_fs_get(fs, "number"), kp_fs_get(fs, "address"),
                      kp_fs_get(fs, "email"), kp_fs_get(fs, "phone"), id, kr->tenant_id,
                      kp_fs_get(fs, "version"));
    return kp_admin_page_save(kr, &pg, fs);
}

static const kp_route customer_routes[] = {
    {"GET", "/customers", KP_ADMIN, KP_AREA_NONE, customer_list, 0},
    {"GET", "/customers/new", KP_ADMIN, KP_AREA_NONE, customer_new_page, 0},
    {"POST", "/customers/new", KP_ADMIN, KP_AREA_NONE, customer_create, 0},
    {"GET", "/customers/{id}", KP_ADMIN, KP_AREA_NONE, customer_page, 0},
    {"POST", "/customers/{id}", KP_ADMIN, KP_AREA_NONE, customer_save, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_admin_customers = {"admin-customers", customer_statements, NULL,
                                             customer_routes};
