/* fkstat compare (and its alias fkstat survival): trial vs control on one
 * or more outcomes, rendered in the format asked for.  The options, the
 * input and the analyses are the shared run of cli/compare_run.c. */
#include <stddef.h>

#include "cli/cli.h"
#include "fkstat/render.h"

static int compare_as(const char *cmd, int argc, char **argv, FILE *out,
                      enum fk_type type0)
{
        struct compare_run cr;
        struct cli_out buf;
        const char *files[64];
        size_t nf;
        int rc = compare_run(cmd, argc, argv, out, type0, 0, &cr);

        if (rc || cr.help)
                return rc;
        if (!cli_out_begin(&buf)) {
                compare_run_free(&cr);
                cli_note(cmd, "out of memory");
                return FK_EXIT_DATA;
        }
        nf = fk_table_nfiles(cr.t) < 64 ? fk_table_nfiles(cr.t) : 64;
        {
                struct fk_run_info info = {
                        cmd, files, nf, fk_table_nrecords(cr.t),
                        fk_table_delimiter(cr.t), fk_table_decimal(cr.t),
                        cr.arm_column, cr.arms.trial, cr.arms.control,
                        cr.arms.unmatched, cr.by_cluster, &cr.output.csv
                };

                for (size_t i = 0; i < nf; i++)
                        files[i] = fk_table_file(cr.t, i);
                rc = fk_render_compare(buf.f, cr.output.format, &info, cr.res,
                                       cr.nout);
        }
        compare_run_free(&cr);
        return cli_out_end(&buf, cmd, rc, out);
}

int cmd_compare(int argc, char **argv, FILE *out)
{
        return compare_as("compare", argc, argv, out, FK_TYPE_AUTO);
}

int cmd_survival(int argc, char **argv, FILE *out)
{
        return compare_as("survival", argc, argv, out, FK_TYPE_SURVIVAL);
}
