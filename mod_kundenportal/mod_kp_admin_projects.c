/* mod_kp_admin_projects.c: the web administration's project list (tab "Projekte (Aufträge/Kunden) & Co."). */
#include "mod_kp.h"

static const kp_statement admin_statements[] = {
    {"admin_projects",
     "SELECT pr.id, pr.name, pr.number, c.name, po.enabled FROM project pr"
     " LEFT JOIN customer c ON c.id = pr.customer_id"
     " LEFT JOIN portal po ON po.project_id = pr.id"
     " WHERE pr.tenant_id = %s ORDER BY pr.name, pr.id LIMIT 200"},
    {NULL, NULL}
};

static int admin_home(kp_req *kr)
{
    return kp_redirect(kr, "/projects");
}

static int project_list(kp_req *kr)
{
    kp_rows *rows;
    xmlNodePtr list;
    int i;
    if (kp_select(kr->db, kr->r->pool, "admin_projects", &rows, kr->tenant_id) != APR_SUCCESS) {
        kp_db_log_failure(kr, "listing projects");
        return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
    }
    kp_page_new(kr, "admin-projects");
    list = kp_xml_add(kr->root, "projects", NULL);
    for (i = 0; i < rows->nrows; i++) {
        xmlNodePtr pr = kp_xml_add(list, "project", NULL);
        kp_xml_attr(pr, "id", kp_cell(rows, i, 0));
        kp_xml_attr(pr, "portal", kp_cell(rows, i, 4) && kp_cell(rows, i, 4)[0] == '1' ? "1" : "0");
        kp_xml_add(pr, "name", kp_cell(rows, i, 1));
        kp_xml_add(pr, "number", kp_cell(rows, i, 2));
        kp_xml_add(pr, "customer", kp_cell(rows, i, 3));
    }
    return kp_page_send(kr, "admin-projects", HTTP_OK);
}

static const kp_route admin_routes[] = {
    {"GET", "/", KP_ADMIN, KP_AREA_NONE, admin_home, 0},
    {"GET", "/projects", KP_ADMIN, KP_AREA_NONE, project_list, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_admin_projects = {"admin-projects", admin_statements, NULL, admin_routes};
