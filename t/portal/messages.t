# Nachrichten: oldest to newest, keyset paging, staff names, unread marks that clear once seen,
# a double-submitted form stored once, and a bad post re-rendered with what was typed.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 18;

my ($pid, $aid) = make_portal('chattest', perms => 'messages');
db_do("INSERT INTO message (tenant_id, project_id, author_kind, author_name, body, created_at)
       SELECT tenant_id, id, 'staff', 'Sabine Staff', CONCAT('Nachricht ', LPAD(n, 2, '0')), UTC_TIMESTAMP()
       FROM project, (SELECT seq AS n FROM seq_1_to_60) s WHERE project.id = $pid ORDER BY n");

fresh_agent();
login_as('portal', 'chattest', demo_password('kunde'));
my $page = get_page("/portal/projects/$pid/messages")->decoded_content;
my @shown = $page =~ /Nachricht (\d\d)/g;
is_deeply(\@shown, [11 .. 60], 'the newest 50, oldest first');
like($page, qr/Sabine Staff/, 'the staff member\'s name is shown');
is(scalar(() = $page =~ /class="badge new"/g), 50, 'all unseen messages are marked as new');
my ($older) = $page =~ /messages\?before=(\d+)/;
ok($older, 'a link to older messages');
my $old = get_page("/portal/projects/$pid/messages?before=$older")->decoded_content;
is_deeply([$old =~ /Nachricht (\d\d)/g], [map { sprintf '%02d', $_ } 1 .. 10], 'the older page has the first ten');

$page = get_page("/portal/projects/$pid/messages")->decoded_content;
unlike($page, qr/class="badge new"/, 'once seen, nothing is new');
db_do("INSERT INTO message (tenant_id, project_id, author_kind, author_name, body, created_at)
       SELECT tenant_id, id, 'staff', 'Sabine Staff', 'Ganz frisch', UTC_TIMESTAMP() FROM project WHERE id = $pid");
$page = get_page("/portal/projects/$pid/messages")->decoded_content;
like($page, qr/class="badge new".{0,400}?\s*<\/span>\s*<p class="preline">Ganz frisch/s, 'a new staff message is marked');
is(scalar(() = $page =~ /class="badge new"/g), 1, '... and only that one');

my $csrf = csrf_of($page);
my ($token) = $page =~ /name="form_token" value="([^"]+)"/;
my $count = sub { (db_query("SELECT COUNT(*) FROM message WHERE project_id = $pid AND body = 'Doppelt gesendet'"))[0][0] };
my $res = post_form("/portal/projects/$pid/messages", csrf => $csrf, form_token => $token, body => 'Doppelt gesendet');
is($res->code, 303, 'post a message');
$res = post_form("/portal/projects/$pid/messages", csrf => $csrf, form_token => $token, body => 'Doppelt gesendet');
is($res->code, 303, 'the same form again');
is($count->(), 1, 'a double-submitted form is stored once');
$page = get_page("/portal/projects/$pid/messages")->decoded_content;
like($page, qr{<li id="m\d+" class="msg own customer">\s*<span class="meta"><strong>Test chattest</strong>}, 'the account\'s own message is marked as its own');
like($page, qr{<li id="m\d+" class="msg staff">\s*<span class="meta"><strong>Sabine Staff</strong> \(}, 'a read staff message: neither own nor unread');
unlike($page, qr/class="msg unread/, '... and none unread');
my ($author) = db_query("SELECT author_kind, author_id, author_name FROM message WHERE project_id = $pid AND body = 'Doppelt gesendet'");
is_deeply($author, ['customer', $aid, 'Test chattest'], 'stored as the customer\'s message');

$res = post_form("/portal/projects/$pid/messages", csrf => $csrf, form_token => 'x', body => '   ');
is($res->code, 400, 'an empty message is 400');
$res = post_form("/portal/projects/$pid/messages", csrf => $csrf, body => 'ü' x 5001);
like($res->decoded_content, qr/id="body-error".*ü{5001}<\/textarea>|ü{5001}<\/textarea>.*id="body-error"/s, 'too long: error next to the field, text kept');
# The database refuses the message: 503, the chat again with the text kept and the reason.
$res = while_inserts_refused('message', sub {
    post_form("/portal/projects/$pid/messages", csrf => $csrf, form_token => 'y' x 43, body => 'Bitte nicht verlieren');
});
ok($res->code == 503 && $res->header('Retry-After')
   && $res->decoded_content =~ /Bitte nicht verlieren<\/textarea>/
   && $res->decoded_content =~ /Die Nachricht konnte gerade nicht gespeichert werden\./,
   'a message the database refuses: 503, the text kept in the form, the reason beside it');
