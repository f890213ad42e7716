# KPTest: helpers shared by the integration tests: logins, CSRF tokens, the test database,
# the hostile strings of the escaping tests.
package KPTest;
use strict;
use warnings;
use Exporter 'import';
use Apache::TestRequest ();
use HTTP::Cookies ();
use POSIX ();

our @EXPORT = qw(fresh_agent login_as csrf_of get_page post_form db_query db_do
                 demo_password portal_token routes_of fill_route db_fingerprint under_load
                 median base_url html_inspect make_portal use_jar page_csrf db_value
                 create_project page_versions in_parallel request_of hostile_strings make_admin
                 numbers_sql slow_download read_rest many_long_shifts while_row_held
                 while_inserts_refused db_root);

our %PASSWORD = (
    admin          => 'Admin-Demo-2026',
    kunde          => 'Kunde-Demo-2026',
    planung        => 'Planung-Demo-2026',
    hausverwaltung => 'Hausverwaltung-Demo-2026',
);

sub demo_password { $PASSWORD{ $_[0] } }

# A new browser: empty cookie jar, redirects not followed (tests look at them).
sub fresh_agent {
    my %args = @_;
    Apache::TestRequest::module($args{vhost}) if $args{vhost};
    Apache::TestRequest::module('default') unless $args{vhost};
    my $ua = Apache::TestRequest::user_agent(reset => 1, cookie_jar => HTTP::Cookies->new,
                                             requests_redirectable => 0, keep_alive => 1);
    return $ua;
}

sub csrf_of {
    my ($html) = @_;
    return $html =~ /name="csrf" value="([A-Za-z0-9_-]+)"/ ? $1 : undef;
}

sub get_page { Apache::TestRequest::GET(@_) }

# http://host:port of the virtual host the last fresh_agent chose.
sub base_url { return 'http://' . Apache::TestRequest::hostport() }

sub post_form {
    my ($url, @fields) = @_;
    return Apache::TestRequest::POST($url, [@fields]);
}

# Logs in on /portal or /admin; returns the response of the login POST.
sub login_as {
    my ($app, $user, $password) = @_;
    $password //= $PASSWORD{$user};
    my $page = Apache::TestRequest::GET("/$app/login");
    my $csrf = csrf_of($page->content) or die "no CSRF token on /$app/login";
    return Apache::TestRequest::POST("/$app/login",
        [csrf => $csrf, username => $user, password => $password]);
}

# The private MariaDB of the test run (t/run-tests.sh exports its coordinates).
sub _db_cmd {
    my ($sql) = @_;
    utf8::encode($sql) if utf8::is_utf8($sql);   # SQL written under "use utf8"
    local $ENV{MYSQL_PWD} = $ENV{KP_DB_PASS};
    open(my $fh, '-|', 'mariadb', '--no-defaults', '--default-character-set=utf8mb4',
         '-h', '127.0.0.1', '-P', $ENV{KP_DB_PORT},
         '-u', 'kp', '-N', '-B', '-e', $sql, 'kundenportal') or die "mariadb: $!";
    my @rows = map { chomp; [split /\t/, $_, -1] } <$fh>;
    close $fh or die "query failed: $sql";
    return @rows;
}

sub db_query { my @rows = _db_cmd(@_); return @rows }
sub db_do { _db_cmd(@_); return 1 }

# The first column of the first row of a query (undef when there is none).
sub db_value { my ($row) = db_query(@_); return $row ? $row->[0] : undef }

# Swaps the cookie jar of the current browser: several sessions in one test.
sub use_jar {
    my ($jar) = @_;
    my $ua = Apache::TestRequest::user_agent();
    my $old = $ua->cookie_jar;
    $ua->cookie_jar($jar);
    return $old;
}

# The session's CSRF token, read from a page that carries one.
sub page_csrf {
    my ($url) = @_;
    return csrf_of(Apache::TestRequest::GET($url)->content);
}

# As the logged-in admin: creates a project through the form; returns its id.
sub create_project {
    my ($csrf, %fields) = @_;
    my $res = Apache::TestRequest::POST('/admin/projects/new', [csrf => $csrf, %fields]);
    my ($id) = ($res->header('Location') // '') =~ m{/admin/projects/(\d+)}
        or die "project '$fields{name}' not created: " . $res->code;
    return $id;
}

# The versions an admin page was shown with (version, portal_version), for "Daten speichern".
sub page_versions {
    my ($url) = @_;
    return Apache::TestRequest::GET($url)->decoded_content =~ /name="(version|portal_version)" value="(\d*)"/g;
}

sub portal_token {
    my ($project_or_customer, $id) = @_;
    my ($row) = db_query("SELECT link_token FROM portal WHERE ${project_or_customer}_id = $id");
    return $row->[0];
}

# A derived table of the numbers 0 .. 9999 in column i, to insert many rows in one statement
# (no Sequence engine needed): "... FROM project p JOIN @{[numbers_sql()]} n WHERE n.i < 5001".
sub numbers_sql {
    my $digit = '(SELECT 0 d UNION ALL ' . join(' UNION ALL ', map { "SELECT $_" } 1 .. 9) . ')';
    return "(SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d AS i FROM $digit a CROSS JOIN $digit b"
         . " CROSS JOIN $digit c CROSS JOIN $digit e)";
}

# A project of its own with a project portal and one account (password of the demo "kunde"),
# for tests that change data. Returns (project id, account id). Options: perms (e.g.
# "documents,messages"; default all), upload (allow_upload, default 1), tenant (slug, "demo").
my $made = 0;
sub make_portal {
    my ($username, %opt) = @_;
    my %perm = map { $_ => 1 } split /,/, ($opt{perms} // 'documents,times,planning,messages,requests');
    my $upload = $opt{upload} // 1;
    my $slug = $opt{tenant} // 'demo';
    $made++;
    my $number = "T-$$-$made";
    db_do("INSERT INTO project (tenant_id, name, number, address, created_at, updated_at)
           SELECT id, 'Testprojekt $username', '$number', 'Teststraße 1', UTC_TIMESTAMP(), UTC_TIMESTAMP()
           FROM tenant WHERE slug = '$slug'");
    my ($pid) = map { $_->[0] } db_query("SELECT id FROM project WHERE number = '$number'");
    my $token = join '', map { ('A'..'Z', 'a'..'z', 0..9)[rand 62] } 1..43;
    db_do("INSERT INTO portal (tenant_id, project_id, enabled, info_text, link_token, allow_upload,
           created_at, updated_at) SELECT tenant_id, id, 1, 'Test', '$token', $upload,
           UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM project WHERE id = $pid");
    my @p = map { $perm{$_} ? 1 : 0 } qw(documents times planning messages requests);
    db_do("INSERT INTO portal_account (tenant_id, portal_id, username, password_hash, display_name,
           perm_documents, perm_times, perm_planning, perm_messages, perm_requests, created_at, updated_at)
           SELECT po.tenant_id, po.id, '$username', (SELECT password_hash FROM portal_account
           WHERE username = 'kunde' ORDER BY id LIMIT 1), 'Test $username', @{[join ', ', @p]},
           UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM portal po WHERE po.project_id = $pid");
    my ($aid) = map { $_->[0] } db_query("SELECT id FROM portal_account WHERE username = '$username'");
    return ($pid, $aid);
}

# Another administrator with the demo admin's password (demo_password('admin')), in the demo
# company or the tenant of the given id. Returns the new admin's id.
sub make_admin {
    my ($username, $display_name, %opt) = @_;
    my $demo = "(SELECT id FROM tenant WHERE slug = 'demo')";
    my $tenant = $opt{tenant} // $demo;
    db_do("INSERT INTO admin_user (tenant_id, username, password_hash, display_name, created_at)
           SELECT $tenant, '$username', password_hash, '$display_name', UTC_TIMESTAMP() FROM admin_user
           WHERE username = 'admin' AND tenant_id = $demo");
    return db_value("SELECT id FROM admin_user WHERE tenant_id = $tenant AND username = '$username'");
}

# The routes of the module (t/data/routes.txt, written by t/run-tests.sh from the route
# tables): a list of {app, method, pattern, access, area, multipart, domain}.
sub routes_of {
    my ($method) = @_;
    open(my $fh, '<', 't/data/routes.txt') or die "t/data/routes.txt: $!";
    my @routes;
    while (<$fh>) {
        my %r;
        @r{qw(app method pattern access area multipart domain)} = split ' ';
        push @routes, \%r if !$method || $r{method} eq $method;
    }
    return @routes;
}

# Real ids of the demo tenant for the {..} segments of a route pattern, so that a request
# reaches the router's checks: {token} is the project portal's link, {doc} a document of the
# project, logo/{..} and accent/{..} the tenant's logo version and accent colour (as a number),
# and {id} a row of the table its preceding segment names (projects/{id} -> project).
my %TABLE_OF = (projects => 'project', customers => 'customer', portals => 'portal',
                documents => 'document', messages => 'message', requests => 'service_request',
                accounts => 'portal_account', employees => 'employee', planning => 'plan_entry',
                times => 'time_entry', users => 'admin_user', admins => 'admin_user',
                resources => 'resource_entry');
sub _id_in {
    my ($table, $tenant) = @_;
    return 1 unless $table =~ /^\w+$/;
    my ($exists) = db_query("SELECT COUNT(*) FROM information_schema.tables"
                            . " WHERE table_schema = DATABASE() AND table_name = '$table'");
    return 1 unless $exists->[0];
    my ($row) = db_query($table eq 'project' && $tenant eq 'demo'
        ? "SELECT id FROM project WHERE number = 'P-2026-021'"
        : "SELECT MIN(t.id) FROM $table t JOIN tenant n ON n.id = t.tenant_id AND n.slug = '$tenant'");
    return defined $row && $row->[0] ne 'NULL' ? $row->[0] : 1;
}
# fill_route(PATTERN [, TENANT_SLUG]): ids of the demo tenant, or of the one named.
sub fill_route {
    my ($pattern, $tenant) = @_;
    $tenant //= 'demo';
    my @seg = split m{/}, $pattern, -1;
    my $project = _id_in('project', $tenant);
    for my $i (0 .. $#seg) {
        next unless $seg[$i] =~ /^\{(\w+)\}$/;
        my $name = $1;
        if ($name eq 'token') {
            $seg[$i] = portal_token('project', $project);
        }
        elsif ($name eq 'doc') {
            my ($d) = db_query("SELECT MIN(id) FROM document WHERE project_id = $project");
            $seg[$i] = $d->[0];
        }
        elsif ($i > 0 && ($seg[$i - 1] eq 'logo' || $seg[$i - 1] eq 'accent')) {
            # The tenant's logo version, or its accent colour as a number (0: it has none).
            my ($v) = db_query($seg[$i - 1] eq 'logo'
                ? "SELECT COALESCE(logo_version, 0) FROM tenant WHERE slug = '$tenant'"
                : "SELECT COALESCE(CONV(SUBSTR(accent_color, 2), 16, 10), 0) FROM tenant WHERE slug = '$tenant'");
            $seg[$i] = $v->[0];
        }
        else {
            my $prev = $i > 0 ? $seg[$i - 1] : '';
            $seg[$i] = _id_in($TABLE_OF{$prev} // ($prev =~ s/s$//r), $tenant);
        }
    }
    return join '/', @seg;
}

# A fingerprint of every row of every table, to show that a refused request changed nothing.
# Sessions are compared without last_seen_at (a request may touch it).
sub db_fingerprint {
    my @tables = map { $_->[0] } db_query("SELECT table_name FROM information_schema.tables"
        . " WHERE table_schema = DATABASE() AND table_name <> 'session' ORDER BY table_name");
    my @sums = db_query('CHECKSUM TABLE ' . join(', ', @tables));
    my ($sessions) = db_query("SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', token_hash,"
        . " tenant_id, kind, account_id, csrf_token, created_at))), 0) FROM session");
    return join("\n", (map { "$_->[0]=$_->[1]" } @sums), "session=@$sessions");
}

# under_load(path => P (or url => U), cookie => C, workers => N, seconds => S, during => SUB
# [, after => A]): N processes request P (new connection each time, as a browser after a
# restart would) for S seconds, or with `after` until A seconds after SUB (which runs
# meanwhile in this process) has returned. Returns [start time, status, seconds taken] per
# request.
sub under_load {
    my %a = (workers => 4, seconds => 4, cookie => '', @_);
    require LWP::UserAgent;
    require Time::HiRes;
    require File::Temp;
    my $url = $a{url} // base_url() . $a{path};
    my $end = Time::HiRes::time() + $a{seconds};
    my $stop = File::Temp::tempdir(CLEANUP => 1) . "/stop";
    my (@pids, @files);
    for my $w (1 .. $a{workers}) {
        my ($fh, $file) = File::Temp::tempfile(UNLINK => 1);
        push @files, $file;
        my $pid = fork // die "fork: $!";
        if (!$pid) {
            my $ua = LWP::UserAgent->new(keep_alive => 0, timeout => 15, max_redirect => 0);
            while (defined $a{after} ? !-e $stop : Time::HiRes::time() < $end) {
                my $t = Time::HiRes::time();
                my $res = $ua->get($url, ($a{cookie} ? (Cookie => $a{cookie}) : ()));
                printf {$fh} "%.4f %d %.4f\n", $t, $res->code, Time::HiRes::time() - $t;
            }
            close $fh;
            POSIX::_exit(0);
        }
        push @pids, $pid;
    }
    $a{during}->() if $a{during};
    if (defined $a{after}) {
        Time::HiRes::sleep($a{after});
        open my $flag, '>', $stop or die "$stop: $!";
        close $flag;
    }
    waitpid($_, 0) for @pids;
    unlink $stop;
    my @results;
    for my $file (@files) {
        open my $in, '<', $file or die "$file: $!";
        push @results, map { [split ' '] } <$in>;
    }
    return sort { $a->[0] <=> $b->[0] } @results;
}

# db_root(SQL): runs SQL as MariaDB's root on the test database (what the module's user may not:
# triggers, other databases).
sub db_root {
    my ($sql) = @_;
    open(my $client, '|-', "$ENV{KP_SCRIPTS}/mariadb.sh", 'client', $ENV{KP_DB_DIR}, 'kundenportal') or die $!;
    print {$client} $sql;
    close $client or die "as root: $sql";
}

# while_inserts_refused(TABLE, REQUEST): runs REQUEST (a sub) while the database refuses every
# insert into TABLE as if it were full (a trigger, created as root and dropped after); returns
# REQUEST's response.
sub while_inserts_refused {
    my ($table, $request) = @_;
    db_root("CREATE TRIGGER kp_test_${table}_full BEFORE INSERT ON $table FOR EACH ROW
             SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = 1114, MESSAGE_TEXT = 'The table ''$table'' is full';");
    my $res = eval { $request->() };
    my $error = $@;
    db_root("DROP TRIGGER kp_test_${table}_full;");
    die $error if $error;
    return $res;
}

# while_row_held(TABLE, ID, WAITING, CHANGE, REQUEST): a second database session locks the row
# ID of TABLE, runs REQUEST (a sub), waits until the request's connection waits for that row (a
# statement LIKE the pattern WAITING in the process list: the module's connections are the same
# database user), then runs the SQL CHANGE and commits. Returns REQUEST's response and whether
# the session saw the request wait (not its timeout of 30 s).
sub while_row_held {
    my ($table, $id, $waiting, $change, $request) = @_;
    require IPC::Open2;
    local $ENV{MYSQL_PWD} = $ENV{KP_DB_PASS};
    my $pid = IPC::Open2::open2(my $out, my $in, 'mariadb', '--no-defaults', '-h', '127.0.0.1',
                                '-P', $ENV{KP_DB_PORT}, '-u', 'kp', '-N', '-B', '-n', 'kundenportal');
    print $in <<SQL;
START TRANSACTION;
SELECT id FROM $table WHERE id = $id FOR UPDATE;
SELECT 'locked';
DELIMITER //
BEGIN NOT ATOMIC
  DECLARE i INT DEFAULT 0;
  WHILE i < 600 AND (SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()
                     AND INFO LIKE '$waiting') = 0 DO
    DO SLEEP(0.05);
    SET i = i + 1;
  END WHILE;
  SELECT IF(i < 600, 'saw the wait', 'timed out');
END //
DELIMITER ;
$change;
COMMIT;
SELECT 'committed';
SQL
    close $in;
    while (my $line = <$out>) { last if $line =~ /^locked$/ }
    my $res = $request->();
    my @rest = map { chomp; $_ } <$out>;
    waitpid($pid, 0);
    die "the holding session failed: @rest" unless $? == 0 && grep { $_ eq 'committed' } @rest;
    return ($res, scalar grep { $_ eq 'saw the wait' } @rest);
}

# request_of(METHOD, PATH, [FIELDS]): an HTTP::Request to the current vhost carrying the
# current browser's cookies, for in_parallel.
sub request_of {
    my ($method, $path, $fields) = @_;
    require HTTP::Request::Common;
    my $url = base_url() . $path;
    my $req = $method eq 'POST' ? HTTP::Request::Common::POST($url, $fields // [])
                                : HTTP::Request::Common::GET($url);
    Apache::TestRequest::user_agent()->cookie_jar->add_cookie_header($req);
    return $req;
}

# in_parallel(REQUEST...): one process and one new connection per request; all of them wait
# on one pipe and send when it closes, so the requests reach the server at the same moment.
# Returns [status, Location, body] per request, in the order given.
sub in_parallel {
    my @requests = @_;
    require LWP::UserAgent;
    require File::Temp;
    pipe(my $gate_r, my $gate_w) or die "pipe: $!";
    my (@pids, @files);
    for my $req (@requests) {
        my (undef, $file) = File::Temp::tempfile(UNLINK => 1);
        push @files, $file;
        my $pid = fork // die "fork: $!";
        if (!$pid) {
            close $gate_w;
            my $ua = LWP::UserAgent->new(keep_alive => 0, timeout => 60, max_redirect => 0);
            sysread($gate_r, my $byte, 1);   # returns at EOF: when the parent closes the pipe
            my $res = $ua->request($req);
            open my $out, '>:raw', $file or POSIX::_exit(1);
            print {$out} join("\0", $res->code, $res->header('Location') // '', $res->content);
            close $out;
            POSIX::_exit(0);
        }
        push @pids, $pid;
    }
    close $gate_r;
    select(undef, undef, undef, 0.3);   # let every process reach the gate
    close $gate_w;
    waitpid($_, 0) for @pids;
    return map {
        open my $in, '<:raw', $_ or die "$_: $!";
        local $/;
        my $all = <$in> // '';
        [split /\0/, $all, 3];
    } @files;
}

# slow_download(PATH): starts a keep-alive HTTP/1.1 GET with the current browser's cookies (so
# the answer is chunked: only its closing chunk tells a whole download from a cut one) on a
# socket with a 4 KiB receive buffer, and reads its first bytes only: a long download then
# waits for the client. Returns (socket, what was read).
sub slow_download {
    my ($path) = @_;
    require IO::Socket::INET;
    require Socket;
    my $req = request_of(GET => $path);
    my ($host, $port) = split /:/, Apache::TestRequest::hostport();
    my $sock = IO::Socket::INET->new(Proto => 'tcp') or die "socket: $!";
    setsockopt($sock, Socket::SOL_SOCKET(), Socket::SO_RCVBUF(), 4096) or die "SO_RCVBUF: $!";
    $sock->connect(Socket::pack_sockaddr_in($port, Socket::inet_aton('127.0.0.1'))) or die "connect: $!";
    print {$sock} "GET $path HTTP/1.1\r\nHost: $host:$port\r\nCookie: "
        . ($req->header('Cookie') // '') . "\r\n\r\n";
    sysread($sock, my $got, 4096) or die "no answer to $path";
    return ($sock, $got);
}

# read_rest(SOCKET): what the server sends until it closes the connection (or 60 s pass:
# then undef).
sub read_rest {
    my ($sock) = @_;
    require IO::Select;
    my $sel = IO::Select->new($sock);
    my $until = time + 60;
    my $got = '';
    while ($sel->can_read($until - time)) {
        my $n = sysread($sock, my $buf, 65536);
        return $got unless $n;
        $got .= $buf;
        return undef if time >= $until;
    }
    return undef;
}

# many_long_shifts(PROJECT): 60,000 shifts, one per hour from today on, with long texts
# (activity "Schicht N xxx…"): some 34 MB of planning.ics, far more than the socket buffers
# between Apache and a slow_download hold (Linux's tcp_wmem allows 4 MiB by default).
sub many_long_shifts {
    my ($pid) = @_;
    db_do("INSERT INTO plan_entry (tenant_id, project_id, employee_id, starts_at, ends_at, activity,
           note, created_at, updated_at)
           SELECT p.tenant_id, p.id, NULL, CURDATE() + INTERVAL (k.i * 10000 + n.i) HOUR,
                  CURDATE() + INTERVAL (k.i * 10000 + n.i) HOUR + INTERVAL 30 MINUTE,
                  CONCAT('Schicht ', k.i * 10000 + n.i, ' ', REPEAT('x', 150)), REPEAT('Notiz ', 20),
                  UTC_TIMESTAMP(), UTC_TIMESTAMP()
           FROM project p JOIN @{[numbers_sql()]} n
           JOIN (SELECT 0 i UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
                 UNION ALL SELECT 4 UNION ALL SELECT 5) k
           WHERE p.id = $pid");
}

# The hostile strings every escaping test stores (t/security/escaping.t, escaping_areas.t):
# markup, handler attributes, a javascript: URL, entities, template and PHP syntax. Each test
# adds its own to them.
sub hostile_strings {
    return (
        '<script>alert(1)</script>',
        '"><img src=x onerror=alert(2)>',
        "'><svg onload=alert(3)>",
        '</title></textarea><script>alert(4)</script>',
        '<a href="javascript:alert(5)">x</a>',
        '&lt;b&gt;entity&amp;',
        ']]><!-- -->{{7*7}}${7*7}<?php ?>',
    );
}

sub median { my @s = sort { $a <=> $b } @_; return @s ? $s[int(@s / 2)] : undef }

# html_inspect(HTML) -> (TEXT, [BAD...]): what a page shows (its decoded texts and attribute
# values) and what it must not contain under our CSP: inline script, a handler attribute,
# a javascript: URL, inline style, or an embedded svg/iframe/object.
sub html_inspect {
    my ($html) = @_;
    require HTML::TokeParser;
    require HTML::Entities;
    my $p = HTML::TokeParser->new(\$html);
    my (@shown, @bad);
    while (my $t = $p->get_token) {
        if ($t->[0] eq 'S') {
            my ($tag, $attr) = @$t[1, 2];
            push @bad, "<$tag>" if $tag =~ /^(style|svg|iframe|object|embed|math)$/
                                   || ($tag eq 'script' && !$attr->{src});
            for my $name (keys %$attr) {
                push @bad, "$tag $name=" if $name =~ /^on/ || $name eq 'style' || $name eq 'autofocus';
                push @bad, "$tag $name=javascript:" if $attr->{$name} =~ /^\s*javascript:/i;
                push @shown, $attr->{$name};
            }
        }
        elsif ($t->[0] eq 'T') {
            push @shown, HTML::Entities::decode_entities($t->[1]);
        }
    }
    return (join("\n", @shown), \@bad);
}

1;
