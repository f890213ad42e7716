# The staff side that feeds the portal: employees, shifts, times, resources, documents, chat
# and the request inbox, each scoped to the tenant and the project (404 for anything else).
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use Encode qw(encode_utf8 decode_utf8);
use lib 't/lib';
use KPTest;

plan tests => 85;

my ($pid) = make_portal('stafftest');
my ($other) = make_portal('stafftest2');
my ($fremd) = map { $_->[0] } db_query("SELECT id FROM project WHERE number = 'Z-1'");
my $one = sub { (db_query($_[0]))[0][0] };

fresh_agent();
login_as('admin', 'admin');
my $csrf = csrf_of(get_page('/admin/employees')->content);
my $post = sub { my $url = shift; post_form($url, csrf => $csrf, @_) };
sub import_csv {
    my ($url, $csv) = @_;
    # the token as the body's first field, as the page's form sends it
    return Apache::TestRequest::POST($url, Content_Type => 'form-data',
        Content => [csrf => $csrf, file => [undef, 'import.csv', 'Content-Type' => 'text/csv', Content => encode_utf8($csv)]]);
}

# Employees
is($post->('/admin/employees', name => 'Erika Einsatz')->code, 303, 'add an employee');
my $emp = $one->("SELECT id FROM employee WHERE name = 'Erika Einsatz'");
my $res = $post->('/admin/employees', name => '  ');
is($res->code, 400, 'an empty name is 400');
like($res->content, qr/id="employee-name-error"/, '... with the error next to the field');
is($post->("/admin/employees/$emp", name => 'Erika Einsatz-Neu', active => '1')->code, 303, 'rename');
is($one->("SELECT name FROM employee WHERE id = $emp"), 'Erika Einsatz-Neu', 'renamed');

# Shifts
is(get_page("/admin/projects/$pid/planning")->code, 200, 'staff planning page');
like(get_page("/admin/projects/$pid/times.csv")->header('Content-Type'), qr{^text/csv}, 'staff times.csv');
is(get_page("/admin/projects/$fremd/times.csv")->code, 404, 'staff times.csv of another tenant is 404');
is(get_page("/admin/projects/$fremd/planning")->code, 404, 'another tenant\'s project is 404 for staff');
is(get_page('/admin/projects/99999999/planning')->code, 404, 'a missing project is 404');
$res = $post->("/admin/projects/$pid/planning", date => '2026-12-31', from => '22:00', to => '02:00',
               employee => $emp, activity => 'Silvesterdienst', note => 'Feuerwerk');
is($res->code, 303, 'create a shift');
my ($shift, $start, $end) = @{ (db_query("SELECT id, starts_at, ends_at FROM plan_entry WHERE project_id = $pid"))[0] };
is("$start|$end", '2026-12-31 22:00:00|2027-01-01 02:00:00', 'a shift past midnight ends the next day');
$res = $post->("/admin/projects/$pid/planning", date => '2026-12-32', from => '8', to => '10:00', activity => 'X');
is($res->code, 400, 'a bad date and time are 400');
like($res->content, qr/id="shift-date-error".*id="shift-from-error"/s, '... with the errors next to the fields');
is($one->("SELECT COUNT(*) FROM plan_entry WHERE project_id = $pid"), 1, '... and nothing stored');
is($post->("/admin/projects/$pid/planning/$shift", date => '2026-12-30', from => '08:00', to => '12:00',
           employee => '', activity => 'Vorbereitung', note => '')->code, 303, 'edit a shift');
is($one->("SELECT CONCAT(starts_at, '|', activity) FROM plan_entry WHERE id = $shift"), '2026-12-30 08:00:00|Vorbereitung', 'changed');
like(get_page("/admin/projects/$pid/planning?edit=$shift")->content, qr/id="shift-activity" name="activity" value="Vorbereitung"/,
     'the edit form is filled');
unlike(get_page("/admin/projects/$other/planning?edit=$shift")->content, qr/value="Vorbereitung"/,
       '... but not under another project');
is($post->("/admin/projects/$other/planning/$shift", date => '2026-12-30', from => '08:00', to => '12:00')->code, 404,
   'a shift under another project is 404');
$res = import_csv("/admin/projects/$pid/planning/import",
    "Datum;Von;Bis;Mitarbeiter;Tätigkeit;Notiz\r\n02.01.2027;07:00;15:00;Erika Einsatz-Neu;Import;\"a; b\"\r\n2027-01-03;07:00;15:00;;Import 2;\r\n");
is($res->code, 303, 'import shifts from CSV');
is($one->("SELECT COUNT(*) FROM plan_entry WHERE project_id = $pid"), 3, 'two shifts imported');
like($res->header('Location') // '', qr{/planning\?imported=2$}, '... to the planning page, with the number stored');
like(decode_utf8(get_page($res->header('Location'))->content), qr{<p class="alert ok" role="status">Importiert: 2 Zeilen\.</p>},
     '... which the page says');
# A file without a header whose first line has a typo in its date: that line is named, not skipped.
$res = import_csv("/admin/projects/$pid/planning/import", "31.04.2027;07:00;15:00;;Tippfehler;\n06.01.2027;07:00;15:00;;ok;\n");
ok($res->code == 400 && decode_utf8($res->content) =~ /Zeile 1 ist ungültig/, 'a first line with a bad date is a bad line 1, not a header');
is($one->("SELECT COUNT(*) FROM plan_entry WHERE project_id = $pid"), 3, '... and nothing is stored');
$res = import_csv("/admin/projects/$pid/planning/import", "04.01.2027;07:00;15:00;;ok;\n05.01.2027;07:00;;Niemand Bekannt;bad;\n");
is($res->code, 400, 'a bad line fails the import');
is($one->("SELECT COUNT(*) FROM plan_entry WHERE project_id = $pid"), 3, '... and nothing of it is stored');

# What German Excel saves ("CSV (Trennzeichen-getrennt)": Windows-1252, with ";;;;;" lines).
sub import_bytes {
    my ($url, $bytes) = @_;
    return Apache::TestRequest::POST("$url?csrf=$csrf", Content_Type => 'form-data',
        Content => [file => [undef, 'excel.csv', 'Content-Type' => 'text/csv', Content => $bytes]]);
}
$res = import_bytes("/admin/projects/$pid/planning/import",
    "Datum;Von;Bis;Mitarbeiter;T\xE4tigkeit;Notiz\r\n06.01.2027;07:00;15:00;Erika Einsatz-Neu;Pr\xFC" . "fung \x80;Stra\xDF" . "e\r\n;;;;;\r\n");
is($res->code, 303, 'a Windows-1252 file from Excel is imported');
is(decode_utf8($one->("SELECT CONCAT(activity, '|', note) FROM plan_entry WHERE project_id = $pid AND starts_at LIKE '2027-01-06%'")),
   'Prüfung €|Straße', '... its umlauts, sharp s and euro sign as they were meant, its blank ";;;;;" line skipped');
$res = import_bytes("/admin/projects/$pid/planning/import", "07.01.2027;07:00;15:00;;Pr\x81" . "fung;\n");
is($res->code, 400, 'a byte neither UTF-8 nor Windows-1252 can mean: 400');
like(decode_utf8($res->content), qr/weder UTF-8 noch Windows-1252.*CSV UTF-8/, '... saying what to do');
$res = import_bytes("/admin/projects/$pid/planning/import", encode_utf8("07.01.2027;07:00;15:00;;Prüfung;") . "Stra\xDFe\n");
is($res->code, 400, 'UTF-8 with one stray Latin-1 byte: 400, not read as Windows-1252 ("PrÃ¼fung")');
$res = import_csv("/admin/projects/$pid/planning/import", "08.01.2027;07:00;15:00;;Zeile;\n" x 10_001);
is($res->code, 413, 'more than 10,000 lines: 413');
like(decode_utf8($res->content), qr/mehr als 10\.000 Zeilen/, '... saying so');
$res = while_inserts_refused('plan_entry', sub { import_csv("/admin/projects/$pid/planning/import", "09.01.2027;07:00;15:00;;Voll;\n") });
is($res->code, 503, 'the database refusing a line: 503, not "line 1 is invalid"');
is($one->("SELECT COUNT(*) FROM plan_entry WHERE project_id = $pid"), 4, 'of these four files only the first is stored');
# The project cannot be looked up (a column its statement reads renamed away): the database's
# failure, 503, not "this project does not exist".
db_do('ALTER TABLE portal RENAME COLUMN allow_upload TO allow_upload_away');
$res = get_page("/admin/projects/$pid/planning?lang=de");
db_do('ALTER TABLE portal RENAME COLUMN allow_upload_away TO allow_upload');
ok($res->code == 503 && $res->header('Retry-After'), 'a project page while its lookup fails: 503 with Retry-After, not 404');

# Times and resources
$res = $post->("/admin/projects/$pid/times", date => '2026-12-30', from => '08:00', to => '10:45', minutes => '',
               employee => $emp, activity => 'Aufbau', note => '');
is($res->code, 303, 'create a time entry');
my ($entry, $minutes) = @{ (db_query("SELECT id, minutes FROM time_entry WHERE project_id = $pid"))[0] };
is($minutes, 165, 'minutes follow from from/to');
is($post->("/admin/projects/$pid/times", date => '2026-12-30', minutes => '0', activity => '')->code, 400,
   'no duration is 400');
# 08:00 to 08:00 is a day and a night (a 24-hour shift of a care service), not a typo.
is($post->("/admin/projects/$pid/times", date => '2026-12-29', from => '08:00', to => '08:00', minutes => '',
           employee => $emp, activity => '24-Stunden-Dienst', note => '')->code, 303, 'a time entry from 08:00 to 08:00');
is($post->("/admin/projects/$pid/planning", date => '2026-12-29', from => '08:00', to => '08:00',
           activity => '24-Stunden-Dienst')->code, 303, '... and a shift');
is($one->("SELECT CONCAT(t.minutes, ' ', TIMESTAMPDIFF(HOUR, s.starts_at, s.ends_at)) FROM time_entry t
           JOIN plan_entry s ON s.activity = t.activity WHERE t.activity = '24-Stunden-Dienst'"), '1440 24',
   '... are 24 hours each');
$post->("/admin/projects/$pid/times/" . $one->("SELECT id FROM time_entry WHERE activity = '24-Stunden-Dienst'") . '/delete');
# A night over a change of the clocks lasts an hour more or less than the wall clock says.
for ([ '2026-10-24', 'Nacht-Zeitumstellung-Herbst', 540 ], [ '2026-03-28', 'Nacht-Zeitumstellung-Fruehling', 420 ]) {
    my ($date, $activity, $expected) = @$_;
    is($post->("/admin/projects/$pid/times", date => $date, from => '22:00', to => '06:00', minutes => '',
               employee => $emp, activity => $activity, note => '')->code, 303, "a night shift of $date");
    is($one->("SELECT minutes FROM time_entry WHERE activity = '$activity'"), $expected,
       "... lasted $expected minutes, the change of the clocks counted");
    $post->("/admin/projects/$pid/times/" . $one->("SELECT id FROM time_entry WHERE activity = '$activity'") . '/delete');
}
# A time the clocks skip (02:00 to 02:59 the night they go forward) is refused next to its field.
$res = $post->("/admin/projects/$pid/planning", date => '2026-03-29', from => '02:30', to => '06:00', activity => 'Geisterstunde');
ok($res->code == 400 && decode_utf8($res->content) =~ /id="shift-from-error"[^>]*>Diese Uhrzeit gibt es an diesem Tag nicht/,
   'a shift starting at 02:30 the night the clocks go forward: 400, next to "Von"');
$res = $post->("/admin/projects/$pid/times", date => '2026-03-28', from => '22:00', to => '02:30', minutes => '',
               employee => $emp, activity => 'Geisterstunde', note => '');
ok($res->code == 400 && decode_utf8($res->content) =~ /id="entry-to-error"[^>]*>Diese Uhrzeit gibt es an diesem Tag nicht/,
   'a working time ending at 02:30 that night: 400, next to "Bis"');
is($one->("SELECT COUNT(*) FROM plan_entry WHERE activity = 'Geisterstunde'") + $one->("SELECT COUNT(*) FROM time_entry WHERE activity = 'Geisterstunde'"),
   0, '... neither is stored');
$post->("/admin/projects/$pid/planning/" . $one->("SELECT id FROM plan_entry WHERE activity = '24-Stunden-Dienst'") . '/delete');
is($post->("/admin/projects/$pid/resources", date => '2026-12-30', kind => 'machine', name => 'Hubsteiger',
           quantity => '2,5', unit => 'h')->code, 303, 'create a resource');
is($one->("SELECT CONCAT(kind, '|', quantity) FROM resource_entry WHERE project_id = $pid"), 'machine|2.500', 'quantity with a decimal comma');
is($post->("/admin/projects/$pid/resources", date => '2026-12-30', name => 'Sand', quantity => 'viel')->code, 400,
   'a bad quantity is 400');
# A wrong token as the body's first field: refused, logged, nothing imported.
$res = Apache::TestRequest::POST("/admin/projects/$pid/times/import", Content_Type => 'form-data',
    Content => [csrf => 'A' x 43, file => [undef, 'import.csv', 'Content-Type' => 'text/csv',
                Content => encode_utf8("Datum;Von;Bis;Minuten;Mitarbeiter;Tätigkeit;Notiz\n31.12.2026;;;90;;Fremd;\n")]]);
ok($res->code == 403 && $res->decoded_content =~ /Das Formular ist abgelaufen/
   && $one->("SELECT COUNT(*) FROM time_entry WHERE project_id = $pid AND activity = 'Fremd'") == 0,
   'an import with a wrong CSRF token in its body: 403 with the reason, nothing imported');
like(do { local $/; open my $fh, '<', 't/logs/error_log' or die $!; <$fh> },
     qr{KP10023: POST /admin/projects/$pid/times/import refused: missing or wrong CSRF token}, '... and logged');
$res = import_csv("/admin/projects/$pid/times/import", "Datum;Von;Bis;Minuten;Mitarbeiter;Tätigkeit;Notiz\n31.12.2026;;;90;;Nacharbeit;\n");
is($res->code, 303, 'import times from CSV');
is($one->("SELECT SUM(minutes) FROM time_entry WHERE project_id = $pid"), 255, 'imported');
# Minutes beside from and to must be their duration (a payroll file's minutes after a break).
$res = import_csv("/admin/projects/$pid/times/import", "Datum;Von;Bis;Minuten;Mitarbeiter;Tätigkeit;Notiz\n30.12.2026;08:00;16:30;480;;Pause abgezogen;\n");
ok($res->code == 400 && decode_utf8($res->content) =~ /Zeile 2 ist ungültig \(Datum, Uhrzeit, Minuten/, 'minutes that are not the duration of from and to: line 2 refused');
is($one->("SELECT SUM(minutes) FROM time_entry WHERE project_id = $pid"), 255, '... nothing stored');
# A letter typed for a digit in the first line's date (no time in it): a bad line 1 too.
$res = import_csv("/admin/projects/$pid/times/import", "O1.12.2026;;;90;;Tippfehler;\n");
ok($res->code == 400 && decode_utf8($res->content) =~ /Zeile 1 ist ungültig/, '"O1.12.2026" in the first line: line 1 refused, not taken for a header');
# A file of nothing but its header: the page says that no line was stored.
$res = import_csv("/admin/projects/$pid/times/import", "Datum;Von;Bis;Minuten;Mitarbeiter;Tätigkeit;Notiz\n");
like(decode_utf8(get_page($res->header('Location') // '/')->content), qr{Importiert: 0 Zeilen\.}, 'a header alone: "Importiert: 0 Zeilen."');
like(get_page("/admin/projects/$pid/times?edit=$entry")->content, qr/id="entry-from" name="from" value="08:00"/,
     'the time entry\'s edit form is filled');
is($post->("/admin/projects/$other/times/$entry/delete")->code, 404, 'deleting an entry under another project is 404');
is($post->("/admin/projects/$pid/times/$entry/delete")->code, 303, 'delete a time entry');
is($one->("SELECT COUNT(*) FROM time_entry WHERE id = $entry"), 0, 'deleted');
is(decode_utf8($one->("SELECT detail FROM audit_log WHERE action = 'admin.time_or_resource_deleted' ORDER BY id DESC LIMIT 1")),
   '2026-12-30 08:00–10:45, 165 min, Erika Einsatz-Neu, Aufbau', '... the log keeps what it was');

# Documents: internal upload, then shown in the portal
$res = Apache::TestRequest::POST("/admin/projects/$pid/documents?csrf=$csrf", Content_Type => 'form-data',
    Content => [file => [undef, 'intern.pdf', 'Content-Type' => 'application/pdf', Content => "%PDF-1.4\n\0\1\2"]]);
is($res->code, 303, 'staff upload without "visible"');
my $doc = $one->("SELECT id FROM document WHERE project_id = $pid");
is($one->("SELECT CONCAT(portal_visible, uploaded_by_kind) FROM document WHERE id = $doc"), '0staff', 'stored as internal');
is(get_page("/admin/projects/$pid/documents/$doc")->content, "%PDF-1.4\n\0\1\2", 'staff download');
is(get_page("/admin/projects/$other/documents/$doc")->code, 404, 'a document under another project is 404');
is($post->("/admin/projects/$pid/documents/$doc/visible", visible => 1)->code, 303, 'make it visible');
my %page_before = page_versions("/admin/projects/$pid");   # the project page, open meanwhile
is($post->("/admin/projects/$pid/documents/upload-setting", allow_upload => 0)->code, 303, '"Upload erlaubt" off');
is($one->("SELECT allow_upload FROM portal WHERE project_id = $pid"), 0, 'the portal no longer allows uploads');
my %save = (%page_before, action => 'save', name => 'Testprojekt stafftest', address => 'Teststraße 1', customer_id => '',
            number => $one->("SELECT number FROM project WHERE id = $pid"), portal_enabled => 1, info_text => 'Test');
is($post->("/admin/projects/$pid", %save)->code . ' ' . $one->("SELECT allow_upload FROM portal WHERE project_id = $pid"),
   '303 0', '... a project page loaded before still saves (no conflict) and leaves the setting as it is');

# Chat: the staff reply
is($post->("/admin/projects/$pid/messages", body => 'Antwort vom Team', form_token => '')->code, 303, 'staff reply');

# The customer sees it all
fresh_agent();
login_as('portal', 'stafftest', demo_password('kunde'));
like(get_page("/portal/projects/$pid/planning")->decoded_content, qr/Vorbereitung/, 'the shift reaches the portal');
is(get_page("/portal/projects/$pid/documents/$doc")->code, 200, 'the document, now visible, too');
like(get_page("/portal/projects/$pid/messages")->decoded_content, qr/Demo-Admin.*Antwort vom Team/s,
     'the reply, with the staff member\'s name');

# The request inbox: accept into a new project
db_do("INSERT INTO service_request (tenant_id, project_id, author_name, title, description, place, answer, created_at, updated_at)
       SELECT tenant_id, id, 'Test', 'Neuer Carport', 'Bitte bauen', 'Hinterhof', '', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid");
my $req = $one->("SELECT id FROM service_request WHERE title = 'Neuer Carport'");
fresh_agent();
login_as('admin', 'admin');
$csrf = csrf_of(get_page('/admin/requests')->content);
is(post_form("/admin/requests/$req", csrf => $csrf, action => 'accept', target => 'new', answer => 'Machen wir.')->code, 303,
   'accept as a new project');
is($one->("SELECT CONCAT(r.state, '|', p.name, '|', p.address) FROM service_request r JOIN project p ON p.id = r.resulting_project_id WHERE r.id = $req"),
   'accepted|Neuer Carport|Hinterhof', 'a project was made from the request');

# Deleting a shift or a document: the log keeps what it was.
is($post->("/admin/projects/$pid/planning/$shift/delete")->code, 303, 'delete a shift');
is(decode_utf8($one->("SELECT detail FROM audit_log WHERE action = 'admin.shift_deleted' ORDER BY id DESC LIMIT 1")),
   '2026-12-30 08:00–12:00, Vorbereitung', '... the log keeps the day, the times and the activity');
$csrf = csrf_of(get_page("/admin/projects/$pid/documents")->content);
is(post_form("/admin/projects/$pid/documents/$doc/delete", csrf => $csrf)->code, 303, 'delete a document');
is($one->("SELECT detail FROM audit_log WHERE action = 'admin.document_deleted' ORDER BY id DESC LIMIT 1"), 'intern.pdf',
   '... the log keeps its name');
