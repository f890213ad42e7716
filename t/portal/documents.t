# Dokumente: a binary file with an odd name goes up and comes back byte-identical, with a safe
# Content-Disposition; over the limit is 413 with nothing stored; hidden documents and
# documents of other projects are 404; no upload where the portal does not allow it.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use Encode qw(encode_utf8 decode_utf8);
use URI::Escape qw(uri_unescape);
use Digest::SHA ();
use lib 't/lib';
use KPTest;

plan tests => 45;

my ($pid) = make_portal('doktest');
fresh_agent();
login_as('portal', 'doktest', demo_password('kunde'));
my $csrf = csrf_of(get_page("/portal/projects/$pid/documents")->content);
my $count = sub { (db_query("SELECT COUNT(*) FROM document WHERE project_id = $pid"))[0][0] };

sub upload {
    my ($name, $bytes, $type) = @_;
    return Apache::TestRequest::POST("/portal/projects/$pid/documents?csrf=$csrf",
        Content_Type => 'form-data',
        Content => [file => [undef, $name, 'Content-Type' => $type // 'application/octet-stream',
                             Content => $bytes]]);
}

# Every byte value, a NUL-heavy stretch and random data: binary through and through.
my $bytes = join('', map { chr } 0 .. 255) x 3 . ("\0" x 1000) . join('', map { chr int rand 256 } 1 .. 300_000);
my $odd = encode_utf8("Übersicht \"Größe\" Ä%0D%0ASet-Cookie: x=1.bin");
my $res = upload($odd, $bytes);
is($res->code, 303, 'upload of a binary file with an odd name') or diag $res->content;
my ($doc, $stored_name, $size) = @{ (db_query("SELECT id, name, size FROM document WHERE project_id = $pid"))[0] };
is($size, length $bytes, 'stored size is the byte count');
is(decode_utf8($stored_name), 'Übersicht "Größe" ÄSet-Cookie: x=1.bin', 'quotes kept, the line break dropped');

$res = get_page("/portal/projects/$pid/documents/$doc");
is($res->code, 200, 'download');
ok($res->content eq $bytes, 'downloaded bytes are identical to the uploaded ones');
is($res->header('Content-Length'), length $bytes, 'Content-Length');
is($res->header('X-Content-Type-Options'), 'nosniff', 'nosniff');
my $cd = $res->header('Content-Disposition');
like($cd, qr/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%!#\$&+\-.^_`|~]+$/,
     'attachment with an ASCII fallback and an RFC 6266 filename*');
my ($ext) = $cd =~ /filename\*=UTF-8''(\S+)$/;
is(decode_utf8(uri_unescape($ext)), 'Übersicht "Größe" ÄSet-Cookie: x=1.bin', 'filename* decodes to the stored name');
unlike(join("\n", $res->headers->header_field_names), qr/^Set-Cookie$/mi, 'no header smuggled in');
like(get_page("/portal/projects/$pid/documents")->decoded_content, qr/Übersicht &quot;Größe&quot;|Übersicht "Größe"/,
     'listed with its name');

# The CSRF token: the page's form sends it as the body's first field (not in its address, which
# the access log keeps); after the file, or wrong, it is refused before anything is kept.
my $form_html = get_page("/portal/projects/$pid/documents")->content;
like($form_html, qr{<form method="post" enctype="multipart/form-data" action="/portal/projects/$pid/documents" [^>]*>\s*<input type="hidden" name="csrf" value="$csrf">},
     'the upload form carries its CSRF token as its first field, not in its address');
my $body_post = sub {
    my ($name, @content) = @_;
    my $before = $count->();
    my $code = Apache::TestRequest::POST("/portal/projects/$pid/documents", Content_Type => 'form-data', Content => [@content])->code;
    return "$code " . ($count->() - $before);
};
my $file = sub { (file => [undef, $_[0], 'Content-Type' => 'text/plain', Content => 'Inhalt']) };
is($body_post->('erst', csrf => $csrf, $file->('token-zuerst.txt')), '303 1', 'the token first in the body: stored');
is($body_post->('danach', $file->('token-danach.txt'), csrf => $csrf), '403 0', 'the token after the file: 403, nothing stored');
is($body_post->('falsch', csrf => 'A' x 43, $file->('token-falsch.txt')), '403 0', 'a wrong token in the body: 403, nothing stored');

# The form sent twice (a reload, a click again after a proxy gave up) stores one document, on
# either side; the form carries a one-time token for it.
for my $side (qw(portal admin)) {
    fresh_agent();
    $side eq 'portal' ? login_as('portal', 'doktest', demo_password('kunde')) : login_as('admin', 'admin');
    my $form = get_page("/$side/projects/$pid/documents")->content;
    my ($token) = $form =~ /name="form_token" value="([A-Za-z0-9_-]{43})"/;
    my $side_csrf = csrf_of($form);
    my $before = $count->();
    my @codes = map { Apache::TestRequest::POST("/$side/projects/$pid/documents?csrf=$side_csrf", Content_Type => 'form-data',
        Content => [form_token => $token, file => [undef, "zweimal-$side.txt", 'Content-Type' => 'text/plain', Content => 'x']])->code } 1 .. 2;
    is(join(' ', @codes, $count->() - $before), '303 303 1', "$side: the same upload form sent twice stores one document");
    # The same form with another file (a browser that showed the first upload as failed and
    # kept the form): refused with the reason, not dropped without a word.
    my $res = Apache::TestRequest::POST("/$side/projects/$pid/documents?csrf=$side_csrf", Content_Type => 'form-data',
        Content => [form_token => $token, file => [undef, "andere-$side.txt", 'Content-Type' => 'text/plain', Content => 'y']]);
    ok($res->code == 409 && $count->() - $before == 1
       && $res->decoded_content =~ /Dieses Formular wurde schon mit einer anderen Datei gesendet/
       && $res->decoded_content !~ /name="form_token" value="\Q$token\E"/,
       "$side: ... another file on that form: 409 with the reason and a fresh form, nothing stored");
    $res = Apache::TestRequest::POST("/$side/projects/$pid/documents?csrf=$side_csrf", Content_Type => 'form-data',
        Content => [form_token => $token, file => [undef, "zweimal-$side.txt", 'Content-Type' => 'text/plain', Content => 'z']]);
    is($res->code . ' ' . ($count->() - $before), '409 1', "$side: ... also one of the same name and size but other bytes");
}
fresh_agent();
login_as('portal', 'doktest', demo_password('kunde'));
$csrf = csrf_of(get_page("/portal/projects/$pid/documents")->content);

# Long names are cut to the column's 255 characters (not bytes) in their stem, so they keep
# their extension; the audit line names the document as stored (no bidirectional control
# character that would show "gnp.exe" as "exe.png").
my $stored = sub { decode_utf8(db_value("SELECT name FROM document WHERE project_id = $pid ORDER BY id DESC LIMIT 1")) };
upload('a' x 296 . '.pdf', 'pdf');
my $name = $stored->();
ok(length($name) == 255 && $name =~ /^a+\.pdf$/, 'a name of 300 characters: cut to 255 in its stem, .pdf kept');
upload(encode_utf8("\x{6587}" x 200 . '.docx'), 'docx');
is($stored->(), "\x{6587}" x 200 . '.docx', 'a name of 205 CJK characters (615 bytes) is kept whole');
upload(encode_utf8("\x{6587}" x 300 . '.pdf'), 'pdf');
$name = $stored->();
ok(length($name) == 255 && $name =~ /^\x{6587}+\.pdf$/, '... one of 304 is cut to 255, .pdf kept');
upload(encode_utf8("\x{202E}gnp.exe"), 'exe');
is(decode_utf8(db_value("SELECT detail FROM audit_log WHERE action = 'portal.document_upload' ORDER BY id DESC LIMIT 1")),
   'gnp.exe', 'the audit line names the document as stored, without the bidirectional control');

# A browser-executable type is served as a plain download.
$res = upload('page.html', '<script>alert(1)</script>', 'text/html');
my ($html) = map { $_->[0] } db_query("SELECT MAX(id) FROM document WHERE project_id = $pid");
is(get_page("/portal/projects/$pid/documents/$html")->header('Content-Type'), 'application/octet-stream',
   'text/html upload comes back as application/octet-stream');

# Exactly the limit (20 MiB by default) is taken: written to a temporary file as it arrives,
# stored in rows of 256 KiB, each by a statement of its own (so MariaDB's default
# max_allowed_packet of 16 MiB, as scripts/mariadb.sh runs it, is no bound), and it comes
# back whole.
my $limit = join('', map { chr(($_ * 131 + 7) % 256) } 1 .. 65536) x 320;
$res = upload('genau-20-MiB.bin', $limit);
is($res->code, 303, 'exactly the upload limit (20 MiB) is stored') or diag $res->content;
my ($full, $full_size) = @{ (db_query("SELECT id, size FROM document WHERE project_id = $pid AND name = 'genau-20-MiB.bin'"))[0] };
is($full_size, 20 * 1024 * 1024, '... with its size');
is(join(' ', map { @$_ } db_query("SELECT COUNT(*), MAX(LENGTH(data)), SUM(LENGTH(data)) FROM document_chunk
                                    WHERE document_id = $full")),
   '80 262144 ' . length($limit), '... in 80 rows of 256 KiB');
is(db_value("SELECT sha256 FROM document WHERE id = $full"), Digest::SHA::sha256_hex($limit), '... and its SHA-256');
$res = get_page("/portal/projects/$pid/documents/$full");
ok($res->content eq $limit, '... and comes back byte-identical');
my @left = map { glob("$_/kundenportal-upload-*") } grep { defined && -d } $ENV{TMPDIR}, '/tmp', '/var/tmp';
is("@left", '', 'no temporary file is left behind');

# Over the limit: 413, nothing stored.
my $before = $count->();
$res = upload('big.bin', 'x' x (20 * 1024 * 1024 + 1));
is($res->code, 413, 'one byte over the upload limit is 413');
is($count->(), $before, '... and nothing is stored');

# A part cut off in the middle: 400, nothing stored.
$res = Apache::TestRequest::POST("/portal/projects/$pid/documents?csrf=$csrf",
    'Content-Type' => 'multipart/form-data; boundary=XyZ',
    Content => "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.bin\"\r\n\r\nhalf a file");
is($res->code, 400, 'a truncated multipart body is 400');
is($count->(), $before, '... and nothing is stored');

# Fields beside the file: 256 KiB and 100 fields at most in all, and UTF-8 without NUL, as in
# any form (each was held in memory before: 20 MiB of fields took 40-80 MB).
sub with_fields {
    my @fields = @_;
    return Apache::TestRequest::POST("/portal/projects/$pid/documents?csrf=$csrf",
        Content_Type => 'form-data',
        Content => [@fields, file => [undef, 'beiwerk.txt', 'Content-Type' => 'text/plain', Content => 'Inhalt']]);
}
$res = with_fields(map { ("x$_" => 'y' x 60_000) } 1 .. 5);
is($res->code, 413, 'five fields of 60,000 bytes beside a file: 413');
$res = with_fields(map { ("x$_" => 'y') } 1 .. 101);
is($res->code, 413, '101 fields: 413');
$res = with_fields(x => "Gr\xFCn");
is($res->code, 400, 'a field in Latin-1: 400');
$res = with_fields(x => "a\0b");
is($res->code, 400, 'a field with a NUL: 400');
is($count->(), $before, '... and none of them stored anything');
is(with_fields(map { ("x$_" => 'y' x 2_000) } 1 .. 100)->code, 303, 'while 100 fields of 2,000 bytes are fine');
$before = $count->();

# Hidden from the portal: neither listed nor downloadable.
db_do("UPDATE document SET portal_visible = 0 WHERE id = $doc");
is(get_page("/portal/projects/$pid/documents/$doc")->code, 404, 'a hidden document is 404');
unlike(get_page("/portal/projects/$pid/documents")->decoded_content, qr/Größe/, '... and not listed');

# A portal that does not allow uploads (switched off while the page was open): 403 with the
# documents page saying why, and nothing stored.
db_do("UPDATE portal SET allow_upload = 0 WHERE project_id = $pid");
$res = upload('nope.txt', 'nope');
ok($res->code == 403 && decode_utf8($res->content) =~ /Das Hochladen ist in diesem Portal nicht \(mehr\) freigegeben\. Es wurde nichts gespeichert\./,
   'upload where the portal does not allow it: 403, the documents page saying why');
