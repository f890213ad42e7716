# planning.ics and the calendar subscription carry every shift, however many (both were cut at
# 5,000 once, the newest shifts first to go); HEAD answers with the headers alone.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 8;

my ($pid, $aid) = make_portal('icsexport', perms => 'planning');
# 5,001 shifts, one per hour from tomorrow on: the last on day 209.
db_do("INSERT INTO plan_entry (tenant_id, project_id, employee_id, starts_at, ends_at, activity, note,
       created_at, updated_at)
       SELECT p.tenant_id, p.id, NULL, CURDATE() + INTERVAL 1 DAY + INTERVAL n.i HOUR,
              CURDATE() + INTERVAL 1 DAY + INTERVAL n.i HOUR + INTERVAL 30 MINUTE,
              CONCAT('Schicht ', n.i), '', UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM project p JOIN @{[numbers_sql()]} n
       WHERE p.id = $pid AND n.i <= 5000");
is(db_value("SELECT COUNT(*) FROM plan_entry WHERE project_id = $pid"), 5001, '5,001 shifts');

fresh_agent();
login_as('portal', 'icsexport', demo_password('kunde'));
my $res = get_page("/portal/projects/$pid/planning.ics");
is($res->code, 200, 'planning.ics');
my $ics = $res->decoded_content;
is(scalar(() = $ics =~ /^BEGIN:VEVENT\r$/mg), 5001, 'every shift is in it');
like($ics, qr/SUMMARY:Schicht 5000\r\n(?:[^\r]*\r\n){0,4}END:VEVENT\r\nEND:VCALENDAR\r\n\z/,
     'the newest last, and the calendar closed');

my $head = Apache::TestRequest::HEAD("/portal/projects/$pid/planning.ics");
is($head->code, 200, 'HEAD planning.ics: 200');
like($head->header('Content-Type') // '', qr{^text/calendar}, 'with its type');

# The subscription feed of the same account (its secret set here; only the hash is stored).
my $token = join '', map { ('A' .. 'Z', 'a' .. 'z', 0 .. 9)[$_ % 62] } 1 .. 43;
db_do("UPDATE portal_account SET calendar_secret = SHA2('$token', 256) WHERE id = $aid");
fresh_agent();
$res = get_page("/portal/calendar/$token");
is($res->code, 200, 'the subscription feed');
is(scalar(() = $res->decoded_content =~ /^BEGIN:VEVENT\r$/mg), 5001, 'with every coming shift');
