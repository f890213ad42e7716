# Editions: a basic edition without the KundenPlus add-on runs its trial from the first time a
# portal of the company is enabled. Admins see the days left, then a clear banner; customers see
# a clear page; nothing is deleted; a vhost with the add-on or the pro edition opens it at once.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use HTTP::Cookies ();
use lib 't/lib';
use KPTest;

plan tests => 26;

my $PW = 'Dritter-Versuch-2026';
db_do("INSERT INTO tenant (slug, name, created_at) VALUES ('dritte', 'Dritte Firma GmbH', UTC_TIMESTAMP())");
my $tenant = db_value("SELECT id FROM tenant WHERE slug = 'dritte'");
make_admin('chefin3', 'Chefin Drei', tenant => $tenant);

fresh_agent(vhost => 'kp_tenant3');
is(login_as('admin', 'chefin3', 'Admin-Demo-2026')->code, 303, 'admin of the basic edition logs in');
my $csrf = page_csrf('/admin/projects');
unlike(get_page('/admin/projects')->decoded_content, qr/trial-banner/, 'no banner before any portal was enabled');

my $id = create_project($csrf, name => 'Probeprojekt Drei', portal_enabled => 1);
my $res;
ok(db_value("SELECT portal_first_activated_at IS NOT NULL FROM tenant WHERE id = $tenant"),
   'the first enabled portal starts the trial');
like(get_page('/admin/projects')->decoded_content, qr/id="trial-banner"[^>]*>Testphase des Kundenportals: noch (?:30|29) Tage/,
     'admins see the days left');

my %v = page_versions("/admin/projects/$id");
post_form("/admin/projects/$id", csrf => $csrf, action => 'stage', username => 'dritte-kunde', password => $PW,
          display_name => 'Kunde Drei', perm_messages => 1);
post_form("/admin/projects/$id", csrf => $csrf, action => 'save', %v, name => 'Probeprojekt Drei',
          portal_enabled => 1, info_text => 'Info Drei');
my $admin_jar = use_jar(HTTP::Cookies->new);
is(login_as('portal', 'dritte-kunde', $PW)->code, 303, 'during the trial the customer logs in');
is(get_page('/portal/')->code, 200, 'and sees the portal');
my $token = db_value("SELECT link_token FROM portal WHERE project_id = $id");

# The last day, in the singular.
db_do("UPDATE tenant SET portal_first_activated_at = UTC_TIMESTAMP() - INTERVAL 29 DAY WHERE id = $tenant");
my $portal_jar = use_jar($admin_jar);
like(get_page('/admin/projects?lang=de')->decoded_content, qr/id="trial-banner"[^>]*>Testphase des Kundenportals: noch 1 Tag\./,
     'on the last day: "noch 1 Tag"');
like(get_page('/admin/projects?lang=en')->decoded_content, qr/id="trial-banner"[^>]*>Customer portal trial: 1 day left\./,
     '... "1 day left"');
# Days are whole days since the first activation, not calendar dates of UTC: an hour short of
# 30 days, the trial is still on its last day.
db_do("UPDATE tenant SET portal_first_activated_at = UTC_TIMESTAMP() - INTERVAL 30 DAY + INTERVAL 1 HOUR WHERE id = $tenant");
like(get_page('/admin/projects?lang=de')->decoded_content, qr/id="trial-banner"[^>]*>Testphase des Kundenportals: noch 1 Tag\./,
     'an hour short of 30 days: still "noch 1 Tag"');
db_do("UPDATE tenant SET portal_first_activated_at = UTC_TIMESTAMP() - INTERVAL 29 DAY WHERE id = $tenant");
get_page('/admin/projects?lang=de');
use_jar($portal_jar);

# 40 days later.
db_do("UPDATE tenant SET portal_first_activated_at = UTC_TIMESTAMP() - INTERVAL 40 DAY WHERE id = $tenant");
my $before = join ',', map { @$_ } db_query("SELECT a.id, a.active, a.password_hash, p.enabled, p.info_text, p.link_token
    FROM portal_account a JOIN portal p ON p.id = a.portal_id WHERE a.tenant_id = $tenant ORDER BY a.id");
$res = get_page('/portal/');
is($res->code, 403, 'expired: the open session gets 403');
like($res->decoded_content, qr/Das Kundenportal ist für dieses Unternehmen derzeit nicht verfügbar/, 'a clear page');
is(get_page('/portal/login')->code, 403, 'the login page too');
is(get_page("/portal/p/$token")->code, 403, 'and the portal link');

use_jar($admin_jar);
$res = get_page('/admin/projects');
is($res->code, 200, 'the administration keeps working');
like($res->decoded_content, qr/id="trial-banner"[^>]*>Die Testphase des Kundenportals ist abgelaufen/, 'with a clear banner');
like(get_page("/admin/projects/$id")->decoded_content, qr/trial-banner.*Probeprojekt Drei/s, 'on every page');
my $after = join ',', map { @$_ } db_query("SELECT a.id, a.active, a.password_hash, p.enabled, p.info_text, p.link_token
    FROM portal_account a JOIN portal p ON p.id = a.portal_id WHERE a.tenant_id = $tenant ORDER BY a.id");
is($after, $before, 'no data touched');
ok(length $before > 20, '... and there was data');

# The KundenPlus add-on or the pro edition: open at once, same data.
for my $vhost (qw(kp_tenant3plus kp_tenant3pro)) {
    fresh_agent(vhost => $vhost);
    is(get_page('/portal/login')->code, 200, "$vhost: the portal answers");
    is(login_as('portal', 'dritte-kunde', $PW)->code, 303, "$vhost: the customer logs in");
    like(get_page('/portal/')->decoded_content, qr/Info Drei.*Probeprojekt Drei/s, "$vhost: with all data");
    login_as('admin', 'chefin3', 'Admin-Demo-2026');
    unlike(get_page('/admin/projects')->decoded_content, qr/trial-banner/, "$vhost: no banner");
}
