# A download whose database connection dies half-way (between two of its pages) ends as a
# broken download (no closing chunk, connection closed, the calendar unfinished), never as a
# short file that looks whole; the log names the failure, and the next request gets a fresh
# connection.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 9;

my ($pid) = make_portal('icsbroken', perms => 'planning');
many_long_shifts($pid);
is(db_value("SELECT COUNT(*) FROM plan_entry WHERE project_id = $pid"), 60000, '60,000 shifts');

fresh_agent();
login_as('portal', 'icsbroken', demo_password('kunde'));
my ($sock, $got) = slow_download("/portal/projects/$pid/planning.ics");
like($got, qr{^HTTP/1\.1 200 .*Transfer-Encoding: chunked}s, 'the download starts, chunked');

# The export waits for the client between its pages; the database connections are killed
# meanwhile (every idle one of the module: which one is the export's cannot be told).
sleep 2;
my @idle = map { $_->[0] } grep { $_->[1] eq 'kp' && $_->[4] eq 'Sleep' } db_query('SHOW PROCESSLIST');
ok(scalar @idle, 'the module holds database connections');
for my $id (@idle) {
    eval { db_do("KILL CONNECTION $id") };
}

my $rest = read_rest($sock);
ok(defined $rest, 'the server closed the connection');
$got .= $rest // '';
like($got, qr/BEGIN:VEVENT/, 'after some of the shifts');
unlike($got, qr/\r\n0\r\n\r\n\z/, 'without the closing chunk of a whole download');
unlike($got, qr/END:VCALENDAR/, 'the calendar unfinished');

my $log = do { local $/; open my $fh, '<', 't/logs/error_log' or die $!; <$fh> };
like($log, qr/KP10003: database error while exporting the planning: Lost connection/,
     'the log names the failure, as the driver reported it');

my $res = get_page("/portal/projects/$pid/planning.ics");
like($res->decoded_content, qr/END:VCALENDAR\r\n\z/, 'the next download is whole again');
