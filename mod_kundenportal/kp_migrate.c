/* kp_migrate.c: reads sql/NNN_*.sql in order and applies those newer than schema_version. */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <apr_file_info.h>
#include "kp_migrate.h"
#include "kp_tenant.h"

static int only_comments_or_space(const char *s)
{
    while (*s) {
        if (*s == '-' && s[1] == '-') {
            while (*s && *s != '\n') {
                s++;
            }
        }
        else if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
            s++;
        }
        else {
            return 0;
        }
    }
    return 1;
}

apr_array_header_t *kp_sql_split(apr_pool_t *p, const char *text)
{
    apr_array_header_t *out = apr_array_make(p, 16, sizeof(const char *));
    const char *start = text, *s = text;
    char quote = 0;

    while (*s) {
        if (quote) {
            if (*s == '\\' && s[1]) {
                s += 2;
                continue;
            }
            if (*s == quote) {
                quote = 0;
            }
            s++;
            continue;
        }
        if (*s == '\'' || *s == '"' || *s == '`') {
            quote = *s++;
            continue;
        }
        if (*s == '-' && s[1] == '-') {
            while (*s && *s != '\n') {
                s++;
            }
            continue;
        }
        if (*s == ';') {
            const char *after = s + 1;
            while (*after == ' ' || *after == '\t' || *after == '\r') {
                after++;
            }
            if (*after == '\n' || *after == '\0') {
                char *stmt = apr_pstrndup(p, start, (apr_size_t)(s - start));
                if (!only_comments_or_space(stmt)) {
                    APR_ARRAY_PUSH(out, const char *) = stmt;
                }
                start = s + 1;
            }
        }
        s++;
    }
    if (!only_comments_or_space(start)) {
        APR_ARRAY_PUSH(out, const char *) = apr_pstrdup(p, start);
    }
    return out;
}

static int migration_number(const char *name)
{
    if (strlen(name) < 8 || name[3] != '_' || strcmp(name + strlen(name) - 4, ".sql") != 0) {
        return -1;
    }
    if (name[0] < '0' || name[0] > '9' || name[1] < '0' || name[1] > '9' || name[2] < '0'
        || name[2] > '9') {
        return -1;
    }
    return atoi(name);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

apr_status_t kp_migrate(kp_db *db, apr_pool_t *p, const char *sql_dir, int *applied,
                        kp_say_fn say, void *baton, const char **error)
{
    apr_array_header_t *names = apr_array_make(p, 8, sizeof(const char *));
    apr_dir_t *dir;
    apr_finfo_t fi;
    int current, i;

    *applied = 0;
    if (kp_schema_version(db, p, &current) != APR_SUCCESS) {
        *error = apr_psprintf(p, "cannot read the schema version: %s", db->last_error);
        return APR_EGENERAL;
    }
    if (apr_dir_open(&dir, sql_dir, p) != APR_SUCCESS) {
        *error = apr_psprintf(p, "cannot open %s", sql_dir);
        return APR_ENOENT;
    }
    while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, dir) == APR_SUCCESS) {
        if (fi.filetype == APR_REG && migration_number(fi.name) > 0) {
            APR_ARRAY_PUSH(names, const char *) = apr_pstrdup(p, fi.name);
        }
    }
    apr_dir_close(dir);
    qsort(names->elts, (size_t)names->nelts, sizeof(const char *), by_name);

    for (i = 0; i < names->nelts; i++) {
        const char *name = APR_ARRAY_IDX(names, i, const char *);
        int number = migration_number(name);
        apr_file_t *f;
        apr_finfo_t info;
        apr_array_header_t *stmts;
        char *text;
        apr_size_t len;
        int s;

        if (number <= current) {
            continue;
        }
        if (apr_file_open(&f, apr_pstrcat(p, sql_dir, "/", name, NULL), APR_FOPEN_READ, 0, p)
                != APR_SUCCESS
            || apr_file_info_get(&info, APR_FINFO_SIZE, f) != APR_SUCCESS) {
            *error = apr_psprintf(p, "cannot read %s/%s", sql_dir, name);
            return APR_ENOENT;
        }
        len = (apr_size_t)info.size;
        text = apr_palloc(p, len + 1);
        if (apr_file_read_full(f, text, len, &len) != APR_SUCCESS) {
            apr_file_close(f);
            *error = apr_psprintf(p, "cannot read %s/%s", sql_dir, name);
            return APR_EGENERAL;
        }
        apr_file_close(f);
        text[len] = '\0';
        stmts = kp_sql_split(p, text);
        for (s = 0; s < stmts->nelts; s++) {
            int n = 0;
            /* Migration files are trusted DDL shipped with the code; nothing in them comes
             * from a request. */
            int rv = apr_dbd_query(db->driver, db->handle, &n, APR_ARRAY_IDX(stmts, s, const char *));
            if (rv != 0) {
                const char *msg = apr_dbd_error(db->driver, db->handle, rv);
                *error = apr_psprintf(p, "%s, statement %d: %s", name, s + 1, msg ? msg : "failed");
                return APR_EGENERAL;
            }
        }
        if (kp_exec(db, p, "schema_version_add", NULL, kp_db_int(p, number)) != APR_SUCCESS) {
            *error = apr_psprintf(p, "%s: cannot record the version: %s", name, db->last_error);
            return APR_EGENERAL;
        }
        (*applied)++;
        if (say) {
            say(baton, apr_psprintf(p, "applied %s", name));
        }
    }
    return APR_SUCCESS;
}
