# The "Kundenportal" section: staging accounts with "Übernehmen", committing them with "Daten
# speichern", validation, deactivation (sessions end at once), switching a portal off, and
# two admins saving the same page (optimistic locking).
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use Test::More;
use HTTP::Cookies ();
use Encode qw(decode_utf8);
use lib 't/lib';
use KPTest;

plan tests => 171;

my $PW = 'Gartenzaun-Blau-42';
fresh_agent();
login_as('admin', 'admin');
my $csrf = page_csrf('/admin/projects');
my $id = create_project($csrf, name => 'Accounttest Hausmeister', portal_enabled => 1);
my $res;
my $page = "/admin/projects/$id";
my $portal = db_value("SELECT id FROM portal WHERE project_id = $id");
ok($portal, 'project with a portal');

sub versions { return page_versions($page) }
sub save {
    my %f = (csrf => $csrf, action => 'save', name => 'Accounttest Hausmeister', portal_enabled => 1,
             info_text => '', versions(), @_);
    return post_form($page, %f);
}
sub stage { return post_form($page, csrf => $csrf, action => 'stage', @_) }

# Validation: each error next to its field, what was typed kept, nothing staged.
$res = stage(username => 'gaertner', password => 'kurz', display_name => 'Gerd Gärtner', perm_planning => 1);
is($res->code, 400, 'short password: 400');
like($res->decoded_content, qr/id="acct-password-error"[^>]*>Das Passwort ist zu kurz/, 'error next to the password');
like($res->decoded_content, qr/name="username"[^>]*value="gaertner"/, 'typed username kept');
like($res->decoded_content, qr/value="Gerd Gärtner"/, 'typed name kept');
like($res->decoded_content, qr/name="perm_planning" value="1" checked/, 'ticked permission kept');
$res = stage(username => 'gaertner', password => 'password123', display_name => 'Gerd Gärtner');
like($res->decoded_content, qr/zu leicht zu erraten/, 'a common password is refused');
$res = stage(username => 'KUNDE', password => $PW, display_name => 'Doppelt');
like($res->decoded_content, qr/id="acct-username-error"[^>]*>Dieser Benutzername ist bereits vergeben/,
     'username unique per tenant regardless of case');
$res = stage(username => 'gaertner', password => $PW, display_name => '');
like($res->decoded_content, qr/id="acct-display_name-error"/, 'name of the person required');
is(db_value("SELECT COUNT(*) FROM portal_draft WHERE portal_id = $portal"), 0, 'nothing staged on error');

# Übernehmen: staged on the server, marked, not yet a login.
$res = stage(username => 'gaertner', password => $PW, display_name => 'Gerd Gärtner', perm_planning => 1,
             perm_messages => 1);
is($res->code, 303, 'Übernehmen: redirect');
$res = get_page($page);
like($res->decoded_content, qr/Noch nicht gespeichert.*gaertner/s, 'the staged entry is shown as not saved');
is(db_value("SELECT COUNT(*) FROM portal_account WHERE username = 'gaertner'"), 0, 'no account yet');
is(db_value("SELECT COUNT(*) FROM portal_draft WHERE portal_id = $portal AND username = 'gaertner'"), 1,
   'the draft lives in the database (survives reload and navigation)');
my $long = 'x7' x 40;
is(stage(username => 'langpass', password => $long, display_name => 'Lang Passwort', perm_documents => 1)->code, 303,
   'an 80-character password is accepted');
unlike(db_value("SELECT CONCAT(username, COALESCE(password_hash, '')) FROM portal_draft WHERE username = 'langpass'"),
       qr/\Q$long\E/, 'the draft keeps only a hash');

my $saved_ua = use_jar(HTTP::Cookies->new);
is(login_as('portal', 'gaertner', $PW)->code, 401, 'a staged but unsaved account cannot log in');
use_jar($saved_ua);

# Daten speichern: all staged changes in one go, with the Infotext.
$res = save(info_text => 'Willkommen, Familie Gärtner!');
is($res->code, 303, 'Daten speichern');
is(db_value("SELECT COUNT(*) FROM portal_account WHERE portal_id = $portal"), 2, 'both accounts exist');
is(db_value("SELECT COUNT(*) FROM portal_draft WHERE portal_id = $portal"), 0, 'drafts consumed');
is(join(',', map { @$_ } db_query("SELECT l.object_id = a.id FROM audit_log l JOIN portal_account a
                                   ON a.portal_id = $portal AND l.detail LIKE CONCAT(a.username, ':%')
                                   WHERE l.action = 'account.create' ORDER BY a.username")), '1,1',
   'each creation is logged with the new account\'s id');
is(db_value("SELECT CONCAT(perm_planning, perm_messages, perm_documents) FROM portal_account WHERE username = 'gaertner'"),
   '110', 'permissions as chosen');
unlike(get_page($page)->decoded_content, qr/Noch nicht gespeichert/, 'nothing marked unsaved any more');

my $portal_jar = HTTP::Cookies->new;
$saved_ua = use_jar($portal_jar);
is(login_as('portal', 'gaertner', $PW)->code, 303, 'the saved account logs in');
$res = get_page('/portal/');
like($res->decoded_content, qr/Willkommen, Familie Gärtner!/, 'the customer sees the Infotext');
$res = get_page("/portal/projects/$id");
ok($res->decoded_content =~ m{/planning"} && $res->decoded_content !~ m{/documents"}, 'tabs follow the permissions');
use_jar(HTTP::Cookies->new);
is(login_as('portal', 'langpass', $long)->code, 303, 'the long password works');
use_jar($saved_ua);

# Pencil: edit and deactivate; the open session ends at once.
my $acct = db_value("SELECT id FROM portal_account WHERE username = 'gaertner'");
like(get_page($page)->decoded_content,
     qr{name="open_account" value="$acct"[^>]*><span aria-hidden="true">✎</span><span class="sr">gaertner bearbeiten</span>},
     'the account has a pencil');
$res = post_form($page, csrf => $csrf, versions(), name => 'Accounttest Hausmeister', portal_enabled => 1,
                 info_text => '', open_account => $acct);
is($res->code, 200, 'the pencil: 200');
like($res->decoded_content, qr/<details class="editor" id="account-editor" open/, 'the pencil opens the editor');
like($res->decoded_content, qr/name="acct_id" value="$acct"/, 'for that account');
is(stage(acct_id => $acct, display_name => 'Gerd Gärtner', perm_planning => 1)->code, 303, 'deactivation staged');
is(db_value("SELECT active FROM portal_account WHERE id = $acct"), 1, 'still active until saved');
is(db_value("SELECT COUNT(*) FROM session WHERE kind = 'portal' AND account_id = $acct"), 1, 'session still open');
is(save()->code, 303, 'saved');
is(db_value("SELECT active FROM portal_account WHERE id = $acct"), 0, 'deactivated');
is(db_value("SELECT COUNT(*) FROM session WHERE kind = 'portal' AND account_id = $acct"), 0, 'its session is gone');
$saved_ua = use_jar($portal_jar);
is(get_page('/portal/')->code, 303, 'the open browser is logged out');
$res = login_as('portal', 'gaertner', $PW);
ok($res->code == 403 && $res->decoded_content =~ /Ihr Zugang ist derzeit nicht freigeschaltet/,
   'a deactivated account cannot log in, and with its right password is told why (403)');
is(login_as('portal', 'gaertner', 'falsch-falsch-falsch')->code, 401, '... with a wrong one it learns nothing (401)');
$portal_jar = HTTP::Cookies->new;
use_jar($portal_jar);
use_jar($saved_ua);
stage(acct_id => $acct, display_name => 'Gerd Gärtner', perm_planning => 1, active => 1);
save();
$saved_ua = use_jar($portal_jar);
is(login_as('portal', 'gaertner', $PW)->code, 303, 'reactivated: logs in again');
use_jar($saved_ua);
# Locked out by guessing, the customer asks the company for a new password: it lifts the lock.
db_do("INSERT INTO login_failure (tenant_id, scope, subject, failures, checking, window_start, locked_until)
       SELECT id, 'portal-user', 'gaertner', 5, 0, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 300 SECOND
       FROM tenant WHERE slug = 'demo'
       ON DUPLICATE KEY UPDATE failures = 5, locked_until = UTC_TIMESTAMP() + INTERVAL 300 SECOND");
use_jar(HTTP::Cookies->new);
is(login_as('portal', 'gaertner', $PW)->code, 429, 'locked: even the right password gets 429');
use_jar($saved_ua);
stage(acct_id => $acct, display_name => 'Gerd Gärtner', perm_planning => 1, active => 1, password => $PW);
is(save()->code, 303, 'the company sets a new password');
use_jar($portal_jar);   # its session ended with the old password: the browser logs in anew
is(login_as('portal', 'gaertner', $PW)->code, 303, '... which logs in at once: the lock is lifted');
use_jar($saved_ua);
db_do("UPDATE portal_account SET last_login_at = NULL WHERE username = 'langpass'");   # as if it never had
my %last_login_of = get_page("$page?lang=de")->decoded_content
    =~ m{<li[^>]*><span class="who"><strong>([^<]+)</strong>.*?<span class="meta">([^<]+)</span>}g;
like($last_login_of{gaertner} // '', qr/^zuletzt angemeldet: \d\d\.\d\d\.\d{4}, \d\d:\d\d$/,
     'the account list says when an account last logged in');
is($last_login_of{langpass}, 'noch nie angemeldet', '... or that it never has');

# Verwerfen.
stage(username => 'verworfen', password => $PW, display_name => 'Wird verworfen');
like(get_page($page)->decoded_content, qr{<strong>verworfen</strong>(?:(?!</li>).)*<span class="perms"><span class="tag off">kein Bereich freigegeben</span></span>}s,
     'an entry without any area says so in the list');
is(post_form($page, csrf => $csrf, action => 'discard')->code, 303, 'discard');
is(db_value("SELECT COUNT(*) FROM portal_draft WHERE portal_id = $portal"), 0, 'staged changes discarded');

# Two admins on the same page: the second save gets a conflict, nothing overwritten.
make_admin('admin2', 'Zweite Admin');
my %first = versions();
stage(username => 'konflikt', password => $PW, display_name => 'Konflikt Kunde');
my $jar_a = use_jar(HTTP::Cookies->new);
login_as('admin', 'admin2', 'Admin-Demo-2026');
my $csrf_b = page_csrf($page);
$res = post_form($page, csrf => $csrf_b, action => 'save', versions(), name => 'Accounttest von B',
                 portal_enabled => 1, info_text => 'Text von B');
is($res->code, 303, 'admin B saves first');
use_jar($jar_a);
$res = post_form($page, csrf => $csrf, action => 'save', %first, name => 'Accounttest von A',
                 portal_enabled => 1, info_text => 'Text von A');
is($res->code, 409, 'admin A gets a conflict');
like($res->decoded_content, qr/Jemand anderes hat diese Seite inzwischen gespeichert/, 'with a message');
like($res->decoded_content,
     qr{Was Sie eingegeben hatten.*<dl><dt>Name</dt><dd class="preline">Accounttest von A</dd><dt>Infotext</dt><dd class="preline">Text von A</dd></dl>}s,
     '... and what A typed, listed apart (only the fields that differ from B\'s)');
like($res->decoded_content, qr/id="main-name"[^>]*value="Accounttest von B"/, '... the fields show B\'s save');
is(db_value("SELECT name FROM project WHERE id = $id"), 'Accounttest von B', 'B\'s name is kept');
is(db_value("SELECT info_text FROM portal WHERE id = $portal"), 'Text von B', 'B\'s Infotext is kept');
is(db_value("SELECT COUNT(*) FROM portal_account WHERE username = 'konflikt'"), 0, 'A\'s staged account is not saved');
is(db_value("SELECT COUNT(*) FROM portal_draft WHERE username = 'konflikt'"), 1, '... but still staged for A');

# Another admin's staged entry: B can neither open nor remove it; nor does B's pencil open an
# account of another portal.
my $konflikt = db_value("SELECT id FROM portal_draft WHERE username = 'konflikt'");
my $foreign = db_value("SELECT MIN(id) FROM portal_account WHERE portal_id <> $portal");
$jar_a = use_jar(HTTP::Cookies->new);
login_as('admin', 'admin2', 'Admin-Demo-2026');
$csrf_b = page_csrf($page);
my %page_b = (csrf => $csrf_b, versions(), name => 'Accounttest von B', portal_enabled => 1, info_text => 'Text von B');
$res = post_form($page, %page_b, open_draft => $konflikt);
ok($res->code == 404 && $res->decoded_content !~ /value="konflikt"/, 'admin B cannot open A\'s staged entry: 404');
post_form($page, %page_b, unstage => $konflikt);
post_form($page, %page_b, action => 'discard');
is(db_value("SELECT COUNT(*) FROM portal_draft WHERE id = $konflikt"), 1, 'nor remove or discard it');
$res = post_form($page, %page_b, open_account => $foreign);
ok($res->code == 404 && $res->decoded_content !~ /name="acct_id" value="$foreign"/,
   'the pencil does not open an account of another portal: 404');
use_jar($jar_a);

# The same new username staged by two admins: the second save is refused, nothing half-stored.
post_form($page, csrf => $csrf, action => 'discard');
stage(username => 'doppelname', password => $PW, display_name => 'Erste Version');
$jar_a = use_jar(HTTP::Cookies->new);
login_as('admin', 'admin2', 'Admin-Demo-2026');
$csrf_b = page_csrf($page);
post_form($page, csrf => $csrf_b, action => 'stage', username => 'doppelname', password => $PW,
          display_name => 'Zweite Version');
is(post_form($page, csrf => $csrf_b, action => 'save', versions(), name => 'Accounttest von B',
             portal_enabled => 1, info_text => 'Text von B')->code, 303, 'B saves "doppelname"');
use_jar($jar_a);
$res = save(name => 'Accounttest Doppelt');
is($res->code, 409, 'A\'s save with the same staged username is refused');
like($res->decoded_content, qr/inzwischen anderweitig vergeben/, 'with a message');
is(db_value("SELECT CONCAT(COUNT(*), '|', MIN(display_name)) FROM portal_account WHERE username = 'doppelname'"),
   '1|Zweite Version', 'B\'s account stands alone');
is(db_value("SELECT name FROM project WHERE id = $id"), 'Accounttest von B', 'nothing of A\'s save was stored');
post_form($page, csrf => $csrf, action => 'discard');

# The name is taken by another portal's save between this save's check and its insert: the
# unique key refuses it, and that is "taken meanwhile" (409), not a failure of the database.
my (undef, $elsewhere) = make_portal("anderswo-$$");
is(stage(username => 'wettlauf', password => $PW, display_name => 'Wettlauf')->code, 303, 'a new account staged');
my $race_draft = db_value("SELECT id FROM portal_draft WHERE username = 'wettlauf'");
my $waited;
($res, $waited) = while_row_held('portal_draft', $race_draft, '%FROM portal_draft%',
                                 "UPDATE portal_account SET username = 'wettlauf' WHERE id = $elsewhere",
                                 sub { save(name => 'Accounttest von A') });
ok($waited, 'the save waited for its staged entry');
ok($res->code == 409 && decode_utf8($res->content) =~ /inzwischen anderweitig vergeben/,
   'the name taken meanwhile by another portal: 409 with the reason, not 503');
is(db_value("SELECT COUNT(*) FROM portal_account WHERE username = 'wettlauf'"), 1, 'only the other portal\'s account has it');
post_form($page, csrf => $csrf, action => 'discard');

# Switching the portal off ends its sessions at once.
$saved_ua = use_jar($portal_jar);
is(get_page('/portal/')->code, 200, 'the customer is logged in');
use_jar($saved_ua);
my $active = db_value("SELECT COUNT(*) FROM portal_account WHERE portal_id = $portal AND active = 1");
my $open = db_value("SELECT COUNT(*) FROM session s JOIN portal_account a ON a.id = s.account_id
                     WHERE s.kind = 'portal' AND a.portal_id = $portal");
$res = save(portal_enabled => 0, name => 'Accounttest von A');
ok($res->code == 400 && $res->decoded_content =~ /id="main-portal_enabled"[^>]*aria-invalid="true"/
   && $res->decoded_content =~ /id="main-portal_enabled-error"[^>]*>Das Kundenportal hat $active aktive Konten\./
   && $res->decoded_content =~ /name="confirm_portal_off" value="1"/,
   "unticking a portal with $active active accounts asks to confirm, next to the box");
is(db_value("SELECT CONCAT(p.enabled, '/', (SELECT COUNT(*) FROM session s JOIN portal_account a ON a.id = s.account_id
             WHERE s.kind = 'portal' AND a.portal_id = p.id)) FROM portal p WHERE p.id = $portal"), "1/$open",
   "... the portal stays on, its $open session(s) open");
save(portal_enabled => 0, confirm_portal_off => 1, name => 'Accounttest von A');
is(db_value("SELECT COUNT(*) FROM session s JOIN portal_account a ON a.id = s.account_id
             WHERE s.kind = 'portal' AND a.portal_id = $portal"), 0, 'confirmed, portal off: every session of it ended');
$saved_ua = use_jar(HTTP::Cookies->new);
$res = login_as('portal', 'gaertner', $PW);
ok($res->code == 403 && $res->decoded_content =~ /Ihr Zugang ist derzeit nicht freigeschaltet/,
   '... and its accounts are told their access is switched off');
use_jar($saved_ua);

# "Übernehmen" keeps what was typed into the page: the staging request carries the page's
# fields (they share one form), the page comes back with them, and only "Daten speichern"
# stores them. A project of its own, with the Infotext saved once.
my $id2 = create_project($csrf, name => 'Accounttest Getippt', portal_enabled => 1);
my $page2 = "/admin/projects/$id2";
my $portal2 = db_value("SELECT id FROM portal WHERE project_id = $id2");
is(post_form($page2, csrf => $csrf, action => 'save', page_versions($page2), name => 'Accounttest Getippt',
             portal_enabled => 1, info_text => 'Alter Infotext')->code, 303, 'the old Infotext is saved');
my %shown = page_versions($page2);
my %typed = (csrf => $csrf, %shown, name => 'Accounttest Getippt Neu', portal_enabled => 1,
             info_text => "Neuer Infotext, nur getippt");
$res = post_form($page2, %typed, action => 'stage', username => 'tippkunde', password => 'kurz',
                 display_name => 'Tilo Tipp');
is($res->code, 400, 'typed page, refused account: 400');
like($res->decoded_content, qr{<textarea id="main-info_text"[^>]*>Neuer Infotext, nur getippt</textarea>},
     'the refused account keeps the typed Infotext');
unlike($res->decoded_content, qr/Übernommen\. Noch nicht gespeichert/, '... and does not claim it was staged');
like($res->decoded_content, qr{formaction="/admin/projects/$id2#portal"[^>]*value="stage"},
     'the Übernehmen button posts to the page itself (no notice in its address)');
$res = post_form($page2, %typed, action => 'stage', username => 'tippkunde', password => $PW,
                 display_name => 'Tilo Tipp', perm_planning => 1);
is($res->code, 200, 'Übernehmen with the page\'s fields: the page is shown at once');
my $html = $res->decoded_content;
like($html, qr{<textarea id="main-info_text"[^>]*>Neuer Infotext, nur getippt</textarea>}, 'with the typed Infotext');
like($html, qr{id="main-name"[^>]*value="Accounttest Getippt Neu"}, 'and the typed project name');
like($html, qr/Übernommen\. Noch nicht gespeichert/, 'the staged notice');
like($html, qr/Noch nicht gespeichert.*tippkunde/s, 'the account is staged');
like($html, qr/name="version" value="$shown{version}".*name="portal_version" value="$shown{portal_version}"/s,
     'the versions the page was first shown with are kept');
unlike($html, qr/\Q$PW\E/, 'the password is not echoed');
unlike($html, qr/<details class="editor" id="account-editor" open/, 'the editor is closed again');
is(db_value("SELECT info_text FROM portal WHERE id = $portal2"), 'Alter Infotext', 'the database keeps the old Infotext');
is(db_value("SELECT name FROM project WHERE id = $id2"), 'Accounttest Getippt', 'and the old name');
# "Übernehmen und Zugangsblatt drucken": the sheet's button carries the typed fields back.
$res = post_form($page2, %typed, action => 'stage_sheet', username => 'blattkunde2', password => $PW,
                 display_name => 'Bea Blatt');
is($res->code, 200, 'the access sheet of a staged account');
my ($back) = $res->decoded_content =~ m{(<form method="post" action="/admin/projects/$id2\?staged=1#portal">.*?</form>)}s;
ok($back && $back =~ /name="action" value="resume"/, 'with a button back to the page');
my %carried = ($back // '') =~ /<input type="hidden" name="([^"]+)" value="([^"]*)"/g;
is(join('|', map { $_ // '' } @carried{qw(info_text name version portal_version)}),
   "Neuer Infotext, nur getippt|Accounttest Getippt Neu|$shown{version}|$shown{portal_version}",
   'the button carries the typed fields and versions');
ok(!exists $carried{password} && !exists $carried{username}, 'but no password and no editor field');
$res = post_form("$page2?staged=1", %carried, action => 'resume');
is($res->code, 200, 'back on the page');
like($res->decoded_content, qr{<textarea id="main-info_text"[^>]*>Neuer Infotext, nur getippt</textarea>},
     'with the typed Infotext');
like($res->decoded_content, qr/Noch nicht gespeichert.*blattkunde2/s, 'and the staged account');
is(db_value("SELECT info_text FROM portal WHERE id = $portal2"), 'Alter Infotext', 'still nothing saved');

is(post_form($page2, %typed, action => 'save')->code, 303, 'Daten speichern');
is(db_value("SELECT info_text FROM portal WHERE id = $portal2"), 'Neuer Infotext, nur getippt', 'now the new Infotext');
is(db_value("SELECT name FROM project WHERE id = $id2"), 'Accounttest Getippt Neu', 'and the new name');
is(db_value("SELECT COUNT(*) FROM portal_account WHERE portal_id = $portal2 AND username = 'tippkunde'"), 1,
   'and the staged account');

# The pencil of a staged new account: opens its staged values (never the password), and
# "Übernehmen" replaces the entry rather than adding one.
stage_on($page2, username => 'stiftkunde', password => $PW, display_name => 'Stefan Stift', perm_planning => 1);
my $draft = db_value("SELECT id FROM portal_draft WHERE portal_id = $portal2 AND username = 'stiftkunde'");
ok($draft, 'a new account is staged');
$html = get_page($page2)->decoded_content;
like($html, qr{formaction="/admin/projects/$id2#account-editor"[^>]*name="open_draft" value="$draft"[^>]*>.*?stiftkunde bearbeiten}s,
     'the staged entry has a pencil');
$html = post_form($page2, %typed, open_draft => $draft)->decoded_content;
like($html, qr/<details class="editor" id="account-editor" open/, 'the pencil opens the editor');
like($html, qr/name="draft_id" value="$draft"/, 'for the staged entry');
like($html, qr/id="acct-username" name="username"[^>]*value="stiftkunde"/, 'with its username');
like($html, qr/id="acct-display_name"[^>]*value="Stefan Stift"/, 'its name');
like($html, qr/id="acct-perm_planning" name="perm_planning" value="1" checked/, 'its permissions');
unlike($html, qr/id="acct-password"[^>]*value=/, 'and no password');
# A staged entry belongs to its portal: another project's page neither opens nor replaces it.
$res = post_form($page, csrf => $csrf, versions(), name => 'Accounttest Hausmeister', portal_enabled => 1,
                 info_text => '', open_draft => $draft);
ok($res->code == 404 && $res->decoded_content !~ /name="draft_id" value="$draft"/,
   'another project\'s page does not open the staged entry: 404');
like($res->decoded_content, qr/Diesen Account-Eintrag gibt es nicht mehr/, 'and says the entry is not there');
is(post_form($page, csrf => $csrf, action => 'stage', draft_id => $draft, username => 'fremdkunde',
             display_name => 'Fremd')->code, 404, 'nor replace it: 404');
is(db_value("SELECT CONCAT(portal_id, '|', username) FROM portal_draft WHERE id = $draft"), "$portal2|stiftkunde",
   'the staged entry is unchanged');
stage_on($page2, username => 'anderkunde', password => $PW, display_name => 'Anna Ander');
$res = post_form($page2, csrf => $csrf, action => 'stage', draft_id => $draft, username => 'ANDERKUNDE',
                 display_name => 'Stefan Stift');
is($res->code, 400, 'renaming it to another staged name: 400');
like($res->decoded_content, qr/id="acct-username-error"[^>]*>Dieser Benutzername ist bereits vergeben/,
     'with the error next to the username');
like($res->decoded_content, qr/name="draft_id" value="$draft"/, 'the editor still edits the staged entry');
post_form($page2, csrf => $csrf, unstage => db_value("SELECT id FROM portal_draft WHERE username = 'anderkunde'"));
%shown = page_versions($page2);
$res = post_form($page2, csrf => $csrf, %shown, name => 'Accounttest Getippt Neu', portal_enabled => 1,
                 info_text => 'Neuer Infotext, nur getippt', action => 'stage', draft_id => $draft,
                 username => 'stiftkunde2', display_name => 'Stefan Stift-Neu', perm_documents => 1, perm_times => 1);
is($res->code, 200, 'edited and staged again');
is(db_value("SELECT GROUP_CONCAT(CONCAT_WS('|', id, username, display_name, perm_documents, perm_times,
             perm_planning, password_hash IS NOT NULL)) FROM portal_draft WHERE portal_id = $portal2"),
   "$draft|stiftkunde2|Stefan Stift-Neu|1|1|0|1", 'exactly one staged entry, the same, with the new values and its password');
like($res->decoded_content, qr/Noch nicht gespeichert.*stiftkunde2/s, 'shown with the new username');
unlike($res->decoded_content, qr/<strong>stiftkunde<\/strong>/, 'the old one is gone');
$res = post_form($page2, csrf => $csrf, %shown, name => 'Accounttest Getippt Neu', portal_enabled => 1,
                 info_text => 'Neuer Infotext, nur getippt', action => 'stage', draft_id => $draft,
                 username => 'stiftkunde2', display_name => 'Stefan Stift-Neu', perm_documents => 1, perm_times => 1);
is($res->code, 200, 'staged again unchanged (the same second, as likely as not): still there, 200');
$res = post_form($page2, csrf => $csrf, %shown, name => 'Accounttest Getippt Neu', portal_enabled => 1,
                 info_text => 'Getippt, Eintrag weg', action => 'stage', draft_id => $draft + 1000,
                 username => 'geist', display_name => 'Geist');
is($res->code, 404, 'a staged entry that is not there: 404');
ok($res->decoded_content =~ m{<details class="editor" id="account-editor" open.*Diesen Account-Eintrag gibt es nicht mehr}s
   && $res->decoded_content =~ m{<textarea id="main-info_text"[^>]*>Getippt, Eintrag weg</textarea>},
   'the editor says so, the page keeps what was typed');
ok($res->decoded_content =~ /id="acct-username" name="username"[^>]*value="geist"/
   && $res->decoded_content =~ /name="draft_id" value=""/, 'and the editor holds what it held, as a new entry');
is(post_form($page2, csrf => $csrf, %shown, name => 'Accounttest Getippt Neu', portal_enabled => 1,
             info_text => 'Neuer Infotext, nur getippt', action => 'save')->code, 303, 'Daten speichern');
is(db_value("SELECT GROUP_CONCAT(CONCAT_WS('|', username, display_name, perm_documents, perm_times, perm_planning))
             FROM portal_account WHERE portal_id = $portal2 AND username LIKE 'stiftkunde%'"),
   'stiftkunde2|Stefan Stift-Neu|1|1|0', 'exactly one account, with the new values');
my $admin_jar = use_jar(HTTP::Cookies->new);
is(login_as('portal', 'stiftkunde2', $PW)->code, 303, 'it logs in with the password staged first');
use_jar($admin_jar);

# The editor shares the page's form (Enter in it saves the page): "Daten speichern" with an entry
# begun or changed but not staged is refused, nothing saved, everything typed shown again.
%shown = page_versions($page2);
my %page_fields = (csrf => $csrf, %shown, name => 'Accounttest Getippt Neu', portal_enabled => 1, action => 'save');
$res = post_form($page2, %page_fields, info_text => 'Zweiter Infotext', acct_id => '', draft_id => '',
                 username => 'vergessen', password => $PW, display_name => 'Vera Vergessen', perm_times => 1);
is($res->code, 400, 'saving with a new entry not staged: 400');
$html = $res->decoded_content;
like($html, qr/role="alert">Der Account-Eintrag, der gerade bearbeitet wird, ist noch nicht übernommen/, 'with a message');
like($html, qr/<details class="editor" id="account-editor" open/, 'the editor is open');
like($html, qr/id="acct-username" name="username"[^>]*value="vergessen"/, 'with what was typed');
like($html, qr{<textarea id="main-info_text"[^>]*>Zweiter Infotext</textarea>}, 'and the typed Infotext');
unlike($html, qr/\Q$PW\E/, 'but not the password');
is(db_value("SELECT CONCAT((SELECT COUNT(*) FROM portal_draft WHERE portal_id = $portal2), '|', info_text)
             FROM portal WHERE id = $portal2"), '0|Neuer Infotext, nur getippt', 'nothing staged or saved');
my %cancel = (%page_fields, info_text => 'Zweiter Infotext', acct_id => '', draft_id => '', username => 'vergessen',
              display_name => 'Vera Vergessen', action => 'resume');
$res = post_form($page2, %cancel);
is($res->code, 200, '"Abbrechen" in the editor');
$html = $res->decoded_content;
like($html, qr{<textarea id="main-info_text"[^>]*>Zweiter Infotext</textarea>}, 'keeps the typed Infotext');
like($html, qr/<form [^>]*id="main-form"[^>]*data-unsaved="1"/, 'marked as not saved (for the leave-page warning)');
ok($html !~ /<details class="editor" id="account-editor" open/ && $html !~ /value="vergessen"/, 'and empties the editor');
is(db_value("SELECT CONCAT((SELECT COUNT(*) FROM portal_draft WHERE portal_id = $portal2), '|', info_text)
             FROM portal WHERE id = $portal2"), '0|Neuer Infotext, nur getippt', 'storing nothing');
my $tipp = db_value("SELECT id FROM portal_account WHERE username = 'tippkunde'");
my %opened = (acct_id => $tipp, draft_id => '', username => '', display_name => 'Tilo Tipp', perm_planning => 1, active => 1);
my %changed = (%opened, display_name => 'Tilo Tipp-Neu');
$res = post_form($page2, %page_fields, info_text => 'Zweiter Infotext', %changed);
is($res->code, 400, 'saving with an opened account changed but not staged: 400');
like($res->decoded_content, qr/id="acct-display_name"[^>]*value="Tilo Tipp-Neu"/, 'the change is shown again');
is(post_form($page2, %page_fields, info_text => 'Zweiter Infotext', %opened)->code, 303,
   'an opened account left as it is does not hold up "Daten speichern"');
is(db_value("SELECT info_text FROM portal WHERE id = $portal2"), 'Zweiter Infotext', 'saved');

# The pencil, "Entfernen" and "Verwerfen" send the page's form too (their buttons belong to it):
# what was typed into the page stays, and none of it is saved.
%shown = page_versions($page2);
my $saved_name = db_value("SELECT name FROM project WHERE id = $id2");
my %typing = (csrf => $csrf, %shown, name => 'Accounttest Nur Getippt', portal_enabled => 1,
              info_text => 'Getippt vor dem Stift');
sub keeps_typing {
    my ($h) = @_;
    return $h =~ m{id="main-name"[^>]*value="Accounttest Nur Getippt"}
        && $h =~ m{<textarea id="main-info_text"[^>]*>Getippt vor dem Stift</textarea>}
        && $h =~ /<form [^>]*id="main-form"[^>]*data-unsaved="1"/;
}
stage_on($page2, username => 'stiftkunde3', password => $PW, display_name => 'Stella Stift');
my $d3 = db_value("SELECT id FROM portal_draft WHERE portal_id = $portal2 AND username = 'stiftkunde3'");
for my $case ([open_account => $tipp, 'the pencil of an account', qr/name="acct_id" value="$tipp"/],
              [open_draft => $d3, 'the pencil of a staged entry', qr/name="draft_id" value="$d3"/]) {
    my ($field, $value, $what, $editing) = @$case;
    $res = post_form($page2, %typing, $field => $value);
    $html = $res->decoded_content;
    ok($res->code == 200 && keeps_typing($html) && $html =~ /<details class="editor" id="account-editor" open/
       && $html =~ $editing, "$what keeps the typed page fields and opens the editor on the entry");
}
$res = post_form($page2, %typing, unstage => $d3);
is($res->code, 200, '"Entfernen" with the page\'s fields: the page at once');
ok(keeps_typing($res->decoded_content) && $res->decoded_content !~ /stiftkunde3/,
   'with the typed fields, without the removed entry');
stage_on($page2, username => 'stiftkunde4', password => $PW, display_name => 'Stina Stift');
$res = post_form($page2, %typing, action => 'discard');
is($res->code, 200, '"Verwerfen" with the page\'s fields: the page at once');
ok(keeps_typing($res->decoded_content) && $res->decoded_content !~ /stiftkunde4/
   && !db_value("SELECT COUNT(*) FROM portal_draft WHERE portal_id = $portal2"),
   'with the typed fields, every staged entry gone');
is(db_value("SELECT CONCAT(name, '|', (SELECT info_text FROM portal WHERE id = $portal2)) FROM project WHERE id = $id2"),
   "$saved_name|Zweiter Infotext", 'nothing typed was saved');

# While the editor holds an entry not yet staged, the pencil is refused (nothing lost), and
# "Entfernen" shows the editor again as it was.
my %begun = (username => 'halbfertig', display_name => 'Hanna Halb', perm_times => 1);
$res = post_form($page2, %typing, %begun, open_account => $tipp);
is($res->code, 400, 'the pencil while a new entry is begun in the editor: 400');
ok($res->decoded_content =~ /noch nicht übernommen.*einen anderen Eintrag öffnen/s
   && $res->decoded_content =~ /id="acct-username" name="username"[^>]*value="halbfertig"/
   && $res->decoded_content !~ /name="acct_id" value="$tipp"/ && keeps_typing($res->decoded_content),
   'the begun entry and the typed page stay');
stage_on($page2, username => 'stiftkunde5', password => $PW, display_name => 'Stefan Fünf');
my $d5 = db_value("SELECT id FROM portal_draft WHERE portal_id = $portal2 AND username = 'stiftkunde5'");
$res = post_form($page2, %typing, %begun, unstage => $d5);
ok($res->code == 200 && $res->decoded_content =~ /id="acct-username" name="username"[^>]*value="halbfertig"/
   && !db_value("SELECT COUNT(*) FROM portal_draft WHERE id = $d5"), '"Entfernen" keeps the begun entry in the editor');
stage_on($page2, username => 'stiftkunde6', password => $PW, display_name => 'Stefan Sechs');
my $d6 = db_value("SELECT id FROM portal_draft WHERE portal_id = $portal2 AND username = 'stiftkunde6'");
$res = post_form($page2, %typing, draft_id => $d6, username => 'stiftkunde6', display_name => 'Stefan Sechs-Neu',
                 unstage => $d6);
ok($res->code == 200 && $res->decoded_content =~ /id="acct-display_name"[^>]*value="Stefan Sechs-Neu"/
   && $res->decoded_content =~ /name="draft_id" value=""/ && $res->decoded_content =~ /role="alert">Der Eintrag, den der Editor hielt, ist entfernt/,
   'removing the entry the editor holds, changed: the editor keeps the change as a new entry, and says so');
# Nothing typed into the page: the pencil's page carries no leave-page warning.
$res = post_form($page2, csrf => $csrf, page_versions($page2), name => $saved_name, portal_enabled => 1,
                 info_text => 'Zweiter Infotext', open_account => $tipp);
ok($res->code == 200 && $res->decoded_content !~ /data-unsaved/, 'the pencil on an unchanged page: no leave-page warning');
$res = post_form($page2, csrf => $csrf, page_versions($page2), name => $saved_name, portal_enabled => 1,
                 info_text => 'Zweiter Infotext', %begun, open_account => $tipp);
ok($res->code == 400 && $res->decoded_content =~ /data-unsaved="1"/,
   'a pencil refused for a begun entry: the page warns before leaving, though its own fields are unchanged');
stage_on($page2, username => 'stiftkunde8', password => $PW, display_name => 'Stefan Acht');
$res = post_form($page2, %typing, %begun, action => 'discard');
ok($res->code == 200 && $res->decoded_content =~ /id="acct-username" name="username"[^>]*value="halbfertig"/
   && !db_value("SELECT COUNT(*) FROM portal_draft WHERE portal_id = $portal2"), '"Verwerfen" keeps the begun entry in the editor');

# The entry the editor holds is removed meanwhile (another tab): "Daten speichern" keeps the
# change as a new entry, saves nothing and says why.
stage_on($page2, username => 'stiftkunde7', password => $PW, display_name => 'Stefan Sieben');
my $d7 = db_value("SELECT id FROM portal_draft WHERE portal_id = $portal2 AND username = 'stiftkunde7'");
post_form($page2, csrf => $csrf, unstage => $d7);
$res = post_form($page2, csrf => $csrf, page_versions($page2), name => $saved_name, portal_enabled => 1,
                 info_text => 'Zweiter Infotext', action => 'save', draft_id => $d7, username => 'stiftkunde7',
                 display_name => 'Stefan Sieben-Neu');
is($res->code, 400, 'saving while the editor holds a changed entry removed meanwhile: 400');
ok($res->decoded_content =~ /Diesen Account-Eintrag gibt es nicht mehr/
   && $res->decoded_content =~ /id="acct-display_name"[^>]*value="Stefan Sieben-Neu"/
   && $res->decoded_content =~ /name="draft_id" value=""/ && $res->decoded_content =~ /data-unsaved="1"/,
   'the editor keeps the change as a new entry and says so; the page warns before leaving');

# With the Kundenstamm off the page has no customer field: a project with a customer is not
# taken for changed.
my $master = db_value("SELECT customer_master_enabled FROM tenant WHERE slug = 'demo'");
db_do("UPDATE tenant SET customer_master_enabled = 0 WHERE slug = 'demo'");
db_do("UPDATE project SET customer_id = (SELECT MIN(c.id) FROM customer c WHERE c.tenant_id = project.tenant_id)
       WHERE id = $id2");
$res = post_form($page2, csrf => $csrf, page_versions($page2), name => $saved_name, portal_enabled => 1,
                 info_text => 'Zweiter Infotext', open_account => $tipp);
ok($res->code == 200 && $res->decoded_content !~ /data-unsaved/, 'Kundenstamm off, a project with a customer: no false warning');
db_do("UPDATE tenant SET customer_master_enabled = $master WHERE slug = 'demo'");
db_do("UPDATE project SET customer_id = NULL WHERE id = $id2");

# A change of an account staged in an editor opened before someone else changed the account
# (another admin, a script): the save refuses it, marks it, and stores nothing; opened again
# (the editor says what happened) and staged, it is saved. The same change made by both is no
# conflict.
my $save2 = sub { post_form($page2, csrf => $csrf, page_versions($page2), name => $saved_name, portal_enabled => 1,
                            info_text => 'Zweiter Infotext', action => 'save') };
my $pencil2 = sub { post_form($page2, csrf => $csrf, page_versions($page2), name => $saved_name, portal_enabled => 1,
                              info_text => 'Zweiter Infotext', open_account => $_[0]) };
my $state_of = sub { $_[0]->decoded_content =~ /name="acct_state" value="([0-9a-f]{64})"/ ? $1 : '' };
stage_on($page2, username => 'ueberholt', password => $PW, display_name => 'Uwe Überholt', perm_documents => 1);
is($save2->()->code, 303, 'an account to change');
my $overtaken = db_value("SELECT id FROM portal_account WHERE username = 'ueberholt'");
my $state = sub { decode_utf8(db_value("SELECT CONCAT_WS('|', display_name, perm_documents, perm_times, active) FROM portal_account WHERE id = $overtaken")) };
my $opened = $state_of->($pencil2->($overtaken));
ok($opened, 'the editor carries the account as it opened on it');
db_do("UPDATE portal_account SET perm_times = 1 WHERE id = $overtaken");
stage_on($page2, acct_id => $overtaken, acct_state => $opened, display_name => 'Uwe Ü. (A)', perm_documents => 1, active => 1);
$res = $save2->();
is($res->code . ' ' . $state->(), '409 Uwe Überholt|1|1|1', 'the save of a change overtaken meanwhile: 409, the other change stands');
like($res->decoded_content, qr{wurde inzwischen anderweitig geändert\. Es wurde nichts gespeichert}, '... saying why');
like($res->decoded_content, qr{Uwe Ü\. \(A\).*inzwischen anderweitig geändert – bitte öffnen, prüfen und erneut übernehmen}s,
     '... the entry marked');
is(db_value("SELECT COUNT(*) FROM portal_draft WHERE account_id = $overtaken"), 1, '... and kept staged');
my $reopened = $pencil2->($overtaken);
like($reopened->decoded_content, qr{Dieser Account wurde geändert, seit Sie diese Änderung übernommen haben},
     'opened again, the editor says the account changed since');
my $now = $state_of->($reopened);
ok($now && $now ne $opened, '... and now carries the account as it is');
stage_on($page2, acct_id => $overtaken, acct_state => $now, display_name => 'Uwe Ü. (A)', perm_documents => 1, active => 1);
is($save2->()->code . ' ' . $state->(), '303 Uwe Ü. (A)|1|0|1', 'staged again after a look, it is saved');
$opened = $state_of->($pencil2->($overtaken));
db_do("UPDATE portal_account SET perm_documents = 0 WHERE id = $overtaken");
stage_on($page2, acct_id => $overtaken, acct_state => $opened, display_name => 'Uwe Ü. (A)', perm_documents => 0, active => 1);
is($save2->()->code . ' ' . $state->(), '303 Uwe Ü. (A)|0|0|1', 'the same change made elsewhere meanwhile is no conflict');

sub stage_on {
    my ($url, %f) = @_;
    my $r = post_form($url, csrf => $csrf, action => 'stage', %f);
    $r->code == 303 or die "staging failed: " . $r->code;
}
