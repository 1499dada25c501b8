/* The text of fkstat compare and survival: per outcome the arms, the
 * effects with their intervals, the tests, the cluster-level and
 * stratified analyses, the per-municipality table (--by-cluster) and the
 * verdict on its basis.  The text of the other commands is in
 * render/text_other.c: the two together would pass 800 lines. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/format.h"
#include "render/render_int.h"

#define NB 64
#define ESC 512       /* a name or note from the data, escaped */

/* Width of s on a terminal: its UTF-8 code points. */
static size_t text_width(const char *s)
{
        size_t w = 0;

        for (; *s; s++)
                if (((unsigned char)*s & 0xC0) != 0x80)
                        w++;
        return w;
}

/* s left-aligned in a field of w columns. */
static void put_padded(FILE *out, const char *s, size_t w)
{
        size_t n = text_width(s);

        fputs(s, out);
        for (; n < w; n++)
                fputc(' ', out);
}

static void text_binary_groups(FILE *out, const struct fk_outcome_result *r,
                               const char *cih)
{
        char a[NB], b[NB], c[NB * 2], d[NB];

        fprintf(out, "  %-10s %10s %10s %10s  %-20s %s\n", "arm", "n",
                "successes", "proportion", cih, "method");
        for (int arm = 0; arm < 2; arm++) {
                const struct fk_group *g = &r->groups[arm];

                fprintf(out, "  %-10s %10s %10s %10s  %-20s %s\n",
                        arm == FK_TRIAL ? "trial" : "control",
                        fmt_count(a, sizeof a, g->n),
                        fmt_count(b, sizeof b, g->successes),
                        fmt_num(d, sizeof d, g->estimate, 4),
                        fmt_ci(c, sizeof c, g->ci, 4),
                        g->method ? g->method : "");
        }
}

static void text_numeric_groups(FILE *out, const struct fk_outcome_result *r,
                                const char *cih)
{
        char v[7][NB], c[NB * 2];

        fprintf(out, "  %-10s %10s %10s %10s %10s %10s %10s  %s (of the mean)\n",
                "arm", "n", "mean", "sd", "q1", "median", "q3", cih);
        for (int arm = 0; arm < 2; arm++) {
                const struct fk_group *g = &r->groups[arm];

                fprintf(out, "  %-10s %10s %10s %10s %10s %10s %10s  %s\n",
                        arm == FK_TRIAL ? "trial" : "control",
                        fmt_count(v[0], NB, g->n), fmt_num(v[1], NB, g->mean, 4),
                        fmt_num(v[2], NB, g->sd, 4), fmt_num(v[3], NB, g->q1, 4),
                        fmt_num(v[4], NB, g->median, 4),
                        fmt_num(v[5], NB, g->q3, 4),
                        fmt_ci(c, sizeof c, g->ci, 4));
        }
        if (r->type != FK_TYPE_ORDINAL)
                return;
        fprintf(out, "\n  %-10s", "level");
        for (size_t j = 0; j < r->groups[0].nlevels; j++)
                fprintf(out, " %8.0f", r->groups[0].level[j]);
        fprintf(out, "   top box (>= %g)\n", r->top_from);
        for (int arm = 0; arm < 2; arm++) {
                const struct fk_group *g = &r->groups[arm];

                fprintf(out, "  %-10s", arm == FK_TRIAL ? "trial" : "control");
                for (size_t j = 0; j < g->nlevels; j++)
                        fprintf(out, " %8s", fmt_count(v[0], NB, g->level_count[j]));
                fprintf(out, "   %s\n", fmt_num(v[1], NB, g->top_box, 4));
        }
}

static void text_survival_groups(FILE *out, const struct fk_outcome_result *r,
                                 const char *cih)
{
        char v[4][NB], c[NB * 2];

        fprintf(out, "  %-10s %10s %10s %10s %10s  %s (median, %s)\n", "arm", "n",
                "jobs", "censored", "median", cih,
                r->groups[0].method ? r->groups[0].method : "");
        for (int arm = 0; arm < 2; arm++) {
                const struct fk_group *g = &r->groups[arm];

                fprintf(out, "  %-10s %10s %10s %10s %10s  %s\n",
                        arm == FK_TRIAL ? "trial" : "control",
                        fmt_count(v[0], NB, g->n), fmt_count(v[1], NB, g->events),
                        fmt_count(v[2], NB, g->censored),
                        fmt_num(v[3], NB, g->median_time, 2),
                        fmt_ci(c, sizeof c, g->median_ci, 2));
        }
        if (!r->groups[0].nat)
                return;
        fprintf(out, "\n  cumulative job entry 1 - S(t), %s:\n", cih);
        for (size_t i = 0; i < r->groups[0].nat; i++) {
                fprintf(out, "  t = %-6g", r->groups[0].at[i]);
                for (int arm = 0; arm < 2; arm++) {
                        const struct fk_group *g = &r->groups[arm];

                        fprintf(out, arm == FK_TRIAL ? "  trial %s %-18s" :
                                "  control %s %s",
                                fmt_num(v[0], NB, g->cum[i], 4),
                                fmt_ci(c, sizeof c, g->cum_ci[i], 4));
                }
                fputc('\n', out);
        }
}

/* The verdict on its basis, then (when that is cluster-level) the
 * individual-level verdict as the secondary one. */
static void text_verdict(FILE *out, const struct fk_outcome_result *r)
{
        char sentence[1536];
        const struct fk_verdict *v = &r->verdict;

        fk_render_verdict(sentence, sizeof sentence, v, NULL, r->better,
                          r->conf_level);
        fprintf(out, "\n  verdict (%s): %s\n",
                fk_render_basis_label(v->basis), sentence);
        if (v->basis != FK_BASIS_INDIVIDUAL) {
                struct fk_verdict iv = render_individual_verdict(r);

                fk_render_verdict(sentence, sizeof sentence, &iv, NULL,
                                  r->better, r->conf_level);
                fprintf(out, "  individual-level (secondary, ignores "
                        "clustering): %s\n", sentence);
        }
}

/* --by-cluster: one line per municipality, trial arm first. */
static void text_by_cluster(FILE *out, const struct fk_outcome_result *r,
                            const char *cih)
{
        char name[ESC], v[3][NB], c[NB * 2];
        int surv = r->type == FK_TYPE_SURVIVAL;
        size_t w = strlen("cluster");

        if (!r->has_cluster) {
                fputs("\n  per municipality: the outcome is not clustered "
                      "(see --cluster)\n", out);
                return;
        }
        for (size_t i = 0; i < r->nclusters; i++) {
                size_t k = text_width(fk_text_escape(name, sizeof name,
                                                     r->clusters[i].name));

                if (k > w)
                        w = k;
        }
        fprintf(out, "\n  per municipality ('%s'):\n  ",
                fk_text_escape(name, sizeof name, r->cluster));
        put_padded(out, "cluster", w);
        fprintf(out, " %-8s %10s", "arm", "n");
        if (surv)
                fprintf(out, " %10s", "jobs");
        fprintf(out, " %10s  %-20s %s\n", render_cluster_stat(r), cih, "method");
        for (size_t i = 0; i < r->nclusters; i++) {
                const struct fk_cluster_row *k = &r->clusters[i];

                fputs("  ", out);
                put_padded(out, fk_text_escape(name, sizeof name, k->name), w);
                fprintf(out, " %-8s %10s", k->arm == FK_TRIAL ? "trial" :
                        "control", fmt_count(v[0], NB, k->n));
                if (surv)
                        fprintf(out, " %10s", fmt_count(v[1], NB, k->events));
                fprintf(out, " %10s  %-20s %s\n",
                        fmt_num(v[2], NB, k->estimate, surv ? 2 : 4),
                        fmt_ci(c, sizeof c, k->ci, surv ? 2 : 4),
                        k->method ? k->method : "");
        }
}

static void text_outcome(FILE *out, const struct fk_run_info *info,
                         const struct fk_outcome_result *r)
{
        char a[NB], b[NB], c[NB * 2], d[NB], cih[NB];
        char e1[ESC], e2[ESC], e3[ESC];
        int pct = (int)lround(100 * r->conf_level);

        snprintf(cih, sizeof cih, "%d%% CI", pct);
        fprintf(out, "%s: %s (%s); %s outcome, %s is better\n",
                fk_text_escape(e1, sizeof e1, r->outcome),
                render_verdict_word(r->verdict.result),
                fk_render_basis_label(r->verdict.basis),
                fk_type_name(r->type), fk_better_name(r->better));
        fprintf(out, "  arms: trial '%s', control '%s' (column '%s'); "
                "excluded for a missing outcome: trial %.0f, control %.0f\n\n",
                fk_text_escape(e1, sizeof e1, info->trial),
                fk_text_escape(e2, sizeof e2, info->control),
                fk_text_escape(e3, sizeof e3, info->arm_column),
                r->excluded[0], r->excluded[1]);
        if (r->type == FK_TYPE_BINARY)
                text_binary_groups(out, r, cih);
        else if (r->type == FK_TYPE_SURVIVAL)
                text_survival_groups(out, r, cih);
        else
                text_numeric_groups(out, r, cih);
        fputc('\n', out);
        fprintf(out, "  %-26s %10s  %-20s %s\n",
                "effect (trial vs control)", "estimate", cih, "method");
        for (size_t i = 0; i < r->neffects; i++) {
                const struct fk_effect *e = &r->effects[i];

                fprintf(out, "  %-26s %10s  %-20s %s\n", e->measure,
                        fmt_num(a, sizeof a, e->estimate, 4),
                        fmt_ci(c, sizeof c, e->ci, 4), e->method);
                if (*e->note)
                        fprintf(out, "    note: %s\n",
                                fk_text_escape(e1, sizeof e1, e->note));
        }
        fputc('\n', out);
        fprintf(out, "  %-26s %10s  %s\n", "test", "p-value", "statistic");
        for (size_t i = 0; i < r->ntests; i++) {
                const struct fk_test *t = &r->tests[i];
                char stat[NB * 2];

                if (t->has_statistic && !isnan(t->df) && !isnan(t->statistic))
                        snprintf(stat, sizeof stat, "%s (df %s)",
                                 fmt_num(a, sizeof a, t->statistic, 4),
                                 t->df - floor(t->df) > 0 ?
                                 fmt_num(b, sizeof b, t->df, 2) :
                                 fmt_count(b, sizeof b, t->df));
                else if (t->has_statistic)
                        fmt_num(stat, sizeof stat, t->statistic, 4);
                else
                        stat[0] = '\0';
                fprintf(out, "  %-26s %10s", t->test,
                        fmt_p(d, sizeof d, t->p_value));
                if (*stat)
                        fprintf(out, "  %s", stat);
                if (t->has_estimate)
                        fprintf(out, "  odds ratio %s (conditional MLE), %s %s",
                                fmt_num(a, sizeof a, t->estimate, 4), cih,
                                fmt_ci(c, sizeof c, t->ci, 4));
                fputc('\n', out);
                if (*t->note)
                        fprintf(out, "    note: %s\n",
                                fk_text_escape(e1, sizeof e1, t->note));
        }
        if (r->has_cluster && r->type == FK_TYPE_SURVIVAL) {
                const struct fk_coxcluster_result *x = &r->cox_cl;
                char p[NB];

                fprintf(out, "\n  clustered by '%s'%s: %zu trial and %zu "
                        "control clusters\n",
                        fk_text_escape(e1, sizeof e1, r->cluster),
                        r->cluster_detected ? " (detected)" : "",
                        x->clusters[0], x->clusters[1]);
                fprintf(out, "  %-26s %10s  %s robust se (log) %s, z %s, p %s\n",
                        "hazard ratio (Lin-Wei)", fmt_num(a, sizeof a, x->hr, 4),
                        fmt_ci(c, sizeof c, x->ci, 4),
                        fmt_num(d, sizeof d, x->se, 4),
                        fmt_num(b, sizeof b, x->z, 3),
                        fmt_p(p, sizeof p, x->p_value));
                fprintf(out, "  %-26s %10s  (%.0f assignments, %s)\n",
                        "randomization p", fmt_p(p, sizeof p, r->cl.ri_p),
                        r->cl.ri_assignments, r->cl.ri_exact ? "exact" :
                        "Monte Carlo");
        } else if (r->has_cluster) {
                const struct fk_cluster_result *k = &r->cl;
                char p[NB];

                fprintf(out, "\n  clustered by '%s'%s: %zu trial and %zu "
                        "control clusters; ICC %s, design effect %s\n",
                        fk_text_escape(e1, sizeof e1, r->cluster),
                        r->cluster_detected ? " (detected)" : "",
                        k->clusters[0], k->clusters[1],
                        fmt_num(a, sizeof a, k->icc, 4),
                        fmt_num(b, sizeof b, k->design_effect, 3));
                fprintf(out, "  %-26s %10s  %s se %s, df %s, p %s\n",
                        "difference (CR2)", fmt_num(a, sizeof a, k->estimate, 4),
                        fmt_ci(c, sizeof c, k->ci, 4),
                        fmt_num(d, sizeof d, k->se, 4),
                        fmt_num(b, sizeof b, k->df, 2),
                        fmt_p(p, sizeof p, k->p_value));
                fprintf(out, "  %-26s %10s  (%zu draws, %s weights)\n",
                        "wild cluster bootstrap p", fmt_p(p, sizeof p, k->wild_p),
                        k->wild_reps, k->wild_weights ? k->wild_weights : "");
                fprintf(out, "  %-26s %10s  (%.0f assignments, %s)\n",
                        "randomization p", fmt_p(p, sizeof p, k->ri_p),
                        k->ri_assignments, k->ri_exact ? "exact" : "Monte Carlo");
        }
        if (r->has_strata) {
                char p[NB];

                fprintf(out, "\n  %-26s %10s  %s\n", "stratified", "estimate",
                        cih);
                fprintf(out, "  (by '%s', %zu strata)\n",
                        fk_text_escape(e1, sizeof e1, r->strata), r->nstrata);
                fprintf(out, "  %-26s %10s  %s\n", "mh_odds_ratio",
                        fmt_num(a, sizeof a, r->mh_or, 4),
                        fmt_ci(c, sizeof c, r->mh_or_ci, 4));
                fprintf(out, "  %-26s %10s  %s\n", "mh_risk_difference",
                        fmt_num(a, sizeof a, r->mh_rd, 4),
                        fmt_ci(c, sizeof c, r->mh_rd_ci, 4));
                fprintf(out, "  %-26s %10s  %s (df 1)\n", "cmh (p, statistic)",
                        fmt_p(p, sizeof p, r->cmh_p),
                        fmt_num(a, sizeof a, r->cmh, 4));
                fprintf(out, "  %-26s %10s  %s (df %s)\n",
                        "breslow_day (p, statistic)", fmt_p(p, sizeof p, r->bd_p),
                        fmt_num(a, sizeof a, r->bd, 4),
                        fmt_count(b, sizeof b, r->bd_df));
        }
        if (info->by_cluster)
                text_by_cluster(out, r, cih);
        text_verdict(out, r);
        for (size_t i = 0; i < r->nnotes; i++)
                fprintf(out, "  note: %s\n",
                        fk_text_escape(e1, sizeof e1, r->notes[i]));
}

int render_text_compare(FILE *out, const struct render_job *j)
{
        for (size_t i = 0; i < j->nres; i++) {
                if (i)
                        fputc('\n', out);
                text_outcome(out, j->info, &j->res[i]);
        }
        return FK_OK;
}
