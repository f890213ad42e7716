-- 006_counters.sql: totals kept on write, so a page that shows them reads a few rows however
-- much a project has gathered. The times page lists every month with its hours; before, it
-- summed every time entry of the project on each view. Triggers keep the totals, whoever
-- writes (the module, the CSV import, a script of the company); a cascaded delete (project,
-- tenant) fires no trigger, so the totals cascade with their own foreign keys.
-- The triggers are created before the totals are filled: the filling INSERT .. SELECT locks
-- what it reads, so an entry written meanwhile is counted once, whichever comes first.
-- With binary logging on, creating a trigger needs SUPER (or log_bin_trust_function_creators=1);
-- every statement here may run again, so `migrate` can simply be repeated once that is granted.
CREATE TABLE IF NOT EXISTS time_month_total (
    project_id   BIGINT UNSIGNED NOT NULL,
    work_month   INT UNSIGNED NOT NULL,
    tenant_id    BIGINT UNSIGNED NOT NULL,
    minutes      BIGINT NOT NULL,
    entries      INT NOT NULL,
    PRIMARY KEY (project_id, work_month),
    CONSTRAINT fk_time_total_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
    CONSTRAINT fk_time_total_project FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TRIGGER IF NOT EXISTS tr_time_total_insert AFTER INSERT ON time_entry FOR EACH ROW
    INSERT INTO time_month_total (project_id, work_month, tenant_id, minutes, entries)
    VALUES (NEW.project_id, EXTRACT(YEAR_MONTH FROM NEW.work_date), NEW.tenant_id, NEW.minutes, 1)
    ON DUPLICATE KEY UPDATE minutes = minutes + VALUES(minutes), entries = entries + 1;

CREATE TRIGGER IF NOT EXISTS tr_time_total_update AFTER UPDATE ON time_entry FOR EACH ROW
    INSERT INTO time_month_total (project_id, work_month, tenant_id, minutes, entries)
    VALUES (OLD.project_id, EXTRACT(YEAR_MONTH FROM OLD.work_date), OLD.tenant_id,
            -CAST(OLD.minutes AS SIGNED), -1),
           (NEW.project_id, EXTRACT(YEAR_MONTH FROM NEW.work_date), NEW.tenant_id, NEW.minutes, 1)
    ON DUPLICATE KEY UPDATE minutes = minutes + VALUES(minutes), entries = entries + VALUES(entries);

CREATE TRIGGER IF NOT EXISTS tr_time_total_delete AFTER DELETE ON time_entry FOR EACH ROW
    UPDATE time_month_total SET minutes = minutes - OLD.minutes, entries = entries - 1
    WHERE project_id = OLD.project_id AND work_month = EXTRACT(YEAR_MONTH FROM OLD.work_date);

INSERT INTO time_month_total (project_id, work_month, tenant_id, minutes, entries)
SELECT project_id, EXTRACT(YEAR_MONTH FROM work_date), tenant_id, SUM(minutes), COUNT(*)
FROM time_entry GROUP BY project_id, EXTRACT(YEAR_MONTH FROM work_date), tenant_id
ON DUPLICATE KEY UPDATE minutes = VALUES(minutes), entries = VALUES(entries);

-- The month index of 005 served only the sum above.
ALTER TABLE time_entry DROP INDEX IF EXISTS ix_time_month, DROP COLUMN IF EXISTS work_month;
