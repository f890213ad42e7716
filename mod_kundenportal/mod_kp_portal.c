/* mod_kp_portal.c: the customer's overview and a project's page with its permitted tabs. */
#include "mod_kp.h"

static const kp_statement portal_statements[] = {
    {"portal_info", "SELECT info_text FROM portal WHERE id = %s AND tenant_id = %s"},
    {"portal_projects",
     "SELECT pr.id, pr.name, pr.number, pr.address FROM project pr"
     " JOIN portal po ON po.id = %s AND po.tenant_id = pr.tenant_id"
     " WHERE pr.tenant_id = %s"
     " AND (po.project_id = pr.id OR (po.customer_id IS NOT NULL AND pr.customer_id = po.customer_id))"
     " ORDER BY pr.name, pr.id"},
    {"portal_project", "SELECT id, name, number, address FROM project WHERE id = %s AND tenant_id = %s"},
    {NULL, NULL}
};

static const char *const area_names[] = {
    [KP_AREA_PLANNING] = "planning", [KP_AREA_TIMES] = "times",
    [KP_AREA_DOCUMENTS] = "documents", [KP_AREA_MESSAGES] = "messages",
    [KP_AREA_REQUESTS] = "requests"
};
static const kp_area tab_order[] = {KP_AREA_PLANNING, KP_AREA_TIMES, KP_AREA_DOCUMENTS,
                                    KP_AREA_MESSAGES, KP_AREA_REQUESTS};

/* The areas this account may see, as <perm area="..."/> children. */
void kp_portal_add_permissions(kp_req *kr, xmlNodePtr parent)
{
    apr_size_t i;
    for (i = 0; i < sizeof(tab_order) / sizeof(tab_order[0]); i++) {
        if (kr->session->perm[tab_order[i]]) {
            kp_xml_attr(kp_xml_add(parent, "perm", NULL), "area", area_names[tab_order[i]]);
        }
    }
}

static int overview(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    kp_rows *info, *projects;
    xmlNodePtr list;
    int i;

    if (kp_select(kr->db, p, "portal_info", &info, kr->session->portal_id, kr->tenant_id) != APR_SUCCESS
        || kp_select(kr->db, p, "portal_projects", &projects, kr->session->portal_id, kr->tenant_id)
               != APR_SUCCESS) {
        kp_db_log_failure(kr, "loading the overview");
        return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
    }
    kp_page_new(kr, "portal-overview");
    kp_xml_add(kr->root, "info", info->nrows ? kp_cell(info, 0, 0) : "");
    kp_portal_add_permissions(kr, kp_xml_add(kr->root, "permissions", NULL));
    list = kp_xml_add(kr->root, "projects", NULL);
    for (i = 0; i < projects->nrows; i++) {
        xmlNodePtr pr = kp_xml_add(list, "project", NULL);
        kp_xml_attr(pr, "id", kp_cell(projects, i, 0));
        kp_xml_add(pr, "name", kp_cell(projects, i, 1));
        kp_xml_add(pr, "number", kp_cell(projects, i, 2));
        kp_xml_add(pr, "address", kp_cell(projects, i, 3));
    }
    return kp_page_send(kr, "portal-overview", HTTP_OK);
}

/* Adds <project id=".."><name/>..</project> for the authorized project; 0 on failure. */
int kp_portal_add_project(kp_req *kr)
{
    kp_rows *rows;
    xmlNodePtr pr;
    if (kp_select(kr->db, kr->r->pool, "portal_project", &rows, kr->project_id, kr->tenant_id)
            != APR_SUCCESS
        || rows->nrows != 1) {
        kp_db_log_failure(kr, "loading a project");
        return 0;
    }
    pr = kp_xml_add(kr->root, "project", NULL);
    kp_xml_attr(pr, "id", kp_cell(rows, 0, 0));
    kp_xml_add(pr, "name", kp_cell(rows, 0, 1));
    kp_xml_add(pr, "number", kp_cell(rows, 0, 2));
    kp_xml_add(pr, "address", kp_cell(rows, 0, 3));
    kp_portal_add_permissions(kr, kp_xml_add(pr, "permissions", NULL));
    return 1;
}

static int project_page(kp_req *kr)
{
    kp_page_new(kr, "portal-project");
    if (!kp_portal_add_project(kr)) {
        return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
    }
    return kp_page_send(kr, "portal-project", HTTP_OK);
}

static const kp_route portal_routes[] = {
    {"GET", "/", KP_CUSTOMER, KP_AREA_NONE, overview, 0},
    {"GET", "/projects/{id}", KP_CUSTOMER, KP_AREA_NONE, project_page, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_portal = {"portal", portal_statements, portal_routes, NULL};
