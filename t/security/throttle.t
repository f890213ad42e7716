# Brute force: failures are counted per account and per address in the database; past the
# limit (KundenportalLoginThrottle 5 300 in t/conf/extra.conf.in; an address may fail 4 x as
# often) the answer is 429 with a clear message, the same for unknown users and real ones,
# even with the right password. Unknown user and wrong password take about the same time.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Time::HiRes qw(time);
use List::Util qw(min);
use Encode qw(encode);
use lib 't/lib';
use KPTest;

plan tests => 28;

my $LIMIT = 5;
my $LOCKED = qr/Zu viele Fehlversuche/;

# Own accounts (same password as "kunde") so no other test's login is locked.
db_do("DELETE FROM login_failure");
for my $name (qw(drossel-a drossel-b drossel-jörg)) {
    db_do("INSERT INTO portal_account (tenant_id, portal_id, username, password_hash, display_name,
           perm_documents, perm_times, perm_planning, perm_messages, perm_requests, created_at, updated_at)
           SELECT tenant_id, portal_id, '$name', password_hash, 'Drossel', 0, 0, 1, 0, 0, UTC_TIMESTAMP(), UTC_TIMESTAMP()
           FROM portal_account WHERE username = 'kunde' AND tenant_id = (SELECT id FROM tenant WHERE slug = 'demo')");
}
my $right = demo_password('kunde');
# drossel-c has a hash at the vhost's KundenportalPasswordHashCost, as the module makes them.
open(my $ctl, '-|', "printf '%s\\n' '$right' | $ENV{KP_STAGE}/kundenportalctl hash 1 8192") or die $!;
chomp(my $hash_c = <$ctl>);
close $ctl or die 'kundenportalctl hash failed';
db_do("INSERT INTO portal_account (tenant_id, portal_id, username, password_hash, display_name,
       perm_documents, perm_times, perm_planning, perm_messages, perm_requests, created_at, updated_at)
       SELECT tenant_id, portal_id, 'drossel-c', '$hash_c', 'Drossel', 0, 0, 1, 0, 0, UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM portal_account WHERE username = 'kunde' AND tenant_id = (SELECT id FROM tenant WHERE slug = 'demo')");

sub try_login {
    my ($user, $password) = @_;
    fresh_agent();
    return login_as('portal', $user, $password);
}
sub without_values { (my $h = $_[0]) =~ s/value="[^"]*"//g; $h }

# Per account.
my @codes = map { try_login('drossel-a', "falsch-$_")->code } 1 .. $LIMIT;
is("@codes", join(' ', (401) x $LIMIT), "$LIMIT wrong passwords: 401 each");
my $res = try_login('drossel-a', $right);
is($res->code, 429, 'then even the right password gets 429');
like($res->decoded_content, $LOCKED, 'with a clear message');
my ($row) = db_query("SELECT failures, locked_until > UTC_TIMESTAMP() FROM login_failure
                      WHERE scope = 'portal-user' AND subject = 'drossel-a'");
is("@$row", "$LIMIT 1", 'the lock is kept in the database (shared by every node; the refused try not counted)');
is(try_login('drossel-b', $right)->code, 303, 'another account is not locked');
is(try_login('DROSSEL-A', $right)->code, 429, 'the lock holds for another spelling of the name');

# Beyond ASCII: the counter is kept under the usernames' collation, so every spelling the
# login accepts (case, umlaut or not) counts against the one account.
my @spellings = ('DROSSEL-JÖRG', 'Drossel-Jörg', 'drossel-jorg', 'DROSSEL-JORG', 'drossel-jÖrg');
@codes = map { try_login(encode('UTF-8', $spellings[$_ - 1]), "falsch-$_")->code } 1 .. $LIMIT;
is("@codes", join(' ', (401) x $LIMIT), "$LIMIT wrong passwords under five spellings: 401 each");
is(try_login(encode('UTF-8', 'drossel-jörg'), $right)->code, 429,
   'then the account is locked as it is written, even with the right password');

@codes = map { try_login('niemand-drossel', "falsch-$_")->code } 1 .. $LIMIT;
is("@codes", join(' ', (401) x $LIMIT), 'an unknown user: 401 the same way');
my $unknown = try_login('niemand-drossel', 'egal-egal');
is($unknown->code, 429, 'and then 429 too');
is(without_values($unknown->content), without_values($res->content),
   'locked unknown user and locked real account get the same page');

db_do("UPDATE login_failure SET locked_until = UTC_TIMESTAMP() - INTERVAL 1 SECOND,
       window_start = UTC_TIMESTAMP() - INTERVAL 400 SECOND WHERE subject = 'drossel-a'");
is(try_login('drossel-a', $right)->code, 303, 'after the lock time the right password works');
($row) = db_query("SELECT COUNT(*) FROM login_failure WHERE scope = 'portal-user' AND subject = 'drossel-a'");
is($row->[0], 0, 'and a successful login clears the account\'s count');

# Per address: many accounts, each below its own limit.
db_do("DELETE FROM login_failure");
@codes = map { try_login("rate-$_", 'falsch-falsch')->code } 1 .. 4 * $LIMIT;
is(scalar(grep { $_ == 401 } @codes), 4 * $LIMIT, 4 * $LIMIT . ' failures on different names: 401 each');
$res = try_login('drossel-b', $right);
is($res->code, 429, 'then the address is locked, even for a right password');
like($res->decoded_content, $LOCKED, 'with the same message');
db_do("DELETE FROM login_failure WHERE scope = 'address'");
is(try_login('drossel-b', $right)->code, 303, 'lifting the address lock lets the account in');

# Sent at once: a try is let in only while the wrong passwords and the tries being checked are
# below the limit, so however many arrive together, exactly the limit are checked (counted
# after a failed check, all of them were; counted before and then compared, they refused each
# other, at times all of them).
db_do("DELETE FROM login_failure");
fresh_agent();
my $csrf = csrf_of(get_page('/portal/login')->content);
my @answers = in_parallel(map { request_of('POST', '/portal/login',
                                           [csrf => $csrf, username => 'drossel-b', password => "falsch-$_"]) } 1 .. 20);
my $checked = grep { $_->[0] == 401 } @answers;
my $refused = grep { $_->[0] == 429 } @answers;
ok($checked == $LIMIT && $checked + $refused == 20, "20 wrong passwords at once: $checked checked ($LIMIT), $refused refused");
is(try_login('drossel-b', $right)->code, 429, 'and the account is locked');
db_do("DELETE FROM login_failure");

# Right passwords sent at once: as many as the limit are checked together, any more are refused
# for the moment, and none of it locks the account or the address, or leaves a count behind.
fresh_agent();
$csrf = csrf_of(get_page('/portal/login')->content);
@answers = in_parallel(map { request_of('POST', '/portal/login',
                                        [csrf => $csrf, username => 'drossel-b', password => $right]) } 1 .. 20);
my $in = grep { $_->[0] == 303 } @answers;
$refused = grep { $_->[0] == 429 } @answers;
my @busy = grep { $_->[0] == 429 && $_->[2] !~ /Gerade werden zu viele Anmeldungen auf einmal/ } @answers;
ok($in >= $LIMIT && $in + $refused == 20 && !@busy,
   "20 right passwords at once: $in logged in, $refused refused for the moment (and told so)");
is(db_value("SELECT COUNT(*) FROM login_failure WHERE failures > 0 OR checking > 0 OR locked_until > UTC_TIMESTAMP()"), 0,
   '... nothing locked, no count left');
is(try_login('drossel-b', $right)->code, 303, '... and the next login goes in');
# Below the limit nobody is turned away, though each right password deletes the account's row
# while the others are on their way (an admission in two statements lost its row in between).
fresh_agent();
$csrf = csrf_of(get_page('/portal/login')->content);
my @in;
for (1 .. 5) {
    push @in, map { $_->[0] } in_parallel(map { request_of('POST', '/portal/login',
        [csrf => $csrf, username => 'drossel-b', password => $right]) } 1 .. $LIMIT - 1);
}
is("@in", join(' ', (303) x (5 * ($LIMIT - 1))), 5 * ($LIMIT - 1) . ' right passwords, ' . ($LIMIT - 1) . ' at once: each logs in');
db_do("DELETE FROM login_failure");

# A right password takes its try back from the address's count: many logins from one office.
@codes = map { try_login('drossel-b', $right)->code } 1 .. 4 * $LIMIT + 2;
is("@codes", join(' ', (303) x (4 * $LIMIT + 2)), 4 * $LIMIT + 2 . ' right passwords from one address: each logs in');

# Timing: unknown user versus wrong password (for an account hashed at the configured cost,
# as every account the module creates), the fastest of alternating tries (locks cleared
# before each, so each try runs the full check): load on the machine only ever adds time, so
# the minimum is the cost of the work itself. A missing hash would be ~20 x faster; the bound
# is a sanity bound, not a speed target.
my (@unknown, @wrong);
for my $i (1 .. 15) {
    for my $case (['unknown', \@unknown, "niemand-$i"], ['wrong', \@wrong, 'drossel-c']) {
        db_do("DELETE FROM login_failure");
        fresh_agent();
        my $csrf = csrf_of(get_page('/portal/login')->content);
        my $t0 = time;
        my $r = post_form('/portal/login', csrf => $csrf, username => $case->[2], password => 'falsch-falsch');
        push @{ $case->[1] }, time - $t0;
        die "unexpected status " . $r->code unless $r->code == 401;
    }
}
db_do("DELETE FROM login_failure");
my ($mu, $mw) = (min(@unknown), min(@wrong));
my $ratio = $mu > $mw ? $mu / $mw : $mw / $mu;
diag(sprintf('login failure fastest: unknown user %.1f ms, wrong password %.1f ms, ratio %.2f'
             . ' (medians %.1f / %.1f ms)', 1000 * $mu, 1000 * $mw, $ratio,
             1000 * median(@unknown), 1000 * median(@wrong)));
ok($mu > 0 && $mw > 0, 'both timed');
ok($ratio < 2, sprintf('unknown user and wrong password take about as long (ratio %.2f < 2)', $ratio));
ok($mu > 0.002, sprintf('an unknown user costs a password hash too (%.1f ms)', 1000 * $mu));
is(try_login('drossel-c', $right)->code, 303, 'no lock left behind, and the account works');
