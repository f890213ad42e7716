-- 003_indexes.sql: the project list by name carries the number, so lists that show both
-- (the request inbox's project choice) read the index alone instead of scanning the table.
-- Every statement here may run again (t/faults/migrate_again.t).
ALTER TABLE project DROP INDEX ix_project_name, ADD INDEX ix_project_name (tenant_id, name, id, number);
