#!/usr/bin/env bash
# check-config-merge.sh CONFIG.c: every field of kp_srv_conf and kp_dir_conf (mod_kp.h) must be
# initialised in its create function and handled in its merge function: a field forgotten in
# merge silently loses its vhost or directory value, the commonest Apache-module bug.
set -euo pipefail
src=${1:?usage: check-config-merge.sh mod_kp_config.c}
header=$(dirname "$src")/mod_kp.h
status=0

fields_of() { # struct name -> field names
    awk -v s="$1" '$0 ~ "^typedef struct " s " \\{" {on=1; next} on && /^\}/ {exit}
        on && /;/ { line=$0; sub(/\/\*.*$/, "", line); gsub(/[;*]/, " ", line); n=split(line, w, " "); print w[n] }' "$header"
}
body_of() { # function name -> its body
    awk -v f="$1" '$0 ~ f "\\(" && $0 !~ /;$/ {on=1} on {print} on && /^\}/ {exit}' "$src"
}

check() { # struct create merge
    local fields create merge f
    fields=$(fields_of "$1")
    [ -n "$fields" ] || { echo "check-config-merge: no fields found for $1" >&2; exit 1; }
    create=$(body_of "$2")
    merge=$(body_of "$3")
    for f in $fields; do
        if ! grep -qE "(->|\()$f\b" <<<"$create"; then
            echo "check-config-merge: $1.$f is not initialised in $2" >&2; status=1
        fi
        if ! grep -qE "\($f\)|->$f\b" <<<"$merge"; then
            echo "check-config-merge: $1.$f is not merged in $3" >&2; status=1
        fi
    done
    echo "check-config-merge: $1: $(wc -w <<<"$fields") fields created and merged"
}

check kp_srv_conf kp_create_srv_conf kp_merge_srv_conf
check kp_dir_conf kp_create_dir_conf kp_merge_dir_conf
exit $status
