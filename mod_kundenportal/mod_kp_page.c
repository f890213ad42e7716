/* mod_kp_page.c: builds a page's data document, renders it through its template, and owns
 * what every response shares: security headers, error pages, redirects, forms, language. */
#include "mod_kp.h"
#include "kp_form.h"
#include "kp_text.h"
#include "apr_lib.h"

#define FORM_BODY_LIMIT (256 * 1024)
#define DEFAULT_STATIC_URL "/kundenportal-static"

static const kp_statement page_statements[] = {
    {"audit_insert",
     "INSERT INTO audit_log (tenant_id, actor_kind, actor_id, actor_name, action, object_type,"
     " object_id, detail, remote_ip, created_at)"
     " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, UTC_TIMESTAMP())"},
    {NULL, NULL}
};

/* The request's query string without lang= and csrf=, to be followed by a new lang=. */
static const char *query_without_lang(request_rec *r)
{
    char *rest = r->args ? apr_pstrdup(r->pool, r->args) : NULL, *pair, *state;
    const char *kept = "";
    for (pair = rest ? apr_strtok(rest, "&", &state) : NULL; pair;
         pair = apr_strtok(NULL, "&", &state)) {
        if (strncmp(pair, "lang=", 5) && strcmp(pair, "lang") && strncmp(pair, "csrf=", 5)) {
            kept = apr_pstrcat(r->pool, kept, pair, "&", NULL);
        }
    }
    return kept;
}

/* Compiled templates per directory, shared by the vhosts that use the same one. */
static apr_hash_t *renders;

apr_status_t kp_page_init(apr_pool_t *pconf, server_rec *s)
{
    server_rec *sp;
    renders = apr_hash_make(pconf);
    for (sp = s; sp; sp = sp->next) {
        kp_srv_conf *c = ap_get_module_config(sp->module_config, &kundenportal_module);
        const char *error = NULL;
        kp_render *render;
        if (!c->tenant || apr_hash_get(renders, c->templates, APR_HASH_KEY_STRING)) {
            continue;
        }
        render = kp_render_load(pconf, c->templates, &error);
        if (!render) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, sp, KPLOG(10010) "%s (KundenportalTemplates)",
                         error);
            return APR_EGENERAL;
        }
        apr_hash_set(renders, c->templates, APR_HASH_KEY_STRING, render);
    }
    return APR_SUCCESS;
}

const kp_render *kp_page_render_for(const kp_srv_conf *c)
{
    return renders && c->templates ? apr_hash_get(renders, c->templates, APR_HASH_KEY_STRING) : NULL;
}

static apr_status_t free_doc(void *doc)
{
    xmlFreeDoc((xmlDocPtr)doc);
    return APR_SUCCESS;
}

const char *kp_url(kp_req *kr, const char *path)
{
    return apr_pstrcat(kr->r->pool, kr->mount, path, NULL);
}

void kp_page_new(kp_req *kr, const char *name)
{
    xmlNodePtr ctx, user;
    request_rec *r = kr->r;

    if (kr->doc) {
        apr_pool_cleanup_run(r->pool, kr->doc, free_doc);
    }
    kr->doc = xmlNewDoc(BAD_CAST "1.0");
    apr_pool_cleanup_register(r->pool, kr->doc, free_doc, apr_pool_cleanup_null);
    kr->root = xmlNewNode(NULL, BAD_CAST "page");
    xmlDocSetRootElement(kr->doc, kr->root);
    kp_xml_attr(kr->root, "name", name);
    kp_xml_attr(kr->root, "app", kr->app == KP_APP_ADMIN ? "admin" : "portal");
    kp_xml_attr(kr->root, "lang", kr->lang);

    ctx = kp_xml_add(kr->root, "ctx", NULL);
    kp_xml_attr(ctx, "mount", kr->mount);
    if (r->method_number == M_GET) {   /* the language links keep the page (week, month, ...) */
        kp_xml_attr(ctx, "query", query_without_lang(r));
    }
    kp_xml_attr(ctx, "static", kr->dconf->static_url ? kr->dconf->static_url : DEFAULT_STATIC_URL);
    kp_xml_attr(ctx, "path", kr->path);
    kp_xml_attr(ctx, "tenant", kr->tenant.name ? kr->tenant.name : "");
    /* The company's look on the portal's pages (none once a trial has ended: its logo and
     * stylesheet would not be served). */
    if (kr->app == KP_APP_PORTAL && !kr->tenant.trial_expired && (kr->tenant.accent || kr->tenant.logo)) {
        kp_brand_xml(kr, ctx, kr->tenant.accent, kr->tenant.logo);
    }
    if (kr->session) {
        user = kp_xml_add(ctx, "user", NULL);
        kp_xml_attr(user, "name", kr->session->display_name);
        kp_xml_attr(user, "username", kr->session->username);
        kp_xml_attr(ctx, "csrf", kr->session->csrf);
        if (kr->session->new_requests && strcmp(kr->session->new_requests, "0")) {
            kp_xml_attr(ctx, "new-requests", kr->session->new_requests);
        }
    }
    /* Admins see the state of a basic edition's trial on every page. */
    if (kr->app == KP_APP_ADMIN && kr->session
        && (kr->tenant.trial_expired || kr->tenant.trial_days_left >= 0)) {
        xmlNodePtr trial = kp_xml_add(ctx, "trial", NULL);
        kp_xml_attr(trial, "expired", kr->tenant.trial_expired ? "1" : "0");
        kp_xml_attr(trial, "days-left", apr_itoa(r->pool, kr->tenant.trial_days_left));
    }
}

void kp_security_headers(kp_req *kr, int private_page)
{
    apr_table_t *h = kr->r->err_headers_out;
    apr_table_setn(h, "Content-Security-Policy",
                   "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                   " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    apr_table_setn(h, "X-Content-Type-Options", "nosniff");
    apr_table_setn(h, "X-Frame-Options", "DENY");
    /* Portal links carry their token in the path: never send it to another site. */
    apr_table_setn(h, "Referrer-Policy", "no-referrer");
    if (private_page) {
        apr_table_setn(h, "Cache-Control", "no-store");
    }
}

static int send_plain(kp_req *kr, int status, const char *text)
{
    kr->r->status = status;
    ap_set_content_type(kr->r, "text/plain; charset=utf-8");
    ap_rputs(text, kr->r);
    return OK;
}

/* The rendered page goes into the response piece by piece; the status and the head of the
 * page go out with the first piece, once the transformation has succeeded. */
typedef struct page_out {
    request_rec *r;
    int status;
    int started;
} page_out;

static void page_start(page_out *o)
{
    o->started = 1;
    o->r->status = o->status;
    ap_set_content_type(o->r, "text/html; charset=utf-8");
    ap_rputs("<!DOCTYPE html>\n", o->r);
}

static int page_write(void *baton, const char *buf, int len)
{
    page_out *o = baton;
    if (!o->started) {
        page_start(o);
    }
    return ap_rwrite(buf, len, o->r) < 0 ? -1 : len;
}

int kp_page_send(kp_req *kr, const char *name, int status)
{
    const char *error = NULL;
    page_out o = {kr->r, status, 0};

    kp_security_headers(kr, 1);
    if (!kr->render) {
        return send_plain(kr, HTTP_INTERNAL_SERVER_ERROR, "The portal's templates are not loaded.\n");
    }
    if (kp_render_page(kr->render, kr->r->pool, name, kr->doc, kr->lang, kr->sconf->time_zone,
                       page_write, &o, &error)
        != APR_SUCCESS) {
        /* Once started, only the writing can fail: the client went away. */
        ap_log_rerror(APLOG_MARK, o.started ? APLOG_INFO : APLOG_ERR, 0, kr->r,
                      KPLOG(10011) "rendering failed: %s", error);
        if (o.started) {
            return OK;
        }
        return send_plain(kr, HTTP_INTERNAL_SERVER_ERROR,
                          "Internal error while showing this page.\n");
    }
    if (!o.started) {
        page_start(&o);
    }
    return OK;
}

int kp_page_error(kp_req *kr, int status, const char *message_key)
{
    xmlNodePtr e;
    if (status == HTTP_NOT_FOUND && kr->lookup_failed) {   /* not known to be missing */
        status = HTTP_SERVICE_UNAVAILABLE;
        message_key = "error.unavailable";
    }
    kp_page_new(kr, "error");
    e = kp_xml_add(kr->root, "error", NULL);
    kp_xml_attr(e, "status", apr_itoa(kr->r->pool, status));
    kp_xml_attr(e, "message", message_key);
    if (status == HTTP_SERVICE_UNAVAILABLE) {
        apr_table_setn(kr->r->err_headers_out, "Retry-After", "30");
    }
    return kp_page_send(kr, "error", status);
}

int kp_redirect(kp_req *kr, const char *path)
{
    kp_security_headers(kr, 1);
    apr_table_setn(kr->r->headers_out, "Location", kp_url(kr, path));
    return HTTP_SEE_OTHER;
}

const char *kp_form_get(kp_req *kr, const char *name)
{
    return kr->form ? apr_table_get(kr->form, name) : NULL;
}

apr_table_t *kp_query(kp_req *kr)
{
    if (!kr->query_read) {
        const char *args = kr->r->args ? kr->r->args : "";
        kr->query_read = 1;
        if (kp_form_parse(kr->r->pool, args, strlen(args), &kr->query) != APR_SUCCESS) {
            kr->query = NULL;
        }
    }
    return kr->query;
}

const char *kp_query_get(kp_req *kr, const char *name)
{
    return kp_query(kr) ? apr_table_get(kr->query, name) : NULL;
}

/* Reads an urlencoded body: OK, or the HTTP status to answer with. */
int kp_read_form(kp_req *kr, apr_size_t limit)
{
    request_rec *r = kr->r;
    const char *type = apr_table_get(r->headers_in, "Content-Type");
    char *body;
    apr_size_t len = 0;
    long got;
    int rv;

    if (!type || strncasecmp(type, "application/x-www-form-urlencoded", 33) != 0) {
        return HTTP_UNSUPPORTED_MEDIA_TYPE;
    }
    if (!limit) {
        limit = FORM_BODY_LIMIT;
    }
    if ((rv = ap_setup_client_block(r, REQUEST_CHUNKED_DECHUNK)) != OK) {
        return rv;
    }
    body = apr_palloc(r->pool, limit + 1);
    if (ap_should_client_block(r)) {
        while ((got = ap_get_client_block(r, body + len, limit + 1 - len)) > 0) {
            len += (apr_size_t)got;
            if (len > limit) {
                return HTTP_REQUEST_ENTITY_TOO_LARGE;
            }
        }
        if (got < 0) {
            return HTTP_BAD_REQUEST;
        }
    }
    if (kp_form_parse(r->pool, body, len, &kr->form) != APR_SUCCESS) {
        return HTTP_BAD_REQUEST;
    }
    return OK;
}

static int lang_supported(kp_req *kr, const char *lang)
{
    return lang && (!strcmp(lang, "de") || !strcmp(lang, "en"))
           && (!kr->render || kp_i18n_has_lang(kr->render, lang));
}

/* ?lang= wins and is remembered in a cookie; then the cookie, Accept-Language, the default. */
const char *kp_choose_lang(kp_req *kr)
{
    request_rec *r = kr->r;
    const char *lang = kp_query_get(kr, "lang"), *header;

    if (lang_supported(kr, lang)) {
        kp_cookie_set(kr, "kp_lang", lang, 365 * 24 * 3600);
        return lang;
    }
    header = apr_table_get(r->headers_in, "Cookie");
    lang = header ? kp_cookie_get(r->pool, header, kp_cookie_name(kr, "kp_lang")) : NULL;
    if (lang_supported(kr, lang)) {
        return lang;
    }
    header = apr_table_get(r->headers_in, "Accept-Language");
    while (header && *header) {
        while (*header == ' ' || *header == ',') {
            header++;
        }
        if (!strncasecmp(header, "de", 2) && !apr_isalpha(header[2])) {
            return "de";
        }
        if (!strncasecmp(header, "en", 2) && !apr_isalpha(header[2])) {
            return "en";
        }
        header = strchr(header, ',');
    }
    return kr->dconf->default_lang ? kr->dconf->default_lang : "de";
}

const char *kp_client_ip(kp_req *kr)
{
    return kr->r->useragent_ip ? kr->r->useragent_ip : "";
}

/* The log's detail column holds 2000 characters: a longer detail is cut, not refused with its
 * line. */
static const char *audit_detail(apr_pool_t *p, const char *detail)
{
    apr_size_t len = strlen(detail), at = 0, chars = 0, n;
    while (at < len && chars < 2000 && (n = kp_utf8_char_length(detail + at, len - at)) > 0) {
        at += n;
        chars++;
    }
    return at < len ? apr_pstrndup(p, detail, at) : detail;
}

void kp_audit(kp_req *kr, const char *action, const char *object_type, const char *object_id,
              const char *detail)
{
    kp_audit_by(kr, kr->session ? kr->session->account_id : NULL,
                kr->session && kr->session->display_name ? kr->session->display_name : "",
                action, object_type, object_id, detail);
}

void kp_audit_by(kp_req *kr, const char *actor_id, const char *actor, const char *action,
                 const char *object_type, const char *object_id, const char *detail)
{
    /* By where it happened, also without a session (a failed login, an invitation accepted):
     * the Protokoll's filter by origin finds it there. */
    const char *kind = kr->app == KP_APP_ADMIN ? "admin" : "portal";

    if (!kr->tenant_id) {
        return;
    }
    if (kp_exec(kr->db, kr->r->pool, "audit_insert", NULL, kr->tenant_id, kind, actor_id, actor,
                action, object_type ? object_type : "", object_id,
                detail ? audit_detail(kr->r->pool, detail) : "",
                kp_client_ip(kr)) != APR_SUCCESS) {
        kp_db_log_failure(kr, "writing the audit log");
    }
}

const kp_domain kp_domain_page = {"page", page_statements, NULL, NULL};
