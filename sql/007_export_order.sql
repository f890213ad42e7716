-- 007_export_order.sql: the time entries' project index in the order the times page and
-- times.csv show them (day, start, id). times.csv reads a period a page at a time after the
-- last entry sent (keyset paging, as the database driver holds a whole result in memory);
-- in this order each page is a range of the index, where before each page sorted every
-- remaining entry of the period.
ALTER TABLE time_entry
    DROP INDEX ix_time_project, ADD INDEX ix_time_project (project_id, work_date, starts_at, id);
