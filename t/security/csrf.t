# CSRF: every POST route of the route table (read from the module's sources by
# scripts/routes.sh, so routes added later are covered without listing them here), sent
# without a token, with a wrong one and with the token of another session, is refused with
# 403 and changes nothing in the database (a logout without a session leads to the login page:
# there is nothing left to protect). Path segments get real ids of the demo data and
# the caller is logged in as the kind of user the route is for, so the request reaches the
# CSRF check rather than stopping at the login redirect.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use HTTP::Request::Common ();
use lib 't/lib';
use KPTest;

my @routes = routes_of('POST');
my %user = (portal => 'kunde', admin => 'admin');
my @variants = (['no token', undef], ['a wrong token', 'A' x 43], ['another session\'s token', 'foreign']);
my $cases = 0;
$cases += ($_->{access} eq 'KP_ANON' ? 2 : 1) * @variants for @routes;
plan tests => 3 + 3 * $cases;

ok(scalar(grep { $_->{app} eq 'portal' && $_->{pattern} eq '/login' } @routes), 'the listing has POST /portal/login');
ok(scalar(grep { $_->{app} eq 'admin' && $_->{pattern} eq '/logout' } @routes), 'the listing has POST /admin/logout');
ok(!grep({ $_->{pattern} !~ m{^/} } @routes), 'every pattern is a path');

sub landing {
    my ($res) = @_;
    $res = get_page($res->header('Location')) while $res->code == 303;
    return $res;
}

# A logged-in agent and the CSRF token of another session of the same account.
sub logged_in {
    my ($app) = @_;
    fresh_agent();
    my $res = login_as($app, $user{$app});
    die "login as $user{$app} failed: " . $res->code unless $res->code == 303;
    my $foreign = csrf_of(landing($res)->content) or die 'no CSRF token after login';
    fresh_agent();
    landing(login_as($app, $user{$app}));
    return $foreign;
}

# An anonymous agent (holding its own pre-login CSRF cookie) and another agent's token.
sub anonymous {
    my ($app) = @_;
    fresh_agent();
    my $foreign = csrf_of(get_page("/$app/login")->content) or die 'no login CSRF token';
    fresh_agent();
    get_page("/$app/login");
    return $foreign;
}

sub send_post {
    my ($route, $path, $token) = @_;
    if ($route->{multipart} ne '0') {
        my $url = defined $token ? "$path?csrf=$token" : $path;
        return Apache::TestRequest::POST($url, Content_Type => 'form-data',
            Content => [name => 'csrf-probe', file => [undef, 'probe.txt', Content => 'probe']]);
    }
    return post_form($path, (defined $token ? (csrf => $token) : ()),
                     username => $user{$route->{app}}, password => demo_password($user{$route->{app}}),
                     name => 'csrf-probe', body => 'csrf-probe', text => 'csrf-probe');
}

for my $route (@routes) {
    my $path = "/$route->{app}" . fill_route($route->{pattern});
    my @states = $route->{access} eq 'KP_ANON' ? ('anonymous', 'logged in') : ('logged in');
    for my $state (@states) {
        for my $v (@variants) {
            my ($what, $token) = @$v;
            my $foreign = $state eq 'anonymous' ? anonymous($route->{app}) : logged_in($route->{app});
            $token = $foreign if defined $token && $token eq 'foreign';
            my $before = db_fingerprint();
            my $res = send_post($route, $path, $token);
            my $name = "POST $path ($route->{domain}, $state) with $what";
            if ($state eq 'anonymous' && $route->{pattern} eq '/logout') {
                # Without a session a logout has nothing left to protect: to the login page.
                is($res->code, 303, "$name: 303");
                like($res->header('Location') // '', qr{/$route->{app}/login$}, "$name: to the login page");
            }
            else {
                is($res->code, 403, "$name: 403");
                like($res->decoded_content, qr/Das Formular ist abgelaufen/, "$name: the CSRF error page");
            }
            is(db_fingerprint(), $before, "$name: nothing changed in the database");
        }
    }
}
