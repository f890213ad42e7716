# Error pages and headers: 404, 405, security headers, language choice.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;

plan tests => 14;

fresh_agent();
my $res = get_page('/portal/no/such/page');
is($res->code, 404, 'unknown path: 404');
like($res->content, qr/<h1>Nicht gefunden<\/h1>/, 'error page from the template, German by default');
is($res->header('X-Content-Type-Options'), 'nosniff', 'nosniff');
like($res->header('Content-Security-Policy'), qr/frame-ancestors 'none'/, 'CSP forbids framing');
unlike($res->header('Content-Security-Policy'), qr/unsafe-inline/, 'CSP allows no inline script');
is($res->header('Referrer-Policy'), 'no-referrer', 'no referrer');

$res = Apache::TestRequest::PUT('/portal/login', content => 'x');
is($res->code, 405, 'wrong method: 405');
like($res->header('Allow') // '', qr/GET/, 'Allow names the methods');

$res = get_page('/portal/login?lang=en');
like($res->content, qr/<h1>Log in<\/h1>/, '?lang=en switches to English');
$res = get_page('/portal/login');
like($res->content, qr/<h1>Log in<\/h1>/, 'the choice is remembered');
fresh_agent();
$res = get_page('/portal/login', 'Accept-Language' => 'en-GB,en;q=0.8');
like($res->content, qr/lang="en"/, 'Accept-Language is honoured');
$res = get_page('/portal/p/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
is($res->code, 404, 'an unknown portal link is 404');

# The language links keep the page's query (the week shown), never a CSRF token; the answer to a
# form has none (its address may refuse a GET, and a one-time value would be lost).
my ($pid) = make_portal('sprachtest', perms => 'planning');
fresh_agent();
login_as('portal', 'sprachtest', demo_password('kunde'));
like(get_page("/portal/projects/$pid/planning?week=2031-03-03&csrf=x&lang=de")->content,
     qr{<a href="\?week=2031-03-03&amp;lang=en" lang="en"}, 'the language link keeps the week, drops csrf and lang');
$res = post_form('/portal/account/password', csrf => csrf_of(get_page('/portal/account')->content), current => 'falsch',
                 new => 'x', repeat => 'y');
ok($res->code == 400 && $res->content !~ /hreflang=/, 'the answer to a form has no language links');
