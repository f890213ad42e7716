# "Upload erlaubt" on a project shown by two portals, its own and its customer's, which
# disagree: the documents page says so, with each portal's state (it showed the project
# portal's alone, while the customer's accounts could upload), and its button allows both.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 6;

my ($pid) = make_portal('zweiportale', upload => 0);
my ($customer, $customer_upload) = @{ (db_query("SELECT customer_id, allow_upload FROM portal WHERE customer_id IS NOT NULL
                                                 AND tenant_id = (SELECT tenant_id FROM project WHERE id = $pid) LIMIT 1"))[0] };
db_do("UPDATE portal SET allow_upload = 1 WHERE customer_id = $customer");
db_do("UPDATE project SET customer_id = $customer WHERE id = $pid");

fresh_agent();
login_as('admin', 'admin');
my $page = get_page("/admin/projects/$pid/documents?lang=de")->decoded_content;
my ($card) = $page =~ m{<h2>Upload erlaubt</h2>(.*?)</section>}s;
like($card // '', qr{<span class="badge">Teils</span>\s*Im Projektportal: aus\. Im Kundenportal des Kunden \(alle seine Projekte\): aktiv\.},
     'two portals that disagree: "Teils", with each one\'s state');
like($card // '', qr{name="allow_upload" value="1".*Upload erlauben}s, '... and the button allows uploads');
is(post_form("/admin/projects/$pid/documents/upload-setting", csrf => csrf_of($page), allow_upload => 1)->code, 303,
   'the staff allow uploads');
is(db_value("SELECT CONCAT((SELECT allow_upload FROM portal WHERE project_id = $pid), '/',
             (SELECT allow_upload FROM portal WHERE customer_id = $customer))"), '1/1', '... in both portals');
($card) = get_page("/admin/projects/$pid/documents?lang=de")->decoded_content =~ m{<h2>Upload erlaubt</h2>(.*?)</section>}s;
like($card // '', qr{<span class="badge">aktiv</span>}, '... which the page then shows as one state');
unlike($card // '', qr{Teils}, '... without "Teils"');

db_do("UPDATE portal SET allow_upload = $customer_upload WHERE customer_id = $customer");
db_do("DELETE FROM project WHERE id = $pid");
