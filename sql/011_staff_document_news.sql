-- 011_staff_document_news.sql: the company sees what its customers uploaded, as it sees what
-- they wrote (009): the project keeps the id of its newest customer upload (written by the
-- module after the upload), each admin's read mark per project has a second part for
-- documents, and the project list compares the two per row from its name index. Uploads from
-- before the upgrade count as seen by the admins there are. Repeatable.
ALTER TABLE project ADD COLUMN IF NOT EXISTS last_customer_document_id BIGINT UNSIGNED NULL,
    DROP INDEX IF EXISTS ix_project_name,
    ADD INDEX ix_project_name (tenant_id, name, id, number, customer_id, last_customer_message_id,
                               last_customer_document_id);

ALTER TABLE admin_project_seen
    ADD COLUMN IF NOT EXISTS last_document_id BIGINT UNSIGNED NOT NULL DEFAULT 0;

UPDATE project p SET last_customer_document_id =
    (SELECT MAX(d.id) FROM document d WHERE d.project_id = p.id AND d.uploaded_by_kind = 'customer')
WHERE EXISTS (SELECT 1 FROM document d WHERE d.project_id = p.id AND d.uploaded_by_kind = 'customer');

INSERT INTO admin_project_seen (admin_id, project_id, last_message_id, last_document_id, seen_at)
SELECT u.id, p.id, 0, p.last_customer_document_id, UTC_TIMESTAMP()
FROM admin_user u JOIN project p ON p.tenant_id = u.tenant_id
WHERE p.last_customer_document_id IS NOT NULL
ON DUPLICATE KEY UPDATE last_document_id = GREATEST(last_document_id, VALUES(last_document_id));
