# The totals of the times page: per employee in the order of their names as MariaDB sorts
# them (Änne before Bruno, entries without an employee first, shown as –), and the period's
# sum. Past the 5,000 entries one page shows, a note says how many there are, and the sums
# still count every entry; times.csv has every entry, however many. A month's entries are listed
# by day and start, its resources by date, and no other month's.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 30;

my ($pid) = make_portal('timestotals', perms => 'times');
my %emp;
for my $name ('Bruno', 'Änne', 'Carla') {
    db_do("INSERT INTO employee (tenant_id, name, created_at)
           SELECT tenant_id, '$name', UTC_TIMESTAMP() FROM project WHERE id = $pid");
    $emp{$name} = db_value("SELECT MAX(id) FROM employee");
}

sub entry {
    my ($employee, $date, $minutes) = @_;
    db_do("INSERT INTO time_entry (tenant_id, project_id, employee_id, work_date, minutes, activity,
           note, created_at, updated_at) SELECT tenant_id, id, $employee, '$date', $minutes, 'Reinigung',
           '', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid");
}
entry($emp{'Bruno'}, '2026-05-04', 60);
entry($emp{'Änne'}, '2026-05-05', 30);
entry($emp{'Carla'}, '2026-05-06', 90);
entry($emp{'Änne'}, '2026-05-07', 30);
entry('NULL', '2026-05-08', 15);

fresh_agent();
login_as('portal', 'timestotals', demo_password('kunde'));
my $page = get_page("/portal/projects/$pid/times?month=2026-05&lang=de")->decoded_content;
my ($per_employee) = $page =~ m{Summe je Mitarbeiter/in</h2>(.*?)</table>}s;
my @rows = ($per_employee // '') =~ m{<tr><td>([^<]*)</td>\s*<td class="num">([^<]*)</td></tr>}g;
is_deeply(\@rows, ['–', '0,25 h', 'Änne', '1 h', 'Bruno', '1 h', 'Carla', '1,5 h'],
          'per employee: in name order (Änne before Bruno), no employee first as –')
    or diag $per_employee;
like($page, qr{Summe: <strong>3,75 h</strong>}, 'the month\'s sum');
unlike($page, qr{von \d+ Einträgen}, 'no note while every entry is shown');
my $week_heads = sub { [map { s/\s+$//r } $_[0] =~ m{<section class="week-block">\s*<h2>([^<]*)<span}g] };
is("@{ $week_heads->($page) }", 'KW 19', 'a week wholly in the month is headed by its number alone');

# 5,000 entries of Bruno in April (one minute each), and Carla's one hour after them.
db_do("INSERT INTO time_entry (tenant_id, project_id, employee_id, work_date, minutes, activity,
       note, created_at, updated_at)
       SELECT p.tenant_id, p.id, $emp{'Bruno'}, '2026-04-01' + INTERVAL (n.i MOD 29) DAY, 1, 'Kurz', '',
              UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM project p JOIN @{[numbers_sql()]} n
       WHERE p.id = $pid AND n.i < 5000");
entry($emp{'Carla'}, '2026-04-30', 60);
is(db_value("SELECT COUNT(*) FROM time_entry WHERE project_id = $pid AND work_date LIKE '2026-04-%'"), 5001,
   '5,001 entries in April');
$page = get_page("/portal/projects/$pid/times?month=2026-04&lang=de")->decoded_content;
like($page, qr{Gezeigt werden die ersten 5000 von 5001 Einträgen}, 'the note: 5000 of 5001 shown');
is(scalar(() = $page =~ m{class="when"}g), 5000, '5000 entries on the page');
unlike($page, qr{class="dayhead">30\.04\.2026|<span class="what">Reinigung}, 'the one past the limit is not');
like($page, qr{Summe: <strong>84,33 h</strong>}, 'the sum counts all 5,001 (5,060 minutes)');
like($page, qr{Bruno</td>\s*<td class="num">83,33 h}, 'Bruno\'s 5,000 minutes');
like($page, qr{Carla</td>\s*<td class="num">1 h}, 'and Carla, whose one entry is past the limit');
like($page, qr{<head><meta charset="utf-8">}, 'the page declares its charset first');
my $april_weeks = $week_heads->($page);
is(join('|', @$april_weeks[0, -1]), 'KW 14, in diesem Monat: 01.04.2026–05.04.2026|KW 18, in diesem Monat: 27.04.2026–30.04.2026',
   'the weeks across the month\'s first and last day say which of their days they total');

# times.csv: every entry, also past the page's 5,000 (it was cut there once).
my $res = get_page("/portal/projects/$pid/times.csv?month=2026-04&lang=de");
is($res->code, 200, 'times.csv of April');
like($res->header('Content-Disposition') // '', qr/arbeitszeiten-2026-04\.csv/, 'named after the month');
my @lines = split /\r?\n/, $res->decoded_content;
is(scalar @lines, 1 + 5001, 'the heading and all 5,001 entries');
like($lines[-1], qr/^30\.04\.2026;.*;1,00;Carla;Reinigung;/, 'the last is Carla\'s, past the page\'s limit');

# HEAD: the headers of the export, without running it.
my $head = Apache::TestRequest::HEAD("/portal/projects/$pid/times.csv?month=2026-04");
is($head->code, 200, 'HEAD times.csv: 200');
like($head->header('Content-Type') // '', qr{^text/csv}, 'with its type');

# June: entries by day and start (one without times first), resources by date, July's not.
sub timed_entry {
    my ($employee, $date, $from, $to, $activity) = @_;
    db_do("INSERT INTO time_entry (tenant_id, project_id, employee_id, work_date, starts_at, ends_at,
           minutes, activity, note, created_at, updated_at) SELECT tenant_id, id, $employee, '$date',
           '$date $from', '$date $to', TIMESTAMPDIFF(MINUTE, '$date $from', '$date $to'), '$activity', '',
           UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid");
}
sub resource {
    my ($date, $name) = @_;
    db_do("INSERT INTO resource_entry (tenant_id, project_id, used_on, kind, name, quantity, unit, created_at)
           SELECT tenant_id, id, '$date', 'material', '$name', 2, 'kg', UTC_TIMESTAMP() FROM project WHERE id = $pid");
}
timed_entry($emp{'Änne'}, '2026-06-02', '14:00', '15:00', 'Nachmittag');
timed_entry($emp{'Bruno'}, '2026-06-02', '07:30', '08:00', 'Morgen');
db_do("INSERT INTO time_entry (tenant_id, project_id, employee_id, work_date, minutes, activity, note,
       created_at, updated_at) SELECT tenant_id, id, $emp{'Carla'}, '2026-06-01', 45, 'Ohne Zeiten', '',
       UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid");
resource('2026-06-03', 'Hubsteiger');
resource('2026-06-01', 'Sand');
resource('2026-07-01', 'Kies');
$page = get_page("/portal/projects/$pid/times?month=2026-06&lang=de")->decoded_content;
my @activities = $page =~ m{<span class="what">([^<]*)</span>}g;
is_deeply(\@activities, ['Ohne Zeiten', 'Morgen', 'Nachmittag'], 'June\'s entries by day and start')
    or diag "@activities";
my @resources = $page =~ m{<td class="date">[^<]*</td>\s*<td>([^<]*)<span class="meta">}g;
is_deeply(\@resources, ['Sand', 'Hubsteiger'], 'June\'s resources by date, not July\'s') or diag "@resources";
like($page, qr{Summe: <strong>2,25 h</strong>}, 'the sum of June\'s entries only (135 minutes)');
$page = get_page("/portal/projects/$pid/times?month=2026-07&lang=de")->decoded_content;
@resources = $page =~ m{<td class="date">[^<]*</td>\s*<td>([^<]*)<span class="meta">}g;
is_deeply(\@resources, ["Kies"], "July: a resource and no entry") or diag "@resources";
like($page, qr{Summe: <strong>0 h</strong>}, '... and a sum of 0 h');

# Past the limit the last day and week shown may have more entries than the page: their totals
# count those too. Carla's hour on 29 April starts at 10:00, after Bruno's entries of that day
# without a time, and so is past the 5,000 shown.
timed_entry($emp{'Carla'}, '2026-04-29', '10:00', '11:00', 'Nach der Grenze');
sub hours { (my $h = sprintf('%.2f', $_[0] / 60)) =~ s/\.?0+$//; $h =~ tr/./,/; return "$h h" }
$page = get_page("/portal/projects/$pid/times?month=2026-04&lang=de")->decoded_content;
unlike($page, qr{Nach der Grenze}, 'Carla\'s hour of 29 April is past the limit');
my @day_sums = $page =~ m{<h3 class="dayhead">[^<]*<span class="sum">([^<]*)</span>}g;
is($day_sums[-1], hours(db_value("SELECT SUM(minutes) FROM time_entry WHERE project_id = $pid AND work_date = '2026-04-29'")),
   'the last day shown, 29 April, counts it in its total');
my @week_sums = $page =~ m{<section class="week-block">\s*<h2>[^<]*<span class="sum">([^<]*)</span>}g;
is($week_sums[-1], hours(db_value("SELECT SUM(minutes) FROM time_entry WHERE project_id = $pid
                                   AND work_date BETWEEN '2026-04-27' AND '2026-04-30'")),
   '... and so does its week (27 to 30 April, in this month)');

# More resources than a page shows: the first 2,000 of the period, and a note saying so.
db_do("INSERT INTO resource_entry (tenant_id, project_id, used_on, kind, name, quantity, unit, created_at)
       SELECT p.tenant_id, p.id, '2026-08-01' + INTERVAL (n.i MOD 31) DAY, 'material', CONCAT('Sack ', n.i), 1, 'kg',
              UTC_TIMESTAMP() FROM project p JOIN @{[numbers_sql()]} n WHERE p.id = $pid AND n.i < 2001");
$page = get_page("/portal/projects/$pid/times?month=2026-08&lang=de")->decoded_content;
like($page, qr{Gezeigt werden die ersten 2000 Ressourcen dieses Monats\.</p>}, '2,001 resources in August: a note');
is(scalar(() = $page =~ m{>Sack \d+<span class="meta">}g), 2000, '... and 2,000 of them on the page');
like(get_page("/portal/projects/$pid/times?month=all&lang=de")->decoded_content,
     qr{Gezeigt werden die ersten 2000 Ressourcen dieses Zeitraums\. Wählen Sie einen Monat, um alle zu sehen\.},
     'all months: the note points to a month');
