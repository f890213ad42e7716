/* mod_kp_health.c: the health check of a node (handler "kundenportal-health"), for load
 * balancers: 200 "ok" when the database answers and its schema is current, else 503. */
#include "mod_kp.h"

static const kp_statement health_statements[] = {
    {"health_ping", "SELECT COUNT(*) FROM tenant WHERE slug = %s"},
    {NULL, NULL}
};

static int answer(request_rec *r, int status, const char *text)
{
    r->status = status;
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    apr_table_setn(r->headers_out, "X-Content-Type-Options", "nosniff");
    ap_set_content_type(r, "text/plain; charset=utf-8");
    if (!r->header_only) {
        ap_rputs(text, r);
    }
    return OK;
}

/* No session, no template: a prepared statement on a fresh request, nothing else. */
int kp_health(request_rec *r)
{
    kp_req *kr = apr_pcalloc(r->pool, sizeof(*kr));
    kp_rows *rows;

    if (r->method_number != M_GET) {
        r->allowed = AP_METHOD_BIT << M_GET;
        return HTTP_METHOD_NOT_ALLOWED;
    }
    kr->r = r;
    kr->sconf = ap_get_module_config(r->server->module_config, &kundenportal_module);
    if (!kr->sconf->tenant) {
        return answer(r, HTTP_SERVICE_UNAVAILABLE, "not configured: KundenportalTenant is not set\n");
    }
    kr->db = kp_db_acquire(r);
    if (!kr->db) {
        return answer(r, HTTP_SERVICE_UNAVAILABLE, "database unavailable\n");
    }
    if (kp_select(kr->db, r->pool, "health_ping", &rows, kr->sconf->tenant) != APR_SUCCESS) {
        kp_db_log_failure(kr, "answering the health check");
        return answer(r, HTTP_SERVICE_UNAVAILABLE, "database unavailable\n");
    }
    if (!kp_db_schema_current(kr)) {
        return answer(r, HTTP_SERVICE_UNAVAILABLE, "database schema outdated\n");
    }
    if (rows->nrows != 1 || strcmp(kp_cell(rows, 0, 0), "1") != 0) {
        return answer(r, HTTP_SERVICE_UNAVAILABLE, "tenant missing\n");
    }
    return answer(r, HTTP_OK, "ok\n");
}

const kp_domain kp_domain_health = {"health", health_statements, NULL, NULL};
