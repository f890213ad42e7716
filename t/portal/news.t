# The overview's "new since your last visit": unread messages, new documents, shifts, times and
# answered requests since the previous login, only for the areas the account may see.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 10;

my ($pid, $aid) = make_portal('newstest', perms => 'messages,planning,requests');
fresh_agent();
login_as('portal', 'newstest', demo_password('kunde'));
unlike(get_page('/portal/')->content, qr/class="news"/, 'first visit: nothing new');

# A day later, the staff have been busy.
db_do("UPDATE portal_account SET last_login_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE id = $aid");
for my $sql (
    "INSERT INTO message (tenant_id, project_id, author_kind, author_name, body, created_at) SELECT tenant_id, id, 'staff', 'S', 'eins', UTC_TIMESTAMP() FROM project WHERE id = $pid",
    "INSERT INTO message (tenant_id, project_id, author_kind, author_name, body, created_at) SELECT tenant_id, id, 'staff', 'S', 'zwei', UTC_TIMESTAMP() FROM project WHERE id = $pid",
    "INSERT INTO plan_entry (tenant_id, project_id, starts_at, ends_at, created_at, updated_at) SELECT tenant_id, id, '2027-01-01 08:00', '2027-01-01 09:00', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid",
    "INSERT INTO document (tenant_id, project_id, name, content_type, size, sha256, content, uploaded_by_kind, uploaded_by_name, created_at) SELECT tenant_id, id, 'neu.txt', 'text/plain', 1, '', 'x', 'staff', 'S', UTC_TIMESTAMP() FROM project WHERE id = $pid",
) { db_do($sql) }
fresh_agent();
login_as('portal', 'newstest', demo_password('kunde'));
my $page = get_page('/portal/')->decoded_content;
like($page, qr/Neuigkeiten seit Ihrem letzten Besuch/, 'the previous visit is named');
like($page, qr{/projects/$pid/messages"><span class="badge new">2</span>}, 'two unread messages');
like($page, qr{/projects/$pid/planning"><span class="badge new">1</span>}, 'one new shift');
unlike($page, qr{/projects/$pid/documents"}, 'documents are not mentioned without the permission');

get_page("/portal/projects/$pid/messages");
$page = get_page('/portal/')->decoded_content;
unlike($page, qr{/projects/$pid/messages"><span}, 'read messages are no longer new');
like($page, qr{/projects/$pid/planning"><span class="badge new">1</span>}, 'the shift still is (until the next login)');

# Counting stops at 100 rows, however many there are: more shows as "99+". Own messages are
# never unread, also among many.
sub add_messages {
    my ($count, $kind, $author) = @_;
    db_do("INSERT INTO message (tenant_id, project_id, author_kind, author_id, author_name, body, created_at)
           SELECT p.tenant_id, p.id, '$kind', $author, 'N', CONCAT('Nachricht ', seq), UTC_TIMESTAMP()
           FROM project p JOIN seq_1_to_$count WHERE p.id = $pid");
}
add_messages(150, 'staff', 'NULL');
$page = get_page('/portal/')->decoded_content;
like($page, qr{/projects/$pid/messages"><span class="badge new">99\+</span>}, '150 unread messages show as 99+');
get_page("/portal/projects/$pid/messages");
add_messages(120, 'customer', $aid);
add_messages(3, 'staff', 'NULL');
$page = get_page('/portal/')->decoded_content;
like($page, qr{/projects/$pid/messages"><span class="badge new">3\+</span>}, 'three answers after 120 own messages: at least 3');
get_page("/portal/projects/$pid/messages");
add_messages(1, 'staff', 'NULL');
like(get_page('/portal/')->decoded_content, qr{/projects/$pid/messages"><span class="badge new">1</span>},
     'one new after reading them all: exactly 1');
