#!/usr/bin/env bash
# mariadb.sh start|stop DIR [PORT]: a private MariaDB in DIR (data, socket, log), for the demo
# and the tests. `start` creates the database `kundenportal` and the user `kp` on first use and
# writes DIR/params (the DBDParams line) and DIR/port.
set -euo pipefail
cmd=${1:?usage: mariadb.sh start|stop DIR [PORT]}
dir=${2:?usage: mariadb.sh start|stop DIR [PORT]}
sock="$dir/mysqld.sock"

free_port() {
    perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1")->sockport, "\n"'
}

client() { mariadb --no-defaults --socket="$sock" -uroot "$@"; }

case "$cmd" in
start)
    mkdir -p "$dir"
    port=${3:-$(free_port)}
    if [ ! -d "$dir/data/mysql" ]; then
        mariadb-install-db --no-defaults --datadir="$dir/data" --user="$(id -un)" \
            --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 \
            || { cat "$dir/install.log" >&2; exit 1; }
    fi
    mariadbd --no-defaults --datadir="$dir/data" --socket="$sock" --port="$port" \
        --bind-address=127.0.0.1 --user="$(id -un)" --skip-name-resolve --pid-file="$dir/mysqld.pid" \
        --log-error="$dir/mysqld.log" --character-set-server=utf8mb4 \
        --collation-server=utf8mb4_unicode_ci --innodb-buffer-pool-size=256M \
        --max-connections=500 &   # max_allowed_packet as MariaDB ships it (16 MiB), as hosts have it
    for _ in $(seq 1 100); do
        mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null 2>&1 \
        || { echo "mariadb.sh: MariaDB did not start, see $dir/mysqld.log" >&2; tail -20 "$dir/mysqld.log" >&2; exit 1; }
    # Apache connects over TCP: wait until the port answers too (ping says "alive" even when
    # the user is refused).
    for _ in $(seq 1 100); do
        mariadb-admin --no-defaults --host=127.0.0.1 --port="$port" --connect-timeout=1 -uping ping \
            >/dev/null 2>&1 && break
        sleep 0.1
    done
    if [ ! -f "$dir/password" ]; then
        # Letters and digits only: DBDParams splits on space , ; |
        head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$dir/password"
    fi
    pass=$(cat "$dir/password")
    client -e "CREATE DATABASE IF NOT EXISTS kundenportal CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
               CREATE USER IF NOT EXISTS 'kp'@'127.0.0.1' IDENTIFIED BY '$pass';
               CREATE USER IF NOT EXISTS 'kp'@'localhost' IDENTIFIED BY '$pass';
               GRANT ALL ON kundenportal.* TO 'kp'@'127.0.0.1';
               GRANT ALL ON kundenportal.* TO 'kp'@'localhost';"
    echo "$port" > "$dir/port"
    echo "host=127.0.0.1 port=$port user=kp pass=$pass dbname=kundenportal reconnect=0" > "$dir/params"
    ;;
stop)
    # The pid before the shutdown: the server removes its pid file early in the shutdown, and a
    # start while the old process still holds the data directory races with it.
    pid=$(cat "$dir/mysqld.pid" 2>/dev/null || true)
    if [ -S "$sock" ]; then
        mariadb-admin --no-defaults --socket="$sock" -uroot shutdown >/dev/null 2>&1 || true
    fi
    if [ -n "$pid" ]; then
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
    ;;
client)
    shift 2
    client "$@"
    ;;
*)
    echo "usage: mariadb.sh start|stop|client DIR [PORT]" >&2
    exit 2
    ;;
esac
