/* fkstat did: difference in differences on a municipality x period panel
 * with municipality-level inference (CR1, CR2, wild bootstrap,
 * randomization) and an event study, or, with staggered starts, the
 * Callaway–Sant'Anna estimates; the pipeline is analyse/did.c. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "fkstat/didanalyse.h"
#include "fkstat/render.h"
#include "fkstat/stream.h"

static const char *CMD = "did";

static void help(FILE *out)
{
        fputs("usage: fkstat did FILE --unit COL --period COL --outcome COL\n"
              "                  (--treated COL | --treated-units LIST) "
              "--start PERIOD [options]\n"
              "       fkstat did FILE --unit COL --period COL --outcome COL\n"
              "                  (--start COL | --starts FILE) [options]\n"
              "\n"
              "Difference in differences on a municipality x period panel, units\n"
              "(municipalities) as clusters.  Rows are unit x period cells; several\n"
              "rows of one cell (person rows) are averaged, weighted, into the cell.\n"
              "\n"
              "One start: two-way fixed effects (unit, period) with the treated x\n"
              "post term.  Inference: CR1 (Stata regress, vcovCL HC1, t(G-1)); CR2\n"
              "with Satterthwaite df (clubSandwich), on which the verdict rests;\n"
              "wild cluster bootstrap (WCR, Rademacher, Webb below 12 units);\n"
              "randomization over units.  The event study gives each period\n"
              "relative to the last pre-period.\n"
              "\n"
              "Staggered starts (each unit's own first trial period): Callaway and\n"
              "Sant'Anna's ATT(g,t) per cohort g and period t with the analytic\n"
              "se of R did::att_gt(bstrap = FALSE); the simple, dynamic (event\n"
              "time) and group aggregates of did::aggte, t(G-1) intervals; the\n"
              "two-way fixed-effects coefficient with its Goodman-Bacon\n"
              "decomposition; randomization over reassignments of the starts.\n"
              "The verdict rests on the simple aggregate.  Unweighted.\n"
              "\n"
              "  --unit COL           unit (municipality) column; the clusters\n"
              "  --period COL         period: 2017, 2017H1, 2017Q3, 2017K3, 2017M07\n"
              "                       or 2017-07\n"
              "  --outcome COL        outcome (e.g. share self-supporting)\n"
              "  --treated COL        per-unit 0/1: trial municipality\n"
              "  --treated-units LIST the trial municipalities: a comma list or\n"
              "                       @FILE (one a line), any case\n"
              "  --start PERIOD|COL   first trial period (post = period >= start),\n"
              "                       or a column with each unit's first trial\n"
              "                       period (empty: never in the trial)\n"
              "  --starts FILE        each unit's first trial period from\n"
              "                       unit;start lines (units not listed: never)\n"
              "  --control-group G    staggered: never (default) or notyet (also\n"
              "                       units starting after the periods compared)\n"
              "  --base-period B      staggered: varying (default; t-1 before the\n"
              "                       start) or universal (the period before it)\n"
              "  --wide               the table has one column per period (as\n"
              "                       StatBank and Excel give them): those\n"
              "                       columns become rows, --period and\n"
              "                       --outcome name the two new columns\n"
              "                       (names not in the header), --unit is an\n"
              "                       ordinary column\n"
              "  --weight COL         cell weight (e.g. people; one start only)\n"
              "  --better higher|lower  direction of the verdict (default higher)\n"
              "  --margin X           non-inferiority margin of the verdict\n"
              "  --conf L             confidence level (default 0.95)\n"
              "  --reps B             bootstrap/randomization draws (default 9999)\n"
              "  --seed N             random seed (default 1)\n"
              "  --format F           text (default), json, csv, markdown\n"
              "  --csv-dialect D      csv: default (',' and a decimal point) or\n"
              "                       excel-da (';', decimal comma, UTF-8 BOM)\n"
              "  --delimiter C --decimal C --na LIST   input (default: detected)\n"
              "  --skip N --thousands C|none --encoding E   likewise\n"
              "\n"
              "Examples:\n"
              "  fkstat did datasets/examples/panel.csv --unit kommune "
              "--period kvartal \\\n"
              "      --outcome andel --treated forsoeg --start 2017Q3 "
              "--weight antal\n"
              "  fkstat did panel.csv --unit kommune --period kvartal "
              "--outcome andel \\\n"
              "      --start forsoeg_start --control-group notyet\n"
              "  fkstat did wide.csv --wide --unit Kommune --period kvartal "
              "\\\n"
              "      --outcome andel --treated-units @trial.txt --start "
              "2019K1\n", out);
}

/* Notes of the pipeline, on stderr. */
static void note(void *ctx, const char *msg)
{
        cli_note((const char *)ctx, "%s", msg);
}

/* Read the columns the panel needs through the summary reader's sets
 * (include/fkstat/stream.h): person rows become one row per combination
 * of unit, period, treated, start and weight with the outcome counted, or
 * summed once its values are many — never a row per person.  The full
 * table when the sets do not apply, or FKSTAT_NO_FASTPATH=1 asks for it
 * (the identity tests compare the two). */
static int read_panel(char **files, size_t nfiles,
                      const struct fk_csv_opts *csv,
                      const struct fk_did_spec *spec, struct fk_table **t)
{
        static const char *const stdin_only[] = { "-" };
        const char *env = getenv("FKSTAT_NO_FASTPATH");
        const char *keys[5];
        struct fk_sets_spec ss = { keys, 0, &spec->outcome, 1,
                                   FK_NUMBERS_SUMS, 0, 0, 0, 0 };
        struct fk_error err = FK_ERROR_INIT;
        struct cli_progress pr;
        struct fk_summary_opts so = { NULL, 0, 0, 0, cli_progress, &pr, NULL,
                                      0, 1, 0 };
        struct fk_table **sets = NULL, *full = NULL;
        size_t nsets = 0;
        int rc;

        if (env && *env && strcmp(env, "0"))
                return cli_read_table(CMD, files, nfiles, csv, t);
        keys[ss.nkeys++] = spec->unit;
        keys[ss.nkeys++] = spec->period;
        if (spec->treated)
                keys[ss.nkeys++] = spec->treated;
        if (spec->start && !fk_did_start_is_period(spec->start))
                keys[ss.nkeys++] = spec->start;
        if (spec->weight)
                keys[ss.nkeys++] = spec->weight;
        cli_progress_init(&pr, "rows");
        rc = fk_table_read_sets(nfiles ? (const char *const *)files :
                                stdin_only, nfiles ? nfiles : 1, csv, &so, &ss,
                                &sets, &nsets, &full, &err);
        cli_progress_end(&pr);
        if (rc)
                return cli_fail(CMD, &err);
        for (size_t i = 1; i < nsets; i++)
                fk_table_free(sets[i]);
        *t = full ? full : sets[0];
        free(sets);
        cli_table_notes(CMD, *t);
        return 0;
}

int did_run(const char *cmd, int argc, char **argv, FILE *out,
            struct did_run *dr)
{
        enum { O_UNIT = 256, O_PERIOD, O_OUTCOME, O_TREATED, O_TUNITS,
               O_START, O_STARTS, O_CONTROL, O_BASE, O_WEIGHT, O_BETTER,
               O_MARGIN, O_CONF, O_REPS, O_SEED, O_WIDE, O_HELP };
        static const struct option longopts[] = {
                { "unit", required_argument, NULL, O_UNIT },
                { "period", required_argument, NULL, O_PERIOD },
                { "outcome", required_argument, NULL, O_OUTCOME },
                { "treated", required_argument, NULL, O_TREATED },
                { "treated-units", required_argument, NULL, O_TUNITS },
                { "start", required_argument, NULL, O_START },
                { "starts", required_argument, NULL, O_STARTS },
                { "control-group", required_argument, NULL, O_CONTROL },
                { "base-period", required_argument, NULL, O_BASE },
                { "weight", required_argument, NULL, O_WEIGHT },
                { "better", required_argument, NULL, O_BETTER },
                { "margin", required_argument, NULL, O_MARGIN },
                { "conf", required_argument, NULL, O_CONF },
                { "reps", required_argument, NULL, O_REPS },
                { "seed", required_argument, NULL, O_SEED },
                { "wide", no_argument, NULL, O_WIDE },
                { "help", no_argument, NULL, O_HELP },
                CLI_INPUT_OPTIONS,
                { NULL, 0, NULL, 0 }
        };
        struct fk_did_spec spec = FK_DID_SPEC_INIT;
        struct fk_csv_opts csv = FK_CSV_OPTS_INIT;
        struct cli_output o = CLI_OUTPUT_INIT;
        struct fk_did_info info = { 0 };
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t = NULL;
        struct fk_did_analysis a;
        const struct fk_panel *p;
        double margin = NAN;
        size_t nt, nc;
        int c, rc, wide = 0;

        memset(dr, 0, sizeof *dr);
        CMD = cmd;
        info.better = FK_BETTER_HIGHER;
        spec.note = note;
        spec.note_ctx = (void *)cmd;
        opterr = 0;
        optind = 1;
        while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
                switch (c) {
                case O_UNIT: spec.unit = optarg; break;
                case O_PERIOD: spec.period = optarg; break;
                case O_OUTCOME: spec.outcome = optarg; break;
                case O_TREATED: spec.treated = optarg; break;
                case O_TUNITS: spec.treated_units = optarg; break;
                case O_START: spec.start = optarg; break;
                case O_STARTS: spec.starts = optarg; break;
                case O_WEIGHT: spec.weight = optarg; break;
                case O_WIDE: wide = 1; break;
                case O_CONTROL:
                        if ((rc = fk_control_group_parse(optarg)) < 0)
                                return cli_usage(CMD, "unknown --control-group "
                                                 "'%s' (never or notyet)",
                                                 optarg);
                        spec.control_group = (enum fk_control_group)rc;
                        break;
                case O_BASE:
                        if ((rc = fk_base_period_parse(optarg)) < 0)
                                return cli_usage(CMD, "unknown --base-period "
                                                 "'%s' (varying or universal)",
                                                 optarg);
                        spec.base_period = (enum fk_base_period)rc;
                        break;
                case O_BETTER:
                        if (cli_better(CMD, optarg, &info.better))
                                return FK_EXIT_USAGE;
                        break;
                case O_MARGIN:
                        if (cli_margin(CMD, optarg, &margin))
                                return FK_EXIT_USAGE;
                        break;
                case O_CONF:
                        if (cli_conf(CMD, optarg, &spec.conf))
                                return FK_EXIT_USAGE;
                        break;
                case O_REPS:
                        if (cli_reps(CMD, optarg, &spec.reps))
                                return FK_EXIT_USAGE;
                        break;
                case O_SEED:
                        if (cli_seed(CMD, optarg, &spec.seed))
                                return FK_EXIT_USAGE;
                        break;
                case 'h':
                case O_HELP:
                        help(out);
                        dr->help = 1;
                        return FK_EXIT_OK;
                default:
                        if (cli_input_option(CMD, c, argv, &csv, &o))
                                return FK_EXIT_USAGE;
                }
        }
        /* what can be said before reading the data */
        if (!spec.unit || !spec.period || !spec.outcome ||
            (!spec.start && !spec.starts))
                return cli_usage(CMD, "--unit, --period, --outcome and "
                                 "--start (or --starts) are required");
        if (spec.starts && spec.weight)
                return cli_usage(CMD, "--weight does not go with per-unit "
                                 "starts: the staggered estimates are "
                                 "unweighted");
        if (wide && !strcmp(spec.period, spec.outcome))
                return cli_usage(CMD, "--wide: --period and --outcome name "
                                 "the two new columns and must differ");
        if (wide) {
                csv.wide_period = spec.period;
                csv.wide_value = spec.outcome;
        }
        rc = read_panel(argv + optind, (size_t)(argc - optind), &csv, &spec,
                        &t);
        if (rc)
                return rc;
        if (fk_did_analyse(t, &spec, &a, &err)) {
                fk_did_analysis_release(&a);
                fk_table_free(t);
                return cli_fail(CMD, &err);
        }
        p = &a.panel;
        if (p->excluded)
                cli_note(CMD, "%zu rows without an outcome or weight left out",
                         p->excluded);
        if (p->aggregated)
                cli_note(CMD, "several rows per %s and %s: averaged into cells",
                         spec.unit, spec.period);
        fk_did_analysis_units(&a, &nt, &nc);
        if (nt < 5 || nc < 5)
                cli_note(CMD, "warning: fewer than 5 units on a side (%zu "
                         "treated, %zu control): cluster-level inference is "
                         "fragile; prefer the randomization p-value", nt, nc);
        if (!a.staggered && a.r.event_note)
                cli_note(CMD, "note: %s", a.r.event_note);
        fk_did_analysis_verdict(&a, info.better, margin, &info.verdict);
        info.name = info.outcome = spec.outcome;
        info.unit = spec.unit;
        info.period = spec.period;
        info.treated = spec.treated;
        info.treated_units = spec.treated_units;
        info.weight = spec.weight;
        info.start = spec.start;
        info.starts = spec.starts;
        info.control_group = spec.control_group;
        info.base_period = spec.base_period;
        info.conf_level = spec.conf;
        dr->t = t;
        dr->a = a;
        dr->info = info;
        dr->output = o;
        return FK_EXIT_OK;
}

void did_run_free(struct did_run *dr)
{
        fk_did_analysis_release(&dr->a);
        fk_table_free(dr->t);
        memset(dr, 0, sizeof *dr);
}

int cmd_did(int argc, char **argv, FILE *out)
{
        struct did_run dr;
        struct fk_run_info run = { 0 };
        struct cli_out buf;
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
        run.rows = fk_table_nrecords(dr.t);
        run.delimiter = fk_table_delimiter(dr.t);
        run.decimal = fk_table_decimal(dr.t);
        run.csv = &dr.output.csv;
        if (!cli_out_begin(&buf)) {
                did_run_free(&dr);
                cli_note("did", "out of memory");
                return FK_EXIT_DATA;
        }
        rc = fk_render_did_analysis(buf.f, dr.output.format, &run, &dr.info, &dr.a);
        did_run_free(&dr);
        return cli_out_end(&buf, "did", rc, out);
}
