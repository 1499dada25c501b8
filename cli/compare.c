/* fkstat compare: trial vs control on one or more outcomes. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/arms.h"
#include "cli/cli.h"
#include "fkstat/binary.h"
#include "fkstat/cluster.h"
#include "fkstat/numeric.h"
#include "fkstat/strata.h"
#include "fkstat/timetojob.h"
#include "fkstat/render.h"

#define MAX_OUTCOMES 64

struct compare_opts {
        char *outcome;
        const char *arm, *trial, *control;
        enum fk_type type;
        enum fk_better better;
        double margin, conf;
        enum fk_format format;
        enum fk_rd_method rd_method;
        const char *successes, *trials, *freq, *exposure;
        const char *time, *event, *strata, *cluster;
        double reps;
        unsigned long seed;
        enum fk_km_ci km_ci;
        enum fk_ties ties;
        double at[FK_MAX_AT];
        size_t nat;
        int table;
        int top, has_levels;
        double level_min, level_max;
        struct fk_csv_opts csv;
};

/* "compare", or "survival" when run as its alias. */
static const char *CMD = "compare";

static void help(FILE *out)
{
        fputs("usage: fkstat compare FILE... --outcome COL[,COL...] [options]\n"
              "\n"
              "Compare the trial arm with the control arm on each outcome:\n"
              "per-arm estimates, effects with confidence intervals, tests, and\n"
              "a verdict (with --margin: superior / non-inferior / inferior /\n"
              "inconclusive).  FILE '-' or none reads standard input.\n"
              "\n"
              "Arms:\n"
              "  --arm COL            arm column (default 'arm')\n"
              "  --trial VALUE        value of the trial arm\n"
              "  --control VALUE      value of the control arm\n"
              "Outcome:\n"
              "  --outcome COL,...    outcome column(s)\n"
              "  --type T             binary, count, ordinal or continuous\n"
              "                       (default inferred from the values)\n"
              "  --better higher|lower  which direction is better (higher)\n"
              "  --margin X           non-inferiority margin on the verdict\n"
              "                       effect's scale (0.02 = 2 points for\n"
              "                       binary; outcome units for means)\n"
              "  --conf LEVEL         confidence level (0.95)\n"
              "  --ci-method M        risk difference CI: miettinen_nurminen\n"
              "                       (default, as statsmodels 0.13.5),\n"
              "                       miettinen_nurminen_corrected, newcombe,\n"
              "                       wald, agresti_caffo (see METHODS.md)\n"
              "  --exposure COL       count: person-time for the rate ratio\n"
              "  --top N              ordinal: top-box = the N highest levels (2)\n"
              "  --levels MIN:MAX     ordinal: the scale (default: observed)\n"
              "Survival (time to job; also 'fkstat survival'):\n"
              "  --time COL --event COL   duration and 1 = job, 0 = censored\n"
              "  --km-ci M            log-log (default), log, plain\n"
              "  --ties M             efron (default) or breslow (Cox)\n"
              "  --at LIST            times for cumulative job entry (13,26,52)\n"
              "  --table              the Kaplan-Meier table (json, csv)\n"
              "Clustered designs (arms assigned by municipality):\n"
              "  --cluster COL        ICC, CR2 (Satterthwaite), wild cluster\n"
              "                       bootstrap, randomization inference;\n"
              "                       survival: Cox with the Lin-Wei robust\n"
              "                       variance, randomization on log HR\n"
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
              "  --na LIST            missing-value codes (default NA,.,-)\n"
              "  --format F           text (default), json, csv, markdown\n"
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
               O_CLUSTER, O_REPS, O_SEED, O_UNSUPPORTED };
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
                case O_ARM: o->arm = optarg; break;
                case O_TRIAL: o->trial = optarg; break;
                case O_CONTROL: o->control = optarg; break;
                case O_TYPE:
                        v = fk_type_parse(optarg);
                        if (v < 0)
                                return cli_usage(CMD, "unknown --type '%s'", optarg);
                        o->type = (enum fk_type)v;
                        break;
                case O_BETTER:
                        if (cli_better(CMD, optarg, &o->better))
                                return FK_EXIT_USAGE;
                        break;
                case O_MARGIN:
                        if (cli_margin(CMD, optarg, &o->margin))
                                return FK_EXIT_USAGE;
                        break;
                case O_CONF:
                        if (cli_conf(CMD, optarg, &o->conf))
                                return FK_EXIT_USAGE;
                        break;
                case O_CIM:
                        v = fk_rd_method_parse(optarg);
                        if (v < 0)
                                return cli_usage(CMD, "unknown --ci-method '%s'",
                                                 optarg);
                        o->rd_method = (enum fk_rd_method)v;
                        break;
                case O_SUCC: o->successes = optarg; break;
                case O_TRIALS: o->trials = optarg; break;
                case O_FREQ: o->freq = optarg; break;
                case O_EXPOSURE: o->exposure = optarg; break;
                case O_TIME: o->time = optarg; break;
                case O_EVENT: o->event = optarg; break;
                case O_TABLE: o->table = 1; break;
                case O_STRATA: o->strata = optarg; break;
                case O_CLUSTER: o->cluster = optarg; break;
                case O_REPS:
                        if (cli_reps(CMD, optarg, &o->reps))
                                return FK_EXIT_USAGE;
                        break;
                case O_SEED:
                        if (cli_seed(CMD, optarg, &o->seed))
                                return FK_EXIT_USAGE;
                        break;
                case O_KMCI:
                        v = fk_km_ci_parse(optarg);
                        if (v < 0)
                                return cli_usage(CMD, "--km-ci must be log-log, "
                                                 "log or plain, not '%s'", optarg);
                        o->km_ci = (enum fk_km_ci)v;
                        break;
                case O_TIES:
                        if (!strcmp(optarg, "efron"))
                                o->ties = FK_TIES_EFRON;
                        else if (!strcmp(optarg, "breslow"))
                                o->ties = FK_TIES_BRESLOW;
                        else
                                return cli_usage(CMD, "--ties must be efron or "
                                                 "breslow, not '%s'", optarg);
                        break;
                case O_AT: {
                        char *p = optarg;

                        o->nat = 0;
                        for (;;) {
                                if (o->nat == FK_MAX_AT)
                                        return cli_usage(CMD, "--at takes at "
                                                         "most %d times",
                                                         FK_MAX_AT);
                                o->at[o->nat] = strtod(p, &end);
                                if (end == p || (*end && *end != ',') ||
                                    !(o->at[o->nat] >= 0) ||
                                    !isfinite(o->at[o->nat]))
                                        return cli_usage(CMD, "--at needs "
                                                "non-negative times separated "
                                                "by commas, not '%s'", optarg);
                                o->nat++;
                                if (!*end)
                                        break;
                                p = end + 1;
                        }
                        break;
                }
                case O_TOP:
                        if (cli_number(CMD, "--top", optarg, &d))
                                return FK_EXIT_USAGE;
                        if (!(d >= 1 && d <= FK_MAX_LEVELS) || d - floor(d) > 0)
                                return cli_usage(CMD, "--top must be a whole "
                                                 "number from 1 to %d, not '%s'",
                                                 FK_MAX_LEVELS, optarg);
                        o->top = (int)d;
                        break;
                case O_LEVELS:
                        o->level_min = strtod(optarg, &end);
                        if (end == optarg || *end != ':' ||
                            (o->level_max = strtod(end + 1, &end),
                             *end != '\0') ||
                            o->level_min - floor(o->level_min) > 0 ||
                            o->level_max - floor(o->level_max) > 0 ||
                            !(o->level_max > o->level_min) ||
                            o->level_max - o->level_min >= FK_MAX_LEVELS)
                                return cli_usage(CMD, "--levels needs MIN:MAX, "
                                                 "whole numbers with MIN < MAX "
                                                 "and at most %d levels, not "
                                                 "'%s'", FK_MAX_LEVELS, optarg);
                        o->has_levels = 1;
                        break;
                case 'h':
                case O_HELP:
                        *show_help = 1;
                        return 0;
                case O_UNSUPPORTED:
                        return cli_usage(CMD, "option '--%s' is not "
                                         "implemented in fkstat %s yet",
                                         longopts[li].name, FK_VERSION);
                default:
                        if (cli_input_option(CMD, c, argv, &o->csv, &o->format))
                                return FK_EXIT_USAGE;
                        break;
                }
        }
        if (o->time || o->event || o->type == FK_TYPE_SURVIVAL) {
                if (!o->time || !o->event)
                        return cli_usage(CMD, "survival outcomes need --time "
                                         "and --event");
                if (o->type != FK_TYPE_AUTO && o->type != FK_TYPE_SURVIVAL)
                        return cli_usage(CMD, "--time and --event give a "
                                         "survival outcome, not --type %s",
                                         fk_type_name(o->type));
                o->type = FK_TYPE_SURVIVAL;
                if (o->successes)
                        return cli_usage(CMD, "--successes does not go with "
                                         "--time");
                return 0;
        }
        if (!o->outcome && !o->successes)
                return cli_usage(CMD, "--outcome is required");
        if (!o->successes != !o->trials)
                return cli_usage(CMD, "--successes and --trials go together");
        if (o->successes && o->type != FK_TYPE_AUTO &&
            o->type != FK_TYPE_BINARY)
                return cli_usage(CMD, "--successes and --trials give a binary "
                                 "outcome, not --type %s", fk_type_name(o->type));
        return 0;
}

/* A row's frequency weight: 1, or the --freq count. */
static int row_weight(const struct fk_table *t, long fcol, size_t r,
                      double *w, struct fk_error *err)
{
        const char *s;
        unsigned long long k;

        *w = 1;
        if (fcol < 0)
                return FK_OK;
        s = fk_table_cell(t, r, (size_t)fcol);
        if (!s)
                return fk_error_set(err, FK_EDATA, fk_table_row_file(t, r),
                                    fk_table_row_line(t, r),
                                    "column '%s': the frequency is missing",
                                    fk_table_colname(t, (size_t)fcol));
        if (fk_parse_count(s, fk_table_decimal(t), &k))
                return fk_error_set(err, FK_EDATA, fk_table_row_file(t, r),
                                    fk_table_row_line(t, r),
                                    "column '%s': '%s' is not a non-negative "
                                    "whole number",
                                    fk_table_colname(t, (size_t)fcol), s);
        *w = (double)k;
        return FK_OK;
}

static int count_cell(const struct fk_table *t, long col, size_t r,
                      double *out, int *missing, struct fk_error *err)
{
        const char *s = fk_table_cell(t, r, (size_t)col);
        unsigned long long k;

        *missing = !s;
        if (!s)
                return FK_OK;
        if (fk_parse_count(s, fk_table_decimal(t), &k))
                return fk_error_set(err, FK_EDATA, fk_table_row_file(t, r),
                                    fk_table_row_line(t, r),
                                    "column '%s': '%s' is not a non-negative "
                                    "whole number",
                                    fk_table_colname(t, (size_t)col), s);
        *out = (double)k;
        return FK_OK;
}

/* Tally successes and trials per arm from individual rows (ocol) or from
 * aggregated rows (scol, tcol), each weighted by --freq. */
/* Per-stratum 2x2 counts for --strata: the strata in order of first
 * appearance. */
struct strata_tally {
        long col;                       /* -1: no --strata */
        const char *name;               /* its name */
        size_t k, cap, last;
        const char **names;
        struct fk_stratum *s;
        double missing;                 /* rows without a stratum */
};

static void strata_free(struct strata_tally *st)
{
        free(st->names);
        free(st->s);
}

static struct fk_stratum *stratum_of(struct strata_tally *st,
                                     const char *name, struct fk_error *err)
{
        size_t i;

        if (st->k && !strcmp(st->names[st->last], name))
                return &st->s[st->last];
        for (i = 0; i < st->k; i++)
                if (!strcmp(st->names[i], name))
                        break;
        if (i == st->k) {
                if (st->k == st->cap) {
                        size_t cap = st->cap ? 2 * st->cap : 16;
                        const char **nn = realloc(st->names, cap * sizeof *nn);
                        struct fk_stratum *ns;

                        if (nn)
                                st->names = nn;
                        ns = nn ? realloc(st->s, cap * sizeof *ns) : NULL;
                        if (!ns) {
                                fk_error_set(err, FK_ENOMEM, NULL, 0,
                                             "out of memory");
                                return NULL;
                        }
                        st->s = ns;
                        st->cap = cap;
                }
                st->names[i] = name;
                st->s[i] = (struct fk_stratum){ 0, 0, 0, 0 };
                st->k++;
        }
        st->last = i;
        return &st->s[i];
}

/* Add w rows with s successes of k trials to the row's stratum. */
static int strata_add(struct strata_tally *st, const struct fk_table *t,
                      size_t r, int arm, double s, double k,
                      struct fk_error *err)
{
        const char *name;
        struct fk_stratum *z;

        if (!st || st->col < 0)
                return FK_OK;
        name = fk_table_cell(t, r, (size_t)st->col);
        if (!name) {
                st->missing += k;
                return FK_OK;
        }
        if (!(z = stratum_of(st, name, err)))
                return err->code;
        if (arm == FK_TRIAL) {
                z->x1 += s;
                z->n1 += k;
        } else {
                z->x2 += s;
                z->n2 += k;
        }
        return FK_OK;
}

/* Cluster-level inference (--cluster): collect (y, weight, arm, cluster)
 * per observation, binary outcomes as 0/1 (aggregated rows as two
 * entries), and fill r->cl. */
struct cluster_rows {
        double *y, *e, *w;              /* e: survival events, else 0 */
        int *arm;
        size_t *cl, n, cap;
        const char **names;
        size_t G, gcap;
};

static void cluster_rows_free(struct cluster_rows *c)
{
        free(c->y);
        free(c->e);
        free(c->w);
        free(c->arm);
        free(c->cl);
        free(c->names);
}

static int cluster_push(struct cluster_rows *c, double y, double e, double w,
                        int arm, const char *name, struct fk_error *err)
{
        size_t g;

        if (!(w > 0))
                return FK_OK;
        for (g = c->G; g > 0; g--)
                if (!strcmp(c->names[g - 1], name))
                        break;
        if (g == 0) {
                if (c->G == c->gcap) {
                        size_t cap = c->gcap ? 2 * c->gcap : 32;
                        const char **nn = realloc(c->names, cap * sizeof *nn);

                        if (!nn)
                                return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                                    "out of memory");
                        c->names = nn;
                        c->gcap = cap;
                }
                c->names[c->G++] = name;
                g = c->G;
        }
        if (c->n == c->cap) {
                size_t cap = c->cap ? 2 * c->cap : 1024;
                double *ny = realloc(c->y, cap * sizeof *ny);
                double *ne = ny ? realloc(c->e, cap * sizeof *ne) : NULL;
                double *nw = ne ? realloc(c->w, cap * sizeof *nw) : NULL;
                int *na = nw ? realloc(c->arm, cap * sizeof *na) : NULL;
                size_t *nc = na ? realloc(c->cl, cap * sizeof *nc) : NULL;

                if (ny)
                        c->y = ny;
                if (ne)
                        c->e = ne;
                if (nw)
                        c->w = nw;
                if (na)
                        c->arm = na;
                if (!nc)
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                c->cl = nc;
                c->cap = cap;
        }
        c->y[c->n] = y;
        c->e[c->n] = e;
        c->w[c->n] = w;
        c->arm[c->n] = arm;
        c->cl[c->n++] = g - 1;
        return FK_OK;
}

/* Survival outcome: Lin–Wei robust Cox and randomization inference on the
 * log hazard ratio into r->cox_cl; the clusters and the randomization p
 * also into r->cl, whose ICC, CR2 and wild bootstrap stay NaN. */
static int cox_cluster(const struct cluster_rows *c,
                       const struct compare_opts *o,
                       struct fk_outcome_result *r, struct fk_error *err)
{
        struct fk_coxcluster_data d = { c->y, c->e, c->w, c->arm, c->cl, c->n,
                                        c->G };
        struct fk_coxcluster_result *x = &r->cox_cl;
        struct fk_cluster_result *k = &r->cl;
        int rc = fk_coxcluster_robust(&d, o->ties, o->conf, x, err);

        if (!rc)
                rc = fk_coxcluster_randomization(&d, o->ties, (size_t)o->reps,
                                                 o->seed, x, err);
        if (rc)
                return rc;
        k->clusters[0] = x->clusters[0];
        k->clusters[1] = x->clusters[1];
        k->icc = k->design_effect = k->estimate = k->se = k->df = NAN;
        k->ci[0] = k->ci[1] = k->p_value = k->wild_p = NAN;
        k->wild_reps = 0;
        k->wild_weights = NULL;
        k->ri_p = x->ri_p;
        k->ri_assignments = x->ri_assignments;
        k->ri_exact = x->ri_exact;
        if (isfinite(x->se))
                fk_result_note(r, "the verdict uses the individual-level "
                               "interval; with whole municipalities assigned, "
                               "the cluster-robust (Lin-Wei) interval of the "
                               "hazard ratio [%.4g, %.4g] is the one to judge "
                               "by", x->ci[0], x->ci[1]);
        else if (isinf(x->beta))
                fk_result_note(r, "the hazard ratio is 0 or infinite, so there "
                               "is no cluster-robust interval");
        else
                fk_result_note(r, "no cluster-robust hazard ratio could be "
                               "computed (no job entries)");
        if (x->clusters[0] + x->clusters[1] < 30)
                fk_result_note(r, "with %zu clusters the Lin-Wei standard "
                               "error tends to be too small; the randomization "
                               "p-value is the safer guide",
                               x->clusters[0] + x->clusters[1]);
        return FK_OK;
}

static int cluster_analyse(const struct fk_table *t, const struct arms *a,
                           long ccol, long ocol, long scol, long tcol,
                           long fcol, const struct compare_opts *o,
                           struct fk_outcome_result *r, struct fk_error *err)
{
        struct cluster_rows c = { NULL, NULL, NULL, NULL, NULL, 0, 0, NULL, 0,
                                  0 };
        struct fk_cluster_data d;
        size_t nocl = 0;
        int surv = r->type == FK_TYPE_SURVIVAL, rc = FK_OK;
        long tm = surv ? fk_table_col(t, o->time) : -1;
        long ev = surv ? fk_table_col(t, o->event) : -1;

        for (size_t row = 0; row < fk_table_nrows(t) && !rc; row++) {
                int arm = arms_of_row(a, t, row), v, miss_s, miss_t;
                const char *name, *cell;
                double w, x, s = 0, k = 0;

                if (arm < 0)
                        continue;
                if ((rc = row_weight(t, fcol, row, &w, err)) != FK_OK)
                        break;
                name = fk_table_cell(t, row, (size_t)ccol);
                if (tm >= 0) {
                        const char *ts = fk_table_cell(t, row, (size_t)tm);
                        const char *es = fk_table_cell(t, row, (size_t)ev);

                        if (!ts || !es || fk_parse_binary(es, &v) ||
                            fk_parse_double(ts, fk_table_decimal(t), &x))
                                continue;       /* reported before */
                        if (!name) {
                                nocl++;
                                continue;
                        }
                        rc = cluster_push(&c, x, v, w, arm, name, err);
                        continue;
                }
                if (ocol < 0) {
                        if ((rc = count_cell(t, scol, row, &s, &miss_s, err)) ||
                            (rc = count_cell(t, tcol, row, &k, &miss_t, err)))
                                break;
                        if (miss_s || miss_t)
                                continue;
                        if (!name) {
                                nocl++;
                                continue;
                        }
                        rc = cluster_push(&c, 1, 0, w * s, arm, name, err);
                        if (!rc)
                                rc = cluster_push(&c, 0, 0, w * (k - s), arm,
                                                  name, err);
                        continue;
                }
                cell = fk_table_cell(t, row, (size_t)ocol);
                if (!cell)
                        continue;
                if (!name) {
                        nocl++;
                        continue;
                }
                if (r->type == FK_TYPE_BINARY) {
                        if (fk_parse_binary(cell, &v))
                                continue;       /* reported by the tally */
                        x = v;
                } else if (fk_parse_double(cell, fk_table_decimal(t), &x)) {
                        continue;
                }
                rc = cluster_push(&c, x, 0, w, arm, name, err);
        }
        if (!rc && surv) {
                rc = cox_cluster(&c, o, r, err);
        } else if (!rc) {
                d = (struct fk_cluster_data){ c.y, c.w, c.arm, c.cl, c.n, c.G };
                rc = fk_cluster_compare(&d, o->conf, (size_t)o->reps, o->seed,
                                        &r->cl, err);
                if (!rc)
                        fk_result_note(r, "the verdict uses the "
                                       "individual-level interval; with whole "
                                       "municipalities assigned, the "
                                       "cluster-robust CR2 interval [%.4g, "
                                       "%.4g] is the one to judge by",
                                       r->cl.ci[0], r->cl.ci[1]);
        }
        if (!rc) {
                r->has_cluster = 1;
                snprintf(r->cluster, sizeof r->cluster, "%s", o->cluster);
                if (nocl)
                        fk_result_note(r, "%zu rows without a value in column "
                                       "'%s' are left out of the cluster-level "
                                       "inference", nocl, o->cluster);
                if (r->cl.clusters[0] < 5 || r->cl.clusters[1] < 5) {
                        fk_result_note(r, "fewer than 5 clusters on a side "
                                       "(%zu trial, %zu control): cluster-level "
                                       "inference is fragile",
                                       r->cl.clusters[0], r->cl.clusters[1]);
                        cli_note(CMD, "warning: %s: fewer than 5 clusters on "
                                 "a side (%zu trial, %zu control)", r->outcome,
                                 r->cl.clusters[0], r->cl.clusters[1]);
                }
        }
        cluster_rows_free(&c);
        return rc;
}

/* Mantel–Haenszel analysis of the strata into r->stratified. */
static int stratify(const struct strata_tally *st, double conf,
                    struct fk_outcome_result *r, struct fk_error *err)
{
        struct fk_stratified f;
        int rc;

        if (st->missing > 0)
                cli_note(CMD, "%s: %.0f rows without a value in column '%s' "
                         "are left out of the stratified analysis", r->outcome,
                         st->missing, st->name);
        rc = fk_stratified(st->s, st->k, conf, &f, err);
        if (rc)
                return rc;
        {
                size_t both = 0;

                for (size_t i = 0; i < st->k; i++)
                        both += st->s[i].n1 > 0 && st->s[i].n2 > 0;
                if (both == 0)
                        fk_result_note(r, "no stratum of '%s' holds both arms, "
                                       "so the stratified estimates are null "
                                       "(stratify by something that varies "
                                       "within the arms)", st->name);
                else if (both < st->k)
                        fk_result_note(r, "%zu of %zu strata of '%s' hold only "
                                       "one arm and add nothing to the "
                                       "stratified estimates", st->k - both,
                                       st->k, st->name);
        }
        r->has_strata = 1;
        snprintf(r->strata, sizeof r->strata, "%s", st->name);
        r->nstrata = st->k;
        r->mh_or = f.mh_or;
        r->mh_or_ci[0] = f.mh_or_ci[0];
        r->mh_or_ci[1] = f.mh_or_ci[1];
        r->mh_rd = f.mh_rd;
        r->mh_rd_ci[0] = f.mh_rd_ci[0];
        r->mh_rd_ci[1] = f.mh_rd_ci[1];
        r->cmh = f.cmh;
        r->cmh_p = f.cmh_p;
        r->bd = f.bd;
        r->bd_p = f.bd_p;
        r->bd_df = f.bd_df;
        return FK_OK;
}

/* Tally successes and trials per arm (and per stratum when st is given)
 * from individual rows (ocol) or from aggregated rows (scol, tcol), each
 * weighted by --freq. */
static int tally_binary(const struct fk_table *t, const struct arms *a,
                        long ocol, long scol, long tcol, long fcol,
                        double x[2], double n[2], double excl[2],
                        struct strata_tally *st, struct fk_error *err)
{
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                int arm = arms_of_row(a, t, r), miss_s, miss_t, v;
                double w, s = 0, k = 0;

                if (arm < 0)
                        continue;
                if (row_weight(t, fcol, r, &w, err))
                        return err->code;
                if (ocol >= 0) {
                        const char *cell = fk_table_cell(t, r, (size_t)ocol);

                        if (!cell) {
                                excl[arm] += w;
                                continue;
                        }
                        if (fk_parse_binary(cell, &v))
                                return fk_error_set(err, FK_EDATA,
                                        fk_table_row_file(t, r),
                                        fk_table_row_line(t, r),
                                        "column '%s': '%s' is not a binary value",
                                        fk_table_colname(t, (size_t)ocol), cell);
                        s = v;
                        k = 1;
                } else {
                        if (count_cell(t, scol, r, &s, &miss_s, err) ||
                            count_cell(t, tcol, r, &k, &miss_t, err))
                                return err->code;
                        if (miss_s || miss_t) {
                                excl[arm] += miss_t ? w : w * k;
                                continue;
                        }
                        if (s > k)
                                return fk_error_set(err, FK_EDATA,
                                        fk_table_row_file(t, r),
                                        fk_table_row_line(t, r),
                                        "column '%s': %.0f successes exceed "
                                        "%.0f trials",
                                        fk_table_colname(t, (size_t)scol), s, k);
                }
                x[arm] += w * s;
                n[arm] += w * k;
                if (strata_add(st, t, r, arm, w * s, w * k, err))
                        return err->code;
        }
        return FK_OK;
}

/* Infer the type of an outcome column from its values: binary when every
 * observed value is a binary word; ordinal when they are whole numbers
 * from 1 to 7 (a Likert scale); count for other non-negative whole
 * numbers; continuous for other numbers.  See METHODS.md. */
static int infer_type(const struct fk_table *t, long col, enum fk_type *type,
                      struct fk_error *err)
{
        int binary = 1, whole = 1, v;
        double lo = INFINITY, hi = -INFINITY, x;

        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                const char *s = fk_table_cell(t, r, (size_t)col);

                if (!s)
                        continue;
                if (binary && !fk_parse_binary(s, &v))
                        continue;
                binary = 0;
                if (fk_parse_double(s, fk_table_decimal(t), &x))
                        return fk_error_set(err, FK_EDATA,
                                fk_table_row_file(t, r), fk_table_row_line(t, r),
                                "column '%s': '%s' is neither a number nor a "
                                "binary value", fk_table_colname(t, (size_t)col),
                                s);
                whole &= !(x - floor(x) > 0);
                lo = fmin(lo, x);
                hi = fmax(hi, x);
        }
        if (binary)
                *type = FK_TYPE_BINARY;
        else if (whole && lo >= 1 && hi <= 7)
                *type = FK_TYPE_ORDINAL;
        else if (whole && lo >= 0)
                *type = FK_TYPE_COUNT;
        else
                *type = FK_TYPE_CONTINUOUS;
        return FK_OK;
}

struct samples {
        double *x[2], *w[2];
        size_t k[2];
        double exposure[2];
};

static void samples_free(struct samples *sm)
{
        for (int a = 0; a < 2; a++) {
                free(sm->x[a]);
                free(sm->w[a]);
        }
}

/* Collect the values of a count, ordinal or continuous outcome per arm,
 * with their --freq weights and --exposure sums, checking each value. */
static int collect_numeric(const struct fk_table *t, const struct arms *a,
                           long ocol, long fcol, long ecol, enum fk_type type,
                           struct samples *sm, double excl[2],
                           struct fk_error *err)
{
        size_t cap = fk_table_nrows(t) + 1;
        const char *name = fk_table_colname(t, (size_t)ocol);

        for (int i = 0; i < 2; i++) {
                sm->x[i] = malloc(cap * sizeof(double));
                sm->w[i] = malloc(cap * sizeof(double));
                sm->k[i] = 0;
                sm->exposure[i] = ecol >= 0 ? 0 : NAN;
                if (!sm->x[i] || !sm->w[i])
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
        }
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                int arm = arms_of_row(a, t, r);
                const char *s;
                double w, x, e;

                if (arm < 0)
                        continue;
                if (row_weight(t, fcol, r, &w, err))
                        return err->code;
                s = fk_table_cell(t, r, (size_t)ocol);
                if (!s) {
                        excl[arm] += w;
                        continue;
                }
                if (fk_parse_double(s, fk_table_decimal(t), &x))
                        return fk_error_set(err, FK_EDATA,
                                fk_table_row_file(t, r), fk_table_row_line(t, r),
                                "column '%s': '%s' is not a number", name, s);
                if (type == FK_TYPE_COUNT && (x < 0 || x - floor(x) > 0))
                        return fk_error_set(err, FK_EDATA,
                                fk_table_row_file(t, r), fk_table_row_line(t, r),
                                "column '%s': '%s' is not a count (a "
                                "non-negative whole number)", name, s);
                if (type == FK_TYPE_ORDINAL && x - floor(x) > 0)
                        return fk_error_set(err, FK_EDATA,
                                fk_table_row_file(t, r), fk_table_row_line(t, r),
                                "column '%s': '%s' is not a level of an "
                                "ordinal scale (a whole number)", name, s);
                if (ecol >= 0) {
                        const char *es = fk_table_cell(t, r, (size_t)ecol);

                        if (!es || fk_parse_double(es, fk_table_decimal(t), &e)
                            || !(e > 0))
                                return fk_error_set(err, FK_EDATA,
                                        fk_table_row_file(t, r),
                                        fk_table_row_line(t, r),
                                        "column '%s': '%s' is not a positive "
                                        "person-time",
                                        fk_table_colname(t, (size_t)ecol),
                                        es ? es : "");
                        sm->exposure[arm] += w * e;
                }
                sm->x[arm][sm->k[arm]] = x;
                sm->w[arm][sm->k[arm]++] = w;
        }
        return FK_OK;
}

static int cmd_compare_as(int argc, char **argv, FILE *out,
                          enum fk_type type0);

struct durations {
        double *t[2], *e[2], *w[2];
        size_t k[2];
};

static void durations_free(struct durations *d)
{
        for (int a = 0; a < 2; a++) {
                free(d->t[a]);
                free(d->e[a]);
                free(d->w[a]);
        }
}

/* Collect (time, event, weight) per arm.  A missing or negative time or an
 * event other than 0/1 is a data error: censoring must be explicit. */
static int collect_durations(const struct fk_table *t, const struct arms *a,
                             long tcol, long ecol, long fcol,
                             struct durations *d, struct fk_error *err)
{
        size_t cap = fk_table_nrows(t) + 1;
        const char *tn = fk_table_colname(t, (size_t)tcol);
        const char *en = fk_table_colname(t, (size_t)ecol);

        for (int i = 0; i < 2; i++) {
                d->t[i] = malloc(cap * sizeof(double));
                d->e[i] = malloc(cap * sizeof(double));
                d->w[i] = malloc(cap * sizeof(double));
                d->k[i] = 0;
                if (!d->t[i] || !d->e[i] || !d->w[i])
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
        }
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                int arm = arms_of_row(a, t, r), ev;
                const char *ts, *es;
                double w, x;

                if (arm < 0)
                        continue;
                if (row_weight(t, fcol, r, &w, err))
                        return err->code;
                ts = fk_table_cell(t, r, (size_t)tcol);
                es = fk_table_cell(t, r, (size_t)ecol);
                if (!ts || fk_parse_double(ts, fk_table_decimal(t), &x) || x < 0)
                        return fk_error_set(err, FK_EDATA,
                                fk_table_row_file(t, r), fk_table_row_line(t, r),
                                "column '%s': '%s' is not a time (a "
                                "non-negative number)", tn, ts ? ts : "");
                if (!es || fk_parse_binary(es, &ev))
                        return fk_error_set(err, FK_EDATA,
                                fk_table_row_file(t, r), fk_table_row_line(t, r),
                                "column '%s': '%s' is not an event indicator "
                                "(1 = job, 0 = censored)", en, es ? es : "");
                d->t[arm][d->k[arm]] = x;
                d->e[arm][d->k[arm]] = ev;
                d->w[arm][d->k[arm]++] = w;
        }
        return FK_OK;
}

int cmd_survival(int argc, char **argv, FILE *out)
{
        int rc;

        CMD = "survival";
        rc = cmd_compare_as(argc, argv, out, FK_TYPE_SURVIVAL);
        CMD = "compare";
        return rc;
}

int cmd_compare(int argc, char **argv, FILE *out)
{
        return cmd_compare_as(argc, argv, out, FK_TYPE_AUTO);
}

static int cmd_compare_as(int argc, char **argv, FILE *out, enum fk_type type0)
{
        struct compare_opts o = {
                .arm = "arm", .type = FK_TYPE_AUTO, .better = FK_BETTER_HIGHER,
                .margin = NAN, .conf = 0.95, .format = FK_FMT_TEXT,
                .rd_method = FK_RD_MIETTINEN_NURMINEN, .top = 2,
                .at = { 13, 26, 52 }, .nat = 3, .reps = 9999, .seed = 1,
                .csv = FK_CSV_OPTS_INIT
        };
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t = NULL;
        struct fk_outcome_result *res = NULL;
        char *names[MAX_OUTCOMES];
        size_t nout = 0;
        struct arms arms;
        long acol, scol = -1, tcol = -1, fcol = -1, ecol = -1;
        long tmcol = -1, evcol = -1, stcol = -1, clcol = -1;
        int show_help = 0, rc;

        o.type = type0;
        rc = parse_opts(argc, argv, &o, &show_help);
        if (rc || show_help) {
                if (show_help)
                        help(out);
                return rc;
        }
        rc = cli_read_table(CMD, argv + optind, (size_t)(argc - optind),
                            &o.csv, &t);
        if (rc)
                return rc;
        rc = FK_EXIT_USAGE;
        if ((acol = cli_column(CMD, t, o.arm)) < 0)
                goto done;
        if (o.successes && ((scol = cli_column(CMD, t, o.successes)) < 0 ||
                            (tcol = cli_column(CMD, t, o.trials)) < 0))
                goto done;
        if (o.freq && (fcol = cli_column(CMD, t, o.freq)) < 0)
                goto done;
        if (o.exposure && (ecol = cli_column(CMD, t, o.exposure)) < 0)
                goto done;
        if (o.strata && (stcol = cli_column(CMD, t, o.strata)) < 0)
                goto done;
        if (o.cluster && (clcol = cli_column(CMD, t, o.cluster)) < 0)
                goto done;
        if (o.time && ((tmcol = cli_column(CMD, t, o.time)) < 0 ||
                       (evcol = cli_column(CMD, t, o.event)) < 0))
                goto done;
        if (o.time) {
                names[0] = o.outcome ? o.outcome : (char *)o.time;
                nout = 1;
        } else if (o.outcome) {
                nout = cli_split(o.outcome, names, MAX_OUTCOMES);
                if (o.successes && nout > 1) {
                        rc = cli_usage(CMD, "with --successes, --outcome names "
                                       "one result");
                        goto done;
                }
        } else {
                names[0] = (char *)o.successes;
                nout = 1;
        }
        if (!o.successes && !o.time)
                for (size_t i = 0; i < nout; i++)
                        if (cli_column(CMD, t, names[i]) < 0)
                                goto done;
        rc = arms_resolve(CMD, t, acol, o.trial, o.control, &arms);
        if (rc)
                goto done;

        res = calloc(nout, sizeof *res);
        if (!res) {
                rc = cli_fail(CMD, &(struct fk_error){ FK_ENOMEM, "", 0,
                                                       "out of memory" });
                goto done;
        }
        for (size_t i = 0; i < nout; i++) {
                long ocol = o.successes || o.time ? -1 :
                            fk_table_col(t, names[i]);
                enum fk_type type = o.type;
                double excl[2] = { 0, 0 };

                if (type == FK_TYPE_AUTO) {
                        if (o.successes)
                                type = FK_TYPE_BINARY;
                        else if (infer_type(t, ocol, &type, &err))
                                goto fail;
                        else
                                cli_note(CMD, "%s: type %s (inferred from its "
                                         "values; say --type to override)",
                                         names[i], fk_type_name(type));
                }
                fk_result_init(&res[i], names[i], type, o.better, o.conf);
                if (o.strata && type != FK_TYPE_BINARY) {
                        rc = cli_usage(CMD, "--strata is for binary outcomes; "
                                       "'%s' is %s", names[i],
                                       fk_type_name(type));
                        goto done;
                }
                if (type == FK_TYPE_SURVIVAL) {
                        struct fk_survival_opts so = {
                                o.conf, o.better, o.margin, o.km_ci, o.ties,
                                o.at, o.nat, o.table
                        };
                        struct durations dd = { { NULL, NULL }, { NULL, NULL },
                                                { NULL, NULL }, { 0, 0 } };
                        struct fk_durations d2[2];
                        int bad;

                        if (!isnan(o.margin) && !(o.margin < 1)) {
                                rc = cli_usage(CMD, "--margin for a hazard "
                                               "ratio must be below 1");
                                goto done;
                        }
                        bad = collect_durations(t, &arms, tmcol, evcol, fcol,
                                                &dd, &err);
                        for (int a = 0; a < 2; a++) {
                                d2[a].time = dd.t[a];
                                d2[a].event = dd.e[a];
                                d2[a].w = dd.w[a];
                                d2[a].k = dd.k[a];
                        }
                        if (!bad)
                                bad = fk_survival_compare(d2, &so, &res[i], &err);
                        durations_free(&dd);
                        if (bad)
                                goto fail_file;
                } else if (type == FK_TYPE_BINARY) {
                        struct fk_binary_opts bo = { o.conf, o.rd_method,
                                                     o.better, o.margin };
                        double x[2] = { 0, 0 }, n[2] = { 0, 0 };

                        if (!isnan(o.margin) && !(o.margin < 1)) {
                                rc = cli_usage(CMD, "--margin for the binary "
                                               "outcome '%s' must be below 1 "
                                               "(a risk difference)", names[i]);
                                goto done;
                        }
                        struct strata_tally st = { stcol, o.strata, 0, 0, 0,
                                                   NULL, NULL, 0 };
                        int bad;

                        bad = tally_binary(t, &arms, ocol, scol, tcol, fcol, x,
                                           n, excl, &st, &err);
                        if (!bad && stcol >= 0)
                                bad = stratify(&st, o.conf, &res[i], &err);
                        strata_free(&st);
                        if (bad)
                                goto fail;
                        res[i].excluded[FK_TRIAL] = excl[FK_TRIAL];
                        res[i].excluded[FK_CONTROL] = excl[FK_CONTROL];
                        if (fk_binary_compare(x, n, &bo, &res[i], &err))
                                goto fail_file;
                } else {
                        struct fk_numeric_opts no = {
                                o.conf, o.better, o.margin, o.rd_method,
                                o.top, o.has_levels, o.level_min, o.level_max
                        };
                        struct samples sm = { { NULL, NULL }, { NULL, NULL },
                                              { 0, 0 }, { NAN, NAN } };
                        struct fk_sample s2[2];
                        int bad;

                        bad = collect_numeric(t, &arms, ocol, fcol, ecol, type,
                                              &sm, excl, &err);
                        for (int a = 0; a < 2 && !bad; a++) {
                                s2[a].x = sm.x[a];
                                s2[a].w = sm.w[a];
                                s2[a].k = sm.k[a];
                                s2[a].exposure = sm.exposure[a];
                        }
                        res[i].excluded[FK_TRIAL] = excl[FK_TRIAL];
                        res[i].excluded[FK_CONTROL] = excl[FK_CONTROL];
                        if (!bad)
                                bad = fk_numeric_compare(s2, &no, &res[i], &err);
                        samples_free(&sm);
                        if (bad)
                                goto fail_file;
                }
                if (clcol >= 0 && cluster_analyse(t, &arms, clcol, ocol, scol,
                                                  tcol, fcol, &o, &res[i],
                                                  &err))
                        goto fail_file;
        }
        {
                const char *files[64];
                size_t nf = fk_table_nfiles(t) < 64 ? fk_table_nfiles(t) : 64;
                struct fk_run_info info = {
                        CMD, files, nf, (double)fk_table_nrows(t),
                        fk_table_delimiter(t), fk_table_decimal(t), o.arm,
                        arms.trial, arms.control
                };

                for (size_t i = 0; i < nf; i++)
                        files[i] = fk_table_file(t, i);
                fk_render_compare(out, o.format, &info, res, nout);
        }
        rc = FK_EXIT_OK;
        goto done;
fail_file:
        if (!err.file[0])
                snprintf(err.file, sizeof err.file, "%s", fk_table_file(t, 0));
fail:
        rc = cli_fail(CMD, &err);
done:
        for (size_t i = 0; res && i < nout; i++)
                fk_result_release(&res[i]);
        free(res);
        fk_table_free(t);
        return rc;
}
