# A document whose bytes cannot be read (pieces missing: deleted meanwhile, or the database
# failing) never reaches the browser as a file that looks whole: when the first piece fails,
# the answer is the 503 error page (no attachment, no Content-Length of the file); when a later
# piece fails, the download breaks off short of its Content-Length and the connection is closed,
# so the browser reports a failed download. The log names the failure.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 9;

my ($pid) = make_portal('leselos', perms => 'documents');
fresh_agent();
login_as('portal', 'leselos', demo_password('kunde'));
my $csrf = csrf_of(get_page("/portal/projects/$pid/documents")->content);
sub upload {
    my ($name, $bytes) = @_;
    my $res = Apache::TestRequest::POST("/portal/projects/$pid/documents?csrf=$csrf",
        Content_Type => 'form-data',
        Content => [file => [undef, $name, 'Content-Type' => 'application/octet-stream', Content => $bytes]]);
    die "upload of $name: " . $res->code unless $res->code == 303;
    return db_value("SELECT id FROM document WHERE project_id = $pid AND name = '$name'");
}

# The first piece gone: the error page, not an empty file.
my $small = upload('klein.bin', 'x' x 1000);
db_do("DELETE FROM document_chunk WHERE document_id = $small");
my $res = get_page("/portal/projects/$pid/documents/$small");
is($res->code, 503, 'a document whose first piece cannot be read: 503');
ok(($res->header('Content-Disposition') // '') !~ /attachment/ && ($res->header('Content-Type') // '') =~ m{^text/html},
   '... an error page, not a download');
like($res->decoded_content, qr/<html/, '... that a person can read');

# A later piece gone while the download runs: 10 MiB in 40 pieces; the client reads slowly, so
# Apache is still at the first pieces (a few MiB of socket buffers ahead at most) when the
# last ten go.
my $bytes = join '', map { chr(65 + $_ % 26) x 1024 } 1 .. 10 * 1024;
my $big = upload('gross.bin', $bytes);
is(db_value("SELECT COUNT(*) FROM document_chunk WHERE document_id = $big"), 40, 'a 10 MiB document in 40 pieces');
my ($sock, $got) = slow_download("/portal/projects/$pid/documents/$big");
like($got, qr{^HTTP/1\.1 200 .*Content-Length: 10485760\r\n}s, 'the download starts with the whole length announced');
sleep 1;
db_do("DELETE FROM document_chunk WHERE document_id = $big AND seq >= 30");
# Read the 30 pieces there are, then ask again on the same connection: a download broken off
# has closed it, where a short answer taken for whole would leave it open for the next request.
my $head = index($got, "\r\n\r\n") + 4;
require IO::Select;
my $sel = IO::Select->new($sock);
while (length($got) - $head < 30 * 262144 && $sel->can_read(60)) {
    sysread($sock, my $buf, 65536) or last;
    $got .= $buf;
}
my $body = length($got) - $head;
is($body, 30 * 262144, 'the pieces before the missing ones arrive');
ok(substr($got, $head) eq substr($bytes, 0, $body), '... with the right bytes');
{
    local $SIG{PIPE} = 'IGNORE';
    print {$sock} "GET /portal/ HTTP/1.1\r\nHost: localhost\r\n\r\n";
}
my $rest = read_rest($sock);
ok(defined $rest && $rest eq '', 'then the server closes the connection: short of the announced length, the download fails')
    or diag(substr($rest // 'no close within 60 s', 0, 200));

my $log = do { local $/; open my $fh, '<', 't/logs/error_log' or die $!; <$fh> };
like($log, qr/reading a document's content: the download breaks off/, 'the log names the failure');
