# "Link/QR Code anzeigen": the link, the QR code as SVG and PNG (decoded with zbarimg), the access
# sheet, "Link erneuern" (the old link is 404), and one-time invitations to set a password.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use HTTP::Cookies ();
use File::Temp qw(tempfile);
use MIME::Base64 ();
use lib 't/lib';
use KPTest;

plan tests => 42;

sub decode_png {
    my ($bytes) = @_;
    my ($fh, $file) = tempfile(SUFFIX => '.png', UNLINK => 1);
    binmode $fh;
    print $fh $bytes;
    close $fh;
    my $text = `zbarimg --raw -q "$file" 2>/dev/null`;
    chomp $text;
    return $text;
}

fresh_agent();
login_as('admin', 'admin');
my $csrf = page_csrf('/admin/projects');
my $id = create_project($csrf, name => 'Linktest Objekt', portal_enabled => 1);
my $res;
my $portal = db_value("SELECT id FROM portal WHERE project_id = $id");
my $token = db_value("SELECT link_token FROM portal WHERE id = $portal");

$res = get_page("/admin/projects/$id");
like($res->decoded_content, qr{href="/admin/portals/$portal/link"[^>]*>Link/QR Code anzeigen}, 'button on the project page');
$res = get_page("/admin/portals/$portal/link");
is($res->code, 200, 'link page');
my $html = $res->decoded_content;
my ($link) = $html =~ m{id="portal-link"[^>]*value="([^"]+)"};
like($link, qr{^http://[^/]+/portal/p/\Q$token\E$}, 'the link: base URL + /portal/p/{token}');
my ($svg64) = $html =~ m{<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"};
like(MIME::Base64::decode_base64($svg64 // ''), qr/<svg[^>]*viewBox=.*\Q$token\E/s, 'QR code inline as SVG, of the link');
like($html, qr/data-copy="portal-link"/, 'copy button (JavaScript comfort)');
like($html, qr{href="/admin/portals/$portal/qr.png"}, 'PNG download');

$res = get_page("/admin/portals/$portal/qr.png");
is($res->code, 200, 'PNG');
is($res->header('Content-Type'), 'image/png', 'as image/png');
like($res->header('Content-Disposition') // '', qr/attachment/, 'as a download');
is(decode_png($res->content), $link, 'the PNG decodes to exactly the shown link');
$res = get_page("/admin/portals/$portal/qr.svg");
is($res->header('Content-Type'), 'image/svg+xml', 'SVG download');

my $path = $link =~ s{^http://[^/]+}{}r;
fresh_agent();
is(get_page($path)->code, 200, 'the link opens the portal login');

# Access sheet and invitation for an account created without a password.
fresh_agent();
login_as('admin', 'admin');
$csrf = page_csrf('/admin/projects');
my %v = page_versions("/admin/projects/$id");
post_form("/admin/projects/$id", csrf => $csrf, action => 'stage', username => 'einladung', password => '',
          display_name => 'Erika Einladung', perm_documents => 1);
$res = post_form("/admin/projects/$id", csrf => $csrf, action => 'save', %v, name => 'Linktest Objekt',
                 portal_enabled => 1, info_text => '');
is($res->code, 303, 'account without a password saved');
my $acct = db_value("SELECT id FROM portal_account WHERE username = 'einladung'");

# The password appears on the access sheet only right after it was typed.
my $sheet_pw = 'Zugangsblatt-Sofort-1';
$res = post_form("/admin/projects/$id", csrf => $csrf, action => 'stage_sheet', username => 'blattkunde',
                 password => $sheet_pw, display_name => 'Berta Blatt', perm_times => 1);
is($res->code, 200, '"Übernehmen und Zugangsblatt drucken" shows the sheet');
like($res->decoded_content, qr{blattkunde.*\Q$sheet_pw\E.*data:image/svg\+xml}s, 'with username, password and QR code');
like($res->decoded_content, qr/noch nicht gespeichert/, 'marked as not saved yet');
is(db_value("SELECT COUNT(*) FROM portal_draft WHERE username = 'blattkunde' AND password_hash NOT LIKE '%$sheet_pw%'"), 1,
   'staged with a hash only');
post_form("/admin/projects/$id", csrf => $csrf, action => 'discard');
is(db_value("SELECT password_hash IS NULL FROM portal_account WHERE id = $acct"), 1, 'it has no password');

$res = get_page("/admin/portals/$portal/accounts/$acct/sheet");
is($res->code, 200, 'access sheet');
like($res->decoded_content, qr/Muster Dienste GmbH.*Linktest Objekt.*einladung.*\Q$link\E/s,
     'company, project, username and link on the sheet');
like($res->decoded_content, qr{<img src="data:image/svg\+xml;base64,}, 'with the QR code');
unlike($res->decoded_content, qr/class="password"/, 'but no password later on');

$res = post_form("/admin/portals/$portal/accounts/$acct/invite", csrf => $csrf);
is($res->code, 200, 'invitation created');
my ($invite) = $res->decoded_content =~ m{class="invite-link" href="(http://[^"]+/portal/invite/([A-Za-z0-9_-]{43}))"};
ok($invite, 'the sheet shows the one-time link');
my ($itoken) = $invite =~ m{/invite/(.+)$};
is(db_value("SELECT COUNT(*) FROM portal_invite WHERE token_hash = SHA2('$itoken', 256)"), 1, 'only its hash is stored');
is(db_value("SELECT COUNT(*) FROM portal_invite WHERE token_hash = '$itoken'"), 0, 'never the token itself');

my $admin_jar = use_jar(HTTP::Cookies->new);
my $ipath = $invite =~ s{^http://[^/]+}{}r;
$res = get_page($ipath);
is($res->code, 200, 'invitation page');
my $icsrf = csrf_of($res->content);
$res = post_form($ipath, csrf => $icsrf, password => 'zu-kurz', password2 => 'zu-kurz');
is($res->code, 400, 'short password refused');
like($res->decoded_content, qr/id="invite-password-error"/, 'error next to the field');
$res = post_form($ipath, csrf => $icsrf, password => 'Erikas-Garten-2026', password2 => 'Erikas-Garten-2026');
is($res->code, 303, 'password set through the invitation');
is(join('|', map { @$_ } db_query("SELECT actor_kind, actor_id = $acct, actor_name FROM audit_log
                                   WHERE action = 'account.invite_accepted' AND object_id = $acct")),
   'portal|1|' . db_value("SELECT display_name FROM portal_account WHERE id = $acct"),
   '... logged with the account as who did it');
like(get_page($res->header('Location'))->decoded_content, qr{<p class="alert ok" role="status">Ihr Passwort ist gespeichert\.},
     '... and the portal\'s login page says so');
is(login_as('portal', 'einladung', 'Erikas-Garten-2026')->code, 303, 'the customer logs in with it');
use_jar(HTTP::Cookies->new);
is(get_page($ipath)->code, 404, 'the invitation works only once');
use_jar($admin_jar);
$res = post_form("/admin/portals/$portal/accounts/$acct/invite", csrf => $csrf);
my ($late) = $res->decoded_content =~ m{class="invite-link" href="http://[^/"]+(/portal/invite/[A-Za-z0-9_-]{43})"};
db_do("UPDATE portal_invite SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE account_id = $acct");
use_jar(HTTP::Cookies->new);
is(get_page($late)->code, 404, 'an expired invitation is 404');
use_jar($admin_jar);

# Link erneuern: the old link stops working at once.
$res = post_form("/admin/portals/$portal/link", csrf => $csrf, action => 'rotate');
is($res->code, 303, 'Link erneuern');
my $new_token = db_value("SELECT link_token FROM portal WHERE id = $portal");
isnt($new_token, $token, 'a new token');
$res = get_page("/admin/portals/$portal/link");
my ($new_link) = $res->decoded_content =~ m{id="portal-link"[^>]*value="([^"]+)"};
like($new_link, qr{/portal/p/\Q$new_token\E$}, 'the page shows the new link');
is(decode_png(get_page("/admin/portals/$portal/qr.png")->content), $new_link, 'the PNG shows the new link');
fresh_agent();
is(get_page($path)->code, 404, 'the old link is 404');
is(get_page($new_link =~ s{^http://[^/]+}{}r)->code, 200, 'the new link works');

fresh_agent(vhost => 'kp_tenant2');
login_as('admin', 'chef', 'Chef-Zweite-2026');
is(get_page("/admin/portals/$portal/link")->code, 404, 'another tenant\'s admin gets 404');
