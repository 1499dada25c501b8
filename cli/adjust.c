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
              "  --format F           text (default), json, csv (the input with\n"
              "                       the column p_M added), markdown\n"
              "\n"
              "Example:\n"
              "  fkstat adjust pvalues.csv --column p --method bh\n", out);
}

/* The shortest %g form that reads back as x, with the decimal mark dec. */
static const char *num(char *buf, size_t len, double x, char dec)
{
        if (isnan(x)) {
                snprintf(buf, len, "NA");
                return buf;
        }
        if (fabs(x) < 9007199254740992.0 && !(x - floor(x) > 0)) {
                snprintf(buf, len, "%.0f", x);  /* whole: 300, not 3e+02 */
                return buf;
        }
        for (int prec = 1; prec <= 17; prec++) {
                snprintf(buf, len, "%.*g", prec, x);
                if (!(strtod(buf, NULL) < x) && !(strtod(buf, NULL) > x))
                        break;
        }
        if (dec != '.') {
                char *dot = strchr(buf, '.');

                if (dot)
                        *dot = dec;
        }
        return buf;
}

/* s as a CSV field with delimiter d, quoted when it must be. */
static void csv_field(FILE *out, const char *s, char d)
{
        if (!strchr(s, d) && !strpbrk(s, "\"\r\n")) {
                fputs(s, out);
                return;
        }
        fputc('"', out);
        for (; *s; s++) {
                if (*s == '"')
                        fputc('"', out);
                fputc(*s, out);
        }
        fputc('"', out);
}

static void write_csv(FILE *out, const struct fk_table *t, const double *adj,
                      const char *name)
{
        char d = fk_table_delimiter(t), buf[40];

        for (size_t c = 0; c < fk_table_ncols(t); c++) {
                csv_field(out, fk_table_colname(t, c), d);
                fputc(d, out);
        }
        fprintf(out, "p_%s\n", name);
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                for (size_t c = 0; c < fk_table_ncols(t); c++) {
                        const char *s = fk_table_cell(t, r, c);

                        csv_field(out, s ? s : "NA", d);
                        fputc(d, out);
                }
                fprintf(out, "%s\n", num(buf, sizeof buf, adj[r],
                                         fk_table_decimal(t)));
        }
}

static int write_json(FILE *out, const struct fk_table *t, const double *adj,
                      const char *name)
{
        json_t *doc = json_object(), *files = json_array(), *a = json_array();
        char dl[2] = { fk_table_delimiter(t), '\0' };
        char dc[2] = { fk_table_decimal(t), '\0' };
        int rc;

        json_object_set_new(doc, "fkstat",
                            json_pack("{ssss}", "version", FK_VERSION,
                                      "command", CMD));
        for (size_t i = 0; i < fk_table_nfiles(t); i++)
                json_array_append_new(files, json_string(fk_table_file(t, i)));
        json_object_set_new(doc, "input",
                            json_pack("{sosIssss}", "files", files, "rows",
                                      (json_int_t)fk_table_nrows(t),
                                      "delimiter", dl, "decimal", dc));
        json_object_set_new(doc, "method", json_string(name));
        for (size_t r = 0; r < fk_table_nrows(t); r++)
                json_array_append_new(a, fk_json_num(adj[r]));
        json_object_set_new(doc, "adjusted", a);
        for (size_t r = 0; r < fk_table_nrows(t); r++)
                if (isnan(adj[r])) {
                        json_object_set_new(doc, "note", json_string(
                                "null where the p-value is missing; missing "
                                "p-values are not counted in n"));
                        break;
                }
        rc = fk_json_write(out, doc);
        json_decref(doc);
        return rc;
}

static void write_table(FILE *out, enum fk_format fmt,
                        const struct fk_table *t, long col, const double *p,
                        const double *adj, const char *name, size_t n)
{
        char b1[40], b2[40];

        if (fmt == FK_FMT_MARKDOWN)
                fprintf(out, "p-values adjusted by %s (n = %zu)\n\n"
                        "| line | %s | p_%s |\n|---:|---:|---:|\n", name, n,
                        fk_table_colname(t, (size_t)col), name);
        else
                fprintf(out, "p-values adjusted by %s (n = %zu)\n\n"
                        "%8s %24s %24s\n", name, n, "line",
                        fk_table_colname(t, (size_t)col), "adjusted");
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                /* six significant digits, as R prints them */
                snprintf(b1, sizeof b1, isnan(p[r]) ? "NA" : "%.6g", p[r]);
                snprintf(b2, sizeof b2, isnan(adj[r]) ? "NA" : "%.6g", adj[r]);
                if (fmt == FK_FMT_MARKDOWN)
                        fprintf(out, "| %ld | %s | %s |\n",
                                fk_table_row_line(t, r), b1, b2);
                else
                        fprintf(out, "%8ld %24s %24s\n",
                                fk_table_row_line(t, r), b1, b2);
        }
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
        enum fk_format fmt = FK_FMT_TEXT;
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
                        v = cli_input_option(CMD, c, optarg, &csv, &fmt);
                        if (v == 0)
                                break;
                        if (v > 0)
                                return v;
                        return cli_bad_option(CMD, c, argv);
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
                n++;
        }
        if (fk_adjust_p(p, nrows, method, adj, &err)) {
                rc = cli_fail(CMD, &err);
                goto done;
        }
        if (n == 0)
                cli_note(CMD, "column '%s' has no p-values", column);
        switch (fmt) {
        case FK_FMT_JSON:
                if (write_json(out, t, adj, fk_adjust_method_name(method))) {
                        cli_note(CMD, "out of memory");
                        goto done;
                }
                break;
        case FK_FMT_CSV:
                write_csv(out, t, adj, fk_adjust_method_name(method));
                break;
        default:
                write_table(out, fmt, t, col, p, adj,
                            fk_adjust_method_name(method), n);
                break;
        }
        rc = FK_EXIT_OK;
done:
        free(p);
        free(adj);
        fk_table_free(t);
        return rc;
}
