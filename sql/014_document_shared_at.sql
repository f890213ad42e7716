-- 014_document_shared_at.sql: when a document reached the customers' portal (shared_at), which
-- is not always when it was uploaded: the staff may upload a document hidden and show it later.
-- The overview counts documents new since the previous login by it, and the portal lists them
-- newest shown first, so one shown today after weeks hidden is news and at the top of the
-- list; before, it counted and sorted by the upload, so such a document was never news and
-- could sit pages down. NULL while hidden. Triggers keep it, whoever writes (the module, a
-- script of the company): shown on insert, at the upload; shown later, at that moment; hidden
-- again, NULL. The triggers come before the filling UPDATE, so a document written meanwhile is
-- right either way. Creating a trigger with binary logging on needs SUPER (or
-- log_bin_trust_function_creators=1), as in 006; every statement here may run again.
ALTER TABLE document ADD COLUMN IF NOT EXISTS shared_at DATETIME NULL AFTER portal_visible,
    ADD KEY IF NOT EXISTS ix_document_shared (project_id, shared_at, id);

-- Shown means portal_visible = 1, as everywhere else; a time a writer gives is kept, and a
-- shown document cannot lose its time.
CREATE TRIGGER IF NOT EXISTS tr_document_shared_insert BEFORE INSERT ON document FOR EACH ROW
    SET NEW.shared_at = IF(NEW.portal_visible <> 1, NULL, COALESCE(NEW.shared_at, NEW.created_at));

CREATE TRIGGER IF NOT EXISTS tr_document_shared_update BEFORE UPDATE ON document FOR EACH ROW
    SET NEW.shared_at = IF(NEW.portal_visible <> 1, NULL,
                           IF(OLD.portal_visible <> 1, COALESCE(NEW.shared_at, UTC_TIMESTAMP()),
                              COALESCE(NEW.shared_at, OLD.shared_at)));

UPDATE document SET shared_at = created_at WHERE portal_visible = 1 AND shared_at IS NULL;
