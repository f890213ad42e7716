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

# Every action has its words in both languages: each one the sources can log (an action's code
# is "area.what"; "admin.request_" takes the request's new state) and each one in the log now,
# after the suites before this one.
my %text;
for my $lang ('de', 'en') {
    open my $fh, '<:encoding(UTF-8)', "$ENV{KP_STAGE}/templates/i18n/audit.$lang.xml" or die $!;
    while (<$fh>) { $text{$lang}{$1} = 1 if /k="audit\.action\.([^"]+)"/ }
}
my %other_keys;
for my $file (glob("$ENV{KP_STAGE}/templates/i18n/*.xml")) {
    next if $file =~ m{/audit\.};
    open my $fh, '<:encoding(UTF-8)', $file or die $!;
    while (<$fh>) { $other_keys{$1} = 1 if /k="([^"]+)"/ }
}
my %logged;
for my $src (glob("$ENV{KP_SOURCE}/*.c")) {
    open my $fh, '<', $src or die $!;
    while (<$fh>) {
        for my $code (/"((?:account|admin|customer|portal|project|settings)\.[a-z_]+)"/g) {
            next if $other_keys{$code};   # a text of the pages, not an action
            $logged{$_} = 1 for $code eq 'admin.request_' ? map { "admin.request_$_" } qw(accepted rejected done) : $code;
        }
    }
}
$logged{$_->[0]} = 1 for db_query('SELECT DISTINCT action FROM audit_log');
my @missing = grep { !$text{de}{$_} || !$text{en}{$_} } sort keys %logged;
ok(keys(%logged) > 30 && !@missing, scalar(keys %logged) . ' actions, each with its words in German and English'
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
