-- 012_document_chunks.sql: a document's bytes as rows of 256 KiB (document_chunk) instead of
-- one LONGBLOB. Appending each piece of an upload with CONCAT rewrote the whole value every
-- time and failed once it grew past max_allowed_packet (16 MiB by default: uploads of 16 to
-- 20 MiB under the default KundenportalUploadLimit); reading a piece with SUBSTRING read the
-- whole value for every 256 KiB. Now every statement writes or reads one row of 256 KiB.
-- Existing documents are copied in (up to 9,999 chunks: 2.4 GiB, beyond the largest upload
-- limit of 1 GiB) in one transaction, then the column goes and the table is rebuilt (FORCE:
-- a dropped column's pages are otherwise kept). Run it with the module stopped on every node
-- (README, Operations: an old module would write documents into the column being dropped).
-- Repeatable: should a run end after the drop, the column comes back empty and copies nothing.
CREATE TABLE IF NOT EXISTS document_chunk (
    document_id BIGINT UNSIGNED NOT NULL,
    seq         INT UNSIGNED NOT NULL,
    data        MEDIUMBLOB NOT NULL,
    PRIMARY KEY (document_id, seq),
    CONSTRAINT fk_document_chunk_document FOREIGN KEY (document_id) REFERENCES document (id)
        ON DELETE CASCADE
) ENGINE=InnoDB;

ALTER TABLE document ADD COLUMN IF NOT EXISTS content LONGBLOB NULL;

INSERT IGNORE INTO document_chunk (document_id, seq, data)
SELECT d.id, n.i, SUBSTRING(d.content, n.i * 262144 + 1, 262144)
FROM document d
JOIN (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d AS i
      FROM (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
            UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8
            UNION ALL SELECT 9) a
      CROSS JOIN (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
            UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8
            UNION ALL SELECT 9) b
      CROSS JOIN (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
            UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8
            UNION ALL SELECT 9) c
      CROSS JOIN (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
            UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8
            UNION ALL SELECT 9) e) n
  ON n.i * 262144 < LENGTH(d.content);

ALTER TABLE document DROP COLUMN IF EXISTS content, FORCE;
