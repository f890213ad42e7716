# Mein Konto: a wrong current password counts like a failed login, so a stolen session cannot be
# used to guess the password. Past the limit (KundenportalLoginThrottle 5 300 in
# t/conf/extra.conf.in) the page answers 429 with the message next to the field, nothing
# changes, and the login of that account is locked as well.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;

plan tests => 9;

my $LIMIT = 5;
make_portal('kontodrossel', perms => '');
my $right = demo_password('kunde');
my $new = 'Ganz-Neues-Passwort-78';
my $hash_before = db_value("SELECT password_hash FROM portal_account WHERE username = 'kontodrossel'");

fresh_agent();
is(login_as('portal', 'kontodrossel', $right)->code, 303, 'logged in');
my $csrf = csrf_of(get_page('/portal/account')->content);
my @codes = map {
    post_form('/portal/account/password', csrf => $csrf, current => "falsch-falsch-$_",
              new => $new, repeat => $new)->code
} 1 .. $LIMIT;
is("@codes", join(' ', (400) x $LIMIT), "$LIMIT wrong current passwords: 400 each");

my $res = post_form('/portal/account/password', csrf => $csrf, current => $right, new => $new, repeat => $new);
is($res->code, 429, 'then even the right current password gets 429');
my $html = $res->decoded_content;
like($html, qr/id="current-error"[^>]*>[^<]*Zu viele Fehlversuche/, 'with a clear message next to the field');
is(db_value("SELECT password_hash FROM portal_account WHERE username = 'kontodrossel'"), $hash_before,
   'the password is unchanged');
is(db_value("SELECT failures FROM login_failure WHERE scope = 'portal-user' AND subject = 'kontodrossel'"),
   $LIMIT, 'the failures are kept in the database with the logins\' ones (the refused try not counted)');

fresh_agent();
is(login_as('portal', 'kontodrossel', $right)->code, 429, 'the login of the account is locked too');

db_do("DELETE FROM login_failure WHERE scope = 'portal-user' AND subject = 'kontodrossel'");
fresh_agent();
login_as('portal', 'kontodrossel', $right);
$csrf = csrf_of(get_page('/portal/account')->content);
is(post_form('/portal/account/password', csrf => $csrf, current => $right, new => $new, repeat => $new)->code,
   303, 'after the lock the right current password changes it');
is(db_value("SELECT COUNT(*) FROM login_failure WHERE scope = 'portal-user' AND subject = 'kontodrossel'"),
   0, 'and a success clears the count');
