# KPTest: helpers shared by the integration tests: logins, CSRF tokens, the test database.
package KPTest;
use strict;
use warnings;
use Exporter 'import';
use Apache::TestRequest ();
use HTTP::Cookies ();

our @EXPORT = qw(fresh_agent login_as csrf_of get_page post_form db_query db_do
                 demo_password portal_token use_jar page_csrf db_value create_project
                 page_versions);

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
    utf8::encode($sql) if utf8::is_utf8($sql);   # text from a `use utf8` test: send UTF-8
    local $ENV{MYSQL_PWD} = $ENV{KP_DB_PASS};
    open(my $fh, '-|:encoding(UTF-8)', 'mariadb', '--no-defaults', '-h', '127.0.0.1', '-P', $ENV{KP_DB_PORT},
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

1;
