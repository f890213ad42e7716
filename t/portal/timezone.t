# Times stored in UTC (messages, uploads, logins) are shown in the company's time zone:
# KundenportalTimeZone, Europe/Berlin by default (the demo vhost), America/New_York on the
# second tenant's vhost (t/conf/extra.conf.in). Daylight saving on both sides of the change.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;
use POSIX ();

plan tests => 12;

sub message_at {
    my ($pid, $utc, $body) = @_;
    db_do("INSERT INTO message (tenant_id, project_id, author_kind, author_name, body, created_at)
           SELECT tenant_id, id, 'staff', 'Zeitzone', '$body', '$utc' FROM project WHERE id = $pid");
}

my ($pid) = make_portal('zeitzone-demo', perms => 'messages');
message_at($pid, '2026-07-01 12:00:00', 'Sommerzeit');
message_at($pid, '2026-10-25 00:30:00', 'vor der Umstellung');
message_at($pid, '2026-10-25 01:30:00', 'nach der Umstellung');
message_at($pid, '2026-12-31 23:30:00', 'Silvester');
fresh_agent();
login_as('portal', 'zeitzone-demo', demo_password('kunde'));
my $html = get_page("/portal/projects/$pid/messages")->decoded_content;
like($html, qr/01\.07\.2026, 14:00.*?Sommerzeit/s, 'summer: UTC 12:00 is 14:00 in Berlin');
like($html, qr/25\.10\.2026, 02:30.*?vor der Umstellung/s, 'before the change back: +2 h');
like($html, qr/25\.10\.2026, 02:30.*?nach der Umstellung/s, 'an hour later in UTC, the same wall clock: +1 h');
like($html, qr/01\.01\.2027, 00:30.*?Silvester/s, 'the date moves on with the time');

my ($pid2) = make_portal('zeitzone-zweite', perms => 'messages,planning', tenant => 'zweite');
message_at($pid2, '2026-07-01 12:00:00', 'Sommerzeit');
message_at($pid2, '2026-12-01 03:00:00', 'Winterzeit');
fresh_agent(vhost => 'kp_tenant2');
login_as('portal', 'zeitzone-zweite', demo_password('kunde'));
$html = get_page("/portal/projects/$pid2/messages")->decoded_content;
like($html, qr/01\.07\.2026, 08:00.*?Sommerzeit/s, 'another vhost, another zone: 08:00 in New York');
like($html, qr/30\.11\.2026, 22:00.*?Winterzeit/s, 'and the day before in winter');

# Planned shifts are wall-clock times of the company: the calendar feed says in which zone.
db_do("INSERT INTO plan_entry (tenant_id, project_id, starts_at, ends_at, activity, created_at, updated_at)
       SELECT tenant_id, id, '2026-07-01 08:00:00', '2026-07-01 16:00:00', 'Frühschicht', UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM project WHERE id = $pid2");
my $ics = get_page("/portal/projects/$pid2/planning.ics")->content;
like($ics, qr{\r\nBEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n}, 'planning.ics: the VTIMEZONE of the vhost\'s zone');
like($ics, qr{\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n}, '... with its own rule');
like($ics, qr{\r\nDTSTART;TZID=America/New_York:20260701T080000\r\n}, 'the shift as entered, in that zone');

# "Kommende" and "Vergangene Schichten" and the current week go by the company's clock, not by the
# database server's (UTC here, hours ahead of New York): a shift running now in New York is upcoming,
# one that ended there half an hour ago is past, and the week shown is New York's.
sub wall_clock {
    my ($zone, $seconds_from_now, $format) = @_;
    my $text;
    {
        local $ENV{TZ} = $zone;
        POSIX::tzset();
        $text = POSIX::strftime($format // '%Y-%m-%d %H:%M:%S', localtime(time + $seconds_from_now));
    }
    POSIX::tzset();
    return $text;
}
my $ny = 'America/New_York';
db_do("INSERT INTO plan_entry (tenant_id, project_id, starts_at, ends_at, activity, created_at, updated_at)
       SELECT tenant_id, id, '@{[wall_clock($ny, -3600)]}', '@{[wall_clock($ny, 2 * 3600)]}', 'Läuft gerade',
              UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid2");
db_do("INSERT INTO plan_entry (tenant_id, project_id, starts_at, ends_at, activity, created_at, updated_at)
       SELECT tenant_id, id, '@{[wall_clock($ny, -3 * 3600)]}', '@{[wall_clock($ny, -1800)]}', 'Eben vorbei',
              UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid2");
$html = get_page("/portal/projects/$pid2/planning")->decoded_content;
like($html, qr{Kommende Schichten</h2>(?:(?!Vergangene Schichten).)*Läuft gerade}s, 'a shift running now in New York is upcoming');
like($html, qr{Vergangene Schichten</h2>.*Eben vorbei}s, '... one that ended there half an hour ago is past (a guard: UTC says so too)');
my $today = wall_clock($ny, 0, '%Y-%m-%d');
my $next_monday = db_value("SELECT DATE('$today') - INTERVAL WEEKDAY('$today') DAY + INTERVAL 7 DAY");
like($html, qr{\?week=$next_monday" rel="next"}, 'the week shown is New York\'s (a guard: it differs from UTC\'s only on Sunday evenings)');
