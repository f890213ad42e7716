-- 013_login_checking.sql: the login throttle keeps the tries being checked right now
-- (checking) apart from the wrong passwords (failures). A try is let in by one statement while
-- both together are below the limit, so no more than the limit are ever checked at once
-- (however many arrive together), and only wrong passwords count towards a lock: people who
-- log in together with right passwords are at worst asked to try again, never locked out.
-- Repeatable.
ALTER TABLE login_failure ADD COLUMN IF NOT EXISTS checking INT UNSIGNED NOT NULL DEFAULT 0 AFTER failures;
