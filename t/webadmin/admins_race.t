# Two administrators at once: a change of access is written under a lock of both rows, and both
# are checked again under it. Here a second database session holds the row, changes it and
# commits while the request waits for the lock: the request then stores nothing and answers 409
# (the colleague's access changed meanwhile, or one's own was ended).
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use Encode qw(decode_utf8);
use lib 't/lib';
use KPTest;

plan tests => 14;

my $T = db_value("SELECT id FROM tenant WHERE slug = 'demo'");
db_do("DELETE FROM admin_user WHERE tenant_id = $T AND username LIKE 'race-%'");   # of a broken run
my $actor = make_admin('race-actor', 'race-actor');
my $target = make_admin('race-target', 'race-target');
my $row = sub { db_value("SELECT CONCAT(display_name, '/', active) FROM admin_user WHERE id = $_[0]") };

# The row of $id held by a second database session, which runs $change and commits while the
# request waits for it (KPTest::while_row_held).
sub while_held {
    my ($id, $change, $request) = @_;
    return while_row_held('admin_user', $id, '%FROM admin_user FORCE INDEX (PRIMARY)%FOR UPDATE%', $change, $request);
}

fresh_agent();
is(login_as('admin', 'race-actor', demo_password('admin'))->code, 303, 'an administrator logs in');
my $csrf = page_csrf('/admin/admins');
my $rename = sub { post_form("/admin/admins/$target", csrf => $csrf, display_name => $_[0], active => 1) };

# The colleague's access is ended by someone else while this rename waits: the rename (which
# kept her "aktiv" as it was read) must not give it back.
my ($res, $waited) = while_held($target, "UPDATE admin_user SET active = 0 WHERE id = $target",
                                sub { $rename->('Umbenannt') });
ok($waited, 'the request waited for her row');
is($res->code, 409, 'her access changed while the request waited: 409');
like(decode_utf8($res->content), qr/inzwischen von einem anderen Administrator geändert\. Es wurde nichts gespeichert/,
     'with the reason');
is($row->($target), 'race-target/0', 'nothing stored: her name as it was, her access still ended');

db_do("UPDATE admin_user SET active = 1 WHERE id = $target");
is($rename->('Umbenannt')->code, 303, 'without a second administrator the rename is stored');
is($row->($target), 'Umbenannt/1', 'as sent');

# One's own access is ended while the request waits.
($res, $waited) = while_held($actor, "UPDATE admin_user SET active = 0 WHERE id = $actor", sub { $rename->('Nochmal') });
ok($waited, 'the request waited for one\'s own row');
is($res->code, 409, 'one\'s own access ended while the request waited: 409');
like(decode_utf8($res->content), qr/Ihr eigener Zugang wurde inzwischen von einem anderen Administrator beendet/,
     'with the reason');
is($row->($target), 'Umbenannt/1', 'nothing stored');

# One's own access is ended while adding an administrator: no one is added.
db_do("UPDATE admin_user SET active = 1 WHERE id = $actor");
db_do("DELETE FROM admin_user WHERE tenant_id = $T AND username = 'race-added'");
($res, $waited) = while_held($actor, "UPDATE admin_user SET active = 0 WHERE id = $actor",
                             sub { post_form('/admin/admins', csrf => $csrf, confirm => demo_password('admin'), username => 'race-added',
                                             display_name => 'Hinzugefügt', password => 'Wettlauf-Neu-2026!') });
ok($waited, 'adding waited for one\'s own row');
ok($res->code == 409 && decode_utf8($res->content) =~ /Ihr eigener Zugang wurde inzwischen von einem anderen Administrator beendet/,
   'one\'s own access ended meanwhile: 409 with the reason');
is(db_value("SELECT COUNT(*) FROM admin_user WHERE tenant_id = $T AND username = 'race-added'"), 0, 'no administrator added');

db_do("DELETE FROM admin_user WHERE id IN ($actor, $target)");
