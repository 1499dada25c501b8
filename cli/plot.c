/* fkstat plot KIND FILE... [options] -o OUT.svg|OUT.png: one chart, with
 * the data options of compare (bars, forest, km, likert) or did (trend,
 * eventstudy).  The chart is drawn by gnuplot in a temporary folder beside
 * OUT and only the finished picture is moved to OUT. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "fkstat/bundle.h"
#include "fkstat/charts.h"
#include "fkstat/table.h"

static const char *const CMD = "plot";

static const char *const KINDS[] = { "bars", "forest", "km", "likert",
                                     "trend", "eventstudy", NULL };

static void help(FILE *out)
{
        fputs("usage: fkstat plot KIND FILE... [options] -o OUT.svg|OUT.png\n"
              "\n"
              "Draw one chart with gnuplot.  KIND is\n"
              "  bars        share or mean per arm with its interval\n"
              "  forest      the verdict effect of each --outcome, with --margin\n"
              "  km          cumulative job entry per arm (--time, --event)\n"
              "  likert      answers of an ordinal outcome per arm\n"
              "  trend       trial vs comparison over periods (did options);\n"
              "              staggered starts: each cohort, each start marked\n"
              "  eventstudy  event-study coefficients (did options);\n"
              "              staggered starts: ATT by periods from the start\n"
              "\n"
              "  -o, --output FILE    the picture: .svg or .png\n"
              "  --lang da|en         labels and numbers (default da)\n"
              "  --title TEXT         chart title (default: the outcome)\n"
              "Other options are those of 'fkstat compare' (bars, forest, km,\n"
              "likert) or 'fkstat did' (trend, eventstudy).\n"
              "\n"
              "Examples:\n"
              "  fkstat plot bars datasets/examples/job.csv --outcome job_52w -o job.svg\n"
              "  fkstat plot km datasets/examples/ledighed.csv --time uger "
              "--event job -o km.png\n", out);
}

/* Take -o/--output, --lang and --title out of argv (in place). */
static int own_options(int *argc, char **argv, const char **outp,
                       const char **lang, const char **title)
{
        int j = 1;

        for (int i = 1; i < *argc; i++) {
                const char **dst = NULL;
                const char *a = argv[i];

                if (!strcmp(a, "-o") || !strcmp(a, "--output"))
                        dst = outp;
                else if (!strcmp(a, "--lang"))
                        dst = lang;
                else if (!strcmp(a, "--title"))
                        dst = title;
                if (!dst) {
                        argv[j++] = argv[i];
                        continue;
                }
                if (i + 1 >= *argc)
                        return cli_usage(CMD, "option '%s' needs a value", a);
                *dst = argv[++i];
        }
        *argc = j;
        argv[j] = NULL;
        return 0;
}

static int draw(const char *kind, int argc, char **argv, FILE *out,
                const struct fk_chart_text *tx, const char *title,
                const char *dir, int *help_shown, struct fk_error *err)
{
        int did = !strcmp(kind, "trend") || !strcmp(kind, "eventstudy");
        int rc;

        if (did) {
                struct did_run dr;

                rc = did_run(CMD, argc, argv, out, &dr);
                if (rc || dr.help) {
                        *help_shown = dr.help;
                        return rc ? -rc : 0;
                }
                if (!title)
                        title = dr.info.name;
                if (dr.a.staggered) {
                        struct fk_stagger_data sd = {
                                &dr.a.panel, dr.a.period_ord, dr.a.start,
                                (const char *const *)dr.a.start_label };

                        rc = !strcmp(kind, "trend") ?
                             fk_chart_stagger_trend(&sd, &dr.a.s, title, tx,
                                                    dir, "chart", err) :
                             fk_chart_stagger_eventstudy(&dr.a.s,
                                                         dr.info.base_period,
                                                         title, tx, dir,
                                                         "chart", err);
                } else
                        rc = !strcmp(kind, "trend") ?
                             fk_chart_trend(&dr.a.panel, &dr.a.r, title, tx,
                                            dir, "chart", err) :
                             fk_chart_eventstudy(&dr.a.panel, &dr.a.r, title,
                                                 tx, dir, "chart", err);
                did_run_free(&dr);
                return rc;
        }
        {
                struct compare_run cr;
                const struct fk_outcome_result **rs;
                const char **labels;

                rc = compare_run(CMD, argc, argv, out,
                                 !strcmp(kind, "km") ? FK_TYPE_SURVIVAL :
                                 FK_TYPE_AUTO, 1, &cr);
                if (rc || cr.help) {
                        *help_shown = cr.help;
                        return rc ? -rc : 0;
                }
                if (strcmp(kind, "forest")) {
                        const struct fk_outcome_result *r = &cr.res[0];
                        const char *t = title ? title : r->outcome;

                        if (cr.nout > 1)
                                cli_note(CMD, "%s draws one outcome; the "
                                         "first, '%s', is drawn", kind,
                                         r->outcome);
                        if (!strcmp(kind, "km"))
                                rc = fk_chart_km(r, t, tx, dir, "chart", err);
                        else if (!strcmp(kind, "likert"))
                                rc = r->type == FK_TYPE_ORDINAL ?
                                     fk_chart_likert(r, t, tx, dir, "chart", err) :
                                     fk_error_set(err, FK_EUSAGE, NULL, 0,
                                                  "likert needs an ordinal "
                                                  "outcome; '%s' is %s",
                                                  r->outcome,
                                                  fk_type_name(r->type));
                        else
                                rc = fk_chart_bars(r, t, tx, dir, "chart", err);
                        compare_run_free(&cr);
                        return rc;
                }
                rs = malloc(cr.nout * sizeof *rs);
                labels = malloc(cr.nout * sizeof *labels);
                if (!rs || !labels) {
                        rc = fk_error_set(err, FK_ENOMEM, NULL, 0,
                                          "out of memory");
                } else {
                        for (size_t i = 0; i < cr.nout; i++) {
                                rs[i] = &cr.res[i];
                                labels[i] = cr.res[i].outcome;
                        }
                        rc = fk_chart_forest(rs, labels, cr.nout, tx, dir,
                                             "chart", err);
                }
                free(rs);
                free(labels);
                compare_run_free(&cr);
                return rc;
        }
}

int cmd_plot(int argc, char **argv, FILE *out)
{
        const char *outp = NULL, *lang = "da", *title = NULL, *ext, *kind;
        struct fk_chart_text tx = { 1, NULL, NULL, NULL };
        struct fk_error err = FK_ERROR_INIT;
        char *tmp = NULL, src[4096];
        int help_shown = 0, rc, k;

        if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
                if (argc < 2)
                        return cli_usage(CMD, "which chart? (bars, forest, km, "
                                         "likert, trend, eventstudy)");
                help(out);
                return FK_EXIT_OK;
        }
        kind = argv[1];
        for (k = 0; KINDS[k]; k++)
                if (!strcmp(kind, KINDS[k]))
                        break;
        if (!KINDS[k])
                return cli_usage(CMD, "unknown chart '%s' (bars, forest, km, "
                                 "likert, trend, eventstudy)", kind);
        argc--;
        argv++;
        if ((rc = own_options(&argc, argv, &outp, &lang, &title)))
                return rc;
        if (strcmp(lang, "da") && strcmp(lang, "en"))
                return cli_usage(CMD, "--lang must be da or en, not '%s'", lang);
        /* the title goes into the SVG and the gnuplot script as it is */
        if (title && !fk_utf8_valid(title, strlen(title)))
                return cli_usage(CMD, "--title is not valid UTF-8");
        tx.da = !strcmp(lang, "da");
        tx.trial = tx.da ? "Forsøg" : "Trial";
        tx.control = tx.da ? "Sammenligning" : "Comparison";
        ext = outp ? strrchr(outp, '.') : NULL;
        if (!outp && !(argc >= 2 && (!strcmp(argv[1], "--help") ||
                                      !strcmp(argv[1], "-h"))))
                return cli_usage(CMD, "-o OUT.svg or -o OUT.png is required");
        if (outp && (!ext || (strcmp(ext, ".svg") && strcmp(ext, ".png"))))
                return cli_usage(CMD, "-o must name a .svg or .png file, not "
                                 "'%s'", outp);
        if (outp && fk_bundle_begin(outp, &tmp, &err))
                return cli_fail(CMD, &err);
        rc = draw(kind, argc, argv, out, &tx, title, tmp ? tmp : ".",
                  &help_shown, &err);
        if (rc < 0 || help_shown) {
                fk_bundle_abort(tmp);
                free(tmp);
                return rc < 0 ? -rc : FK_EXIT_OK;
        }
        if (rc) {
                fk_bundle_abort(tmp);
                free(tmp);
                if (rc == FK_ENOTFOUND)
                        fk_error_set(&err, FK_EIO, NULL, 0, "gnuplot is not "
                                     "installed (or FKSTAT_GNUPLOT names no "
                                     "program); no chart drawn");
                /* the charts' messages begin "plot: ", which the command
                 * already says */
                if (!strncmp(err.msg, "plot: ", 6))
                        memmove(err.msg, err.msg + 6, strlen(err.msg + 6) + 1);
                return cli_fail(CMD, &err);
        }
        snprintf(src, sizeof src, "%s/chart%s", tmp, ext);
        if (rename(src, outp)) {
                fk_error_set(&err, FK_EIO, outp, 0, "%s", strerror(errno));
                rc = cli_fail(CMD, &err);
        }
        fk_bundle_abort(tmp);
        free(tmp);
        return rc;
}
