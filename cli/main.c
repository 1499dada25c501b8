/* fkstat — evaluate free-municipality trials: the command table. */
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cli/cli.h"
#include "fkstat/render.h"

static const struct cmd commands[] = {
        { "compare", cmd_compare, "trial vs control on one or more outcomes" },
        { "describe", cmd_describe, "per-group summaries of the columns" },
        { "survival", cmd_survival, "time to job: compare --type survival" },
        { "adjust", cmd_adjust, "p-values adjusted for multiple comparisons" },
        { "did", cmd_did, "difference in differences on a panel" },
        { "power", cmd_power, "sample size, power and detectable effect" },
        { "report", cmd_report, "the evaluation report from a plan file" },
        { "plot", cmd_plot, "draw a chart (gnuplot): bars, forest, km, ..." },
        { "simulate", cmd_simulate, "synthetic trial data from a plan's design" },
        { "validate", cmd_validate, "coverage and error rates of the intervals by simulation" },
};

/* compare maps its input files; if one shrinks while it is read the
 * kernel raises SIGBUS.  Say so in one line instead of dying silently. */
static void on_sigbus(int sig)
{
        static const char msg[] = "fkstat: an input file changed (shrank) "
                                  "while it was read\n";

        (void)sig;
        if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
                _exit(1);
        _exit(1);
}

static void usage(FILE *f)
{
        fprintf(f, "usage: fkstat COMMAND [options] FILE...\n\n"
                "Evaluate free-municipality (frikommune) trials: trial vs "
                "comparison\nmunicipalities on job entry and other outcomes.\n\n"
                "Commands:\n");
        for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
                fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
        fprintf(f, "\nRun 'fkstat COMMAND --help' for the options of a command,\n"
                "'fkstat --version' for the version.  Methods and references:\n"
                "METHODS.md; manual pages: man/.\n");
}

int main(int argc, char **argv)
{
        int rc;

        gsl_set_error_handler_off();
        fk_json_init();
        {
                struct sigaction sa;

                memset(&sa, 0, sizeof sa);
                sa.sa_handler = on_sigbus;
                sigaction(SIGBUS, &sa, NULL);
        }
        if (argc < 2) {
                usage(stderr);
                return FK_EXIT_USAGE;
        }
        if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
            !strcmp(argv[1], "help")) {
                usage(stdout);
                return fflush(stdout) ? FK_EXIT_DATA : FK_EXIT_OK;
        }
        if (!strcmp(argv[1], "--version")) {
                printf("fkstat %s\n", FK_VERSION);
                return fflush(stdout) ? FK_EXIT_DATA : FK_EXIT_OK;
        }
        for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
                if (strcmp(argv[1], commands[i].name))
                        continue;
                rc = commands[i].fn(argc - 1, argv + 1, stdout);
                if (fflush(stdout) || ferror(stdout)) {
                        fprintf(stderr, "fkstat: %s: write error: %s\n",
                                commands[i].name, strerror(errno));
                        return FK_EXIT_DATA;
                }
                return rc;
        }
        fprintf(stderr, "fkstat: '%s' is not an fkstat command\n"
                "Try 'fkstat --help'\n", argv[1]);
        return FK_EXIT_USAGE;
}
