-- tenant2.sql: a project portal of the second test tenant "zweite" (created with
-- kundenportalctl tenant add). Its account "kunde" shares the username with the demo tenant's.
-- Expects @h_fremd (hash of Fremd-Konto-2026) and @t_fremd (link token).
SET @tenant = (SELECT id FROM tenant WHERE slug = 'zweite');
INSERT INTO project (tenant_id, name, number, address, created_at, updated_at)
VALUES (@tenant, 'Fremdprojekt Zweite', 'Z-1', 'Anderswo 1', UTC_TIMESTAMP(), UTC_TIMESTAMP());
SET @project = LAST_INSERT_ID();
INSERT INTO portal (tenant_id, project_id, enabled, info_text, link_token, created_at, updated_at)
VALUES (@tenant, @project, 1, 'Portal der zweiten Firma', @t_fremd, UTC_TIMESTAMP(), UTC_TIMESTAMP());
SET @portal = LAST_INSERT_ID();
INSERT INTO portal_account (tenant_id, portal_id, username, password_hash, display_name,
    perm_documents, perm_times, perm_planning, perm_messages, perm_requests, created_at, updated_at)
VALUES (@tenant, @portal, 'kunde', @h_fremd, 'Fremder Kunde', 1, 1, 1, 1, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP());
INSERT INTO message (tenant_id, project_id, author_kind, author_name, body, created_at)
VALUES (@tenant, @project, 'staff', 'Zweite Firma', 'Geheime Nachricht der zweiten Firma', UTC_TIMESTAMP());
INSERT INTO document (tenant_id, project_id, name, content_type, size, sha256, portal_visible,
                      uploaded_by_kind, uploaded_by_name, created_at)
VALUES (@tenant, @project, 'geheim.txt', 'text/plain', 6, SHA2('geheim', 256), 1, 'staff', 'Zweite Firma', UTC_TIMESTAMP());
INSERT INTO document_chunk (document_id, seq, data) VALUES (LAST_INSERT_ID(), 0, 'geheim');
-- A customer of the second tenant (its Kundenstamm is off), so routes with a customer id have
-- one to try across tenants.
INSERT INTO customer (tenant_id, name, number, created_at, updated_at)
VALUES (@tenant, 'Fremdkunde Zweite', 'ZK-1', UTC_TIMESTAMP(), UTC_TIMESTAMP());
-- Staff data of the second company too, so that every {id} of a route has one of its own.
INSERT INTO employee (tenant_id, name, created_at) VALUES (@tenant, 'Zweiter Mitarbeiter', UTC_TIMESTAMP());
SET @employee = LAST_INSERT_ID();
INSERT INTO plan_entry (tenant_id, project_id, employee_id, starts_at, ends_at, activity, note, created_at, updated_at)
VALUES (@tenant, @project, @employee, CURDATE() + INTERVAL 1 DAY + INTERVAL 8 HOUR, CURDATE() + INTERVAL 1 DAY + INTERVAL 12 HOUR, 'Geheime Schicht', '', UTC_TIMESTAMP(), UTC_TIMESTAMP());
INSERT INTO time_entry (tenant_id, project_id, employee_id, work_date, starts_at, ends_at, minutes, activity, note, created_at, updated_at)
VALUES (@tenant, @project, @employee, CURDATE() - INTERVAL 1 DAY, '08:00', '09:00', 60, 'Geheime Arbeit', '', UTC_TIMESTAMP(), UTC_TIMESTAMP());
INSERT INTO resource_entry (tenant_id, project_id, used_on, kind, name, quantity, unit, created_at)
VALUES (@tenant, @project, CURDATE() - INTERVAL 1 DAY, 'material', 'Geheimes Material', 1, 'Stk', UTC_TIMESTAMP());
INSERT INTO service_request (tenant_id, project_id, author_name, title, description, place, state, answer, created_at, updated_at)
VALUES (@tenant, @project, 'Fremder Kunde', 'Geheimer Auftrag', 'nur für die zweite Firma', '', 'new', '', UTC_TIMESTAMP(), UTC_TIMESTAMP());
-- Its own look (Erscheinungsbild): a colour and a (1 × 1 pixel) logo, so the routes of the logo
-- and the accent stylesheet have the other company's versions to try too.
INSERT INTO tenant_logo (tenant_id, content_type, size, content, created_at)
VALUES (@tenant, 'image/png', 69, X'89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63b859ce0600038301576f5bbf670000000049454e44ae426082', UTC_TIMESTAMP());
UPDATE tenant SET accent_color = '#7c3aed', logo_version = LAST_INSERT_ID() WHERE id = @tenant;
