# lib.sh: shell functions shared by the scripts that run a private Apache of their own
# (scripts/demo.sh, t/bench/run.sh); sourced, not run.
# shellcheck shell=bash

# start_httpd CONF URL [TRIES]: checks CONF (apache2 -t, showing its errors if it fails), starts
# Apache on it in the foreground as a job of the calling shell, sets httpd_pid to its process
# id, and waits until URL answers (at most TRIES x 0.1 s, default 50).
start_httpd() {
    local conf=$1 url=$2 tries=${3:-50}
    apache2 -f "$conf" -t >/dev/null 2>&1 || apache2 -f "$conf" -t
    apache2 -f "$conf" -DFOREGROUND &
    # shellcheck disable=SC2034  # read by the caller (its stop_all, wait)
    httpd_pid=$!
    for _ in $(seq 1 "$tries"); do
        curl -s -o /dev/null "$url" && break
        sleep 0.1
    done
}

# stop_httpd: stops the Apache that start_httpd started (TERM, then KILL after 5 s).
stop_httpd() {
    if [ -n "${httpd_pid:-}" ] && kill -0 "$httpd_pid" 2>/dev/null; then
        kill -TERM "$httpd_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$httpd_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$httpd_pid" 2>/dev/null || true
    fi
}

# stop_leftovers RUN: stops the Apache and MariaDB of an earlier run in the folder RUN that was
# killed too hard to stop them itself.
stop_leftovers() {
    [ -f "$1/httpd.pid" ] && kill "$(cat "$1/httpd.pid")" 2>/dev/null || true
    "$(dirname "${BASH_SOURCE[0]}")/mariadb.sh" stop "$1/db" 2>/dev/null || true
}
