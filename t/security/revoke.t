# Whatever stands for a portal account's password ends with it: when the company deactivates the
# account or sets a new password, when its user changes it, or when it is set through an
# invitation, the account's other sessions, unused invitations and calendar feed stop working
# (a reactivated account gets none of them back). A refused form on an invitation's address is
# logged without the invitation's secret.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use HTTP::Cookies ();
use lib 't/lib';
use KPTest;

plan tests => 36;

my $PW = 'Neues-Gartentor-77';
my ($pid, $aid) = make_portal('widerruf');
my $portal = db_value("SELECT portal_id FROM portal_account WHERE id = $aid");

fresh_agent();
my $admin_jar = HTTP::Cookies->new;
use_jar($admin_jar);
login_as('admin', 'admin');
my $csrf = page_csrf('/admin/projects');

# A logged-in browser of the account, an unused invitation and a calendar feed.
my $n = 0;
sub arm {
    my $jar = HTTP::Cookies->new;
    my $old = use_jar($jar);
    my $password = shift // demo_password('kunde');
    login_as('portal', 'widerruf', $password)->code == 303 or die 'login failed';
    my $token = join '', map { ('A'..'Z', 'a'..'z', 0..9)[rand 62] } 1 .. 42;
    $token .= $n++ % 10;
    db_do("UPDATE portal_account SET calendar_secret = SHA2('$token', 256) WHERE id = $aid");
    use_jar($admin_jar);
    my $res = post_form("/admin/portals/$portal/accounts/$aid/invite", csrf => $csrf);
    my ($invite) = $res->decoded_content =~ m{class="invite-link" href="http://[^/"]+(/portal/invite/[A-Za-z0-9_-]{43})"}
        or die 'no invitation';
    use_jar($old);
    return { jar => $jar, feed => "/portal/calendar/$token", invite => $invite };
}

# What still works of an armed account: its browser's session, the feed, the invitation.
sub still_working {
    my ($armed) = @_;
    my $old = use_jar($armed->{jar});
    my $session = get_page('/portal/')->code == 200 ? 1 : 0;
    use_jar(HTTP::Cookies->new);
    my $feed = get_page($armed->{feed})->code == 200 ? 1 : 0;
    my $invite = get_page($armed->{invite})->code == 200 ? 1 : 0;
    use_jar($old);
    return "session $session, feed $feed, invitation $invite";
}

my $armed = arm();
is(still_working($armed), 'session 1, feed 1, invitation 1', 'armed: a session, a feed, an invitation');

# The company sets a new password ("Übernehmen", "Daten speichern").
my $page = "/admin/projects/$pid";
sub save_staged {
    my %account = @_;
    my $res = post_form($page, csrf => $csrf, action => 'stage', acct_id => $aid, display_name => 'Test widerruf',
                        perm_planning => 1, perm_documents => 1, %account);
    $res->code == 303 or die 'not staged: ' . $res->code;
    my %v = page_versions($page);
    return post_form($page, csrf => $csrf, action => 'save', name => 'Testprojekt widerruf', portal_enabled => 1,
                     info_text => 'Test', %v)->code;
}
is(save_staged(password => $PW, active => 1), 303, 'the company sets a new password');
is(still_working($armed), 'session 0, feed 0, invitation 0', '... the session, feed and invitation end with the old one');
is(db_value("SELECT COUNT(*) FROM portal_invite WHERE account_id = $aid AND used_at IS NULL"), 0, '... no unused invitation is left');
is(db_value("SELECT calendar_secret IS NULL FROM portal_account WHERE id = $aid"), 1, '... nor the feed\'s secret');

# Deactivated, and active again: nothing comes back.
$armed = arm($PW);
is(save_staged(), 303, 'the company deactivates the account');
is(still_working($armed), 'session 0, feed 0, invitation 0', '... everything ends');
is(save_staged(active => 1), 303, 'and activates it again');
is(still_working($armed), 'session 0, feed 0, invitation 0', '... the old session, feed and invitation stay dead');
is(login_as('portal', 'widerruf', $PW)->code, 303, '... while the password works again');

# The user changes the password on "Mein Konto": the browser that changes it stays logged in.
$armed = arm($PW);
my $own = use_jar(HTTP::Cookies->new);
login_as('portal', 'widerruf', $PW);
my $res = post_form('/portal/account/password', csrf => page_csrf('/portal/account'), current => $PW,
                    new => "$PW-2", repeat => "$PW-2");
is($res->code, 303, 'the user changes the password');
like(get_page('/portal/account?changed=1&lang=de')->decoded_content, qr/Falls Sie ein Kalender-Abo hatten/,
     '... and is told the calendar subscription has to be set up again');
is(get_page('/portal/')->code, 200, '... staying logged in');
use_jar($own);
is(still_working($armed), 'session 0, feed 0, invitation 0', '... the other session, the feed and the invitation end');
$PW = "$PW-2";

# The password is set through an invitation: the same, and a lock of the username is lifted.
$armed = arm($PW);
my $second = arm($PW);   # the newer invitation replaces the first
use_jar(HTTP::Cookies->new);
is(get_page($armed->{invite})->code, 404, 'a new invitation replaces the older one');
db_do("DELETE FROM login_failure WHERE scope = 'address'");   # other suites' failures from this address
for (1 .. 5) { login_as('portal', 'widerruf', 'falsch-falsch-falsch') }
is(login_as('portal', 'widerruf', $PW)->code, 429, 'five wrong passwords lock the username');
$res = get_page($second->{invite});
is($res->code, 200, 'the invitation');
$res = post_form($second->{invite}, csrf => csrf_of($res->content), password => 'Ganz-Neu-Per-Link-5',
                 password2 => 'Ganz-Neu-Per-Link-5');
is($res->code, 303, 'the password set through it');
is(still_working($second), 'session 0, feed 0, invitation 0', '... the old session and the feed end, the invitation is used');
is(db_value("SELECT COUNT(*) FROM portal_invite WHERE account_id = $aid AND used_at IS NULL"), 0, '... and no unused one is left');
use_jar(HTTP::Cookies->new);
is(login_as('portal', 'widerruf', 'Ganz-Neu-Per-Link-5')->code, 303, '... the lock lifted: the new password works at once');
db_do("DELETE FROM login_failure WHERE scope = 'address'");   # this address's five, for the suites after

# A refused form on an invitation's address: logged by its route, never with the secret.
my $third = arm('Ganz-Neu-Per-Link-5');
my ($secret) = $third->{invite} =~ m{/invite/(.+)$};
my $log_file = Apache::Test::vars('t_logs') . '/error_log';
my $before = -s $log_file;
use_jar(HTTP::Cookies->new);
$res = post_form($third->{invite}, csrf => 'A' x 43, password => 'x', password2 => 'x');
is($res->code, 403, 'an invitation form without its CSRF cookie is refused');
my $log = do { open(my $fh, '<', $log_file) or die $!; seek($fh, $before, 0); local $/; <$fh> } // '';
like($log, qr{KP10023: POST /portal/invite/\{token\} refused}, '... logged by the route');
unlike($log, qr/\Q$secret\E/, '... without the invitation\'s secret');
is(get_page($third->{invite})->code, 200, 'the invitation still works after the refusals');

# Deleted ("Account löschen …" in the editor, then a page saying what goes and what stays):
# everything ends, what the account wrote stays under its name, its job loses only the account,
# and the username is free again.
my $gone = arm('Ganz-Neu-Per-Link-5');
db_do("INSERT INTO message (tenant_id, project_id, author_kind, author_id, author_name, body, created_at)
       SELECT tenant_id, $pid, 'customer', id, display_name, 'Vor dem Löschen', UTC_TIMESTAMP() FROM portal_account WHERE id = $aid");
db_do("INSERT INTO service_request (tenant_id, project_id, account_id, author_name, title, description, answer, created_at, updated_at)
       SELECT tenant_id, $pid, id, display_name, 'Auftrag vor dem Löschen', '', '', UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM portal_account WHERE id = $aid");
use_jar(HTTP::Cookies->new);
login_as('portal', 'widerruf', 'falsch-falsch-falsch') for 1 .. 2;
my $version = db_value("SELECT version FROM portal WHERE id = $portal");
use_jar($admin_jar);
$res = post_form($page, csrf => $csrf, page_versions($page), name => 'Testprojekt widerruf', portal_enabled => 1,
                 info_text => 'Test', open_account => $aid);
like($res->decoded_content, qr{href="/admin/portals/$portal/accounts/$aid/delete">Account löschen …</a>},
     'the editor of a saved account leads to deleting it');
$res = get_page("/admin/portals/$portal/accounts/$aid/delete");
ok($res->code == 200 && $res->decoded_content =~ /<strong>widerruf<\/strong>.*Nachrichten und Dokumente des Accounts bleiben/s,
   '... a page that names the account and says what stays');
my ($other_pid, $other_aid) = make_portal('widerruf-nachbar');
is(get_page("/admin/portals/$portal/accounts/$other_aid/delete")->code, 404, 'an account of another portal: 404');
$res = post_form("/admin/portals/$portal/accounts/$aid/delete", csrf => $csrf);
is($res->code . ' ' . $res->header('Location'), "303 /admin/projects/$pid?deleted=1#portal", 'deleted: back to its project');
like(get_page("/admin/projects/$pid?deleted=1")->decoded_content, qr/Der Account wurde gelöscht/, '... which says so');
is(still_working($gone), 'session 0, feed 0, invitation 0', '... its session, feed and invitation end');
is(db_value("SELECT CONCAT((SELECT COUNT(*) FROM portal_account WHERE id = $aid), '/',
             (SELECT COUNT(*) FROM session WHERE kind = 'portal' AND account_id = $aid), '/',
             (SELECT COUNT(*) FROM portal_invite WHERE account_id = $aid), '/',
             (SELECT COUNT(*) FROM message WHERE project_id = $pid AND author_name = 'Test widerruf'), '/',
             (SELECT CONCAT(COUNT(*), ':', COALESCE(MAX(account_id), 'ohne')) FROM service_request WHERE project_id = $pid))"),
   '0/0/0/1/1:ohne', '... the account, its sessions and invitations gone; its message and job stay');
is(db_value("SELECT detail FROM audit_log WHERE action = 'account.delete' AND object_id = $aid"), 'widerruf',
   '... and the audit log names it');
is(db_value("SELECT CONCAT(version - $version, '/', (SELECT COUNT(*) FROM login_failure
             WHERE scope = 'portal-user' AND subject = 'widerruf')) FROM portal WHERE id = $portal"), '1/0',
   '... the portal counts as changed (a page shown before cannot save over it), the name\'s failed logins are gone');
is(post_form("/admin/portals/$portal/accounts/$aid/delete", csrf => $csrf)->code, 404, 'deleting it again: 404');
is(post_form($page, csrf => $csrf, action => 'stage', username => 'widerruf', password => 'Wieder-Frei-2026',
             display_name => 'Neu', perm_planning => 1)->code, 303, 'the username can be given again');
db_do("DELETE FROM login_failure WHERE scope = 'address'");   # this address's two, for the suites after
