/* fkstat adjust: p-values adjusted for multiple comparisons (R p.adjust). */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "fkstat/adjust.h"
#include "fkstat/render.h"

static const char *const CMD = "adjust";

static void help(FILE *out)
{
        fputs("usage: fkstat adjust FILE --column COL [--method M] [--format F]\n"
              "\n"
              "Adjust the p-values in column COL for multiple comparisons, as\n"
              "R p.adjust.  Missing p-values stay missing and do not count in\n"
              "the number of tests.\n"
              "\n"
              "  --column COL         the column of p-values\n"
              "  --method M           holm (default), hochberg, bh, bonferroni, by\n"
              "  --delimiter C  --decimal C  --na LIST   input, as for compare\n"
              "  --skip N  --thousands C|none  --encoding E   likewise\n"
              "  --format F           text (default), json, csv (the input with\n"
              "                       the column p_M added), markdown\n"
              "  --csv-dialect D      csv: default (',' and a decimal point) or\n"
              "                       excel-da (';', decimal comma, UTF-8 BOM)\n"
              "\n"
              "Example:\n"
              "  fkstat adjust datasets/examples/pvalues.csv --column p --method bh\n", out);
}

int cmd_adjust(int argc, char **argv, FILE *out)
{
        enum { O_COLUMN = 256, O_METHOD,    
               O_HELP };
        static const struct option longopts[] = {
                { "column", required_argument, NULL, O_COLUMN },
                { "method", required_argument, NULL, O_METHOD },
                CLI_INPUT_OPTIONS,
                { "help", no_argument, NULL, O_HELP },
                { NULL, 0, NULL, 0 }
        };
        struct fk_csv_opts csv = FK_CSV_OPTS_INIT;
        struct fk_error err = FK_ERROR_INIT;
        struct cli_out buf;
        struct cli_output o = CLI_OUTPUT_INIT;
        enum fk_adjust_method method = FK_ADJ_HOLM;
        const char *column = NULL;
        struct fk_table *t = NULL;
        double *p = NULL, *adj = NULL;
        size_t nrows, n = 0;
        long col;
        int c, v, rc;

        opterr = 0;
        optind = 1;
        while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
                switch (c) {
                case O_COLUMN: column = optarg; break;
                case O_METHOD:
                        v = fk_adjust_method_parse(optarg);
                        if (v < 0)
                                return cli_usage(CMD, "unknown --method '%s' "
                                                 "(holm, hochberg, bh, "
                                                 "bonferroni, by)", optarg);
                        method = (enum fk_adjust_method)v;
                        break;
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
        if (!column)
                return cli_usage(CMD, "--column is required");
        if (argc - optind > 1)
                return cli_usage(CMD, "one input file, not %d", argc - optind);
        rc = cli_read_table(CMD, argv + optind, (size_t)(argc - optind), &csv,
                            &t);
        if (rc)
                return rc;
        if ((col = cli_column(CMD, t, column)) < 0) {
                fk_table_free(t);
                return FK_EXIT_USAGE;
        }
        nrows = fk_table_nrows(t);
        p = malloc((nrows + 1) * sizeof *p);
        adj = malloc((nrows + 1) * sizeof *adj);
        rc = FK_EXIT_DATA;
        if (!p || !adj) {
                cli_note(CMD, "out of memory");
                goto done;
        }
        for (size_t r = 0; r < nrows; r++) {
                const char *s = fk_table_cell(t, r, (size_t)col);

                p[r] = NAN;
                if (!s)
                        continue;
                if (fk_parse_double(s, fk_table_decimal(t), &p[r]) ||
                    !(p[r] >= 0.0 && p[r] <= 1.0)) {
                        fk_error_set(&err, FK_EDATA, fk_table_row_file(t, r),
                                     fk_table_row_line(t, r),
                                     "column '%s': '%s' is not a p-value "
                                     "between 0 and 1", column, s);
                        rc = cli_fail(CMD, &err);
                        goto done;
                }
                if (!(p[r] > 0) && strpbrk(s, "123456789"))
                        cli_note(CMD, "%s:%ld: p-value '%s' is below the "
                                 "smallest number a double holds; read as 0",
                                 fk_table_row_file(t, r),
                                 fk_table_row_line(t, r), s);
                n++;
        }
        if (fk_adjust_p(p, nrows, method, adj, &err)) {
                rc = cli_fail(CMD, &err);
                goto done;
        }
        if (n == 0)
                cli_note(CMD, "column '%s' has no p-values", column);
        if (!cli_out_begin(&buf)) {
                cli_note(CMD, "out of memory");
                goto done;
        }
        rc = cli_out_end(&buf, CMD, fk_render_adjust(buf.f, o.format, t,
                         (size_t)col, p, adj, fk_adjust_method_name(method),
                         n, &o.csv), out);
done:
        free(p);
        free(adj);
        fk_table_free(t);
        return rc;
}
