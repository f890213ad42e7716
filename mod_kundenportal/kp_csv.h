/* CSV for exports (RFC 4180 rows, safe to open in spreadsheets) and for imports (a tolerant reader). */
#ifndef KP_CSV_H
#define KP_CSV_H

#include <apr_pools.h>
#include <apr_tables.h>

/* One CSV line of n fields separated by sep, terminated by CRLF.  A NULL
 * field is written as an empty field.  A field is quoted when it contains
 * sep, a double quote, CR or LF, or starts or ends with a space or TAB;
 * quotes inside are doubled.  A field that a spreadsheet would take as a
 * formula (first character = + - @ TAB or CR, also after leading spaces) is
 * written in quotes with an apostrophe before its text ("'=1+2"), unless it
 * is a plain number such as "-3,5", "-2.25" or "+49", which stays a number. */
char *kp_csv_row(apr_pool_t *p, const char *const *fields, int n, char sep);

/* An amount given in hundredths as a decimal with two places: 750 gives
 * "7,50" when german is non-zero, else "7.50"; -5 gives "-0,05". */
char *kp_csv_decimal(apr_pool_t *p, long hundredths, int german);

/* Parses len bytes of CSV separated by sep into *rows: an array of
 * apr_array_header_t * (one per line), each an array of char * fields.
 * Handles quoted fields with embedded separators, doubled quotes and line
 * breaks, CRLF or LF line ends, a leading UTF-8 byte order mark and a
 * missing final line end; an empty line gives a row with one empty field.
 * Returns APR_EINVAL for an unterminated quoted field or a character other
 * than sep or a line end right after a closing quote, and APR_EINVAL if
 * sep is '"', CR, LF or NUL.  Fields are NUL-terminated; a NUL byte inside
 * data is rejected with APR_EINVAL. */
apr_status_t kp_csv_parse(apr_pool_t *p, const char *data, apr_size_t len,
                          char sep, apr_array_header_t **rows);

#endif /* KP_CSV_H */
