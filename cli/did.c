/* fkstat did: difference in differences on a municipality x period panel
 * with municipality-level inference (CR1, CR2, wild bootstrap,
 * randomization) and an event study. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "fkstat/did.h"
#include "fkstat/panel.h"
#include "fkstat/render.h"

static const char *CMD = "did";

static void help(FILE *out)
{
        fputs("usage: fkstat did FILE --unit COL --period COL --outcome COL "
              "--treated COL\n"
              "                  --start PERIOD [options]\n"
              "\n"
              "Difference in differences: two-way fixed effects (unit, period)\n"
              "with the treated x post term, units (municipalities) as clusters.\n"
              "Rows are unit x period cells; several rows of one cell (person\n"
              "rows) are averaged, weighted, into the cell.\n"
              "\n"
              "  --unit COL           unit (municipality) column; the clusters\n"
              "  --period COL         period: 2017, 2017Q3, 2017-07 or 2017M07\n"
              "  --outcome COL        outcome (e.g. share self-supporting)\n"
              "  --treated COL        per-unit 0/1: trial municipality\n"
              "  --start PERIOD       first trial period (post = period >= start)\n"
              "  --weight COL         cell weight (e.g. people in the cell)\n"
              "  --better higher|lower  direction of the verdict (default higher)\n"
              "  --margin X           non-inferiority margin on the CR2 interval\n"
              "  --conf L             confidence level (default 0.95)\n"
              "  --reps B             bootstrap/randomization draws (default 9999)\n"
              "  --seed N             random seed (default 1)\n"
              "  --format F           text (default), json, csv, markdown\n"
              "  --delimiter C --decimal C --na LIST   input (default: detected)\n"
              "\n"
              "Inference: CR1 (Stata regress, vcovCL HC1, t(G-1)); CR2 with\n"
              "Satterthwaite df (clubSandwich); wild cluster bootstrap (WCR,\n"
              "Rademacher, Webb below 12 units); randomization over units.\n"
              "The event study gives each period relative to the last pre-period.\n"
              "\n"
              "Example:\n"
              "  fkstat did datasets/examples/panel.csv --unit kommune "
              "--period kvartal \\\n"
              "      --outcome andel --treated forsoeg --start 2017Q3 "
              "--weight antal\n", out);
}

int did_run(const char *cmd, int argc, char **argv, FILE *out,
            struct did_run *dr)
{
        enum { O_UNIT = 256, O_PERIOD, O_OUTCOME, O_TREATED, O_START,
               O_WEIGHT, O_BETTER, O_MARGIN, O_CONF, O_REPS, O_SEED, O_HELP };
        static const struct option longopts[] = {
                { "unit", required_argument, NULL, O_UNIT },
                { "period", required_argument, NULL, O_PERIOD },
                { "outcome", required_argument, NULL, O_OUTCOME },
                { "treated", required_argument, NULL, O_TREATED },
                { "start", required_argument, NULL, O_START },
                { "weight", required_argument, NULL, O_WEIGHT },
                { "better", required_argument, NULL, O_BETTER },
                { "margin", required_argument, NULL, O_MARGIN },
                { "conf", required_argument, NULL, O_CONF },
                { "reps", required_argument, NULL, O_REPS },
                { "seed", required_argument, NULL, O_SEED },
                { "help", no_argument, NULL, O_HELP },
                CLI_INPUT_OPTIONS,
                { NULL, 0, NULL, 0 }
        };
        struct fk_panel_spec spec = { NULL, NULL, NULL, NULL, NULL, NULL };
        struct fk_csv_opts csv = FK_CSV_OPTS_INIT;
        enum fk_format fmt = FK_FMT_TEXT;
        struct fk_did_info info = { 0 };
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t = NULL;
        struct fk_panel p;
        struct fk_did_result r;
        double reps = 9999, margin = NAN;
        unsigned long seed = 1;
        int c, rc;

        memset(dr, 0, sizeof *dr);
        CMD = cmd;
        info.better = FK_BETTER_HIGHER;
        info.conf_level = 0.95;
        opterr = 0;
        optind = 1;
        while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
                switch (c) {
                case O_UNIT: spec.unit = optarg; break;
                case O_PERIOD: spec.period = optarg; break;
                case O_OUTCOME: spec.outcome = optarg; break;
                case O_TREATED: spec.treated = optarg; break;
                case O_START: spec.start = optarg; break;
                case O_WEIGHT: spec.weight = optarg; break;
                case O_BETTER:
                        if (cli_better(CMD, optarg, &info.better))
                                return FK_EXIT_USAGE;
                        break;
                case O_MARGIN:
                        if (cli_margin(CMD, optarg, &margin))
                                return FK_EXIT_USAGE;
                        break;
                case O_CONF:
                        if (cli_conf(CMD, optarg, &info.conf_level))
                                return FK_EXIT_USAGE;
                        break;
                case O_REPS:
                        if (cli_reps(CMD, optarg, &reps))
                                return FK_EXIT_USAGE;
                        break;
                case O_SEED:
                        if (cli_seed(CMD, optarg, &seed))
                                return FK_EXIT_USAGE;
                        break;
                case 'h':
                case O_HELP:
                        help(out);
                        dr->help = 1;
                        return FK_EXIT_OK;
                default:
                        if (cli_input_option(CMD, c, argv, &csv, &fmt))
                                return FK_EXIT_USAGE;
                }
        }
        if (!spec.unit || !spec.period || !spec.outcome || !spec.treated ||
            !spec.start)
                return cli_usage(CMD, "--unit, --period, --outcome, --treated "
                                 "and --start are required");
        rc = cli_read_table(CMD, argv + optind, (size_t)(argc - optind), &csv,
                            &t);
        if (rc)
                return rc;
        if (fk_panel_read(t, &spec, &p, &err)) {
                fk_table_free(t);
                return cli_fail(CMD, &err);
        }
        if (p.excluded)
                cli_note(CMD, "%zu rows without an outcome or weight left out",
                         p.excluded);
        if (p.aggregated)
                cli_note(CMD, "several rows per %s and %s: averaged into cells",
                         spec.unit, spec.period);
        rc = fk_did_fit(&p, info.conf_level, (size_t)reps, seed, &r, &err);
        if (rc) {
                fk_panel_release(&p);
                fk_table_free(t);
                return cli_fail(CMD, &err);
        }
        if (r.units[0] < 5 || r.units[1] < 5)
                cli_note(CMD, "warning: fewer than 5 units on a side (%zu "
                         "treated, %zu control): cluster-level inference is "
                         "fragile; prefer the randomization p-value",
                         r.units[0], r.units[1]);
        if (r.event_note)
                cli_note(CMD, "note: %s", r.event_note);
        fk_did_verdict(&r, info.better, margin, &info.verdict);
        info.name = info.outcome = spec.outcome;
        info.unit = spec.unit;
        info.period = spec.period;
        info.treated = spec.treated;
        info.weight = spec.weight;
        info.start = spec.start;
        dr->t = t;
        dr->p = p;
        dr->r = r;
        dr->info = info;
        dr->format = fmt;
        return FK_EXIT_OK;
}

void did_run_free(struct did_run *dr)
{
        fk_did_release(&dr->r);
        fk_panel_release(&dr->p);
        fk_table_free(dr->t);
        memset(dr, 0, sizeof *dr);
}

int cmd_did(int argc, char **argv, FILE *out)
{
        struct did_run dr;
        struct fk_run_info run = { 0 };
        const char *files[64];
        size_t nf;
        int rc = did_run("did", argc, argv, out, &dr);

        if (rc || dr.help)
                return rc;
        nf = fk_table_nfiles(dr.t) < 64 ? fk_table_nfiles(dr.t) : 64;
        for (size_t i = 0; i < nf; i++)
                files[i] = fk_table_file(dr.t, i);
        run.command = "did";
        run.files = files;
        run.nfiles = nf;
        run.rows = (double)fk_table_nrows(dr.t);
        run.delimiter = fk_table_delimiter(dr.t);
        run.decimal = fk_table_decimal(dr.t);
        rc = fk_render_did(out, dr.format, &run, &dr.info, &dr.p, &dr.r) ?
             FK_EXIT_DATA : FK_EXIT_OK;
        if (rc)
                cli_note("did", "out of memory");
        did_run_free(&dr);
        return rc;
}
