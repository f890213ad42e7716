#!/usr/bin/env bash
# stage.sh DIR: copies what a running Apache needs (module, kundenportalctl, templates, static
# files, migrations) into DIR, readable by the unprivileged user Apache's children run as.
# The checkout itself may sit where that user cannot enter (e.g. under /root).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: stage.sh DIR}
mkdir -p "$dir/htdocs"
chmod 755 "$dir"
cp "$top/mod_kundenportal/.libs/mod_kundenportal.so" "$dir/"
cp "$top/build/kundenportalctl" "$dir/"
rm -rf "$dir/templates" "$dir/static" "$dir/sql"
cp -r "$top/htdocs/templates" "$top/htdocs/static" "$top/sql" "$dir/"
chmod -R a+rX "$dir/templates" "$dir/static" "$dir/sql" "$dir/htdocs"
