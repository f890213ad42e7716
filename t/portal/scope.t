# Which projects an account sees: its project portal, or every project of its customer.
use strict;
use warnings FATAL => 'all';
use utf8;
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use KPTest;

plan tests => 10;

my %project = map { $_->[1] => $_->[0] } db_query("SELECT id, number FROM project");
my ($catering, $sonnenhof, $linden, $fremd) = @project{qw(P-2026-021 P-2026-014 P-2026-015 Z-1)};

fresh_agent();
login_as('portal', 'kunde');
is(get_page("/portal/projects/$catering")->code, 200, 'project portal: its project');
is(get_page("/portal/projects/$sonnenhof")->code, 404, 'project portal: another customer\'s project is 404');
is(get_page("/portal/projects/$fremd")->code, 404, 'project portal: another tenant\'s project is 404');
is(get_page("/portal/projects/999999")->code, 404, 'a project that does not exist is 404 too');

fresh_agent();
login_as('portal', 'hausverwaltung');
my $res = get_page('/portal/');
ok($res->decoded_content =~ /Wohnanlage Sonnenhof/ && $res->decoded_content =~ /Bürohaus Lindenstraße/,
   'customer portal lists both projects');
is(get_page("/portal/projects/$sonnenhof")->code, 200, 'customer portal: first project');
is(get_page("/portal/projects/$linden")->code, 200, 'customer portal: second project');
is(get_page("/portal/projects/$catering")->code, 404, 'customer portal: a project of nobody\'s is 404');

# A project added to the customer later is visible at once.
db_do("INSERT INTO project (tenant_id, customer_id, name, created_at, updated_at)
       SELECT tenant_id, id, 'Neues Objekt Parkweg', UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM customer WHERE number = 'K-1001'");
my ($new) = db_query("SELECT id FROM project WHERE name = 'Neues Objekt Parkweg'");
is(get_page("/portal/projects/$new->[0]")->code, 200, 'a new project of the customer is visible');
like(get_page('/portal/')->content, qr/Neues Objekt Parkweg/, '... and listed');
