/* mod_kp_times.c: Arbeitszeiten: entries by day with totals per day, week, month and employee,
 * the resources used, the times.csv export, and the staff's editor and CSV import. */
#include "mod_kp_areas.h"
#include "kp_csv.h"
#include "kp_strbuf.h"

#define TIME_COLUMNS \
    "t.id, t.work_date, DATE_FORMAT(t.starts_at, '%%H:%%i'), DATE_FORMAT(t.ends_at, '%%H:%%i')," \
    " t.minutes, COALESCE(e.name, ''), t.activity, t.note, YEARWEEK(t.work_date, 3), t.employee_id"

static const kp_statement times_statements[] = {
    {"times_months",
     "SELECT DISTINCT DATE_FORMAT(work_date, '%%Y-%%m') m FROM time_entry"
     " WHERE project_id = %s AND tenant_id = %s ORDER BY m DESC LIMIT 120"},
    {"times_entries",
     "SELECT " TIME_COLUMNS " FROM time_entry t LEFT JOIN employee e ON e.id = t.employee_id"
     " WHERE t.project_id = %s AND t.tenant_id = %s"
     " AND (%s = '' OR DATE_FORMAT(t.work_date, '%%Y-%%m') = %s)"
     " ORDER BY t.work_date, t.starts_at, t.id LIMIT 5000"},
    {"times_by_employee",
     "SELECT COALESCE(e.name, ''), SUM(t.minutes) FROM time_entry t"
     " LEFT JOIN employee e ON e.id = t.employee_id WHERE t.project_id = %s AND t.tenant_id = %s"
     " AND (%s = '' OR DATE_FORMAT(t.work_date, '%%Y-%%m') = %s)"
     " GROUP BY e.id, e.name ORDER BY e.name"},
    {"times_resources",
     "SELECT id, used_on, kind, name, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM quantity)), unit"
     " FROM resource_entry WHERE project_id = %s AND tenant_id = %s"
     " AND (%s = '' OR DATE_FORMAT(used_on, '%%Y-%%m') = %s)"
     " ORDER BY used_on, id LIMIT 2000"},
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

/* <times month><months/><week yw minutes><day date minutes><entry/>..</day></week>
 * <employees/><resources/></times>; 0 on a database failure. */
int kp_times_add_data(kp_req *kr, const char *month)
{
    apr_pool_t *p = kr->r->pool;
    kp_rows *months, *rows, *emp, *res;
    xmlNodePtr t, list, week = NULL, day = NULL;
    long total = 0, week_total = 0, day_total = 0;
    const char *cur_week = "", *cur_day = "";
    int i;

    if (kp_select(kr->db, p, "times_months", &months, kr->project_id, kr->tenant_id) != APR_SUCCESS) {
        return 0;
    }
    if (!month) {   /* default: the newest month with entries */
        month = month_param(kr, months->nrows ? kp_cell(months, 0, 0) : "");
    }
    if (kp_select(kr->db, p, "times_entries", &rows, kr->project_id, kr->tenant_id, month, month)
            != APR_SUCCESS
        || kp_select(kr->db, p, "times_by_employee", &emp, kr->project_id, kr->tenant_id, month,
                     month) != APR_SUCCESS
        || kp_select(kr->db, p, "times_resources", &res, kr->project_id, kr->tenant_id, month,
                     month) != APR_SUCCESS) {
        return 0;
    }
    t = kp_xml_add(kr->root, "times", NULL);
    kp_xml_attr(t, "month", month);
    list = kp_xml_add(t, "months", NULL);
    for (i = 0; i < months->nrows; i++) {
        kp_xml_add(list, "m", kp_cell(months, i, 0));
    }
    for (i = 0; i < rows->nrows; i++) {
        long minutes = atol(kp_cell(rows, i, 4));
        xmlNodePtr e;
        if (!week || strcmp(kp_cell(rows, i, 8), cur_week) != 0) {
            if (week) {
                kp_xml_attr(day, "minutes", apr_ltoa(p, day_total));
                kp_xml_attr(week, "minutes", apr_ltoa(p, week_total));
            }
            week = kp_xml_add(t, "week", NULL);
            kp_xml_attr(week, "yw", kp_cell(rows, i, 8));
            kp_xml_attr(week, "kw", kp_cell(rows, i, 8) + 4);
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
        kp_xml_attr(e, "id", kp_cell(rows, i, 0));
        kp_xml_attr(e, "date", kp_cell(rows, i, 1));
        kp_xml_attr(e, "from", kp_cell(rows, i, 2) ? kp_cell(rows, i, 2) : "");
        kp_xml_attr(e, "to", kp_cell(rows, i, 3) ? kp_cell(rows, i, 3) : "");
        kp_xml_attr(e, "minutes", kp_cell(rows, i, 4));
        kp_xml_attr(e, "employee-id", kp_cell(rows, i, 9) ? kp_cell(rows, i, 9) : "");
        kp_xml_add(e, "employee", kp_cell(rows, i, 5));
        kp_xml_add(e, "activity", kp_cell(rows, i, 6));
        kp_xml_add(e, "note", kp_cell(rows, i, 7));
        day_total += minutes;
        week_total += minutes;
        total += minutes;
    }
    if (day) {
        kp_xml_attr(day, "minutes", apr_ltoa(p, day_total));
        kp_xml_attr(week, "minutes", apr_ltoa(p, week_total));
    }
    kp_xml_attr(t, "minutes", apr_ltoa(p, total));
    list = kp_xml_add(t, "employees", NULL);
    for (i = 0; i < emp->nrows; i++) {
        add_total(list, "employee", kp_cell(emp, i, 0), atol(kp_cell(emp, i, 1)), p);
    }
    list = kp_xml_add(t, "resources", NULL);
    for (i = 0; i < res->nrows; i++) {
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
    if (!kp_portal_add_project(kr) || !kp_times_add_data(kr, NULL)) {
        return kp_unavailable(kr, "loading the working times");
    }
    return kp_page_send(kr, "portal-times", HTTP_OK);
}

static const char *csv_date(apr_pool_t *p, int german, const char *iso)
{
    return german ? kp_format_date(p, "de", iso) : iso;
}

/* times.csv: RFC 4180 rows, UTF-8 with a byte order mark (so spreadsheets read the umlauts);
 * the German UI gets ';' and decimal commas, the English one ',' and points. */
static int portal_times_csv(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    const char *month = month_param(kr, "");
    int german = strcmp(kr->lang, "en") != 0;
    char sep = german ? ';' : ',';
    kp_strbuf_t *out = kp_strbuf_make(p, 8192);
    kp_rows *rows;
    const char *head[7];
    int i;

    if (kp_select(kr->db, p, "times_entries", &rows, kr->project_id, kr->tenant_id, month, month)
            != APR_SUCCESS) {
        return kp_unavailable(kr, "exporting the working times");
    }
    head[0] = kp_i18n(kr->render, kr->lang, "times.date");
    head[1] = kp_i18n(kr->render, kr->lang, "times.from");
    head[2] = kp_i18n(kr->render, kr->lang, "times.to");
    head[3] = kp_i18n(kr->render, kr->lang, "times.hours");
    head[4] = kp_i18n(kr->render, kr->lang, "times.employee");
    head[5] = kp_i18n(kr->render, kr->lang, "times.activity");
    head[6] = kp_i18n(kr->render, kr->lang, "times.note");
    kp_strbuf_puts(out, "\xEF\xBB\xBF");
    kp_strbuf_puts(out, kp_csv_row(p, head, 7, sep));
    for (i = 0; i < rows->nrows; i++) {
        const char *f[7];
        long minutes = atol(kp_cell(rows, i, 4));
        f[0] = csv_date(p, german, kp_cell(rows, i, 1));
        f[1] = kp_cell(rows, i, 2);
        f[2] = kp_cell(rows, i, 3);
        f[3] = kp_csv_decimal(p, (minutes * 100 + 30) / 60, german);
        f[4] = kp_cell(rows, i, 5);
        f[5] = kp_cell(rows, i, 6);
        f[6] = kp_cell(rows, i, 7);
        kp_strbuf_puts(out, kp_csv_row(p, f, 7, sep));
    }
    return kp_send_file(kr, "text/csv; charset=utf-8",
                        *month ? apr_pstrcat(p, "arbeitszeiten-", month, ".csv", NULL) : "times.csv",
                        kp_strbuf_data(out), kp_strbuf_length(out));
}

static const kp_route times_portal_routes[] = {
    {"GET", "/projects/{id}/times", KP_CUSTOMER, KP_AREA_TIMES, portal_times, 0},
    {"GET", "/projects/{id}/times.csv", KP_CUSTOMER, KP_AREA_TIMES, portal_times_csv, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_times = {"times", times_statements, times_portal_routes, NULL};
