# Every migration may run again: a `kundenportalctl migrate` that stopped halfway (a lost
# connection, a missing privilege) is simply run once more. Here every file is applied twice to
# a database of its own (the second time as if none had been recorded), and the schema after
# the second run is the same as after the first: tables, columns, indexes, keys and triggers.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;

plan tests => 4;

my $db = 'kp_migrate_again';
my $sock = "$ENV{KP_DB_DIR}/mysqld.sock";
sub migrate {
    local $ENV{KUNDENPORTAL_DB} = "sock=$sock user=root dbname=$db";
    my $out = `'$ENV{KP_STAGE}/kundenportalctl' --sql '$ENV{KP_STAGE}/sql' migrate 2>&1`;
    return ($? >> 8, $out);
}
sub schema {
    my $dump = `mariadb-dump --no-defaults --socket='$sock' -uroot --no-data --skip-comments --triggers --routines $db`;
    return $dump =~ s/ AUTO_INCREMENT=\d+//gr;
}

db_root("DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;");
my ($rc, $out) = migrate();
like("$rc $out", qr/^0 .*schema version \d+/s, 'a new database migrated') or diag $out;
my $first = schema();
db_root("DELETE FROM $db.schema_version;");
($rc, $out) = migrate();
my $files = () = glob("$ENV{KP_STAGE}/sql/0*.sql");
is("$rc " . (() = $out =~ /^applied /mg), "0 $files", 'every file applied once more, none refused') or diag $out;
my $second = schema();
ok(length($first) > 10_000 && $first =~ /CREATE TABLE `portal_account`/ && $first =~ /CREATE\b.*TRIGGER/,
   'the schema dumped has the tables and triggers');
if (!ok($second eq $first, 'the second run leaves the schema exactly as the first')) {
    require File::Temp;
    my @files = map { my $f = File::Temp->new; print {$f} $_; close $f; $f } $first, $second;
    diag `diff '$files[0]' '$files[1]'`;
}
db_root("DROP DATABASE $db;");
