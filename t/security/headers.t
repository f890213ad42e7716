# Security headers on every GET route of the route table (read from the sources, so new pages
# are covered), each fetched as the kind of user it is for: a CSP without inline script that
# forbids framing, nosniff, no referrer, no caching of anything the module answers but the
# company's logo and accent stylesheet (public, versioned URLs: cached for good); and pages
# that need no inline script, handler attribute or inline style to work under that CSP.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;

my @routes = routes_of('GET');
my %user = (portal => 'kunde', admin => 'admin');
plan tests => 1 + 8 * @routes;
ok(@routes >= 6, 'GET routes found: ' . scalar(@routes));

my %agent_for;
for my $route (@routes) {
    my $path = "/$route->{app}" . fill_route($route->{pattern});
    if ($route->{access} eq 'KP_ANON') {
        fresh_agent();
    }
    else {
        fresh_agent();
        login_as($route->{app}, $user{$route->{app}});
    }
    my $res = get_page($path);
    my $name = "GET $path (" . ($route->{access} eq 'KP_ANON' ? 'anonymous' : $user{$route->{app}}) . ', ' . $res->code . ')';
    my $csp = $res->header('Content-Security-Policy') // '';
    my ($script_src) = $csp =~ /script-src ([^;]*)/;
    is($script_src // '', "'self'", "$name: CSP script-src 'self' only");
    like($csp, qr/frame-ancestors 'none'/, "$name: CSP frame-ancestors 'none'");
    like($csp, qr/object-src 'none'/, "$name: CSP object-src 'none'");
    is($res->header('X-Content-Type-Options'), 'nosniff', "$name: nosniff");
    is($res->header('Referrer-Policy'), 'no-referrer', "$name: Referrer-Policy no-referrer");
    # The logo and the accent stylesheet are public and versioned by their URL: cached for good.
    # Everything else the module answers is never cached.
    if ($route->{pattern} =~ m{^/(logo|accent)/}) {
        is($res->code . ' ' . ($res->header('Cache-Control') // ''), '200 public, max-age=31536000, immutable',
           "$name: the company's current $1, cached for good");
    }
    else {
        is($res->header('Cache-Control'), 'no-store', "$name: Cache-Control no-store");
    }
    my $html = ($res->header('Content-Type') // '') =~ m{text/html} ? $res->decoded_content : '';
    my (undef, $bad) = html_inspect($html);
    my @script = grep { !/style/ } @$bad;
    my @style = grep { /style/ } @$bad;
    is("@script", '', "$name: no inline script, handler attribute or javascript: URL");
    is("@style", '', "$name: no inline style (the CSP would block it)");
}
