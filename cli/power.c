/* fkstat power: sample size, power and minimum detectable effect of a
 * two-arm trial (R power.prop.test / power.t.test, design effect,
 * non-inferiority). */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "fkstat/power.h"
#include "fkstat/render.h"

static const char *const CMD = "power";

static void help(FILE *out)
{
        fputs("usage: fkstat power --type binary --p-control P --p-trial P [options]\n"
              "       fkstat power --type mean --delta D --sd S [options]\n"
              "\n"
              "Sample size per arm for a target power (as R power.prop.test and\n"
              "power.t.test, two-sided, unrounded), or the power and the minimum\n"
              "detectable effect (mde) for a given n per arm.\n"
              "\n"
              "  --type binary|mean   two proportions or two means\n"
              "  --p-control P --p-trial P   proportions in (0, 1) (binary)\n"
              "  --delta D --sd S     mean difference and common sd (mean)\n"
              "  --power P            target power (default 0.8): solve for n\n"
              "  --n N                n per arm: solve for power and the mde at\n"
              "                       --power (the effect is then optional)\n"
              "  --alpha A            two-sided significance level (default 0.05)\n"
              "  --icc R --cluster-size M   design effect 1 + (M - 1) R\n"
              "  --margin X           non-inferiority margin (one-sided alpha/2)\n"
              "  --format F           text (default), json, csv, markdown\n"
              "  --csv-dialect D      csv: default (',' and a decimal point) or\n"
              "                       excel-da (';', decimal comma, UTF-8 BOM)\n"
              "\n"
              "Example:\n"
              "  fkstat power --type binary --p-control 0.50 --p-trial 0.55 \\\n"
              "      --icc 0.01 --cluster-size 200\n", out);
}

/* A number option that must lie in (lo, hi) (open ends when closed_lo is
 * 0) or print a usage error. */
static int range(const char *opt, const char *arg, double *out, double lo,
                 double hi, int closed_lo, const char *what)
{
        if (cli_number(CMD, opt, arg, out))
                return FK_EXIT_USAGE;
        if (!(closed_lo ? *out >= lo : *out > lo) || !(*out < hi))
                return cli_usage(CMD, "%s must %s, not '%s'", opt, what, arg);
        return 0;
}

int cmd_power(int argc, char **argv, FILE *out)
{
        enum { O_TYPE = 256, O_PC, O_PT, O_DELTA, O_SD, O_POWER, O_N,
               O_ALPHA, O_ICC, O_M, O_MARGIN, O_FORMAT, O_DIALECT, O_HELP };
        static const struct option longopts[] = {
                { "type", required_argument, NULL, O_TYPE },
                { "p-control", required_argument, NULL, O_PC },
                { "p-trial", required_argument, NULL, O_PT },
                { "delta", required_argument, NULL, O_DELTA },
                { "sd", required_argument, NULL, O_SD },
                { "power", required_argument, NULL, O_POWER },
                { "n", required_argument, NULL, O_N },
                { "alpha", required_argument, NULL, O_ALPHA },
                { "icc", required_argument, NULL, O_ICC },
                { "cluster-size", required_argument, NULL, O_M },
                { "margin", required_argument, NULL, O_MARGIN },
                { "format", required_argument, NULL, O_FORMAT },
                { "csv-dialect", required_argument, NULL, O_DIALECT },
                { "help", no_argument, NULL, O_HELP },
                { NULL, 0, NULL, 0 }
        };
        static const char *const PROB = "lie between 0 and 1";
        struct fk_power_spec s = FK_POWER_SPEC_INIT;
        struct fk_power_result r;
        struct fk_error err = FK_ERROR_INIT;
        struct cli_out buf;
        struct cli_output o = CLI_OUTPUT_INIT;
        const char *type = NULL;
        int c, v, has_power = 0, bad = 0;

        opterr = 0;
        optind = 1;
        while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
                switch (c) {
                case O_TYPE: type = optarg; break;
                case O_PC: bad = range("--p-control", optarg, &s.p_control,
                                       0, 1, 0, PROB); break;
                case O_PT: bad = range("--p-trial", optarg, &s.p_trial,
                                       0, 1, 0, PROB); break;
                case O_DELTA: bad = cli_number(CMD, "--delta", optarg,
                                               &s.delta); break;
                case O_SD: bad = range("--sd", optarg, &s.sd, 0, INFINITY, 0,
                                       "be positive"); break;
                case O_POWER: bad = range("--power", optarg, &s.power, 0, 1,
                                          0, PROB);
                        has_power = 1;
                        break;
                case O_N: bad = range("--n", optarg, &s.n, 0, INFINITY, 0,
                                      "be positive"); break;
                case O_ALPHA: bad = range("--alpha", optarg, &s.alpha, 0, 1,
                                          0, PROB); break;
                case O_ICC: bad = range("--icc", optarg, &s.icc, 0, 1, 1,
                                        "lie in [0, 1)"); break;
                case O_M: bad = range("--cluster-size", optarg,
                                      &s.cluster_size, 1, INFINITY, 1,
                                      "be at least 1"); break;
                case O_MARGIN: bad = range("--margin", optarg, &s.margin, 0,
                                           INFINITY, 0, "be positive"); break;
                case O_FORMAT:
                        v = fk_format_parse(optarg);
                        if (v < 0)
                                return cli_usage(CMD, "unknown --format '%s'",
                                                 optarg);
                        o.format = (enum fk_format)v;
                        break;
                case O_DIALECT:
                        if (cli_csv_dialect(CMD, optarg, &o.csv))
                                return FK_EXIT_USAGE;
                        break;
                case 'h':
                case O_HELP:
                        help(out);
                        return FK_EXIT_OK;
                default:
                        return cli_bad_option(CMD, c, argv);
                }
                if (bad)
                        return FK_EXIT_USAGE;
        }
        if (optind < argc)
                return cli_usage(CMD, "unexpected argument '%s'", argv[optind]);
        if (!type)
                return cli_usage(CMD, "--type binary or --type mean is required");
        if (!strcmp(type, "binary")) {
                s.type = FK_POWER_BINARY;
                if (isnan(s.p_control))
                        return cli_usage(CMD, "--type binary needs --p-control");
                if (!isnan(s.delta) || !isnan(s.sd))
                        return cli_usage(CMD, "--delta and --sd go with "
                                         "--type mean");
        } else if (!strcmp(type, "mean")) {
                s.type = FK_POWER_MEAN;
                if (isnan(s.sd))
                        return cli_usage(CMD, "--type mean needs --sd");
                if (!isnan(s.p_control) || !isnan(s.p_trial))
                        return cli_usage(CMD, "--p-control and --p-trial go "
                                         "with --type binary");
        } else {
                return cli_usage(CMD, "--type must be binary or mean, not '%s'",
                                 type);
        }
        if (has_power && !isnan(s.n))
                return cli_usage(CMD, "give --power or --n, not both");
        if (isnan(s.icc) != isnan(s.cluster_size))
                return cli_usage(CMD, "--icc and --cluster-size go together");
        /* two-sided: even n -> 0 rejects with probability alpha (one-sided
         * alpha/2 with a margin), so a lower power is no design goal */
        if (has_power && !(s.power > (isnan(s.margin) ? s.alpha :
                                      s.alpha / 2)))
                return cli_usage(CMD, "--power %g is not above the "
                                 "significance level %g, which any n "
                                 "reaches", s.power, isnan(s.margin) ?
                                 s.alpha : s.alpha / 2);
        if (isnan(s.n)) {
                if (s.type == FK_POWER_BINARY && isnan(s.p_trial))
                        return cli_usage(CMD, "--p-trial is needed to solve "
                                         "for n");
                if (s.type == FK_POWER_MEAN && isnan(s.delta))
                        return cli_usage(CMD, "--delta is needed to solve "
                                         "for n");
        }
        if (fk_power_solve(&s, &r, &err))
                return cli_fail(CMD, &err);
        if (!isnan(s.n) && isnan(r.mde))
                cli_note(CMD, "no effect reaches power %g with n = %g per arm",
                         s.power, s.n);
        if (!cli_out_begin(&buf)) {
                cli_note(CMD, "out of memory");
                return FK_EXIT_DATA;
        }
        return cli_out_end(&buf, CMD, fk_render_power(buf.f, o.format, &s, &r,
                                                      &o.csv), out);
}
