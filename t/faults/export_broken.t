# A download whose database connection dies half-way (between two of its pages) ends as a
# broken download (no closing chunk, connection closed, the calendar unfinished), never as a
# short file that looks whole; the log names the failure, and the next request gets a fresh
# connection.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Test::More;
use IO::Socket::INET;
use IO::Select;
use Socket qw(SOL_SOCKET SO_RCVBUF);
use Time::HiRes qw(time);
use lib 't/lib';
use KPTest;

plan tests => 9;

my ($pid) = make_portal('icsbroken', perms => 'planning');
# 60,000 shifts with long texts: some 20 MB of calendar, far more than the socket buffers
# between Apache and this client hold, so the export is still on its way while the client
# waits.
db_do("INSERT INTO plan_entry (tenant_id, project_id, employee_id, starts_at, ends_at, activity, note,
       created_at, updated_at)
       SELECT p.tenant_id, p.id, NULL, CURDATE() + INTERVAL (k.i * 10000 + n.i) HOUR,
              CURDATE() + INTERVAL (k.i * 10000 + n.i) HOUR + INTERVAL 30 MINUTE,
              CONCAT('Schicht ', k.i * 10000 + n.i, ' ', REPEAT('x', 150)), REPEAT('Notiz ', 20),
              UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM project p JOIN @{[numbers_sql()]} n
       JOIN (SELECT 0 i UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
             UNION ALL SELECT 4 UNION ALL SELECT 5) k
       WHERE p.id = $pid");
is(db_value("SELECT COUNT(*) FROM plan_entry WHERE project_id = $pid"), 60000, '60,000 shifts');

fresh_agent();
login_as('portal', 'icsbroken', demo_password('kunde'));
my $req = HTTP::Request->new(GET => base_url() . "/portal/projects/$pid/planning.ics");
Apache::TestRequest::user_agent()->cookie_jar->add_cookie_header($req);
my $cookie = $req->header('Cookie') or die 'no session cookie';

# A keep-alive HTTP/1.1 request, so the answer is chunked and only its closing chunk tells a
# whole download from a cut one. A small receive buffer, and no reading after the first bytes.
my $sock = IO::Socket::INET->new(Proto => 'tcp') or die "socket: $!";
setsockopt($sock, SOL_SOCKET, SO_RCVBUF, 4096) or die "SO_RCVBUF: $!";
$sock->connect(scalar Socket::pack_sockaddr_in((split /:/, Apache::TestRequest::hostport())[1],
                                                Socket::inet_aton('127.0.0.1'))) or die "connect: $!";
print {$sock} "GET /portal/projects/$pid/planning.ics HTTP/1.1\r\nHost: "
    . Apache::TestRequest::hostport() . "\r\nCookie: $cookie\r\n\r\n";
my $got = '';
sysread($sock, $got, 4096) or die "no answer";
like($got, qr{^HTTP/1\.1 200 .*Transfer-Encoding: chunked}s, 'the download starts, chunked');

# The export waits for the client between its pages; the database connections are killed
# meanwhile (every idle one of the module: which one is the export's cannot be told).
sleep 2;
my @idle = map { $_->[0] } grep { $_->[1] eq 'kp' && $_->[4] eq 'Sleep' } db_query('SHOW PROCESSLIST');
ok(scalar @idle, 'the module holds database connections') or diag explain [db_query('SHOW PROCESSLIST')];
for my $id (@idle) {
    eval { db_do("KILL CONNECTION $id") };
}

# Read the rest: the server ends the connection without the closing chunk.
my $sel = IO::Select->new($sock);
my $until = time + 60;
while (time < $until && $sel->can_read($until - time)) {
    my $n = sysread($sock, my $buf, 65536);
    last unless $n;
    $got .= $buf;
}
ok(time < $until, 'the server closed the connection');
like($got, qr/BEGIN:VEVENT/, 'after some of the shifts');
unlike($got, qr/\r\n0\r\n\r\n\z/, 'without the closing chunk of a whole download');
unlike($got, qr/END:VCALENDAR/, 'the calendar unfinished');

my $log = do { local $/; open my $fh, '<', 't/logs/error_log' or die $!; <$fh> };
like($log, qr/KP10003: database error while exporting the planning/, 'the log names the failure');

my $res = get_page("/portal/projects/$pid/planning.ics");
like($res->decoded_content, qr/END:VCALENDAR\r\n\z/, 'the next download is whole again');
