/* libFuzzer harness for kp_html_write: whatever a customer types cannot leave its text or
 * attribute value. The input (split at its first NUL) becomes a title and the text of a <p>,
 * and the href of an <a>: the text and title must come back whole once unescaped, with no
 * quote or angle bracket left raw; the URL must hold no quote, bracket, blank, byte past
 * ASCII or & that does not begin an entity. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>

#include "kp_html.h"

typedef struct collected {
    char *text;
    size_t len;
} collected;

static int collect(void *baton, const char *buf, int len)
{
    collected *c = baton;
    c->text = realloc(c->text, c->len + (size_t)len + 1);
    memcpy(c->text + c->len, buf, (size_t)len);
    c->len += (size_t)len;
    c->text[c->len] = '\0';
    return len;
}

/* The text between start and end with its entities replaced, or abort() on a raw special. */
static char *unescaped(const char *start, const char *end, const char *forbidden)
{
    static const char *const entities[][2] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}};
    char *out = malloc((size_t)(end - start) + 1), *o = out;
    while (start < end) {
        size_t i, n = 1;
        char c = *start;
        if (strchr(forbidden, c) && c) {
            abort();
        }
        if (c == '&') {
            for (i = 0; i < 4; i++) {
                size_t len = strlen(entities[i][0]);
                if ((size_t)(end - start) >= len && !strncmp(start, entities[i][0], len)) {
                    c = entities[i][1][0];
                    n = len;
                    break;
                }
            }
            if (i == 4) {
                abort();   /* a bare & the writer should have escaped */
            }
        }
        *o++ = c;
        start += n;
    }
    *o = '\0';
    return out;
}

static void check_text_and_value(const char *text, const char *value)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr p = xmlNewDocNode(doc, NULL, BAD_CAST "p", NULL);
    collected c = {NULL, 0};
    const char *head = "<p title=\"", *title_end, *body_end;
    char *got;

    xmlDocSetRootElement(doc, p);
    xmlSetProp(p, BAD_CAST "title", BAD_CAST value);
    xmlAddChild(p, xmlNewDocText(doc, BAD_CAST text));
    if (kp_html_write(doc, collect, &c) != 0 || strncmp(c.text, head, strlen(head)) != 0) {
        abort();
    }
    title_end = strstr(c.text + strlen(head), "\">");
    body_end = c.text + c.len - strlen("</p>\n");
    if (!title_end || body_end < title_end + 2 || strcmp(body_end, "</p>\n") != 0) {
        abort();
    }
    got = unescaped(c.text + strlen(head), title_end, "\"<>");
    if (strcmp(got, value) != 0) {
        abort();
    }
    free(got);
    got = unescaped(title_end + 2, body_end, "<>");
    if (strcmp(got, text) != 0) {
        abort();
    }
    free(got);
    free(c.text);
    xmlFreeDoc(doc);
}

static void check_url(const char *url)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr a = xmlNewDocNode(doc, NULL, BAD_CAST "a", NULL);
    collected c = {NULL, 0};
    const char *head = "<a href=\"", *s;

    xmlDocSetRootElement(doc, a);
    xmlSetProp(a, BAD_CAST "href", BAD_CAST url);
    if (kp_html_write(doc, collect, &c) != 0 || strncmp(c.text, head, strlen(head)) != 0
        || c.len < strlen(head) + strlen("\"></a>\n")
        || strcmp(c.text + c.len - strlen("\"></a>\n"), "\"></a>\n") != 0) {
        abort();
    }
    for (s = c.text + strlen(head); s < c.text + c.len - strlen("\"></a>\n"); s++) {
        if ((unsigned char)*s >= 0x80 || (unsigned char)*s <= ' ' || strchr("\"<>", *s)
            || (*s == '&' && strncmp(s, "&amp;", 5) && strncmp(s, "&lt;", 4)
                && strncmp(s, "&gt;", 4))) {
            abort();
        }
    }
    free(c.text);
    xmlFreeDoc(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *input = malloc(size + 2);
    const char *text, *value;

    memcpy(input, data, size);
    input[size] = '\0';
    input[size + 1] = '\0';
    text = input;
    value = input + strlen(input) + 1;   /* after the first NUL, or "" */
    check_text_and_value(text, value);
    check_url(text);
    free(input);
    return 0;
}
