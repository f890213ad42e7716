/* mod_kp_requests.c: Aufträge melden: customers report new jobs and follow their state, in a
 * project, or from a customer portal's overview before there is a project for the job; the
 * staff's inbox accepts (as a new project or into an existing one), rejects or closes them. */
#include "mod_kp_areas.h"
#include "kp_token.h"
#include "mod_kp_admin.h"

enum { INBOX_LIMIT = 300 };   /* shown by the inbox; the page says when there are more */
/* A portal's reported jobs, newest first: so many shown (one more read: more?), and the page
 * says when there are more. */
#define REPORTED_SHOWN 200
#define REPORTED_READ "201"

/* The requests the inbox shows (INBOX_LIMIT + 1: more?), by tenant and state ("all" or one). */
#define INBOX_ROWS \
    " WHERE r.tenant_id = %s AND (%s = 'all' OR r.state = %s)" \
    " ORDER BY r.state = 'new' DESC, r.id DESC LIMIT 301"

static const kp_statement requests_statements[] = {
    {"requests_of_project",
     "SELECT id, title, description, desired_date, place, state, answer, author_name,"
     " DATE_FORMAT(created_at, '%%Y-%%m-%%d %%H:%%i') FROM service_request"
     " WHERE project_id = %s AND tenant_id = %s ORDER BY id DESC LIMIT " REPORTED_READ},
    /* A customer portal's requests not (yet) in a project. */
    {"requests_of_customer",
     "SELECT id, title, description, desired_date, place, state, answer, author_name,"
     " DATE_FORMAT(created_at, '%%Y-%%m-%%d %%H:%%i') FROM service_request"
     " WHERE customer_id = %s AND project_id IS NULL AND tenant_id = %s ORDER BY id DESC"
     " LIMIT " REPORTED_READ},
    /* Either a project or a customer (the other NULL). */
    {"requests_insert",
     "INSERT INTO service_request (tenant_id, project_id, customer_id, account_id, author_name,"
     " title, description, desired_date, place, state, answer, form_token, created_at, updated_at)"
     " VALUES (%s, %s, %s, %s, %s, %s, %s, NULLIF(%s, ''), %s, 'new', '', %s, UTC_TIMESTAMP(),"
     " UTC_TIMESTAMP())"},
    /* The last column: the customer whose job it is (the project's, or the customer's own
     * request), whose projects the form offers. */
    {"requests_inbox",
     "SELECT r.id, r.title, r.description, r.desired_date, r.place, r.state, r.answer,"
     " r.author_name, DATE_FORMAT(r.created_at, '%%Y-%%m-%%d %%H:%%i'), pr.id, pr.name,"
     " r.resulting_project_id, rp.name, c.name, c.id, COALESCE(pr.customer_id, r.customer_id)"
     " FROM service_request r"
     " LEFT JOIN project pr ON pr.id = r.project_id AND pr.tenant_id = r.tenant_id"
     " LEFT JOIN customer c ON c.id = r.customer_id AND c.tenant_id = r.tenant_id"
     " LEFT JOIN project rp ON rp.id = r.resulting_project_id" INBOX_ROWS},
    {"requests_one",
     "SELECT r.id, r.title, r.place, COALESCE(pr.customer_id, r.customer_id), r.customer_id"
     " FROM service_request r LEFT JOIN project pr ON pr.id = r.project_id"
     " WHERE r.id = %s AND r.tenant_id = %s"},
    /* What "Bei Annahme: Projekt" offers: the projects of the customers whose jobs the inbox
     * shows, the first 100 of each by name (each request's form lists its customer's; a list of
     * every project of the company in each of 300 forms was megabytes of page). */
    {"requests_inbox_projects",
     "SELECT id, name, number, customer_id FROM (SELECT pr.id, pr.name, pr.number, pr.customer_id,"
     " ROW_NUMBER() OVER (PARTITION BY pr.customer_id ORDER BY pr.name, pr.id) AS n"
     " FROM (SELECT DISTINCT owner FROM (SELECT COALESCE(p0.customer_id, r.customer_id) AS owner"
     " FROM service_request r LEFT JOIN project p0 ON p0.id = r.project_id" INBOX_ROWS ") o) c"
     " JOIN project pr ON pr.customer_id = c.owner AND pr.tenant_id = %s) ranked"
     " WHERE n <= 100 ORDER BY customer_id, name, id"},
    /* A request of a customer alone goes only into a project of that customer. */
    {"requests_project_of_tenant",
     "SELECT id FROM project WHERE id = %s AND tenant_id = %s AND (%s = '' OR customer_id = %s)"},
    {"requests_decide",
     "UPDATE service_request SET state = %s, answer = %s,"
     " resulting_project_id = COALESCE(NULLIF(%s, ''), resulting_project_id),"
     " updated_at = UTC_TIMESTAMP() WHERE id = %s AND tenant_id = %s"},
    /* Accepting into a new project links it only if no project is linked yet: the same form
     * sent twice (or at once) makes one project; the second transaction finds the link made
     * and rolls its project back. */
    {"requests_decide_new",
     "UPDATE service_request SET state = 'accepted', answer = %s, resulting_project_id = %s,"
     " updated_at = UTC_TIMESTAMP() WHERE id = %s AND tenant_id = %s AND resulting_project_id IS NULL"},
    /* The same for a request linked already: only when something changes. */
    {"requests_decide_linked",
     "UPDATE service_request SET state = 'accepted', answer = %s, updated_at = UTC_TIMESTAMP()"
     " WHERE id = %s AND tenant_id = %s AND NOT (state = 'accepted' AND answer = %s)"},
    {NULL, NULL}
};

/* typed_answer: shown instead of the stored answer, when not NULL. */
static void add_request(xmlNodePtr list, kp_rows *rows, int i, const char *typed_answer)
{
    xmlNodePtr q = kp_xml_add(list, "request", NULL);
    kp_xml_attr(q, "id", kp_cell(rows, i, 0));
    kp_xml_attr(q, "state", kp_cell(rows, i, 5));
    kp_xml_attr(q, "desired", kp_cell(rows, i, 3) ? kp_cell(rows, i, 3) : "");
    kp_xml_attr(q, "date", kp_cell(rows, i, 8));
    kp_xml_add(q, "title", kp_cell(rows, i, 1));
    kp_xml_add(q, "description", kp_cell(rows, i, 2));
    kp_xml_add(q, "place", kp_cell(rows, i, 4));
    kp_xml_add(q, "answer", typed_answer ? typed_answer : kp_cell(rows, i, 6));
    kp_xml_add(q, "author", kp_cell(rows, i, 7));
}

typedef struct request_form {
    const char *title, *description, *desired, *place;
    const char *err_title, *err_description, *err_desired, *err_place;
    const char *err_form;   /* the whole form: not stored */
} request_form;

/* The form and the reported jobs: of the route's project, or (no project) of the customer
 * portal's customer. */
static int requests_page(kp_req *kr, int status, const request_form *f)
{
    kp_rows *rows;
    xmlNodePtr list, form;
    int i;
    kp_page_new(kr, "portal-requests");
    if (kr->project_id ? !kp_portal_add_project(kr)
                             || kp_select(kr->db, kr->r->pool, "requests_of_project", &rows,
                                          kr->project_id, kr->tenant_id) != APR_SUCCESS
                       : kp_select(kr->db, kr->r->pool, "requests_of_customer", &rows,
                                   kr->session->portal_customer_id, kr->tenant_id) != APR_SUCCESS) {
        return kp_unavailable(kr, "listing job requests");
    }
    list = kp_xml_add(kr->root, "requests", NULL);
    for (i = 0; i < rows->nrows && i < REPORTED_SHOWN; i++) {
        add_request(list, rows, i, NULL);
    }
    if (rows->nrows > REPORTED_SHOWN) {
        kp_xml_attr(list, "capped", apr_itoa(kr->r->pool, REPORTED_SHOWN));
    }
    form = kp_xml_add(kr->root, "form", NULL);
    kp_xml_attr(form, "token", kp_token_new(kr->r->pool, 32));
    if (f) {
        kp_xml_add(form, "title", f->title);
        kp_xml_add(form, "description", f->description);
        kp_xml_add(form, "desired", f->desired);
        kp_xml_add(form, "place", f->place);
        kp_xml_attr(form, "err-title", f->err_title);
        kp_xml_attr(form, "err-description", f->err_description);
        kp_xml_attr(form, "err-desired", f->err_desired);
        kp_xml_attr(form, "err-place", f->err_place);
        kp_xml_attr(form, "error", f->err_form);
    }
    return kp_page_send(kr, "portal-requests", status);
}

static int portal_requests(kp_req *kr)
{
    return requests_page(kr, HTTP_OK, NULL);
}

static int portal_request_submit(kp_req *kr)
{
    request_form f;
    int long_title, long_desc, long_place;
    const char *token = kp_form_get(kr, "form_token");
    const char *title = kp_field_text(kr, "title", 200, &long_title);
    const char *desc = kp_field_text(kr, "description", 5000, &long_desc);
    const char *place = kp_field_text(kr, "place", 500, &long_place);
    const char *desired = kp_form_get(kr, "desired_date");

    memset(&f, 0, sizeof(f));
    f.title = kp_form_get(kr, "title");
    f.description = kp_form_get(kr, "description");
    f.desired = desired;
    f.place = kp_form_get(kr, "place");
    if (!title) {
        f.err_title = long_title ? "requests.error.too_long" : "requests.error.title";
    }
    if (!desc) {
        f.err_description = long_desc ? "requests.error.too_long" : "requests.error.description";
    }
    if (long_place) {
        f.err_place = "requests.error.too_long";
    }
    if (desired && *desired && !kp_valid_date(desired)) {
        f.err_desired = "requests.error.date";
    }
    if (f.err_title || f.err_description || f.err_place || f.err_desired) {
        return requests_page(kr, HTTP_BAD_REQUEST, &f);
    }
    if (!token || !kp_token_wellformed(token, 43)) {
        token = NULL;
    }
    /* The unique (project_id, form_token) or (customer_id, form_token) refuses the same form
     * sent twice: already stored. */
    if (kp_exec(kr->db, kr->r->pool, "requests_insert", NULL, kr->tenant_id, kr->project_id,
                kr->project_id ? NULL : kr->session->portal_customer_id, kr->session->account_id,
                kr->session->display_name, title, desc, desired ? desired : "", place ? place : "",
                token) == APR_SUCCESS) {
        kp_audit(kr, "portal.request", kr->project_id ? "project" : "customer",
                 kr->project_id ? kr->project_id : kr->session->portal_customer_id, title);
    }
    else if (!(token && kp_db_duplicate(kr->db))) {
        /* the form again with what was typed: nothing of it is lost */
        kp_db_log_failure(kr, "storing a job request");
        apr_table_setn(kr->r->err_headers_out, "Retry-After", "30");
        f.err_form = "requests.error.not_stored";
        return requests_page(kr, HTTP_SERVICE_UNAVAILABLE, &f);
    }
    return kp_redirect(kr, kr->project_id ? apr_pstrcat(kr->r->pool, "/projects/", kr->project_id,
                                                        "/requests", NULL)
                                          : "/requests");
}

/* ---- staff: the inbox ---- */

static int inbox_page(kp_req *kr, int status, const char *error_id, const char *error)
{
    apr_pool_t *p = kr->r->pool;
    const char *state = kp_query_get(kr, "state");
    kp_rows *rows, *projects;
    xmlNodePtr list;
    int i;
    if (!state || (strcmp(state, "all") && strcmp(state, "new") && strcmp(state, "accepted")
                   && strcmp(state, "done") && strcmp(state, "rejected"))) {
        state = "all";
    }
    if (kp_select(kr->db, p, "requests_inbox", &rows, kr->tenant_id, state, state) != APR_SUCCESS
        || kp_select(kr->db, p, "requests_inbox_projects", &projects, kr->tenant_id, state, state,
                     kr->tenant_id) != APR_SUCCESS) {
        return kp_unavailable(kr, "loading the request inbox");
    }
    kp_page_new(kr, "admin-requests");
    list = kp_xml_add(kr->root, "requests", NULL);
    kp_xml_attr(list, "state", state);
    if (rows->nrows > INBOX_LIMIT) {
        kp_xml_attr(list, "capped", apr_itoa(p, INBOX_LIMIT));
    }
    for (i = 0; i < rows->nrows && i < INBOX_LIMIT; i++) {
        xmlNodePtr q;
        /* a refused decision shows the answer as typed, not as stored */
        int refused = status == HTTP_BAD_REQUEST && error_id
                      && !strcmp(error_id, kp_cell(rows, i, 0));
        add_request(list, rows, i, refused ? kp_form_get(kr, "answer") : NULL);
        q = list->last;
        if (kp_cell(rows, i, 9)) {
            kp_xml_attr(q, "project", kp_cell(rows, i, 9));
            kp_xml_add(q, "project", kp_cell(rows, i, 10));
        }
        else {   /* reported from a customer portal's overview */
            kp_xml_attr(q, "customer", kp_cell(rows, i, 14));
            kp_xml_add(q, "customer", kp_cell(rows, i, 13));
        }
        if (kp_cell(rows, i, 15)) {
            kp_xml_attr(q, "owner", kp_cell(rows, i, 15));
        }
        if (kp_cell(rows, i, 11)) {
            kp_xml_attr(q, "result", kp_cell(rows, i, 11));
            kp_xml_add(q, "result", kp_cell(rows, i, 12));
        }
        if (error_id && !strcmp(error_id, kp_cell(rows, i, 0))) {
            kp_xml_attr(q, "error", error);
        }
    }
    list = kp_xml_add(kr->root, "projects", NULL);
    for (i = 0; i < projects->nrows; i++) {
        xmlNodePtr pr = kp_xml_add(list, "project", kp_cell(projects, i, 1));
        kp_xml_attr(pr, "id", kp_cell(projects, i, 0));
        kp_xml_attr(pr, "number", kp_cell(projects, i, 2));
        kp_xml_attr(pr, "customer", kp_cell(projects, i, 3));
    }
    return kp_page_send(kr, "admin-requests", status);
}

static int staff_inbox(kp_req *kr)
{
    return inbox_page(kr, HTTP_OK, NULL, NULL);
}

/* POST /requests/{id}: action accept (target "new" or a project id), reject or done. */
static int staff_decide(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    const char *action = kp_form_get(kr, "action");
    const char *target = kp_form_get(kr, "target");
    const char *answer = kp_text_or_empty(kr, "answer");
    const char *state, *result = "", *owner;
    kp_rows *req, *rows;

    if (!kp_valid_id(kr->param[0])) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (kp_select(kr->db, p, "requests_one", &req, kr->param[0], kr->tenant_id) != APR_SUCCESS) {
        return kp_unavailable(kr, "looking up a request");
    }
    if (req->nrows != 1) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (!action || (strcmp(action, "accept") && strcmp(action, "reject") && strcmp(action, "done"))) {
        return inbox_page(kr, HTTP_BAD_REQUEST, kr->param[0], "requests.error.action");
    }
    if (!answer) {
        return inbox_page(kr, HTTP_BAD_REQUEST, kr->param[0], "requests.error.too_long");
    }
    state = !strcmp(action, "accept") ? "accepted" : !strcmp(action, "reject") ? "rejected" : "done";
    owner = kp_cell(req, 0, 4) ? kp_cell(req, 0, 4) : "";   /* a customer's request without project */
    if (kp_db_begin(kr->db, p) != APR_SUCCESS) {
        return kp_unavailable(kr, "starting a transaction");
    }
    if (!strcmp(action, "accept")) {
        if (target && !strcmp(target, "new")) {
            /* as "Neues Projekt" makes one: the portal as the Voreinstellung says, the audit line */
            int linked = 0, portal = kp_admin_new_project_default(kr, NULL);
            if (portal < 0
                || !(result = kp_admin_project_insert(kr, kp_cell(req, 0, 3), kp_cell(req, 0, 1), "",
                                                      kp_cell(req, 0, 2), portal))
                || kp_exec(kr->db, p, "requests_decide_new", &linked, answer, result, kr->param[0],
                           kr->tenant_id) != APR_SUCCESS) {
                return kp_unavailable(kr, "creating a project from a request");
            }
            if (linked != 1) {
                /* already linked to a project: no second project. A second submit of the same
                 * form changes nothing and passes quietly; "new" chosen again with another answer
                 * takes the answer, keeps the link, and the page says so. */
                int changed = 0;
                kp_db_rollback(kr->db, p);
                if (kp_exec(kr->db, p, "requests_decide_linked", &changed, answer, kr->param[0],
                            kr->tenant_id, answer) != APR_SUCCESS) {
                    return kp_unavailable(kr, "deciding a request");
                }
                if (!changed) {
                    return kp_redirect(kr, "/requests");
                }
                kp_audit(kr, "admin.request_accepted", "service_request", kr->param[0], NULL);
                return inbox_page(kr, HTTP_OK, kr->param[0], "requests.notice.linked");
            }
        }
        else if (kp_valid_id(target)
                 && kp_select(kr->db, p, "requests_project_of_tenant", &rows, target, kr->tenant_id,
                              owner, owner)
                        == APR_SUCCESS && rows->nrows == 1) {
            result = target;
        }
        else {
            kp_db_rollback(kr->db, p);
            return inbox_page(kr, HTTP_BAD_REQUEST, kr->param[0], "requests.error.target");
        }
    }
    if (kp_exec(kr->db, p, "requests_decide", NULL, state, answer, result, kr->param[0],
                kr->tenant_id) != APR_SUCCESS
        || kp_db_commit(kr->db, p) != APR_SUCCESS) {
        return kp_unavailable(kr, "deciding a request");
    }
    kp_audit(kr, apr_pstrcat(p, "admin.request_", state, NULL), "service_request", kr->param[0],
             NULL);
    return kp_redirect(kr, "/requests");
}

static const kp_route requests_portal_routes[] = {
    {"GET", "/projects/{id}/requests", KP_CUSTOMER, KP_AREA_REQUESTS, portal_requests, 0},
    {"POST", "/projects/{id}/requests", KP_CUSTOMER, KP_AREA_REQUESTS, portal_request_submit, 0},
    /* outside a project: a project portal has its project */
    {"GET", "/requests", KP_CUSTOMER_PORTAL, KP_AREA_REQUESTS, portal_requests, 0},
    {"POST", "/requests", KP_CUSTOMER_PORTAL, KP_AREA_REQUESTS, portal_request_submit, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

static const kp_route requests_admin_routes[] = {
    {"GET", "/requests", KP_ADMIN, KP_AREA_NONE, staff_inbox, 0},
    {"POST", "/requests/{id}", KP_ADMIN, KP_AREA_NONE, staff_decide, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_requests = {"requests", requests_statements, requests_portal_routes,
                                      requests_admin_routes};
