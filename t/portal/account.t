# Mein Konto: changing one's password needs the current one and the policy; afterwards the
# other sessions of the account are gone, this one stays, and only the new password logs in.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Test::More;
use HTTP::Cookies;
use lib 't/lib';
use KPTest;

plan tests => 13;

make_portal('kontotest', perms => '');
my $old = demo_password('kunde');
my $new = 'Ganz-Neues-Passwort-77';

# A second browser logged in to the same account.
fresh_agent();
login_as('portal', 'kontotest', $old);
my $other_jar = Apache::TestRequest::user_agent()->cookie_jar;
is(get_page('/portal/account')->code, 200, 'second session works');

my $ua = fresh_agent();
login_as('portal', 'kontotest', $old);
my $csrf = csrf_of(get_page('/portal/account')->content);
my $res = post_form('/portal/account/password', csrf => $csrf, current => 'falsch-falsch-1', new => $new, repeat => $new);
is($res->code, 400, 'a wrong current password is 400');
like($res->content, qr/id="current-error"/, '... with the error next to the field');
$res = post_form('/portal/account/password', csrf => $csrf, current => $old, new => 'kurz', repeat => 'kurz');
is($res->code, 400, 'a password against the policy is 400');
like($res->content, qr/id="new-error"/, '... with the error next to the field');
like($res->content, qr/id="new"[^>]*aria-invalid="true" aria-describedby="new-help new-error"/,
     '... the field marked invalid and tied to its hint and its error');
$res = post_form('/portal/account/password', csrf => $csrf, current => $old, new => $new, repeat => $new . 'x');
is($res->code, 400, 'a mismatching repetition is 400');
$res = post_form('/portal/account/password', csrf => $csrf, current => $old, new => $new, repeat => $new);
is($res->code, 303, 'password changed');
is(get_page('/portal/account')->code, 200, 'this session goes on');

Apache::TestRequest::user_agent()->cookie_jar($other_jar);
is(get_page('/portal/account')->code, 303, 'the other session has ended');

fresh_agent();
is(login_as('portal', 'kontotest', $old)->code, 401, 'the old password no longer works');
fresh_agent();
is(login_as('portal', 'kontotest', $new)->code, 303, 'the new one does');

my $log = do { local (@ARGV, $/) = (Apache::Test::vars('t_logs') . '/error_log'); <> } // '';
unlike($log, qr/\Q$new\E|falsch-falsch-1/, 'no password in the error log');
