/* kp_migrate.h: applies the numbered SQL files of sql/ that the database has not seen yet. */
#ifndef KP_MIGRATE_H
#define KP_MIGRATE_H

#include <apr_tables.h>
#include "kp_db.h"

/* Splits a migration file into statements: ';' at the end of a line, outside quotes and
 * comments, ends a statement. Comment-only pieces are dropped. */
apr_array_header_t *kp_sql_split(apr_pool_t *p, const char *text);

/* Reports progress (one line per applied file) through say, which may be NULL. */
typedef void (*kp_say_fn)(void *baton, const char *line);

/* Applies every sql_dir/NNN_*.sql newer than the schema version, each recorded in
 * schema_version. *applied counts the files run. */
apr_status_t kp_migrate(kp_db *db, apr_pool_t *p, const char *sql_dir, int *applied,
                        kp_say_fn say, void *baton, const char **error);

#endif
