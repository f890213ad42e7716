/* mod_kp_documents.c: Dokumente: the list, downloads (attachment, RFC 6266 names, nosniff),
 * customer uploads where the portal allows them, and the staff's upload, delete and flags. */
#include "mod_kp_areas.h"
#include "kp_text.h"
#include "kp_token.h"
#include <sodium.h>

/* Bytes per row of document_chunk (sql/012_document_chunks.sql), each written and read by a
 * statement of its own: 512 KiB of hex, far below any max_allowed_packet and below the
 * driver's fldsz (1 MB). */
#define CHUNK (256 * 1024)
#define LIST_PAGE 100               /* documents per page of the list */
#define LIST_PAGE_READ "101"        /* and one more, to know of a next page */

/* A page of the list by key, newest first: its date and the key as text are column 3 and 7;
 * visible is column 6, filter narrows the rows. */
#define DOCUMENTS_PAGE(key, index, visible, filter) \
    "SELECT id, name, size, DATE_FORMAT(" key ", '%%Y-%%m-%%d %%H:%%i'), uploaded_by_name," \
    " uploaded_by_kind, " visible ", CAST(" key " AS CHAR)" \
    " FROM document FORCE INDEX (" index ") WHERE project_id = %s AND tenant_id = %s" filter \
    " AND (" key " < %s OR (" key " = %s AND id < %s))" \
    " ORDER BY " key " DESC, id DESC LIMIT " LIST_PAGE_READ

static const kp_statement documents_statements[] = {
    /* A page, newest first, from the key of the link on (kp_list_key: column 7 and the id): a
     * range of the index, named (as the shifts' lists in mod_kp_planning.c). The staff's list
     * goes by the upload and has the hidden documents too; the portal's by when each was shown
     * there (shared_at, sql/014_document_shared_at.sql), so one shown after weeks hidden is at
     * the top, with that date. */
    {"documents_list_staff",
     DOCUMENTS_PAGE("created_at", "ix_document_project", "portal_visible", "")},
    {"documents_list_portal",
     DOCUMENTS_PAGE("shared_at", "ix_document_shared", "1", " AND portal_visible = 1")},
    {"documents_meta",
     "SELECT id, name, content_type, size FROM document"
     " WHERE id = %s AND project_id = %s AND tenant_id = %s AND (portal_visible = 1 OR %s = 'staff')"},
    {"documents_chunk",
     "SELECT HEX(c.data) FROM document_chunk c JOIN document d ON d.id = c.document_id"
     " WHERE c.document_id = %s AND c.seq = %s AND d.tenant_id = %s"},
    /* The unique (project_id, form_token) refuses a second submit of the same form, also when
     * both arrive at once: store_upload takes that refusal as "already stored". */
    {"documents_insert",
     "INSERT INTO document (tenant_id, project_id, name, content_type, size, sha256,"
     " portal_visible, uploaded_by_kind, uploaded_by_id, uploaded_by_name, form_token, created_at)"
     " VALUES (%s, %s, %s, %s, 0, '', %s, %s, %s, %s, %s, UTC_TIMESTAMP())"},
    {"documents_by_form",
     "SELECT name, sha256 FROM document WHERE project_id = %s AND form_token = %s AND tenant_id = %s"},
    {"documents_chunk_add",
     "INSERT INTO document_chunk (document_id, seq, data) VALUES (%s, %s, UNHEX(%s))"},
    /* Its time is when storing ends, just before the commit, not when it began: a customer
     * who logged in while a long upload was arriving finds it new on the next visit. */
    {"documents_seal",
     "UPDATE document SET size = %s, sha256 = %s, created_at = UTC_TIMESTAMP(),"
     " shared_at = IF(portal_visible = 1, UTC_TIMESTAMP(), NULL) WHERE id = %s AND tenant_id = %s"},
    {"documents_set_visible",
     "UPDATE document SET portal_visible = %s WHERE id = %s AND project_id = %s AND tenant_id = %s"},
    {"documents_delete", "DELETE FROM document WHERE id = %s AND project_id = %s AND tenant_id = %s"},
    {"documents_exists", "SELECT id, name FROM document WHERE id = %s AND project_id = %s AND tenant_id = %s"},
    /* The staff's news (sql/011_staff_document_news.sql): the project's newest customer upload,
     * written after the upload's own transaction, so the upload does not hold the project row
     * while its pieces arrive (it still waits for other uploads of the project in progress,
     * whose foreign key holds the row shared; should that wait fail, the upload is kept and
     * the failure logged); this admin's mark, read for the list's "neu", then moved up to the
     * newest upload it read. */
    {"documents_note_customer",
     "UPDATE project SET last_customer_document_id = GREATEST(COALESCE(last_customer_document_id, 0), %s)"
     " WHERE id = %s AND tenant_id = %s"},
    /* After a delete: the newest customer upload left (arguments: the project twice, the
     * tenant); the one deleted may have been it. */
    {"documents_renote_customer",
     "UPDATE project SET last_customer_document_id = (SELECT MAX(d.id) FROM document d"
     " WHERE d.project_id = %s AND d.uploaded_by_kind = 'customer')"
     " WHERE id = %s AND tenant_id = %s"},
    {"documents_seen_staff",
     "SELECT COALESCE((SELECT last_document_id FROM admin_project_seen WHERE admin_id = %s"
     " AND project_id = %s), 0), COALESCE(last_customer_document_id, 0) FROM project"
     " WHERE id = %s AND tenant_id = %s"},
    {"documents_mark_seen_staff",
     "INSERT INTO admin_project_seen (admin_id, project_id, last_message_id, last_document_id, seen_at)"
     " VALUES (%s, %s, 0, %s, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE"
     " last_document_id = GREATEST(last_document_id, VALUES(last_document_id)), seen_at = VALUES(seen_at)"},
    /* The portals of the project: its own, and its customer's while the Kundenstamm is on
     * (either of them switched on or not: the flag may be set ahead). Not a new version of the
     * portal: "Daten speichern" does not write this flag, so a page open meanwhile may still
     * save (a new version made it a conflict, and marked its staged accounts stale). */
    {"documents_set_allow_upload",
     "UPDATE portal po JOIN project pr ON pr.id = %s AND pr.tenant_id = po.tenant_id"
     " JOIN tenant t ON t.id = po.tenant_id"
     " SET po.allow_upload = %s, po.updated_at = UTC_TIMESTAMP()"
     " WHERE po.tenant_id = %s AND (po.project_id = pr.id OR po.customer_id = pr.customer_id)"
     " AND" KP_PORTAL_SHOWN("po", "t")},
    {NULL, NULL}
};

/* "type/subtype" of token characters; anything a browser might run becomes a plain download. */
static const char *safe_type(apr_pool_t *p, const char *type)
{
    static const char *const active[] = {"text/html", "application/xhtml+xml", "image/svg+xml",
                                         "text/xml", "application/xml", "text/javascript",
                                         "application/javascript", NULL};
    char *t;
    const char *s;
    int i, slash = 0;
    if (!type || !*type || strlen(type) > 100) {
        return "application/octet-stream";
    }
    t = apr_pstrdup(p, type);
    if (strchr(t, ';')) {
        *strchr(t, ';') = '\0';
    }
    ap_str_tolower(t);
    for (s = t; *s; s++) {
        if (*s == '/') {
            slash++;
        }
        else if (!apr_isalnum(*s) && !strchr("!#$&^_.+-", *s)) {
            return "application/octet-stream";
        }
    }
    for (i = 0; active[i]; i++) {
        if (!strcmp(t, active[i])) {
            return "application/octet-stream";
        }
    }
    if (slash != 1 || t[0] == '/' || t[strlen(t) - 1] == '/') {
        return "application/octet-stream";
    }
    return !strncmp(t, "text/", 5) ? apr_pstrcat(p, t, "; charset=utf-8", NULL) : t;
}

static const char *hex_of(apr_pool_t *p, const char *data, apr_size_t len)
{
    static const char digits[] = "0123456789ABCDEF";
    char *out = apr_palloc(p, len * 2 + 1);
    apr_size_t i;
    for (i = 0; i < len; i++) {
        out[2 * i] = digits[(unsigned char)data[i] >> 4];
        out[2 * i + 1] = digits[(unsigned char)data[i] & 15];
    }
    out[2 * len] = '\0';
    return out;
}

/* Length of a bidirectional control character at s (U+200E/F, U+202A-E, U+2066-9, U+061C),
 * else 0: in a file name they disguise its extension ("\u202Egnp.exe" shows as "exe.png"). */
static int bidi_control(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == 0xD8 && u[1] == 0x9C) {
        return 2;
    }
    if (u[0] != 0xE2 || !u[1] || !u[2]) {
        return 0;
    }
    return (u[1] == 0x80 && (u[2] == 0x8E || u[2] == 0x8F || (u[2] >= 0xAA && u[2] <= 0xAE)))
           || (u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9) ? 3 : 0;
}

/* The column holds 255 characters; a longer name is cut in its stem, so it keeps its
 * extension (up to 16 characters with the dot) and opens with the same program. */
enum { NAME_MAX_CHARS = 255, EXTENSION_MAX_CHARS = 16 };

static void shorten_name(char *name)
{
    const char *dot = strrchr(name, '.');
    apr_size_t ext = dot && dot > name ? kp_utf8_length(dot) : 0, keep, step;
    char *cut = name, *end = name + strlen(name);
    if (kp_utf8_length(name) <= NAME_MAX_CHARS) {
        return;
    }
    if (ext > EXTENSION_MAX_CHARS) {
        ext = 0;
    }
    for (keep = NAME_MAX_CHARS - ext; keep > 0 && *cut; keep--) {
        step = kp_utf8_char_length(cut, (apr_size_t)(end - cut));
        cut += step ? step : 1;
    }
    while (cut > name && cut[-1] == ' ') {   /* no "Angebot   .pdf" */
        cut--;
    }
    if (ext) {
        memmove(cut, dot, strlen(dot) + 1);
    }
    else {
        *cut = '\0';
    }
}

/* Browsers send '"' as %22 and line breaks as %0D / %0A in a file name (HTML's form
 * encoding): quotes come back, line breaks and bidirectional controls go. Empty names get a
 * neutral one. */
static const char *document_name(apr_pool_t *p, const char *raw)
{
    char *out = apr_palloc(p, strlen(raw) + 1), *o = out;
    const char *s;
    for (s = raw; *s; s++) {
        if (bidi_control(s)) {
            s += bidi_control(s) - 1;
        }
        else if (*s == '%' && s[1] == '2' && s[2] == '2') {
            *o++ = '"';
            s += 2;
        }
        else if (*s == '%' && s[1] == '0' && (s[2] == 'D' || s[2] == 'A' || s[2] == 'd' || s[2] == 'a')) {
            s += 2;
        }
        else if ((unsigned char)*s >= 0x20 && *s != 0x7f) {
            *o++ = *s;
        }
    }
    *o = '\0';
    while (o > out && o[-1] == ' ') {
        *--o = '\0';
    }
    shorten_name(out);
    return *out ? out : "Dokument";
}

typedef struct store_state {
    kp_req *kr;
    const char *id;             /* the document's row, made before the first piece */
    int seq;                    /* of the next chunk */
    apr_off_t size;
    crypto_hash_sha256_state sha256;
    apr_pool_t *piece_pool;     /* the hex of one piece at a time */
} store_state;

/* Each piece is a chunk row of the document. */
static int store_piece(void *baton, const char *data, apr_size_t len)
{
    store_state *st = baton;
    apr_pool_clear(st->piece_pool);
    crypto_hash_sha256_update(&st->sha256, (const unsigned char *)data, len);
    st->size += (apr_off_t)len;
    return kp_exec(st->kr->db, st->piece_pool, "documents_chunk_add", NULL, st->id,
                   apr_itoa(st->piece_pool, st->seq++), hex_of(st->piece_pool, data, len))
           != APR_SUCCESS;
}

static const char *sha256_hex(apr_pool_t *p, crypto_hash_sha256_state *state)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    char *hex = apr_palloc(p, 2 * crypto_hash_sha256_BYTES + 1);
    crypto_hash_sha256_final(state, digest);
    return sodium_bin2hex(hex, 2 * crypto_hash_sha256_BYTES + 1, digest, sizeof(digest));
}

/* store_upload's answers for a form whose token is taken: sent again with the same file
 * (stored before), or with another one (the browser kept a form whose upload it showed as
 * failed, though the server stored it): refused, so that file is not lost unsaid. */
static const char already_stored[] = "already stored", form_used[] = "form used";

/* The SHA-256 (hex) of an upload's file, read piece by piece as it is stored. */
static int hash_piece(void *baton, const char *data, apr_size_t len)
{
    crypto_hash_sha256_update(baton, (const unsigned char *)data, len);
    return 0;
}

static const char *upload_sha256(apr_pool_t *p, kp_upload *up)
{
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    return kp_upload_pieces(up, p, CHUNK, hash_piece, &state) == APR_SUCCESS
           ? sha256_hex(p, &state) : NULL;
}

/* Stores an uploaded file as one document in one transaction, piece by piece from memory or
 * its temporary file: all of it, or nothing. Returns its id, already_stored or form_used for a
 * form sent again, or NULL. up->filename becomes the name as stored (document_name), so the audit line
 * names the document as the lists do. */
static const char *store_upload(kp_req *kr, kp_upload *up, int visible, const char *kind)
{
    apr_pool_t *p = kr->r->pool;
    const char *token = kp_upload_field(up, "form_token");
    store_state st;

    up->filename = document_name(p, up->filename);
    if (!token || !kp_token_wellformed(token, 43)) {
        token = NULL;
    }

    memset(&st, 0, sizeof(st));
    st.kr = kr;
    crypto_hash_sha256_init(&st.sha256);
    if (kp_db_begin(kr->db, p) != APR_SUCCESS) {
        return NULL;
    }
    apr_pool_create(&st.piece_pool, p);
    if (kp_exec(kr->db, p, "documents_insert", NULL, kr->tenant_id, kr->project_id,
                up->filename, safe_type(p, up->content_type),
                visible ? "1" : "0", kind, kr->session->account_id,
                kr->session->display_name ? kr->session->display_name : kr->session->username,
                token) != APR_SUCCESS) {
        int again = token && kp_db_duplicate(kr->db);
        const char *sha256;
        kp_rows *first;
        kp_db_rollback(kr->db, p);
        if (!again || kp_select(kr->db, p, "documents_by_form", &first, kr->project_id, token,
                                kr->tenant_id) != APR_SUCCESS) {
            return NULL;
        }
        sha256 = upload_sha256(p, up);
        return first->nrows == 1 && !strcmp(kp_cell(first, 0, 0), up->filename) && sha256
               && !strcmp(kp_cell(first, 0, 1), sha256) ? already_stored : form_used;
    }
    if (!(st.id = kp_db_last_insert_id(kr->db, p))
        || kp_upload_pieces(up, p, CHUNK, store_piece, &st) != APR_SUCCESS
        || kp_exec(kr->db, p, "documents_seal", NULL, apr_off_t_toa(p, st.size),
                   sha256_hex(p, &st.sha256), st.id, kr->tenant_id) != APR_SUCCESS
        || kp_db_commit(kr->db, p) != APR_SUCCESS) {
        kp_db_rollback(kr->db, p);
        return NULL;   /* the piece pool lives on with the request: it holds the error's text */
    }
    apr_pool_destroy(st.piece_pool);
    return st.id;
}

/* <documents more="KEY" paged="KEY"><document id size date by kind visible><name/><by/></document>
 * </documents>: a page of statement (documents_list_staff or _portal) from the key of ?older=
 * on (kp_list_key), or the newest. */
static int documents_add_list(kp_req *kr, const char *statement)
{
    apr_pool_t *p = kr->r->pool;
    const char *at = "9999-12-31 23:59:59", *id = "18446744073709551616";   /* after every one */
    const char *from = kp_query_get(kr, "older");
    kp_rows *rows;
    xmlNodePtr list;
    int i, n;
    if (!kp_list_key_parse(p, from, &at, &id)) {
        from = NULL;
    }
    if (kp_select(kr->db, p, statement, &rows, kr->project_id, kr->tenant_id, at, at, id)
        != APR_SUCCESS) {
        return 0;
    }
    list = kp_xml_add(kr->root, "documents", NULL);
    n = kp_list_page(list, p, rows, LIST_PAGE, 7, from);
    for (i = 0; i < n; i++) {
        xmlNodePtr d = kp_xml_add(list, "document", NULL);
        kp_xml_attr(d, "id", kp_cell(rows, i, 0));
        kp_xml_attr(d, "size", kp_cell(rows, i, 2));
        kp_xml_attr(d, "date", kp_cell(rows, i, 3));
        kp_xml_attr(d, "kind", kp_cell(rows, i, 5));
        kp_xml_attr(d, "visible", kp_cell(rows, i, 6));
        kp_xml_add(d, "name", kp_cell(rows, i, 1));
        kp_xml_add(d, "by", kp_cell(rows, i, 4));
    }
    return 1;
}

/* The portal's setting, read with the session. */
static int upload_allowed(kp_req *kr)
{
    return kr->session->allow_upload;
}

/* <upload limit token/>: the upload form's limit and its one-time token (uq_document_form). */
static xmlNodePtr upload_node(kp_req *kr)
{
    xmlNodePtr up = kp_xml_add(kr->root, "upload", NULL);
    kp_xml_attr(up, "limit", apr_off_t_toa(kr->r->pool, kr->sconf->upload_limit));
    kp_xml_attr(up, "token", kp_token_new(kr->r->pool, 32));
    return up;
}

static int documents_page(kp_req *kr, int status, const char *error)
{
    xmlNodePtr up;
    kp_page_new(kr, "portal-documents");
    if (!kp_portal_add_project(kr) || !documents_add_list(kr, "documents_list_portal")) {
        return kp_unavailable(kr, "listing documents");
    }
    up = upload_node(kr);
    kp_xml_attr(up, "allowed", upload_allowed(kr) ? "1" : "0");
    if (error) {
        kp_xml_attr(up, "error", error);
    }
    return kp_page_send(kr, "portal-documents", status);
}

static int portal_documents(kp_req *kr)
{
    return documents_page(kr, HTTP_OK, NULL);
}

/* Piece seq of a document's bytes into *bin (n bytes), from pool; 0 when it cannot be read
 * (a database failure, or the document deleted meanwhile). */
static int read_piece(kp_req *kr, apr_pool_t *pool, const char *document_id, int seq, char **bin,
                      apr_size_t *n)
{
    kp_rows *rows;
    const char *hex;
    apr_size_t i;
    if (kp_select(kr->db, pool, "documents_chunk", &rows, document_id, apr_itoa(pool, seq),
                  kr->tenant_id) != APR_SUCCESS
        || rows->nrows != 1 || !(hex = kp_cell(rows, 0, 0)) || !*hex) {
        return 0;
    }
    *n = strlen(hex) / 2;
    *bin = apr_palloc(pool, *n);
    for (i = 0; i < *n; i++) {
        (*bin)[i] = (char)(kp_hex_value(hex[2 * i]) << 4 | kp_hex_value(hex[2 * i + 1]));
    }
    return 1;
}

/* Streams a document in pieces, so a large file never sits in memory whole. The first piece is
 * read before the headers go out: a document that cannot be read is an error page, not an empty
 * file saved as if whole. A later piece that fails breaks the download (kp_abort_response: the
 * connection closed short of Content-Length), so the browser reports it as failed. */
static int documents_send(kp_req *kr, const char *viewer)
{
    apr_pool_t *p = kr->r->pool, *piece_pool;
    kp_rows *meta;
    apr_off_t size, off;
    apr_size_t n = 0;
    char *bin = NULL;
    int seq;

    if (!kp_valid_id(kr->param[1])
        || kp_select(kr->db, p, "documents_meta", &meta, kr->param[1], kr->project_id,
                     kr->tenant_id, viewer) != APR_SUCCESS) {
        return kp_valid_id(kr->param[1]) ? kp_unavailable(kr, "reading a document")
                                         : kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (meta->nrows != 1) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, kr->r,
                      KPLOG(10410) "document %s is not in project %s (or not visible)",
                      kr->param[1], kr->project_id);
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    size = apr_atoi64(kp_cell(meta, 0, 3));
    apr_pool_create(&piece_pool, p);
    if (size > 0 && !kr->r->header_only
        && !read_piece(kr, piece_pool, kp_cell(meta, 0, 0), 0, &bin, &n)) {
        apr_pool_destroy(piece_pool);
        return kp_unavailable(kr, "reading a document's content");
    }
    kp_download_headers(kr, safe_type(p, kp_cell(meta, 0, 2)), kp_cell(meta, 0, 1));
    ap_set_content_length(kr->r, size);
    for (off = 0, seq = 0; off < size && !kr->r->header_only; off += (apr_off_t)n) {
        if (seq > 0) {
            apr_pool_clear(piece_pool);
            if (!read_piece(kr, piece_pool, kp_cell(meta, 0, 0), seq, &bin, &n)) {
                kp_db_log_failure(kr, "reading a document's content: the download breaks off");
                kp_abort_response(kr);
                break;
            }
        }
        if (ap_rwrite(bin, (int)n, kr->r) < 0) {
            break;
        }
        seq++;
    }
    apr_pool_destroy(piece_pool);
    return OK;
}

static int portal_download(kp_req *kr)
{
    return documents_send(kr, "customer");
}

/* The project's documents list (in the portal or the administration, as the request's). */
static int to_list(kp_req *kr)
{
    return kp_redirect(kr, apr_pstrcat(kr->r->pool, "/projects/", kr->project_id, "/documents",
                                       NULL));
}

static int portal_upload(kp_req *kr)
{
    kp_upload *up;
    int rv;
    const char *id;

    if (!upload_allowed(kr)) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, kr->r,
                      KPLOG(10411) "upload refused: the portal does not allow uploads");
        return documents_page(kr, HTTP_FORBIDDEN, "documents.error.not_allowed");   /* switched off meanwhile */
    }
    rv = kp_read_upload(kr, kr->sconf->upload_limit, KP_UPLOAD_SPOOL, &up);
    if (rv == HTTP_FORBIDDEN) {
        return kp_csrf_refused(kr);
    }
    if (rv == HTTP_REQUEST_ENTITY_TOO_LARGE) {
        return documents_page(kr, rv, "documents.error.too_large");
    }
    if (rv == HTTP_SERVICE_UNAVAILABLE) {
        apr_table_setn(kr->r->err_headers_out, "Retry-After", "30");
        return documents_page(kr, rv, "documents.error.not_stored");
    }
    if (rv != OK) {
        return documents_page(kr, HTTP_BAD_REQUEST, "documents.error.bad_upload");
    }
    if (!up->have_file) {
        return documents_page(kr, HTTP_BAD_REQUEST, "documents.error.no_file");
    }
    id = store_upload(kr, up, 1, "customer");
    if (id == already_stored) {
        return to_list(kr);
    }
    if (id == form_used) {
        return documents_page(kr, HTTP_CONFLICT, "documents.error.form_used");
    }
    if (!id) {
        /* The database refused (full, read-only, a conflict): rolled back, so nothing of it is
         * kept; the page says so next to the file field. */
        kp_db_log_failure(kr, "storing an uploaded document");
        apr_table_setn(kr->r->err_headers_out, "Retry-After", "30");
        return documents_page(kr, HTTP_SERVICE_UNAVAILABLE, "documents.error.not_stored");
    }
    if (kp_exec(kr->db, kr->r->pool, "documents_note_customer", NULL, id, kr->project_id, kr->tenant_id)
        != APR_SUCCESS) {
        kp_db_log_failure(kr, "marking a customer upload for the staff");   /* stored all the same */
    }
    kp_audit(kr, "portal.document_upload", "document", id, up->filename);
    return to_list(kr);
}


/* ---- staff: /admin/projects/{id}/documents ---- */

/* The staff's list marks customer uploads newer than this admin's mark ("neu"), then moves
 * the mark up to the newest one. */
static int staff_page(kp_req *kr, int status, const char *error)
{
    apr_pool_t *p = kr->r->pool;
    xmlNodePtr up;
    kp_rows *seen;
    kp_page_new(kr, "admin-documents");
    if (!kp_staff_project(kr)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    if (kp_select(kr->db, p, "documents_seen_staff", &seen, kr->session->account_id, kr->project_id,
                  kr->project_id, kr->tenant_id) != APR_SUCCESS || seen->nrows != 1
        || !documents_add_list(kr, "documents_list_staff")) {
        return kp_unavailable(kr, "listing documents");
    }
    kp_xml_attr(kp_xml_add(kr->root, "seen", NULL), "documents", kp_cell(seen, 0, 0));
    if (strcmp(kp_cell(seen, 0, 0), kp_cell(seen, 0, 1)) != 0
        && kp_exec(kr->db, p, "documents_mark_seen_staff", NULL, kr->session->account_id,
                   kr->project_id, kp_cell(seen, 0, 1)) != APR_SUCCESS) {
        kp_db_log_failure(kr, "marking documents seen");   /* the list all the same */
    }
    up = upload_node(kr);
    if (error) {
        kp_xml_attr(up, "error", error);
    }
    return kp_page_send(kr, "admin-documents", status);
}

static int staff_documents(kp_req *kr)
{
    return staff_page(kr, HTTP_OK, NULL);
}

/* Staff routes: the project must be the tenant's, and a route's {doc} in it (its name in *name,
 * if asked: name may be NULL). */
static int staff_scope(kp_req *kr, const char **name)
{
    kp_rows *rows;
    kp_page_new(kr, "admin-documents");
    if (!kp_staff_project(kr)) {
        return 0;
    }
    if (kr->nparam < 2) {
        return 1;
    }
    if (!kp_valid_id(kr->param[1])) {
        return 0;
    }
    if (kp_select(kr->db, kr->r->pool, "documents_exists", &rows, kr->param[1], kr->project_id,
                  kr->tenant_id) != APR_SUCCESS) {
        return kp_lookup_failed(kr, "looking up a document");
    }
    if (rows->nrows != 1) {
        return 0;
    }
    if (name) {
        *name = kp_cell(rows, 0, 1);
    }
    return 1;
}

static int staff_download(kp_req *kr)
{
    if (!staff_scope(kr, NULL)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    return documents_send(kr, "staff");
}

static int staff_upload(kp_req *kr)
{
    kp_upload *up;
    const char *id, *visible;
    int rv;
    if (!staff_scope(kr, NULL)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    rv = kp_read_upload(kr, kr->sconf->upload_limit, KP_UPLOAD_SPOOL, &up);
    if (rv == HTTP_FORBIDDEN) {
        return kp_csrf_refused(kr);
    }
    if (rv == HTTP_SERVICE_UNAVAILABLE) {
        apr_table_setn(kr->r->err_headers_out, "Retry-After", "30");
        return staff_page(kr, rv, "documents.error.not_stored");
    }
    if (rv != OK || !up->have_file) {
        return staff_page(kr, rv == OK ? HTTP_BAD_REQUEST : rv == HTTP_REQUEST_ENTITY_TOO_LARGE ? rv
                                                                                     : HTTP_BAD_REQUEST,
                          rv == HTTP_REQUEST_ENTITY_TOO_LARGE ? "documents.error.too_large"
                          : rv == OK ? "documents.error.no_file" : "documents.error.bad_upload");
    }
    visible = kp_upload_field(up, "visible");
    id = store_upload(kr, up, visible && !strcmp(visible, "1"), "staff");
    if (id == already_stored) {
        return to_list(kr);
    }
    if (id == form_used) {
        return staff_page(kr, HTTP_CONFLICT, "documents.error.form_used");
    }
    if (!id) {
        kp_db_log_failure(kr, "storing an uploaded document");
        apr_table_setn(kr->r->err_headers_out, "Retry-After", "30");
        return staff_page(kr, HTTP_SERVICE_UNAVAILABLE, "documents.error.not_stored");
    }
    kp_audit(kr, "admin.document_upload", "document", id, up->filename);
    return to_list(kr);
}

/* One staff change of a flag or a row: scope, statement (arguments: the value if any, then the
 * object, project and tenant), audit, back to the list. */
static int staff_change(kp_req *kr, const char *field, const char *statement, const char *action)
{
    const char *v = field ? kp_form_get(kr, field) : NULL, *name = NULL;
    int upload = !strcmp(statement, "documents_set_allow_upload");
    apr_status_t rv;
    if (!staff_scope(kr, &name)) {
        return kp_page_error(kr, HTTP_NOT_FOUND, "error.not_found");
    }
    v = v && !strcmp(v, "1") ? "1" : "0";
    if (upload) {
        rv = kp_exec(kr->db, kr->r->pool, statement, NULL, kr->project_id, v, kr->tenant_id);
    }
    else if (field) {
        rv = kp_exec(kr->db, kr->r->pool, statement, NULL, v, kr->param[1], kr->project_id,
                     kr->tenant_id);
    }
    else {
        rv = kp_exec(kr->db, kr->r->pool, statement, NULL, kr->param[1], kr->project_id,
                     kr->tenant_id);
    }
    if (rv != APR_SUCCESS) {
        return kp_unavailable(kr, action);
    }
    if (!strcmp(statement, "documents_delete")
        && kp_exec(kr->db, kr->r->pool, "documents_renote_customer", NULL, kr->project_id,
                   kr->project_id, kr->tenant_id) != APR_SUCCESS) {
        kp_db_log_failure(kr, "noting the newest customer upload after a delete");
    }
    /* the file's name stays in the log after the file is gone */
    kp_audit(kr, action, upload ? "project" : "document", upload ? kr->project_id : kr->param[1],
             upload ? v : field ? apr_pstrcat(kr->r->pool, name, ": ", v, NULL) : name);
    return to_list(kr);
}

static int staff_visible(kp_req *kr)
{
    return staff_change(kr, "visible", "documents_set_visible", "admin.document_visible");
}

static int staff_delete(kp_req *kr)
{
    return staff_change(kr, NULL, "documents_delete", "admin.document_deleted");
}

/* "Upload erlaubt": portal.allow_upload of the portal that covers this project. */
static int staff_allow_upload(kp_req *kr)
{
    return staff_change(kr, "allow_upload", "documents_set_allow_upload", "admin.portal_allow_upload");
}

static const kp_route documents_admin_routes[] = {
    {"GET", "/projects/{id}/documents", KP_ADMIN, KP_AREA_NONE, staff_documents, 0},
    {"POST", "/projects/{id}/documents", KP_ADMIN, KP_AREA_NONE, staff_upload, KP_ROUTE_MULTIPART},
    {"POST", "/projects/{id}/documents/upload-setting", KP_ADMIN, KP_AREA_NONE, staff_allow_upload, 0},
    {"GET", "/projects/{id}/documents/{doc}", KP_ADMIN, KP_AREA_NONE, staff_download, 0},
    {"POST", "/projects/{id}/documents/{doc}/visible", KP_ADMIN, KP_AREA_NONE, staff_visible, 0},
    {"POST", "/projects/{id}/documents/{doc}/delete", KP_ADMIN, KP_AREA_NONE, staff_delete, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

static const kp_route documents_portal_routes[] = {
    {"GET", "/projects/{id}/documents", KP_CUSTOMER, KP_AREA_DOCUMENTS, portal_documents, 0},
    {"POST", "/projects/{id}/documents", KP_CUSTOMER, KP_AREA_DOCUMENTS, portal_upload, KP_ROUTE_MULTIPART},
    {"GET", "/projects/{id}/documents/{doc}", KP_CUSTOMER, KP_AREA_DOCUMENTS, portal_download, 0},
    {NULL, NULL, 0, 0, NULL, 0}
};

const kp_domain kp_domain_documents = {"documents", documents_statements,
                                       documents_portal_routes, documents_admin_routes};
