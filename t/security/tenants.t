# Two tenants on two virtual hosts (demo on the default one, "zweite" on kp_tenant2): nothing
# of one is reachable from the other, by id (every route with a {..} segment, GET and POST
# with a valid CSRF token), by portal link token, by username or by session cookie.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;

my %tenant = (
    demo   => {vhost => undef, portal => ['kunde', 'Kunde-Demo-2026'], admin => ['admin', 'Admin-Demo-2026']},
    zweite => {vhost => 'kp_tenant2', portal => ['kunde', 'Fremd-Konto-2026'], admin => ['chef', 'Chef-Zweite-2026']},
);
my @pairs = (['demo', 'zweite'], ['zweite', 'demo']);
my @with_ids = grep { $_->{pattern} =~ /\{/ } routes_of();
plan tests => 2 * (@with_ids * 2 + 10);

sub agent_on { my ($t) = @_; fresh_agent($tenant{$t}{vhost} ? (vhost => $tenant{$t}{vhost}) : ()) }
sub logged_in {
    my ($t, $app) = @_;
    agent_on($t);
    my $res = login_as($app, @{ $tenant{$t}{$app} });
    die "login on $t/$app failed: " . $res->code unless $res->code == 303;
    my ($cookie) = map { /^(kp_\w+=[^;]+)/ ? $1 : () } $res->header('Set-Cookie');
    $res = get_page($res->header('Location')) while $res->code == 303;
    return ($cookie, csrf_of($res->content));
}

for my $pair (@pairs) {
    my ($own, $other) = @$pair;
    # By id and token: every route with a segment, filled with the other tenant's ids.
    for my $route (@with_ids) {
        my $path = "/$route->{app}" . fill_route($route->{pattern}, $other);
        my $csrf;
        if ($route->{access} eq 'KP_ANON') {
            agent_on($own);
            $csrf = csrf_of(get_page("/$route->{app}/login")->content);
        }
        else {
            (undef, $csrf) = logged_in($own, $route->{app});
        }
        my $before = db_fingerprint();
        my $res = $route->{method} ne 'POST' ? get_page($path)
                : $route->{multipart} ne '0'    # the token of a multipart form is in the URL
                ? Apache::TestRequest::POST("$path?csrf=$csrf", Content_Type => 'form-data',
                      Content => [name => 'x', file => [undef, 'x.txt', Content => 'x']])
                : post_form($path, csrf => $csrf, name => 'x', body => 'x');
        my $who = $route->{access} eq 'KP_ANON' ? 'anonymous' : "$tenant{$own}{$route->{app}}[0]";
        is($res->code, 404, "$route->{method} $path of $other, as $who on $own: 404");
        is(db_fingerprint(), $before, "... and nothing changed");
    }

    # Portal links of the other tenant, directly.
    my ($token) = db_query("SELECT po.link_token FROM portal po JOIN tenant t ON t.id = po.tenant_id
                            WHERE t.slug = '$other' ORDER BY po.id LIMIT 1");
    agent_on($own);
    is(get_page("/portal/p/$token->[0]")->code, 404, "the portal link of $other on $own: 404");
    my ($own_token) = db_query("SELECT po.link_token FROM portal po JOIN tenant t ON t.id = po.tenant_id
                                WHERE t.slug = '$own' ORDER BY po.id LIMIT 1");
    is(get_page("/portal/p/$own_token->[0]")->code, 200, "(its own link on $own: 200)");

    # Usernames: the other tenant's credentials do not open an account here.
    for my $app (qw(portal admin)) {
        agent_on($own);
        my $res = login_as($app, @{ $tenant{$other}{$app} });
        is($res->code, 401, "$app login of $other ($tenant{$other}{$app}[0]) on $own: 401");
    }

    # Sessions: a cookie of the other tenant is nobody here.
    for my $app (qw(portal admin)) {
        my ($cookie) = logged_in($other, $app);
        agent_on($own);
        my $res = Apache::TestRequest::GET($app eq 'admin' ? '/admin/projects' : '/portal/', Cookie => $cookie);
        is($res->code, 303, "$app session of $other on $own: logged out (303)");
        like($res->header('Location') // '', qr{/$app/login$}, '... to the login page');
    }
    my ($cookie, $csrf) = logged_in($other, 'portal');
    agent_on($own);
    my $before = db_fingerprint();
    my $res = Apache::TestRequest::POST('/portal/logout', [csrf => $csrf], Cookie => $cookie);
    # No session here: nothing to end, the login page (nothing of the other tenant's is touched).
    ok($res->code == 303 && ($res->header('Location') // '') =~ m{/portal/login$},
       "logout with $other\'s session and its token on $own: no session here, to the login page");
    is(db_fingerprint(), $before, '... the session of the other tenant is untouched');
}
