# Sessions: a new token at every login (the old one dies), logout ends the session on the
# server, idle and absolute expiry (ages set in the database), cookie flags, and on a vhost
# with KundenportalCookieSecure On the Secure flag and the __Host- prefix.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;

plan tests => 27;

my $IDLE = 1800;       # KundenportalSessionIdleTimeout in t/conf/extra.conf.in
my $MAX = 43200;       # KundenportalSessionMaxLifetime

sub session_cookie {
    my ($res, $name) = @_;
    my ($c) = grep { /^\Q$name\E=/ } $res->header('Set-Cookie');
    return $c // '';
}
sub token_of { my ($cookie) = @_; return $cookie =~ /^[^=]+=([^;]+)/ ? $1 : '' }
sub stored { my ($t) = @_; my ($n) = db_query("SELECT COUNT(*) FROM session WHERE token_hash = SHA2('$t', 256)"); $n->[0] }
sub with_cookie { my ($path, $cookie) = @_; fresh_agent(); Apache::TestRequest::GET($path, Cookie => $cookie) }

# Rotation: the token of a login differs from every token before it, and the old one is gone.
fresh_agent();
my $first = token_of(session_cookie(login_as('portal', 'planung'), 'kp_portal'));
ok(length $first == 43, 'login sets a 256-bit session token');
my $csrf = csrf_of(get_page('/portal/')->content);
my $res = post_form('/portal/login', csrf => $csrf, username => 'kunde', password => demo_password('kunde'));
my $second = token_of(session_cookie($res, 'kp_portal'));
is($res->code, 303, 'a second login in the same browser');
ok($second && $second ne $first, 'gets a new token');
is(stored($first), 0, 'the session before it is deleted on the server');
is(with_cookie('/portal/', "kp_portal=$first")->code, 303, 'and its token no longer opens anything');
is(with_cookie('/portal/', "kp_portal=$second")->code, 200, 'the new token works');
is(with_cookie('/portal/', 'kp_portal=' . ('Q' x 43))->code, 303, 'a token the server never issued is refused');

# Server-side logout: the cookie, replayed after logout, is dead.
fresh_agent();
my $token = token_of(session_cookie(login_as('portal', 'kunde'), 'kp_portal'));
$res = post_form('/portal/logout', csrf => csrf_of(get_page('/portal/')->content));
like(session_cookie($res, 'kp_portal'), qr/^kp_portal=; .*Max-Age=0/, 'logout clears the cookie');
is(with_cookie('/portal/', "kp_portal=$token")->code, 303, 'a replayed cookie after logout is refused');
fresh_agent();
$token = token_of(session_cookie(login_as('admin', 'admin'), 'kp_admin'));
$res = post_form('/admin/logout', csrf => csrf_of(get_page('/admin/projects')->content));
is(with_cookie('/admin/projects', "kp_admin=$token")->code, 303, 'the same for the administration');

# Idle and absolute expiry, measured by the server's clock in the database.
sub aged {
    my ($app, $user, $set) = @_;
    fresh_agent();
    my $base = $app eq 'admin' ? 'kp_admin' : 'kp_portal';
    my $t = token_of(session_cookie(login_as($app, $user), $base));
    db_do("UPDATE session SET $set WHERE token_hash = SHA2('$t', 256)");
    return with_cookie($app eq 'admin' ? '/admin/projects' : '/portal/', "$base=$t")->code;
}
is(aged('portal', 'kunde', 'last_seen_at = UTC_TIMESTAMP() - INTERVAL ' . ($IDLE - 120) . ' SECOND'), 200,
   'idle a little less than the idle timeout: still logged in');
is(aged('portal', 'kunde', 'last_seen_at = UTC_TIMESTAMP() - INTERVAL ' . ($IDLE + 60) . ' SECOND'), 303,
   'idle longer than the idle timeout: logged out');
is(aged('portal', 'kunde', 'created_at = UTC_TIMESTAMP() - INTERVAL ' . ($MAX - 120) . ' SECOND'), 200,
   'active, younger than the maximum lifetime: logged in');
is(aged('portal', 'kunde', 'created_at = UTC_TIMESTAMP() - INTERVAL ' . ($MAX + 60) . ' SECOND'), 303,
   'active all the time but older than the maximum lifetime: logged out');
is(aged('admin', 'admin', 'last_seen_at = UTC_TIMESTAMP() - INTERVAL ' . ($IDLE + 60) . ' SECOND'), 303,
   'admin sessions expire when idle too');
is(aged('admin', 'admin', 'created_at = UTC_TIMESTAMP() - INTERVAL ' . ($MAX + 60) . ' SECOND'), 303,
   'and at the maximum lifetime');

# Cookie flags over plain http.
fresh_agent();
my $cookie = session_cookie(login_as('admin', 'admin'), 'kp_admin');
like($cookie, qr/; Path=\/;/, 'admin session cookie: Path=/');
like($cookie, qr/; HttpOnly/, 'admin session cookie: HttpOnly');
like($cookie, qr/; SameSite=Lax/, 'admin session cookie: SameSite=Lax');
unlike($cookie, qr/Domain=/i, 'no Domain attribute (host-only)');

# KundenportalCookieSecure On: Secure, and the __Host- prefix (host-only, Path=/, Secure).
fresh_agent(vhost => 'kp_secure');
$res = get_page('/portal/login');
my $login_cookie = session_cookie($res, '__Host-kp_csrf');
like($login_cookie, qr/^__Host-kp_csrf=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Secure/,
     'secure vhost: the login CSRF cookie is __Host-, Secure');
my $login_csrf = token_of($login_cookie);
$res = Apache::TestRequest::POST('/portal/login',
    [csrf => $login_csrf, username => 'kunde', password => demo_password('kunde')],
    Cookie => "__Host-kp_csrf=$login_csrf");
is($res->code, 303, 'secure vhost: login');
$cookie = session_cookie($res, '__Host-kp_portal');
like($cookie, qr/^__Host-kp_portal=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Secure$/,
     'secure vhost: session cookie __Host-kp_portal with Path=/, HttpOnly, SameSite=Lax, Secure');
$token = token_of($cookie);
fresh_agent(vhost => 'kp_secure');
is(Apache::TestRequest::GET('/portal/', Cookie => "__Host-kp_portal=$token")->code, 200,
   'secure vhost: the __Host- cookie opens the session');
is(Apache::TestRequest::GET('/portal/', Cookie => "kp_portal=$token")->code, 303,
   'secure vhost: the same token without the prefix is refused');
$res = Apache::TestRequest::POST('/portal/login',
    [csrf => $login_csrf, username => 'kunde', password => demo_password('kunde')],
    Cookie => "kp_csrf=$login_csrf");
is($res->code, 403, 'secure vhost: a login CSRF cookie without the prefix is refused');
fresh_agent(vhost => 'kp_secure');
like(session_cookie(get_page('/portal/login?lang=en'), '__Host-kp_lang'), qr/Secure/,
     'secure vhost: the language cookie is __Host- and Secure too');
