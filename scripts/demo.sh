#!/usr/bin/env bash
# demo.sh: `make demo`. Starts a private MariaDB and a private Apache with the module and the
# demo company on http://127.0.0.1:$PORT/ (default 8080), stays in the foreground, and stops
# everything it started on Ctrl-C (SIGINT) or SIGTERM.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib.sh"
port=${PORT:-8080}
run=/tmp/kundenportal-demo-$port
httpd_pid=""

stop_all() {
    trap - INT TERM EXIT
    echo
    echo "Stopping the demo ..."
    stop_httpd
    "$top/scripts/mariadb.sh" stop "$run/db"
    echo "Stopped."
}

if curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
    echo "demo.sh: something already answers on port $port; stop it or use PORT=..." >&2
    exit 1
fi
stop_leftovers "$run"

trap stop_all INT TERM EXIT
"$top/scripts/stage.sh" "$run"
"$top/scripts/mariadb.sh" start "$run/db"
"$top/scripts/seed-demo.sh" "$run/db"
params=$(cat "$run/db/params")
sed -e "s|@RUN@|$run|g" -e "s|@PORT@|$port|g" -e "s|@DBPARAMS@|$params|g" \
    "$top/conf/demo.conf.in" > "$run/httpd.conf"
start_httpd "$run/httpd.conf" "http://127.0.0.1:$port/portal/login"
project_token=$("$top/scripts/mariadb.sh" client "$run/db" kundenportal -N -e \
    "SELECT link_token FROM portal WHERE project_id IS NOT NULL LIMIT 1")

cat <<INFO

  mod_kundenportal demo is running.

  Customer portal:      http://127.0.0.1:$port/portal/
  Portal link (QR):     http://127.0.0.1:$port/portal/p/$project_token
  Web administration:   http://127.0.0.1:$port/admin/

  Logins
    admin           / Admin-Demo-2026           (web administration)
    kunde           / Kunde-Demo-2026           (project portal, every area)
    planung         / Planung-Demo-2026         (project portal, planning only)
    hausverwaltung  / Hausverwaltung-Demo-2026  (customer portal: documents, messages, requests)

  Logs: $run/error.log   Press Ctrl-C to stop.

INFO
wait "$httpd_pid" || true
