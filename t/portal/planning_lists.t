# The upcoming and past shifts come a page of 100 at a time: each page's link carries the start
# and id of the last shift shown, so following the links shows every shift once, in order, also
# where 150 shifts start at the same minute across a page's end; a link the module did not make
# starts the list from its beginning. Paging one list, or the weeks, leaves the other list on its
# page. The staff edit and delete shifts from the week view as from the lists, on every page;
# a form with an error comes back on the week being edited.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use HTML::Entities qw(decode_entities);
use lib 't/lib';
use KPTest;

plan tests => 45;

my ($pid) = make_portal('planlists', perms => 'planning');

# 230 past shifts: 150 starting 2020-03-02 07:00, 80 a day earlier; 130 upcoming, all starting
# 2040-01-01 07:00 (a Sunday). The activity names each.
db_do("INSERT INTO plan_entry (tenant_id, project_id, employee_id, starts_at, ends_at, activity, note,
       created_at, updated_at)
       SELECT p.tenant_id, p.id, NULL, '2020-03-02 07:00:00' - INTERVAL (n.i >= 150) DAY,
              '2020-03-02 08:00:00' - INTERVAL (n.i >= 150) DAY, CONCAT('P', n.i), '',
              UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM project p JOIN @{[numbers_sql()]} n WHERE p.id = $pid AND n.i < 230");
db_do("INSERT INTO plan_entry (tenant_id, project_id, employee_id, starts_at, ends_at, activity, note,
       created_at, updated_at)
       SELECT p.tenant_id, p.id, NULL, '2040-01-01 07:00:00', '2040-01-01 09:00:00', CONCAT('U', n.i), '',
              UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM project p JOIN @{[numbers_sql()]} n WHERE p.id = $pid AND n.i < 130");
# And one under way: begun hours ago, ending in hours (in any company time zone near UTC).
db_do("INSERT INTO plan_entry (tenant_id, project_id, employee_id, starts_at, ends_at, activity, note,
       created_at, updated_at)
       SELECT tenant_id, id, NULL, UTC_TIMESTAMP() - INTERVAL 5 HOUR, UTC_TIMESTAMP() + INTERVAL 12 HOUR,
              'U9999', '', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid");
my @past = map { $_->[0] } db_query("SELECT activity FROM plan_entry WHERE project_id = $pid
                                      AND activity LIKE 'P%' ORDER BY starts_at DESC, id DESC");
my @upcoming = map { $_->[0] } db_query("SELECT activity FROM plan_entry WHERE project_id = $pid
                                          AND activity LIKE 'U%' ORDER BY starts_at, id");

sub section_of {
    my ($html, $name) = @_;
    return $html =~ m{<section id="$name">(.*?)</section>}s ? $1 : '';
}

# Follows a list's "next" links from $url: the activities of each page, and the pages' HTML.
sub walk {
    my ($url, $name, $more) = @_;
    my (@pages, @html);
    for (1 .. 10) {
        my $res = get_page($url);
        die "$url: " . $res->code unless $res->code == 200;
        my $section = section_of($res->decoded_content, $name);
        push @html, $section;
        push @pages, [ $section =~ m{<span class="what">([PU]\d+)</span>}g ];
        my ($next) = $section =~ m{<a href="([^"]+)" rel="next">\Q$more\E</a>} or last;
        $url = decode_entities($next);
    }
    return (\@pages, \@html);
}

fresh_agent();
login_as('portal', 'planlists', demo_password('kunde'));
my $base = "/portal/projects/$pid/planning";
my ($pages, $html) = walk("$base?lang=de", 'past', 'Ältere Schichten ›');
is_deeply([ map { scalar @$_ } @$pages ], [100, 100, 30], 'past shifts: three pages of 100, 100 and 30');
is_deeply([ map { @$_ } @$pages ], \@past, 'every past shift once, newest first, across 150 starting together');
unlike($html->[0], qr/Zurück zu den letzten Schichten/, 'the first page has no way back');
like($html->[1], qr{<a href="/portal/projects/$pid/planning\?week=\d{4}-\d\d-\d\d#past">‹ Zurück zu den letzten Schichten</a>},
     'a later page leads back to the first');
($pages, $html) = walk("$base?lang=de&week=2040-01-01", 'upcoming', 'Spätere Schichten ›');
is_deeply([ map { scalar @$_ } @$pages ], [100, 31], 'upcoming shifts: 100 and 31');
is_deeply([ map { @$_ } @$pages ], \@upcoming, 'every upcoming shift once, in the order of start and id');
is($pages->[0][0], 'U9999', 'the shift under way comes first');
like($html->[0], qr{href="/portal/projects/$pid/planning\?week=2039-12-26&amp;upcoming=2040-01-01T07:00:00~\d+#upcoming"},
     'the link keeps the week on view and names the last shift shown');

# Paging one list leaves the other where it is; so do the week's links and "back to the first".
sub shown {
    my ($html, $name) = @_;
    return join ' ', section_of($html, $name) =~ m{<span class="what">([PU]\d+)</span>}g;
}
sub link_of {
    my ($html, $pattern) = @_;
    return $html =~ m{<a href="([^"]+)"[^>]*>$pattern</a>} ? decode_entities($1) : '';
}
my $on_view = get_page("$base?lang=de&week=2040-01-01")->decoded_content;
my $past_page2 = link_of(section_of($on_view, 'past'), 'Ältere Schichten ›');
$on_view = get_page($past_page2)->decoded_content;
my ($past_key) = $past_page2 =~ /past=([^&#]+)/;
my $upcoming_page2 = link_of(section_of($on_view, 'upcoming'), 'Spätere Schichten ›');
like($upcoming_page2, qr{[?&]past=\Q$past_key\E(&|#|$)}, 'on the second page of past shifts, the upcoming list\'s link keeps it');
$on_view = get_page($upcoming_page2)->decoded_content;
is(shown($on_view, 'past'), "@past[100 .. 199]", '... and following it, the past shifts stay on their second page');
is(shown($on_view, 'upcoming'), "@upcoming[100 .. 130]", '... while the upcoming ones go on to theirs');
my $prev_week = link_of($on_view, '‹ Vorige Woche');
like($prev_week, qr{week=2039-12-19&upcoming=[^&]+&past=\Q$past_key\E$}, 'the week\'s links keep both lists');
my $week_before = get_page($prev_week)->decoded_content;
ok(shown($week_before, 'past') eq "@past[100 .. 199]" && shown($week_before, 'upcoming') eq "@upcoming[100 .. 130]",
   '... and following one, both stay on their pages');
my $upcoming_first = link_of(section_of($on_view, 'upcoming'), '‹ Zurück zu den nächsten Schichten');
my $back = get_page($upcoming_first)->decoded_content;
ok(shown($back, 'upcoming') eq "@upcoming[0 .. 99]" && shown($back, 'past') eq "@past[100 .. 199]",
   'back to the first upcoming shifts, the past ones stay on their second page');

# Links the module did not make: the list from its beginning, never an error.
for my $key ('garbage', '2020-13-01T07:00:00~5', '2020-03-02T07:00:00~0', '2020-03-02T25:00:00~5',
             '2020-03-02 07:00:00~5', '2020-03-02T07:00:00~', '2020-03-02T07:00:60~5', '2019-02-29T07:00:00~5',
             '2020-03-02T07:00:00~5x', '2020-03-02T07:00:00~1234567890123456789', '2020-03-02T07:00~5') {
    my $res = get_page("$base?lang=de&past=" . $key =~ s/([^\w~:-])/sprintf('%%%02X', ord $1)/ger);
    my @got = section_of($res->decoded_content, 'past') =~ m{<span class="what">(P\d+)</span>}g;
    ok($res->code == 200 && "@got" eq "@past[0 .. 99]", "past=$key: the first page");
}
my $key_at_tie = get_page("$base?lang=de") ->decoded_content =~ /past=(2020-03-02T07:00:00~\d+)/ ? $1 : '';
ok($key_at_tie, 'the key of the first page ends among the shifts starting together');

# The customer sees no way to edit.
my $week = get_page("$base?lang=de&week=2040-01-01")->decoded_content;
my ($week_view) = $week =~ m{<ol class="week">(.*?)</ol>}s;
is(scalar(() = $week_view =~ /<span class="what">U\d+/g), 130, 'the week view shows the 130 shifts of that Sunday');
unlike($week_view, qr/edit=|delete/, 'without edit or delete for the customer');

# The staff: edit and delete in the week view and on every page of the lists.
fresh_agent();
login_as('admin', 'admin');
my $admin = "/admin/projects/$pid/planning";
$week = get_page("$admin?lang=de&week=2040-01-01")->decoded_content;
($week_view) = $week =~ m{<ol class="week">(.*?)</ol>}s;
my ($first_id) = map { $_->[0] } db_query("SELECT id FROM plan_entry WHERE project_id = $pid AND activity = 'U0'");
like($week_view, qr{<a class="button small" href="$admin\?week=2039-12-26&amp;edit=$first_id#shift-form">Bearbeiten</a>},
     'the week view links each shift to its edit form, in the week on view');
like($week_view, qr{<form method="post" action="$admin/$first_id/delete"}, 'and to its deletion');
is(scalar(() = $week_view =~ /&amp;edit=\d+#shift-form/g), 130, 'every shift of the week');
($pages, $html) = walk("$admin?lang=de", 'past', 'Ältere Schichten ›');
is_deeply([ map { @$_ } @$pages ], \@past, 'the staff page past shifts in the same way');
my ($last_id) = map { $_->[0] } db_query("SELECT id FROM plan_entry WHERE project_id = $pid AND activity = '$past[-1]'");
like($html->[2], qr{href="$admin\?week=[\d-]+&amp;past=[^"&]+&amp;edit=$last_id#shift-form"},
     'the oldest shift, on the last page, can be edited (the list kept on that page)');
my $edit = get_page("$admin?lang=de&edit=$last_id")->decoded_content;
like($edit, qr{<input[^>]*name="date"[^>]*value="2020-03-01"}, 'its form holds it');
# Saved or deleted from the third page of the past shifts, the page after it is that page again.
my ($edit_link) = $html->[2] =~ m{href="($admin\?week=[\d-]+&amp;past=[^"&]+&amp;edit=$last_id)#shift-form"};
my ($page3_key) = ($edit_link // '') =~ /past=([^&]+)/;
my $from_page3 = get_page(decode_entities($edit_link // ''))->decoded_content;
like($from_page3, qr{<form method="post" class="stack" action="$admin/$last_id\?past=\Q$page3_key\E">},
     'the edit form opened from the third page sends the page along');
like($html->[2], qr{<form method="post" action="$admin/$last_id/delete\?past=\Q$page3_key\E"}, '... as do the delete buttons there');
like($from_page3, qr{<a class="button" href="$admin\?week=[\d-]+&amp;past=\Q$page3_key\E">Abbrechen</a>}, '... and its cancel link');
my $saved = post_form("$admin/$last_id?past=$page3_key", csrf => csrf_of($from_page3), date => '2020-03-01',
                      from => '07:00', to => '08:00', activity => $past[-1], note => '', employee => '');
is(($saved->header('Location') // '') =~ s{^https?://[^/]+}{}r, "$admin?week=2020-03-01&past=$page3_key",
   'saved: back to its week with the past shifts on the third page');
is(post_form("$admin/$last_id?past=x%0D%0ALocation:%20evil", csrf => csrf_of($from_page3), date => '2020-03-01',
             from => '07:00', to => '08:00', activity => $past[-1], note => '', employee => '')->header('Location') =~ s{^https?://[^/]+}{}r,
   "$admin?week=2020-03-01", 'a key the module did not make is not passed on');
# A form sent back with an error shows the week being edited: of the date typed, or of the
# shift as stored when the date is not one.
my $bad = post_form("$admin/$last_id?past=$page3_key", csrf => csrf_of($from_page3), date => '2020-06-10',
                    from => '7 Uhr', to => '08:00', activity => $past[-1], note => '', employee => '');
is($bad->code, 400, 'a time that is none: 400');
like($bad->decoded_content, qr{<strong>Woche ab 08\.06\.2020</strong>}, '... on the week of the date typed');
like($bad->decoded_content, qr{<form method="post" class="stack" action="$admin/$last_id\?past=\Q$page3_key\E">},
     '... with the form still sending the page of the list along');
$bad = post_form("$admin/$last_id", csrf => csrf_of($from_page3), date => '1. März',
                 from => '07:00', to => '08:00', activity => $past[-1], note => '', employee => '');
like($bad->decoded_content, qr{<strong>Woche ab 24\.02\.2020</strong>}, 'a date that is none: the week of the shift as stored');
my $res = post_form("$admin/$last_id/delete", csrf => page_csrf("$admin?lang=de"));
is($res->code, 303, 'the oldest shift deleted');
like($res->header('Location') // '', qr{$admin\?week=2020-03-01$}, '... and the page shows its week next');
