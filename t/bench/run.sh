#!/usr/bin/env bash
# run.sh: `make bench`. Starts a private MariaDB and Apache, seeds a large and a small tenant,
# measures with wrk on loopback every row of t/bench/pages next to Apache's own baselines
# (a static 4 KB file; the same file behind mod_auth_basic + mod_authn_dbd with bcrypt), the
# login, and the resident memory of the Apache children over BENCH_REQUESTS requests; prints
# one table and checks the targets. Stops everything it started, also on Ctrl-C.
# Knobs: BENCH_DURATION (s per row, 10), BENCH_CONNECTIONS (32), BENCH_REQUESTS (1000000),
# BENCH_DB (socket or tcp: how Apache reaches MariaDB, socket), BENCH_QUICK=1 (a small
# "large" tenant, for trying the harness; its numbers prove nothing), BENCH_KEEP=1 (leave the
# stack running at the end, to profile it; stop it with Ctrl-C), BENCH_RUN (the folder of the
# stack, /tmp/kundenportal-bench).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib.sh"
bench=$top/t/bench
duration=${BENCH_DURATION:-10}
conns=${BENCH_CONNECTIONS:-32}
requests=${BENCH_REQUESTS:-1000000}
threads=2
run=${BENCH_RUN:-/tmp/kundenportal-bench}
httpd_pid=""
out_dir=$top/build/bench
mkdir -p "$out_dir"
result=$out_dir/result.txt

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
db() { "$top/scripts/mariadb.sh" client "$run/db" "$@"; }
stop_all() {
    trap - INT TERM EXIT
    stop_httpd
    "$top/scripts/mariadb.sh" stop "$run/db" || true
}
say() { echo "bench: $*" >&2; }

for tool in wrk curl htpasswd apache2; do
    command -v "$tool" >/dev/null || { say "$tool is missing (scripts/deps.sh run bench)"; exit 1; }
done
stop_leftovers "$run"
rm -rf "$run"
trap stop_all INT TERM EXIT

# ---- the stack -------------------------------------------------------------------------
"$top/scripts/stage.sh" "$run"
"$top/scripts/mariadb.sh" start "$run/db" >/dev/null
chmod 755 "$run/db"
export KUNDENPORTAL_DB="$(cat "$run/db/params")"
db -e "DROP DATABASE IF EXISTS kundenportal;
       CREATE DATABASE kundenportal CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
"$top/build/kundenportalctl" --sql "$top/sql" migrate >/dev/null

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
t0=$(date +%s)
if [ "${BENCH_QUICK:-0}" = 1 ]; then
    large=(100 1000 100000 100000 10000 10 1000)
else
    large=(1000 10000 1000000 1000000 100000 10 10000)
fi
small=(10 20 2000 2000 200 10 20)
say "seeding the large tenant: ${large[0]} projects, ${large[1]} accounts, ${large[2]} time entries, ${large[3]} messages, ${large[4]} shifts"
"$bench/seed.sh" "$run/db" gross "Große Gebäudedienste GmbH" "${large[@]}"
say "seeding the small tenant: ${small[0]} projects, ${small[1]} accounts, ${small[2]} time entries, ${small[3]} messages, ${small[4]} shifts"
"$bench/seed.sh" "$run/db" klein "Kleine Reinigung KG" "${small[@]}"
db kundenportal -e "ANALYZE TABLE project, portal, portal_account, session, time_entry, message,
                    plan_entry, document, customer, tenant" >/dev/null
seed_seconds=$(( $(date +%s) - t0 ))
say "seeded in ${seed_seconds}s"

# The basic-auth baseline: one user with a bcrypt hash of cost 10, read by mod_authn_dbd.
basic_hash=$(htpasswd -nbB -C 10 kunde Bench-Basic-2026 | cut -d: -f2)
db -e "CREATE DATABASE kp_bench_auth;
       CREATE TABLE kp_bench_auth.users (username VARCHAR(100) PRIMARY KEY, password VARCHAR(255) NOT NULL);
       INSERT INTO kp_bench_auth.users VALUES ('kunde', '$basic_hash');
       GRANT SELECT ON kp_bench_auth.* TO 'kp'@'127.0.0.1';
       GRANT SELECT ON kp_bench_auth.* TO 'kp'@'localhost';"
mkdir -p "$run/htdocs/protected"
head -c 4096 /dev/urandom | base64 -w 76 | head -c 4096 > "$run/htdocs/file4k.txt"
cp "$run/htdocs/file4k.txt" "$run/htdocs/protected/file4k.txt"
chmod -R a+rX "$run/htdocs"

port=$(free_port)
port2=$(free_port)
params=$(cat "$run/db/params")
if [ "${BENCH_DB:-socket}" = socket ]; then
    params=$(sed -e "s|host=[^ ]* port=[^ ]*|sock=$run/db/mysqld.sock|" <<<"$params")
fi
sed -e "s|@RUN@|$run|g" -e "s|@PORT@|$port|g" -e "s|@PORT2@|$port2|g" -e "s|@DBPARAMS@|$params|g" \
    "$bench/bench.conf.in" > "$run/httpd.conf"
start_httpd "$run/httpd.conf" "http://127.0.0.1:$port/file4k.txt" 100

# ---- logins and ids --------------------------------------------------------------------
login() { # PORT APP USER PASSWORD -> "kp_APP=token"
    local jar csrf
    jar=$(mktemp)
    csrf=$(curl -s -c "$jar" "http://127.0.0.1:$1/$2/login" \
           | sed -n 's/.*name="csrf" value="\([A-Za-z0-9_-]*\)".*/\1/p' | head -1)
    curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "csrf=$csrf" \
         --data-urlencode "username=$3" --data-urlencode "password=$4" "http://127.0.0.1:$1/$2/login"
    awk -v n="kp_$2" '$6 == n {print $6 "=" $7}' "$jar"
    rm -f "$jar"
}
declare -A cookie tenant_port project portal
for t in gross klein; do
    p=$port; [ $t = klein ] && p=$port2
    tenant_port[$t]=$p
    cookie[$t/kunde]=$(login "$p" portal kunde Bench-Kunde-2026)
    cookie[$t/verwaltung]=$(login "$p" portal verwaltung Bench-Kunde-2026)
    cookie[$t/leser]=$(login "$p" portal leser Bench-Kunde-2026)
    cookie[$t/admin]=$(login "$p" admin admin Bench-Admin-2026)
    for a in kunde verwaltung leser admin; do
        [ -n "${cookie[$t/$a]}" ] || { say "login of $a on $t failed; see $run/error.log"; exit 1; }
    done
    read -r project[$t] portal[$t] < <(db kundenportal -N -e "SELECT po.project_id, po.id FROM portal_account a
        JOIN portal po ON po.id = a.portal_id JOIN tenant t ON t.id = a.tenant_id
        WHERE t.slug = '$t' AND a.username = 'kunde'")
done

# ---- measuring ---------------------------------------------------------------------------
children() { ps --ppid "$httpd_pid" -o pid= | tr -d ' '; }
tck=$(getconf CLK_TCK)
mysqld_pid=$(cat "$run/db/mysqld.pid")
# CPU time (user + system, clock ticks) of the Apache children and MariaDB: what a request
# costs the server, whatever else runs on the machine.
ticks_of() { local t=0 pid; for pid in "$@"; do
    t=$((t + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
# ... and the prepared statements MariaDB has executed (how many a page needs; pings not counted).
statements() { db -N -e "SHOW GLOBAL STATUS LIKE 'Com_stmt_execute'" | awk '{print $2}'; }
cpu_ticks() { echo "$(ticks_of $(children)) $(ticks_of "$mysqld_pid") $(statements)"; }
cpu_per_request() { # "HTTPD_TICKS DB_TICKS" REQUESTS -> "httpd+db" microseconds per request
    local now
    now=$(cpu_ticks)
    awk -v b="$1" -v a="$now" -v n="$2" -v hz="$tck" 'BEGIN { split(b, x, " "); split(a, y, " ");
        if (!n) { print "-"; exit } printf "%.0f+%.0f", (y[1] - x[1]) * 1e6 / hz / n, (y[2] - x[2]) * 1e6 / hz / n }'
}
statements_per_request() { # "HTTPD_TICKS DB_TICKS STATEMENTS" REQUESTS -> statements per request
    awk -v b="$1" -v a="$(statements)" -v n="$2" 'BEGIN { split(b, x, " ");
        if (!n) { print "-"; exit } printf "%.1f", (a - x[3]) / n }'
}
# measure URL [COOKIE [BODY [CONNS]]]: sets rate p50 p99 cpu sql bad resets.
measure() {
    local line c0
    c0=$(cpu_ticks)
    line=$(BENCH_COOKIE=${2:-} BENCH_BODY=${3:-} BENCH_PATHS="" \
           wrk -t"$threads" -c"${4:-$conns}" -d"${duration}s" --timeout 10s -s "$bench/wrk.lua" "$1" \
           | grep '^BENCH ')
    read -r _ n rate p50 p99 s1 s2 <<<"$line"
    bad=$s1 resets=$s2
    cpu=$(cpu_per_request "$c0" "$n")
    sql=$(statements_per_request "$c0" "$n")
}
# What went wrong in a run: answers other than 2xx/3xx are errors; "resets" are keep-alive
# connections the event MPM closed under full load (wrk reconnects; the static file has them too).
issues() {
    local n=""
    [ "$bad" = 0 ] || n="$bad non-2xx/3xx answers"
    [ "$resets" = 0 ] || n="${n:+$n, }$resets resets"
    echo "$n"
}
status_of() { curl -s -o /dev/null -w '%{http_code}' -H "Cookie: ${2:-}" "$1"; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }

rows=()          # "label|tenant|rate|p50|p99|cpu|sql|note"
declare -A rate_of p99_of
add_row() { rows+=("$1|$2|$3|$4|$5|$6|$7|$8"); }   # label tenant rate p50 p99 cpu sql note

say "warming up"
BENCH_COOKIE=${cookie[gross/verwaltung]} wrk -t2 -c"$conns" -d3s -s "$bench/wrk.lua" \
    "http://127.0.0.1:$port/portal/" >/dev/null
wrk -t2 -c"$conns" -d2s "http://127.0.0.1:$port/file4k.txt" >/dev/null

say "static 4 KB file"
measure "http://127.0.0.1:$port/file4k.txt"
static_rate=$rate
add_row "static 4 KB file (baseline)" - "$rate" "$p50" "$p99" "$cpu" "$sql" "$(issues)"
rate_of[static]=$rate p99_of[static]=$p99

say "the same file behind mod_auth_basic + mod_authn_dbd (bcrypt cost 10)"
basic=$(printf 'kunde:Bench-Basic-2026' | base64 -w0)
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Basic $basic" \
      "http://127.0.0.1:$port/protected/file4k.txt")" = 200 ] || { say "basic auth baseline does not answer 200"; exit 1; }
c0=$(cpu_ticks)
# bcrypt makes every request ~70 ms of CPU: 8 connections keep both cores busy; more would
# only queue (and a short run would finish no request at all).
line=$(BENCH_COOKIE="" wrk -t"$threads" -c8 -d"$(( duration > 10 ? duration : 10 ))s" --timeout 10s \
       -H "Authorization: Basic $basic" -s "$bench/wrk.lua" "http://127.0.0.1:$port/protected/file4k.txt" | grep '^BENCH ')
read -r _ n rate p50 p99 bad resets <<<"$line"
add_row "same file, basic auth + authn_dbd, bcrypt 10 (8 conns)" - "$rate" "$p50" "$p99" "$(cpu_per_request "$c0" "$n")" \
    "$(statements_per_request "$c0" "$n")" "$(issues)"
basic_rate=$rate

rss_paths=()
while read -r name tenants account path; do
    case "$name" in ''|'#'*) continue ;; esac
    for t in gross klein; do
        [ "$tenants" = both ] || [ $t = gross ] || continue
        url_path=${path//\{project\}/${project[$t]}}
        url_path=${url_path//\{portal\}/${portal[$t]}}
        url="http://127.0.0.1:${tenant_port[$t]}$url_path"
        label="$name  $path"
        tname=large; [ $t = klein ] && tname=small
        code=$(status_of "$url" "${cookie[$t/$account]}")
        if [ "$code" = 404 ]; then
            add_row "$label" "$tname" "" "" "" "" "" "not built yet (404)"
            continue
        elif [ "$code" != 200 ]; then
            add_row "$label" "$tname" "" "" "" "" "" "answers $code, not measured"
            continue
        fi
        say "$name on the $tname tenant ($account)"
        measure "$url" "${cookie[$t/$account]}"
        code=$(status_of "$url" "${cookie[$t/$account]}")
        note=$(issues)
        [ "$code" = 200 ] || note="$note; answers $code after the run"
        add_row "$label" "$tname" "$rate" "$p50" "$p99" "$cpu" "$sql" "$note"
        rate_of[$t/$name]=$rate p99_of[$t/$name]=$p99
        # the memory check runs them as kunde and admin, each path once
        if [ $t = gross ] && [[ " ${rss_paths[*]} " != *" $url_path "* ]]; then
            rss_paths+=("$url_path")
        fi
    done
done < "$bench/pages"

# ---- resident memory over BENCH_REQUESTS requests -------------------------------------------
rss_of() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
declare -A rss_before
for c in $(children); do rss_before[$c]=$(rss_of "$c"); done
rss_cookie="${cookie[gross/kunde]}; ${cookie[gross/admin]}"
say "$requests requests over ${#rss_paths[@]} pages for the memory check"
# wrk runs for a duration: chunks sized from the last chunk's rate until enough were served.
t0=$(date +%s)
rss_requests=0 rss_errors=0 chunk=5
while [ "$rss_requests" -lt "$requests" ]; do
    line=$(BENCH_COOKIE=$rss_cookie BENCH_PATHS="${rss_paths[*]}" \
           wrk -t"$threads" -c"$conns" -d"${chunk}s" --timeout 10s -s "$bench/wrk.lua" "http://127.0.0.1:$port/" \
           | grep '^BENCH ')
    read -r _ n r _ _ s1 s2 <<<"$line"
    rss_requests=$((rss_requests + n))
    rss_errors=$((rss_errors + s1))
    say "  $rss_requests requests"
    chunk=$(awk -v left=$((requests - rss_requests)) -v r="$r" \
            'BEGIN { d = int(left / (r > 0 ? r : 1)) + 1; print (d > 30 ? 30 : d) }')
done
rss_seconds=$(( $(date +%s) - t0 ))
rss_lines=()
rss_max_growth=0
for c in $(children); do
    before=${rss_before[$c]:-}
    after=$(rss_of "$c")
    if [ -z "$before" ]; then
        rss_lines+=("child $c: started during the run (a child was replaced), now $((after / 1024)) MiB")
        rss_max_growth=999999
        continue
    fi
    growth=$((after - before))
    [ "$growth" -gt "$rss_max_growth" ] && rss_max_growth=$growth
    rss_lines+=("child $c: $(awk -v b="$before" -v a="$after" -v g="$growth" \
        'BEGIN { printf "%.1f MiB -> %.1f MiB (%+.1f MiB)", b / 1024, a / 1024, g / 1024 }')")
done

say "login (argon2id at the module's default cost)"
jar=$(mktemp)
csrf=$(curl -s -c "$jar" "http://127.0.0.1:$port/portal/login" \
       | sed -n 's/.*name="csrf" value="\([A-Za-z0-9_-]*\)".*/\1/p' | head -1)
rm -f "$jar"
login_body="csrf=$csrf&username=kunde&password=Bench-Kunde-2026"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: kp_csrf=$csrf" --data "$login_body" \
      "http://127.0.0.1:$port/portal/login")" = 303 ] || { say "login POST does not answer 303"; exit 1; }
measure "http://127.0.0.1:$port/portal/login" "kp_csrf=$csrf" "$login_body"
hash_slots=2
hash_mib=$(( 2 * hash_slots * 19 ))
add_row "login  POST /portal/login (logins/s)" large "$rate" "$p50" "$p99" "$cpu" "$sql" \
    "hash-bound: at most 2 children x $hash_slots hashes x 19 MiB = $hash_mib MiB; $(issues)"
login_rate=$rate

# ---- the table ---------------------------------------------------------------------------
{
    echo
    echo "mod_kundenportal benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; $(. /etc/os-release; echo "$PRETTY_NAME"), $(apache2 -v | sed -n 's/^Server version: //p'), $(mariadb --version | grep -o '[0-9.]*-MariaDB')"
    echo "load average before the run: $load_before; at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every row alike)"
    echo "wrk -t$threads -c$conns -d${duration}s on loopback, keep-alive; Apache mpm_event 2 x 32 threads; MariaDB over ${BENCH_DB:-socket}"
    echo "large tenant: ${large[0]} projects, ${large[1]} accounts, ${large[2]} time entries, ${large[3]} messages, ${large[4]} shifts, $((large[0] * large[5])) documents, ${large[6]} sessions (seeded in ${seed_seconds}s)"
    echo "small tenant: ${small[0]} projects, ${small[1]} accounts, ${small[2]} time entries, ${small[3]} messages, ${small[4]} shifts"
    echo
    printf '%-54s %-6s %9s %8s %8s %8s %11s %7s  %s\n' "what" tenant "req/s" "p50 ms" "p99 ms" "x static" "CPU us/req" "SQL/req" note
    printf '%.0s-' $(seq 1 128); echo
    for row in "${rows[@]}"; do
        IFS='|' read -r label tn rate p50 p99 cpu sql note <<<"$row"
        if [ -n "$rate" ]; then
            printf '%-54s %-6s %9.0f %8s %8s %8s %11s %7s  %s\n' "$label" "$tn" "$rate" "$(ms "$p50")" "$(ms "$p99")" \
                "$(awk -v a="$rate" -v b="$static_rate" 'BEGIN { printf "%.2f", a / b }')" "$cpu" "$sql" "$note"
        else
            printf '%-54s %-6s %9s %8s %8s %8s %11s %7s  %s\n' "$label" "$tn" - - - - - - "$note"
        fi
    done
    echo "(CPU us/req: CPU time per request of the Apache children + of MariaDB, user + system;"
    echo " SQL/req: prepared statements MariaDB executed per request, the ping of every request not counted)"
    echo
    echo "large vs small tenant (time per page, large / small):"
    while read -r name tenants account path; do
        case "$name" in ''|'#'*) continue ;; esac
        [ "$tenants" = both ] || continue
        if [ -n "${rate_of[gross/$name]:-}" ] && [ -n "${rate_of[klein/$name]:-}" ]; then
            printf '  %-16s %.2f\n' "$name" "$(awk -v l="${rate_of[gross/$name]}" -v s="${rate_of[klein/$name]}" 'BEGIN { print s / l }')"
        else
            printf '  %-16s not built yet\n' "$name"
        fi
    done < "$bench/pages"
    echo
    echo "resident memory of the Apache children over $rss_requests requests (${rss_seconds}s, $rss_errors non-2xx/3xx answers):"
    for l in "${rss_lines[@]}"; do echo "  $l"; done
    echo
    echo "targets:"
    check() { printf '  %-4s %s\n' "$([ "$1" = 1 ] && echo ok || echo MISS)" "$2"; }
    for name in portal portal-read project times messages documents planning.ics qr.png admin-projects; do
        r=${rate_of[gross/$name]:-}
        [ -n "$r" ] || continue
        case $name in portal|portal-read|project|times|messages|documents)
            check "$(awk -v r="$r" -v s="$static_rate" 'BEGIN { print (r >= 0.5 * s) ? 1 : 0 }')" \
                "$name: req/s >= 0.5 x static" ;;
        esac
        check "$(awk -v p="${p99_of[gross/$name]}" 'BEGIN { print (p <= 10000) ? 1 : 0 }')" \
            "$name: p99 <= 10 ms at $conns connections (large tenant)"
        if [ -n "${rate_of[klein/$name]:-}" ]; then
            check "$(awk -v l="$r" -v s="${rate_of[klein/$name]}" 'BEGIN { print (s / l <= 1.3) ? 1 : 0 }')" \
                "$name: large tenant <= 1.3 x the small tenant's time per page"
            check "$(awk -v p="${p99_of[klein/$name]}" 'BEGIN { print (p <= 10000) ? 1 : 0 }')" \
                "$name: p99 <= 10 ms at $conns connections (small tenant)"
        fi
        check "$(awk -v r="$r" -v b="$basic_rate" 'BEGIN { print (b > 0 && r >= 100 * b) ? 1 : 0 }')" \
            "$name: >= 100 x the basic-auth baseline"
    done
    check "$([ "$rss_max_growth" -le $((8 * 1024)) ] && echo 1 || echo 0)" \
        "child RSS grows by <= 8 MiB over $rss_requests requests"
    echo "  (login: $login_rate logins/s, bound by the password hash; not a target)"
} | tee "$result"
say "table saved in ${result#"$top/"}"

if [ "${BENCH_KEEP:-0}" = 1 ]; then
    say "stack left running on http://127.0.0.1:$port/ (large) and :$port2 (small); Ctrl-C stops it"
    printf 'kunde: %s\nverwaltung: %s\nleser: %s\nadmin: %s\n' "${cookie[gross/kunde]}" \
        "${cookie[gross/verwaltung]}" "${cookie[gross/leser]}" "${cookie[gross/admin]}" > "$run/cookies"
    wait "$httpd_pid" || true
fi
