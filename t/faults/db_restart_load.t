# MariaDB restarted under load: while it is down the answers are 503 (no hang, no crash), and
# within 2 s after it is back every request succeeds again, with the sessions kept.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Time::HiRes qw(time sleep);
use lib 't/lib';
use KPTest;

plan tests => 6;

my $db = "$ENV{KP_SCRIPTS}/mariadb.sh";
my $port = do { open my $fh, '<', "$ENV{KP_DB_DIR}/port" or die $!; local $/; <$fh> };
chomp $port;

fresh_agent();
my $res = login_as('portal', 'kunde');
my ($cookie) = map { /^(kp_portal=[^;]+)/ ? $1 : () } $res->header('Set-Cookie');

my ($down, $stopped, $starting, $up);
my @results = under_load(path => '/portal/', cookie => $cookie, workers => 4, after => 3.5, during => sub {
    sleep 1;
    $down = time;
    system("$db stop $ENV{KP_DB_DIR} >/dev/null 2>&1") == 0 or die 'stopping MariaDB failed';
    $stopped = time;
    sleep 0.5;
    $starting = time;
    system("$db start $ENV{KP_DB_DIR} $port >/dev/null 2>&1") == 0 or die 'starting MariaDB failed';
    $up = time;
});
my @during = grep { $_->[0] > $stopped && $_->[0] + $_->[2] < $starting } @results;
my @other = grep { $_->[1] != 200 && $_->[1] != 503 } @results;
my @failed_after = grep { $_->[1] != 200 && $_->[0] >= $up } @results;
my $last_failure = @failed_after ? $failed_after[-1][0] - $up : 0;
my @late = grep { $_->[0] > $up + 2 } @results;
diag(sprintf('MariaDB restart under load: %d requests, down %.2f s, %d answered while down,'
             . ' %d failures after it was back, last one %.3f s after; slowest answer %.3f s',
             scalar @results, $up - $down, scalar @during, scalar @failed_after, $last_failure,
             (sort { $b <=> $a } map { $_->[2] } @results)[0]));
ok(@during > 0 && !grep({ $_->[1] != 503 } @during), 'while the database is down: 503 answers');
is(scalar @other, 0, 'never anything but 200 or 503');
ok($last_failure < 2, sprintf('full recovery within 2 s (last failure %.3f s after MariaDB was back)', $last_failure));
ok(@late > 10, 'requests later than that: ' . scalar @late);
is(scalar(grep { $_->[1] != 200 } @late), 0, '... all succeeded');
is(get_page('/portal/')->code, 200, 'the session survived');
