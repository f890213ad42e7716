# Two tenants on two virtual hosts: same username, separate worlds.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;

plan tests => 6;

fresh_agent(vhost => 'kp_tenant2');
my $res = login_as('portal', 'kunde', 'Kunde-Demo-2026');
is($res->code, 401, 'tenant 1 password does not open tenant 2\'s "kunde"');
$res = login_as('portal', 'kunde', 'Fremd-Konto-2026');
is($res->code, 303, 'tenant 2 login on its own vhost');
$res = get_page('/portal/');
like($res->content, qr/Fremdprojekt Zweite/, 'tenant 2 sees its project');
unlike($res->content, qr/Sommerfest/, 'and nothing of tenant 1');

# The tenant 2 session cookie is worthless on tenant 1's vhost.
my ($cookie) = $res->request->header('Cookie') =~ /kp_portal=([^;\s]+)/;
fresh_agent();
$res = Apache::TestRequest::GET('/portal/', Cookie => "kp_portal=$cookie");
is($res->code, 303, 'a session of tenant 2 is not valid on tenant 1');

fresh_agent(vhost => 'kp_tenant2');
$res = login_as('admin', 'chef', 'Chef-Zweite-2026');
is($res->code, 303, 'admin made with kundenportalctl admin add can log in');
