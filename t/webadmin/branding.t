# Erscheinungsbild: company name, accent colour and logo set in the administration and shown
# on the portal's login page and pages; refused input (bad colour, empty name, a file that is
# no PNG/JPEG/WebP, SVG, a logo over the limit) answers 400/413 with the message next to the
# field and stores nothing; the logo and the accent stylesheet are served under versioned URLs
# with long caching and nosniff; one company never shows another's logo. Changes only the
# second tenant ("zweite") and puts its look back as it found it at the end.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use Encode qw(encode_utf8);
use lib 't/lib';
use KPTest;

plan tests => 74;

my $LIMIT = 256 * 1024;
my $PNG = pack('H*', '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de'
                   . '0000000c49444154789c63b859ce0600038301576f5bbf670000000049454e44ae426082');
my $JPEG = pack('H*', 'ffd8ffe000104a46494600010100000100010000'   # JFIF, then a frame of 300 x 100
                    . 'ffc0001108006401' . '2c03' . '012200' . '021101' . '031101') . ("\0" x 64) . pack('H*', 'ffd9');
# A small file that declares 40,000 x 1 pixels (its IHDR), which a browser would decode.
my $WIDE_PNG = $PNG =~ s/^(.{16}).{4}/$1 . pack('N', 40000)/sre;
my $SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>';
my $GIF = "GIF89a\1\0\1\0\0\0\0;";
my $tenant2 = db_value("SELECT id FROM tenant WHERE slug = 'zweite'");
my ($old_name, $old_accent, $old_logo) = @{ (db_query("SELECT t.name, t.accent_color, HEX(l.content) FROM tenant t"
    . " LEFT JOIN tenant_logo l ON l.id = t.logo_version WHERE t.id = $tenant2"))[0] };
$old_logo = pack('H*', $old_logo);
ok(length $old_logo && $old_accent, 'the second company starts with a logo and a colour (t/data/tenant2.sql)');

# What the tenant's look is in the database: the row's columns and the logos stored.
sub state_of {
    my ($id) = @_;
    return join '|', map { join ',', map { $_ // 'NULL' } @$_ }
        db_query("SELECT name, COALESCE(accent_color, 'NULL'), COALESCE(logo_version, 'NULL'), settings_version"
                 . " FROM tenant WHERE id = $id"),
        db_query("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM tenant_logo WHERE tenant_id = $id");
}

my $csrf;
sub page { my $res = get_page('/admin/settings/branding'); $csrf = csrf_of($res->content); return $res }
sub version_of { my ($html) = @_; return $html =~ /name="version" value="(\d+)"/ ? $1 : '' }

# POST the form as a browser does (multipart, the CSRF token in the URL); the file is optional.
sub save {
    my (%f) = @_;
    my $file = delete $f{file};
    my @content = (version => $f{version} // version_of(page()->content),
                   company_name => encode_utf8($f{company_name} // 'Zweite Firma GmbH'),
                   accent => $f{accent} // '', ($f{remove_logo} ? (remove_logo => 1) : ()));
    push @content, logo => [undef, $file->[0], 'Content-Type' => $file->[1], Content => $file->[2]]
        if $file;
    page() unless $csrf;
    # the token as the body's first field, as the page's form sends it
    return Apache::TestRequest::POST("/admin/settings/branding", Content_Type => 'form-data',
                                     Content => [csrf => $csrf, @content]);
}

# ---- the demo company's look, as seeded: on the login page (no session) and a portal page ----
my ($demo_logo, $demo_accent) = @{ (db_query("SELECT logo_version, CONV(SUBSTR(accent_color, 2), 16, 10)"
                                             . " FROM tenant WHERE slug = 'demo'"))[0] };
ok($demo_logo && $demo_accent, 'the demo company has a logo and an accent colour');
fresh_agent();
my $html = get_page('/portal/login')->decoded_content;
like($html, qr{<header class="site">.*<img class="logo" src="/portal/logo/$demo_logo" alt="">.*Muster Dienste GmbH}s,
     'login page: the logo and the company name in the header');
like($html, qr{<link rel="stylesheet" href="/portal/accent/$demo_accent">}, 'login page: the accent stylesheet');
my $res = get_page("/portal/logo/$demo_logo");
is($res->code, 200, 'the logo is served without a login');
is($res->header('Content-Type'), 'image/png', '... as image/png');
is($res->header('X-Content-Type-Options'), 'nosniff', '... with nosniff');
is($res->header('Cache-Control'), 'public, max-age=31536000, immutable', '... cached for good (the URL changes with it)');
ok($res->content eq pack('H*', db_value("SELECT HEX(content) FROM tenant_logo WHERE id = $demo_logo")),
   '... byte for byte what is stored');
$res = get_page("/portal/accent/$demo_accent");
is($res->code, 200, 'the accent stylesheet is served');
like($res->header('Content-Type'), qr{^text/css}, '... as text/css');
is($res->header('Cache-Control'), 'public, max-age=31536000, immutable', '... cached for good');
like($res->content, qr/--accent: #0f766e;.*--accent-text: #ffffff;/s, '... with the accent and white text on it');
is(get_page('/portal/accent/' . ($demo_accent + 1))->code, 404, 'another colour: 404');
is(get_page('/portal/logo/' . ($demo_logo + 1000))->code, 404, 'another logo version: 404');
login_as('portal', 'kunde');
$html = get_page('/portal/')->decoded_content;
like($html, qr{<img class="logo" src="/portal/logo/$demo_logo" alt="">}, 'a portal page after login: the logo');
like($html, qr{<link rel="stylesheet" href="/portal/accent/$demo_accent">}, '... and the accent stylesheet');

# ---- the second company sets its look ----
fresh_agent(vhost => 'kp_tenant2');
is(login_as('admin', 'chef', 'Chef-Zweite-2026')->code, 303, 'the second company\'s admin logs in');
$res = page();
is($res->code, 200, 'Erscheinungsbild page');
like($res->decoded_content, qr/<h1>Erscheinungsbild<\/h1>/, '... titled');
like($res->decoded_content, qr/id="admin-branding-company_name"[^>]*value="\Q$old_name\E"/, '... with the company name');
like(get_page('/admin/settings')->decoded_content, qr{href="/admin/settings/branding"}, 'linked from Grundeinstellungen');

my $before = state_of($tenant2);
for my $bad (['#12345g', 'a letter that is no hex digit'], ['red', 'a colour name'], ['#fff', 'three digits'],
             ['#0f766e;}body{display:none', 'CSS after the colour']) {
    $res = save(accent => $bad->[0]);
    is($res->code, 400, "accent '$bad->[0]' ($bad->[1]): 400");
}
my $page = $res->decoded_content;
like($page, qr{id="admin-branding-accent-error">Bitte geben Sie die Farbe im Format #rrggbb an}, 'the message next to the colour field');
like($page, qr{aria-describedby="admin-branding-accent-error"}, '... tied to the field');
like($page, qr/value="#0f766e;\}body\{display:none"/, '... what was typed kept');
is(state_of($tenant2), $before, 'nothing stored');

$res = save(company_name => '   ', accent => '#0f766e');
is($res->code, 400, 'an empty company name: 400');
like($res->decoded_content, qr{id="admin-branding-company_name-error">Bitte füllen Sie dieses Feld aus}, '... message next to it');

$res = save(accent => '#0f766e', file => ['logo.png', 'image/png', $SVG]);
is($res->code, 400, 'an SVG (even named logo.png): 400');
like($res->decoded_content, qr{id="admin-branding-logo-error">Diese Datei ist kein PNG-, JPEG- oder WebP-Bild}, '... message next to the file field');
$res = save(accent => '#0f766e', file => ['logo.svg', 'image/svg+xml', $SVG]);
is($res->code, 400, 'an SVG as such: 400');
$res = save(accent => '#0f766e', file => ['logo.gif', 'image/gif', $GIF]);
is($res->code, 400, 'a GIF: 400');
$res = save(accent => '#0f766e', file => ['breit.png', 'image/png', $WIDE_PNG]);
ok($res->code == 400 && $res->decoded_content =~ /id="admin-branding-logo-error">Das Logo hat zu viele Pixel: höchstens 2000 × 2000/,
   'a logo of 40,000 pixels across, however small the file: 400, the message next to the field');
$res = save(accent => '#0f766e', file => ['big.png', 'image/png', $PNG . ("\0" x ($LIMIT + 1 - length $PNG))]);
is($res->code, 413, 'a logo one byte over the limit: 413');
like($res->decoded_content, qr{id="admin-branding-logo-error">Das Logo ist zu groß: höchstens 256}, '... message next to the file field');
$res = save(accent => '#0f766e', file => ['huge.png', 'image/png', $PNG . ("\0" x (4 * $LIMIT))]);
is($res->code, 413, 'a logo far over the limit: 413');
like($res->decoded_content, qr{id="admin-branding-company_name"[^>]*value="\Q$old_name\E"}, '... the form shown again with the saved values');
is(state_of($tenant2), $before, 'nothing stored by any refused form');

my $shown = version_of(page()->content);
db_do("UPDATE tenant SET settings_version = settings_version + 1 WHERE id = $tenant2");   # another admin saved
$before = state_of($tenant2);
$res = save(accent => '#0f766e', version => $shown, file => ['logo.png', 'image/png', $PNG]);
is($res->code, 409, 'saved from a page someone else saved meanwhile: 409');
like($res->decoded_content, qr/Jemand anderes hat das Erscheinungsbild inzwischen gespeichert/, '... with a clear message');
my $typed = qr{Was Sie eingegeben hatten.*<dt>Akzentfarbe</dt><dd class="preline">\#0f766e</dd>}s;
like($res->decoded_content, $typed, '... and the typed colour listed apart from the saved one');
like($res->decoded_content,
     qr{<dt>Logo</dt><dd class="preline">logo\.png \(nicht gespeichert: bitte die Datei erneut auswählen\)</dd></dl>},
     '... and the logo chosen, to be chosen again');
is(state_of($tenant2), $before, '... nothing overwritten');
$res = save(accent => '#0f766e', version => $shown, remove_logo => 1);
like($res->decoded_content,
     qr{<dt>Logo entfernen</dt><dd class="preline">ja \(das Logo ist nicht entfernt\)</dd></dl>},
     '"Logo entfernen" ticked on an outdated page: listed as not done');
is(state_of($tenant2), $before, '... nothing removed');

$res = save(accent => '#0f766e', file => ['edge.png', 'image/png', $PNG . ("\0" x ($LIMIT - length $PNG))]);
is($res->code, 303, 'a logo of exactly the limit is taken');
is(db_value("SELECT size FROM tenant_logo WHERE tenant_id = $tenant2"), $LIMIT, '... all of it');

$res = save(company_name => 'Zweite Firma Gestaltung GmbH', accent => '#FFD400', file => ['logo.png', 'image/png', $PNG]);
is($res->code, 303, 'name, a light accent colour and a PNG logo saved');
like($res->header('Location') // '', qr{/admin/settings/branding\?saved=1$}, '... back to the page');
my ($logo2, $accent2, $accent2_id) = @{ (db_query("SELECT logo_version, accent_color, CONV(SUBSTR(accent_color, 2), 16, 10)"
                                                  . " FROM tenant WHERE id = $tenant2"))[0] };
is($accent2, '#ffd400', 'the colour is stored in lower case');
is(db_value("SELECT COUNT(*) FROM tenant_logo WHERE tenant_id = $tenant2"), 1, 'one logo kept per company (the old one is gone)');
like(get_page($res->header('Location'))->decoded_content, qr/Die Daten wurden gespeichert/, 'the page says so');
like(db_value("SELECT detail FROM audit_log WHERE tenant_id = $tenant2 AND action = 'settings.branding' ORDER BY id DESC LIMIT 1"),
     qr/Zweite Firma Gestaltung GmbH, #ffd400, new logo/, 'the change is in the audit log');

fresh_agent(vhost => 'kp_tenant2');
$html = get_page('/portal/login')->decoded_content;
like($html, qr{<img class="logo" src="/portal/logo/$logo2" alt="">.*Zweite Firma Gestaltung GmbH}s, 'its login page shows its logo and name');
unlike($html, qr{/portal/logo/$demo_logo"}, '... never the demo company\'s logo');
$res = get_page("/portal/accent/$accent2_id");
like($res->content, qr/--accent: #ffd400;\s*--accent-text: #000000;/, 'yellow carries black text');
my ($ink) = $res->content =~ /--accent-ink: #([0-9a-f]{6});/;
ok($ink && $ink ne 'ffd400', 'links get a darker shade of it (' . ($ink // '?') . ')');
is(get_page("/portal/logo/$demo_logo")->code, 404, 'the demo company\'s logo on the second company\'s host: 404');
is(get_page("/portal/accent/$demo_accent")->code, 404, '... nor its stylesheet');
fresh_agent();
is(get_page("/portal/logo/$logo2")->code, 404, 'the second company\'s logo on the demo host: 404');
unlike(get_page('/portal/login')->decoded_content, qr{/portal/logo/$logo2"}, 'the demo login page never shows it');

# A JPEG, then removing the logo: its URL is gone, the header shows the name alone.
fresh_agent(vhost => 'kp_tenant2');
login_as('admin', 'chef', 'Chef-Zweite-2026');
$res = save(company_name => 'Zweite Firma Gestaltung GmbH', accent => '#ffd400', file => ['logo.jpg', 'image/jpeg', $JPEG]);
is($res->code, 303, 'a JPEG logo saved');
my $logo3 = db_value("SELECT logo_version FROM tenant WHERE id = $tenant2");
isnt($logo3, $logo2, '... under a new version');
is(get_page("/admin/logo/$logo3")->header('Content-Type'), 'image/jpeg', '... served as image/jpeg');
$res = save(company_name => $old_name, remove_logo => 1);
is($res->code, 303, 'logo removed, name and default colour back');
like(state_of($tenant2), qr/^\Q$old_name\E,NULL,NULL,\d+\|0,0$/, 'no logo, no colour stored');
is(get_page("/portal/logo/$logo3")->code, 404, 'the removed logo\'s URL: 404');
fresh_agent(vhost => 'kp_tenant2');
$html = get_page('/portal/login')->decoded_content;
ok($html !~ /class="logo"/ && $html !~ m{/portal/accent/}, 'the login page without logo and accent stylesheet');

# As it was: the old name, colour and logo, through the form.
fresh_agent(vhost => 'kp_tenant2');
login_as('admin', 'chef', 'Chef-Zweite-2026');
$res = save(company_name => $old_name, accent => $old_accent, file => ['logo.png', 'image/png', $old_logo]);
is($res->code, 303, 'the old look saved again');
is(pack('H*', db_value("SELECT HEX(l.content) FROM tenant t JOIN tenant_logo l ON l.id = t.logo_version"
                       . " WHERE t.id = $tenant2 AND t.accent_color = '$old_accent'")), $old_logo, '... exactly');
