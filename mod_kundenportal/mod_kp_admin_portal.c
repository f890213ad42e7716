/* mod_kp_admin_portal.c: the "Kundenportal" section shared by project and customer pages:
 * accounts, the account editor, staged changes ("Übernehmen") kept per admin on the server,
 * and applying them with the page's "Daten speichern" in one transaction. */
#include "mod_kp_admin.h"
#include "kp_passpolicy.h"
#include "kp_text.h"
#include "kp_token.h"

#define ACCOUNT_COLUMNS "perm_documents, perm_times, perm_planning, perm_messages, perm_requests, active"
/* What an account's staged change may overwrite, as a hash (sql/018_draft_base_state.sql). */
#define ACCOUNT_STATE(t) \
    "SHA2(CONCAT_WS('|', " t ".display_name, " t ".perm_documents, " t ".perm_times, " \
    t ".perm_planning, " t ".perm_messages, " t ".perm_requests, " t ".active), 256)"
/* A staged change (d) whose account (a) someone else has changed since it was staged, to
 * something else than it holds. */
#define DRAFT_OVERTAKEN \
    "COALESCE(d.base_state <> " ACCOUNT_STATE("a") " AND " ACCOUNT_STATE("d") " <> " ACCOUNT_STATE("a") \
    ", 0)"

static const kp_statement portal_admin_statements[] = {
    {"adm_portal_of_project",
     "SELECT id, version, info_text, enabled FROM portal WHERE project_id = %s AND tenant_id = %s"},
    {"adm_portal_of_customer",
     "SELECT id, version, info_text, enabled FROM portal WHERE customer_id = %s AND tenant_id = %s"},
    {"adm_portal_accounts",
     "SELECT id, username, display_name, " ACCOUNT_COLUMNS ", last_login_at, password_hash IS NULL"
     " FROM portal_account WHERE portal_id = %s AND tenant_id = %s ORDER BY username, id"},
    {"adm_portal_account",
     "SELECT id, username, display_name, " ACCOUNT_COLUMNS ", " ACCOUNT_STATE("portal_account")
     " FROM portal_account WHERE id = %s AND portal_id = %s AND tenant_id = %s"},
    {"adm_portal_drafts",
     "SELECT d.id, d.account_id, d.username, d.display_name, d.perm_documents, d.perm_times,"
     " d.perm_planning, d.perm_messages, d.perm_requests, d.active, d.password_hash IS NOT NULL,"
     " d.base_version, a.active, " DRAFT_OVERTAKEN ", " ACCOUNT_STATE("a")
     " FROM portal_draft d LEFT JOIN portal_account a ON a.id = d.account_id"
     " WHERE d.portal_id = %s AND d.admin_user_id = %s AND d.tenant_id = %s ORDER BY d.id"},
    {"adm_username_taken",
     "SELECT COUNT(*) FROM portal_account WHERE tenant_id = %s AND username = %s"},
    {"adm_username_staged_elsewhere",
     "SELECT COUNT(*) FROM portal_draft WHERE tenant_id = %s AND admin_user_id = %s"
     " AND username = %s AND account_id IS NULL AND portal_id <> %s"},
    {"adm_draft_upsert",
     "INSERT INTO portal_draft (tenant_id, portal_id, admin_user_id, account_id, username,"
     " display_name, password_hash, " ACCOUNT_COLUMNS ", base_version, base_state, created_at,"
     " updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
     " COALESCE(%s, (SELECT " ACCOUNT_STATE("a") " FROM portal_account a WHERE a.id = %s AND a.tenant_id = %s)),"
     " UTC_TIMESTAMP(), UTC_TIMESTAMP())"
     " ON DUPLICATE KEY UPDATE display_name = VALUES(display_name),"
     " password_hash = COALESCE(VALUES(password_hash), password_hash),"
     " perm_documents = VALUES(perm_documents), perm_times = VALUES(perm_times),"
     " perm_planning = VALUES(perm_planning), perm_messages = VALUES(perm_messages),"
     " perm_requests = VALUES(perm_requests), active = VALUES(active),"
     " base_version = VALUES(base_version), base_state = VALUES(base_state),"
     " updated_at = UTC_TIMESTAMP()"},
    /* A staged new account edited with its pencil: replaced in place, its password kept
     * unless a new one was typed. */
    {"adm_draft_new_get",
     "SELECT id FROM portal_draft WHERE id = %s AND portal_id = %s AND admin_user_id = %s"
     " AND tenant_id = %s AND account_id IS NULL"},
    {"adm_username_staged_other",
     "SELECT COUNT(*) FROM portal_draft WHERE tenant_id = %s AND admin_user_id = %s"
     " AND username = %s AND account_id IS NULL AND (portal_id <> %s OR id <> %s)"},
    {"adm_draft_replace",
     "UPDATE portal_draft SET username = %s, display_name = %s,"
     " password_hash = COALESCE(%s, password_hash), perm_documents = %s, perm_times = %s,"
     " perm_planning = %s, perm_messages = %s, perm_requests = %s, active = %s,"
     " base_version = %s, updated_at = UTC_TIMESTAMP()"
     " WHERE id = %s AND portal_id = %s AND admin_user_id = %s AND tenant_id = %s AND account_id IS NULL"},
    {"adm_draft_delete",
     "DELETE FROM portal_draft WHERE id = %s AND portal_id = %s AND admin_user_id = %s AND tenant_id = %s"},
    {"adm_draft_delete_all",
     "DELETE FROM portal_draft WHERE portal_id = %s AND admin_user_id = %s AND tenant_id = %s"},
    {"adm_drafts_taken",
     "SELECT d.username FROM portal_draft d JOIN portal_account a"
     " ON a.tenant_id = d.tenant_id AND a.username = d.username"
     " WHERE d.portal_id = %s AND d.admin_user_id = %s AND d.tenant_id = %s AND d.account_id IS NULL"},
    /* The accounts the staged changes concern, locked before their sessions are deleted (as a
     * password change updates the account first): a login of one of them, which reads the
     * account with a shared lock and then inserts its session, waits instead of deadlocking. */
    /* ... and whether someone else has changed each since its change was staged (a locking
     * read: the newest state, not the transaction's first snapshot). */
    {"adm_drafts_lock_accounts",
     "SELECT a.id, " DRAFT_OVERTAKEN " FROM portal_draft d JOIN portal_account a ON a.id = d.account_id"
     " WHERE d.portal_id = %s AND d.admin_user_id = %s AND d.tenant_id = %s"
     " AND d.account_id IS NOT NULL FOR UPDATE"},
    {"adm_drafts_apply_new",
     "INSERT INTO portal_account (tenant_id, portal_id, username, password_hash, display_name, "
     ACCOUNT_COLUMNS ", created_at, updated_at)"
     " SELECT tenant_id, portal_id, username, password_hash, display_name, " ACCOUNT_COLUMNS ","
     " UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM portal_draft"
     " WHERE portal_id = %s AND admin_user_id = %s AND tenant_id = %s AND account_id IS NULL ORDER BY id"},
    /* The accounts made of this admin's staged new ones, before the drafts go: the draft's
     * columns as adm_portal_drafts has them, the new account's id second. */
    {"adm_drafts_created",
     "SELECT d.id, a.id, d.username, d.display_name, d.perm_documents, d.perm_times,"
     " d.perm_planning, d.perm_messages, d.perm_requests, d.active, d.password_hash IS NOT NULL"
     " FROM portal_draft d JOIN portal_account a ON a.tenant_id = d.tenant_id"
     " AND a.portal_id = d.portal_id AND a.username = d.username"
     " WHERE d.portal_id = %s AND d.admin_user_id = %s AND d.tenant_id = %s AND d.account_id IS NULL"
     " ORDER BY d.id"},
    {"adm_drafts_apply_changed",
     "UPDATE portal_account a JOIN portal_draft d ON d.account_id = a.id AND d.portal_id = a.portal_id"
     " SET a.display_name = d.display_name, a.password_hash = COALESCE(d.password_hash, a.password_hash),"
     " a.perm_documents = d.perm_documents, a.perm_times = d.perm_times,"
     " a.perm_planning = d.perm_planning, a.perm_messages = d.perm_messages,"
     " a.perm_requests = d.perm_requests, a.active = d.active, a.updated_at = UTC_TIMESTAMP()"
     " WHERE d.portal_id = %s AND d.admin_user_id = %s AND d.tenant_id = %s"},
    {"adm_portal_update",
     "UPDATE portal SET enabled = %s, info_text = %s, version = version + 1, updated_at = UTC_TIMESTAMP()"
     " WHERE id = %s AND tenant_id = %s AND version = %s"},
    {"adm_portal_insert",
     "INSERT INTO portal (tenant_id, project_id, customer_id, enabled, info_text, link_token,"
     " created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, UTC_TIMESTAMP(), UTC_TIMESTAMP())"},
    {"adm_tenant_first_activation",
     "UPDATE tenant SET portal_first_activated_at = UTC_TIMESTAMP()"
     " WHERE id = %s AND portal_first_activated_at IS NULL"},
    {"adm_portal_active_accounts",
     "SELECT COUNT(*) FROM portal_account WHERE portal_id = %s AND tenant_id = %s AND active = 1"},
    {"adm_portal_end_sessions",
     KP_ADMIN_END_PORTAL_SESSIONS("", " a.portal_id = %s AND s.tenant_id = %s")},
    {NULL, NULL}
};

const char *const kp_admin_perm_fields[KP_NPERM] = {
    "perm_documents", "perm_times", "perm_planning", "perm_messages", "perm_requests"
};

static const char *admin_id(kp_req *kr)
{
    return kr->session->account_id;
}

const char *kp_admin_new_link_token(kp_req *kr)
{
    return kp_token_new(kr->r->pool, 32);
}

apr_status_t kp_admin_portal_find(kp_req *kr, kp_owner owner, const char *owner_id,
                                  kp_portal_ref *out)
{
    kp_rows *rows;
    memset(out, 0, sizeof(*out));
    if (kp_select(kr->db, kr->r->pool,
                  owner == KP_OWNER_PROJECT ? "adm_portal_of_project" : "adm_portal_of_customer",
                  &rows, owner_id, kr->tenant_id) != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    if (rows->nrows == 1) {
        out->id = kp_cell(rows, 0, 0);
        out->version = kp_cell(rows, 0, 1);
        out->info = kp_cell(rows, 0, 2);
        out->enabled = kp_cell(rows, 0, 3)[0] == '1';
    }
    return APR_SUCCESS;
}

/* <account> attributes from columns: display name, 5 permissions, active. */
static xmlNodePtr account_xml(xmlNodePtr list, const kp_rows *rows, int i, int name_col)
{
    xmlNodePtr a = kp_xml_add(list, "account", NULL);
    int p;
    kp_xml_add(a, "name", kp_cell(rows, i, name_col));
    for (p = 0; p < KP_NPERM; p++) {
        kp_xml_attr(a, kp_admin_perm_fields[p], kp_cell(rows, i, name_col + 1 + p));
    }
    kp_xml_attr(a, "active", kp_cell(rows, i, name_col + 1 + KP_NPERM));
    return a;
}

/* Username, display name, the five permissions and active from consecutive columns of a row. */
static void editor_from_row(kp_formstate *fs, const kp_rows *rows, int i, int username_col)
{
    int p;
    kp_fs_set(fs, "username", kp_cell(rows, i, username_col));
    kp_fs_set(fs, "display_name", kp_cell(rows, i, username_col + 1));
    for (p = 0; p < KP_NPERM; p++) {
        kp_fs_set(fs, kp_admin_perm_fields[p], kp_cell(rows, i, username_col + 2 + p));
    }
    kp_fs_set(fs, "active", kp_cell(rows, i, username_col + 2 + KP_NPERM));
}

apr_status_t kp_admin_portal_editor(kp_req *kr, const kp_portal_ref *portal, const kp_rows *drafts,
                                    const char *edit, const char *draft, kp_formstate **out)
{
    kp_formstate *fs;
    kp_rows *rows;
    int i;

    *out = NULL;
    if (draft && apr_isdigit(draft[0])) {   /* a staged new account (no account id) */
        for (i = 0; i < drafts->nrows; i++) {
            if (!kp_cell(drafts, i, 1) && !strcmp(kp_cell(drafts, i, 0), draft)) {
                *out = fs = kp_fs_new(kr);
                kp_fs_set(fs, "draft_id", draft);
                editor_from_row(fs, drafts, i, 2);
                break;
            }
        }
        return APR_SUCCESS;
    }
    if (!edit || !apr_isdigit(edit[0])) {
        return APR_SUCCESS;
    }
    fs = kp_fs_new(kr);
    kp_fs_set(fs, "acct_id", edit);
    /* The account as the editor opens on it (acct_state): its change, staged, is checked
     * against what the account is when saved, so that a change made elsewhere meanwhile is
     * not undone unseen. */
    for (i = 0; i < drafts->nrows; i++) {   /* its staged change, if any */
        if (kp_cell(drafts, i, 1) && !strcmp(kp_cell(drafts, i, 1), edit)) {
            editor_from_row(fs, drafts, i, 2);
            kp_fs_set(fs, "acct_state", kp_cell(drafts, i, 14));
            if (kp_cell(drafts, i, 13)[0] == '1') {   /* staged again, it overwrites that */
                fs->alert = "error.staged_overtaken_open";
            }
            *out = fs;
            return APR_SUCCESS;
        }
    }
    if (kp_select(kr->db, kr->r->pool, "adm_portal_account", &rows, edit, portal->id,
                  kr->tenant_id) != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    if (rows->nrows == 1) {
        editor_from_row(fs, rows, 0, 1);
        kp_fs_set(fs, "acct_state", kp_cell(rows, 0, 9));
        *out = fs;
    }
    return APR_SUCCESS;
}

/* The account editor's <form id="acct">, open when it shows something. */
static void editor_xml(xmlNodePtr portal_node, const kp_formstate *acct)
{
    xmlNodePtr form = kp_fs_xml(portal_node, "acct", acct);
    if (acct) {
        kp_xml_attr(form, "open", "1");
    }
}

apr_status_t kp_admin_portal_xml(kp_req *kr, xmlNodePtr parent, const kp_portal_ref *portal,
                                 const kp_formstate *acct)
{
    apr_pool_t *p = kr->r->pool;
    kp_rows *accounts, *drafts;
    xmlNodePtr node, list, staged;
    int i, j;

    node = kp_xml_add(parent, "portal", NULL);
    kp_xml_attr(node, "enabled", kp_admin_flag(portal->enabled));
    if (!portal->id) {   /* shown when "Kundenportal aktivieren" is ticked: the editor makes it */
        kp_xml_attr(node, "exists", "0");
        editor_xml(node, acct);
        return APR_SUCCESS;
    }
    kp_xml_attr(node, "exists", "1");
    kp_xml_attr(node, "id", portal->id);
    kp_xml_attr(node, "version", portal->version);
    if (kp_select(kr->db, p, "adm_portal_accounts", &accounts, portal->id, kr->tenant_id)
            != APR_SUCCESS
        || kp_select(kr->db, p, "adm_portal_drafts", &drafts, portal->id, admin_id(kr),
                     kr->tenant_id) != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    list = kp_xml_add(node, "accounts", NULL);
    for (i = 0; i < accounts->nrows; i++) {
        xmlNodePtr a = account_xml(list, accounts, i, 2);
        kp_xml_attr(a, "id", kp_cell(accounts, i, 0));
        kp_xml_attr(a, "username", kp_cell(accounts, i, 1));
        kp_xml_attr(a, "last-login", kp_cell(accounts, i, 9));
        kp_xml_attr(a, "no-password", kp_cell(accounts, i, 10));
        for (j = 0; j < drafts->nrows; j++) {
            if (kp_cell(drafts, j, 1) && !strcmp(kp_cell(drafts, j, 1), kp_cell(accounts, i, 0))) {
                kp_xml_attr(a, "staged", "1");
            }
        }
    }
    /* Staged changes: what "Daten speichern" will apply, marked as not yet saved. */
    staged = kp_xml_add(node, "staged", NULL);
    for (i = 0; i < drafts->nrows; i++) {
        xmlNodePtr d = account_xml(staged, drafts, i, 3);
        kp_xml_attr(d, "draft", kp_cell(drafts, i, 0));
        kp_xml_attr(d, "username", kp_cell(drafts, i, 2));
        kp_xml_attr(d, "kind", kp_cell(drafts, i, 1) ? "change" : "new");
        kp_xml_attr(d, "new-password", kp_cell(drafts, i, 10));
        if (kp_cell(drafts, i, 1)) {
            kp_xml_attr(d, "account", kp_cell(drafts, i, 1));
        }
        /* Staged on an older state of the page: someone saved since. */
        if (strcmp(kp_cell(drafts, i, 11), portal->version) != 0) {
            kp_xml_attr(d, "stale", "1");
        }
        /* Its account changed since by someone else: the save refuses it until staged again. */
        if (kp_cell(drafts, i, 13)[0] == '1') {
            kp_xml_attr(d, "overtaken", "1");
        }
    }
    editor_xml(node, acct);
    return APR_SUCCESS;
}

static int count_of(kp_rows *rows)
{
    return rows->nrows == 1 && kp_cell(rows, 0, 0) ? atoi(kp_cell(rows, 0, 0)) : 0;
}

/* Validates the editor's username (new accounts, staged or not yet) or loads the account
 * (changes). draft_id: the staged new account being edited (replace_draft finds out whether it
 * is still there). */
static int stage_identity(kp_req *kr, const kp_portal_ref *portal, kp_formstate *fs,
                          const char *acct_id, const char *draft_id, const char **username)
{
    apr_pool_t *p = kr->r->pool;
    kp_rows *rows;
    if (acct_id) {
        if (kp_select(kr->db, p, "adm_portal_account", &rows, acct_id, portal->id, kr->tenant_id)
            != APR_SUCCESS) {
            return HTTP_SERVICE_UNAVAILABLE;
        }
        if (rows->nrows != 1) {
            return HTTP_NOT_FOUND;
        }
        *username = kp_cell(rows, 0, 1);
        kp_fs_set(fs, "username", *username);
        return OK;
    }
    *username = kp_admin_text(kr, fs, "username", 1, 100);
    if (**username && !kp_admin_username_ok(*username)) {
        kp_fs_error(fs, "username", "error.username_chars");
    }
    if (kp_fs_get(fs, "username") && !apr_table_get(fs->errors, "username")) {
        kp_rows *staged;
        /* A staged entry of the same name on this portal is replaced by a new one; while editing
         * a staged entry, any other staged entry of that name counts as taken. */
        if (kp_select(kr->db, p, "adm_username_taken", &rows, kr->tenant_id, *username) != APR_SUCCESS
            || (draft_id
                ? kp_select(kr->db, p, "adm_username_staged_other", &staged, kr->tenant_id,
                            admin_id(kr), *username, portal->id, draft_id)
                : kp_select(kr->db, p, "adm_username_staged_elsewhere", &staged, kr->tenant_id,
                            admin_id(kr), *username, portal->id)) != APR_SUCCESS) {
            return HTTP_SERVICE_UNAVAILABLE;
        }
        if (count_of(rows) || count_of(staged)) {
            kp_fs_error(fs, "username", "error.username_taken");
        }
    }
    return OK;
}

/* "Übernehmen" for a staged new account opened with its pencil: the entry is replaced in place.
 * values: username, name, hash (NULL: keep), 5 permissions, active, base version.
 * HTTP_NOT_FOUND when the entry was removed or saved meanwhile (another tab). */
static int replace_draft(kp_req *kr, const kp_portal_ref *portal, kp_formstate *fs,
                         const char *draft_id, const char *const *values)
{
    const char *args[14];
    kp_rows *still;
    int i, affected = 0;
    for (i = 0; i < 10; i++) {
        args[i] = values[i];
    }
    args[10] = draft_id;
    args[11] = portal->id;
    args[12] = admin_id(kr);
    args[13] = kr->tenant_id;
    if (kp_db_exec(kr->db, kr->r->pool, "adm_draft_replace", &affected, 14, args) != APR_SUCCESS) {
        if (kp_db_duplicate(kr->db)) {   /* the same name staged meanwhile, in another tab */
            kp_fs_error(fs, "username", "error.username_taken");
            return HTTP_BAD_REQUEST;
        }
        kp_db_log_failure(kr, "replacing a staged account");
        return HTTP_SERVICE_UNAVAILABLE;
    }
    if (affected == 0) {   /* gone (removed or saved meanwhile), or staged again unchanged */
        if (kp_select(kr->db, kr->r->pool, "adm_draft_new_get", &still, draft_id, portal->id,
                      admin_id(kr), kr->tenant_id) != APR_SUCCESS) {
            kp_db_log_failure(kr, "replacing a staged account");
            return HTTP_SERVICE_UNAVAILABLE;
        }
        return still->nrows == 1 ? OK : HTTP_NOT_FOUND;
    }
    return OK;
}

int kp_admin_portal_stage(kp_req *kr, const kp_portal_ref *portal, kp_formstate **acct)
{
    apr_pool_t *p = kr->r->pool;
    kp_formstate *fs = kp_fs_new(kr);
    const char *acct_id = kp_form_get(kr, "acct_id");
    const char *draft_id = kp_form_get(kr, "draft_id");
    const char *password = kp_form_get(kr, "password");
    const char *username, *name, *hash = NULL;
    const char *state = kp_form_get(kr, "acct_state");
    const char *args[17];
    int i, rv;

    *acct = fs;
    if (acct_id && !apr_isdigit(acct_id[0])) {
        acct_id = NULL;
    }
    if (acct_id || (draft_id && !apr_isdigit(draft_id[0]))) {
        draft_id = NULL;   /* an account's change, or a new entry */
    }
    if (acct_id) {
        kp_fs_set(fs, "acct_id", acct_id);
    }
    if (!acct_id || !kp_token_wellformed(state, 64)) {
        state = NULL;   /* a new account, or a form from before: the account as it is now */
    }
    kp_fs_set(fs, "acct_state", state);
    if (draft_id) {
        kp_fs_set(fs, "draft_id", draft_id);
    }
    if ((rv = stage_identity(kr, portal, fs, acct_id, draft_id, &username)) != OK) {
        return rv;
    }
    name = kp_admin_text(kr, fs, "display_name", 1, 200);
    for (i = 0; i < KP_NPERM; i++) {
        kp_fs_set(fs, kp_admin_perm_fields[i], kp_admin_flag(kp_admin_checkbox(kr, kp_admin_perm_fields[i])));
    }
    kp_fs_set(fs, "active", kp_admin_flag(!acct_id || kp_admin_checkbox(kr, "active")));
    if (password && *password) {
        kp_password_problem problem = kp_password_check(password, username);
        if (problem != KP_PASSWORD_OK) {
            kp_fs_error(fs, "password", kp_password_problem_key(problem));
        }
    }
    if (kp_fs_has_errors(fs)) {
        return HTTP_BAD_REQUEST;
    }
    if (password && *password) {
        if (!(hash = kp_hash_new_password(kr, password))) {
            return HTTP_SERVICE_UNAVAILABLE;
        }
    }
    args[0] = kr->tenant_id;
    args[1] = portal->id;
    args[2] = admin_id(kr);
    args[3] = acct_id;
    args[4] = username;
    args[5] = name;
    args[6] = hash;
    for (i = 0; i < KP_NPERM; i++) {
        args[7 + i] = kp_fs_get(fs, kp_admin_perm_fields[i]);
    }
    args[12] = kp_fs_get(fs, "active");
    args[13] = portal->version;
    args[14] = state;     /* what the account was, for the save to see whether it changed */
    args[15] = acct_id;
    args[16] = kr->tenant_id;
    if (draft_id) {
        return replace_draft(kr, portal, fs, draft_id, args + 4);
    }
    if (kp_db_exec(kr->db, p, "adm_draft_upsert", NULL, 17, args) != APR_SUCCESS) {
        kp_db_log_failure(kr, "staging an account");
        return HTTP_SERVICE_UNAVAILABLE;
    }
    return OK;
}

apr_status_t kp_admin_portal_discard(kp_req *kr, const char *portal_id, const char *draft_id)
{
    if (draft_id) {
        return kp_exec(kr->db, kr->r->pool, "adm_draft_delete", NULL, draft_id, portal_id,
                       admin_id(kr), kr->tenant_id);
    }
    return kp_exec(kr->db, kr->r->pool, "adm_draft_delete_all", NULL, portal_id, admin_id(kr),
                   kr->tenant_id);
}

/* "username: planning+messages, inactive, new password" for the audit log (never a secret). */
static const char *audit_detail(kp_req *kr, const kp_rows *d, int i)
{
    static const char *const names[KP_NPERM] = {"documents", "times", "planning", "messages", "requests"};
    const char *perms = "";
    int p;
    for (p = 0; p < KP_NPERM; p++) {
        if (kp_cell(d, i, 4 + p)[0] == '1') {
            perms = apr_pstrcat(kr->r->pool, perms, *perms ? "+" : "", names[p], NULL);
        }
    }
    return apr_pstrcat(kr->r->pool, kp_cell(d, i, 2), ": ", *perms ? perms : "no areas",
                       kp_cell(d, i, 9)[0] == '0' ? ", inactive" : "",
                       kp_cell(d, i, 10)[0] == '1' ? ", new password" : "", NULL);
}

/* Audit lines, the end of sessions, invitations and calendar feeds (kp_portal_access_revoke)
 * and of login locks for the staged changes, before they are applied: KP_SAVE_OK, or
 * KP_SAVE_OVERTAKEN (nothing done) when someone else changed an account since its change was
 * staged. */
static int account_effects(kp_req *kr, const kp_portal_ref *portal)
{
    kp_rows *d, *locked;
    int i;
    if (kp_select(kr->db, kr->r->pool, "adm_drafts_lock_accounts", &locked, portal->id,
                  admin_id(kr), kr->tenant_id) != APR_SUCCESS
        || kp_select(kr->db, kr->r->pool, "adm_portal_drafts", &d, portal->id, admin_id(kr),
                     kr->tenant_id) != APR_SUCCESS) {
        return KP_SAVE_FAILED;
    }
    for (i = 0; i < locked->nrows; i++) {
        if (kp_cell(locked, i, 1)[0] == '1') {
            return KP_SAVE_OVERTAKEN;
        }
    }
    for (i = 0; i < d->nrows; i++) {
        const char *account = kp_cell(d, i, 1), *active = kp_cell(d, i, 9);
        const char *was = kp_cell(d, i, 12);
        const char *detail = audit_detail(kr, d, i);
        const char *action = (was && was[0] == '1' && active[0] == '0') ? "account.deactivate"
                           : (was && was[0] == '0' && active[0] == '1') ? "account.reactivate"
                           : "account.update";
        if (account && (active[0] == '0' || kp_cell(d, i, 10)[0] == '1')) {
            if (kp_portal_access_revoke(kr, account, NULL) != APR_SUCCESS) {
                return KP_SAVE_FAILED;
            }
        }
        /* A new password lifts a lock of the login (a customer who guessed and then asked the
         * company), as an accepted invitation does. */
        if (kp_cell(d, i, 10)[0] == '1') {
            kp_throttle_clear_portal_user(kr, kp_cell(d, i, 2));
        }
        if (account) {   /* a new one is logged once it has its id (log_created) */
            kp_audit(kr, action, "portal_account", account, detail);
        }
    }
    return KP_SAVE_OK;
}

/* The accounts just made of the staged new ones, logged with their ids (the Protokoll's filter
 * by object finds them). */
static apr_status_t log_created(kp_req *kr, const kp_portal_ref *portal)
{
    kp_rows *made;
    int i;
    if (kp_select(kr->db, kr->r->pool, "adm_drafts_created", &made, portal->id, admin_id(kr),
                  kr->tenant_id) != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    for (i = 0; i < made->nrows; i++) {
        kp_audit(kr, "account.create", "portal_account", kp_cell(made, i, 1),
                 audit_detail(kr, made, i));
    }
    return APR_SUCCESS;
}

/* A new portal of the owner with a fresh link, logged: its id, or NULL. */
static const char *insert_portal(kp_req *kr, kp_owner owner, const char *owner_id, int enabled,
                                 const char *info)
{
    const char *id;
    if (kp_exec(kr->db, kr->r->pool, "adm_portal_insert", NULL, kr->tenant_id,
                owner == KP_OWNER_PROJECT ? owner_id : NULL,
                owner == KP_OWNER_CUSTOMER ? owner_id : NULL, kp_admin_flag(enabled), info,
                kp_admin_new_link_token(kr)) != APR_SUCCESS
        || !(id = kp_db_last_insert_id(kr->db, kr->r->pool))) {
        return NULL;
    }
    kp_audit(kr, "portal.create", "portal", id, NULL);
    return id;
}

apr_status_t kp_admin_portal_create_off(kp_req *kr, kp_owner owner, const char *owner_id,
                                        kp_portal_ref *portal)
{
    if (!insert_portal(kr, owner, owner_id, 0, "")) {
        return APR_EGENERAL;
    }
    return kp_admin_portal_find(kr, owner, owner_id, portal);
}

int kp_admin_portal_save(kp_req *kr, kp_owner owner, const char *owner_id, kp_portal_ref *portal,
                         int enabled, const char *info, const char *shown_version)
{
    apr_pool_t *p = kr->r->pool;
    int affected = 0, was_enabled = portal->enabled, result;
    kp_rows *taken;

    if (!shown_version) {
        shown_version = "";
    }
    if (!portal->id) {
        if (*shown_version) {
            return KP_SAVE_CONFLICT;
        }
        if (!enabled) {
            return KP_SAVE_OK;   /* no portal and none wanted */
        }
        if (!(portal->id = insert_portal(kr, owner, owner_id, 1, info))) {
            return KP_SAVE_FAILED;
        }
    }
    else {
        if (!*shown_version) {
            return KP_SAVE_CONFLICT;   /* shown before the portal existed */
        }
        if (kp_exec(kr->db, p, "adm_portal_update", &affected, kp_admin_flag(enabled), info,
                    portal->id, kr->tenant_id, shown_version) != APR_SUCCESS) {
            return KP_SAVE_FAILED;
        }
        if (affected != 1) {
            return KP_SAVE_CONFLICT;
        }
        if (kp_select(kr->db, p, "adm_drafts_taken", &taken, portal->id, admin_id(kr),
                      kr->tenant_id) != APR_SUCCESS) {
            return KP_SAVE_FAILED;
        }
        if (taken->nrows > 0) {
            return KP_SAVE_TAKEN;
        }
        if ((result = account_effects(kr, portal)) != KP_SAVE_OK) {
            return result;
        }
        /* A name taken since the check above (another portal's save committed meanwhile) is
         * refused by the unique key: taken, as above, not a failure. */
        if (kp_exec(kr->db, p, "adm_drafts_apply_new", NULL, portal->id, admin_id(kr),
                    kr->tenant_id) != APR_SUCCESS
            || kp_exec(kr->db, p, "adm_drafts_apply_changed", NULL, portal->id, admin_id(kr),
                       kr->tenant_id) != APR_SUCCESS) {
            return kp_db_duplicate(kr->db) ? KP_SAVE_TAKEN : KP_SAVE_FAILED;
        }
        if (log_created(kr, portal) != APR_SUCCESS) {
            return KP_SAVE_FAILED;
        }
        if (kp_admin_portal_discard(kr, portal->id, NULL) != APR_SUCCESS) {
            return KP_SAVE_FAILED;
        }
        if (was_enabled != enabled) {
            kp_audit(kr, enabled ? "portal.enable" : "portal.disable", "portal", portal->id, NULL);
        }
        /* Switched off: every open session of its accounts ends now. */
        if (!enabled && kp_exec(kr->db, p, "adm_portal_end_sessions", NULL, portal->id,
                                kr->tenant_id) != APR_SUCCESS) {
            return KP_SAVE_FAILED;
        }
    }
    portal->enabled = enabled;
    if (enabled && kp_exec(kr->db, p, "adm_tenant_first_activation", NULL, kr->tenant_id)
                       != APR_SUCCESS) {
        return KP_SAVE_FAILED;
    }
    return KP_SAVE_OK;
}

const kp_domain kp_domain_admin_portal = {"admin-portal", portal_admin_statements, NULL, NULL};
