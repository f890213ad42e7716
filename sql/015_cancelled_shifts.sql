-- 015_cancelled_shifts.sql: a shift deleted before it ended is a cancelled shift, and the
-- customer is told: until it would have ended, the planning page shows it struck through in
-- its week and among "Abgesagte Schichten", planning.ics and the subscription carry it with
-- STATUS:CANCELLED under its old UID, and the overview counts it if it was cancelled since the
-- previous login. Before, a deleted shift simply vanished. A trigger keeps the record, whoever
-- deletes (the editor, a script of the company); a cascaded delete (project, tenant) fires no
-- trigger and takes the project's records with it. The shift's id is kept: it is the
-- calendar's UID (a second record of the same id replaces the first).
-- Shifts are the company's wall-clock times, which the database does not know: the trigger
-- keeps what ends after a day before now in UTC, and the module shows a record only while the
-- shift would not have ended by the company's clock (so it had not ended when it was deleted).
-- `kundenportalctl purge` removes records that ended more than a day ago. Creating a trigger
-- with binary logging on needs SUPER (or log_bin_trust_function_creators=1), as in 006; every
-- statement here may run again.
CREATE TABLE IF NOT EXISTS plan_entry_cancelled (
    id           BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    tenant_id    BIGINT UNSIGNED NOT NULL,
    project_id   BIGINT UNSIGNED NOT NULL,
    employee_id  BIGINT UNSIGNED NULL,
    starts_at    DATETIME NOT NULL,
    ends_at      DATETIME NOT NULL,
    activity     VARCHAR(200) NOT NULL DEFAULT '',
    note         VARCHAR(2000) NOT NULL DEFAULT '',
    cancelled_at DATETIME NOT NULL,
    KEY ix_cancelled_project (project_id, starts_at, id),
    KEY ix_cancelled_news (project_id, cancelled_at),
    KEY ix_cancelled_end (ends_at),
    CONSTRAINT fk_cancelled_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
    CONSTRAINT fk_cancelled_project FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE,
    CONSTRAINT fk_cancelled_employee FOREIGN KEY (employee_id) REFERENCES employee (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TRIGGER IF NOT EXISTS tr_plan_entry_cancelled AFTER DELETE ON plan_entry FOR EACH ROW
    INSERT INTO plan_entry_cancelled (id, tenant_id, project_id, employee_id, starts_at, ends_at,
                                      activity, note, cancelled_at)
    SELECT OLD.id, OLD.tenant_id, OLD.project_id, OLD.employee_id, OLD.starts_at, OLD.ends_at,
           OLD.activity, OLD.note, UTC_TIMESTAMP()
    FROM DUAL WHERE OLD.ends_at > UTC_TIMESTAMP() - INTERVAL 1 DAY
    ON DUPLICATE KEY UPDATE tenant_id = VALUES(tenant_id), project_id = VALUES(project_id),
        employee_id = VALUES(employee_id), starts_at = VALUES(starts_at), ends_at = VALUES(ends_at),
        activity = VALUES(activity), note = VALUES(note), cancelled_at = VALUES(cancelled_at);
