/* Text, Markdown and CSV renderers of compare results. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/render.h"
#include "report/format.h"

#define NB 64
#define ESC 512       /* a name or note from the data, escaped */

static const char *measure_label(const char *m)
{
        if (!strcmp(m, "risk_difference"))
                return "risk difference";
        if (!strcmp(m, "risk_ratio"))
                return "risk ratio";
        if (!strcmp(m, "odds_ratio"))
                return "odds ratio";
        if (!strcmp(m, "mean_difference"))
                return "difference in means";
        if (!strcmp(m, "hazard_ratio"))
                return "hazard ratio of job entry";
        if (!strcmp(m, "did"))
                return "difference in differences";
        return m;
}

/* The verdict in words, as a reader says it ("no difference"). */
static const char *verdict_word(enum fk_verdict_result v)
{
        switch (v) {
        case FK_V_SUPERIOR: return "superior";
        case FK_V_NONINFERIOR: return "non-inferior";
        case FK_V_INFERIOR: return "inferior";
        case FK_V_INCONCLUSIVE: return "inconclusive";
        case FK_V_BETTER: return "better";
        case FK_V_WORSE: return "worse";
        case FK_V_NO_DIFFERENCE: return "no difference";
        case FK_V_NONE: break;
        }
        return "none";
}

const char *fk_render_basis_label(enum fk_basis b)
{
        switch (b) {
        case FK_BASIS_INDIVIDUAL: return "individual-level";
        case FK_BASIS_CR2: return "cluster-level, CR2";
        case FK_BASIS_LIN_WEI: return "cluster-level, Lin-Wei";
        case FK_BASIS_CS_SIMPLE: return "simple aggregate ATT";
        }
        return "individual-level";
}

/* The test behind a basis's one-sided p-value, as the sentence names it. */
static const char *basis_test(enum fk_basis b)
{
        switch (b) {
        case FK_BASIS_CR2: return "CR2 ";
        case FK_BASIS_LIN_WEI: return "Lin-Wei ";
        default: return "";
        }
}

/* Append to buf (which holds a string) as snprintf would. */
static void append(char *buf, size_t len, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 4)))
#endif
        ;

static void append(char *buf, size_t len, const char *fmt, ...)
{
        size_t n = strlen(buf);
        va_list ap;

        if (n + 1 >= len)
                return;
        va_start(ap, fmt);
        vsnprintf(buf + n, len - n, fmt, ap);
        va_end(ap);
}

const char *fk_render_verdict(char *buf, size_t len,
                              const struct fk_verdict *v, const char *what,
                              enum fk_better better, double conf_level)
{
        char ci[NB * 2], m[NB], p[NB];
        int ratio = strstr(v->measure, "ratio") != NULL;
        int higher = better == FK_BETTER_HIGHER;
        const char *good = higher ? "above" : "below";
        const char *bad = higher ? "below" : "above";
        double null = ratio ? 1.0 : 0.0, bound;
        int pct = (int)lround(100 * conf_level);

        if (!len)
                return buf;
        buf[0] = '\0';
        if (!what)
                what = measure_label(v->measure);
        if (v->result == FK_V_NONE) {
                snprintf(buf, len, "none — no confidence interval of the %s "
                         "could be computed (see the notes)", what);
                return buf;
        }
        if (isnan(v->ci[0]) || isnan(v->ci[1])) {
                snprintf(buf, len, "%s — no confidence interval of the %s "
                         "could be computed (see the notes), so nothing can "
                         "be concluded", verdict_word(v->result), what);
                return buf;
        }
        fmt_ci(ci, sizeof ci, v->ci, 4);
        if (isnan(v->margin)) {
                const char *where = v->ci[0] > null ? "lies above" :
                                    v->ci[1] < null ? "lies below" :
                                    "includes";

                snprintf(buf, len, "%s — the %d%% CI of the %s, %s, %s %g "
                         "(%s is better; no non-inferiority margin given)",
                         verdict_word(v->result), pct, what, ci, where, null,
                         fk_better_name(better));
        } else {
                bound = ratio ? (higher ? 1 - v->margin : 1 / (1 - v->margin)) :
                        (higher ? -v->margin : v->margin);
                fmt_num(m, sizeof m, bound, 4);
                switch (v->result) {
                case FK_V_SUPERIOR:
                        snprintf(buf, len, "superior — the %d%% CI of the %s, "
                                 "%s, lies %s %g (%s is better)", pct, what,
                                 ci, good, null, fk_better_name(better));
                        break;
                case FK_V_NONINFERIOR:
                        snprintf(buf, len, "non-inferior — the %d%% CI of the "
                                 "%s, %s, lies %s the margin %s", pct, what, ci,
                                 good, m);
                        break;
                case FK_V_INFERIOR:
                        snprintf(buf, len, "inferior — the %d%% CI of the %s, "
                                 "%s, lies %s the margin %s", pct, what, ci,
                                 bad, m);
                        break;
                default:
                        snprintf(buf, len, "inconclusive — the %d%% CI of the "
                                 "%s, %s, includes the margin %s; neither "
                                 "non-inferiority nor inferiority is shown",
                                 pct, what, ci, m);
                        break;
                }
                append(buf, len, " (one-sided %sp = %s against the margin)",
                       basis_test(v->basis), fmt_p(p, sizeof p, v->p_value));
        }
        if (v->few_clusters && v->basis != FK_BASIS_INDIVIDUAL) {
                append(buf, len, "; with fewer than 5 municipalities on a side "
                       "this interval is unreliable");
                if (isnan(v->ri_p))
                        append(buf, len, " and no randomization p-value could "
                               "be computed");
                else
                        append(buf, len, "; the randomization p-value is "
                               "%s (two-sided)", fmt_p(p, sizeof p, v->ri_p));
        }
        return buf;
}

/* The individual-level verdict of r as a verdict of its own, to state it
 * beside a cluster-level one: the interval of the verdict effect. */
static struct fk_verdict individual_verdict(const struct fk_outcome_result *r)
{
        const struct fk_verdict *v = &r->verdict;
        const struct fk_effect *e = fk_result_effect(r, v->measure);
        struct fk_verdict iv = *v;

        iv.basis = FK_BASIS_INDIVIDUAL;
        iv.result = v->individual_result;
        iv.p_value = v->individual_p_value;
        iv.estimate = e ? e->estimate : NAN;
        iv.ci[0] = e ? e->ci[0] : NAN;
        iv.ci[1] = e ? e->ci[1] : NAN;
        iv.df = NAN;
        iv.few_clusters = 0;
        return iv;
}

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

static const char *escape(char *buf, size_t len, const char *s, int md)
{
        size_t n = 0;
        const unsigned char *u = (const unsigned char *)(s ? s : "");

        if (!len)
                return buf;
        for (; *u; u++) {
                char tmp[12];
                const char *put = tmp;

                if (*u < 0x20 || *u == 0x7f) {
                        snprintf(tmp, sizeof tmp, "\\x%02x", *u);
                } else if (*u == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f) {
                        snprintf(tmp, sizeof tmp, "\\u%04x", u[1]);
                        u++;    /* a C1 control character, U+0080..U+009F */
                } else if (md && *u == '<') {
                        put = "&lt;";
                } else if (md && *u == '>') {
                        put = "&gt;";
                } else if (md && *u == '&') {
                        put = "&amp;";
                } else if (md && (*u == '|' || *u == '\\')) {
                        tmp[0] = '\\';
                        tmp[1] = (char)*u;
                        tmp[2] = '\0';
                } else {
                        tmp[0] = (char)*u;
                        tmp[1] = '\0';
                }
                if (n + strlen(put) + 4 > len) {
                        /* no room: drop a character cut in two */
                        size_t k = n;
                        unsigned char lead;

                        while (k && ((unsigned char)buf[k - 1] & 0xC0) == 0x80)
                                k--;
                        lead = k ? (unsigned char)buf[k - 1] : 0;
                        if (lead >= 0xC0 &&
                            n - (k - 1) < (lead >= 0xF0 ? 4u :
                                           lead >= 0xE0 ? 3u : 2u))
                                n = k - 1;
                        snprintf(buf + n, len - n, "%s", len - n > 3 ? "..." :
                                 "");
                        return buf;
                }
                memcpy(buf + n, put, strlen(put));
                n += strlen(put);
        }
        buf[n] = '\0';
        return buf;
}

const char *fk_text_escape(char *buf, size_t len, const char *s)
{
        return escape(buf, len, s, 0);
}

const char *fk_md_escape(char *buf, size_t len, const char *s)
{
        return escape(buf, len, s, 1);
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
 * individual-level verdict as the secondary one; md: as Markdown. */
static void text_verdict(FILE *out, const struct fk_outcome_result *r, int md)
{
        char sentence[1536];
        const struct fk_verdict *v = &r->verdict;

        fk_render_verdict(sentence, sizeof sentence, v, NULL, r->better,
                          r->conf_level);
        fprintf(out, md ? "\n**Verdict (%s):** %s.\n" : "\n  verdict (%s): %s\n",
                fk_render_basis_label(v->basis), sentence);
        if (v->basis != FK_BASIS_INDIVIDUAL) {
                struct fk_verdict iv = individual_verdict(r);

                fk_render_verdict(sentence, sizeof sentence, &iv, NULL,
                                  r->better, r->conf_level);
                fprintf(out, md ? "\nIndividual-level (secondary, ignores "
                        "clustering): %s.\n" : "  individual-level (secondary, "
                        "ignores clustering): %s\n", sentence);
        }
}

/* What a per-municipality row's estimate is, for a column head. */
static const char *cluster_stat(const struct fk_outcome_result *r)
{
        if (r->type == FK_TYPE_BINARY)
                return "proportion";
        if (r->type == FK_TYPE_SURVIVAL)
                return "median";
        return "mean";
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
        fprintf(out, " %10s  %-20s %s\n", cluster_stat(r), cih, "method");
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
                verdict_word(r->verdict.result),
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
        text_verdict(out, r, 0);
        for (size_t i = 0; i < r->nnotes; i++)
                fprintf(out, "  note: %s\n",
                        fk_text_escape(e1, sizeof e1, r->notes[i]));
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
                surv ? " jobs |" : "", cluster_stat(r), pct,
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
                r->outcome), verdict_word(r->verdict.result),
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
        text_verdict(out, r, 1);
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

static void csv_num(FILE *out, double x)
{
        fputc(',', out);
        if (isfinite(x))
                fprintf(out, "%.17g", x);
        else if (isinf(x))
                fputs(x > 0 ? "Inf" : "-Inf", out);
}

/* A text cell from the data: quoted as CSV needs, and with a "'" in
 * front when a spreadsheet would run it as a formula (=, +, @, TAB, CR, or
 * - not starting a number). */
static void csv_text(FILE *out, const char *s)
{
        double x;
        char *end;
        int q;

        if (!*s || !strchr("=+-@\t\r", *s) ||
            (*s == '-' && (x = strtod(s, &end), end != s && !*end &&
                           !isnan(x)))) {
                fmt_csv_field(out, s);
                return;
        }
        q = strpbrk(s, ",\"\r\n") != NULL;
        fputs(q ? "\"'" : "'", out);
        for (; *s; s++) {
                if (*s == '"')
                        fputc('"', out);
                fputc(*s, out);
        }
        if (q)
                fputc('"', out);
}

static void csv_row(FILE *out, const struct fk_outcome_result *r,
                    const char *section, const char *arm, const char *name,
                    double est, const double *ci, double stat, double df,
                    double p, const char *method, const char *note)
{
        csv_text(out, r->outcome);
        fprintf(out, ",%s,%s,%s,", fk_type_name(r->type), section, arm);
        csv_text(out, name);
        csv_num(out, est);
        csv_num(out, ci ? ci[0] : NAN);
        csv_num(out, ci ? ci[1] : NAN);
        csv_num(out, stat);
        csv_num(out, df);
        csv_num(out, p);
        fputc(',', out);
        fmt_csv_field(out, method ? method : "");
        fputc(',', out);
        csv_text(out, note ? note : "");
        fputc('\n', out);
}

/* The verdict rows: the margin (with the measure), the verdict on its
 * basis (the method column names the basis) and, when that is
 * cluster-level, the individual-level verdict as a secondary row. */
static void csv_verdict(FILE *out, const struct fk_outcome_result *r)
{
        const struct fk_verdict *v = &r->verdict;
        char note[FK_NOTE_MAX] = "", p[NB];

        csv_row(out, r, "verdict", "", "margin", v->margin, NULL, NAN, NAN,
                NAN, v->measure, NULL);
        if (v->few_clusters && v->basis != FK_BASIS_INDIVIDUAL)
                snprintf(note, sizeof note, "fewer than 5 clusters on a side: "
                         "the interval is unreliable; randomization p = %s",
                         fmt_shortest(p, sizeof p, v->ri_p));
        csv_row(out, r, "verdict", "", fk_verdict_name(v->result), v->estimate,
                v->ci, NAN, v->df, v->p_value, fk_basis_name(v->basis), note);
        if (v->basis != FK_BASIS_INDIVIDUAL) {
                struct fk_verdict iv = individual_verdict(r);

                csv_row(out, r, "verdict_individual", "",
                        fk_verdict_name(iv.result), iv.estimate, iv.ci, NAN,
                        NAN, iv.p_value, "individual",
                        "secondary: ignores clustering");
        }
}

static void csv_outcome(FILE *out, const struct fk_outcome_result *r)
{
        for (int arm = 0; arm < 2; arm++) {
                const struct fk_group *g = &r->groups[arm];
                const char *an = arm == FK_TRIAL ? "trial" : "control";

                csv_row(out, r, "group", an, "n", g->n, NULL, NAN, NAN, NAN,
                        NULL, NULL);
                csv_row(out, r, "group", an, "excluded", r->excluded[arm], NULL,
                        NAN, NAN, NAN, NULL, NULL);
                if (r->type == FK_TYPE_SURVIVAL) {
                        csv_row(out, r, "group", an, "events", g->events, NULL,
                                NAN, NAN, NAN, NULL, NULL);
                        csv_row(out, r, "group", an, "censored", g->censored,
                                NULL, NAN, NAN, NAN, NULL, NULL);
                        csv_row(out, r, "group", an, "median", g->median_time,
                                g->median_ci, NAN, NAN, NAN, g->method, NULL);
                        for (size_t i = 0; i < g->nat; i++) {
                                char nm[48];

                                snprintf(nm, sizeof nm, "cumulative_incidence_%g",
                                         g->at[i]);
                                csv_row(out, r, "group", an, nm, g->cum[i],
                                        g->cum_ci[i], NAN, NAN, NAN, g->method,
                                        NULL);
                        }
                        for (size_t i = 0; i < g->ntable; i++) {
                                const struct fk_km_row *k = &g->table[i];
                                double ci[2] = { k->lo, k->hi };
                                char nm[48], cnt[96];

                                snprintf(nm, sizeof nm, "surv_at_%.17g", k->time);
                                snprintf(cnt, sizeof cnt, "n_risk=%.0f; n_event="
                                         "%.0f; n_censor=%.0f", k->n_risk,
                                         k->n_event, k->n_censor);
                                csv_row(out, r, "km_table", an, nm, k->surv, ci,
                                        NAN, NAN, NAN, g->method, cnt);
                        }
                        continue;
                }
                if (r->type == FK_TYPE_BINARY) {
                        csv_row(out, r, "group", an, "successes", g->successes,
                                NULL, NAN, NAN, NAN, NULL, NULL);
                        csv_row(out, r, "group", an, "proportion", g->estimate,
                                g->ci, NAN, NAN, NAN, g->method, NULL);
                        continue;
                }
                csv_row(out, r, "group", an, "mean", g->mean, g->ci, NAN, NAN,
                        NAN, "t", NULL);
                csv_row(out, r, "group", an, "sd", g->sd, NULL, NAN, NAN, NAN,
                        NULL, NULL);
                csv_row(out, r, "group", an, "q1", g->q1, NULL, NAN, NAN, NAN,
                        "type7", NULL);
                csv_row(out, r, "group", an, "median", g->median, NULL, NAN,
                        NAN, NAN, "type7", NULL);
                csv_row(out, r, "group", an, "q3", g->q3, NULL, NAN, NAN, NAN,
                        "type7", NULL);
                if (r->type == FK_TYPE_COUNT)
                        csv_row(out, r, "group", an, "exposure", g->exposure,
                                NULL, NAN, NAN, NAN, NULL, NULL);
                if (r->type == FK_TYPE_ORDINAL) {
                        for (size_t j = 0; j < g->nlevels; j++) {
                                char nm[48];

                                snprintf(nm, sizeof nm, "level_%.0f", g->level[j]);
                                csv_row(out, r, "group", an, nm,
                                        g->level_count[j], NULL, NAN, NAN, NAN,
                                        NULL, NULL);
                        }
                        csv_row(out, r, "group", an, "top_box", g->top_box,
                                NULL, NAN, NAN, NAN, NULL, NULL);
                }
        }
        for (size_t i = 0; i < r->neffects; i++) {
                const struct fk_effect *e = &r->effects[i];

                csv_row(out, r, "effect", "", e->measure, e->estimate, e->ci,
                        NAN, NAN, NAN, e->method, e->note);
        }
        for (size_t i = 0; i < r->ntests; i++) {
                const struct fk_test *t = &r->tests[i];

                csv_row(out, r, "test", "", t->test, t->estimate,
                        t->has_estimate ? t->ci : NULL, t->statistic, t->df,
                        t->p_value, NULL, t->note);
        }
        if (r->has_cluster && r->type == FK_TYPE_SURVIVAL) {
                const struct fk_coxcluster_result *x = &r->cox_cl;

                csv_row(out, r, "cluster", "", "hazard_ratio", x->hr, x->ci,
                        x->z, NAN, x->p_value, "lin_wei", r->cluster);
                csv_row(out, r, "cluster", "", "randomization", NAN, NULL,
                        NAN, NAN, r->cl.ri_p, r->cl.ri_exact ? "exact" :
                        "monte_carlo", r->cluster);
        } else if (r->has_cluster) {
                const struct fk_cluster_result *k = &r->cl;

                csv_row(out, r, "cluster", "", "icc", k->icc, NULL, NAN, NAN,
                        NAN, "anova", r->cluster);
                csv_row(out, r, "cluster", "", "design_effect",
                        k->design_effect, NULL, NAN, NAN, NAN, NULL, r->cluster);
                csv_row(out, r, "cluster", "", "cr2", k->estimate, k->ci,
                        NAN, k->df, k->p_value, "satterthwaite", r->cluster);
                csv_row(out, r, "cluster", "", "wild_bootstrap", NAN, NULL,
                        NAN, NAN, k->wild_p, k->wild_weights, r->cluster);
                csv_row(out, r, "cluster", "", "randomization", NAN, NULL,
                        NAN, NAN, k->ri_p, k->ri_exact ? "exact" :
                        "monte_carlo", r->cluster);
        }
        for (size_t i = 0; r->has_cluster && i < r->nclusters; i++) {
                const struct fk_cluster_row *k = &r->clusters[i];
                const char *an = k->arm == FK_TRIAL ? "trial" : "control";

                csv_row(out, r, "by_cluster_n", an, k->name, k->n, NULL, NAN,
                        NAN, NAN, NULL, NULL);
                if (r->type == FK_TYPE_SURVIVAL)
                        csv_row(out, r, "by_cluster_events", an, k->name,
                                k->events, NULL, NAN, NAN, NAN, NULL, NULL);
                csv_row(out, r, "by_cluster", an, k->name, k->estimate, k->ci,
                        NAN, NAN, NAN, k->method, NULL);
        }
        if (r->has_strata) {
                csv_row(out, r, "stratified", "", "mh_odds_ratio", r->mh_or,
                        r->mh_or_ci, NAN, NAN, NAN, "robins_breslow_greenland",
                        r->strata);
                csv_row(out, r, "stratified", "", "mh_risk_difference", r->mh_rd,
                        r->mh_rd_ci, NAN, NAN, NAN, "greenland_robins",
                        r->strata);
                csv_row(out, r, "stratified", "", "cmh", NAN, NULL, r->cmh, 1,
                        r->cmh_p, NULL, r->strata);
                csv_row(out, r, "stratified", "", "breslow_day", NAN, NULL,
                        r->bd, r->bd_df, r->bd_p, NULL, r->strata);
        }
        csv_verdict(out, r);
}

int fk_render_compare(FILE *out, enum fk_format fmt,
                      const struct fk_run_info *info,
                      const struct fk_outcome_result *res, size_t nres)
{
        int rc = FK_OK;

        switch (fmt) {
        case FK_FMT_JSON: {
                json_t *doc = fk_json_compare(info, res, nres);

                rc = fk_json_write(out, doc);
                json_decref(doc);
                break;
        }
        case FK_FMT_CSV:
                fputs("outcome,type,section,arm,name,estimate,ci_low,ci_high,"
                      "statistic,df,p_value,method,note\n", out);
                for (size_t i = 0; i < nres; i++)
                        csv_outcome(out, &res[i]);
                break;
        case FK_FMT_MARKDOWN:
                for (size_t i = 0; i < nres; i++)
                        md_outcome(out, info, &res[i]);
                break;
        case FK_FMT_TEXT:
                for (size_t i = 0; i < nres; i++) {
                        if (i)
                                fputc('\n', out);
                        text_outcome(out, info, &res[i]);
                }
                break;
        }
        return rc == FK_OK && ferror(out) ? FK_EIO : rc;
}
