# The audit log of admin changes and logins: who, what, when, from where; per tenant; no secrets.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;
use POSIX qw(strftime tzset);
use Time::Local qw(timegm);

plan tests => 12;

my $PW = 'Protokoll-Passwort-99';
fresh_agent();
login_as('admin', 'admin');
my $csrf = page_csrf('/admin/projects');
my $id = create_project($csrf, name => 'Protokolltest Objekt', portal_enabled => 1);
my %v = page_versions("/admin/projects/$id");
my $res;
post_form("/admin/projects/$id", csrf => $csrf, action => 'stage', username => 'protokoll', password => $PW,
          display_name => 'Paula Protokoll', perm_times => 1);
post_form("/admin/projects/$id", csrf => $csrf, action => 'save', %v, name => 'Protokolltest Objekt',
          portal_enabled => 1, info_text => '');

$res = get_page('/admin/audit');
is($res->code, 200, 'audit page');
my $html = $res->decoded_content;
like($html, qr/Wann.*Wer.*Was.*Von wo/s, 'columns: when, who, what, from where');
like($html, qr/Anmeldung \(Web-Administration\) <code class="meta">admin\.login<\/code>/, 'logins are listed, in words and by code');
like($html, qr/Projekt angelegt <code class="meta">project\.create<\/code>.*Projekt #$id.*Protokolltest Objekt/s,
     'project creation with its object and name');
like($html, qr/Account angelegt .*protokoll: times, new password/s, 'account creation with its permissions');
like($html, qr/Demo-Admin.*127\.0\.0\.1/s, 'who and from where');
# "when" in the company's time zone (Europe/Berlin here), the UTC instant in the datetime attribute.
my ($utc, $shown) = $html =~ m{<time datetime="([-0-9]+ [0-9:]+)Z">(\d\d\.\d\d\.\d{4} \d\d:\d\d)</time>};
is($shown, berlin_of($utc), 'when: local time of the stored UTC instant');
unlike($html, qr/\Q$PW\E/, 'no password in the log');
is(db_value("SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%$PW%'"), 0, 'none in the table either');
ok(db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'project.update' AND object_id = $id") >= 1,
   'the save is logged');

# Every action and object type has its words in both languages: each one the sources can log
# (the strings in kp_audit() calls, and any other "area.what" string that is not a page text;
# "admin.request_" takes the request's new state) and each action in the log now, after the
# suites before this one.
my %text;
for my $lang ('de', 'en') {
    open my $fh, '<:encoding(UTF-8)', "$ENV{KP_STAGE}/templates/i18n/audit.$lang.xml" or die $!;
    while (<$fh>) { $text{$lang}{$1} = 1 if /k="audit\.((?:action|object)\.[^"]+)"/ }
}
my %other_keys;
for my $file (glob("$ENV{KP_STAGE}/templates/i18n/*.xml")) {
    next if $file =~ m{/audit\.};
    open my $fh, '<:encoding(UTF-8)', $file or die $!;
    while (<$fh>) { $other_keys{$1} = 1 if /k="([^"]+)"/ }
}
my (%logged, %objects);
my $action = sub { $logged{"action.$_"} = 1 for $_[0] eq 'admin.request_' ? map { "admin.request_$_" } qw(accepted rejected done) : $_[0] };
for my $src (glob("$ENV{KP_SOURCE}/*.c")) {
    open my $fh, '<', $src or die $!;
    my $code = do { local $/; <$fh> };
    while ($code =~ /kp_audit\(kr,\s*(.*?)\);/sg) {   # action, object type, id, detail
        my @args = split /,\s*(?![^()]*\))/, $1;
        $action->($_) for $args[0] =~ /"([a-z_]+\.[a-z_]+)"/g;
        $objects{"object.$_"} = 1 for grep { $_ ne '' } ($args[1] // '') =~ /"([a-z_]*)"/g;
    }
    for my $str ($code =~ /"((?:account|admin|customer|portal|project|settings)\.[a-z_]+)"/g) {
        $action->($str) unless $other_keys{$str};   # a page text, not an action
    }
}
$action->($_->[0]) for db_query("SELECT DISTINCT action FROM audit_log WHERE action NOT LIKE 'test.%'");   # tests' own rows
$objects{"object.$_->[0]"} = 1 for db_query("SELECT DISTINCT object_type FROM audit_log WHERE object_type <> ''");
my @missing = grep { !$text{de}{$_} || !$text{en}{$_} } sort(keys %logged, keys %objects);
ok(keys(%logged) > 30 && keys(%objects) > 5 && !@missing, scalar(keys %logged) . ' actions and '
   . scalar(keys %objects) . ' object types, each with its words in German and English'
   . (@missing ? "; missing: @missing" : ''));

fresh_agent(vhost => 'kp_tenant2');
login_as('admin', 'chef', 'Chef-Zweite-2026');
unlike(get_page('/admin/audit')->decoded_content, qr/Protokolltest Objekt/, 'another tenant sees none of it');

sub berlin_of {
    my ($utc) = @_;
    return 'no time shown' unless $utc;
    my ($y, $mo, $d, $h, $mi, $s) = $utc =~ /(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)/;
    local $ENV{TZ} = 'Europe/Berlin';
    tzset();
    my $local = strftime('%d.%m.%Y %H:%M', localtime(timegm($s, $mi, $h, $d, $mo - 1, $y)));
    tzset();
    return $local;
}
