/* fkstat describe: per-group summaries, the first look at a new export. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "fkstat/render.h"

#define MAX_COLS 256
#define MAX_BY 8

/* The number of items of a comma list. */
static size_t count_items(const char *s)
{
        size_t n = 1;

        for (; *s; s++)
                n += *s == ',';
        return n;
}

static const char *const CMD = "describe";

static void help(FILE *out)
{
        fputs("usage: fkstat describe FILE... [--by COL[,COL]] [--outcome COL,...]\n"
              "\n"
              "Summarise columns per group: n, missing, mean (the share for\n"
              "binary columns such as ja/nej), sd, min, quartiles (R type 7)\n"
              "and max.  Without --outcome every numeric or binary column is\n"
              "summarised.\n"
              "\n"
              "  --by COL[,COL]       group by these columns\n"
              "  --outcome COL,...    columns to summarise\n"
              "  --delimiter C  --decimal C  --na LIST   input, as for compare\n"
              "  --skip N  --thousands C|none  --encoding E   likewise\n"
              "  --format F           text (default), json, csv, markdown\n"
              "  --csv-dialect D      csv: default (',' and a decimal point) or\n"
              "                       excel-da (';', decimal comma, UTF-8 BOM)\n"
              "\n"
              "Example:\n"
              "  fkstat describe datasets/examples/job.csv --by arm\n", out);
}

/* A cell as a number: numeric, or a binary word as 0/1. */
static int cell_value(const char *s, char decimal, double *v)
{
        int b;

        if (!fk_parse_double(s, decimal, v))
                return FK_OK;
        if (!fk_parse_binary(s, &b)) {
                *v = b;
                return FK_OK;
        }
        return FK_EDATA;
}

static int column_is_numeric(const struct fk_table *t, size_t col)
{
        double v;

        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                const char *s = fk_table_cell(t, r, col);

                if (!s)
                        continue;
                if (cell_value(s, fk_table_decimal(t), &v))
                        return 0;
        }
        return 1;
}

struct key {
        size_t row;     /* first row of the group, for its by-values */
        size_t idx;
};

static const struct fk_table *sort_t;
static const long *sort_by;
static size_t sort_nby;

static int cmp_rows(size_t a, size_t b)
{
        for (size_t i = 0; i < sort_nby; i++) {
                const char *x = fk_table_cell(sort_t, a, (size_t)sort_by[i]);
                const char *y = fk_table_cell(sort_t, b, (size_t)sort_by[i]);
                int c = strcmp(x ? x : "", y ? y : "");

                if (c)
                        return c;
        }
        return 0;
}

static int cmp_idx(const void *a, const void *b)
{
        size_t x = *(const size_t *)a, y = *(const size_t *)b;
        int c = cmp_rows(x, y);

        return c ? c : (x > y) - (x < y);
}

int cmd_describe(int argc, char **argv, FILE *out)
{
        enum { O_BY = 256, O_OUTCOME,     O_HELP };
        static const struct option longopts[] = {
                { "by", required_argument, NULL, O_BY },
                { "outcome", required_argument, NULL, O_OUTCOME },
                CLI_INPUT_OPTIONS,
                { "help", no_argument, NULL, O_HELP },
                { NULL, 0, NULL, 0 }
        };
        struct fk_csv_opts csv = FK_CSV_OPTS_INIT;
        struct cli_out ob;
        struct cli_output o = CLI_OUTPUT_INIT;
        char *by_arg = NULL, *out_arg = NULL;
        char *by_names[MAX_BY], *col_names[MAX_COLS];
        long by[MAX_BY], cols[MAX_COLS];
        size_t nby = 0, ncols = 0, nrows, ngroups = 0;
        struct fk_table *t = NULL;
        size_t *order = NULL;
        double *buf = NULL;
        struct fk_describe_group *groups = NULL;
        struct fk_summary *sums = NULL;
        const char **byvals = NULL;
        int c, rc;

        opterr = 0;
        optind = 1;
        while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
                switch (c) {
                case O_BY: by_arg = optarg; break;
                case O_OUTCOME: out_arg = optarg; break;
                case 'h':
                case O_HELP:
                        help(out);
                        return FK_EXIT_OK;
                default:
                        if (cli_input_option(CMD, c, argv, &csv, &o))
                                return FK_EXIT_USAGE;
                        break;
                }
        }
        rc = cli_read_table(CMD, argv + optind, (size_t)(argc - optind), &csv,
                            &t);
        if (rc)
                return rc;
        rc = FK_EXIT_USAGE;
        if (by_arg && count_items(by_arg) > MAX_BY) {
                rc = cli_usage(CMD, "--by takes at most %d columns", MAX_BY);
                goto done;
        }
        if (out_arg && count_items(out_arg) > MAX_COLS) {
                rc = cli_usage(CMD, "--outcome takes at most %d columns",
                               MAX_COLS);
                goto done;
        }
        if (by_arg) {
                nby = cli_split(by_arg, by_names, MAX_BY);
                for (size_t i = 0; i < nby; i++)
                        if ((by[i] = cli_column(CMD, t, by_names[i])) < 0)
                                goto done;
        }
        if (out_arg) {
                ncols = cli_split(out_arg, col_names, MAX_COLS);
                for (size_t i = 0; i < ncols; i++)
                        if ((cols[i] = cli_column(CMD, t, col_names[i])) < 0)
                                goto done;
        } else {
                for (size_t col = 0; col < fk_table_ncols(t) && ncols < MAX_COLS;
                     col++) {
                        int is_by = 0;

                        for (size_t i = 0; i < nby; i++)
                                is_by |= by[i] == (long)col;
                        if (is_by || !column_is_numeric(t, col))
                                continue;
                        col_names[ncols] = (char *)fk_table_colname(t, col);
                        cols[ncols++] = (long)col;
                }
        }
        nrows = fk_table_nrows(t);
        order = malloc((nrows + 1) * sizeof *order);
        buf = malloc((nrows + 1) * sizeof *buf);
        groups = calloc(nrows + 1, sizeof *groups);
        sums = calloc((nrows + 1) * (ncols + 1), sizeof *sums);
        byvals = calloc((nrows + 1) * (nby + 1), sizeof *byvals);
        rc = FK_EXIT_DATA;
        if (!order || !buf || !groups || !sums || !byvals) {
                cli_note(CMD, "out of memory");
                goto done;
        }
        for (size_t r = 0; r < nrows; r++)
                order[r] = r;
        sort_t = t;
        sort_by = by;
        sort_nby = nby;
        qsort(order, nrows, sizeof *order, cmp_idx);

        for (size_t lo = 0; lo < nrows || (nrows == 0 && ngroups == 0);) {
                size_t hi = lo;
                struct fk_describe_group *g = &groups[ngroups];

                while (hi < nrows && !cmp_rows(order[lo], order[hi]))
                        hi++;
                g->nby = nby;
                g->by_names = (const char *const *)by_names;
                g->by_values = byvals + ngroups * (nby + 1);
                for (size_t i = 0; i < nby; i++) {
                        const char *s = fk_table_cell(t, order[lo], (size_t)by[i]);

                        g->by_values[i] = s ? s : "NA";
                }
                g->ncols = ncols;
                g->col_names = (const char *const *)col_names;
                g->cols = sums + ngroups * (ncols + 1);
                for (size_t ci = 0; ci < ncols; ci++) {
                        size_t n = 0;
                        double miss = 0;

                        for (size_t k = lo; k < hi; k++) {
                                size_t r = order[k];
                                const char *s = fk_table_cell(t, r, (size_t)cols[ci]);

                                if (!s) {
                                        miss++;
                                        continue;
                                }
                                if (cell_value(s, fk_table_decimal(t), &buf[n])) {
                                        struct fk_error err = FK_ERROR_INIT;

                                        fk_error_set(&err, FK_EDATA,
                                                     fk_table_row_file(t, r),
                                                     fk_table_row_line(t, r),
                                                     "column '%s': '%s' is not "
                                                     "a number", col_names[ci], s);
                                        rc = cli_fail(CMD, &err);
                                        goto done;
                                }
                                n++;
                        }
                        fk_summarise(buf, n, miss, &g->cols[ci]);
                }
                ngroups++;
                if (hi == lo)
                        break;
                lo = hi;
        }
        {
                const char *files[64];
                size_t nf = fk_table_nfiles(t) < 64 ? fk_table_nfiles(t) : 64;
                struct fk_run_info info = {
                        CMD, files, nf, (double)nrows, fk_table_delimiter(t),
                        fk_table_decimal(t), NULL, NULL, NULL, 0, 0, &o.csv
                };

                for (size_t i = 0; i < nf; i++)
                        files[i] = fk_table_file(t, i);
                if (!cli_out_begin(&ob)) {
                        cli_note(CMD, "out of memory");
                        goto done;
                }
                rc = cli_out_end(&ob, CMD, fk_render_describe(ob.f, o.format,
                                 &info, groups, ngroups), out);
        }
done:
        free(order);
        free(buf);
        free(groups);
        free(sums);
        free(byvals);
        fk_table_free(t);
        return rc;
}
