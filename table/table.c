/* The table store: storage and accessors; see include/fkstat/table.h.
 * Reading files is in read.c, the CSV grammar in csv.c. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/stream.h"
#include "internal.h"

const char *table_display_name(const char *file)
{
        return strcmp(file, "-") ? file : "<stdin>";
}

int table_add_text(struct fk_table *t, const char *s, size_t n, uint32_t *off,
                   struct fk_error *err)
{
        if (n >= UINT32_MAX - 1 - t->text_len)
                return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                    "table text exceeds 4 GiB");
        if (t->text_len + n + 1 > t->text_cap) {
                size_t cap = t->text_cap ? t->text_cap : 4096;
                char *p;

                while (cap < t->text_len + n + 1)
                        cap *= 2;
                p = realloc(t->text, cap);
                if (!p)
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                t->text = p;
                t->text_cap = cap;
        }
        memcpy(t->text + t->text_len, s, n);
        t->text[t->text_len + n] = '\0';
        *off = (uint32_t)t->text_len;
        t->text_len += n + 1;
        return FK_OK;
}

static int grow_rows(struct fk_table *t, struct fk_error *err)
{
        size_t cap = t->rows_cap ? 2 * t->rows_cap : 256;
        uint32_t *cells, *files;
        long *lines;

        if (cap > SIZE_MAX / sizeof *t->lines / (t->ncols + 1))
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "too many rows");
        cells = realloc(t->cells, cap * t->ncols * sizeof *cells);
        if (cells)
                t->cells = cells;
        lines = realloc(t->lines, cap * sizeof *lines);
        if (lines)
                t->lines = lines;
        files = realloc(t->row_file, cap * sizeof *files);
        if (files)
                t->row_file = files;
        if (!cells || !lines || !files)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        t->rows_cap = cap;
        return FK_OK;
}

int table_add_row(struct fk_table *t, const uint32_t *cells, long line,
                  uint32_t file, struct fk_error *err)
{
        int rc;

        if (t->nrows == t->rows_cap && (rc = grow_rows(t, err)))
                return rc;
        memcpy(t->cells + t->nrows * t->ncols, cells,
               t->ncols * sizeof *cells);
        t->lines[t->nrows] = line;
        t->row_file[t->nrows] = file;
        t->nrows++;
        return FK_OK;
}

struct fk_table *table_alloc(const char *const *files, size_t nfiles)
{
        struct fk_table *t = calloc(1, sizeof *t);

        if (!t)
                return NULL;
        t->files = calloc(nfiles, sizeof *t->files);
        if (!t->files) {
                free(t);
                return NULL;
        }
        t->nfiles = nfiles;
        t->value_col = -1;
        for (size_t i = 0; i < nfiles; i++) {
                t->files[i] = strdup(files[i]);
                if (!t->files[i]) {
                        fk_table_free(t);
                        return NULL;
                }
        }
        return t;
}

void fk_table_free(struct fk_table *t)
{
        if (!t)
                return;
        for (size_t i = 0; i < t->nfiles; i++)
                free(t->files[i]);
        free(t->files);
        free(t->names);
        free(t->header);
        free(t->cells);
        free(t->lines);
        free(t->row_file);
        free(t->text);
        free(t->weight);
        for (size_t i = 0; t->numbers && i < t->nrows; i++)
                if (t->numbers[i]) {
                        fk_moments_release(&t->numbers[i]->m);
                        free((void *)t->numbers[i]->chunks);
                        free(t->numbers[i]);
                }
        free(t->numbers);
        if (t->spill)
                spill_unref(t->spill);
        free(t->seq);
        for (size_t i = 0; i < t->nowned; i++)
                free(t->owned[i]);
        free(t->owned);
        for (size_t i = 0; i < t->nnotes; i++)
                free(t->notes[i]);
        free(t->notes);
        free(t);
}

size_t fk_table_ncols(const struct fk_table *t)
{
        return t->ncols;
}

size_t fk_table_nrows(const struct fk_table *t)
{
        return t->nrows;
}

double fk_table_nrecords(const struct fk_table *t)
{
        return t->weight ? t->nrecords : (double)t->nrows;
}

double fk_table_row_weight(const struct fk_table *t, size_t row)
{
        return t->weight && row < t->nrows ? t->weight[row] : 1.0;
}

const char *fk_table_colname(const struct fk_table *t, size_t col)
{
        return col < t->ncols ? t->text + t->names[col] : NULL;
}

long fk_table_col(const struct fk_table *t, const char *name)
{
        size_t n;

        while (*name == ' ' || *name == '\t')
                name++;
        n = strlen(name);
        while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
                n--;
        for (size_t j = 0; j < t->ncols; j++) {
                const char *c = t->text + t->names[j];

                if (!strncmp(c, name, n) && c[n] == '\0')
                        return (long)j;
        }
        return -1;
}

const char *fk_table_cell(const struct fk_table *t, size_t row, size_t col)
{
        uint32_t off;

        if (row >= t->nrows || col >= t->ncols)
                return NULL;
        off = t->cells[row * t->ncols + col];
        return off == CELL_MISSING ? NULL : t->text + off;
}

const char *fk_table_row_file(const struct fk_table *t, size_t row)
{
        return row < t->nrows ?
               table_display_name(t->files[t->row_file[row]]) : NULL;
}

long fk_table_row_line(const struct fk_table *t, size_t row)
{
        return row < t->nrows ? t->lines[row] : 0;
}

char fk_table_delimiter(const struct fk_table *t)
{
        return t->delimiter;
}

char fk_table_decimal(const struct fk_table *t)
{
        return t->decimal;
}

int fk_table_converted(const struct fk_table *t)
{
        return t->converted;
}

size_t fk_table_nnotes(const struct fk_table *t)
{
        return t->nnotes;
}

const char *fk_table_note(const struct fk_table *t, size_t i)
{
        return i < t->nnotes ? t->notes[i] : NULL;
}

size_t fk_table_nfiles(const struct fk_table *t)
{
        return t->nfiles;
}

const char *fk_table_file(const struct fk_table *t, size_t i)
{
        return i < t->nfiles ? t->files[i] : NULL;
}

size_t fk_table_header_ncols(const struct fk_table *t)
{
        return t->header ? t->nheader : t->ncols;
}

const char *fk_table_header_name(const struct fk_table *t, size_t col)
{
        return t->text + (t->header ? t->header[col] : t->names[col]);
}

const struct fk_numbers *fk_table_row_numbers(const struct fk_table *t,
                                              size_t row)
{
        return t->numbers && row < t->nrows ? t->numbers[row] : NULL;
}

long fk_table_value_col(const struct fk_table *t)
{
        return t->value_col;
}

int fk_table_dropped(const struct fk_table *t)
{
        return t->dropped;
}

const struct fk_seq_chunk *fk_table_sequence(const struct fk_table *t,
                                             size_t *nchunks)
{
        *nchunks = t->seq ? t->nseq : 0;
        return t->seq;
}

int table_add_note(struct fk_table *t, struct fk_error *err,
                   const char *fmt, ...)
{
        char buf[512], **p;
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        p = realloc(t->notes, (t->nnotes + 1) * sizeof *p);
        if (!p)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        t->notes = p;
        if (!(t->notes[t->nnotes] = strdup(buf)))
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        t->nnotes++;
        return FK_OK;
}

/* ---- duplicate column names -------------------------------------------- */

struct named {
        const char *name;
        size_t i;
};

static int cmp_named(const void *pa, const void *pb)
{
        const struct named *a = pa, *b = pb;
        int c = strcmp(a->name, b->name);

        return c ? c : (a->i > b->i) - (a->i < b->i);
}

size_t table_first_duplicate(const char *const *names, size_t n)
{
        struct named *v;
        size_t first = n;

        if (n < 2)
                return n;
        if (!(v = malloc(n * sizeof *v)))
                return (size_t)-1;
        for (size_t i = 0; i < n; i++)
                v[i] = (struct named){ names[i], i };
        /* sorted by name, then position: within a run of equal names the
         * second entry is the first repeat of that name */
        qsort(v, n, sizeof *v, cmp_named);
        for (size_t k = 1; k < n; k++)
                if (!strcmp(v[k].name, v[k - 1].name) &&
                    (k < 2 || strcmp(v[k - 1].name, v[k - 2].name)) &&
                    v[k].i < first)
                        first = v[k].i;
        free(v);
        return first;
}
