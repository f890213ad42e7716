# Projects in the administration: list with search and paging, create, edit, validation,
# "Kundenportal aktivieren", and the "Voreinstellung für neue Projekte".
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 52;

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
like($res->decoded_content, qr/data-toggles="portal".*id="portal".*Link und QR-Code gibt es, sobald.*Neuer Eintrag.*Infotext/s,
     'the Kundenportal section is in the page before the portal exists (shown at once with the tick)');
unlike($res->decoded_content, qr{/portals/\d+/link}, '... without a link yet');
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
like($res->decoded_content, qr{id="portal".*/portals/\d+/link.*Neuer Eintrag.*Infotext}s,
     'the Kundenportal section with its Link/QR Code anzeigen');

# Ticked and never saved: "Übernehmen" makes the portal, switched off, so that accounts can be
# staged before the first "Daten speichern", which switches it on with them and the Infotext.
$res = post_form('/admin/projects/new', csrf => $csrf, name => 'Projekttest Sofort', number => 'PT-78');
my ($id3) = $res->header('Location') =~ m{/admin/projects/(\d+)};
my %fields = (csrf => $csrf, name => 'Projekttest Sofort', number => 'PT-78', address => '', portal_enabled => 1,
              info_text => 'Gleich konfiguriert', page_versions("/admin/projects/$id3"));
my %unticked = (%fields, portal_enabled => 0);
$res = post_form("/admin/projects/$id3", %unticked, action => 'stage', username => 'sofort',
                 password => 'Gartenzaun-Blau-42', display_name => 'Sofia Sofort');
ok($res->code == 400 && $res->decoded_content =~ /Setzen Sie zuerst den Haken bei „Kundenportal aktivieren“/
   && $res->decoded_content =~ /name="username"[^>]*value="sofort"/,
   '"Übernehmen" without the tick (the section shows without the script): 400, says why, the entry kept');
$res = post_form("/admin/projects/$id3", %fields, action => 'save', username => 'sofort', display_name => 'Sofia Sofort');
ok($res->code == 400 && $res->decoded_content =~ /noch nicht übernommen/,
   '"Daten speichern" (or Enter) while the editor holds an entry not staged: 400, before the portal exists too');
is(db_value("SELECT COUNT(*) FROM portal WHERE project_id = $id3"), 0, '... neither makes a portal');
$res = post_form("/admin/projects/$id3", %fields, action => 'stage', username => 'sofort', password => 'kurz',
                 display_name => 'Sofia Sofort');
is($res->code, 400, 'a refused entry before the portal exists: 400');
like($res->decoded_content, qr/name="username"[^>]*value="sofort".*id="acct-password-error"[^>]*>Das Passwort ist zu kurz/s,
     '... the error next to the field, what was typed kept');
is(db_value("SELECT COUNT(*) FROM portal WHERE project_id = $id3"), 0, '... and no portal is made');
$res = post_form("/admin/projects/$id3", %fields, action => 'stage', username => 'sofort',
                 password => 'Gartenzaun-Blau-42', display_name => 'Sofia Sofort', perm_times => 1);
is($res->code, 200, '"Übernehmen" before the first save: the page again, as typed');
like($res->decoded_content, qr/name="portal_enabled" value="1" checked.*Noch nicht gespeichert.*sofort.*Gleich konfiguriert/s,
     '... ticked, the entry staged, the Infotext kept');
is(db_value("SELECT CONCAT(enabled, '/', (SELECT COUNT(*) FROM portal_draft d WHERE d.portal_id = portal.id))
             FROM portal WHERE project_id = $id3"), '0/1', 'the portal is made, switched off, with the staged entry');
my %shown = $res->decoded_content =~ /name="(version|portal_version)" value="(\d*)"/g;
# Another admin's page, loaded before the portal existed, is saved now: a conflict, nothing stored, and what
# they typed is listed beside the fields (the fields show what is stored).
my %stale_page = (%fields, action => 'save', address => 'Hinterhof 2');
my $stale = post_form("/admin/projects/$id3", %stale_page);
is($stale->code . ' ' . db_value("SELECT CONCAT(address, '|', (SELECT enabled FROM portal WHERE project_id = $id3))
                                 FROM project WHERE id = $id3"), '409 |0', 'a page older than the portal: 409, nothing stored');
my $listed = join('', '<dl><dt>Adresse</dt><dd class="preline">Hinterhof 2</dd><dt>Kundenportal aktivieren</dt>',
                   '<dd class="preline">aktiv</dd><dt>Infotext</dt><dd class="preline">Gleich konfiguriert</dd></dl>');
like($stale->decoded_content, qr{\Q$listed\E.*id="main-address"[^>]*value=""}s,
     '... what was typed listed apart from the stored fields');
my %save = (%fields, %shown, action => 'save');   # the versions the page showed, once each
$res = post_form("/admin/projects/$id3", %save);
is($res->code, 303, 'then one "Daten speichern"');
is(db_value("SELECT CONCAT(p.enabled, '/', p.info_text, '/', a.username, '/', a.perm_times) FROM portal p
             JOIN portal_account a ON a.portal_id = p.id WHERE p.project_id = $id3"),
   '1/Gleich konfiguriert/sofort/1', 'switches the portal on with its Infotext and the account');

# "Übernehmen und Zugangsblatt drucken" makes the portal too; the sheet carries its version back.
$res = post_form('/admin/projects/new', csrf => $csrf, name => 'Projekttest Blatt', number => 'PT-79');
my ($id4) = $res->header('Location') =~ m{/admin/projects/(\d+)};
$res = post_form("/admin/projects/$id4", csrf => $csrf, name => 'Projekttest Blatt', number => 'PT-79', address => '',
                 portal_enabled => 1, info_text => '', page_versions("/admin/projects/$id4"), action => 'stage_sheet',
                 username => 'blatt', password => 'Gartenzaun-Blau-42', display_name => 'Bea Blatt', perm_times => 1);
my ($sheet_version) = $res->decoded_content =~ /name="portal_version" value="(\d+)"/;
is($res->code . ' ' . ($sheet_version // '-'), '200 ' . db_value("SELECT version FROM portal WHERE project_id = $id4"),
   'the access sheet of an account staged before the portal existed carries the new portal\'s version');
is(join(',', map { $_->[0] } db_query("SELECT action FROM audit_log WHERE (object_type = 'portal' AND object_id =
        (SELECT id FROM portal WHERE project_id = $id3)) OR (object_type = 'portal_account' AND detail LIKE 'sofort:%')
        ORDER BY id")), 'portal.create,account.create,portal.enable', 'the audit trail says so');

# A customer beyond the first 2000 by name is still offered, chosen, on its project's page: a missing
# option would be sent as "kein Kunde" by the next save.
db_do("INSERT INTO customer (tenant_id, name, created_at, updated_at) SELECT p.tenant_id, CONCAT('AAA Füllkunde ', s.seq),
       UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project p JOIN seq_1_to_2000 s WHERE p.id = $id");
db_do("INSERT INTO customer (tenant_id, name, created_at, updated_at) SELECT tenant_id, 'ZZZ Letzter Kunde',
       UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $id");
my $last_customer = db_value("SELECT MAX(id) FROM customer WHERE name = 'ZZZ Letzter Kunde'");
db_do("UPDATE project SET customer_id = $last_customer WHERE id = $id");
like(get_page("/admin/projects/$id")->decoded_content, qr{<option value="$last_customer" selected>ZZZ Letzter Kunde</option>},
     'the project\'s customer is chosen in the list, though 2000 others come before it');
db_do("UPDATE project SET customer_id = NULL WHERE id = $id");
db_do("DELETE FROM customer WHERE name LIKE 'AAA Füllkunde %' OR id = $last_customer");

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
