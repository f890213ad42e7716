# The staff delete a chat message for good (one posted by mistake, or with data that must go):
# a delete button with a confirmation on every message of the staff's chat, none in the
# portal; the message gone for everyone; the audit trail says who wrote it and when, never what;
# the staff's project list no longer counts a deleted customer message as news; a message of
# another project is not reached through this one; the page of older messages is kept.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 17;

my ($pid, $aid) = make_portal('loeschtest', perms => 'messages');
my $post = sub {
    my ($kind, $author_id, $name, $body) = @_;
    db_do("INSERT INTO message (tenant_id, project_id, author_kind, author_id, author_name, body, created_at)
           SELECT tenant_id, id, '$kind', $author_id, '$name', '$body', UTC_TIMESTAMP() FROM project WHERE id = $pid");
    my $id = db_value("SELECT MAX(id) FROM message WHERE project_id = $pid");
    db_do("UPDATE project SET last_customer_message_id = $id WHERE id = $pid") if $kind eq 'customer';
    return $id;
};
my $hello = $post->('staff', 'NULL', 'Sabine Staff', 'Guten Tag');
my $iban = $post->('customer', $aid, 'Test loeschtest', 'Meine IBAN ist DE02 1203 0000 0000 2020 51');
my $callback = $post->('customer', $aid, 'Test loeschtest', 'Bitte um Rückruf');
my $other_project = db_value("SELECT MIN(m.id) FROM message m JOIN project p ON p.id = m.project_id
                              WHERE p.tenant_id = (SELECT tenant_id FROM project WHERE id = $pid) AND p.id <> $pid");

# The customer's chat has no delete buttons, and the portal has no such route.
fresh_agent();
login_as('portal', 'loeschtest', demo_password('kunde'));
my $portal = get_page("/portal/projects/$pid/messages?lang=de")->decoded_content;
unlike($portal, qr{/delete}, 'the customer\'s chat has no delete button');
my $res = post_form("/portal/projects/$pid/messages/$iban/delete", csrf => csrf_of($portal));
ok($res->code == 404 && db_value("SELECT COUNT(*) FROM message WHERE id = $iban") == 1,
   '... and a customer\'s delete is not found and changes nothing');

fresh_agent();
login_as('admin', 'admin');
my $chat = get_page("/admin/projects/$pid/messages?lang=de")->decoded_content;
my $csrf = csrf_of($chat);
like($chat, qr{<form method="post" action="/admin/projects/$pid/messages/$iban/delete" class="inline" data-confirm="[^"]*Test loeschtest, \d\d\.\d\d\.\d{4}, \d\d:\d\d[^"]*">},
     'the staff\'s chat has a delete button on each message, confirming with author and time');
is(scalar(() = $chat =~ m{/messages/\d+/delete"}g), 3, '... one on every message');

$res = post_form("/admin/projects/$pid/messages/$iban/delete", csrf => $csrf);
is($res->code, 303, 'the staff delete a message');
like($res->header('Location') // '', qr{/admin/projects/$pid/messages$}, '... and are back at the chat');
is(db_value("SELECT COUNT(*) FROM message WHERE id = $iban"), 0, '... which is gone from the database');
my ($audit) = db_query("SELECT action, object_type, object_id, detail FROM audit_log
                         WHERE action = 'admin.message_deleted' ORDER BY id DESC LIMIT 1");
is(join('|', @{ $audit // [] }[0 .. 2]), "admin.message_deleted|project|$pid", 'the audit trail records the delete');
like($audit->[3] // '', qr/^Test loeschtest, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/, '... with who wrote the message and when');
is(db_value("SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%IBAN%' OR detail LIKE '%DE02%'"), 0,
   '... and not what it said');
is(db_value("SELECT last_customer_message_id FROM project WHERE id = $pid"), $callback,
   'the newest customer message stays the staff\'s mark');

fresh_agent();
login_as('portal', 'loeschtest', demo_password('kunde'));
$portal = get_page("/portal/projects/$pid/messages?lang=de")->decoded_content;
ok($portal !~ /IBAN/ && $portal =~ /Guten Tag/ && $portal =~ /Bitte um Rückruf/,
   'the customer no longer sees it, and sees the rest');

fresh_agent();
login_as('admin', 'admin');
$csrf = csrf_of(get_page("/admin/projects/$pid/messages")->decoded_content);
$res = post_form("/admin/projects/$pid/messages/$callback/delete?before=$callback", csrf => $csrf);
like($res->header('Location') // '', qr{/admin/projects/$pid/messages\?before=$callback$},
     'a delete on a page of older messages returns to that page');
is(db_value("SELECT COALESCE(last_customer_message_id, 'none') FROM project WHERE id = $pid"), 'none',
   'with the last customer message deleted, the staff\'s project list has no customer message to mark');

$res = post_form("/admin/projects/$pid/messages/$other_project/delete", csrf => $csrf);
is($res->code, 404, 'a message of another project is not found through this one');
is(db_value("SELECT COUNT(*) FROM message WHERE id = $other_project"), 1, '... and stays');
$res = post_form("/admin/projects/$pid/messages/$iban/delete", csrf => $csrf);
is($res->code, 404, 'a message deleted already: not found');
