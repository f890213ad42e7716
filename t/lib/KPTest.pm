# KPTest: helpers shared by the integration tests: logins, CSRF tokens, the test database.
package KPTest;
use strict;
use warnings;
use Exporter 'import';
use Apache::TestRequest ();
use HTTP::Cookies ();

our @EXPORT = qw(fresh_agent login_as csrf_of get_page post_form db_query db_do
                 demo_password portal_token make_portal);

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

sub portal_token {
    my ($project_or_customer, $id) = @_;
    my ($row) = db_query("SELECT link_token FROM portal WHERE ${project_or_customer}_id = $id");
    return $row->[0];
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

1;
