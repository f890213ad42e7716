/* libFuzzer harness for the iCalendar writer: any event text must give a calendar whose lines
 * are folded at 75 octets, end in CRLF and carry no other control character than TAB. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "kp_ics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int initialised;
    const char *field[6] = {"", "", "", "", "", ""};
    apr_pool_t *p;
    kp_ics_t *ics;
    kp_ics_event ev;
    const char *out, *line;
    apr_size_t len, i;
    char *text;
    int n = 0;

    if (!initialised) {
        apr_initialize();
        initialised = 1;
    }
    apr_pool_create(&p, NULL);
    /* The input is up to six NUL-separated strings: uid, start, end, summary, description,
     * location (the summary also names the calendar). */
    text = apr_pstrmemdup(p, (const char *)data, size);
    field[n++] = text;
    for (i = 0; i < size && n < 6; i++) {
        if (text[i] == '\0') {
            field[n++] = text + i + 1;
        }
    }
    ics = kp_ics_begin(p, field[3], apr_time_from_sec(1796000000), NULL);
    memset(&ev, 0, sizeof(ev));
    ev.uid = field[0];
    ev.start_local = field[1];
    ev.end_local = field[2];
    ev.summary = field[3];
    ev.description = field[4];
    ev.location = *field[5] ? field[5] : NULL;
    kp_ics_add_event(ics, &ev);
    out = kp_ics_finish(ics, &len);
    if (strlen(out) != len) {
        abort();
    }
    for (line = out; line < out + len;) {
        const char *end = strstr(line, "\r\n");
        const char *c;
        if (!end || end - line > 75) {
            abort();   /* every line ends in CRLF and is folded at 75 octets */
        }
        for (c = line; c < end; c++) {
            unsigned char u = (unsigned char)*c;
            if ((u < 0x20 && u != '\t') || u == 0x7F) {
                abort();
            }
        }
        line = end + 2;
    }
    apr_pool_destroy(p);
    return 0;
}
