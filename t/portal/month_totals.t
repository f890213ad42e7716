# The hours per month on the times page come from totals kept on write (sql/006_counters.sql):
# they must equal the sum of the entries after every kind of write, by the staff's editor,
# the CSV import and a script writing into the table, and they go with their project.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use Encode qw(encode_utf8);
use lib 't/lib';
use KPTest;

plan tests => 21;

my ($pid) = make_portal('monthsum');
my $one = sub { db_value($_[0]) };

# "YYYYMM:minutes" per month, from the totals and from the entries themselves.
sub totals {
    return join ' ', map { "$_->[0]:$_->[1]" } db_query("SELECT work_month, minutes FROM time_month_total
        WHERE project_id = $pid AND entries > 0 ORDER BY work_month");
}
sub truth {
    return join ' ', map { "$_->[0]:$_->[1]" } db_query("SELECT EXTRACT(YEAR_MONTH FROM work_date), SUM(minutes)
        FROM time_entry WHERE project_id = $pid GROUP BY 1 ORDER BY 1");
}

fresh_agent();
login_as('admin', 'admin');
my $csrf = csrf_of(get_page("/admin/projects/$pid/times")->content);
my $post = sub { my $url = shift; post_form($url, csrf => $csrf, @_) };
my %entry = (from => '', to => '', employee => '', activity => 'Reinigung', note => '');

is($post->("/admin/projects/$pid/times", %entry, date => '2026-07-10', minutes => '60')->code, 303, 'an entry in July');
is($post->("/admin/projects/$pid/times", %entry, date => '2026-07-20', minutes => '30')->code, 303, 'a second one');
is($post->("/admin/projects/$pid/times", %entry, date => '2026-08-05', minutes => '45')->code, 303, 'one in August');
is(totals(), '202607:90 202608:45', 'the totals after three new entries');

my $moved = $one->("SELECT id FROM time_entry WHERE project_id = $pid AND work_date = '2026-07-20'");
is($post->("/admin/projects/$pid/times/$moved", %entry, date => '2026-09-01', minutes => '120')->code, 303,
   'an entry moved to September with other minutes');
is(totals(), '202607:60 202608:45 202609:120', 'the totals follow the move');

my $august = $one->("SELECT id FROM time_entry WHERE project_id = $pid AND work_date = '2026-08-05'");
is($post->("/admin/projects/$pid/times/$august/delete")->code, 303, 'the August entry deleted');
is(totals(), '202607:60 202609:120', 'August is gone from the totals');

my $res = Apache::TestRequest::POST("/admin/projects/$pid/times/import?csrf=$csrf", Content_Type => 'form-data',
    Content => [file => [undef, 'import.csv', 'Content-Type' => 'text/csv',
                         Content => encode_utf8("Datum;Von;Bis;Minuten;Mitarbeiter;Tätigkeit;Notiz\n"
                                               . "02.09.2026;;;15;;Nacharbeit;\n03.10.2026;;;200;;Abnahme;\n")]]);
is($res->code, 303, 'two entries imported from CSV');
is(totals(), '202607:60 202609:135 202610:200', 'the import is counted');

# A script of the company writes straight into the table.
db_do("INSERT INTO time_entry (tenant_id, project_id, work_date, minutes, created_at, updated_at)
       SELECT tenant_id, id, '2026-07-31', 5, UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid");
db_do("UPDATE time_entry SET minutes = minutes + 1 WHERE project_id = $pid");
db_do("DELETE FROM time_entry WHERE project_id = $pid AND work_date = '2026-10-03'");
is(totals(), truth(), 'writes from outside the module are counted too');
is(totals(), '202607:67 202609:137', '... to the minute');

# Many writes at once to the same month: each is counted once.
my @res = in_parallel(map { request_of(POST => "/admin/projects/$pid/times",
                                       [csrf => $csrf, %entry, date => '2026-11-11', minutes => '10']) } 1 .. 12);
is(scalar(grep { $_->[0] == 303 } @res), 12, 'twelve entries saved at the same moment');
is(totals(), truth(), 'the totals equal the entries after concurrent writes');
is(totals(), '202607:67 202609:137 202611:120', '... all twelve counted');

# What the customer sees.
fresh_agent();
login_as('portal', 'monthsum', demo_password('kunde'));
my $page = get_page("/portal/projects/$pid/times?month=all")->decoded_content;
like($page, qr{Summe je Monat.*09/2026</a></td>\s*<td class="num">2,28 h}s, 'all months: September with its hours');
like($page, qr{07/2026</a></td>\s*<td class="num">1,12 h}s, '... and July');
unlike($page, qr{08/2026|10/2026}, 'months without entries are not offered');
$page = get_page("/portal/projects/$pid/times")->decoded_content;
like($page, qr{<option value="2026-11" selected(?:="selected")?>11/2026</option>}, 'the newest month is shown first');
like($page, qr{<option value="2026-07">07/2026</option>}, '... and an older one can be chosen');

db_do("DELETE FROM project WHERE id = $pid");
is($one->("SELECT COUNT(*) FROM time_month_total WHERE project_id = $pid"), 0,
   'a deleted project takes its totals with it');
