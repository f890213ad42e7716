/* mod_kp_portal.c: the customer's overview and a project's page with its permitted tabs. */
#include "mod_kp.h"

/* The overview in one statement: the portal's text, then per visible project (one row with
 * NULLs when there is none) what is new since the previous login (v.since): unread messages
 * (after the account's read mark, not its own), documents, shifts, times and answered
 * requests. A count reads every index entry of the project, so it runs only when the newest
 * row (one index entry: ORDER BY .. DESC LIMIT 1) is newer than the mark. */
static const kp_statement portal_statements[] = {
    {"portal_projects",
     "SELECT po.info_text, DATE_FORMAT(a.previous_login_at, '%%Y-%%m-%%d %%H:%%i'),"
     " pr.id, pr.name, pr.number, pr.address,"
     " IF((SELECT m.id FROM message m WHERE m.project_id = pr.id ORDER BY m.id DESC LIMIT 1)"
     "  > COALESCE(s.last_message_id, 0), (SELECT COUNT(*) FROM message m WHERE m.project_id = pr.id"
     "  AND m.id > COALESCE(s.last_message_id, 0)"
     "  AND NOT (m.author_kind = 'customer' AND m.author_id <=> a.id)), 0),"
     " IF((SELECT d.created_at FROM document d WHERE d.project_id = pr.id ORDER BY d.created_at DESC"
     "  LIMIT 1) > v.since, (SELECT COUNT(*) FROM document d WHERE d.project_id = pr.id"
     "  AND d.created_at > v.since AND d.portal_visible = 1"
     "  AND NOT (d.uploaded_by_kind = 'customer' AND d.uploaded_by_id <=> a.id)), 0),"
     " IF((SELECT pe.updated_at FROM plan_entry pe WHERE pe.project_id = pr.id"
     "  ORDER BY pe.updated_at DESC LIMIT 1) > v.since, (SELECT COUNT(*) FROM plan_entry pe"
     "  WHERE pe.project_id = pr.id AND pe.updated_at > v.since), 0),"
     " IF((SELECT t.updated_at FROM time_entry t WHERE t.project_id = pr.id"
     "  ORDER BY t.updated_at DESC LIMIT 1) > v.since, (SELECT COUNT(*) FROM time_entry t"
     "  WHERE t.project_id = pr.id AND t.updated_at > v.since), 0),"
     " IF((SELECT r.updated_at FROM service_request r WHERE r.project_id = pr.id"
     "  ORDER BY r.updated_at DESC LIMIT 1) > v.since, (SELECT COUNT(*) FROM service_request r"
     "  WHERE r.project_id = pr.id AND r.state <> 'new' AND r.updated_at > v.since), 0)"
     " FROM portal_account a"
     " JOIN (SELECT COALESCE(previous_login_at, UTC_TIMESTAMP()) AS since FROM portal_account"
     "  WHERE id = %s) v"
     " JOIN portal po ON po.id = a.portal_id AND po.tenant_id = a.tenant_id"
     " LEFT JOIN project pr ON pr.tenant_id = a.tenant_id"
     "  AND (po.project_id = pr.id OR (po.customer_id IS NOT NULL AND pr.customer_id = po.customer_id))"
     " LEFT JOIN account_project_seen s ON s.account_id = a.id AND s.project_id = pr.id"
     " WHERE a.id = %s AND a.tenant_id = %s ORDER BY pr.name, pr.id"},
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
    kp_rows *rows;
    xmlNodePtr list;
    int i, a;
    static const char *const news_areas[] = {"messages", "documents", "planning", "times",
                                             "requests"};

    if (kp_select(kr->db, p, "portal_projects", &rows, kr->session->account_id,
                  kr->session->account_id, kr->tenant_id) != APR_SUCCESS) {
        kp_db_log_failure(kr, "loading the overview");
        return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
    }
    kp_page_new(kr, "portal-overview");
    kp_xml_add(kr->root, "info", rows->nrows ? kp_cell(rows, 0, 0) : "");
    kp_portal_add_permissions(kr, kp_xml_add(kr->root, "permissions", NULL));
    list = kp_xml_add(kr->root, "projects", NULL);
    for (i = 0; i < rows->nrows; i++) {
        xmlNodePtr pr;
        if (!kp_cell(rows, i, 2)) {   /* the portal shows no project */
            continue;
        }
        pr = kp_xml_add(list, "project", NULL);
        kp_xml_attr(pr, "id", kp_cell(rows, i, 2));
        kp_xml_add(pr, "name", kp_cell(rows, i, 3));
        kp_xml_add(pr, "number", kp_cell(rows, i, 4));
        kp_xml_add(pr, "address", kp_cell(rows, i, 5));
        for (a = 0; a < 5; a++) {
            if (strcmp(kp_cell(rows, i, a + 6), "0") != 0) {
                xmlNodePtr n = kp_xml_add(pr, "new", NULL);
                kp_xml_attr(n, "area", news_areas[a]);
                kp_xml_attr(n, "count", kp_cell(rows, i, a + 6));
            }
        }
    }
    if (rows->nrows && kp_cell(rows, 0, 2) && kp_cell(rows, 0, 1)) {
        kp_xml_attr(kr->root, "previous-login", kp_cell(rows, 0, 1));
    }
    return kp_page_send(kr, "portal-overview", HTTP_OK);
}

/* Adds <project id=".."><name/>..</project> for the authorized project, as the router read it
 * with the session; 0 when there is none. */
int kp_portal_add_project(kp_req *kr)
{
    xmlNodePtr pr;
    if (!kr->project.id) {
        return 0;
    }
    pr = kp_xml_add(kr->root, "project", NULL);
    kp_xml_attr(pr, "id", kr->project.id);
    kp_xml_add(pr, "name", kr->project.name);
    kp_xml_add(pr, "number", kr->project.number);
    kp_xml_add(pr, "address", kr->project.address);
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
