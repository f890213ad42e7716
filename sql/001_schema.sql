-- 001_schema.sql: the whole data model of the portal. Every row belongs to one tenant (company);
-- every query filters by tenant_id. Tokens and hashes are ascii_bin (exact), names utf8mb4
-- with a case-insensitive collation, so usernames are unique regardless of case.
-- Every statement here may run again (t/faults/migrate_again.t).

CREATE TABLE IF NOT EXISTS schema_version (
    version     INT UNSIGNED NOT NULL PRIMARY KEY,
    applied_at  DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS tenant (
    id                          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    slug                        VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    name                        VARCHAR(200) NOT NULL,
    customer_master_enabled     TINYINT(1) NOT NULL DEFAULT 0,
    new_project_portal_default  TINYINT(1) NOT NULL DEFAULT 0,
    portal_first_activated_at   DATETIME NULL,
    accent_color                CHAR(7) CHARACTER SET ascii NULL,
    settings_version            INT UNSIGNED NOT NULL DEFAULT 1,
    created_at                  DATETIME NOT NULL,
    UNIQUE KEY uq_tenant_slug (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS admin_user (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id       BIGINT UNSIGNED NOT NULL,
    username        VARCHAR(100) NOT NULL,
    password_hash   VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    display_name    VARCHAR(200) NOT NULL,
    active          TINYINT(1) NOT NULL DEFAULT 1,
    last_login_at   DATETIME NULL,
    created_at      DATETIME NOT NULL,
    UNIQUE KEY uq_admin_user (tenant_id, username),
    CONSTRAINT fk_admin_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Kundenstamm: the company's customers.
CREATE TABLE IF NOT EXISTS customer (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id   BIGINT UNSIGNED NOT NULL,
    name        VARCHAR(200) NOT NULL,
    number      VARCHAR(50) NOT NULL DEFAULT '',
    address     VARCHAR(500) NOT NULL DEFAULT '',
    email       VARCHAR(254) NOT NULL DEFAULT '',
    phone       VARCHAR(50) NOT NULL DEFAULT '',
    version     INT UNSIGNED NOT NULL DEFAULT 1,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    KEY ix_customer_name (tenant_id, name, id),
    CONSTRAINT fk_customer_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Projekte (Aufträge/Kunden).
CREATE TABLE IF NOT EXISTS project (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id    BIGINT UNSIGNED NOT NULL,
    customer_id  BIGINT UNSIGNED NULL,
    name         VARCHAR(200) NOT NULL,
    number       VARCHAR(50) NOT NULL DEFAULT '',
    address      VARCHAR(500) NOT NULL DEFAULT '',
    version      INT UNSIGNED NOT NULL DEFAULT 1,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    KEY ix_project_name (tenant_id, name, id),
    KEY ix_project_customer (customer_id, id),
    CONSTRAINT fk_project_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
    CONSTRAINT fk_project_customer FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A portal belongs to exactly one project or one customer.
CREATE TABLE IF NOT EXISTS portal (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id    BIGINT UNSIGNED NOT NULL,
    project_id   BIGINT UNSIGNED NULL,
    customer_id  BIGINT UNSIGNED NULL,
    enabled      TINYINT(1) NOT NULL DEFAULT 1,
    info_text    TEXT NOT NULL,
    link_token   CHAR(43) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    allow_upload TINYINT(1) NOT NULL DEFAULT 0,
    version      INT UNSIGNED NOT NULL DEFAULT 1,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    UNIQUE KEY uq_portal_token (link_token),
    UNIQUE KEY uq_portal_project (project_id),
    UNIQUE KEY uq_portal_customer (customer_id),
    KEY ix_portal_tenant (tenant_id),
    CONSTRAINT ck_portal_owner CHECK ((project_id IS NULL) <> (customer_id IS NULL)),
    CONSTRAINT fk_portal_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
    CONSTRAINT fk_portal_project FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE,
    CONSTRAINT fk_portal_customer FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS portal_account (
    id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id           BIGINT UNSIGNED NOT NULL,
    portal_id           BIGINT UNSIGNED NOT NULL,
    username            VARCHAR(100) NOT NULL,
    password_hash       VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
    display_name        VARCHAR(200) NOT NULL,
    perm_documents      TINYINT(1) NOT NULL DEFAULT 0,
    perm_times          TINYINT(1) NOT NULL DEFAULT 0,
    perm_planning       TINYINT(1) NOT NULL DEFAULT 0,
    perm_messages       TINYINT(1) NOT NULL DEFAULT 0,
    perm_requests       TINYINT(1) NOT NULL DEFAULT 0,
    active              TINYINT(1) NOT NULL DEFAULT 1,
    last_login_at       DATETIME NULL,
    previous_login_at   DATETIME NULL,
    calendar_secret     CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL,
    UNIQUE KEY uq_account_username (tenant_id, username),
    UNIQUE KEY uq_account_calendar (calendar_secret),
    KEY ix_account_portal (portal_id, id),
    CONSTRAINT fk_account_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
    CONSTRAINT fk_account_portal FOREIGN KEY (portal_id) REFERENCES portal (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Server-side sessions: only the SHA-256 of the cookie's token is stored.
CREATE TABLE IF NOT EXISTS session (
    token_hash    CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    tenant_id     BIGINT UNSIGNED NOT NULL,
    kind          ENUM('portal','admin') NOT NULL,
    account_id    BIGINT UNSIGNED NOT NULL,
    csrf_token    CHAR(43) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at    DATETIME NOT NULL,
    last_seen_at  DATETIME NOT NULL,
    remote_ip     VARCHAR(45) CHARACTER SET ascii NOT NULL DEFAULT '',
    KEY ix_session_account (tenant_id, kind, account_id),
    KEY ix_session_seen (last_seen_at),
    CONSTRAINT fk_session_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

-- Login throttling lives in the database so it holds across several Apache nodes.
CREATE TABLE IF NOT EXISTS login_failure (
    tenant_id     BIGINT UNSIGNED NOT NULL,
    scope         ENUM('portal-user','admin-user','address') NOT NULL,
    subject       VARCHAR(190) NOT NULL,
    failures      INT UNSIGNED NOT NULL DEFAULT 0,
    window_start  DATETIME NOT NULL,
    locked_until  DATETIME NULL,
    PRIMARY KEY (tenant_id, scope, subject)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS employee (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id   BIGINT UNSIGNED NOT NULL,
    name        VARCHAR(200) NOT NULL,
    active      TINYINT(1) NOT NULL DEFAULT 1,
    created_at  DATETIME NOT NULL,
    KEY ix_employee_name (tenant_id, name),
    CONSTRAINT fk_employee_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Planung: shifts. Times are local wall-clock times of the company.
CREATE TABLE IF NOT EXISTS plan_entry (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id    BIGINT UNSIGNED NOT NULL,
    project_id   BIGINT UNSIGNED NOT NULL,
    employee_id  BIGINT UNSIGNED NULL,
    starts_at    DATETIME NOT NULL,
    ends_at      DATETIME NOT NULL,
    activity     VARCHAR(200) NOT NULL DEFAULT '',
    note         VARCHAR(2000) NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    KEY ix_plan_project (project_id, starts_at, id),
    CONSTRAINT fk_plan_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
    CONSTRAINT fk_plan_project FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE,
    CONSTRAINT fk_plan_employee FOREIGN KEY (employee_id) REFERENCES employee (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Arbeitszeiten.
CREATE TABLE IF NOT EXISTS time_entry (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id    BIGINT UNSIGNED NOT NULL,
    project_id   BIGINT UNSIGNED NOT NULL,
    employee_id  BIGINT UNSIGNED NULL,
    work_date    DATE NOT NULL,
    starts_at    TIME NULL,
    ends_at      TIME NULL,
    minutes      INT UNSIGNED NOT NULL,
    activity     VARCHAR(200) NOT NULL DEFAULT '',
    note         VARCHAR(2000) NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    KEY ix_time_project (project_id, work_date, id),
    CONSTRAINT fk_time_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
    CONSTRAINT fk_time_project FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE,
    CONSTRAINT fk_time_employee FOREIGN KEY (employee_id) REFERENCES employee (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Resources used (material or machine), reported with the working times.
CREATE TABLE IF NOT EXISTS resource_entry (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id    BIGINT UNSIGNED NOT NULL,
    project_id   BIGINT UNSIGNED NOT NULL,
    used_on      DATE NOT NULL,
    kind         ENUM('material','machine') NOT NULL,
    name         VARCHAR(200) NOT NULL,
    quantity     DECIMAL(12,3) NOT NULL,
    unit         VARCHAR(20) NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    KEY ix_resource_project (project_id, used_on, id),
    CONSTRAINT fk_resource_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
    CONSTRAINT fk_resource_project FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Dokumente: content in the database, so every node sees it and a backup holds it.
CREATE TABLE IF NOT EXISTS document (
    id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id        BIGINT UNSIGNED NOT NULL,
    project_id       BIGINT UNSIGNED NOT NULL,
    name             VARCHAR(255) NOT NULL,
    content_type     VARCHAR(127) CHARACTER SET ascii NOT NULL,
    size             BIGINT UNSIGNED NOT NULL,
    sha256           CHAR(64) CHARACTER SET ascii NOT NULL,
    content          LONGBLOB NOT NULL,
    portal_visible   TINYINT(1) NOT NULL DEFAULT 1,
    uploaded_by_kind ENUM('staff','customer') NOT NULL,
    uploaded_by_id   BIGINT UNSIGNED NULL,
    uploaded_by_name VARCHAR(200) NOT NULL,
    created_at       DATETIME NOT NULL,
    KEY ix_document_project (project_id, created_at, id),
    CONSTRAINT fk_document_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
    CONSTRAINT fk_document_project FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Nachrichten: the project chat. form_token makes a double-submitted post store once.
CREATE TABLE IF NOT EXISTS message (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id    BIGINT UNSIGNED NOT NULL,
    project_id   BIGINT UNSIGNED NOT NULL,
    author_kind  ENUM('staff','customer') NOT NULL,
    author_id    BIGINT UNSIGNED NULL,
    author_name  VARCHAR(200) NOT NULL,
    body         TEXT NOT NULL,
    form_token   CHAR(43) CHARACTER SET ascii COLLATE ascii_bin NULL,
    created_at   DATETIME NOT NULL,
    KEY ix_message_project (project_id, id),
    UNIQUE KEY uq_message_form (project_id, form_token),
    CONSTRAINT fk_message_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
    CONSTRAINT fk_message_project FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What each portal account has read, for "new since your last visit" and unread marks.
CREATE TABLE IF NOT EXISTS account_project_seen (
    account_id        BIGINT UNSIGNED NOT NULL,
    project_id        BIGINT UNSIGNED NOT NULL,
    last_message_id   BIGINT UNSIGNED NOT NULL DEFAULT 0,
    seen_at           DATETIME NOT NULL,
    PRIMARY KEY (account_id, project_id),
    CONSTRAINT fk_seen_account FOREIGN KEY (account_id) REFERENCES portal_account (id) ON DELETE CASCADE,
    CONSTRAINT fk_seen_project FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Aufträge melden: a job reported by a customer.
CREATE TABLE IF NOT EXISTS service_request (
    id                   BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id            BIGINT UNSIGNED NOT NULL,
    project_id           BIGINT UNSIGNED NOT NULL,
    account_id           BIGINT UNSIGNED NULL,
    author_name          VARCHAR(200) NOT NULL,
    title                VARCHAR(200) NOT NULL,
    description          TEXT NOT NULL,
    desired_date         DATE NULL,
    place                VARCHAR(500) NOT NULL DEFAULT '',
    state                ENUM('new','accepted','done','rejected') NOT NULL DEFAULT 'new',
    answer               TEXT NOT NULL,
    resulting_project_id BIGINT UNSIGNED NULL,
    form_token           CHAR(43) CHARACTER SET ascii COLLATE ascii_bin NULL,
    created_at           DATETIME NOT NULL,
    updated_at           DATETIME NOT NULL,
    KEY ix_request_project (project_id, id),
    KEY ix_request_inbox (tenant_id, state, id),
    UNIQUE KEY uq_request_form (project_id, form_token),
    CONSTRAINT fk_request_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
    CONSTRAINT fk_request_project FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE,
    CONSTRAINT fk_request_account FOREIGN KEY (account_id) REFERENCES portal_account (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Audit trail of admin changes and logins: who, what, when, from where.
CREATE TABLE IF NOT EXISTS audit_log (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id    BIGINT UNSIGNED NOT NULL,
    actor_kind   ENUM('admin','portal','system') NOT NULL,
    actor_id     BIGINT UNSIGNED NULL,
    actor_name   VARCHAR(200) NOT NULL,
    action       VARCHAR(64) CHARACTER SET ascii NOT NULL,
    object_type  VARCHAR(32) CHARACTER SET ascii NOT NULL DEFAULT '',
    object_id    BIGINT UNSIGNED NULL,
    detail       VARCHAR(2000) NOT NULL DEFAULT '',
    remote_ip    VARCHAR(45) CHARACTER SET ascii NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    KEY ix_audit_tenant (tenant_id, id),
    CONSTRAINT fk_audit_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
