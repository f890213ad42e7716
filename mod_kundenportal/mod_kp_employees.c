/* mod_kp_employees.c: the staff's list of employees (Mitarbeiter/innen): add, rename,
 * deactivate; shifts and working times refer to them. */
#include "mod_kp_areas.h"

static const kp_statement employees_statements[] = {
    {"employees_insert",
     "INSERT INTO employee (tenant_id, name, active, created_at) VALUES (%s, %s, 1, UTC_TIMESTAMP())"},
    {"employees_update",
     "UPDATE employee SET name = %s, active = %s WHERE id = %s AND tenant_id = %s"},
    {"employees_exists", "SELECT id FROM employee WHERE id = %s AND tenant_id = %s"},
    {NULL, NULL}
};

static int employees_page(kp_req *kr, int status, const char *edit, const char *error)
{
    kp_page_new(kr, "admin-employees");
    if (!kp_add_employees(kr)) {
        return kp_unavailable(kr, "listing employees");
    }
    if (error) {
        xmlNodePtr f = kp_form_node(kr, edit ? "employee-edit" : "employee", edit);
        kp_form_value(f, "name", kp_form_get(kr, "name"));
        kp_form_error(f, "name", error);
    }
    return kp_page_send(kr, "admin-employees", status);
}

static int employees_list(kp_req *kr)
{
    return employees_page(kr, HTTP_OK, NULL, NULL);
}

/* POST /employees (new) and /employees/{id} (name and active flag). */
static int employees_save(kp_req *kr)
{
    apr_pool_t *p = kr->r->pool;
    const char *id = kr->nparam ? kr->param[0] : NULL;
    int too_long;
    const char *name = kp_field_text(kr, "name", 200, &too_long);
    const char *active = kp_form_get(kr, "active");
    kp_rows *rows;

    if (id && (!kp_valid_id(id)
               || kp_select(kr->db, p, "employees_exists", &rows, id, kr->tenant_id) != APR_SUCCESS
               || rows->nrows != 1)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (!name) {
        return employees_page(kr, HTTP_BAD_REQUEST, id,
                              too_long ? "staff.error.too_long" : "staff.error.required");
    }
    if (id ? kp_exec(kr->db, p, "employees_update", NULL, name, active && !strcmp(active, "1") ? "1" : "0",
                     id, kr->tenant_id) != APR_SUCCESS
           : kp_exec(kr->db, p, "employees_insert", NULL, kr->tenant_id, name) != APR_SUCCESS) {
        return kp_unavailable(kr, "storing an employee");
    }
    kp_audit(kr, id ? "admin.employee_changed" : "admin.employee_added", "employee", id, name);
    return kp_redirect(kr, "/employees");
}

static const kp_route employees_admin_routes[] = {
    {"GET", "/employees", KP_ADMIN, KP_AREA_NONE, employees_list, 0},
    {"POST", "/employees", KP_ADMIN, KP_AREA_NONE, employees_save, 0},
    {"POST", "/employees/{id}", KP_ADMIN, KP_AREA_NONE, employees_save, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_employees = {"employees", employees_statements, NULL,
                                       employees_admin_routes};
