#!/usr/bin/env bash
# run-tests.sh [--unit-only | --long | --only TEST...]: runs every test family against real parts and ends with the
# line "N passed, N failed". Unit tests (cmocka) run in place; the integration suite
# (Apache::Test) runs as an unprivileged user over a copy under /tmp, against a private
# MariaDB and a private Apache with the staged module. Exit status 1 on any failure.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
passed=0
failed=0
failures=()

count_tap() { # count_tap NAME FILE EXIT_STATUS
    local name=$1 file=$2 status=$3 ok bad
    ok=$(grep -cE '^[[:space:]]*ok [0-9]+' "$file" || true)
    bad=$(grep -cE '^[[:space:]]*not ok [0-9]+' "$file" || true)
    if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
        bad=1   # died before reporting: a failure, never a silent pass
    fi
    if [ "$ok" -eq 0 ] && [ "$bad" -eq 0 ]; then
        bad=1   # ran no test at all
    fi
    passed=$((passed + ok))
    failed=$((failed + bad))
    [ "$bad" -eq 0 ] || failures+=("$name")
}

echo "== unit tests (cmocka)"
for bin in "$top"/build/unit/test_*; do
    [ -x "$bin" ] || continue
    out=$(mktemp)
    (cd "$top" && CMOCKA_MESSAGE_OUTPUT=TAP "$bin") >"$out" 2>&1
    status=$?
    grep -E '^(not )?ok ' "$out" | grep -v '^ok' || true
    count_tap "$(basename "$bin")" "$out" "$status"
    printf '   %-24s %s\n' "$(basename "$bin")" "$(grep -cE '^ok ' "$out") ok"
    rm -f "$out"
done

if [ "${1:-}" = "--unit-only" ]; then
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]; exit
fi

# integration LABEL MODULE [TEST ARGS...]: the Apache::Test suite against MODULE, on a fresh
# private MariaDB, in a fresh copy under /tmp. With KP_ASAN set, Apache runs with the sanitizer
# runtimes preloaded and every sanitizer report fails the pass.
integration() {
    local label=$1 module=$2 it out status ctl reports
    shift 2
    echo "== integration tests ($label: real Apache + MariaDB)"
    it=$(mktemp -d /tmp/kp-it.XXXXXX)
    chmod 755 "$it"
    current_it=$it
    cp -r "$top/t" "$top/scripts" "$it/"
    mkdir -p "$it/src" && cp "$top"/mod_kundenportal/*.[ch] "$it/src/"   # t/perf/explain.t reads the statements
    cp -r "$top/node_modules" "$it/"
    rm -rf "$it/t/logs" "$it/t/conf/httpd.conf" "$it/t/conf/extra.conf" "$it/t/conf/apache_test_config.pm"
    "$top/scripts/stage.sh" "$it/stage"
    cp "$module" "$it/stage/mod_kundenportal.so"
    "$top/scripts/routes.sh" "$top/mod_kundenportal" > "$it/t/data/routes.txt"
    mkdir -p "$it/sanitizer"
    chown -R nobody:nogroup "$it"

    runuser -u nobody -- "$it/scripts/mariadb.sh" start "$it/db" >/dev/null \
        || { echo "MariaDB did not start"; count_tap "$label" /dev/null 1; return; }
    "$top/scripts/seed-demo.sh" "$it/db" || { echo "seeding the demo data failed"; count_tap "$label" /dev/null 1; return; }
    ctl="$top/build/kundenportalctl"
    (
        export KUNDENPORTAL_DB="$(cat "$it/db/params")"
        "$ctl" tenant add zweite "Zweite Firma GmbH" >/dev/null
        printf '%s\n' 'Chef-Zweite-2026' | "$ctl" admin add zweite chef "Chefin Zwei" >/dev/null
        {
            printf "SET @h_fremd = '%s';\n" "$(printf '%s\n' Fremd-Konto-2026 | "$ctl" hash)"
            printf "SET @t_fremd = '%s';\n" "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
            cat "$top/t/data/tenant2.sql"
        } | "$top/scripts/mariadb.sh" client "$it/db" kundenportal
    ) || { echo "seeding tenant 2 failed"; count_tap "$label" /dev/null 1; return; }

    local httpd=() sanitizer_env=()
    if [ -n "${KP_ASAN:-}" ]; then
        httpd=(-httpd "$it/scripts/sanitized-httpd.sh")
        sanitizer_env=(KP_SANITIZER_PRELOAD="$KP_ASAN"
            ASAN_OPTIONS="detect_leaks=0:halt_on_error=0:log_path=$it/sanitizer/asan"
            UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=0:log_path=$it/sanitizer/ubsan")
    fi
    out=$(mktemp)
    (
        cd "$it" && runuser -u nobody -- env HOME="$it" PATH="$PATH" "${sanitizer_env[@]}" \
            KP_STAGE="$it/stage" KP_DBD_PARAMS="$(cat "$it/db/params")" \
            KP_DB_PORT="$(cat "$it/db/port")" KP_DB_PASS="$(cat "$it/db/password")" \
            KP_DB_DIR="$it/db" KP_SCRIPTS="$it/scripts" KP_SOURCE="$it/src" KUNDENPORTAL_DB="$(cat "$it/db/params")" \
            perl t/TEST -apxs "$(command -v apxs)" "${httpd[@]}" -httpd_conf "$it/t/conf/inherit.conf" \
            -port select -verbose "$@"
    ) 2>&1 | tee "$out"
    status=${PIPESTATUS[0]}
    grep -q 'Result: PASS' "$out" || [ "$status" -ne 0 ] || status=1
    count_tap "$label" "$out" "$status"
    rm -f "$out"
    if [ -n "${KP_ASAN:-}" ]; then
        reports=$(find "$it/sanitizer" -type f | wc -l)
        echo "   sanitizer reports: $reports"
        if [ "$reports" -eq 0 ]; then
            passed=$((passed + 1))
        else
            mkdir -p "$top/build/test-logs/sanitizer"
            cp "$it"/sanitizer/* "$top/build/test-logs/sanitizer/"
            head -40 "$it"/sanitizer/*
            failed=$((failed + 1)); failures+=("$label: sanitizer reports in build/test-logs/sanitizer")
        fi
    fi
    cleanup
}

current_it=""
cleanup() {
    local it=$current_it
    [ -n "$it" ] || return 0
    runuser -u nobody -- "$it/scripts/mariadb.sh" stop "$it/db" >/dev/null 2>&1
    if [ -f "$it/t/logs/httpd.pid" ]; then kill "$(cat "$it/t/logs/httpd.pid")" 2>/dev/null; fi
    mkdir -p "$top/build/test-logs"
    cp "$it"/t/logs/error_log "$top/build/test-logs/" 2>/dev/null
    rm -rf "$top/build/test-artifacts"
    cp -r "$it/t/artifacts" "$top/build/test-artifacts" 2>/dev/null
    rm -rf "$it"
    current_it=""
}
trap cleanup EXIT

if [ "${1:-}" = "--only" ]; then
    shift
    integration "integration (only $*)" "$top/mod_kundenportal/.libs/mod_kundenportal.so" "$@"
elif [ "${1:-}" = "--long" ]; then
    integration "long tests" "$top/mod_kundenportal/.libs/mod_kundenportal.so" t/long
else
    # Every test directory but t/long (the slow attacks of `make test-long`).
    dirs=()
    for d in "$top"/t/*/; do
        d=$(basename "$d")
        [ "$d" != long ] && compgen -G "$top/t/$d/*.t" >/dev/null && dirs+=("t/$d")
    done
    integration "integration" "$top/mod_kundenportal/.libs/mod_kundenportal.so" "${dirs[@]}"
    if [ -n "${KP_ASAN_MODULE:-}" ]; then
        KP_ASAN="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)" \
            integration "integration, ASan+UBSan build" "$top/$KP_ASAN_MODULE" "${dirs[@]}"
    fi
    if [ -n "${KP_FUZZ_SECONDS:-}" ]; then
        echo "== fuzzing (libFuzzer, ${KP_FUZZ_SECONDS}s per harness, two at a time)"
        out=$(mktemp)
        "$top/scripts/fuzz.sh" "$KP_FUZZ_SECONDS" "$top"/build/fuzz/fuzz_* | tee "$out"
        count_tap "fuzzing" "$out" "${PIPESTATUS[0]}"
        rm -f "$out"
    fi
fi

echo
[ ${#failures[@]} -eq 0 ] || echo "failing: ${failures[*]} (Apache error log: build/test-logs/error_log)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
