/* The CSV reader: one file body into the table, through libcsv in strict
 * mode.  See include/fkstat/table.h for the contract. */
#include <csv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const struct code default_na[] = { { "NA", 2 }, { ".", 1 }, { "-", 1 },
                                          { "..", 2 } };

/* State shared with the libcsv callbacks, which cannot stop the parser: the
 * first error is kept in status and every later callback is ignored. */
struct reader {
        struct fk_table *t;
        uint32_t file;
        const char *name;
        struct fk_error *err;
        int status;
        int unterminated;       /* the text ended inside a quoted field */
        int thousands;          /* fk_csv_opts.thousands */
        struct table_na na;
        long line;              /* physical line at the parser's position */
        int after_cr;           /* the last event was an unquoted CR */
        long row_line;
        size_t nfields;         /* fields so far in the current row */
        int first_empty;
        size_t text_mark;       /* arena length when the row began */
        int in_header;
        uint32_t *row;
        size_t row_cap;
};

static int is_blank(unsigned char c)
{
        return c == ' ' || c == '\t';
}

static int is_space_only(unsigned char c)
{
        return c == ' ';
}


int table_is_missing(const struct table_na *na, const char *s, size_t n)
{
        if (n == 0)
                return 1;
        for (size_t i = 0; i < na->n; i++)
                if (na->c[i].n == n && !memcmp(na->c[i].s, s, n))
                        return 1;
        return 0;
}

static int parse_na(const char *list, struct code **out, size_t *n)
{
        const char *p = list, *e;
        size_t k = 1;
        struct code *c;

        for (const char *q = list; *q; q++)
                k += *q == ',';
        c = calloc(k, sizeof *c);
        if (!c)
                return FK_ENOMEM;
        k = 0;
        for (;;) {
                size_t len;

                e = strchr(p, ',');
                len = e ? (size_t)(e - p) : strlen(p);
                c[k].s = p;
                c[k].n = len;
                table_trim(&c[k].s, &c[k].n);
                if (c[k].n)
                        k++;
                if (!e)
                        break;
                p = e + 1;
        }
        *out = c;
        *n = k;
        return FK_OK;
}

int table_na_init(struct table_na *na, const char *list)
{
        na->owned = NULL;
        na->c = default_na;
        na->n = sizeof default_na / sizeof *default_na;
        if (list) {
                if (parse_na(list, &na->owned, &na->n))
                        return FK_ENOMEM;
                na->c = na->owned;
        }
        return FK_OK;
}

void table_na_release(struct table_na *na)
{
        free(na->owned);
        na->owned = NULL;
}

static int fail(struct reader *r, int code, long line, const char *msg)
{
        return r->status = fk_error_set(r->err, code, r->name, line, "%s", msg);
}

static int keep(struct reader *r, const char *s, size_t n, uint32_t *off)
{
        return r->status = table_add_text(r->t, s, n, off, r->err);
}

static void on_field(void *data, size_t len, void *ctx)
{
        struct reader *r = ctx;
        const char *s = data ? data : "";
        uint32_t off = CELL_MISSING;

        if (r->status)
                return;
        if (r->nfields == 0) {
                r->row_line = r->line;
                r->text_mark = r->t->text_len;
        }
        r->line += table_line_at(s, len) - 1;
        r->after_cr = 0;
        table_trim(&s, &len);
        if (r->nfields == 0)
                r->first_empty = len == 0;
        if (r->in_header) {
                if (r->nfields == r->row_cap) {
                        size_t cap = r->row_cap ? 2 * r->row_cap : 16;
                        uint32_t *p = realloc(r->row, cap * sizeof *p);

                        if (!p) {
                                fail(r, FK_ENOMEM, 0, "out of memory");
                                return;
                        }
                        r->row = p;
                        r->row_cap = cap;
                }
                if (keep(r, s, len, &off))
                        return;
                r->row[r->nfields] = off;
        } else if (r->nfields < r->t->ncols) {
                if (!table_is_missing(&r->na, s, len)) {
                        table_count_marks(&r->t->m, table_cell_marks(s, len,
                                                          r->thousands));
                        if (keep(r, s, len, &off))
                                return;
                }
                r->row[r->nfields] = off;
        }
        r->nfields++;
}

static void end_header(struct reader *r)
{
        struct fk_table *t = r->t;
        const char *a;

        if (r->file > 0) {
                int same = r->nfields == t->ncols;

                for (size_t i = 0; same && i < t->ncols; i++)
                        same = !strcmp(t->text + t->names[i],
                                       t->text + r->row[i]);
                t->text_len = r->text_mark;
                if (!same) {
                        r->status = fk_error_set(r->err, FK_EDATA, r->name,
                                r->row_line, "header differs from %s",
                                table_display_name(t->files[0]));
                }
                return;
        }
        {
                /* the first column (in order) with an empty name or the
                 * name of an earlier one; sorted, not pairwise, so that a
                 * very wide header stays fast */
                const char **nm = malloc((r->nfields + 1) * sizeof *nm);
                size_t dup, empty = r->nfields;

                if (!nm) {
                        fail(r, FK_ENOMEM, 0, "out of memory");
                        return;
                }
                for (size_t i = 0; i < r->nfields; i++) {
                        nm[i] = t->text + r->row[i];
                        if (!*nm[i] && empty == r->nfields)
                                empty = i;
                }
                dup = table_first_duplicate(nm, r->nfields);
                a = dup < r->nfields ? nm[dup] : NULL;
                free(nm);
                if (dup == (size_t)-1) {
                        fail(r, FK_ENOMEM, 0, "out of memory");
                        return;
                }
                if (empty < r->nfields && empty <= dup) {
                        r->status = fk_error_set(r->err, FK_EDATA, r->name,
                                r->row_line, "column %zu has an empty name",
                                empty + 1);
                        return;
                }
                if (a) {
                        r->status = fk_error_set(r->err, FK_EDATA,
                                r->name, r->row_line,
                                "duplicate column name '%s'",
                                fk_quote(a).s);
                        return;
                }
        }
        t->names = malloc(r->nfields * sizeof *t->names);
        if (!t->names) {
                fail(r, FK_ENOMEM, 0, "out of memory");
                return;
        }
        memcpy(t->names, r->row, r->nfields * sizeof *t->names);
        t->ncols = r->nfields;
        t->head_line = r->row_line;
}

static void end_row(struct reader *r)
{
        struct fk_table *t = r->t;

        if (r->in_header) {
                r->in_header = 0;
                end_header(r);
                return;
        }
        /* A line holding only "" or blanks is a blank line, not a row of
         * one missing value, unless the table has one column. */
        if (r->nfields == 1 && r->first_empty && t->ncols > 1) {
                t->text_len = r->text_mark;
                return;
        }
        if (r->nfields != t->ncols) {
                r->status = fk_error_set(r->err, FK_EDATA, r->name,
                                         r->row_line,
                                         "row has %zu field%s, header has %zu",
                                         r->nfields, r->nfields == 1 ? "" : "s",
                                         t->ncols);
                return;
        }
        r->status = table_add_row(t, r->row, r->row_line, r->file, r->err);
}

/* With CSV_REPALL_NL libcsv reports every unquoted CR and LF, also those of
 * blank lines, so counting them here (and the line breaks inside quoted
 * fields in on_field) tracks the physical line whatever the chunk size. */
static void on_row(int c, void *ctx)
{
        struct reader *r = ctx;

        if (r->status)
                return;
        if (r->nfields) {
                end_row(r);
                r->nfields = 0;
        }
        if (c == '\n' && r->after_cr) {
                r->after_cr = 0;
        } else if (c == '\n' || c == '\r') {
                r->line++;
                r->after_cr = c == '\r';
        }
}

static void parse_error(struct reader *r, struct csv_parser *p,
                        const char *text, size_t off)
{
        if (csv_error(p) != CSV_EPARSE)
                fail(r, FK_ENOMEM, 0, csv_strerror(csv_error(p)));
        else if (p->quoted)
                fail(r, FK_EDATA, table_line_at(text, off),
                     "unexpected character after closing quote");
        else
                fail(r, FK_EDATA, table_line_at(text, off),
                     "quote inside unquoted field");
}

/* Parse text[start..end) (line numbers and error positions count from
 * the start of text). */
static int run(struct reader *r, const char *text, size_t start, size_t end,
               char delim, size_t chunk)
{
        struct csv_parser p;
        size_t off, piece, got, len = end - start;

        if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL))
                return fail(r, FK_ENOMEM, 0, "out of memory");
        csv_set_delim(&p, (unsigned char)delim);
        /* libcsv trims blanks (by default space and TAB) around unquoted
         * fields; with a TAB delimiter only the space may be a blank. */
        csv_set_space_func(&p, delim == '\t' ? is_space_only : is_blank);
        r->line = table_line_at(text, start);
        text += start;
        if (chunk == 0)
                chunk = len;
        for (off = 0; off < len; off += got) {
                piece = len - off < chunk ? len - off : chunk;
                got = csv_parse(&p, text + off, piece, on_field, on_row, r);
                if (r->status)
                        break;
                if (got < piece) {
                        parse_error(r, &p, text - start, start + off + got);
                        break;
                }
        }
        if (!r->status && csv_fini(&p, on_field, on_row, r)) {
                fail(r, FK_EDATA, r->line, "unterminated quoted field");
                r->unterminated = 1;
        }
        csv_free(&p);
        if (!r->status && r->in_header)
                fail(r, FK_EDATA, 0, "empty file");
        return r->status;
}

/* What a parse changes in t, to undo it when the footer guess was wrong. */
struct mark {
        size_t nrows, text_len, ncols;
        struct marks m;
};

static void undo(struct fk_table *t, const struct mark *k, uint32_t file)
{
        t->nrows = k->nrows;
        t->text_len = k->text_len;
        t->m = k->m;
        if (file == 0) {
                free(t->names);
                t->names = NULL;
                t->ncols = k->ncols;
        }
}

/* Whether a note line of the footer is a value of the first column in
 * the rows from `first` on: then it is a data row cut short, not a note. */
static int note_is_data(const struct fk_table *t, size_t first,
                        const char *text, size_t len, const struct footer *f,
                        char delim)
{
        size_t pos = f->start, n;
        const char *s;

        while ((n = table_next_note(text, len, &pos, delim, t->ncols, &s)))
                for (size_t i = first; i < t->nrows; i++) {
                        const char *c = fk_table_cell(t, i, 0);

                        if (c && strlen(c) == n && !memcmp(c, s, n))
                                return 1;
                }
        return 0;
}

/* Say what was skipped: title lines above the header, note lines below
 * the data. */
static int say_skipped(struct reader *r, const char *text, size_t len,
                       const struct layout *l, const struct footer *f)
{
        char what[FK_QUOTE_CHARS * 4 + 8];
        size_t pos = l->title, n;
        const char *s;
        int rc = FK_OK;

        if (l->titles) {
                n = table_line_text(text, len, pos, l->delim, &s);
                if (n >= sizeof what)
                        n = sizeof what - 1;
                memcpy(what, s, n);
                what[n] = '\0';
                rc = table_add_note(r->t, r->err, "%s: skipped %zu title "
                                    "line%s above the header ('%s')", r->name,
                                    l->titles, l->titles == 1 ? "" : "s",
                                    fk_quote(what).s);
        }
        pos = f->start;
        if (!rc && f->start < len &&
            (n = table_next_note(text, len, &pos, l->delim, r->t->ncols, &s))) {
                if (n >= sizeof what)
                        n = sizeof what - 1;
                memcpy(what, s, n);
                what[n] = '\0';
                rc = table_add_note(r->t, r->err, "%s: skipped %zu note "
                                    "line%s below the data, from line %ld "
                                    "('%s')", r->name, f->notes,
                                    f->notes == 1 ? "" : "s",
                                    table_line_at(text, f->note),
                                    fk_quote(what).s);
        }
        return rc;
}

int table_parse_csv(struct fk_table *t, uint32_t file, const char *buf,
                    size_t len, size_t chunk, const struct fk_csv_opts *opts,
                    struct fk_error *err)
{
        struct fk_error scratch = FK_ERROR_INIT;
        struct reader r;
        struct decoded in;
        struct layout l;
        struct footer f;
        struct mark k = { t->nrows, t->text_len, t->ncols, t->m };
        int rc;

        memset(&r, 0, sizeof r);
        r.t = t;
        r.file = file;
        r.name = table_display_name(t->files[file]);
        r.err = err ? err : &scratch;
        r.in_header = 1;
        r.thousands = opts->thousands;
        if (table_na_init(&r.na, opts->na))
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        rc = table_decode(buf, len, r.name, opts->encoding, &in, r.err);
        if (!rc)
                rc = table_find_header(in.text, in.len, 1, opts, &l, r.name,
                                       r.err);
        if (!rc) {
                table_find_footer(in.text, in.len, l.header_end, l.delim,
                                  l.ncols, &f);
                rc = run(&r, in.text, l.header, f.start, l.delim, chunk);
                /* The footer was the end of a quoted field, or a data row
                 * cut short: read to the end. */
                if (f.start < in.len &&
                    ((rc && r.unterminated) ||
                     (!rc && note_is_data(t, k.nrows, in.text, in.len, &f,
                                          l.delim)))) {
                        undo(t, &k, file);
                        r.status = r.unterminated = r.after_cr = 0;
                        r.nfields = 0;
                        r.in_header = 1;
                        fk_error_clear(r.err);
                        f.start = in.len;
                        rc = run(&r, in.text, l.header, in.len, l.delim, chunk);
                }
        }
        if (!rc && file == 0)
                t->delimiter = l.delim;
        if (!rc)
                rc = say_skipped(&r, in.text, in.len, &l, &f);
        if (!rc && in.bad_lines)
                rc = table_add_note(t, r.err, "%s: %zu line%s not UTF-8 (the "
                                    "first line %ld) read as Windows-1252",
                                    r.name, in.bad_lines,
                                    in.bad_lines == 1 ? "" : "s", in.bad_line);
        t->converted |= in.converted;
        free(in.owned);
        table_na_release(&r.na);
        free(r.row);
        return rc;
}
