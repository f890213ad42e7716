#!/usr/bin/env bash
# galera.sh start|stop DIR: a private two-node MariaDB Galera cluster on loopback, for
# t/nodes/galera.t. Each node lives in DIR/n1, DIR/n2 like a mariadb.sh directory (socket,
# params, password, port), so `mariadb.sh client DIR/nX` works on it. n1 bootstraps the
# cluster; n2 joins with a full state transfer (rsync). The database `kundenportal` and the
# user `kp` are made on n1 and replicated.
set -euo pipefail
cmd=${1:?usage: galera.sh start|stop DIR}
dir=${2:?usage: galera.sh start|stop DIR}

# free_ports N: N free TCP ports on loopback, held open together while they are chosen so
# that no two are the same.
free_ports() {
    perl -MIO::Socket::INET -e 'my @s = map { IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1") or die $! } 1 .. $ARGV[0];
                                print join(" ", map { $_->sockport } @s), "\n"' "$1"
}

# start_node NAME CLUSTER_ADDRESS [--wsrep-new-cluster]
start_node() {
    local n=$1 cluster=$2 d="$dir/$1" port gcomm ist sst pid
    shift 2
    mkdir -p "$d/data"
    read -r port gcomm ist sst < <(free_ports 4)
    echo "$gcomm" > "$d/gcomm-port"
    if [ "$n" = n1 ]; then
        mariadb-install-db --no-defaults --datadir="$d/data" --user="$(id -un)" \
            --auth-root-authentication-method=normal --skip-test-db >"$d/install.log" 2>&1 \
            || { cat "$d/install.log" >&2; exit 1; }
    fi
    # Its own output goes to its log, never to the caller's: a test harness waits for every
    # holder of its pipe.
    mariadbd --no-defaults --datadir="$d/data" --socket="$d/mysqld.sock" --port="$port" \
        --bind-address=127.0.0.1 --user="$(id -un)" --skip-name-resolve \
        --pid-file="$d/mysqld.pid" --log-error="$d/mysqld.log" --character-set-server=utf8mb4 \
        --collation-server=utf8mb4_unicode_ci --innodb-buffer-pool-size=64M \
        --max-allowed-packet=64M --max-connections=200 \
        --binlog-format=ROW --innodb-autoinc-lock-mode=2 \
        --wsrep-on=ON --wsrep-provider=/usr/lib/galera/libgalera_smm.so \
        --wsrep-cluster-name=kp-test --wsrep-node-name="$n" \
        --wsrep-cluster-address="gcomm://$cluster" --wsrep-node-address="127.0.0.1:$gcomm" \
        --wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$gcomm;ist.recv_addr=127.0.0.1:$ist;gcache.size=32M" \
        --wsrep-sst-method=rsync --wsrep-sst-receive-address="127.0.0.1:$sst" "$@" \
        </dev/null >>"$d/mysqld.log" 2>&1 &
    pid=$!
    echo "$pid" > "$d/mysqld.pid"   # at once, so that `stop` finds it whatever happens next
    # ready when it answers and has joined the primary component (synced)
    for _ in $(seq 1 600); do
        if [ "$(mariadb --no-defaults --socket="$d/mysqld.sock" -uroot -N -B \
                -e "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2)" = Synced ]; then
            echo "$port" > "$d/port"
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "galera.sh: node $n did not reach Synced, see $d/mysqld.log" >&2
    tail -30 "$d/mysqld.log" >&2
    exit 1
}

case "$cmd" in
start)
    if [ -e "$dir/n1" ]; then
        echo "galera.sh: $dir holds a cluster already; stop it and remove the directory" >&2
        exit 1
    fi
    mkdir -p "$dir"
    trap '"$0" stop "$dir"' EXIT   # a start that fails leaves nothing running
    start_node n1 "" --wsrep-new-cluster
    start_node n2 "127.0.0.1:$(cat "$dir/n1/gcomm-port")"
    # Letters and digits only: DBDParams splits on space , ; |
    pass=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    mariadb --no-defaults --socket="$dir/n1/mysqld.sock" -uroot -e "
        CREATE DATABASE IF NOT EXISTS kundenportal CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
        CREATE USER IF NOT EXISTS 'kp'@'127.0.0.1' IDENTIFIED BY '$pass';
        GRANT ALL ON kundenportal.* TO 'kp'@'127.0.0.1';"
    for n in n1 n2; do
        printf '%s' "$pass" > "$dir/$n/password"
        echo "host=127.0.0.1 port=$(cat "$dir/$n/port") user=kp pass=$pass dbname=kundenportal reconnect=0" \
            > "$dir/$n/params"
    done
    trap - EXIT
    ;;
stop)
    for n in n2 n1; do
        "$(dirname "$0")/mariadb.sh" stop "$dir/$n"
    done
    ;;
*)
    echo "usage: galera.sh start|stop DIR" >&2
    exit 2
    ;;
esac
