/* kp_db.c: runs labelled prepared statements, copies results out, and keeps transactions closed. */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include "kp_db.h"

static apr_dbd_prepared_t *prepare_lazily(kp_db *db, apr_pool_t *p, const char *label)
{
    int t, i;
    if (!db->lazy_tables) {
        return NULL;
    }
    if (!db->prepared) {
        db->prepared = apr_hash_make(p);
    }
    for (t = 0; db->lazy_tables[t]; t++) {
        for (i = 0; db->lazy_tables[t][i].label; i++) {
            const kp_statement *s = &db->lazy_tables[t][i];
            apr_dbd_prepared_t *stmt = NULL;
            if (strcmp(s->label, label) != 0) {
                continue;
            }
            if (apr_dbd_prepare(db->driver, apr_hash_pool_get(db->prepared), db->handle, s->sql,
                                s->label, &stmt) != 0) {
                return NULL;
            }
            apr_hash_set(db->prepared, s->label, APR_HASH_KEY_STRING, stmt);
            return stmt;
        }
    }
    return NULL;
}

static apr_dbd_prepared_t *find_statement(kp_db *db, apr_pool_t *p, const char *label)
{
    apr_dbd_prepared_t *stmt = db->prepared ? apr_hash_get(db->prepared, label, APR_HASH_KEY_STRING)
                                            : NULL;
    if (!stmt) {
        stmt = prepare_lazily(db, p, label);
    }
    if (!stmt) {
        db->last_error = apr_pstrcat(p, "statement not prepared: ", label, NULL);
        db->last_errno = -1;
    }
    return stmt;
}

static void remember_error(kp_db *db, apr_pool_t *p, int rv)
{
    const char *msg = apr_dbd_error(db->driver, db->handle, rv);
    db->last_errno = rv;
    db->last_error = apr_pstrdup(p, msg ? msg : "unknown database error");
    if (db->trans) {
        db->trans_failed = 1;
    }
}

apr_status_t kp_db_each(kp_db *db, apr_pool_t *p, const char *label, int nargs,
                        const char *const *args, kp_row_fn fn, void *baton)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    apr_dbd_prepared_t *stmt = find_statement(db, p, label);
    const char **cells;
    int rv, ncols, going = 1;

    if (!stmt) {
        return APR_EGENERAL;
    }
    db->last_errno = 0;
    rv = apr_dbd_pselect(db->driver, p, db->handle, &res, stmt, 0, nargs, (const char **)args);
    if (rv != 0) {
        remember_error(db, p, rv);
        return APR_EGENERAL;
    }
    ncols = apr_dbd_num_cols(db->driver, res);
    cells = apr_pcalloc(p, sizeof(*cells) * (apr_size_t)(ncols ? ncols : 1));
    /* Read to the end: a sequential result left unread would desynchronise the connection. */
    while ((rv = apr_dbd_get_row(db->driver, p, res, &row, -1)) == 0) {
        int c;
        if (!going) {
            continue;
        }
        for (c = 0; c < ncols; c++) {
            cells[c] = apr_dbd_get_entry(db->driver, row, c);
        }
        going = fn(baton, cells, ncols) == 0;
    }
    if (rv != -1) {   /* -1 is the end of the rows; anything else, a failure on the way */
        remember_error(db, p, rv);
        return APR_EGENERAL;
    }
    return APR_SUCCESS;
}

/* kp_db_each_page's view of one page: it passes the rows on and keeps the last row's key. */
typedef struct keyset_page {
    const kp_keyset *keys;
    kp_row_fn fn;
    void *baton;
    int rows, stopped, too_long;
    char key[KP_KEYSET_MAX][KP_KEYSET_PART_MAX + 1];
    int key_null[KP_KEYSET_MAX];
} keyset_page;

static int keyset_row(void *baton, const char *const *cells, int ncols)
{
    keyset_page *page = baton;
    int k;
    page->rows++;
    for (k = 0; k < page->keys->nkeys; k++) {
        const char *cell = page->keys->columns[k] < ncols ? cells[page->keys->columns[k]] : NULL;
        apr_size_t n = cell ? strlen(cell) : 0;
        if (n > KP_KEYSET_PART_MAX) {
            page->too_long = 1;
            return 1;
        }
        page->key_null[k] = cell == NULL;
        memcpy(page->key[k], cell ? cell : "", n + 1);
    }
    page->stopped = page->fn(page->baton, cells, ncols) != 0;
    return page->stopped;
}

/* A key as the statement's last arguments: each part but the last twice. */
static void put_key(const char **args, int nkeys, const char *const *parts)
{
    int k;
    for (k = 0; k < nkeys; k++) {
        *args++ = parts[k];
        if (k + 1 < nkeys) {
            *args++ = parts[k];
        }
    }
}

apr_status_t kp_db_each_page(kp_db *db, apr_pool_t *p, const char *label, int nargs,
                             const char *const *args, const kp_keyset *keys, kp_row_fn fn,
                             void *baton)
{
    int nkey_args = 2 * keys->nkeys - 1, page_rows = atoi(KP_EXPORT_PAGE_ROWS);
    const char **all = apr_palloc(p, sizeof(*all) * (apr_size_t)(nargs + nkey_args));
    keyset_page page = {keys, fn, baton, 0, 0, 0, {{0}}, {0}};
    apr_pool_t *page_pool;
    int k;

    if (keys->nkeys < 1 || keys->nkeys > KP_KEYSET_MAX) {
        db->last_error = "kp_db_each_page: bad keyset";
        return APR_EINVAL;
    }
    if (!find_statement(db, p, label)) {   /* prepared in p: a page's pool does not last */
        return APR_EGENERAL;
    }
    memcpy(all, args, sizeof(*all) * (apr_size_t)nargs);
    put_key(all + nargs, keys->nkeys, keys->first);
    /* The driver's buffers of a page (sized by the columns' definitions) go with the page. */
    apr_pool_create(&page_pool, p);
    for (;;) {
        const char *last[KP_KEYSET_MAX];
        apr_status_t rv;
        page.rows = 0;
        rv = kp_db_each(db, page_pool, label, nargs + nkey_args, all, keyset_row, &page);
        if (rv != APR_SUCCESS) {
            db->last_error = apr_pstrdup(p, db->last_error);
            apr_pool_destroy(page_pool);
            return rv;
        }
        apr_pool_clear(page_pool);
        if (page.too_long) {
            db->last_error = apr_pstrcat(p, "a sort key of ", label, " is too long to page by", NULL);
            return APR_EGENERAL;
        }
        if (page.stopped || page.rows < page_rows) {
            return APR_SUCCESS;
        }
        for (k = 0; k < keys->nkeys; k++) {   /* the next page starts after this one's last row */
            last[k] = page.key_null[k] ? NULL : page.key[k];
        }
        put_key(all + nargs, keys->nkeys, last);
    }
}

/* kp_db_select's collector: copies each row out of the driver's buffers. */
typedef struct collect_rows {
    apr_pool_t *pool;
    kp_rows *rows;
    apr_array_header_t *cells;
} collect_rows;

static int collect_row(void *baton, const char *const *cells, int ncols)
{
    collect_rows *c = baton;
    int i;
    if (!c->cells) {
        c->rows->ncols = ncols;
        c->cells = apr_array_make(c->pool, 16 * (ncols ? ncols : 1), sizeof(const char *));
    }
    for (i = 0; i < ncols; i++) {
        APR_ARRAY_PUSH(c->cells, const char *) = cells[i] ? apr_pstrdup(c->pool, cells[i]) : NULL;
    }
    c->rows->nrows++;
    return 0;
}

apr_status_t kp_db_select(kp_db *db, apr_pool_t *p, const char *label, kp_rows **rows,
                          int nargs, const char *const *args)
{
    collect_rows c = {p, apr_pcalloc(p, sizeof(kp_rows)), NULL};
    *rows = NULL;
    if (kp_db_each(db, p, label, nargs, args, collect_row, &c) != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    c.rows->cells = c.cells ? (const char **)c.cells->elts : NULL;
    *rows = c.rows;
    return APR_SUCCESS;
}

apr_status_t kp_db_exec(kp_db *db, apr_pool_t *p, const char *label, int *affected,
                        int nargs, const char *const *args)
{
    apr_dbd_prepared_t *stmt = find_statement(db, p, label);
    int n = 0, rv;

    if (!stmt) {
        return APR_EGENERAL;
    }
    db->last_errno = 0;
    rv = apr_dbd_pquery(db->driver, p, db->handle, &n, stmt, nargs, (const char **)args);
    if (affected) {
        *affected = n;
    }
    if (rv != 0) {
        remember_error(db, p, rv);
        return APR_EGENERAL;
    }
    return APR_SUCCESS;
}

static apr_status_t end_transaction(void *data)
{
    kp_db *db = data;
    if (db->trans) {
        /* Reached only when the owner neither committed nor rolled back. */
        apr_dbd_transaction_mode_set(db->driver, db->trans, APR_DBD_TRANSACTION_ROLLBACK);
        apr_dbd_transaction_end(db->driver, db->trans_pool, db->trans);
        db->trans = NULL;
    }
    return APR_SUCCESS;
}

apr_status_t kp_db_begin(kp_db *db, apr_pool_t *p)
{
    int rv;
    if (db->trans) {
        return APR_EGENERAL;
    }
    rv = apr_dbd_transaction_start(db->driver, p, db->handle, &db->trans);
    if (rv != 0) {
        remember_error(db, p, rv);
        db->trans = NULL;
        return APR_EGENERAL;
    }
    db->trans_pool = p;
    db->trans_failed = 0;
    apr_pool_cleanup_register(p, db, end_transaction, apr_pool_cleanup_null);
    return APR_SUCCESS;
}

static apr_status_t finish(kp_db *db, apr_pool_t *p, int mode)
{
    int rv;
    if (!db->trans) {
        return APR_EGENERAL;
    }
    apr_dbd_transaction_mode_set(db->driver, db->trans, mode);
    rv = apr_dbd_transaction_end(db->driver, p, db->trans);
    db->trans = NULL;
    apr_pool_cleanup_kill(p, db, end_transaction);
    if (rv != 0) {
        remember_error(db, p, rv);
        return APR_EGENERAL;
    }
    return APR_SUCCESS;
}

apr_status_t kp_db_commit(kp_db *db, apr_pool_t *p)
{
    /* A statement that failed inside the transaction already forces a rollback in the driver
     * (which then reports the rollback's success): report that as a failure, even where the
     * caller let the statement's failure pass (an audit line), so it does not claim success. */
    if (db->trans && (db->trans_failed
                      || apr_dbd_transaction_mode_get(db->driver, db->trans) & APR_DBD_TRANSACTION_ROLLBACK)) {
        finish(db, p, APR_DBD_TRANSACTION_ROLLBACK);
        return APR_EGENERAL;
    }
    return finish(db, p, APR_DBD_TRANSACTION_COMMIT);
}

apr_status_t kp_db_rollback(kp_db *db, apr_pool_t *p)
{
    return finish(db, p, APR_DBD_TRANSACTION_ROLLBACK);
}

const char *kp_db_last_insert_id(kp_db *db, apr_pool_t *p)
{
    kp_rows *rows;
    if (kp_select0(db, p, "db_last_insert_id", &rows) != APR_SUCCESS || rows->nrows != 1) {
        return NULL;
    }
    return kp_cell(rows, 0, 0);
}

const char *kp_db_int(apr_pool_t *p, long long v)
{
    return apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)v);
}

const kp_statement kp_db_statements[] = {
    {"db_last_insert_id", "SELECT LAST_INSERT_ID()"},
    {NULL, NULL}
};
