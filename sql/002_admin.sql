-- 002_admin.sql: what the web administration adds: staged ("Übernehmen") account changes that
-- wait for "Daten speichern", and one-time invitation links with which a customer sets a password.
-- Every statement here may run again (t/faults/migrate_again.t).

-- One row per staged account change of one admin on one portal. Nothing here reaches the
-- portal: login and sessions read portal_account only. base_version is the portal's version
-- when the change was staged; "Daten speichern" applies the rows in one transaction.
CREATE TABLE IF NOT EXISTS portal_draft (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id       BIGINT UNSIGNED NOT NULL,
    portal_id       BIGINT UNSIGNED NOT NULL,
    admin_user_id   BIGINT UNSIGNED NOT NULL,
    account_id      BIGINT UNSIGNED NULL,
    username        VARCHAR(100) NOT NULL,
    display_name    VARCHAR(200) NOT NULL,
    password_hash   VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
    perm_documents  TINYINT(1) NOT NULL DEFAULT 0,
    perm_times      TINYINT(1) NOT NULL DEFAULT 0,
    perm_planning   TINYINT(1) NOT NULL DEFAULT 0,
    perm_messages   TINYINT(1) NOT NULL DEFAULT 0,
    perm_requests   TINYINT(1) NOT NULL DEFAULT 0,
    active          TINYINT(1) NOT NULL DEFAULT 1,
    base_version    INT UNSIGNED NOT NULL,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    UNIQUE KEY uq_draft_account (portal_id, admin_user_id, account_id),
    UNIQUE KEY uq_draft_username (portal_id, admin_user_id, username),
    CONSTRAINT fk_draft_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
    CONSTRAINT fk_draft_portal FOREIGN KEY (portal_id) REFERENCES portal (id) ON DELETE CASCADE,
    CONSTRAINT fk_draft_admin FOREIGN KEY (admin_user_id) REFERENCES admin_user (id) ON DELETE CASCADE,
    CONSTRAINT fk_draft_account FOREIGN KEY (account_id) REFERENCES portal_account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Einladung: a one-time, expiring link for an account without a password. Only the SHA-256
-- of the token is kept.
CREATE TABLE IF NOT EXISTS portal_invite (
    token_hash   CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    tenant_id    BIGINT UNSIGNED NOT NULL,
    account_id   BIGINT UNSIGNED NOT NULL,
    expires_at   DATETIME NOT NULL,
    used_at      DATETIME NULL,
    created_at   DATETIME NOT NULL,
    KEY ix_invite_account (account_id),
    CONSTRAINT fk_invite_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
    CONSTRAINT fk_invite_account FOREIGN KEY (account_id) REFERENCES portal_account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
