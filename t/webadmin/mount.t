# The portal mounted elsewhere than /portal (t/conf/extra.conf.in, vhost kp_mount: the portal at
# /kunden/portal, the administration at /verwaltung, KundenportalPortalPath /kunden/portal/):
# the link, the QR code and an invitation the administration makes lead to the portal there.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use File::Temp qw(tempfile);
use lib 't/lib';
use KPTest;

plan tests => 7;

my ($pid, $aid) = make_portal('eingehaengt');
my $portal = db_value("SELECT portal_id FROM portal_account WHERE id = $aid");
my $token = portal_token('project', $pid);

fresh_agent(vhost => 'kp_mount');
my $login = get_page('/verwaltung/login');
my $res = post_form('/verwaltung/login', csrf => csrf_of($login->content), username => 'admin',
                    password => demo_password('admin'));
is($res->code, 303, 'the administration logs in at /verwaltung');

$res = get_page("/verwaltung/portals/$portal/link");
my ($link) = $res->decoded_content =~ m{id="portal-link"[^>]*value="([^"]+)"};
like($link // '', qr{^http://[^/]+/kunden/portal/p/\Q$token\E$}, 'the portal\'s link is under /kunden/portal');
my ($fh, $file) = tempfile(SUFFIX => '.png', UNLINK => 1);
binmode $fh;
print $fh get_page("/verwaltung/portals/$portal/qr.png")->content;
close $fh;
my $decoded = `zbarimg --raw -q "$file" 2>/dev/null`;
chomp $decoded;
is($decoded, $link, 'so is the QR code');

$res = post_form("/verwaltung/portals/$portal/accounts/$aid/invite", csrf => csrf_of($res->content));
my ($invite) = $res->decoded_content =~ m{class="invite-link" href="([^"]+)"};
like($invite // '', qr{^http://[^/]+/kunden/portal/invite/[A-Za-z0-9_-]{43}$}, 'and an invitation');

fresh_agent(vhost => 'kp_mount');
# KundenportalBaseURL (of the main server, inherited) names another host: the paths, here.
$res = get_page($link =~ s{^http://[^/]+}{}r);
is($res->code, 200, 'the link opens the portal');
like($res->decoded_content, qr{<form[^>]*action="/kunden/portal/login"}, '... its login form under the mount');
is(get_page($invite =~ s{^http://[^/]+}{}r)->code, 200, 'the invitation opens');
