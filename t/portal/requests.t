# Aufträge melden: a customer reports a job, bad input comes back with errors and what was
# typed, a double submit stores once, and the staff's decision and answer reach the customer.
# A customer portal also reports a job from its overview that is in no project yet; the staff
# accept it into a new project of that customer.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 50;

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
like($html, qr/id="title"[^>]*aria-invalid="true" aria-describedby="title-error"/, '... the field marked invalid and tied to it');
unlike($html, qr/id="place"[^>]*aria-invalid/, '... a field without error is not marked');
like($html, qr/id="desired_date-error"/, 'error next to the date');
like($html, qr/Bitte &lt;b&gt;schnell&lt;\/b&gt;/, 'what was typed is kept (escaped)');
is((db_query("SELECT COUNT(*) FROM service_request WHERE project_id = $pid"))[0][0], 0, 'nothing stored');
# The database refuses the job: 503, the form again with everything typed and the reason.
$res = while_inserts_refused('service_request', sub {
    post_form("/portal/projects/$pid/requests", csrf => $csrf, form_token => $token,
              title => 'Dachrinne', description => 'Läuft über', desired_date => '2026-12-02', place => 'Nordseite');
});
ok($res->code == 503 && $res->header('Retry-After')
   && $res->decoded_content =~ /value="Dachrinne".*Läuft über<\/textarea>.*value="2026-12-02".*value="Nordseite"/s
   && $res->decoded_content =~ /Der Auftrag konnte gerade nicht gespeichert werden\./,
   'a job the database refuses: 503, the form as typed, the reason above it');

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
# An answer over 5,000 characters comes back in its field as typed, with the error; one of
# 4,990 with 499 line breaks is taken: the browser counts a line break as one character (and
# sends CR LF), so does the server, and it is stored as one LF.
$res = post_form("/admin/requests/$rows[0][0]", csrf => csrf_of($inbox->content), action => 'reject',
                 answer => 'Z' x 5001, target => 'new');
ok($res->code == 400 && $res->decoded_content =~ m{<textarea id="answer-$rows[0][0]" name="answer"[^>]*>Z{5001}</textarea>},
   'an answer that is too long: 400, kept in its field as typed');
$res = post_form("/admin/requests/$rows[0][0]", csrf => csrf_of($inbox->content), action => 'reject',
                 answer => "Zeile 123\r\n" x 499, target => 'new');
is($res->code, 303, 'an answer of 4,990 characters with line breaks is taken');
is(db_value("SELECT CONCAT(LENGTH(answer), '/', LOCATE(CHAR(13), answer), '/', LENGTH(answer) - LENGTH(REPLACE(answer, CHAR(10), '')))
             FROM service_request WHERE id = $rows[0][0]"), '4989/0/498', '... its line breaks stored as one LF each, no CR');
$res = post_form("/admin/requests/$rows[0][0]", csrf => csrf_of($inbox->content), action => 'reject',
                 answer => 'Leider nicht unser Gewerk.', target => 'new');
is($res->code, 303, 'staff reject with an answer');
fresh_agent();
login_as('portal', 'auftragtest', demo_password('kunde'));
$page = get_page("/portal/projects/$pid/requests")->decoded_content;
like($page, qr/abgelehnt/, 'the customer sees "abgelehnt"');
like($page, qr/Leider nicht unser Gewerk\./, '... and the answer');

# From a customer portal's overview, before there is a project for the job.
my ($customer, $customer_name) = @{ (db_query("SELECT c.id, c.name FROM portal_account a JOIN portal p ON p.id = a.portal_id
                                               JOIN customer c ON c.id = p.customer_id WHERE a.username = 'hausverwaltung'"))[0] };
fresh_agent();
login_as('portal', 'hausverwaltung');
like(get_page('/portal/')->decoded_content, qr{<a class="button" href="/portal/requests">Neuen Auftrag melden, gemeldete Aufträge</a>},
     'a customer portal\'s overview offers "Neuen Auftrag melden"');
$res = get_page('/portal/requests');
is($res->code, 200, 'the form outside any project');
like($res->decoded_content, qr{noch zu keinem Projekt gehört.*<form method="post" action="/portal/requests"}s,
     '... says so and posts to the customer\'s requests');
$csrf = csrf_of($res->decoded_content);
($token) = $res->decoded_content =~ /name="form_token" value="([^"]+)"/;
$res = post_form('/portal/requests', csrf => $csrf, form_token => $token, title => 'Tor klemmt', description => '',
                 place => 'Einfahrt');
is($res->code, 400, 'without a description: 400');
like($res->decoded_content, qr/id="description-error".*value="Einfahrt"/s, '... the error next to the field, what was typed kept');
for (1 .. 2) {
    $res = post_form('/portal/requests', csrf => $csrf, form_token => $token, title => 'Tor klemmt',
                     description => 'Das Einfahrtstor schließt nicht mehr.', place => 'Einfahrt');
}
is($res->code . ' ' . ($res->header('Location') // ''), '303 /portal/requests', 'reported, back to the list');
my @own = db_query("SELECT id, COALESCE(project_id, '-'), customer_id, state FROM service_request WHERE title = 'Tor klemmt'");
is(scalar @own, 1, 'a double submit is stored once');
is_deeply([@{ $own[0] }[1 .. 3]], ['-', $customer, 'new'], 'stored for the customer, in no project, as new');
like(get_page('/portal/requests')->decoded_content, qr/Tor klemmt.*?neu/s, 'the customer sees it as "neu"');

# Only a customer portal, and only with the permission.
fresh_agent();
login_as('portal', 'auftragtest', demo_password('kunde'));
is(get_page('/portal/requests')->code, 404, 'a project portal has no requests outside its project');
is(post_form('/portal/requests', csrf => csrf_of(get_page("/portal/projects/$pid/requests")->decoded_content),
             form_token => 'y' x 43, title => 'Falsch hier', description => 'x')->code, 404, '... nor takes one');
unlike(get_page('/portal/')->decoded_content, qr{href="/portal/requests"}, '... nor offers one');
db_do("INSERT INTO portal_account (tenant_id, portal_id, username, password_hash, display_name, perm_documents,
       created_at, updated_at) SELECT tenant_id, portal_id, 'hvohne', password_hash, 'Ohne Aufträge', 1, UTC_TIMESTAMP(),
       UTC_TIMESTAMP() FROM portal_account WHERE username = 'hausverwaltung'");
fresh_agent();
login_as('portal', 'hvohne', demo_password('hausverwaltung'));
is(get_page('/portal/requests')->code, 404, 'an account of the customer portal without "Aufträge melden": 404');
is(db_value("SELECT COUNT(*) FROM service_request WHERE title = 'Falsch hier'"), 0, 'nothing stored by those');

# The staff see the customer and accept it into a new project of that customer.
fresh_agent();
login_as('admin', 'admin');
$inbox = get_page('/admin/requests?state=new');
like($inbox->decoded_content, qr{Tor klemmt.*<a href="/admin/customers/$customer">\Q$customer_name\E</a>\s*\(Kunde, ohne Projekt gemeldet\)}s,
     'the inbox names the customer, no project yet');
my $other = db_value("SELECT id FROM project WHERE name LIKE 'Catering Sommerfest%'");   # no project of the customer
$res = post_form("/admin/requests/$own[0][0]", csrf => csrf_of($inbox->content), action => 'accept', target => $other);
is($res->code . ' ' . db_value("SELECT state FROM service_request WHERE id = $own[0][0]"), '400 new',
   'not into a project of someone else');
my $tenant = db_value("SELECT tenant_id FROM service_request WHERE id = $own[0][0]");
my $default_before = db_value("SELECT new_project_portal_default FROM tenant WHERE id = $tenant");
db_do("UPDATE tenant SET new_project_portal_default = 1 WHERE id = $tenant");   # "Voreinstellung": portal on
$res = post_form("/admin/requests/$own[0][0]", csrf => csrf_of($inbox->content), action => 'accept', target => 'new',
                 answer => 'Wir kommen am Montag.');
is($res->code, 303, 'accepted into a new project');
is(db_value("SELECT CONCAT(r.state, '/', p.customer_id, '/', p.name) FROM service_request r
             JOIN project p ON p.id = r.resulting_project_id WHERE r.id = $own[0][0]"), "accepted/$customer/Tor klemmt",
   '... a project of that customer, named after the job');
my $made = db_value("SELECT resulting_project_id FROM service_request WHERE id = $own[0][0]");
is(db_value("SELECT CONCAT((SELECT COUNT(*) FROM audit_log WHERE action = 'project.create' AND object_id = $made),
             '/', (SELECT COUNT(*) FROM portal WHERE project_id = $made AND enabled = 1))"), '1/1',
   '... made as "Neues Projekt" makes one: its audit line, its portal as the Voreinstellung says');
db_do("UPDATE tenant SET new_project_portal_default = $default_before WHERE id = $tenant");
$inbox = get_page('/admin/requests?state=accepted');
like($inbox->decoded_content, qr{id="target-$own[0][0]"[^>]*>.*?<option value="$made" selected>Tor klemmt</option>}s,
     'the inbox offers the project it was accepted into, chosen');
# 1000 projects of the customer before it by name and 300 requests: the chosen project is
# offered all the same, and the inbox says that it shows only 300.
db_do("INSERT INTO project (tenant_id, customer_id, name, created_at, updated_at) SELECT $tenant, $customer,
       CONCAT('AAA Füllprojekt ', LPAD(seq, 4, '0')), UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM seq_1_to_1000");
db_do("INSERT INTO service_request (tenant_id, project_id, author_name, title, description, state, answer, created_at, updated_at)
       SELECT $tenant, $pid, 'Füller', CONCAT('Füllauftrag ', seq), 'x', 'done', '', UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM seq_1_to_300");
my $full = get_page('/admin/requests?state=all')->decoded_content;
like($full, qr{Gezeigt werden nur 300 Aufträge: die neuen zuerst}, 'the inbox says when it shows only its first 300');
my $accepted = get_page('/admin/requests?state=accepted')->decoded_content;
like($accepted,
     qr{id="target-$own[0][0]"[^>]*><option value="new">[^<]*</option><option value="$made" selected>Tor klemmt</option>},
     '... and offers the chosen project though it is not among the first 100 of the customer');
my ($select) = $accepted =~ m{id="target-$own[0][0]"[^>]*>(.*?)</select>}s;
my @offered = $select =~ m{<option value="\d+"[^>]*>([^<]*)</option>}g;
is_deeply(\@offered, ['Tor klemmt', map { sprintf('AAA Füllprojekt %04d', $_) } 1 .. 100],
          'the form offers the customer\'s projects: its first 100 by name');
my ($filler_select) = $full =~ m{<li class="row card" id="r\d+"><span class="what">Füllauftrag \d+</span>.*?<select[^>]*>(.*?)</select>}s;
is(scalar(() = $filler_select =~ /<option /g), 2,
   'a job in a project without customer: a new project or its own, not every project of the company');
db_do("DELETE FROM service_request WHERE title LIKE 'Füllauftrag %' AND tenant_id = $tenant");
db_do("DELETE FROM project WHERE name LIKE 'AAA Füllprojekt %' AND tenant_id = $tenant");
my $projects_before = db_value("SELECT COUNT(*) FROM project");
$res = post_form("/admin/requests/$own[0][0]", csrf => csrf_of($inbox->content), action => 'accept', target => 'new',
                 answer => 'Wir kommen am Montag um 8 Uhr.');
is($res->code . ' ' . db_value("SELECT CONCAT((SELECT COUNT(*) FROM project) - $projects_before, '/', resulting_project_id,
                                 '/', answer) FROM service_request WHERE id = $own[0][0]"),
   "200 0/$made/Wir kommen am Montag um 8 Uhr.",
   '"new" again (or a second click): no second project, the new answer taken, the link kept');
like($res->decoded_content, qr{role="status">Dieser Auftrag gehört schon zum Projekt „Tor klemmt“: kein zweites Projekt},
     '... and the page says so');
# The answer came after the customer's previous login (moved a minute back: logins and answers
# within one second would tie), so the overview marks it next to the button.
db_do("UPDATE portal_account SET last_login_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE username = 'hausverwaltung'");
fresh_agent();
login_as('portal', 'hausverwaltung');
like(get_page('/portal/')->decoded_content,
     qr{href="/portal/requests"><span class="badge new">1</span> beantwortete Aufträge</a>},
     'the overview marks the answered request of no project');
like(get_page('/portal/requests')->decoded_content, qr/Tor klemmt.*angenommen.*Wir kommen am Montag um 8 Uhr\./s,
     'the customer sees "angenommen" and the answer');
fresh_agent();
login_as('portal', 'hausverwaltung');
unlike(get_page('/portal/')->decoded_content, qr/beantwortete Aufträge/, '... not after the next login');

# More reported jobs than the list shows: the newest 200, and a note saying so.
db_do("INSERT INTO service_request (tenant_id, project_id, author_name, title, description, place, state, answer,
       created_at, updated_at)
       SELECT p.tenant_id, p.id, 'Skript', CONCAT('Meldung ', n.i + 1), '', '', 'new', '', UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM project p JOIN @{[numbers_sql()]} n WHERE p.id = $pid AND n.i < 200");
fresh_agent();
login_as('portal', 'auftragtest', demo_password('kunde'));
$page = get_page("/portal/projects/$pid/requests?lang=de")->decoded_content;
is(scalar(() = $page =~ /<li class="row">/g) . ' ' . ($page =~ /Meldung 200</ ? 'newest' : '') . ($page =~ /Zaun reparieren/ ? ' oldest' : ''),
   '200 newest', '201 reported jobs: the newest 200 listed');
like($page, qr{<p class="meta">Gezeigt werden die neuesten 200 Meldungen\.</p>}, '... and the page says so');
