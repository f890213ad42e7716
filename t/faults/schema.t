# A database older than the module: every request gets a clear 503 and a tagged log line
# until `kundenportalctl migrate` has run. Uses the vhost kp_schema, whose schema state no
# other test can have cached.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;

plan tests => 4;

my ($latest) = db_query("SELECT MAX(version) FROM schema_version");
my ($applied) = db_query("SELECT applied_at FROM schema_version WHERE version = $latest->[0]");
db_do("DELETE FROM schema_version WHERE version = $latest->[0]");

fresh_agent(vhost => 'kp_schema');
my $res = get_page('/portal/login');
is($res->code, 503, 'old schema: 503');
like($res->decoded_content, qr/nicht erreichbar/, 'with a clear page');

my $log = do { local $/; open my $fh, '<', 't/logs/error_log' or die $!; <$fh> };
like($log, qr/KP10002: database schema is at version \d+, this module needs \d+: run 'kundenportalctl migrate'/,
     'the log says what to do');

db_do("INSERT INTO schema_version (version, applied_at) VALUES ($latest->[0], '$applied->[0]')");
is(get_page('/portal/login')->code, 200, 'after the migration the portal answers');
