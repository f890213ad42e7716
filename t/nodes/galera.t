# MariaDB Galera, two database nodes with an Apache on each, set up as the README's "Several
# nodes" section says (DBDInitSQL "SET SESSION wsrep_sync_wait = 1"): the schema replicates
# with a primary key on every table; a login on one node works on the other at once; a chat
# message sent to one node shows on the other, and the same form sent to the other node too is
# stored once; each node takes its own auto-increment offset; the hours-per-month triggers count
# a time entry once on both nodes; a node that loses the primary component answers /health 503
# and recovers without a restart once the cluster is whole again.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use LWP::UserAgent;
use Time::HiRes qw(time sleep);
use lib 't/lib';
use KPTest;
use KPNodes;

plan tests => 19;

my $gal = nodes_dir() . '/galera';
my $started = system("$ENV{KP_SCRIPTS}/galera.sh", 'start', $gal) == 0;
END { system("$ENV{KP_SCRIPTS}/galera.sh", 'stop', $gal) if $gal }
ok($started, 'a two-node Galera cluster starts (scripts/galera.sh)') or die "no cluster\n";

# sql(NODE, SQL): rows of the kundenportal database on Galera node n1 or n2 (root, socket).
sub sql {
    my ($node, $q) = @_;
    utf8::encode($q);
    open(my $fh, '-|', 'mariadb', '--no-defaults', '--default-character-set=utf8mb4',
         "--socket=$gal/$node/mysqld.sock", '-uroot', '-N', '-B', '-e', $q, 'kundenportal')
        or die "mariadb: $!";
    my @rows = map { chomp; utf8::decode($_); [split /\t/, $_, -1] } <$fh>;
    close $fh or die "query failed on $node: $q";
    return @rows;
}
sub sql_value { my ($row) = sql(@_); return $row ? $row->[0] : undef }

# The test run's seeded database (schema, demo company, triggers), loaded into n1.
my $loaded = system("MYSQL_PWD=$ENV{KP_DB_PASS} mariadb-dump --no-defaults -h 127.0.0.1 -P $ENV{KP_DB_PORT}"
                    . " -u kp --single-transaction --skip-lock-tables --triggers kundenportal"
                    . " | mariadb --no-defaults --socket=$gal/n1/mysqld.sock -uroot kundenportal") == 0;
ok($loaded, 'the seeded database loads into node 1') or die "not loaded\n";
my ($size) = map { $_->[1] } sql('n2', "SHOW STATUS LIKE 'wsrep_cluster_size'");
is($size, 2, 'the cluster has two nodes');
is(sql_value('n2', 'SELECT MAX(version) FROM schema_version'),
   sql_value('n1', 'SELECT MAX(version) FROM schema_version'), 'node 2 has the schema of node 1');
is(sql_value('n2', "SELECT COUNT(*) FROM information_schema.tables t WHERE t.table_schema = 'kundenportal'
                    AND (t.engine <> 'InnoDB' OR NOT EXISTS (SELECT 1 FROM information_schema.table_constraints c
                         WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name
                         AND c.constraint_type = 'PRIMARY KEY'))"),
   0, 'every table is InnoDB with a primary key (Galera replicates rows by key)');

my $sync = 'DBDInitSQL "SET SESSION wsrep_sync_wait = 1"';
my $one = start_server('galera-node-1', 'node.conf.in', DBPARAMS => slurp("$gal/n1/params"), EXTRA => $sync);
my $two = start_server('galera-node-2', 'node.conf.in', DBPARAMS => slurp("$gal/n2/params"), EXTRA => $sync);
sub slurp { open my $fh, '<', $_[0] or die "$_[0]: $!"; chomp(my $s = <$fh>); return $s }

my $ua = LWP::UserAgent->new(timeout => 40, max_redirect => 0, keep_alive => 0);
is($ua->get("$one->{url}/health")->code . ' ' . $ua->get("$two->{url}/health")->code, '200 200',
   'both Apaches are healthy');

# A login on node 1, used on node 2 right away.
my ($res, $session) = node_login($ua, $one->{url}, 'kunde', demo_password('kunde'));
is($res->code, 303, 'login on node 1');
$res = $ua->get("$two->{url}/portal/", Cookie => $session);
is($res->code, 200, 'the new session works on node 2 at once');
like($res->decoded_content, qr/Catering Sommerfest/, '... with the data');

# A message sent to node 2 shows on node 1; the same form sent to node 1 is not stored again.
my $project = sql_value('n1', "SELECT id FROM project WHERE name LIKE 'Catering Sommerfest%'");
my $page = $ua->get("$two->{url}/portal/projects/$project/messages", Cookie => $session)->decoded_content;
my ($token) = $page =~ /name="form_token" value="([^"]+)"/;
my @form = (csrf => csrf_of($page), form_token => $token, body => 'Über Galera gesendet');
is($ua->post("$two->{url}/portal/projects/$project/messages", \@form, Cookie => $session)->code, 303,
   'a message sent to node 2');
like($ua->get("$one->{url}/portal/projects/$project/messages", Cookie => $session)->decoded_content,
     qr/Über Galera gesendet/, '... shows on node 1');
is($ua->post("$one->{url}/portal/projects/$project/messages", \@form, Cookie => $session)->code, 303,
   'the same form sent to node 1');
is(sql_value('n1', "SELECT COUNT(*) FROM message WHERE project_id = $project AND body = 'Über Galera gesendet'"),
   1, '... is stored once');

# Each node its own auto-increment offset (so ids are not in time order across nodes).
$page = $ua->get("$one->{url}/portal/projects/$project/messages", Cookie => $session)->decoded_content;
($token) = $page =~ /name="form_token" value="([^"]+)"/;
$ua->post("$one->{url}/portal/projects/$project/messages",
          [csrf => csrf_of($page), form_token => $token, body => 'Über Knoten 1'], Cookie => $session);
my %id = map { $_->[1] => $_->[0] }
    sql('n2', "SELECT id, body FROM message WHERE project_id = $project AND body LIKE 'Über %'");
ok($id{'Über Galera gesendet'} && $id{'Über Knoten 1'}
   && $id{'Über Galera gesendet'} % 2 != $id{'Über Knoten 1'} % 2,
   "ids from the two nodes have different offsets ($id{'Über Galera gesendet'} on 2, "
   . ($id{'Über Knoten 1'} // '-') . ' on 1)');

# The hours per month: the trigger fires on the writing node only, the replicated row change
# carries the total; both nodes count the entry once.
my $month = "SELECT COALESCE(SUM(minutes), 0) FROM time_month_total WHERE project_id = $project AND work_month = 203001";
my $before = sql_value('n1', $month);
sql('n2', "INSERT INTO time_entry (tenant_id, project_id, work_date, minutes, created_at, updated_at)
           SELECT tenant_id, id, '2030-01-15', 95, UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $project");
is(sql_value('n1', "SET SESSION wsrep_sync_wait = 1; $month") . '/' . sql_value('n2', $month),
   ($before + 95) . '/' . ($before + 95), 'a time entry written on node 2 adds 95 minutes once on both nodes');

# Node 1 dies: node 2 alone is no majority, leaves the primary component and refuses queries;
# its Apache reports 503 until the cluster is whole again (here: node 2 is bootstrapped alone).
my ($n1_pid) = slurp("$gal/n1/mysqld.pid");
kill 'KILL', $n1_pid;
my ($code, $deadline) = (0, time + 40);
while (time < $deadline) {
    $res = $ua->get("$two->{url}/health");
    last if ($code = $res->code) == 503;
    sleep 0.25;
}
is($code, 503, 'node 2 without the primary component: /health 503');
like($res->content, qr/^database unavailable/, '... saying why');
sql('n2', "SET GLOBAL wsrep_provider_options = 'pc.bootstrap=YES'");
($code, $deadline) = (0, time + 20);
while (time < $deadline) {
    last if ($code = $ua->get("$two->{url}/health")->code) == 200;
    sleep 0.25;
}
is($code, 200, 'node 2 bootstrapped as the primary component: /health 200, no restart');
$res = $ua->get("$two->{url}/portal/projects/$project/messages", Cookie => $session);
like($res->code . ' ' . $res->decoded_content, qr/^200 .*Über Knoten 1/s, 'the session and the messages are there');
