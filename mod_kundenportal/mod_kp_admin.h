/* mod_kp_admin.h: what the administration's domain files share: form state, paging, the
 * "Kundenportal" section of a project or customer page, and the trial banner data. */
#ifndef MOD_KP_ADMIN_H
#define MOD_KP_ADMIN_H

#include "mod_kp.h"

/* A form as the page shows it: values (from the database, or as typed) and errors per field
 * (message keys). Rendered as <form id=".."><f n="field" error="key">value</f>..</form>. */
typedef struct kp_formstate {
    apr_table_t *values;
    apr_table_t *errors;
    const char *alert;           /* a message key for the whole form, or NULL */
    int outdated;                /* typed on a page saved by someone else since: the page shows
                                  * what is stored, and what was typed apart from it */
} kp_formstate;

kp_formstate *kp_fs_new(kp_req *kr);
kp_formstate *kp_fs_from_post(kp_req *kr);
void kp_fs_set(kp_formstate *fs, const char *field, const char *value);
void kp_fs_error(kp_formstate *fs, const char *field, const char *key);
int kp_fs_has_errors(const kp_formstate *fs);
const char *kp_fs_get(const kp_formstate *fs, const char *field);
xmlNodePtr kp_fs_xml(xmlNodePtr parent, const char *id, const kp_formstate *fs);

/* The trimmed value of a text field; records "error.required" or "error.too_long" in fs. */
const char *kp_admin_text(kp_req *kr, kp_formstate *fs, const char *field, int required,
                          apr_size_t max_chars);
int kp_admin_checkbox(kp_req *kr, const char *field);
const char *kp_admin_flag(int on);

/* A version number the page was shown with (digits), or "" when missing or malformed. */
const char *kp_admin_version(kp_req *kr, const char *field);

/* Control characters other than TAB and line breaks have no place in names, texts and the
 * values a page shows back. */
int kp_admin_has_control(const char *v);

/* Usernames (portal accounts, administrators) have no spaces or control characters: they are
 * typed at the login. */
int kp_admin_username_ok(const char *u);

/* ?page=N (1-based, bounded), and a <pager page= has-next= query=/> under the page; query is
 * the list's other parameters, URL-encoded ("q=M%C3%BCller"), which each page link keeps. */
int kp_admin_page_number(kp_req *kr);
void kp_admin_pager(kp_req *kr, int page, int has_next, const char *query);
/* A list's search term as such a query ("" for none). */
const char *kp_admin_search_query(kp_req *kr, const char *q);

/* Logs a database failure and answers 503. */
int kp_admin_unavailable(kp_req *kr, const char *what);
/* 1 if the tenant has the Kundenstamm switched on, 0 if not, -1 on a database error. */
int kp_admin_customer_master(kp_req *kr);

/* One yes/no setting of the company on its own page, saved against tenant.settings_version
 * (mod_kp_admin_settings.c). get_label: SELECT flag, settings_version ... WHERE id = tenant;
 * set_label: UPDATE ... flag = %s WHERE id = %s AND settings_version = %s. */
typedef struct kp_tenant_flag {
    const char *page;            /* template, and the <form id> */
    const char *path;            /* where the page lives, below the mount */
    const char *field;           /* the checkbox */
    const char *get_label, *set_label;
    const char *audit_action, *audit_on, *audit_off;
    int with_edition;            /* also show the edition (Grundeinstellungen) */
    const char *off_label;       /* run with the tenant's id once the flag is saved off, or NULL */
} kp_tenant_flag;

int kp_admin_flag_page(kp_req *kr, const kp_tenant_flag *f);
int kp_admin_flag_save(kp_req *kr, const kp_tenant_flag *f);

/* ---- the "Kundenportal" section (mod_kp_admin_portal.c) ---- */
#define KP_NPERM 5
/* The permission fields of an account, in the order of the tables' columns. */
extern const char *const kp_admin_perm_fields[KP_NPERM];

typedef enum { KP_OWNER_PROJECT, KP_OWNER_CUSTOMER } kp_owner;

/* Ends the sessions of portal accounts (a): where says whose, with the tables join adds (or
 * ""); used when a portal is switched off, and for every customer's portal when the Kundenstamm
 * is (mod_kp_admin_settings.c). A session's account_id is an administrator's or a portal
 * account's id by its kind, so without s.kind = 'portal' an administrator whose id a portal
 * account shares would be logged out too. */
#define KP_ADMIN_END_PORTAL_SESSIONS(join, where) \
    "DELETE s FROM session s JOIN portal_account a ON a.id = s.account_id AND a.tenant_id = s.tenant_id" \
    join " WHERE s.kind = 'portal' AND" where

typedef struct kp_portal_ref {
    const char *id;              /* NULL: the owner has no portal yet */
    const char *version;
    const char *info;
    int enabled;
} kp_portal_ref;

/* Results of saving a page. */
#define KP_SAVE_OK 0
#define KP_SAVE_CONFLICT 1       /* someone saved the page meanwhile */
#define KP_SAVE_TAKEN 2          /* a staged username was taken meanwhile */
#define KP_SAVE_FAILED 3         /* database failure */
#define KP_SAVE_OVERTAKEN 4      /* an account changed since its change was staged */

/* Loads the portal of a project or customer into *out: APR_SUCCESS (out->id NULL if none). */
apr_status_t kp_admin_portal_find(kp_req *kr, kp_owner owner, const char *owner_id,
                                  kp_portal_ref *out);
/* What the account editor shows for an account (edit: its staged change if any, else the
 * account) or a staged new account (draft), from this admin's drafts of the portal
 * (adm_portal_drafts), into *out: NULL if there is no such thing. Never a password. Not
 * APR_SUCCESS when the account could not be read. */
apr_status_t kp_admin_portal_editor(kp_req *kr, const kp_portal_ref *portal, const kp_rows *drafts,
                                    const char *edit, const char *draft, kp_formstate **out);
/* Adds <portal> with its accounts, this admin's staged changes and the account editor
 * (acct: what it shows, open; NULL: closed and empty). */
apr_status_t kp_admin_portal_xml(kp_req *kr, xmlNodePtr parent, const kp_portal_ref *portal,
                                 const kp_formstate *acct);
/* "Übernehmen": validates the account editor and stages it. OK, HTTP_BAD_REQUEST with the
 * errors in *acct, HTTP_NOT_FOUND when the entry it edits is gone, or HTTP_SERVICE_UNAVAILABLE. */
int kp_admin_portal_stage(kp_req *kr, const kp_portal_ref *portal, kp_formstate **acct);
/* Drops this admin's staged changes of the portal (draft_id NULL: all of them). */
apr_status_t kp_admin_portal_discard(kp_req *kr, const char *portal_id, const char *draft_id);
/* Makes the owner's portal, switched off, so that accounts can be staged before the first
 * "Daten speichern" (which switches it on with the rest), and loads it into *portal. Inside the
 * caller's transaction; fails when another admin made one meanwhile (a unique key). */
apr_status_t kp_admin_portal_create_off(kp_req *kr, kp_owner owner, const char *owner_id,
                                        kp_portal_ref *portal);
/* Inside the page's open transaction: creates or updates the portal (checking the version
 * the page was shown with) and applies this admin's staged changes. */
int kp_admin_portal_save(kp_req *kr, kp_owner owner, const char *owner_id, kp_portal_ref *portal,
                         int enabled, const char *info, const char *shown_version);

/* ---- the page around the section (mod_kp_admin_page.c) ---- */
typedef int (*kp_owner_render_fn)(kp_req *kr, kp_formstate *main, kp_formstate *acct, int status);

/* A project or customer page: what its "Daten speichern" writes besides the portal. */
typedef struct kp_owner_page {
    kp_owner owner;
    const char *id;
    const char *path;              /* below the mount, e.g. "/projects/12" */
    kp_owner_render_fn render;
    const char *update_label;      /* an UPDATE whose last arguments are id, tenant, version */
    int nargs;
    const char *const *args;
    const char *audit_action;
} kp_owner_page;

/* Handles the portal actions every owner page shares (stage, the pencil's open, unstage,
 * discard, resume: the page again with the typed fields the access sheet carried back): returns
 * the response, or KP_ADMIN_NOT_HANDLED for "save". pg->render re-shows the owner page with the
 * account editor. "Übernehmen" before the owner has a portal makes it, switched off (*portal
 * is then that one). */
#define KP_ADMIN_NOT_HANDLED (-200)
int kp_admin_portal_action(kp_req *kr, const kp_owner_page *pg, kp_portal_ref *portal);

/* Reads the page's portal fields (portal_enabled, info_text, both versions) into fs. Unticking
 * a portal that is on, with active accounts, is an error ("portal.confirm_off", their number
 * as portal_off_accounts) unless confirm_portal_off is ticked too. APR_EGENERAL: no database. */
apr_status_t kp_admin_portal_fields(kp_req *kr, kp_formstate *fs, const kp_portal_ref *portal);
/* Shows the saved portal state in a page's form (no typed values). */
void kp_admin_portal_defaults(kp_formstate *fs, const kp_portal_ref *portal);
/* The page's notice (?saved, ?staged) and alert (a refused save) as attributes of the page. */
void kp_admin_page_notices(kp_req *kr);
/* After a conflict: the typed fields that differ from the stored ones, as <form id="unsaved">
 * (shown by the templates' "unsaved"). */
void kp_admin_unsaved_xml(kp_req *kr, const kp_formstate *typed, const kp_formstate *stored);
/* "Voreinstellung für neue Projekte": 1 portal on, 0 off, -1 on a database failure; *version
 * (if given) the settings' version. */
int kp_admin_new_project_default(kp_req *kr, const char **version);
/* Inside an open transaction: a new project with its portal (when portal_enabled) and its audit
 * line; its id, or NULL on a database failure. */
const char *kp_admin_project_insert(kp_req *kr, const char *customer, const char *name,
                                    const char *number, const char *address, int portal_enabled);
/* The page's fields as <form id="main">: what was typed (the page then marked as holding
 * unsaved values, for the leave-page warning, where it differs from what is stored), else what is
 * stored; after a conflict (typed->outdated) what is stored, and the typed fields that differ
 * from it as <form id="unsaved">. */
void kp_admin_page_fields(kp_req *kr, const kp_formstate *typed, const kp_formstate *stored);
/* "Daten speichern": the owner's update, the portal and the staged changes, the audit line, all
 * in one transaction; a conflict re-shows the page as it is now. Returns the response. */
int kp_admin_page_save(kp_req *kr, const kp_owner_page *pg, kp_formstate *fs);

/* A new random portal link token (43 characters) (mod_kp_admin_portal.c). */
const char *kp_admin_new_link_token(kp_req *kr);

/* The printable access sheet of a just staged account, with the password typed for it
 * (mod_kp_admin_link.c): the only moment it can be shown, since only its hash is kept.
 * typed: the page's fields as typed (or NULL), carried back to the page by its button. */
int kp_admin_sheet_staged(kp_req *kr, const char *portal_id, const char *username,
                          const char *name, const char *password, const kp_formstate *typed);

#endif
