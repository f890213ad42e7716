# A login or a password change that straddles someone else's change of the password. A second
# database session holds the account's row while the request waits for it (the request checked
# the password against the row as it was), changes the password (an administrator's reset) and
# commits: the login must then start no session, and the change must not overwrite the reset.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use Encode qw(decode_utf8);
use lib 't/lib';
use KPTest;

plan tests => 16;

my $T = db_value("SELECT id FROM tenant WHERE slug = 'demo'");
db_do("DELETE FROM admin_user WHERE tenant_id = $T AND username = 'race-pw-admin'");   # of a broken run
my (undef, $account) = make_portal("race-pw-$$");
my $admin = make_admin('race-pw-admin', 'race-pw-admin');

# The row $id of $table held by a second database session while the request waits for it (a
# statement like $waiting): the session resets the password there and commits.
sub while_reset {
    my ($table, $id, $waiting, $request) = @_;
    return while_row_held($table, $id, $waiting,
                          "UPDATE $table SET password_hash = CONCAT(password_hash, '-reset') WHERE id = $id", $request);
}

my $sessions = sub { db_value("SELECT COUNT(*) FROM session WHERE tenant_id = $T AND kind = '$_[0]' AND account_id = $_[1]") };
my $reset = sub { db_value("SELECT password_hash LIKE '%-reset' FROM $_[0] WHERE id = $_[1]") };
my $undo = sub { db_do("UPDATE $_[0] SET password_hash = LEFT(password_hash, LENGTH(password_hash) - 6) WHERE id = $_[1]") };

# A portal login checked against the password an administrator resets meanwhile.
fresh_agent();
my ($res, $waited) = while_reset('portal_account', $account, '%INSERT INTO session%FROM portal_account%',
                                 sub { login_as('portal', "race-pw-$$", demo_password('kunde')) });
ok($waited, 'the login waited for the account\'s row');
is($res->code, 401, 'its password was reset meanwhile: 401');
like(decode_utf8($res->content), qr/Benutzername oder Passwort ist falsch/, 'with the login\'s message');
is($sessions->('portal', $account), 0, 'and no session was started');
$undo->('portal_account', $account);

# The same for an administrator.
fresh_agent();
($res, $waited) = while_reset('admin_user', $admin, '%INSERT INTO session%FROM admin_user%',
                              sub { login_as('admin', 'race-pw-admin', demo_password('admin')) });
ok($waited, 'the administrator\'s login waited for her row');
is($res->code, 401, 'her password was reset meanwhile: 401');
is($sessions->('admin', $admin), 0, 'and no session was started');
$undo->('admin_user', $admin);

# A customer changes the password while an administrator resets it: the reset stands.
fresh_agent();
is(login_as('portal', "race-pw-$$", demo_password('kunde'))->code, 303, 'the customer logs in');
my $csrf = page_csrf('/portal/account');
($res, $waited) = while_reset('portal_account', $account, '%UPDATE portal_account SET password_hash%',
                              sub { post_form('/portal/account/password', csrf => $csrf, current => demo_password('kunde'),
                                              new => 'Wettlauf-Neu-2026!', repeat => 'Wettlauf-Neu-2026!') });
ok($waited, 'the change waited for the account\'s row');
is($res->code, 409, 'the password was reset meanwhile: 409');
like(decode_utf8($res->content), qr/Ihr Passwort wurde inzwischen anderweitig geändert/, 'with the reason');
is($reset->('portal_account', $account), 1, 'the reset stands, the change was not stored');
$undo->('portal_account', $account);

# An administrator's own change likewise.
fresh_agent();
is(login_as('admin', 'race-pw-admin', demo_password('admin'))->code, 303, 'the administrator logs in');
$csrf = page_csrf('/admin/admins');
($res, $waited) = while_reset('admin_user', $admin, '%UPDATE admin_user SET password_hash%AND password_hash%',
                              sub { post_form('/admin/admins/password', csrf => $csrf, current => demo_password('admin'),
                                              new => 'Wettlauf-Neu-2026!', repeat => 'Wettlauf-Neu-2026!') });
ok($waited, 'her change waited for her row');
is($res->code, 409, 'her password was reset meanwhile: 409');
is($reset->('admin_user', $admin), 1, 'the reset stands, the change was not stored');

db_do("DELETE FROM admin_user WHERE id = $admin");
