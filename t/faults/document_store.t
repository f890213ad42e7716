# An unwritable document store. Documents live in the database (a row in document, the bytes in
# rows of 256 KiB in document_chunk, all in one transaction), so the store fails when MariaDB
# refuses the write: a trigger, created and dropped here through the root client, raises the
# error of a full table (1114) either on the document's row or on a later chunk of a 5 MiB
# file. Customer and staff uploads must then get their documents page with a clear message next
# to the file field (503, Retry-After), and nothing may be left behind: no document row, no
# audit entry, both tables unchanged. With the trigger gone, the same upload works.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use HTTP::Request::Common ();
use lib 't/lib';
use KPTest;

plan tests => 4 * 8 + 4;

sub root_sql {
    my ($sql) = @_;
    open(my $fh, '|-', "$ENV{KP_SCRIPTS}/mariadb.sh", 'client', $ENV{KP_DB_DIR}, 'kundenportal')
        or die "mariadb.sh: $!";
    print {$fh} $sql;
    close $fh or die "root client failed: $sql";
}
sub refuse {
    my ($table, $when) = @_;
    root_sql("DROP TRIGGER IF EXISTS kp_test_store_full;
              DELIMITER //
              CREATE TRIGGER kp_test_store_full BEFORE INSERT ON $table FOR EACH ROW
              BEGIN IF $when THEN
                SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = 1114, MESSAGE_TEXT = 'The table ''$table'' is full';
              END IF; END//
              DELIMITER ;\n");
}
sub allow { root_sql('DROP TRIGGER IF EXISTS kp_test_store_full;') }

my ($pid) = make_portal('speicher-kunde', perms => 'documents', upload => 1);
my $small = "Ein kleines Dokument\n" x 100;
my $large = join '', map { chr(($_ * 7) % 256) } 1 .. 5 * 1024 * 1024;   # two pieces

my %side = (
    portal => { login => sub { login_as('portal', 'speicher-kunde', demo_password('kunde')) },
                page => "/portal/projects/$pid/documents", audit => 'portal.document_upload' },
    admin  => { login => sub { login_as('admin', 'admin') },
                page => "/admin/projects/$pid/documents", audit => 'admin.document_upload' },
);

sub state_of {
    return join ' / ', db_value("SELECT COUNT(*) FROM document WHERE project_id = $pid"),
        db_value("SELECT COUNT(*) FROM audit_log WHERE action LIKE '%document_upload'"),
        (db_query('CHECKSUM TABLE document'))[0][1], (db_query('CHECKSUM TABLE document_chunk'))[0][1];
}

sub upload {
    my ($s, $name, $bytes) = @_;
    my $csrf = page_csrf($s->{page});
    return Apache::TestRequest::user_agent()->request(HTTP::Request::Common::POST(
        base_url() . "$s->{page}?csrf=$csrf", Content_Type => 'form-data',
        Content => [visible => 1, file => [undef, $name, 'Content-Type' => 'application/pdf',
                                           Content => $bytes]]));
}

for my $which (qw(portal admin)) {
    my $s = $side{$which};
    fresh_agent();
    $s->{login}->();
    for my $case (['document', '1', 'the document row', $small],
                  ['document_chunk', 'NEW.seq > 0', 'a later piece (5 MiB)', $large]) {
        my ($table, $when, $what, $bytes) = @$case;
        my $event = $table eq 'document' ? 'INSERT' : 'CHUNK';
        my $before = state_of();
        refuse($table, $when);
        my $res = upload($s, "abgelehnt-$which-$event.pdf", $bytes);
        my $html = $res->decoded_content;
        is($res->code, 503, "$which upload, the database refuses $what: 503");
        is($res->header('Retry-After'), '30', '... with Retry-After');
        like($html, qr/id="file-error"[^>]*>[^<]*Das Dokument konnte gerade nicht gespeichert werden/,
             '... and the message next to the file field');
        like($html, qr/name="file"/, '... on the documents page, ready for another try');
        is(state_of(), $before, '... nothing stored: no document row, no audit entry, tables unchanged');
        unlike($html, qr/abgelehnt-$which/, '... and nothing listed');
        allow();
        $res = upload($s, "angenommen-$which-$event.pdf", $bytes);
        is($res->code, 303, 'with the store writable again, the same upload is stored');
        is(db_value("SELECT size FROM document WHERE project_id = $pid AND name = 'angenommen-$which-$event.pdf'"),
           length $bytes, '... whole');
    }
}

# The failures are logged, and the module kept running throughout.
open(my $log, '<', 't/logs/error_log') or die "error_log: $!";
my @lines = grep { /KP10003/ && /storing an uploaded document/ } <$log>;
is(scalar(@lines), 4, 'each refusal is logged (KP10003)');
like($lines[0] // '', qr/is full/, '... with the database\'s reason');
unlike(join('', @lines), qr/abgelehnt|csrf=/, '... without file names or tokens');
fresh_agent();
is(login_as('portal', 'kunde')->code, 303, 'the portal works on');
