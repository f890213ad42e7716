# The overview's "new since your last visit": unread messages, new documents, shifts, times and
# answered requests since the previous login, only for the areas the account may see.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 7;

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
