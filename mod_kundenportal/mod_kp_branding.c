/* mod_kp_branding.c: the company's look in the portal: name, accent colour and logo, set on
 * the administration's page "Erscheinungsbild", and the logo and accent stylesheet served
 * under versioned public URLs that may be cached for good. */
#include "mod_kp_admin.h"
#include "mod_kp_areas.h"
#include "kp_brand.h"

#define PAGE "admin-branding"
#define FOREVER "public, max-age=31536000, immutable"

static const kp_statement branding_statements[] = {
    {"branding_get",
     "SELECT name, accent_color, logo_version, settings_version FROM tenant WHERE id = %s"},
    {"branding_set",
     "UPDATE tenant SET name = %s, accent_color = NULLIF(%s, ''),"
     " settings_version = settings_version + 1 WHERE id = %s AND settings_version = %s"},
    {"branding_logo_delete", "DELETE FROM tenant_logo WHERE tenant_id = %s"},
    {"branding_logo_insert",
     "INSERT INTO tenant_logo (tenant_id, content_type, size, content, created_at)"
     " VALUES (%s, %s, %s, UNHEX(%s), UTC_TIMESTAMP())"},
    {"branding_logo_version",
     "UPDATE tenant SET logo_version = NULLIF(%s, '') WHERE id = %s"},
    {"branding_logo_get",
     "SELECT content_type, HEX(content) FROM tenant_logo WHERE id = %s AND tenant_id = %s"},
    {NULL, NULL}
};

void kp_brand_xml(kp_req *kr, xmlNodePtr parent, const char *accent, const char *logo)
{
    xmlNodePtr b = kp_xml_add(parent, "brand", NULL);
    unsigned rgb;
    if (accent && kp_color_parse(accent, &rgb)) {
        kp_xml_attr(b, "accent", accent);
        kp_xml_attr(b, "accent-id", apr_psprintf(kr->r->pool, "%u", rgb));
    }
    if (logo && *logo) {
        kp_xml_attr(b, "logo", logo);
    }
}

/* The page with fs (the saved values when NULL or outdated, what was typed then listed apart),
 * an alert, and a preview of what is saved. */
static int branding_page(kp_req *kr, kp_formstate *fs, const char *alert, int status)
{
    kp_rows *rows;
    xmlNodePtr n;
    kp_formstate *typed = fs && fs->outdated ? fs : NULL;
    if (kp_select(kr->db, kr->r->pool, "branding_get", &rows, kr->tenant_id) != APR_SUCCESS
        || rows->nrows != 1) {
        return kp_admin_unavailable(kr, "loading the company's look");
    }
    if (!fs || typed) {
        fs = kp_fs_new(kr);
        kp_fs_set(fs, "company_name", kp_cell(rows, 0, 0));
        kp_fs_set(fs, "accent", kp_cell(rows, 0, 1));
    }
    if (typed) {   /* no new logo, none removed: what the typed ones are compared with */
        kp_fs_set(fs, "logo", "");
        kp_fs_set(fs, "remove_logo", "0");
    }
    if (!kp_fs_get(fs, "version") || !*kp_fs_get(fs, "version")) {
        kp_fs_set(fs, "version", kp_cell(rows, 0, 3));
    }
    fs->alert = alert;
    kp_page_new(kr, PAGE);
    kp_fs_xml(kr->root, PAGE, fs);
    if (typed) {
        kp_admin_unsaved_xml(kr, typed, fs);
    }
    n = kp_xml_add(kr->root, "saved", NULL);
    kp_xml_attr(n, "name", kp_cell(rows, 0, 0));
    kp_xml_attr(n, "limit", apr_itoa(kr->r->pool, KP_LOGO_LIMIT));
    for (n = kr->root->children; n && xmlStrcmp(n->name, BAD_CAST "ctx"); n = n->next) {
    }
    kp_brand_xml(kr, n ? n : kr->root, kp_cell(rows, 0, 1), kp_cell(rows, 0, 2));
    return kp_page_send(kr, PAGE, status);
}

static int branding_show(kp_req *kr)
{
    return branding_page(kr, NULL, kp_query_get(kr, "saved") ? "notice.saved" : NULL, HTTP_OK);
}

/* Replaces or removes the logo inside the open transaction; 0 on a database failure. */
static int store_logo(kp_req *kr, kp_upload *up, const char *type)
{
    apr_pool_t *p = kr->r->pool;
    const char *id = "";
    static const char digits[] = "0123456789ABCDEF";
    char *hex;

    if (kp_exec(kr->db, p, "branding_logo_delete", NULL, kr->tenant_id) != APR_SUCCESS) {
        return 0;
    }
    if (type) {   /* a new logo (else the old one is removed) */
        apr_size_t len = kp_strbuf_length(up->data), i;
        const unsigned char *data = (const unsigned char *)kp_strbuf_data(up->data);
        hex = apr_palloc(p, 2 * len + 1);
        for (i = 0; i < len; i++) {
            hex[2 * i] = digits[data[i] >> 4];
            hex[2 * i + 1] = digits[data[i] & 15];
        }
        hex[2 * len] = '\0';
        if (kp_exec(kr->db, p, "branding_logo_insert", NULL, kr->tenant_id, type,
                    apr_psprintf(p, "%" APR_SIZE_T_FMT, len), hex) != APR_SUCCESS
            || !(id = kp_db_last_insert_id(kr->db, p))) {
            return 0;
        }
    }
    return kp_exec(kr->db, p, "branding_logo_version", NULL, id, kr->tenant_id) == APR_SUCCESS;
}

/* Name, colour and logo are saved together or not at all; any refusal shows the error next to
 * its field (413 for a logo over the limit) and stores nothing. */
static int branding_save(kp_req *kr)
{
    kp_upload *up;
    kp_formstate *fs = kp_fs_new(kr);
    const char *name, *accent, *version, *type = NULL;
    int rv = kp_read_upload(kr, KP_LOGO_LIMIT, KP_UPLOAD_IN_MEMORY, &up), remove, affected = 0;
    unsigned rgb;

    if (rv == HTTP_FORBIDDEN) {
        return kp_csrf_refused(kr);
    }
    if (rv != OK) {
        /* A body over the limit is not read (nor its other fields): the saved values are shown
         * again, with the error next to the logo. */
        kp_fs_error(fs, "logo", rv == HTTP_REQUEST_ENTITY_TOO_LARGE ? "branding.error.logo_too_large"
                                                                     : "branding.error.logo_upload");
        kr->form = up->fields;
        if (kp_form_get(kr, "company_name") && kp_form_get(kr, "accent")) {
            kp_admin_text(kr, fs, "company_name", 1, 200);
            kp_fs_set(fs, "accent", kp_text_or_empty_max(kr, "accent", 100));
            kp_fs_set(fs, "version", kp_admin_version(kr, "version"));
        }
        else {
            kp_rows *rows;
            if (kp_select(kr->db, kr->r->pool, "branding_get", &rows, kr->tenant_id) != APR_SUCCESS
                || rows->nrows != 1) {
                return kp_admin_unavailable(kr, "loading the company's look");
            }
            kp_fs_set(fs, "company_name", kp_cell(rows, 0, 0));
            kp_fs_set(fs, "accent", kp_cell(rows, 0, 1));
        }
        return branding_page(kr, fs, NULL, rv == HTTP_REQUEST_ENTITY_TOO_LARGE ? rv : HTTP_BAD_REQUEST);
    }
    kr->form = up->fields;
    name = kp_admin_text(kr, fs, "company_name", 1, 200);
    accent = kp_text_or_empty_max(kr, "accent", 100);
    kp_fs_set(fs, "accent", accent ? accent : "");
    if (!accent || (*accent && !kp_color_parse(accent, &rgb))) {
        kp_fs_error(fs, "accent", "branding.error.accent");
    }
    version = kp_admin_version(kr, "version");
    kp_fs_set(fs, "version", version);
    remove = kp_admin_checkbox(kr, "remove_logo");
    if (up->have_file) {
        const unsigned char *data = (const unsigned char *)kp_strbuf_data(up->data);
        unsigned long width, height;
        type = kp_image_type(data, kp_strbuf_length(up->data));
        if (!type || !kp_image_size(data, kp_strbuf_length(up->data), &width, &height)
            || !width || !height) {
            kp_fs_error(fs, "logo", "branding.error.logo_type");
        }
        else if (width > KP_LOGO_MAX_SIDE || height > KP_LOGO_MAX_SIDE) {
            kp_fs_error(fs, "logo", "branding.error.logo_pixels");
        }
    }
    if (kp_fs_has_errors(fs)) {
        return branding_page(kr, fs, NULL, HTTP_BAD_REQUEST);
    }
    accent = apr_pstrdup(kr->r->pool, accent);
    ap_str_tolower((char *)accent);

    if (kp_db_begin(kr->db, kr->r->pool) != APR_SUCCESS
        || (*version && kp_exec(kr->db, kr->r->pool, "branding_set", &affected, name, accent,
                                kr->tenant_id, version) != APR_SUCCESS)) {
        return kp_admin_unavailable(kr, "saving the company's look");
    }
    if (affected != 1) {
        /* Someone saved meanwhile: nothing is overwritten; the page shows what is saved now,
         * and what was typed apart from it. */
        kp_db_rollback(kr->db, kr->r->pool);
        kp_fs_set(fs, "accent", accent);   /* as it would be saved: "#0F766E" is "#0f766e" */
        /* a file is not sent back to the browser: the list names the one to choose again */
        kp_fs_set(fs, "logo", !type ? "" : up->filename && *up->filename ? up->filename : "–");
        kp_fs_set(fs, "remove_logo", remove && !type ? "1" : "0");
        fs->outdated = 1;
        return branding_page(kr, fs, "branding.error.conflict", HTTP_CONFLICT);
    }
    if ((type || remove) && !store_logo(kr, up, type)) {
        return kp_admin_unavailable(kr, "storing the logo");
    }
    if (kp_db_commit(kr->db, kr->r->pool) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "saving the company's look");
    }
    kp_audit(kr, "settings.branding", "tenant", kr->tenant_id,
             apr_pstrcat(kr->r->pool, name, *accent ? ", " : "", accent,
                         type ? ", new logo" : remove ? ", logo removed" : "", NULL));
    return kp_redirect(kr, "/settings/branding?saved=1");
}

/* GET /logo/{version}: the company's current logo; any other number is 404. */
static int brand_logo(kp_req *kr)
{
    kp_rows *rows;
    const char *hex;
    apr_size_t n, i;
    unsigned char *bin;

    if (!kp_valid_id(kr->param[0])
        || kp_select(kr->db, kr->r->pool, "branding_logo_get", &rows, kr->param[0], kr->tenant_id)
               != APR_SUCCESS) {
        return kp_valid_id(kr->param[0]) ? kp_unavailable(kr, "reading the logo")
                                         : kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (rows->nrows != 1 || !(hex = kp_cell(rows, 0, 1))) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    n = strlen(hex) / 2;
    bin = apr_palloc(kr->r->pool, n + 1);
    for (i = 0; i < n; i++) {
        char pair[3] = {hex[2 * i], hex[2 * i + 1], '\0'};
        bin[i] = (unsigned char)strtoul(pair, NULL, 16);
    }
    /* Stored only when it was one, but checked again: never anything a browser might run. */
    if (!kp_image_type(bin, n)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    apr_table_setn(kr->r->err_headers_out, "Cache-Control", FOREVER);
    ap_set_content_type(kr->r, kp_image_type(bin, n));
    ap_set_content_length(kr->r, (apr_off_t)n);
    if (!kr->r->header_only) {
        ap_rwrite(bin, (int)n, kr->r);
    }
    return OK;
}

/* GET /accent/{colour}: the stylesheet of the company's accent colour, the colour (0xrrggbb as
 * a decimal number) being the URL's version; another colour than the company's is 404. */
static int brand_css(kp_req *kr)
{
    unsigned rgb;
    const char *css;
    kp_rows *rows;
    if (kp_select(kr->db, kr->r->pool, "branding_get", &rows, kr->tenant_id) != APR_SUCCESS) {
        return kp_unavailable(kr, "reading the accent colour");
    }
    if (rows->nrows != 1 || !kp_color_parse(kp_cell(rows, 0, 1), &rgb)
        || strcmp(kr->param[0], apr_psprintf(kr->r->pool, "%u", rgb)) != 0) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    css = kp_brand_css(kr->r->pool, rgb);
    apr_table_setn(kr->r->err_headers_out, "Cache-Control", FOREVER);
    ap_set_content_type(kr->r, "text/css; charset=utf-8");
    ap_set_content_length(kr->r, (apr_off_t)strlen(css));
    if (!kr->r->header_only) {
        ap_rputs(css, kr->r);
    }
    return OK;
}

static const kp_route branding_portal_routes[] = {
    {"GET", "/logo/{version}", KP_ANON, KP_AREA_NONE, brand_logo, 0},
    {"GET", "/accent/{colour}", KP_ANON, KP_AREA_NONE, brand_css, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

/* The administration serves both too, for the preview on its page. */
static const kp_route branding_admin_routes[] = {
    {"GET", "/settings/branding", KP_ADMIN, KP_AREA_NONE, branding_show, 0},
    {"POST", "/settings/branding", KP_ADMIN, KP_AREA_NONE, branding_save, KP_ROUTE_MULTIPART},
    {"GET", "/logo/{version}", KP_ANON, KP_AREA_NONE, brand_logo, 0},
    {"GET", "/accent/{colour}", KP_ANON, KP_AREA_NONE, brand_css, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_branding = {"branding", branding_statements, branding_portal_routes,
                                      branding_admin_routes};
