/* mod_kp_admin_page.c: the request flow of a page with a "Kundenportal" section (project,
 * customer): its portal actions, what was typed (kept across "Übernehmen"), the notices, and
 * "Daten speichern" in one transaction. */
#include "mod_kp_admin.h"
#include "kp_text.h"
#include "kp_token.h"
#include "apr_lib.h"

/* The page's own fields as typed, sent along with a button of the "Kundenportal" section (the
 * section's fields and buttons belong to the same form): shown again, saved only by "Daten
 * speichern". NULL when the request carried none of them. Never a password. */
static kp_formstate *typed_page_fields(kp_req *kr)
{
    static const char *const editor[] = {"action", "acct_id", "acct_state", "draft_id",
                                         "username", "display_name", "active", "open_account",
                                         "open_draft", "unstage"};
    kp_formstate *fs;
    apr_size_t i;
    if (!kp_form_get(kr, "version")) {
        return NULL;
    }
    fs = kp_fs_from_post(kr);
    for (i = 0; i < sizeof(editor) / sizeof(editor[0]); i++) {
        apr_table_unset(fs->values, editor[i]);
    }
    for (i = 0; i < KP_NPERM; i++) {
        apr_table_unset(fs->values, kp_admin_perm_fields[i]);
    }
    return fs;
}

/* The account editor as the page's form sent it, with any of its buttons (never the
 * password). */
static kp_formstate *posted_editor(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    kp_formstate *fs = kp_fs_new(kr);
    const char *acct = kp_form_get(kr, "acct_id"), *draft = kp_form_get(kr, "draft_id");
    const char *v;
    int i;
    if (acct && apr_isdigit(acct[0])) {
        kp_fs_set(fs, "acct_id", acct);
        v = kp_form_get(kr, "acct_state");
        kp_fs_set(fs, "acct_state", kp_token_wellformed(v, 64) ? v : NULL);
    }
    else if (draft && apr_isdigit(draft[0])) {
        kp_fs_set(fs, "draft_id", draft);
    }
    v = kp_text_trim(p, kp_form_get(kr, "username"));
    kp_fs_set(fs, "username", v);
    v = kp_text_trim(p, kp_form_get(kr, "display_name"));
    kp_fs_set(fs, "display_name", v);
    for (i = 0; i < KP_NPERM; i++) {
        kp_fs_set(fs, kp_admin_perm_fields[i], kp_admin_flag(kp_admin_checkbox(kr, kp_admin_perm_fields[i])));
    }
    kp_fs_set(fs, "active", kp_admin_flag(kp_admin_checkbox(kr, "active")));
    return fs;
}

static int differs(const kp_formstate *a, const kp_formstate *b, const char *field)
{
    const char *x = kp_fs_get(a, field), *y = kp_fs_get(b, field);
    return strcmp(x ? x : "", y ? y : "") != 0;
}

/* The editor's values for an account or a staged new account of this admin (*entry NULL when
 * it is not there, or no longer). */
static apr_status_t open_entry(kp_req *kr, const kp_portal_ref *portal, const char *acct,
                               const char *draft, kp_formstate **entry)
{
    kp_rows *drafts;
    *entry = NULL;
    if (kp_select(kr->db, kr->r->pool, "adm_portal_drafts", &drafts, portal->id,
                  kr->session->account_id, kr->tenant_id) != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    return kp_admin_portal_editor(kr, portal, drafts, acct, draft, entry);
}

/* What the editor holds, as a new entry: the entry it edited is gone (saved or removed). */
static void as_new_entry(kp_formstate *editor, const char *alert)
{
    kp_fs_set(editor, "acct_id", "");
    kp_fs_set(editor, "acct_state", "");
    kp_fs_set(editor, "draft_id", "");
    editor->alert = alert;
}

/* Whether a button came with input in the account editor that was never staged and would be
 * lost (the editor shares the page's form: Enter in it saves the page, the pencil opens another
 * entry): a typed password, a new entry begun, or an opened entry changed. *shown: the editor
 * to show again. 1, 0, or -1 on a database failure. */
static int editor_pending(kp_req *kr, const kp_portal_ref *portal, kp_formstate **shown)
{
    kp_formstate *posted = posted_editor(kr), *stored;
    const char *acct = kp_fs_get(posted, "acct_id"), *draft = kp_fs_get(posted, "draft_id");
    const char *password = kp_form_get(kr, "password");
    int pending = password && *password, i;

    *shown = posted;
    if (acct || draft) {
        if (open_entry(kr, portal, acct, draft, &stored) != APR_SUCCESS) {
            return -1;
        }
        if (stored) {
            if (acct) {
                kp_fs_set(posted, "username", kp_fs_get(stored, "username"));   /* no input there */
                pending |= differs(posted, stored, "active");
            }
            pending |= differs(posted, stored, "username") || differs(posted, stored, "display_name");
            for (i = 0; i < KP_NPERM; i++) {
                pending |= differs(posted, stored, kp_admin_perm_fields[i]);
            }
            return pending;
        }
        as_new_entry(posted, "error.entry_gone_typed");   /* saved or removed in another tab */
    }
    pending |= *kp_fs_get(posted, "username") || *kp_fs_get(posted, "display_name");
    for (i = 0; i < KP_NPERM; i++) {
        pending |= kp_fs_get(posted, kp_admin_perm_fields[i])[0] == '1';
    }
    return pending;
}

/* The response shows the editor with input not staged yet: the page warns before leaving. */
static kp_formstate *editor_kept(kp_req *kr, kp_formstate *editor, const char *alert)
{
    apr_table_setn(kr->r->notes, "kp-typed", "1");
    if (!editor->alert) {
        editor->alert = alert;
    }
    return editor;
}

/* The page again, as typed, with the editor saying that its entry is gone (saved or removed
 * meanwhile, in another tab or by "Daten speichern"): shown as a new entry with what it held. */
static int entry_gone(kp_req *kr, kp_owner_render_fn render, kp_formstate *editor,
                      const char *alert)
{
    as_new_entry(editor, alert);
    return render(kr, typed_page_fields(kr), editor, HTTP_NOT_FOUND);
}

/* "Übernehmen" with the editor: stages the entry; makes the portal first when the owner has
 * none yet ("Kundenportal aktivieren" ticked, never saved), in one transaction with the staging
 * so that a refused entry leaves no portal behind. */
static int stage_action(kp_req *kr, const kp_owner_page *pg, kp_portal_ref *portal,
                        const char *action)
{
    apr_pool_t *p = kr->r->pool;
    const char *password = kp_form_get(kr, "password");
    kp_formstate *typed = typed_page_fields(kr), *acct = NULL;
    int making = !portal->id, rv;

    if (making && !kp_admin_checkbox(kr, "portal_enabled")) {
        /* Without the script the section shows unticked too: no portal nobody asked for. */
        apr_table_setn(kr->r->notes, "kp-alert", "error.portal_not_ticked");
        return pg->render(kr, typed, editor_kept(kr, posted_editor(kr), NULL), HTTP_BAD_REQUEST);
    }
    /* Another admin making it at the same moment: 503, and the next try finds it. */
    if (making && (kp_db_begin(kr->db, p) != APR_SUCCESS
                   || kp_admin_portal_create_off(kr, pg->owner, pg->id, portal) != APR_SUCCESS
                   || !portal->id)) {
        kp_db_rollback(kr->db, p);
        return kp_admin_unavailable(kr, "making a portal");
    }
    rv = kp_admin_portal_stage(kr, portal, &acct);
    if (making) {
        if (rv != OK) {
            kp_db_rollback(kr->db, p);
        }
        else if (kp_db_commit(kr->db, p) != APR_SUCCESS) {
            kp_db_rollback(kr->db, p);
            return kp_admin_unavailable(kr, "making a portal");
        }
    }
    if (rv == HTTP_BAD_REQUEST) {
        return pg->render(kr, typed, editor_kept(kr, acct, NULL), HTTP_BAD_REQUEST);
    }
    if (rv == HTTP_NOT_FOUND) {
        return entry_gone(kr, pg->render, editor_kept(kr, posted_editor(kr), NULL),
                          "error.entry_gone_typed");
    }
    if (rv != OK) {
        return kp_page_error(kr, rv, "error.unavailable");
    }
    if (typed && making) {   /* the page now shows the portal it made; a later save checks that */
        kp_fs_set(typed, "portal_version", portal->version);
    }
    if (!strcmp(action, "stage_sheet") && password && *password) {
        return kp_admin_sheet_staged(kr, portal->id, kp_fs_get(acct, "username"),
                                     kp_fs_get(acct, "display_name"), password, typed);
    }
    if (typed) {
        /* Shown right here rather than redirected, so that what was typed stays. */
        apr_table_setn(kr->r->notes, "kp-notice", "notice.staged");
        return pg->render(kr, typed, NULL, HTTP_OK);
    }
    return kp_redirect(kr, apr_pstrcat(p, pg->path, "?staged=1#portal", NULL));
}

int kp_admin_portal_action(kp_req *kr, const kp_owner_page *pg, kp_portal_ref *portal)
{
    const char *action = kp_form_get(kr, "action");
    /* The buttons of a list entry name the entry: the pencil (open_account, open_draft) and
     * "Entfernen" (unstage) send the page's form with it. */
    const char *open_account = kp_form_get(kr, "open_account");
    const char *open_draft = kp_form_get(kr, "open_draft");
    const char *unstage = kp_form_get(kr, "unstage");
    kp_formstate *acct = NULL, *editor = NULL;
    int rv;

    if (open_account || open_draft) {
        action = "open";
    }
    else if (unstage) {
        action = "unstage";
    }
    if (!action || !strcmp(action, "save")) {
        rv = editor_pending(kr, portal, &editor);   /* no portal yet: the typed entry alone */
        if (rv < 0) {
            return kp_admin_unavailable(kr, "checking the account editor");
        }
        if (rv) {   /* nothing saved; all that was typed is shown again, but the password */
            apr_table_setn(kr->r->notes, "kp-alert", "error.editor_pending");
            return pg->render(kr, typed_page_fields(kr), editor_kept(kr, editor, "error.editor_pending"),
                          HTTP_BAD_REQUEST);
        }
        return KP_ADMIN_NOT_HANDLED;
    }
    if (!strcmp(action, "stage") || !strcmp(action, "stage_sheet")) {
        return stage_action(kr, pg, portal, action);
    }
    if (!strcmp(action, "resume")) {   /* back from the access sheet, or the editor's "Abbrechen":
                                          * the page with what was typed, nothing stored */
        return pg->render(kr, typed_page_fields(kr), NULL, HTTP_OK);
    }
    if (!portal->id) {   /* the buttons below belong to a portal's accounts and staged changes */
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (!strcmp(action, "unstage") && (!unstage || !apr_isdigit(unstage[0]))) {
        return kp_page_error(kr, HTTP_BAD_REQUEST, "error.bad_request");
    }
    /* The pencil, "Entfernen" and "Verwerfen" never lose what the editor holds: the pencil is
     * refused while it holds an entry not yet staged, the others show it again. */
    if ((rv = editor_pending(kr, portal, &editor)) < 0) {
        return kp_admin_unavailable(kr, "checking the account editor");
    }
    if (!strcmp(action, "open")) {   /* the pencil: the entry in the editor, the page as typed */
        if (rv) {
            return pg->render(kr, typed_page_fields(kr), editor_kept(kr, editor, "error.editor_pending_open"),
                          HTTP_BAD_REQUEST);
        }
        if (open_entry(kr, portal, open_account, open_draft, &acct) != APR_SUCCESS) {
            return kp_admin_unavailable(kr, "opening an account");
        }
        return acct ? pg->render(kr, typed_page_fields(kr), acct, HTTP_OK)
                    : entry_gone(kr, pg->render, kp_fs_new(kr), "error.entry_gone");
    }
    if (!strcmp(action, "discard") || !strcmp(action, "unstage")) {
        kp_formstate *typed = typed_page_fields(kr);
        const char *editing = kp_fs_get(editor, "draft_id");
        if (kp_admin_portal_discard(kr, portal->id, unstage) != APR_SUCCESS) {
            return kp_admin_unavailable(kr, "discarding staged changes");
        }
        if (rv && editing && *editing && (!unstage || !strcmp(editing, unstage))) {
            as_new_entry(editor, "error.entry_removed");   /* its entry went too */
        }
        if (typed || rv) {   /* shown right here, so what was typed stays */
            return pg->render(kr, typed, rv ? editor_kept(kr, editor, NULL) : NULL, HTTP_OK);
        }
        return kp_redirect(kr, apr_pstrcat(kr->r->pool, pg->path, "#portal", NULL));
    }
    return kp_page_error(kr, HTTP_BAD_REQUEST, "error.bad_request");
}

apr_status_t kp_admin_portal_fields(kp_req *kr, kp_formstate *fs, const kp_portal_ref *portal)
{
    int enabled = kp_admin_checkbox(kr, "portal_enabled");
    kp_rows *active;
    kp_fs_set(fs, "portal_enabled", kp_admin_flag(enabled));
    kp_admin_text(kr, fs, "info_text", 0, 5000);
    kp_fs_set(fs, "version", kp_admin_version(kr, "version"));
    kp_fs_set(fs, "portal_version", kp_admin_version(kr, "portal_version"));
    /* One untick locks every customer of the portal out at once: asked next to the box. */
    if (portal->id && portal->enabled && !enabled && !kp_admin_checkbox(kr, "confirm_portal_off")) {
        if (kp_select(kr->db, kr->r->pool, "adm_portal_active_accounts", &active, portal->id,
                      kr->tenant_id) != APR_SUCCESS || active->nrows != 1) {
            return APR_EGENERAL;
        }
        if (strcmp(kp_cell(active, 0, 0), "0")) {
            kp_fs_set(fs, "portal_off_accounts", kp_cell(active, 0, 0));
            kp_fs_error(fs, "portal_enabled", "portal.confirm_off");
        }
    }
    return APR_SUCCESS;
}

void kp_admin_portal_defaults(kp_formstate *fs, const kp_portal_ref *portal)
{
    kp_fs_set(fs, "portal_enabled", kp_admin_flag(portal->enabled));
    kp_fs_set(fs, "info_text", portal->info);
    kp_fs_set(fs, "portal_version", portal->version);
}

void kp_admin_page_notices(kp_req *kr)
{
    const char *notice = apr_table_get(kr->r->notes, "kp-notice");   /* shown without redirect */
    kp_xml_attr(kr->root, "notice", notice ? notice
                                    : kp_query_get(kr, "saved") ? "notice.saved"
                                    : kp_query_get(kr, "staged") ? "notice.staged"
                                    : kp_query_get(kr, "deleted") ? "notice.account_deleted" : NULL);
    kp_xml_attr(kr->root, "alert", apr_table_get(kr->r->notes, "kp-alert"));
    kp_xml_attr(kr->root, "typed", apr_table_get(kr->r->notes, "kp-typed"));
}

/* What was typed into a field, as it would be stored (an unticked box is not sent at all). */
static const char *typed_value(const kp_formstate *typed, const char *field)
{
    const char *value = kp_fs_get(typed, field);
    return value ? value : !strcmp(field, "portal_enabled") ? "0" : "";
}

/* Whether a typed field holds what is stored; white space around it is not kept by a save. */
static int field_same(const kp_formstate *typed, const char *field, const char *stored)
{
    const char *a = typed_value(typed, field), *b = stored ? stored : "";
    apr_size_t la, lb;
    if (!strcmp(field, "version") || !strcmp(field, "portal_version")) {
        return 1;   /* not a field anyone types */
    }
    while (apr_isspace(*a)) {
        a++;
    }
    while (apr_isspace(*b)) {
        b++;
    }
    for (la = strlen(a); la && apr_isspace(a[la - 1]); la--) {
    }
    for (lb = strlen(b); lb && apr_isspace(b[lb - 1]); lb--) {
    }
    return la == lb && memcmp(a, b, la) == 0;
}

static int first_same(void *typed, const char *field, const char *stored)
{
    return field_same(typed, field, stored);   /* apr_table_do stops at the first 0 */
}

typedef struct unsaved_walk {
    const kp_formstate *typed;
    kp_formstate *unsaved;
} unsaved_walk;

static int note_unsaved(void *data, const char *field, const char *stored)
{
    unsaved_walk *w = data;
    if (!field_same(w->typed, field, stored)) {
        kp_fs_set(w->unsaved, field, typed_value(w->typed, field));
    }
    return 1;
}

void kp_admin_unsaved_xml(kp_req *kr, const kp_formstate *typed, const kp_formstate *stored)
{
    unsaved_walk w = {typed, kp_fs_new(kr)};
    apr_table_do(note_unsaved, &w, stored->values, NULL);
    kp_fs_xml(kr->root, "unsaved", w.unsaved);
}

void kp_admin_page_fields(kp_req *kr, const kp_formstate *typed, const kp_formstate *stored)
{
    if (typed && typed->outdated) {
        /* the fields show the stored state and its version, so saving again cannot overwrite
         * the other admin's change unseen; what this admin typed is listed beside them */
        kp_admin_unsaved_xml(kr, typed, stored);
        typed = NULL;
    }
    else if (typed && !apr_table_do(first_same, (void *)typed, stored->values, NULL)) {
        apr_table_setn(kr->r->notes, "kp-typed", "1");
    }
    kp_fs_xml(kr->root, "main", typed ? typed : stored);
}

/* Someone else saved the page since it was loaded: nothing of this request is stored. */
static int page_outdated(kp_req *kr, const kp_owner_page *pg)
{
    kp_formstate *typed = kp_fs_from_post(kr);
    typed->outdated = 1;
    apr_table_setn(kr->r->notes, "kp-alert", "error.conflict");
    return pg->render(kr, typed, NULL, HTTP_CONFLICT);
}

static int page_refused(kp_req *kr, const kp_owner_page *pg, int result)
{
    kp_db_rollback(kr->db, kr->r->pool);
    if (result == KP_SAVE_FAILED) {
        return kp_admin_unavailable(kr, "saving a page");
    }
    if (result == KP_SAVE_TAKEN) {
        /* What was typed stays; the admin removes the staged entry whose name was taken. */
        apr_table_setn(kr->r->notes, "kp-alert", "error.username_taken_meanwhile");
        return pg->render(kr, kp_fs_from_post(kr), NULL, HTTP_CONFLICT);
    }
    if (result == KP_SAVE_OVERTAKEN) {   /* the page marks the entries; what was typed stays */
        apr_table_setn(kr->r->notes, "kp-alert", "error.staged_overtaken");
        return pg->render(kr, kp_fs_from_post(kr), NULL, HTTP_CONFLICT);
    }
    return page_outdated(kr, pg);
}

int kp_admin_page_save(kp_req *kr, const kp_owner_page *pg, kp_formstate *fs)
{
    apr_pool_t *p = kr->r->pool;
    kp_portal_ref portal;
    int affected = 0, rv;

    if (!*kp_fs_get(fs, "version")) {
        return page_outdated(kr, pg);
    }
    if (kp_db_begin(kr->db, p) != APR_SUCCESS
        || kp_admin_portal_find(kr, pg->owner, pg->id, &portal) != APR_SUCCESS
        || kp_db_exec(kr->db, p, pg->update_label, &affected, pg->nargs, pg->args) != APR_SUCCESS) {
        return page_refused(kr, pg, KP_SAVE_FAILED);
    }
    if (affected != 1) {
        return page_refused(kr, pg, KP_SAVE_CONFLICT);
    }
    rv = kp_admin_portal_save(kr, pg->owner, pg->id, &portal,
                              !strcmp(kp_fs_get(fs, "portal_enabled"), "1"),
                              kp_fs_get(fs, "info_text"), kp_fs_get(fs, "portal_version"));
    if (rv != KP_SAVE_OK) {
        return page_refused(kr, pg, rv);
    }
    kp_audit(kr, pg->audit_action, pg->owner == KP_OWNER_PROJECT ? "project" : "customer", pg->id,
             kp_fs_get(fs, "name"));
    if (kp_db_commit(kr->db, p) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "saving a page");
    }
    return kp_redirect(kr, apr_pstrcat(p, pg->path, "?saved=1", NULL));
}

