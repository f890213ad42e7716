/* mod_kp_planning.c: Planung: shifts as week view and list, the planning.ics download, the
 * calendar subscription behind a revocable per-account secret, and the staff's shift editor. */
#include "mod_kp_areas.h"
#include "kp_ics.h"
#include "kp_token.h"
#include "http_core.h"
#include "kp_text.h"

/* The calendar takes the times as MariaDB's plain text of a DATETIME: no DATE_FORMAT per row,
 * and no printf in the client, which a DATETIME column fetched as a string costs. */
#define ICS_SHIFT_COLUMNS \
    "p.id, CAST(p.starts_at AS CHAR), CAST(p.ends_at AS CHAR), COALESCE(e.name, ''), p.activity," \
    " p.note"
#define SHIFT_COLUMNS \
    "p.id, DATE_FORMAT(p.starts_at, '%%Y-%%m-%%d %%H:%%i'), DATE_FORMAT(p.ends_at, '%%Y-%%m-%%d %%H:%%i')," \
    " COALESCE(e.name, ''), p.activity, p.note"

/* The upcoming and past lists, a page at a time (SHIFT_PAGE, and one row more to know of a
 * next page) from the key of the link (kp_list_key: the start, column 6, and id of the last
 * shift shown) on. Each page is a range of ix_plan_project, named: MariaDB would rather read the
 * project's shifts from one end and filter, past every earlier page (60 ms instead of 0.2 ms on
 * page 270 of 75,000 shifts). The range starts near now: a shift lasts less than a day (the
 * editor and the import make none longer), so one that has not ended began after yesterday's
 * now, and one that has ended began before now; the upcoming list no longer reads every past
 * shift first (90 ms for 70,000). */
#define SHIFT_PAGE 100
#define SHIFT_PAGE_READ "101"
#define SHIFT_LIST_COLUMNS SHIFT_COLUMNS ", CAST(p.starts_at AS CHAR)"
#define SHIFT_LIST_FROM \
    " FROM plan_entry p FORCE INDEX (ix_plan_project) LEFT JOIN employee e ON e.id = p.employee_id" \
    " WHERE p.project_id = %s AND p.tenant_id = %s"

/* A page of the shifts still to come (arguments: now, then the link's start, start and id). */
#define UPCOMING_PAGE \
    " AND p.starts_at > CAST(%s AS DATETIME) - INTERVAL 1 DAY" \
    " AND (p.starts_at > %s OR (p.starts_at = %s AND p.id > %s))" \
    " ORDER BY p.starts_at, p.id LIMIT " SHIFT_PAGE_READ

/* The calendars' next page (kp_db_each_page): the shifts after the last one sent, by start
 * and id. */
#define SHIFTS_AFTER_KEY \
    " AND (p.starts_at > %s OR (p.starts_at = %s AND p.id > %s))" \
    " ORDER BY p.starts_at, p.id LIMIT " KP_EXPORT_PAGE_ROWS

/* A cancelled shift (sql/015_cancelled_shifts.sql) is shown while it would not have ended by
 * the company's clock (the argument): so it had not ended when it was cancelled either (the
 * trigger, judging by UTC, keeps some that had). */
#define CANCELLED_SHOWN " AND p.ends_at >= %s"
/* A project's cancelled shifts shown, with the time of their cancellation (UTC) last. */
#define CANCELLED_AT ", DATE_FORMAT(p.cancelled_at, '%%Y-%%m-%%d %%H:%%i')"
#define CANCELLED_OF_PROJECT \
    " LEFT JOIN employee e ON e.id = p.employee_id" \
    " WHERE p.project_id = %s AND p.tenant_id = %s" CANCELLED_SHOWN
#define CANCELLED_SHIFTS \
    "SELECT " SHIFT_COLUMNS CANCELLED_AT " FROM plan_entry_cancelled p" CANCELLED_OF_PROJECT
/* The shifts of the week from its Monday (the argument, twice). */
#define IN_WEEK " AND p.starts_at >= %s AND p.starts_at < CAST(%s AS DATE) + INTERVAL 7 DAY"

/* The calendars' shifts of a table, a page at a time, each with its revision (the calendar's
 * SEQUENCE, sql/017_shift_revision.sql): plan_entry with any: a last column
 * telling whether there are cancelled shifts to add after them (one lookup per page, so a
 * calendar without any needs no second statement), or plan_entry_cancelled with "" and
 * CANCELLED_SHOWN as shown. One project's (planning.ics; its index is named: MariaDB would
 * rather read the project's shifts from the first (ORDER BY .. LIMIT on the index's first
 * part) and filter, each page reading past all pages before it), or every project's of a
 * portal (the subscription: no index orders several projects' shifts, so each page sorts what
 * is left of the window, 90 days back on: cheap for the few thousand shifts a feed holds). */
#define SHIFTS_OF_PROJECT(table, index, any, shown) \
    "SELECT " ICS_SHIFT_COLUMNS ", pr.name, pr.address, p.revision" any " FROM " table " p" \
    " FORCE INDEX (" index ")" \
    " JOIN project pr ON pr.id = p.project_id LEFT JOIN employee e ON e.id = p.employee_id" \
    " WHERE p.project_id = %s AND p.tenant_id = %s" shown SHIFTS_AFTER_KEY
#define SHIFTS_OF_PORTAL(table, any, shown) \
    "SELECT " ICS_SHIFT_COLUMNS ", pr.name, pr.address, p.revision" any " FROM " table " p" \
    " JOIN project pr ON pr.id = p.project_id AND pr.tenant_id = p.tenant_id" \
    " JOIN portal po ON po.id = %s AND po.tenant_id = pr.tenant_id" \
    " AND (po.project_id = pr.id OR (po.customer_id IS NOT NULL AND po.customer_id = pr.customer_id))" \
    " LEFT JOIN employee e ON e.id = p.employee_id" \
    " WHERE p.tenant_id = %s AND p.starts_at > CAST(%s AS DATETIME) - INTERVAL 90 DAY" shown \
    SHIFTS_AFTER_KEY

static const kp_statement planning_statements[] = {
    /* The week of a day: Monday .. Sunday, the previous and the next Monday. Shifts are stored
     * as the company's wall-clock times, so "today" and "now" in these statements are the
     * company's (kp_company_now), not the database server's clock (NOW(), often UTC). */
    {"planning_week_days",
     "SELECT d, d + INTERVAL 1 DAY, d + INTERVAL 2 DAY, d + INTERVAL 3 DAY, d + INTERVAL 4 DAY,"
     " d + INTERVAL 5 DAY, d + INTERVAL 6 DAY, d - INTERVAL 7 DAY, d + INTERVAL 7 DAY"
     " FROM (SELECT x - INTERVAL WEEKDAY(x) DAY AS d FROM (SELECT CAST(%s AS DATE) AS x) a) b"},
    /* The week's shifts, and those cancelled with the time of their cancellation (UTC), by
     * start. */
    {"planning_week",
     "SELECT " SHIFT_COLUMNS ", NULL FROM plan_entry p LEFT JOIN employee e ON e.id = p.employee_id"
     " WHERE p.project_id = %s AND p.tenant_id = %s" IN_WEEK
     " UNION ALL " CANCELLED_SHIFTS IN_WEEK " ORDER BY 2, 1"},
    /* The cancelled shifts shown, by start, a page at a time as planning_upcoming (and its
     * range), the time of their cancellation last. */
    {"planning_cancelled",
     "SELECT " SHIFT_LIST_COLUMNS CANCELLED_AT
     " FROM plan_entry_cancelled p FORCE INDEX (ix_cancelled_project)" CANCELLED_OF_PROJECT
     UPCOMING_PAGE},
    {"planning_upcoming",
     "SELECT " SHIFT_LIST_COLUMNS SHIFT_LIST_FROM " AND p.ends_at >= %s"
     UPCOMING_PAGE},
    {"planning_past",
     "SELECT " SHIFT_LIST_COLUMNS SHIFT_LIST_FROM " AND p.ends_at < %s AND p.starts_at < %s"
     " AND (p.starts_at < %s OR (p.starts_at = %s AND p.id < %s))"
     " ORDER BY p.starts_at DESC, p.id DESC LIMIT " SHIFT_PAGE_READ},
    /* Arguments: the project and the company's clock (any), then as planning_all_cancelled. */
    {"planning_all",
     SHIFTS_OF_PROJECT("plan_entry", "ix_plan_project",
                       ", EXISTS (SELECT 1 FROM plan_entry_cancelled c WHERE c.project_id = %s"
                       " AND c.ends_at >= %s)", "")},
    /* The calendars' cancelled shifts (STATUS:CANCELLED). */
    {"planning_all_cancelled",
     SHIFTS_OF_PROJECT("plan_entry_cancelled", "ix_cancelled_project", "", CANCELLED_SHOWN)},
    {"planning_feed_account",
     "SELECT a.id, a.portal_id, a.display_name FROM portal_account a"
     " JOIN portal po ON po.id = a.portal_id AND po.tenant_id = a.tenant_id"
     " JOIN tenant t ON t.id = a.tenant_id"
     " WHERE a.calendar_secret = %s AND a.tenant_id = %s AND a.active = 1 AND" KP_PORTAL_LIVE("po", "t")
     " AND a.perm_planning = 1"},
    /* Arguments: the tenant and the company's clock (any: of the whole tenant, a superset),
     * then the portal, the tenant and the clock. */
    {"planning_feed",
     SHIFTS_OF_PORTAL("plan_entry",
                      ", EXISTS (SELECT 1 FROM plan_entry_cancelled c WHERE c.tenant_id = %s"
                      " AND c.ends_at >= %s)", "")},
    {"planning_feed_cancelled", SHIFTS_OF_PORTAL("plan_entry_cancelled", "", CANCELLED_SHOWN)},
    {"planning_has_secret",
     "SELECT calendar_secret IS NOT NULL FROM portal_account WHERE id = %s AND tenant_id = %s"},
    {"planning_set_secret",
     "UPDATE portal_account SET calendar_secret = %s, updated_at = UTC_TIMESTAMP()"
     " WHERE id = %s AND tenant_id = %s"},
    {"planning_clear_secret",
     "UPDATE portal_account SET calendar_secret = NULL, updated_at = UTC_TIMESTAMP()"
     " WHERE id = %s AND tenant_id = %s"},
    {"planning_one",
     "SELECT id, DATE(starts_at), DATE_FORMAT(starts_at, '%%H:%%i'), DATE_FORMAT(ends_at, '%%H:%%i'),"
     " COALESCE(employee_id, ''), activity, note FROM plan_entry"
     " WHERE id = %s AND project_id = %s AND tenant_id = %s"},
    /* Arguments: date, from, date, to, to, from: a "to" not after "from" ends the next day. */
    {"planning_insert",
     "INSERT INTO plan_entry (tenant_id, project_id, employee_id, starts_at, ends_at, activity, note,"
     " created_at, updated_at) VALUES (%s, %s,"
     " (SELECT e.id FROM employee e WHERE e.id = %s AND e.tenant_id = %s),"
     " CAST(CONCAT(%s, ' ', %s) AS DATETIME),"
     " CAST(CONCAT(%s, ' ', %s) AS DATETIME) + INTERVAL IF(%s <= %s, 1, 0) DAY,"
     " %s, %s, UTC_TIMESTAMP(), UTC_TIMESTAMP())"},
    {"planning_update",
     "UPDATE plan_entry SET employee_id = (SELECT e.id FROM employee e WHERE e.id = %s AND e.tenant_id = %s),"
     " starts_at = CAST(CONCAT(%s, ' ', %s) AS DATETIME),"
     " ends_at = CAST(CONCAT(%s, ' ', %s) AS DATETIME) + INTERVAL IF(%s <= %s, 1, 0) DAY,"
     " activity = %s, note = %s, updated_at = UTC_TIMESTAMP()"
     " WHERE id = %s AND project_id = %s AND tenant_id = %s"},
    /* What a shift was, for the log line of its deletion (ISO dates: read in either language),
     * and its day, whose week the page shows next. */
    {"planning_audit_text",
     "SELECT CONCAT_WS(', ', CONCAT(DATE_FORMAT(p.starts_at, '%%Y-%%m-%%d %%H:%%i'), '–',"
     " DATE_FORMAT(p.ends_at, '%%H:%%i')), e.name, NULLIF(p.activity, '')), DATE(p.starts_at)"
     " FROM plan_entry p LEFT JOIN employee e ON e.id = p.employee_id"
     " WHERE p.id = %s AND p.project_id = %s AND p.tenant_id = %s"},
    {"planning_delete", "DELETE FROM plan_entry WHERE id = %s AND project_id = %s AND tenant_id = %s"},
    {NULL, NULL}
};

static xmlNodePtr add_shift(xmlNodePtr parent, kp_rows *rows, int i)
{
    xmlNodePtr s = kp_xml_add(parent, "shift", NULL);
    kp_xml_attr(s, "id", kp_cell(rows, i, 0));
    kp_xml_attr(s, "start", kp_cell(rows, i, 1));
    kp_xml_attr(s, "end", kp_cell(rows, i, 2));
    kp_xml_add_given(s, "employee", kp_cell(rows, i, 3));
    kp_xml_add(s, "activity", kp_cell(rows, i, 4));
    kp_xml_add_given(s, "note", kp_cell(rows, i, 5));
    return s;
}

/* A shift of planning_week or planning_cancelled, with cancelled="when" (UTC) if column
 * cancelled_column has it. */
static void add_shift_maybe_cancelled(xmlNodePtr parent, kp_rows *rows, int i, int cancelled_column)
{
    xmlNodePtr s = add_shift(parent, rows, i);
    if (kp_cell(rows, i, cancelled_column)) {
        kp_xml_attr(s, "cancelled", kp_cell(rows, i, cancelled_column));
    }
}

/* <upcoming>, <past> or <cancelled> (name, also the link's parameter): a page of shifts from the
 * link's key on, or from before_all; more="KEY" when a page follows, paged="KEY" when this is not
 * the first (kp_list_page). cancelled_column: the column with the time of the cancellation, or 0
 * when the statement has none. */
static int add_shift_list(kp_req *kr, const char *name, const char *statement, const char *now,
                          const char *before_all_at, const char *before_all_id,
                          int cancelled_column)
{
    apr_pool_t *p = kr->r->pool;
    const char *at = before_all_at, *id = before_all_id;
    const char *from = kp_query_get(kr, name);
    kp_rows *rows;
    xmlNodePtr list;
    int i, n;

    if (!kp_list_key_parse(p, from, &at, &id)) {
        from = NULL;   /* a key the module did not make: the first page */
    }
    if (kp_select(kr->db, p, statement, &rows, kr->project_id, kr->tenant_id, now, now, at, at, id)
        != APR_SUCCESS) {
        return 0;
    }
    list = kp_xml_add(kr->root, name, NULL);
    n = kp_list_page(list, p, rows, SHIFT_PAGE, 6, from);
    for (i = 0; i < n; i++) {
        if (cancelled_column) {
            add_shift_maybe_cancelled(list, rows, i, cancelled_column);
        }
        else {
            add_shift(list, rows, i);
        }
    }
    return 1;
}

#define FIRST_AT "0000-00-00 00:00:00"
#define LAST_AT "9999-12-31 23:59:59"

/* <week monday prev next><day date><shift/>..</day>x7</week>, and a page of each list: the
 * cancelled shifts still to come, the upcoming and the past ones. */
static int planning_add_data(kp_req *kr, const char *week)
{
    apr_pool_t *p = kr->r->pool;
    const char *now = kp_company_now(kr);
    kp_rows *days, *shifts;
    xmlNodePtr w;
    int d, i;

    if (!kp_valid_date(week)) {
        week = apr_pstrndup(p, now, 10);   /* today's */
    }
    if (kp_select(kr->db, p, "planning_week_days", &days, week) != APR_SUCCESS
        || days->nrows != 1
        || kp_select(kr->db, p, "planning_week", &shifts, kr->project_id, kr->tenant_id,
                     kp_cell(days, 0, 0), kp_cell(days, 0, 0), kr->project_id, kr->tenant_id,
                     now, kp_cell(days, 0, 0), kp_cell(days, 0, 0)) != APR_SUCCESS) {
        return 0;
    }
    w = kp_xml_add(kr->root, "week", NULL);
    kp_xml_attr(w, "monday", kp_cell(days, 0, 0));
    kp_xml_attr(w, "prev", kp_cell(days, 0, 7));
    kp_xml_attr(w, "next", kp_cell(days, 0, 8));
    for (d = 0; d < 7; d++) {
        const char *date = kp_cell(days, 0, d);
        xmlNodePtr day = kp_xml_add(w, "day", NULL);
        kp_xml_attr(day, "date", date);
        kp_xml_attr(day, "wd", apr_itoa(p, d + 1));
        for (i = 0; i < shifts->nrows; i++) {
            if (!strncmp(kp_cell(shifts, i, 1), date, 10)) {
                add_shift_maybe_cancelled(day, shifts, i, 6);
            }
        }
    }
    /* the keys before every shift: zero dates too, and ids beyond any BIGINT UNSIGNED */
    return add_shift_list(kr, "cancelled", "planning_cancelled", now, FIRST_AT, "0", 7)
           && add_shift_list(kr, "upcoming", "planning_upcoming", now, FIRST_AT, "0", 0)
           && add_shift_list(kr, "past", "planning_past", now, LAST_AT, "18446744073709551616", 0);
}

static const char *feed_url(kp_req *kr, const char *token)
{
    const char *path = kp_url(kr, apr_pstrcat(kr->r->pool, "/calendar/", token, NULL));
    if (kr->dconf->base_url) {
        return apr_pstrcat(kr->r->pool, kr->dconf->base_url, path, NULL);
    }
    return ap_construct_url(kr->r->pool, path, kr->r);
}

static int planning_page(kp_req *kr, const char *new_token)
{
    kp_rows *secret;
    xmlNodePtr cal;
    kp_page_new(kr, "portal-planning");
    if (!kp_portal_add_project(kr) || !planning_add_data(kr, kp_query_get(kr, "week"))
        || kp_select(kr->db, kr->r->pool, "planning_has_secret", &secret,
                     kr->session->account_id, kr->tenant_id) != APR_SUCCESS) {
        return kp_unavailable(kr, "loading the planning");
    }
    cal = kp_xml_add(kr->root, "calendar", NULL);
    kp_xml_attr(cal, "active", secret->nrows && kp_cell(secret, 0, 0)[0] == '1' ? "1" : "0");
    if (new_token) {
        kp_xml_attr(cal, "url", feed_url(kr, new_token));
    }
    return kp_page_send(kr, "portal-planning", HTTP_OK);
}

static int portal_planning(kp_req *kr)
{
    return planning_page(kr, NULL);
}

/* planning.ics and the subscription feed: the calendar's head, then every shift of the
 * statement a page at a time, written on in pieces of about 16 KiB, none held whole. */
typedef struct ics_stream {
    kp_req *kr;
    kp_ics_t *ics;
    apr_pool_t *row_pool;   /* cleared for each shift */
    const char *uid_prefix, *uid_host;
    int started;
    int cancelled;          /* the rows are cancelled shifts */
    int any_cancelled;      /* the shifts' statement says there are some to add (-1: no row) */
} ics_stream;

/* Writes what the calendar holds, once there are at_least bytes; the headers go first. -1 once
 * the client is gone. */
static int ics_send(ics_stream *c, apr_size_t at_least)
{
    apr_size_t len;
    const char *text = kp_ics_take(c->ics, at_least, &len);
    if (!c->started) {
        kp_download_headers(c->kr, "text/calendar; charset=utf-8", "planning.ics");
        c->started = 1;
    }
    return text && ap_rwrite(text, (int)len, c->kr->r) < 0 ? -1 : 0;
}

static int ics_shift(void *baton, const char *const *cells, int ncols)
{
    ics_stream *c = baton;
    apr_pool_t *p = c->row_pool;
    const char *employee = cells[3], *activity = cells[4];
    kp_ics_event ev;

    apr_pool_clear(p);
    memset(&ev, 0, sizeof(ev));
    ev.uid = apr_pstrcat(p, c->uid_prefix, cells[0], c->uid_host, NULL);
    ev.start_local = cells[1];
    ev.end_local = cells[2];
    ev.summary = *employee ? apr_pstrcat(p, *activity ? activity : cells[6], " – ", employee, NULL)
                           : (*activity ? activity : cells[6]);
    ev.description = apr_pstrcat(p, cells[6], *cells[5] ? "\n" : "", cells[5], NULL);
    ev.location = *cells[7] ? cells[7] : NULL;
    ev.cancelled = c->cancelled;
    ev.sequence = strtoul(cells[8], NULL, 10);   /* sql/017_shift_revision.sql */
    if (ncols > 9 && cells[9]) {   /* the shifts' statement: column "any" */
        c->any_cancelled = cells[9][0] == '1';
    }
    kp_ics_add_event(c->ics, &ev);   /* a malformed row is left out, never the whole feed */
    return ics_send(c, 16384) < 0;
}

/* statement: the shifts (nargs args), then, where it says there are any (or has no row),
 * cancelled: the cancelled shifts shown (STATUS:CANCELLED, ncargs cargs). */
static int send_ics(kp_req *kr, const char *name, const char *statement, int nargs,
                    const char *const *args, const char *cancelled, int ncargs,
                    const char *const *cargs)
{
    /* the start as text (column 1) and the id (column 0) */
    static const int key_columns[] = {1, 0};
    static const char *const before_all[] = {"0000-00-00 00:00:00", "0"};   /* zero dates too */
    const kp_keyset shift_keys = {2, key_columns, before_all};
    apr_pool_t *p = kr->r->pool;
    ics_stream c = {kr, kp_ics_begin(p, name, apr_time_now(), kr->sconf->time_zone), NULL,
                    apr_pstrcat(p, "plan-", kr->tenant_id, "-", NULL),
                    apr_pstrcat(p, "@", kr->r->server->server_hostname
                                         ? kr->r->server->server_hostname : "kundenportal", NULL),
                    0, 0, -1};
    apr_status_t rv;
    apr_size_t len;
    const char *rest;

    if (kr->r->header_only) {
        ics_send(&c, (apr_size_t)-1);   /* HEAD: the headers alone */
        return OK;
    }
    apr_pool_create(&c.row_pool, p);
    rv = kp_db_each_page(kr->db, p, statement, nargs, args, &shift_keys, ics_shift, &c);
    if (rv == APR_SUCCESS && c.any_cancelled && !kr->r->connection->aborted) {
        c.cancelled = 1;
        rv = kp_db_each_page(kr->db, p, cancelled, ncargs, cargs, &shift_keys, ics_shift, &c);
    }
    if (rv != APR_SUCCESS) {
        if (!c.started) {
            return kp_unavailable(kr, "exporting the planning");
        }
        kp_db_log_failure(kr, "exporting the planning");
        kp_abort_response(kr);
        return OK;
    }
    if (ics_send(&c, 0) == 0) {
        rest = kp_ics_finish(c.ics, &len);
        ap_rwrite(rest, (int)len, kr->r);
    }
    return OK;
}

static int portal_planning_ics(kp_req *kr)
{
    const char *now = kp_company_now(kr);
    /* named after the project as the router read it */
    return send_ics(kr, kr->project.name,
                    "planning_all", 4, KP_ARGV(kr->project_id, now, kr->project_id, kr->tenant_id),
                    "planning_all_cancelled", 3, KP_ARGV(kr->project_id, kr->tenant_id, now));
}

/* GET /calendar/{token}: calendar apps cannot log in; the secret in the URL is the key. */
static int calendar_feed(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    kp_rows *account;
    const char *now;
    if (!kp_token_wellformed(kr->param[0], 43)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (kp_select(kr->db, p, "planning_feed_account", &account,
                  kp_token_hash_hex(p, kr->param[0]), kr->tenant_id) != APR_SUCCESS) {
        return kp_unavailable(kr, "looking up a calendar subscription");
    }
    if (account->nrows != 1) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, kr->r,
                      KPLOG(10400) "calendar feed with an unknown or revoked secret");
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    now = kp_company_now(kr);
    return send_ics(kr, kr->tenant.name,
                    "planning_feed", 5,
                    KP_ARGV(kr->tenant_id, now, kp_cell(account, 0, 1), kr->tenant_id, now),
                    "planning_feed_cancelled", 4,
                    KP_ARGV(kp_cell(account, 0, 1), kr->tenant_id, now, now));
}

/* A new secret replaces the old one (whose URL stops working); only its hash is stored, so
 * the URL is shown this once. */
static int calendar_renew(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    const char *token = kp_token_new(p, 32);
    if (kp_exec(kr->db, p, "planning_set_secret", NULL, kp_token_hash_hex(p, token),
                kr->session->account_id, kr->tenant_id) != APR_SUCCESS) {
        return kp_unavailable(kr, "storing a calendar secret");
    }
    kp_audit(kr, "portal.calendar_secret", "portal_account", kr->session->account_id, NULL);
    return planning_page(kr, token);
}

static int calendar_revoke(kp_req *kr)
{
    if (kp_exec(kr->db, kr->r->pool, "planning_clear_secret", NULL, kr->session->account_id,
                kr->tenant_id) != APR_SUCCESS) {
        return kp_unavailable(kr, "revoking a calendar secret");
    }
    kp_audit(kr, "portal.calendar_revoked", "portal_account", kr->session->account_id, NULL);
    return kp_redirect(kr, apr_pstrcat(kr->r->pool, "/projects/", kr->project_id, "/planning",
                                       NULL));
}


/* ---- staff: /admin/projects/{id}/planning ---- */

static const char *const shift_fields[] = {"date", "from", "to", "employee", "activity", "note", NULL};

typedef struct shift_input {
    const char *date, *from, *to, *employee, *activity, *note;
} shift_input;

/* week: a day of the week to show (the current one when it is not a date). */
static int staff_page(kp_req *kr, int status, const char *week,
                      xmlNodePtr (*fill)(kp_req *, void *), void *baton)
{
    kp_page_new(kr, "admin-planning");
    if (!kp_staff_project(kr)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (!planning_add_data(kr, week) || !kp_add_employees(kr)) {
        return kp_unavailable(kr, "loading the planning");
    }
    kp_import_notice(kr);
    if (fill) {
        fill(kr, baton);
    }
    return kp_page_send(kr, "admin-planning", status);
}

static xmlNodePtr fill_edit(kp_req *kr, void *baton)
{
    kp_rows *rows = baton;
    xmlNodePtr f = kp_form_node(kr, "shift", kp_cell(rows, 0, 0));
    int i;
    for (i = 0; shift_fields[i]; i++) {
        kp_form_value(f, shift_fields[i], kp_cell(rows, 0, i + 1));
    }
    return f;
}

static int staff_planning(kp_req *kr)
{
    const char *edit = kp_query_get(kr, "edit");
    kp_rows *rows;
    if (kp_valid_id(edit) && kp_valid_id(kr->param[0])
        && kp_select(kr->db, kr->r->pool, "planning_one", &rows, edit, kr->param[0], kr->tenant_id)
               == APR_SUCCESS && rows->nrows == 1) {
        return staff_page(kr, HTTP_OK, kp_query_get(kr, "week"), fill_edit, rows);
    }
    return staff_page(kr, HTTP_OK, kp_query_get(kr, "week"), NULL, NULL);
}

typedef struct shift_errors {
    const char *edit;
    const char *field[6];
} shift_errors;

static xmlNodePtr fill_errors(kp_req *kr, void *baton)
{
    shift_errors *e = baton;
    xmlNodePtr f = kp_form_node(kr, "shift", e->edit);
    int i;
    kp_form_keep(kr, f, shift_fields);
    for (i = 0; shift_fields[i]; i++) {
        if (e->field[i]) {
            kp_form_error(f, shift_fields[i], e->field[i]);
        }
    }
    return f;
}

/* Checks one shift; error keys land in err (indexed like shift_fields). 1 if valid. */
static int shift_valid(kp_req *kr, const shift_input *in, const char **err)
{
    int ok = 1;
    if (!kp_valid_date(in->date)) {
        err[0] = "staff.error.date";
        ok = 0;
    }
    if (!kp_valid_time(in->from)) {
        err[1] = "staff.error.time";
        ok = 0;
    }
    if (!kp_valid_time(in->to)) {
        err[2] = "staff.error.time";
        ok = 0;
    }
    if (ok && !kp_times_shown(kr, in->date, in->from, in->to, err)) {
        ok = 0;
    }
    if (in->employee && *in->employee && !kp_valid_id(in->employee)) {
        err[3] = "staff.error.employee";
        ok = 0;
    }
    if (!in->activity) {
        err[4] = "staff.error.too_long";
        ok = 0;
    }
    if (!in->note) {
        err[5] = "staff.error.too_long";
        ok = 0;
    }
    return ok;
}

static apr_status_t shift_store(kp_req *kr, apr_pool_t *p, const shift_input *in, const char *id)
{
    const char *emp = in->employee ? in->employee : "";
    if (id) {
        return kp_exec(kr->db, p, "planning_update", NULL, emp, kr->tenant_id, in->date, in->from,
                       in->date, in->to, in->to, in->from, in->activity, in->note, id,
                       kr->project_id, kr->tenant_id);
    }
    return kp_exec(kr->db, p, "planning_insert", NULL, kr->tenant_id, kr->project_id, emp,
                   kr->tenant_id, in->date, in->from, in->date, in->to, in->to, in->from,
                   in->activity, in->note);
}

static const char *back_to(kp_req *kr, const char *area)
{
    return apr_pstrcat(kr->r->pool, "/projects/", kr->project_id, "/", area, NULL);
}

/* The planning page after a save or delete: the week of the shift, with the page of each shift
 * list the admin was on (the form's address carries their keys, kept-lists in _areas.xsl), so
 * a shift edited from page 3 of the upcoming list returns there. Keys are passed on only when
 * well-formed, so nothing typed into the address reaches the Location header. */
static const char *back_to_week(kp_req *kr, const char *date)
{
    static const char *const lists[] = {"upcoming", "past", "cancelled"};
    const char *url = apr_pstrcat(kr->r->pool, back_to(kr, "planning"), "?week=", date, NULL);
    apr_size_t i;
    for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
        const char *key = kp_query_get(kr, lists[i]), *at, *id;
        if (kp_list_key_parse(kr->r->pool, key, &at, &id)) {
            url = apr_pstrcat(kr->r->pool, url, "&", lists[i], "=", key, NULL);
        }
    }
    return url;
}

/* POST /projects/{id}/planning (new) and /projects/{id}/planning/{entry} (edit). */
static int staff_save(kp_req *kr)
{
    const char *id = kr->nparam > 1 ? kr->param[1] : NULL;
    shift_input in;
    shift_errors e;
    kp_rows *rows;

    kp_page_new(kr, "admin-planning");
    if (!kp_staff_project(kr)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (id && (kp_select(kr->db, kr->r->pool, "planning_one", &rows, id, kr->project_id,
                         kr->tenant_id) != APR_SUCCESS || rows->nrows != 1)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    memset(&e, 0, sizeof(e));
    e.edit = id;
    in.date = kp_form_get(kr, "date");
    in.from = kp_form_get(kr, "from");
    in.to = kp_form_get(kr, "to");
    in.employee = kp_form_get(kr, "employee");
    in.activity = kp_text_or_empty_max(kr, "activity", 200);
    in.note = kp_text_or_empty_max(kr, "note", 2000);
    if (!shift_valid(kr, &in, e.field)) {
        /* the week of the date typed, else of the shift as stored: where the admin was */
        return staff_page(kr, HTTP_BAD_REQUEST,
                          kp_valid_date(in.date) ? in.date : id ? kp_cell(rows, 0, 1) : NULL,
                          fill_errors, &e);
    }
    if (shift_store(kr, kr->r->pool, &in, id) != APR_SUCCESS) {
        return kp_unavailable(kr, "storing a shift");
    }
    kp_audit(kr, id ? "admin.shift_changed" : "admin.shift_added", "project", kr->project_id, NULL);
    return kp_redirect(kr, back_to_week(kr, in.date));
}

static int staff_delete(kp_req *kr)
{
    int n = 0;
    kp_rows *shift;
    kp_page_new(kr, "admin-planning");
    if (!kp_staff_project(kr)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (kp_select(kr->db, kr->r->pool, "planning_audit_text", &shift, kr->param[1], kr->project_id,
                  kr->tenant_id) != APR_SUCCESS
        || kp_exec(kr->db, kr->r->pool, "planning_delete", &n, kr->param[1], kr->project_id,
                   kr->tenant_id) != APR_SUCCESS) {
        return kp_unavailable(kr, "deleting a shift");
    }
    if (n != 1 || shift->nrows != 1) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    kp_audit(kr, "admin.shift_deleted", "project", kr->project_id, kp_cell(shift, 0, 0));
    return kp_redirect(kr, back_to_week(kr, kp_cell(shift, 0, 1)));
}

static xmlNodePtr fill_import(kp_req *kr, void *baton)
{
    xmlNodePtr f = kp_form_node(kr, "import", NULL);
    kp_form_error(f, "file", baton);
    return f;
}

static int import_row(kp_req *kr, apr_pool_t *p, const char **f)
{
    shift_input in;
    const char *err[6] = {NULL};
    int failed;
    in.date = kp_import_date(p, f[0]);
    in.from = f[1];
    in.to = f[2];
    in.employee = kp_employee_by_name(kr, p, f[3], &failed);
    if (failed) {
        return -1;
    }
    in.activity = f[4];
    in.note = f[5];
    if (!in.employee || !shift_valid(kr, &in, err) || kp_utf8_length(in.activity) > 200
        || kp_utf8_length(in.note) > 2000) {
        return 0;
    }
    return shift_store(kr, p, &in, NULL) == APR_SUCCESS ? 1 : -1;
}

/* POST /projects/{id}/planning/import: Datum;Von;Bis;Mitarbeiter;Tätigkeit;Notiz. Every line
 * valid, or nothing stored; the first bad line is named. */
static int staff_import(kp_req *kr)
{
    const char *error;
    int stored, rv;
    kp_page_new(kr, "admin-planning");
    if (!kp_staff_project(kr)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    rv = kp_import_csv(kr, 6, import_row, &stored, &error);
    if (rv != OK) {
        return error ? staff_page(kr, rv, kp_query_get(kr, "week"), fill_import, (void *)error)
                     : kp_unavailable(kr, "importing shifts");
    }
    kp_audit(kr, "admin.shifts_imported", "project", kr->project_id, apr_itoa(kr->r->pool, stored));
    return kp_redirect(kr, kp_import_done_url(kr, back_to(kr, "planning"), stored));
}

static const kp_route planning_admin_routes[] = {
    {"GET", "/projects/{id}/planning", KP_ADMIN, KP_AREA_NONE, staff_planning, 0},
    {"POST", "/projects/{id}/planning", KP_ADMIN, KP_AREA_NONE, staff_save, 0},
    {"POST", "/projects/{id}/planning/import", KP_ADMIN, KP_AREA_NONE, staff_import, KP_ROUTE_MULTIPART},
    {"POST", "/projects/{id}/planning/{entry}", KP_ADMIN, KP_AREA_NONE, staff_save, 0},
    {"POST", "/projects/{id}/planning/{entry}/delete", KP_ADMIN, KP_AREA_NONE, staff_delete, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

static const kp_route planning_portal_routes[] = {
    {"GET", "/projects/{id}/planning", KP_CUSTOMER, KP_AREA_PLANNING, portal_planning, 0},
    {"GET", "/projects/{id}/planning.ics", KP_CUSTOMER, KP_AREA_PLANNING, portal_planning_ics, 0},
    {"POST", "/projects/{id}/planning/calendar", KP_CUSTOMER, KP_AREA_PLANNING, calendar_renew, 0},
    {"POST", "/projects/{id}/planning/calendar/revoke", KP_CUSTOMER, KP_AREA_PLANNING,
     calendar_revoke, 0},
    {"GET", "/calendar/{token}", KP_ANON, KP_AREA_NONE, calendar_feed, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_planning = {"planning", planning_statements, planning_portal_routes,
                                      planning_admin_routes};
