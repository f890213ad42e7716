#!/usr/bin/env bash
# seed.sh DBDIR SLUG NAME PROJECTS ACCOUNTS TIMES MESSAGES SHIFTS DOCS SESSIONS: creates one
# benchmark tenant with set-based SQL over MariaDB's Sequence engine (seq_1_to_N), so a
# million rows take seconds, not hours. Every 10 projects belong to one customer; every
# project and every customer has a portal; the accounts are spread over those portals.
# The logins of the benchmark: kunde (project portal of the first project, every area),
# verwaltung (customer portal of the first customer: 10 projects, every area; no message read
# yet), leser (the same customer portal, who has read all but the 5 newest messages of each
# project), admin.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
db=$1 slug=$2 name=$3 projects=$4 accounts=$5 times=$6 messages=$7 shifts=$8 docs=$9
sessions=${10}
ctl="$top/build/kundenportalctl"
export KUNDENPORTAL_DB="$(cat "$db/params")"
customers=$(( (projects + 9) / 10 ))
portals=$(( projects + customers ))

"$ctl" tenant add "$slug" "$name" >/dev/null
printf '%s\n' 'Bench-Admin-2026' | "$ctl" admin add "$slug" admin "Bench-Admin" >/dev/null
hash=$(printf '%s\n' 'Bench-Kunde-2026' | "$ctl" hash)

"$top/scripts/mariadb.sh" client "$db" kundenportal <<SQL
SET foreign_key_checks = 0, unique_checks = 0;
SET @t = (SELECT id FROM tenant WHERE slug = '$slug');
SET @h = '$hash';
SET @now = UTC_TIMESTAMP();
-- The Kundenstamm on: the customers' portals below are reachable only with it.
UPDATE tenant SET portal_first_activated_at = @now, customer_master_enabled = 1 WHERE id = @t;

INSERT INTO employee (tenant_id, name, created_at)
SELECT @t, CONCAT('Mitarbeiter ', seq), @now FROM seq_1_to_50;
SET @e0 = (SELECT MIN(id) FROM employee WHERE tenant_id = @t);

INSERT INTO customer (tenant_id, name, number, address, email, created_at, updated_at)
SELECT @t, CONCAT('Kunde ', LPAD(seq, 5, '0')), CONCAT('K-', seq),
       CONCAT('Hauptstraße ', seq, ', 10115 Berlin'), CONCAT('kunde', seq, '@example.org'), @now, @now
FROM seq_1_to_$customers;
SET @c0 = (SELECT MIN(id) FROM customer WHERE tenant_id = @t);

INSERT INTO project (tenant_id, customer_id, name, number, address, created_at, updated_at)
SELECT @t, @c0 + (seq - 1) DIV 10, CONCAT('Projekt ', LPAD(seq, 5, '0'), ' – Unterhaltsreinigung'),
       CONCAT('P-', seq), CONCAT('Lindenstraße ', seq, ', 10969 Berlin'), @now, @now
FROM seq_1_to_$projects;
SET @p0 = (SELECT MIN(id) FROM project WHERE tenant_id = @t);

INSERT INTO portal (tenant_id, project_id, customer_id, enabled, info_text, link_token, created_at, updated_at)
SELECT @t, @p0 + seq - 1, NULL, 1, 'Willkommen im Kundenportal. Hier sehen Sie Schichten, Stunden und Unterlagen.',
       RPAD(CONCAT('$slug', 'p', seq, 'x'), 43, 'A'), @now, @now
FROM seq_1_to_$projects;
SET @pp0 = (SELECT MIN(id) FROM portal WHERE tenant_id = @t);
INSERT INTO portal (tenant_id, project_id, customer_id, enabled, info_text, link_token, created_at, updated_at)
SELECT @t, NULL, @c0 + seq - 1, 1, 'Guten Tag! Hier finden Sie alle Objekte, die wir für Sie betreuen.',
       RPAD(CONCAT('$slug', 'c', seq, 'x'), 43, 'A'), @now, @now
FROM seq_1_to_$customers;
SET @cp0 = (SELECT MIN(id) FROM portal WHERE tenant_id = @t AND customer_id IS NOT NULL);

INSERT INTO portal_account (tenant_id, portal_id, username, password_hash, display_name,
    perm_documents, perm_times, perm_planning, perm_messages, perm_requests, created_at, updated_at)
VALUES (@t, @pp0, 'kunde', @h, 'Karl Kunde', 1, 1, 1, 1, 1, @now, @now),
       (@t, @cp0, 'verwaltung', @h, 'Vera Verwaltung', 1, 1, 1, 1, 1, @now, @now),
       (@t, @cp0, 'leser', @h, 'Lena Leser', 1, 1, 1, 1, 1, @now, @now);
INSERT INTO portal_account (tenant_id, portal_id, username, password_hash, display_name,
    perm_documents, perm_times, perm_planning, perm_messages, perm_requests, created_at, updated_at)
SELECT @t, IF((seq - 1) MOD $portals < $projects, @pp0 + (seq - 1) MOD $portals,
              @cp0 + (seq - 1) MOD $portals - $projects),
       CONCAT('konto', seq), @h, CONCAT('Konto ', seq), seq MOD 2, 1, 1, seq MOD 3 > 0, seq MOD 2, @now, @now
FROM seq_1_to_$((accounts - 3));
SET @a0 = (SELECT MIN(id) FROM portal_account WHERE tenant_id = @t);

INSERT INTO time_entry (tenant_id, project_id, employee_id, work_date, starts_at, ends_at, minutes,
                        activity, note, created_at, updated_at)
SELECT @t, @p0 + (seq - 1) MOD $projects, @e0 + seq MOD 50,
       CURDATE() - INTERVAL ((seq - 1) DIV $projects) DAY, '07:00', '11:15', 255,
       CONCAT('Reinigung Bereich ', seq MOD 17), IF(seq MOD 5 = 0, 'Schlüssel beim Hausmeister', ''), @now, @now
FROM seq_1_to_$times;

INSERT INTO message (tenant_id, project_id, author_kind, author_id, author_name, body, created_at)
SELECT @t, @p0 + (seq - 1) MOD $projects, IF(seq MOD 3 = 0, 'customer', 'staff'), NULL,
       IF(seq MOD 3 = 0, 'Karl Kunde', 'Disposition'),
       CONCAT('Nachricht ', seq, ': Die Reinigung im Treppenhaus ist erledigt, bitte prüfen Sie den Zugang zum Keller.'),
       @now - INTERVAL ($messages - seq) MINUTE
FROM seq_1_to_$messages;

-- leser's read marks: the 6th newest message of each of the customer's projects
INSERT INTO account_project_seen (account_id, project_id, last_message_id, seen_at)
SELECT a.id, pr.id, COALESCE((SELECT m.id FROM message m WHERE m.project_id = pr.id
                               ORDER BY m.id DESC LIMIT 5, 1), 0), @now
FROM portal_account a JOIN project pr ON pr.tenant_id = @t AND pr.customer_id = @c0
WHERE a.tenant_id = @t AND a.username = 'leser';

INSERT INTO plan_entry (tenant_id, project_id, employee_id, starts_at, ends_at, activity, note, created_at, updated_at)
SELECT @t, @p0 + (seq - 1) MOD $projects, @e0 + seq MOD 50,
       CURDATE() - INTERVAL 30 DAY + INTERVAL ((seq - 1) DIV $projects) DAY + INTERVAL 7 HOUR,
       CURDATE() - INTERVAL 30 DAY + INTERVAL ((seq - 1) DIV $projects) DAY + INTERVAL 15 HOUR,
       'Unterhaltsreinigung', '', @now, @now
FROM seq_1_to_$shifts;

INSERT INTO document (tenant_id, project_id, name, content_type, size, sha256, portal_visible,
                      uploaded_by_kind, uploaded_by_name, created_at)
SELECT @t, @p0 + (seq - 1) MOD $projects, CONCAT('Leistungsnachweis-', seq, '.pdf'), 'application/pdf',
       2048, SHA2(seq, 256), 1, 'staff', 'Disposition',
       @now - INTERVAL seq HOUR
FROM seq_1_to_$((projects * docs));
INSERT INTO document_chunk (document_id, seq, data)
SELECT id, 0, REPEAT('x', 2048) FROM document WHERE tenant_id = @t;

INSERT INTO session (token_hash, tenant_id, kind, account_id, csrf_token, created_at, last_seen_at)
SELECT SHA2(CONCAT('$slug', seq), 256), @t, 'portal', @a0 + seq MOD $accounts,
       RPAD(CONCAT('c', seq), 43, 'A'), @now, @now
FROM seq_1_to_$sessions;
SQL
