/* fkstat validate: how often each interval compare prints covers the
 * truth, and how often its verdict errs, for the user's own clustered
 * design (from the data, by compare's own run) or for a planned one
 * (--clusters).  The simulation is libfkstat's (stats/validate.c). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "fkstat/progress.h"
#include "fkstat/validate.h"
#include "fkstat/validate_render.h"

static const char *const CMD = "validate";

#define MAX_PASS 256

static void help(FILE *out)
{
        fputs("usage: fkstat validate FILE... --outcome COL [compare options]\n"
              "                       [--reps N] [--inner-reps B] [--seed N]\n"
              "                       [--effect X | --margin M]\n"
              "       fkstat validate --clusters T,C --cluster-size M --icc R\n"
              "                       (--p-control P | --sd S)\n"
              "                       [--type binary|continuous] [--reps N]\n"
              "\n"
              "Does the interval hold its promise?  Draws --reps data sets with\n"
              "the design of the data (the same municipalities with the same\n"
              "numbers of people, whole municipalities in each arm, the pooled\n"
              "outcome distribution and the estimated ICC, floored at 0), or of\n"
              "a planned design, with a known true effect, and analyses each as\n"
              "'fkstat compare' does.  For the individual interval (Miettinen-\n"
              "Nurminen or Welch; Cox for a time to job), CR2 (Lin-Wei), the\n"
              "wild cluster bootstrap and\n"
              "randomization inference it reports coverage, mean width, bias,\n"
              "RMSE, the rejection rate and the mean standard error, each with\n"
              "its Monte Carlo standard error.  See METHODS.md.\n"
              "\n"
              "Simulation:\n"
              "  --reps N             repetitions (default 1000)\n"
              "  --inner-reps B       wild bootstrap and randomization draws\n"
              "                       inside each repetition (default 999;\n"
              "                       0 leaves both out)\n"
              "  --seed N             seed (default 1); the same seed gives the\n"
              "                       same numbers on any number of threads\n"
              "  --effect X           true effect, trial - control, on the\n"
              "                       verdict's scale (risk difference or\n"
              "                       difference in means; default 0; a\n"
              "                       hazard ratio for a time to job)\n"
              "  --margin M           non-inferiority: the true effect is the\n"
              "                       margin's bound (-M when higher is better,\n"
              "                       +M when lower; hazard ratio 1-M or\n"
              "                       1/(1-M)), so the rate at which\n"
              "                       non-inferiority is declared is the type I\n"
              "                       error; with --effect, its power\n"
              "  --better higher|lower  which direction is better (higher)\n"
              "  --conf LEVEL         confidence level (0.95)\n"
              "  --threads N          worker threads (default: every core;\n"
              "                       also FKSTAT_THREADS)\n"
              "Design from data (the options of 'fkstat compare'):\n"
              "  --outcome COL        one outcome: binary, count, ordinal or\n"
              "                       continuous\n"
              "  --time COL --event COL  or a time to job (survival): Cox,\n"
              "                       Lin-Wei and randomization; the effect\n"
              "                       is a hazard ratio (default 1)\n"
              "  --cluster COL|auto   the municipality column (default auto)\n"
              "  --arm COL --trial V --control V   the arms\n"
              "  --type T --ci-method M --successes COL --trials COL\n"
              "  --freq COL --top N --levels MIN:MAX\n"
              "  --delimiter C --decimal C --na LIST   input (default detected)\n"
              "  --skip N --thousands C|none --encoding E   likewise\n"
              "Planned design (no data):\n"
              "  --clusters T,C       municipalities in the trial and control arm\n"
              "  --cluster-size M     people in each municipality\n"
              "  --icc R              intraclass correlation, 0 <= R < 1\n"
              "  --p-control P        binary: the proportion (both arms when\n"
              "                       the effect is 0)\n"
              "  --sd S               continuous: the standard deviation\n"
              "Output:\n"
              "  --format F           text (default), json, markdown\n"
              "\n"
              "Examples:\n"
              "  fkstat validate datasets/nordjylland/individuals.csv \\\n"
              "      --outcome job_52w --cluster kommune\n"
              "  fkstat validate --clusters 9,10 --cluster-size 800 --icc 0.01 \\\n"
              "      --p-control 0.6 --margin 0.05\n", out);
}

struct opts {
        size_t reps, inner_reps;
        unsigned long seed;
        unsigned threads;
        double effect, margin, conf;
        enum fk_better better;
        enum fk_format format;
        int type;                       /* -1: not given */
        /* planned design */
        const char *clusters;
        double cluster_size, icc, p_control, sd;
        /* the data options, handed to compare's run */
        char *pass[MAX_PASS];
        int npass;
        const char *outcome;
        int data_option;                /* a data-only option was given */
        int survival;                   /* --time or --event */
};

static int pass(struct opts *o, const char *name, const char *arg)
{
        static char names[MAX_PASS][48];

        if (o->npass + 2 > MAX_PASS)
                return cli_usage(CMD, "too many options");
        snprintf(names[o->npass], sizeof names[o->npass], "--%s", name);
        o->pass[o->npass] = names[o->npass];
        o->npass++;
        if (arg)
                o->pass[o->npass++] = (char *)arg;
        return 0;
}

static int whole(const char *opt, const char *arg, double lo, double hi,
                 double *out)
{
        if (cli_number(CMD, opt, arg, out))
                return FK_EXIT_USAGE;
        if (!(*out >= lo && *out <= hi) || *out - floor(*out) > 0)
                return cli_usage(CMD, "%s must be a whole number from %.0f to "
                                 "%.0f, not '%s'", opt, lo, hi, arg);
        return 0;
}

static int parse(int argc, char **argv, struct opts *o, int *show_help)
{
        enum { O_REPS = 256, O_INNER, O_SEED, O_EFFECT, O_MARGIN, O_BETTER,
               O_CONF, O_TYPE, O_THREADS, O_CLUSTERS, O_SIZE, O_ICC, O_PC,
               O_SD, O_HELP, O_PASS, O_OUTCOME, O_SURVIVAL, O_NOTUSED };
        static const struct option longopts[] = {
                { "reps", required_argument, NULL, O_REPS },
                { "inner-reps", required_argument, NULL, O_INNER },
                { "seed", required_argument, NULL, O_SEED },
                { "effect", required_argument, NULL, O_EFFECT },
                { "margin", required_argument, NULL, O_MARGIN },
                { "better", required_argument, NULL, O_BETTER },
                { "conf", required_argument, NULL, O_CONF },
                { "type", required_argument, NULL, O_TYPE },
                { "threads", required_argument, NULL, O_THREADS },
                { "clusters", required_argument, NULL, O_CLUSTERS },
                { "cluster-size", required_argument, NULL, O_SIZE },
                { "icc", required_argument, NULL, O_ICC },
                { "p-control", required_argument, NULL, O_PC },
                { "sd", required_argument, NULL, O_SD },
                { "help", no_argument, NULL, O_HELP },
                { "outcome", required_argument, NULL, O_OUTCOME },
                { "arm", required_argument, NULL, O_PASS },
                { "trial", required_argument, NULL, O_PASS },
                { "control", required_argument, NULL, O_PASS },
                { "ci-method", required_argument, NULL, O_PASS },
                { "successes", required_argument, NULL, O_PASS },
                { "trials", required_argument, NULL, O_PASS },
                { "freq", required_argument, NULL, O_PASS },
                { "cluster", required_argument, NULL, O_PASS },
                { "top", required_argument, NULL, O_PASS },
                { "levels", required_argument, NULL, O_PASS },
                { "exposure", required_argument, NULL, O_NOTUSED },
                { "strata", required_argument, NULL, O_NOTUSED },
                { "by-cluster", no_argument, NULL, O_NOTUSED },
                { "time", required_argument, NULL, O_SURVIVAL },
                { "event", required_argument, NULL, O_SURVIVAL },
                CLI_INPUT_OPTIONS,
                { NULL, 0, NULL, 0 }
        };
        int c, li = 0, v;
        double d;

        opterr = 0;
        optind = 1;
        while ((c = getopt_long(argc, argv, ":h", longopts, &li)) != -1) {
                switch (c) {
                case O_REPS:
                        if (whole("--reps", optarg, 2, 1e6, &d))
                                return FK_EXIT_USAGE;
                        o->reps = (size_t)d;
                        break;
                case O_INNER:
                        if (whole("--inner-reps", optarg, 0, 1e7, &d))
                                return FK_EXIT_USAGE;
                        o->inner_reps = (size_t)d;
                        break;
                case O_THREADS:
                        if (whole("--threads", optarg, 1, 64, &d))
                                return FK_EXIT_USAGE;
                        o->threads = (unsigned)d;
                        break;
                case O_SEED:
                        if (cli_seed(CMD, optarg, &o->seed))
                                return FK_EXIT_USAGE;
                        break;
                case O_EFFECT:
                        if (cli_number(CMD, "--effect", optarg, &o->effect))
                                return FK_EXIT_USAGE;
                        break;
                case O_MARGIN:
                        if (cli_margin(CMD, optarg, &o->margin) ||
                            pass(o, "margin", optarg))
                                return FK_EXIT_USAGE;
                        break;
                case O_BETTER:
                        if (cli_better(CMD, optarg, &o->better) ||
                            pass(o, "better", optarg))
                                return FK_EXIT_USAGE;
                        break;
                case O_CONF:
                        if (cli_conf(CMD, optarg, &o->conf) ||
                            pass(o, "conf", optarg))
                                return FK_EXIT_USAGE;
                        break;
                case O_TYPE:
                        v = fk_type_parse(optarg);
                        if (v < 0)
                                return cli_usage(CMD, "--type must be binary, "
                                                 "count, ordinal, continuous "
                                                 "or survival, not '%s'",
                                                 optarg);
                        o->type = v;
                        if (pass(o, "type", optarg))
                                return FK_EXIT_USAGE;
                        break;
                case O_CLUSTERS: o->clusters = optarg; break;
                case O_SIZE:
                        if (whole("--cluster-size", optarg, 1, 1e7,
                                  &o->cluster_size))
                                return FK_EXIT_USAGE;
                        break;
                case O_ICC:
                        if (cli_number(CMD, "--icc", optarg, &o->icc))
                                return FK_EXIT_USAGE;
                        if (!(o->icc >= 0 && o->icc < 1))
                                return cli_usage(CMD, "--icc must lie in [0, "
                                                 "1), not '%s'", optarg);
                        break;
                case O_PC:
                        if (cli_number(CMD, "--p-control", optarg,
                                       &o->p_control))
                                return FK_EXIT_USAGE;
                        if (!(o->p_control > 0 && o->p_control < 1))
                                return cli_usage(CMD, "--p-control must lie "
                                                 "between 0 and 1, not '%s'",
                                                 optarg);
                        break;
                case O_SD:
                        if (cli_number(CMD, "--sd", optarg, &o->sd))
                                return FK_EXIT_USAGE;
                        if (!(o->sd > 0) || !isfinite(o->sd))
                                return cli_usage(CMD, "--sd must be positive, "
                                                 "not '%s'", optarg);
                        break;
                case 'h':
                case O_HELP:
                        *show_help = 1;
                        return 0;
                case O_OUTCOME:
                        o->outcome = optarg;
                        o->data_option = 1;
                        if (pass(o, "outcome", optarg))
                                return FK_EXIT_USAGE;
                        break;
                case O_PASS:
                        o->data_option = 1;
                        if (pass(o, longopts[li].name, optarg))
                                return FK_EXIT_USAGE;
                        break;
                case O_SURVIVAL:
                        o->data_option = 1;
                        o->survival = 1;
                        if (pass(o, longopts[li].name, optarg))
                                return FK_EXIT_USAGE;
                        break;
                case O_NOTUSED:
                        return cli_usage(CMD, "--%s does not apply to "
                                         "validate", longopts[li].name);
                case CLI_O_CSV_DIALECT:
                        return cli_usage(CMD, "--csv-dialect does not apply "
                                         "to validate (it has no csv)");
                case CLI_O_FORMAT:
                        v = fk_format_parse(optarg);
                        if (v != FK_FMT_TEXT && v != FK_FMT_JSON &&
                            v != FK_FMT_MARKDOWN)
                                return cli_usage(CMD, "--format must be text, "
                                                 "json or markdown, not '%s'",
                                                 optarg);
                        o->format = (enum fk_format)v;
                        break;
                case '?':
                case ':':
                        return cli_bad_option(CMD, c, argv);
                default:
                        /* the input options: compare's run reads them */
                        o->data_option = 1;
                        if (pass(o, longopts[li].name, optarg))
                                return FK_EXIT_USAGE;
                        break;
                }
        }
        return 0;
}

static void note_threads(struct opts *o)
{
        const char *env = getenv("FKSTAT_THREADS");
        char *end;
        long n;

        if (o->threads || !env || !*env)
                return;
        n = strtol(env, &end, 10);
        if (*end || n < 1 || n > 64)
                cli_note(CMD, "warning: FKSTAT_THREADS='%s' is not a number "
                         "from 1 to 64; ignored", env);
        else
                o->threads = (unsigned)n;
}

/* The planned design of --clusters T,C --cluster-size M. */
static int planned(struct opts *o, int nfiles, struct fk_validate_design *d)
{
        struct fk_error err = FK_ERROR_INIT;
        double t, c;
        char *end, *end2;
        int type = o->type;

        if (nfiles > 0 || o->data_option)
                return cli_usage(CMD, "a planned design (--clusters) reads no "
                                 "data: leave out FILE, --outcome and the "
                                 "other data options");
        t = strtod(o->clusters, &end);
        if (end == o->clusters || *end != ',' ||
            (c = strtod(end + 1, &end2), *end2) || end2 == end + 1 ||
            !(t >= 2 && c >= 2 && t <= 1000 && c <= 1000) ||
            t - floor(t) > 0 || c - floor(c) > 0)
                return cli_usage(CMD, "--clusters needs T,C, two whole numbers "
                                 "from 2 to 1000, not '%s'", o->clusters);
        if (!(o->cluster_size >= 1))
                return cli_usage(CMD, "a planned design needs --cluster-size");
        if (isnan(o->icc))
                return cli_usage(CMD, "a planned design needs --icc");
        if (type < 0)
                type = !isnan(o->p_control) ? FK_TYPE_BINARY :
                       !isnan(o->sd) ? FK_TYPE_CONTINUOUS : -1;
        if (type == FK_TYPE_BINARY && isnan(o->p_control))
                return cli_usage(CMD, "a planned binary design needs "
                                 "--p-control");
        if (type == FK_TYPE_CONTINUOUS && isnan(o->sd))
                return cli_usage(CMD, "a planned continuous design needs --sd");
        if (type != FK_TYPE_BINARY && type != FK_TYPE_CONTINUOUS)
                return cli_usage(CMD, "a planned design is binary "
                                 "(--p-control) or continuous (--sd)");
        if (!isnan(o->p_control) && !isnan(o->sd))
                return cli_usage(CMD, "--p-control and --sd do not go together");
        if (fk_validate_design_init(d, (enum fk_type)type,
                                    (size_t)(t + c), &err))
                return cli_fail(CMD, &err);
        for (size_t g = 0; g < d->G; g++) {
                d->size[g] = o->cluster_size;
                d->arm[g] = g < (size_t)t ? FK_TRIAL : FK_CONTROL;
        }
        d->icc = o->icc;
        d->p = o->p_control;
        d->mean = 0;
        d->sd = o->sd;
        d->better = o->better;
        d->margin = o->margin;
        d->effect = o->effect;
        d->conf = o->conf;
        return 0;
}

/* The design of the data: compare's own run on the options given, with
 * --reps set to the inner draws. */
static int from_data(struct opts *o, char **files, int nfiles,
                     struct compare_run *cr, struct fk_validate_design *d)
{
        struct fk_error err = FK_ERROR_INIT;
        char *argv[MAX_PASS + 64], seed[32];
        int argc = 0, rc;

        if (o->clusters || o->cluster_size >= 1 || !isnan(o->icc) ||
            !isnan(o->p_control) || !isnan(o->sd))
                return cli_usage(CMD, "--cluster-size, --icc, --p-control and "
                                 "--sd describe a planned design and need "
                                 "--clusters");
        if (o->outcome && strchr(o->outcome, ','))
                return cli_usage(CMD, "validate takes one outcome, not '%s'",
                                 o->outcome);
        if (nfiles > 32)
                return cli_usage(CMD, "at most 32 input files");
        snprintf(seed, sizeof seed, "%lu", o->seed);
        argv[argc++] = (char *)CMD;
        for (int i = 0; i < o->npass; i++)
                argv[argc++] = o->pass[i];
        argv[argc++] = (char *)"--seed";
        argv[argc++] = seed;
        if (o->survival)        /* the pooled distribution is the KM table */
                argv[argc++] = (char *)"--table";
        argv[argc++] = (char *)"--";
        for (int i = 0; i < nfiles; i++)
                argv[argc++] = files[i];
        argv[argc] = NULL;
        if ((rc = compare_run(CMD, argc, argv, stdout, FK_TYPE_AUTO, 0, cr)))
                return rc;
        if (fk_validate_design_from_result(&cr->res[0], o->effect, d, &err))
                return cli_fail(CMD, &err);
        if (d->icc_estimated < 0)
                cli_note(CMD, "%s: the estimated ICC %g is below 0; the "
                         "simulation uses 0", cr->res[0].outcome,
                         d->icc_estimated);
        return 0;
}

/* Render into memory first, so that stdout gets the whole output or
 * nothing. */
static int render(FILE *out, const struct opts *o,
                  const struct fk_validate_info *vi,
                  const struct fk_validate_design *d,
                  const struct fk_validate_result *r)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        int rc;

        if (!m) {
                cli_note(CMD, "out of memory");
                return FK_EXIT_DATA;
        }
        rc = fk_render_validate(m, o->format, vi, d, r);
        if (fclose(m) || rc) {
                free(buf);
                cli_note(CMD, rc == FK_ENOMEM || !rc ? "out of memory" :
                         "could not write the output");
                return FK_EXIT_DATA;
        }
        if (fwrite(buf, 1, len, out) != len) {
                free(buf);
                return FK_EXIT_DATA;    /* main says it: write error */
        }
        free(buf);
        return FK_EXIT_OK;
}

int cmd_validate(int argc, char **argv, FILE *out)
{
        struct opts o = { 1000, 999, 1, 0, NAN, NAN, 0.95, FK_BETTER_HIGHER,
                          FK_FMT_TEXT, -1, NULL, 0, NAN, NAN, NAN,
                          { NULL }, 0, NULL, 0, 0 };
        struct fk_validate_design d;
        struct fk_validate_result r;
        struct fk_validate_opts vo = FK_VALIDATE_OPTS_INIT;
        struct fk_validate_info vi = { NULL, NULL, NULL };
        struct fk_run_info info;
        struct compare_run cr;
        struct cli_progress pr;
        struct fk_error err = FK_ERROR_INIT;
        const char *files[64];
        int show_help = 0, rc, nfiles;

        memset(&cr, 0, sizeof cr);
        memset(&d, 0, sizeof d);
        if ((rc = parse(argc, argv, &o, &show_help)))
                return rc;
        if (show_help) {
                help(out);
                return FK_EXIT_OK;
        }
        note_threads(&o);
        nfiles = argc - optind;
        if (o.clusters)
                rc = planned(&o, nfiles, &d);
        else
                rc = from_data(&o, argv + optind, nfiles, &cr, &d);
        if (rc)
                goto done;
        if (cr.res) {
                size_t nf = fk_table_nfiles(cr.t) < 64 ? fk_table_nfiles(cr.t)
                                                       : 64;

                for (size_t i = 0; i < nf; i++)
                        files[i] = fk_table_file(cr.t, i);
                info = (struct fk_run_info){
                        CMD, files, nf, fk_table_nrecords(cr.t),
                        fk_table_delimiter(cr.t), fk_table_decimal(cr.t),
                        cr.arm_column, cr.arms.trial, cr.arms.control,
                        cr.arms.unmatched, 0, NULL
                };
                vi = (struct fk_validate_info){ &info, cr.res[0].outcome,
                                                cr.res[0].cluster };
        }
        vo.reps = o.reps;
        vo.inner_reps = o.inner_reps;
        vo.seed = o.seed;
        vo.threads = o.threads;
        cli_progress_init(&pr, "repetitions");
        vo.progress = cli_progress;
        vo.progress_ctx = &pr;
        fk_progress_set(NULL, NULL);
        rc = fk_validate_run(&d, &vo, &r, &err);
        cli_progress_end(&pr);
        if (rc) {
                rc = cli_fail(CMD, &err);
                goto done;
        }
        if (r.model.poisson_note)
                cli_note(CMD, "the outcome varies less than Poisson within "
                         "municipalities; the simulation draws Poisson counts "
                         "there and keeps the ICC");
        rc = render(out, &o, &vi, &d, &r);
done:
        fk_validate_design_release(&d);
        compare_run_free(&cr);
        return rc;
}
