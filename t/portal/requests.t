# Aufträge melden: a customer reports a job, bad input comes back with errors and what was
# typed, a double submit stores once, and the staff's decision and answer reach the customer.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 13;

my ($pid) = make_portal('auftragtest', perms => 'requests');
fresh_agent();
login_as('portal', 'auftragtest', demo_password('kunde'));
my $page = get_page("/portal/projects/$pid/requests")->decoded_content;
my $csrf = csrf_of($page);
my ($token) = $page =~ /name="form_token" value="([^"]+)"/;

my $res = post_form("/portal/projects/$pid/requests", csrf => $csrf, form_token => $token,
                    title => '', description => 'Bitte <b>schnell</b>', desired_date => '2026-02-30', place => 'Hof');
is($res->code, 400, 'missing title and an impossible date: 400');
my $html = $res->decoded_content;
like($html, qr/id="title-error"/, 'error next to the title');
like($html, qr/id="desired_date-error"/, 'error next to the date');
like($html, qr/Bitte &lt;b&gt;schnell&lt;\/b&gt;/, 'what was typed is kept (escaped)');
is((db_query("SELECT COUNT(*) FROM service_request WHERE project_id = $pid"))[0][0], 0, 'nothing stored');

for (1 .. 2) {
    $res = post_form("/portal/projects/$pid/requests", csrf => $csrf, form_token => $token,
                     title => 'Zaun reparieren', description => 'Am Tor hinten links', desired_date => '2026-12-01', place => 'Hof');
}
is($res->code, 303, 'report a job');
my @rows = db_query("SELECT id, state, desired_date, place FROM service_request WHERE project_id = $pid");
is(scalar @rows, 1, 'a double submit is stored once');
is_deeply([@{ $rows[0] }[1 .. 3]], ['new', '2026-12-01', 'Hof'], 'stored as new with date and place');
like(get_page("/portal/projects/$pid/requests")->decoded_content, qr/Zaun reparieren.*?neu/s, 'the customer sees it as "neu"');

# The staff reject it with an answer; the customer sees both.
fresh_agent();
login_as('admin', 'admin');
my $inbox = get_page('/admin/requests?state=new');
like($inbox->decoded_content, qr/Zaun reparieren/, 'the request is in the staff inbox');
$res = post_form("/admin/requests/$rows[0][0]", csrf => csrf_of($inbox->content), action => 'reject',
                 answer => 'Leider nicht unser Gewerk.', target => 'new');
is($res->code, 303, 'staff reject with an answer');
fresh_agent();
login_as('portal', 'auftragtest', demo_password('kunde'));
$page = get_page("/portal/projects/$pid/requests")->decoded_content;
like($page, qr/abgelehnt/, 'the customer sees "abgelehnt"');
like($page, qr/Leider nicht unser Gewerk\./, '... and the answer');
