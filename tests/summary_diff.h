/* Shared by tests/test_stream.c and tests/fuzz/fuzz_csv_diff.c: the summary
 * table of the fast reader against the same summary built from the libcsv
 * table, cell by cell.  Header-only so the fuzz target needs nothing but
 * libfkstat. */
#ifndef FK_SUMMARY_DIFF_H
#define FK_SUMMARY_DIFF_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/stream.h"
#include "fkstat/table.h"

static int sd_same(const char *a, const char *b)
{
        return a == b || (a && b && !strcmp(a, b));
}

static int sd_kept(const char *name, const char *const *cols, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                const char *c = cols[i];
                size_t len;

                while (*c == ' ' || *c == '\t')
                        c++;
                len = strlen(c);
                while (len && (c[len - 1] == ' ' || c[len - 1] == '\t'))
                        len--;
                if (strlen(name) == len && !strncmp(name, c, len))
                        return 1;
        }
        return 0;
}

/* Whether rows r and q of t agree on the kept columns. */
static int sd_same_row(const struct fk_table *t, const size_t *kept,
                       size_t nk, size_t r, size_t q)
{
        for (size_t j = 0; j < nk; j++)
                if (!sd_same(fk_table_cell(t, r, kept[j]),
                             fk_table_cell(t, q, kept[j])))
                        return 0;
        return 1;
}

/* Compare the summary s with the full libcsv table t: NULL when they
 * agree, else a description (static storage). */
static const char *sd_compare(const struct fk_table *s,
                              const struct fk_table *t,
                              const char *const *cols, size_t ncols)
{
        static char why[256];
        size_t nt = fk_table_nrows(t), nk = 0, k = 0;
        size_t *kept = malloc((fk_table_ncols(t) + 1) * sizeof *kept);
        size_t *first = malloc((nt + 1) * sizeof *first);
        double *count = malloc((nt + 1) * sizeof *count);
        const char *res = NULL;

        if (!kept || !first || !count) {
                res = "out of memory in the test";
                goto out;
        }
        if (fk_table_delimiter(s) != fk_table_delimiter(t) ||
            fk_table_decimal(s) != fk_table_decimal(t)) {
                snprintf(why, sizeof why, "delimiter/decimal %d/%d, want "
                         "%d/%d", fk_table_delimiter(s), fk_table_decimal(s),
                         fk_table_delimiter(t), fk_table_decimal(t));
                res = why;
                goto out;
        }
        if (fk_table_nnotes(s) != fk_table_nnotes(t)) {
                snprintf(why, sizeof why, "%zu notes, want %zu",
                         fk_table_nnotes(s), fk_table_nnotes(t));
                res = why;
                goto out;
        }
        for (size_t i = 0; i < fk_table_nnotes(t); i++)
                if (strcmp(fk_table_note(s, i), fk_table_note(t, i))) {
                        snprintf(why, sizeof why, "note %zu differs", i);
                        res = why;
                        goto out;
                }
        for (size_t j = 0; j < fk_table_ncols(t); j++)
                if (sd_kept(fk_table_colname(t, j), cols, ncols))
                        kept[nk++] = j;
        if (fk_table_ncols(s) != nk) {
                snprintf(why, sizeof why, "%zu columns, want %zu",
                         fk_table_ncols(s), nk);
                res = why;
                goto out;
        }
        for (size_t j = 0; j < nk; j++)
                if (strcmp(fk_table_colname(s, j),
                           fk_table_colname(t, kept[j]))) {
                        snprintf(why, sizeof why, "column %zu is '%s'", j,
                                 fk_table_colname(s, j));
                        res = why;
                        goto out;
                }
        for (size_t r = 0; r < nt; r++) {
                size_t i;

                for (i = 0; i < k; i++)
                        if (sd_same_row(t, kept, nk, first[i], r))
                                break;
                if (i == k) {
                        first[k] = r;
                        count[k++] = 0;
                }
                count[i] += 1;
        }
        if (fk_table_nrows(s) != k ||
            fk_table_nrecords(s) < (double)nt ||
            fk_table_nrecords(s) > (double)nt) {
                snprintf(why, sizeof why, "%zu distinct of %.0f rows, want "
                         "%zu of %zu", fk_table_nrows(s), fk_table_nrecords(s),
                         k, nt);
                res = why;
                goto out;
        }
        for (size_t i = 0; i < k && !res; i++) {
                size_t r = first[i];

                if (fk_table_row_line(s, i) != fk_table_row_line(t, r) ||
                    strcmp(fk_table_row_file(s, i), fk_table_row_file(t, r)) ||
                    fk_table_row_weight(s, i) < count[i] ||
                    fk_table_row_weight(s, i) > count[i]) {
                        snprintf(why, sizeof why, "row %zu: %s:%ld x%.0f, "
                                 "want %s:%ld x%.0f", i,
                                 fk_table_row_file(s, i),
                                 fk_table_row_line(s, i),
                                 fk_table_row_weight(s, i),
                                 fk_table_row_file(t, r),
                                 fk_table_row_line(t, r), count[i]);
                        res = why;
                }
                for (size_t j = 0; j < nk && !res; j++)
                        if (!sd_same(fk_table_cell(s, i, j),
                                     fk_table_cell(t, r, kept[j]))) {
                                snprintf(why, sizeof why, "row %zu column %zu:"
                                         " '%s', want '%s'", i, j,
                                         fk_table_cell(s, i, j) ?
                                         fk_table_cell(s, i, j) : "(NA)",
                                         fk_table_cell(t, r, kept[j]) ?
                                         fk_table_cell(t, r, kept[j]) :
                                         "(NA)");
                                res = why;
                        }
        }
out:
        free(kept);
        free(first);
        free(count);
        return res;
}

/* Whether two full tables agree cell by cell, with their lines, files and
 * notes: NULL, or what differs (static storage). */
static const char *sd_same_table(const struct fk_table *a,
                                 const struct fk_table *b)
{
        static char why[256];

        if (fk_table_nrows(a) != fk_table_nrows(b) ||
            fk_table_ncols(a) != fk_table_ncols(b) ||
            fk_table_nnotes(a) != fk_table_nnotes(b) ||
            fk_table_delimiter(a) != fk_table_delimiter(b) ||
            fk_table_decimal(a) != fk_table_decimal(b)) {
                snprintf(why, sizeof why, "full table %zux%zu, want %zux%zu",
                         fk_table_nrows(a), fk_table_ncols(a),
                         fk_table_nrows(b), fk_table_ncols(b));
                return why;
        }
        for (size_t i = 0; i < fk_table_nnotes(a); i++)
                if (strcmp(fk_table_note(a, i), fk_table_note(b, i)))
                        return "full table: a note differs";
        for (size_t j = 0; j < fk_table_ncols(a); j++)
                if (strcmp(fk_table_colname(a, j), fk_table_colname(b, j)))
                        return "full table: a column name differs";
        for (size_t r = 0; r < fk_table_nrows(a); r++) {
                if (fk_table_row_line(a, r) != fk_table_row_line(b, r) ||
                    strcmp(fk_table_row_file(a, r), fk_table_row_file(b, r)))
                        return "full table: a row's line differs";
                for (size_t j = 0; j < fk_table_ncols(a); j++)
                        if (!sd_same(fk_table_cell(a, r, j),
                                     fk_table_cell(b, r, j)))
                                return "full table: a cell differs";
        }
        return NULL;
}

/* Read buf both ways with the given projection, threads and block size,
 * the summary from memory (piece 0) or fed as a pipe in pieces of at most
 * piece bytes.  NULL when they agree or the fast reader declined (which
 * is always allowed); else what differs.  Piped, the reader is also asked
 * to fall back to the full table itself: that must then be libcsv's
 * table, or its error. */
static const char *sd_check(const char *buf, size_t len,
                            const struct fk_csv_opts *csv,
                            const char *const *cols, size_t ncols,
                            unsigned threads, size_t block, size_t piece)
{
        struct fk_summary_opts so = { cols, ncols, threads, block, NULL,
                                      NULL, NULL, 0, 0, 0 };
        struct fk_error e1 = FK_ERROR_INIT, e2 = FK_ERROR_INIT;
        struct fk_error e3 = FK_ERROR_INIT;
        struct fk_table *s = NULL, *t = NULL, *u = NULL;
        const char *res = NULL;
        int rc = piece ? fk_table_summarise_piped(buf, len, piece, "x.csv",
                                                  csv, &so, &s, &e1)
                       : fk_table_summarise_buffer(buf, len, "x.csv", csv,
                                                   &so, &s, &e1);
        int rt = fk_table_parse_buffer(buf, len, "x.csv", 0, csv, &t, &e2);

        if (rc || !s) {
                if (rc != FK_OK && rc != FK_ENOMEM && rc != FK_EUSAGE)
                        res = "the fast reader failed where it may only "
                              "decline";
        } else if (rt) {
                res = "the fast reader accepted what libcsv rejects";
        } else {
                res = sd_compare(s, t, cols, ncols);
        }
        if (!res && piece) {
                so.fallback = 1;
                rc = fk_table_summarise_piped(buf, len, piece, "x.csv", csv,
                                              &so, &u, &e3);
                if (rc != rt || (rc && (e3.code != e2.code ||
                                        e3.line != e2.line ||
                                        strcmp(e3.msg, e2.msg) ||
                                        strcmp(e3.file, e2.file))))
                        res = "piped with fallback: another status or error "
                              "than libcsv's";
                else if (!rc && !u)
                        res = "piped with fallback: no table";
                else if (!rc && s)
                        res = sd_compare(u, t, cols, ncols);
                else if (!rc)
                        res = sd_same_table(u, t);
        }
        fk_table_free(s);
        fk_table_free(t);
        fk_table_free(u);
        return res;
}

#endif
