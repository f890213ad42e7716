# The throttle's table cannot grow without bound: a failed login that adds a row removes the
# rows whose window and lock are over (guessing ever new names would otherwise fill it). Rows
# that still count (an active lock, a window not over) stay.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;

plan tests => 4;

my $T = "(SELECT id FROM tenant WHERE slug = 'demo')";
db_do("INSERT INTO login_failure (tenant_id, scope, subject, failures, window_start, locked_until)
       SELECT $T, 'portal-user', CONCAT('veraltet-', seq), 1, UTC_TIMESTAMP() - INTERVAL 1 DAY, NULL FROM seq_1_to_50");
db_do("INSERT INTO login_failure (tenant_id, scope, subject, failures, window_start, locked_until) VALUES
       ($T, 'portal-user', 'abgelaufen-gesperrt', 5, UTC_TIMESTAMP() - INTERVAL 1 DAY, UTC_TIMESTAMP() - INTERVAL 1 HOUR),
       ($T, 'portal-user', 'noch-gesperrt', 5, UTC_TIMESTAMP() - INTERVAL 1 DAY, UTC_TIMESTAMP() + INTERVAL 1 HOUR),
       ($T, 'portal-user', 'frisch', 2, UTC_TIMESTAMP(), NULL)");
is(db_value("SELECT COUNT(*) FROM login_failure WHERE subject LIKE 'veraltet-%' OR subject = 'abgelaufen-gesperrt'"),
   51, 'stale rows are there');

fresh_agent();
is(login_as('portal', "niemand-$$", 'falsch-falsch')->code, 401, 'a failed login of a new name');
is(db_value("SELECT COUNT(*) FROM login_failure WHERE subject LIKE 'veraltet-%' OR subject = 'abgelaufen-gesperrt'"),
   0, 'removed the rows that count for nothing');
is(db_value("SELECT COUNT(*) FROM login_failure WHERE subject IN ('noch-gesperrt', 'frisch', 'niemand-$$')"),
   3, 'kept the active lock, the open window and the new row');
db_do("DELETE FROM login_failure WHERE subject IN ('noch-gesperrt', 'frisch', 'niemand-$$')");
db_do("DELETE FROM login_failure WHERE scope = 'address'");
