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
    /* What is new since the previous login, per project: unread messages (by the account's
     * read mark), documents, shifts, times and answered requests changed since then. */
    {"portal_news",
     "SELECT pr.id,"
     " (SELECT COUNT(*) FROM message m WHERE m.project_id = pr.id AND m.id > COALESCE("
     "   (SELECT s.last_message_id FROM account_project_seen s WHERE s.account_id = a.id"
     "    AND s.project_id = pr.id), 0) AND NOT (m.author_kind = 'customer' AND m.author_id <=> a.id)),"
     " (SELECT COUNT(*) FROM document d WHERE d.project_id = pr.id AND d.portal_visible = 1"
     "   AND d.created_at > v.since AND NOT (d.uploaded_by_kind = 'customer' AND d.uploaded_by_id <=> a.id)),"
     " (SELECT COUNT(*) FROM plan_entry pe WHERE pe.project_id = pr.id AND pe.updated_at > v.since),"
     " (SELECT COUNT(*) FROM time_entry t WHERE t.project_id = pr.id AND t.updated_at > v.since),"
     " (SELECT COUNT(*) FROM service_request r WHERE r.project_id = pr.id AND r.state <> 'new'"
     "   AND r.updated_at > v.since),"
     " DATE_FORMAT(a.previous_login_at, '%%Y-%%m-%%d %%H:%%i')"
     " FROM portal_account a"
     " JOIN (SELECT COALESCE(previous_login_at, UTC_TIMESTAMP()) AS since FROM portal_account"
     "   WHERE id = %s) v"
     " JOIN portal po ON po.id = a.portal_id AND po.tenant_id = a.tenant_id"
     " JOIN project pr ON pr.tenant_id = a.tenant_id"
     "  AND (po.project_id = pr.id OR (po.customer_id IS NOT NULL AND pr.customer_id = po.customer_id))"
     " WHERE a.id = %s AND a.tenant_id = %s"},
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
    kp_rows *info, *projects, *news;
    xmlNodePtr list;
    int i, j;
    static const char *const news_areas[] = {"messages", "documents", "planning", "times",
                                             "requests"};

    if (kp_select(kr->db, p, "portal_info", &info, kr->session->portal_id, kr->tenant_id) != APR_SUCCESS
        || kp_select(kr->db, p, "portal_projects", &projects, kr->session->portal_id, kr->tenant_id)
               != APR_SUCCESS
        || kp_select(kr->db, p, "portal_news", &news, kr->session->account_id,
                     kr->session->account_id, kr->tenant_id) != APR_SUCCESS) {
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
        for (j = 0; j < news->nrows; j++) {
            int a;
            if (strcmp(kp_cell(news, j, 0), kp_cell(projects, i, 0)) != 0) {
                continue;
            }
            for (a = 0; a < 5; a++) {
                if (strcmp(kp_cell(news, j, a + 1), "0") != 0) {
                    xmlNodePtr n = kp_xml_add(pr, "new", NULL);
                    kp_xml_attr(n, "area", news_areas[a]);
                    kp_xml_attr(n, "count", kp_cell(news, j, a + 1));
                }
            }
        }
    }
    if (news->nrows && kp_cell(news, 0, 6)) {
        kp_xml_attr(kr->root, "previous-login", kp_cell(news, 0, 6));
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
