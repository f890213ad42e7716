/* mod_kp_config.c: the Kundenportal* directives, their defaults and per-vhost/per-dir merging. */
#include "mod_kp.h"
#include "kp_tenant.h"

#define DEFAULT_TEMPLATES "/usr/share/kundenportal/templates"
#define DEFAULT_TRIAL_DAYS 30
#define DEFAULT_SESSION_IDLE (30 * 60)
#define DEFAULT_SESSION_MAX (12 * 60 * 60)
#define DEFAULT_UPLOAD_LIMIT ((apr_off_t)20 * 1024 * 1024)
#define DEFAULT_LOGIN_FAILURES 5
#define DEFAULT_LOGIN_LOCK 300
#define DEFAULT_TIME_ZONE "Europe/Berlin"

void *kp_create_srv_conf(apr_pool_t *p, server_rec *s)
{
    kp_srv_conf *c = apr_pcalloc(p, sizeof(*c));
    c->tenant = NULL;
    c->edition_pro = KP_UNSET;
    c->addon_kunden_plus = KP_UNSET;
    c->trial_days = KP_UNSET;
    c->templates = NULL;
    c->hash_ops = KP_UNSET;
    c->hash_mem_kib = KP_UNSET;
    c->session_idle = KP_UNSET;
    c->session_max = KP_UNSET;
    c->cookie_secure = KP_UNSET;
    c->upload_limit = KP_UNSET;
    c->login_max_failures = KP_UNSET;
    c->login_lock_seconds = KP_UNSET;
    c->time_zone = NULL;
    return c;
}

#define MERGE_PTR(f) (c->f = add->f ? add->f : base->f)
#define MERGE_INT(f) (c->f = add->f != KP_UNSET ? add->f : base->f)

void *kp_merge_srv_conf(apr_pool_t *p, void *basev, void *addv)
{
    kp_srv_conf *base = basev, *add = addv, *c = apr_pcalloc(p, sizeof(*c));
    /* Not inherited: a virtual host serves a company only if it names one. A tenant set in the
     * main server would otherwise reach every virtual host of the machine, where a .htaccess
     * with SetHandler kundenportal could serve that company's portal on a site of its own. */
    c->tenant = add->tenant;
    MERGE_INT(edition_pro);
    MERGE_INT(addon_kunden_plus);
    MERGE_INT(trial_days);
    MERGE_PTR(templates);
    MERGE_INT(hash_ops);
    MERGE_INT(hash_mem_kib);
    MERGE_INT(session_idle);
    MERGE_INT(session_max);
    MERGE_INT(cookie_secure);
    MERGE_INT(upload_limit);
    MERGE_INT(login_max_failures);
    MERGE_INT(login_lock_seconds);
    MERGE_PTR(time_zone);
    return c;
}

void *kp_create_dir_conf(apr_pool_t *p, char *dir)
{
    kp_dir_conf *c = apr_pcalloc(p, sizeof(*c));
    c->base_url = NULL;
    c->portal_path = NULL;
    c->default_lang = NULL;
    c->static_url = NULL;
    return c;
}

void *kp_merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    kp_dir_conf *base = basev, *add = addv, *c = apr_pcalloc(p, sizeof(*c));
    MERGE_PTR(base_url);
    MERGE_PTR(portal_path);
    MERGE_PTR(default_lang);
    MERGE_PTR(static_url);
    return c;
}

#define DEFAULT_IF_UNSET(f, dflt) \
    if (c->f == KP_UNSET) { \
        c->f = (dflt); \
    }

/* The default zone, read once per configuration however many vhosts use it. */
static const kp_tz *default_time_zone(server_rec *s)
{
    static const char key[] = "kundenportal-default-time-zone";
    apr_pool_t *pconf = s->process->pconf;
    void *tz = NULL;
    const char *error;
    apr_pool_userdata_get(&tz, key, pconf);
    if (!tz) {
        if ((error = kp_tz_load(pconf, DEFAULT_TIME_ZONE, (kp_tz **)&tz)) != NULL) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                         KPLOG(10043) "%s; times stored in UTC are shown in UTC", error);
            return NULL;
        }
        apr_pool_userdata_setn(tz, key, NULL, pconf);
    }
    return tz;
}

/* After merging: the defaults apply where nothing was set anywhere. */
void kp_conf_finalize(server_rec *s)
{
    kp_srv_conf *c = ap_get_module_config(s->module_config, &kundenportal_module);
    if (!c->time_zone) {
        c->time_zone = default_time_zone(s);
    }
    if (!c->templates) {
        c->templates = DEFAULT_TEMPLATES;
    }
    DEFAULT_IF_UNSET(edition_pro, 0);
    DEFAULT_IF_UNSET(addon_kunden_plus, 0);
    DEFAULT_IF_UNSET(trial_days, DEFAULT_TRIAL_DAYS);
    DEFAULT_IF_UNSET(hash_ops, KP_HASH_DEFAULT_OPS);
    DEFAULT_IF_UNSET(hash_mem_kib, KP_HASH_DEFAULT_MEM_KIB);
    DEFAULT_IF_UNSET(session_idle, DEFAULT_SESSION_IDLE);
    DEFAULT_IF_UNSET(session_max, DEFAULT_SESSION_MAX);
    DEFAULT_IF_UNSET(cookie_secure, KP_COOKIE_AUTO);
    DEFAULT_IF_UNSET(upload_limit, DEFAULT_UPLOAD_LIMIT);
    DEFAULT_IF_UNSET(login_max_failures, DEFAULT_LOGIN_FAILURES);
    DEFAULT_IF_UNSET(login_lock_seconds, DEFAULT_LOGIN_LOCK);
}

/* The argon2id cost of new password hashes (KundenportalPasswordHashCost). */
kp_hash_cost kp_conf_hash_cost(const kp_srv_conf *c)
{
    kp_hash_cost cost;
    cost.ops = (unsigned long long)c->hash_ops;
    cost.mem_kib = (apr_size_t)c->hash_mem_kib;
    return cost;
}

int kp_conf_edition_allows(const kp_srv_conf *c)
{
    return c->edition_pro == 1 || c->addon_kunden_plus == 1;
}

static kp_srv_conf *srv_of(cmd_parms *cmd)
{
    return ap_get_module_config(cmd->server->module_config, &kundenportal_module);
}

static const char *parse_positive(cmd_parms *cmd, const char *arg, long max, int *out)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (*arg == '\0' || *end != '\0' || v < 1 || v > max) {
        return apr_psprintf(cmd->pool, "%s takes a whole number from 1 to %ld, not '%s'",
                            cmd->cmd->name, max, arg);
    }
    *out = (int)v;
    return NULL;
}

static const char *set_tenant(cmd_parms *cmd, void *dummy, const char *arg)
{
    if (!kp_tenant_slug_valid(arg)) {   /* as kundenportalctl tenant add takes it */
        return "KundenportalTenant takes a slug of 1 to 64 characters a-z, 0-9 and '-', not "
               "beginning with '-' (see kundenportalctl tenant add)";
    }
    srv_of(cmd)->tenant = arg;
    return NULL;
}

static const char *set_edition(cmd_parms *cmd, void *dummy, const char *arg)
{
    if (!strcasecmp(arg, "pro")) {
        srv_of(cmd)->edition_pro = 1;
    }
    else if (!strcasecmp(arg, "basic")) {
        srv_of(cmd)->edition_pro = 0;
    }
    else {
        return "KundenportalEdition takes 'basic' or 'pro'";
    }
    return NULL;
}

static const char *set_addon(cmd_parms *cmd, void *dummy, const char *arg)
{
    if (!strcasecmp(arg, "KundenPlus")) {
        srv_of(cmd)->addon_kunden_plus = 1;
        return NULL;
    }
    if (!strcasecmp(arg, "none")) {
        srv_of(cmd)->addon_kunden_plus = 0;
        return NULL;
    }
    return "KundenportalAddOn takes 'KundenPlus' (or 'none')";
}

static const char *set_trial_days(cmd_parms *cmd, void *dummy, const char *arg)
{
    if (!strcmp(arg, "0")) {
        srv_of(cmd)->trial_days = 0;
        return NULL;
    }
    return parse_positive(cmd, arg, 3650, &srv_of(cmd)->trial_days);
}

static const char *set_templates(cmd_parms *cmd, void *dummy, const char *arg)
{
    srv_of(cmd)->templates = ap_server_root_relative(cmd->pool, arg);
    return srv_of(cmd)->templates ? NULL : "KundenportalTemplates: invalid path";
}

static const char *set_hash_cost(cmd_parms *cmd, void *dummy, const char *ops, const char *mem)
{
    kp_srv_conf *c = srv_of(cmd);
    const char *err = parse_positive(cmd, ops, 20, &c->hash_ops);
    if (!err && mem) {
        err = parse_positive(cmd, mem, 1024 * 1024, &c->hash_mem_kib);
        if (!err && c->hash_mem_kib < 8) {
            err = "KundenportalPasswordHashCost: memory must be at least 8 KiB";
        }
    }
    return err;
}

static const char *set_session_idle(cmd_parms *cmd, void *dummy, const char *arg)
{
    return parse_positive(cmd, arg, 30 * 24 * 3600, &srv_of(cmd)->session_idle);
}

static const char *set_session_max(cmd_parms *cmd, void *dummy, const char *arg)
{
    return parse_positive(cmd, arg, 90 * 24 * 3600, &srv_of(cmd)->session_max);
}

static const char *set_cookie_secure(cmd_parms *cmd, void *dummy, const char *arg)
{
    kp_srv_conf *c = srv_of(cmd);
    if (!strcasecmp(arg, "on")) {
        c->cookie_secure = 1;
    }
    else if (!strcasecmp(arg, "off")) {
        c->cookie_secure = 0;
    }
    else if (!strcasecmp(arg, "auto")) {
        c->cookie_secure = KP_COOKIE_AUTO;
    }
    else {
        return "KundenportalCookieSecure takes On, Off or Auto";
    }
    return NULL;
}

static const char *set_upload_limit(cmd_parms *cmd, void *dummy, const char *arg)
{
    int mib;
    const char *err = parse_positive(cmd, arg, 1024, &mib);
    if (!err) {
        srv_of(cmd)->upload_limit = (apr_off_t)mib * 1024 * 1024;
    }
    return err;
}

static const char *set_login_throttle(cmd_parms *cmd, void *dummy, const char *n, const char *secs)
{
    kp_srv_conf *c = srv_of(cmd);
    const char *err = parse_positive(cmd, n, 1000, &c->login_max_failures);
    return err ? err : parse_positive(cmd, secs, 24 * 3600, &c->login_lock_seconds);
}

static const char *set_time_zone(cmd_parms *cmd, void *dummy, const char *arg)
{
    kp_tz *tz;
    const char *error = kp_tz_load(cmd->pool, arg, &tz);
    if (error) {
        return apr_pstrcat(cmd->pool, "KundenportalTimeZone: ", error, NULL);
    }
    srv_of(cmd)->time_zone = tz;
    return NULL;
}

static const char *set_base_url(cmd_parms *cmd, void *conf, const char *arg)
{
    kp_dir_conf *c = conf;
    apr_size_t n = strlen(arg);
    if (strncmp(arg, "https://", 8) != 0 && strncmp(arg, "http://", 7) != 0) {
        return "KundenportalBaseURL takes an absolute http:// or https:// URL";
    }
    while (n > 0 && arg[n - 1] == '/') {
        n--;
    }
    c->base_url = apr_pstrndup(cmd->pool, arg, n);
    return NULL;
}

/* A URL path of plain segments: "/kunden", "/a/b"; a trailing slash is dropped. */
static const char *set_portal_path(cmd_parms *cmd, void *conf, const char *arg)
{
    apr_size_t n = strlen(arg);
    const char *s;
    if (arg[0] != '/') {
        return "KundenportalPortalPath takes a URL path such as /portal";
    }
    for (s = arg; *s; s++) {
        if (!apr_isalnum(*s) && !strchr("/-._~", *s)) {
            return "KundenportalPortalPath: only letters, digits and / - . _ ~ please";
        }
    }
    while (n > 1 && arg[n - 1] == '/') {
        n--;
    }
    ((kp_dir_conf *)conf)->portal_path = n == 1 ? "" : apr_pstrndup(cmd->pool, arg, n);
    return NULL;
}

static const char *set_default_lang(cmd_parms *cmd, void *conf, const char *arg)
{
    if (strcmp(arg, "de") != 0 && strcmp(arg, "en") != 0) {
        return "KundenportalDefaultLanguage takes 'de' or 'en'";
    }
    ((kp_dir_conf *)conf)->default_lang = arg;
    return NULL;
}

static const char *set_static_url(cmd_parms *cmd, void *conf, const char *arg)
{
    ((kp_dir_conf *)conf)->static_url = arg;
    return NULL;
}

const command_rec kp_directives[] = {
    AP_INIT_TAKE1("KundenportalTenant", set_tenant, NULL, RSRC_CONF,
                  "The tenant (company) this virtual host serves, by its slug"),
    AP_INIT_TAKE1("KundenportalEdition", set_edition, NULL, RSRC_CONF,
                  "The product edition of this tenant: basic or pro"),
    AP_INIT_TAKE1("KundenportalAddOn", set_addon, NULL, RSRC_CONF,
                  "An add-on booked by this tenant: KundenPlus"),
    AP_INIT_TAKE1("KundenportalTrialDays", set_trial_days, NULL, RSRC_CONF,
                  "Days the portal works in the basic edition without the add-on (default 30)"),
    AP_INIT_TAKE1("KundenportalTemplates", set_templates, NULL, RSRC_CONF,
                  "Directory of the XSLT page templates and message catalogues"),
    AP_INIT_TAKE12("KundenportalPasswordHashCost", set_hash_cost, NULL, RSRC_CONF,
                   "argon2id cost of new password hashes: iterations [memory in KiB]"),
    AP_INIT_TAKE1("KundenportalSessionIdleTimeout", set_session_idle, NULL, RSRC_CONF,
                  "Seconds of inactivity after which a session ends (default 1800)"),
    AP_INIT_TAKE1("KundenportalSessionMaxLifetime", set_session_max, NULL, RSRC_CONF,
                  "Seconds after login after which a session ends in any case (default 43200)"),
    AP_INIT_TAKE1("KundenportalCookieSecure", set_cookie_secure, NULL, RSRC_CONF,
                  "Mark cookies Secure (and __Host-): On, Off or Auto (when served over https)"),
    AP_INIT_TAKE1("KundenportalUploadLimit", set_upload_limit, NULL, RSRC_CONF,
                  "Largest document upload in MiB (default 20)"),
    AP_INIT_TAKE2("KundenportalLoginThrottle", set_login_throttle, NULL, RSRC_CONF,
                  "Failed logins before a lock, and the lock in seconds (default 5 300)"),
    AP_INIT_TAKE1("KundenportalTimeZone", set_time_zone, NULL, RSRC_CONF,
                  "IANA time zone the company's times are shown in (default Europe/Berlin)"),
    AP_INIT_TAKE1("KundenportalBaseURL", set_base_url, NULL, RSRC_CONF | ACCESS_CONF | OR_FILEINFO,
                  "Absolute URL the portal is reached at, for links and QR codes"),
    AP_INIT_TAKE1("KundenportalPortalPath", set_portal_path, NULL, RSRC_CONF | ACCESS_CONF,
                  "URL path the portal is mounted at, for the links the administration makes (default /portal)"),
    AP_INIT_TAKE1("KundenportalDefaultLanguage", set_default_lang, NULL,
                  RSRC_CONF | ACCESS_CONF | OR_FILEINFO,
                  "Language when the browser asks for none we have: de or en (default de)"),
    AP_INIT_TAKE1("KundenportalStaticURL", set_static_url, NULL, RSRC_CONF | ACCESS_CONF,
                  "URL path of the stylesheets and scripts (default /kundenportal-static)"),
    {NULL}
};
