# The Protokoll's filter (period in the company's time zone, object and its number, origin),
# its pages, audit.csv of what it shows, wrong filters answered 400 next to the field, and the
# indexes each read takes. The rows are the test's own (action 'test.filter'), in 2001, where
# nothing else of the suite logs.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use Encode qw(decode_utf8);
use lib 't/lib';
use KPTest;

plan tests => 50;

my $T = db_value("SELECT id FROM tenant WHERE slug = 'demo'");
my $T2 = db_value("SELECT id FROM tenant WHERE slug <> 'demo' ORDER BY id LIMIT 1");
my $row = sub {   # tenant, UTC time, kind, object, object id, detail
    my ($tenant, $at, $kind, $object, $oid, $detail) = @_;
    db_do("INSERT INTO audit_log (tenant_id, actor_kind, actor_name, action, object_type, object_id,"
          . " detail, remote_ip, created_at) VALUES ($tenant, '$kind', 'Filter-Tester', 'test.filter',"
          . " '$object', " . ($oid // 'NULL') . ", '$detail', '192.0.2.7', '$at')");
};
$row->($T, '2001-03-10 10:00:00', 'admin', 'project', 901, 'erste');
$row->($T, '2001-03-10 23:30:00', 'portal', 'customer', 902, 'zweite, in Berlin schon der 11.');
$row->($T, '2001-03-12 08:00:00', 'system', 'project', 901, '=SUM(1) Ölkanne');
$row->($T2, '2001-03-10 12:00:00', 'admin', 'project', 901, 'fremde Firma');

fresh_agent();
login_as('admin', 'admin');
my $details = sub { [ $_[0] =~ /<td>(erste|zweite[^<]*|=SUM\(1\) Ölkanne|fremde Firma|Reihe \d+)<\/td>/g ] };
my $page = sub { my $res = get_page("/admin/audit?$_[0]"); return ($res->code, decode_utf8($res->content)) };

my ($code, $html) = $page->('from=2001-03-10&to=2001-03-10');
is($code, 200, 'a filtered page');
is_deeply($details->($html), ['erste'],
          'one day in the company\'s time: 23:30 UTC is already the next day in Berlin');
($code, $html) = $page->('from=2001-03-10&to=2001-03-11');
is_deeply($details->($html), ['zweite, in Berlin schon der 11.', 'erste'], 'two days, newest first');
($code, $html) = $page->('from=10.03.2001&to=11.03.2001');
is_deeply($details->($html), ['zweite, in Berlin schon der 11.', 'erste'], 'German dates too');
like($html, qr/id="audit-filter-from"[^>]*value="2001-03-10"|value="2001-03-10"[^>]*id="audit-filter-from"/,
     'the date is shown back in the date field\'s form');
($code, $html) = $page->('from=2001-01-01&to=2001-12-31&object=project&id=901');
is_deeply($details->($html), ['=SUM(1) Ölkanne', 'erste'], 'one object\'s history, of this company only');
($code, $html) = $page->('from=2001-01-01&to=2001-12-31&kind=portal');
is_deeply($details->($html), ['zweite, in Berlin schon der 11.'], 'by origin');
like($html, qr{id="audit-filter-kind"[^>]*>(?:(?!</select>).)*<option value="portal" selected>}s, 'the choice stays chosen');
like($html, qr{href="/admin/audit\.csv\?from=2001-01-01&amp;to=2001-12-31&amp;kind=portal"}, 'the CSV link carries the filter');
($code, $html) = $page->('from=2001-01-01&to=2001-12-31&object=customer');
is_deeply($details->($html), ['zweite, in Berlin schon der 11.'], 'by area');
($code, $html) = $page->('from=2001-01-01&to=2001-02-01');
is($code, 200, 'nothing in the period');
like($html, qr/Keine Einträge für diesen Filter\./, 'says so');
like($html, qr{href="[^"]*/audit"[^>]*>Filter aufheben</a>}, 'and offers the whole log');

# ---- pages keep the filter -------------------------------------------------------------
db_do("INSERT INTO audit_log (tenant_id, actor_kind, actor_name, action, object_type, detail, created_at)
       SELECT $T, 'admin', 'Filter-Tester', 'test.filter', 'project', CONCAT('Reihe ', seq),
              '2001-05-01 12:00:00' + INTERVAL seq SECOND FROM seq_1_to_60");
($code, $html) = $page->('from=2001-05-01&to=2001-05-01');
is(scalar @{ $details->($html) }, 50, 'a page holds 50');
is($details->($html)->[0], 'Reihe 60', 'the newest first');
my ($next) = $html =~ m{<a rel="next" href="([^"]+)"};
like($next // '', qr{/admin/audit\?page=2&(amp;)?from=2001-05-01&(amp;)?to=2001-05-01$}, 'the next page keeps the filter');
$next =~ s/&amp;/&/g;
$html = decode_utf8(get_page($next)->content);
is_deeply($details->($html), [map { "Reihe $_" } reverse 1 .. 10], 'the rest on page 2');

# ---- wrong filters: 400, the message at the field, the typed value kept ------------------
($code, $html) = $page->('from=2001-13-45');
is($code, 400, 'a month 13: 400');
like($html, qr/id="audit-filter-from-error"[^>]*>Bitte ein Datum wie 27\.11\.2026 angeben\./, 'the message at the field');
like($html, qr/<input[^>]*id="audit-filter-from"[^>]*aria-invalid="true"/, 'the field is marked');
like($html, qr/<input type="date" id="audit-filter-from"[^>]*value=""/, 'a date field gets no text that is no date');
unlike($html, qr/Filter-Tester/, 'and no entries shown as if filtered');
($code, $html) = $page->('from=2001-03-12&to=2001-03-10');
is($code, 400, 'the end before the start: 400');
like($html, qr/id="audit-filter-to-error"[^>]*>Das Ende liegt vor dem Anfang\./, 'said at "Bis"');
($code, $html) = $page->('object=invoice');
is($code, 400, 'an area the log does not know: 400');
like($html, qr/id="audit-filter-object-error"[^>]*>Bitte einen Eintrag der Liste wählen\./, 'said at the area');
($code, $html) = $page->('id=901');
is($code, 400, 'a number without its area: 400');
like($html, qr/id="audit-filter-id-error"[^>]*>Eine ID gilt nur mit einem Bereich/, 'said at the number');
($code, $html) = $page->('object=project&id=K-1001');
is($code, 400, 'an id with letters: 400');
like($html, qr/id="audit-filter-id-error"[^>]*>Bitte die ID angeben, die im Protokoll nach # steht/, 'said at the field');
($code, $html) = $page->('from=2001-03-12&object=project&id=901');
is_deeply($details->($html), ['=SUM(1) Ölkanne'], 'a start alone: up to today');
($code, $html) = $page->('to=2001-03-10');
is_deeply($details->($html), ['erste'], 'an end alone: from the beginning');
for my $broken ('from=%ZZ', 'from=%FF%FE', 'object=%01') {
    ($code, $html) = $page->($broken);
    is($code . ($html =~ /fehlerhaften Filter/ ? ', says so' : ''), '400, says so', "a broken query ($broken): 400 and a message");
}

# ---- audit.csv ----------------------------------------------------------------------------
my $res = get_page('/admin/audit.csv?from=2001-03-10&to=2001-03-12');
is($res->code, 200, 'audit.csv');
is($res->header('Content-Type'), 'text/csv; charset=utf-8', 'as CSV');
like($res->header('Content-Disposition') // '', qr/attachment;.*protokoll-2001-03-10_2001-03-12\.csv/, 'a download named by its period');
my @lines = split /\r\n/, decode_utf8($res->content);
is($lines[0], "\x{FEFF}Wann;Wer;Herkunft;Was;Code;Bereich;ID (#);Details;Von wo", 'a heading in German, with a byte order mark');
is_deeply([@lines[1 .. $#lines]], [
    "12.03.2001 09:00:00;Filter-Tester;System;test.filter;test.filter;Projekt;901;\"'=SUM(1) Ölkanne\";192.0.2.7",
    "11.03.2001 00:30:00;Filter-Tester;Kundenportal;test.filter;test.filter;Kunde;902;zweite, in Berlin schon der 11.;192.0.2.7",
    "10.03.2001 11:00:00;Filter-Tester;Administration;test.filter;test.filter;Projekt;901;erste;192.0.2.7",
], 'the filtered rows, newest first, in local time, a formula defused, no other company\'s row');
$res = get_page('/admin/audit.csv?from=2001-03-10&to=2001-03-10&lang=en');
@lines = split /\r\n/, decode_utf8($res->content);
is_deeply(\@lines, ["\x{FEFF}When,Who,Origin,What,Code,Area,ID (#),Details,From where",
                    '2001-03-10 11:00:00,Filter-Tester,administration,test.filter,test.filter,Project,901,erste,192.0.2.7'],
          'in English: commas, ISO times');
get_page('/admin/audit?lang=de');   # back to German for the rest

# More rows than one statement reads (1,000), most of them in the same second: each once.
db_do("INSERT INTO audit_log (tenant_id, actor_kind, actor_name, action, object_type, detail, created_at)
       SELECT $T, 'admin', 'Filter-Tester', 'test.filter', 'employee', CONCAT('Masse ', seq),
              IF(seq <= 2200, '2001-07-01 12:00:00', '2001-07-01 12:00:01') FROM seq_1_to_2500");
$res = get_page('/admin/audit.csv?from=2001-07-01&to=2001-07-01&object=employee');
my @masse = decode_utf8($res->content) =~ /;Masse (\d+);/g;
my %seen;
$seen{$_}++ for @masse;
is(scalar(@masse) . ' rows, ' . scalar(keys %seen) . ' different', '2500 rows, 2500 different',
   'a long export: every row once, across pages whose rows share a second');
is($masse[0] > 2200 && $masse[-1] <= 2200 ? 'newest first' : "first $masse[0], last $masse[-1]", 'newest first',
   'in the order of the page');
$res = get_page('/admin/audit.csv?to=2001-99-01');
is($res->code, 400, 'a wrong filter on the CSV: 400, the page with the message');

# ---- the history of a project, from its page ------------------------------------------------
my $pid = db_value("SELECT MIN(id) FROM project WHERE tenant_id = $T");
like(decode_utf8(get_page("/admin/projects/$pid")->content),
     qr{href="[^"]*/admin/audit\?object=project&(amp;)?id=$pid"[^>]*>Protokoll dieses Projekts</a>}, 'the project page links to its history');

# ---- each read is an index range ----------------------------------------------------------
# Rows MariaDB's handlers step through (all connections; the suite is idle meanwhile) for one
# request, with 20,000 newer entries above the test's own: a read of the tenant's log from its
# newest entry, filtered, would step through all of them; an index range reads what it shows.
db_do("INSERT INTO audit_log (tenant_id, actor_kind, actor_name, action, object_type, detail, created_at)
       SELECT $T, 'portal', 'Filter-Tester', 'test.filter', 'document', 'neuer', '2002-01-01' + INTERVAL seq MINUTE
       FROM seq_1_to_20000");
my $stepped = sub {
    my ($path) = @_;
    my $reads = sub { my $n = 0; $n += $_->[1] for db_query("SHOW GLOBAL STATUS WHERE Variable_name IN"
                      . " ('Handler_read_next', 'Handler_read_prev', 'Handler_read_rnd_next')"); $n };
    my $before = $reads->();
    my $res = get_page($path);
    return $res->code == 200 ? $reads->() - $before : 1e9;   # a failed request fails the check
};
cmp_ok($stepped->('/admin/audit?from=2001-03-10&to=2001-03-11'), '<', 500, 'a period: its own rows');
cmp_ok($stepped->('/admin/audit?object=customer'), '<', 500, 'an area: its own rows');
cmp_ok($stepped->('/admin/audit?kind=system'), '<', 500, 'an origin: its own rows');
cmp_ok($stepped->('/admin/audit?object=project&id=901&kind=system'), '<', 500, 'one object: its own rows');
cmp_ok($stepped->('/admin/audit.csv?from=2001-07-01&to=2001-07-01&object=employee'), '<', 4000,
       'the CSV of 2,500: each statement goes on from the last row sent');
