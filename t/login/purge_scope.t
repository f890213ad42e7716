# The clean-ups a login runs now and then (stale throttle counters, expired sessions) delete the
# rows of its own company only: their limits are directives of its virtual host, and another
# company may have set longer ones (kundenportalctl purge clears every company's, with the
# longest allowed). kp_open serves the demo company with a throttle window of one second.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 5;

my $demo = db_value("SELECT id FROM tenant WHERE slug = 'demo'");
my $other = db_value("SELECT id FROM tenant WHERE slug = 'zweite'");
db_do("DELETE FROM login_failure WHERE subject LIKE 'purge-probe-%'");
for my $t ($demo, $other) {
    db_do("INSERT INTO login_failure (tenant_id, scope, subject, failures, checking, window_start)
           VALUES ($t, 'portal-user', 'purge-probe-$t', 2, 0, UTC_TIMESTAMP() - INTERVAL 10 SECOND)");
}
my $probe = sub { db_value("SELECT COUNT(*) FROM login_failure WHERE tenant_id = $_[0] AND subject = 'purge-probe-$_[0]'") };

# A failed login with a name never tried adds a counter, and clears out stale ones.
fresh_agent(vhost => 'kp_open');
is(login_as('portal', "niemand-$$", 'falsch-falsch')->code, 401, 'a failed login with a new name');
is($probe->($demo), 0, 'its company\'s counter whose window is over is gone');
is($probe->($other), 1, 'another company\'s is kept (its window is its own)');

# Sessions idle longer than the lifetime: the login that clears them (about one in 64, by its
# token) leaves another company's alone.
my $kunde = db_value("SELECT id FROM portal_account WHERE tenant_id = $demo AND username = 'kunde'");
my $other_account = db_value("SELECT id FROM portal_account WHERE tenant_id = $other ORDER BY id LIMIT 1");
db_do("DELETE FROM session WHERE token_hash LIKE 'purge-probe-%'");
for ([$demo, $kunde], [$other, $other_account]) {
    my ($t, $a) = @$_;
    db_do("INSERT INTO session (token_hash, tenant_id, kind, account_id, csrf_token, created_at, last_seen_at)
           VALUES ('purge-probe-$t', $t, 'portal', $a, REPEAT('x', 43),
                   UTC_TIMESTAMP() - INTERVAL 50000 SECOND, UTC_TIMESTAMP() - INTERVAL 50000 SECOND)");
}
my $stale = sub { db_value("SELECT COUNT(*) FROM session WHERE token_hash = 'purge-probe-$_[0]'") };
my $started = db_value("SELECT UTC_TIMESTAMP()");
my $logins = 0;
while ($stale->($demo) && $logins < 1000) {
    fresh_agent(vhost => 'kp_open');
    login_as('portal', 'kunde')->code == 303 or last;
    $logins++;
}
is($stale->($demo), 0, "a login cleared its company's expired session (after $logins logins)");
is($stale->($other), 1, 'another company\'s is kept');

db_do("DELETE FROM session WHERE token_hash LIKE 'purge-probe-%'");
db_do("DELETE FROM session WHERE tenant_id = $demo AND account_id = $kunde AND kind = 'portal'
       AND created_at >= '$started'");   # this test's logins
db_do("DELETE FROM login_failure WHERE subject LIKE 'purge-probe-%'");
