# Administratoren: adding a colleague (rules of the password, a name taken in any case, one's
# own password to confirm), their access ended, given back or given a new password (their
# sessions end at once, a login lock goes with a new password), one's own access kept, one's own
# password changed with the current one (the other sessions end, under the login's throttle),
# all in the audit log without a password, and nothing of another company within reach.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use Encode qw(decode_utf8);
use HTTP::Cookies ();
use lib 't/lib';
use KPTest;

plan tests => 71;

my $PW1 = 'Kollegin-Start-2026';
my $PW2 = 'Kollegin-Neu-2026';
my $PW3 = 'Selbst-Geaendert-2026';
my $MINE = demo_password('admin');
my $T = db_value("SELECT id FROM tenant WHERE slug = 'demo'");
my $count = sub { db_value("SELECT COUNT(*) FROM admin_user WHERE tenant_id = $T AND username = '$_[0]'") };
my $sessions = sub { db_value("SELECT COUNT(*) FROM session WHERE kind = 'admin' AND account_id = $_[0]") };
my $hash = sub { db_value("SELECT password_hash FROM admin_user WHERE id = $_[0]") };
# A request of an ended session: back to the login.
my $ended = sub { my $res = get_page('/admin/projects');
                  $res->code . ' ' . ($res->header('Location') // '') =~ s{^https?://[^/]+}{}r };

fresh_agent();
login_as('admin', 'admin');
my $csrf = page_csrf('/admin/admins');
my $me = db_value("SELECT id FROM admin_user WHERE tenant_id = $T AND username = 'admin'");
my $res = get_page('/admin/admins');
is($res->code, 200, 'the page');
my $html = decode_utf8($res->content);
like($html, qr{<a href="/admin/admins">Administratoren</a>}, 'in the menu');
like($html, qr{action="/admin/admins/$me"(?:(?!</form>).)*<span class="meta">\(Sie\)</span>}s, 'the list, oneself marked in one\'s own row');

# ---- adding ----------------------------------------------------------------------------
my $add = sub { post_form('/admin/admins', csrf => $csrf, confirm => $MINE, @_) };
$res = $add->(username => 'admins-kollegin', display_name => 'Karla Kollegin', password => 'kurz');
is($res->code, 400, 'a short password: 400');
$html = decode_utf8($res->content);
like($html, qr/id="new-password-error"[^>]*>Das Passwort ist zu kurz/, 'the message at the password');
like($html, qr/id="new-username"[^>]*value="admins-kollegin"/, 'the username kept');
like($html, qr/value="Karla Kollegin"/, 'the name kept');
unlike($html, qr/value="(kurz|\Q$MINE\E)"/, 'no password shown back');
is($count->('admins-kollegin'), 0, 'nothing stored');
$res = $add->(username => 'admins kollegin', display_name => 'Karla', password => $PW1);
is($res->code, 400, 'a space in the username: 400');
$res = $add->(username => 'admins-' . ('ä' x 50), display_name => 'Karla', password => $PW1);
is($res->code, 400, 'a username longer than the login reads (100 bytes): 400');
$res = $add->(username => 'ADMIN', display_name => 'Zweiter Admin', password => $PW1);
is($res->code, 409, 'a username taken, in other letters: 409');
like(decode_utf8($res->content), qr/id="new-username-error"[^>]*>Diesen Benutzernamen gibt es schon/, 'said at the username');
$res = $add->(username => 'admins-kollegin', display_name => '', password => $PW1);
like(decode_utf8($res->content), qr/id="new-name-error"/, 'a name is needed');
$res = post_form('/admin/admins', csrf => $csrf, username => 'admins-kollegin', display_name => 'Karla Kollegin',
                 password => $PW1, confirm => 'nicht-mein-Passwort');
is($res->code, 400, 'without one\'s own password: 400');
like(decode_utf8($res->content), qr/id="new-confirm-error"[^>]*>Bitte bestätigen Sie mit Ihrem eigenen Passwort/, 'said at the field');
is($count->('admins-kollegin'), 0, 'nothing stored');
is(db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'admin.confirm_failed' AND object_id = $me"), 1,
   'the failed confirmation is in the audit log');
db_do("DELETE FROM login_failure WHERE subject = 'admin'");   # the demo admin's count, for the suites after
$res = $add->(username => 'admins-kollegin', display_name => 'Karla Kollegin', password => $PW1);
is($res->code, 303, 'added');
like($res->header('Location') // '', qr{/admin/admins\?done=added$}, 'back to the list');
like(decode_utf8(get_page('/admin/admins?done=added')->content), qr/Der Administrator wurde angelegt/, 'says so');
my $karla = db_value("SELECT id FROM admin_user WHERE tenant_id = $T AND username = 'admins-kollegin' AND active = 1");
ok($karla, 'stored, active');
is(db_value("SELECT CONCAT(action, ' ', detail) FROM audit_log WHERE object_type = 'admin_user' AND object_id = $karla"),
   'admin.admin_added admins-kollegin (Karla Kollegin)', 'in the audit log, without the password');

# She logs in, in a browser of her own.
my $admin_jar = use_jar(HTTP::Cookies->new);
is(login_as('admin', 'admins-kollegin', $PW1)->code, 303, 'she logs in');
is(get_page('/admin/projects')->code, 200, 'and works');
# What customers wrote or uploaded before she came counts as seen for her.
my $with_messages = db_value("SELECT COUNT(*) FROM project WHERE tenant_id = $T AND (last_customer_message_id IS NOT NULL"
                             . " OR last_customer_document_id IS NOT NULL)");
is(db_value("SELECT COUNT(*) FROM admin_project_seen sn JOIN project p ON p.id = sn.project_id WHERE sn.admin_id = $karla"
            . " AND sn.last_message_id = COALESCE(p.last_customer_message_id, 0)"
            . " AND sn.last_document_id = COALESCE(p.last_customer_document_id, 0)") . " of $with_messages",
   "$with_messages of $with_messages", 'a mark at the newest customer message and upload of each such project');
ok($with_messages > 0, 'and there are such projects in the demo data');
my $karla_jar = use_jar($admin_jar);

# ---- a new password for her: her session ends, the new password works ------------------------
my $save = sub { my $id = shift; post_form("/admin/admins/$id", csrf => $csrf, @_) };
my $before = $hash->($karla);
$res = $save->($karla, display_name => 'Karla Kollegin', active => 1, password => 'admins-kollegin1', confirm => $MINE);
is($res->code, 400, 'a password like her username: 400');
like(decode_utf8($res->content), qr/id="admin-$karla-password-error"/, 'said in her row');
is($hash->($karla) . ' ' . $sessions->($karla), "$before 1", 'her password and session unchanged');
$res = $save->($karla, display_name => 'Karla Kollegin', active => 1, password => $PW2);
is($res->code, 400, 'a new password without one\'s own: 400');
like(decode_utf8($res->content), qr/id="admin-$karla-confirm-error"/, 'said in her row');
$res = $save->($karla, display_name => 'Karla K.', active => 1, password => $PW2, confirm => $MINE);
is($res->code, 303, 'a new password set');
is($sessions->($karla), 0, 'her sessions are gone');
use_jar($karla_jar);
is($ended->(), '303 /admin/login', 'her open session has ended');
is(login_as('admin', 'admins-kollegin', $PW1)->code, 401, 'the old password no longer works');
is(login_as('admin', 'admins-kollegin', $PW2)->code, 303, 'the new one does');
use_jar($admin_jar);
is(db_value("SELECT display_name FROM admin_user WHERE id = $karla"), 'Karla K.', 'the name changed too');
$res = $save->($karla, display_name => 'Karla Kollegin', active => 1);
is($res->code . ' ' . db_value("SELECT display_name FROM admin_user WHERE id = $karla"), '303 Karla Kollegin',
   'renaming alone needs no confirmation');

# ---- oneself: not deactivated, not given a password this way ------------------------------
$res = $save->($me, display_name => 'Demo-Admin', confirm => $MINE);
is($res->code, 400, 'deactivating oneself: 400');
like(decode_utf8($res->content), qr/Sie können sich nicht selbst deaktivieren/, 'with the reason');
is(db_value("SELECT active FROM admin_user WHERE id = $me"), 1, 'still active');
$before = $hash->($me);
$res = $save->($me, display_name => 'Demo-Admin', active => 1, password => 'Irgendein-Neues-2026', confirm => $MINE);
is($res->code, 400, 'one\'s own password in the list: 400');
is($hash->($me), $before, 'unchanged');

# ---- deactivated: her session ends, she cannot log in; given back ------------------------------------
use_jar($karla_jar);
is(get_page('/admin/projects')->code, 200, 'she is logged in');
use_jar($admin_jar);
$res = $save->($karla, display_name => 'Karla Kollegin', password => 'kurz', confirm => $MINE);
is($res->code, 400, 'deactivating with a bad password: 400');
unlike(decode_utf8($res->content), qr/id="admin-$karla-active"[^>]*checked/, 'the box stays unticked, as sent');
is($save->($karla, display_name => 'Karla Kollegin')->code, 400, 'deactivating without one\'s own password: 400');
is(db_value("SELECT active FROM admin_user WHERE id = $karla"), 1, 'she is still active');
is($save->($karla, display_name => 'Karla Kollegin', confirm => $MINE)->code, 303, 'deactivated (the box not ticked)');
is($sessions->($karla), 0, 'her sessions are gone');
use_jar($karla_jar);
is($ended->(), '303 /admin/login', 'her open session has ended at once');
is(login_as('admin', 'admins-kollegin', $PW2)->code, 403, 'and she cannot log in (403: told her access is off)');
use_jar($admin_jar);
is($save->($karla, display_name => 'Karla Kollegin', active => 1, confirm => $MINE)->code, 303, 'given back');
use_jar($karla_jar);
is($ended->(), '303 /admin/login', 'her old session stays ended');
is(login_as('admin', 'admins-kollegin', $PW2)->code, 303, 'she logs in again');
use_jar($admin_jar);

# ---- one's own password, as a colleague who logs in twice -----------------------------------------
$add->(username => 'admins-selbst', display_name => 'Sepp Selbst', password => $PW1);
my $sepp = db_value("SELECT id FROM admin_user WHERE tenant_id = $T AND username = 'admins-selbst'");
use_jar(HTTP::Cookies->new);
login_as('admin', 'admins-selbst', $PW1);
my $other_jar = use_jar(HTTP::Cookies->new);
login_as('admin', 'admins-selbst', $PW1);
my $sepp_csrf = page_csrf('/admin/admins');
my $own = sub { post_form('/admin/admins/password', csrf => $sepp_csrf, @_) };
$res = $own->(current => 'falsch-falsch-1', new => $PW3, repeat => $PW3);
is($res->code, 400, 'a wrong current password: 400');
like(decode_utf8($res->content), qr/id="own-current-error"[^>]*>Das aktuelle Passwort stimmt nicht/, 'said at the field');
$res = $own->(current => $PW1, new => $PW3, repeat => 'anders-anders-1');
like(decode_utf8($res->content), qr/id="own-repeat-error"/, 'a repetition that differs: said at the field');
$res = $own->(current => $PW1, new => $PW3, repeat => $PW3);
is($res->code, 303, 'changed');
is(get_page('/admin/projects')->code, 200, 'this session goes on');
use_jar($other_jar);
is($ended->(), '303 /admin/login', 'the other one has ended');
is(login_as('admin', 'admins-selbst', $PW3)->code, 303, 'the new password works');
is(db_value("SELECT GROUP_CONCAT(action ORDER BY id) FROM audit_log WHERE object_type = 'admin_user' AND object_id = $sepp"
            . " AND action LIKE 'admin.password%'"),
   'admin.password_change_failed,admin.password_changed', 'both in the audit log');

# ---- the own password under the login's throttle (KundenportalLoginThrottle 5 300 in tests) ----
use_jar($admin_jar);
$add->(username => 'admins-drossel', display_name => 'Dora Drossel', password => $PW1);
my $dora = db_value("SELECT id FROM admin_user WHERE tenant_id = $T AND username = 'admins-drossel'");
my $dora_jar = use_jar(HTTP::Cookies->new);
login_as('admin', 'admins-drossel', $PW1);
my $dora_csrf = page_csrf('/admin/admins');
my @codes = map { post_form('/admin/admins/password', csrf => $dora_csrf, current => "falsch-falsch-$_",
                            new => $PW3, repeat => $PW3)->code } 1 .. 5;
is("@codes", '400 400 400 400 400', 'five wrong current passwords: 400 each');
$res = post_form('/admin/admins/password', csrf => $dora_csrf, current => $PW1, new => $PW3, repeat => $PW3);
is($res->code, 429, 'then even the right one: 429');
like(decode_utf8($res->content), qr/id="own-current-error"[^>]*>Zu viele Fehlversuche/, 'said at the field');
use_jar(HTTP::Cookies->new);
is(login_as('admin', 'admins-drossel', $PW1)->code, 429, 'and her login is locked too');
# A colleague sets her a new password: that lifts the lock.
use_jar($admin_jar);
is($save->($dora, display_name => 'Dora Drossel', active => 1, password => $PW2, confirm => $MINE)->code, 303,
   'a colleague sets her a new password');
use_jar(HTTP::Cookies->new);
is(login_as('admin', 'admins-drossel', $PW2)->code, 303, 'she logs in with it at once');

# ---- another company's administrator is out of reach -------------------------------------------
my $foreign = db_value("SELECT MIN(id) FROM admin_user WHERE tenant_id <> $T");
use_jar($admin_jar);
is($save->($foreign, display_name => 'Übernommen', active => 1, confirm => $MINE)->code, 404,
   'another company\'s administrator: 404');
