-- 004_branding.sql: the company's look in the portal: its name (tenant.name, now editable in
-- the administration), an accent colour (tenant.accent_color, #rrggbb, since 001) and a logo.
-- The logo is a row of its own; tenant.logo_version names the current one and is the number in
-- its public URL (/portal/logo/{version}), so a new logo gets a new URL and caches never serve
-- an old one. Only PNG, JPEG and WebP are stored, recognised by their first bytes.
-- Every statement here may run again (t/faults/migrate_again.t).
CREATE TABLE IF NOT EXISTS tenant_logo (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id     BIGINT UNSIGNED NOT NULL,
    content_type  VARCHAR(20) CHARACTER SET ascii NOT NULL,
    size          INT UNSIGNED NOT NULL,
    content       MEDIUMBLOB NOT NULL,
    created_at    DATETIME NOT NULL,
    KEY ix_logo_tenant (tenant_id),
    CONSTRAINT fk_logo_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE tenant ADD COLUMN IF NOT EXISTS logo_version BIGINT UNSIGNED NULL AFTER accent_color;
