-- demo.sql: the demo company of `make demo` (never part of an install). Expects the password
-- hashes in @h_kunde, @h_planung, @h_hausverwaltung (made by `kundenportalctl hash`), and the
-- portal link tokens in @t_project, @t_customer, and the logo (sql/demo-logo.png, drawn by
-- scripts/demo-logo.py) in @logo. Dates are relative to today.

INSERT INTO tenant (slug, name, customer_master_enabled, new_project_portal_default,
                    portal_first_activated_at, accent_color, created_at)
VALUES ('demo', 'Muster Dienste GmbH', 1, 0, UTC_TIMESTAMP(), '#0f766e', UTC_TIMESTAMP());
SET @tenant = LAST_INSERT_ID();
-- Its look in the portal (Erscheinungsbild): the accent colour above and a logo.
INSERT INTO tenant_logo (tenant_id, content_type, size, content, created_at)
VALUES (@tenant, 'image/png', LENGTH(@logo), @logo, UTC_TIMESTAMP());
UPDATE tenant SET logo_version = LAST_INSERT_ID() WHERE id = @tenant;

INSERT INTO employee (tenant_id, name, created_at) VALUES (@tenant, 'Anna Schmidt', UTC_TIMESTAMP());
SET @anna = LAST_INSERT_ID();
INSERT INTO employee (tenant_id, name, created_at) VALUES (@tenant, 'Mehmet Yılmaz', UTC_TIMESTAMP());
SET @mehmet = LAST_INSERT_ID();
INSERT INTO employee (tenant_id, name, created_at) VALUES (@tenant, 'Julia Becker', UTC_TIMESTAMP());
SET @julia = LAST_INSERT_ID();
INSERT INTO employee (tenant_id, name, created_at) VALUES (@tenant, 'Piotr Nowak', UTC_TIMESTAMP());
SET @piotr = LAST_INSERT_ID();

-- A customer of the Kundenstamm with two projects and a customer portal.
INSERT INTO customer (tenant_id, name, number, address, email, phone, created_at, updated_at)
VALUES (@tenant, 'Hausverwaltung Sonnenhof GmbH', 'K-1001', 'Sonnenallee 12, 10115 Berlin',
        'info@sonnenhof.example', '+49 30 1234567', UTC_TIMESTAMP(), UTC_TIMESTAMP());
SET @customer = LAST_INSERT_ID();

INSERT INTO project (tenant_id, customer_id, name, number, address, created_at, updated_at)
VALUES (@tenant, @customer, 'Wohnanlage Sonnenhof – Hausmeisterdienst', 'P-2026-014',
        'Sonnenallee 12–18, 10115 Berlin', UTC_TIMESTAMP(), UTC_TIMESTAMP());
SET @p_sonnenhof = LAST_INSERT_ID();
INSERT INTO project (tenant_id, customer_id, name, number, address, created_at, updated_at)
VALUES (@tenant, @customer, 'Bürohaus Lindenstraße – Unterhaltsreinigung', 'P-2026-015',
        'Lindenstraße 40, 10969 Berlin', UTC_TIMESTAMP(), UTC_TIMESTAMP());
SET @p_linden = LAST_INSERT_ID();

-- A project of its own with a project portal.
INSERT INTO project (tenant_id, customer_id, name, number, address, created_at, updated_at)
VALUES (@tenant, NULL, 'Catering Sommerfest Stadtwerke', 'P-2026-021',
        'Festplatz am Hafen, 20457 Hamburg', UTC_TIMESTAMP(), UTC_TIMESTAMP());
SET @p_catering = LAST_INSERT_ID();

INSERT INTO portal (tenant_id, project_id, customer_id, enabled, info_text, link_token, allow_upload,
                    created_at, updated_at)
VALUES (@tenant, @p_catering, NULL, 1,
        'Willkommen im Kundenportal für Ihr Sommerfest! Hier sehen Sie die geplanten Schichten, die geleisteten Stunden und alle Unterlagen.',
        @t_project, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP());
SET @portal_project = LAST_INSERT_ID();
INSERT INTO portal (tenant_id, project_id, customer_id, enabled, info_text, link_token, allow_upload,
                    created_at, updated_at)
VALUES (@tenant, NULL, @customer, 1,
        'Guten Tag! Hier finden Sie alle Objekte, die wir für Sie betreuen. Neue Aufträge können Sie direkt melden.',
        @t_customer, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP());
SET @portal_customer = LAST_INSERT_ID();

INSERT INTO portal_account (tenant_id, portal_id, username, password_hash, display_name,
    perm_documents, perm_times, perm_planning, perm_messages, perm_requests, created_at, updated_at)
VALUES (@tenant, @portal_project, 'kunde', @h_kunde, 'Karin Kunde', 1, 1, 1, 1, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
       (@tenant, @portal_project, 'planung', @h_planung, 'Paul Planer', 0, 0, 1, 0, 0, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
       (@tenant, @portal_customer, 'hausverwaltung', @h_hausverwaltung, 'Helga Hausverwaltung', 1, 0, 0, 1, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP());

-- Shifts, times, resources, documents and messages for each of the three projects.
INSERT INTO plan_entry (tenant_id, project_id, employee_id, starts_at, ends_at, activity, note, created_at, updated_at) VALUES
 (@tenant, @p_catering, @anna,   CURDATE() + INTERVAL 2 DAY + INTERVAL 8 HOUR,  CURDATE() + INTERVAL 2 DAY + INTERVAL 16 HOUR, 'Aufbau Buffet', 'Zelt 2, Anlieferung über Tor B', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
 (@tenant, @p_catering, @mehmet, CURDATE() + INTERVAL 2 DAY + INTERVAL 14 HOUR, CURDATE() + INTERVAL 2 DAY + INTERVAL 22 HOUR, 'Service', '', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
 (@tenant, @p_catering, @julia,  CURDATE() + INTERVAL 3 DAY + INTERVAL 9 HOUR,  CURDATE() + INTERVAL 3 DAY + INTERVAL 13 HOUR, 'Abbau', '', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
 (@tenant, @p_catering, @anna,   CURDATE() - INTERVAL 5 DAY + INTERVAL 10 HOUR, CURDATE() - INTERVAL 5 DAY + INTERVAL 12 HOUR, 'Probeessen', 'mit Frau Kunde', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
 (@tenant, @p_sonnenhof, @piotr, CURDATE() + INTERVAL 1 DAY + INTERVAL 7 HOUR,  CURDATE() + INTERVAL 1 DAY + INTERVAL 11 HOUR, 'Winterdienst-Kontrolle', '', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
 (@tenant, @p_sonnenhof, @piotr, CURDATE() + INTERVAL 8 DAY + INTERVAL 7 HOUR,  CURDATE() + INTERVAL 8 DAY + INTERVAL 11 HOUR, 'Treppenhausreinigung', 'Haus 14–18', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
 (@tenant, @p_linden, @julia,    CURDATE() + INTERVAL 1 DAY + INTERVAL 18 HOUR, CURDATE() + INTERVAL 1 DAY + INTERVAL 21 HOUR, 'Unterhaltsreinigung', '3. OG', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
 (@tenant, @p_linden, @julia,    CURDATE() + INTERVAL 4 DAY + INTERVAL 18 HOUR, CURDATE() + INTERVAL 4 DAY + INTERVAL 21 HOUR, 'Unterhaltsreinigung', '', UTC_TIMESTAMP(), UTC_TIMESTAMP());

-- A shift the company called off: deleted before it ended, so the trigger of 015 records it and
-- the customer sees it as cancelled (week view, "Abgesagte Schichten", calendars; the overview
-- counts cancellations since the previous login, so not on the demo's first one).
INSERT INTO plan_entry (tenant_id, project_id, employee_id, starts_at, ends_at, activity, note, created_at, updated_at) VALUES
 (@tenant, @p_catering, @mehmet, CURDATE() + INTERVAL 3 DAY + INTERVAL 14 HOUR, CURDATE() + INTERVAL 3 DAY + INTERVAL 18 HOUR, 'Getränkeservice', '', UTC_TIMESTAMP(), UTC_TIMESTAMP());
DELETE FROM plan_entry WHERE id = LAST_INSERT_ID();

INSERT INTO time_entry (tenant_id, project_id, employee_id, work_date, starts_at, ends_at, minutes, activity, note, created_at, updated_at) VALUES
 (@tenant, @p_catering, @anna,   CURDATE() - INTERVAL 5 DAY, '10:00', '12:30', 150, 'Probeessen', '', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
 (@tenant, @p_catering, @mehmet, CURDATE() - INTERVAL 4 DAY, '08:00', '15:30', 450, 'Einkauf und Vorbereitung', '', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
 (@tenant, @p_catering, @anna,   CURDATE() - INTERVAL 4 DAY, '09:00', '13:45', 285, 'Menüplanung', '', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
 (@tenant, @p_sonnenhof, @piotr, CURDATE() - INTERVAL 3 DAY, '07:00', '11:00', 240, 'Laub entfernt', 'Innenhof', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
 (@tenant, @p_sonnenhof, @piotr, CURDATE() - INTERVAL 1 DAY, '07:00', '09:30', 150, 'Heizungsablesung', '', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
 (@tenant, @p_linden, @julia,    CURDATE() - INTERVAL 2 DAY, '18:00', '21:00', 180, 'Unterhaltsreinigung', '', UTC_TIMESTAMP(), UTC_TIMESTAMP());

INSERT INTO resource_entry (tenant_id, project_id, used_on, kind, name, quantity, unit, created_at) VALUES
 (@tenant, @p_sonnenhof, CURDATE() - INTERVAL 3 DAY, 'machine', 'Laubbläser', 2.5, 'h', UTC_TIMESTAMP()),
 (@tenant, @p_sonnenhof, CURDATE() - INTERVAL 3 DAY, 'material', 'Laubsäcke', 12, 'Stk', UTC_TIMESTAMP()),
 (@tenant, @p_catering, CURDATE() - INTERVAL 4 DAY, 'material', 'Geschirr-Set', 150, 'Stk', UTC_TIMESTAMP()),
 (@tenant, @p_linden, CURDATE() - INTERVAL 2 DAY, 'machine', 'Scheuersaugmaschine', 1.5, 'h', UTC_TIMESTAMP()),
 (@tenant, @p_linden, CURDATE() - INTERVAL 2 DAY, 'material', 'Reinigungsmittel', 2.25, 'l', UTC_TIMESTAMP());

-- Documents: a row each, their bytes in document_chunk (one chunk: each is under 256 KiB).
SET @text = 'Vorspeise: Gazpacho\nHauptgang: Grillbuffet\nDessert: Rote Grütze\n';
INSERT INTO document (tenant_id, project_id, name, content_type, size, sha256, portal_visible,
                      uploaded_by_kind, uploaded_by_id, uploaded_by_name, created_at)
VALUES (@tenant, @p_catering, 'Menüvorschlag Sommerfest.txt', 'text/plain; charset=utf-8', LENGTH(@text), SHA2(@text, 256), 1, 'staff',
        NULL, 'Anna Schmidt', UTC_TIMESTAMP());
INSERT INTO document_chunk (document_id, seq, data) VALUES (LAST_INSERT_ID(), 0, @text);
SET @text = 'Ruhezeiten: 22 bis 6 Uhr.\nMülltonnen bitte schließen.\n';
INSERT INTO document (tenant_id, project_id, name, content_type, size, sha256, portal_visible,
                      uploaded_by_kind, uploaded_by_id, uploaded_by_name, created_at)
VALUES (@tenant, @p_sonnenhof, 'Hausordnung Sonnenhof.txt', 'text/plain; charset=utf-8', LENGTH(@text), SHA2(@text, 256), 1, 'staff',
        NULL, 'Piotr Nowak', UTC_TIMESTAMP());
INSERT INTO document_chunk (document_id, seq, data) VALUES (LAST_INSERT_ID(), 0, @text);
SET @text = 'Bereich;Turnus\nBüros;täglich\nFenster;monatlich\n';
INSERT INTO document (tenant_id, project_id, name, content_type, size, sha256, portal_visible,
                      uploaded_by_kind, uploaded_by_id, uploaded_by_name, created_at)
VALUES (@tenant, @p_linden, 'Reinigungsplan Lindenstraße.csv', 'text/csv; charset=utf-8', LENGTH(@text), SHA2(@text, 256), 1, 'staff',
        NULL, 'Julia Becker', UTC_TIMESTAMP());
INSERT INTO document_chunk (document_id, seq, data) VALUES (LAST_INSERT_ID(), 0, @text);
SET @text = 'Nur für das Team: nicht im Kundenportal sichtbar.\n';
INSERT INTO document (tenant_id, project_id, name, content_type, size, sha256, portal_visible,
                      uploaded_by_kind, uploaded_by_id, uploaded_by_name, created_at)
VALUES (@tenant, @p_sonnenhof, 'Kalkulation intern.txt', 'text/plain; charset=utf-8', LENGTH(@text), SHA2(@text, 256), 0, 'staff',
        NULL, 'Piotr Nowak', UTC_TIMESTAMP());
INSERT INTO document_chunk (document_id, seq, data) VALUES (LAST_INSERT_ID(), 0, @text);

INSERT INTO message (tenant_id, project_id, author_kind, author_id, author_name, body, created_at) VALUES
 (@tenant, @p_catering, 'staff', NULL, 'Anna Schmidt', 'Guten Tag Frau Kunde, das Menü steht – bitte schauen Sie in die Dokumente.', UTC_TIMESTAMP() - INTERVAL 2 DAY),
 (@tenant, @p_catering, 'customer', NULL, 'Karin Kunde', 'Sieht prima aus! Können wir noch eine vegane Option ergänzen?', UTC_TIMESTAMP() - INTERVAL 1 DAY),
 (@tenant, @p_sonnenhof, 'staff', NULL, 'Piotr Nowak', 'Das Laub im Innenhof ist entfernt.', UTC_TIMESTAMP() - INTERVAL 3 DAY),
 (@tenant, @p_linden, 'staff', NULL, 'Julia Becker', 'Die Fensterreinigung ist für nächste Woche eingeplant.', UTC_TIMESTAMP() - INTERVAL 1 DAY);

-- What the module writes with a customer's message (migration 009), for the staff's project list.
UPDATE project p SET last_customer_message_id =
    (SELECT MAX(m.id) FROM message m WHERE m.project_id = p.id AND m.author_kind = 'customer')
WHERE p.tenant_id = @tenant;

INSERT INTO service_request (tenant_id, project_id, account_id, author_name, title, description, desired_date, place, state, answer, created_at, updated_at)
SELECT @tenant, @p_sonnenhof, id, display_name, 'Tropfender Wasserhahn', 'Im Keller von Haus 16 tropft der Wasserhahn am Ausguss.', CURDATE() + INTERVAL 3 DAY, 'Haus 16, Keller', 'new', '', UTC_TIMESTAMP(), UTC_TIMESTAMP()
FROM portal_account WHERE tenant_id = @tenant AND username = 'hausverwaltung';

INSERT INTO service_request (tenant_id, project_id, account_id, author_name, title, description, desired_date, place, state, answer, created_at, updated_at)
SELECT @tenant, @p_catering, id, display_name, 'Zusätzliche Stehtische', 'Bitte noch 10 Stehtische für den Empfang einplanen.', CURDATE() + INTERVAL 2 DAY, 'Festplatz, Eingang', 'accepted', 'Gern, die Stehtische sind eingeplant.', UTC_TIMESTAMP() - INTERVAL 1 DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY
FROM portal_account WHERE tenant_id = @tenant AND username = 'kunde';
