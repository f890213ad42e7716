# Grundeinstellungen and the Kundenstamm (on the second tenant, which starts with it off):
# customers with their own portal (on by default) that covers every project of the customer,
# current and future.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use HTTP::Cookies ();
use Encode ();
use lib 't/lib';
use KPTest;

plan tests => 57;

my $PW = 'Sonnenblume-Gelb-77';
fresh_agent(vhost => 'kp_tenant2');
login_as('admin', 'chef', 'Chef-Zweite-2026');
my $csrf = page_csrf('/admin/settings');
my $tenant = db_value("SELECT id FROM tenant WHERE slug = 'zweite'");

my $res = get_page('/admin/customers');
like($res->decoded_content, qr/Der Kundenstamm ist ausgeschaltet/, 'Kundenstamm off: the list says how to switch it on');
unlike(get_page('/admin/projects/new')->decoded_content, qr/name="customer_id"/, 'no customer choice on projects');
is(get_page('/admin/customers/new')->code, 303, 'no new customer while it is off');

$res = get_page('/admin/settings');
like($res->decoded_content, qr/Kundenstamm verwenden/, 'Grundeinstellungen');
my ($sv) = $res->decoded_content =~ /name="version" value="(\d+)"/;
is(post_form('/admin/settings', csrf => $csrf, version => $sv, customer_master => 1)->code, 303, 'switch it on');
is(db_value("SELECT customer_master_enabled FROM tenant WHERE id = $tenant"), 1, 'stored');
is(post_form('/admin/settings', csrf => $csrf, version => $sv, customer_master => 0)->code, 409,
   'a second save on the old version is a conflict');
is(db_value("SELECT customer_master_enabled FROM tenant WHERE id = $tenant"), 1, 'and changes nothing');

$res = get_page('/admin/customers/new');
like($res->decoded_content, qr/name="portal_enabled" value="1" checked/, 'a new customer\'s portal is on by default');
$res = post_form('/admin/customers/new', csrf => $csrf, name => 'Wohnbau Süd eG', number => 'WS-1',
                 email => 'kein-at-zeichen', portal_enabled => 1);
is($res->code, 400, 'bad e-mail: 400');
like($res->decoded_content, qr/id="main-email-error"/, 'error next to the field');
like($res->decoded_content, qr/value="Wohnbau Süd eG"/, 'typed name kept');
is(db_value("SELECT COUNT(*) FROM customer WHERE name = 'Wohnbau Süd eG'"), 0, 'nothing stored');
$res = post_form('/admin/customers/new', csrf => $csrf, name => 'Wohnbau Süd eG', number => 'WS-1',
                 email => 'info@wohnbau.example', portal_enabled => 1);
is($res->code, 303, 'customer created');
my ($cid) = $res->header('Location') =~ m{/admin/customers/(\d+)};
is(db_value("SELECT enabled FROM portal WHERE customer_id = $cid"), 1, 'with its portal enabled');
like(get_page('/admin/customers')->decoded_content, qr/Wohnbau Süd eG/, 'listed');

# A customer saved with its portal off: "Übernehmen" with the tick makes the customer's portal.
$res = post_form('/admin/customers/new', csrf => $csrf, name => 'Ohne Portal KG', number => 'OP-1', email => '',
                 portal_enabled => 0);
my ($cid2) = $res->header('Location') =~ m{/admin/customers/(\d+)};
like(get_page("/admin/customers/$cid2")->decoded_content, qr/id="portal".*Link und QR-Code gibt es, sobald/s,
     'a customer without portal: the section is in the page, without a link yet');
$res = post_form("/admin/customers/$cid2", csrf => $csrf, name => 'Ohne Portal KG', number => 'OP-1', email => '',
                 portal_enabled => 1, info_text => '', page_versions("/admin/customers/$cid2"), action => 'stage',
                 username => 'ohneportal', password => 'Gartenzaun-Blau-42', display_name => 'Otto Ohne');
is($res->code . ' ' . db_value("SELECT CONCAT(enabled, '/', (SELECT COUNT(*) FROM portal_draft d WHERE d.portal_id = portal.id))
                                FROM portal WHERE customer_id = $cid2"), '200 0/1',
   '"Übernehmen" makes the customer\'s portal, switched off, with the staged entry');

# A project of the customer, made on the project page.
like(get_page('/admin/projects/new')->decoded_content, qr/<option value="$cid">Wohnbau Süd eG/, 'customer choice on projects');
my $foreign = db_value("SELECT id FROM customer WHERE tenant_id <> $tenant LIMIT 1");
$res = post_form('/admin/projects/new', csrf => $csrf, name => 'Südhang Block A', customer_id => $foreign);
is($res->code, 400, 'another tenant\'s customer is refused');
my $p1 = create_project($csrf, name => 'Südhang Block A', customer_id => $cid);
is(db_value("SELECT customer_id FROM project WHERE id = $p1"), $cid, 'project assigned to the customer');
# A page loaded while the Kundenstamm was off has no customer field: its save keeps the customer.
$res = post_form("/admin/projects/$p1", csrf => $csrf, page_versions("/admin/projects/$p1"), name => 'Südhang Block A');
is($res->code, 303, 'a save without the customer field');
is(db_value("SELECT customer_id FROM project WHERE id = $p1"), $cid, '... keeps the project\'s customer');

like(get_page("/admin/projects/$p1")->decoded_content, qr{Kundenportals des Kunden sehen dieses Projekt bereits:.*href="/admin/customers/$cid#portal"}s,
     'the project page says its customer\'s portal covers it');
like(get_page('/admin/projects?q=' . 'S%C3%BCdhang+Block+A' . '&lang=de')->decoded_content,
     qr{href="/admin/projects/$p1">Südhang Block A</a>.*?<td>über den Kunden</td>}s,
     '... and so does the project list, where its own portal is off');

# The customer page: the Kundenportal section at the bottom, an account for it.
my $page = "/admin/customers/$cid";
$res = get_page($page);
like($res->decoded_content, qr/Südhang Block A.*id="portal".*Neuer Eintrag/s, 'projects, then the Kundenportal section');
my %v = $res->decoded_content =~ /name="(version|portal_version)" value="(\d+)"/g;
my @typed = (name => 'Wohnbau Süd eG', number => 'WS-1', email => 'post@wohnbau.example', portal_enabled => 1,
             info_text => 'Hallo Wohnbau');
$res = post_form($page, csrf => $csrf, %v, @typed, action => 'stage', username => 'suedhang', password => $PW,
                 display_name => 'Sabine Süd', perm_documents => 1, perm_requests => 1);
is($res->code, 200, '"Übernehmen" on the customer page shows it at once');
like($res->decoded_content, qr{id="main-email"[^>]*value="post\@wohnbau.example".*<textarea id="main-info_text"[^>]*>Hallo Wohnbau<}s,
     'with what was typed into it');
is(db_value("SELECT CONCAT(email, '|', (SELECT info_text FROM portal WHERE customer_id = $cid))
             FROM customer WHERE id = $cid"), 'info@wohnbau.example|', 'not stored before "Daten speichern"');
$res = post_form($page, csrf => $csrf, action => 'save', %v, @typed);
is($res->code, 303, 'Daten speichern on the customer page');

my $admin_jar = use_jar(HTTP::Cookies->new);
is(login_as('portal', 'suedhang', $PW)->code, 303, 'the customer account logs in');
like(get_page('/portal/')->decoded_content, qr/Südhang Block A/, 'it sees the customer\'s project');

# A project added later belongs to the portal at once.
use_jar($admin_jar);
my $p2 = create_project($csrf, name => 'Südhang Block B', customer_id => $cid);
use_jar(HTTP::Cookies->new);
login_as('portal', 'suedhang', $PW);
like(get_page('/portal/')->decoded_content, qr/Südhang Block B/, 'a newly added project is listed');
is(get_page("/portal/projects/$p2")->code, 200, 'and opens');
my $other = db_value("SELECT id FROM project WHERE tenant_id = $tenant AND customer_id IS NULL LIMIT 1");
is(get_page("/portal/projects/$other")->code, 404, 'a project without this customer stays hidden');

use_jar($admin_jar);
%v = page_versions($page);
$res = post_form($page, csrf => $csrf, action => 'save', %v, name => 'Wohnbau Süd eG (neu)', number => 'WS-1',
                 email => '', portal_enabled => 1, info_text => 'Hallo Wohnbau');
is(Encode::decode_utf8(db_value("SELECT name FROM customer WHERE id = $cid")), 'Wohnbau Süd eG (neu)', 'customer edited');

# Switching the Kundenstamm off takes the customers' portals offline: asked once more, with how
# many portals and accounts; confirmed, their sessions end and their logins, links and the
# project pages' "über den Kunden" go with them; switched on again, all comes back unchanged.
my $customer_jar = HTTP::Cookies->new;
use_jar($customer_jar);
login_as('portal', 'suedhang', $PW);
is(get_page('/portal/')->code, 200, 'the customer is logged in');
my $token = db_value("SELECT link_token FROM portal WHERE customer_id = $cid");
my $feed = '/portal/calendar/' . ('Kalender' x 5) . 'Abo';
db_do("UPDATE portal_account SET calendar_secret = SHA2('" . substr($feed, 17) . "', 256), perm_planning = 1
       WHERE username = 'suedhang'");
is(get_page($feed)->code, 200, '... its calendar feed works');
use_jar($admin_jar);
my $cportal = db_value("SELECT id FROM portal WHERE customer_id = $cid");
my $caccount = db_value("SELECT id FROM portal_account WHERE username = 'suedhang'");
my ($invite) = post_form("/admin/portals/$cportal/accounts/$caccount/invite", csrf => $csrf)->decoded_content
    =~ m{class="invite-link" href="http://[^/"]+(/portal/invite/[A-Za-z0-9_-]{43})"};
my $live = db_value("SELECT CONCAT(COUNT(DISTINCT po.id), '/', COUNT(a.id)) FROM portal po
                     LEFT JOIN portal_account a ON a.portal_id = po.id AND a.active = 1
                     WHERE po.tenant_id = $tenant AND po.customer_id IS NOT NULL AND po.enabled = 1");
my ($live_portals, $live_accounts) = split m{/}, $live;
($sv) = get_page('/admin/settings')->decoded_content =~ /name="version" value="(\d+)"/;
$res = post_form('/admin/settings', csrf => $csrf, version => $sv);
is($res->code, 409, 'switching it off while a customer\'s portal is on asks first');
ok($res->decoded_content =~ /Kundenstamm ausschalten\?.*Zurzeit eingeschaltete Kundenportale von Kunden: $live_portals, aktive Konten darin: $live_accounts\./s
   && $res->decoded_content =~ /name="confirm_off" value="1"/,
   "... saying it concerns $live_portals portal(s) and $live_accounts active account(s)");
is(db_value("SELECT customer_master_enabled FROM tenant WHERE id = $tenant"), 1, '... and changes nothing yet');
is(post_form('/admin/settings', csrf => $csrf, version => $sv, confirm_off => 1)->code, 303, 'confirmed: switched off');
is(db_value("SELECT CONCAT(t.customer_master_enabled, '/', (SELECT COUNT(*) FROM session s JOIN portal_account a
             ON a.id = s.account_id WHERE s.kind = 'portal' AND a.username = 'suedhang'), '/', po.enabled)
             FROM tenant t JOIN portal po ON po.customer_id = $cid WHERE t.id = $tenant"), '0/0/1',
   'stored; the customer\'s sessions ended; its portal keeps its own switch');
like(get_page('/admin/projects?q=' . 'S%C3%BCdhang+Block+A' . '&lang=de')->decoded_content,
     qr{href="/admin/projects/$p1">Südhang Block A</a>.*?<td>aus</td>}s, 'the project list no longer says "über den Kunden"');
$res = get_page("/admin/projects/$p1");
ok($res->code == 200 && $res->decoded_content !~ /Kundenportals des Kunden sehen/, 'nor does the project page');
use_jar($customer_jar);
is(get_page('/portal/')->code, 303, 'the customer is sent to the login');
$res = login_as('portal', 'suedhang', $PW);
ok($res->code == 403 && $res->decoded_content =~ /Zugang ist derzeit nicht freigeschaltet/, 'with the right password it learns its access is off')
    or diag($res->code);
is(get_page("/portal/p/$token")->code, 404, 'the portal\'s link leads nowhere');
is(get_page($feed)->code . ' ' . get_page($invite)->code, '404 404', '... nor do its calendar feed and an invitation');
use_jar($admin_jar);
is(get_page("/admin/portals/$cportal/link")->code, 404, 'the administration has no link page for it meanwhile');
$res = get_page("/admin/customers/$cid");
ok($res->code == 303 && $res->header('Location') =~ m{/admin/customers$}, '... nor the customer\'s page: to the list, which says why');
my $cname = db_value("SELECT name FROM customer WHERE id = $cid");
$res = post_form("/admin/customers/$cid", csrf => $csrf, name => 'Umbenannt', portal_enabled => 1);
is($res->code, 303, 'a save sent to it meanwhile goes to the list as well');
is(db_value("SELECT name FROM customer WHERE id = $cid"), $cname, '... and stores nothing');
($sv) = get_page('/admin/settings')->decoded_content =~ /name="version" value="(\d+)"/;
is(post_form('/admin/settings', csrf => $csrf, version => $sv)->code, 303, 'already off: saved without asking');
($sv) = get_page('/admin/settings')->decoded_content =~ /name="version" value="(\d+)"/;
is(post_form('/admin/settings', csrf => $csrf, version => $sv, customer_master => 1)->code, 303, 'switched on again');
use_jar(HTTP::Cookies->new);
is(login_as('portal', 'suedhang', $PW)->code, 303, 'the customer logs in again');
is(get_page($feed)->code . ' ' . get_page($invite)->code, '200 200', '... its feed and invitation work again');
