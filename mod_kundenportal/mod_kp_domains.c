/* mod_kp_domains.c: the list of every domain of the module. A new domain file adds its
 * descriptor here; the router takes its routes and mod_dbd prepares its statements. */
#include "mod_kp.h"

extern const kp_domain kp_domain_session;
extern const kp_domain kp_domain_page;
extern const kp_domain kp_domain_router;
extern const kp_domain kp_domain_login;
extern const kp_domain kp_domain_portal;
extern const kp_domain kp_domain_admin_projects;
extern const kp_domain kp_domain_admin_portal;
extern const kp_domain kp_domain_admin_customers;
extern const kp_domain kp_domain_admin_link;
extern const kp_domain kp_domain_admin_settings;
extern const kp_domain kp_domain_admin_users;
extern const kp_domain kp_domain_branding;
extern const kp_domain kp_domain_audit;
extern const kp_domain kp_domain_areas;
extern const kp_domain kp_domain_planning;
extern const kp_domain kp_domain_times;
extern const kp_domain kp_domain_documents;
extern const kp_domain kp_domain_messages;
extern const kp_domain kp_domain_requests;
extern const kp_domain kp_domain_account;
extern const kp_domain kp_domain_employees;
extern const kp_domain kp_domain_health;

const kp_domain *const kp_domains[] = {
    &kp_domain_session,
    &kp_domain_page,
    &kp_domain_router,
    &kp_domain_login,
    &kp_domain_portal,
    &kp_domain_admin_projects,
    &kp_domain_admin_portal,
    &kp_domain_admin_customers,
    &kp_domain_admin_link,
    &kp_domain_admin_settings,
    &kp_domain_admin_users,
    &kp_domain_branding,
    &kp_domain_audit,
    &kp_domain_areas,
    &kp_domain_planning,
    &kp_domain_times,
    &kp_domain_documents,
    &kp_domain_messages,
    &kp_domain_requests,
    &kp_domain_account,
    &kp_domain_employees,
    &kp_domain_health,
    NULL
};
