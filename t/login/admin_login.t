# Admin login, the project list, and the separation of the admin and portal sessions.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;

plan tests => 9;

fresh_agent();
my $res = get_page('/admin/projects');
is($res->code, 303, 'admin page without session redirects');
like($res->header('Location'), qr{/admin/login$}, '... to the admin login');

$res = login_as('admin', 'kunde', 'Kunde-Demo-2026');
is($res->code, 401, 'a portal account cannot log into the administration');

$res = login_as('admin', 'admin');
is($res->code, 303, 'admin login');
$res = get_page('/admin/');
is($res->code, 303, '/admin/ leads to the project list');
$res = get_page('/admin/projects');
is($res->code, 200, 'project list');
like($res->content, qr/Wohnanlage Sonnenhof/, 'lists the projects of the tenant');
unlike($res->content, qr/Fremdprojekt/, 'not those of another tenant');

$res = get_page('/portal/');
is($res->code, 303, 'an admin session is no portal session');
