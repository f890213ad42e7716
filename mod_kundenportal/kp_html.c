/* kp_html.c: writes a page's HTML result tree, in place of libxml2's HTML serialiser, which
 * cost a fifth of a page's instructions (it looks every element up in its HTML 4 table by
 * case-insensitive comparison and copies every attribute value twice before writing it).
 * The text is the same: void elements without an end tag, HTML 4's boolean attributes by
 * name alone, URL attributes percent-encoded, text and values escaped, raw script and style. */
#include <string.h>
#include <strings.h>
#include <libxml/parserInternals.h>   /* xmlStringTextNoenc */
#include "kp_html.h"

typedef struct html_out {
    kp_html_write_fn write;
    void *baton;
    int failed;
    size_t len;
    char buf[16384];
} html_out;

static void flush(html_out *o)
{
    if (o->len && !o->failed && o->write(o->baton, o->buf, (int)o->len) != (int)o->len) {
        o->failed = 1;
    }
    o->len = 0;
}

static void put(html_out *o, const char *s, size_t n)
{
    if (o->len + n > sizeof(o->buf)) {
        flush(o);
        while (n > sizeof(o->buf) && !o->failed) {   /* straight through, in int-sized pieces */
            int piece = n > (size_t)1 << 30 ? 1 << 30 : (int)n;
            o->failed = o->write(o->baton, s, piece) != piece;
            s += piece;
            n -= (size_t)piece;
        }
        if (o->failed || !n) {
            return;
        }
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void puts_(html_out *o, const char *s)
{
    put(o, s, strlen(s));
}

static void put_name(html_out *o, const xmlNs *ns, const xmlChar *name)
{
    if (ns && ns->prefix) {
        puts_(o, (const char *)ns->prefix);
        put(o, ":", 1);
    }
    puts_(o, (const char *)name);
}

static const char *entity_of(unsigned char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    default: return NULL;
    }
}

/* Copies s with each of the bytes in specials written as its entity; runs of other bytes go
 * out in one piece. */
static void put_escaped(html_out *o, const char *s, const char *specials)
{
    for (;;) {
        size_t n = strcspn(s, specials);
        put(o, s, n);
        if (!s[n]) {
            return;
        }
        puts_(o, entity_of((unsigned char)s[n]));
        s += n + 1;
    }
}

#define TEXT_SPECIALS "&<>"
#define VALUE_SPECIALS "&<>\""

/* Bytes a URL attribute keeps as they are (RFC 2396's unreserved ones and the delimiters
 * libxml2 keeps); any other byte is percent-encoded, UTF-8 byte by byte. */
static int url_keeps(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || (c && strchr("-_.!~*'()@/:=?;#%&,+<>", c));
}

static void put_url(html_out *o, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *run;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
        s++;
    }
    for (run = s; *s; s++) {
        unsigned char c = (unsigned char)*s;
        const char *q = c == '"' ? NULL : entity_of(c);
        char pct[3];
        if (!q && url_keeps(c)) {
            continue;
        }
        put(o, run, (size_t)(s - run));
        if (q) {
            puts_(o, q);
        }
        else {
            pct[0] = '%';
            pct[1] = hex[c >> 4];
            pct[2] = hex[c & 15];
            put(o, pct, 3);
        }
        run = s + 1;
    }
    put(o, run, (size_t)(s - run));
}

/* Whether name is one of list (lower case), in any case; the first letter decides most. */
static int name_in(const xmlChar *name, const char *const *list)
{
    unsigned char first = (unsigned char)(name[0] | 0x20);
    for (; *list; list++) {
        if ((unsigned char)**list == first && strcasecmp((const char *)name, *list) == 0) {
            return 1;
        }
    }
    return 0;
}

static const char *const void_elements[] = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", NULL
};
/* HTML 4's boolean attributes, written without a value (as libxml2 writes them). */
static const char *const boolean_attributes[] = {
    "checked", "compact", "declare", "defer", "disabled", "ismap", "multiple", "nohref",
    "noresize", "noshade", "nowrap", "readonly", "selected", NULL
};
static const char *const raw_text_elements[] = {"script", "style", NULL};

static int is_url_attribute(const xmlAttr *a)
{
    static const char *const url_attributes[] = {"href", "action", "src", NULL};
    if (a->ns || !a->parent || a->parent->ns) {
        return 0;
    }
    return name_in(a->name, url_attributes)
           || (strcasecmp((const char *)a->name, "name") == 0
               && strcasecmp((const char *)a->parent->name, "a") == 0);
}

/* An attribute: its value is its one text child (as libxslt makes them), else the text of
 * all its children joined. */
static void put_attribute(html_out *o, const xmlAttr *a)
{
    const xmlNode *t = a->children;
    xmlChar *joined = NULL;
    const char *value;

    put(o, " ", 1);
    put_name(o, a->ns, a->name);
    if (!t || name_in(a->name, boolean_attributes)) {
        return;
    }
    if (t->type == XML_TEXT_NODE && !t->next) {
        value = t->content ? (const char *)t->content : "";
    }
    else {
        joined = xmlNodeListGetString(a->doc, t, 1);
        value = joined ? (const char *)joined : "";
    }
    put(o, "=\"", 2);
    if (is_url_attribute(a)) {
        put_url(o, value);
    }
    else {
        put_escaped(o, value, VALUE_SPECIALS);
    }
    put(o, "\"", 1);
    xmlFree(joined);
}

static void put_node(html_out *o, const xmlNode *n);

static void put_element(html_out *o, const xmlNode *e)
{
    const xmlNs *ns;
    const xmlAttr *a;
    const xmlNode *c;

    put(o, "<", 1);
    put_name(o, e->ns, e->name);
    for (ns = e->nsDef; ns; ns = ns->next) {
        put(o, " xmlns", 6);
        if (ns->prefix) {
            put(o, ":", 1);
            puts_(o, (const char *)ns->prefix);
        }
        put(o, "=\"", 2);
        put_escaped(o, ns->href ? (const char *)ns->href : "", VALUE_SPECIALS);
        put(o, "\"", 1);
    }
    for (a = e->properties; a; a = a->next) {
        put_attribute(o, a);
    }
    put(o, ">", 1);
    if (!e->ns && name_in(e->name, void_elements)) {
        return;   /* no content, no end tag */
    }
    for (c = e->children; c && !o->failed; c = c->next) {
        put_node(o, c);
    }
    put(o, "</", 2);
    put_name(o, e->ns, e->name);
    put(o, ">", 1);
}

static void put_node(html_out *o, const xmlNode *n)
{
    switch (n->type) {
    case XML_ELEMENT_NODE:
        put_element(o, n);
        break;
    case XML_TEXT_NODE:
        if (!n->content) {
            break;
        }
        if (n->name == xmlStringTextNoenc
            || (n->parent && n->parent->type == XML_ELEMENT_NODE
                && name_in(n->parent->name, raw_text_elements))) {
            puts_(o, (const char *)n->content);   /* disable-output-escaping, script, style */
        }
        else {
            put_escaped(o, (const char *)n->content, TEXT_SPECIALS);
        }
        break;
    case XML_CDATA_SECTION_NODE:
        if (n->content) {
            puts_(o, (const char *)n->content);
        }
        break;
    case XML_COMMENT_NODE:
        if (n->content) {
            puts_(o, "<!--");
            puts_(o, (const char *)n->content);
            puts_(o, "-->");
        }
        break;
    case XML_PI_NODE:
        puts_(o, "<?");
        puts_(o, (const char *)n->name);
        if (n->content) {
            put(o, " ", 1);
            puts_(o, (const char *)n->content);
        }
        put(o, ">", 1);
        break;
    case XML_ENTITY_REF_NODE:
        put(o, "&", 1);
        puts_(o, (const char *)n->name);
        put(o, ";", 1);
        break;
    default:   /* a document type: the caller writes <!DOCTYPE html> itself */
        break;
    }
}

int kp_html_write(xmlDocPtr doc, kp_html_write_fn write, void *baton)
{
    html_out o;
    const xmlNode *n;

    o.write = write;
    o.baton = baton;
    o.failed = 0;
    o.len = 0;
    for (n = doc->children; n && !o.failed; n = n->next) {
        put_node(&o, n);
    }
    put(&o, "\n", 1);
    flush(&o);
    return o.failed ? -1 : 0;
}
