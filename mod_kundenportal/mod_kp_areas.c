/* mod_kp_areas.c: helpers the area domains share: staff project scope, file responses, checks. */
#include "mod_kp_areas.h"
#include "kp_text.h"
#include "kp_multipart.h"
#include "kp_csv.h"

static const kp_statement areas_statements[] = {
    /* With "Upload erlaubt" of each live portal that shows the project: its own (NULL: none)
     * and its customer's (NULL: none, or the Kundenstamm off). */
    {"areas_staff_project",
     "SELECT pr.id, pr.name, pr.number, pr.address, own.allow_upload, cust.allow_upload"
     " FROM project pr JOIN tenant t ON t.id = pr.tenant_id"
     " LEFT JOIN portal own ON own.project_id = pr.id AND own.tenant_id = pr.tenant_id"
     "  AND" KP_PORTAL_LIVE("own", "t")
     " LEFT JOIN portal cust ON cust.customer_id = pr.customer_id AND cust.tenant_id = pr.tenant_id"
     "  AND" KP_PORTAL_LIVE("cust", "t")
     " WHERE pr.id = %s AND pr.tenant_id = %s"},
    {"areas_employee_by_name",
     "SELECT id FROM employee WHERE tenant_id = %s AND name = %s ORDER BY active DESC, id LIMIT 1"},
    {"areas_employees",
     "SELECT id, name, active FROM employee WHERE tenant_id = %s ORDER BY active DESC, name, id"},
    {NULL, NULL}
};

const char *kp_company_now(kp_req *kr)
{
    apr_time_exp_t t;
    apr_time_exp_gmt(&t, apr_time_now());
    return kp_tz_local(kr->r->pool, kr->sconf->time_zone,
                       apr_psprintf(kr->r->pool, "%04d-%02d-%02d %02d:%02d:%02d", t.tm_year + 1900,
                                    t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec));
}

int kp_unavailable(kp_req *kr, const char *what)
{
    kp_db_log_failure(kr, what);
    return kp_page_error(kr, HTTP_SERVICE_UNAVAILABLE, "error.unavailable");
}

int kp_lookup_failed(kp_req *kr, const char *what)
{
    kp_db_log_failure(kr, what);
    kr->lookup_failed = 1;
    return 0;
}

int kp_staff_project(kp_req *kr)
{
    kp_rows *rows;
    xmlNodePtr pr;
    if (!kp_valid_id(kr->param[0])) {
        return 0;
    }
    if (kp_select(kr->db, kr->r->pool, "areas_staff_project", &rows, kr->param[0],
                  kr->tenant_id) != APR_SUCCESS) {
        return kp_lookup_failed(kr, "looking up a project");
    }
    if (rows->nrows != 1) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, kr->r,
                      KPLOG(10420) "denied %s %s to admin %s: project not in this tenant",
                      kr->r->method, kr->r->uri, kr->session ? kr->session->account_id : "-");
        return 0;
    }
    kr->project_id = kp_cell(rows, 0, 0);
    pr = kp_xml_add(kr->root, "project", NULL);
    kp_xml_attr(pr, "id", kr->project_id);
    kp_xml_attr(pr, "portal", kp_cell(rows, 0, 4) || kp_cell(rows, 0, 5) ? "1" : "0");
    /* "Upload erlaubt": 1 when every portal that shows the project allows it, else 0; with
     * two that disagree, each one's (the button sets both) */
    if (kp_cell(rows, 0, 4) && kp_cell(rows, 0, 5)
        && strcmp(kp_cell(rows, 0, 4), kp_cell(rows, 0, 5))) {
        kp_xml_attr(pr, "allow-upload", "0");
        kp_xml_attr(pr, "upload-own", kp_cell(rows, 0, 4));
        kp_xml_attr(pr, "upload-customer", kp_cell(rows, 0, 5));
    }
    else {
        const char *flag = kp_cell(rows, 0, 4) ? kp_cell(rows, 0, 4) : kp_cell(rows, 0, 5);
        kp_xml_attr(pr, "allow-upload", flag && flag[0] == '1' ? "1" : "0");
    }
    kp_xml_add(pr, "name", kp_cell(rows, 0, 1));
    kp_xml_add(pr, "number", kp_cell(rows, 0, 2));
    kp_xml_add(pr, "address", kp_cell(rows, 0, 3));
    return 1;
}

/* RFC 5987 value: UTF-8 bytes, attr-char kept, everything else %XX. */
static const char *ext_value(apr_pool_t *p, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = apr_palloc(p, strlen(s) * 3 + 1), *o = out;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (apr_isalnum(c) || strchr("!#$&+-.^_`|~", c)) {
            *o++ = (char)c;
        }
        else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

/* The plain filename= fallback: printable ASCII without quotes or backslashes. */
static const char *ascii_fallback(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, strlen(s) + 1), *o = out;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c & 0xC0) == 0x80) {
            continue;   /* one '_' per UTF-8 character, not per byte */
        }
        *o++ = (c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '%' || c == ';') ? '_' : (char)c;
    }
    *o = '\0';
    return *out ? out : "download";
}

void kp_download_headers(kp_req *kr, const char *type, const char *filename)
{
    apr_pool_t *p = kr->r->pool;
    kp_security_headers(kr, 1);
    ap_set_content_type(kr->r, type);
    apr_table_setn(kr->r->headers_out, "Content-Disposition",
                   apr_psprintf(p, "attachment; filename=\"%s\"; filename*=UTF-8''%s",
                                ascii_fallback(p, filename), ext_value(p, filename)));
}

void kp_abort_response(kp_req *kr)
{
    request_rec *r = kr->r;
    apr_bucket_alloc_t *ba = r->connection->bucket_alloc;
    apr_bucket_brigade *bb = apr_brigade_create(r->pool, ba);

    ap_rflush(r);
    APR_BRIGADE_INSERT_TAIL(bb, ap_bucket_error_create(HTTP_BAD_GATEWAY, NULL, r->pool, ba));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(ba));
    ap_pass_brigade(r->output_filters, bb);
}

int kp_send_file(kp_req *kr, const char *type, const char *filename, const char *body,
                 apr_size_t len)
{
    kp_download_headers(kr, type, filename);
    ap_set_content_length(kr->r, (apr_off_t)len);
    if (kr->r->header_only) {
        return OK;
    }
    ap_rwrite(body, (int)len, kr->r);
    return OK;
}

const char *kp_field_text(kp_req *kr, const char *name, apr_size_t max, int *too_long)
{
    const char *v = kp_text_typed(kr->r->pool, kp_form_get(kr, name));
    if (too_long) {
        *too_long = v && kp_utf8_length(v) > max;
    }
    if (!v || !*v || kp_utf8_length(v) > max) {
        return NULL;
    }
    return v;
}

const char *kp_text_or_empty_max(kp_req *kr, const char *name, apr_size_t max)
{
    const char *v = kp_text_typed(kr->r->pool, kp_form_get(kr, name));
    if (!v) {
        return "";
    }
    return kp_utf8_length(v) > max ? NULL : v;
}

int kp_list_page(xmlNodePtr list, apr_pool_t *p, const kp_rows *rows, int page, int at_column,
                 const char *from)
{
    int n = rows->nrows > page ? page : rows->nrows;
    if (rows->nrows > page) {
        kp_xml_attr(list, "more",
                    kp_list_key(p, kp_cell(rows, n - 1, at_column), kp_cell(rows, n - 1, 0)));
    }
    if (from) {
        kp_xml_attr(list, "paged", from);
    }
    return n;
}

xmlNodePtr kp_form_node(kp_req *kr, const char *name, const char *edit_id)
{
    xmlNodePtr f = kp_xml_add(kr->root, "form", NULL);
    kp_xml_attr(f, "name", name);
    if (edit_id) {
        kp_xml_attr(f, "edit", edit_id);
    }
    return f;
}

void kp_form_value(xmlNodePtr form, const char *field, const char *value)
{
    kp_xml_attr(kp_xml_add(form, "v", value ? value : ""), "n", field);
}

void kp_form_error(xmlNodePtr form, const char *field, const char *key)
{
    kp_xml_attr(kp_xml_add(form, "e", key), "n", field);
}

void kp_form_keep(kp_req *kr, xmlNodePtr form, const char *const *fields)
{
    for (; *fields; fields++) {
        kp_form_value(form, *fields, kp_form_get(kr, *fields));
    }
}

int kp_add_employees(kp_req *kr)
{
    kp_rows *rows;
    xmlNodePtr list;
    int i;
    if (kp_select(kr->db, kr->r->pool, "areas_employees", &rows, kr->tenant_id) != APR_SUCCESS) {
        return 0;
    }
    list = kp_xml_add(kr->root, "employees", NULL);
    for (i = 0; i < rows->nrows; i++) {
        xmlNodePtr e = kp_xml_add(list, "employee", kp_cell(rows, i, 1));
        kp_xml_attr(e, "id", kp_cell(rows, i, 0));
        kp_xml_attr(e, "active", kp_cell(rows, i, 2));
    }
    return 1;
}

const char *kp_employee_by_name(kp_req *kr, apr_pool_t *p, const char *name, int *failed)
{
    kp_rows *rows;
    *failed = 0;
    if (!name || !*name) {
        return "";
    }
    if (kp_select(kr->db, p, "areas_employee_by_name", &rows, kr->tenant_id, name) != APR_SUCCESS) {
        *failed = 1;
        return NULL;
    }
    return rows->nrows == 1 ? kp_cell(rows, 0, 0) : NULL;
}

const char *kp_import_date(apr_pool_t *p, const char *s)
{
    const char *iso;
    if (kp_valid_date(s)) {
        return s;
    }
    if (!s || strlen(s) != 10 || s[2] != '.' || s[5] != '.') {
        return NULL;
    }
    iso = apr_psprintf(p, "%.4s-%.2s-%.2s", s + 6, s + 3, s);
    return kp_valid_date(iso) ? iso : NULL;
}

/* A first line is a header when it names columns: its first field with a letter and no digit
 * in it, and no field a time. A first line of data with a typo in its date ("31.04.2026;
 * 08:00;..", "O1.12.2026;;;90") is then refused as a bad line instead of being skipped
 * without a word. */
static int import_header(const char **in, int n)
{
    const char *s;
    int c, letter = 0;
    if (n < 1) {
        return 0;
    }
    for (s = in[0]; *s; s++) {
        if (apr_isdigit(*s)) {
            return 0;
        }
        letter = letter || apr_isalpha(*s) || (unsigned char)*s >= 0x80;
    }
    for (c = 0; c < n; c++) {
        if (kp_valid_time(in[c])) {
            return 0;
        }
    }
    return letter;
}

const char *kp_import_done_url(kp_req *kr, const char *url, int stored)
{
    return apr_pstrcat(kr->r->pool, url, strchr(url, '?') ? "&" : "?", "imported=",
                       apr_itoa(kr->r->pool, stored), NULL);
}

void kp_import_notice(kp_req *kr)
{
    const char *n = kp_query_get(kr, "imported");
    if (n && *n && strlen(n) <= 6 && strspn(n, "0123456789") == strlen(n)) {
        kp_xml_attr(kr->root, "imported", n);
    }
}

static int minute_of_day(const char *hhmm)
{
    return atoi(hhmm) * 60 + atoi(hhmm + 3);
}

/* Minutes from start to end on the wall clock, 1 to 1440. */
static int wall_span(const char *from, const char *to)
{
    int m = minute_of_day(to) - minute_of_day(from);
    /* an end at or before the start is the next day: 08:00 to 08:00 is a day and a night on
     * call, as care services work them, not a typo to refuse */
    return m > 0 ? m : m + 24 * 60;
}

long kp_times_elapsed(kp_req *kr, const char *date, const char *from, const char *to)
{
    return kp_tz_elapsed_minutes(kr->sconf->time_zone, date, minute_of_day(from), wall_span(from, to));
}

int kp_times_shown(kp_req *kr, const char *date, const char *from, const char *to, const char **err)
{
    const kp_tz *tz = kr->sconf->time_zone;
    int start = minute_of_day(from);
    if (kp_tz_local_skipped(tz, date, start)) {
        err[1] = "staff.error.time_skipped";
        return 0;
    }
    if (kp_tz_local_skipped(tz, date, start + wall_span(from, to))) {
        err[2] = "staff.error.time_skipped";
        return 0;
    }
    return 1;
}

char kp_import_separator(const char *data, apr_size_t len)
{
    const char *end = memchr(data, '\n', len);
    const char *semi = memchr(data, ';', end ? (apr_size_t)(end - data) : len);
    return semi ? ';' : ',';
}

#define IMPORT_LIMIT (5 * 1024 * 1024)

/* 1 if the text holds a well-formed UTF-8 sequence of two bytes or more: a file that is UTF-8
 * but for a stray byte is refused, not read as Windows-1252 (its umlauts would become "Ã¼"). */
static int utf8_multibyte(const char *data, apr_size_t len)
{
    apr_size_t i;
    for (i = 0; i < len; i++) {
        if ((unsigned char)data[i] >= 0xC2 && kp_utf8_char_length(data + i, len - i) >= 2) {
            return 1;
        }
    }
    return 0;
}

/* Lines of a file, as the CSV parser ends them (LF, CRLF or a lone CR), and a last one without
 * an end: bounds the rows before the parser holds each (5 MiB of line ends were five million). */
static apr_size_t lines_of(const char *data, apr_size_t len)
{
    apr_size_t n = 0, i;
    for (i = 0; i < len; i++) {
        if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == len || data[i + 1] != '\n'))) {
            n++;
        }
    }
    return n + (len > 0 && data[len - 1] != '\n' && data[len - 1] != '\r');
}

int kp_import_csv(kp_req *kr, int ncols, kp_import_row_fn row_fn, int *stored, const char **error)
{
    apr_pool_t *p = kr->r->pool;
    apr_array_header_t *rows;
    const char *data;
    apr_size_t len;
    kp_upload *up;
    int rv, i, c;

    *stored = 0;
    rv = kp_read_upload(kr, IMPORT_LIMIT, KP_UPLOAD_IN_MEMORY, &up);
    if (rv == HTTP_FORBIDDEN) {
        kp_csrf_log_refusal(kr);   /* the import page says so next to the file field */
    }
    if (rv != OK || !up->have_file) {
        *error = rv == HTTP_REQUEST_ENTITY_TOO_LARGE ? "staff.error.import_large"
                 : rv == HTTP_FORBIDDEN ? "error.csrf" : "staff.error.import_file";
        return rv == OK ? HTTP_BAD_REQUEST : rv;
    }
    data = kp_strbuf_data(up->data);
    len = kp_strbuf_length(up->data);
    if (lines_of(data, len) > KP_IMPORT_LINES) {
        *error = "staff.error.import_lines";
        return HTTP_REQUEST_ENTITY_TOO_LARGE;
    }
    if (!kp_utf8_valid(data, len)
        && (utf8_multibyte(data, len) || !(data = kp_cp1252_to_utf8(p, data, len, &len)))) {
        *error = "staff.error.import_encoding";
        return HTTP_BAD_REQUEST;
    }
    if (kp_csv_parse(p, data, len, kp_import_separator(data, len), &rows) != APR_SUCCESS) {
        *error = "staff.error.import_csv";
        return HTTP_BAD_REQUEST;
    }
    *error = NULL;
    if (kp_db_begin(kr->db, p) != APR_SUCCESS) {
        return HTTP_SERVICE_UNAVAILABLE;
    }
    for (i = 0; i < rows->nelts; i++) {
        apr_array_header_t *row = APR_ARRAY_IDX(rows, i, apr_array_header_t *);
        const char **in = (const char **)row->elts;   /* trimmed in place, once */
        const char **f;
        int blank = 1, stored_row;
        for (c = 0; c < row->nelts; c++) {
            in[c] = kp_text_trim(p, in[c]);
            blank = blank && !*in[c];
        }
        if (blank || (i == 0 && import_header(in, row->nelts))) {
            continue;   /* a blank line (";;;;" from a spreadsheet too), the header */
        }
        f = apr_pcalloc(p, ncols * sizeof(char *));
        for (c = 0; c < ncols; c++) {
            f[c] = c < row->nelts ? in[c] : "";
        }
        stored_row = row_fn(kr, p, f);
        if (stored_row != 1) {
            kp_db_rollback(kr->db, p);
            if (stored_row < 0) {
                return HTTP_SERVICE_UNAVAILABLE;
            }
            *error = apr_psprintf(p, "staff.error.import_line|%d", i + 1);
            return HTTP_BAD_REQUEST;
        }
        (*stored)++;
    }
    return kp_db_commit(kr->db, p) == APR_SUCCESS ? OK : HTTP_SERVICE_UNAVAILABLE;
}

/* ---- uploads: one multipart body, its plain fields and at most one file ---- */

typedef struct upload_state {
    kp_req *kr;
    kp_upload *up;
    apr_pool_t *pool;
    const char *field;          /* plain field being read, or NULL */
    kp_strbuf_t *value;
    int in_file;
    int spool;                  /* KP_UPLOAD_SPOOL: the file goes to a temporary file */
    apr_off_t limit;
    apr_size_t field_bytes;     /* of every plain field so far */
    int fields;
    int too_large;
    int spool_failed;
    int bad_field;              /* a plain field with invalid UTF-8 or a NUL */
    int csrf_pending;           /* the first part must be the field csrf, with the token */
    int csrf_refused;           /* it was not, or the token was wrong */
} upload_state;

/* The plain fields beside the file, all together: what a urlencoded form may hold, in at most
 * FIELDS_MAX fields (the module's forms have a handful). */
#define FIELDS_BYTES_MAX (256 * 1024)
#define FIELDS_MAX 100

/* A temporary file, deleted when it is closed (at the latest with the request's pool). */
static apr_status_t spool_open(apr_pool_t *p, apr_file_t **f)
{
    const char *dir;
    char *path;
    apr_status_t rv = apr_temp_dir_get(&dir, p);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    path = apr_pstrcat(p, dir, "/kundenportal-upload-XXXXXX", NULL);
    return apr_file_mktemp(f, path, APR_FOPEN_CREATE | APR_FOPEN_READ | APR_FOPEN_WRITE
                                        | APR_FOPEN_EXCL | APR_FOPEN_BINARY | APR_FOPEN_DELONCLOSE, p);
}

static int up_begin(void *baton, const char *name, const char *filename, const char *type)
{
    upload_state *st = baton;
    if (st->csrf_pending && (filename || strcmp(name, "csrf"))) {
        st->csrf_refused = 1;   /* nothing of a body is kept before its token is checked */
        return 1;
    }
    if (filename) {
        if (st->up->have_file || !*filename) {
            st->in_file = 0;
            st->field = NULL;
            return 0;       /* a second file or an empty file input: ignored */
        }
        st->in_file = 1;
        st->up->have_file = 1;
        st->up->field = apr_pstrdup(st->pool, name);
        st->up->filename = apr_pstrdup(st->pool, filename);
        st->up->content_type = type ? apr_pstrdup(st->pool, type) : NULL;
        if (st->spool) {
            if (spool_open(st->pool, &st->up->spool) != APR_SUCCESS) {
                st->spool_failed = 1;
                return 1;
            }
        }
        else {
            st->up->data = kp_strbuf_make(st->pool, 64 * 1024);
        }
        return 0;
    }
    if (++st->fields > FIELDS_MAX) {
        st->too_large = 1;
        return 1;
    }
    st->in_file = 0;
    st->field = apr_pstrdup(st->pool, name);
    st->value = kp_strbuf_make(st->pool, 64);
    return 0;
}

static int up_data(void *baton, const char *data, apr_size_t len)
{
    upload_state *st = baton;
    if (st->in_file) {
        if (st->up->size + (apr_off_t)len > st->limit) {
            st->too_large = 1;
            return 1;
        }
        if (st->up->spool) {
            if (apr_file_write_full(st->up->spool, data, len, NULL) != APR_SUCCESS) {
                st->spool_failed = 1;
                return 1;
            }
        }
        else {
            kp_strbuf_append(st->up->data, data, len);
        }
        st->up->size += (apr_off_t)len;
    }
    else if (st->field) {
        st->field_bytes += len;
        if (kp_strbuf_length(st->value) + len > 64 * 1024 || st->field_bytes > FIELDS_BYTES_MAX) {
            st->too_large = 1;
            return 1;
        }
        kp_strbuf_append(st->value, data, len);
    }
    return 0;
}

static int up_end(void *baton)
{
    upload_state *st = baton;
    if (st->field && !st->in_file) {
        const char *value = kp_strbuf_data(st->value);
        apr_size_t len = kp_strbuf_length(st->value);
        /* as kp_form_parse: a browser sends the page's UTF-8; anything else is refused whole */
        if (memchr(value, '\0', len) || !kp_utf8_valid(value, len)) {
            st->bad_field = 1;
            return 1;
        }
        if (st->csrf_pending) {   /* the first field, csrf (up_begin) */
            if (!kp_csrf_valid(st->kr, value)) {
                st->csrf_refused = 1;
                return 1;
            }
            st->csrf_pending = 0;
        }
        apr_table_add(st->up->fields, st->field, value);
    }
    st->field = NULL;
    st->in_file = 0;
    return 0;
}

/* After a refusal the client is still sending: read a bounded amount more, so it gets to see
 * the answer instead of a reset connection. */
static int drain(request_rec *r, char *buf, int status)
{
    apr_off_t drained = 0;
    long got;
    while (drained < 64 * 1024 * 1024 && (got = ap_get_client_block(r, buf, 64 * 1024)) > 0) {
        drained += got;
    }
    return status;
}

int kp_read_upload(kp_req *kr, apr_off_t limit, int how, kp_upload **out)
{
    request_rec *r = kr->r;
    const char *type = apr_table_get(r->headers_in, "Content-Type");
    const char *length = apr_table_get(r->headers_in, "Content-Length");
    static const kp_multipart_callbacks cb = {up_begin, up_data, up_end};
    upload_state st;
    kp_multipart_t *m;
    char *buf;
    long got;
    apr_off_t total = 0;
    apr_status_t rv = APR_SUCCESS;
    int status;

    memset(&st, 0, sizeof(st));
    st.kr = kr;
    st.pool = r->pool;
    st.csrf_pending = kr->csrf_in_body;
    st.limit = limit;
    st.spool = how == KP_UPLOAD_SPOOL;
    st.up = apr_pcalloc(r->pool, sizeof(kp_upload));
    st.up->fields = apr_table_make(r->pool, 8);
    *out = st.up;
    /* Room for the form's other fields and the multipart framing. */
    m = type ? kp_multipart_create(r->pool, type, &cb, &st, 0) : NULL;
    if (!m) {
        return kr->csrf_in_body ? HTTP_FORBIDDEN : HTTP_UNSUPPORTED_MEDIA_TYPE;
    }
    if ((status = ap_setup_client_block(r, REQUEST_CHUNKED_DECHUNK)) != OK) {
        return status;
    }
    buf = apr_palloc(r->pool, 64 * 1024);
    if (length && apr_atoi64(length) > limit + 64 * 1024) {
        return drain(r, buf, HTTP_REQUEST_ENTITY_TOO_LARGE);
    }
    if (ap_should_client_block(r)) {
        while ((got = ap_get_client_block(r, buf, 64 * 1024)) > 0) {
            total += got;
            if (st.csrf_refused) {
                return drain(r, buf, HTTP_FORBIDDEN);
            }
            if (total > limit + 64 * 1024 || st.too_large) {
                return drain(r, buf, HTTP_REQUEST_ENTITY_TOO_LARGE);
            }
            if (st.spool_failed) {
                ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                              KPLOG(10412) "cannot write an upload to a temporary file");
                return drain(r, buf, HTTP_SERVICE_UNAVAILABLE);
            }
            if (rv == APR_SUCCESS) {
                rv = kp_multipart_feed(m, buf, (apr_size_t)got);
            }
        }
        if (got < 0) {
            return HTTP_BAD_REQUEST;
        }
    }
    if (st.csrf_refused || st.csrf_pending) {
        return HTTP_FORBIDDEN;
    }
    if (st.too_large) {
        return HTTP_REQUEST_ENTITY_TOO_LARGE;
    }
    if (st.spool_failed) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      KPLOG(10412) "cannot write an upload to a temporary file");
        return HTTP_SERVICE_UNAVAILABLE;
    }
    if (rv != APR_SUCCESS || st.bad_field || kp_multipart_finish(m) != APR_SUCCESS) {
        return HTTP_BAD_REQUEST;
    }
    return OK;
}

const char *kp_upload_field(kp_upload *up, const char *name)
{
    return up ? apr_table_get(up->fields, name) : NULL;
}

apr_status_t kp_upload_pieces(kp_upload *up, apr_pool_t *p, apr_size_t piece,
                              kp_upload_piece_fn fn, void *baton)
{
    apr_off_t off = 0;
    apr_status_t rv;
    char *buf;
    if (!up->spool) {
        const char *data = kp_strbuf_data(up->data);
        for (; off < up->size; off += (apr_off_t)piece) {
            apr_size_t n = up->size - off < (apr_off_t)piece ? (apr_size_t)(up->size - off) : piece;
            if (fn(baton, data + off, n)) {
                return APR_ECONNABORTED;
            }
        }
        return APR_SUCCESS;
    }
    if ((rv = apr_file_seek(up->spool, APR_SET, &off)) != APR_SUCCESS) {
        return rv;
    }
    buf = apr_palloc(p, piece);
    for (; off < up->size; off += (apr_off_t)piece) {
        apr_size_t n = up->size - off < (apr_off_t)piece ? (apr_size_t)(up->size - off) : piece;
        if ((rv = apr_file_read_full(up->spool, buf, n, NULL)) != APR_SUCCESS) {
            return rv;
        }
        if (fn(baton, buf, n)) {
            return APR_ECONNABORTED;
        }
    }
    return APR_SUCCESS;
}

const kp_domain kp_domain_areas = {"areas", areas_statements, NULL, NULL};
