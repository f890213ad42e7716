# An export's pages all see the data as it was when the export began (one read transaction):
# a shift moved from the end to the start while planning.ics is on its way is in it once, at
# its old place; read page by page without the snapshot, it would be in none of the pages.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 5;

my ($pid) = make_portal('icssnapshot', perms => 'planning');
many_long_shifts($pid);
my $last = db_value("SELECT MAX(id) FROM plan_entry WHERE project_id = $pid");

fresh_agent();
login_as('portal', 'icssnapshot', demo_password('kunde'));
my ($sock, $got) = slow_download("/portal/projects/$pid/planning.ics");
like($got, qr{^HTTP/1\.1 200 }, 'the download starts');

# While the export waits for the client, its last shift moves before the first.
sleep 2;
db_do("UPDATE plan_entry SET starts_at = CURDATE() - INTERVAL 1 DAY, ends_at = CURDATE() - INTERVAL 1 DAY + INTERVAL 1 HOUR
       WHERE id = $last");
my $rest = read_rest($sock);
ok(defined $rest, 'the download ends');
$got .= $rest // '';
like($got, qr/END:VCALENDAR\r\n\r\n0\r\n\r\n\z/, 'whole');
is(scalar(() = $got =~ /SUMMARY:Schicht 59999 /g), 1, 'the moved shift is in it once');
like(get_page("/portal/projects/$pid/planning.ics")->decoded_content, qr/\A(?:(?!SUMMARY:).)*SUMMARY:Schicht 59999 /s,
     'the next download has it first');
