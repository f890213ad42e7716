# The company sees what its customers did: the project list marks a project whose chat has a
# customer message after this admin's last look at it (each admin has a read mark of their own),
# the chat marks those messages, and the menu counts the reported jobs still new.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 12;

my ($pid) = make_portal('staffnews', perms => 'messages,requests');
my $name = db_value("SELECT name FROM project WHERE id = $pid");
my $list = "/admin/projects?q=staffnews";
my $badge = qr{<a class="badge new" href="/admin/projects/$pid/messages">neue Kundennachricht</a>};
make_admin('newsadmin', 'Zweite Admin');

sub customer_writes {
    my ($body) = @_;
    fresh_agent();
    login_as('portal', 'staffnews', demo_password('kunde'));
    my $page = get_page("/portal/projects/$pid/messages")->decoded_content;
    my ($token) = $page =~ /name="form_token" value="([^"]+)"/;
    return post_form("/portal/projects/$pid/messages", csrf => csrf_of($page), form_token => $token, body => $body);
}

fresh_agent();
login_as('admin', 'admin');
unlike(get_page($list)->decoded_content, qr/neue Kundennachricht/, 'a project without customer messages is not marked');

is(customer_writes('Bitte morgen früher kommen.')->code, 303, 'the customer writes in the chat');
fresh_agent();
login_as('admin', 'admin');
like(get_page($list)->decoded_content, $badge, 'the project list marks the project, linked to its chat');
my $chat = get_page("/admin/projects/$pid/messages");
like($chat->decoded_content, qr{class="msg unread customer".*?Bitte morgen früher kommen\.}s, 'the chat marks the message');
unlike(get_page($list)->decoded_content, qr/neue Kundennachricht/, 'seen: the mark is gone');
unlike(get_page("/admin/projects/$pid/messages")->decoded_content, qr/class="msg unread/, '... in the chat too');

my ($token) = $chat->decoded_content =~ /name="form_token" value="([^"]+)"/;
post_form("/admin/projects/$pid/messages", csrf => csrf_of($chat->decoded_content), form_token => $token,
          body => 'Machen wir.');
unlike(get_page($list)->decoded_content, qr/neue Kundennachricht/, 'a staff answer does not mark the project');

fresh_agent();
login_as('admin', 'newsadmin', 'Admin-Demo-2026');
like(get_page($list)->decoded_content, $badge, 'another admin has a read mark of their own: still marked for them');

# The menu counts the reported jobs still new, on every admin page.
my $new = db_value("SELECT COUNT(*) FROM service_request r JOIN project p ON p.id = r.project_id
                    JOIN tenant t ON t.id = p.tenant_id WHERE t.slug = 'demo' AND r.state = 'new'")
        + db_value("SELECT COUNT(*) FROM service_request r JOIN customer c ON c.id = r.customer_id
                    JOIN tenant t ON t.id = c.tenant_id WHERE t.slug = 'demo' AND r.state = 'new' AND r.project_id IS NULL");
my $menu = sub { my ($n) = @_; qr{<a href="/admin/requests">Gemeldete Aufträge\s*<span class="badge new">$n<span class="sr"> neu</span></span></a>} };
fresh_agent();
login_as('portal', 'staffnews', demo_password('kunde'));
my $form = get_page("/portal/projects/$pid/requests")->decoded_content;
my ($form_token) = $form =~ /name="form_token" value="([^"]+)"/;
is(post_form("/portal/projects/$pid/requests", csrf => csrf_of($form), form_token => $form_token, title => 'Neuer Zaun',
             description => 'Hinten am Garten.')->code, 303, 'the customer reports a job');
fresh_agent();
login_as('admin', 'admin');
like(get_page('/admin/employees')->decoded_content, $menu->($new + 1), 'the menu counts it with the others still new');
my $inbox = get_page('/admin/requests?state=new');
my $request = db_value("SELECT id FROM service_request WHERE title = 'Neuer Zaun'");
post_form("/admin/requests/$request", csrf => csrf_of($inbox->content), action => 'done', answer => 'Erledigt.');
my $after = get_page('/admin/projects')->decoded_content;
$new
    ? like($after, $menu->($new), 'decided: one fewer')
    : unlike($after, qr{Gemeldete Aufträge\s*<span class="badge}, 'decided: none new, no count');
my @still_new = map { $_->[0] } db_query("SELECT id FROM service_request WHERE state = 'new'");
db_do("UPDATE service_request SET state = 'done' WHERE id IN (" . join(',', @still_new, 0) . ")");
unlike(get_page('/admin/projects')->decoded_content, qr{Gemeldete Aufträge\s*<span class="badge}, 'none new: no count');
db_do("UPDATE service_request SET state = 'new' WHERE id IN (" . join(',', @still_new, 0) . ")");   # as before
