# KundenportalSessionIdleTimeout below two minutes: a session in use writes its last activity
# often enough (at half the timeout) not to time out while it is used, and still ends when it is
# left alone. The vhost kp_short has a timeout of 6 seconds.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Test::More;
use lib 't/lib';
use KPTest;

plan tests => 4;

fresh_agent(vhost => 'kp_short');
is(login_as('portal', 'kunde')->code, 303, 'logged in');
sleep 4;
is(get_page('/portal/')->code, 200, 'used again after 4 seconds: still logged in');
sleep 4;
is(get_page('/portal/')->code, 200, 'and again 4 seconds later (8 after the login): still logged in');
sleep 8;
is(get_page('/portal/')->code, 303, 'left alone for 8 seconds: the session has ended');
