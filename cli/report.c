/* fkstat report PLAN.ini [-o DIR] [--lang da|en] [--pdf]: the whole evaluation
 * from a plan file; see include/fkstat/report.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "fkstat/report.h"

static const char *const CMD = "report";

static void help(FILE *out)
{
        fputs("usage: fkstat report PLAN.ini [-o DIR] [--lang da|en] [--pdf]\n"
              "\n"
              "Run the evaluation a plan file describes and write the report:\n"
              "DIR/report.html (self-contained), DIR/report.md, DIR/results.json,\n"
              "DIR/results.csv and DIR/charts/ (.svg, .png, .gp and data).\n"
              "A new folder is made; an existing one is replaced only when it\n"
              "holds an earlier report (the file .fkstat-report says so) and\n"
              "only when the new report is complete.  Any other folder, such\n"
              "as one holding the plan or its data, is refused and left as it is.\n"
              "\n"
              "  -o, --output DIR     the report folder (default: report)\n"
              "  --lang da|en         language (default: the plan's lang, da)\n"
              "  --pdf                also DIR/report.pdf, report.html printed by\n"
              "                       headless Chromium (chromium or chromium-browser\n"
              "                       on PATH, or $FKSTAT_CHROMIUM); without it the\n"
              "                       rest of the report is written and the exit\n"
              "                       status is 1\n"
              "\n"
              "The plan (INI; whole-line comments with ; or #; an unknown key or\n"
              "section is an error naming the plan file and line):\n"
              "  [study]        title, data (relative to the plan), arm, trial,\n"
              "                 control (value, comma list or @FILE), cluster\n"
              "                 (column, auto (default) or none), strata, lang\n"
              "                 (da|en), conf_level, seed, multiplicity\n"
              "                 (holm|hochberg|bh|bonferroni|by|none; holm),\n"
              "                 delimiter, decimal, na, skip, thousands,\n"
              "                 encoding, csv_dialect\n"
              "  [outcome NAME] label, column (default NAME), type, better,\n"
              "                 margin, data, time, event, exposure, top,\n"
              "                 successes, trials, freq, at\n"
              "  [did NAME]     label, data, unit, period, outcome, treated,\n"
              "                 treated_units, start (a period, or a column\n"
              "                 of each unit's start), starts (file),\n"
              "                 control_group, base_period, wide (one\n"
              "                 column per period), weight, better, margin\n"
              "  [validate]     reps, seed, outcomes\n"
              "  [design]       read by 'fkstat simulate' only (METHODS.md)\n"
              "A section with no keys takes every default.  When people are\n"
              "clustered in municipalities, each verdict uses the cluster-level\n"
              "interval.  METHODS.md documents every key and estimate.\n"
              "\n"
              "Example:\n"
              "  fkstat report datasets/examples/plan.ini -o out/example\n"
              "  fkstat report datasets/nordjylland/plan.ini -o out/nordjylland --pdf\n",
              out);
}

/* The length of dir without its trailing slashes. */
static size_t dir_len(const char *dir)
{
        size_t n = strlen(dir);

        while (n > 1 && dir[n - 1] == '/')
                n--;
        return n;
}

static void note(void *ctx, const char *msg)
{
        (void)ctx;
        cli_note(CMD, "%s", msg);
}

int cmd_report(int argc, char **argv, FILE *out)
{
        enum { O_LANG = 256, O_PDF, O_HELP };
        static const struct option longopts[] = {
                { "output", required_argument, NULL, 'o' },
                { "lang", required_argument, NULL, O_LANG },
                { "pdf", no_argument, NULL, O_PDF },
                { "help", no_argument, NULL, O_HELP },
                { NULL, 0, NULL, 0 }
        };
        struct fk_report_opts o = { NULL, "report", NULL, note, NULL, 0, 0 };
        struct fk_error err = FK_ERROR_INIT;
        const char *env = getenv("FKSTAT_NO_FASTPATH");
        int c;

        /* the whole table for every section, as the identity tests ask */
        o.full_table = env && *env && strcmp(env, "0");
        opterr = 0;
        optind = 1;
        while ((c = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
                switch (c) {
                case 'o': o.dir = optarg; break;
                case O_LANG:
                        if (strcmp(optarg, "da") && strcmp(optarg, "en"))
                                return cli_usage(CMD, "--lang must be da or en, "
                                                 "not '%s'", optarg);
                        o.lang = optarg;
                        break;
                case O_PDF: o.pdf = 1; break;
                case 'h':
                case O_HELP:
                        help(out);
                        return FK_EXIT_OK;
                default:
                        return cli_bad_option(CMD, c, argv);
                }
        }
        if (argc - optind != 1)
                return cli_usage(CMD, "give one plan file");
        if (!*o.dir)
                return cli_usage(CMD, "-o needs a folder name");
        o.plan = argv[optind];
        if (fk_report_run(&o, &err))
                return cli_fail(CMD, &err);
        cli_note(CMD, "wrote %.*s/report.html%s", (int)dir_len(o.dir), o.dir,
                 o.pdf ? " and report.pdf" : "");
        return FK_EXIT_OK;
}
