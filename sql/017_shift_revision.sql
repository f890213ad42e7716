-- 017_shift_revision.sql: calendars learn of every change of a shift. A calendar app keeps the
-- version of an event with the highest SEQUENCE (RFC 5545/5546) and may ignore one that does
-- not raise it: an edited shift kept its old time in an imported planning.ics, and a shift
-- restored after its cancellation stayed cancelled. Each shift now counts its revisions: a
-- change of its time, employee, activity, note or project raises it, its cancellation is one
-- more, and a shift inserted again under the id of a cancelled one (restored from a backup or
-- by a script) continues from there and takes the cancellation record away (before, the
-- planning showed it twice, live and struck through). Triggers count, whoever writes. Shifts
-- and cancellations from before start at 0 and 1, what the calendars were sent until now.
-- Creating a trigger with binary logging on needs SUPER (or log_bin_trust_function_creators=1),
-- as in 006; every statement here may run again.
ALTER TABLE plan_entry ADD COLUMN IF NOT EXISTS revision INT UNSIGNED NOT NULL DEFAULT 0;
ALTER TABLE plan_entry_cancelled ADD COLUMN IF NOT EXISTS revision INT UNSIGNED NOT NULL DEFAULT 1;

-- A change counts byte for byte ("reinigung" to "Reinigung" is one; the columns' collation
-- would not tell). A revision a writer sets higher is kept.
CREATE OR REPLACE TRIGGER tr_plan_entry_revision BEFORE UPDATE ON plan_entry FOR EACH ROW
    SET NEW.revision = GREATEST(NEW.revision, OLD.revision
        + IF(NEW.starts_at <=> OLD.starts_at AND NEW.ends_at <=> OLD.ends_at
             AND NEW.employee_id <=> OLD.employee_id AND NEW.project_id <=> OLD.project_id
             AND CAST(NEW.activity AS BINARY) <=> CAST(OLD.activity AS BINARY)
             AND CAST(NEW.note AS BINARY) <=> CAST(OLD.note AS BINARY), 0, 1));

-- Only an insert that names its id looks for a cancellation (the editor and the import leave
-- the id to AUTO_INCREMENT, so NEW.id is 0 here), and only a restored shift (revision above 0)
-- deletes one: a new shift reads and locks nothing of plan_entry_cancelled, so a long import
-- holds up no cancellation elsewhere. A REPLACE of a shift is a deletion and an insert: use
-- UPDATE, or INSERT ... ON DUPLICATE KEY UPDATE, to change one.
CREATE OR REPLACE TRIGGER tr_plan_entry_restored_revision BEFORE INSERT ON plan_entry FOR EACH ROW
    SET NEW.revision = GREATEST(NEW.revision, COALESCE(
        (SELECT c.revision + 1 FROM plan_entry_cancelled c WHERE NEW.id > 0 AND c.id = NEW.id), 0));

CREATE OR REPLACE TRIGGER tr_plan_entry_restored AFTER INSERT ON plan_entry FOR EACH ROW
    DELETE FROM plan_entry_cancelled WHERE NEW.revision > 0 AND id = NEW.id;

-- The cancellation is the shift's next revision (015's trigger, which wrote none, replaced in
-- one statement, so no deletion goes unrecorded meanwhile).
CREATE OR REPLACE TRIGGER tr_plan_entry_cancelled AFTER DELETE ON plan_entry FOR EACH ROW
    INSERT INTO plan_entry_cancelled (id, tenant_id, project_id, employee_id, starts_at, ends_at,
                                      activity, note, cancelled_at, revision)
    SELECT OLD.id, OLD.tenant_id, OLD.project_id, OLD.employee_id, OLD.starts_at, OLD.ends_at,
           OLD.activity, OLD.note, UTC_TIMESTAMP(), OLD.revision + 1
    FROM DUAL WHERE OLD.ends_at > UTC_TIMESTAMP() - INTERVAL 1 DAY
    ON DUPLICATE KEY UPDATE tenant_id = VALUES(tenant_id), project_id = VALUES(project_id),
        employee_id = VALUES(employee_id), starts_at = VALUES(starts_at), ends_at = VALUES(ends_at),
        activity = VALUES(activity), note = VALUES(note), cancelled_at = VALUES(cancelled_at),
        revision = VALUES(revision);

-- Shifts restored before this migration: the live shift is the one shown, above the
-- cancellation the calendars were sent (SEQUENCE 1).
UPDATE plan_entry p JOIN plan_entry_cancelled c ON c.id = p.id
    SET p.revision = GREATEST(p.revision, c.revision + 1);
DELETE c FROM plan_entry_cancelled c JOIN plan_entry p ON p.id = c.id;
