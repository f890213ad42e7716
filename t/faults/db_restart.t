# MariaDB goes away and comes back: a clear 503 meanwhile, full service right after, however
# many pooled connections to the old server the processes hold.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;

plan tests => 6;

my $db = "$ENV{KP_SCRIPTS}/mariadb.sh";
my $port = do { open my $fh, '<', "$ENV{KP_DB_DIR}/port" or die $!; local $/; <$fh> };
chomp $port;

fresh_agent();
login_as('portal', 'kunde');
# Warm up several pooled connections in each of the server's processes: requests at the same
# moment each need a connection of their own, and all of them go stale with the restart.
my @warm = map { $_->[0] } map { in_parallel(map { request_of(GET => '/portal/') } 1 .. 24) } 1 .. 3;
my $ok = grep { $_ == 200 } @warm;
is($ok, 72, 'all requests succeed before the restart');

system($db, 'stop', $ENV{KP_DB_DIR}) == 0 or die "stopping MariaDB failed";
my $res = get_page('/portal/');
is($res->code, 503, 'database down: 503');
like($res->decoded_content, qr/gerade nicht erreichbar/, 'with a page a person understands');
is($res->header('Retry-After'), '30', 'and Retry-After');

system("$db start $ENV{KP_DB_DIR} $port >/dev/null") == 0 or die "starting MariaDB failed";
my @codes = map { get_page('/portal/')->code } 1 .. 30;
$ok = grep { $_ == 200 } @codes;
is($ok, 30, 'every request after the restart succeeds (the session survived in the database)')
    or diag "answers: @codes";
like(get_page('/portal/')->decoded_content, qr/Catering Sommerfest/, 'with the data');
