# The permission matrix: every demo account x every area x its own project, a project of
# another customer and a project of another tenant. 200 (or 303 after a POST) exactly where
# the account's permissions allow it, 404 everywhere else: pages, downloads, ICS, CSV, POSTs.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

my %project = map { $_->[1] => $_->[0] } db_query("SELECT id, number FROM project");
my ($catering, $sonnenhof, $linden, $fremd) = @project{qw(P-2026-021 P-2026-014 P-2026-015 Z-1)};
# One document visible in the portal per project (tenant 2's included).
my %doc = map { $_->[0] => $_->[1] }
    db_query("SELECT project_id, MIN(id) FROM document WHERE portal_visible = 1 GROUP BY project_id");

my %accounts = (
    kunde          => { areas => [qw(planning times documents messages requests)],
                        own => [$catering], other => $sonnenhof },
    planung        => { areas => [qw(planning)], own => [$catering], other => $sonnenhof },
    hausverwaltung => { areas => [qw(documents messages requests)],
                        own => [$sonnenhof, $linden], other => $catering },
);
my @areas = qw(planning times documents messages requests);

# What each area answers to: [label, method, path suffix, expected status when allowed].
sub probes {
    my ($area, $pid) = @_;
    return {
        planning  => [['page', 'GET', '/planning', 200], ['ICS', 'GET', '/planning.ics', 200],
                      ['calendar POST', 'POST', '/planning/calendar', 200]],
        times     => [['page', 'GET', '/times', 200], ['CSV', 'GET', '/times.csv', 200]],
        documents => [['page', 'GET', '/documents', 200],
                      ['download', 'GET', "/documents/" . ($doc{$pid} // 999999), 200],
                      ['upload POST', 'UPLOAD', '/documents', 303]],
        messages  => [['page', 'GET', '/messages', 200], ['POST', 'POST', '/messages', 303]],
        requests  => [['page', 'GET', '/requests', 200], ['POST', 'POST', '/requests', 303]],
    }->{$area};
}

my $n = 0;
for my $acc (values %accounts) {
    my $projects = @{ $acc->{own} } + 2;
    $n += $projects * (1 + scalar map { @{ probes($_, 0) } } @areas);
    $n += @{ $acc->{own} } * scalar(grep { $_ eq 'documents' } @{ $acc->{areas} });  # foreign doc id
}
plan tests => $n + 2;

sub request {
    my ($method, $url, $csrf) = @_;
    return get_page($url) if $method eq 'GET';
    if ($method eq 'UPLOAD') {
        return Apache::TestRequest::POST("$url?csrf=$csrf", Content_Type => 'form-data',
            Content => [file => [undef, 'matrix.txt', 'Content-Type' => 'text/plain',
                                 Content => "Matrix-Test\n"]]);
    }
    return post_form($url, csrf => $csrf, body => 'Matrix-Test', title => 'Matrix-Test',
                     description => 'Matrix-Test', form_token => '');
}

for my $user (sort keys %accounts) {
    my $acc = $accounts{$user};
    my %allowed = map { $_ => 1 } @{ $acc->{areas} };
    fresh_agent();
    login_as('portal', $user);
    my $csrf = csrf_of(get_page('/portal/')->content);
    my @cases = ((map { [$_, 'own'] } @{ $acc->{own} }), [$acc->{other}, 'other customer'],
                 [$fremd, 'other tenant']);
    for my $case (@cases) {
        my ($pid, $what) = @$case;
        my $mine = $what eq 'own';
        is(get_page("/portal/projects/$pid")->code, $mine ? 200 : 404,
           "$user: project page of $what project $pid");
        for my $area (@areas) {
            for my $probe (@{ probes($area, $pid) }) {
                my ($label, $method, $suffix, $ok) = @$probe;
                my $res = request($method, "/portal/projects/$pid$suffix", $csrf);
                my $want = $mine && $allowed{$area} ? $ok : 404;
                is($res->code, $want, "$user: $area $label on $what project $pid")
                    or diag($res->status_line);
            }
        }
    }
    # A document of another project, asked for under one's own project: 404.
    if ($allowed{documents}) {
        for my $pid (@{ $acc->{own} }) {
            is(get_page("/portal/projects/$pid/documents/$doc{$acc->{other}}")->code, 404,
               "$user: another project's document under own project $pid is 404");
        }
    }
}

# Every refusal is logged (who, what, why), never with a secret.
my $log = do { local (@ARGV, $/) = (Apache::Test::vars('t_logs') . '/error_log'); <> } // '';
like($log, qr{KP10020: denied GET /portal/projects/$fremd/times to portal account \d+: project not in this portal},
     'a refused project is logged');
like($log, qr{KP10020: denied POST /portal/projects/$catering/messages to portal account \d+: area not permitted},
     'a refused area is logged');
