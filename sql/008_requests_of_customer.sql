-- 008_requests_of_customer.sql: a customer portal reports a new job from its overview, before
-- there is a project for it (a caretaker's customer: "please fix the gate"). Such a request
-- belongs to the portal's customer (the module sets one of project_id and customer_id; no CHECK,
-- which MySQL refuses on the columns of cascading keys); accepting it makes a project or picks
-- one of that customer. A form sent twice is stored once per customer as it is per project.
-- Every statement here may run again (t/faults/migrate_again.t).
ALTER TABLE service_request
    MODIFY project_id BIGINT UNSIGNED NULL,
    ADD COLUMN IF NOT EXISTS customer_id BIGINT UNSIGNED NULL AFTER project_id,
    ADD UNIQUE KEY IF NOT EXISTS uq_request_customer_form (customer_id, form_token),
    ADD KEY IF NOT EXISTS ix_request_customer (customer_id, id),
    ADD CONSTRAINT fk_request_customer FOREIGN KEY IF NOT EXISTS (customer_id) REFERENCES customer (id) ON DELETE CASCADE;
