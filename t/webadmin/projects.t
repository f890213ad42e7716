# Projects in the administration: list with search and paging, create, edit, validation,
# "Kundenportal aktivieren", and the "Voreinstellung für neue Projekte".
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 35;

fresh_agent();
my $res = get_page('/admin/projects');
is($res->code, 303, 'not logged in: redirect to the login');
is(login_as('admin', 'admin')->code, 303, 'admin logs in');
my $csrf = page_csrf('/admin/projects');

$res = get_page('/admin/projects');
is($res->code, 200, 'project list');
like($res->decoded_content, qr/Catering Sommerfest/, 'lists the demo projects');
like($res->decoded_content, qr{href="/admin/projects/settings"[^>]*>Einstellungen<}, 'button "Einstellungen" under the list');
$res = get_page('/admin/projects?q=sonnenHOF');
ok($res->decoded_content =~ /Wohnanlage Sonnenhof/ && $res->decoded_content !~ /Catering Sommerfest/,
   'search matches regardless of case and filters');

# Paging: 30 projects of our own.
my ($tenant) = db_value("SELECT id FROM tenant WHERE slug = 'demo'");
db_do(join ' ', "INSERT INTO project (tenant_id, name, created_at, updated_at) VALUES",
      join ', ', map { sprintf "($tenant, 'Zeilentest %02d', UTC_TIMESTAMP(), UTC_TIMESTAMP())", $_ } 1 .. 30);
$res = get_page('/admin/projects?q=Zeilentest');
my @rows = $res->decoded_content =~ /Zeilentest \d\d/g;
is(scalar @rows, 25, 'first page: 25 projects');
like($res->decoded_content, qr/rel="next" href="\/admin\/projects\?page=2&amp;q=Zeilentest/, 'a link to the next page keeps the search');
$res = get_page('/admin/projects?page=2&q=Zeilentest');
@rows = $res->decoded_content =~ /Zeilentest \d\d/g;
is(scalar @rows, 5, 'second page: the other 5');
# A search term with & and an umlaut stays one term in the pager's link.
db_do(join ' ', "INSERT INTO project (tenant_id, name, created_at, updated_at) VALUES",
      join ', ', map { sprintf "($tenant, 'Bau & Söhne %02d', UTC_TIMESTAMP(), UTC_TIMESTAMP())", $_ } 1 .. 26);
$res = get_page('/admin/projects?q=Bau%20%26%20S%C3%B6hne');
my ($next) = $res->decoded_content =~ /rel="next" href="([^"]+)"/;
like($next // '', qr{^/admin/projects\?page=2&amp;q=Bau\+%26\+S%C3%B6hne$}i, 'the next page\'s link: the term form-encoded');
$next =~ s/&amp;/&/g;
@rows = get_page($next // '/')->decoded_content =~ /Bau &amp; Söhne \d\d/g;
is(scalar @rows, 1, 'following it: the 26th of the same search');

# Create: errors next to the field, what was typed kept, nothing stored.
$res = post_form('/admin/projects/new', csrf => $csrf, name => '  ', number => 'PT-77', address => 'Am Ring 3');
is($res->code, 400, 'empty name: 400');
like($res->decoded_content, qr/id="main-name-error"[^>]*>Bitte füllen Sie dieses Feld aus/, 'error next to the name field');
like($res->decoded_content, qr/value="PT-77"/, 'typed number kept');
is(db_value("SELECT COUNT(*) FROM project WHERE number = 'PT-77'"), 0, 'nothing stored');
$res = post_form('/admin/projects/new', csrf => $csrf, name => "Steuer\x07zeichen", number => 'PT-77');
is($res->code, 400, 'a control character in a name is refused');

$res = post_form('/admin/projects/new', csrf => $csrf, name => 'Projekttest Gartenpflege', number => 'PT-77',
                 address => 'Am Ring 3');
is($res->code, 303, 'create: redirect');
my ($id) = $res->header('Location') =~ m{/admin/projects/(\d+)};
ok($id, 'to the new project page');
is(db_value("SELECT name FROM project WHERE id = $id"), 'Projekttest Gartenpflege', 'project stored');
is(db_value("SELECT COUNT(*) FROM portal WHERE project_id = $id"), 0, 'no portal without the tick');

$res = get_page("/admin/projects/$id");
is($res->code, 200, 'project page');
like($res->decoded_content, qr/Konfiguration.*Kundenportal aktivieren/s, 'section Konfiguration with the checkbox');
unlike($res->decoded_content, qr/id="portal"/, 'no Kundenportal section while not activated');
like($res->decoded_content, qr{href="/admin/projects/$id/planning"}, 'links to the staff pages');
my ($version) = $res->decoded_content =~ /name="version" value="(\d+)"/;

$res = post_form("/admin/projects/$id", csrf => $csrf, action => 'save', version => $version,
                 portal_version => '', name => 'Projekttest Gartenpflege Nord', number => 'PT-77',
                 address => 'Am Ring 5', portal_enabled => 1, info_text => '');
is($res->code, 303, 'save with "Kundenportal aktivieren"');
is(db_value("SELECT CONCAT(name, '|', address) FROM project WHERE id = $id"), 'Projekttest Gartenpflege Nord|Am Ring 5',
   'edited fields stored');
is(db_value("SELECT enabled FROM portal WHERE project_id = $id"), 1, 'portal created and enabled');
$res = get_page("/admin/projects/$id");
like($res->decoded_content, qr/id="portal".*Neuer Eintrag.*Infotext/s, 'the Kundenportal section appears');

is(get_page("/admin/projects/" . db_value("SELECT id FROM project WHERE number = 'Z-1'"))->code, 404,
   'a project of another tenant is 404');

# Voreinstellung für neue Projekte, on the second tenant (its own setting).
fresh_agent(vhost => 'kp_tenant2');
login_as('admin', 'chef', 'Chef-Zweite-2026');
$csrf = page_csrf('/admin/projects/settings');
$res = get_page('/admin/projects/settings');
like($res->decoded_content, qr/Voreinstellung für neue Projekte/, 'settings page');
my ($sv) = $res->decoded_content =~ /name="version" value="(\d+)"/;
$res = post_form('/admin/projects/settings', csrf => $csrf, version => $sv, portal_enabled => 1);
is($res->code, 303, 'default: portal on');
$res = get_page('/admin/projects/new');
like($res->decoded_content, qr/name="portal_enabled" value="1" checked/, 'the new-project form starts ticked');
$res = post_form('/admin/projects/new', csrf => $csrf, name => 'Zweite Voreinstellung', portal_enabled => 1);
my ($id2) = $res->header('Location') =~ m{/admin/projects/(\d+)};
is(db_value("SELECT enabled FROM portal WHERE project_id = $id2"), 1, 'a new project starts with the portal enabled');
$res = post_form('/admin/projects/settings', csrf => $csrf, version => $sv, portal_enabled => 0);
is($res->code, 409, 'a save based on an old version is refused');
$res = get_page('/admin/projects/new?lang=en');
like($res->decoded_content, qr/<h1>New project<\/h1>.*Enable customer portal/s, 'the administration in English');
