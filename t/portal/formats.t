# Planung and Arbeitszeiten as files: planning.ics parses with a real iCalendar parser (python3
# icalendar), times.csv with a real CSV parser (python3 csv), formulas are defused, and the
# calendar subscription works without login until it is revoked; only its hash is stored; the
# times page shows dates, times and hours in the language's format (de 01.07.2026, 2,25 h).
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use File::Temp qw(tempfile);
use Encode qw(decode_utf8 encode_utf8);
use lib 't/lib';
use KPTest;

plan tests => 30;

my $py = '/usr/bin/python3';   # the Debian python with python3-icalendar
my ($pid, $aid) = make_portal('formattest', perms => 'planning,times');
db_do("INSERT INTO employee (tenant_id, name, created_at) SELECT tenant_id, 'Zoë \"Zett\" Ämter', UTC_TIMESTAMP() FROM project WHERE id = $pid");
my ($emp) = map { $_->[0] } db_query("SELECT MAX(id) FROM employee");
db_do("INSERT INTO plan_entry (tenant_id, project_id, employee_id, starts_at, ends_at, activity, note, created_at, updated_at)
       SELECT tenant_id, id, $emp, '2026-07-01 08:00', '2026-07-01 16:30', 'Aufbau; Bühne, Licht', 'Zeile 1\nZeile 2', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid");
db_do("INSERT INTO plan_entry (tenant_id, project_id, employee_id, starts_at, ends_at, activity, note, created_at, updated_at)
       SELECT tenant_id, id, NULL, '2026-12-24 22:00', '2026-12-25 02:00', 'Nachtschicht', '', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid");
db_do("INSERT INTO time_entry (tenant_id, project_id, employee_id, work_date, starts_at, ends_at, minutes, activity, note, created_at, updated_at)
       SELECT tenant_id, id, $emp, '2026-07-01', '08:00', '10:15', 135, '=HYPERLINK(\"http://x\")', 'a;b \"c\"', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid");
db_do("INSERT INTO time_entry (tenant_id, project_id, employee_id, work_date, starts_at, ends_at, minutes, activity, note, created_at, updated_at)
       SELECT tenant_id, id, NULL, '2026-07-02', NULL, NULL, 50, 'Nacharbeit', '', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid");

sub python {
    my ($script, $input) = @_;
    my ($fh, $file) = tempfile();
    binmode $fh;
    print $fh $input;
    close $fh;
    open(my $out, '-|', $py, '-c', $script, $file) or die "python: $!";
    local $/;
    my $text = <$out>;
    close $out;
    return ($? >> 8, decode_utf8($text // ''));
}

my $ics_script = <<'PY';
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for ev in sorted(cal.walk('VEVENT'), key=lambda e: e.decoded('dtstart')):
    s, e = ev.decoded('dtstart'), ev.decoded('dtend')
    print('|'.join([s.isoformat(), e.isoformat(), str(s.tzinfo), str(ev['summary']), str(ev.get('description', '')).replace('\n', '\\n'), str(ev['uid'])]))
PY

fresh_agent();
login_as('portal', 'formattest', demo_password('kunde'));
my $res = get_page("/portal/projects/$pid/planning.ics");
is($res->code, 200, 'planning.ics');
like($res->header('Content-Type'), qr{^text/calendar}, 'text/calendar');
like($res->header('Content-Disposition'), qr/^attachment;/, 'as attachment');
my ($rc, $parsed) = python($ics_script, $res->content);
is($rc, 0, 'the ICS parses with python3-icalendar') or diag $parsed;
my @ev = split /\n/, $parsed;
is(scalar @ev, 2, 'two events');
like($ev[0] // '', qr/^2026-07-01T08:00:00\+02:00\|2026-07-01T16:30:00\+02:00\|Europe\/Berlin\|Aufbau; Bühne, Licht – Zoë "Zett" Ämter\|/,
     'summer shift: local times with +02:00, escaped text comes back');
like($ev[0] // '', qr/Zeile 1\\nZeile 2/, 'line breaks in the note survive');
like($ev[1] // '', qr/^2026-12-24T22:00:00\+01:00\|2026-12-25T02:00:00\+01:00\|/, 'night shift over midnight in winter time');

my $csv_script = <<'PY';
import sys, csv, io, json
text = open(sys.argv[1], 'rb').read().decode('utf-8-sig')
sep = ';' if text.split('\r\n')[0].count(';') else ','
print(json.dumps(list(csv.reader(io.StringIO(text, newline=''), delimiter=sep, strict=True))))
PY
use JSON::PP ();
$res = get_page("/portal/projects/$pid/times.csv?month=all");
is($res->code, 200, 'times.csv');
like($res->header('Content-Type'), qr{^text/csv; charset=utf-8}, 'text/csv, UTF-8');
($rc, $parsed) = python($csv_script, $res->content);
is($rc, 0, 'the CSV parses with python3 csv (strict)') or diag $parsed;
my $rows = eval { JSON::PP->new->decode(encode_utf8($parsed)) } || [];
is(scalar @$rows, 3, 'a header and two entries');
is_deeply($rows->[0], ['Datum', 'Von', 'Bis', 'Stunden', 'Mitarbeiter/in', 'Tätigkeit', 'Notiz', 'Minuten'], 'German header');
is_deeply($rows->[1], ['01.07.2026', '08:00', '10:15', '2,25', 'Zoë "Zett" Ämter', q('=HYPERLINK("http://x")), 'a;b "c"', '135'],
          'German dates and decimal comma; the formula is defused with an apostrophe; separators and quotes survive');
is("$rows->[2][3] $rows->[2][7]", '0,83 50', '50 minutes are 0,83 hours, and 50 in the minutes column');

$res = get_page("/portal/projects/$pid/times.csv?month=all&lang=en");
($rc, $parsed) = python($csv_script, $res->content);
$rows = eval { JSON::PP->new->decode(encode_utf8($parsed)) } || [];
is_deeply([@{ $rows->[1] || [] }[0, 3]], ['2026-07-01', '2.25'], 'English: ISO dates, decimal point, comma separator');
is(($rows->[0] || [])->[7], 'Minutes', '... and its own heading of the minutes');
# Dates, times and hours on the page in the language's format (en first: the German request
# after it leaves German remembered for the rest of the file).
my $en = get_page("/portal/projects/$pid/times?lang=en&month=2026-07")->decoded_content;
like($en, qr{class="dayhead">01/07/2026<span class="sum">2\.25 h<}, 'English page: day 01/07/2026, 2.25 h');
like($en, qr{class="when">08:00–10:15, 2\.25 h<}, 'English page: 08:00–10:15');
my $de = get_page("/portal/projects/$pid/times?lang=de&month=2026-07")->decoded_content;
like($de, qr{class="dayhead">01\.07\.2026<span class="sum">2,25 h<}, 'German page: day 01.07.2026, 2,25 h');
like($de, qr{class="when">08:00–10:15, 2,25 h</span>\s*<span class="what">=HYPERLINK\("http://x"\)</span>\s*<span class="who">Zoë "Zett" Ämter</span>\s*<span class="note preline">a;b "c"</span>\s*</li>},
     'German page: 08:00–10:15, the activity, the employee and the note');
like($de, qr{class="when">0,83 h</span>\s*<span class="what">Nacharbeit</span>\s*</li>},
     'an entry without times, employee or note shows its hours and activity alone');
my $page = get_page("/portal/projects/$pid/times?lang=de&month=all")->decoded_content;
like($page, qr{Summe je Monat.*07/2026</a></td>\s*<td class="num">3,08 h}s, 'all months: the total per month');
like(get_page("/portal/projects/$pid/times?month=2026-07")->decoded_content,
     qr{Summe je Mitarbeiter/in.*Zoë "Zett" Ämter</td>\s*<td class="num">2,25 h}s, 'the total per employee');

# The calendar subscription: a secret URL, shown once, only its hash stored, revocable.
my $csrf = csrf_of(get_page("/portal/projects/$pid/planning")->content);
$res = post_form("/portal/projects/$pid/planning/calendar", csrf => $csrf);
my ($url) = $res->content =~ m{value="(http[^"]+/portal/calendar/([A-Za-z0-9_-]{43}))"};
ok($url, 'the subscription URL is shown') or diag $res->content;
my ($token) = ($url // '') =~ m{/calendar/(\S+)$};
my ($stored) = map { $_->[0] } db_query("SELECT calendar_secret FROM portal_account WHERE id = $aid");
is($stored, Digest_sha256_hex($token // ''), 'only the SHA-256 of the secret is stored');
fresh_agent();
$res = get_page("/portal/calendar/$token");
is($res->code, 200, 'the feed answers without a login');
($rc, $parsed) = python($ics_script, $res->content);
is(scalar(grep { /Nachtschicht/ } split /\n/, $parsed), 1, 'the feed carries the account\'s shifts');
fresh_agent();
login_as('portal', 'formattest', demo_password('kunde'));
post_form("/portal/projects/$pid/planning/calendar/revoke", csrf => csrf_of(get_page('/portal/')->content));
fresh_agent();
is(get_page("/portal/calendar/$token")->code, 404, 'a revoked subscription is 404');

my $log = do { local (@ARGV, $/) = (Apache::Test::vars('t_logs') . '/error_log'); <> } // '';
unlike($log, qr/\Q$token\E/, 'the secret never reaches the error log');

sub Digest_sha256_hex { require Digest::SHA; return Digest::SHA::sha256_hex($_[0]) }
