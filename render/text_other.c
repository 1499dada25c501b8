/* The text of fkstat did (one start and staggered starts), describe,
 * power, adjust and validate: aligned columns for a terminal, names from
 * the data escaped.  compare's text is in render/text_compare.c: one
 * text file would pass 800 lines. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/format.h"
#include "render/render_int.h"

#define NB 64
#define ESC 512       /* a name from the command line or the data, escaped */

/* ---- did, one start ---------------------------------------------------- */

/* One line of the inference table. */
static void infer_line(FILE *out, const char *label, double est,
                       const double ci[2], double p, int conf_pct)
{
        char b[3][48];

        fprintf(out, "  %-42s %10s  %d%% CI %-22s p %s\n", label,
                fmt_num(b[0], sizeof b[0], est, 4), conf_pct,
                fmt_ci(b[1], sizeof b[1], ci, 4), fmt_p(b[2], sizeof b[2], p));
}

int render_text_did(FILE *out, const struct render_job *j)
{
        static const double none[2] = { NAN, NAN };
        const struct fk_did_info *d = j->did;
        const struct fk_panel *p = j->panel;
        const struct fk_did_result *r = j->did_r;
        int pct = (int)lround(100 * d->conf_level);
        char lab[128], b[2][48], e1[ESC], e2[ESC], sentence[1536];

        fprintf(out, "difference in differences: %s\n",
                fk_text_escape(e1, sizeof e1, d->name));
        fprintf(out, "  %zu treated and %zu control units (%s), %zu periods "
                "%s to %s, trial from %s; %zu cells%s\n", r->units[0],
                r->units[1], fk_text_escape(e2, sizeof e2, d->unit), p->T,
                p->period_names[0], p->period_names[p->T - 1],
                p->period_names[p->start], r->cells,
                d->weight ? ", weighted" : "");
        fprintf(out, "  %-42s %10s\n", "treated x post (two-way fixed effects)",
                fmt_num(b[0], sizeof b[0], r->estimate, 4));
        snprintf(lab, sizeof lab, "CR1 (Stata), t(%.4g)", r->cr1.df);
        infer_line(out, lab, r->estimate, r->cr1.ci, r->cr1.p_value, pct);
        snprintf(lab, sizeof lab, "CR2, Satterthwaite df %.4g", r->cr2.df);
        infer_line(out, lab, r->estimate, r->cr2.ci, r->cr2.p_value, pct);
        snprintf(lab, sizeof lab, "wild cluster bootstrap (%s, %zu)",
                 r->wild_weights ? r->wild_weights : "", r->wild_reps);
        infer_line(out, lab, r->estimate, none, r->wild_p, pct);
        snprintf(lab, sizeof lab, "randomization (%s %s)",
                 fmt_count(b[1], sizeof b[1], r->ri_assignments),
                 r->ri_exact ? "assignments, exact" : "draws");
        infer_line(out, lab, r->estimate, none, r->ri_p, pct);
        fk_render_verdict(sentence, sizeof sentence, &d->verdict, NULL,
                          d->better, d->conf_level);
        fprintf(out, "  verdict (%s): %s\n",
                fk_render_basis_label(d->verdict.basis), sentence);
        if (r->event_note)
                fprintf(out, "  note: %s\n", r->event_note);
        if (!r->nevent)
                return FK_OK;
        fprintf(out, "event study (relative to %s, CR2 intervals)\n",
                p->period_names[r->ref]);
        for (size_t i = 0; i < r->nevent; i++) {
                const struct fk_did_event *e = &r->event[i];

                fprintf(out, "  %-10s %10s  %s\n", p->period_names[e->period],
                        fmt_num(b[0], sizeof b[0], e->estimate, 4),
                        fmt_ci(b[1], sizeof b[1], e->ci, 4));
        }
        return FK_OK;
}

/* ---- did, staggered starts --------------------------------------------- */

/* A row of a table of estimates with intervals: label, estimate, CI. */
static void est_line(FILE *out, const char *label, double est,
                     const double ci[2])
{
        char b[2][48];

        fprintf(out, "  %-18s %10s  %s\n", label,
                fmt_num(b[0], sizeof b[0], est, 4),
                fmt_ci(b[1], sizeof b[1], ci, 4));
}

static void stagger_summary(FILE *out, const struct fk_did_info *d,
                            const struct fk_panel *p,
                            const struct fk_stagger_result *s)
{
        const struct fk_stagger_agg *a = &s->simple;
        int pct = (int)lround(100 * d->conf_level);
        char b[4][48], e[ESC], lab[96], sentence[1536];

        fprintf(out, "  %zu units (%s) in the estimates: %zu treated, %zu "
                "compared against; %zu periods %s to %s; comparison group: "
                "%s; base period: %s; unweighted\n", s->used,
                fk_text_escape(e, sizeof e, d->unit), s->units_treated,
                s->units_control, p->T, p->period_names[0],
                p->period_names[p->T - 1],
                d->control_group == FK_CONTROL_NOTYET ?
                "never and not yet treated" : "never treated",
                fk_base_period_name(d->base_period));
        fprintf(out, "  cohorts (start: units):");
        for (size_t k = 0; k < s->ncohort; k++)
                fprintf(out, "%s %s: %zu", k ? "," : "",
                        render_cohort_label(s, k), s->cohort[k].units);
        fputc('\n', out);
        fmt_num(b[0], sizeof b[0], a->estimate, 4);
        fmt_ci(b[1], sizeof b[1], a->ci, 4);
        fmt_p(b[2], sizeof b[2], a->p_value);
        fmt_p(b[3], sizeof b[3], s->ri_p);
        snprintf(lab, sizeof lab, "simple aggregate ATT, t(%.0f)", s->df);
        fprintf(out, "  %-46s %10s  %d%% CI %-22s p %s\n", lab, b[0], pct,
                b[1], b[2]);
        snprintf(lab, sizeof lab, "randomization (%s %s)",
                 fmt_count(b[0], sizeof b[0], s->ri_assignments),
                 s->ri_exact ? "assignments, exact" : "draws");
        fprintf(out, "  %-46s %10s  %*s p %s\n", lab, "",
                snprintf(NULL, 0, "%d%% CI ", pct) + 22, "", b[3]);
        fprintf(out, "  %-46s %10s\n", "two-way fixed effects (for "
                "comparison)", fmt_num(b[0], sizeof b[0], s->twfe, 4));
        fk_render_verdict(sentence, sizeof sentence, &d->verdict, NULL,
                          d->better, d->conf_level);
        fprintf(out, "  verdict (%s): %s\n",
                fk_render_basis_label(d->verdict.basis), sentence);
        if (s->bacon_later_weight > RENDER_LATER_WARN)
                fprintf(out, "  warning: later-vs-earlier comparisons carry "
                        "%.0f %% of the weight of the two-way fixed-effects "
                        "coefficient: it uses units already in the trial as "
                        "controls and can mislead; rely on the simple "
                        "aggregate\n", 100 * s->bacon_later_weight);
        for (size_t k = 0; k < s->nnotes; k++)
                fprintf(out, "  note: %s\n", s->notes[k]);
}

static void stagger_details(FILE *out, const struct fk_panel *p,
                            const struct fk_stagger_result *s)
{
        char lab[96], b[2][48];

        fputs("event study (dynamic aggregate; event time = period - start, "
              "in periods)\n", out);
        for (size_t k = 0; k < s->ndynamic; k++) {
                snprintf(lab, sizeof lab, "%ld", s->dynamic[k].key);
                est_line(out, lab, s->dynamic[k].estimate, s->dynamic[k].ci);
        }
        fputs("by cohort (group aggregate)\n", out);
        for (size_t k = 0; k < s->ngroup; k++)
                est_line(out, render_cohort_label(s, (size_t)s->group[k].key),
                         s->group[k].estimate, s->group[k].ci);
        if (s->nbacon) {
                fputs("Goodman-Bacon decomposition of the two-way "
                      "fixed-effects coefficient\n", out);
                for (size_t k = 0; k < s->nbacon; k++) {
                        const struct fk_bacon_term *t = &s->bacon[k];

                        fprintf(out, "  %-18s %-9s %-9s %10s %10s\n",
                                fk_bacon_type_name(t->type), t->label_treated,
                                t->label_control,
                                fmt_num(b[0], sizeof b[0], t->estimate, 4),
                                fmt_num(b[1], sizeof b[1], t->weight, 4));
                }
        }
        fputs("ATT(g,t)\n", out);
        for (size_t k = 0; k < s->ngt; k++) {
                const struct fk_stagger_gt *g = &s->gt[k];

                fprintf(out, "  %-9s %-9s %-9s %10s  %s\n",
                        render_cohort_label(s, g->cohort),
                        p->period_names[g->period], p->period_names[g->base],
                        fmt_num(b[0], sizeof b[0], g->estimate, 4),
                        fmt_ci(b[1], sizeof b[1], g->ci, 4));
        }
}

int render_text_stagger(FILE *out, const struct render_job *j)
{
        char e[ESC];

        fprintf(out, "difference in differences, staggered starts: %s\n",
                fk_text_escape(e, sizeof e, j->did->name));
        stagger_summary(out, j->did, j->panel, j->stagger);
        stagger_details(out, j->panel, j->stagger);
        return FK_OK;
}

/* ---- describe ----------------------------------------------------------- */

int render_text_describe(FILE *out, const struct render_job *j)
{
        char label[ESC], name[ESC], v[9][NB];

        for (size_t gi = 0; gi < j->ngroups; gi++) {
                const struct fk_describe_group *g = &j->groups[gi];

                render_by_label(g, label, sizeof label);
                fprintf(out, "%s%s\n", gi ? "\n" : "",
                        fk_text_escape(name, sizeof name, label));
                fprintf(out, "  %-20s %8s %8s %10s %10s %10s %10s %10s %10s "
                        "%10s\n", "column", "n", "missing", "mean", "sd",
                        "min", "q1", "median", "q3", "max");
                for (size_t c = 0; c < g->ncols; c++) {
                        const struct fk_summary *s = &g->cols[c];

                        fprintf(out, "  %-20s %8s %8s %10s %10s %10s %10s "
                                "%10s %10s %10s\n",
                                fk_text_escape(name, sizeof name,
                                               g->col_names[c]),
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

int render_text_power(FILE *out, const struct render_job *j)
{
        const struct fk_power_spec *s = j->power_spec;
        const struct fk_power_result *r = j->power;
        char b[5][40];

        render_power_cells(r, b);
        if (!isnan(s->margin))
                fprintf(out, "non-inferiority, two %s (normal approximation), "
                        "margin %g, one-sided alpha %g\n",
                        s->type == FK_POWER_BINARY ? "proportions" : "means",
                        s->margin, s->alpha / 2);
        else if (s->type == FK_POWER_BINARY)
                fprintf(out, "two proportions (R power.prop.test), two-sided "
                        "alpha %g\n", s->alpha);
        else
                fprintf(out, "two means (R power.t.test), two-sided alpha %g\n",
                        s->alpha);
        fprintf(out, "  n per arm         %s", b[0]);
        if (isfinite(r->n_per_arm))
                fprintf(out, " (round up: %.0f)", ceil(r->n_per_arm));
        fprintf(out, "\n  power             %s\n"
                "  design effect     %s\n"
                "  clusters per arm  %s\n"
                "  mde               %s\n", b[1], b[2], b[3], b[4]);
        return FK_OK;
}

/* ---- adjust -------------------------------------------------------------- */

int render_text_adjust(FILE *out, const struct render_job *j)
{
        char name[ESC], b1[40], b2[40];

        fprintf(out, "p-values adjusted by %s (n = %zu)\n\n%8s %24s %24s\n",
                j->method, j->n, "line",
                fk_text_escape(name, sizeof name,
                               fk_table_colname(j->table, j->col)),
                "adjusted");
        for (size_t r = 0; r < fk_table_nrows(j->table); r++)
                fprintf(out, "%8ld %24s %24s\n",
                        fk_table_row_line(j->table, r),
                        render_p6(b1, sizeof b1, j->p[r]),
                        render_p6(b2, sizeof b2, j->adj[r]));
        return FK_OK;
}

/* ---- validate ------------------------------------------------------------ */

static void sizes_text(FILE *out, const struct fk_validate_design *d,
                       int arm)
{
        const char *sep = "";

        for (size_t g = 0; g < d->G; g++)
                if (d->arm[g] == arm) {
                        fprintf(out, "%s%.0f", sep, d->size[g]);
                        sep = ", ";
                }
}

static void distribution_text(FILE *out, const struct fk_validate_design *d)
{
        char a[NB], b[NB];

        if (d->type == FK_TYPE_BINARY) {
                fprintf(out, "pooled proportion %s", fmt_num(a, sizeof a, d->p, 4));
                return;
        }
        if (d->type == FK_TYPE_SURVIVAL) {
                fprintf(out, "pooled Nelson-Aalen hazards at %zu times up "
                        "to %s (the ICC is that of job entry)", d->ntimes,
                        fmt_shortest(a, sizeof a, d->ntimes ?
                                     d->time[d->ntimes - 1] : NAN));
                return;
        }
        fprintf(out, "pooled mean %s, within-arm sd %s",
                fmt_num(a, sizeof a, d->mean, 4), fmt_num(b, sizeof b, d->sd, 4));
        if (d->type == FK_TYPE_ORDINAL)
                fprintf(out, ", %zu levels", d->nlevels);
}

static void model_text(FILE *out, const struct fk_validate_design *d,
                       const struct fk_validate_result *r)
{
        const struct fk_validate_model *m = &r->model;
        char a[NB], b[NB];

        switch (d->type) {
        case FK_TYPE_BINARY:
                fprintf(out, "logistic-normal random intercept, sigma_u %s "
                        "(latent scale)", fmt_num(a, sizeof a, m->sigma_u, 4));
                break;
        case FK_TYPE_ORDINAL:
                fprintf(out, "cumulative logit with a normal intercept, "
                        "sigma_u %s", fmt_num(a, sizeof a, m->sigma_u, 4));
                break;
        case FK_TYPE_COUNT:
                fprintf(out, "negative binomial with gamma frailty, frailty "
                        "variance %s, ", fmt_num(a, sizeof a, m->frailty_var, 4));
                if (isfinite(m->nb_size))
                        fprintf(out, "size %s", fmt_num(b, sizeof b, m->nb_size, 4));
                else
                        fprintf(out, "Poisson within municipalities (the data "
                                "vary less than Poisson there)");
                break;
        case FK_TYPE_SURVIVAL:
                fprintf(out, "proportional hazards with a positive stable "
                        "frailty, index %s (Kendall's tau %s)",
                        fmt_num(a, sizeof a, m->alpha, 4),
                        fmt_num(b, sizeof b, 1 - m->alpha, 4));
                break;
        default:
                fprintf(out, "normal, municipality sd %s, person sd %s",
                        fmt_num(a, sizeof a, m->sigma_u, 4),
                        fmt_num(b, sizeof b, m->sd_within, 4));
                break;
        }
}

static void inner_text(FILE *out, const struct fk_validate_design *d,
                       const struct fk_validate_result *r)
{
        int webb = r->wild_weights && !strcmp(r->wild_weights, "webb");

        if (r->inner_reps == 0) {
                fprintf(out, "no wild bootstrap or randomization inside "
                        "(--inner-reps 0)");
                return;
        }
        int all = pow(webb ? 6 : 2, (double)d->G) <= (double)r->inner_reps;

        if (d->type == FK_TYPE_SURVIVAL) {
                fprintf(out, "inside each: randomization %.0f assignments "
                        "(%s)", r->ri_assignments,
                        r->ri_exact ? "all" : "drawn");
                return;
        }
        fprintf(out, "inside each: wild bootstrap %zu %s weight vectors "
                "(%s), randomization %.0f assignments (%s)",
                r->wild_reps, r->wild_weights ? r->wild_weights : "",
                all ? "all" : "drawn", r->ri_assignments,
                r->ri_exact ? "all" : "drawn");
}

int render_text_validate(FILE *out, const struct render_job *j)
{
        const struct fk_validate_info *vi = j->vi;
        const struct fk_validate_design *d = j->vd;
        const struct fk_validate_result *r = j->vr;
        size_t per[2];
        double people[2];
        char a[NB], b[NB], c[NB], e[NB], f[NB], g[NB], s[1024], q[ESC];

        render_validate_arms(d, per, people);
        if (vi && vi->outcome) {
                fprintf(out, "Validation of %s (%s)",
                        fk_text_escape(q, sizeof q, vi->outcome),
                        fk_type_name(d->type));
                if (vi->cluster)
                        fprintf(out, ", municipalities in '%s'",
                                fk_text_escape(q, sizeof q, vi->cluster));
                fputc('\n', out);
        } else {
                fprintf(out, "Validation of a planned design (%s)\n",
                        fk_type_name(d->type));
        }
        fprintf(out, "  design:  %zu trial and %zu control municipalities, "
                "%.0f and %.0f people\n", per[FK_TRIAL], per[FK_CONTROL],
                people[FK_TRIAL], people[FK_CONTROL]);
        fprintf(out, "           people per municipality: trial ");
        sizes_text(out, d, FK_TRIAL);
        fprintf(out, "; control ");
        sizes_text(out, d, FK_CONTROL);
        fprintf(out, "\n           ICC %s", fmt_num(a, sizeof a, d->icc, 4));
        if (isfinite(d->icc_estimated) && d->icc_estimated < 0)
                fprintf(out, " (estimated %s, floored at 0)",
                        fmt_num(b, sizeof b, d->icc_estimated, 4));
        fprintf(out, ", ");
        distribution_text(out, d);
        fprintf(out, "\n  model:   ");
        model_text(out, d, r);
        fprintf(out, "\n           the simulated data's ICC averages %s\n",
                fmt_num(a, sizeof a, r->mean_icc, 4));
        fprintf(out, "  truth:   %s %s", render_validate_effect(d),
                fmt_shortest(a, sizeof a, r->truth));
        if (r->margin_test && !isfinite(d->effect))
                fprintf(out, " (the margin: the trial arm worse by %s)",
                        fmt_shortest(b, sizeof b, d->margin));
        fprintf(out, "\n  runs:    %zu repetitions, seed %lu; ", r->reps,
                r->seed);
        inner_text(out, d, r);
        fprintf(out, "\n  %s:  ", "reject");
        if (r->margin_test)
                fprintf(out, "non-inferiority declared at margin %s (%s is "
                        "better; one-sided level %.3g)\n",
                        fmt_shortest(a, sizeof a, d->margin),
                        fk_better_name(d->better), (1 - d->conf) / 2);
        else
                fprintf(out, "the two-sided test of no difference at level "
                        "%.3g\n", 1 - d->conf);
        fprintf(out, "\n%-16s %-16s %-18s %-20s %-18s %-16s %s\n", "method",
                "coverage", "mean width", "bias", "rmse",
                r->margin_test ? "non-inferior" : "rejection", "mean se");
        for (int i = 0; i < FK_VM_COUNT; i++) {
                const struct fk_validate_method *v = &r->m[i];

                if (!v->method)         /* survival: no wild bootstrap */
                        continue;
                fprintf(out, "%-16s %-16s %-18s %-20s %-18s %-16s %s\n",
                        v->method,
                        render_mcse(a, sizeof a, v->coverage,
                                    v->coverage_mcse, 1),
                        render_mcse(b, sizeof b, v->mean_width,
                                    v->mean_width_mcse, 0),
                        render_mcse(c, sizeof c, v->bias, v->bias_mcse, 0),
                        render_mcse(e, sizeof e, v->rmse, v->rmse_mcse, 0),
                        render_mcse(f, sizeof f, v->rejection_rate,
                                    v->rejection_mcse, 1),
                        render_mcse(g, sizeof g, v->mean_se,
                                    v->mean_se_mcse, 0));
        }
        fprintf(out, "(Monte Carlo standard errors in brackets; the wild "
                "bootstrap and randomization give p-values only%s)\n\n",
                r->margin_test ? " and test only the null of no difference"
                               : "");
        for (int i = 0; i < 2; i++)
                if (r->m[i].valid < r->reps)
                        fprintf(out, "%s: %zu of %zu repetitions gave no "
                                "interval\n", r->m[i].method,
                                r->reps - r->m[i].valid, r->reps);
        fprintf(out, "%s\n", fk_validate_sentence(s, sizeof s, d, r, "en"));
        return ferror(out) ? FK_EIO : FK_OK;
}

