/* Unit tests for the streaming multipart/form-data parser (kp_multipart). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "unit_pool.h"

#include <apr_general.h>
#include <apr_strings.h>

#include "kp_multipart.h"
#include "kp_strbuf.h"

#define CT "multipart/form-data; boundary=XyZ123"

/* Records every callback as text, so whole parses can be compared. */
typedef struct {
    kp_strbuf_t *log;
    apr_size_t data_bytes;
    int abort_in;               /* 'b', 'd' or 'e': that callback returns 1 */
} recorder;

static int rec_begin(void *baton, const char *name, const char *filename, const char *ct)
{
    recorder *r = baton;
    kp_strbuf_printf(r->log, "[%s|%s|%s]", name, filename ? filename : "(null)",
                     ct ? ct : "(null)");
    return r->abort_in == 'b';
}

static int rec_data(void *baton, const char *data, apr_size_t len)
{
    recorder *r = baton;
    assert_true(len > 0);
    kp_strbuf_append(r->log, data, len);
    r->data_bytes += len;
    return r->abort_in == 'd';
}

static int rec_end(void *baton)
{
    recorder *r = baton;
    kp_strbuf_puts(r->log, "[end]");
    return r->abort_in == 'e';
}

static const kp_multipart_callbacks rec_callbacks = { rec_begin, rec_data, rec_end };

/* Parses body in chunks of chunk bytes (0: all at once); returns the first
 * error or the finish status, and the log in *log. */
static apr_status_t parse(apr_pool_t *p, const char *ct, const char *body, apr_size_t len,
                          apr_size_t chunk, apr_size_t max_header, const char **log)
{
    recorder r = { kp_strbuf_make(p, 256), 0, 0 };
    kp_multipart_t *m = kp_multipart_create(p, ct, &rec_callbacks, &r, max_header);
    apr_size_t pos = 0;
    apr_status_t rv = APR_SUCCESS;

    assert_non_null(m);
    if (chunk == 0) {
        chunk = len ? len : 1;
    }
    while (pos < len && rv == APR_SUCCESS) {
        apr_size_t n = len - pos < chunk ? len - pos : chunk;
        rv = kp_multipart_feed(m, body + pos, n);
        pos += n;
    }
    if (rv == APR_SUCCESS) {
        rv = kp_multipart_finish(m);
    }
    *log = apr_pstrdup(p, kp_strbuf_data(r.log));
    return rv;
}


static void test_create_rejects_bad_content_types(void **state)
{
    recorder r = { NULL, 0, 0 };
    (void)state;

    assert_null(kp_multipart_create(pool, NULL, &rec_callbacks, &r, 0));
    assert_null(kp_multipart_create(pool, "text/plain", &rec_callbacks, &r, 0));
    assert_null(kp_multipart_create(pool, "multipart/mixed; boundary=abc", &rec_callbacks, &r, 0));
    assert_null(kp_multipart_create(pool, "multipart/form-data", &rec_callbacks, &r, 0));
    assert_null(kp_multipart_create(pool, "multipart/form-data; boundary=", &rec_callbacks, &r, 0));
    assert_null(kp_multipart_create(pool, "multipart/form-data; boundary=\"ab \"", &rec_callbacks, &r, 0));
    assert_null(kp_multipart_create(pool, "multipart/form-data; boundary=a\x01" "b", &rec_callbacks, &r, 0));
    assert_null(kp_multipart_create(pool, "multipart/form-dataX; boundary=abc", &rec_callbacks, &r, 0));
    assert_null(kp_multipart_create(pool, "multipart/form-data; boundary=a; boundary=b", &rec_callbacks, &r, 0));
    assert_null(kp_multipart_create(pool, apr_pstrcat(pool, "multipart/form-data; boundary=",
                                                      apr_pstrndup(pool, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 71), NULL),
                                    &rec_callbacks, &r, 0));
    assert_non_null(kp_multipart_create(pool, apr_pstrcat(pool, "multipart/form-data; boundary=",
                                                          apr_pstrndup(pool, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 70), NULL),
                                        &rec_callbacks, &r, 0));
    assert_non_null(kp_multipart_create(pool, "Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b'()+_,-./:=?\"",
                                        &rec_callbacks, &r, 0));
    assert_non_null(kp_multipart_create(pool, CT, &rec_callbacks, &r, 0));
}

static const char simple_body[] =
    "--XyZ123\r\n"
    "Content-Disposition: form-data; name=\"title\"\r\n"
    "\r\n"
    "Hallo Welt\r\n"
    "--XyZ123\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"bericht.txt\"\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "line 1\r\nline 2\r\n--XyZ12 not yet\r\n-\r\r\n\r\n--XyZ12X\r\n"
    "--XyZ123\r\n"
    "content-disposition: FORM-DATA; name=empty\r\n"
    "\r\n"
    "\r\n"
    "--XyZ123--\r\n";

static const char simple_expected[] =
    "[title|(null)|(null)]Hallo Welt[end]"
    "[file|bericht.txt|text/plain]line 1\r\nline 2\r\n--XyZ12 not yet\r\n-\r\r\n\r\n--XyZ12X[end]"
    "[empty|(null)|(null)][end]";

static void test_simple_body_all_at_once(void **state)
{
    const char *log;
    (void)state;

    assert_int_equal(parse(pool, CT, simple_body, sizeof(simple_body) - 1, 0, 0, &log), APR_SUCCESS);
    assert_string_equal(log, simple_expected);
}

static void test_every_chunk_size_gives_the_same_result(void **state)
{
    apr_size_t chunk;
    (void)state;

    for (chunk = 1; chunk <= sizeof(simple_body); chunk++) {
        const char *log;
        apr_status_t rv = parse(pool, CT, simple_body, sizeof(simple_body) - 1, chunk, 0, &log);
        assert_int_equal(rv, APR_SUCCESS);
        assert_string_equal(log, simple_expected);
    }
}

static void test_preamble_epilogue_and_padding(void **state)
{
    static const char body[] =
        "This is a preamble.\r\n--XyZ12 no\r\n"
        "--XyZ123 \t \r\n"
        "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
        "1\r\n"
        "--XyZ123--  trailing\r\nepilogue --XyZ123\r\ngarbage";
    const char *log;
    (void)state;

    assert_int_equal(parse(pool, CT, body, sizeof(body) - 1, 0, 0, &log), APR_SUCCESS);
    assert_string_equal(log, "[a|(null)|(null)]1[end]");
    assert_int_equal(parse(pool, CT, body, sizeof(body) - 1, 1, 0, &log), APR_SUCCESS);
    assert_string_equal(log, "[a|(null)|(null)]1[end]");
}

static const char *first_filename(const char *disposition)
{
    const char *body = apr_pstrcat(pool, "--XyZ123\r\nContent-Disposition: ", disposition,
                                   "\r\n\r\nx\r\n--XyZ123--", NULL);
    const char *log;
    apr_status_t rv = parse(pool, CT, body, strlen(body), 0, 0, &log);

    if (rv != APR_SUCCESS) {
        return apr_psprintf(pool, "error %d", rv);
    }
    return log;
}

static void test_disposition_parameters(void **state)
{
    (void)state;

    assert_string_equal(first_filename("form-data; name=\"f\"; filename=\"C:\\Users\\max\\Bericht.pdf\""),
                        "[f|Bericht.pdf|(null)]x[end]");
    assert_string_equal(first_filename("form-data; name=\"f\"; filename=\"../../etc/passwd\""),
                        "[f|passwd|(null)]x[end]");
    assert_string_equal(first_filename("form-data; name=\"f\"; filename=\"a\\\"b\\\\c.txt\""),
                        "[f|c.txt|(null)]x[end]");
    assert_string_equal(first_filename("form-data; name=\"f\"; filename=\"say \\\"hi\\\".txt\""),
                        "[f|say \"hi\".txt|(null)]x[end]");
    assert_string_equal(first_filename("form-data; name=\"f\"; filename=\"a.txt\"; "
                                       "filename*=UTF-8''%C3%84rger%20%E2%82%AC.txt"),
                        "[f|\xC3\x84rger \xE2\x82\xAC.txt|(null)]x[end]");
    assert_string_equal(first_filename("form-data; filename*=utf-8'de'x%0D%0Ay%00z.txt; name=f"),
                        "[f|xyz.txt|(null)]x[end]");
    assert_string_equal(first_filename("form-data; name=f; filename*=iso-8859-1''%E4.txt"),
                        "[f|\xC3\xA4.txt|(null)]x[end]");
    /* A broken filename* falls back to filename. */
    assert_string_equal(first_filename("form-data; name=f; filename=\"ok.txt\"; filename*=UTF-8''%ZZ"),
                        "[f|ok.txt|(null)]x[end]");
    assert_string_equal(first_filename("form-data; name=f; filename*=UTF-8''%C3"),
                        "[f||(null)]x[end]");
    assert_string_equal(first_filename("form-data; name=f; filename=\"..\""), "[f||(null)]x[end]");
    assert_string_equal(first_filename("form-data; name=f; filename=\"\""), "[f||(null)]x[end]");
    assert_string_equal(first_filename("form-data; name=f; filename=\"a\tb\x7F" "c\xFF.txt\""),
                        "[f|abc_.txt|(null)]x[end]");
    assert_string_equal(first_filename("form-data ; name = \"sp ace\" ;"),
                        "[sp ace|(null)|(null)]x[end]");

    assert_string_equal(first_filename("attachment; name=f"), "error 22");
    assert_string_equal(first_filename("form-data; filename=\"a.txt\""), "error 22");
    assert_string_equal(first_filename("form-data; name=a; name=b"), "error 22");
    assert_string_equal(first_filename("form-data; name=\"unterminated"), "error 22");
    assert_string_equal(first_filename("form-data; name=\"\xC3\x28\""), "error 22");
    assert_string_equal(first_filename("form-data; name"), "error 22");
}

static void test_malformed_bodies(void **state)
{
    const char *log;
    static const char no_disposition[] =
        "--XyZ123\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ123--";
    static const char garbage_after_boundary[] =
        "--XyZ123\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--XyZ123garbage\r\n";
    static const char lone_lf_in_header[] =
        "--XyZ123\r\nContent-Disposition: form-data; name=a\nX: y\r\n\r\nx\r\n--XyZ123--";
    static const char header_without_colon[] =
        "--XyZ123\r\nContent-Disposition: form-data; name=a\r\nbogus\r\n\r\nx\r\n--XyZ123--";
    static const char nul_in_header[] =
        "--XyZ123\r\nContent-Disposition: form-data; name=a\0b\r\n\r\nx\r\n--XyZ123--";
    static const char two_dispositions[] =
        "--XyZ123\r\nContent-Disposition: form-data; name=a\r\n"
        "Content-Disposition: form-data; name=b\r\n\r\nx\r\n--XyZ123--";
    (void)state;

    assert_int_equal(parse(pool, CT, no_disposition, sizeof(no_disposition) - 1, 0, 0, &log), APR_EINVAL);
    assert_int_equal(parse(pool, CT, garbage_after_boundary, sizeof(garbage_after_boundary) - 1, 3, 0, &log),
                     APR_EINVAL);
    /* The part before the garbage was complete and delivered. */
    assert_string_equal(log, "[a|(null)|(null)]x[end]");
    assert_int_equal(parse(pool, CT, lone_lf_in_header, sizeof(lone_lf_in_header) - 1, 0, 0, &log), APR_EINVAL);
    assert_int_equal(parse(pool, CT, header_without_colon, sizeof(header_without_colon) - 1, 0, 0, &log),
                     APR_EINVAL);
    assert_int_equal(parse(pool, CT, nul_in_header, sizeof(nul_in_header) - 1, 0, 0, &log), APR_EINVAL);
    assert_int_equal(parse(pool, CT, two_dispositions, sizeof(two_dispositions) - 1, 0, 0, &log), APR_EINVAL);
}

static void test_folded_header_is_joined(void **state)
{
    static const char body[] =
        "--XyZ123\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\nv\r\n--XyZ123--";
    const char *log;
    (void)state;

    assert_int_equal(parse(pool, CT, body, sizeof(body) - 1, 1, 0, &log), APR_SUCCESS);
    assert_string_equal(log, "[a|(null)|(null)]v[end]");
}

static void test_missing_close_is_incomplete(void **state)
{
    static const char truncated[] =
        "--XyZ123\r\nContent-Disposition: form-data; name=a\r\n\r\nabc\r\n--XyZ1";
    static const char no_close[] =
        "--XyZ123\r\nContent-Disposition: form-data; name=a\r\n\r\nabc\r\n--XyZ123\r\n";
    const char *log;
    (void)state;

    assert_int_equal(parse(pool, CT, truncated, sizeof(truncated) - 1, 0, 0, &log), APR_EINCOMPLETE);
    assert_int_equal(parse(pool, CT, no_close, sizeof(no_close) - 1, 0, 0, &log), APR_EINCOMPLETE);
    assert_int_equal(parse(pool, CT, "", 0, 0, 0, &log), APR_EINCOMPLETE);
    assert_int_equal(parse(pool, CT, "just text", 9, 0, 0, &log), APR_EINCOMPLETE);
}

static void test_header_limit(void **state)
{
    /* The header block below is 45 bytes including the empty line. */
    static const char body[] =
        "--XyZ123\r\nContent-Disposition: form-data; name=abcd\r\n\r\nx\r\n--XyZ123--";
    const char *log;
    (void)state;

    assert_int_equal(parse(pool, CT, body, sizeof(body) - 1, 0, 45, &log), APR_SUCCESS);
    assert_int_equal(parse(pool, CT, body, sizeof(body) - 1, 0, 44, &log), APR_ENOSPC);
    assert_int_equal(parse(pool, CT, body, sizeof(body) - 1, 1, 44, &log), APR_ENOSPC);
    assert_string_equal(log, "");
}

static void test_callback_abort(void **state)
{
    const char *which = "bde";
    (void)state;

    for (; *which; which++) {
        recorder r = { kp_strbuf_make(pool, 64), 0, *which };
        kp_multipart_t *m = kp_multipart_create(pool, CT, &rec_callbacks, &r, 0);
        apr_size_t logged;
        assert_non_null(m);
        assert_int_equal(kp_multipart_feed(m, simple_body, sizeof(simple_body) - 1), APR_ECONNABORTED);
        /* Sticky: later calls report the same and call nothing more. */
        logged = kp_strbuf_length(r.log);
        assert_int_equal(kp_multipart_feed(m, "x", 1), APR_ECONNABORTED);
        assert_int_equal(kp_multipart_finish(m), APR_ECONNABORTED);
        assert_int_equal(kp_strbuf_length(r.log), logged);
    }
}

static void test_large_part_is_streamed(void **state)
{
    enum { PART = 1 << 20 };
    recorder r = { kp_strbuf_make(pool, 64), 0, 0 };
    kp_multipart_t *m = kp_multipart_create(pool, CT, &rec_callbacks, &r, 0);
    static const char head[] =
        "--XyZ123\r\nContent-Disposition: form-data; name=doc; filename=big.bin\r\n\r\n";
    char *block = apr_palloc(pool, 4096);
    apr_size_t sent = 0;
    int i;
    (void)state;

    /* Data full of CRs and near-boundaries to exercise the slow path too. */
    for (i = 0; i < 4096; i++) {
        block[i] = "ab\r\n--XyZ12\r\r"[i % 14];
    }
    assert_int_equal(kp_multipart_feed(m, head, sizeof(head) - 1), APR_SUCCESS);
    while (sent < PART) {
        assert_int_equal(kp_multipart_feed(m, block, 4096), APR_SUCCESS);
        sent += 4096;
        /* Only a possible delimiter prefix may be held back. */
        assert_true(r.data_bytes + 4 + 6 >= sent);
    }
    assert_int_equal(kp_multipart_feed(m, "\r\n--XyZ123--", 12), APR_SUCCESS);
    assert_int_equal(kp_multipart_finish(m), APR_SUCCESS);
    assert_int_equal(r.data_bytes, PART);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_rejects_bad_content_types),
        cmocka_unit_test(test_simple_body_all_at_once),
        cmocka_unit_test(test_every_chunk_size_gives_the_same_result),
        cmocka_unit_test(test_preamble_epilogue_and_padding),
        cmocka_unit_test(test_disposition_parameters),
        cmocka_unit_test(test_malformed_bodies),
        cmocka_unit_test(test_folded_header_is_joined),
        cmocka_unit_test(test_missing_close_is_incomplete),
        cmocka_unit_test(test_header_limit),
        cmocka_unit_test(test_callback_abort),
        cmocka_unit_test(test_large_part_is_streamed),
    };
    KP_RUN_GROUP_WITH_POOL(tests);
}
