/* Unit tests for the page serialiser (kp_html_write): the text libxml2's HTML serialiser wrote
 * for the same libxslt result (but for the Content-Type meta libxml2 inserts: the templates
 * carry <meta charset> themselves), escaping, void elements, boolean and URL attributes, the
 * pieces handed to the writer and a writer that stops. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>

#include "kp_html.h"

typedef struct collected {
    char *text;
    size_t len;
    int calls;
    int refuse_after;   /* refuse the call after this many (0: never) */
} collected;

static int collect(void *baton, const char *buf, int len)
{
    collected *c = baton;
    c->calls++;
    if (c->refuse_after && c->calls > c->refuse_after) {
        return -1;
    }
    c->text = realloc(c->text, c->len + (size_t)len + 1);
    memcpy(c->text + c->len, buf, (size_t)len);
    c->len += (size_t)len;
    c->text[c->len] = '\0';
    return len;
}

static xmlDocPtr doc_with_root(const char *name, xmlNodePtr *root)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    *root = xmlNewDocNode(doc, NULL, BAD_CAST name, NULL);
    xmlDocSetRootElement(doc, *root);
    return doc;
}

static char *serialised(xmlDocPtr doc)
{
    collected c = {NULL, 0, 0, 0};
    assert_int_equal(kp_html_write(doc, collect, &c), 0);
    return c.text;
}

/* Writes doc, compares the text with expected, and frees both. */
static void assert_written(xmlDocPtr doc, const char *expected)
{
    char *text = serialised(doc);
    assert_string_equal(text, expected);
    free(text);
    xmlFreeDoc(doc);
}

/* A stylesheet of the templates' kind, its result, and libxml2's text of that result. */
static const char stylesheet[] =
    "<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
    "<xsl:output method='html' encoding='UTF-8' indent='no'/>"
    "<xsl:template match='/'>"
    "<html lang='de'><head><meta name='viewport' content='width=device-width'/>"
    "<title><xsl:value-of select='/d/t'/></title>"
    "<script src='/s.js' defer='defer'></script></head>"
    "<body class='a'><main id='main'><p class='x'></p><ul><li>1</li></ul>"
    "<form method='post' action='/p/projects/1/messages?x=1&amp;y=2'>"
    "<input type='checkbox' name='c' checked='checked' required='required'/>"
    "<select name='s'><option value='1' selected='selected'>Eins</option></select>"
    "<textarea name='b' rows='4'><xsl:value-of select='/d/t'/></textarea>"
    "<a href='/p/doc/{/d/f}' download=''>Datei</a><br/><img src='/logo' alt=''/>"
    "<input type='hidden' name='v' value='{/d/t}'/></form>"
    "<xsl:comment> note </xsl:comment>"
    "<p><xsl:value-of select='/d/t'/> – Größe</p></main></body></html>"
    "</xsl:template></xsl:stylesheet>";

static const char data[] =
    "<d><t>Zeile 1 &lt;b&gt; &amp; 5 &gt; 3\nZeile 2 \"zitiert\" 'auch'</t>"
    "<f>Plan März 2026.pdf</f></d>";

static void test_same_text_as_libxml2(void **state)
{
    xmlDocPtr sheet_doc = xmlReadMemory(stylesheet, sizeof(stylesheet) - 1, "s.xsl", NULL, 0);
    xsltStylesheetPtr style = xsltParseStylesheetDoc(sheet_doc);
    xmlDocPtr in = xmlReadMemory(data, sizeof(data) - 1, "d.xml", NULL, 0);
    xmlDocPtr result;
    xmlOutputBufferPtr out;
    collected theirs = {NULL, 0, 0, 0};
    const char *meta = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">";
    xmlDocPtr copy;
    char *mine, *inserted;
    (void)state;

    assert_non_null(style);
    assert_non_null(in);
    result = xsltApplyStylesheet(style, in, NULL);
    assert_non_null(result);
    /* ours first: libxml2's serialiser changes the tree (it inserts a Content-Type meta) */
    mine = serialised(result);
    copy = xmlCopyDoc(result, 1);
    out = xmlOutputBufferCreateIO((xmlOutputWriteCallback)collect, NULL, &theirs, NULL);
    assert_true(xsltSaveResultTo(out, copy, style) >= 0);
    xmlOutputBufferClose(out);
    xmlFreeDoc(copy);
    inserted = strstr(theirs.text, meta);
    assert_non_null(inserted);
    memmove(inserted, inserted + strlen(meta), strlen(inserted + strlen(meta)) + 1);
    assert_string_equal(mine, theirs.text);   /* the same text but for that meta */
    assert_null(strstr(mine, "http-equiv"));
    /* and what that text is */
    assert_non_null(strstr(mine, "<meta name=\"viewport\" content=\"width=device-width\"><title>"));
    assert_non_null(strstr(mine, "<script src=\"/s.js\" defer></script>"));
    assert_non_null(strstr(mine, "<p class=\"x\"></p><ul><li>1</li></ul>"));
    assert_non_null(strstr(mine, "action=\"/p/projects/1/messages?x=1&amp;y=2\""));
    assert_non_null(strstr(mine, "name=\"c\" checked required=\"required\">"));
    assert_non_null(strstr(mine, "<option value=\"1\" selected>Eins</option>"));
    assert_non_null(strstr(mine, "<textarea name=\"b\" rows=\"4\">Zeile 1 &lt;b&gt; &amp; 5 &gt; 3\n"
                                 "Zeile 2 \"zitiert\" 'auch'</textarea>"));
    assert_non_null(strstr(mine, "<a href=\"/p/doc/Plan%20M%C3%A4rz%202026.pdf\" download=\"\">"));
    assert_non_null(strstr(mine, "<br><img src=\"/logo\" alt=\"\">"));
    assert_non_null(strstr(mine, "<!-- note -->"));
    assert_non_null(strstr(mine, " – Größe</p></main></body></html>\n"));
    assert_int_equal(mine[strlen(mine) - 1], '\n');
    free(mine);
    free(theirs.text);
    xmlFreeDoc(result);
    xmlFreeDoc(in);
    xsltFreeStylesheet(style);
}

/* Where the text differs from libxml2's, both valid HTML: a value with a double quote gets
 * &quot; (libxml2 switches to single quotes), an empty li its end tag (libxml2 leaves out
 * end tags HTML 4 calls optional). */
static void test_differences_from_libxml2(void **state)
{
    xmlNodePtr ul;
    xmlDocPtr doc = doc_with_root("ul", &ul);
    xmlNodePtr li = xmlNewChild(ul, NULL, BAD_CAST "li", NULL);
    (void)state;

    xmlSetProp(li, BAD_CAST "title", BAD_CAST "say \"hi\" & <go>");
    assert_written(doc, "<ul><li title=\"say &quot;hi&quot; &amp; &lt;go&gt;\"></li></ul>\n");
}

/* Script and style text and text that asked not to be escaped go out as they are. */
static void test_raw_text(void **state)
{
    xmlNodePtr root;
    xmlDocPtr doc = doc_with_root("div", &root);
    xmlNodePtr script = xmlNewChild(root, NULL, BAD_CAST "script", NULL);
    xmlNodePtr style = xmlNewChild(root, NULL, BAD_CAST "style", NULL);
    xmlNodePtr noenc = xmlNewDocText(doc, BAD_CAST "<b>fett</b>");
    (void)state;

    xmlAddChild(script, xmlNewDocText(doc, BAD_CAST "if (a < b && c > d) {}"));
    xmlAddChild(style, xmlNewDocText(doc, BAD_CAST "p > a { color: red }"));
    noenc->name = xmlStringTextNoenc;
    xmlAddChild(root, noenc);
    xmlAddChild(root, xmlNewDocText(doc, BAD_CAST "<b>"));
    assert_written(doc, "<div><script>if (a < b && c > d) {}</script>"
                              "<style>p > a { color: red }</style><b>fett</b>&lt;b&gt;</div>\n");
}

/* URL attributes: leading blanks dropped, spaces, quotes and bytes past ASCII percent-encoded;
 * name is one only on <a>. */
static void test_url_attributes(void **state)
{
    xmlNodePtr root;
    xmlDocPtr doc = doc_with_root("div", &root);
    xmlNodePtr a = xmlNewChild(root, NULL, BAD_CAST "a", NULL);
    xmlNodePtr input = xmlNewChild(root, NULL, BAD_CAST "input", NULL);
    (void)state;

    xmlSetProp(a, BAD_CAST "href", BAD_CAST "  /x y?q=\"ä\"&r=1#f");
    xmlSetProp(a, BAD_CAST "name", BAD_CAST "a b");
    xmlSetProp(input, BAD_CAST "name", BAD_CAST "a b");
    assert_written(doc, "<div><a href=\"/x%20y?q=%22%C3%A4%22&amp;r=1#f\" name=\"a%20b\"></a>"
                              "<input name=\"a b\"></div>\n");
}

/* A page longer than the buffer arrives whole, in several pieces. */
static void test_long_page_in_pieces(void **state)
{
    xmlNodePtr root;
    xmlDocPtr doc = doc_with_root("ol", &root);
    collected c = {NULL, 0, 0, 0};
    const char *tail = "<li>Eintrag 4999 &amp; mehr</li></ol>\n";
    char item[64];
    int i;
    (void)state;

    for (i = 0; i < 5000; i++) {
        snprintf(item, sizeof(item), "Eintrag %d & mehr", i);
        xmlNewTextChild(root, NULL, BAD_CAST "li", BAD_CAST item);
    }
    assert_int_equal(kp_html_write(doc, collect, &c), 0);
    assert_true(c.calls > 1);
    assert_true(strncmp(c.text, "<ol><li>Eintrag 0 &amp; mehr</li>", 33) == 0);
    assert_non_null(strstr(c.text, "<li>Eintrag 2500 &amp; mehr</li><li>Eintrag 2501 &amp; mehr</li>"));
    assert_string_equal(c.text + c.len - strlen(tail), tail);
    free(c.text);
    xmlFreeDoc(doc);
}

/* A writer that refuses (the client went away): -1, and it is not called again. */
static void test_refusing_writer(void **state)
{
    xmlNodePtr root;
    xmlDocPtr doc = doc_with_root("ol", &root);
    collected c = {NULL, 0, 0, 1};
    int i;
    (void)state;

    for (i = 0; i < 5000; i++) {
        xmlNewTextChild(root, NULL, BAD_CAST "li", BAD_CAST "Eintrag");
    }
    assert_int_equal(kp_html_write(doc, collect, &c), -1);
    assert_int_equal(c.calls, 2);
    free(c.text);
    xmlFreeDoc(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_text_as_libxml2),
        cmocka_unit_test(test_differences_from_libxml2),
        cmocka_unit_test(test_raw_text),
        cmocka_unit_test(test_url_attributes),
        cmocka_unit_test(test_long_page_in_pieces),
        cmocka_unit_test(test_refusing_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
