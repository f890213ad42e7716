# A shift deleted before it ended is cancelled, and the customer is told until it would have
# ended: struck through in its week with when it was called off, listed under "Abgesagte
# Schichten", counted on the overview (only with the planning permitted), and kept in
# planning.ics and the subscription under its old UID with STATUS:CANCELLED. Whoever deletes
# it: the editor or a script. A shift deleted after it ended is simply gone (also one that
# ended hours ago, which the trigger keeps by its UTC margin); the staff cannot edit or delete
# a cancelled one.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 44;

my ($pid, $aid) = make_portal('absage', perms => 'planning');
my $tenant = db_value("SELECT tenant_id FROM project WHERE id = $pid");
# Shifts from 08:00 to 12:00: on Tuesday and Wednesday of next week (to be cancelled, and to
# stay), a week later (to be cancelled by a script), five days ago (to be deleted); and one
# that ended an hour before now in UTC, so two or three by the company's clock (Europe/Berlin).
my $monday = "CURDATE() + INTERVAL (7 - WEEKDAY(CURDATE())) DAY";
my %at = (morgen => "$monday + INTERVAL 1 DAY", bleibt => "$monday + INTERVAL 2 DAY",
          woche => "$monday + INTERVAL 8 DAY", vorbei => "CURDATE() - INTERVAL 5 DAY");
for my $what (sort keys %at) {
    db_do("INSERT INTO plan_entry (tenant_id, project_id, starts_at, ends_at, activity, note, created_at, updated_at)
           SELECT tenant_id, id, $at{$what} + INTERVAL 8 HOUR, $at{$what} + INTERVAL 12 HOUR, 'Schicht $what', '',
                  UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid");
}
db_do("INSERT INTO plan_entry (tenant_id, project_id, starts_at, ends_at, activity, note, created_at, updated_at)
       SELECT tenant_id, id, UTC_TIMESTAMP() - INTERVAL 5 HOUR, UTC_TIMESTAMP() - INTERVAL 1 HOUR,
              'Schicht heute', '', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid");
my %id = map { $_->[0] =~ s/^Schicht //r => $_->[1] }
         db_query("SELECT activity, id FROM plan_entry WHERE project_id = $pid");
my $day = db_value("SELECT DATE(starts_at) FROM plan_entry WHERE id = $id{morgen}");
db_do("UPDATE portal_account SET last_login_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE id = $aid");
# A second account of the portal that may not see the planning.
db_do("INSERT INTO portal_account (tenant_id, portal_id, username, password_hash, display_name,
       perm_documents, perm_times, perm_planning, perm_messages, perm_requests, last_login_at,
       created_at, updated_at)
       SELECT tenant_id, portal_id, 'absage-ohne', password_hash, 'Ohne Planung', 1, 1, 0, 1, 1,
       UTC_TIMESTAMP() - INTERVAL 1 DAY, UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM portal_account WHERE id = $aid");

# The staff delete two in the editor; a script deletes the third.
fresh_agent();
login_as('admin', 'admin');
my $admin = "/admin/projects/$pid/planning";
my $csrf = page_csrf("$admin?lang=de");
is(post_form("$admin/$id{morgen}/delete", csrf => $csrf)->code, 303, 'the staff delete the coming shift');
is(post_form("$admin/$id{vorbei}/delete", csrf => $csrf)->code, 303, '... and the one that ended days ago');
is(post_form("$admin/$id{heute}/delete", csrf => $csrf)->code, 303, '... and the one that ended hours ago');
db_do("DELETE FROM plan_entry WHERE id = $id{woche}");
is(join(',', map { $_->[0] } db_query("SELECT id FROM plan_entry_cancelled WHERE project_id = $pid ORDER BY id")),
   join(',', sort { $a <=> $b } @id{qw(morgen woche heute)}),
   'the trigger keeps what had not ended by UTC less a day, whoever deleted it; not what ended days ago');

my $staff_week = get_page("$admin?lang=de&week=$day")->decoded_content;
my ($row) = $staff_week =~ m{(<li class="row cancelled">(?:(?!</li>).)*Schicht morgen.*?</li>)}s;
ok($row, 'the staff see the cancelled shift in its week');
unlike($row // '', qr/edit=|delete/, '... without edit or delete');
like($staff_week, qr{edit=$id{bleibt}}, '... while a live shift keeps them');

# The customer.
fresh_agent();
is(login_as('portal', 'absage', demo_password('kunde'))->code, 303, 'the customer logs in');
my $overview = get_page('/portal/?lang=de')->decoded_content;
like($overview, qr{<a href="/portal/projects/$pid/planning#cancelled"><span class="badge new">2</span> abgesagte Schichten</a>},
     'the overview counts the two cancellations since the last visit, linking to them');
my $page = get_page("/portal/projects/$pid/planning?lang=de")->decoded_content;
my ($section) = $page =~ m{<section id="cancelled">(.*?)</section>}s;
ok($section, 'the planning page lists the cancelled shifts');
is(join(',', ($section // '') =~ /Schicht (\w+)/g), 'morgen,woche', '... the two to come, by start');
like($section // '', qr{<span class="badge cancelled">abgesagt am \d\d\.\d\d\.\d{4}, \d\d:\d\d</span>}, '... each with when it was called off');
unlike($section // '', qr/vorbei|bleibt|heute/, '... and no other: not the one that had ended when it was deleted');
my $heute = db_value("SELECT DATE(starts_at) FROM plan_entry_cancelled WHERE id = $id{heute}");
my $today = get_page("/portal/projects/$pid/planning?lang=de&week=$heute")->decoded_content =~ m{<ol class="week">(.*?)</ol>}s ? $1 : '';
ok($today =~ /<h3>/ && $today !~ /Schicht heute/, '... which its week does not show either');
my $week = get_page("/portal/projects/$pid/planning?lang=de&week=$day")->decoded_content;
my ($week_view) = $week =~ m{<ol class="week">(.*?)</ol>}s;
like($week_view // '', qr{<li class="row cancelled"><span class="when">08:00–12:00</span><span class="what">Schicht morgen</span>},
     'the week view shows it struck through in its day');
like($week_view // '', qr{<li class="row"><span class="when">08:00–12:00</span><span class="what">Schicht bleibt</span>},
     '... next to the shifts that stay');

# The calendars: the cancelled ones under their old UIDs, marked.
my $ics = get_page("/portal/projects/$pid/planning.ics")->decoded_content;
my %event = map { /UID:plan-$tenant-(\d+)@/ ? ($1 => $_) : () } $ics =~ /BEGIN:VEVENT\r\n(.*?)END:VEVENT/sg;
is(join(',', sort { $a <=> $b } keys %event), join(',', sort { $a <=> $b } @id{qw(woche morgen bleibt)}),
   'planning.ics: the shift that stays and the two cancelled, under their old UIDs');
ok(($event{$id{morgen}} // '') =~ /^STATUS:CANCELLED\r$/m && ($event{$id{woche}} // '') =~ /^STATUS:CANCELLED\r$/m,
   '... the cancelled ones with STATUS:CANCELLED');
unlike($event{$id{bleibt}} // 'STATUS', qr/STATUS/, '... the one that stays without');
# Calendar apps keep the version of an event with the highest SEQUENCE (RFC 5546): every change
# of a shift raises it, by the editor or a script, and so does its cancellation.
unlike($event{$id{bleibt}} // 'SEQUENCE', qr/SEQUENCE/, '... and, never changed, without a SEQUENCE');
like($event{$id{morgen}} // '', qr/^SEQUENCE:1\r$/m, 'the cancellation of a shift never changed is its SEQUENCE 1');
my $sequence_of = sub {
    my ($shift) = @_;
    my ($event) = grep { /UID:plan-$tenant-$shift@/ }
                  get_page("/portal/projects/$pid/planning.ics")->decoded_content =~ /BEGIN:VEVENT\r\n(.*?)END:VEVENT/sg;
    return !defined $event ? 'missing' : $event =~ /^SEQUENCE:(\d+)\r$/m ? $1 : 0;
};
db_do("UPDATE plan_entry SET note = 'Bitte klingeln' WHERE id = $id{bleibt}");
db_do("UPDATE plan_entry SET updated_at = UTC_TIMESTAMP() + INTERVAL 1 SECOND WHERE id = $id{bleibt}");
is($sequence_of->($id{bleibt}), 1, 'a script\'s change of the note raises it; touching nothing shown does not');
fresh_agent();
login_as('admin', 'admin');
my $bleibt = db_value("SELECT DATE(starts_at) FROM plan_entry WHERE id = $id{bleibt}");
is(post_form("$admin/$id{bleibt}", csrf => page_csrf("$admin?lang=de"), date => $bleibt, from => '09:00',
             to => '12:00', employee => '', activity => 'Schicht bleibt', note => 'Bitte klingeln')->code,
   303, 'the staff move the shift in the editor');
fresh_agent();
login_as('portal', 'absage', demo_password('kunde'));
is($sequence_of->($id{bleibt}), 2, '... which raises it again');
# A cancelled shift inserted again under its id (from a backup, by a script) is live again,
# above its cancellation's SEQUENCE; deleted once more, it is cancelled once more.
my ($was) = db_query("SELECT tenant_id, project_id, starts_at, ends_at FROM plan_entry_cancelled WHERE id = $id{morgen}");
db_do("INSERT INTO plan_entry (id, tenant_id, project_id, starts_at, ends_at, activity, note, created_at, updated_at)
       VALUES ($id{morgen}, $was->[0], $was->[1], '$was->[2]', '$was->[3]', 'Schicht morgen', '', UTC_TIMESTAMP(), UTC_TIMESTAMP())");
is(db_value("SELECT COUNT(*) FROM plan_entry_cancelled WHERE id = $id{morgen}"), 0, 'a restored shift is no longer recorded as cancelled');
my $restored_page = get_page("/portal/projects/$pid/planning?lang=de&week=$day")->decoded_content;
my ($restored_week) = $restored_page =~ m{<ol class="week">(.*?)</ol>}s;
like($restored_week // '', qr{<li class="row"><span class="when">08:00–12:00</span><span class="what">Schicht morgen</span>},
     '... its week shows it live');
is(scalar(() = ($restored_week // '') =~ /Schicht morgen/g), 1, '... and not struck through beside it');
unlike($restored_page =~ m{<section id="cancelled">(.*?)</section>}s ? $1 : '', qr/Schicht morgen/,
       '... nor among the cancelled shifts');
my ($restored) = grep { /UID:plan-$tenant-$id{morgen}@/ }
                 get_page("/portal/projects/$pid/planning.ics")->decoded_content =~ /BEGIN:VEVENT\r\n(.*?)END:VEVENT/sg;
ok(defined $restored && $restored =~ /^SEQUENCE:2\r$/m && $restored !~ /STATUS/,
   'planning.ics has it once, without STATUS, at SEQUENCE 2');
db_do("DELETE FROM plan_entry WHERE id = $id{morgen}");
is($sequence_of->($id{morgen}), 3, '... and cancelled again at SEQUENCE 3');
my $token = join '', map { ('A' .. 'Z', 'a' .. 'z', 0 .. 9)[($_ * 7) % 62] } 1 .. 43;
db_do("UPDATE portal_account SET calendar_secret = SHA2('$token', 256) WHERE id = $aid");
fresh_agent();
my $feed = get_page("/portal/calendar/$token")->decoded_content;
like($feed, qr{UID:plan-$tenant-$id{morgen}@[^\r]*\r\n(?:(?!END:VEVENT)[^\r]*\r\n)*?STATUS:CANCELLED\r\nEND:VEVENT},
     'the subscription marks it too');
unlike($ics . $feed, qr{UID:plan-$tenant-$id{heute}@}, 'neither calendar has the one that had ended');

# The account without the planning hears nothing of it.
is(login_as('portal', 'absage-ohne', demo_password('kunde'))->code, 303, 'an account without the planning logs in');
my $without = get_page('/portal/?lang=de')->decoded_content;
ok($without =~ m{href="/portal/projects/$pid"} && $without !~ m{/planning}, '... sees the project and is not told');

# A calendar with nothing but cancelled shifts still carries them (its first statement has no
# row to say whether there are any).
db_do("DELETE FROM plan_entry WHERE id = $id{bleibt}");
fresh_agent();
login_as('portal', 'absage', demo_password('kunde'));
my $only = get_page("/portal/projects/$pid/planning.ics")->decoded_content;
is(scalar(() = $only =~ /^STATUS:CANCELLED\r$/mg) . ' of ' . scalar(() = $only =~ /^BEGIN:VEVENT\r$/mg), '3 of 3',
   'a calendar of cancelled shifts only has them all');

# More than a page of cancellations: 100 more, called off by a script, at 09:00 of the days from
# 20 days on (after the three above), are paged by start like the other shift lists, and each
# page's links keep the other lists where they are.
db_do("INSERT INTO plan_entry (tenant_id, project_id, starts_at, ends_at, activity, note, created_at, updated_at)
       SELECT p.tenant_id, p.id, CURDATE() + INTERVAL (20 + n.i) DAY + INTERVAL 9 HOUR,
              CURDATE() + INTERVAL (20 + n.i) DAY + INTERVAL 10 HOUR, CONCAT('Serie ', n.i + 1), '',
              UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM project p JOIN @{[numbers_sql()]} n WHERE p.id = $pid AND n.i < 100");
db_do("DELETE FROM plan_entry WHERE project_id = $pid AND activity LIKE 'Serie %'");
my $cancelled_of = sub {
    my ($html) = @_;
    my ($list) = $html =~ m{<section id="cancelled">(.*?)</section>}s;
    return ($list // '', [($list // '') =~ m{<span class="what">([^<]*)</span>}g]);
};
my ($first_list, $first_rows) = $cancelled_of->(get_page("/portal/projects/$pid/planning?lang=de")->decoded_content);
is(join(',', @$first_rows[0 .. 3], scalar @$first_rows), 'Schicht morgen,Schicht bleibt,Schicht woche,Serie 1,100',
   'a page of cancelled shifts holds the first 100 by start');
my ($more) = $first_list =~ m{<a href="([^"]*cancelled=[^"#]+)#cancelled" rel="next">Spätere abgesagte Schichten ›</a>};
ok($more, '... and links to the later ones');
$more = ($more // '') =~ s/&amp;/&/gr;
my $second_page = get_page($more)->decoded_content;
my ($second_list, $second_rows) = $cancelled_of->($second_page);
is(join(',', @$second_rows), 'Serie 98,Serie 99,Serie 100', '... which follow on the next page');
like($second_list, qr{<a href="/portal/projects/$pid/planning\?week=[0-9-]+#cancelled">‹ Zurück zu den nächsten abgesagten Schichten</a>},
     '... with the way back to the first');
my ($key) = $more =~ /cancelled=([^&]+)/;
like($second_page =~ m{<nav class="pager" aria-label="[^"]*">\s*<a href="([^"]*)" rel="prev">} ? $1 : '',
     qr{&amp;cancelled=\Q$key\E$}, 'paging the weeks keeps the page of cancelled shifts');
# The staff's delete of a live shift returns to the same page of them.
db_do("INSERT INTO plan_entry (tenant_id, project_id, starts_at, ends_at, activity, note, created_at, updated_at)
       SELECT tenant_id, id, CURDATE() + INTERVAL 3 DAY + INTERVAL 8 HOUR, CURDATE() + INTERVAL 3 DAY + INTERVAL 9 HOUR,
              'Schicht live', '', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid");
my $live = db_value("SELECT id FROM plan_entry WHERE project_id = $pid AND activity = 'Schicht live'");
fresh_agent();
login_as('admin', 'admin');
my $staff_page = get_page("$admin?lang=de&cancelled=$key")->decoded_content;
like($staff_page, qr{action="$admin/$live/delete\?cancelled=\Q$key\E"}, 'the staff\'s delete button carries the page of cancelled shifts');
my $deleted = post_form("$admin/$live/delete?cancelled=$key", csrf => csrf_of($staff_page));
like($deleted->header('Location') // '', qr{/planning\?week=[0-9-]+&cancelled=\Q$key\E$}, '... and the page after the delete shows it again');

# Deleting the project takes its records along (the foreign key, no trigger).
db_do("DELETE FROM project WHERE id = $pid");
is(db_value("SELECT COUNT(*) FROM plan_entry_cancelled WHERE project_id = $pid"), 0,
   'a deleted project leaves no cancelled shifts behind');
is(db_value("SELECT COUNT(*) FROM project WHERE id = $pid"), 0, '... and is gone');
