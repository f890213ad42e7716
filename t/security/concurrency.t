# Concurrency: 50 customers' messages posted at the same moment (each from its own form) are 50
# rows; one form sent 10 times at the same moment (a double click, a resend) is stored once: the
# customer's and the staff's message, the job request, "accept as a new project" in the inbox,
# and the one-time invitation. Each request
# runs in its own process on its own connection, released together (KPTest::in_parallel); the
# test server has 30 worker threads (Apache::Test: 3 children x 10), so they really overlap.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;

plan tests => 25;

my ($pid) = make_portal('parallel-kunde');
fresh_agent();
login_as('portal', 'parallel-kunde', demo_password('kunde'));
my $messages = "/portal/projects/$pid/messages";

sub form_of {
    my ($html) = @_;
    my ($token) = $html =~ /name="form_token" value="([A-Za-z0-9_-]{43})"/;
    return (csrf_of($html), $token);
}
sub codes { my %n; $n{$_->[0]}++ for @_; return join ', ', map { "$n{$_} x $_" } sort keys %n }
sub rows_with { db_value("SELECT COUNT(*) FROM message WHERE project_id = $pid AND body LIKE '$_[0]'") }

# 50 forms, sent together.
my @posts;
for my $n (1 .. 50) {
    my ($csrf, $token) = form_of(get_page($messages)->decoded_content);
    push @posts, request_of(POST => $messages,
                            [csrf => $csrf, form_token => $token, body => "Parallel $n"]);
}
my $before = db_value("SELECT COUNT(*) FROM message WHERE project_id = $pid");
my @res = in_parallel(@posts);
is(codes(@res), '50 x 303', '50 parallel posts: every one answered with the redirect');
is(db_value("SELECT COUNT(*) FROM message WHERE project_id = $pid") - $before, 50, 'exactly 50 new rows');
is(db_value("SELECT COUNT(DISTINCT body) FROM message WHERE project_id = $pid AND body LIKE 'Parallel %'"),
   50, 'each with its own text');

# One form, sent 10 times at once.
my ($csrf, $token) = form_of(get_page($messages)->decoded_content);
@res = in_parallel(map { request_of(POST => $messages,
                         [csrf => $csrf, form_token => $token, body => 'Doppelt gesendet']) } 1 .. 10);
is(codes(@res), '10 x 303', 'the same customer form 10 times at once: every answer a redirect');
is(rows_with('Doppelt gesendet'), 1, 'stored exactly once');
like(get_page($messages)->decoded_content, qr/Doppelt gesendet/, 'and shown in the chat');

# The job request ("Auftrag melden"), every field filled.
my $requests = "/portal/projects/$pid/requests";
($csrf, $token) = form_of(get_page($requests)->decoded_content);
my $audit = db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'portal.request' AND object_id = $pid");
@res = in_parallel(map { request_of(POST => $requests,
                         [csrf => $csrf, form_token => $token, title => 'Parallel-Auftrag',
                          description => 'Zehnmal gesendet', desired_date => '2027-03-01',
                          place => 'Halle 2']) } 1 .. 10);
is(codes(@res), '10 x 303', 'the same job request form 10 times at once: every answer a redirect');
is(db_value("SELECT COUNT(*) FROM service_request WHERE project_id = $pid AND title = 'Parallel-Auftrag'"),
   1, 'one job request stored');
is(db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'portal.request' AND object_id = $pid") - $audit,
   1, 'and logged once in the audit log');

# A form without a token (an old page, a script) is still accepted, once per send.
@res = in_parallel(map { request_of(POST => $messages, [csrf => $csrf, body => "Ohne Token $_"]) } 1 .. 5);
is(codes(@res), '5 x 303', 'posts without a form token: accepted');
is(rows_with('Ohne Token %'), 5, '... each stored');

# The staff's side of the chat: 20 forms at once, then one form 10 times.
my $customer_jar = use_jar(HTTP::Cookies->new);
login_as('admin', 'admin');
my $staff = "/admin/projects/$pid/messages";
my @staff_posts;
for my $n (1 .. 20) {
    my ($c, $t) = form_of(get_page($staff)->decoded_content);
    push @staff_posts, request_of(POST => $staff, [csrf => $c, form_token => $t, body => "Team parallel $n"]);
}
@res = in_parallel(@staff_posts);
is(codes(@res), '20 x 303', '20 parallel staff posts: every one a redirect');
is(rows_with('Team parallel %'), 20, 'exactly 20 rows');
($csrf, $token) = form_of(get_page($staff)->decoded_content);
@res = in_parallel(map { request_of(POST => $staff,
                         [csrf => $csrf, form_token => $token, body => 'Team doppelt']) } 1 .. 10);
is(codes(@res), '10 x 303', 'the same staff form 10 times at once: every answer a redirect');
is(rows_with('Team doppelt'), 1, 'stored exactly once');
is(db_value("SELECT author_kind FROM message WHERE project_id = $pid AND body = 'Team doppelt'"), 'staff',
   'as the staff\'s message');

# The inbox: "accept as a new project" sent 10 times at once makes one project.
my $rid = db_value("SELECT id FROM service_request WHERE project_id = $pid AND title = 'Parallel-Auftrag'");
my $projects = db_value('SELECT COUNT(*) FROM project');
$csrf = page_csrf('/admin/requests');
@res = in_parallel(map { request_of(POST => "/admin/requests/$rid",
                         [csrf => $csrf, action => 'accept', target => 'new', answer => 'Gern']) } 1 .. 10);
is(codes(@res), '10 x 303', '"accept as a new project" 10 times at once: every answer a redirect');
is(db_value('SELECT COUNT(*) FROM project') - $projects, 1, 'one new project');
is(db_value("SELECT COUNT(*) FROM project WHERE id = (SELECT resulting_project_id FROM service_request WHERE id = $rid)"),
   1, 'the request is linked to it');
is(db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'admin.request_accepted' AND object_id = $rid"), 1,
   'logged once');

# The one-time invitation: the same "set password" form 10 times at once.
my $account = db_value("SELECT id FROM portal_account WHERE username = 'parallel-kunde'");
my $itoken = join '', map { ('A' .. 'Z', 'a' .. 'z', 0 .. 9)[rand 62] } 1 .. 43;
db_do("INSERT INTO portal_invite (token_hash, tenant_id, account_id, expires_at, created_at)
       SELECT SHA2('$itoken', 256), tenant_id, id, UTC_TIMESTAMP() + INTERVAL 1 DAY, UTC_TIMESTAMP()
       FROM portal_account WHERE id = $account");
use_jar(HTTP::Cookies->new);
my $icsrf = csrf_of(get_page("/portal/invite/$itoken")->decoded_content);
my $hash_before = db_value("SELECT password_hash FROM portal_account WHERE id = $account");
@res = in_parallel(map { request_of(POST => "/portal/invite/$itoken",
                         [csrf => $icsrf, password => 'Parallel-Passwort-2027',
                          password2 => 'Parallel-Passwort-2027']) } 1 .. 10);
is(codes(@res), '1 x 303, 9 x 404', 'the same invitation 10 times at once: accepted once, then invalid');
is(db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'account.invite_accepted' AND object_id = $account"),
   1, 'the acceptance is logged once');
isnt(db_value("SELECT password_hash FROM portal_account WHERE id = $account"), $hash_before,
     'the password was set');
ok(db_value("SELECT used_at IS NOT NULL FROM portal_invite WHERE token_hash = SHA2('$itoken', 256)"),
   'the invitation is used up');
use_jar(HTTP::Cookies->new);
is(login_as('portal', 'parallel-kunde', 'Parallel-Passwort-2027')->code, 303,
   'the new password works');
