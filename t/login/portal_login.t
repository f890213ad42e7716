# Login and logout of portal accounts: generic errors, CSRF, cookie flags, session rotation.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Encode ();
use lib 't/lib';
use KPTest;

plan tests => 38;

my $ua = fresh_agent();
my $res = get_page('/portal/');
is($res->code, 303, 'overview without a session redirects');
like($res->header('Location'), qr{/portal/login$}, '... to the login page');

$res = get_page('/portal/login');
is($res->code, 200, 'login page');
my $csrf = csrf_of($res->content);
ok($csrf, 'login form carries a CSRF token');
like($res->decoded_content, qr{<p class="meta">Passwort vergessen\? Muster Dienste GmbH setzt Ihren Zugang gern zur\x{fc}ck},
     'the customer learns whom to ask for a forgotten password');
unlike(get_page('/admin/login')->decoded_content, qr/Passwort vergessen/, '... the administration\'s login has no such line');
like(join("\n", $res->header('Set-Cookie')), qr/kp_csrf=[^;]+; Path=\/; HttpOnly; SameSite=Lax/,
     'CSRF cookie is HttpOnly and SameSite=Lax');

$res = post_form('/portal/login', username => 'kunde', password => 'Kunde-Demo-2026');
is($res->code, 403, 'login without CSRF token is refused');
$res = post_form('/portal/login', csrf => 'x' x 43, username => 'kunde', password => 'Kunde-Demo-2026');
is($res->code, 403, 'login with a wrong CSRF token is refused');

$res = post_form('/portal/login', csrf => $csrf, username => 'kunde', password => 'falsch-falsch');
is($res->code, 401, 'wrong password: 401');
my $wrong_password = $res->content;
like($wrong_password, qr/Benutzername oder Passwort ist falsch/, 'one generic message');
$res = post_form('/portal/login', csrf => $csrf, username => 'niemand-da', password => 'falsch-falsch');
is($res->code, 401, 'unknown user: 401');
(my $a = $wrong_password) =~ s/value="[^"]*"//g;
(my $b = $res->content) =~ s/value="[^"]*"//g;
is($b, $a, 'unknown user and wrong password get the same page');
# The audit trail: a wrong password names the account; a name that is no account's is not kept
# (it may be a password typed into the wrong field).
my $kunde = db_value("SELECT a.id FROM portal_account a JOIN tenant t ON t.id = a.tenant_id WHERE t.slug = 'demo' AND a.username = 'kunde'");
is(join('|', @{ (db_query("SELECT action, object_type, object_id, detail FROM audit_log
                          WHERE action LIKE 'portal.login_%' ORDER BY id DESC LIMIT 1 OFFSET 1"))[0] // [] }),
   "portal.login_failed|portal_account|$kunde|kunde", 'the audit trail names the account of a wrong password');
is(db_value("SELECT actor_kind FROM audit_log WHERE action = 'portal.login_failed' ORDER BY id DESC LIMIT 1"), 'portal',
   '... filed under the customer portal, where it happened');
$res = post_form('/portal/login', csrf => $csrf, username => 'Mein-Geheimes-Passwort-2026', password => 'falsch-falsch');
is($res->code, 401, 'a password typed as the username: 401');
is(db_value("SELECT CONCAT(action, '|', detail, '|', (SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%Geheim%'))
             FROM audit_log ORDER BY id DESC LIMIT 1"), 'portal.login_unknown||0',
   '... and keeps no name that is no account\'s');

my $pre_login = $ua->cookie_jar->as_string;
$res = post_form('/portal/login', csrf => $csrf, username => 'kunde', password => 'Kunde-Demo-2026');
is($res->code, 303, 'right password: redirect');
like($res->header('Location'), qr{/portal/$}, '... to the overview');
my ($cookie) = grep { /^kp_portal=/ } $res->header('Set-Cookie');
ok($cookie, 'session cookie set');
like($cookie // '', qr/HttpOnly/, 'session cookie is HttpOnly');
like($cookie // '', qr/SameSite=Lax/, 'session cookie is SameSite=Lax');
unlike($cookie // '', qr/Max-Age|Expires/, 'session cookie ends with the browser');
my ($token) = ($cookie // '') =~ /^kp_portal=([^;]+)/;
my ($stored) = db_query("SELECT COUNT(*) FROM session WHERE token_hash = SHA2('$token', 256)");
is($stored->[0], 1, 'only the hash of the token is stored');
my ($plain) = db_query("SELECT COUNT(*) FROM session WHERE token_hash = '$token'");
is($plain->[0], 0, 'the token itself is not stored');

$res = get_page('/portal/');
is($res->code, 200, 'overview after login');
like($res->content, qr/Willkommen, Karin Kunde/, 'greets the account by name');
like($res->content, qr/Sommerfest/, 'shows the info text');
like($res->content, qr{href="/portal/projects/\d+"[^>]*>.*Catering Sommerfest Stadtwerke}s, 'lists the project');
is($res->header('Cache-Control'), 'no-store', 'private page is not cached');

my $session_csrf = csrf_of($res->content);
$res = post_form('/portal/logout', csrf => $session_csrf);
is($res->code, 303, 'logout redirects');
($stored) = db_query("SELECT COUNT(*) FROM session WHERE token_hash = SHA2('$token', 256)");
is($stored->[0], 0, 'logout deletes the session on the server');
# A page left open after its session ended (idle, or logged out in another tab): its logout
# still leads to the login page, not to "the form has expired".
$res = post_form('/portal/logout', csrf => $session_csrf);
ok($res->code == 303 && $res->header('Location') =~ m{/portal/login$}, 'a logout without a session leads to the login page');
# A login form of a second tab, sent after the first tab logged in: it logs in.
my $second_tab = csrf_of(get_page('/portal/login')->content);
is(login_as('portal', 'kunde')->code, 303, 'the first tab logs in');
$res = post_form('/portal/login', csrf => $second_tab, username => 'kunde', password => 'Kunde-Demo-2026');
is($res->code, 303, 'the second tab\'s login form (its token from before) logs in too, not 403');
$res = post_form('/portal/login', csrf => 'y' x 43, username => 'kunde', password => 'Kunde-Demo-2026');
is($res->code, 403, '... a wrong token still does not');
is(post_form('/portal/logout', csrf => $second_tab)->code, 403, 'the login form\'s token does not log a session out');

# A username of 100 characters that are more than 100 bytes (the administration allows them).
my $long_name = "\x{436}" x 60;
make_portal($long_name);
fresh_agent();
is(login_as('portal', Encode::encode_utf8($long_name), 'Kunde-Demo-2026')->code, 303,
   'a username of 60 Cyrillic letters (120 bytes) logs in');
db_do("DELETE FROM portal_account WHERE username = '$long_name'");
