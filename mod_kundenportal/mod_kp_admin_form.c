/* mod_kp_admin_form.c: form state, field checks and paging shared by the administration's pages. */
#include "mod_kp_admin.h"
#include "kp_text.h"

#define MAX_PAGE 100000

kp_formstate *kp_fs_new(kp_req *kr)
{
    kp_formstate *fs = apr_pcalloc(kr->r->pool, sizeof(*fs));
    fs->values = apr_table_make(kr->r->pool, 16);
    fs->errors = apr_table_make(kr->r->pool, 4);
    return fs;
}

/* What was typed, minus what must never be echoed into a page. */
kp_formstate *kp_fs_from_post(kp_req *kr)
{
    kp_formstate *fs = kp_fs_new(kr);
    if (kr->form) {
        apr_table_overlap(fs->values, kr->form, APR_OVERLAP_TABLES_SET);
    }
    apr_table_unset(fs->values, "csrf");
    apr_table_unset(fs->values, "password");
    return fs;
}

void kp_fs_set(kp_formstate *fs, const char *field, const char *value)
{
    apr_table_set(fs->values, field, value ? value : "");
}

void kp_fs_error(kp_formstate *fs, const char *field, const char *key)
{
    if (!apr_table_get(fs->errors, field)) {
        apr_table_set(fs->errors, field, key);
    }
}

int kp_fs_has_errors(const kp_formstate *fs)
{
    return !apr_is_empty_table(fs->errors);
}

const char *kp_fs_get(const kp_formstate *fs, const char *field)
{
    return fs ? apr_table_get(fs->values, field) : NULL;
}

typedef struct fs_walk {
    xmlNodePtr form;
    const kp_formstate *fs;
} fs_walk;

static int add_value(void *baton, const char *key, const char *value)
{
    fs_walk *w = baton;
    xmlNodePtr f = kp_xml_add(w->form, "f", value);
    kp_xml_attr(f, "n", key);
    if (apr_table_get(w->fs->errors, key)) {
        kp_xml_attr(f, "error", apr_table_get(w->fs->errors, key));
    }
    return 1;
}

static int add_orphan_error(void *baton, const char *key, const char *value)
{
    fs_walk *w = baton;
    if (!apr_table_get(w->fs->values, key)) {
        xmlNodePtr f = kp_xml_add(w->form, "f", "");
        kp_xml_attr(f, "n", key);
        kp_xml_attr(f, "error", value);
    }
    return 1;
}

xmlNodePtr kp_fs_xml(xmlNodePtr parent, const char *id, const kp_formstate *fs)
{
    fs_walk w;
    w.form = kp_xml_add(parent, "form", NULL);
    w.fs = fs;
    kp_xml_attr(w.form, "id", id);
    if (fs) {
        apr_table_do(add_value, &w, fs->values, NULL);
        apr_table_do(add_orphan_error, &w, fs->errors, NULL);
        if (kp_fs_has_errors(fs)) {
            kp_xml_attr(w.form, "invalid", "1");
        }
        if (fs->alert) {
            kp_xml_attr(w.form, "alert", fs->alert);
        }
    }
    return w.form;
}

int kp_admin_has_control(const char *v)
{
    for (; *v; v++) {
        unsigned char c = (unsigned char)*v;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
            return 1;
        }
    }
    return 0;
}

const char *kp_admin_text(kp_req *kr, kp_formstate *fs, const char *field, int required,
                          apr_size_t max_chars)
{
    const char *v = kp_text_typed(kr->r->pool, kp_form_get(kr, field));
    if (!v) {
        v = "";
    }
    kp_fs_set(fs, field, v);
    if (required && !*v) {
        kp_fs_error(fs, field, "error.required");
    }
    else if (kp_utf8_length(v) > max_chars) {
        kp_fs_error(fs, field, "error.too_long");
    }
    else if (kp_admin_has_control(v)) {
        kp_fs_error(fs, field, "error.control_chars");
    }
    return v;
}

int kp_admin_checkbox(kp_req *kr, const char *field)
{
    const char *v = kp_form_get(kr, field);
    return v && *v && strcmp(v, "0") != 0;
}

const char *kp_admin_flag(int on)
{
    return on ? "1" : "0";
}

const char *kp_admin_version(kp_req *kr, const char *field)
{
    const char *v = kp_form_get(kr, field), *c;
    if (!v || !*v || strlen(v) > 10) {
        return "";
    }
    for (c = v; *c; c++) {
        if (!apr_isdigit(*c)) {
            return "";
        }
    }
    return v;
}

int kp_admin_username_ok(const char *u)
{
    for (; *u; u++) {
        if ((unsigned char)*u <= ' ' || *u == 0x7f) {
            return 0;
        }
    }
    return 1;
}

int kp_admin_page_number(kp_req *kr)
{
    const char *v = kp_query_get(kr, "page");
    long n = v ? strtol(v, NULL, 10) : 1;
    return n < 1 ? 1 : n > MAX_PAGE ? MAX_PAGE : (int)n;
}

void kp_admin_pager(kp_req *kr, int page, int has_next, const char *query)
{
    xmlNodePtr pager = kp_xml_add(kr->root, "pager", NULL);
    char buf[16];
    snprintf(buf, sizeof(buf), "%d", page);
    kp_xml_attr(pager, "page", buf);
    snprintf(buf, sizeof(buf), "%d", page - 1);
    kp_xml_attr(pager, "prev", buf);
    snprintf(buf, sizeof(buf), "%d", page + 1);
    kp_xml_attr(pager, "next", buf);
    kp_xml_attr(pager, "has-next", has_next ? "1" : "0");
    kp_xml_attr(pager, "query", query ? query : "");
}

const char *kp_admin_search_query(kp_req *kr, const char *q)
{
    /* form-encoded ("Müller & Co" stays one search term) */
    return q && *q ? apr_pstrcat(kr->r->pool, "q=", ap_escape_urlencoded(kr->r->pool, q), NULL) : "";
}

int kp_admin_unavailable(kp_req *kr, const char *what)
{
    kp_db_log_failure(kr, what);
    return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
}
