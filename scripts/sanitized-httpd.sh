#!/bin/sh
# sanitized-httpd.sh: apache2 with the ASan and UBSan runtimes preloaded (KP_SANITIZER_PRELOAD),
# for the integration pass over the sanitizer build of the module. ASAN_OPTIONS and
# UBSAN_OPTIONS come from the caller's environment.
LD_PRELOAD="$KP_SANITIZER_PRELOAD"
export LD_PRELOAD
exec /usr/sbin/apache2 "$@"
