# The sanitizer pass of `make test` really runs the ASan+UBSan build: the runtimes are mapped
# into the server's processes (and in the plain pass they are not), so "zero reports" means
# something.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;

plan tests => 3;

my $pid = do { open my $fh, '<', 't/logs/httpd.pid' or die $!; local $/; <$fh> };
chomp $pid;
my $maps = do { open my $fh, '<', "/proc/$pid/maps" or die "maps of $pid: $!"; local $/; <$fh> };
fresh_agent();
is(get_page('/portal/login')->code, 200, 'the server answers');
if ($ENV{KP_SANITIZER_PRELOAD}) {
    like($maps, qr/libasan\.so/, 'sanitizer pass: ASan runtime loaded into httpd');
    like($maps, qr/libubsan\.so/, 'sanitizer pass: UBSan runtime loaded into httpd');
}
else {
    unlike($maps, qr/libasan\.so/, 'plain pass: no ASan runtime in httpd');
    like($maps, qr/mod_kundenportal\.so/, 'plain pass: the module is loaded');
}
