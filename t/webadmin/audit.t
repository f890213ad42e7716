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

plan tests => 11;

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
like($html, qr/admin\.login/, 'logins are listed');
like($html, qr/project\.create.*Protokolltest Objekt/s, 'project creation with its name');
like($html, qr/account\.create.*protokoll: times, new password/s, 'account creation with its permissions');
like($html, qr/Demo-Admin.*127\.0\.0\.1/s, 'who and from where');
# "when" in the company's time zone (Europe/Berlin here), the UTC instant in the datetime attribute.
my ($utc, $shown) = $html =~ m{<time datetime="([-0-9]+ [0-9:]+)Z">(\d\d\.\d\d\.\d{4} \d\d:\d\d)</time>};
is($shown, berlin_of($utc), 'when: local time of the stored UTC instant');
unlike($html, qr/\Q$PW\E/, 'no password in the log');
is(db_value("SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%$PW%'"), 0, 'none in the table either');
ok(db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'project.update' AND object_id = $id") >= 1,
   'the save is logged');

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
