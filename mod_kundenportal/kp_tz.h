/* kp_tz.h: wall-clock time of one IANA time zone for timestamps stored in UTC (messages,
 * uploads, logins), read from the system's TZif files (RFC 8536), daylight saving included. */
#ifndef KP_TZ_H
#define KP_TZ_H

#include <apr_pools.h>

#define KP_ZONEINFO_DIR "/usr/share/zoneinfo"

typedef struct kp_tz kp_tz;

/* Reads the zone `name` (e.g. "Europe/Berlin") from KP_ZONEINFO_DIR. Returns NULL and sets
 * *tz, or a reason (a name with "..", an unknown zone, a damaged file). */
const char *kp_tz_load(apr_pool_t *p, const char *name, kp_tz **tz);

/* Parses a TZif file held in memory; the same answers as kp_tz_load. */
const char *kp_tz_parse(apr_pool_t *p, const unsigned char *data, apr_size_t len, kp_tz **tz);

/* Seconds east of UTC in effect at the UTC instant `utc` (seconds since 1970). */
long kp_tz_offset(const kp_tz *tz, apr_int64_t utc);

/* "YYYY-MM-DD HH:MM[:SS]" in UTC to the same form in the zone's local time. Anything else
 * (empty, a date alone, NULL zone) comes back unchanged. */
const char *kp_tz_local(apr_pool_t *p, const kp_tz *tz, const char *utc);

#endif
