/* mod_kp_areas.h: what the project areas (planning, times, documents, messages, requests) and
 * their staff pages share: the project header, downloads, input checks. */
#ifndef MOD_KP_AREAS_H
#define MOD_KP_AREAS_H

#include "mod_kp.h"
#include "kp_form.h"
#include "kp_strbuf.h"

/* mod_kp_portal.c: <project> of the authorized project, with the permitted areas; 0 on failure. */
int kp_portal_add_project(kp_req *kr);

/* Staff routes "/projects/{id}/...": the project must be the tenant's. Sets kr->project_id and
 * adds <project id=".."><name/><number/></project>; 0 if there is no such project. */
int kp_staff_project(kp_req *kr);

/* mod_kp_account.c: the logged-in person changes their own password ("current", "new",
 * "repeat" of the form): the current one checked under the login's throttle (a stolen session
 * must not become a way to guess it, and a lock here locks the login too), the rules, a new
 * one that differs, the repetition; then the hash stored and the person's other sessions
 * ended, in one transaction, and the change or a wrong current password in the audit log.
 * OK, or 400/429 with the errors set, 409 (err_current) when the password was changed by
 * someone else since it was read, or 500/503 (logged). */
typedef struct kp_password_change_t {
    const char *username, *stored_hash;
    const char *set_statement;   /* "UPDATE .. SET password_hash = %s WHERE id = %s AND tenant_id = %s
                                  * AND password_hash = %s" (the one checked) */
    const char *session_kind;    /* "portal" or "admin" */
    const char *object_type, *audit_changed, *audit_failed;
    const char *err_current, *err_new, *err_repeat;   /* message keys, NULL when fine */
} kp_password_change_t;
int kp_password_change(kp_req *kr, kp_password_change_t *c);

/* A start and end of a shift or working time ("HH:MM", checked, on the local date "YYYY-MM-DD";
 * an end at or before the start is the next day): the minutes that pass between them in the
 * company's zone (a change of its clocks counted); and whether the company's clocks show both:
 * 0 with the error of the one they skip in err[1] (from) or err[2] (to), as the shift and the
 * entry forms number their fields, since a calendar would show it an hour later. */
long kp_times_elapsed(kp_req *kr, const char *date, const char *from, const char *to);
int kp_times_shown(kp_req *kr, const char *date, const char *from, const char *to, const char **err);

/* The company's wall clock now, "YYYY-MM-DD HH:MM:SS" (KundenportalTimeZone): shifts and
 * working times are stored in it. */
const char *kp_company_now(kp_req *kr);

/* Logs a database failure and answers 503. */
int kp_unavailable(kp_req *kr, const char *what);
/* A scope check's lookup failed in the database: logged, and the "not found" its caller answers
 * becomes a 503 (kp_page_error). Returns 0, the scope check's "no". */
int kp_lookup_failed(kp_req *kr, const char *what);

/* Headers of a file response: security headers, type, attachment with an RFC 6266 filename*. */
void kp_download_headers(kp_req *kr, const char *type, const char *filename);

/* Ends a response whose body has begun as broken: the chunked encoding is not closed and the
 * connection is, so the client sees an incomplete download instead of a short one. */
void kp_abort_response(kp_req *kr);
/* A whole non-HTML body at once (ICS, CSV). */
int kp_send_file(kp_req *kr, const char *type, const char *filename, const char *body,
                 apr_size_t len);

/* A list paged by key (kp_list_key): of rows read with one more than a page, the number to
 * show; on the list's element more="KEY" (the id, column 0, and the time of at_column of the
 * last row shown) when a page follows, and paged="FROM" when this page is not the first (FROM:
 * the key it starts after, so links elsewhere on the page can keep the list where it is). */
int kp_list_page(xmlNodePtr list, apr_pool_t *p, const kp_rows *rows, int page, int at_column,
                 const char *from);

/* Input checks: trimmed text of at most max code points (NULL when empty or too long); dates,
 * times, ids and list keys are checked by kp_form.h. */
const char *kp_field_text(kp_req *kr, const char *name, apr_size_t max, int *too_long);
/* A trimmed optional text: "" when absent or empty, NULL when longer than max code points. */
const char *kp_text_or_empty_max(kp_req *kr, const char *name, apr_size_t max);
#define kp_text_or_empty(kr, name) kp_text_or_empty_max((kr), (name), 5000)

/* A multipart form read whole: its plain fields and at most one (non-empty) file, which is
 * either in memory (data) or, read with KP_UPLOAD_SPOOL, in a temporary file (spool) that is
 * deleted with the request, so a large upload never sits in memory. */
typedef struct kp_upload {
    apr_table_t *fields;
    int have_file;
    const char *field;
    const char *filename;
    const char *content_type;
    kp_strbuf_t *data;          /* in memory, or NULL when spooled */
    apr_file_t *spool;
    apr_off_t size;             /* bytes of the file */
} kp_upload;

#define KP_UPLOAD_IN_MEMORY 0
#define KP_UPLOAD_SPOOL 1

/* Reads the request's multipart body with a file of at most limit bytes: OK, or the status to
 * answer with (403 when the router left the CSRF check to the body and its first field is not
 * csrf with the session's token: answer with kp_csrf_refused; 413 over the limit, 415 not
 * multipart, 400 malformed, 503 when the temporary file cannot be written). Nothing is stored. */
int kp_read_upload(kp_req *kr, apr_off_t limit, int how, kp_upload **out);
const char *kp_upload_field(kp_upload *up, const char *name);

/* The file's content in order, in pieces of at most `piece` bytes (only the last one shorter);
 * stops at the first piece fn refuses (non-zero). APR_SUCCESS, or the error. */
typedef int (*kp_upload_piece_fn)(void *baton, const char *data, apr_size_t len);
apr_status_t kp_upload_pieces(kp_upload *up, apr_pool_t *p, apr_size_t piece,
                              kp_upload_piece_fn fn, void *baton);

/* Staff forms: <form name edit><v n="field">value</v><e n="field">error key</e></form>; the
 * templates' "field" template shows label, input, value and error from it. */
xmlNodePtr kp_form_node(kp_req *kr, const char *name, const char *edit_id);
void kp_form_value(xmlNodePtr form, const char *field, const char *value);
void kp_form_error(xmlNodePtr form, const char *field, const char *key);
/* Copies the listed fields of the request's form into the form node (what was typed). */
void kp_form_keep(kp_req *kr, xmlNodePtr form, const char *const *fields);

/* The tenant's employees as <employees><employee id active>name</employee></employees>. */
int kp_add_employees(kp_req *kr);

/* CSV import: "DD.MM.YYYY" or "YYYY-MM-DD" to ISO, NULL if neither; the separator of a file
 * (';' if its first line has one, else ','). */
const char *kp_import_date(apr_pool_t *p, const char *s);
/* CSV import of the multipart body's file (UTF-8, else, with no UTF-8 character in it, read as
 * Windows-1252; at most KP_IMPORT_LINES lines), all lines or none: for every line but a blank one (every field
 * empty) and a header (a first line of names: see import_header), row() gets ncols trimmed
 * fields ("" where the line is short) and stores it, returning 1, 0 for a bad line, -1 when
 * the database failed. Returns OK (committed, *stored set) or the status to answer with and
 * *error (NULL: database failure). */
#define KP_IMPORT_LINES 10000
typedef int (*kp_import_row_fn)(kp_req *kr, apr_pool_t *p, const char **fields);
int kp_import_csv(kp_req *kr, int ncols, kp_import_row_fn row, int *stored, const char **error);
/* After an import the page says how many lines were stored (?imported=N of the redirect):
 * the address to go to, and the page's side (an attribute imported on the page). */
const char *kp_import_done_url(kp_req *kr, const char *url, int stored);
void kp_import_notice(kp_req *kr);

/* An employee of the tenant by exact name: its id, "" for an empty name, NULL if unknown or
 * (*failed set) when the database failed. */
const char *kp_employee_by_name(kp_req *kr, apr_pool_t *p, const char *name, int *failed);
char kp_import_separator(const char *data, apr_size_t len);

#endif
