# Output escaping: a corpus of hostile strings (KPTest's hostile_strings and a few more) is put
# into every text field that pages show today (login username echo, info text, project
# name/number/address, customer name, the account's display name, portal names on /p/{token},
# the admin project list, a project page's fields typed and shown again unsaved after
# "Übernehmen" (the page, and the access sheet's hidden fields), the company name that the admin
# sets on Erscheinungsbild and every portal page shows). Each must come out as text: shown
# exactly, with no tag, handler attribute or javascript: URL of its own.
# To cover a new field: store the corpus in it and add its page to @pages below.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;

my @corpus = (
    hostile_strings(),
    '" autofocus onfocus="alert(8)',
    "Zoë \x{202E}gnp.exe 😀 ü \\ ' \"",
    '<style>*{display:none}</style>',
);

sub shows {
    my ($html, $text) = @_;
    my ($shown) = html_inspect($html);
    (my $flat = $shown) =~ s/\s+/ /g;
    (my $want = $text) =~ s/\s+/ /g;
    return index($flat, $want) >= 0;
}

# One project portal, one customer portal and one account per corpus entry.
my $hex = sub { my $s = shift; utf8::encode($s); 'CONVERT(UNHEX(\'' . unpack('H*', $s) . '\') USING utf8mb4)' };
my ($hash) = db_query("SELECT password_hash FROM portal_account WHERE username = 'kunde'
                       AND tenant_id = (SELECT id FROM tenant WHERE slug = 'demo')");
my @objects;
for my $i (0 .. $#corpus) {
    my $h = $hex->($corpus[$i]);
    my $tag = "ESC-$$-$i";
    db_do("SET \@t = (SELECT id FROM tenant WHERE slug = 'demo');
           INSERT INTO customer (tenant_id, name, number, created_at, updated_at)
           VALUES (\@t, $h, '$tag', UTC_TIMESTAMP(), UTC_TIMESTAMP());
           SET \@c = LAST_INSERT_ID();
           INSERT INTO project (tenant_id, customer_id, name, number, address, created_at, updated_at)
           VALUES (\@t, \@c, $h, LEFT($h, 50), $h, UTC_TIMESTAMP(), UTC_TIMESTAMP());
           SET \@p = LAST_INSERT_ID();
           INSERT INTO portal (tenant_id, project_id, enabled, info_text, link_token, created_at, updated_at)
           VALUES (\@t, \@p, 1, $h, RPAD('$tag', 43, 'p'), UTC_TIMESTAMP(), UTC_TIMESTAMP());
           INSERT INTO portal_account (tenant_id, portal_id, username, password_hash, display_name,
               perm_documents, perm_times, perm_planning, perm_messages, perm_requests, created_at, updated_at)
           VALUES (\@t, LAST_INSERT_ID(), LOWER('$tag'), '$hash->[0]', $h, 1, 1, 1, 1, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP());
           INSERT INTO portal (tenant_id, customer_id, enabled, info_text, link_token, created_at, updated_at)
           VALUES (\@t, \@c, 1, '', RPAD('$tag', 43, 'c'), UTC_TIMESTAMP(), UTC_TIMESTAMP());");
    my ($p) = db_query("SELECT project_id FROM portal WHERE link_token = RPAD('$tag', 43, 'p')");
    push @objects, {n => $i + 1, text => $corpus[$i], tag => $tag, project => $p->[0], user => lc $tag};
}

# Pages: [what, sub(object) -> response]. Each is checked for every corpus entry.
my @pages = (
    ['login page username echo', sub {
        fresh_agent();
        my $csrf = csrf_of(get_page('/portal/login')->content);
        post_form('/portal/login', csrf => $csrf, username => $_[0]{text}, password => 'falsch-falsch');
    }],
    ['overview (info text, project name/number/address, display name)', sub {
        fresh_agent();
        login_as('portal', $_[0]{user}, demo_password('kunde'));
        get_page('/portal/');
    }],
    ['project page', sub { get_page("/portal/projects/$_[0]{project}") }],
    ['portal link page of a project portal', sub { fresh_agent(); get_page('/portal/p/' . substr($_[0]{tag} . 'p' x 43, 0, 43)) }],
    ['portal link page of a customer portal', sub { fresh_agent(); get_page('/portal/p/' . substr($_[0]{tag} . 'c' x 43, 0, 43)) }],
);
plan tests => 2 * @pages * @corpus + 1 + @corpus + 4 * @corpus + 4 * @corpus + 1;

for my $o (@objects) {
    for my $page (@pages) {
        my ($what, $fetch) = @$page;
        my $res = $fetch->($o);
        my $html = $res->decoded_content;
        my (undef, $bad) = html_inspect($html);
        my $label = "$what, corpus #$o->{n} (" . $res->code . ')';
        is("@$bad", '', "$label: nothing injected");
        ok(shows($html, $o->{text}), "$label: the text is shown as it was stored");
    }
}

# The admin project list, every page of it (other tests add projects, so these may not all be
# on the first).
fresh_agent();
login_as('admin', 'admin');
my ($html, @bad) = ('');
for (my $page = 1; $page <= 50; $page++) {
    my $part = get_page("/admin/projects?page=$page")->decoded_content;
    my (undef, $bad) = html_inspect($part);
    push @bad, @$bad;
    $html .= $part;
    last unless $part =~ /rel="next"/;
}
is("@bad", '', 'admin project list (project and customer names): nothing injected');
ok(shows($html, $_->{text}), 'admin project list shows: ' . $_->{tag}) for @objects;

# What was typed into a project page comes back unsaved: on the page after "Übernehmen", and in
# the hidden fields of the access sheet after "Übernehmen und Zugangsblatt drucken".
my $typed_page = "/admin/projects/$objects[0]{project}";
my $csrf_a = csrf_of(get_page($typed_page)->content);
my %shown_versions = page_versions($typed_page);
for my $o (@objects) {
    my @typed = (csrf => $csrf_a, %shown_versions, name => $o->{text}, info_text => $o->{text}, portal_enabled => 1);
    for my $step (['the page after "Übernehmen"', action => 'stage', username => "esc-page-$o->{n}"],
                  ['the access sheet', action => 'stage_sheet', username => "esc-sheet-$o->{n}",
                   password => 'Gartenzaun-Blau-42']) {
        my ($what, @account) = @$step;
        my $res = post_form($typed_page, @typed, @account, display_name => "Typed $o->{n}");
        my $html = $res->decoded_content;
        my (undef, $bad) = html_inspect($html);
        is("@$bad", '', "typed fields on $what, corpus #$o->{n} (" . $res->code . '): nothing injected');
        ok(shows($html, $o->{text}), '... the typed text is shown as it was typed');
    }
}

# The company name (of the second tenant, put back afterwards): the portal's header on its
# login page, and the administration's Erscheinungsbild with its preview.
my ($name2) = db_query("SELECT name FROM tenant WHERE slug = 'zweite'");
for my $o (@objects) {
    db_do("UPDATE tenant SET name = " . $hex->($o->{text}) . " WHERE slug = 'zweite'");
    for my $page (['portal login page header', sub { fresh_agent(vhost => 'kp_tenant2'); get_page('/portal/login') }],
                  ['Erscheinungsbild', sub {
                      fresh_agent(vhost => 'kp_tenant2');
                      login_as('admin', 'chef', 'Chef-Zweite-2026');
                      get_page('/admin/settings/branding');
                  }]) {
        my $res = $page->[1]->();
        my $html = $res->decoded_content;
        my (undef, $bad) = html_inspect($html);
        is("@$bad", '', "company name on the $page->[0], corpus #$o->{n} (" . $res->code . '): nothing injected');
        ok(shows($html, $o->{text}), "... the text is shown as it was stored");
    }
}
db_do("UPDATE tenant SET name = " . $hex->($name2->[0]) . " WHERE slug = 'zweite'");
is((db_query("SELECT name FROM tenant WHERE slug = 'zweite'"))[0][0], $name2->[0], 'the company name put back');
