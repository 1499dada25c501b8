/* The table: storage, accessors, and reading files; see
 * include/fkstat/table.h.  The CSV grammar itself is in csv.c. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

static const struct fk_csv_opts default_opts = FK_CSV_OPTS_INIT;

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
        free(t->cells);
        free(t->lines);
        free(t->row_file);
        free(t->text);
        free(t->weight);
        free(t);
}

int table_check_opts(const struct fk_csv_opts *o, struct fk_error *err)
{
        unsigned char d = (unsigned char)o->delimiter;

        if (d && (d == '"' || d == '\r' || d == '\n' || d == ' ' || d >= 0x80))
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "invalid delimiter '%c'", o->delimiter);
        if (o->decimal && o->decimal != '.' && o->decimal != ',')
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "invalid decimal mark '%c'", o->decimal);
        return FK_OK;
}

void table_choose_decimal(struct fk_table *t, const struct fk_csv_opts *o)
{
        if (o->decimal)
                t->decimal = o->decimal;
        else if (t->delimiter == ',')
                t->decimal = '.';
        else
                t->decimal = t->votes_comma > t->votes_dot ? ',' : '.';
}

static int read_all(const char *file, char **buf, size_t *len,
                    struct fk_error *err)
{
        const char *name = table_display_name(file);
        int is_stdin = !strcmp(file, "-");
        FILE *f = is_stdin ? stdin : fopen(file, "rb");
        size_t cap = 65536, n = 0, got;
        struct stat st;
        char *p = NULL, *q;
        int rc = FK_OK;

        *buf = NULL;
        if (!f)
                return fk_error_set(err, FK_EIO, name, 0, "cannot open: %s",
                                    strerror(errno));
        if (fstat(fileno(f), &st) == 0) {
                if (S_ISDIR(st.st_mode)) {
                        rc = fk_error_set(err, FK_EIO, name, 0,
                                          "cannot read: %s", strerror(EISDIR));
                        goto out;
                }
                if (S_ISREG(st.st_mode) && st.st_size > 0 &&
                    (uintmax_t)st.st_size < SIZE_MAX / 2)
                        cap = (size_t)st.st_size + 1;
        }
        for (;;) {
                if (n == cap || !p) {
                        if (p)
                                cap *= 2;
                        q = realloc(p, cap);
                        if (!q) {
                                rc = fk_error_set(err, FK_ENOMEM, name, 0,
                                                  "out of memory");
                                goto out;
                        }
                        p = q;
                }
                got = fread(p + n, 1, cap - n, f);
                n += got;
                if (got == 0)
                        break;
        }
        if (ferror(f))
                rc = fk_error_set(err, FK_EIO, name, 0, "cannot read: %s",
                                  strerror(errno));
out:
        if (!is_stdin)
                fclose(f);
        else
                clearerr(f);
        if (rc) {
                free(p);
                return rc;
        }
        *buf = p;
        *len = n;
        return FK_OK;
}

int fk_table_read(const char *const *files, size_t nfiles,
                  const struct fk_csv_opts *opts, struct fk_table **out,
                  struct fk_error *err)
{
        struct fk_table *t;
        char *buf;
        size_t len = 0;
        int rc;

        *out = NULL;
        if (!opts)
                opts = &default_opts;
        if (!files || nfiles == 0 || nfiles > UINT32_MAX)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "no input files");
        if ((rc = table_check_opts(opts, err)))
                return rc;
        t = table_alloc(files, nfiles);
        if (!t)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        for (size_t i = 0; i < nfiles; i++) {
                rc = read_all(files[i], &buf, &len, err);
                if (!rc)
                        rc = table_parse_csv(t, (uint32_t)i, buf, len, 0,
                                             opts, err);
                free(buf);
                if (rc) {
                        fk_table_free(t);
                        return rc;
                }
        }
        table_choose_decimal(t, opts);
        *out = t;
        return FK_OK;
}

int fk_table_parse_buffer(const char *buf, size_t len, const char *name,
                          size_t chunk, const struct fk_csv_opts *opts,
                          struct fk_table **out, struct fk_error *err)
{
        struct fk_table *t;
        int rc;

        *out = NULL;
        if (!opts)
                opts = &default_opts;
        if (!name)
                name = "<buffer>";
        if ((rc = table_check_opts(opts, err)))
                return rc;
        t = table_alloc(&name, 1);
        if (!t)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        rc = table_parse_csv(t, 0, buf, len, chunk, opts, err);
        if (rc) {
                fk_table_free(t);
                return rc;
        }
        table_choose_decimal(t, opts);
        *out = t;
        return FK_OK;
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

size_t fk_table_nfiles(const struct fk_table *t)
{
        return t->nfiles;
}

const char *fk_table_file(const struct fk_table *t, size_t i)
{
        return i < t->nfiles ? t->files[i] : NULL;
}
