/* fkstat simulate: synthetic person-level and panel data from the [design]
 * section of a plan. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "fkstat/plan.h"
#include "fkstat/simdesign.h"
#include "fkstat/simulate.h"

static const char *const CMD = "simulate";

static void help(FILE *out)
{
        fputs("usage: fkstat simulate PLAN.ini [-o DIR] [--seed N]\n"
              "\n"
              "Synthetic trial data from the [design] section of a plan: people\n"
              "entering unemployment in trial and comparison municipalities with\n"
              "time to job, job within the follow-up, interviews and\n"
              "satisfaction, and a municipality x quarter panel of the share\n"
              "self-supporting.  Writes DIR/individuals.csv and DIR/panel.csv\n"
              "(';'-separated, decimal comma, UTF-8), each to a temporary name\n"
              "first and then renamed.  The same seed gives the same bytes on\n"
              "every machine.  The design keys and the generative model are in\n"
              "METHODS.md, \"Simulation\".\n"
              "\n"
              "  -o, --output DIR   folder to write to (default: the current\n"
              "                     folder; created when missing)\n"
              "  --seed N           random seed (default: [study] seed, else 1)\n"
              "\n"
              "Example:\n"
              "  fkstat simulate datasets/nordjylland/plan.ini -o /tmp/nj\n",
              out);
}

struct outfile {
        char *tmp, *final;
        FILE *f;
};

static int open_tmp(const char *dir, const char *name, struct outfile *o)
{
        size_t n = strlen(dir) + strlen(name) + 16;
        mode_t mask;
        int fd;

        o->tmp = malloc(n);
        o->final = malloc(n);
        o->f = NULL;
        if (!o->tmp || !o->final)
                return ENOMEM;
        snprintf(o->final, n, "%s/%s", dir, name);
        snprintf(o->tmp, n, "%s/.%s.XXXXXX", dir, name);
        fd = mkstemp(o->tmp);
        if (fd < 0) {
                int e = errno;

                free(o->tmp);
                o->tmp = NULL;
                return e;
        }
        mask = umask(0);
        umask(mask);
        if (fchmod(fd, 0666 & ~mask) || !(o->f = fdopen(fd, "w"))) {
                int e = errno;

                close(fd);
                return e;
        }
        return 0;
}

static void drop(struct outfile *o)
{
        if (o->f)
                fclose(o->f);
        if (o->tmp)
                unlink(o->tmp);
        free(o->tmp);
        free(o->final);
}

static int write_all(const char *dir, const struct fk_plan *plan,
                     const struct fk_sim_design *d, unsigned long seed,
                     FILE *out)
{
        static const char *const names[2] = { "individuals.csv", "panel.csv" };
        struct outfile o[2] = { { NULL, NULL, NULL }, { NULL, NULL, NULL } };
        struct fk_error err = FK_ERROR_INIT;
        struct fk_sim_person *p = NULL;
        struct fk_sim_cell *c = NULL;
        size_t np = 0, nc = 0;
        int rc = FK_EXIT_OK, e = 0, i;

        if (fk_sim_people(d, seed, &p, &np, &err) ||
            fk_sim_panel(d, seed, &c, &nc, &err)) {
                free(p);
                return cli_fail(CMD, &err);
        }
        for (i = 0; i < 2 && !e; i++)
                e = open_tmp(dir, names[i], &o[i]);
        if (e) {
                cli_note(CMD, "cannot write to '%s': %s", dir, strerror(e));
                rc = FK_EXIT_DATA;
        } else if (fk_sim_write_people(o[0].f, d, p, np,
                                       plan->trial ? plan->trial : "forsøg",
                                       plan->control ? plan->control :
                                       "sammenligning", &err) ||
                   fk_sim_write_panel(o[1].f, d, c, nc, &err)) {
                cli_note(CMD, "%s: write error", dir);
                rc = FK_EXIT_DATA;
        }
        for (i = 0; i < 2 && !rc; i++) {
                int bad = fclose(o[i].f);

                o[i].f = NULL;
                if (bad) {
                        cli_note(CMD, "%s: %s", o[i].final, strerror(errno));
                        rc = FK_EXIT_DATA;
                }
        }
        for (i = 0; i < 2 && !rc; i++) {
                if (rename(o[i].tmp, o[i].final)) {
                        cli_note(CMD, "cannot create '%s': %s", o[i].final,
                                 strerror(errno));
                        rc = FK_EXIT_DATA;
                        break;
                }
                free(o[i].tmp);
                o[i].tmp = NULL;
        }
        if (!rc)
                fprintf(out, "%s: %zu people\n%s: %zu municipality x quarter "
                        "cells\n", o[0].final, np, o[1].final, nc);
        drop(&o[0]);
        drop(&o[1]);
        free(p);
        free(c);
        return rc;
}

int cmd_simulate(int argc, char **argv, FILE *out)
{
        enum { O_SEED = 256, O_HELP };
        static const struct option longopts[] = {
                { "output", required_argument, NULL, 'o' },
                { "seed", required_argument, NULL, O_SEED },
                { "help", no_argument, NULL, O_HELP },
                { NULL, 0, NULL, 0 }
        };
        struct fk_error err = FK_ERROR_INIT;
        struct fk_plan *plan = NULL;
        struct fk_sim_design d;
        const char *dir = ".";
        unsigned long seed = 0;
        int c, have_seed = 0, rc;
        struct stat st;

        opterr = 0;
        optind = 1;
        while ((c = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
                switch (c) {
                case 'o': dir = optarg; break;
                case O_SEED:
                        if (cli_seed(CMD, optarg, &seed))
                                return FK_EXIT_USAGE;
                        have_seed = 1;
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
                return cli_usage(CMD, argc - optind ? "one plan file, please" :
                                 "a plan file is required");
        if (!*dir)
                return cli_usage(CMD, "-o needs a folder");
        if (fk_plan_read(argv[optind], &plan, &err))
                return cli_fail(CMD, &err);
        if (fk_sim_design_read(plan, &d, &err)) {
                fk_plan_free(plan);
                return cli_fail(CMD, &err);
        }
        if (stat(dir, &st) && mkdir(dir, 0777)) {
                cli_note(CMD, "cannot create directory '%s': %s", dir,
                         strerror(errno));
                rc = FK_EXIT_DATA;
        } else {
                rc = write_all(dir, plan, &d, have_seed ? seed : plan->seed,
                               out);
        }
        fk_sim_design_release(&d);
        fk_plan_free(plan);
        return rc;
}
