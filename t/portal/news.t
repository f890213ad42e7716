# The overview's "new since your last visit": unread messages, new documents, shifts, times and
# answered requests since the previous login, only for the areas the account may see.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 17;

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
    "INSERT INTO document (tenant_id, project_id, name, content_type, size, sha256, uploaded_by_kind, uploaded_by_name, created_at) SELECT tenant_id, id, 'neu.txt', 'text/plain', 1, '', 'staff', 'S', UTC_TIMESTAMP() FROM project WHERE id = $pid",
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

# Counting stops at 100 rows of others, however many there are: more shows as "99+". Own
# messages are never unread, also among many, and do not count towards the 100.
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
like($page, qr{/projects/$pid/messages"><span class="badge new">3</span>}, 'three answers after 120 own messages: exactly 3');
get_page("/portal/projects/$pid/messages");
add_messages(100, 'staff', 'NULL');
like(get_page('/portal/')->decoded_content, qr{/projects/$pid/messages"><span class="badge new">99\+</span>},
     'exactly 100: 99+ as well');
get_page("/portal/projects/$pid/messages");
add_messages(1, 'staff', 'NULL');
like(get_page('/portal/')->decoded_content, qr{/projects/$pid/messages"><span class="badge new">1</span>},
     'one new after reading them all: exactly 1');

# A customer portal of 13 projects: news are counted up to ten projects per statement, so the
# 13 need two, and every project gets its own counts: project k has k unread messages (project
# 1: 150, "99+" among exact counts), projects 1..11 14 - k new documents (besides one the
# account uploaded itself), projects 1..12 k mod 3 + 1 changed times, project 2 two answered
# requests (and a new one, not counted); the account may not see the planning, so its new
# shifts are not looked at.
my $kette = 'newskette';
db_do("INSERT INTO customer (tenant_id, name, created_at, updated_at)
       SELECT id, 'Kette $$', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM tenant WHERE slug = 'demo'");
my $cid = db_value("SELECT MAX(id) FROM customer WHERE name = 'Kette $$'");
db_do("INSERT INTO project (tenant_id, customer_id, name, number, address, created_at, updated_at)
       SELECT c.tenant_id, c.id, CONCAT('Kette ', LPAD(seq, 2, '0')), CONCAT('K-$$-', seq), '',
              UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM customer c JOIN seq_1_to_13 WHERE c.id = $cid");
my %chain = map { $_->[1] => $_->[0] } db_query("SELECT id, CAST(SUBSTRING(name, 7) AS UNSIGNED) FROM project WHERE customer_id = $cid");
db_do("INSERT INTO portal (tenant_id, customer_id, enabled, info_text, link_token, created_at, updated_at)
       SELECT tenant_id, id, 1, '', LEFT(SHA2('kette$$', 256), 43), UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM customer WHERE id = $cid");
db_do("INSERT INTO portal_account (tenant_id, portal_id, username, password_hash, display_name,
       perm_documents, perm_times, perm_planning, perm_messages, perm_requests, last_login_at,
       created_at, updated_at)
       SELECT po.tenant_id, po.id, '$kette', (SELECT password_hash FROM portal_account
       WHERE username = 'kunde' ORDER BY id LIMIT 1), 'Kette', 1, 1, 0, 1, 1,
       UTC_TIMESTAMP() - INTERVAL 1 DAY, UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM portal po WHERE po.customer_id = $cid");
my $kid = db_value("SELECT id FROM portal_account WHERE username = '$kette'");
fresh_agent();
login_as('portal', $kette, demo_password('kunde'));
my %messages = map { $_ => $_ } 1 .. 13;
$messages{1} = 150;
for my $k (1 .. 13) {
    db_do("INSERT INTO message (tenant_id, project_id, author_kind, author_name, body, created_at)
           SELECT p.tenant_id, p.id, 'staff', 'S', 'neu', UTC_TIMESTAMP() FROM project p
           JOIN seq_1_to_$messages{$k} WHERE p.id = $chain{$k}");
    db_do("INSERT INTO plan_entry (tenant_id, project_id, starts_at, ends_at, created_at, updated_at)
           SELECT tenant_id, id, '2027-01-01 08:00', '2027-01-01 09:00', UTC_TIMESTAMP(), UTC_TIMESTAMP()
           FROM project WHERE id = $chain{$k}");
    if ($k <= 12) {
        my $times = $k % 3 + 1;
        db_do("INSERT INTO time_entry (tenant_id, project_id, work_date, minutes, created_at, updated_at)
               SELECT p.tenant_id, p.id, UTC_DATE(), 60, UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project p
               JOIN seq_1_to_$times WHERE p.id = $chain{$k}");
    }
    if ($k == 2) {
        for my $state (qw(accepted done new)) {
            db_do("INSERT INTO service_request (tenant_id, project_id, author_name, title, description, state,
                   answer, created_at, updated_at) SELECT tenant_id, id, 'K', 'Auftrag', '', '$state', '',
                   UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $chain{$k}");
        }
    }
    next if $k > 11;
    my $docs = 14 - $k;
    db_do("INSERT INTO document (tenant_id, project_id, name, content_type, size, sha256,
           uploaded_by_kind, uploaded_by_name, created_at)
           SELECT p.tenant_id, p.id, 'neu.txt', 'text/plain', 1, '', 'staff', 'S', UTC_TIMESTAMP()
           FROM project p JOIN seq_1_to_$docs WHERE p.id = $chain{$k}");
    db_do("INSERT INTO document (tenant_id, project_id, name, content_type, size, sha256,
           uploaded_by_kind, uploaded_by_id, uploaded_by_name, created_at)
           SELECT p.tenant_id, p.id, 'eigen.txt', 'text/plain', 1, '', 'customer', $kid, 'K',
           UTC_TIMESTAMP() FROM project p WHERE p.id = $chain{$k}");
}
$page = get_page('/portal/')->decoded_content;
my @wrong;
for my $k (1 .. 13) {
    my $p = $chain{$k};
    my $m = $k == 1 ? '99\+' : $k;
    push @wrong, "messages of $k" unless $page =~ m{/projects/$p/messages"><span class="badge new">$m</span>};
    push @wrong, "shifts of $k (not permitted, never shown)" if $page =~ m{/projects/$p/planning"};
    my $t = $k <= 12 ? $k % 3 + 1 : 0;
    push @wrong, "times of $k" unless $t ? $page =~ m{/projects/$p/times"><span class="badge new">$t</span>}
                                         : $page !~ m{/projects/$p/times"};
    my $r = $k == 2 ? 2 : 0;
    push @wrong, "requests of $k" unless $r ? $page =~ m{/projects/$p/requests"><span class="badge new">$r</span>}
                                            : $page !~ m{/projects/$p/requests"};
    if ($k <= 11) {
        my $docs = 14 - $k;
        push @wrong, "documents of $k" unless $page =~ m{/projects/$p/documents"><span class="badge new">$docs</span>};
    }
    elsif ($page =~ m{/projects/$p/documents"><span}) {
        push @wrong, "documents of $k (none are new)";
    }
}
is(scalar(keys %chain), 13, 'the customer has 13 projects');
is(join(', ', @wrong), '', '13 projects of a customer portal: each its own counts of messages, documents, times and requests');
my ($p12, $p13) = @chain{12, 13};
get_page("/portal/projects/$p13/messages");
$page = get_page('/portal/')->decoded_content;
ok($page !~ m{/projects/$p13/messages"><span} && $page =~ m{/projects/$p12/messages"><span class="badge new">12</span>},
   'reading one project\'s messages leaves the others unread');

# Documents past 100 go by the uploader too: 130 of the account's own and 2 of the staff are
# 2 new, 101 of the staff "99+"; 150 shifts are "99+" (the planning is not the account's).
db_do("UPDATE portal_account SET perm_documents = 1, last_login_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE id = $aid");
fresh_agent();
login_as('portal', 'newstest', demo_password('kunde'));
sub add_documents {
    my ($count, $kind, $author) = @_;
    db_do("INSERT INTO document (tenant_id, project_id, name, content_type, size, sha256,
           uploaded_by_kind, uploaded_by_id, uploaded_by_name, created_at)
           SELECT p.tenant_id, p.id, CONCAT('d', seq, '.txt'), 'text/plain', 1, '', '$kind', $author, 'N',
           UTC_TIMESTAMP() FROM project p JOIN seq_1_to_$count WHERE p.id = $pid");
}
add_documents(130, 'customer', $aid);
add_documents(2, 'staff', 'NULL');
like(get_page('/portal/')->decoded_content, qr{/projects/$pid/documents"><span class="badge new">3</span>},
     'two documents of the staff after 130 of the account\'s own: the two and the one of the day before');
add_documents(101, 'staff', 'NULL');
like(get_page('/portal/')->decoded_content, qr{/projects/$pid/documents"><span class="badge new">99\+</span>},
     'past 100 documents of others: 99+');
db_do("INSERT INTO plan_entry (tenant_id, project_id, starts_at, ends_at, created_at, updated_at)
       SELECT p.tenant_id, p.id, '2027-01-01 08:00', '2027-01-01 09:00', UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM project p JOIN seq_1_to_150 WHERE p.id = $pid");
like(get_page('/portal/')->decoded_content, qr{/projects/$pid/planning"><span class="badge new">99\+</span>},
     '150 new shifts: 99+');
