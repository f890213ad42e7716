# times.csv and planning.ics read their rows a page of 1,000 at a time, each page after the
# last row sent (the database driver holds a whole result in memory): every row exactly once
# and in order, also where the sort key ties across a page's end (same day and start, start
# times missing, shifts starting together).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 6;

my ($pid) = make_portal('exportpages', perms => 'times,planning');

# 3,200 entries on two days: on each, a third without a start time (sorted first), the rest
# starting at 07:00 or 08:00; their activity names them.
db_do("INSERT INTO time_entry (tenant_id, project_id, employee_id, work_date, starts_at, ends_at,
       minutes, activity, note, created_at, updated_at)
       SELECT p.tenant_id, p.id, NULL, '2026-03-02' + INTERVAL (n.i MOD 2) DAY,
              CASE n.i MOD 3 WHEN 0 THEN NULL WHEN 1 THEN '08:00' ELSE '07:00' END,
              CASE n.i MOD 3 WHEN 0 THEN NULL ELSE '09:00' END, 60, CONCAT('E', n.i), '',
              UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM project p JOIN @{[numbers_sql()]} n WHERE p.id = $pid AND n.i < 3200");
my @expected = map { $_->[0] } db_query("SELECT activity FROM time_entry WHERE project_id = $pid
                                          ORDER BY work_date, starts_at, id");
is(scalar @expected, 3200, '3,200 entries');

fresh_agent();
login_as('portal', 'exportpages', demo_password('kunde'));
my $res = get_page("/portal/projects/$pid/times.csv?month=2026-03&lang=de");
is($res->code, 200, 'times.csv');
my @lines = split /\r?\n/, $res->decoded_content;
shift @lines;   # the heading
my @got = map { (split /;/)[5] } @lines;
is_deeply(\@got, \@expected, 'every entry once, in the order of day, start (none first) and id')
    or diag scalar(@got) . ' rows';

# 2,500 shifts starting at the same minute, and 20 an hour later with lower ids first.
db_do("INSERT INTO plan_entry (tenant_id, project_id, employee_id, starts_at, ends_at, activity, note,
       created_at, updated_at)
       SELECT p.tenant_id, p.id, NULL, '2031-05-05 07:00:00' + INTERVAL (n.i < 20) HOUR,
              '2031-05-05 12:00:00', CONCAT('S', n.i), '', UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM project p JOIN @{[numbers_sql()]} n WHERE p.id = $pid AND n.i < 2520");
@expected = map { $_->[0] } db_query("SELECT activity FROM plan_entry WHERE project_id = $pid
                                       ORDER BY starts_at, id");
is(scalar @expected, 2520, '2,520 shifts');
$res = get_page("/portal/projects/$pid/planning.ics");
is($res->code, 200, 'planning.ics');
@got = $res->decoded_content =~ /^SUMMARY:(S\d+)\r$/mg;
is_deeply(\@got, \@expected, 'every shift once, in the order of start and id') or diag scalar(@got) . ' shifts';
