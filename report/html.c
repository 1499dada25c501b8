/* Markdown to one self-contained HTML page: cmark-gfm with the table
 * extension, every verdict link made a label of our own (a custom node in
 * cmark's tree), then every <img src="charts/NAME.svg"> replaced by that
 * SVG inline in a <figure>, its ids prefixed per chart so that charts do
 * not share ids.
 * cmark runs in its safe mode (raw HTML in the Markdown is left out, as
 * are javascript: and similar links), and any other image is dropped, so
 * the page shows only the bundle's own charts.  See
 * include/fkstat/bundle.h. */
#include "fkstat/bundle.h"

#include <setjmp.h>
#include <stdio.h>
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

/* Screen and print.  A verdict label carries its meaning in its words, a
 * glyph and its border (solid, dashed, double, dotted), so it reads the
 * same in greyscale; colour is the third cue.  In print each outcome's
 * section (a heading followed by its verdict label) starts a page; the
 * short sections (data, validation, methods) follow on the page they
 * fall on, so none takes a page of its own.  No heading ends a page, no
 * chart is split nor parted from the line that introduces it, and a table
 * is split only when it is longer than a page (its header then
 * repeated). */
static const char *const STYLE =
        "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60em;"
        "margin:2em auto;padding:0 1em;color:#111;line-height:1.45}"
        "h1{font-size:1.7em}h2{border-bottom:1px solid #999;margin-top:2em}"
        "table{border-collapse:collapse;margin:1em 0}"
        "th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left}"
        "th{background:#eee}td{font-variant-numeric:tabular-nums}"
        "td[align=right],th[align=right]{text-align:right}"
        "svg,img{max-width:100%;height:auto}"
        "figure.chart{margin:1em 0}figure.chart svg{display:block}"
        "blockquote{border-left:4px solid #555;margin:1em 0;padding:.2em 1em;"
        "background:#f6f6f6}code{font-size:.9em}"
        "footer{margin-top:3em;font-size:.85em;color:#444}"
        ".verdict{display:inline-block;padding:.05em .5em;border:2px solid;"
        "border-radius:.3em;font-weight:bold;line-height:1.35;"
        "-webkit-print-color-adjust:exact;print-color-adjust:exact}"
        ".verdict .vg{margin-right:.35em}"
        "strong>.verdict{font-size:1.1em;padding:.2em .7em}"
        ".v-good{background:#d8f0dc;border-color:#1b6e2d;color:#0b3315}"
        ".v-ok{background:#dde9f7;border-color:#1f4f8a;color:#0c2747}"
        ".v-none{background:#f1f1f1;border-style:dashed;border-color:#4a4a4a;"
        "color:#1a1a1a}"
        ".v-bad{background:#f9dedb;border:4px double #8f1a12;color:#4d0c07}"
        ".v-na{background:#fff;border-style:dotted;border-color:#666;"
        "color:#333}"
        "@media print{@page{size:A4;margin:16mm 14mm}"
        "body{max-width:none;margin:0;padding:0;font-size:10pt;color:#000}"
        "h2{margin-top:1.5em;break-after:avoid;page-break-after:avoid}"
        "h2:has(+p>strong>.verdict){break-before:page;"
        "page-break-before:always;margin-top:0}"
        "p:has(>strong>.verdict){break-after:avoid;page-break-after:avoid}"
        "figure.chart,svg,img,blockquote{break-inside:avoid;"
        "page-break-inside:avoid}"
        "table,tr,.verdict{break-inside:avoid;page-break-inside:avoid}"
        "p:has(+figure.chart){break-after:avoid;"
        "page-break-after:avoid}"
        "thead{display:table-header-group}"
        "th{background:#e4e4e4}th,td{border-color:#777}"
        "p{orphans:3;widows:3}a{color:#000;text-decoration:none}}";

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

/* Verdict labels.  The report's Markdown writes a verdict as a link to
 * "#fk-verdict-NAME" (NAME as fk_verdict_name); plan and data text cannot
 * make such a link, because the report escapes "[", "]" and "#" in it.
 * Each such link becomes a <span> of our own around its (escaped) text,
 * with a glyph hidden from screen readers, which read the words. */
#define VERDICT_URL "#fk-verdict-"

static const struct {
        const char *name, *cls, *glyph;
} VERDICTS[] = {
        { "superior", "v-good", "\u2714" },      /* heavy check mark */
        { "better", "v-good", "\u2714" },
        { "non-inferior", "v-ok", "\u2713" },    /* check mark */
        { "no_difference", "v-none", "\u25cb" }, /* white circle */
        { "inconclusive", "v-none", "?" },
        { "worse", "v-bad", "\u2718" },          /* heavy ballot x */
        { "inferior", "v-bad", "\u2718" },
        { "none", "v-na", "\u2013" },
};

/* The first verdict link at or under node, or NULL. */
static cmark_node *verdict_link(cmark_node *doc, size_t *k)
{
        cmark_iter *it = cmark_iter_new(doc);
        cmark_event_type ev;
        cmark_node *hit = NULL;

        while (!hit && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
                cmark_node *n = cmark_iter_get_node(it);
                const char *url;

                if (ev != CMARK_EVENT_ENTER ||
                    cmark_node_get_type(n) != CMARK_NODE_LINK)
                        continue;
                url = cmark_node_get_url(n);
                if (!url || strncmp(url, VERDICT_URL, strlen(VERDICT_URL)))
                        continue;
                url += strlen(VERDICT_URL);
                for (size_t i = 0; i < sizeof VERDICTS / sizeof *VERDICTS; i++)
                        if (!strcmp(url, VERDICTS[i].name)) {
                                *k = i;
                                hit = n;
                        }
        }
        cmark_iter_free(it);
        return hit;
}

/* Replace every verdict link by a label: a custom inline node (cmark
 * writes its enter and exit text as they are, also in safe mode) holding
 * the link's children.  Not inlined into render(), whose setjmp would
 * otherwise make its locals candidates for clobbering. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void verdict_labels(cmark_node *doc, cmark_mem *mem)
{
        cmark_node *link, *child, *outer;
        size_t k;
        char enter[160];

        while ((link = verdict_link(doc, &k))) {
                cmark_node *label = cmark_node_new_with_mem(
                        CMARK_NODE_CUSTOM_INLINE, mem);

                snprintf(enter, sizeof enter, "<span class=\"verdict %s\">"
                         "<span class=\"vg\" aria-hidden=\"true\">%s</span>",
                         VERDICTS[k].cls, VERDICTS[k].glyph);
                cmark_node_set_on_enter(label, enter);
                cmark_node_set_on_exit(label, "</span>");
                /* a table cell takes no custom node, but emphasis, which
                 * takes any inline */
                if (cmark_node_insert_before(link, label)) {
                        outer = label;
                } else {
                        outer = cmark_node_new_with_mem(CMARK_NODE_STRONG, mem);
                        cmark_node_append_child(outer, label);
                        if (!cmark_node_insert_before(link, outer)) {
                                cmark_node_free(outer);
                                cmark_node_set_url(link, "");   /* a plain
                                                                   link */
                                continue;
                        }
                }
                while ((child = cmark_node_first_child(link)))
                        cmark_node_append_child(label, child);
                cmark_node_free(link);
        }
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
        verdict_labels(doc, &mem);
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
                        /* a chart alone in its paragraph: the figure takes
                         * the paragraph's place (a <p> cannot hold one) */
                        if (img - body >= 3 && b.n >= 3 &&
                            !strncmp(img - 3, "<p>", 3) &&
                            !strncmp(b.s + b.n - 3, "<p>", 3) &&
                            !strncmp(s, "</p>", 4)) {
                                b.n -= 3;
                                b.s[b.n] = '\0';
                                s += 4;
                        }
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
