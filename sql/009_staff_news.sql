-- 009_staff_news.sql: the company sees what its customers wrote. Each admin has a read mark per
-- project's chat, as each portal account has one (account_project_seen), and the project keeps
-- the id of its newest customer message (written by the module after the message), so the
-- project list compares the two per row without looking into the chat. Repeatable after a
-- failure part way (IF [NOT] EXISTS, INSERT IGNORE).
CREATE TABLE IF NOT EXISTS admin_project_seen (
    admin_id          BIGINT UNSIGNED NOT NULL,
    project_id        BIGINT UNSIGNED NOT NULL,
    last_message_id   BIGINT UNSIGNED NOT NULL DEFAULT 0,
    seen_at           DATETIME NOT NULL,
    PRIMARY KEY (admin_id, project_id),
    CONSTRAINT fk_admin_seen_admin FOREIGN KEY (admin_id) REFERENCES admin_user (id) ON DELETE CASCADE,
    CONSTRAINT fk_admin_seen_project FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The list reads a page of projects from its index alone (005), the new column with them.
ALTER TABLE project ADD COLUMN IF NOT EXISTS last_customer_message_id BIGINT UNSIGNED NULL,
    DROP INDEX IF EXISTS ix_project_name,
    ADD INDEX ix_project_name (tenant_id, name, id, number, customer_id, last_customer_message_id);

UPDATE project p SET last_customer_message_id =
    (SELECT MAX(m.id) FROM message m WHERE m.project_id = p.id AND m.author_kind = 'customer')
WHERE EXISTS (SELECT 1 FROM message m WHERE m.project_id = p.id AND m.author_kind = 'customer');

-- What was written before the upgrade counts as read by the admins there are: only customer
-- messages from now on are marked new.
INSERT IGNORE INTO admin_project_seen (admin_id, project_id, last_message_id, seen_at)
SELECT u.id, p.id, p.last_customer_message_id, UTC_TIMESTAMP()
FROM admin_user u JOIN project p ON p.tenant_id = u.tenant_id
WHERE p.last_customer_message_id IS NOT NULL;
