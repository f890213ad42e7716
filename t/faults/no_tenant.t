# A virtual host without a KundenportalTenant of its own serves no company, though the main
# server names one (demo): the handler answers 503 and logs why, instead of serving the main
# server's company on whatever site sets the handler (a .htaccess could). One whose tenant is
# not in the database is unavailable too (503, which a monitor reads as such, not 404).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 6;

fresh_agent(vhost => 'kp_notenant');
my $res = get_page('/portal/login');
is($res->code, 503, 'the login page of a virtual host without a tenant: 503');
unlike($res->decoded_content, qr/Muster Dienste/, '... nothing of the main server\'s company');
my $log = do { local $/; open my $fh, '<', 't/logs/error_log' or die $!; <$fh> };
like($log, qr/KP10021: KundenportalTenant is not set for this virtual host/, '... and the log says why');
like($log, qr/KP10044: KundenportalTenant demo of the main server is not inherited: 1 virtual host\(s\) without one/,
     'the start-up says the main server\'s tenant is not inherited');

fresh_agent(vhost => 'kp_unknowntenant');
is(get_page('/portal/login')->code, 503, 'a virtual host whose tenant is not in the database: 503');
$log = do { local $/; open my $fh, '<', 't/logs/error_log' or die $!; <$fh> };
like($log, qr/KP10022: tenant 'kein-solcher-mandant' does not exist: run 'kundenportalctl tenant add'/, '... and the log says what to do');
