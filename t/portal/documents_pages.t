# The document list comes a page of 100 at a time, newest first: "Ältere Dokumente" goes on from
# the date and id of the last one shown, so every document is reachable once, also where 150
# were stored in the same second across a page's end; the customer's pages hold only what the
# portal shows, the staff's everything; a link the module did not make starts at the newest.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use HTML::Entities qw(decode_entities);
use lib 't/lib';
use KPTest;

plan tests => 11;

my ($pid) = make_portal('docpages', perms => 'documents');

# 260 documents: 150 stored at 2026-02-02 10:00:00, 110 a minute earlier; every fifth hidden
# from the portal. The name tells each apart.
db_do("INSERT INTO document (tenant_id, project_id, name, content_type, size, sha256,
       portal_visible, uploaded_by_kind, uploaded_by_name, created_at)
       SELECT p.tenant_id, p.id, CONCAT('D', n.i, '.txt'), 'text/plain', 1, '', n.i MOD 5 <> 0,
              'staff', 'Büro', '2026-02-02 10:00:00' - INTERVAL (n.i >= 150) MINUTE
       FROM project p JOIN @{[numbers_sql()]} n WHERE p.id = $pid AND n.i < 260");
my @all = map { $_->[0] } db_query("SELECT name FROM document WHERE project_id = $pid
                                     ORDER BY created_at DESC, id DESC");
my @visible = map { $_->[0] } db_query("SELECT name FROM document WHERE project_id = $pid
                                         AND portal_visible = 1 ORDER BY created_at DESC, id DESC");

# Follows "Ältere Dokumente" from $url: the names on each page, and each page's list.
sub walk {
    my ($url) = @_;
    my (@pages, @html);
    for (1 .. 10) {
        my $res = get_page($url);
        die "$url: " . $res->code unless $res->code == 200;
        my ($list) = $res->decoded_content =~ m{<div id="document-list">(.*?)</div>\s*(?:</?section|</main)}s;
        push @html, $list // '';
        push @pages, [ ($list // '') =~ m{download="">(D\d+\.txt)</a>}g ];
        my ($next) = ($list // '') =~ m{<a href="([^"]+)" rel="next">Ältere Dokumente ›</a>} or last;
        $url = decode_entities($next);
    }
    return (\@pages, \@html);
}

fresh_agent();
login_as('portal', 'docpages', demo_password('kunde'));
my ($pages, $html) = walk("/portal/projects/$pid/documents?lang=de");
is_deeply([ map { scalar @$_ } @$pages ], [100, 100, 8], 'the customer: 208 visible documents in pages of 100');
is_deeply([ map { @$_ } @$pages ], \@visible, 'each once, newest first, across the 150 of one second');
unlike($html->[0], qr/Zurück zu den neuesten/, 'the first page has no way back');
like($html->[1], qr{<a href="/portal/projects/$pid/documents#document-list">‹ Zurück zu den neuesten Dokumenten</a>},
     'a later page leads back to the newest');
like($html->[0], qr{href="/portal/projects/$pid/documents\?older=2026-02-02T10:00:00~\d+#document-list" rel="next"},
     'the link names the date and id of the last document shown');
for my $key ('2026-02-30T10:00:00~5', 'x~1') {
    my $res = get_page("/portal/projects/$pid/documents?lang=de&older=$key");
    my ($first) = $res->decoded_content =~ m{download="">(D\d+\.txt)</a>};
    ok($res->code == 200 && $first eq $visible[0], "older=$key: the newest page");
}

fresh_agent();
login_as('admin', 'admin');
($pages, $html) = walk("/admin/projects/$pid/documents?lang=de");
is_deeply([ map { scalar @$_ } @$pages ], [100, 100, 60], 'the staff: all 260 in pages of 100');
is_deeply([ map { @$_ } @$pages ], \@all, 'each once, hidden ones too, newest first');
my ($oldest) = map { $_->[0] } db_query("SELECT id FROM document WHERE project_id = $pid AND name = '$all[-1]'");
like($html->[2], qr{action="/admin/projects/$pid/documents/$oldest/delete"}, 'the oldest, on the last page, can be deleted');
like($html->[2], qr{action="/admin/projects/$pid/documents/$oldest/visible"}, 'and shown or hidden');
