# Apache graceful restart (SIGUSR1, as `apachectl graceful`) under load: every request is
# answered, none fails, and sessions go on.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Time::HiRes qw(sleep);
use lib 't/lib';
use KPTest;

plan tests => 4;

fresh_agent();
my $res = login_as('portal', 'kunde');
my ($cookie) = map { /^(kp_portal=[^;]+)/ ? $1 : () } $res->header('Set-Cookie');
my $pid = do { open my $fh, '<', 't/logs/httpd.pid' or die $!; local $/; <$fh> };
chomp $pid;

my $restarts = 0;
my @results = under_load(path => '/portal/', cookie => $cookie, workers => 4, seconds => 5, during => sub {
    for (1 .. 3) {
        sleep 1;
        kill 'USR1', $pid or die "cannot signal httpd $pid: $!";
        $restarts++;
    }
});
my @bad = grep { $_->[1] != 200 } @results;
diag(sprintf('graceful restart: %d restarts, %d requests, %d not 200 (%s)', $restarts, scalar @results,
             scalar @bad, join(', ', map { $_->[1] } @bad[0 .. ($#bad < 4 ? $#bad : 4)])));
is($restarts, 3, 'three graceful restarts sent');
ok(@results > 20, 'under load: ' . scalar(@results) . ' requests');
is(scalar @bad, 0, 'no request failed');
is(get_page('/portal/')->code, 200, 'the session goes on after the restarts');
