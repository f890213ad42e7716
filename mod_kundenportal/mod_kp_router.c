/* mod_kp_router.c: finds the route of a request and decides, from the route table alone, who
 * may call it: tenant, schema, session, CSRF, area permission and project scope. Handlers
 * run only after every check passed, so none can forget one. */
#include "mod_kp.h"
#include "kp_form.h"
#include "kp_route.h"
#include "http_core.h"

static const kp_statement router_statements[] = {
    {"tenant_state", "SELECT " KP_TENANT_COLUMNS " FROM tenant t WHERE t.slug = %s"},
    {NULL, NULL}
};


/* Matches path against pattern, keeping the {..} segments in kr->param. */
static int route_matches(kp_req *kr, const char *pattern, const char *path)
{
    kp_route_param params[KP_ROUTE_MAX_PARAMS];
    int i, n = kp_route_match(pattern, path, params);
    if (n < 0) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        kr->param[i] = apr_pstrndup(kr->r->pool, params[i].start, params[i].len);
    }
    kr->nparam = n;
    return 1;
}

static const kp_route *find_route(kp_req *kr, const char *method, const char **allow)
{
    int d, i;
    *allow = NULL;
    for (d = 0; kp_domains[d]; d++) {
        const kp_route *table = kr->app == KP_APP_ADMIN ? kp_domains[d]->admin_routes
                                                         : kp_domains[d]->portal_routes;
        for (i = 0; table && table[i].pattern; i++) {
            const kp_route *route = &table[i];
            if (!route_matches(kr, route->pattern, kr->path)) {
                continue;
            }
            if (!strcmp(route->method, method)) {
                return route;
            }
            *allow = *allow ? apr_pstrcat(kr->r->pool, *allow, ", ", route->method, NULL)
                            : route->method;
        }
    }
    return NULL;
}

static int area_allowed(kp_req *kr, kp_area area)
{
    return area == KP_AREA_NONE || (kr->session && kr->session->perm[area]);
}

/* The request's path for a log line: a secret in it (an invitation, a portal link, a calendar
 * feed: the routes with {token}) is shown as its route's pattern instead. */
static const char *logged_path(kp_req *kr)
{
    if (kr->route && strstr(kr->route->pattern, "{token}")) {
        return apr_pstrcat(kr->r->pool, kr->mount, kr->route->pattern, NULL);
    }
    return kr->r->uri;
}

void kp_csrf_log_refusal(kp_req *kr)
{
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, kr->r,
                  KPLOG(10023) "POST %s refused: missing or wrong CSRF token", logged_path(kr));
}

int kp_csrf_refused(kp_req *kr)
{
    kp_csrf_log_refusal(kr);
    return kp_page_error(kr, HTTP_FORBIDDEN, "error.csrf");
}

/* Something outside the account's reach answers exactly like something that does not exist. */
static int deny(kp_req *kr, const char *why)
{
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, kr->r,
                  KPLOG(10020) "denied %s %s to %s account %s: %s", kr->r->method, logged_path(kr),
                  kr->app == KP_APP_ADMIN ? "admin" : "portal",
                  kr->session ? kr->session->account_id : "-", why);
    return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
}

/* Returned by checks that let the request go on; anything else is the finished response. */
#define KP_CONTINUE (-100)

/* The project came with the session (session_portal_project), visible or not. */
static int authorize_project(kp_req *kr)
{
    if (!kr->project.id) {
        return deny(kr, "project not in this portal");
    }
    kr->project_id = kr->project.id;
    return KP_CONTINUE;
}

/* Basic edition without the KundenPlus add-on: the portal works for the trial days from the
 * tenant's first activation. Nothing is deleted when it ends. */
static int trial_expired(kp_req *kr, const char *never, const char *days)
{
    kr->tenant.trial_days_left = -1;
    if (kp_conf_edition_allows(kr->sconf) || (never && never[0] == '1') || !days) {
        return 0;
    }
    if (atoi(days) < kr->sconf->trial_days) {
        kr->tenant.trial_days_left = kr->sconf->trial_days - atoi(days);
    }
    return atoi(days) >= kr->sconf->trial_days;
}

/* The tenant's state from the first KP_TENANT_NCOLS columns of the first row. */
void kp_tenant_read(kp_req *kr, const kp_rows *rows)
{
    kr->tenant.id = kp_cell(rows, 0, 0);
    kr->tenant.name = kp_cell(rows, 0, 1);
    kr->tenant.trial_expired = trial_expired(kr, kp_cell(rows, 0, 2), kp_cell(rows, 0, 3));
    kr->tenant.accent = kp_cell(rows, 0, 4);   /* the portal's look, from the same row */
    kr->tenant.logo = kp_cell(rows, 0, 5);
    kr->tenant_id = kr->tenant.id;
}

static int customer_route(const kp_route *route)
{
    return route->access == KP_CUSTOMER || route->access == KP_CUSTOMER_PORTAL;
}

/* A customer route under /projects/{id}: its project is read with the session. */
static const char *project_of_route(kp_req *kr)
{
    if (kr->app == KP_APP_PORTAL && customer_route(kr->route) && kr->nparam > 0
        && !strncmp(kr->route->pattern, "/projects/{id}", 14)) {
        return kr->param[0];
    }
    return NULL;
}

/* The mount point is the path of the <Location> that set the handler: core keeps the path of
 * the innermost section it merged. A trailing slash is dropped; "/" mounts at the root. */
static const char *mount_of(request_rec *r)
{
    core_dir_config *core = ap_get_core_module_config(r->per_dir_config);
    const char *d = core ? core->d : NULL;
    apr_size_t n = d ? strlen(d) : 0;
    while (n > 0 && d[n - 1] == '/') {
        n--;
    }
    if (!n || strncmp(r->uri, d, n) != 0 || (r->uri[n] != '/' && r->uri[n] != '\0')) {
        return "";
    }
    return apr_pstrndup(r->pool, d, n);
}

int kp_dispatch(request_rec *r, kp_app app)
{
    kp_req *kr = apr_pcalloc(r->pool, sizeof(*kr));
    const char *method = r->method_number == M_GET ? "GET" : r->method;
    const char *allow = NULL;
    kp_rows *tenant;
    apr_size_t mlen;
    int rv;

    kr->r = r;
    kr->app = app;
    kr->sconf = ap_get_module_config(r->server->module_config, &kundenportal_module);
    kr->dconf = ap_get_module_config(r->per_dir_config, &kundenportal_module);
    kr->render = kp_page_render_for(kr->sconf);
    kr->mount = mount_of(r);
    mlen = strlen(kr->mount);
    kr->path = strncmp(r->uri, kr->mount, mlen) == 0 ? r->uri + mlen : r->uri;
    if (!*kr->path) {
        kr->path = "/";
    }
    kr->lang = kp_choose_lang(kr);
    /* Every answer, also a download or feed a handler writes itself, gets the headers. */
    kp_security_headers(kr, 1);

    if (!kr->sconf->tenant) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      KPLOG(10021) "KundenportalTenant is not set for this virtual host");
        return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
    }
    kr->route = find_route(kr, method, &allow);
    if (!kr->route) {
        if (allow) {
            apr_table_setn(r->err_headers_out, "Allow", allow);
            return kp_page_error(kr, HTTP_METHOD_NOT_ALLOWED, "error.method");
        }
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }

    kr->db = kp_db_acquire(r);
    if (!kr->db) {
        return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
    }
    if (!kp_db_schema_current(kr)) {
        return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
    }
    /* A session brings its tenant and the route's project along (one query); without one,
     * the tenant is read alone. */
    if (kp_session_load(kr, project_of_route(kr)) == APR_EGENERAL) {
        return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
    }
    if (!kr->tenant_id) {
        if (kp_select(kr->db, r->pool, "tenant_state", &tenant, kr->sconf->tenant) != APR_SUCCESS) {
            kp_db_log_failure(kr, "loading the tenant");
            return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
        }
        if (tenant->nrows != 1) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                          KPLOG(10022) "tenant '%s' does not exist: run 'kundenportalctl tenant add'",
                          kr->sconf->tenant);
            return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");   /* as KP10021 */
        }
        kp_tenant_read(kr, tenant);
    }
    if (app == KP_APP_PORTAL && kr->tenant.trial_expired) {
        return kp_page_error(kr, HTTP_FORBIDDEN, "error.portal_unavailable");
    }
    if (kr->route->access != KP_ANON && !kr->session) {
        return kp_redirect(kr, "/login");
    }
    /* A logout whose session has ended meanwhile (idle on an open page, or logged out in
     * another tab) has nothing left to protect: to the login page, whatever token it carries. */
    if (!kr->session && (kr->route->flags & KP_ROUTE_LOGOUT)) {
        return kp_redirect(kr, "/login");
    }
    if ((customer_route(kr->route) && app != KP_APP_PORTAL)
        || (kr->route->access == KP_ADMIN && app != KP_APP_ADMIN)) {
        return deny(kr, "route of the other application");
    }

    if (!strcmp(method, "POST")) {
        const char *sent = NULL;
        if (kr->route->flags & KP_ROUTE_MULTIPART) {
            /* The body is read by the handler (kp_read_upload), which checks the token as the
             * body's first field before it keeps anything; a token in the query string (as the
             * forms sent it before, and scripts may) is checked here. The forms no longer put it
             * there: the access log would keep it with the request line. */
            sent = kp_query_get(kr, "csrf");
            kr->csrf_in_body = !sent;
        }
        else {
            if ((rv = kp_read_form(kr, 0)) != OK) {
                return kp_page_error(kr, rv, rv == HTTP_REQUEST_ENTITY_TOO_LARGE ? "error.too_large"
                                                                                 : "error.bad_request");
            }
            sent = kp_form_get(kr, "csrf");
        }
        if (!kr->csrf_in_body && !kp_csrf_valid(kr, sent)) {
            return kp_csrf_refused(kr);
        }
    }

    if (customer_route(kr->route)) {
        if (!area_allowed(kr, kr->route->area)) {
            return deny(kr, "area not permitted");
        }
        if (kr->route->access == KP_CUSTOMER_PORTAL && !kr->session->portal_customer_id) {
            return deny(kr, "not a customer portal");
        }
        if (project_of_route(kr)) {
            if ((rv = authorize_project(kr)) != KP_CONTINUE) {
                return rv;
            }
        }
    }
    return kr->route->handler(kr);
}

const kp_domain kp_domain_router = {"router", router_statements, NULL, NULL};
