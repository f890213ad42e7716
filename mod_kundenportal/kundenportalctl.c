/* kundenportalctl: sets up and checks a mod_kundenportal database from the command line
 * (migrate, tenants, admins, purge, check, hash). It links the same core as the module. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <apr_dbd.h>
#include "kp_db.h"
#include "kp_tenant.h"
#include "kp_migrate.h"
#include "kp_password.h"
#include "kp_render.h"
#include "kp_passpolicy.h"
#include "kp_hosting.h"

#ifndef KP_DATADIR
#define KP_DATADIR "/usr/share/kundenportal"
#endif

static const kp_statement *const ctl_tables[] = {kp_db_statements, kp_tenant_statements,
                                                 kp_hosting_statements, NULL};

static void usage(void)
{
    fputs("usage: kundenportalctl [--db PARAMS] [--sql DIR] [--templates DIR] COMMAND\n"
          "  migrate                       apply the new files of the sql directory\n"
          "  tenant add SLUG NAME          create a tenant (one company, one vhost)\n"
          "  tenant list                   slug, name, projects, portal accounts, last activity\n"
          "  tenant remove SLUG            delete a tenant with all its data; confirm by\n"
          "                                giving the slug again on standard input\n"
          "  admin add TENANT USERNAME [DISPLAY NAME]\n"
          "                                create an admin or reset its password;\n"
          "                                the password is read from standard input\n"
          "  purge [AUDIT_DAYS]            remove expired sessions, stale login failures, old\n"
          "                                invitations and cancelled shifts, and audit entries\n"
          "                                older than AUDIT_DAYS\n"
          "  check                         database reachable, schema current, templates readable\n"
          "  hash [OPS MEM_KIB]            print the argon2id hash of the password on stdin\n"
          "                                (cost as KundenportalPasswordHashCost)\n"
          "PARAMS are mod_dbd's DBDParams for the mysql driver (default: $KUNDENPORTAL_DB),\n"
          "e.g. \"host=127.0.0.1 port=3306 user=kp pass=secret dbname=kundenportal\".\n",
          stderr);
}

static int fail(const char *what, const char *why)
{
    fprintf(stderr, "kundenportalctl: %s%s%s\n", what, why ? ": " : "", why ? why : "");
    return 1;
}

static int open_db(apr_pool_t *p, const char *params, kp_db *db)
{
    apr_status_t rv;
    memset(db, 0, sizeof(*db));
    if (!params || !*params) {
        return fail("no database given", "use --db or set KUNDENPORTAL_DB");
    }
    apr_dbd_init(p);
    rv = apr_dbd_get_driver(p, "mysql", &db->driver);
    if (rv != APR_SUCCESS) {
        return fail("cannot load the apr-util mysql driver", "install libaprutil1-dbd-mysql");
    }
    rv = apr_dbd_open(db->driver, p, params, &db->handle);
    if (rv != APR_SUCCESS || !db->handle) {
        /* The parameters hold a password: never print them. */
        return fail("cannot connect to the database", "check host, port, user and dbname");
    }
    db->prepared = apr_hash_make(p);
    db->lazy_tables = ctl_tables;
    {
        int n;
        apr_dbd_query(db->driver, db->handle, &n, "SET NAMES utf8mb4");
    }
    return 0;
}

/* Reads one line from stdin without its newline; the password never appears in argv. */
static const char *read_secret(apr_pool_t *p)
{
    char buf[4096];
    apr_size_t n;
    if (!fgets(buf, sizeof(buf), stdin)) {
        return NULL;
    }
    n = strlen(buf);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) {
        buf[--n] = '\0';
    }
    return n ? apr_pstrdup(p, buf) : NULL;
}

static void say_line(void *baton, const char *line)
{
    printf("%s\n", line);
}

static int cmd_migrate(apr_pool_t *p, kp_db *db, const char *sql_dir)
{
    int applied = 0, version = 0;
    const char *error = NULL;
    if (kp_migrate(db, p, sql_dir, &applied, say_line, NULL, &error) != APR_SUCCESS) {
        return fail("migration failed", error);
    }
    kp_schema_version(db, p, &version);
    printf("schema version %d (%d file%s applied)\n", version, applied, applied == 1 ? "" : "s");
    return 0;
}

static int cmd_tenant_list(apr_pool_t *p, kp_db *db)
{
    kp_rows *rows;
    int r;
    if (kp_hosting_list(db, p, &rows) != APR_SUCCESS) {
        return fail("cannot list the tenants", db->last_error);
    }
    printf("%-24s %8s %8s  %-16s  %-10s  %s\n", "SLUG", "PROJECTS", "ACCOUNTS", "LAST ACTIVITY",
           "CREATED", "NAME");
    for (r = 0; r < rows->nrows; r++) {
        printf("%-24s %8s %8s  %-16s  %-10s  %s\n", kp_cell(rows, r, 0), kp_cell(rows, r, 2),
               kp_cell(rows, r, 3), kp_cell(rows, r, 4), kp_cell(rows, r, 5), kp_cell(rows, r, 1));
    }
    return 0;
}

/* Irreversible, so the slug must be typed a second time (on stdin, so a script says it too). */
static int cmd_tenant_remove(apr_pool_t *p, kp_db *db, const char *slug)
{
    const char *id, *name, *confirm;
    apr_status_t rv;
    if (kp_tenant_find(db, p, slug, &id, &name) != APR_SUCCESS) {
        return fail("no such tenant", slug);
    }
    confirm = read_secret(p);
    if (!confirm || strcmp(confirm, slug) != 0) {
        return fail("not removed", "give the slug again on standard input to confirm");
    }
    rv = kp_hosting_remove(db, p, id);
    if (rv != APR_SUCCESS) {
        return fail("cannot remove the tenant", db->last_error);
    }
    printf("tenant %s (%s) removed with all its data\n", slug, name);
    return 0;
}

static int cmd_purge(apr_pool_t *p, kp_db *db, const char *audit_days)
{
    kp_purge_counts n;
    char *end = NULL;
    long days = audit_days ? strtol(audit_days, &end, 10) : 0;
    if (audit_days && (*end || days < 1 || days > 36500)) {
        return fail("AUDIT_DAYS is a number of days from 1 to 36500", audit_days);
    }
    if (kp_hosting_purge(db, p, (int)days, &n) != APR_SUCCESS) {
        return fail("purge failed", db->last_error);
    }
    printf("removed: %d sessions, %d login failure records, %d invitations, %d cancelled shifts,"
           " %d audit entries\n", n.sessions, n.login_failures, n.invitations, n.cancelled_shifts,
           n.audit_entries);
    return 0;
}

static int cmd_check(apr_pool_t *p, kp_db *db, const char *templates)
{
    int version = 0, problems = 0;
    const char *error = NULL;

    if (kp_schema_version(db, p, &version) != APR_SUCCESS) {
        return fail("database reachable, but the schema cannot be read", db->last_error);
    }
    printf("database: reachable\n");
    if (version < KP_SCHEMA_VERSION) {
        printf("schema: version %d, this build needs %d: run 'kundenportalctl migrate'\n", version,
               KP_SCHEMA_VERSION);
        problems++;
    }
    else {
        printf("schema: version %d (current)\n", version);
    }
    if (!kp_render_load(p, templates, &error)) {
        printf("templates: %s\n", error);
        problems++;
    }
    else {
        printf("templates: %s readable\n", templates);
    }
    return problems ? 1 : 0;
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *p;
    const char *params = getenv("KUNDENPORTAL_DB");
    const char *datadir = getenv("KUNDENPORTAL_DATADIR") ? getenv("KUNDENPORTAL_DATADIR") : KP_DATADIR;
    const char *sql_dir;
    const char *templates = NULL;
    kp_db db;
    int i = 1, rc;

    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&p, NULL);
    sql_dir = apr_pstrcat(p, datadir, "/sql", NULL);
    templates = apr_pstrcat(p, datadir, "/templates", NULL);
    for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (strcmp(argv[i], "--db") == 0) {
            params = argv[i + 1];
        }
        else if (strcmp(argv[i], "--sql") == 0) {
            sql_dir = argv[i + 1];
        }
        else if (strcmp(argv[i], "--templates") == 0) {
            templates = argv[i + 1];
        }
        else {
            usage();
            return 2;
        }
    }
    if (i >= argc) {
        usage();
        return 2;
    }

    if (strcmp(argv[i], "hash") == 0) {
        kp_hash_cost cost = {KP_HASH_DEFAULT_OPS, KP_HASH_DEFAULT_MEM_KIB};
        const char *pw, *hash;
        if (argc == i + 3) {  /* hash OPS MEM_KIB: as KundenportalPasswordHashCost */
            cost.ops = strtoull(argv[i + 1], NULL, 10);
            cost.mem_kib = (apr_size_t)strtoul(argv[i + 2], NULL, 10);
            if (cost.ops < 1 || cost.mem_kib < 8) {
                return fail("hash cost out of range", "OPS >= 1, MEM_KIB >= 8");
            }
        }
        pw = read_secret(p);
        if (!pw) {
            return fail("no password on standard input", NULL);
        }
        if (kp_password_hash(p, pw, &cost, &hash) != APR_SUCCESS) {
            return fail("hashing failed", NULL);
        }
        printf("%s\n", hash);
        return 0;
    }

    if (open_db(p, params, &db) != 0) {
        return 1;
    }
    if (strcmp(argv[i], "migrate") == 0 && argc == i + 1) {
        rc = cmd_migrate(p, &db, sql_dir);
    }
    else if (strcmp(argv[i], "check") == 0 && argc == i + 1) {
        rc = cmd_check(p, &db, templates);
    }
    else if (strcmp(argv[i], "tenant") == 0 && argc == i + 2 && strcmp(argv[i + 1], "list") == 0) {
        rc = cmd_tenant_list(p, &db);
    }
    else if (strcmp(argv[i], "tenant") == 0 && argc == i + 3 && strcmp(argv[i + 1], "remove") == 0) {
        rc = cmd_tenant_remove(p, &db, argv[i + 2]);
    }
    else if (strcmp(argv[i], "purge") == 0 && argc <= i + 2) {
        rc = cmd_purge(p, &db, argc == i + 2 ? argv[i + 1] : NULL);
    }
    else if (strcmp(argv[i], "tenant") == 0 && argc == i + 4 && strcmp(argv[i + 1], "add") == 0) {
        const char *id;
        apr_status_t rv = kp_tenant_add(&db, p, argv[i + 2], argv[i + 3], &id);
        if (rv == APR_EINVAL) {
            rc = fail("invalid slug or name", "a slug is 1-64 of a-z, 0-9 and '-'");
        }
        else if (rv == APR_EEXIST) {
            rc = fail("a tenant with this slug exists already", argv[i + 2]);
        }
        else if (rv != APR_SUCCESS) {
            rc = fail("cannot create the tenant", db.last_error);
        }
        else {
            printf("tenant %s created (id %s)\n", argv[i + 2], id);
            rc = 0;
        }
    }
    else if (strcmp(argv[i], "admin") == 0 && (argc == i + 4 || argc == i + 5)
             && strcmp(argv[i + 1], "add") == 0) {
        kp_hash_cost cost = {KP_HASH_DEFAULT_OPS, KP_HASH_DEFAULT_MEM_KIB};
        const char *tenant_id, *pw, *hash;
        const char *display = argc == i + 5 ? argv[i + 4] : argv[i + 3];
        if (kp_tenant_find(&db, p, argv[i + 2], &tenant_id, NULL) != APR_SUCCESS) {
            return fail("no such tenant", argv[i + 2]);
        }
        pw = read_secret(p);
        if (!pw) {
            return fail("no password on standard input", NULL);
        }
        switch (kp_password_check(pw, argv[i + 3])) {
        case KP_PASSWORD_OK:
            break;
        case KP_PASSWORD_TOO_SHORT:
            return fail("the password must have at least 10 characters", NULL);
        case KP_PASSWORD_COMMON:
            return fail("the password is one of the most common ones: choose another", NULL);
        case KP_PASSWORD_SAME_AS_USERNAME:
            return fail("the password must not be (or contain only) the username", NULL);
        default:
            return fail("the password is too long or not valid UTF-8", NULL);
        }
        if (kp_password_hash(p, pw, &cost, &hash) != APR_SUCCESS) {
            return fail("hashing failed", NULL);
        }
        if (kp_admin_add(&db, p, tenant_id, argv[i + 3], display, hash) != APR_SUCCESS) {
            return fail("cannot store the admin", db.last_error);
        }
        printf("admin %s of tenant %s is ready\n", argv[i + 3], argv[i + 2]);
        rc = 0;
    }
    else {
        usage();
        rc = 2;
    }
    apr_dbd_close(db.driver, db.handle);
    apr_pool_destroy(p);
    return rc;
}
