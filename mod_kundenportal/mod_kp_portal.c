/* mod_kp_portal.c: the customer's overview and a project's page with its permitted tabs. */
#include "mod_kp_areas.h"

/* The overview: what is new per visible project since the previous login (v.since): unread
 * messages (after the account's read mark, not its own), documents (not its own), shifts,
 * cancelled shifts (while they are shown, as on the planning page), times and answered
 * requests; a customer portal also its answered requests of no project. A count
 * correlated to each project reads every index entry of the project (MariaDB cannot bound a
 * correlated range: "key > mark" only filters the entries it reads), so portal_projects only
 * finds, per project and area, NULL when nothing is newer than the mark (one index entry:
 * ORDER BY .. DESC LIMIT 1), else whether the 101st newest row of others is newer than the mark,
 * that is, whether there are more than 100 news of others: 1, shown as "99+" without counting,
 * or 0. That reads backwards from the newest entry until 101 rows of others (past the
 * account's own and the rows the area leaves out: cancelled shifts that ended, requests not yet
 * answered), not the project's whole history. Only an area with 0 is counted, by its
 * portal_news_* statement with the mark as a constant: an index range of at most 100 entries
 * of others per project (plus the account's own since the mark: chat posts move the read mark,
 * uploads are few), however much the project has gathered. Areas the account may not see are
 * not looked at (the first argument of each IF, evaluated first). mark: the account's read
 * mark for messages (by id), the previous login for the rest (by the time of the change);
 * others: leaves out the account's own rows; index: the table's (project_id, key) index,
 * named because MariaDB may otherwise take another index on project_id and sort all of the
 * project's rows for the one it needs (it did for message: uq_message_form, 1,000 rows sorted
 * per project of the bench). */
#define NEWS_STATE(table, index, key, mark, others) \
    "IF(%s = 1 AND (SELECT x." key " FROM " table " x FORCE INDEX (" index ")" \
    " WHERE x.project_id = pr.id ORDER BY x." key " DESC LIMIT 1) > " mark "," \
    " COALESCE((SELECT x." key " FROM " table " x FORCE INDEX (" index ")" \
    " WHERE x.project_id = pr.id" others " ORDER BY x." key " DESC LIMIT 100, 1) > " mark ", 0)," \
    " NULL)"

/* The counts of one area for up to NEWS_SLOTS projects in one statement: the pairs (project,
 * mark) are OR-ed ranges of the (project_id, key) index, so each reads at most 100 entries, and
 * MariaDB runs one statement instead of one per project (ten counts of their own took it about
 * twice the CPU of one with ten ranges). Unused slots repeat a pair: the same rows again, the
 * same counts. */
enum { NEWS_SLOTS = 10 };   /* the number of NEWS_RANGE in NEWS_RANGES below */
#define NEWS_RANGE(key) "(x.project_id = %s AND x." key " > %s)"
#define NEWS_RANGES_2(key) NEWS_RANGE(key) " OR " NEWS_RANGE(key)
#define NEWS_RANGES(key) NEWS_RANGES_2(key) " OR " NEWS_RANGES_2(key) " OR " NEWS_RANGES_2(key) \
    " OR " NEWS_RANGES_2(key) " OR " NEWS_RANGES_2(key)

/* portal_projects' last column, a customer portal's answered requests of no project, is the
 * same for every row: MariaDB's subquery cache runs it once. */
static const kp_statement portal_statements[] = {
    {"portal_projects",
     "SELECT po.info_text, DATE_FORMAT(a.previous_login_at, '%%Y-%%m-%%d %%H:%%i'),"
     " pr.id, pr.name, pr.number, pr.address, v.since, COALESCE(s.last_message_id, 0), "
     NEWS_STATE("message", "ix_message_project", "id", "COALESCE(s.last_message_id, 0)",
                " AND NOT (x.author_kind = 'customer' AND x.author_id <=> a.id)") ", "
     NEWS_STATE("document", "ix_document_shared", "shared_at", "v.since",
                " AND NOT (x.uploaded_by_kind = 'customer' AND x.uploaded_by_id <=> a.id)") ", "
     NEWS_STATE("plan_entry", "ix_plan_updated", "updated_at", "v.since", "") ", "
     NEWS_STATE("plan_entry_cancelled", "ix_cancelled_news", "cancelled_at", "v.since",
                " AND x.ends_at >= %s") ", "
     NEWS_STATE("time_entry", "ix_time_updated", "updated_at", "v.since", "") ", "
     NEWS_STATE("service_request", "ix_request_updated", "updated_at", "v.since",
                " AND x.state <> 'new'") ", "
     "IF(%s = 1, (SELECT COUNT(*) FROM service_request x WHERE x.customer_id = po.customer_id"
     "  AND x.project_id IS NULL AND x.tenant_id = a.tenant_id AND x.updated_at > v.since"
     "  AND x.state <> 'new'), 0)"
     " FROM portal_account a"
     " JOIN (SELECT COALESCE(previous_login_at, UTC_TIMESTAMP()) AS since FROM portal_account"
     "  WHERE id = %s) v"
     " JOIN portal po ON po.id = a.portal_id AND po.tenant_id = a.tenant_id"
     " LEFT JOIN project pr ON pr.tenant_id = a.tenant_id"
     "  AND (po.project_id = pr.id OR (po.customer_id IS NOT NULL AND pr.customer_id = po.customer_id))"
     " LEFT JOIN account_project_seen s ON s.account_id = a.id AND s.project_id = pr.id"
     " WHERE a.id = %s AND a.tenant_id = %s ORDER BY pr.name, pr.id"},
    {"portal_news_messages",
     "SELECT x.project_id, COUNT(*) FROM message x WHERE (" NEWS_RANGES("id") ")"
     " AND NOT (x.author_kind = 'customer' AND x.author_id <=> %s) GROUP BY x.project_id"},
    {"portal_news_documents",
     "SELECT x.project_id, COUNT(*) FROM document x WHERE (" NEWS_RANGES("shared_at") ")"
     " AND NOT (x.uploaded_by_kind = 'customer' AND x.uploaded_by_id <=> %s)"
     " GROUP BY x.project_id"},
    {"portal_news_planning",
     "SELECT x.project_id, COUNT(*) FROM plan_entry x WHERE (" NEWS_RANGES("updated_at") ")"
     " GROUP BY x.project_id"},
    {"portal_news_cancelled",
     "SELECT x.project_id, COUNT(*) FROM plan_entry_cancelled x WHERE (" NEWS_RANGES("cancelled_at") ")"
     " AND x.ends_at >= %s GROUP BY x.project_id"},
    {"portal_news_times",
     "SELECT x.project_id, COUNT(*) FROM time_entry x WHERE (" NEWS_RANGES("updated_at") ")"
     " GROUP BY x.project_id"},
    {"portal_news_requests",
     "SELECT x.project_id, COUNT(*) FROM service_request x WHERE (" NEWS_RANGES("updated_at") ")"
     " AND x.state <> 'new' GROUP BY x.project_id"},
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
static void portal_add_permissions(kp_req *kr, xmlNodePtr parent)
{
    apr_size_t i;
    for (i = 0; i < sizeof(tab_order) / sizeof(tab_order[0]); i++) {
        if (kr->session->perm[tab_order[i]]) {
            kp_xml_attr(kp_xml_add(parent, "perm", NULL), "area", area_names[tab_order[i]]);
        }
    }
}

/* The kinds of news, in the order of portal_projects' columns and of the overview's lines:
 * cancelled shifts (sql/015_cancelled_shifts.sql) come with the planning. */
enum { NEWS_AREAS = 6, NEWS_CANCELLED = 3, COL_SINCE = 6, COL_MESSAGE_MARK = 7, COL_NEWS = 8,
       COL_ANSWERS_OUTSIDE_PROJECTS = COL_NEWS + NEWS_AREAS };
static const char *const news_areas[NEWS_AREAS] = {"messages", "documents", "planning",
                                                   "cancelled", "times", "requests"};
static const char *const news_statements[NEWS_AREAS] = {
    "portal_news_messages", "portal_news_documents", "portal_news_planning",
    "portal_news_cancelled", "portal_news_times", "portal_news_requests"};

/* A project whose area has news, waiting to be counted. */
typedef struct news_slot {
    const char *project_id;
    const char *mark;       /* count the rows after this */
    xmlNodePtr news;        /* its <new area=".."/>, given the count or removed */
} news_slot;

/* Counts one area's news for up to NEWS_SLOTS projects and gives each <new/> its count, or
 * removes it when all of them are the account's own. 0 on a database failure. */
static int count_news(kp_req *kr, int area, const news_slot *slots, int n)
{
    apr_pool_t *p = kr->r->pool;
    const char *args[2 * NEWS_SLOTS + 1];
    kp_rows *counts;
    int i, row;

    for (i = 0; i < NEWS_SLOTS; i++) {
        const news_slot *s = &slots[i < n ? i : 0];
        args[2 * i] = s->project_id;
        args[2 * i + 1] = s->mark;
    }
    /* messages and documents leave out the account's own: they take its id too; cancelled
     * shifts count while shown: they take the company's clock */
    args[2 * NEWS_SLOTS] = area == NEWS_CANCELLED ? kp_company_now(kr) : kr->session->account_id;
    if (kp_db_select(kr->db, p, news_statements[area], &counts,
                     area < 2 || area == NEWS_CANCELLED ? 2 * NEWS_SLOTS + 1 : 2 * NEWS_SLOTS,
                     args) != APR_SUCCESS) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        const char *count = NULL;
        for (row = 0; row < counts->nrows && !count; row++) {
            if (strcmp(slots[i].project_id, kp_cell(counts, row, 0)) == 0) {
                count = kp_cell(counts, row, 1);
            }
        }
        if (count && strcmp(count, "0")) {
            /* exactly 100 (or more, written meanwhile) read as the cut does */
            kp_xml_attr(slots[i].news, "count", atol(count) > 99 ? "99+" : count);
        }
        else {
            xmlUnlinkNode(slots[i].news);
            xmlFreeNode(slots[i].news);
        }
    }
    return 1;
}

/* Adds, per area in their order, <new/> to the project of row i where something is newer than
 * the account's mark: "99+" past 100, else noted to be counted. */
static void find_news(const kp_rows *rows, int i, xmlNodePtr project, news_slot *const *slots,
                      int *nslots)
{
    int a;
    for (a = 0; a < NEWS_AREAS; a++) {
        const char *state = kp_cell(rows, i, COL_NEWS + a);
        xmlNodePtr news;
        news_slot *s;
        if (!state) {
            continue;   /* nothing newer than the mark */
        }
        news = kp_xml_add(project, "new", NULL);
        kp_xml_attr(news, "area", news_areas[a]);
        if (strcmp(state, "0")) {
            kp_xml_attr(news, "count", "99+");
            continue;
        }
        s = &slots[a][nslots[a]++];
        s->project_id = kp_cell(rows, i, 2);
        s->mark = kp_cell(rows, i, a == 0 ? COL_MESSAGE_MARK : COL_SINCE);
        s->news = news;
    }
}

static const char *perm_flag(const kp_req *kr, kp_area area)
{
    return kr->session->perm[area] ? "1" : "0";
}

static int overview(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    kp_rows *rows;
    xmlNodePtr list;
    news_slot *slots[NEWS_AREAS];
    int nslots[NEWS_AREAS];
    int i, a;

    if (kp_select(kr->db, p, "portal_projects", &rows, perm_flag(kr, KP_AREA_MESSAGES),
                  perm_flag(kr, KP_AREA_DOCUMENTS), perm_flag(kr, KP_AREA_PLANNING),
                  perm_flag(kr, KP_AREA_PLANNING), kp_company_now(kr), perm_flag(kr, KP_AREA_TIMES),
                  perm_flag(kr, KP_AREA_REQUESTS),
                  kr->session->portal_customer_id ? perm_flag(kr, KP_AREA_REQUESTS) : "0",
                  kr->session->account_id, kr->session->account_id, kr->tenant_id) != APR_SUCCESS) {
        kp_db_log_failure(kr, "loading the overview");
        return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
    }
    kp_page_new(kr, "portal-overview");
    if (kr->session->portal_customer_id) {   /* may report a job that is in no project yet */
        const char *answered = rows->nrows ? kp_cell(rows, 0, COL_ANSWERS_OUTSIDE_PROJECTS) : NULL;
        kp_xml_attr(kr->root, "customer-portal", "1");
        if (answered && strcmp(answered, "0")) {
            kp_xml_attr(kr->root, "answered-requests",
                        apr_atoi64(answered) > 99 ? "99+" : answered);
        }
    }
    kp_xml_add(kr->root, "info", rows->nrows ? kp_cell(rows, 0, 0) : "");
    portal_add_permissions(kr, kp_xml_add(kr->root, "permissions", NULL));
    list = kp_xml_add(kr->root, "projects", NULL);
    for (a = 0; a < NEWS_AREAS; a++) {
        slots[a] = apr_palloc(p, sizeof(news_slot) * (apr_size_t)(rows->nrows + 1));
        nslots[a] = 0;
    }
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
        find_news(rows, i, pr, slots, nslots);
    }
    for (a = 0; a < NEWS_AREAS; a++) {
        for (i = 0; i < nslots[a]; i += NEWS_SLOTS) {
            int n = nslots[a] - i < NEWS_SLOTS ? nslots[a] - i : NEWS_SLOTS;
            if (!count_news(kr, a, slots[a] + i, n)) {
                kp_db_log_failure(kr, "counting the overview's news");
                return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
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
    portal_add_permissions(kr, kp_xml_add(pr, "permissions", NULL));
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
