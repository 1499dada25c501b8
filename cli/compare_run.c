/* The run shared by `fkstat compare`, `fkstat survival` and `fkstat plot`:
 * options, reading the input, and the analysis of each outcome; see
 * compare_run in cli/cli.h. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "fkstat/analyse.h"
#include "fkstat/progress.h"
#include "fkstat/stream.h"
#include "fkstat/render.h"

#define MAX_OUTCOMES 64

struct compare_opts {
        const char *cmd;                /* "compare", "survival", "plot" */
        char *outcome;
        const char *trial, *control;    /* arm labels (NULL: detect) */
        const char *better, *margin;    /* one value, or one per outcome */
        int by_cluster;                 /* text: the per-municipality table */
        struct cli_output output;       /* --format, --csv-dialect */
        struct fk_csv_opts csv;
        struct fk_compare_spec s;       /* everything the pipeline reads */
};

static void help_survival(FILE *out)
{
        fputs("usage: fkstat survival FILE... --time COL --event COL [options]\n"
              "\n"
              "Time to job: compare the trial arm with the control arm on a\n"
              "duration with censoring (the same as 'fkstat compare --type\n"
              "survival').  Per arm: people, job entries, censored spells, the\n"
              "median time with its interval and the cumulative job entry\n"
              "1 - S(t); the Cox hazard ratio of job entry (above 1 = faster\n"
              "in the trial arm) and the log-rank test; with clusters, the\n"
              "Lin-Wei robust interval judges the verdict.\n"
              "\n"
              "  --time COL --event COL   duration and 1 = job, 0 = censored\n"
              "  --outcome NAME       name of the result (default: the time)\n"
              "  --arm COL --trial V --control V   the arms (as compare)\n"
              "  --margin X           non-inferiority: the hazard ratio must\n"
              "                       lie above 1 - X (0.1: above 0.9)\n"
              "  --better higher|lower  faster job entry is better (higher)\n"
              "  --km-ci M            log-log (default), log, plain\n"
              "  --ties M             efron (default) or breslow (Cox)\n"
              "  --at LIST            times for cumulative job entry (13,26,52)\n"
              "  --table              the Kaplan-Meier table (json, csv)\n"
              "  --cluster COL|auto|none  municipality column (auto: a column\n"
              "                       kommune, kommunenavn, kommunekode,\n"
              "                       municipality or cluster nesting the arms)\n"
              "  --by-cluster         text and Markdown: the per-municipality table\n"
              "  --reps B --seed N    randomization draws (9999) and seed (1)\n"
              "  --freq COL           each row stands for COL identical people\n"
              "  --conf LEVEL         confidence level (0.95)\n"
              "  --delimiter C --decimal C --na LIST   input (default detected)\n"
              "  --skip N --thousands C|none --encoding E   (default detected)\n"
              "  --format F           text (default), json, csv, markdown\n"
              "  --csv-dialect D      csv: default (',' and a decimal point) or\n"
              "                       excel-da (';', decimal comma, UTF-8 BOM)\n"
              "\n"
              "Example:\n"
              "  fkstat survival datasets/examples/ledighed.csv --time uger \\\n"
              "      --event job --margin 0.1\n", out);
}

static void help(FILE *out, const char *cmd)
{
        if (!strcmp(cmd, "survival")) {
                help_survival(out);
                return;
        }
        fputs("usage: fkstat compare FILE... --outcome COL[,COL...] [options]\n"
              "\n"
              "Compare the trial arm with the control arm on each outcome:\n"
              "per-arm estimates, effects with confidence intervals, tests, and\n"
              "a verdict (with --margin: superior / non-inferior / inferior /\n"
              "inconclusive).  FILE '-' or none reads standard input.\n"
              "\n"
              "Arms:\n"
              "  --arm COL            arm column (default 'arm')\n"
              "  --trial V            the trial arm: a value, a comma list\n"
              "                       or @FILE (one value a line); matched\n"
              "                       after trimming, in any case.  Default:\n"
              "                       of two values, the one called trial,\n"
              "                       forsøg, treatment, intervention, 1,\n"
              "                       ja or yes, else the one beginning\n"
              "                       forsøg (Forsøgskommune)\n"
              "  --control V          the control arm, likewise (default:\n"
              "                       every value not in the trial arm)\n"
              "Outcome:\n"
              "  --outcome COL,...    outcome column(s)\n"
              "  --type T             binary, count, ordinal or continuous\n"
              "                       (default inferred from the values)\n"
              "  --better higher|lower  which direction is better (higher);\n"
              "                       a comma list gives one per outcome\n"
              "  --margin X           non-inferiority margin on the verdict\n"
              "                       effect's scale (0.02 = 2 points for\n"
              "                       binary; outcome units for means); a\n"
              "                       comma list gives one per outcome\n"
              "  --conf LEVEL         confidence level (0.95)\n"
              "  --ci-method M        risk difference CI: miettinen_nurminen\n"
              "                       (default, as R PropCIs::diffscoreci),\n"
              "                       miettinen_nurminen_statsmodels, newcombe,\n"
              "                       wald, agresti_caffo (see METHODS.md)\n"
              "  --exposure COL       count: person-time for the rate ratio\n"
              "  --top N              ordinal: top-box = the N highest levels (2)\n"
              "  --levels MIN:MAX     ordinal: the scale (default: observed)\n",
              out);
        fputs("Survival (time to job; also 'fkstat survival'):\n"
              "  --time COL --event COL   duration and 1 = job, 0 = censored\n"
              "  --km-ci M            log-log (default), log, plain\n"
              "  --ties M             efron (default) or breslow (Cox)\n"
              "  --at LIST            times for cumulative job entry (13,26,52)\n"
              "  --table              the Kaplan-Meier table (json, csv)\n"
              "Clustered designs (arms assigned by municipality):\n"
              "  --cluster COL        ICC, CR2 (Satterthwaite), wild cluster\n"
              "                       bootstrap, randomization inference;\n"
              "                       survival: Cox with the Lin-Wei robust\n"
              "                       variance, randomization on log HR.\n"
              "                       The verdict then uses the cluster-level\n"
              "                       interval.  Default auto: a column named\n"
              "                       kommune, kommunenavn, kommunekode,\n"
              "                       municipality or cluster (any case) in\n"
              "                       which each value lies in one arm, with\n"
              "                       2+ values per arm; none: no clustering\n"
              "  --by-cluster         text and Markdown: the per-municipality table\n"
              "  --reps B --seed N    resampling draws (9999) and seed (1)\n"
              "Stratified (binary):\n"
              "  --strata COL         Mantel-Haenszel OR and RD, CMH test,\n"
              "                       Breslow-Day homogeneity across COL\n"
              "Aggregated input:\n"
              "  --successes COL --trials COL   binary counts per row\n"
              "  --freq COL           each row stands for COL identical people\n"
              "Input and output:\n"
              "  --delimiter C        ',' ';' or tab (default detected)\n"
              "  --decimal C          '.' or ',' (default detected)\n"
              "  --na LIST            missing-value codes (default NA,.,-,..)\n"
              "  --skip N             the header is line N+1 (default: title\n"
              "                       lines above it and note lines below\n"
              "                       the data are found and skipped)\n"
              "  --thousands C|none   thousands separator (default detected:\n"
              "                       1.069 in a column of whole numbers)\n"
              "  --encoding E         utf-8 or cp1252 (default detected; a\n"
              "                       file that mixes them is an error)\n"
              "  --format F           text (default), json, csv, markdown\n"
              "  --csv-dialect D      csv: default (',' and a decimal point) or\n"
              "                       excel-da (';', decimal comma, UTF-8 BOM)\n"
              "\n"
              "Example:\n"
              "  fkstat compare datasets/examples/job.csv --outcome job_52w \\\n"
              "      --margin 0.02\n", out);
}

static int parse_opts(int argc, char **argv, struct compare_opts *o,
                      int *show_help)
{
        enum { O_OUTCOME = 256, O_ARM, O_TRIAL, O_CONTROL, O_TYPE, O_BETTER,
               O_MARGIN, O_CONF,  O_CIM, O_SUCC, O_TRIALS, O_FREQ,
                  O_HELP, O_EXPOSURE, O_TOP, O_LEVELS,
               O_TIME, O_EVENT, O_KMCI, O_TIES, O_AT, O_TABLE, O_STRATA,
               O_CLUSTER, O_REPS, O_SEED, O_BYCLUSTER, O_UNSUPPORTED };
        static const struct option longopts[] = {
                { "outcome", required_argument, NULL, O_OUTCOME },
                { "arm", required_argument, NULL, O_ARM },
                { "trial", required_argument, NULL, O_TRIAL },
                { "control", required_argument, NULL, O_CONTROL },
                { "type", required_argument, NULL, O_TYPE },
                { "better", required_argument, NULL, O_BETTER },
                { "margin", required_argument, NULL, O_MARGIN },
                { "conf", required_argument, NULL, O_CONF },
                { "ci-method", required_argument, NULL, O_CIM },
                { "successes", required_argument, NULL, O_SUCC },
                { "trials", required_argument, NULL, O_TRIALS },
                { "freq", required_argument, NULL, O_FREQ },
                CLI_INPUT_OPTIONS,
                { "help", no_argument, NULL, O_HELP },
                { "cluster", required_argument, NULL, O_CLUSTER },
                { "by-cluster", no_argument, NULL, O_BYCLUSTER },
                { "reps", required_argument, NULL, O_REPS },
                { "seed", required_argument, NULL, O_SEED },
                { "strata", required_argument, NULL, O_STRATA },
                { "exposure", required_argument, NULL, O_EXPOSURE },
                { "top", required_argument, NULL, O_TOP },
                { "levels", required_argument, NULL, O_LEVELS },
                { "time", required_argument, NULL, O_TIME },
                { "event", required_argument, NULL, O_EVENT },
                { "km-ci", required_argument, NULL, O_KMCI },
                { "ties", required_argument, NULL, O_TIES },
                { "at", required_argument, NULL, O_AT },
                { "table", no_argument, NULL, O_TABLE },
                { NULL, 0, NULL, 0 }
        };
        int c, v, li = 0;
        double d;
        char *end;

        opterr = 0;
        optind = 1;
        while ((c = getopt_long(argc, argv, ":h", longopts, &li)) != -1) {
                switch (c) {
                case O_OUTCOME: o->outcome = optarg; break;
                case O_ARM: o->s.arm = optarg; break;
                case O_TRIAL: o->trial = optarg; break;
                case O_CONTROL: o->control = optarg; break;
                case O_TYPE:
                        v = fk_type_parse(optarg);
                        if (v < 0)
                                return cli_usage(o->cmd, "unknown --type '%s'", optarg);
                        o->s.type = (enum fk_type)v;
                        break;
                case O_BETTER: o->better = optarg; break;
                case O_MARGIN: o->margin = optarg; break;
                case O_BYCLUSTER: o->by_cluster = 1; break;
                case O_CONF:
                        if (cli_conf(o->cmd, optarg, &o->s.conf))
                                return FK_EXIT_USAGE;
                        break;
                case O_CIM:
                        v = fk_rd_method_parse(optarg);
                        if (v < 0)
                                return cli_usage(o->cmd, "unknown --ci-method '%s'",
                                                 optarg);
                        o->s.rd_method = (enum fk_rd_method)v;
                        break;
                case O_SUCC: o->s.successes = optarg; break;
                case O_TRIALS: o->s.trials = optarg; break;
                case O_FREQ: o->s.freq = optarg; break;
                case O_EXPOSURE: o->s.exposure = optarg; break;
                case O_TIME: o->s.time = optarg; break;
                case O_EVENT: o->s.event = optarg; break;
                case O_TABLE: o->s.table = 1; break;
                case O_STRATA: o->s.strata = optarg; break;
                case O_CLUSTER: o->s.cluster = optarg; break;
                case O_REPS:
                        if (cli_reps(o->cmd, optarg, &o->s.reps))
                                return FK_EXIT_USAGE;
                        break;
                case O_SEED:
                        if (cli_seed(o->cmd, optarg, &o->s.seed))
                                return FK_EXIT_USAGE;
                        break;
                case O_KMCI:
                        v = fk_km_ci_parse(optarg);
                        if (v < 0)
                                return cli_usage(o->cmd, "--km-ci must be log-log, "
                                                 "log or plain, not '%s'", optarg);
                        o->s.km_ci = (enum fk_km_ci)v;
                        break;
                case O_TIES:
                        if (!strcmp(optarg, "efron"))
                                o->s.ties = FK_TIES_EFRON;
                        else if (!strcmp(optarg, "breslow"))
                                o->s.ties = FK_TIES_BRESLOW;
                        else
                                return cli_usage(o->cmd, "--ties must be efron or "
                                                 "breslow, not '%s'", optarg);
                        break;
                case O_AT: {
                        char *p = optarg;

                        o->s.nat = 0;
                        for (;;) {
                                if (o->s.nat == FK_MAX_AT)
                                        return cli_usage(o->cmd, "--at takes at "
                                                         "most %d times",
                                                         FK_MAX_AT);
                                o->s.at[o->s.nat] = strtod(p, &end);
                                if (end == p || (*end && *end != ',') ||
                                    !(o->s.at[o->s.nat] >= 0) ||
                                    !isfinite(o->s.at[o->s.nat]))
                                        return cli_usage(o->cmd, "--at needs "
                                                "non-negative times separated "
                                                "by commas, not '%s'", optarg);
                                o->s.nat++;
                                if (!*end)
                                        break;
                                p = end + 1;
                        }
                        break;
                }
                case O_TOP:
                        if (cli_number(o->cmd, "--top", optarg, &d))
                                return FK_EXIT_USAGE;
                        if (!(d >= 1 && d <= FK_MAX_LEVELS) || d - floor(d) > 0)
                                return cli_usage(o->cmd, "--top must be a whole "
                                                 "number from 1 to %d, not '%s'",
                                                 FK_MAX_LEVELS, optarg);
                        o->s.top = (int)d;
                        break;
                case O_LEVELS:
                        o->s.level_min = strtod(optarg, &end);
                        if (end == optarg || *end != ':' ||
                            (o->s.level_max = strtod(end + 1, &end),
                             *end != '\0') ||
                            o->s.level_min - floor(o->s.level_min) > 0 ||
                            o->s.level_max - floor(o->s.level_max) > 0 ||
                            !(o->s.level_max > o->s.level_min) ||
                            o->s.level_max - o->s.level_min >= FK_MAX_LEVELS)
                                return cli_usage(o->cmd, "--levels needs MIN:MAX, "
                                                 "whole numbers with MIN < MAX "
                                                 "and at most %d levels, not "
                                                 "'%s'", FK_MAX_LEVELS, optarg);
                        o->s.has_levels = 1;
                        break;
                case 'h':
                case O_HELP:
                        *show_help = 1;
                        return 0;
                case O_UNSUPPORTED:
                        return cli_usage(o->cmd, "option '--%s' is not "
                                         "implemented in fkstat %s yet",
                                         longopts[li].name, FK_VERSION);
                default:
                        if (cli_input_option(o->cmd, c, argv, &o->csv,
                                             &o->output))
                                return FK_EXIT_USAGE;
                        break;
                }
        }
        if (o->s.time || o->s.event || o->s.type == FK_TYPE_SURVIVAL) {
                if (!o->s.time || !o->s.event)
                        return cli_usage(o->cmd, "survival outcomes need --time "
                                         "and --event");
                if (o->s.type != FK_TYPE_AUTO && o->s.type != FK_TYPE_SURVIVAL)
                        return cli_usage(o->cmd, "--time and --event give a "
                                         "survival outcome, not --type %s",
                                         fk_type_name(o->s.type));
                o->s.type = FK_TYPE_SURVIVAL;
                if (o->s.successes)
                        return cli_usage(o->cmd, "--successes does not go with "
                                         "--time");
                return 0;
        }
        if (!o->outcome && !o->s.successes)
                return cli_usage(o->cmd, "--outcome is required");
        if (!o->s.successes != !o->s.trials)
                return cli_usage(o->cmd, "--successes and --trials go together");
        if (o->s.successes && o->s.type != FK_TYPE_AUTO &&
            o->s.type != FK_TYPE_BINARY)
                return cli_usage(o->cmd, "--successes and --trials give a binary "
                                 "outcome, not --type %s", fk_type_name(o->s.type));
        return 0;
}

/* A value of --trial or --control that the arm column does not hold. */
static void arm_note(void *ctx, const char *option, const char *value)
{
        cli_note((const char *)ctx, "warning: %s value '%s' is not in the "
                 "arm column", option, value);
}

static void note(void *ctx, const char *msg)
{
        cli_note((const char *)ctx, "%s", msg);
}

/* The notes of an analysis of the packed table (read_packed), held
 * (fk_notes_hold) and said only when it succeeds: where it fails, the
 * whole table is read and analysed again, and says them (and the error)
 * itself. */
static void arm_hold(void *ctx, const char *option, const char *value)
{
        char msg[512];

        snprintf(msg, sizeof msg, "warning: %s value '%s' is not in the "
                 "arm column", option, value);
        fk_notes_hold(ctx, msg);
}

/* Read the input as a summary table of the columns compare needs when the
 * summary reader applies (include/fkstat/stream.h), else as the full table
 * (which the summary reader reads itself, so that standard input is read
 * once).  Both give the same answers; FKSTAT_NO_FASTPATH=1 forces the full
 * table (the identity tests compare the two).  --exposure sums
 * person-time that need not be whole, so it keeps the row-by-row path. */
static int read_input(struct compare_opts *o, char **files, size_t nfiles,
                      struct fk_table **t)
{
        static const char *const stdin_only[] = { "-" };
        const char *cols[MAX_OUTCOMES + 16];
        char *copy = NULL, *items[MAX_OUTCOMES];
        size_t n = 0;
        const char *env = getenv("FKSTAT_NO_FASTPATH");
        struct fk_error err = FK_ERROR_INIT;
        struct cli_progress pr;
        struct fk_summary_opts so = { cols, 0, 0, 0, cli_progress, &pr, NULL,
                                      0, 1, 0 };
        int rc;

        *t = NULL;
        if ((env && *env && strcmp(env, "0")) || o->s.exposure)
                return cli_read_table(o->cmd, files, nfiles, &o->csv, t);
        cols[n++] = o->s.arm;
        cols[n++] = o->s.successes;
        cols[n++] = o->s.trials;
        cols[n++] = o->s.freq;
        cols[n++] = o->s.strata;
        if (fk_cluster_auto(o->s.cluster))
                so.columns_nocase = fk_cluster_candidates(&so.ncolumns_nocase);
        else if (!fk_cluster_none(o->s.cluster))
                cols[n++] = o->s.cluster;
        cols[n++] = o->s.time;
        cols[n++] = o->s.event;
        if (o->outcome && !(copy = strdup(o->outcome)))
                return cli_read_table(o->cmd, files, nfiles, &o->csv, t);
        if (copy) {
                size_t k = cli_split(copy, items, MAX_OUTCOMES);

                for (size_t i = 0; i < k; i++)
                        cols[n++] = items[i];
        }
        for (size_t i = 0, m = n; i < m; i++)   /* drop the options not given */
                if (!cols[i]) {
                        memmove(cols + i, cols + i + 1,
                                (m - i - 1) * sizeof *cols);
                        m--;
                        n--;
                        i--;
                }
        so.ncolumns = n;
        cli_progress_init(&pr, "rows");
        rc = fk_table_read_summary(nfiles ? (const char *const *)files :
                                   stdin_only, nfiles ? nfiles : 1, &o->csv,
                                   &so, t, &err);
        cli_progress_end(&pr);
        free(copy);
        if (rc)
                return cli_fail(o->cmd, &err);
        cli_table_notes(o->cmd, *t);
        return 0;
}

/* The packed reading (fk_compare_read_packed, include/fkstat/analyse.h)
 * where it applies: 1 with *t the sets' table, 2 with *t the whole table
 * (which the reader returns where the sets do not apply); 0 where it does
 * not (standard input, --exposure, FKSTAT_NO_FASTPATH, ...): read_input
 * then reads as ever.  Minus the exit status on an error (said). */
static int read_packed(struct compare_opts *o, char **files, size_t nfiles,
                       struct fk_table **t)
{
        const char *env = getenv("FKSTAT_NO_FASTPATH");
        struct fk_error err = FK_ERROR_INIT;
        struct cli_progress pr;
        int rc, whole;

        *t = NULL;
        if (env && *env && strcmp(env, "0"))
                return 0;
        cli_progress_init(&pr, "rows");
        rc = fk_compare_read_packed((const char *const *)files, nfiles,
                                    &o->csv, &o->s, o->outcome, cli_progress,
                                    &pr, t, &whole, &err);
        cli_progress_end(&pr);
        if (rc)
                return -cli_fail(o->cmd, &err);
        if (!*t)
                return 0;
        cli_table_notes(o->cmd, *t);
        return whole ? 2 : 1;
}

/* --better and --margin: one value for every outcome, or a comma list with
 * one value per outcome of --outcome.  A margin with a decimal comma
 * ("0,05") is one value unless the list reading fits better: as many
 * positive numbers as outcomes, none written with a leading zero digit. */
static int per_outcome(const struct compare_opts *o, size_t nout,
                       enum fk_better *better, double *margin)
{
        char buf[1024], *items[MAX_OUTCOMES + 1];
        size_t k;

        for (size_t i = 0; i < nout; i++) {
                better[i] = FK_BETTER_HIGHER;
                margin[i] = NAN;
        }
        if (o->better) {
                snprintf(buf, sizeof buf, "%s", o->better);
                k = cli_split(buf, items, MAX_OUTCOMES + 1);
                if (k != 1 && k != nout)
                        return cli_usage(o->cmd, "--better has %zu values for %zu "
                                         "outcomes; give one, or one per "
                                         "outcome", k, nout);
                for (size_t i = 0; i < nout; i++)
                        if (cli_better(o->cmd, items[k == 1 ? 0 : i], &better[i]))
                                return FK_EXIT_USAGE;
        }
        if (o->margin) {
                int list = 0;

                snprintf(buf, sizeof buf, "%s", o->margin);
                k = cli_split(buf, items, MAX_OUTCOMES + 1);
                if (k > 1 && k == nout) {
                        list = 1;
                        for (size_t i = 0; i < k && list; i++) {
                                char *end;
                                double x = strtod(items[i], &end);

                                if (end == items[i] || *end || !(x > 0) ||
                                    (items[i][0] == '0' &&
                                     items[i][1] >= '0' && items[i][1] <= '9'))
                                        list = 0;
                        }
                }
                if (!list && k > 2)
                        return cli_usage(o->cmd, "--margin has %zu values for %zu "
                                         "outcomes; give one, or one per "
                                         "outcome", k, nout);
                for (size_t i = 0; i < nout; i++)
                        if (cli_margin(o->cmd, list ? items[i] : o->margin,
                                       &margin[i]))
                                return FK_EXIT_USAGE;
        }
        return 0;
}

void compare_run_free(struct compare_run *cr)
{
        for (size_t i = 0; cr->res && i < cr->nout; i++)
                fk_result_release(&cr->res[i]);
        free(cr->res);
        fk_table_free(cr->t);
        free(cr->opts);
        memset(cr, 0, sizeof *cr);
}

int compare_run(const char *cmd, int argc, char **argv, FILE *out,
                enum fk_type type0, int keep_km, struct compare_run *cr)
{
        struct compare_opts *o = calloc(1, sizeof *o);
        struct fk_error err = FK_ERROR_INIT;
        struct cli_progress pr;
        char *names[MAX_OUTCOMES];
        enum fk_better better[MAX_OUTCOMES];
        double margin[MAX_OUTCOMES];
        int show_help = 0, rc;
        struct fk_arms_notes notes = { arm_note, (void *)cmd };
        struct fk_notes_held held = { { NULL }, 0, 0 };
        int packed;

        memset(cr, 0, sizeof *cr);
        if (!o) {
                cli_note(cmd, "out of memory");
                return FK_EXIT_DATA;
        }
        *o = (struct compare_opts){ .cmd = cmd, .output = CLI_OUTPUT_INIT,
                                    .csv = FK_CSV_OPTS_INIT,
                                    .s = FK_COMPARE_SPEC_INIT };
        cr->opts = o;
        o->s.type = type0;
        o->s.note = note;
        o->s.note_ctx = (void *)cmd;
        rc = parse_opts(argc, argv, o, &show_help);
        if (rc || show_help) {
                if (show_help)
                        help(out, cmd);
                cr->help = show_help;
                goto done;
        }
        if (keep_km)
                o->s.table = 1;
        packed = read_packed(o, argv + optind, (size_t)(argc - optind),
                             &cr->t);
        if (packed < 0) {
                rc = -packed;   /* the exit status of the error said */
                goto done;
        }
        if (packed == 2)        /* the whole table: nothing to retry */
                packed = 0;
again:
        if (!cr->t)
                rc = read_input(o, argv + optind, (size_t)(argc - optind),
                                &cr->t);
        if (rc)
                goto done;
        if (packed) {
                o->s.note = fk_notes_hold;
                o->s.note_ctx = &held;
                notes = (struct fk_arms_notes){ arm_hold, &held };
        } else {
                notes = (struct fk_arms_notes){ arm_note, (void *)cmd };
        }
        if (o->s.time) {
                names[0] = o->outcome ? o->outcome : (char *)o->s.time;
                cr->nout = 1;
        } else if (o->outcome) {
                cr->nout = cli_split(o->outcome, names, MAX_OUTCOMES);
                if (o->s.successes && cr->nout > 1) {
                        rc = cli_usage(o->cmd, "with --successes, --outcome names "
                                       "one result");
                        goto done;
                }
        } else {
                names[0] = (char *)o->s.successes;
                cr->nout = 1;
        }
        if ((rc = per_outcome(o, cr->nout, better, margin)) != 0)
                goto done;
        if (fk_compare_columns(cr->t, &o->s, (const char *const *)names,
                               cr->nout, &err) ||
            fk_arms_resolve_with(cr->t, fk_table_col(cr->t, o->s.arm),
                                 o->trial, o->control, &cr->arms, &notes,
                                 &err))
                goto fail;
        if (cr->arms.unmatched > 0) {
                char msg[512];

                snprintf(msg, sizeof msg, "%.0f row%s in neither arm (column "
                         "'%s'): left out", cr->arms.unmatched,
                         cr->arms.unmatched < 1.5 ? " is" : "s are", o->s.arm);
                o->s.note(o->s.note_ctx, msg);
        }
        cr->res = calloc(cr->nout, sizeof *cr->res);
        if (!cr->res) {
                fk_error_set(&err, FK_ENOMEM, NULL, 0, "out of memory");
                goto fail;
        }
        cli_progress_init(&pr, "resamples");
        fk_progress_set(cli_progress, &pr);
        rc = FK_EXIT_OK;
        for (size_t i = 0; i < cr->nout && !rc; i++) {
                o->s.better = better[i];
                o->s.margin = margin[i];
                if (fk_compare_outcome(cr->t, &o->s, &cr->arms, names[i],
                                       &cr->res[i], &err)) {
                        cr->nout = i + 1;
                        rc = FK_EXIT_DATA;
                }
        }
        fk_progress_set(NULL, NULL);
        cli_progress_end(&pr);
        if (rc || (packed && held.lost))
                goto fail;
        fk_notes_say(&held, note, (void *)cmd);
        o->s.note = note;
        o->s.note_ctx = (void *)cmd;
        cr->output = o->output;
        cr->arm_column = o->s.arm;
        cr->by_cluster = o->by_cluster;
        rc = FK_EXIT_OK;
        goto done;
fail:
        if (packed && (err.code == FK_EDATA || held.lost)) {
                /* the first offending line is the whole table's to name */
                for (size_t i = 0; cr->res && i < cr->nout; i++)
                        fk_result_release(&cr->res[i]);
                free(cr->res);
                cr->res = NULL;
                cr->nout = 0;
                fk_table_free(cr->t);
                cr->t = NULL;
                fk_notes_say(&held, NULL, NULL);
                o->s.note = note;
                o->s.note_ctx = (void *)cmd;
                err = (struct fk_error)FK_ERROR_INIT;
                packed = 0;
                rc = 0;
                goto again;
        }
        fk_notes_say(&held, note, (void *)cmd);
        rc = cli_fail(cmd, &err);
done:
        if (rc || cr->help) {
                int help = cr->help;

                compare_run_free(cr);
                cr->help = help;
        }
        return rc;
}

