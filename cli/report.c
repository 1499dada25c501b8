/* fkstat report PLAN.ini [-o DIR] [--lang da|en]: the whole evaluation
 * from a plan file; see include/fkstat/report.h. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "fkstat/report.h"

static const char *const CMD = "report";

static void help(FILE *out)
{
        fputs("usage: fkstat report PLAN.ini [-o DIR] [--lang da|en]\n"
              "\n"
              "Run the evaluation a plan file describes ([study], [outcome NAME]\n"
              "and [did NAME] sections; see DESIGN.md) and write the report:\n"
              "DIR/report.html (self-contained), DIR/report.md, DIR/results.json,\n"
              "DIR/results.csv and DIR/charts/ (.svg, .png, .gp and data).\n"
              "The folder is replaced only when the new report is complete.\n"
              "\n"
              "  -o, --output DIR     the report folder (default: report)\n"
              "  --lang da|en         language (default: the plan's lang, da)\n"
              "\n"
              "Example:\n"
              "  fkstat report datasets/examples/plan.ini -o out/example\n"
              "  fkstat report datasets/nordjylland/plan.ini -o out/nordjylland\n",
              out);
}

static void note(void *ctx, const char *msg)
{
        (void)ctx;
        cli_note(CMD, "%s", msg);
}

int cmd_report(int argc, char **argv, FILE *out)
{
        enum { O_LANG = 256, O_HELP };
        static const struct option longopts[] = {
                { "output", required_argument, NULL, 'o' },
                { "lang", required_argument, NULL, O_LANG },
                { "help", no_argument, NULL, O_HELP },
                { NULL, 0, NULL, 0 }
        };
        struct fk_report_opts o = { NULL, "report", NULL, note, NULL };
        struct fk_error err = FK_ERROR_INIT;
        int c;

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
        o.plan = argv[optind];
        if (fk_report_run(&o, &err))
                return cli_fail(CMD, &err);
        cli_note(CMD, "wrote %s/report.html", o.dir);
        return FK_EXIT_OK;
}
