/* Markdown to one self-contained HTML page: cmark-gfm with the table
 * extension, then every <img src="charts/NAME.svg"> replaced by that SVG
 * inline, its ids prefixed per chart so that charts do not share ids.
 * cmark runs in its safe mode (raw HTML in the Markdown is left out, as
 * are javascript: and similar links), and any other image is dropped, so
 * the page shows only the bundle's own charts.  See
 * include/fkstat/bundle.h. */
#include "fkstat/bundle.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

struct buf {
        char *s;
        size_t n, cap;
        int oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
        if (b->oom)
                return;
        if (b->n + n + 1 > b->cap) {
                size_t cap = (b->n + n + 1) * 2;
                char *ns = realloc(b->s, cap);

                if (!ns) {
                        b->oom = 1;
                        return;
                }
                b->s = ns;
                b->cap = cap;
        }
        memcpy(b->s + b->n, s, n);
        b->n += n;
        b->s[b->n] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
        put(b, s, strlen(s));
}

/* Escape text for HTML (the title). */
static void put_escaped(struct buf *b, const char *s)
{
        for (; *s; s++) {
                switch (*s) {
                case '<': puts_(b, "&lt;"); break;
                case '>': puts_(b, "&gt;"); break;
                case '&': puts_(b, "&amp;"); break;
                case '"': puts_(b, "&quot;"); break;
                default: put(b, s, 1);
                }
        }
}

/* Copy an SVG document from its <svg element on, prefixing ids and the
 * references to them with "pfx-". */
static void put_svg(struct buf *b, const char *svg, const char *pfx)
{
        static const char *const pats[] = { "id=\"", "id='", "href=\"#",
                                            "href='#", "url(#", NULL };
        const char *s = strstr(svg, "<svg");

        if (!s)
                return;
        while (*s) {
                const char *hit = NULL, *pat = NULL;

                for (int i = 0; pats[i]; i++) {
                        const char *h = strstr(s, pats[i]);

                        if (h && (!hit || h < hit)) {
                                hit = h;
                                pat = pats[i];
                        }
                }
                if (!hit) {
                        puts_(b, s);
                        break;
                }
                /* " id=" only: not "grid=" or "valid=" */
                if (pat[0] == 'i' && hit > s && hit[-1] != ' ' &&
                    hit[-1] != '\n' && hit[-1] != '\t') {
                        put(b, s, (size_t)(hit - s) + strlen(pat));
                        s = hit + strlen(pat);
                        continue;
                }
                put(b, s, (size_t)(hit - s) + strlen(pat));
                puts_(b, pfx);
                puts_(b, "-");
                s = hit + strlen(pat);
        }
}

static const char *const STYLE =
        "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60em;"
        "margin:2em auto;padding:0 1em;color:#111;line-height:1.45}"
        "h1{font-size:1.7em}h2{border-bottom:1px solid #999;margin-top:2em}"
        "table{border-collapse:collapse;margin:1em 0}"
        "th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left}"
        "th{background:#eee}td{font-variant-numeric:tabular-nums}"
        "td[align=right],th[align=right]{text-align:right}"
        "svg,img{max-width:100%;height:auto}"
        "blockquote{border-left:4px solid #555;margin:1em 0;padding:.2em 1em;"
        "background:#f6f6f6}code{font-size:.9em}"
        "footer{margin-top:3em;font-size:.85em;color:#444}"
        "@media print{body{max-width:none}h2{page-break-after:avoid}"
        "svg{page-break-inside:avoid}}";

/* cmark-gfm's own allocator aborts the program when an allocation fails.
 * Ours jumps back out of cmark instead, and fk_markdown_html returns
 * FK_ENOMEM (what cmark had allocated is then lost, which an ending
 * program can afford).  The plugin registry and the extensions use cmark's
 * default allocator, so that is ours too while cmark runs. */
static jmp_buf *cmark_oom;

static void *cm_calloc(size_t n, size_t size)
{
        void *p = calloc(n ? n : 1, size ? size : 1);

        if (!p)
                longjmp(*cmark_oom, 1);
        return p;
}

static void *cm_realloc(void *p, size_t size)
{
        void *q = realloc(p, size ? size : 1);

        if (!q)
                longjmp(*cmark_oom, 1);
        return q;
}

/* md as HTML (cmark-gfm with the table extension, safe mode) in *body, a
 * new string; FK_ENOMEM when cmark ran out of memory. */
static int render(const char *md, char **body)
{
        static cmark_mem mem = { cm_calloc, cm_realloc, free };
        cmark_mem *def = cmark_get_default_mem_allocator(), saved = *def;
        int opts = CMARK_OPT_SMART;     /* not CMARK_OPT_UNSAFE */
        cmark_parser *parser;
        cmark_syntax_extension *table;
        cmark_node *doc;
        jmp_buf jb;
        char *volatile out = NULL;

        *body = NULL;
        cmark_oom = &jb;
        if (setjmp(jb)) {
                *def = saved;
                return FK_ENOMEM;
        }
        *def = mem;
        cmark_gfm_core_extensions_ensure_registered();
        table = cmark_find_syntax_extension("table");
        parser = cmark_parser_new_with_mem(opts, &mem);
        if (table)
                cmark_parser_attach_syntax_extension(parser, table);
        cmark_parser_feed(parser, md, strlen(md));
        doc = cmark_parser_finish(parser);
        out = cmark_render_html_with_mem(doc, opts,
                                         cmark_parser_get_syntax_extensions(
                                                 parser), &mem);
        cmark_node_free(doc);
        cmark_parser_free(parser);
        *def = saved;
        *body = out;
        return table ? FK_OK : FK_EUSAGE;
}

int fk_markdown_html(const char *md, const char *title, const char *lang,
                     const char *chartdir, char **html, struct fk_error *err)
{
        char *body, *s;
        struct buf b = { NULL, 0, 0, 0 };
        int nchart = 0, rc;

        *html = NULL;
        rc = render(md, &body);
        if (rc == FK_EUSAGE) {
                free(body);
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "cmark-gfm has no table extension");
        }
        if (rc || !body)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        puts_(&b, "<!DOCTYPE html>\n<html lang=\"");
        puts_(&b, lang);
        puts_(&b, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        put_escaped(&b, title);
        puts_(&b, "</title>\n<style>");
        puts_(&b, STYLE);
        puts_(&b, "</style>\n</head>\n<body>\n");
        for (s = body; !b.oom;) {
                char *img = strstr(s, "<img ");
                char *name, *dot, *end, *path, *svg = NULL;
                char pfx[32];
                size_t nlen;

                if (!img) {
                        puts_(&b, s);
                        break;
                }
                end = strstr(img, "/>");
                if (!end) {
                        puts_(&b, s);
                        break;
                }
                put(&b, s, (size_t)(img - s));
                s = end + 2;
                if (strncmp(img, "<img src=\"charts/", 17))
                        continue;       /* not one of the bundle's charts */
                name = img + strlen("<img src=\"charts/");
                dot = strstr(name, ".svg\"");
                if (!dot || dot > end || strcspn(name, "/\\\"") <
                    (size_t)(dot - name))
                        continue;
                nlen = (size_t)(dot - name);
                path = malloc(strlen(chartdir) + nlen + 8);
                if (!path) {
                        b.oom = 1;
                        break;
                }
                sprintf(path, "%s/%.*s.svg", chartdir, (int)nlen, name);
                /* a chart that is missing stays an image link; one that
                 * cannot be read for want of memory fails the page */
                if (fk_read_file(path, &svg, NULL, NULL) == FK_ENOMEM)
                        b.oom = 1;
                free(path);
                if (svg && strstr(svg, "<svg")) {
                        snprintf(pfx, sizeof pfx, "c%d", ++nchart);
                        puts_(&b, "<figure class=\"chart\">");
                        put_svg(&b, svg, pfx);
                        puts_(&b, "</figure>");
                } else {
                        put(&b, img, (size_t)(end + 2 - img));
                }
                free(svg);
        }
        puts_(&b, "</body>\n</html>\n");
        free(body);
        if (b.oom) {
                free(b.s);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        *html = b.s;
        return FK_OK;
}
