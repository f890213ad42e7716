-- 008_requests_of_customer.sql: a customer portal reports a new job from its overview, before
-- there is a project for it (a caretaker's customer: "please fix the gate"). Such a request
-- belongs to the portal's customer; accepting it makes a project or picks one. A form sent twice
-- is stored once per customer as it is per project.
ALTER TABLE service_request
    MODIFY project_id BIGINT UNSIGNED NULL,
    ADD COLUMN customer_id BIGINT UNSIGNED NULL AFTER project_id,
    ADD UNIQUE KEY uq_request_customer_form (customer_id, form_token),
    ADD CONSTRAINT fk_request_customer FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE,
    ADD CONSTRAINT ck_request_owner CHECK (project_id IS NOT NULL OR customer_id IS NOT NULL);
