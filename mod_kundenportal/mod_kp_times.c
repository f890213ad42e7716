/* mod_kp_times.c: Arbeitszeiten: entries by day with totals per day, week, month and employee,
 * the resources used, the times.csv export, and the staff's editor and CSV import. */
#include "mod_kp_areas.h"
#include "kp_csv.h"
#include "kp_text.h"

#define TIME_COLUMNS \
    "t.id, t.work_date, DATE_FORMAT(t.starts_at, '%%H:%%i'), DATE_FORMAT(t.ends_at, '%%H:%%i')," \
    " t.minutes, COALESCE(e.name, ''), t.activity, t.note, YEARWEEK(t.work_date, 3)"
#define TIMES_OF_PERIOD " FROM time_entry t" TIMES_JOIN_PERIOD
#define TIMES_JOIN_PERIOD \
    " LEFT JOIN employee e ON e.id = t.employee_id" \
    " WHERE t.project_id = %s AND t.tenant_id = %s" \
    " AND (%s = '' OR t.work_date BETWEEN CONCAT(%s, '-01') AND LAST_DAY(CONCAT(%s, '-01')))"
/* The order of the index ix_time_project (sql/007_export_order.sql): a page needs no sort. */
#define TIMES_IN_ORDER " ORDER BY t.work_date, t.starts_at, t.id"
/* times.csv's next page (kp_db_each_page): the entries after the last one sent, in the
 * order above; a start time may be NULL, which sorts first. The index is named: MariaDB
 * would rather read the project's entries from its first (ORDER BY .. LIMIT on the index's
 * first part) and filter, each page reading past all pages before it. */
#define TIMES_AFTER_KEY \
    " AND (t.work_date > %s OR (t.work_date = %s" \
    " AND (COALESCE(t.starts_at > %s, t.starts_at IS NOT NULL) OR (t.starts_at <=> %s AND t.id > %s))))" \
    TIMES_IN_ORDER " LIMIT " KP_EXPORT_PAGE_ROWS
/* The window columns are over all entries of the period, also those past the LIMIT: the
 * employee's place among the names (in the column's collation), the period's minutes and
 * entries. */
enum { COL_MINUTES = 4, COL_EMPLOYEE_NAME = 5, COL_EMPLOYEE_RANK = 9, COL_ALL_MINUTES,
       COL_ALL_ENTRIES };
/* The entries one page shows at most, and the resources (one more is read: more than that). */
#define TIMES_ROW_LIMIT_SQL "5000"
#define RESOURCES_SHOWN 2000
#define RESOURCES_READ_SQL "2001"

static const kp_statement times_statements[] = {
    /* The months with their hours, from the totals kept on write (sql/006_counters.sql). */
    {"times_months",
     "SELECT CONCAT(work_month DIV 100, '-', LPAD(work_month MOD 100, 2, '0')), minutes"
     " FROM time_month_total WHERE project_id = %s AND tenant_id = %s AND entries > 0"
     " ORDER BY work_month DESC LIMIT 120"},
    {"times_entries",
     "SELECT " TIME_COLUMNS ", DENSE_RANK() OVER (ORDER BY e.name, e.id),"
     " SUM(t.minutes) OVER (), COUNT(*) OVER ()"
     TIMES_OF_PERIOD TIMES_IN_ORDER " LIMIT " TIMES_ROW_LIMIT_SQL},
    /* The totals per employee of a period with more entries than a page shows. */
    {"times_by_employee",
     "SELECT COALESCE(e.name, ''), SUM(t.minutes)" TIMES_OF_PERIOD
     " GROUP BY e.id, e.name ORDER BY e.name, e.id"},
    /* times.csv: every entry of the period, a page at a time; the start time as stored ends
     * the row, for the next page's key */
    {"times_export",
     "SELECT " TIME_COLUMNS ", CAST(t.starts_at AS CHAR) FROM time_entry t FORCE INDEX (ix_time_project)"
     TIMES_JOIN_PERIOD TIMES_AFTER_KEY},
    {"times_resources",
     "SELECT id, used_on, kind, name, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM quantity)), unit"
     " FROM resource_entry WHERE project_id = %s AND tenant_id = %s"
     " AND (%s = '' OR used_on BETWEEN CONCAT(%s, '-01') AND LAST_DAY(CONCAT(%s, '-01')))"
     " ORDER BY used_on, id LIMIT " RESOURCES_READ_SQL},
    /* Past the LIMIT of times_entries the last day and week shown may have more entries than
     * the page: their totals, of all of them (the day, then its Monday-to-Sunday week). */
    {"times_last_day_week",
     "SELECT COALESCE(SUM(IF(t.work_date = CAST(%s AS DATE), t.minutes, 0)), 0), COALESCE(SUM(t.minutes), 0)"
     TIMES_OF_PERIOD " AND t.work_date BETWEEN CAST(%s AS DATE) - INTERVAL WEEKDAY(%s) DAY"
     " AND CAST(%s AS DATE) - INTERVAL WEEKDAY(%s) DAY + INTERVAL 6 DAY"},
    {"times_one",
     "SELECT id, work_date, COALESCE(DATE_FORMAT(starts_at, '%%H:%%i'), ''),"
     " COALESCE(DATE_FORMAT(ends_at, '%%H:%%i'), ''), minutes, COALESCE(employee_id, ''), activity, note"
     " FROM time_entry WHERE id = %s AND project_id = %s AND tenant_id = %s"},
    {"times_insert",
     "INSERT INTO time_entry (tenant_id, project_id, employee_id, work_date, starts_at, ends_at,"
     " minutes, activity, note, created_at, updated_at) VALUES (%s, %s,"
     " (SELECT e.id FROM employee e WHERE e.id = %s AND e.tenant_id = %s), %s, NULLIF(%s, ''),"
     " NULLIF(%s, ''), %s, %s, %s, UTC_TIMESTAMP(), UTC_TIMESTAMP())"},
    {"times_update",
     "UPDATE time_entry SET employee_id = (SELECT e.id FROM employee e WHERE e.id = %s AND e.tenant_id = %s),"
     " work_date = %s, starts_at = NULLIF(%s, ''), ends_at = NULLIF(%s, ''), minutes = %s,"
     " activity = %s, note = %s, updated_at = UTC_TIMESTAMP()"
     " WHERE id = %s AND project_id = %s AND tenant_id = %s"},
    {"times_delete", "DELETE FROM time_entry WHERE id = %s AND project_id = %s AND tenant_id = %s"},
    {"times_resource_one",
     "SELECT id, used_on, kind, name, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM quantity)), unit"
     " FROM resource_entry WHERE id = %s AND project_id = %s AND tenant_id = %s"},
    {"times_resource_insert",
     "INSERT INTO resource_entry (tenant_id, project_id, used_on, kind, name, quantity, unit, created_at)"
     " VALUES (%s, %s, %s, %s, %s, %s, %s, UTC_TIMESTAMP())"},
    {"times_resource_update",
     "UPDATE resource_entry SET used_on = %s, kind = %s, name = %s, quantity = %s, unit = %s"
     " WHERE id = %s AND project_id = %s AND tenant_id = %s"},
    /* What a row was, for the log line of its deletion (ISO dates: the log is read in either
     * language). */
    {"times_audit_text",
     "SELECT CONCAT_WS(', ', CONCAT_WS(' ', t.work_date, NULLIF(CONCAT_WS('–',"
     " DATE_FORMAT(t.starts_at, '%%H:%%i'), DATE_FORMAT(t.ends_at, '%%H:%%i')), '')),"
     " CONCAT(t.minutes, ' min'), e.name, NULLIF(t.activity, ''))"
     " FROM time_entry t LEFT JOIN employee e ON e.id = t.employee_id"
     " WHERE t.id = %s AND t.project_id = %s AND t.tenant_id = %s"},
    {"times_resource_audit_text",
     "SELECT CONCAT_WS(', ', used_on, name, CONCAT(TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM quantity)),"
     " ' ', unit)) FROM resource_entry WHERE id = %s AND project_id = %s AND tenant_id = %s"},
    {"times_resource_delete",
     "DELETE FROM resource_entry WHERE id = %s AND project_id = %s AND tenant_id = %s"},
    {NULL, NULL}
};

/* "YYYY-MM" or "" (all months). */
static const char *month_param(kp_req *kr, const char *fallback)
{
    const char *m = kp_query_get(kr, "month");
    if (m && !strcmp(m, "all")) {
        return "";
    }
    if (m && strlen(m) == 7 && kp_valid_date(apr_pstrcat(kr->r->pool, m, "-01", NULL))) {
        return m;
    }
    return fallback;
}

static xmlNodePtr add_total(xmlNodePtr parent, const char *name, const char *key, long minutes,
                            apr_pool_t *p)
{
    xmlNodePtr n = kp_xml_add(parent, name, NULL);
    kp_xml_attr(n, "key", key);
    kp_xml_attr(n, "minutes", apr_ltoa(p, minutes));
    return n;
}

/* <employee key="name" minutes/> per employee of the period, in the order of their names.
 * While the page shows every entry, MariaDB numbers the employees with them (times_entries'
 * DENSE_RANK, 1 .. ranks without gaps) and their minutes are summed here: one statement less.
 * Past the LIMIT an employee may have no entry on the page, so the totals come from a GROUP BY
 * of their own. 0 on a database failure. */
static int add_employee_totals(kp_req *kr, xmlNodePtr list, const kp_rows *rows, int cut,
                               const char *month)
{
    apr_pool_t *p = kr->r->pool;
    const char **names;
    long *minutes;
    int i, rank, ranks = 0;

    if (cut) {
        kp_rows *emp;
        if (kp_select(kr->db, p, "times_by_employee", &emp, kr->project_id, kr->tenant_id, month,
                      month, month) != APR_SUCCESS) {
            return 0;
        }
        for (i = 0; i < emp->nrows; i++) {
            add_total(list, "employee", kp_cell(emp, i, 0), atol(kp_cell(emp, i, 1)), p);
        }
        return 1;
    }
    for (i = 0; i < rows->nrows; i++) {
        rank = atoi(kp_cell(rows, i, COL_EMPLOYEE_RANK));
        ranks = rank > ranks ? rank : ranks;
    }
    names = apr_pcalloc(p, sizeof(*names) * (apr_size_t)(ranks + 1));
    minutes = apr_pcalloc(p, sizeof(*minutes) * (apr_size_t)(ranks + 1));
    for (i = 0; i < rows->nrows; i++) {
        rank = atoi(kp_cell(rows, i, COL_EMPLOYEE_RANK));
        if (rank > 0) {
            names[rank] = kp_cell(rows, i, COL_EMPLOYEE_NAME);
            minutes[rank] += atol(kp_cell(rows, i, COL_MINUTES));
        }
    }
    for (rank = 1; rank <= ranks; rank++) {
        add_total(list, "employee", names[rank] ? names[rank] : "", minutes[rank], p);
    }
    return 1;
}

/* A month's view totals the weeks that cross its first or last day over that month's days
 * alone: such a week is marked with them (from, to), the heading says so. date: a day of the
 * week in month ("YYYY-MM"). */
static void mark_week_in_month(apr_pool_t *p, xmlNodePtr week, const char *month, const char *date)
{
    int year = atoi(month), mon = atoi(month + 5), day = atoi(date + 8);
    int last = kp_tz_days_in_month(year, mon), first_wd = kp_tz_weekday(year, mon, 1);
    int last_wd = (first_wd + last - 1) % 7;   /* Monday 0 */
    if (first_wd != 0 && day <= 7 - first_wd) {
        kp_xml_attr(week, "from", apr_psprintf(p, "%s-01", month));
        kp_xml_attr(week, "to", apr_psprintf(p, "%s-%02d", month, 7 - first_wd));
    }
    else if (last_wd != 6 && day >= last - last_wd) {
        kp_xml_attr(week, "from", apr_psprintf(p, "%s-%02d", month, last - last_wd));
        kp_xml_attr(week, "to", apr_psprintf(p, "%s-%02d", month, last));
    }
}

/* <times month><months/><week yw minutes [from to]><day date minutes><entry/>..</day></week>
 * <employees/><resources/></times>; 0 on a database failure. */
static int times_add_data(kp_req *kr, const char *month)
{
    apr_pool_t *p = kr->r->pool;
    kp_rows *months, *rows, *res;
    xmlNodePtr t, list, week = NULL, day = NULL;
    long week_total = 0, day_total = 0;
    const char *cur_week = "", *cur_day = "";
    int i, cut;

    if (kp_select(kr->db, p, "times_months", &months, kr->project_id, kr->tenant_id) != APR_SUCCESS) {
        return 0;
    }
    if (!month) {   /* default: the newest month with entries */
        month = month_param(kr, months->nrows ? kp_cell(months, 0, 0) : "");
    }
    if (kp_select(kr->db, p, "times_entries", &rows, kr->project_id, kr->tenant_id, month, month,
                  month) != APR_SUCCESS
        || kp_select(kr->db, p, "times_resources", &res, kr->project_id, kr->tenant_id, month,
                     month, month) != APR_SUCCESS) {
        return 0;
    }
    t = kp_xml_add(kr->root, "times", NULL);
    kp_xml_attr(t, "month", month);
    list = kp_xml_add(t, "months", NULL);
    for (i = 0; i < months->nrows; i++) {
        kp_xml_attr(kp_xml_add(list, "m", kp_cell(months, i, 0)), "minutes", kp_cell(months, i, 1));
    }
    for (i = 0; i < rows->nrows; i++) {
        long minutes = atol(kp_cell(rows, i, COL_MINUTES));
        xmlNodePtr e;
        if (!week || strcmp(kp_cell(rows, i, 8), cur_week) != 0) {
            if (week) {
                kp_xml_attr(day, "minutes", apr_ltoa(p, day_total));
                kp_xml_attr(week, "minutes", apr_ltoa(p, week_total));
            }
            week = kp_xml_add(t, "week", NULL);
            kp_xml_attr(week, "yw", kp_cell(rows, i, 8));
            kp_xml_attr(week, "kw", kp_cell(rows, i, 8) + 4);
            if (*month) {
                mark_week_in_month(p, week, month, kp_cell(rows, i, 1));
            }
            week_total = 0;
            day = NULL;
            cur_week = kp_cell(rows, i, 8);
        }
        if (!day || strcmp(kp_cell(rows, i, 1), cur_day) != 0) {
            if (day) {
                kp_xml_attr(day, "minutes", apr_ltoa(p, day_total));
            }
            day = kp_xml_add(week, "day", NULL);
            kp_xml_attr(day, "date", kp_cell(rows, i, 1));
            day_total = 0;
            cur_day = kp_cell(rows, i, 1);
        }
        e = kp_xml_add(day, "entry", NULL);
        /* from, to, employee and note only where they have a value: the template tests for
         * them in every entry, and testing for a node is cheaper than reading its text */
        kp_xml_attr(e, "id", kp_cell(rows, i, 0));
        if (kp_cell(rows, i, 2)) {
            kp_xml_attr(e, "from", kp_cell(rows, i, 2));
            kp_xml_attr(e, "to", kp_cell(rows, i, 3));
        }
        kp_xml_attr(e, "minutes", kp_cell(rows, i, COL_MINUTES));
        kp_xml_add_given(e, "employee", kp_cell(rows, i, 5));
        kp_xml_add(e, "activity", kp_cell(rows, i, 6));
        kp_xml_add_given(e, "note", kp_cell(rows, i, 7));
        day_total += minutes;
        week_total += minutes;
    }
    cut = rows->nrows && atol(kp_cell(rows, 0, COL_ALL_ENTRIES)) > rows->nrows;
    if (cut) {   /* the rest is past the LIMIT: the last day and week count it too */
        kp_rows *last;
        if (kp_select(kr->db, p, "times_last_day_week", &last, cur_day, kr->project_id,
                      kr->tenant_id, month, month, month, cur_day, cur_day, cur_day, cur_day)
                != APR_SUCCESS) {
            return 0;
        }
        day_total = atol(kp_cell(last, 0, 0));
        week_total = atol(kp_cell(last, 0, 1));
        kp_xml_attr(t, "shown", apr_itoa(p, rows->nrows));
        kp_xml_attr(t, "entries", kp_cell(rows, 0, COL_ALL_ENTRIES));
    }
    if (day) {
        kp_xml_attr(day, "minutes", apr_ltoa(p, day_total));
        kp_xml_attr(week, "minutes", apr_ltoa(p, week_total));
    }
    kp_xml_attr(t, "minutes", rows->nrows ? kp_cell(rows, 0, COL_ALL_MINUTES) : "0");
    if (!add_employee_totals(kr, kp_xml_add(t, "employees", NULL), rows, cut, month)) {
        return 0;
    }
    list = kp_xml_add(t, "resources", NULL);
    if (res->nrows > RESOURCES_SHOWN) {
        kp_xml_attr(list, "cut", apr_itoa(p, RESOURCES_SHOWN));
    }
    for (i = 0; i < res->nrows && i < RESOURCES_SHOWN; i++) {
        xmlNodePtr r = kp_xml_add(list, "resource", NULL);
        kp_xml_attr(r, "id", kp_cell(res, i, 0));
        kp_xml_attr(r, "date", kp_cell(res, i, 1));
        kp_xml_attr(r, "kind", kp_cell(res, i, 2));
        kp_xml_attr(r, "quantity", kp_cell(res, i, 4));
        kp_xml_add(r, "name", kp_cell(res, i, 3));
        kp_xml_add(r, "unit", kp_cell(res, i, 5));
    }
    return 1;
}

static int portal_times(kp_req *kr)
{
    kp_page_new(kr, "portal-times");
    if (!kp_portal_add_project(kr) || !times_add_data(kr, NULL)) {
        return kp_unavailable(kr, "loading the working times");
    }
    return kp_page_send(kr, "portal-times", HTTP_OK);
}

static const char *csv_date(apr_pool_t *p, int german, const char *iso)
{
    return german ? kp_format_date(p, "de", iso) : iso;
}

/* times.csv: RFC 4180 rows, UTF-8 with a byte order mark (so spreadsheets read the umlauts);
 * the German UI gets ';' and decimal commas, the English one ',' and points. Every entry of
 * the period, however many, read a page at a time (kp_db_each_page). The hours are rounded to
 * hundredths per row, so their sum can miss the page's total (3 x 20 minutes: 0,99); the
 * minutes, last so that the columns before keep their places, add up exactly. */
#define TIMES_CSV_COLUMNS 8

typedef struct times_csv {
    kp_req *kr;
    apr_pool_t *row_pool;   /* cleared for each row */
    const char *filename;
    int german;
    char sep;
    int started;
} times_csv;

/* The headers, the byte order mark and the heading row, before the first entry. */
static void times_csv_start(times_csv *c)
{
    kp_req *kr = c->kr;
    static const char *const keys[TIMES_CSV_COLUMNS] = {
        "times.date", "times.from", "times.to", "times.hours", "times.employee",
        "times.activity", "times.note", "times.minutes_csv"};
    const char *head[TIMES_CSV_COLUMNS];
    int i;

    for (i = 0; i < TIMES_CSV_COLUMNS; i++) {
        head[i] = kp_i18n(kr->render, kr->lang, keys[i]);
    }
    kp_download_headers(kr, "text/csv; charset=utf-8", c->filename);
    ap_rputs("\xEF\xBB\xBF", kr->r);
    ap_rputs(kp_csv_row(kr->r->pool, head, TIMES_CSV_COLUMNS, c->sep), kr->r);
    c->started = 1;
}

static int times_csv_row(void *baton, const char *const *cells, int ncols)
{
    times_csv *c = baton;
    apr_pool_t *p = c->row_pool;
    long minutes = atol(cells[4]);
    const char *f[TIMES_CSV_COLUMNS];

    if (!c->started) {
        times_csv_start(c);
    }
    apr_pool_clear(p);
    f[0] = csv_date(p, c->german, cells[1]);
    f[1] = cells[2];
    f[2] = cells[3];
    f[3] = kp_csv_decimal(p, (minutes * 100 + 30) / 60, c->german);
    f[4] = cells[5];
    f[5] = cells[6];
    f[6] = cells[7];
    f[7] = cells[4];
    return ap_rputs(kp_csv_row(p, f, TIMES_CSV_COLUMNS, c->sep), c->kr->r) < 0;   /* client gone */
}

static int portal_times_csv(kp_req *kr)
{
    /* the date (column 1), the start as stored (column 9) and the id (column 0) */
    static const int key_columns[] = {1, 9, 0};
    static const char *const before_all[] = {"0000-00-00", NULL, "0"};   /* zero dates too */
    const kp_keyset entry_keys = {3, key_columns, before_all};
    apr_pool_t *p = kr->r->pool;
    const char *month = month_param(kr, "");
    times_csv c = {kr, NULL, NULL, strcmp(kr->lang, "en") != 0, 0, 0};

    c.sep = c.german ? ';' : ',';
    c.filename = *month ? apr_pstrcat(p, "arbeitszeiten-", month, ".csv", NULL) : "times.csv";
    if (kr->r->header_only) {
        times_csv_start(&c);   /* HEAD: the headers, no export */
        return OK;
    }
    apr_pool_create(&c.row_pool, p);
    if (kp_db_each_page(kr->db, p, "times_export", 5,
                        KP_ARGV(kr->project_id, kr->tenant_id, month, month, month), &entry_keys,
                        times_csv_row, &c) != APR_SUCCESS) {
        if (!c.started) {
            return kp_unavailable(kr, "exporting the working times");
        }
        kp_db_log_failure(kr, "exporting the working times");
        kp_abort_response(kr);
        return OK;
    }
    if (!c.started) {
        times_csv_start(&c);   /* no entries: the heading alone */
    }
    return OK;
}

/* ---- staff: /admin/projects/{id}/times: entries, resources, CSV import ---- */

static const char *const entry_fields[] = {"date", "from", "to", "minutes", "employee", "activity",
                                           "note", NULL};
static const char *const resource_fields[] = {"date", "kind", "name", "quantity", "unit", NULL};

typedef struct entry_input {
    const char *v[7];           /* as entry_fields; minutes filled in from from/to */
    const char *err[7];
} entry_input;

typedef struct staff_form {
    const char *name, *edit;
    const char *const *fields;
    const char *const *values;  /* NULL: keep what was typed */
    const char *const *errors;
} staff_form;

static int staff_page(kp_req *kr, int status, const staff_form *sf)
{
    kp_page_new(kr, "admin-times");
    if (!kp_staff_project(kr)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (!times_add_data(kr, NULL) || !kp_add_employees(kr)) {
        return kp_unavailable(kr, "loading the working times");
    }
    kp_import_notice(kr);
    if (sf) {
        xmlNodePtr f = kp_form_node(kr, sf->name, sf->edit);
        int i;
        for (i = 0; sf->fields && sf->fields[i]; i++) {
            kp_form_value(f, sf->fields[i], sf->values ? sf->values[i] : kp_form_get(kr, sf->fields[i]));
            if (sf->errors && sf->errors[i]) {
                kp_form_error(f, sf->fields[i], sf->errors[i]);
            }
        }
    }
    return kp_page_send(kr, "admin-times", status);
}

#define NO_ROW (-1)

/* The edit form of one stored row: its columns 1..n are the form's fields. NO_ROW if there is
 * no such row in this project, else the page's status. */
static int edit_form(kp_req *kr, const char *statement, const char *id, const char *name,
                     const char *const *fields, int n)
{
    apr_pool_t *p = kr->r->pool;
    const char **v = apr_pcalloc(p, n * sizeof(char *));
    staff_form sf = {name, id, fields, v, NULL};
    kp_rows *rows;
    int i;
    if (!kp_valid_id(id) || !kp_valid_id(kr->param[0])
        || kp_select(kr->db, p, statement, &rows, id, kr->param[0], kr->tenant_id) != APR_SUCCESS
        || rows->nrows != 1) {
        return NO_ROW;
    }
    for (i = 0; i < n; i++) {
        v[i] = kp_cell(rows, 0, i + 1);
    }
    if (n == 7 && *v[1]) {
        v[3] = "";  /* an entry with from/to: the minutes follow from them */
    }
    return staff_page(kr, HTTP_OK, &sf);
}

static int staff_times(kp_req *kr)
{
    int rv = edit_form(kr, "times_one", kp_query_get(kr, "edit"), "entry", entry_fields, 7);
    if (rv == NO_ROW) {
        rv = edit_form(kr, "times_resource_one", kp_query_get(kr, "edit-resource"), "resource",
                       resource_fields, 5);
    }
    return rv != NO_ROW ? rv : staff_page(kr, HTTP_OK, NULL);
}

/* Checks an entry; with from and to the minutes follow from them (past midnight: next day),
 * as the time that passed: a night over a change of the company's clocks is an hour longer or
 * shorter than its wall clock says; a time the clocks skip is refused. */
static int entry_valid(kp_req *kr, apr_pool_t *p, entry_input *in)
{
    const char **v = in->v;
    int ok = 1, has_from = v[1] && *v[1], has_to = v[2] && *v[2];
    if (!kp_valid_date(v[0])) {
        in->err[0] = "staff.error.date";
        ok = 0;
    }
    if (has_from != has_to || (has_from && !kp_valid_time(v[1]))) {
        in->err[1] = "staff.error.time";
        ok = 0;
    }
    if (has_from != has_to || (has_to && !kp_valid_time(v[2]))) {
        in->err[2] = "staff.error.time";
        ok = 0;
    }
    if (ok && has_from) {
        if (!kp_times_shown(kr, v[0], v[1], v[2], in->err)) {
            return 0;
        }
        v[3] = apr_ltoa(p, kp_times_elapsed(kr, v[0], v[1], v[2]));
    }
    else if (!has_from && !has_to) {
        v[1] = v[2] = "";
        if (!v[3] || strlen(v[3]) > 4 || !kp_valid_id(v[3]) || atoi(v[3]) > 24 * 60) {
            in->err[3] = "times.error.duration";
            ok = 0;
        }
    }
    if (v[4] && *v[4] && !kp_valid_id(v[4])) {
        in->err[4] = "staff.error.employee";
        ok = 0;
    }
    if (!v[5] || kp_utf8_length(v[5]) > 200) {
        in->err[5] = "staff.error.too_long";
        ok = 0;
    }
    if (!v[6] || kp_utf8_length(v[6]) > 2000) {
        in->err[6] = "staff.error.too_long";
        ok = 0;
    }
    return ok;
}

static apr_status_t entry_store(kp_req *kr, apr_pool_t *p, const entry_input *in, const char *id)
{
    const char *const *v = in->v;
    const char *emp = v[4] ? v[4] : "";
    if (id) {
        return kp_exec(kr->db, p, "times_update", NULL, emp, kr->tenant_id, v[0], v[1], v[2], v[3],
                       v[5], v[6], id, kr->project_id, kr->tenant_id);
    }
    return kp_exec(kr->db, p, "times_insert", NULL, kr->tenant_id, kr->project_id, emp,
                   kr->tenant_id, v[0], v[1], v[2], v[3], v[5], v[6]);
}

static const char *back_to(kp_req *kr, const char *date)
{
    return apr_pstrcat(kr->r->pool, "/projects/", kr->project_id, "/times",
                       date ? apr_pstrcat(kr->r->pool, "?month=", apr_pstrndup(kr->r->pool, date, 7), NULL)
                            : "", NULL);
}

/* Runs before every staff POST: the project must be the tenant's, and the {entry}, if any,
 * one of its rows. */
static int staff_scope(kp_req *kr, const char *one, kp_rows **row)
{
    kp_page_new(kr, "admin-times");
    if (!kp_staff_project(kr)) {
        return 0;
    }
    if (kr->nparam > 1) {
        if (!kp_valid_id(kr->param[1])) {
            return 0;
        }
        if (kp_select(kr->db, kr->r->pool, one, row, kr->param[1], kr->project_id, kr->tenant_id)
                != APR_SUCCESS) {
            return kp_lookup_failed(kr, "looking up an entry");
        }
        return (*row)->nrows == 1;
    }
    return 1;
}

static int staff_entry_save(kp_req *kr)
{
    const char *id = kr->nparam > 1 ? kr->param[1] : NULL;
    entry_input in;
    kp_rows *row;
    int i;
    if (!staff_scope(kr, "times_one", &row)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    memset(&in, 0, sizeof(in));
    for (i = 0; i < 7; i++) {
        in.v[i] = i >= 5 ? kp_text_or_empty_max(kr, entry_fields[i], 100000)
                         : kp_text_typed(kr->r->pool, kp_form_get(kr, entry_fields[i]));
    }
    if (!entry_valid(kr, kr->r->pool, &in)) {
        staff_form sf = {"entry", id, entry_fields, NULL, in.err};
        return staff_page(kr, HTTP_BAD_REQUEST, &sf);
    }
    if (entry_store(kr, kr->r->pool, &in, id) != APR_SUCCESS) {
        return kp_unavailable(kr, "storing a time entry");
    }
    kp_audit(kr, id ? "admin.time_changed" : "admin.time_added", "project", kr->project_id, NULL);
    return kp_redirect(kr, back_to(kr, in.v[0]));
}

static int staff_delete(kp_req *kr, const char *one, const char *audit_text,
                        const char *statement)
{
    kp_rows *row, *text;
    if (!staff_scope(kr, one, &row)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (kp_select(kr->db, kr->r->pool, audit_text, &text, kr->param[1], kr->project_id,
                  kr->tenant_id) != APR_SUCCESS
        || kp_exec(kr->db, kr->r->pool, statement, NULL, kr->param[1], kr->project_id, kr->tenant_id)
               != APR_SUCCESS) {
        return kp_unavailable(kr, "deleting a row");
    }
    /* what it was, since the row is gone */
    kp_audit(kr, "admin.time_or_resource_deleted", "project", kr->project_id, kp_cell(text, 0, 0));
    return kp_redirect(kr, back_to(kr, kp_cell(row, 0, 1)));
}

static int staff_entry_delete(kp_req *kr)
{
    return staff_delete(kr, "times_one", "times_audit_text", "times_delete");
}

static int staff_resource_delete(kp_req *kr)
{
    return staff_delete(kr, "times_resource_one", "times_resource_audit_text",
                        "times_resource_delete");
}

/* "2,5" or "2.5" with at most 3 decimals and 9 digits before, above 0; NULL otherwise. */
static const char *quantity_of(apr_pool_t *p, const char *s)
{
    char *q = s ? apr_pstrdup(p, s) : NULL, *c;
    int before = 0, after = 0, dot = 0;
    if (!q) {
        return NULL;
    }
    for (c = q; *c; c++) {
        if (*c == ',' || *c == '.') {
            if (dot++) {
                return NULL;
            }
            *c = '.';
        }
        else if (apr_isdigit(*c)) {
            dot ? after++ : before++;
        }
        else {
            return NULL;
        }
    }
    if (!before || before > 9 || after > 3 || (dot && !after) || atof(q) <= 0) {
        return NULL;
    }
    return q;
}

static int staff_resource_save(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    const char *id = kr->nparam > 1 ? kr->param[1] : NULL;
    const char *err[5] = {NULL};
    const char *date = kp_form_get(kr, "date"), *kind = kp_form_get(kr, "kind");
    const char *name = kp_text_or_empty_max(kr, "name", 200);
    const char *quantity = quantity_of(p, kp_text_trim(p, kp_form_get(kr, "quantity")));
    const char *unit = kp_text_or_empty_max(kr, "unit", 20);
    kp_rows *row;

    if (!staff_scope(kr, "times_resource_one", &row)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (!kp_valid_date(date)) {
        err[0] = "staff.error.date";
    }
    if (!kind || (strcmp(kind, "material") && strcmp(kind, "machine"))) {
        kind = "material";
    }
    if (!name || !*name) {
        err[2] = name ? "staff.error.required" : "staff.error.too_long";
    }
    if (!quantity) {
        err[3] = "times.error.quantity";
    }
    if (!unit) {
        err[4] = "staff.error.too_long";
    }
    if (err[0] || err[2] || err[3] || err[4]) {
        staff_form sf = {"resource", id, resource_fields, NULL, err};
        return staff_page(kr, HTTP_BAD_REQUEST, &sf);
    }
    if ((id ? kp_exec(kr->db, p, "times_resource_update", NULL, date, kind, name, quantity, unit, id,
                      kr->project_id, kr->tenant_id)
            : kp_exec(kr->db, p, "times_resource_insert", NULL, kr->tenant_id, kr->project_id, date,
                      kind, name, quantity, unit)) != APR_SUCCESS) {
        return kp_unavailable(kr, "storing a resource");
    }
    kp_audit(kr, id ? "admin.resource_changed" : "admin.resource_added", "project", kr->project_id,
             NULL);
    return kp_redirect(kr, back_to(kr, date));
}

static int times_import_error(kp_req *kr, int status, const char *key)
{
    static const char *const fields[] = {"file", NULL};
    const char *values[] = {""};
    const char *errors[] = {key};
    staff_form sf = {"import", NULL, fields, values, errors};
    return staff_page(kr, status, &sf);
}

static int import_row(kp_req *kr, apr_pool_t *p, const char **f)
{
    entry_input in;
    int c, failed;
    memset(&in, 0, sizeof(in));
    for (c = 0; c < 7; c++) {
        in.v[c] = f[c];
    }
    in.v[0] = kp_import_date(p, f[0]);
    in.v[4] = kp_employee_by_name(kr, p, f[4], &failed);
    if (failed) {
        return -1;
    }
    if (!in.v[4]) {
        return 0;   /* an unknown employee */
    }
    if (!entry_valid(kr, p, &in)) {
        return 0;
    }
    /* Minutes given beside from and to must be their duration: a payroll file's minutes after a
     * break would otherwise be replaced without a word. */
    if (*f[1] && *f[3] && (strlen(f[3]) > 5 || !kp_valid_id(f[3]) || atol(f[3]) != atol(in.v[3]))) {
        return 0;
    }
    return entry_store(kr, p, &in, NULL) == APR_SUCCESS ? 1 : -1;
}

/* POST /projects/{id}/times/import: Datum;Von;Bis;Minuten;Mitarbeiter;Tätigkeit;Notiz. */
static int staff_import(kp_req *kr)
{
    const char *error;
    int stored, rv;
    kp_rows *dummy;
    if (!staff_scope(kr, NULL, &dummy)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    rv = kp_import_csv(kr, 7, import_row, &stored, &error);
    if (rv != OK) {
        return error ? times_import_error(kr, rv, error) : kp_unavailable(kr, "importing times");
    }
    kp_audit(kr, "admin.times_imported", "project", kr->project_id, apr_itoa(kr->r->pool, stored));
    return kp_redirect(kr, kp_import_done_url(kr, back_to(kr, NULL), stored));
}

static int staff_times_csv(kp_req *kr)
{
    kp_rows *dummy;
    if (!staff_scope(kr, NULL, &dummy)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    return portal_times_csv(kr);
}

static const kp_route times_admin_routes[] = {
    {"GET", "/projects/{id}/times.csv", KP_ADMIN, KP_AREA_NONE, staff_times_csv, 0},
    {"GET", "/projects/{id}/times", KP_ADMIN, KP_AREA_NONE, staff_times, 0},
    {"POST", "/projects/{id}/times", KP_ADMIN, KP_AREA_NONE, staff_entry_save, 0},
    {"POST", "/projects/{id}/times/import", KP_ADMIN, KP_AREA_NONE, staff_import, KP_ROUTE_MULTIPART},
    {"POST", "/projects/{id}/times/{entry}", KP_ADMIN, KP_AREA_NONE, staff_entry_save, 0},
    {"POST", "/projects/{id}/times/{entry}/delete", KP_ADMIN, KP_AREA_NONE, staff_entry_delete, 0},
    {"POST", "/projects/{id}/resources", KP_ADMIN, KP_AREA_NONE, staff_resource_save, 0},
    {"POST", "/projects/{id}/resources/{res}", KP_ADMIN, KP_AREA_NONE, staff_resource_save, 0},
    {"POST", "/projects/{id}/resources/{res}/delete", KP_ADMIN, KP_AREA_NONE, staff_resource_delete, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

static const kp_route times_portal_routes[] = {
    {"GET", "/projects/{id}/times", KP_CUSTOMER, KP_AREA_TIMES, portal_times, 0},
    {"GET", "/projects/{id}/times.csv", KP_CUSTOMER, KP_AREA_TIMES, portal_times_csv, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_times = {"times", times_statements, times_portal_routes,
                                   times_admin_routes};
