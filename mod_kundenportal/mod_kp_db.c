/* mod_kp_db.c: hands out mod_dbd connections that prepare each statement on its first use, and
 * checks the schema. */
#include "mod_kp.h"
#include "kp_tenant.h"
#include "apr_optional.h"
#include "apr_thread_mutex.h"

static APR_OPTIONAL_FN_TYPE(ap_dbd_acquire) *dbd_acquire;
static APR_OPTIONAL_FN_TYPE(ap_dbd_open) *dbd_open;
static APR_OPTIONAL_FN_TYPE(ap_dbd_close) *dbd_close;

/* The statements of the core that the module uses too. */
static const kp_statement *const core_tables[] = {kp_db_statements, kp_tenant_statements, NULL};

/* Every statement table of the module (core tables, then each domain's), for preparing on a
 * connection that lacks one. */
static const kp_statement **all_tables;

static void collect_tables(apr_pool_t *p)
{
    apr_array_header_t *list = apr_array_make(p, 32, sizeof(const kp_statement *));
    int t;
    for (t = 0; core_tables[t]; t++) {
        APR_ARRAY_PUSH(list, const kp_statement *) = core_tables[t];
    }
    for (t = 0; kp_domains[t]; t++) {
        if (kp_domains[t]->statements) {
            APR_ARRAY_PUSH(list, const kp_statement *) = kp_domains[t]->statements;
        }
    }
    APR_ARRAY_PUSH(list, const kp_statement *) = NULL;
    all_tables = (const kp_statement **)list->elts;
}

/* No statement is registered with mod_dbd: it would prepare all of them (about 170) on every
 * connection it opens, and MariaDB allows max_prepared_stmt_count (16382) server-wide, so a
 * hundred pooled connections (a few Apache children, or a few hosts sharing one database)
 * would exhaust it and every further connection would fail. A connection prepares a statement
 * when it first runs it and keeps it (kp_db's lazy tables): a handful per connection. */
void kp_db_init_statements(apr_pool_t *p)
{
    collect_tables(p);
    dbd_acquire = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_acquire);
    dbd_open = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_open);
    dbd_close = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_close);
}

int kp_db_available(void)
{
    return dbd_acquire != NULL;
}

typedef struct opened_conn {
    server_rec *s;
    ap_dbd_t *conn;
} opened_conn;

static apr_status_t close_opened(void *data)
{
    opened_conn *o = data;
    dbd_close(o->s, o->conn);
    return APR_SUCCESS;
}

/* After a database restart a child may hold several pooled connections to the old server.
 * mod_dbd checks each one it hands out (reconnect=0), drops it when the check fails and answers
 * NULL; ap_dbd_open then hands out the next one from the same pool, which may be just as stale.
 * So keep asking until one works or the pool makes a new one, within a few tries and a short
 * time: a database that is really down refuses every try, and one that does not answer at
 * all is not waited for twice. Once all tries failed, requests in the next quarter second try
 * only once (mod_dbd logs every failed try; a database that is down would fill the log). */
#define ACQUIRE_TRIES 32
#define ACQUIRE_WITHIN apr_time_from_msec(200)
#define DOWN_BACKOFF apr_time_from_msec(250)

static volatile apr_time_t database_down_at; /* per process; a racy read only costs a retry */

kp_db *kp_db_acquire(request_rec *r)
{
    ap_dbd_t *conn;
    kp_db *db;
    apr_time_t start;
    int tries, max_tries;

    if (!dbd_acquire) {
        return NULL;
    }
    conn = dbd_acquire(r);
    start = apr_time_now();
    max_tries = start - database_down_at < DOWN_BACKOFF ? 1 : ACQUIRE_TRIES;
    for (tries = 0; !conn && dbd_open && dbd_close && tries < max_tries
                    && apr_time_now() - start < ACQUIRE_WITHIN; tries++) {
        conn = dbd_open(r->pool, r->server);
        if (conn) {
            opened_conn *o = apr_palloc(r->pool, sizeof(*o));
            o->s = r->server;
            o->conn = conn;
            apr_pool_cleanup_register(r->pool, o, close_opened, apr_pool_cleanup_null);
        }
    }
    if (!conn) {
        database_down_at = apr_time_now();
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      KPLOG(10001) "no database connection (is the database running? see DBDParams)");
        return NULL;
    }
    db = apr_pcalloc(r->pool, sizeof(*db));
    db->driver = conn->driver;
    db->handle = conn->handle;
    db->prepared = conn->prepared;
    db->lazy_tables = (const kp_statement *const *)all_tables;
    return db;
}

/* Schema state per server config, checked until it is current, then trusted for the
 * process's life (a migration never goes backwards). */
static apr_hash_t *schema_ok;
static apr_thread_mutex_t *schema_lock;

void kp_db_child_init(apr_pool_t *p)
{
    schema_ok = apr_hash_make(p);
    apr_thread_mutex_create(&schema_lock, APR_THREAD_MUTEX_DEFAULT, p);
}

int kp_db_schema_current(kp_req *kr)
{
    int version = 0, ok;
    const void *key = kr->r->server;

    apr_thread_mutex_lock(schema_lock);
    ok = apr_hash_get(schema_ok, &key, sizeof(key)) != NULL;
    apr_thread_mutex_unlock(schema_lock);
    if (ok) {
        return 1;
    }
    if (kp_schema_version(kr->db, kr->r->pool, &version) != APR_SUCCESS) {
        kp_db_log_failure(kr, "reading the schema version");
        return 0;
    }
    if (version < KP_SCHEMA_VERSION) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, kr->r,
                      KPLOG(10002) "database schema is at version %d, this module needs %d: "
                      "run 'kundenportalctl migrate'", version, KP_SCHEMA_VERSION);
        return 0;
    }
    apr_thread_mutex_lock(schema_lock);
    apr_hash_set(schema_ok, apr_pmemdup(apr_hash_pool_get(schema_ok), &key, sizeof(key)),
                 sizeof(key), (void *)1);
    apr_thread_mutex_unlock(schema_lock);
    return 1;
}

void kp_db_log_failure(kp_req *kr, const char *what)
{
    /* The driver's message names the failure, never the statement's arguments. */
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, kr->r, KPLOG(10003) "database error while %s: %s",
                  what, kr->db && kr->db->last_error ? kr->db->last_error : "no connection");
}
