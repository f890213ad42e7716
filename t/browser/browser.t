# Runs the browser tests (t/browser/*.test.mjs: node's test runner driving Debian's chromium)
# against this Apache, and reports each of them as one test here.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();

my $base = Apache::TestRequest::module2url('/', { scheme => 'http' });
$base =~ s{/$}{};
$ENV{KP_BASE_URL} = $base;
$ENV{KP_ARTIFACTS} = 't/artifacts';

# KP_BROWSER_ONLY=admin,e2e runs only those files (t/browser/<name>.test.mjs), e.g. while working
# on one page; unset: all of them.
my @files = sort glob('t/browser/*.test.mjs');
if ($ENV{KP_BROWSER_ONLY}) {
    my %only = map { ("t/browser/$_.test.mjs" => 1) } split /,/, $ENV{KP_BROWSER_ONLY};
    @files = grep { $only{$_} } @files;
    die "KP_BROWSER_ONLY=$ENV{KP_BROWSER_ONLY} names no browser test file\n" unless @files;
}
open(my $node, '-|', 'node', '--test', '--test-reporter=tap', '--test-concurrency=1', @files)
    or die "cannot run node: $!";
my ($reported, $failed_lines) = (0, '');
while (my $line = <$node>) {
    # Top-level results of node's TAP (subtests are indented).
    if ($line =~ /^(not )?ok \d+ - (.*?)(?: # .*)?$/) {
        ok(!$1, $2);
        $reported++;
    }
    elsif ($line =~ /^\s+(error|expected|actual|message|stack):/ || $failed_lines && $line =~ /^\s{4,}/) {
        diag($line) if $line =~ /\S/ && length($failed_lines) < 20000;
        $failed_lines .= $line;
    }
}
close $node;
ok($reported > 0, 'the browser tests ran') ;
done_testing();
