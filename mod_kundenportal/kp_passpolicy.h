/* Password rules for admin and portal accounts: length, common passwords, the username. */
#ifndef KP_PASSPOLICY_H
#define KP_PASSPOLICY_H

typedef enum {
    KP_PASSWORD_OK = 0,
    KP_PASSWORD_TOO_SHORT,          /* fewer than KP_PASSWORD_MIN_CODE_POINTS */
    KP_PASSWORD_TOO_LONG,           /* more than KP_PASSWORD_MAX_BYTES */
    KP_PASSWORD_COMMON,             /* in the built-in list, or one of it plus digits/symbols */
    KP_PASSWORD_SAME_AS_USERNAME,   /* the username, possibly with digits/separators added */
    KP_PASSWORD_INVALID_UTF8
} kp_password_problem;

#define KP_PASSWORD_MIN_CODE_POINTS 10
#define KP_PASSWORD_MAX_BYTES 1024

/* Checks a proposed password.  username may be NULL or "" (no username
 * check).  Comparisons ignore case (ASCII and Latin-1 letters such as Ä).
 * Checks run in this order, the first problem found is returned: TOO_LONG,
 * INVALID_UTF8, TOO_SHORT, SAME_AS_USERNAME, COMMON.  pw == NULL counts as
 * TOO_SHORT. */
kp_password_problem kp_password_check(const char *pw, const char *username);

/* Message catalogue key for a problem, e.g. "error.password.too_short";
 * "" for KP_PASSWORD_OK.  Never NULL. */
const char *kp_password_problem_key(kp_password_problem problem);

#endif /* KP_PASSPOLICY_H */
