/* mod_kp_portal.c: the customer's overview and a project's page with its permitted tabs. */
#include "mod_kp.h"

/* The overview: what is new per visible project since the previous login (v.since): unread
 * messages (after the account's read mark, not its own), documents, shifts, times and answered
 * requests. A count correlated to each project reads every index entry of the project (MariaDB
 * cannot bound a correlated range), so portal_projects only finds, per project and area, NULL
 * when nothing is newer than the mark (one index entry: ORDER BY .. DESC LIMIT 1), else the
 * key of the 101st newest row ('' when there are fewer). Only an area with news is counted, by
 * its portal_news_* statement with those keys as constants: an index range of at most 100
 * entries, however much the project has gathered (more shows as "99+"). */
#define NEWS_CUT_MESSAGES \
    "IF((SELECT x.id FROM message x WHERE x.project_id = pr.id" \
    " ORDER BY x.id DESC LIMIT 1) > COALESCE(s.last_message_id, 0)," \
    " COALESCE((SELECT x.id FROM message x WHERE x.project_id = pr.id" \
    " ORDER BY x.id DESC LIMIT 100, 1), ''), NULL)"
#define NEWS_CUT_DOCUMENTS \
    "IF((SELECT x.created_at FROM document x WHERE x.project_id = pr.id" \
    " ORDER BY x.created_at DESC LIMIT 1) > v.since," \
    " COALESCE((SELECT x.created_at FROM document x WHERE x.project_id = pr.id" \
    " ORDER BY x.created_at DESC LIMIT 100, 1), ''), NULL)"
#define NEWS_CUT_PLANNING \
    "IF((SELECT x.updated_at FROM plan_entry x WHERE x.project_id = pr.id" \
    " ORDER BY x.updated_at DESC LIMIT 1) > v.since," \
    " COALESCE((SELECT x.updated_at FROM plan_entry x WHERE x.project_id = pr.id" \
    " ORDER BY x.updated_at DESC LIMIT 100, 1), ''), NULL)"
#define NEWS_CUT_TIMES \
    "IF((SELECT x.updated_at FROM time_entry x WHERE x.project_id = pr.id" \
    " ORDER BY x.updated_at DESC LIMIT 1) > v.since," \
    " COALESCE((SELECT x.updated_at FROM time_entry x WHERE x.project_id = pr.id" \
    " ORDER BY x.updated_at DESC LIMIT 100, 1), ''), NULL)"
#define NEWS_CUT_REQUESTS \
    "IF((SELECT x.updated_at FROM service_request x WHERE x.project_id = pr.id" \
    " ORDER BY x.updated_at DESC LIMIT 1) > v.since," \
    " COALESCE((SELECT x.updated_at FROM service_request x WHERE x.project_id = pr.id" \
    " ORDER BY x.updated_at DESC LIMIT 100, 1), ''), NULL)"

static const kp_statement portal_statements[] = {
    {"portal_projects",
     "SELECT po.info_text, DATE_FORMAT(a.previous_login_at, '%%Y-%%m-%%d %%H:%%i'),"
     " pr.id, pr.name, pr.number, pr.address, v.since, COALESCE(s.last_message_id, 0), "
     NEWS_CUT_MESSAGES ", " NEWS_CUT_DOCUMENTS ", " NEWS_CUT_PLANNING ", " NEWS_CUT_TIMES ", "
     NEWS_CUT_REQUESTS
     " FROM portal_account a"
     " JOIN (SELECT COALESCE(previous_login_at, UTC_TIMESTAMP()) AS since FROM portal_account"
     "  WHERE id = %s) v"
     " JOIN portal po ON po.id = a.portal_id AND po.tenant_id = a.tenant_id"
     " LEFT JOIN project pr ON pr.tenant_id = a.tenant_id"
     "  AND (po.project_id = pr.id OR (po.customer_id IS NOT NULL AND pr.customer_id = po.customer_id))"
     " LEFT JOIN account_project_seen s ON s.account_id = a.id AND s.project_id = pr.id"
     " WHERE a.id = %s AND a.tenant_id = %s ORDER BY pr.name, pr.id"},
    {"portal_news_messages",
     "SELECT COUNT(*) FROM message m WHERE m.project_id = %s AND m.id > %s"
     " AND NOT (m.author_kind = 'customer' AND m.author_id <=> %s)"},
    {"portal_news_documents",
     "SELECT COUNT(*) FROM document d WHERE d.project_id = %s AND d.created_at > %s"
     " AND d.portal_visible = 1 AND NOT (d.uploaded_by_kind = 'customer' AND d.uploaded_by_id <=> %s)"},
    {"portal_news_planning",
     "SELECT COUNT(*) FROM plan_entry pe WHERE pe.project_id = %s AND pe.updated_at > %s"},
    {"portal_news_times",
     "SELECT COUNT(*) FROM time_entry t WHERE t.project_id = %s AND t.updated_at > %s"},
    {"portal_news_requests",
     "SELECT COUNT(*) FROM service_request r WHERE r.project_id = %s AND r.updated_at > %s"
     " AND r.state <> 'new'"},
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

enum { NEWS_AREAS = 5, COL_SINCE = 6, COL_MESSAGE_MARK = 7, COL_CUT = 8 };
static const char *const news_areas[NEWS_AREAS] = {"messages", "documents", "planning", "times",
                                                   "requests"};
static const char *const news_statements[NEWS_AREAS] = {
    "portal_news_messages", "portal_news_documents", "portal_news_planning", "portal_news_times",
    "portal_news_requests"};

/* Adds <new area count/> to a project for each area with something new for this account;
 * count is "99+" (or "N+" when some of the newest are the account's own) past 100 rows.
 * 0 on a database failure. */
static int add_news(kp_req *kr, const kp_rows *rows, int i, xmlNodePtr project)
{
    apr_pool_t *p = kr->r->pool;
    const char *pid = kp_cell(rows, i, 2);
    int a;

    for (a = 0; a < NEWS_AREAS; a++) {
        const char *cut = kp_cell(rows, i, COL_CUT + a);
        const char *mark = kp_cell(rows, i, a == 0 ? COL_MESSAGE_MARK : COL_SINCE);
        int more;
        kp_rows *count;
        long n;
        xmlNodePtr node;

        if (!cut) {
            continue;   /* nothing newer than the mark */
        }
        more = *cut && (a == 0 ? apr_atoi64(cut) > apr_atoi64(mark) : strcmp(cut, mark) > 0);
        /* messages and documents leave out the account's own: they take its id too */
        if (kp_db_select(kr->db, p, news_statements[a], &count, a < 2 ? 3 : 2,
                         KP_ARGV(pid, more ? cut : mark, kr->session->account_id)) != APR_SUCCESS) {
            return 0;
        }
        n = atol(kp_cell(count, 0, 0));
        if (n <= 0) {
            continue;
        }
        node = kp_xml_add(project, "new", NULL);
        kp_xml_attr(node, "area", news_areas[a]);
        kp_xml_attr(node, "count", more ? apr_psprintf(p, "%ld+", n > 99 ? 99 : n) : apr_ltoa(p, n));
    }
    return 1;
}

static int overview(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    kp_rows *rows;
    xmlNodePtr list;
    int i;

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
        if (!add_news(kr, rows, i, pr)) {
            kp_db_log_failure(kr, "counting the overview's news");
            return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
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
