#!/usr/bin/env bash
# seed-demo.sh DBDIR: migrates the private database in DBDIR (see mariadb.sh) and loads the
# demo company with the demo logins of the README. Used by `make demo` and by the tests.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
db=${1:?usage: seed-demo.sh DBDIR}
ctl="$top/build/kundenportalctl"
export KUNDENPORTAL_DB="$(cat "$db/params")"

"$top/scripts/mariadb.sh" client "$db" -e "DROP DATABASE IF EXISTS kundenportal;
    CREATE DATABASE kundenportal CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
"$ctl" --sql "$top/sql" migrate >/dev/null

hash() { printf '%s\n' "$1" | "$ctl" hash; }
token() { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

{
    printf "SET @h_kunde = '%s';\n" "$(hash Kunde-Demo-2026)"
    printf "SET @h_planung = '%s';\n" "$(hash Planung-Demo-2026)"
    printf "SET @h_hausverwaltung = '%s';\n" "$(hash Hausverwaltung-Demo-2026)"
    printf "SET @t_project = '%s';\n" "$(token)"
    printf "SET @t_customer = '%s';\n" "$(token)"
    printf "SET @logo = X'%s';\n" "$(od -An -v -tx1 "$top/sql/demo-logo.png" | tr -d ' \n')"
    cat "$top/sql/demo.sql"
} | "$top/scripts/mariadb.sh" client "$db" kundenportal

printf '%s\n' 'Admin-Demo-2026' | "$ctl" admin add demo admin "Demo-Admin" >/dev/null
