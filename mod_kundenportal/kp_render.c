/* kp_render.c: compiled-once XSLT pages, message catalogues and the kp: XPath functions. */
#include <string.h>
#include <stdlib.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include <apr_file_info.h>
#include <libxml/parser.h>
#include <libxml/xpathInternals.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>
#include <libxslt/extensions.h>
#include "kp_render.h"

struct kp_render {
    apr_hash_t *pages;      /* name -> xsltStylesheetPtr */
    apr_hash_t *catalogs;   /* lang -> apr_hash_t (key -> text) */
};

/* What the XPath functions need during one transformation. */
typedef struct render_call {
    const kp_render *render;
    apr_pool_t *pool;
    const char *lang;
    const kp_tz *tz;
} render_call;

static apr_status_t free_stylesheet(void *data)
{
    xsltFreeStylesheet((xsltStylesheetPtr)data);
    return APR_SUCCESS;
}

/* Adds the <m k="key">text</m> entries of one catalogue file to the language's table. */
static const char *load_catalog(apr_pool_t *p, kp_render *r, const char *path, const char *lang)
{
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    xmlNodePtr n;
    apr_hash_t *texts = apr_hash_get(r->catalogs, lang, APR_HASH_KEY_STRING);

    if (!doc || !xmlDocGetRootElement(doc)) {
        if (doc) {
            xmlFreeDoc(doc);
        }
        return apr_psprintf(p, "cannot parse message catalogue %s", path);
    }
    if (!texts) {
        texts = apr_hash_make(p);
        apr_hash_set(r->catalogs, apr_pstrdup(p, lang), APR_HASH_KEY_STRING, texts);
    }
    for (n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
        xmlChar *key, *text;
        if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "m") != 0) {
            continue;
        }
        key = xmlGetProp(n, BAD_CAST "k");
        text = xmlNodeGetContent(n);
        if (key && text) {
            apr_hash_set(texts, apr_pstrdup(p, (char *)key), APR_HASH_KEY_STRING,
                         apr_pstrdup(p, (char *)text));
        }
        xmlFree(key);
        xmlFree(text);
    }
    xmlFreeDoc(doc);
    return NULL;
}

/* Catalogue files are named <domain>.<lang>.xml (or <lang>.xml): each domain keeps its own
 * texts, and all files of a language make one table. */
static const char *catalog_lang(apr_pool_t *p, const char *name)
{
    const char *stem_end = name + strlen(name) - 4;   /* before ".xml" */
    const char *start = stem_end;
    while (start > name && start[-1] != '.') {
        start--;
    }
    return apr_pstrndup(p, start, (apr_size_t)(stem_end - start));
}

const char *kp_i18n(const kp_render *r, const char *lang, const char *key)
{
    apr_hash_t *texts = apr_hash_get(r->catalogs, lang, APR_HASH_KEY_STRING);
    const char *text = texts ? apr_hash_get(texts, key, APR_HASH_KEY_STRING) : NULL;
    if (!text) {
        texts = apr_hash_get(r->catalogs, "de", APR_HASH_KEY_STRING);
        text = texts ? apr_hash_get(texts, key, APR_HASH_KEY_STRING) : NULL;
    }
    return text ? text : key;
}

int kp_i18n_has_lang(const kp_render *r, const char *lang)
{
    return lang && apr_hash_get(r->catalogs, lang, APR_HASH_KEY_STRING) != NULL;
}

/* ---- formatting ---- */

static int digits(const char *s, int n)
{
    int i;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
    }
    return 1;
}

const char *kp_format_date(apr_pool_t *p, const char *lang, const char *iso)
{
    /* iso: YYYY-MM-DD[...] */
    if (!iso || strlen(iso) < 10 || !digits(iso, 4) || iso[4] != '-' || !digits(iso + 5, 2)
        || iso[7] != '-' || !digits(iso + 8, 2)) {
        return iso ? iso : "";
    }
    if (lang && strcmp(lang, "en") == 0) {
        return apr_psprintf(p, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
    }
    return apr_psprintf(p, "%.2s.%.2s.%.4s", iso + 8, iso + 5, iso);
}

const char *kp_format_time(apr_pool_t *p, const char *lang, const char *iso)
{
    /* iso: HH:MM[:SS] or YYYY-MM-DD HH:MM[:SS] */
    const char *t = iso;
    if (!iso) {
        return "";
    }
    if (strlen(iso) >= 16 && iso[10] == ' ') {
        t = iso + 11;
    }
    if (strlen(t) < 5 || !digits(t, 2) || t[2] != ':' || !digits(t + 3, 2)) {
        return iso;
    }
    return apr_pstrndup(p, t, 5);
}

const char *kp_format_hours(apr_pool_t *p, const char *lang, long minutes)
{
    /* Rounded half away from zero, so -90 minutes are -1,5 h like 90 are 1,5 h. */
    long hundredths = ((minutes < 0 ? -minutes : minutes) * 100 + 30) / 60;
    const char *sep = (lang && strcmp(lang, "en") == 0) ? "." : ",";
    const char *sign = minutes < 0 && hundredths > 0 ? "-" : "";
    if (hundredths % 100 == 0) {
        return apr_psprintf(p, "%s%ld h", sign, hundredths / 100);
    }
    if (hundredths % 10 == 0) {
        return apr_psprintf(p, "%s%ld%s%ld h", sign, hundredths / 100, sep, (hundredths % 100) / 10);
    }
    return apr_psprintf(p, "%s%ld%s%02ld h", sign, hundredths / 100, sep, hundredths % 100);
}

const char *kp_format_size(apr_pool_t *p, const char *lang, long long bytes)
{
    const char *sep = (lang && strcmp(lang, "en") == 0) ? "." : ",";
    if (bytes < 1024) {
        return apr_psprintf(p, "%" APR_INT64_T_FMT " B", (apr_int64_t)bytes);
    }
    if (bytes < 1024 * 1024) {
        long long tenths = (bytes * 10 + 512) / 1024;
        return apr_psprintf(p, "%" APR_INT64_T_FMT "%s%" APR_INT64_T_FMT " KB", (apr_int64_t)(tenths / 10), sep, (apr_int64_t)(tenths % 10));
    }
    {
        long long tenths = (bytes * 10 + 524288) / (1024 * 1024);
        return apr_psprintf(p, "%" APR_INT64_T_FMT "%s%" APR_INT64_T_FMT " MB", (apr_int64_t)(tenths / 10), sep, (apr_int64_t)(tenths % 10));
    }
}

/* ---- XPath functions kp:t(), kp:date(), kp:time(), kp:local(), kp:datetime(), kp:hours(), kp:size() ---- */

static render_call *call_of(xmlXPathParserContextPtr ctxt)
{
    xsltTransformContextPtr tctxt = xsltXPathGetTransformContext(ctxt);
    return tctxt ? (render_call *)tctxt->_private : NULL;
}

static void return_string(xmlXPathParserContextPtr ctxt, const char *s)
{
    valuePush(ctxt, xmlXPathNewString(BAD_CAST(s ? s : "")));
}

/* kp:t(key [, arg1 [, arg2]]): catalogue text with {1}, {2} replaced. */
static void fn_t(xmlXPathParserContextPtr ctxt, int nargs)
{
    render_call *call = call_of(ctxt);
    xmlChar *args[2] = {NULL, NULL};
    xmlChar *key;
    const char *text;
    int i;

    if (nargs < 1 || nargs > 3 || !call) {
        xmlXPathSetArityError(ctxt);
        return;
    }
    for (i = nargs - 2; i >= 0; i--) {
        args[i] = xmlXPathPopString(ctxt);
    }
    key = xmlXPathPopString(ctxt);
    text = kp_i18n(call->render, call->lang, (const char *)key);
    if (nargs > 1) {
        const char *s = text;
        char *out = "";
        while (*s) {
            if (s[0] == '{' && (s[1] == '1' || s[1] == '2') && s[2] == '}') {
                const xmlChar *a = args[s[1] - '1'];
                out = apr_pstrcat(call->pool, out, a ? (const char *)a : "", NULL);
                s += 3;
            }
            else {
                const char *next = strchr(s + 1, '{');
                apr_size_t n = next ? (apr_size_t)(next - s) : strlen(s);
                out = apr_pstrcat(call->pool, out, apr_pstrndup(call->pool, s, n), NULL);
                s += n;
            }
        }
        text = out;
    }
    return_string(ctxt, text);
    xmlFree(key);
    xmlFree(args[0]);
    xmlFree(args[1]);
}

typedef const char *(*string_formatter)(const render_call *call, const char *arg);

static void format_string_arg(xmlXPathParserContextPtr ctxt, int nargs, string_formatter f)
{
    render_call *call = call_of(ctxt);
    xmlChar *arg;
    if (nargs != 1 || !call) {
        xmlXPathSetArityError(ctxt);
        return;
    }
    arg = xmlXPathPopString(ctxt);
    return_string(ctxt, f(call, (const char *)arg));
    xmlFree(arg);
}

static const char *date_of(const render_call *call, const char *iso)
{
    return kp_format_date(call->pool, call->lang, iso);
}

static const char *time_of(const render_call *call, const char *iso)
{
    return kp_format_time(call->pool, call->lang, iso);
}

/* kp:local('YYYY-MM-DD HH:MM'): a UTC timestamp in the company's time zone. */
static const char *local_of(const render_call *call, const char *utc)
{
    return kp_tz_local(call->pool, call->tz, utc);
}

/* kp:datetime('YYYY-MM-DD HH:MM'): a UTC timestamp as the company's local date and time, in
 * one call where a template would otherwise call kp:local once and kp:date and kp:time on it. */
static const char *datetime_of(const render_call *call, const char *utc)
{
    const char *local = kp_tz_local(call->pool, call->tz, utc);
    return apr_pstrcat(call->pool, kp_format_date(call->pool, call->lang, local), ", ",
                       kp_format_time(call->pool, call->lang, local), NULL);
}

static void fn_date(xmlXPathParserContextPtr ctxt, int nargs)
{
    format_string_arg(ctxt, nargs, date_of);
}

static void fn_time(xmlXPathParserContextPtr ctxt, int nargs)
{
    format_string_arg(ctxt, nargs, time_of);
}

static void fn_local(xmlXPathParserContextPtr ctxt, int nargs)
{
    format_string_arg(ctxt, nargs, local_of);
}

static void fn_datetime(xmlXPathParserContextPtr ctxt, int nargs)
{
    format_string_arg(ctxt, nargs, datetime_of);
}

static void fn_number_arg(xmlXPathParserContextPtr ctxt, int nargs, int hours)
{
    render_call *call = call_of(ctxt);
    double v;
    if (nargs != 1 || !call) {
        xmlXPathSetArityError(ctxt);
        return;
    }
    v = xmlXPathPopNumber(ctxt);
    if (v != v) {
        v = 0;
    }
    return_string(ctxt, hours ? kp_format_hours(call->pool, call->lang, (long)v)
                              : kp_format_size(call->pool, call->lang, (long long)v));
}

static void fn_hours(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_number_arg(ctxt, nargs, 1);
}

static void fn_size(xmlXPathParserContextPtr ctxt, int nargs)
{
    fn_number_arg(ctxt, nargs, 0);
}

static void register_functions_once(void)
{
    static int done = 0;
    if (done) {
        return;
    }
    xsltRegisterExtModuleFunction(BAD_CAST "t", BAD_CAST KP_XSLT_NS, fn_t);
    xsltRegisterExtModuleFunction(BAD_CAST "date", BAD_CAST KP_XSLT_NS, fn_date);
    xsltRegisterExtModuleFunction(BAD_CAST "time", BAD_CAST KP_XSLT_NS, fn_time);
    xsltRegisterExtModuleFunction(BAD_CAST "hours", BAD_CAST KP_XSLT_NS, fn_hours);
    xsltRegisterExtModuleFunction(BAD_CAST "size", BAD_CAST KP_XSLT_NS, fn_size);
    xsltRegisterExtModuleFunction(BAD_CAST "local", BAD_CAST KP_XSLT_NS, fn_local);
    xsltRegisterExtModuleFunction(BAD_CAST "datetime", BAD_CAST KP_XSLT_NS, fn_datetime);
    done = 1;
}

/* ---- loading and rendering ---- */

static int has_suffix(const char *s, const char *suffix)
{
    apr_size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

kp_render *kp_render_load(apr_pool_t *p, const char *dir, const char **error)
{
    kp_render *r = apr_pcalloc(p, sizeof(*r));
    apr_dir_t *d;
    apr_finfo_t fi;
    const char *i18n_dir = apr_pstrcat(p, dir, "/i18n", NULL);

    xmlInitParser();
    register_functions_once();
    r->pages = apr_hash_make(p);
    r->catalogs = apr_hash_make(p);

    if (apr_dir_open(&d, dir, p) != APR_SUCCESS) {
        *error = apr_psprintf(p, "cannot open template directory %s", dir);
        return NULL;
    }
    while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d) == APR_SUCCESS) {
        const char *path;
        xsltStylesheetPtr style;
        if (fi.filetype != APR_REG || fi.name[0] == '_' || !has_suffix(fi.name, ".xsl")) {
            continue;
        }
        path = apr_pstrcat(p, dir, "/", fi.name, NULL);
        style = xsltParseStylesheetFile(BAD_CAST path);
        if (!style) {
            apr_dir_close(d);
            *error = apr_psprintf(p, "cannot compile template %s", path);
            return NULL;
        }
        apr_pool_cleanup_register(p, style, free_stylesheet, apr_pool_cleanup_null);
        apr_hash_set(r->pages, apr_pstrndup(p, fi.name, strlen(fi.name) - 4), APR_HASH_KEY_STRING,
                     style);
    }
    apr_dir_close(d);

    if (apr_dir_open(&d, i18n_dir, p) != APR_SUCCESS) {
        *error = apr_psprintf(p, "cannot open message catalogues in %s", i18n_dir);
        return NULL;
    }
    while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d) == APR_SUCCESS) {
        const char *failure;
        if (fi.filetype != APR_REG || !has_suffix(fi.name, ".xml")) {
            continue;
        }
        failure = load_catalog(p, r, apr_pstrcat(p, i18n_dir, "/", fi.name, NULL),
                               catalog_lang(p, fi.name));
        if (failure) {
            apr_dir_close(d);
            *error = failure;
            return NULL;
        }
    }
    apr_dir_close(d);
    if (!kp_i18n_has_lang(r, "de")) {
        *error = apr_psprintf(p, "no German catalogue (*.de.xml) in %s", i18n_dir);
        return NULL;
    }
    return r;
}

int kp_render_has_page(const kp_render *r, const char *page)
{
    return apr_hash_get(r->pages, page, APR_HASH_KEY_STRING) != NULL;
}

apr_status_t kp_render_page(const kp_render *r, apr_pool_t *p, const char *page, xmlDocPtr data,
                            const char *lang, const kp_tz *tz, kp_html_write_fn write,
                            void *baton, const char **error)
{
    xsltStylesheetPtr style = apr_hash_get(r->pages, page, APR_HASH_KEY_STRING);
    xsltTransformContextPtr tctxt;
    xmlDocPtr result;
    render_call call;
    int failed;

    if (!style) {
        *error = apr_psprintf(p, "no template for page %s", page);
        return APR_NOTFOUND;
    }
    call.render = r;
    call.pool = p;
    call.lang = lang;
    call.tz = tz;
    tctxt = xsltNewTransformContext(style, data);
    if (!tctxt) {
        *error = "cannot create a transformation context";
        return APR_ENOMEM;
    }
    tctxt->_private = &call;
    result = xsltApplyStylesheetUser(style, data, NULL, NULL, NULL, tctxt);
    if (!result || tctxt->state == XSLT_STATE_ERROR || tctxt->state == XSLT_STATE_STOPPED) {
        if (result) {
            xmlFreeDoc(result);
        }
        xsltFreeTransformContext(tctxt);
        *error = apr_psprintf(p, "template %s failed", page);
        return APR_EGENERAL;
    }
    xsltFreeTransformContext(tctxt);
    if (!result->children) {   /* an empty page */
        xmlFreeDoc(result);
        return APR_SUCCESS;
    }
    /* Straight into write, piece by piece: no copy of the whole page is made. */
    failed = kp_html_write(result, write, baton) < 0;
    xmlFreeDoc(result);
    if (failed) {
        *error = apr_psprintf(p, "cannot write page %s", page);
        return APR_EGENERAL;
    }
    return APR_SUCCESS;
}

xmlNodePtr kp_xml_add(xmlNodePtr parent, const char *name, const char *text)
{
    /* xmlNewTextChild escapes the text; xmlNewChild would parse entities in it. */
    return xmlNewTextChild(parent, NULL, BAD_CAST name, text ? BAD_CAST text : NULL);
}

void kp_xml_add_given(xmlNodePtr parent, const char *name, const char *text)
{
    if (text && *text) {
        kp_xml_add(parent, name, text);
    }
}

void kp_xml_attr(xmlNodePtr node, const char *name, const char *value)
{
    xmlSetProp(node, BAD_CAST name, BAD_CAST(value ? value : ""));
}
