/* The report's text: report.md in Danish or English, then report.html from
 * it.  Every number comes from the result structs that results.json is
 * written from (report/report.c). */
#define _POSIX_C_SOURCE 200809L
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/bundle.h"
#include "report/prose.h"

#define T(da_, en_) (r->da ? (da_) : (en_))

static const char *type_word(const struct rep *r, enum fk_type t)
{
        switch (t) {
        case FK_TYPE_BINARY: return T("ja/nej", "binary");
        case FK_TYPE_COUNT: return T("antal", "count");
        case FK_TYPE_ORDINAL: return T("skala", "ordinal");
        case FK_TYPE_CONTINUOUS: return T("kontinuert", "continuous");
        case FK_TYPE_SURVIVAL: return T("tid til job", "time to job");
        default: return "";
        }
}

static const char *verdict_word(const struct rep *r, enum fk_verdict_result v)
{
        switch (v) {
        case FK_V_SUPERIOR: return T("bedre", "superior");
        case FK_V_NONINFERIOR: return T("ikke ringere", "non-inferior");
        case FK_V_INFERIOR: return T("ringere", "inferior");
        case FK_V_INCONCLUSIVE: return T("uafklaret", "inconclusive");
        case FK_V_BETTER: return T("bedre", "better");
        case FK_V_WORSE: return T("dårligere", "worse");
        case FK_V_NO_DIFFERENCE: return T("ingen sikker forskel",
                                          "no clear difference");
        default: return "–";
        }
}

/* The verdict effect of an outcome as "1,9 pp (−0,4 til 4,2)". */
static void effect_cell(const struct rep *r, const struct fk_outcome_result *o,
                        char *buf, size_t len)
{
        const struct fk_effect *e = fk_result_effect(o, o->verdict.measure);
        int pct = o->type == FK_TYPE_BINARY, ratio = o->type == FK_TYPE_SURVIVAL;
        int dg = ratio ? 2 : pct ? 1 : prose_digits(o);
        char a[64], ci[128];

        if (!e) {
                snprintf(buf, len, "–");
                return;
        }
        snprintf(buf, len, "%s %s%s (%s)",
                 pct ? T("forskel", "difference") : ratio ? "HR" :
                 T("forskel", "difference"),
                 prose_num(a, sizeof a, (pct ? 100 : 1) * e->estimate, dg, r->da),
                 pct ? T(" pp", " pp") : "",
                 prose_ci(ci, sizeof ci, e->ci, pct ? 100 : 1, dg, r->da));
}

static void summary(FILE *f, const struct rep *r)
{
        char eff[256], p[32], pa[32], ci[128], est[64];

        fprintf(f, "## %s\n\n", T("Sammenfatning", "Summary"));
        fprintf(f, "| %s | %s | %s | p | %s | %s |\n|---|---|---|---:|---:|---|\n",
                T("Udfald", "Outcome"), T("Type", "Type"),
                T("Effekt (95 %-konfidensinterval)", "Effect (95% confidence interval)"),
                strcmp(r->plan->multiplicity, "none") ?
                T("justeret p", "adjusted p") : T("justeret p", "adjusted p"),
                T("Konklusion", "Verdict"));
        for (size_t i = 0; i < r->nout; i++) {
                const struct rep_outcome *x = &r->out[i];

                effect_cell(r, &x->r, eff, sizeof eff);
                fprintf(f, "| %s | %s | %s | %s | %s | %s |\n", x->label,
                        type_word(r, x->r.type), eff,
                        prose_p(p, sizeof p, x->p, r->da),
                        prose_p(pa, sizeof pa, x->p_adj, r->da),
                        verdict_word(r, x->r.verdict.result));
        }
        for (size_t i = 0; i < r->ndid; i++) {
                const struct rep_did *x = &r->did[i];

                fprintf(f, "| %s | %s | %s (%s) | %s | %s | %s |\n", x->label,
                        T("forskel i forskelle", "difference in differences"),
                        prose_num(est, sizeof est, x->r.estimate, 4, r->da),
                        prose_ci(ci, sizeof ci, x->r.cr2.ci, 1, 4, r->da),
                        prose_p(p, sizeof p, x->p, r->da),
                        prose_p(pa, sizeof pa, x->p_adj, r->da),
                        verdict_word(r, x->info.verdict.result));
        }
        if (strcmp(r->plan->multiplicity, "none"))
                fprintf(f, "\n%s: %s.\n", T("Justering for flere udfald",
                                            "Adjustment for several outcomes"),
                        r->plan->multiplicity);
        fputs("\n", f);
}

static void data_section(FILE *f, const struct rep *r)
{
        fprintf(f, "## %s\n\n| %s | %s | SHA-256 |\n|---|---:|---|\n",
                T("Data", "Data"), T("Fil", "File"), T("Rækker", "Rows"));
        for (size_t i = 0; i < r->ntables; i++)
                fprintf(f, "| %s | %zu | `%.16s…` |\n", r->tables[i].name,
                        fk_table_nrows(r->tables[i].t), r->tables[i].sha);
        fputs("\n", f);
        if (!r->nout)
                return;
        fprintf(f, "| %s | n %s | n %s | %s | %s |\n|---|---:|---:|---:|---:|\n",
                T("Udfald", "Outcome"), T("forsøg", "trial"),
                T("sammenligning", "comparison"),
                T("udeladt (mangler)", "left out (missing)"),
                T("kommuner (forsøg/sammenligning)",
                  "municipalities (trial/comparison)"));
        for (size_t i = 0; i < r->nout; i++) {
                const struct fk_outcome_result *o = &r->out[i].r;
                char a[32], b[32], c[32];

                snprintf(c, sizeof c, "%zu / %zu", o->cl.clusters[0],
                         o->cl.clusters[1]);
                fprintf(f, "| %s | %s | %s | %.0f | %s |\n", r->out[i].label,
                        prose_num(a, sizeof a, o->groups[0].n, 0, r->da),
                        prose_num(b, sizeof b, o->groups[1].n, 0, r->da),
                        o->excluded[0] + o->excluded[1],
                        o->has_cluster ? c : "–");
        }
        fputs("\n", f);
}

/* Per arm: n and the outcome's summary with its interval. */
static void arm_table(FILE *f, const struct rep *r,
                      const struct fk_outcome_result *o)
{
        int bin = o->type == FK_TYPE_BINARY, surv = o->type == FK_TYPE_SURVIVAL;
        int dg = prose_digits(o);

        fprintf(f, "| | %s | %s |\n|---|---:|---:|\n", T("Forsøg", "Trial"),
                T("Sammenligning", "Comparison"));
        for (int row = 0; row < 3; row++) {
                fprintf(f, "| %s |", row == 0 ? "n" : row == 1 ?
                        (bin ? T("andel", "share") : surv ?
                         T("median, uger", "median, weeks") :
                         T("gennemsnit", "mean")) :
                        T("95 %-konfidensinterval", "95% confidence interval"));
                for (int a = 0; a < 2; a++) {
                        const struct fk_group *g = &o->groups[a];
                        char b[128];

                        if (row == 0)
                                prose_num(b, sizeof b, g->n, 0, r->da);
                        else if (row == 1)
                                bin ? prose_pct(b, sizeof b, g->estimate, 1, r->da) :
                                surv ? prose_num(b, sizeof b, g->median_time, 1, r->da) :
                                prose_num(b, sizeof b, g->mean, dg, r->da);
                        else
                                prose_ci(b, sizeof b, surv ? g->median_ci : g->ci,
                                         bin ? 100 : 1, bin || surv ? 1 : dg, r->da);
                        fprintf(f, " %s |", b);
                }
                fputs("\n", f);
        }
        fputs("\n", f);
}

static void tests_table(FILE *f, const struct rep *r,
                        const struct rep_outcome *x)
{
        char p[32];

        fprintf(f, "| %s | p |\n|---|---:|\n", T("Test", "Test"));
        for (size_t k = 0; k < x->r.ntests; k++) {
                const struct fk_test *t = &x->r.tests[k];

                fprintf(f, "| `%s`%s | %s |\n", t->test,
                        x->primary && !strcmp(x->primary, t->test) ?
                        T(" (primær)", " (primary)") : "",
                        prose_p(p, sizeof p, t->p_value, r->da));
        }
        fputs("\n", f);
}

static void outcome_section(FILE *f, const struct rep *r,
                            const struct rep_outcome *x)
{
        char buf[2048];

        fprintf(f, "## %s\n\n", x->label);
        prose_outcome(buf, sizeof buf, &x->r, NULL, r->da);
        fprintf(f, "%s\n\n", buf);
        prose_cluster(buf, sizeof buf, &x->r, r->da);
        if (buf[0])
                fprintf(f, "%s\n\n", buf);
        if (x->chart[0])
                fprintf(f, "![%s](charts/%s.svg)\n\n", x->label, x->chart);
        arm_table(f, r, &x->r);
        tests_table(f, r, x);
        if (x->r.nnotes) {
                fprintf(f, "%s\n\n", T("Noter (fra beregningen, på engelsk):",
                                       "Notes:"));
                for (size_t k = 0; k < x->r.nnotes; k++)
                        fprintf(f, "- %s\n", x->r.notes[k]);
                fputs("\n", f);
        }
}

static void did_section(FILE *f, const struct rep *r, const struct rep_did *x)
{
        char buf[2048], a[64], ci[128], p[32];
        const struct fk_did_result *d = &x->r;

        fprintf(f, "## %s\n\n", x->label);
        prose_did(buf, sizeof buf, &x->info, &x->panel, d, NULL, r->da);
        fprintf(f, "%s\n\n", buf);
        if (x->trend[0])
                fprintf(f, "![%s](charts/%s.svg)\n\n", x->label, x->trend);
        if (x->event[0])
                fprintf(f, "%s\n\n![%s](charts/%s.svg)\n\n",
                        T("Hændelsesstudiet viser forskellen periode for periode "
                          "i forhold til perioden før forsøgsstart; ligger "
                          "førperioderne tæt på 0, fulgtes kommunerne ad før "
                          "forsøget.", "The event study shows the difference "
                          "period by period relative to the last period before "
                          "the trial; pre-period values near 0 mean the "
                          "municipalities moved in parallel before the trial."),
                        x->label, x->event);
        fprintf(f, "| %s | %s | %s | p |\n|---|---:|---|---:|\n",
                T("Inferens", "Inference"), T("estimat", "estimate"),
                T("95 %-konfidensinterval", "95% confidence interval"));
        fprintf(f, "| CR1 (Stata), t(%.0f) | %s | %s | %s |\n", d->cr1.df,
                prose_num(a, sizeof a, d->estimate, 4, r->da),
                prose_ci(ci, sizeof ci, d->cr1.ci, 1, 4, r->da),
                prose_p(p, sizeof p, d->cr1.p_value, r->da));
        fprintf(f, "| CR2, Satterthwaite df %s | %s | %s | %s |\n",
                prose_num(buf, 64, d->cr2.df, 1, r->da), a,
                prose_ci(ci, sizeof ci, d->cr2.ci, 1, 4, r->da),
                prose_p(p, sizeof p, d->cr2.p_value, r->da));
        fprintf(f, "| %s | %s | | %s |\n", T("Wild cluster bootstrap",
                "Wild cluster bootstrap"), a,
                prose_p(p, sizeof p, d->wild_p, r->da));
        fprintf(f, "| %s | %s | | %s |\n\n", T("Randomiseringstest",
                "Randomization test"), a,
                prose_p(p, sizeof p, d->ri_p, r->da));
}

static void methods(FILE *f, const struct rep *r)
{
        fprintf(f, "## %s\n\n", T("Metode", "Methods"));
        fputs(T("Forsøgskommunerne sammenlignes med sammenligningskommunerne "
                "på hvert udfald. Andele sammenlignes med forskellen i andele "
                "og Miettinen–Nurminens interval; gennemsnit med Welchs t-test; "
                "svar på en skala med Brunner–Munzels test; tid til job med "
                "Kaplan–Meier-kurver, log-rank-testen og Cox-regression (hazard "
                "ratio over 1 betyder hurtigere jobstart i forsøgskommunerne). "
                "Med en grænse for non-inferioritet er konklusionen \"ikke "
                "ringere\", når hele konfidensintervallet ligger på den rigtige "
                "side af grænsen; \"ingen sikker forskel\" betyder ikke, at "
                "resultaterne er på samme niveau. Fordi hele kommuner er i "
                "forsøget, gives også inferens på kommuneniveau: CR2-standardfejl "
                "med Satterthwaite-frihedsgrader, wild cluster bootstrap og en "
                "randomiseringstest over kommuner. Forskellen-i-forskelle-"
                "estimatet er en tovejs fixed effects-model (kommune og periode) "
                "med kommunerne som klynger. De primære p-værdier er justeret "
                "for antallet af udfald. Formler, referencer og de kald i R og "
                "statsmodels, der giver de samme tal, står i fkstats METHODS.md.",
                "Trial municipalities are compared with comparison "
                "municipalities on every outcome. Shares are compared by the "
                "difference in shares with the Miettinen–Nurminen interval; "
                "means by Welch's t test; answers on a scale by the "
                "Brunner–Munzel test; time to job by Kaplan–Meier curves, the "
                "log-rank test and Cox regression (a hazard ratio above 1 means "
                "faster job entry in the trial municipalities). With a "
                "non-inferiority margin the verdict is \"non-inferior\" when "
                "the whole confidence interval lies on the right side of the "
                "margin; \"no clear difference\" does not mean the results are "
                "at the same level. Because whole municipalities are in the "
                "trial, municipality-level inference is given as well: CR2 "
                "standard errors with Satterthwaite degrees of freedom, the "
                "wild cluster bootstrap and a randomization test over "
                "municipalities. The difference-in-differences estimate is a "
                "two-way fixed-effects model (municipality and period) with "
                "municipalities as clusters. The primary p-values are adjusted "
                "for the number of outcomes. Formulas, references and the R "
                "and statsmodels calls that give the same numbers are in "
                "fkstat's METHODS.md."), f);
        fputs("\n\n", f);
        if (r->no_gnuplot)
                fprintf(f, "> %s\n\n", T("gnuplot var ikke installeret: "
                        "figurerne mangler, men deres gnuplot-scripts og data "
                        "ligger i charts/.", "gnuplot was not installed: the "
                        "charts are missing, but their gnuplot scripts and data "
                        "are in charts/."));
}

static void footer(FILE *f, const struct rep *r)
{
        fprintf(f, "---\n\n%s fkstat %s. %s `%s` (SHA-256 `%s`). ",
                T("Skrevet af", "Written by"), FK_VERSION, T("Plan", "Plan"),
                r->plan->path, r->plan_sha);
        for (size_t i = 0; i < r->ntables; i++)
                fprintf(f, "%s `%s` (SHA-256 `%s`). ", T("Data", "Data"),
                        r->tables[i].name, r->tables[i].sha);
        fprintf(f, "%s %lu.\n", T("Frø (seed)", "Seed"), r->plan->seed);
}

int rep_document(struct rep *r, struct fk_error *err)
{
        char *md = NULL, *html = NULL, dir[4096];
        size_t len = 0;
        FILE *f = open_memstream(&md, &len);
        const char *title = r->plan->title ? r->plan->title :
                            T("Evaluering af frikommuneforsøg",
                              "Evaluation of a free-municipality trial");
        int rc;

        if (!f)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        fprintf(f, "# %s\n\n", title);
        fprintf(f, "%s\n\n", T("Rapporten sammenligner forsøgskommunerne med "
                "sammenligningskommunerne. Alle tal er beregnet af fkstat ud "
                "fra planen og data nedenfor; de samme tal står i "
                "results.json og results.csv.", "This report compares the "
                "trial municipalities with the comparison municipalities. "
                "Every number is computed by fkstat from the plan and data "
                "below; the same numbers are in results.json and "
                "results.csv."));
        summary(f, r);
        if (r->forest[0])
                fprintf(f, "![%s](charts/%s.svg)\n\n",
                        T("Forskelle i andele", "Differences in shares"),
                        r->forest);
        data_section(f, r);
        for (size_t i = 0; i < r->nout; i++)
                outcome_section(f, r, &r->out[i]);
        for (size_t i = 0; i < r->ndid; i++)
                did_section(f, r, &r->did[i]);
        methods(f, r);
        footer(f, r);
        if (fclose(f) || !md) {
                free(md);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        rc = fk_write_file(r->tmp, "report.md", md, len, err);
        snprintf(dir, sizeof dir, "%s/charts", r->tmp);
        if (!rc)
                rc = fk_markdown_html(md, title, r->da ? "da" : "en", dir,
                                      &html, err);
        if (!rc)
                rc = fk_write_file(r->tmp, "report.html", html, strlen(html),
                                   err);
        free(md);
        free(html);
        return rc;
}
