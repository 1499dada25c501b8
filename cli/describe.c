/* fkstat describe: per-group summaries, the first look at a new export. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "fkstat/describeanalyse.h"
#include "fkstat/render.h"
#include "fkstat/stream.h"

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
              "summarised.  The values of columns with many distinct values\n"
              "(ids, amounts) go beyond 8 MiB to a temporary file under $TMPDIR\n"
              "(else /tmp), so memory does not grow with the rows.\n"
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

/* Read the input and summarise it: through the summary reader's sets
 * (include/fkstat/stream.h), which read the file once in bounded memory,
 * or the full table when they do not apply or FKSTAT_NO_FASTPATH=1 asks
 * for it (the identity tests compare the two). */
static int run(char **files, size_t nfiles, const struct fk_csv_opts *csv,
               const struct fk_describe_spec *spec, int check_by,
               int check_out, struct fk_describe_out *d, struct fk_table **tp)
{
        static const char *const stdin_only[] = { "-" };
        const char *env = getenv("FKSTAT_NO_FASTPATH");
        struct fk_error err = FK_ERROR_INIT;
        struct fk_sets_spec ss;
        struct cli_progress pr;
        struct fk_summary_opts so = { NULL, 0, 0, 0, cli_progress, &pr, NULL,
                                      0, 1, 0 };
        struct fk_table **sets = NULL, *full = NULL;
        size_t nsets = 0;
        int rc;

        if (env && *env && strcmp(env, "0")) {
                if ((rc = cli_read_table(CMD, files, nfiles, csv, &full)))
                        return rc;
        } else {
                fk_describe_sets_spec(spec, &ss);
                cli_progress_init(&pr, "rows");
                rc = fk_table_read_sets(nfiles ? (const char *const *)files :
                                        stdin_only, nfiles ? nfiles : 1, csv,
                                        &so, &ss, &sets, &nsets, &full, &err);
                cli_progress_end(&pr);
                if (rc)
                        return cli_fail(CMD, &err);
                cli_table_notes(CMD, full ? full : sets[0]);
        }
        if (check_by)
                rc = cli_usage(CMD, "--by takes at most %d columns",
                               FK_DESCRIBE_MAX_BY);
        else if (check_out)
                rc = cli_usage(CMD, "--outcome takes at most %d columns",
                               FK_DESCRIBE_MAX_COLS);
        else if (full ? fk_describe_table(full, spec, d, &err)
                      : fk_describe_sets(sets, nsets, spec, d, &err))
                rc = cli_fail(CMD, &err);
        for (size_t i = 0; i < nsets; i++)
                if (i || rc)
                        fk_table_free(sets[i]);
        *tp = full ? full : nsets && !rc ? sets[0] : NULL;
        if (rc && full) {
                fk_table_free(full);
                *tp = NULL;
        }
        free(sets);
        return rc;
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
        char *by_names[FK_DESCRIBE_MAX_BY], *col_names[FK_DESCRIBE_MAX_COLS];
        struct fk_describe_spec spec = { NULL, 0, NULL, 0 };
        struct fk_describe_out d;
        struct fk_describe_group *groups = NULL;
        struct fk_table *t = NULL;
        int c, rc, many_by, many_out;

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
        many_by = by_arg && count_items(by_arg) > FK_DESCRIBE_MAX_BY;
        many_out = out_arg && count_items(out_arg) > FK_DESCRIBE_MAX_COLS;
        if (by_arg && !many_by) {
                spec.nby = cli_split(by_arg, by_names, FK_DESCRIBE_MAX_BY);
                spec.by = (const char *const *)by_names;
        }
        if (out_arg && !many_out) {
                spec.ncolumns = cli_split(out_arg, col_names,
                                          FK_DESCRIBE_MAX_COLS);
                spec.columns = (const char *const *)col_names;
        }
        rc = run(argv + optind, (size_t)(argc - optind), &csv, &spec,
                 many_by, many_out, &d, &t);
        if (rc)
                return rc;
        rc = FK_EXIT_DATA;
        groups = calloc(d.ngroups + 1, sizeof *groups);
        if (!groups) {
                cli_note(CMD, "out of memory");
                goto done;
        }
        for (size_t g = 0; g < d.ngroups; g++)
                groups[g] = (struct fk_describe_group){
                        d.nby, (const char *const *)d.by_names,
                        (const char **)d.by_values + g * d.nby, d.ncols,
                        (const char *const *)d.col_names,
                        d.sums + g * d.ncols
                };
        {
                const char *files[64];
                size_t nf = fk_table_nfiles(t) < 64 ? fk_table_nfiles(t) : 64;
                struct fk_run_info info = {
                        CMD, files, nf, d.records, fk_table_delimiter(t),
                        fk_table_decimal(t), NULL, NULL, NULL, 0, 0, &o.csv
                };

                for (size_t i = 0; i < nf; i++)
                        files[i] = fk_table_file(t, i);
                if (!cli_out_begin(&ob)) {
                        cli_note(CMD, "out of memory");
                        goto done;
                }
                rc = cli_out_end(&ob, CMD, fk_render_describe(ob.f, o.format,
                                 &info, groups, d.ngroups), out);
        }
done:
        free(groups);
        fk_describe_out_release(&d);
        fk_table_free(t);
        return rc;
}
