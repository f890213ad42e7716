/* iCalendar (RFC 5545) output for the planning feed: calendar, the company's time zone, events. */
#ifndef KP_ICS_H
#define KP_ICS_H

#include <apr_pools.h>
#include <apr_time.h>

#include "kp_tz.h"

typedef struct kp_ics_t kp_ics_t;

typedef struct {
    const char *uid;            /* required, globally unique, e.g. "plan-42@host" */
    const char *start_local;    /* required, the zone's wall time "YYYY-MM-DD HH:MM[:SS]" */
    const char *end_local;      /* required, same format, not before start */
    const char *summary;        /* optional (NULL: omitted) */
    const char *description;    /* optional */
    const char *location;       /* optional */
    apr_time_t dtstamp;         /* 0: the calendar's stamp */
    int cancelled;              /* STATUS:CANCELLED */
    unsigned long sequence;     /* the event's revision (SEQUENCE); 0: none written */
} kp_ics_event;

/* Starts a calendar: VCALENDAR header (PRODID, VERSION, CALSCALE, METHOD
 * PUBLISH, X-WR-CALNAME from calendar_name, which may be NULL) and the
 * VTIMEZONE of tz (loaded by name; events then carry TZID=<name>).  Without
 * a zone, or one whose rule iCalendar cannot express, times are floating.
 * dtstamp (UTC) is used for events that carry none. */
kp_ics_t *kp_ics_begin(apr_pool_t *p, const char *calendar_name, apr_time_t dtstamp,
                       const kp_tz *tz);

/* Appends one VEVENT.  Returns APR_EINVAL, writing nothing, if uid,
 * start_local or end_local is missing or malformed or the end lies before
 * the start. */
apr_status_t kp_ics_add_event(kp_ics_t *ics, const kp_ics_event *ev);

/* The text written since the last take, once there are at least at_least bytes of it (else
 * NULL): the calendar forgets it, so a long one is sent in pieces instead of held whole.
 * *len receives its length; the pointer is valid until the next event is added. */
const char *kp_ics_take(kp_ics_t *ics, apr_size_t at_least, apr_size_t *len);

/* Closes the calendar and returns the whole text, or what is left after kp_ics_take (CRLF
 * line ends, lines folded at 75 octets); *len (if not NULL) receives its length.  Call once. */
const char *kp_ics_finish(kp_ics_t *ics, apr_size_t *len);

/* TEXT value escaping: backslash, semicolon and comma get a backslash, a
 * line break (CRLF, LF or CR) becomes "\n", other control characters except
 * TAB are dropped.  Exposed for tests and for other writers. */
char *kp_ics_escape_text(apr_pool_t *p, const char *s);

#endif /* KP_ICS_H */
