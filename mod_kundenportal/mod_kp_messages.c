/* mod_kp_messages.c: Nachrichten: the project chat for customers and staff, oldest to newest,
 * paged by id, unread marks per portal account and per admin, a double-submitted form stored
 * once, and the staff deleting a message (for good: a message posted by mistake, or one with
 * data that must go). */
#include "mod_kp_areas.h"
#include "kp_token.h"

#define PAGE_SIZE 50
#define BODY_MAX 5000

/* A page of messages, newest first, with the reader's read mark on every row (NULL: nothing
 * read yet): a portal account's (account_project_seen) or an admin's (admin_project_seen). */
#define MESSAGES_PAGE_COLUMNS \
    "SELECT id, author_kind, author_name, body, DATE_FORMAT(created_at, '%%Y-%%m-%%d %%H:%%i')," \
    " author_id"
#define MESSAGES_PAGE_ROWS \
    " FROM message WHERE project_id = %s AND tenant_id = %s AND (%s = '' OR id < %s)" \
    " ORDER BY id DESC LIMIT 51"
/* The read mark moves only forward. */
#define MARK_SEEN_VALUES \
    " VALUES (%s, %s, %s, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE" \
    " last_message_id = GREATEST(last_message_id, VALUES(last_message_id)), seen_at = UTC_TIMESTAMP()"

static const kp_statement messages_statements[] = {
    {"messages_page",
     MESSAGES_PAGE_COLUMNS ", (SELECT last_message_id FROM account_project_seen WHERE account_id = %s"
     " AND project_id = %s)" MESSAGES_PAGE_ROWS},
    {"messages_page_staff",
     MESSAGES_PAGE_COLUMNS ", (SELECT last_message_id FROM admin_project_seen WHERE admin_id = %s"
     " AND project_id = %s)" MESSAGES_PAGE_ROWS},
    {"messages_mark_seen",
     "INSERT INTO account_project_seen (account_id, project_id, last_message_id, seen_at)"
     MARK_SEEN_VALUES},
    {"messages_mark_seen_staff",
     "INSERT INTO admin_project_seen (admin_id, project_id, last_message_id, seen_at)"
     MARK_SEEN_VALUES},
    /* The unique (project_id, form_token) refuses a second submit of the same form, also when
     * both arrive at once: post_message takes that refusal as "already stored". */
    {"messages_insert",
     "INSERT INTO message (tenant_id, project_id, author_kind, author_id, author_name, body,"
     " form_token, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, UTC_TIMESTAMP())"},
    /* For the staff's project list: the newest customer message, right after its insert on
     * the same connection (LAST_INSERT_ID). */
    {"messages_note_customer",
     "UPDATE project SET last_customer_message_id = GREATEST(COALESCE(last_customer_message_id, 0),"
     " LAST_INSERT_ID()) WHERE id = %s AND tenant_id = %s"},
    /* What a deleted message was, for the audit trail: who wrote it and when (UTC), not what:
     * a message deleted for its content must not live on in the log. */
    {"messages_audit_text",
     "SELECT CONCAT(author_name, ', ', DATE_FORMAT(created_at, '%%Y-%%m-%%d %%H:%%i'), ' UTC')"
     " FROM message WHERE id = %s AND project_id = %s AND tenant_id = %s"},
    {"messages_delete", "DELETE FROM message WHERE id = %s AND project_id = %s AND tenant_id = %s"},
    /* After a delete: the staff's project list marks news by the newest customer message, which
     * may have been the one deleted (arguments: the project twice, the tenant). */
    {"messages_renote_customer",
     "UPDATE project SET last_customer_message_id = (SELECT m.id FROM message m"
     " WHERE m.project_id = %s AND m.author_kind = 'customer' ORDER BY m.id DESC LIMIT 1)"
     " WHERE id = %s AND tenant_id = %s"},
    {NULL, NULL}
};

/* kind: "customer" (portal) or "staff" (administration). */
static int chat_page(kp_req *kr, const char *kind, int status, const char *error,
                     const char *typed)
{
    apr_pool_t *p = kr->r->pool;
    const char *before = kp_query_get(kr, "before");
    int customer = !strcmp(kind, "customer");
    const char *seen = "0";
    kp_rows *rows;
    xmlNodePtr chat, form;
    int i, n;

    if (!kp_valid_id(before)) {
        before = "";
    }
    kp_page_new(kr, "messages");
    if (customer ? !kp_portal_add_project(kr) : !kp_staff_project(kr)) {
        return customer ? kp_unavailable(kr, "loading a project")
                        : kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (kp_select(kr->db, p, customer ? "messages_page" : "messages_page_staff", &rows,
                  kr->session->account_id, kr->project_id, kr->project_id, kr->tenant_id, before,
                  before) != APR_SUCCESS) {
        return kp_unavailable(kr, "loading messages");
    }
    if (rows->nrows && kp_cell(rows, 0, 6)) {
        seen = kp_cell(rows, 0, 6);
    }
    chat = kp_xml_add(kr->root, "chat", NULL);
    n = rows->nrows > PAGE_SIZE ? PAGE_SIZE : rows->nrows;
    if (rows->nrows > PAGE_SIZE) {
        kp_xml_attr(chat, "older", kp_cell(rows, PAGE_SIZE - 1, 0));
    }
    if (*before) {
        kp_xml_attr(chat, "paged", before);
    }
    for (i = n - 1; i >= 0; i--) {
        xmlNodePtr m = kp_xml_add(chat, "message", NULL);
        const char *author_kind = kp_cell(rows, i, 1);
        int own = !strcmp(author_kind, kind) && kp_cell(rows, i, 5)
                  && !strcmp(kp_cell(rows, i, 5), kr->session->account_id);
        kp_xml_attr(m, "id", kp_cell(rows, i, 0));
        kp_xml_attr(m, "kind", author_kind);
        kp_xml_attr(m, "date", kp_cell(rows, i, 4));
        /* own and unread are there only when true: the template tests them for each message,
         * and a test for an attribute is cheaper than comparing its value.
         * A customer sees what the staff (and other accounts) wrote; the staff what customers did */
        if (own) {
            kp_xml_attr(m, "own", "1");
        }
        else if ((customer || !strcmp(author_kind, "customer"))
                 && apr_atoi64(kp_cell(rows, i, 0)) > apr_atoi64(seen)) {
            kp_xml_attr(m, "unread", "1");
        }
        kp_xml_add(m, "author", kp_cell(rows, i, 2));
        kp_xml_add(m, "body", kp_cell(rows, i, 3));
    }
    form = kp_xml_add(kr->root, "form", NULL);
    kp_xml_attr(form, "token", kp_token_new(p, 32));
    kp_xml_attr(form, "max", apr_itoa(p, BODY_MAX));
    kp_xml_add(form, "body", typed ? typed : "");
    if (error) {
        kp_xml_attr(form, "error", error);
    }
    /* The read mark moves only forward: written when there is something newer than it. */
    if (!*before && n > 0 && apr_atoi64(kp_cell(rows, 0, 0)) > apr_atoi64(seen)
        && kp_exec(kr->db, p, customer ? "messages_mark_seen" : "messages_mark_seen_staff", NULL,
                   kr->session->account_id, kr->project_id, kp_cell(rows, 0, 0)) != APR_SUCCESS) {
        kp_db_log_failure(kr, "marking messages as read");
    }
    return kp_page_send(kr, "messages", status);
}

static int post_message(kp_req *kr, const char *kind)
{
    apr_pool_t *p = kr->r->pool;
    int too_long;
    const char *body = kp_field_text(kr, "body", BODY_MAX, &too_long);
    const char *token = kp_form_get(kr, "form_token");

    if (!body) {
        return chat_page(kr, kind, HTTP_BAD_REQUEST,
                         too_long ? "messages.error.too_long" : "messages.error.empty",
                         kp_form_get(kr, "body"));
    }
    if (!token || !kp_token_wellformed(token, 43)) {
        token = NULL;
    }
    if (kp_exec(kr->db, p, "messages_insert", NULL, kr->tenant_id, kr->project_id, kind,
                kr->session->account_id,
                kr->session->display_name ? kr->session->display_name : kr->session->username,
                body, token) != APR_SUCCESS) {
        if (!(token && kp_db_duplicate(kr->db))) {   /* else a second submit: stored already */
            /* the chat again with what was typed: nothing of it is lost */
            kp_db_log_failure(kr, "storing a message");
            apr_table_setn(kr->r->err_headers_out, "Retry-After", "30");
            return chat_page(kr, kind, HTTP_SERVICE_UNAVAILABLE, "messages.error.not_stored", body);
        }
    }
    /* A statement of its own, after the message: in one transaction with the insert (whose
     * foreign key share-locks the project row) two customers writing at once would deadlock
     * on the project row. Missed, it only leaves the staff's list without its mark. */
    else if (!strcmp(kind, "customer")
             && kp_exec(kr->db, p, "messages_note_customer", NULL, kr->project_id, kr->tenant_id)
                    != APR_SUCCESS) {
        kp_db_log_failure(kr, "noting a customer's message for the staff");
    }
    return kp_redirect(kr, apr_pstrcat(p, "/projects/", kr->project_id, "/messages#latest", NULL));
}

static int portal_messages(kp_req *kr)
{
    return chat_page(kr, "customer", HTTP_OK, NULL, NULL);
}

static int portal_post(kp_req *kr)
{
    return post_message(kr, "customer");
}

static int staff_messages(kp_req *kr)
{
    return chat_page(kr, "staff", HTTP_OK, NULL, NULL);
}

static int staff_post(kp_req *kr)
{
    kp_page_new(kr, "messages");
    if (!kp_staff_project(kr)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    return post_message(kr, "staff");
}

/* POST /projects/{id}/messages/{message}/delete: back to the page of the chat it was on. */
static int staff_delete(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    const char *before = kp_query_get(kr, "before");
    kp_rows *message;
    int n = 0;

    if (!kp_valid_id(before)) {
        before = NULL;
    }
    kp_page_new(kr, "messages");
    if (!kp_staff_project(kr) || !kp_valid_id(kr->param[1])) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (kp_select(kr->db, p, "messages_audit_text", &message, kr->param[1], kr->project_id,
                  kr->tenant_id) != APR_SUCCESS
        || kp_exec(kr->db, p, "messages_delete", &n, kr->param[1], kr->project_id, kr->tenant_id)
           != APR_SUCCESS) {
        return kp_unavailable(kr, "deleting a message");
    }
    if (n != 1 || message->nrows != 1) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    kp_audit(kr, "admin.message_deleted", "project", kr->project_id, kp_cell(message, 0, 0));
    if (kp_exec(kr->db, p, "messages_renote_customer", NULL, kr->project_id, kr->project_id,
                kr->tenant_id) != APR_SUCCESS) {
        kp_db_log_failure(kr, "noting the newest customer message after a delete");
    }
    return kp_redirect(kr, apr_pstrcat(p, "/projects/", kr->project_id, "/messages",
                                       before ? apr_pstrcat(p, "?before=", before, NULL) : "",
                                       NULL));
}

static const kp_route messages_portal_routes[] = {
    {"GET", "/projects/{id}/messages", KP_CUSTOMER, KP_AREA_MESSAGES, portal_messages, 0},
    {"POST", "/projects/{id}/messages", KP_CUSTOMER, KP_AREA_MESSAGES, portal_post, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

static const kp_route messages_admin_routes[] = {
    {"GET", "/projects/{id}/messages", KP_ADMIN, KP_AREA_NONE, staff_messages, 0},
    {"POST", "/projects/{id}/messages", KP_ADMIN, KP_AREA_NONE, staff_post, 0},
    {"POST", "/projects/{id}/messages/{message}/delete", KP_ADMIN, KP_AREA_NONE, staff_delete, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_messages = {"messages", messages_statements, messages_portal_routes,
                                      messages_admin_routes};
