/* Unit tests for the CSV writer and reader (kp_csv). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <limits.h>
#include <cmocka.h>
#include "unit_pool.h"

#include <apr_general.h>

#include "kp_csv.h"


static const char *row1(const char *field, char sep)
{
    const char *fields[1];
    fields[0] = field;
    return kp_csv_row(pool, fields, 1, sep);
}

static void test_row_plain_and_quoted(void **state)
{
    const char *fields[] = { "Datum", "Mitarbeiter", NULL, "7,50", "M\xC3\xBCller" };
    (void)state;

    assert_string_equal(kp_csv_row(pool, fields, 5, ';'), "Datum;Mitarbeiter;;7,50;M\xC3\xBCller\r\n");
    assert_string_equal(kp_csv_row(pool, fields, 5, ','), "Datum,Mitarbeiter,,\"7,50\",M\xC3\xBCller\r\n");
    assert_string_equal(kp_csv_row(pool, fields, 0, ';'), "\r\n");
    assert_string_equal(row1("a;b", ';'), "\"a;b\"\r\n");
    assert_string_equal(row1("a;b", ','), "a;b\r\n");
    assert_string_equal(row1("say \"hi\"", ';'), "\"say \"\"hi\"\"\"\r\n");
    assert_string_equal(row1("line1\nline2", ';'), "\"line1\nline2\"\r\n");
    assert_string_equal(row1("line1\r\nline2", ';'), "\"line1\r\nline2\"\r\n");
    assert_string_equal(row1(" lead", ';'), "\" lead\"\r\n");
    assert_string_equal(row1("trail ", ';'), "\"trail \"\r\n");
    assert_string_equal(row1("in side", ';'), "in side\r\n");
    assert_string_equal(row1("", ';'), "\r\n");
    assert_string_equal(row1("  ", ';'), "\"  \"\r\n");
}

static void test_row_formula_injection(void **state)
{
    (void)state;
    assert_string_equal(row1("=1+2", ';'), "\"'=1+2\"\r\n");
    assert_string_equal(row1("=HYPERLINK(\"http://x\")", ';'), "\"'=HYPERLINK(\"\"http://x\"\")\"\r\n");
    assert_string_equal(row1("+cmd", ';'), "\"'+cmd\"\r\n");
    assert_string_equal(row1("-2+3", ';'), "\"'-2+3\"\r\n");
    assert_string_equal(row1("@SUM(A1)", ';'), "\"'@SUM(A1)\"\r\n");
    assert_string_equal(row1("\tx", ';'), "\"'\tx\"\r\n");
    assert_string_equal(row1("\rx", ';'), "\"'\rx\"\r\n");
    assert_string_equal(row1("  =1", ';'), "\"'  =1\"\r\n");
    assert_string_equal(row1("-", ';'), "\"'-\"\r\n");
    /* Plain numbers stay numbers. */
    assert_string_equal(row1("-3,5", ';'), "-3,5\r\n");
    assert_string_equal(row1("-3,5", ','), "\"-3,5\"\r\n");
    assert_string_equal(row1("-2.25", ';'), "-2.25\r\n");
    assert_string_equal(row1("+49", ';'), "+49\r\n");
    assert_string_equal(row1("-0", ';'), "-0\r\n");
    assert_string_equal(row1("-,5", ';'), "-,5\r\n");
    /* Not quite numbers: neutralised. */
    assert_string_equal(row1("-3,", ';'), "\"'-3,\"\r\n");
    assert_string_equal(row1("-1e5", ';'), "\"'-1e5\"\r\n");
    assert_string_equal(row1("-3,5,6", ';'), "\"'-3,5,6\"\r\n");
    /* Formula characters later in the field are harmless. */
    assert_string_equal(row1("a=b", ';'), "a=b\r\n");
}

static void test_decimal(void **state)
{
    (void)state;
    assert_string_equal(kp_csv_decimal(pool, 750, 1), "7,50");
    assert_string_equal(kp_csv_decimal(pool, 750, 0), "7.50");
    assert_string_equal(kp_csv_decimal(pool, 0, 1), "0,00");
    assert_string_equal(kp_csv_decimal(pool, 5, 1), "0,05");
    assert_string_equal(kp_csv_decimal(pool, -5, 1), "-0,05");
    assert_string_equal(kp_csv_decimal(pool, -350, 0), "-3.50");
    assert_string_equal(kp_csv_decimal(pool, 123456789, 1), "1234567,89");
    assert_string_equal(kp_csv_decimal(pool, LONG_MAX, 0), "92233720368547758.07");
    assert_string_equal(kp_csv_decimal(pool, LONG_MIN, 0), "-92233720368547758.08");
    /* The writer keeps the result a number. */
    assert_string_equal(row1(kp_csv_decimal(pool, -350, 1), ';'), "-3,50\r\n");
}

static const char *field(apr_array_header_t *rows, int r, int f)
{
    apr_array_header_t *row = APR_ARRAY_IDX(rows, r, apr_array_header_t *);
    return APR_ARRAY_IDX(row, f, const char *);
}

static int nfields(apr_array_header_t *rows, int r)
{
    return APR_ARRAY_IDX(rows, r, apr_array_header_t *)->nelts;
}

static apr_array_header_t *parse_ok(const char *data, char sep)
{
    apr_array_header_t *rows = NULL;
    assert_int_equal(kp_csv_parse(pool, data, strlen(data), sep, &rows), APR_SUCCESS);
    assert_non_null(rows);
    return rows;
}

static void test_parse_basic(void **state)
{
    apr_array_header_t *rows = parse_ok("\xEF\xBB\xBFName;Ort\r\nM\xC3\xBCller;Berlin\nSchmidt;\"K\xC3\xB6ln; Innenstadt\"", ';');
    (void)state;

    assert_int_equal(rows->nelts, 3);
    assert_int_equal(nfields(rows, 0), 2);
    assert_string_equal(field(rows, 0, 0), "Name");            /* BOM removed */
    assert_string_equal(field(rows, 0, 1), "Ort");
    assert_string_equal(field(rows, 1, 0), "M\xC3\xBCller");
    assert_string_equal(field(rows, 1, 1), "Berlin");
    assert_string_equal(field(rows, 2, 1), "K\xC3\xB6ln; Innenstadt");
}

static void test_parse_quotes_and_line_breaks(void **state)
{
    apr_array_header_t *rows = parse_ok("\"a \"\"b\"\" c\",\"multi\r\nline\",\"\"\r\n"
                                        "x,,\r\n"
                                        "\r\n"
                                        "lone\rcr\n"
                                        "in\"side,end\r\n", ',');
    (void)state;

    assert_int_equal(rows->nelts, 6);
    assert_int_equal(nfields(rows, 0), 3);
    assert_string_equal(field(rows, 0, 0), "a \"b\" c");
    assert_string_equal(field(rows, 0, 1), "multi\r\nline");
    assert_string_equal(field(rows, 0, 2), "");
    assert_int_equal(nfields(rows, 1), 3);
    assert_string_equal(field(rows, 1, 0), "x");
    assert_string_equal(field(rows, 1, 2), "");
    assert_int_equal(nfields(rows, 2), 1);                      /* empty line */
    assert_string_equal(field(rows, 2, 0), "");
    assert_string_equal(field(rows, 3, 0), "lone");
    assert_string_equal(field(rows, 4, 0), "cr");
    assert_string_equal(field(rows, 5, 0), "in\"side");
    assert_string_equal(field(rows, 5, 1), "end");
}

static void test_parse_empty_and_trailing(void **state)
{
    apr_array_header_t *rows;
    (void)state;

    assert_int_equal(parse_ok("", ';')->nelts, 0);
    assert_int_equal(parse_ok("\xEF\xBB\xBF", ';')->nelts, 0);
    rows = parse_ok("a;b;", ';');
    assert_int_equal(rows->nelts, 1);
    assert_int_equal(nfields(rows, 0), 3);
    assert_string_equal(field(rows, 0, 2), "");
    rows = parse_ok("a\r\n", ';');
    assert_int_equal(rows->nelts, 1);
    rows = parse_ok(";", ';');
    assert_int_equal(nfields(rows, 0), 2);
}

static void test_parse_errors(void **state)
{
    apr_array_header_t *rows = (apr_array_header_t *)0x1;
    (void)state;

    assert_int_equal(kp_csv_parse(pool, "\"open", 5, ';', &rows), APR_EINVAL);
    assert_int_equal(kp_csv_parse(pool, "a;\"open\"\"", 9, ';', &rows), APR_EINVAL);
    assert_int_equal(kp_csv_parse(pool, "\"closed\"x;y", 11, ';', &rows), APR_EINVAL);
    assert_int_equal(kp_csv_parse(pool, "a\0b", 3, ';', &rows), APR_EINVAL);
    assert_int_equal(kp_csv_parse(pool, "a", 1, '"', &rows), APR_EINVAL);
    assert_int_equal(kp_csv_parse(pool, "a", 1, '\n', &rows), APR_EINVAL);
    assert_ptr_equal(rows, (apr_array_header_t *)0x1);
}

static void test_writer_output_reads_back(void **state)
{
    const char *fields[] = { "=cmd", "a;b", "say \"hi\"", "two\r\nlines", " x ", "-3,5", "" };
    const char *expected[] = { "'=cmd", "a;b", "say \"hi\"", "two\r\nlines", " x ", "-3,5", "" };
    const char *line = kp_csv_row(pool, fields, 7, ';');
    apr_array_header_t *rows = parse_ok(line, ';');
    int i;
    (void)state;

    assert_int_equal(rows->nelts, 1);
    assert_int_equal(nfields(rows, 0), 7);
    for (i = 0; i < 7; i++) {
        assert_string_equal(field(rows, 0, i), expected[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_row_plain_and_quoted),
        cmocka_unit_test(test_row_formula_injection),
        cmocka_unit_test(test_decimal),
        cmocka_unit_test(test_parse_basic),
        cmocka_unit_test(test_parse_quotes_and_line_breaks),
        cmocka_unit_test(test_parse_empty_and_trailing),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_writer_output_reads_back),
    };
    KP_RUN_GROUP_WITH_POOL(tests);
}
