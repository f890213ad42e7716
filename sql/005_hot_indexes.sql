-- 005_hot_indexes.sql: indexes for what the portal reads on every visit. The overview counts
-- what changed per project since the previous login (time entries, shifts, requests by
-- updated_at; unread messages by id and author, from the index alone); the times page sums
-- its months from an index in month order (no temporary table) instead of reading every entry.
-- Every statement here may run again (t/faults/migrate_again.t).
ALTER TABLE time_entry
    ADD COLUMN IF NOT EXISTS work_month INT UNSIGNED AS (EXTRACT(YEAR_MONTH FROM work_date)) VIRTUAL,
    ADD INDEX IF NOT EXISTS ix_time_month (project_id, work_month, tenant_id, minutes),
    ADD INDEX IF NOT EXISTS ix_time_updated (project_id, updated_at);
ALTER TABLE plan_entry ADD INDEX IF NOT EXISTS ix_plan_updated (project_id, updated_at);
ALTER TABLE service_request ADD INDEX IF NOT EXISTS ix_request_updated (project_id, updated_at);
ALTER TABLE message
    DROP INDEX ix_message_project, ADD INDEX ix_message_project (project_id, id, author_kind, author_id);
-- The administration's project list numbers its rows from the name index alone.
ALTER TABLE project DROP INDEX ix_project_name, ADD INDEX ix_project_name (tenant_id, name, id, number, customer_id);
