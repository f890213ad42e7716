/* mod_kp_audit.c: the administration's view of the audit log (who, what, when, from where):
 * newest first, filtered by period, object and kind of actor, and the same list as audit.csv. */
#include "mod_kp_admin.h"
#include "mod_kp_areas.h"
#include "kp_csv.h"
#include "kp_form.h"
#include "kp_text.h"

#define PAGE_SIZE 50

#define AUDIT_COLUMNS \
    "SELECT id, created_at, actor_kind, actor_name, action, object_type, object_id, detail, remote_ip"
/* The filter: the period as UTC bounds (always given); an origin (kind of actor), an object
 * type, or an object (type and id) narrows it, the origin as a condition of the latter two.
 * Each has its index, named: with conditions that may be "" MariaDB would read the tenant's
 * whole log from its newest entry, or the period across all tenants (ix_audit_age, for the
 * purge), and filter. InnoDB ends each index with the primary key, so the order below is the
 * index's own (sql/010_audit_filter.sql). */
#define AUDIT_PERIOD " WHERE tenant_id = %s AND created_at BETWEEN %s AND %s"
#define AUDIT_ALL " FROM audit_log FORCE INDEX (ix_audit_time)" AUDIT_PERIOD
#define AUDIT_OF_KIND " FROM audit_log FORCE INDEX (ix_audit_kind)" AUDIT_PERIOD " AND actor_kind = %s"
#define AUDIT_OF_TYPE \
    " FROM audit_log FORCE INDEX (ix_audit_type)" AUDIT_PERIOD " AND object_type = %s" AUDIT_ANY_KIND
#define AUDIT_OF_OBJECT \
    " FROM audit_log FORCE INDEX (ix_audit_object)" AUDIT_PERIOD \
    " AND object_type = %s AND object_id = %s" AUDIT_ANY_KIND
#define AUDIT_ANY_KIND " AND (%s = '' OR actor_kind = %s)"
#define AUDIT_NEWEST_FIRST " ORDER BY created_at DESC, id DESC"
#define AUDIT_PAGE AUDIT_NEWEST_FIRST " LIMIT %s OFFSET %s"
/* audit.csv: a page at a time (kp_db_each_page), each after the last row sent */
#define AUDIT_AFTER_KEY \
    " AND (created_at < %s OR (created_at = %s AND id < %s))" AUDIT_NEWEST_FIRST \
    " LIMIT " KP_EXPORT_PAGE_ROWS

/* By filter: the page's statement, then the export's. */
static const kp_statement audit_statements[] = {
    {"adm_audit_page", AUDIT_COLUMNS AUDIT_ALL AUDIT_PAGE},
    {"adm_audit_kind_page", AUDIT_COLUMNS AUDIT_OF_KIND AUDIT_PAGE},
    {"adm_audit_type_page", AUDIT_COLUMNS AUDIT_OF_TYPE AUDIT_PAGE},
    {"adm_audit_object_page", AUDIT_COLUMNS AUDIT_OF_OBJECT AUDIT_PAGE},
    {"adm_audit_export", AUDIT_COLUMNS AUDIT_ALL AUDIT_AFTER_KEY},
    {"adm_audit_kind_export", AUDIT_COLUMNS AUDIT_OF_KIND AUDIT_AFTER_KEY},
    {"adm_audit_type_export", AUDIT_COLUMNS AUDIT_OF_TYPE AUDIT_AFTER_KEY},
    {"adm_audit_object_export", AUDIT_COLUMNS AUDIT_OF_OBJECT AUDIT_AFTER_KEY},
    {NULL, NULL}
};
enum audit_scope { SCOPE_ALL, SCOPE_KIND, SCOPE_TYPE, SCOPE_OBJECT };
static const char *const page_statement[] = {"adm_audit_page", "adm_audit_kind_page",
                                             "adm_audit_type_page", "adm_audit_object_page"};
static const char *const export_statement[] = {"adm_audit_export", "adm_audit_kind_export",
                                               "adm_audit_type_export", "adm_audit_object_export"};

/* What can be chosen; the log's own codes (kp_audit callers), named in audit.*.xml. */
static const char *const object_types[] = {"project", "customer", "portal", "portal_account",
                                           "document", "employee", "service_request",
                                           "admin_user", "tenant", NULL};
static const char *const actor_kinds[] = {"admin", "portal", "system", NULL};

/* The filter's arguments, and room for a page's LIMIT and OFFSET after them. */
enum { FILTER_ARGS_MAX = 7, PAGE_ARGS = 2 };

/* The filter of the query, the same for the page, its further pages and audit.csv. */
typedef struct audit_filter {
    kp_formstate *fs;            /* as typed (dates as ISO when valid), errors by field */
    enum audit_scope scope;      /* which statements */
    const char *args[FILTER_ARGS_MAX + PAGE_ARGS];   /* their arguments, tenant first */
    int nargs;                   /* the filter's */
    const char *query;           /* the filter as a URL query ("" for none), for links */
} audit_filter;

/* A parameter of the query, trimmed; "" when absent. */
static const char *query_value(apr_pool_t *p, apr_table_t *q, const char *field)
{
    const char *v = q ? apr_table_get(q, field) : NULL;
    return v ? kp_text_trim(p, v) : "";
}

/* Text a page can show back: UTF-8 without control characters. */
static int showable(const char *v)
{
    return !kp_admin_has_control(v) && kp_utf8_valid(v, strlen(v));
}

static int one_of(const char *v, const char *const *list)
{
    for (; *list; list++) {
        if (strcmp(v, *list) == 0) {
            return 1;
        }
    }
    return 0;
}

/* A date bound of the period: the day's first or last second in the company's time zone, as
 * UTC; `open` when none is given (or it is wrong: its error set). */
static const char *filter_day(kp_req *kr, audit_filter *f, apr_table_t *q, const char *field,
                              const char *time_of_day, const char *open)
{
    apr_pool_t *p = kr->r->pool;
    const char *typed = query_value(p, q, field);
    const char *iso = *typed ? kp_import_date(p, typed) : NULL;

    /* a date field holds ISO dates only: one that is none is left out (browsers would) */
    kp_fs_set(f->fs, field, iso ? iso : "");
    if (!*typed) {
        return open;
    }
    if (!iso) {
        kp_fs_error(f->fs, field, "audit.error.date");
        return open;
    }
    return kp_tz_utc(p, kr->sconf->time_zone, apr_pstrcat(p, iso, time_of_day, NULL));
}

/* A choice of a list: "" for any; anything not on the list is an error. */
static const char *filter_choice(audit_filter *f, apr_table_t *q, const char *field,
                                 const char *const *list, apr_pool_t *p)
{
    const char *v = query_value(p, q, field);
    kp_fs_set(f->fs, field, v);
    if (*v && !one_of(v, list)) {
        kp_fs_error(f->fs, field, "audit.error.choice");
        return "";
    }
    return v;
}

/* Reads the filter from the query; 0 when a field is wrong (its error set). */
static int filter_read(kp_req *kr, audit_filter *f)
{
    static const char *const names[] = {"from", "to", "object", "id", "kind", NULL};
    apr_pool_t *p = kr->r->pool;
    apr_table_t *q = kp_query(kr);
    const char *from, *to, *object, *id, *kind, *const *name;

    f->fs = kp_fs_new(kr);
    for (name = names; q && *name; name++) {
        const char *v = apr_table_get(q, *name);
        if (v && !showable(v)) {
            q = NULL;
        }
    }
    if (kr->r->args && !q) {   /* a broken query: as none, with the form's alert */
        f->fs->alert = "audit.error.query";
    }
    from = filter_day(kr, f, q, "from", " 00:00:00", "1000-01-01 00:00:00");
    to = filter_day(kr, f, q, "to", " 23:59:59", "9999-12-31 23:59:59");
    if (!kp_fs_has_errors(f->fs) && *kp_fs_get(f->fs, "from") && *kp_fs_get(f->fs, "to")
        && strcmp(kp_fs_get(f->fs, "from"), kp_fs_get(f->fs, "to")) > 0) {
        kp_fs_error(f->fs, "to", "audit.error.order");
    }
    object = filter_choice(f, q, "object", object_types, p);
    kind = filter_choice(f, q, "kind", actor_kinds, p);
    id = query_value(p, q, "id");
    kp_fs_set(f->fs, "id", id);
    if (*id && !kp_valid_id(id)) {
        kp_fs_error(f->fs, "id", "audit.error.id");
    }
    else if (*id && !*object) {
        kp_fs_error(f->fs, "id", "audit.error.id_object");
    }
    f->scope = *id && !kp_fs_has_errors(f->fs) ? SCOPE_OBJECT
               : *object ? SCOPE_TYPE : *kind ? SCOPE_KIND : SCOPE_ALL;
    f->args[0] = kr->tenant_id;
    f->args[1] = from;
    f->args[2] = to;
    f->nargs = 3;
    if (f->scope == SCOPE_KIND) {
        f->args[f->nargs++] = kind;
    }
    else if (f->scope != SCOPE_ALL) {
        f->args[f->nargs++] = object;
        if (f->scope == SCOPE_OBJECT) {
            f->args[f->nargs++] = id;
        }
        f->args[f->nargs++] = kind;
        f->args[f->nargs++] = kind;
    }
    f->query = "";
    for (name = names; *name; name++) {
        const char *v = kp_fs_get(f->fs, *name);
        if (v && *v) {
            f->query = apr_pstrcat(p, f->query, *f->query ? "&" : "", *name, "=",
                                   ap_escape_urlencoded(p, v), NULL);
        }
    }
    return !kp_fs_has_errors(f->fs) && !f->fs->alert;
}

static void entry_xml(xmlNodePtr list, const kp_rows *rows, int i)
{
    xmlNodePtr e = kp_xml_add(list, "entry", NULL);
    kp_xml_attr(e, "id", kp_cell(rows, i, 0));
    kp_xml_attr(e, "at", kp_cell(rows, i, 1));
    kp_xml_attr(e, "kind", kp_cell(rows, i, 2));
    kp_xml_attr(e, "action", kp_cell(rows, i, 4));
    kp_xml_attr(e, "object", kp_cell(rows, i, 5));
    kp_xml_attr(e, "object-id", kp_cell(rows, i, 6));
    kp_xml_attr(e, "ip", kp_cell(rows, i, 8));
    kp_xml_add(e, "actor", kp_cell(rows, i, 3));
    kp_xml_add(e, "detail", kp_cell(rows, i, 7));
}

/* The codes a select of the filter offers (the template names them from the catalogue). */
static void choices_xml(xmlNodePtr form, const char *field, const char *const *list)
{
    xmlNodePtr c = kp_xml_add(form, "choices", NULL);
    kp_xml_attr(c, "n", field);
    for (; *list; list++) {
        kp_xml_add(c, "c", *list);
    }
}

/* The page: the filter, then a page of entries; a wrong filter gets 400 and its errors, the
 * typed values kept, and no entries. */
static int audit_show(kp_req *kr, audit_filter *f, int valid)
{
    apr_pool_t *p = kr->r->pool;
    int page = kp_admin_page_number(kr), i, shown;
    kp_rows *rows = NULL;
    xmlNodePtr list, form;

    f->args[f->nargs] = kp_db_int(p, PAGE_SIZE + 1);
    f->args[f->nargs + 1] = kp_db_int(p, (long long)(page - 1) * PAGE_SIZE);
    if (valid && kp_db_select(kr->db, p, page_statement[f->scope], &rows, f->nargs + PAGE_ARGS,
                              f->args) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "reading the audit log");
    }
    kp_page_new(kr, "admin-audit");
    form = kp_fs_xml(kr->root, "audit-filter", f->fs);
    kp_xml_attr(form, "query", f->query);
    choices_xml(form, "object", object_types);
    choices_xml(form, "kind", actor_kinds);
    if (!valid) {
        return kp_page_send(kr, "admin-audit", HTTP_BAD_REQUEST);
    }
    list = kp_xml_add(kr->root, "entries", NULL);
    shown = rows->nrows > PAGE_SIZE ? PAGE_SIZE : rows->nrows;
    for (i = 0; i < shown; i++) {
        entry_xml(list, rows, i);
    }
    kp_admin_pager(kr, page, rows->nrows > PAGE_SIZE, f->query);
    return kp_page_send(kr, "admin-audit", HTTP_OK);
}

static int audit_page(kp_req *kr)
{
    audit_filter f;
    int valid = filter_read(kr, &f);
    return audit_show(kr, &f, valid);
}

/* audit.csv: the filtered log, newest first, however long, a page of rows at a time; RFC 4180
 * with a byte order mark, ';' for the German UI, ',' for the English one (as times.csv). */
typedef struct audit_csv {
    kp_req *kr;
    apr_pool_t *row_pool;        /* cleared for each row */
    const char *filename;        /* protokoll[-FROM][_TO].csv: the period, as the filter's */
    int german;
    int started;
} audit_csv;

enum { CSV_COLUMNS = 9 };

static char csv_sep(const audit_csv *c)
{
    return c->german ? ';' : ',';
}

static void audit_csv_start(audit_csv *c)
{
    static const char *const keys[CSV_COLUMNS] = {
        "audit.when", "audit.who", "audit.kind", "audit.what", "audit.code", "audit.object",
        "audit.number", "audit.detail", "audit.where"};
    kp_req *kr = c->kr;
    const char *head[CSV_COLUMNS];
    int i;

    for (i = 0; i < CSV_COLUMNS; i++) {
        head[i] = kp_i18n(kr->render, kr->lang, keys[i]);
    }
    kp_download_headers(kr, "text/csv; charset=utf-8", c->filename);
    ap_rputs("\xEF\xBB\xBF", kr->r);
    ap_rputs(kp_csv_row(kr->r->pool, head, CSV_COLUMNS, csv_sep(c)), kr->r);
    c->started = 1;
}

/* A catalogue text, or the code itself where the catalogue has none (as the page shows it). */
static const char *catalogue_text(const audit_csv *c, const char *prefix, const char *code)
{
    apr_pool_t *p = c->row_pool;
    const char *key = apr_pstrcat(p, prefix, code, NULL);
    const char *text = *code ? kp_i18n(c->kr->render, c->kr->lang, key) : "";
    return strcmp(text, key) == 0 ? code : text;
}

static int audit_csv_row(void *baton, const char *const *cells, int ncols)
{
    audit_csv *c = baton;
    apr_pool_t *p = c->row_pool;
    const char *local, *f[CSV_COLUMNS];

    if (!c->started) {
        audit_csv_start(c);
    }
    apr_pool_clear(p);
    local = kp_tz_local(p, c->kr->sconf->time_zone, cells[1]);
    f[0] = c->german && strlen(local) > 10
               ? apr_pstrcat(p, kp_format_date(p, "de", apr_pstrndup(p, local, 10)), local + 10, NULL)
               : local;
    f[1] = cells[3];
    f[2] = catalogue_text(c, "audit.kind.", cells[2]);
    f[3] = catalogue_text(c, "audit.action.", cells[4]);
    f[4] = cells[4];
    f[5] = catalogue_text(c, "audit.object.", cells[5]);
    f[6] = cells[6];
    f[7] = cells[7];
    f[8] = cells[8];
    return ap_rputs(kp_csv_row(p, f, CSV_COLUMNS, csv_sep(c)), c->kr->r) < 0;   /* client gone */
}

static int audit_export(kp_req *kr)
{
    /* created_at (column 1), then the id (column 0); the first page's key is after every row */
    static const int key_columns[] = {1, 0};
    static const char *const after_all[] = {"9999-12-31 23:59:59", "18446744073709551615"};
    const kp_keyset newest_first = {2, key_columns, after_all};
    apr_pool_t *p = kr->r->pool;
    audit_csv c = {kr, NULL, NULL, strcmp(kr->lang, "en") != 0, 0};
    audit_filter f;
    const char *from, *to;

    if (!filter_read(kr, &f)) {
        return audit_show(kr, &f, 0);
    }
    from = kp_fs_get(f.fs, "from");
    to = kp_fs_get(f.fs, "to");
    c.filename = apr_pstrcat(p, "protokoll", *from ? "-" : "", from, *to ? "_" : "", to, ".csv", NULL);
    if (kr->r->header_only) {
        audit_csv_start(&c);   /* HEAD: the headers, no export */
        return OK;
    }
    apr_pool_create(&c.row_pool, p);
    if (kp_db_each_page(kr->db, p, export_statement[f.scope], f.nargs, f.args, &newest_first,
                        audit_csv_row, &c) != APR_SUCCESS) {
        if (!c.started) {
            return kp_admin_unavailable(kr, "exporting the audit log");
        }
        kp_db_log_failure(kr, "exporting the audit log");
        kp_abort_response(kr);
        return OK;
    }
    if (!c.started) {
        audit_csv_start(&c);   /* nothing logged in the period: the heading alone */
    }
    return OK;
}

static const kp_route audit_routes[] = {
    {"GET", "/audit", KP_ADMIN, KP_AREA_NONE, audit_page, 0},
    {"GET", "/audit.csv", KP_ADMIN, KP_AREA_NONE, audit_export, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_audit = {"audit", audit_statements, NULL, audit_routes};
