/* mod_kundenportal.c: the module record and its hooks; everything else lives in the mod_kp_*
 * glue files (config, db, router, session, page, one file per domain) and the kp_* core. */
#define KP_MODULE_RECORD_FILE
#include "mod_kp.h"
#include "kp_token.h"
#include "ap_mpm.h"

/* Finishes each server's configuration and finds mod_dbd's functions, before the rest of
 * post_config (and before mod_dbd's, which opens the first connections). */
static int kp_finish_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                            server_rec *s)
{
    server_rec *sp;
    for (sp = s; sp; sp = sp->next) {
        kp_conf_finalize(sp);
    }
    kp_db_init_statements(pconf);
    return OK;
}

static int kp_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp, server_rec *s)
{
    server_rec *sp;
    const kp_srv_conf *main_conf = ap_get_module_config(s->module_config, &kundenportal_module);
    int configured = 0, without = 0;
    for (sp = s; sp; sp = sp->next) {
        kp_srv_conf *c = ap_get_module_config(sp->module_config, &kundenportal_module);
        configured |= c->tenant != NULL;
        without += sp != s && c->tenant == NULL;
    }
    if (!configured) {
        return OK;
    }
    /* Set in the main server only (as configurations before 2026-11-28 could rely on): said
     * once at start-up, as its virtual hosts now answer 503 (KP10021). */
    if (main_conf->tenant && without) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                     KPLOG(10044) "KundenportalTenant %s of the main server is not inherited: %d"
                     " virtual host(s) without one of their own serve no company",
                     main_conf->tenant, without);
    }
    if (!kp_db_available()) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
                     KPLOG(10040) "mod_dbd is not loaded: load it before mod_kundenportal");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (kp_crypto_init() != 0) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, KPLOG(10041) "libsodium failed to initialise");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (kp_page_init(pconf, s) != APR_SUCCESS) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return OK;
}

static void kp_child_init(apr_pool_t *pchild, server_rec *s)
{
    int threads = 1;
    /* At most two hashes at a time per process (or fewer than the threads): a login
     * flood then costs at most 2 x the hash memory per child. */
    ap_mpm_query(AP_MPMQ_MAX_THREADS, &threads);
    if (kp_password_init(pchild, threads < 2 ? 1 : 2) != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, KPLOG(10042) "cannot set up password hashing");
    }
    kp_db_child_init(pchild);
}

static int kp_handler(request_rec *r)
{
    if (!r->handler) {
        return DECLINED;
    }
    if (!strcmp(r->handler, "kundenportal")) {
        return kp_dispatch(r, KP_APP_PORTAL);
    }
    if (!strcmp(r->handler, "kundenportal-admin")) {
        return kp_dispatch(r, KP_APP_ADMIN);
    }
    if (!strcmp(r->handler, "kundenportal-health")) {
        return kp_health(r);
    }
    return DECLINED;
}

static void kp_register_hooks(apr_pool_t *p)
{
    static const char *const before_dbd[] = {"mod_dbd.c", NULL};
    ap_hook_post_config(kp_finish_config, NULL, before_dbd, APR_HOOK_MIDDLE);
    ap_hook_post_config(kp_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(kp_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(kp_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

AP_DECLARE_MODULE(kundenportal) = {
    STANDARD20_MODULE_STUFF,
    kp_create_dir_conf,
    kp_merge_dir_conf,
    kp_create_srv_conf,
    kp_merge_srv_conf,
    kp_directives,
    kp_register_hooks
};
