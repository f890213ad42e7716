# Every visible text comes from the catalogues: German and English have the same keys, and
# every key a template names literally exists.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);

my $dir = 't/../stage/templates';
$dir = 'htdocs/templates' unless -d $dir;
my %keys;    # lang -> { key => text }
for my $file (glob("$dir/i18n/*.xml")) {
    my ($lang) = $file =~ /\.(\w+)\.xml$/;
    open my $fh, '<:encoding(UTF-8)', $file or die "$file: $!";
    local $/;
    my $xml = <$fh>;
    while ($xml =~ /<m k="([^"]+)">(.*?)<\/m>/gs) {
        ok(!exists $keys{$lang}{$1}, "key $1 defined once in $lang") if exists $keys{$lang}{$1};
        $keys{$lang}{$1} = $2;
    }
}
ok(scalar keys %{ $keys{de} // {} } > 20, 'a German catalogue');
ok(scalar keys %{ $keys{en} // {} } > 20, 'an English catalogue');
my @missing_en = grep { !exists $keys{en}{$_} } sort keys %{ $keys{de} };
my @missing_de = grep { !exists $keys{de}{$_} } sort keys %{ $keys{en} };
is("@missing_en", '', 'every German text has an English one');
is("@missing_de", '', 'every English text has a German one');
my @empty = grep { $keys{de}{$_} !~ /\S/ || $keys{en}{$_} !~ /\S/ }
            grep { exists $keys{en}{$_} } sort keys %{ $keys{de} };
is("@empty", '', 'no empty texts');

my @unknown;
for my $file (glob("$dir/*.xsl")) {
    open my $fh, '<:encoding(UTF-8)', $file or die "$file: $!";
    local $/;
    my $xsl = <$fh>;
    while ($xsl =~ /kp:t\('([^']+)'/g) {
        push @unknown, "$1 ($file)" unless exists $keys{de}{$1};
    }
}
is("@unknown", '', 'every key named in a template exists');
done_testing();
