-- 013_throttle_and_kundenstamm.sql: the login throttle keeps the tries being checked right now
-- (checking) apart from the wrong passwords (failures). A try is let in by one statement while
-- both together are below the limit, so no more than the limit are ever checked at once
-- (however many arrive together), and only wrong passwords count towards a lock: people who
-- log in together with right passwords are at worst asked to try again, never locked out.
-- Repeatable.
ALTER TABLE login_failure ADD COLUMN IF NOT EXISTS checking INT UNSIGNED NOT NULL DEFAULT 0 AFTER failures;

-- From this version on, a customer's portal is reachable only while the company's Kundenstamm
-- is on (before, it kept running after the Kundenstamm was switched off, where the
-- administration could no longer show or change it). A company with such a portal switched on
-- keeps it running: its Kundenstamm is switched on again, and shows it.
UPDATE tenant SET customer_master_enabled = 1, settings_version = settings_version + 1
WHERE customer_master_enabled = 0
  AND EXISTS (SELECT 1 FROM portal po WHERE po.tenant_id = tenant.id AND po.customer_id IS NOT NULL
              AND po.enabled = 1);
