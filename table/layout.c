/* Where the table is in a file body: the header below any title lines
 * and the footer of note lines below the data, as public sources and
 * Excel write them.  The rules (and why) are in METHODS.md, "Input and
 * missing data"; include/fkstat/table.h has them in short. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Records looked at per delimiter to find the table's width. */
#define SAMPLE 100

/* A record as the layout scanner reads it with one delimiter. */
struct rec {
        size_t start, end;      /* first byte; first byte after its line end */
        size_t nfields;
        size_t width;           /* fields up to the last non-empty one */
};

static int blank(char c, char delim)
{
        return (c == ' ' || c == '\t') && c != delim;
}

/* The most frequent of ';', TAB and ',' outside quotes on the header line
 * (the first non-blank line); ties go in that order, none means ','. */
char table_detect_delimiter(const char *s, size_t n)
{
        size_t i = 0, comma = 0, semi = 0, tab = 0;
        int quoted = 0;

        for (size_t j = 0; j < n && ((s[j] == ' ' || s[j] == '\t') ||
                                     s[j] == '\r' || s[j] == '\n'); j++)
                if (s[j] == '\r' || s[j] == '\n')
                        i = j + 1;
        for (; i < n; i++) {
                if (s[i] == '"')
                        quoted = !quoted;
                else if (quoted)
                        continue;
                else if (s[i] == '\r' || s[i] == '\n')
                        break;
                else if (s[i] == ',')
                        comma++;
                else if (s[i] == ';')
                        semi++;
                else if (s[i] == '\t')
                        tab++;
        }
        if (semi && semi >= tab && semi >= comma)
                return ';';
        if (tab && tab >= comma)
                return '\t';
        return ',';
}

/* Read the record at p.  Quoting is lenient, as a title line needs: a
 * quote opens a quoted field only at the start of a field; inside one, ""
 * is a quote and a lone quote closes it.  *cut is set when the text ends
 * before the record's line end does. */
static size_t scan(const char *s, size_t n, size_t p, char delim,
                   struct rec *r, int *cut)
{
        size_t f = 1, w = 0;
        int quoted = 0, start = 1, full = 0;

        r->start = p;
        for (; p < n; p++) {
                char c = s[p];

                if (quoted) {
                        if (c != '"')
                                full = 1;
                        else if (p + 1 < n && s[p + 1] == '"')
                                full = 1, p++;
                        else
                                quoted = 0;
                        continue;
                }
                if (c == '\r' || c == '\n')
                        break;
                if (c == delim) {
                        if (full)
                                w = f;
                        f++;
                        full = 0;
                        start = 1;
                } else if (c == '"' && start) {
                        quoted = 1;
                        start = 0;
                } else if (!blank(c, delim)) {
                        full = 1;
                        start = 0;
                }
        }
        if (full)
                w = f;
        r->nfields = f;
        r->width = w;
        *cut = p >= n || (s[p] == '\r' && p + 1 == n);
        if (p < n)
                p += s[p] == '\r' && p + 1 < n && s[p + 1] == '\n' ? 2 : 1;
        r->end = p;
        return p;
}

/* Up to SAMPLE non-blank records from the start of text with delim into
 * r; returns how many; *complete is cleared when more text could change
 * them. */
static size_t sample(const char *s, size_t n, int at_end, char delim,
                     struct rec *r, int *complete)
{
        size_t p = 0, k = 0;
        int cut = 0;

        while (p < n && k < SAMPLE) {
                p = scan(s, n, p, delim, &r[k], &cut);
                if (r[k].nfields > 1 || r[k].width > 0)
                        k++;
        }
        if (!at_end && (k < SAMPLE || cut))
                *complete = 0;
        return k;
}

/* The width most records share (two fields or more, and two records or
 * more: a header and a row; ties to the narrower) and how many share it;
 * 0 when there is none. */
static size_t common_width(const struct rec *r, size_t k, size_t *support)
{
        size_t best = 0, most = 0;

        for (size_t i = 0; i < k; i++) {
                size_t w = r[i].nfields, c = 0;

                if (w < 2)
                        continue;
                for (size_t j = 0; j < k; j++)
                        c += r[j].nfields == w;
                if (c >= 2 && (c > most || (c == most && w < best))) {
                        best = w;
                        most = c;
                }
        }
        *support = most;
        return best;
}

/* The offset of physical line `line` (1-based), or n when the text has
 * fewer lines. */
static size_t line_offset(const char *s, size_t n, long line)
{
        size_t p = 0;

        for (long l = 1; l < line && p < n; l++) {
                while (p < n && s[p] != '\r' && s[p] != '\n')
                        p++;
                if (p < n)
                        p += s[p] == '\r' && p + 1 < n && s[p + 1] == '\n'
                             ? 2 : 1;
                else
                        return n;
        }
        return p;
}

static void take(struct layout *out, const struct rec *r, char delim)
{
        out->header = r->start;
        out->header_end = r->end;
        out->ncols = r->nfields;
        out->delim = delim;
}

/* --skip: the first non-blank record from the line the user named. */
static int forced(const char *s, size_t n, const struct fk_csv_opts *o,
                  struct layout *out, const char *name, struct fk_error *err)
{
        size_t p = line_offset(s, n, o->header_line);
        char delim = o->delimiter ? o->delimiter
                                  : table_detect_delimiter(s + p, n - p);
        struct rec r;
        int cut;

        while (p < n) {
                p = scan(s, n, p, delim, &r, &cut);
                if (r.nfields > 1 || r.width > 0) {
                        take(out, &r, delim);
                        return FK_OK;
                }
        }
        return fk_error_set(err, FK_EDATA, name, 0, "no header after the "
                            "%ld line%s --skip skips", o->header_line - 1,
                            o->header_line == 2 ? "" : "s");
}

int table_find_header(const char *s, size_t n, int at_end,
                      const struct fk_csv_opts *o, struct layout *out,
                      const char *name, struct fk_error *err)
{
        static const char all[] = { ';', '\t', ',' };
        struct rec r[3][SAMPLE];
        size_t k[3], width[3], support[3], nc = 3, first = 0, best = 3;
        const char *cands = all;

        memset(out, 0, sizeof *out);
        out->complete = 1;
        out->header = out->header_end = n;
        if (o->header_line > 0)
                return forced(s, n, o, out, name, err);
        out->delim = o->delimiter ? o->delimiter
                                  : table_detect_delimiter(s, n);
        if (o->delimiter) {
                cands = &o->delimiter;
                nc = 1;
        }
        for (size_t c = 0; c < nc; c++) {
                k[c] = sample(s, n, at_end, cands[c], r[c], &out->complete);
                width[c] = common_width(r[c], k[c], &support[c]);
                if (cands[c] == out->delim)
                        first = c;
        }
        if (k[first] == 0)
                return FK_OK;           /* blank: libcsv says "empty file" */
        /* The first line is the header when it is as wide as the lines
         * below it and has two names: the file as most files are. */
        if (width[first] && r[first][0].width >= 2 &&
            r[first][0].nfields == width[first]) {
                take(out, &r[first][0], out->delim);
                return FK_OK;
        }
        for (size_t c = 0; c < nc; c++)
                if (width[c] && (best == 3 || support[c] > support[best]))
                        best = c;
        if (best == 3) {        /* one column */
                take(out, &r[first][0], out->delim);
                return FK_OK;
        }
        for (size_t i = 0; i < k[best]; i++)
                if (r[best][i].width >= 2) {
                        take(out, &r[best][i], cands[best]);
                        out->titles = i;
                        out->title = r[best][0].start;
                        return FK_OK;
                }
        take(out, &r[best][0], cands[best]);
        return FK_OK;
}

enum { LINE_DATA, LINE_EMPTY, LINE_NOTE };

static int letter(unsigned char c)
{
        return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The text of a line: blanks and trailing delimiters (Excel's padding)
 * trimmed, and out of its quotes when it is one quoted field (then 1 is
 * returned). */
static int line_text(const char **s, size_t *n, char delim)
{
        const char *p = *s;
        size_t k = *n, i;

        while (k && blank(*p, delim))
                p++, k--;
        while (k && (blank(p[k - 1], delim) || p[k - 1] == delim))
                k--;
        if (k >= 2 && p[0] == '"' && p[k - 1] == '"') {
                for (i = 1; i < k - 1; i++)     /* one quoted field? */
                        if (p[i] == '"' && p[++i] != '"')
                                break;
                if (i == k - 1) {
                        p++;
                        k -= 2;
                        while (k && blank(*p, delim))
                                p++, k--;
                        while (k && blank(p[k - 1], delim))
                                k--;
                        *s = p;
                        *n = k;
                        return 1;       /* may hold the delimiter */
                }
        }
        *s = p;
        *n = k;
        return 0;
}

size_t table_line_text(const char *text, size_t len, size_t off, char delim,
                       const char **s)
{
        size_t e = off;

        while (e < len && text[e] != '\r' && text[e] != '\n')
                e++;
        *s = text + off;
        e -= off;
        line_text(s, &e, delim);
        return e;
}

/* What the line s[0..n) is below the data: a data row, empty (blanks,
 * delimiters and quotes only: a blank row as Excel pads it), or a note
 * line (*t, *tn: its text, trimmed and out of its quotes) — one
 * non-empty field holding a letter that is not a data row written with
 * another delimiter (as many fields as the header by ',' ';' or TAB). */
static int classify(const char *s, size_t n, char delim, size_t ncols,
                    const char **t, size_t *tn)
{
        static const char other[] = { ',', ';', '\t' };
        const char *p = s;
        size_t k = n, i;
        int any = 0, quoted = line_text(&p, &k, delim);

        if (k == 0)
                return LINE_EMPTY;
        if (!quoted) {
                /* not one quoted field: one field only, and not a data
                 * row written with another delimiter */
                if (memchr(p, delim, k))
                        return LINE_DATA;
                for (size_t c = 0; c < sizeof other; c++) {
                        size_t count = 1;

                        if (other[c] == delim)
                                continue;
                        for (i = 0; i < k; i++)
                                count += p[i] == other[c];
                        if (count == ncols)
                                return LINE_DATA;
                }
        }
        for (i = 0; i < k; i++)
                any |= letter((unsigned char)p[i]);
        *t = p;
        *tn = k;
        return any ? LINE_NOTE : LINE_DATA;
}

/* The line that ends at e (before its line end, if any), from `from` on:
 * its start in *ls and its end without the line end in *le. */
static void line_before(const char *s, size_t from, size_t e, size_t *ls,
                        size_t *le)
{
        if (s[e - 1] == '\n') {
                e--;
                if (e > from && s[e - 1] == '\r')
                        e--;
        } else if (s[e - 1] == '\r') {
                e--;
        }
        *le = e;
        while (e > from && s[e - 1] != '\n' && s[e - 1] != '\r')
                e--;
        *ls = e;
}

void table_find_footer(const char *s, size_t n, size_t from, char delim,
                       size_t ncols, struct footer *out)
{
        size_t e = n, block = n, ls, le, tn;
        const char *t;

        memset(out, 0, sizeof *out);
        out->start = n;
        out->open = 1;
        if (ncols < 2)
                return;
        while (e > from) {
                int kind;

                line_before(s, from, e, &ls, &le);
                kind = classify(s + ls, le - ls, delim, ncols, &t, &tn);
                if (kind == LINE_DATA) {
                        out->open = 0;
                        break;
                }
                if (kind == LINE_NOTE) {
                        out->notes++;
                        out->note = ls;
                }
                block = ls;
                e = ls;
        }
        if (out->notes)
                out->start = block;
}

size_t table_next_note(const char *s, size_t n, size_t *pos, char delim,
                       size_t ncols, const char **text)
{
        while (*pos < n) {
                size_t ls = *pos, le = ls, tn = 0;

                while (le < n && s[le] != '\r' && s[le] != '\n')
                        le++;
                *pos = le < n ? le + (s[le] == '\r' && le + 1 < n &&
                                      s[le + 1] == '\n' ? 2 : 1) : n;
                if (classify(s + ls, le - ls, delim, ncols, text, &tn) ==
                    LINE_NOTE)
                        return tn;
        }
        return 0;
}
