# The company sees what its customers uploaded: the project list marks a project with a customer
# upload after this admin's last look at its documents (each admin a mark of their own), the
# staff's document list marks those uploads "neu", a staff upload marks nothing, and an admin
# added later counts the uploads before as seen.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 25;

my ($pid) = make_portal('staffdocs', perms => 'documents');
my $list = "/admin/projects?q=staffdocs";
my $badge = qr{<a class="badge new" href="/admin/projects/$pid/documents">neues Dokument vom Kunden</a>};
make_admin('docsadmin', 'Zweite Admin');

sub customer_uploads {
    my ($name) = @_;
    fresh_agent();
    login_as('portal', 'staffdocs', demo_password('kunde'));
    my $csrf = csrf_of(get_page("/portal/projects/$pid/documents")->content);
    return Apache::TestRequest::POST("/portal/projects/$pid/documents?csrf=$csrf", Content_Type => 'form-data',
        Content => [file => [undef, $name, 'Content-Type' => 'text/plain', Content => "Inhalt von $name\n"]]);
}

fresh_agent();
login_as('admin', 'admin');
unlike(get_page($list)->decoded_content, qr/neues Dokument vom Kunden/, 'a project without customer uploads is not marked');

is(customer_uploads('Aufmass.txt')->code, 303, 'the customer uploads a document');
fresh_agent();
login_as('admin', 'admin');
like(get_page($list)->decoded_content, $badge, 'the project list marks the project, linked to its documents');
my $docs = get_page("/admin/projects/$pid/documents")->decoded_content;
like($docs, qr{Aufmass\.txt</a>(?:(?!</li>).)*<em class="badge new">neu</em>}s, 'the document list marks the upload');
unlike(get_page($list)->decoded_content, qr/neues Dokument vom Kunden/, 'seen: the mark is gone');
unlike(get_page("/admin/projects/$pid/documents")->decoded_content, qr/class="badge new">neu</, '... in the list too');

my $csrf = csrf_of($docs);
is(Apache::TestRequest::POST("/admin/projects/$pid/documents?csrf=$csrf", Content_Type => 'form-data',
       Content => [visible => 1, file => [undef, 'Antwort.txt', 'Content-Type' => 'text/plain', Content => "Antwort\n"]])->code,
   303, 'the staff uploads a document');
my $page = get_page($list);
is($page->code . ($page->decoded_content =~ /staffdocs/ ? ' with the project' : ''), '200 with the project', 'the list');
unlike($page->decoded_content, qr/neues Dokument vom Kunden/, 'a staff upload does not mark the project');
like(get_page("/admin/projects/$pid/documents")->decoded_content, qr{Antwort\.txt</a>(?:(?!</li>).)*</li>}s, 'it is in the list');

# The next customer upload is marked again; the customer's own list marks nothing.
is(customer_uploads('Nachtrag.txt')->code, 303, 'the customer uploads again');
unlike(get_page("/portal/projects/$pid/documents")->decoded_content, qr/class="badge new">neu</,
       'the customer\'s own list marks nothing');
fresh_agent();
login_as('admin', 'admin');
like(get_page($list)->decoded_content, $badge, 'marked again for the staff');
like(get_page("/admin/projects/$pid/documents")->decoded_content,
     qr{Nachtrag\.txt</a>(?:(?!</li>).)*<em class="badge new">neu</em>}s, 'the new upload is marked');
unlike(get_page("/admin/projects/$pid/documents")->decoded_content, qr{Aufmass\.txt</a>(?:(?!</li>).)*<em class="badge new">}s,
       'the one seen before is not');

fresh_agent();
is(login_as('admin', 'docsadmin', 'Admin-Demo-2026')->code, 303, 'another admin logs in');
like(get_page($list)->decoded_content, $badge, 'they have a mark of their own: still marked for them');

# The newest customer upload deleted: the project's mark goes back to the one left (the marks
# of the admins who have not seen it compare with that).
fresh_agent();
login_as('admin', 'admin');
my $nachtrag = db_value("SELECT id FROM document WHERE project_id = $pid AND name = 'Nachtrag.txt'");
is(post_form("/admin/projects/$pid/documents/$nachtrag/delete", csrf => page_csrf("/admin/projects/$pid/documents"))->code,
   303, 'the first admin deletes the newest upload');
is(db_value("SELECT last_customer_document_id FROM project WHERE id = $pid"),
   db_value("SELECT id FROM document WHERE project_id = $pid AND name = 'Aufmass.txt'"),
   '... and the project\'s newest customer upload is the one left');

# kundenportalctl admin add on an existing admin (a new password) keeps what they have not seen.
my $cmd = "printf '%s\\n' 'Docs-Admin-Neu-2026' | '$ENV{KP_STAGE}/kundenportalctl' admin add demo docsadmin 2>&1";
my $out = `$cmd`;
is($? >> 8, 0, 'kundenportalctl admin add for the existing admin') or diag $out;
fresh_agent();
login_as('admin', 'docsadmin', 'Docs-Admin-Neu-2026');
like(get_page($list)->decoded_content, $badge, 'still marked for them');

# An admin added in the web administration has seen what came before.
fresh_agent();
login_as('admin', 'admin');
my $admin_csrf = page_csrf('/admin/admins');
is(post_form('/admin/admins', csrf => $admin_csrf, confirm => demo_password('admin'), username => 'docsneu',
             display_name => 'Neu Dazu', password => 'Neu-Dazu-Passwort-2026')->code, 303, 'a new admin');
fresh_agent();
is(login_as('admin', 'docsneu', 'Neu-Dazu-Passwort-2026')->code, 303, 'the new admin logs in');
$page = get_page($list);
is($page->code . ($page->decoded_content =~ /staffdocs/ ? ' with the project' : ''), '200 with the project', 'their list');
unlike($page->decoded_content, qr/neues Dokument vom Kunden/, 'the uploads before count as seen for them');
