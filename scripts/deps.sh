#!/usr/bin/env bash
# deps.sh PROFILE...: installs the Debian packages a profile needs, only those missing.
# Profiles: build (compile the module), run (MariaDB + Apache for demo/tests), test (test tools),
# fuzz (clang + libFuzzer), long (sqlmap for `make test-long`),
# bench (`make bench`: wrk, and htpasswd for the bcrypt baseline).
set -euo pipefail

declare -A PROFILE
PROFILE[build]="apache2 apache2-dev libaprutil1-dbd-mysql libqrencode-dev libxml2-dev libxslt1-dev
                libpng-dev libsodium-dev libcmocka-dev autoconf automake libtool pkg-config make gcc"
PROFILE[run]="apache2 libaprutil1-dbd-mysql mariadb-server mariadb-client curl"
PROFILE[test]="libapache2-mod-perl2 libwww-perl libcmocka-dev zbar-tools python3-icalendar curl
               chromium openjdk-17-jre-headless galera-4 rsync iproute2"
PROFILE[bench]="wrk apache2-utils curl"
PROFILE[fuzz]="clang libclang-rt-14-dev"
PROFILE[long]="sqlmap"

wanted=()
for profile in "$@"; do
    [ -n "${PROFILE[$profile]+x}" ] || { echo "deps.sh: unknown profile '$profile'" >&2; exit 2; }
    for pkg in ${PROFILE[$profile]}; do wanted+=("$pkg"); done
done

missing=()
for pkg in "${wanted[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$pkg")
done
# Node.js and npm come with this kind of machine (NodeSource's nodejs, which Debian's npm
# package would conflict with); say so clearly if they are missing.
if [[ " $* " == *" test "* ]] && ! command -v npm >/dev/null; then
    echo "deps.sh: node and npm are needed for the browser tests (Node.js 18 or later)" >&2
    exit 1
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "deps.sh: missing packages: ${missing[*]} (run as root, or install them)" >&2
    exit 1
fi
echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
