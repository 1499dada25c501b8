/* The Markdown of every command: the tables and sentences a report or a
 * pull request shows, names from the data escaped (fk_md_escape).  compare
 * and survival per outcome; did with one start and with staggered
 * starts; describe, power, adjust; and validate in English or Danish. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fkstat/labels.h"
#include "render/format.h"
#include "render/render_int.h"

#define NB 64
#define ESC 512       /* a name or note from the data, escaped */

/* ---- compare ------------------------------------------------------------ */

/* The verdict on its basis, then (when that is cluster-level) the
 * individual-level verdict as the secondary one. */
static void md_verdict(FILE *out, const struct fk_outcome_result *r)
{
        char sentence[1536];
        const struct fk_verdict *v = &r->verdict;

        fk_render_verdict(sentence, sizeof sentence, v, NULL, r->better,
                          r->conf_level);
        fprintf(out, "\n**Verdict (%s):** %s.\n",
                fk_render_basis_label(v->basis), sentence);
        if (v->basis != FK_BASIS_INDIVIDUAL) {
                struct fk_verdict iv = render_individual_verdict(r);

                fk_render_verdict(sentence, sizeof sentence, &iv, NULL,
                                  r->better, r->conf_level);
                fprintf(out, "\nIndividual-level (secondary, ignores "
                        "clustering): %s.\n", sentence);
        }
}

/* --by-cluster in Markdown: the per-municipality table. */
static void md_by_cluster(FILE *out, const struct fk_outcome_result *r,
                          int pct)
{
        char name[ESC], v[3][NB], c[NB * 2];
        int surv = r->type == FK_TYPE_SURVIVAL;

        if (!r->has_cluster) {
                fputs("\nPer municipality: the outcome is not clustered.\n",
                      out);
                return;
        }
        fprintf(out, "\nPer municipality (%s):\n\n| municipality | arm | n |%s"
                " %s | %d%% CI | method |\n|---|---|---:|%s---:|---|---|\n",
                fk_md_escape(name, sizeof name, r->cluster),
                surv ? " jobs |" : "", render_cluster_stat(r), pct,
                surv ? "---:|" : "");
        for (size_t i = 0; i < r->nclusters; i++) {
                const struct fk_cluster_row *k = &r->clusters[i];

                fprintf(out, "| %s | %s | %s |",
                        fk_md_escape(name, sizeof name, k->name),
                        k->arm == FK_TRIAL ? "trial" : "control",
                        fmt_count(v[0], NB, k->n));
                if (surv)
                        fprintf(out, " %s |", fmt_count(v[1], NB, k->events));
                fprintf(out, " %s | %s | %s |\n",
                        fmt_num(v[2], NB, k->estimate, surv ? 2 : 4),
                        fmt_ci(c, sizeof c, k->ci, surv ? 2 : 4),
                        k->method ? k->method : "");
        }
}

static void md_outcome(FILE *out, const struct fk_run_info *info,
                       const struct fk_outcome_result *r)
{
        char a[NB], b[NB], c[NB * 2], d[NB], e1[ESC], e2[ESC];
        int pct = (int)lround(100 * r->conf_level);

        fprintf(out, "## %s: %s (%s)\n\n", fk_md_escape(e1, sizeof e1,
                r->outcome), render_verdict_word(r->verdict.result),
                fk_render_basis_label(r->verdict.basis));
        fprintf(out, "Type: %s; %s is better. Trial = %s, control = %s. "
                "Excluded for a missing outcome: trial %.0f, control %.0f.\n\n",
                fk_type_name(r->type), fk_better_name(r->better),
                fk_md_escape(e1, sizeof e1, info->trial),
                fk_md_escape(e2, sizeof e2, info->control), r->excluded[0],
                r->excluded[1]);
        if (r->type == FK_TYPE_SURVIVAL) {
                fprintf(out, "| arm | n | jobs | censored | median | %d%% CI |",
                        pct);
                for (size_t i = 0; i < r->groups[0].nat; i++)
                        fprintf(out, " job by t = %g |", r->groups[0].at[i]);
                fprintf(out, "\n|---|---:|---:|---:|---:|---|");
                for (size_t i = 0; i < r->groups[0].nat; i++)
                        fprintf(out, "---|");
                fputc('\n', out);
                for (int arm = 0; arm < 2; arm++) {
                        const struct fk_group *g = &r->groups[arm];
                        char v[3][NB];

                        fprintf(out, "| %s | %s | %s | %s | %s | %s |",
                                arm == FK_TRIAL ? "trial" : "control",
                                fmt_count(a, sizeof a, g->n),
                                fmt_count(v[0], NB, g->events),
                                fmt_count(v[1], NB, g->censored),
                                fmt_num(v[2], NB, g->median_time, 2),
                                fmt_ci(c, sizeof c, g->median_ci, 2));
                        for (size_t i = 0; i < g->nat; i++)
                                fprintf(out, " %s %s |",
                                        fmt_num(v[0], NB, g->cum[i], 4),
                                        fmt_ci(c, sizeof c, g->cum_ci[i], 4));
                        fputc('\n', out);
                }
        } else if (r->type == FK_TYPE_BINARY) {
                fprintf(out, "| arm | n | successes | proportion | %d%% CI | method |\n"
                        "|---|---:|---:|---:|---|---|\n", pct);
                for (int arm = 0; arm < 2; arm++) {
                        const struct fk_group *g = &r->groups[arm];

                        fprintf(out, "| %s | %s | %s | %s | %s | %s |\n",
                                arm == FK_TRIAL ? "trial" : "control",
                                fmt_count(a, sizeof a, g->n),
                                fmt_count(b, sizeof b, g->successes),
                                fmt_num(d, sizeof d, g->estimate, 4),
                                fmt_ci(c, sizeof c, g->ci, 4),
                                g->method ? g->method : "");
                }
        } else {
                fprintf(out, "| arm | n | mean | sd | q1 | median | q3 | "
                        "%d%% CI of mean |\n|---|---:|---:|---:|---:|---:|---:|---|\n",
                        pct);
                for (int arm = 0; arm < 2; arm++) {
                        const struct fk_group *g = &r->groups[arm];
                        char v[5][NB];

                        fprintf(out, "| %s | %s | %s | %s | %s | %s | %s | %s |\n",
                                arm == FK_TRIAL ? "trial" : "control",
                                fmt_count(a, sizeof a, g->n),
                                fmt_num(v[0], NB, g->mean, 4),
                                fmt_num(v[1], NB, g->sd, 4),
                                fmt_num(v[2], NB, g->q1, 4),
                                fmt_num(v[3], NB, g->median, 4),
                                fmt_num(v[4], NB, g->q3, 4),
                                fmt_ci(c, sizeof c, g->ci, 4));
                }
                if (r->type == FK_TYPE_ORDINAL) {
                        const struct fk_group *g0 = &r->groups[0];

                        fprintf(out, "\n| arm |");
                        for (size_t j = 0; j < g0->nlevels; j++)
                                fprintf(out, " %g |", g0->level[j]);
                        fprintf(out, " top box (>= %g) |\n|---|", r->top_from);
                        for (size_t j = 0; j <= g0->nlevels; j++)
                                fprintf(out, "---:|");
                        fputc('\n', out);
                        for (int arm = 0; arm < 2; arm++) {
                                const struct fk_group *g = &r->groups[arm];

                                fprintf(out, "| %s |", arm == FK_TRIAL ?
                                        "trial" : "control");
                                for (size_t j = 0; j < g->nlevels; j++)
                                        fprintf(out, " %s |", fmt_count(a, sizeof a,
                                                g->level_count[j]));
                                fprintf(out, " %s |\n", fmt_num(a, sizeof a,
                                        g->top_box, 4));
                        }
                }
        }
        fprintf(out, "\n| effect | estimate | %d%% CI | method |\n"
                "|---|---:|---|---|\n", pct);
        for (size_t i = 0; i < r->neffects; i++) {
                const struct fk_effect *e = &r->effects[i];

                fprintf(out, "| %s | %s | %s | %s |\n", e->measure,
                        fmt_num(a, sizeof a, e->estimate, 4),
                        fmt_ci(c, sizeof c, e->ci, 4), e->method);
        }
        fprintf(out, "\n| test | statistic | df | p-value |\n"
                "|---|---:|---:|---:|\n");
        for (size_t i = 0; i < r->ntests; i++) {
                const struct fk_test *t = &r->tests[i];

                fprintf(out, "| %s | %s | %s | %s |\n", t->test,
                        t->has_statistic ? fmt_num(a, sizeof a, t->statistic, 4) : "",
                        isnan(t->df) ? "" : t->df - floor(t->df) > 0 ?
                        fmt_num(b, sizeof b, t->df, 2) :
                        fmt_count(b, sizeof b, t->df),
                        fmt_p(d, sizeof d, t->p_value));
        }
        for (size_t i = 0; i < r->ntests; i++) {
                const struct fk_test *t = &r->tests[i];

                if (t->has_estimate)
                        fprintf(out, "\n%s: conditional maximum-likelihood "
                                "odds ratio %s, %d%% CI %s.\n", t->test,
                                fmt_num(a, sizeof a, t->estimate, 4), pct,
                                fmt_ci(c, sizeof c, t->ci, 4));
        }
        if (r->has_cluster && r->type == FK_TYPE_SURVIVAL) {
                const struct fk_coxcluster_result *x = &r->cox_cl;
                char p[NB];

                fprintf(out, "\nClustered by %s%s: %zu trial and %zu control "
                        "clusters.\n\n"
                        "| inference | hazard ratio | %d%% CI | z | p-value |\n"
                        "|---|---:|---|---:|---:|\n",
                        fk_md_escape(e1, sizeof e1, r->cluster),
                        r->cluster_detected ? " (detected)" : "",
                        x->clusters[0], x->clusters[1], pct);
                fprintf(out, "| Cox, Lin-Wei robust se | %s | %s | %s | %s |\n",
                        fmt_num(a, sizeof a, x->hr, 4),
                        fmt_ci(c, sizeof c, x->ci, 4),
                        fmt_num(b, sizeof b, x->z, 3),
                        fmt_p(p, sizeof p, x->p_value));
                fprintf(out, "| randomization (%s) | | | | %s |\n",
                        r->cl.ri_exact ? "exact" : "Monte Carlo",
                        fmt_p(p, sizeof p, r->cl.ri_p));
        } else if (r->has_cluster) {
                const struct fk_cluster_result *k = &r->cl;
                char p[NB];

                fprintf(out, "\nClustered by %s%s: %zu trial and %zu control "
                        "clusters; ICC %s, design effect %s.\n\n"
                        "| inference | estimate | %d%% CI | df | p-value |\n"
                        "|---|---:|---|---:|---:|\n",
                        fk_md_escape(e1, sizeof e1, r->cluster),
                        r->cluster_detected ? " (detected)" : "",
                        k->clusters[0], k->clusters[1],
                        fmt_num(a, sizeof a, k->icc, 4),
                        fmt_num(b, sizeof b, k->design_effect, 3), pct);
                fprintf(out, "| CR2, Satterthwaite | %s | %s | %s | %s |\n",
                        fmt_num(a, sizeof a, k->estimate, 4),
                        fmt_ci(c, sizeof c, k->ci, 4),
                        fmt_num(b, sizeof b, k->df, 2),
                        fmt_p(p, sizeof p, k->p_value));
                fprintf(out, "| wild cluster bootstrap (%s) | | | | %s |\n",
                        k->wild_weights ? k->wild_weights : "",
                        fmt_p(p, sizeof p, k->wild_p));
                fprintf(out, "| randomization (%s) | | | | %s |\n",
                        k->ri_exact ? "exact" : "Monte Carlo",
                        fmt_p(p, sizeof p, k->ri_p));
        }
        if (r->has_strata) {
                char p[NB];

                fprintf(out, "\nStratified by %s (%zu strata):\n\n"
                        "| measure | estimate | %d%% CI | p-value |\n"
                        "|---|---:|---|---:|\n",
                        fk_md_escape(e1, sizeof e1, r->strata), r->nstrata,
                        pct);
                fprintf(out, "| Mantel–Haenszel odds ratio | %s | %s | |\n",
                        fmt_num(a, sizeof a, r->mh_or, 4),
                        fmt_ci(c, sizeof c, r->mh_or_ci, 4));
                fprintf(out, "| Mantel–Haenszel risk difference | %s | %s | |\n",
                        fmt_num(a, sizeof a, r->mh_rd, 4),
                        fmt_ci(c, sizeof c, r->mh_rd_ci, 4));
                fprintf(out, "| CMH test | %s | | %s |\n",
                        fmt_num(a, sizeof a, r->cmh, 4),
                        fmt_p(p, sizeof p, r->cmh_p));
                fprintf(out, "| Breslow–Day homogeneity | %s | | %s |\n",
                        fmt_num(a, sizeof a, r->bd, 4),
                        fmt_p(p, sizeof p, r->bd_p));
        }
        if (info->by_cluster)
                md_by_cluster(out, r, pct);
        md_verdict(out, r);
        for (size_t i = 0; i < r->neffects; i++)
                if (*r->effects[i].note)
                        fprintf(out, "\nNote (%s): %s.\n", r->effects[i].measure,
                                fk_md_escape(e1, sizeof e1, r->effects[i].note));
        for (size_t i = 0; i < r->ntests; i++)
                if (*r->tests[i].note)
                        fprintf(out, "\nNote (%s): %s.\n", r->tests[i].test,
                                fk_md_escape(e1, sizeof e1, r->tests[i].note));
        for (size_t i = 0; i < r->nnotes; i++)
                fprintf(out, "\nNote: %s.\n",
                        fk_md_escape(e1, sizeof e1, r->notes[i]));
        fputc('\n', out);
}

int render_md_compare(FILE *out, const struct render_job *j)
{
        for (size_t i = 0; i < j->nres; i++)
                md_outcome(out, j->info, &j->res[i]);
        return FK_OK;
}

/* ---- did, one start ----------------------------------------------------- */

/* One row of the inference table. */
static void infer_row(FILE *out, const char *label, double est,
                      const double ci[2], double p)
{
        char b[3][48];

        fprintf(out, "| %s | %s | %s | %s |\n", label,
                fmt_num(b[0], sizeof b[0], est, 4),
                fmt_ci(b[1], sizeof b[1], ci, 4), fmt_p(b[2], sizeof b[2], p));
}

int render_md_did(FILE *out, const struct render_job *j)
{
        static const double none[2] = { NAN, NAN };
        const struct fk_did_info *d = j->did;
        const struct fk_panel *p = j->panel;
        const struct fk_did_result *r = j->did_r;
        char lab[128], b[2][48], e1[ESC], e2[ESC], sentence[1536];

        fprintf(out, "### Difference in differences: %s\n\n",
                fk_md_escape(e1, sizeof e1, d->name));
        fprintf(out, "%zu treated and %zu control units (%s), %zu periods "
                "%s to %s, trial from %s; %zu cells%s\n\n", r->units[0],
                r->units[1], fk_md_escape(e2, sizeof e2, d->unit), p->T,
                p->period_names[0], p->period_names[p->T - 1],
                p->period_names[p->start], r->cells,
                d->weight ? ", weighted" : "");
        fputs("| inference | estimate | CI | p |\n|---|---:|---|---:|\n", out);
        snprintf(lab, sizeof lab, "CR1 (Stata), t(%.4g)", r->cr1.df);
        infer_row(out, lab, r->estimate, r->cr1.ci, r->cr1.p_value);
        snprintf(lab, sizeof lab, "CR2, Satterthwaite df %.4g", r->cr2.df);
        infer_row(out, lab, r->estimate, r->cr2.ci, r->cr2.p_value);
        snprintf(lab, sizeof lab, "wild cluster bootstrap (%s, %zu)",
                 r->wild_weights ? r->wild_weights : "", r->wild_reps);
        infer_row(out, lab, r->estimate, none, r->wild_p);
        snprintf(lab, sizeof lab, "randomization (%s %s)",
                 fmt_count(b[1], sizeof b[1], r->ri_assignments),
                 r->ri_exact ? "assignments, exact" : "draws");
        infer_row(out, lab, r->estimate, none, r->ri_p);
        fk_render_verdict(sentence, sizeof sentence, &d->verdict, NULL,
                          d->better, d->conf_level);
        fprintf(out, "\n**Verdict (%s):** %s.\n\n",
                fk_render_basis_label(d->verdict.basis), sentence);
        if (r->event_note)
                fprintf(out, "note: %s\n", r->event_note);
        if (!r->nevent)
                return FK_OK;
        fprintf(out, "Event study (relative to %s, CR2 intervals)\n\n"
                "| period | estimate | CI |\n|---|---:|---|\n",
                p->period_names[r->ref]);
        for (size_t i = 0; i < r->nevent; i++) {
                const struct fk_did_event *e = &r->event[i];

                fprintf(out, "| %s | %s | %s |\n", p->period_names[e->period],
                        fmt_num(b[0], sizeof b[0], e->estimate, 4),
                        fmt_ci(b[1], sizeof b[1], e->ci, 4));
        }
        return FK_OK;
}

/* ---- did, staggered starts ---------------------------------------------- */

/* A row of a table of estimates with intervals: label, estimate, CI. */
static void est_row(FILE *out, const char *label, double est,
                    const double ci[2])
{
        char b[2][48];

        fprintf(out, "| %s | %s | %s |\n", label,
                fmt_num(b[0], sizeof b[0], est, 4),
                fmt_ci(b[1], sizeof b[1], ci, 4));
}

static void stagger_summary(FILE *out, const struct fk_did_info *d,
                            const struct fk_panel *p,
                            const struct fk_stagger_result *s)
{
        const struct fk_stagger_agg *a = &s->simple;
        int pct = (int)lround(100 * d->conf_level);
        char b[4][48], e[ESC], sentence[1536];

        fprintf(out, "%zu units (%s) in the estimates: %zu treated, %zu "
                "compared against; %zu periods %s to %s; comparison group: "
                "%s; base period: %s; unweighted\n\n", s->used,
                fk_md_escape(e, sizeof e, d->unit), s->units_treated,
                s->units_control, p->T, p->period_names[0],
                p->period_names[p->T - 1],
                d->control_group == FK_CONTROL_NOTYET ?
                "never and not yet treated" : "never treated",
                fk_base_period_name(d->base_period));
        fprintf(out, "cohorts (start: units):");
        for (size_t k = 0; k < s->ncohort; k++)
                fprintf(out, "%s %s: %zu", k ? "," : "",
                        render_cohort_label(s, k), s->cohort[k].units);
        fputs("\n\n", out);
        fmt_num(b[0], sizeof b[0], a->estimate, 4);
        fmt_ci(b[1], sizeof b[1], a->ci, 4);
        fmt_p(b[2], sizeof b[2], a->p_value);
        fmt_p(b[3], sizeof b[3], s->ri_p);
        fprintf(out, "| estimate | value | %d%% CI | p |\n"
                "|---|---:|---|---:|\n"
                "| simple aggregate ATT, t(%.0f) | %s | %s | %s |\n",
                pct, s->df, b[0], b[1], b[2]);
        fprintf(out, "| randomization (%s %s) | | | %s |\n",
                fmt_count(b[0], sizeof b[0], s->ri_assignments),
                s->ri_exact ? "assignments, exact" : "draws", b[3]);
        fprintf(out, "| two-way fixed effects (for comparison) | %s | | |\n",
                fmt_num(b[0], sizeof b[0], s->twfe, 4));
        fk_render_verdict(sentence, sizeof sentence, &d->verdict, NULL,
                          d->better, d->conf_level);
        fprintf(out, "\n**Verdict (%s):** %s.\n",
                fk_render_basis_label(d->verdict.basis), sentence);
        if (s->bacon_later_weight > RENDER_LATER_WARN)
                fprintf(out, "\nwarning: later-vs-earlier comparisons carry "
                        "%.0f %% of the weight of the two-way fixed-effects "
                        "coefficient: it uses units already in the trial as "
                        "controls and can mislead; rely on the simple "
                        "aggregate\n", 100 * s->bacon_later_weight);
        for (size_t k = 0; k < s->nnotes; k++)
                fprintf(out, "%snote: %s\n", k == 0 ? "\n" : "", s->notes[k]);
}

static void stagger_details(FILE *out, const struct fk_panel *p,
                            const struct fk_stagger_result *s)
{
        char lab[96], b[2][48];

        fputs("\n#### event study (dynamic aggregate; event time = period - "
              "start, in periods)\n\n| event time | estimate | CI |\n"
              "|---:|---:|---|\n", out);
        for (size_t k = 0; k < s->ndynamic; k++) {
                snprintf(lab, sizeof lab, "%ld", s->dynamic[k].key);
                est_row(out, lab, s->dynamic[k].estimate, s->dynamic[k].ci);
        }
        fputs("\n#### by cohort (group aggregate)\n\n"
              "| cohort | estimate | CI |\n|---|---:|---|\n", out);
        for (size_t k = 0; k < s->ngroup; k++)
                est_row(out, render_cohort_label(s, (size_t)s->group[k].key),
                        s->group[k].estimate, s->group[k].ci);
        if (s->nbacon) {
                fputs("\n#### Goodman-Bacon decomposition of the two-way "
                      "fixed-effects coefficient\n\n| comparison | treated "
                      "| control | estimate | weight |\n"
                      "|---|---|---|---:|---:|\n", out);
                for (size_t k = 0; k < s->nbacon; k++) {
                        const struct fk_bacon_term *t = &s->bacon[k];

                        fprintf(out, "| %s | %s | %s | %s | %s |\n",
                                fk_bacon_type_name(t->type), t->label_treated,
                                t->label_control,
                                fmt_num(b[0], sizeof b[0], t->estimate, 4),
                                fmt_num(b[1], sizeof b[1], t->weight, 4));
                }
        }
        fputs("\n#### ATT(g,t)\n\n| cohort | period | base | estimate | CI |\n"
              "|---|---|---|---:|---|\n", out);
        for (size_t k = 0; k < s->ngt; k++) {
                const struct fk_stagger_gt *g = &s->gt[k];

                fprintf(out, "| %s | %s | %s | %s | %s |\n",
                        render_cohort_label(s, g->cohort),
                        p->period_names[g->period], p->period_names[g->base],
                        fmt_num(b[0], sizeof b[0], g->estimate, 4),
                        fmt_ci(b[1], sizeof b[1], g->ci, 4));
        }
}

int render_md_stagger(FILE *out, const struct render_job *j)
{
        char e[ESC];

        fprintf(out, "### Difference in differences, staggered starts: %s\n\n",
                fk_md_escape(e, sizeof e, j->did->name));
        stagger_summary(out, j->did, j->panel, j->stagger);
        stagger_details(out, j->panel, j->stagger);
        return FK_OK;
}

/* ---- describe ------------------------------------------------------------ */

int render_md_describe(FILE *out, const struct render_job *j)
{
        char label[ESC], name[ESC], v[9][NB];

        for (size_t gi = 0; gi < j->ngroups; gi++) {
                const struct fk_describe_group *g = &j->groups[gi];

                render_by_label(g, label, sizeof label);
                fprintf(out, "%s### %s\n\n| column | n | missing | mean | sd | "
                        "min | q1 | median | q3 | max |\n"
                        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
                        gi ? "\n" : "", fk_md_escape(name, sizeof name, label));
                for (size_t c = 0; c < g->ncols; c++) {
                        const struct fk_summary *s = &g->cols[c];

                        fprintf(out, "| %s | %s | %s | %s | %s | %s | %s | %s "
                                "| %s | %s |\n",
                                fk_md_escape(name, sizeof name, g->col_names[c]),
                                fmt_count(v[0], NB, s->n),
                                fmt_count(v[1], NB, s->missing),
                                fmt_num(v[2], NB, s->mean, 4),
                                fmt_num(v[3], NB, s->sd, 4),
                                fmt_num(v[4], NB, s->min, 4),
                                fmt_num(v[5], NB, s->q1, 4),
                                fmt_num(v[6], NB, s->median, 4),
                                fmt_num(v[7], NB, s->q3, 4),
                                fmt_num(v[8], NB, s->max, 4));
                }
        }
        return FK_OK;
}

/* ---- power --------------------------------------------------------------- */

int render_md_power(FILE *out, const struct render_job *j)
{
        char b[5][40];

        render_power_cells(j->power, b);
        fprintf(out, "| n per arm | power | design effect | clusters per arm "
                "| mde |\n|---:|---:|---:|---:|---:|\n"
                "| %s | %s | %s | %s | %s |\n", b[0], b[1], b[2], b[3], b[4]);
        return FK_OK;
}

/* ---- adjust -------------------------------------------------------------- */

int render_md_adjust(FILE *out, const struct render_job *j)
{
        char name[ESC], b1[40], b2[40];

        fprintf(out, "p-values adjusted by %s (n = %zu)\n\n"
                "| line | %s | p_%s |\n|---:|---:|---:|\n", j->method, j->n,
                fk_md_escape(name, sizeof name,
                             fk_table_colname(j->table, j->col)), j->method);
        for (size_t r = 0; r < fk_table_nrows(j->table); r++)
                fprintf(out, "| %ld | %s | %s |\n",
                        fk_table_row_line(j->table, r),
                        render_p6(b1, sizeof b1, j->p[r]),
                        render_p6(b2, sizeof b2, j->adj[r]));
        return FK_OK;
}

/* ---- validate ------------------------------------------------------------ */

/* Danish numbers in a buffer of NB bytes: every '.' between digits
 * becomes ',', and a '-' before a digit a real minus sign (U+2212). */
static char *da_num(char *s, int da)
{
        char out[NB];
        size_t n = 0;

        if (!da)
                return s;
        for (char *p = s; *p && n + 4 < sizeof out; p++) {
                if (*p == '.' && p > s && p[1] >= '0' && p[1] <= '9' &&
                    p[-1] >= '0' && p[-1] <= '9') {
                        out[n++] = ',';
                } else if (*p == '-' && p[1] >= '0' && p[1] <= '9' &&
                           (p == s || p[-1] == ' ' || p[-1] == '(')) {
                        memcpy(out + n, "\u2212", 3);
                        n += 3;
                } else {
                        out[n++] = *p;
                }
        }
        out[n] = '\0';
        memcpy(s, out, n + 1);
        return s;
}

static const char *md_inner(char *buf, size_t len,
                            const struct fk_validate_design *d,
                            const struct fk_validate_result *r, int da)
{
        int webb = r->wild_weights && !strcmp(r->wild_weights, "webb");
        int all = pow(webb ? 6 : 2, (double)d->G) <= (double)r->inner_reps;

        if (r->inner_reps == 0)
                snprintf(buf, len, da ? "uden vild klynge-bootstrap og "
                         "randomisering" : "without the wild bootstrap and "
                         "randomization");
        else if (d->type == FK_TYPE_SURVIVAL)
                snprintf(buf, len, da ? "i hver %s%.0f randomiseringer" :
                         "inside each %s%.0f randomizations",
                         r->ri_exact ? (da ? "alle " : "all ") : "",
                         r->ri_assignments);
        else
                snprintf(buf, len, da ?
                         "i hver %s%zu trækninger i vild klynge-bootstrap og %s%.0f "
                         "randomiseringer" :
                         "inside each %s%zu wild bootstrap draws and %s%.0f "
                         "randomizations",
                         all ? (da ? "alle " : "all ") : "", r->wild_reps,
                         r->ri_exact ? (da ? "alle " : "all ") : "",
                         r->ri_assignments);
        return buf;
}

int fk_validate_markdown(FILE *out, const struct fk_validate_info *vi,
                         const struct fk_validate_design *d,
                         const struct fk_validate_result *r,
                         const char *lang)
{
        static const char *const da_method[FK_VM_COUNT] = {
                "individuelt", "CR2", "vild klynge-bootstrap", "randomisering"
        };
        int da = lang && !strcmp(lang, "da");
        char a[NB], b[NB], c[NB], e[NB], f[NB], g[NB], s[1024], q[ESC];
        char pt[48], pc[48], nr[48];
        size_t per[2];
        double people[2];

        render_validate_arms(d, per, people);
        if (vi && vi->outcome)
                fprintf(out, da ? "### Validering af %s\n\n" :
                        "### Validation of %s\n\n",
                        fk_md_escape(q, sizeof q, vi->outcome));
        /* counts of people and repetitions: "24.682" in Danish */
        fk_label_num(pt, sizeof pt, people[FK_TRIAL], 0, da);
        fk_label_num(pc, sizeof pc, people[FK_CONTROL], 0, da);
        fk_label_num(nr, sizeof nr, (double)r->reps, 0, da);
        fprintf(out, da ?
                "%zu forsøgs- og %zu sammenligningskommuner (%s og %s "
                "personer), ICC %s, sand %s %s; %s gentagelser, startværdi "
                "%lu, %s.\n\n" :
                "%zu trial and %zu control municipalities (%s and %s "
                "people), ICC %s, true %s %s; %s repetitions, seed %lu, "
                "%s.\n\n",
                per[FK_TRIAL], per[FK_CONTROL], pt, pc,
                (fmt_num(a, sizeof a, d->icc, 4), da_num(a, da)),
                da ? (d->type == FK_TYPE_BINARY ? "forskel i andele" :
                      d->type == FK_TYPE_SURVIVAL ? "hazardratio" :
                      "forskel i gennemsnit") : render_validate_effect(d),
                (fmt_shortest(b, sizeof b, r->truth), da_num(b, da)), nr,
                r->seed, md_inner(s, sizeof s, d, r, da));
        fprintf(out, da ?
                "| metode | dækning | gns. bredde | skævhed | RMSE | %s | "
                "gns. standardfejl |\n|---|---:|---:|---:|---:|---:|---:|\n" :
                "| method | coverage | mean width | bias | rmse | %s | "
                "mean se |\n|---|---:|---:|---:|---:|---:|---:|\n",
                r->margin_test ? (da ? "erklæret ikke ringere" :
                                  "non-inferior") :
                                 (da ? "afvisning" : "rejection"));
        for (int i = 0; i < FK_VM_COUNT; i++) {
                const struct fk_validate_method *v = &r->m[i];

                if (!v->method)         /* survival: no wild bootstrap */
                        continue;
                fprintf(out, "| %s | %s | %s | %s | %s | %s | %s |\n",
                        da ? (strcmp(v->method, "lin_wei") ? da_method[i] :
                              "Lin–Wei") : v->method,
                        da_num(render_mcse(a, sizeof a, v->coverage,
                                           v->coverage_mcse, 1), da),
                        da_num(render_mcse(b, sizeof b, v->mean_width,
                                           v->mean_width_mcse, 0), da),
                        da_num(render_mcse(c, sizeof c, v->bias,
                                           v->bias_mcse, 0), da),
                        da_num(render_mcse(e, sizeof e, v->rmse,
                                           v->rmse_mcse, 0), da),
                        da_num(render_mcse(f, sizeof f, v->rejection_rate,
                                           v->rejection_mcse, 1), da),
                        da_num(render_mcse(g, sizeof g, v->mean_se,
                                           v->mean_se_mcse, 0), da));
        }
        fprintf(out, da ? "\nMonte Carlo-standardfejl i parentes.\n\n%s\n" :
                "\nMonte Carlo standard errors in brackets.\n\n%s\n",
                fk_validate_sentence(s, sizeof s, d, r, da ? "da" : "en"));
        return ferror(out) ? FK_EIO : FK_OK;
}


int render_md_validate(FILE *out, const struct render_job *j)
{
        return fk_validate_markdown(out, j->vi, j->vd, j->vr, "en");
}
