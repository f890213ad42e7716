# No hot query scans a table or sorts a table's rows in a subquery run per row: EXPLAIN of every
# statement the logged-in pages run (read from the module's sources, so new area pages are
# covered as soon as they exist), against a tenant with enough rows that the optimizer would
# choose a full scan if an index were missing.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Test::More;
use JSON::PP;
use lib 't/lib';
use KPTest;

# Statements of the pages a customer or admin clicks through all day (labels are prefixed
# by their domain). Set-up, migrations and rare admin writes are not hot.
my $HOT = qr/^(session_|tenant_state|portal_|login_|times?_|messages?_|documents?_|plan(ning)?_|ics_|
               account_|requests?_|admin_projects)/x;
my %BIG = map { $_ => 1 } qw(customer project portal portal_account session time_entry message
                             plan_entry plan_entry_cancelled document resource_entry service_request
                             audit_log);

# ---- the statements, from the C sources ------------------------------------------------
my $src = $ENV{KP_SOURCE} or die "KP_SOURCE is not set (t/run-tests.sh sets it)";
my $STR = qr/"(?:[^"\\]|\\.)*"/;
# a string literal, a macro of string literals, or one with arguments made of string literals
# and such macros
my $ARG = qr/(?:$STR|[A-Z][A-Z0-9_]*)(?:\s+(?:$STR|[A-Z][A-Z0-9_]*))*/;
my $PIECE = qr/(?:$STR|[A-Z][A-Z0-9_]*(?:\(\s*$ARG(?:\s*,\s*$ARG)*\s*\))?)/;
my (%sql, %all, %macro, %fmacro, @texts);
for my $file (glob("$src/*.h"), glob("$src/*.c")) {
    push @texts, do { local $/; open my $fh, '<', $file or die "$file: $!"; <$fh> };
}
# #define NAME "SQL" OTHER_NAME "SQL" ... (with line continuations): pieces of statements.
for my $text (@texts) {
    while ($text =~ /^#define[ \t]+([A-Z][A-Z0-9_]*)[ \t]+((?:[^\n]*\\\n)*[^\n]*)/mg) {
        my ($name, $body) = ($1, $2);
        $body =~ s/\\\n/ /g;
        $body =~ s{\s*/\*.*?\*/\s*$}{};   # a comment after the value
        $macro{$name} = $body if $body =~ /^\s*$PIECE(?:\s+$PIECE)*\s*$/ && $body =~ /"/;
    }
    # #define NAME(a, b) "SQL" a "SQL" b ...: its parameters and body.
    while ($text =~ /^#define[ \t]+([A-Z][A-Z0-9_]*)\(([a-z_, ]*)\)[ \t]*((?:[^\n]*\\\n)*[^\n]*)/mg) {
        my ($name, $params, $body) = ($1, $2, $3);
        $body =~ s/\\\n/ /g;
        $fmacro{$name} = [[split /\s*,\s*/, $params], $body];
    }
}
# The text of string pieces; undef when one is not a macro of strings (e.g. {"x", NULL}).
sub expand {
    my ($pieces) = @_;
    my $s = '';
    for my $piece ($pieces =~ /($PIECE)/g) {
        if ($piece =~ /^"(.*)"$/s) { $s .= $1; next }
        if (my ($name, $args) = $piece =~ /^([A-Z][A-Z0-9_]*)\((.*)\)$/s) {
            return undef unless $fmacro{$name};
            my ($params, $body) = @{ $fmacro{$name} };
            my %arg;
            @arg{@$params} = $args =~ /($ARG)/g;
            # each parameter outside the body's strings
            $body =~ s{($STR)|\b([a-z_][a-z0-9_]*)\b}{defined $1 ? $1 : $arg{$2} // $2}ge;
            my $inner = expand($body);
            return undef unless defined $inner;
            $s .= $inner;
            next;
        }
        return undef unless defined $macro{$piece};
        my $inner = expand($macro{$piece});
        return undef unless defined $inner;
        $s .= $inner;
    }
    return $s;
}
for my $text (@texts) {
    # {"label", "SQL" MACRO "SQL" ...}
    while ($text =~ /\{\s*"([a-z0-9_]+)",\s*((?:$PIECE\s*)+)\}/g) {
        my ($label, $parts) = ($1, $2);
        my $s = expand($parts);
        $all{$label} = $s if defined $s && $s =~ /^\s*\(?\s*(SELECT|UPDATE|DELETE|INSERT)\b/i;   # "(SELECT": a UNION
        $sql{$label} = $s if defined $s && $s =~ /^\s*\(?\s*(SELECT|UPDATE|DELETE)\b/i;
    }
}
my @hot = sort grep { /$HOT/ } keys %sql;
# Every entry of the statement tables (kp_statement NAME[] = { {"label", ...}, ... }): one the
# reader above cannot expand would be left out of every check below without a word.
my @unread;
for my $text (@texts) {
    while ($text =~ /\bkp_statement\s+\w+\[\]\s*=\s*\{(.*?)\{\s*NULL\s*,\s*NULL\s*\}/gs) {
        push @unread, grep { !exists $all{$_} } $1 =~ /\{\s*"([a-z0-9_]+)",/g;
    }
}

# ---- a tenant with volume ----------------------------------------------------------------
my $slug = 'explain-volume';
db_do("INSERT INTO tenant (slug, name, created_at) VALUES ('$slug', 'Mengen GmbH', UTC_TIMESTAMP())");
my ($t) = map { $_->[0] } db_query("SELECT id FROM tenant WHERE slug = '$slug'");
db_do(<<SQL);
SET foreign_key_checks = 0;
INSERT INTO customer (tenant_id, name, number, created_at, updated_at)
  SELECT $t, CONCAT('EX-Kunde ', seq), CONCAT('EX-K', seq), UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM seq_1_to_100;
SET \@c0 = (SELECT MIN(id) FROM customer WHERE tenant_id = $t);
INSERT INTO project (tenant_id, customer_id, name, number, created_at, updated_at)
  SELECT $t, \@c0 + (seq - 1) DIV 10, CONCAT('EX-Projekt ', seq), CONCAT('EX-', seq), UTC_TIMESTAMP(), UTC_TIMESTAMP()
  FROM seq_1_to_1000;
SET \@p0 = (SELECT MIN(id) FROM project WHERE tenant_id = $t);
INSERT INTO portal (tenant_id, project_id, info_text, link_token, created_at, updated_at)
  SELECT $t, \@p0 + seq - 1, '', RPAD(CONCAT('explainp', seq, 'x'), 43, 'A'), UTC_TIMESTAMP(), UTC_TIMESTAMP()
  FROM seq_1_to_1000;
INSERT INTO portal (tenant_id, customer_id, info_text, link_token, created_at, updated_at)
  SELECT $t, \@c0 + seq - 1, '', RPAD(CONCAT('explainc', seq, 'x'), 43, 'A'), UTC_TIMESTAMP(), UTC_TIMESTAMP()
  FROM seq_1_to_100;
SET \@pp0 = (SELECT MIN(id) FROM portal WHERE tenant_id = $t);
INSERT INTO portal_account (tenant_id, portal_id, username, display_name, perm_documents, perm_times,
    perm_planning, perm_messages, perm_requests, created_at, updated_at)
  SELECT $t, \@pp0 + (seq - 1) MOD 1100, CONCAT('ex-konto', seq), 'Konto', 1, 1, 1, 1, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP()
  FROM seq_1_to_5000;
SET \@a0 = (SELECT MIN(id) FROM portal_account WHERE tenant_id = $t);
INSERT INTO time_entry (tenant_id, project_id, work_date, minutes, created_at, updated_at)
  SELECT $t, \@p0 + (seq - 1) MOD 1000, CURDATE() - INTERVAL (seq DIV 1000) DAY, 60, UTC_TIMESTAMP(), UTC_TIMESTAMP()
  FROM seq_1_to_50000;
INSERT INTO message (tenant_id, project_id, author_kind, author_name, body, created_at)
  SELECT $t, \@p0 + (seq - 1) MOD 1000, 'staff', 'Büro', CONCAT('Nachricht ', seq), UTC_TIMESTAMP()
  FROM seq_1_to_50000;
INSERT INTO plan_entry (tenant_id, project_id, starts_at, ends_at, created_at, updated_at)
  SELECT $t, \@p0 + (seq - 1) MOD 1000, NOW() + INTERVAL seq HOUR, NOW() + INTERVAL seq + 2 HOUR, UTC_TIMESTAMP(), UTC_TIMESTAMP()
  FROM seq_1_to_10000;
-- 2,000 of them cancelled (the trigger of 015 records what is deleted before it ended)
DELETE FROM plan_entry WHERE tenant_id = $t AND MOD(id, 5) = 0;
INSERT INTO document (tenant_id, project_id, name, content_type, size, sha256, uploaded_by_kind,
    uploaded_by_name, created_at)
  SELECT $t, \@p0 + (seq - 1) MOD 1000, CONCAT('doc', seq, '.pdf'), 'application/pdf', 1, SHA2(seq, 256),
    'staff', 'Büro', UTC_TIMESTAMP()
  FROM seq_1_to_5000;
INSERT INTO document_chunk (document_id, seq, data) SELECT id, 0, 'x' FROM document WHERE tenant_id = $t;
INSERT INTO session (token_hash, tenant_id, kind, account_id, csrf_token, created_at, last_seen_at)
  SELECT SHA2(CONCAT('$slug', seq), 256), $t, 'portal', \@a0 + seq MOD 5000, RPAD('c', 43, 'A'),
    UTC_TIMESTAMP(), UTC_TIMESTAMP()
  FROM seq_1_to_5000;
ANALYZE TABLE customer, project, portal, portal_account, session, time_entry, message, plan_entry,
  plan_entry_cancelled, document;
SQL

my ($project, $customer) = @{ (db_query("SELECT MIN(id), MIN(customer_id) FROM project WHERE tenant_id = $t"))[0] };
my ($portal, $token) = @{ (db_query("SELECT id, link_token FROM portal WHERE project_id = $project"))[0] };
my ($account) = map { $_->[0] } db_query("SELECT MIN(id) FROM portal_account WHERE tenant_id = $t");
my ($doc) = map { $_->[0] } db_query("SELECT MIN(id) FROM document WHERE project_id = $project");
my ($msg) = map { $_->[0] } db_query("SELECT MAX(id) FROM message WHERE project_id = $project");

# A placeholder's value follows from the column it is compared with; numbers otherwise.
my %id_of = (portal => $portal, project => $project, document => $doc, portal_account => $account,
             message => $msg, customer => $customer, tenant => $t);
my $projects_bound = 0;   # project_id placeholders bound so far in the statement
sub value_for {
    my ($before, $s) = @_;
    my ($alias, $col) = $before =~ /(?:([a-z_]+)\.)?([a-z_]+)\s*(?:=|<|>|<=|>=|<>)\s*$/i;
    $col //= '';
    return $t          if $col eq 'tenant_id';
    return $slug       if $col eq 'slug';
    return (db_query("SELECT token_hash FROM session WHERE tenant_id = $t LIMIT 1"))[0][0] if $col eq 'token_hash';
    return $token      if $col eq 'link_token';
    return 'ex-konto1' if $col eq 'username';
    return 'portal'    if $col eq 'kind';
    return $portal     if $col eq 'portal_id';
    return $customer   if $col eq 'customer_id';
    return $account    if $col =~ /^(account_id|author_id)$/;
    return $msg        if $col =~ /message_id$/;
    # Each further project of a statement is another one (the overview's ten (project, key)
    # ranges would otherwise collapse into one).
    return $project + $projects_bound++ if $col =~ /project_id$/;
    if ($col eq 'id') {
        my $table = $alias ? real_table($alias, $s) : ($s =~ /\b(?:FROM|UPDATE)\s+([a-z_]+)/i)[0];
        return defined $table && $id_of{$table} ? $id_of{$table} : $project;
    }
    return '2026-01-01' if $col =~ /(date|_at|_on)$/;
    return '3600';
}

sub bind_literals {
    my ($s) = @_;
    my $out = '';
    $projects_bound = 0;
    while ($s =~ /\G(.*?)%s/gcs) {
        my $before = $out . $1;
        # LIMIT takes numbers, not strings (the module's driver sends them as strings, which
        # the binary protocol converts; SQL text does not).
        # A flag compared with 1 (the overview's permissions) is on, so its subquery is explained.
        $out = $before =~ /\bLIMIT\s+(?:\d+\s*,\s*)?$/i ? $before . '26'
             : substr($s, pos($s)) =~ /^\s*=\s*1\b/ ? $before . "'1'"
             : $before . "'" . value_for($before, $s) . "'";
    }
    return $out . substr($s, pos($s) // 0);
}

# Rows of EXPLAIN that read a whole big table, or that sort a big table's rows for each row of
# the outer query (a dependent subquery with a filesort: the overview's newest message of a
# project once read and sorted all of the project's messages, by another index on project_id).
sub scans {
    my ($s) = @_;
    my @rows = db_query("EXPLAIN " . bind_literals($s));
    return map { "$_->[2] ($_->[3]" . (($_->[5] // 'NULL') ne 'NULL' ? " on $_->[5]" : '')
                 . (($_->[9] // '') =~ /filesort/ ? ", sorted per row)" : ")") }
        grep { defined $_->[3] && $BIG{ real_table($_->[2], $s) }
               && ($_->[3] eq 'ALL' || ($_->[1] =~ /DEPENDENT/ && ($_->[9] // '') =~ /filesort/)) } @rows;
}
# EXPLAIN names aliases ("pr"); map them back to the table (the overview's subqueries all call
# theirs x: a big table if any of them is).
sub real_table {
    my ($alias, $s) = @_;
    return $alias if $BIG{$alias};
    # every "table alias" of the statement: "SELECT x.id" comes before "FROM message x"
    while ($s =~ /\b([a-z_]+)\s+(?:AS\s+)?\Q$alias\E\b/gi) {
        return $1 if $BIG{$1};
    }
    return $alias;
}

plan tests => 8 + @hot;

is("@unread", '', 'every statement of the statement tables is read from the sources');

ok(scalar(grep { /^session_portal_find$|^session_portal_project$|^portal_projects$|^times_entries$/ } @hot) == 4,
   'the session lookups, the portal projects and the time entries are among the checked statements ('
   . scalar(@hot) . ')');
my @probe = scans("SELECT id FROM message WHERE author_name = %s AND tenant_id + 0 = 1");
is(scalar(@probe), 1, 'the check sees a scan when there is one (message by author_name)');
@probe = scans("SELECT (SELECT x.id FROM message x WHERE x.project_id = pr.id ORDER BY x.body LIMIT 1)"
               . " FROM project pr WHERE pr.tenant_id = %s");
like("@probe", qr/sorted per row/, 'the check sees a sort per row when there is one (a project\'s messages by body)');
my @rows = db_query("SELECT COUNT(*) FROM time_entry WHERE tenant_id = $t");
cmp_ok($rows[0][0], '>=', 50000, 'the volume tenant has its rows');

# Connections prepare a statement on its first use (mod_kp_db.c), so a statement that does not
# prepare would only fail on its page: prepare every one against the migrated schema here.
cmp_ok(scalar(keys %all), '>=', 140, 'the statements of the module are read (' . scalar(keys %all) . ')');
my @unprepared;
for my $label (sort keys %all) {
    (my $text = $all{$label}) =~ s/%s/?/g;
    $text =~ s/%%/%/g;
    $text =~ s/([\\'])/\\$1/g;
    push @unprepared, $label unless eval { db_do("PREPARE kp_check FROM '$text'; DEALLOCATE PREPARE kp_check"); 1 };
}
is("@unprepared", '', 'every statement of the module prepares against the current schema');

for my $label (@hot) {
    my @bad = scans($sql{$label});
    ok(!@bad, "$label: no full table scan, no sort per row") or diag("scans: @bad\n" . bind_literals($sql{$label}));
}

# The overview reads the newest messages of a project, not its history: ANALYZE runs it for an
# account with 5 unread messages of 350 (all of others), and it reads the 101 newest of them
# (is the 101st newer than the read mark?) and no table further. MariaDB cannot end a
# correlated range ("id > the read mark" only filters), so a subquery asking for news after
# the mark read all 350. The other areas' subqueries are made by the same macro; the
# account's previous login (none: now) leaves them nothing new to look at here.
db_do("INSERT INTO message (tenant_id, project_id, author_kind, author_name, body, created_at)
       SELECT $t, $project, 'staff', 'Büro', CONCAT('Verlauf ', seq), UTC_TIMESTAMP() FROM seq_1_to_300");
my $mark = db_value("SELECT id FROM message WHERE project_id = $project ORDER BY id DESC LIMIT 5, 1");
db_do("INSERT INTO account_project_seen (account_id, project_id, last_message_id, seen_at)
       VALUES ($account, $project, $mark, UTC_TIMESTAMP())");
my %unescape = (n => "\n", t => "\t", '0' => "\0", '\\' => '\\');
# its arguments as mod_kp_portal.c passes them: every area permitted, the company's time, the
# account (twice) and its tenant
my @args = ((1) x 4, "'2026-01-01 00:00:00'", 1, 1, 0, $account, $account, $t);
(my $overview = $sql{portal_projects}) =~ s/%s/shift @args/ge;
die "portal_projects takes fewer arguments than mod_kp_portal.c passes" if @args;
$overview =~ s/%%/%/g;
(my $analyzed = db_value("ANALYZE FORMAT=JSON $overview")) =~ s/\\(.)/$unescape{$1} \/\/ $1/ge;
my @reads;   # [table, rows read per execution] of every table the statement read
my $walk;
$walk = sub {
    my ($node) = @_;
    if (ref $node eq 'HASH') {
        push @reads, [$node->{table}{table_name}, $node->{table}{r_rows}]
            if ref $node->{table} eq 'HASH' && $node->{table}{r_loops};
        $walk->($_) for values %$node;
    }
    elsif (ref $node eq 'ARRAY') {
        $walk->($_) for @$node;
    }
};
$walk->(JSON::PP->new->decode($analyzed));
my @long = grep { $_->[1] > 101 } @reads;
my @newest = grep { $_->[1] == 101 } @reads;
ok(@newest && !@long, 'the overview reads the 101 newest messages of a project with 5 unread, no more ('
   . scalar(@reads) . ' tables read)')
    or diag(join(', ', map { "$_->[0]: $_->[1] rows" } @reads));
