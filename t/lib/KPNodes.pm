# KPNodes: Apaches of their own for the several-node tests (t/nodes/*.t), generated from
# t/nodes/*.conf.in (@NAME@ placeholders filled in), each on a free port in a temporary
# directory, all stopped when the test ends.
package KPNodes;
use strict;
use warnings;
use Exporter 'import';
use IO::Socket::INET;
use File::Temp qw(tempdir);
use Time::HiRes qw(sleep);
use KPTest ();

our @EXPORT = qw(free_port start_server stop_server nodes_dir node_login);

# Ctrl-C, a kill or a write to a closed pipe still end the test through its END blocks, which
# stop what it started.
$SIG{INT} = $SIG{TERM} = sub { exit 1 };
$SIG{PIPE} = 'IGNORE';

my $httpd = $ENV{KP_SANITIZER_PRELOAD} ? "$ENV{KP_SCRIPTS}/sanitized-httpd.sh" : '/usr/sbin/apache2';
my $top = tempdir('kp-nodes.XXXXXX', TMPDIR => 1, CLEANUP => 1);
my %server;

# A directory of the test's own, removed at the end.
sub nodes_dir { return $top }

sub free_port {
    my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1', LocalPort => 0) or die $!;
    my $port = $s->sockport;
    close $s;
    return $port;
}

# start_server(NAME, TEMPLATE, PLACEHOLDER => VALUE...): {dir, port, url} once it listens.
sub start_server {
    my ($name, $template, %fill) = @_;
    my $dir = "$top/$name";
    mkdir $dir or die "$dir: $!";
    my $port = free_port();
    %fill = (DIR => $dir, PORT => $port, NAME => $name, STAGE => $ENV{KP_STAGE}, EXTRA => '', %fill);
    open my $in, '<', "t/nodes/$template" or die "$template: $!";
    my $conf = do { local $/; <$in> };
    $conf =~ s/\@(\w+)\@/$fill{$1} \/\/ die "no value for \@$1\@"/ge;
    open my $out, '>', "$dir/httpd.conf" or die $!;
    print $out $conf;
    close $out;
    system($httpd, '-f', "$dir/httpd.conf", '-k', 'start') == 0 or die "$name did not start";
    for (1 .. 100) {
        last if IO::Socket::INET->new(PeerAddr => "127.0.0.1:$port", Timeout => 1);
        sleep 0.05;
    }
    $server{$name} = {dir => $dir, port => $port, url => "http://127.0.0.1:$port"};
    return $server{$name};
}

# stop_server(NAME [, SIGNAL]): TERM by default; waits until the parent is gone.
sub stop_server {
    my ($name, $signal) = @_;
    my $s = $server{$name} or return;
    open my $fh, '<', "$s->{dir}/httpd.pid" or return;
    chomp(my $pid = <$fh> // '');
    return unless $pid;
    kill $signal // 'TERM', $pid;
    for (1 .. 200) { last unless kill 0, $pid; sleep 0.05 }
    delete $server{$name};
}

# node_login(UA, URL, USER, PASSWORD): logs in on /portal of the node at URL; the login's
# response and the session cookie ("kp_portal=...").
sub node_login {
    my ($ua, $url, $user, $password) = @_;
    my $res = $ua->get("$url/portal/login");
    my ($csrf_cookie) = map { /^(kp_csrf=[^;]+)/ ? $1 : () } $res->header('Set-Cookie');
    $res = $ua->post("$url/portal/login", [csrf => KPTest::csrf_of($res->content), username => $user,
                                           password => $password],
                     Cookie => $csrf_cookie);
    my ($session) = map { /^(kp_portal=[^;]+)/ ? $1 : () } $res->header('Set-Cookie');
    return ($res, $session);
}

END { stop_server($_) for keys %server }

1;
