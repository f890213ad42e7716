# MariaDB Galera, two database nodes with an Apache on each, set up as the README's "Several
# nodes" section says (DBDInitSQL "SET SESSION wsrep_sync_wait = 1"): the schema replicates
# with a primary key on every table; a login on one node works on the other at once; a chat
# message sent to one node shows on the other, and the same form sent to the other node too is
# stored once; each node takes its own auto-increment offset; the hours-per-month triggers count
# a time entry once on both nodes; a transaction that loses to the other node's write answers
# 503 and stores nothing; a node that loses the primary component answers /health 503 and
# recovers without a restart once the cluster is whole again.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use LWP::UserAgent;
use Time::HiRes qw(time sleep);
use POSIX ();
use lib 't/lib';
use KPTest;
use KPNodes;

plan tests => 26;

my $gal = nodes_dir() . '/galera';
my $started = system("$ENV{KP_SCRIPTS}/galera.sh", 'start', $gal) == 0;
END {
    local $?;   # the test's own exit status stays
    if ($gal && !Test::More->builder->is_passing) {   # what a failure in CI leaves to read
        for my $log ("$gal/n1/mysqld.log", "$gal/n2/mysqld.log", map { nodes_dir() . "/$_/error_log" }
                     'galera-node-1', 'galera-node-2') {
            diag("--- $log\n" . `tail -n 15 '$log' 2>/dev/null`);
        }
    }
    system("$ENV{KP_SCRIPTS}/galera.sh", 'stop', $gal) if $gal;
}
ok($started, 'a two-node Galera cluster starts (scripts/galera.sh)') or die "no cluster\n";

# sql(NODE, SQL): rows of the kundenportal database on Galera node n1 or n2 (root, socket),
# read after the node has applied what the cluster committed before (wsrep_sync_wait).
sub sql {
    my ($node, $q) = @_;
    utf8::encode($q);
    open(my $fh, '-|', 'mariadb', '--no-defaults', '--default-character-set=utf8mb4',
         "--socket=$gal/$node/mysqld.sock", '-uroot', '-N', '-B', '-e',
         "SET SESSION wsrep_sync_wait = 1; $q", 'kundenportal')
        or die "mariadb: $!";
    my @rows = map { chomp; utf8::decode($_); [split /\t/, $_, -1] } <$fh>;
    close $fh or die "query failed on $node: $q";
    return @rows;
}
sub sql_value { my ($row) = sql(@_); return $row ? $row->[0] : undef }

# wait_for(CODE [, SECONDS]): true once CODE returns true, within SECONDS (20).
sub wait_for {
    my ($cond, $seconds) = @_;
    my $deadline = time + ($seconds // 20);
    while (time < $deadline) {
        return 1 if $cond->();
        sleep 0.1;
    }
    return 0;
}

# The test run's seeded database (schema, demo company, triggers), loaded into n1; the shifts
# only as a table (earlier tests may have left tens of thousands there).
my $dump = "MYSQL_PWD=$ENV{KP_DB_PASS} mariadb-dump --no-defaults -h 127.0.0.1 -P $ENV{KP_DB_PORT} -u kp"
         . " --single-transaction --skip-lock-tables --triggers";
my $loaded = system('bash', '-o', 'pipefail', '-c',
                    "{ $dump --ignore-table=kundenportal.plan_entry kundenportal && $dump --no-data kundenportal plan_entry; }"
                    . " | mariadb --no-defaults --socket=$gal/n1/mysqld.sock -uroot kundenportal") == 0;
ok($loaded, 'the seeded database loads into node 1') or die "not loaded\n";
my ($size) = map { $_->[1] } sql('n2', "SHOW STATUS LIKE 'wsrep_cluster_size'");
is($size, 2, 'the cluster has two nodes');
my $tables = "SELECT GROUP_CONCAT(table_name ORDER BY table_name) FROM information_schema.tables
              WHERE table_schema = 'kundenportal'";
is(sql_value('n2', $tables) . ' v' . sql_value('n2', 'SELECT MAX(version) FROM schema_version'),
   sql_value('n1', $tables) . ' v' . sql_value('n1', 'SELECT MAX(version) FROM schema_version'),
   'node 2 has the tables and the schema version of node 1');
is(sql_value('n2', "SELECT COUNT(*) FROM information_schema.tables t WHERE t.table_schema = 'kundenportal'
                    AND (t.engine <> 'InnoDB' OR NOT EXISTS (SELECT 1 FROM information_schema.table_constraints c
                         WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name
                         AND c.constraint_type = 'PRIMARY KEY'))"),
   0, 'every table is InnoDB with a primary key (Galera replicates rows by key)');

my $sync = 'DBDInitSQL "SET SESSION wsrep_sync_wait = 1"';
my $one = start_server('galera-node-1', 'node.conf.in', DBPARAMS => slurp("$gal/n1/params"), EXTRA => $sync);
my $two = start_server('galera-node-2', 'node.conf.in', DBPARAMS => slurp("$gal/n2/params"), EXTRA => $sync);
sub slurp { open my $fh, '<', $_[0] or die "$_[0]: $!"; chomp(my $s = <$fh>); return $s }
sub slurp_all { open my $fh, '<', $_[0] or die "$_[0]: $!"; local $/; return scalar <$fh> }

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

# Each node its own auto-increment offset (so ids are not in time order across nodes), and each
# node's ids follow it.
$page = $ua->get("$one->{url}/portal/projects/$project/messages", Cookie => $session)->decoded_content;
($token) = $page =~ /name="form_token" value="([^"]+)"/;
$ua->post("$one->{url}/portal/projects/$project/messages",
          [csrf => csrf_of($page), form_token => $token, body => 'Über Knoten 1'], Cookie => $session);
my %id = map { $_->[1] => $_->[0] }
    sql('n2', "SELECT id, body FROM message WHERE project_id = $project AND body LIKE 'Über %'");
my ($inc1, $off1) = split m{/}, sql_value('n1', 'SELECT CONCAT(@@auto_increment_increment, "/", @@auto_increment_offset)');
my ($inc2, $off2) = split m{/}, sql_value('n2', 'SELECT CONCAT(@@auto_increment_increment, "/", @@auto_increment_offset)');
my ($id1, $id2) = map { $_ // 0 } @id{'Über Knoten 1', 'Über Galera gesendet'};
ok($inc1 == 2 && $inc2 == 2 && $off1 != $off2 && $id1 % 2 == $off1 % 2 && $id2 % 2 == $off2 % 2,
   "each node its own auto-increment offset (increment/offset $inc1/$off1 and $inc2/$off2), its ids"
   . " follow it ($id1 on 1, $id2 on 2)");

# The hours per month: the trigger fires on the writing node only, the replicated row change
# carries the total; both nodes count the entry once.
my $month = "SELECT COALESCE(SUM(minutes), 0) FROM time_month_total WHERE project_id = $project AND work_month = 203001";
my $before = sql_value('n1', $month);
sql('n2', "INSERT INTO time_entry (tenant_id, project_id, work_date, minutes, created_at, updated_at)
           SELECT tenant_id, id, '2030-01-15', 95, UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $project");
is(sql_value('n1', "SET SESSION wsrep_sync_wait = 1; $month") . '/' . sql_value('n2', $month),
   ($before + 95) . '/' . ($before + 95), 'a time entry written on node 2 adds 95 minutes once on both nodes');

# Two writers: a password change on node 2 (one transaction: the account's hash, then the
# account's other sessions) waits for a session row another client on node 2 holds; meanwhile
# node 1 changes the same account. Applying node 1's write, node 2 aborts the waiting local
# transaction (Galera's brute-force abort): the customer gets the 503 "try again" page,
# nothing of the change is stored, and node 1's change is.
my ($tenant, $account, $hash) = @{ (sql('n1', "SELECT a.tenant_id, a.id, a.password_hash FROM portal_account a
    JOIN tenant t ON t.id = a.tenant_id WHERE t.slug = 'demo' AND a.username = 'kunde'"))[0] };
node_login($ua, $one->{url}, 'kunde', demo_password('kunde'));   # a second session
my $sessions = "SELECT COUNT(*) FROM session WHERE tenant_id = $tenant AND kind = 'portal' AND account_id = $account";
my $count_before = sql_value('n1', $sessions);
$page = $ua->get("$two->{url}/portal/account", Cookie => $session)->decoded_content;
open(my $holder, '|-', "mariadb --no-defaults --socket=$gal/n2/mysqld.sock -uroot kundenportal >/dev/null")
    or die "mariadb: $!";
$holder->autoflush(1);
print $holder "BEGIN; $sessions FOR UPDATE;\n";
my $locks = "SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = ";
wait_for(sub { sql_value('n2', "${locks}'RUNNING' AND trx_rows_locked > 0") >= 1 })
    or die "the sessions were not locked\n";
my $kid = open(my $answer, '-|') // die "fork: $!";
if (!$kid) {   # the customer's browser; never the parent's END blocks
    $| = 1;
    eval {
        print $ua->post("$two->{url}/portal/account/password",
                        [csrf => csrf_of($page), current => demo_password('kunde'), new => 'Galera-Neu-2026!',
                         repeat => 'Galera-Neu-2026!'], Cookie => $session)->code, "\n";
    };
    POSIX::_exit(0);
}
ok(wait_for(sub { sql_value('n2', "${locks}'LOCK WAIT' AND trx_query LIKE 'DELETE FROM session%'") >= 1 }),
   'the password change on node 2 waits for the held sessions, at its second statement');
sql('n1', "UPDATE portal_account SET display_name = 'Karin über Galera' WHERE id = $account");
chomp(my $code_of_change = <$answer> // '');
close $answer;
print $holder "ROLLBACK;\n";
close $holder;
is($code_of_change, 503, 'node 1 changed the account meanwhile: the change answers 503 (try again)');
is(sql_value('n2', "SELECT password_hash FROM portal_account WHERE id = $account"), $hash,
   '... the password is not changed');
is(sql_value('n2', $sessions), $count_before, '... no session is deleted');
is(sql_value('n2', "SELECT display_name FROM portal_account WHERE id = $account"), 'Karin über Galera',
   "... and node 1's change is there");
like(slurp_all("$two->{dir}/error_log"), qr/KP10003\b[^\n]*changing a password: Deadlock/,
     '... logged with the reason');
is($ua->get("$two->{url}/portal/account", Cookie => $session)->code, 200,
   'the next request on node 2 works (the aborted transaction is gone)');

# Node 1 dies: node 2 alone is no majority, leaves the primary component and refuses queries;
# its Apache reports 503 until the cluster is whole again (here: node 2 is bootstrapped alone).
kill 'KILL', slurp("$gal/n1/mysqld.pid");
unlink "$gal/n1/mysqld.pid";   # so that the final stop does not signal a pid used again
ok(wait_for(sub { ($res = $ua->get("$two->{url}/health"))->code == 503 }, 40),
   'node 2 without the primary component: /health 503');
like($res->content, qr/^database unavailable/, '... saying why');
sql('n2', "SET GLOBAL wsrep_provider_options = 'pc.bootstrap=YES'");
ok(wait_for(sub { $ua->get("$two->{url}/health")->code == 200 }),
   'node 2 bootstrapped as the primary component: /health 200, no restart');
$res = $ua->get("$two->{url}/portal/projects/$project/messages", Cookie => $session);
like($res->code . ' ' . $res->decoded_content, qr/^200 .*Über Knoten 1/s, 'the session and the messages are there');
