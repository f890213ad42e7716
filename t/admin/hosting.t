# kundenportalctl for the hosting provider: tenant list, tenant remove (all data of the
# tenant, nothing of another, only after the slug is confirmed), and purge of expired rows.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;

plan tests => 23;

my $CTL = "$ENV{KP_STAGE}/kundenportalctl";
sub ctl {
    my ($stdin, @args) = @_;
    my $cmd = join ' ', map { "'$_'" } $CTL, @args;
    my $out = `printf '%s\\n' '$stdin' | $cmd 2>&1`;
    return ($? >> 8, $out);
}

# A tenant with something in every corner.
my ($rc, $out) = ctl('', qw(tenant add hosting-weg), 'Weg GmbH');
is($rc, 0, 'tenant added') or diag $out;
my ($pid, $aid) = make_portal('hosting-weg-kunde', tenant => 'hosting-weg');
my $T = db_value("SELECT id FROM tenant WHERE slug = 'hosting-weg'");
db_do("INSERT INTO message (tenant_id, project_id, author_kind, author_name, body, created_at)
       VALUES ($T, $pid, 'staff', 'Weg', 'Tschüss', UTC_TIMESTAMP())");
db_do("INSERT INTO session (token_hash, tenant_id, kind, account_id, csrf_token, created_at, last_seen_at)
       VALUES (SHA2('hosting-weg', 256), $T, 'portal', $aid, RPAD('x', 43, 'x'), UTC_TIMESTAMP(), UTC_TIMESTAMP())");
db_do("INSERT INTO login_failure (tenant_id, scope, subject, failures, window_start) VALUES ($T, 'address', '192.0.2.1', 1, UTC_TIMESTAMP())");
db_do("INSERT INTO audit_log (tenant_id, actor_kind, actor_name, action, created_at) VALUES ($T, 'system', 'test', 'test.hosting', UTC_TIMESTAMP())");

($rc, $out) = ctl('', qw(tenant list));
is($rc, 0, 'tenant list');
like($out, qr/^hosting-weg\s+1\s+1\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+\d{4}-\d\d-\d\d\s+Weg GmbH$/m,
     'a line per tenant: projects, accounts, last activity, created, name');
like($out, qr/^demo\s/m, 'the demo tenant is listed too');
# A company whose users log out (no session left): its last activity is its newest login.
ctl('', qw(tenant add hosting-ruhig), 'Ruhig GmbH');
make_admin('ruhig-admin', 'Ruhig', tenant => "(SELECT id FROM tenant WHERE slug = 'hosting-ruhig')");
db_do("UPDATE admin_user SET last_login_at = '2026-01-02 03:04:05' WHERE username = 'ruhig-admin'");
($rc, $out) = ctl('', qw(tenant list));
like($out, qr/^hosting-ruhig\s+0\s+0\s+2026-01-02 03:04\s/m, 'a company without sessions: its last login as its last activity');
ctl('hosting-ruhig', qw(tenant remove hosting-ruhig));

my $demo_projects = db_value("SELECT COUNT(*) FROM project WHERE tenant_id = (SELECT id FROM tenant WHERE slug = 'demo')");
($rc, $out) = ctl('hosting', qw(tenant remove hosting-weg));
isnt($rc, 0, 'a wrong confirmation removes nothing');
like($out, qr/give the slug again/, '... and says what is wanted');
is(db_value("SELECT COUNT(*) FROM tenant WHERE id = $T"), 1, 'the tenant is still there');
($rc, $out) = ctl('', qw(tenant remove niemand-da));
isnt($rc, 0, 'an unknown slug is an error');

($rc, $out) = ctl('hosting-weg', qw(tenant remove hosting-weg));
is($rc, 0, 'removed after the confirmation') or diag $out;
# Every table with a tenant_id column, from the schema itself.
my @tables = map { $_->[0] } db_query("SELECT table_name FROM information_schema.columns
                                        WHERE table_schema = DATABASE() AND column_name = 'tenant_id'");
my @left = grep { db_value("SELECT COUNT(*) FROM `$_` WHERE tenant_id = $T") > 0 } @tables;
is("@left", '', 'nothing of the tenant is left in any of ' . scalar(@tables) . ' tables');
is(db_value("SELECT COUNT(*) FROM project WHERE tenant_id = (SELECT id FROM tenant WHERE slug = 'demo')"),
   $demo_projects, 'another tenant keeps everything');

# Purge: only what has expired.
my $D = "(SELECT id FROM tenant WHERE slug = 'demo')";
db_do("INSERT INTO session (token_hash, tenant_id, kind, account_id, csrf_token, created_at, last_seen_at)
       SELECT SHA2('hosting-alt', 256), id, 'admin', 1, RPAD('y', 43, 'y'), UTC_TIMESTAMP() - INTERVAL 60 DAY,
              UTC_TIMESTAMP() - INTERVAL 40 DAY FROM tenant WHERE slug = 'demo'");
db_do("INSERT INTO login_failure (tenant_id, scope, subject, failures, window_start)
       SELECT id, 'portal-user', 'hosting-alt', 3, UTC_TIMESTAMP() - INTERVAL 2 DAY FROM tenant WHERE slug = 'demo'");
db_do("INSERT INTO audit_log (tenant_id, actor_kind, actor_name, action, created_at)
       SELECT id, 'system', 'test', 'test.hosting-old', UTC_TIMESTAMP() - INTERVAL 400 DAY FROM tenant WHERE slug = 'demo'");
db_do("INSERT INTO audit_log (tenant_id, actor_kind, actor_name, action, created_at)
       SELECT id, 'system', 'test', 'test.hosting-recent', UTC_TIMESTAMP() - INTERVAL 100 DAY FROM tenant WHERE slug = 'demo'");
# Cancelled shifts: one ended 40 days ago (gone), one ends tomorrow (still shown).
for my $days (40, -1) {
    db_do("INSERT INTO plan_entry_cancelled (id, tenant_id, project_id, starts_at, ends_at, activity, cancelled_at)
           SELECT 4000000050 + $days, tenant_id, id, UTC_TIMESTAMP() - INTERVAL $days DAY,
                  UTC_TIMESTAMP() - INTERVAL $days DAY + INTERVAL 1 HOUR, 'hosting-alt-$days',
                  UTC_TIMESTAMP() - INTERVAL 50 DAY FROM project WHERE tenant_id = $D ORDER BY id LIMIT 1");
}
($rc, $out) = ctl('', qw(purge 0));
isnt($rc, 0, 'purge refuses 0 days of audit');
($rc, $out) = ctl('', qw(purge 365));
is($rc, 0, 'purge') or diag $out;
like($out, qr/removed: [1-9]\d* sessions, [1-9]\d* login failure records, \d+ invitations, [1-9]\d* cancelled shifts, [1-9]\d* audit entries/,
     'says what it removed');
is(db_value("SELECT COUNT(*) FROM session WHERE token_hash = SHA2('hosting-alt', 256)")
   + db_value("SELECT COUNT(*) FROM login_failure WHERE subject = 'hosting-alt'")
   + db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'test.hosting-old'"), 0,
   'the idle session, the stale throttle row and the old audit entry are gone');
is(db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'test.hosting-recent'"), 1,
   'the audit entry within the retention stays');
is(join(',', map { $_->[0] } db_query("SELECT activity FROM plan_entry_cancelled WHERE id >= 4000000000")),
   'hosting-alt--1', 'the shift cancelled that ended 40 days ago is gone, tomorrow\'s stays');

# An existing admin given a new password from the command line (the way back when it was lost
# or stolen): the sessions of the old one end, and a lock of the login is lifted.
db_do("DELETE FROM admin_user WHERE tenant_id = $D AND username = 'ctl-reset'");   # of a broken run
my $reset = make_admin('ctl-reset', 'Ctl Reset');
my $old_jar = fresh_agent()->cookie_jar;
is(login_as('admin', 'ctl-reset', demo_password('admin'))->code, 303, 'an administrator is logged in');
db_do("INSERT INTO login_failure (tenant_id, scope, subject, failures, checking, window_start, locked_until)
       VALUES ($D, 'admin-user', 'ctl-reset', 5, 0, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 300 SECOND)");
($rc, $out) = ctl('Ctl-Reset-Neu-2026', qw(admin add demo ctl-reset), 'Ctl Reset');
is($rc, 0, 'kundenportalctl admin add gives her a new password') or diag $out;
is(join('|', map { @$_ } db_query("SELECT actor_kind, actor_name, action, detail FROM audit_log
                                   WHERE tenant_id = $D AND object_type = 'admin_user' AND object_id = $reset
                                   ORDER BY id DESC LIMIT 1")),
   'system|kundenportalctl|admin.admin_password_cli|ctl-reset', '... and the company\'s Protokoll shows it, origin System');
use_jar($old_jar);
is(get_page('/admin/projects')->code, 303, 'the session of the old password has ended');
fresh_agent();
is(login_as('admin', 'ctl-reset', 'Ctl-Reset-Neu-2026')->code, 303, 'the new password logs in at once, the lock lifted');
db_do("DELETE FROM admin_user WHERE id = $reset");
