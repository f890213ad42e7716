-- 016_document_form_token.sql: an upload form sent twice (a reload that posts again, or a click
-- again after a proxy gave up while the server was still storing) stores one document. As for
-- messages and reported jobs, the form carries a one-time token, and the unique key refuses a
-- second row of the same form in the project; the module takes that refusal as "already
-- stored". Documents uploaded before, and by scripts, have none. Every statement here may run
-- again.
ALTER TABLE document ADD COLUMN IF NOT EXISTS form_token CHAR(43) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD UNIQUE KEY IF NOT EXISTS uq_document_form (project_id, form_token);
