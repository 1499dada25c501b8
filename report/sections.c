/* The sections of the report's text: each [outcome] (its verdict label and
 * sentences, arms, municipalities, tests, chart and notes), each [did] with
 * one start or staggered starts, and the [validate] section; see
 * report/document.h. */
#include "report/document.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fkstat/validate_render.h"
#include "report/prose.h"

/* Per arm: n and the outcome's summary with its interval (person-level;
 * said so when the people are clustered). */
static void arm_table(FILE *f, const struct rep *r,
                      const struct fk_outcome_result *o)
{
        int bin = o->type == FK_TYPE_BINARY, surv = o->type == FK_TYPE_SURVIVAL;
        int dg = fk_label_digits(o);

        fprintf(f, "| | %s | %s |\n|---|---:|---:|\n", T("Forsøg", "Trial"),
                T("Sammenligning", "Comparison"));
        for (int row = 0; row < 3; row++) {
                fprintf(f, "| %s |", row == 0 ? "n" : row == 1 ?
                        (bin ? T("andel", "share") : surv ?
                         T("median, uger", "median, weeks") :
                         T("gennemsnit", "mean")) : o->has_cluster ?
                        T("95 %-konfidensinterval (personniveau)",
                          "95% confidence interval (individual-level)") :
                        T("95 %-konfidensinterval", "95% confidence interval"));
                for (int a = 0; a < 2; a++) {
                        const struct fk_group *g = &o->groups[a];
                        char b[128];

                        if (row == 0)
                                fk_label_num(b, sizeof b, g->n, 0, r->da);
                        else if (row == 1)
                                bin ? fk_label_pct(b, sizeof b, g->estimate, 1, r->da) :
                                surv ? fk_label_num(b, sizeof b, g->median_time, 1, r->da) :
                                fk_label_num(b, sizeof b, g->mean, dg, r->da);
                        else
                                fk_label_ci(b, sizeof b, surv ? g->median_ci : g->ci,
                                         bin ? 100 : 1, bin || surv ? 1 : dg, r->da);
                        fprintf(f, " %s |", b);
                }
                fputs("\n", f);
        }
        fputs("\n", f);
}

/* Per municipality: arm, n, the estimate with its interval (and events
 * for time to job). */
static void cluster_table(FILE *f, const struct rep *r,
                          const struct fk_outcome_result *o)
{
        int bin = o->type == FK_TYPE_BINARY, surv = o->type == FK_TYPE_SURVIVAL;
        int dg = bin || surv ? 1 : fk_label_digits(o);

        if (!o->nclusters)
                return;
        fprintf(f, "| %s | %s | n |%s %s | %s |\n|---|---|---:|%s---:|---|\n",
                T("Kommune", "Municipality"), T("Arm", "Arm"),
                surv ? T(" jobstarter |", " job entries |") : "",
                bin ? T("andel", "share") : surv ?
                T("median, uger", "median, weeks") : T("gennemsnit", "mean"),
                T("95 %-konfidensinterval", "95% confidence interval"),
                surv ? "---:|" : "");
        for (size_t i = 0; i < o->nclusters; i++) {
                const struct fk_cluster_row *c = &o->clusters[i];
                char name[1024], n[48], e[48], est[64], ci[128];

                doc_md(name, sizeof name, c->name);
                fk_label_num(n, sizeof n, c->n, 0, r->da);
                if (bin)
                        fk_label_pct(est, sizeof est, c->estimate, 1, r->da);
                else
                        fk_label_num(est, sizeof est, c->estimate, dg, r->da);
                fk_label_ci(ci, sizeof ci, c->ci, bin ? 100 : 1, dg, r->da);
                if (surv)
                        fk_label_num(e, sizeof e, c->events, 0, r->da);
                fprintf(f, "| %s | %s | %s |%s%s%s %s | %s |\n", name,
                        c->arm == FK_TRIAL ? T("forsøg", "trial") :
                        T("sammenligning", "comparison"), n,
                        surv ? " " : "", surv ? e : "", surv ? " |" : "",
                        est, isfinite(c->estimate) ? ci :
                        surv ? T("medianen er ikke nået",
                                 "the median is not reached") : ci);
        }
        fputs("\n", f);
}

static void tests_table(FILE *f, const struct rep *r,
                        const struct rep_outcome *x)
{
        char p[32];

        fprintf(f, "| %s | p |\n|---|---:|\n", x->r.has_cluster ?
                T("Test (personniveau)", "Test (individual-level)") :
                T("Test", "Test"));
        for (size_t k = 0; k < x->r.ntests; k++) {
                const struct fk_test *t = &x->r.tests[k];

                fprintf(f, "| %s%s | %s |\n", doc_test_word(r, t->test),
                        x->primary && !strcmp(x->primary, t->test) ?
                        T(" (primær)", " (primary)") : "",
                        fk_label_p(p, sizeof p, t->p_value, r->da));
        }
        fputs("\n", f);
}

/* The notes of the analysis, each from its kind and numbers in the
 * report's language (prose_note); a note that has only English text is
 * shown as it is and marked so in a Danish report. */
static void notes(FILE *f, const struct rep *r, const struct fk_outcome_result *o)
{
        char buf[2048];
        size_t shown = 0;

        /* the section's text already says what the individual-level
         * interval would conclude */
        for (size_t k = 0; k < o->nnotes; k++)
                shown += o->note[k].kind != FK_NOTE_INDIVIDUAL_VERDICT;
        if (!shown)
                return;
        fprintf(f, "%s\n\n", T("Noter fra beregningen:", "Notes:"));
        for (size_t k = 0; k < o->nnotes; k++) {
                if (o->note[k].kind == FK_NOTE_INDIVIDUAL_VERDICT)
                        continue;
                prose_note(buf, sizeof buf, &o->note[k], r->da);
                if (buf[0]) {
                        fprintf(f, "- %s\n", buf);
                        continue;
                }
                fprintf(f, "- %s%s\n", doc_md(buf, sizeof buf, o->notes[k]),
                        r->da ? " (på engelsk)" : "");
        }
        fputs("\n", f);
}

void doc_outcome_section(FILE *f, const struct rep *r,
                         const struct rep_outcome *x)
{
        char buf[4096], lab[1024];

        doc_md(lab, sizeof lab, x->label);
        fprintf(f, "## %s\n\n", lab);
        doc_verdict_label(f, r, &x->r.verdict);
        prose_outcome(buf, sizeof buf, &x->r, x->p, r->da);
        fprintf(f, "%s\n\n", buf);
        if (x->chart[0])
                fprintf(f, "![%s](charts/%s.svg)\n\n", lab, x->chart);
        arm_table(f, r, &x->r);
        if (x->r.nclusters) {
                fprintf(f, "%s\n\n", T("Kommune for kommune (andel, "
                        "gennemsnit eller mediantid med 95 %-"
                        "konfidensinterval; stregerne i figuren er "
                        "armenes samlede tal):", "Municipality by "
                        "municipality (share, mean or median time with its "
                        "95% confidence interval; the lines in the chart are "
                        "the arms' overall figures):"));
                if (x->cchart[0])
                        fprintf(f, "![%s](charts/%s.svg)\n\n", lab, x->cchart);
                cluster_table(f, r, &x->r);
        }
        tests_table(f, r, x);
        notes(f, r, &x->r);
}

/* A staggered [did]: the prose, the charts, then the simple aggregate,
 * the randomization test over the starts, the two-way fixed-effects
 * estimate and the group aggregates, and the Goodman-Bacon weights by
 * kind of comparison. */
static void did_staggered_section(FILE *f, const struct rep *r,
                                  const struct rep_did *x)
{
        const struct fk_stagger_result *s = &x->a.s;
        struct fk_label_scale sc = prose_scale_did(&x->a.panel, r->da);
        char buf[4096], a[64], ci[128], p[32], lab[1024], c[128];
        double w[3] = { 0, 0, 0 }, e[3] = { 0, 0, 0 };

        doc_md(lab, sizeof lab, x->label);
        fprintf(f, "## %s\n\n", lab);
        doc_verdict_label(f, r, &x->info.verdict);
        prose_did_staggered(buf, sizeof buf, &x->info, &x->a.panel, s, r->da);
        fprintf(f, "%s\n\n", buf);
        if (x->trend[0])
                fprintf(f, "%s\n\n![%s](charts/%s.svg)\n\n",
                        T("Udviklingen i hver kohorte og i "
                          "sammenligningskommunerne; de stiplede linjer er "
                          "kohorternes forsøgsstart.", "Each cohort and the "
                          "comparison municipalities over time; the dashed "
                          "lines are the cohorts' starts."), lab, x->trend);
        if (x->event[0])
                fprintf(f, "%s\n\n![%s](charts/%s.svg)\n\n",
                        T("Hændelsesstudiet (det dynamiske aggregat) viser "
                          "effekten efter antal perioder fra hver kommunes "
                          "egen forsøgsstart (e = 0 er første periode i "
                          "forsøg); ligger værdierne før start tæt på 0, "
                          "fulgtes kommunerne ad før forsøget.", "The event "
                          "study (the dynamic aggregate) shows the effect by "
                          "periods from each municipality's own start (e = 0 "
                          "is the first trial period); values near 0 before "
                          "the start mean the municipalities moved in "
                          "parallel before the trial."), lab, x->event);
        fprintf(f, "| %s | %s%s | %s | p |\n|---|---:|---|---:|\n",
                T("Estimat", "Estimate"), T("værdi", "value"),
                sc.mult > 1 ? T(", procentpoint", ", percentage points") :
                "", T("konfidensinterval", "confidence interval"));
        fprintf(f, "| %s, t(%.0f) %s | %s | %s | %s |\n",
                T("Samlet gennemsnit (ATT)", "Simple aggregate (ATT)"), s->df,
                T("(grundlag for konklusionen)", "(basis of the verdict)"),
                fk_label_num(a, sizeof a, sc.mult * s->simple.estimate, sc.digits,
                          r->da),
                fk_label_ci(ci, sizeof ci, s->simple.ci, sc.mult, sc.digits, r->da),
                fk_label_p(p, sizeof p, s->simple.p_value, r->da));
        for (size_t k = 0; k < s->ngroup; k++) {
                size_t g = (size_t)s->group[k].key;

                fk_md_escape(c, sizeof c, g < s->ncohort && s->cohort[g].label ?
                             s->cohort[g].label : "?");
                fprintf(f, "| %s %s | %s | %s | %s |\n",
                        T("Kohorte", "Cohort"), c,
                        fk_label_num(a, sizeof a, sc.mult * s->group[k].estimate,
                                  sc.digits, r->da),
                        fk_label_ci(ci, sizeof ci, s->group[k].ci, sc.mult,
                                 sc.digits, r->da),
                        fk_label_p(p, sizeof p, s->group[k].p_value, r->da));
        }
        fprintf(f, "| %s | | | %s |\n", T("Randomiseringstest over "
                "starterne", "Randomization test over the starts"),
                fk_label_p(p, sizeof p, s->ri_p, r->da));
        fprintf(f, "| %s | %s | | |\n\n", T("Faste effekter for kommune og "
                "periode (til sammenligning)", "Two-way fixed effects (for "
                "comparison)"),
                fk_label_num(a, sizeof a, sc.mult * s->twfe, sc.digits, r->da));
        if (!s->nbacon)
                return;
        for (size_t k = 0; k < s->nbacon; k++) {
                w[s->bacon[k].type] += s->bacon[k].weight;
                e[s->bacon[k].type] += s->bacon[k].weight *
                                       s->bacon[k].estimate;
        }
        fprintf(f, "| %s | %s | %s |\n|---|---:|---:|\n",
                T("Goodman-Bacon: sammenligning", "Goodman-Bacon: comparison"),
                T("vægt", "weight"), T("vægtet estimat", "weighted estimate"));
        {
                static const char *const da[3] = {
                        "forsøg mod aldrig i forsøg",
                        "tidligere mod senere startende",
                        ("senere mod tidligere startende (kontrol allerede "
                         "i forsøg)") };
                static const char *const en[3] = {
                        "trial against never in the trial",
                        "earlier against later starters",
                        ("later against earlier starters (controls "
                         "already in the trial)") };

                for (int k = 0; k < 3; k++)
                        if (w[k] > 0)
                                fprintf(f, "| %s | %s | %s |\n",
                                        r->da ? da[k] : en[k],
                                        fk_label_pct(p, sizeof p, w[k], 1, r->da),
                                        fk_label_num(a, sizeof a,
                                                  sc.mult * e[k] / w[k],
                                                  sc.digits, r->da));
        }
        fputs("\n", f);
}

void doc_did_section(FILE *f, const struct rep *r, const struct rep_did *x)
{
        char buf[4096], a[64], ci[128], p[32], lab[1024];
        const struct fk_did_result *d = &x->a.r;
        struct fk_label_scale sc = prose_scale_did(&x->a.panel, r->da);

        if (x->a.staggered) {
                did_staggered_section(f, r, x);
                return;
        }
        doc_md(lab, sizeof lab, x->label);
        fprintf(f, "## %s\n\n", lab);
        doc_verdict_label(f, r, &x->info.verdict);
        prose_did(buf, sizeof buf, &x->info, &x->a.panel, d, r->da);
        fprintf(f, "%s\n\n", buf);
        if (x->trend[0])
                fprintf(f, "![%s](charts/%s.svg)\n\n", lab, x->trend);
        if (x->event[0])
                fprintf(f, "%s\n\n![%s](charts/%s.svg)\n\n",
                        T("Hændelsesstudiet viser forskellen periode for periode "
                          "i forhold til perioden før forsøgsstart; ligger "
                          "førperioderne tæt på 0, fulgtes kommunerne ad før "
                          "forsøget.", "The event study shows the difference "
                          "period by period relative to the last period before "
                          "the trial; pre-period values near 0 mean the "
                          "municipalities moved in parallel before the trial."),
                        lab, x->event);
        fprintf(f, "| %s | %s%s | %s | p |\n|---|---:|---|---:|\n",
                T("Inferens", "Inference"), T("estimat", "estimate"),
                sc.mult > 1 ? T(", procentpoint", ", percentage points") :
                "", T("95 %-konfidensinterval", "95% confidence interval"));
        fprintf(f, "| CR1 (Stata), t(%.0f) | %s | %s | %s |\n", d->cr1.df,
                fk_label_num(a, sizeof a, sc.mult * d->estimate, sc.digits,
                          r->da),
                fk_label_ci(ci, sizeof ci, d->cr1.ci, sc.mult, sc.digits, r->da),
                fk_label_p(p, sizeof p, d->cr1.p_value, r->da));
        fprintf(f, "| CR2, %s %s%s | %s | %s | %s |\n",
                T("Satterthwaite-frihedsgrader", "Satterthwaite df"),
                fk_label_num(buf, 64, d->cr2.df, 1, r->da),
                x->info.verdict.basis == FK_BASIS_CR2 ?
                T(" (grundlag for konklusionen)", " (basis of the verdict)") :
                "", a, fk_label_ci(ci, sizeof ci, d->cr2.ci, sc.mult, sc.digits,
                                r->da),
                fk_label_p(p, sizeof p, d->cr2.p_value, r->da));
        fprintf(f, "| %s | %s | | %s |\n", T("Vild klynge-bootstrap",
                "Wild cluster bootstrap"), a,
                fk_label_p(p, sizeof p, d->wild_p, r->da));
        fprintf(f, "| %s | %s | | %s |\n\n", T("Randomiseringstest",
                "Randomization test"), a,
                fk_label_p(p, sizeof p, d->ri_p, r->da));
}

/* The [validate] section: for every clustered outcome asked for, how
 * often each interval covers the truth in simulated data of this design
 * (run once by report/report.c).  Returns FK_ENOMEM or FK_OK; designs that
 * cannot be simulated get a line saying so. */
int doc_validate_section(FILE *f, const struct rep *r)
{
        if (!r->plan->validate_line)
                return FK_OK;
        fprintf(f, "## %s\n\n", T("Holder intervallerne, hvad de lover?",
                                    "Do the intervals hold their promise?"));
        fprintf(f, "%s\n\n", T("Simulerede data med samme kommuner, "
                                 "størrelser og ICC som data (fkstat "
                                 "validate; se METHODS.md).",
                                 "Simulated data with the same "
                                 "municipalities, sizes and ICC as the data "
                                 "(fkstat validate; see METHODS.md)."));
        for (size_t i = 0; i < r->nval; i++) {
                const struct rep_validate *v = &r->val[i];
                const struct rep_outcome *x = v->x;
                struct fk_validate_info vi = { NULL, x->r.outcome,
                                               x->r.cluster };
                char lab[512];
                int rc;

                if (!v->ok) {
                        fprintf(f, "%s: %s\n\n", doc_md(lab, sizeof lab,
                                x->label), T("kan ikke simuleres her",
                                "cannot be simulated here"));
                        continue;
                }
                rc = fk_validate_markdown(f, &vi, &v->d, &v->v,
                                          r->da ? "da" : "en");
                if (rc == FK_ENOMEM)
                        return rc;
                fputs("\n", f);
        }
        return FK_OK;
}
