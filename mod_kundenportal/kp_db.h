/* kp_db.h: prepared-statement access to the database, shared by the module and kundenportalctl. */
#ifndef KP_DB_H
#define KP_DB_H

#include <apr_pools.h>
#include <apr_hash.h>
#include <apr_dbd.h>

/* One SQL statement of a domain, registered under a label (mod_dbd's ap_dbd_prepare, or
 * prepared by kundenportalctl itself). Placeholders are %s: every argument travels as text. */
typedef struct kp_statement {
    const char *label;
    const char *sql;
} kp_statement;

/* An open connection: the module fills it from ap_dbd_t, kundenportalctl from apr_dbd_open. */
typedef struct kp_db {
    const apr_dbd_driver_t *driver;
    apr_dbd_t *handle;
    apr_hash_t *prepared;          /* label -> apr_dbd_prepared_t* */
    apr_dbd_transaction_t *trans;  /* open transaction or NULL */
    apr_pool_t *trans_pool;        /* the pool whose cleanup ends it */
    int trans_failed;              /* a statement of it failed: the driver skips the rest and
                                    * rolls back at its end, whatever the caller asks */
    const char *last_error;        /* driver's text of the last failure (never holds arguments) */
    int last_errno;                /* its code (MariaDB: the ER_* number), 0 after a success */
    const kp_statement *const *lazy_tables; /* prepare on first use from these */
} kp_db;

/* A fully read result: values are copied out of the driver's buffers (it reuses them). */
typedef struct kp_rows {
    int nrows;
    int ncols;
    const char **cells;            /* nrows * ncols; NULL for SQL NULL */
} kp_rows;

apr_status_t kp_db_select(kp_db *db, apr_pool_t *p, const char *label, kp_rows **rows,
                          int nargs, const char *const *args);
/* Hands each row to fn (cells point into the driver's buffers, valid during the call; NULL
 * for SQL NULL) without copying the result. fn returns non-zero to be called no more (the
 * rest is still read, to keep the connection in step); it must not use the connection
 * itself while the rows are still arriving. apr_dbd_mysql reads a prepared statement's whole
 * result into memory before the first row (mysql_stmt_store_result): an export of any length
 * uses kp_db_each_page. */
typedef int (*kp_row_fn)(void *baton, const char *const *cells, int ncols);
apr_status_t kp_db_each(kp_db *db, apr_pool_t *p, const char *label, int nargs,
                        const char *const *args, kp_row_fn fn, void *baton);

/* How an export statement pages through its rows by their sort key (keyset paging, so each
 * page is an index range however far on it is). The statement ends with the condition
 * "after the key" and " LIMIT " KP_EXPORT_PAGE_ROWS; its last arguments are the key of the
 * previous page's last row, each part but the last twice: for (a, b, c) the arguments
 * a, a, b, b, c of "(x > %s OR (x = %s AND (y > %s OR (y = %s AND z > %s))))". */
typedef struct kp_keyset {
    int nkeys;                 /* the parts of the sort key, at most KP_KEYSET_MAX */
    const int *columns;        /* where each part is in the result */
    const char *const *first;  /* a key before every row, for the first page */
} kp_keyset;
enum { KP_KEYSET_MAX = 4, KP_KEYSET_PART_MAX = 40 };
/* The rows of an export's page: the LIMIT of its statements. */
#define KP_EXPORT_PAGE_ROWS "1000"
/* kp_db_each over every page: one page of rows in memory at a time, the driver's buffers of
 * each page freed after it. fn returning non-zero ends the export after the page. Each page
 * is a statement of its own: no transaction is held while a slow client takes its time (its
 * metadata locks would hold up any ALTER of the tables, and every query queued behind that),
 * so a row whose sort key changes during an export may be in it twice or not at all. */
apr_status_t kp_db_each_page(kp_db *db, apr_pool_t *p, const char *label, int nargs,
                             const char *const *args, const kp_keyset *keys, kp_row_fn fn,
                             void *baton);
apr_status_t kp_db_exec(kp_db *db, apr_pool_t *p, const char *label, int *affected,
                        int nargs, const char *const *args);

/* Convenience: kp_select(db, p, "label", &rows, arg1, arg2) with the count derived. */
#define KP_ARGV(...) ((const char *const[]){__VA_ARGS__})
#define KP_ARGC(...) ((int)(sizeof(KP_ARGV(__VA_ARGS__)) / sizeof(const char *)))
#define kp_select(db, p, label, rows, ...) \
    kp_db_select((db), (p), (label), (rows), KP_ARGC(__VA_ARGS__), KP_ARGV(__VA_ARGS__))
#define kp_exec(db, p, label, affected, ...) \
    kp_db_exec((db), (p), (label), (affected), KP_ARGC(__VA_ARGS__), KP_ARGV(__VA_ARGS__))
#define kp_select0(db, p, label, rows) kp_db_select((db), (p), (label), (rows), 0, NULL)

static inline const char *kp_cell(const kp_rows *r, int row, int col)
{
    return (row < r->nrows && col < r->ncols) ? r->cells[row * r->ncols + col] : NULL;
}

/* Transactions end on every path: the pool cleanup rolls back what was not committed. */
apr_status_t kp_db_begin(kp_db *db, apr_pool_t *p);
apr_status_t kp_db_commit(kp_db *db, apr_pool_t *p);
apr_status_t kp_db_rollback(kp_db *db, apr_pool_t *p);

/* Whether the last statement failed on a unique key (ER_DUP_ENTRY): an INSERT of something
 * that is already there, e.g. a form sent twice. */
#define KP_DB_ER_DUP_ENTRY 1062
static inline int kp_db_duplicate(const kp_db *db)
{
    return db->last_errno == KP_DB_ER_DUP_ENTRY;
}

/* The id of the row the last INSERT made on this connection. */
const char *kp_db_last_insert_id(kp_db *db, apr_pool_t *p);

/* The statements kp_db itself needs. */
extern const kp_statement kp_db_statements[];

/* Render a number as the text argument of a statement. */
const char *kp_db_int(apr_pool_t *p, long long v);

#endif
