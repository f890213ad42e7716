/* mod_kp_audit.c: the administration's view of the audit log (who, what, when, from where). */
#include "mod_kp_admin.h"

#define PAGE_SIZE 50

static const kp_statement audit_statements[] = {
    {"adm_audit_page",
     "SELECT id, created_at, actor_kind, actor_name, action, object_type, object_id, detail, remote_ip"
     " FROM audit_log WHERE tenant_id = %s ORDER BY id DESC LIMIT %s OFFSET %s"},
    {NULL, NULL}
};

static int audit_page(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    int page = kp_admin_page_number(kr), i, shown;
    kp_rows *rows;
    xmlNodePtr list;

    if (kp_select(kr->db, p, "adm_audit_page", &rows, kr->tenant_id, kp_db_int(p, PAGE_SIZE + 1),
                  kp_db_int(p, (long long)(page - 1) * PAGE_SIZE)) != APR_SUCCESS) {
        return kp_admin_unavailable(kr, "reading the audit log");
    }
    kp_page_new(kr, "admin-audit");
    list = kp_xml_add(kr->root, "entries", NULL);
    shown = rows->nrows > PAGE_SIZE ? PAGE_SIZE : rows->nrows;
    for (i = 0; i < shown; i++) {
        xmlNodePtr e = kp_xml_add(list, "entry", NULL);
        kp_xml_attr(e, "id", kp_cell(rows, i, 0));
        kp_xml_attr(e, "at", kp_cell(rows, i, 1));
        kp_xml_attr(e, "kind", kp_cell(rows, i, 2));
        kp_xml_attr(e, "action", kp_cell(rows, i, 4));
        kp_xml_attr(e, "object", kp_cell(rows, i, 5));
        kp_xml_attr(e, "object-id", kp_cell(rows, i, 6));
        kp_xml_attr(e, "ip", kp_cell(rows, i, 8));
        kp_xml_add(e, "actor", kp_cell(rows, i, 3));
        kp_xml_add(e, "detail", kp_cell(rows, i, 7));
    }
    kp_admin_pager(kr, page, rows->nrows > PAGE_SIZE, NULL);
    return kp_page_send(kr, "admin-audit", HTTP_OK);
}

static const kp_route audit_routes[] = {
    {"GET", "/audit", KP_ADMIN, KP_AREA_NONE, audit_page, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_audit = {"audit", audit_statements, NULL, audit_routes};
