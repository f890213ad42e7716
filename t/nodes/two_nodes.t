# Two nodes on one MariaDB behind a balancer (mod_proxy_balancer + mod_proxy_hcheck at
# /health): a session made on one node works on the other, a node whose database is
# unreachable reports 503 and gets no traffic, and stopping a node under load loses no
# request and no session. Starts its own Apaches (generated from t/nodes/*.conf.in).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use LWP::UserAgent;
use Time::HiRes qw(time sleep);
use lib 't/lib';
use KPTest;
use KPNodes;

plan tests => 17;

my $dbparams = $ENV{KP_DBD_PARAMS};
(my $dead_db = $dbparams) =~ s/port=\d+/'port=' . free_port()/e;
my $a = start_server('node-a', 'node.conf.in', DBPARAMS => $dbparams);
my $b = start_server('node-b', 'node.conf.in', DBPARAMS => $dbparams);
my $c = start_server('node-c', 'node.conf.in', DBPARAMS => $dead_db);
my $members = join "\n", map {
    "    BalancerMember \"$_->{url}\" hcmethod=GET hcuri=/health hcinterval=1 hcpasses=1 hcfails=1 retry=1"
} $a, $b, $c;
my $lb = start_server('balancer', 'balancer.conf.in', MEMBERS => $members);

my $ua = LWP::UserAgent->new(timeout => 10, max_redirect => 0, keep_alive => 0);

# Health: plain text, never cached, says whether the database answers.
my $res = $ua->get("$a->{url}/health");
is($res->code, 200, 'healthy node: /health 200');
is($res->content, "ok\n", '... "ok"');
is($res->header('Cache-Control'), 'no-store', '... not cached');
$res = $ua->get("$c->{url}/health");
is($res->code, 503, 'node whose database is unreachable: /health 503');
like($res->content, qr/^database unavailable/, '... saying why');
is($ua->post("$a->{url}/health")->code, 405, 'only GET');

# A session made on one node works on the other (sessions live in the database).
($res, my $session) = node_login($ua, $a->{url}, 'kunde', demo_password('kunde'));
is($res->code, 303, 'login on node a');
$res = $ua->get("$b->{url}/portal/", Cookie => $session);
is($res->code, 200, 'the session works on node b');
like($res->decoded_content, qr/Catering Sommerfest/, '... with the data');

# Through the balancer, once the health check (every second) has marked node c as down:
# wait until 20 requests in a row succeed, at most 20 s.
my ($in_a_row, $deadline) = (0, time + 20);
while ($in_a_row < 20 && time < $deadline) {
    $in_a_row = $ua->get("$lb->{url}/portal/", Cookie => $session)->code == 200 ? $in_a_row + 1 : 0;
    sleep 0.05 unless $in_a_row;
}
my %served;
my @codes;
for (1 .. 40) {
    my $r = $ua->get("$lb->{url}/portal/", Cookie => $session);
    push @codes, $r->code;
    $served{ $r->header('X-Node') // '?' }++;
}
is(scalar(grep { $_ == 200 } @codes), 40, 'balancer: 40 of 40 requests answered 200');
ok($served{'node-a'} && $served{'node-b'}, "balancer: both healthy nodes serve the session (a: "
   . ($served{'node-a'} // 0) . ', b: ' . ($served{'node-b'} // 0) . ')');
ok(!$served{'node-c'}, 'balancer: the node without database gets no request');

# Node a is taken out under load (graceful-stop, SIGWINCH: it finishes what it has begun).
# No session is lost: every request before the stop and after it succeeds, on node b; only a
# request caught in the instant of the stop (a connection in the closing listener's queue)
# may fail, and how many did is reported.
my ($stop_begin, $stop_done);
my @results = under_load(url => "$lb->{url}/portal/", cookie => $session, workers => 4, after => 2,
                         during => sub { sleep 1.5; $stop_begin = time; stop_server('node-a', 'WINCH');
                                         $stop_done = time });
my @bad = grep { $_->[1] != 200 } @results;
my @outside = grep { $_->[0] + $_->[2] < $stop_begin || $_->[0] > $stop_done } @results;
diag(sprintf('two nodes: %d requests through the balancer while node a stopped (%.2f s),'
             . ' %d not 200 (%s), all of them during the stop', scalar @results,
             $stop_done - $stop_begin, scalar @bad, join(' ', map { $_->[1] } @bad)));
ok(@results > 20, 'load through the balancer: ' . scalar(@results) . ' requests');
is(scalar(grep { $_->[1] != 200 } @outside), 0,
   'stopping node a under load: every request before and after the stop succeeded (' . scalar(@outside) . ')');
$res = $ua->get("$lb->{url}/portal/", Cookie => $session);
is($res->code, 200, 'the session goes on');
is($res->header('X-Node'), 'node-b', '... on node b');
is($ua->get("$a->{url}/health")->code, 500, 'node a is really gone (the client reports 500 for no connection)');
