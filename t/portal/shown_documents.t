# A document the staff upload hidden and show later reaches the customer then: the overview
# counts it as new after the customer's previous login, and the portal's list has it at the
# top with the day it was shown, not pages down under the day it was uploaded. Hidden again,
# it is gone from both; a script of the company that shows one directly counts the same.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use POSIX ();
use lib 't/lib';
use KPTest;

plan tests => 12;

my ($pid, $aid) = make_portal('freigabe', perms => 'documents');
sub document {
    my ($name, $visible, $days_ago) = @_;
    db_do("INSERT INTO document (tenant_id, project_id, name, content_type, size, sha256, portal_visible,
           uploaded_by_kind, uploaded_by_name, created_at)
           SELECT tenant_id, id, '$name', 'text/plain', 1, '', $visible, 'staff', 'S',
                  UTC_TIMESTAMP() - INTERVAL $days_ago DAY FROM project WHERE id = $pid");
    return db_value("SELECT MAX(id) FROM document WHERE project_id = $pid AND name = '$name'");
}
my $draft = document('Rechnung.txt', 0, 5);
my $script = document('Skript.txt', 0, 4);
my $old = document('Angebot.txt', 1, 2);
db_do("UPDATE portal_account SET last_login_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE id = $aid");
my $names = sub { [get_page("/portal/projects/$pid/documents")->decoded_content =~ /download="">([^<]+)</g] };

fresh_agent();
login_as('portal', 'freigabe', demo_password('kunde'));
unlike(get_page('/portal/')->decoded_content, qr{/projects/$pid/documents"><span class="badge new">},
       'nothing shown since the previous login: no news');
is_deeply($names->(), ['Angebot.txt'], 'the hidden documents are not listed');

fresh_agent();
login_as('admin', 'admin');
my $csrf = csrf_of(get_page("/admin/projects/$pid/documents")->content);
is(post_form("/admin/projects/$pid/documents/$draft/visible", csrf => $csrf, visible => 1)->code, 303,
   'the staff show the draft uploaded five days ago');
db_do("UPDATE document SET portal_visible = 1 WHERE id = $script");

db_do("UPDATE portal_account SET last_login_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE id = $aid");
fresh_agent();
login_as('portal', 'freigabe', demo_password('kunde'));
my $page = get_page('/portal/')->decoded_content;
like($page, qr{/projects/$pid/documents"><span class="badge new">2</span>},
     'both documents shown since the previous login are new, the one shown by the staff and the one by a script');
is_deeply($names->(), ['Skript.txt', 'Rechnung.txt', 'Angebot.txt'], 'the list has them at the top, newest shown first');
my $today = do {   # the day in the test server's time zone (KundenportalTimeZone's default)
    local $ENV{TZ} = 'Europe/Berlin';
    POSIX::tzset();
    POSIX::strftime('%d.%m.%Y', localtime);
};
my $html = get_page("/portal/projects/$pid/documents")->decoded_content;
like($html, qr{Rechnung\.txt</a>\s*<span class="meta">[^<]* · \Q$today\E}, '... with the day it was shown');
is(db_value("SELECT COUNT(*) FROM document WHERE id = $old AND shared_at = created_at"), 1,
   'one shown from its upload on was shown at its upload');

db_do("UPDATE document SET name = 'Skript-v2.txt' WHERE id = $script");
db_do("UPDATE document SET shared_at = NULL WHERE id = $script");
is(db_value("SELECT shared_at > UTC_TIMESTAMP() - INTERVAL 1 HOUR FROM document WHERE id = $script"), 1,
   'a change of a shown document keeps the moment it was shown, also one that would clear it');

fresh_agent();
login_as('admin', 'admin');
$csrf = csrf_of(get_page("/admin/projects/$pid/documents")->content);
is(post_form("/admin/projects/$pid/documents/$draft/visible", csrf => $csrf, visible => 0)->code, 303,
   'the staff hide the draft again');
is(db_value("SELECT shared_at IS NULL FROM document WHERE id = $draft"), 1, '... it is not shown since any moment');
fresh_agent();
login_as('portal', 'freigabe', demo_password('kunde'));
is_deeply($names->(), ['Skript-v2.txt', 'Angebot.txt'], 'hidden again: gone from the list');
db_do("UPDATE portal_account SET last_login_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE id = $aid");
fresh_agent();
login_as('portal', 'freigabe', demo_password('kunde'));
like(get_page('/portal/')->decoded_content, qr{/projects/$pid/documents"><span class="badge new">1</span>},
     '... and from the news');
