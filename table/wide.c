/* Wide tables read long (fk_csv_opts.wide_period): the columns whose
 * names are periods, one column per quarter or month as StatBank and
 * Excel sheets give them, become rows of a period column and a value
 * column; see include/fkstat/table.h, "Wide tables". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/panel.h"
#include "internal.h"

static int is_period(const char *name, enum fk_period_kind *kind, long *ord)
{
        return fk_period_parse(name, kind, ord) == FK_OK;
}

size_t table_wide_flags(const struct fk_table *t, unsigned char *flag)
{
        enum fk_period_kind k;
        size_t n = 0;
        long ord;

        for (size_t j = 0; j < t->ncols; j++) {
                flag[j] = (unsigned char)is_period(fk_table_colname(t, j), &k,
                                                   &ord);
                n += flag[j];
        }
        return n;
}

static const char *kind_name(enum fk_period_kind k)
{
        return k == FK_PERIOD_YEAR ? "year" : k == FK_PERIOD_HALF ?
               "half year" : k == FK_PERIOD_QUARTER ? "quarter" : "month";
}

/* name with blanks trimmed at both ends, as fk_table_col compares. */
static int same_name(const char *a, const char *b)
{
        size_t n;

        while (*b == ' ' || *b == '\t')
                b++;
        n = strlen(b);
        while (n && (b[n - 1] == ' ' || b[n - 1] == '\t'))
                n--;
        return !strncmp(a, b, n) && a[n] == '\0';
}

/* Check the header: the new names, the kinds and the distinct periods.
 * flag[j] is set for the period columns; *np counts them. */
static int check_header(const struct fk_table *t, const struct fk_csv_opts *o,
                        unsigned char *flag, size_t *np, struct fk_error *err)
{
        const char *file = table_display_name(t->files[0]);
        long line = t->head_line;
        enum fk_period_kind k0 = FK_PERIOD_YEAR, k;
        long *ord = malloc((t->ncols + 1) * sizeof *ord);
        size_t first = 0;
        int rc = FK_OK;

        *np = 0;
        if (!ord)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        for (size_t j = 0; j < t->ncols && !rc; j++) {
                const char *name = fk_table_colname(t, j);

                if (same_name(name, o->wide_period) ||
                    same_name(name, o->wide_value)) {
                        rc = fk_error_set(err, FK_EUSAGE, file, line,
                                "--wide: the new %s column '%s' is already "
                                "a column of the header; name it otherwise",
                                same_name(name, o->wide_period) ? "period" :
                                "value", fk_quote(name).s);
                        break;
                }
                flag[j] = (unsigned char)is_period(name, &k, &ord[j]);
                if (!flag[j])
                        continue;
                if (!(*np)++) {
                        k0 = k;
                        first = j;
                } else if (k != k0) {
                        rc = fk_error_set(err, FK_EDATA, file, line,
                                "--wide: column '%s' is a %s but column '%s' "
                                "a %s: the period columns must be of one "
                                "kind", fk_quote(name).s, kind_name(k),
                                fk_quote(fk_table_colname(t, first)).s,
                                kind_name(k0));
                } else {
                        for (size_t i = first; i < j && !rc; i++)
                                if (flag[i] && ord[i] == ord[j])
                                        rc = fk_error_set(err, FK_EDATA, file,
                                                line, "--wide: columns '%s' "
                                                "and '%s' are the same "
                                                "period", fk_quote(
                                                fk_table_colname(t, i)).s,
                                                fk_quote(name).s);
                }
        }
        free(ord);
        if (!rc && *np == 0)
                rc = fk_error_set(err, FK_EDATA, file, line, "--wide: no "
                                  "column of the header is named by a "
                                  "period (" FK_PERIOD_FORMS ")");
        return rc;
}

int table_wide_reshape(struct fk_table *t, const struct fk_csv_opts *o,
                       struct fk_error *err)
{
        unsigned char *flag;
        size_t np, no, nc, n, r = 0, lastp = 0, firstp = 0;
        uint32_t *names = NULL, *cells = NULL, *files = NULL, pname, vname;
        long *lines = NULL;
        int rc;

        if (!o->wide_value || !*o->wide_value || !*o->wide_period)
                return fk_error_set(err, FK_EUSAGE, NULL, 0, "--wide needs "
                                    "the names of the new period and value "
                                    "columns (--period, --outcome)");
        if (same_name(o->wide_value, o->wide_period))
                return fk_error_set(err, FK_EUSAGE, NULL, 0, "--wide: the "
                                    "period and value columns have one name "
                                    "'%s'", fk_quote(o->wide_period).s);
        flag = calloc(t->ncols + 1, 1);
        if (!flag)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        if ((rc = check_header(t, o, flag, &np, err))) {
                free(flag);
                return rc;
        }
        no = t->ncols - np;
        nc = no + 2;
        if (t->nrows > SIZE_MAX / np / nc / sizeof *cells ||
            t->nrows * np > (size_t)UINT32_MAX) {
                free(flag);
                return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                    "too many rows in the long table");
        }
        n = t->nrows * np;
        names = malloc(nc * sizeof *names);
        cells = malloc((n ? n : 1) * nc * sizeof *cells);
        lines = malloc((n ? n : 1) * sizeof *lines);
        files = malloc((n ? n : 1) * sizeof *files);
        if (!names || !cells || !lines || !files) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto out;
        }
        /* the new names, trimmed as names from a header are */
        {
                const char *s = o->wide_period;
                size_t len = strlen(s);

                table_trim(&s, &len);
                if ((rc = table_add_text(t, s, len, &pname, err)))
                        goto out;
                s = o->wide_value;
                len = strlen(s);
                table_trim(&s, &len);
                if ((rc = table_add_text(t, s, len, &vname, err)))
                        goto out;
        }
        for (size_t j = 0, k = 0; j < t->ncols; j++)
                if (!flag[j])
                        names[k++] = t->names[j];
        names[no] = pname;
        names[no + 1] = vname;
        for (size_t i = 0; i < t->nrows; i++) {
                const uint32_t *row = t->cells + i * t->ncols;

                for (size_t j = 0; j < t->ncols; j++) {
                        uint32_t *dst;

                        if (!flag[j])
                                continue;
                        dst = cells + r * nc;
                        for (size_t c = 0, k = 0; c < t->ncols; c++)
                                if (!flag[c])
                                        dst[k++] = row[c];
                        dst[no] = t->names[j];
                        dst[no + 1] = row[j];
                        lines[r] = t->lines[i];
                        files[r] = t->row_file[i];
                        r++;
                }
        }
        for (size_t j = t->ncols; j-- > 0;)
                if (flag[j]) {
                        firstp = j;
                        if (!lastp)
                                lastp = j + 1;
                }
        rc = table_add_note(t, err, "%s: --wide: %zu period column%s "
                            "('%s' to '%s') read as rows of '%s' and '%s'",
                            table_display_name(t->files[0]), np,
                            np == 1 ? "" : "s",
                            fk_quote(fk_table_colname(t, firstp)).s,
                            fk_quote(fk_table_colname(t, lastp - 1)).s,
                            fk_quote(t->text + pname).s,
                            fk_quote(t->text + vname).s);
        if (rc)
                goto out;
        free(t->names);
        free(t->cells);
        free(t->lines);
        free(t->row_file);
        t->names = names;
        t->cells = cells;
        t->lines = lines;
        t->row_file = files;
        t->ncols = nc;
        t->nrows = t->rows_cap = n;
        names = cells = files = NULL;
        lines = NULL;
out:
        free(names);
        free(cells);
        free(lines);
        free(files);
        free(flag);
        return rc;
}
