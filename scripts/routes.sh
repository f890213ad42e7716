#!/usr/bin/env bash
# routes.sh [SRCDIR]: lists every route of the module, read from the route tables of the domain
# files that mod_kp_domains.c registers, one per line:
#   APP METHOD PATTERN ACCESS AREA MULTIPART DOMAIN     (APP: portal or admin; MULTIPART 1 or 0)
# The security tests take the POST routes from here, so a new route is tested without anyone
# having to list it again.
set -euo pipefail
src=${1:-$(cd "$(dirname "$0")/.." && pwd)/mod_kundenportal}
exec perl -e '
use strict; use warnings;
my $dir = shift;
local $/;
open my $fh, "<", "$dir/mod_kp_domains.c" or die "routes.sh: $dir/mod_kp_domains.c: $!\n";
my %registered = map { $_ => 1 } (<$fh> =~ /&(kp_domain_\w+)/g);
my $count = 0;
for my $file (sort glob "$dir/mod_*.c") {
    open my $in, "<", $file or die "$file: $!\n";
    my $code = <$in>;
    $code =~ s{/\*.*?\*/}{}gs;
    my %table;
    while ($code =~ /\bkp_route\s+(\w+)\s*\[\s*\]\s*=\s*\{(.*?)\n\s*\};/gs) {
        my ($name, $body) = ($1, $2);
        while ($body =~ /\{\s*"(\w+)"\s*,\s*"([^"]+)"\s*,\s*(KP_\w+)\s*,\s*(KP_AREA_\w+)\s*,\s*\w+\s*(?:,\s*([\w\s|]+?)\s*)?\}/g) {
            my @route = ($1, $2, $3, $4, $5 // "");
            $route[4] = $route[4] =~ /\bKP_ROUTE_MULTIPART\b/ ? 1 : 0;
            push @{ $table{$name} }, \@route;
        }
    }
    while ($code =~ /\bkp_domain\s+(kp_domain_\w+)\s*=\s*\{\s*"([^"]*)"\s*,\s*\w+\s*,\s*(\w+)\s*,\s*(\w+)\s*\}/g) {
        my ($var, $domain, $portal, $admin) = ($1, $2, $3, $4);
        next unless $registered{$var};
        for ([portal => $portal], [admin => $admin]) {
            my ($app, $t) = @$_;
            next if $t eq "NULL";
            die "routes.sh: $file: route table $t not found\n" unless $table{$t};
            for my $r (@{ $table{$t} }) {
                print join(" ", $app, @$r, $domain), "\n";
                $count++;
            }
        }
    }
}
die "routes.sh: no routes found in $dir\n" unless $count;
' "$src"
