/* Password rules for admin and portal accounts: length, common passwords, the username. */
#include <string.h>

#include "kp_passpolicy.h"
#include "kp_text.h"

/* Lower-case entries; compared after folding the candidate to lower case.
 * Entries shorter than the minimum length still matter: a password made of
 * one of them plus trailing digits or symbols ("dragon2024!!") is refused. */
static const char *const kp_common_passwords[] = {
    /* international top lists */
    "123456", "password", "12345678", "qwerty", "123456789", "12345", "1234",
    "111111", "1234567", "dragon", "123123", "baseball", "abc123", "football",
    "monkey", "letmein", "696969", "shadow", "master", "666666", "qwertyuiop",
    "123321", "mustang", "1234567890", "michael", "654321", "superman",
    "1qaz2wsx", "7777777", "121212", "000000", "qazwsx", "123qwe", "killer",
    "trustno1", "jordan", "jennifer", "zxcvbnm", "asdfgh", "hunter", "buster",
    "soccer", "harley", "batman", "andrew", "tigger", "sunshine", "iloveyou",
    "charlie", "robert", "thomas", "hockey", "ranger", "daniel", "starwars",
    "112233", "george", "computer", "michelle", "jessica", "pepper", "1111",
    "zxcvbn", "555555", "11111111", "131313", "freedom", "777777", "pass",
    "maggie", "159753", "aaaaaa", "ginger", "princess", "joshua", "cheese",
    "amanda", "summer", "love", "ashley", "nicole", "chelsea", "biteme",
    "matthew", "access", "yankees", "987654321", "dallas", "austin",
    "thunder", "taylor", "matrix", "minecraft", "william", "corvette",
    "hello", "martin", "heather", "secret", "merlin", "diamond", "1234qwer",
    "gfhjkm", "hammer", "silver", "222222", "88888888", "anthony",
    "justin", "test", "bailey", "q1w2e3r4t5", "patrick", "internet",
    "scooter", "orange", "11111", "golfer", "cookie", "richard", "samantha",
    "bigdog", "guitar", "jackson", "whatever", "mickey", "chicken",
    "sparky", "snoopy", "maverick", "phoenix", "camaro", "peanut", "morgan",
    "welcome", "falcon", "cowboy", "ferrari", "samsung", "andrea", "smokey",
    "steelers", "joseph", "mercedes", "dakota", "arsenal", "eagles",
    "melissa", "boomer", "booboo", "spider", "nascar", "monster", "tigers",
    "yellow", "xxxxxx", "123123123", "gateway", "marina", "diablo",
    "bulldog", "qwer1234", "compaq", "purple", "hardcore", "banana",
    "junior", "hannah", "123654", "porsche", "lakers", "iceman", "money",
    "cowboys", "987654", "london", "tennis", "999999", "ncc1701", "coffee",
    "scooby", "0000", "miller", "boston", "q1w2e3r4", "fuckoff", "brandon",
    "yamaha", "chester", "mother", "forever", "johnny", "edward", "333333",
    "oliver", "redsox", "player", "nikita", "knight", "fender", "barney",
    "midnight", "please", "brandy", "chicago", "badboy", "iwantu", "slayer",
    "rangers", "charles", "angel", "flower", "bigdaddy", "rabbit", "wizard",
    "bigdick", "jasper", "enter", "rachel", "chris", "steven", "winner",
    "adidas", "victoria", "natasha", "1q2w3e4r", "jasmine", "winter",
    "prince", "panties", "marine", "ghbdtn", "fishing", "cocacola",
    "casper", "james", "232323", "raiders", "888888", "marlboro", "gandalf",
    "asdfasdf", "crystal", "87654321", "12344321", "golden", "8675309",
    "admin", "administrator", "root", "toor", "changeme", "default",
    "guest", "login", "passw0rd", "p@ssw0rd", "p@ssword", "pa55word",
    "qwerty123", "qwerty1", "password1", "password12", "password123",
    "password1234", "password01", "password!", "iloveyou1", "iloveyou123",
    "welcome1", "welcome123", "welcome1234", "letmein1", "letmein123",
    "changeme123", "abc12345", "abcd1234", "abcdef", "abcdefg", "abcdefgh",
    "abcdefghij", "abcd123456", "abc1234567", "a123456789", "aa12345678",
    "123456789a", "123456a", "a123456", "1234567890a", "12345678910",
    "0987654321", "1111111111", "0000000000", "11111111111", "12341234",
    "1234512345", "123456123456", "147258369", "741852963", "1q2w3e4r5t",
    "1q2w3e4r5t6y", "1qaz2wsx3edc", "zaq12wsx", "zaq1zaq1", "qazwsxedc",
    "qwertyuiop123", "qwerty12345", "qwerty123456", "asdfghjkl",
    "asdfghjkl123", "zxcvbnm123", "qwe123", "qweasdzxc", "football123",
    "baseball123", "superman123", "princess123", "sunshine123",
    "starwars123", "monkey123", "dragon123", "master123", "shadow123",
    "trustno1234", "iloveyou12", "loveyou", "lovely", "secret123",
    /* German favourites */
    "passwort", "passwort1", "passwort12", "passwort123", "passwort1234",
    "passwort!", "passwort2024", "passwort2025", "passwort2026", "kennwort",
    "kennwort1", "kennwort123", "geheim", "geheim123", "geheimnis", "hallo",
    "hallo1", "hallo123", "hallo1234", "hallo12345", "hallo123456",
    "hallohallo", "schatz", "schatzi", "schatz123", "mausi", "maus", "hase",
    "hasi", "engel", "liebe", "ichliebedich", "ichliebedich1", "liebling",
    "qwertz", "qwertz123", "qwertzu", "qwertzui", "qwertzuiop",
    "qwertzuiop123", "123456qwertz", "yxcvbnm", "asdfghjklö", "ficken",
    "fussball", "fußball", "fussball1", "fussball123", "bayern",
    "bayern1900", "bayernmuenchen", "bayernmünchen", "fcbayern", "schalke",
    "schalke04", "borussia", "borussiadortmund", "bvb09", "bvb1909",
    "dortmund", "werder", "werderbremen", "hsv1887", "eintracht",
    "hannover96", "koeln", "fckoeln", "hamburg", "berlin", "muenchen",
    "münchen", "deutschland", "deutschland1", "sommer", "sommer2024",
    "sommer2025", "sommer2026", "winter2024", "winter2025", "herbst",
    "frühling", "fruehling", "weihnachten", "sonne", "sonnenschein",
    "blume", "blumen", "schmetterling", "katze", "katzen", "hund",
    "hundekuchen", "pferd", "pferde", "gummibaerchen", "gummibärchen",
    "schokolade", "zuckerschnecke", "mama", "papa", "mama123", "familie",
    "zuhause", "willkommen", "willkommen1", "willkommen123", "anmelden",
    "start", "start123", "startstart", "test123", "test1234", "test12345",
    "testtest", "tester", "admin123", "admin1234", "admin12345",
    "administrator1", "benutzer", "benutzer1", "kunde", "kunde123",
    "kundenportal", "kundenportal1", "kundenportal123", "portal", "portal123",
    "firma", "firma123", "service", "service123", "michael1", "thomas1",
    "andreas", "stefan", "christian", "alexander", "sabine", "nicole1",
    "ferrari1", "porsche911", "mercedes1", "schneider", "mueller",
    "müller", "schmidt", "fischer", "weber", "meyer", "wagner", "becker",
    "hoffmann", "schulz", "lol123", "1234qwertz", "qwertz1234",
    "asdf1234", "yxcv1234", "ficken123", "arschloch", "scheisse",
    "scheiße", "hurensohn", "pimmel", "moritz", "lukas", "leon", "luca",
    "lena", "anna", "laura", "sarah", "julia", "lisa", "emma",
    "baumhaus", "feuerwehr", "polizei", "fenster", "tastatur", "computer1",
    "internet1", "snoopy1", "nintendo", "playstation", "pokemon",
    "naruto", "starwars1", "harrypotter", "hogwarts",
};

/* Folds ASCII and Latin-1 upper-case letters (UTF-8 C3 80..C3 9E, except the
 * multiplication sign C3 97) to lower case into out, which must hold
 * strlen(in) + 1 bytes. */
static void kp_password_fold(const char *in, char *out)
{
    const unsigned char *s = (const unsigned char *)in;
    unsigned char *d = (unsigned char *)out;

    while (*s) {
        if (*s >= 'A' && *s <= 'Z') {
            *d++ = *s++ + ('a' - 'A');
        }
        else if (s[0] == 0xC3 && s[1] >= 0x80 && s[1] <= 0x9E && s[1] != 0x97) {
            *d++ = *s++;
            *d++ = *s++ + 0x20;
        }
        else {
            *d++ = *s++;
        }
    }
    *d = '\0';
}

static int kp_password_is_filler(char c)
{
    /* Characters people append or sprinkle to "strengthen" a weak word. */
    return (c >= '0' && c <= '9') || (c != '\0' && strchr("!?.,;:_-+*#@$%&/()=~ ", c) != NULL);
}

static int kp_password_in_list(const char *folded)
{
    apr_size_t i;

    for (i = 0; i < sizeof(kp_common_passwords) / sizeof(kp_common_passwords[0]); i++) {
        if (strcmp(folded, kp_common_passwords[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static int kp_password_is_common(char *folded)
{
    apr_size_t len = strlen(folded);

    if (kp_password_in_list(folded)) {
        return 1;
    }
    /* A listed word followed by digits and symbols, e.g. "passwort2024!!". */
    while (len > 0 && kp_password_is_filler(folded[len - 1])) {
        len--;
    }
    if (len == 0 || len == strlen(folded)) {
        return 0;
    }
    folded[len] = '\0';
    return kp_password_in_list(folded);
}

static int kp_password_matches_username(const char *folded_pw, const char *folded_user)
{
    apr_size_t ulen = strlen(folded_user);
    const char *s = folded_pw;
    apr_size_t matched = 0;

    if (ulen == 0) {
        return 0;
    }
    /* Skipping filler characters, is what remains exactly the username? */
    while (*s) {
        if (matched < ulen && *s == folded_user[matched]) {
            matched++;
        }
        else if (!kp_password_is_filler(*s)) {
            return 0;
        }
        s++;
    }
    return matched == ulen;
}

kp_password_problem kp_password_check(const char *pw, const char *username)
{
    char folded_pw[KP_PASSWORD_MAX_BYTES + 1];
    apr_size_t len;

    if (pw == NULL) {
        return KP_PASSWORD_TOO_SHORT;
    }
    len = strlen(pw);
    if (len > KP_PASSWORD_MAX_BYTES) {
        return KP_PASSWORD_TOO_LONG;
    }
    if (!kp_utf8_valid(pw, len)) {
        return KP_PASSWORD_INVALID_UTF8;
    }
    if (kp_utf8_length(pw) < KP_PASSWORD_MIN_CODE_POINTS) {
        return KP_PASSWORD_TOO_SHORT;
    }
    kp_password_fold(pw, folded_pw);
    if (username != NULL && *username != '\0' && strlen(username) <= KP_PASSWORD_MAX_BYTES) {
        char folded_user[KP_PASSWORD_MAX_BYTES + 1];
        kp_password_fold(username, folded_user);
        if (kp_password_matches_username(folded_pw, folded_user)) {
            return KP_PASSWORD_SAME_AS_USERNAME;
        }
    }
    if (kp_password_is_common(folded_pw)) {
        return KP_PASSWORD_COMMON;
    }
    return KP_PASSWORD_OK;
}

const char *kp_password_problem_key(kp_password_problem problem)
{
    switch (problem) {
    case KP_PASSWORD_OK:
        return "";
    case KP_PASSWORD_TOO_SHORT:
        return "error.password.too_short";
    case KP_PASSWORD_TOO_LONG:
        return "error.password.too_long";
    case KP_PASSWORD_COMMON:
        return "error.password.common";
    case KP_PASSWORD_SAME_AS_USERNAME:
        return "error.password.same_as_username";
    case KP_PASSWORD_INVALID_UTF8:
        return "error.password.invalid_utf8";
    }
    return "error.password.invalid";
}
