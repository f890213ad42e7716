-- 010_audit_filter.sql: the audit log is read by period, origin, object type and object (the
-- Protokoll's filter, its CSV export, a project's history), and purged by age across tenants
-- (kundenportalctl purge). Each of these reads an index range; the log grows without bound.
-- (tenant_id, created_at) replaces (tenant_id, id): the page lists by time, and the tenant's
-- foreign key needs an index starting with tenant_id, which the new one is. Repeatable.
ALTER TABLE audit_log
    ADD INDEX IF NOT EXISTS ix_audit_time (tenant_id, created_at),
    ADD INDEX IF NOT EXISTS ix_audit_kind (tenant_id, actor_kind, created_at),
    ADD INDEX IF NOT EXISTS ix_audit_type (tenant_id, object_type, created_at),
    ADD INDEX IF NOT EXISTS ix_audit_object (tenant_id, object_type, object_id, created_at),
    ADD INDEX IF NOT EXISTS ix_audit_age (created_at);
ALTER TABLE audit_log DROP INDEX IF EXISTS ix_audit_tenant;
