/* The CSV of every command with --format csv, in the dialect of the run
 * (fkstat/render.h: ',' and a decimal point, or excel-da's ';', decimal
 * comma and byte order mark): numbers in the one round-trip form of
 * fk_render_number, an empty cell for what cannot be computed, text
 * cells quoted as RFC 4180 says and neutralised against spreadsheet
 * formulas.  Every row is as wide as its header.  validate has no CSV. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/format.h"
#include "render/render_int.h"

#define NB 64

static const struct fk_csv_dialect default_dialect = FK_CSV_DIALECT_INIT;

/* ---- dialects and cells ------------------------------------------------- */

int fk_csv_dialect_parse(const char *name, struct fk_csv_dialect *d)
{
        if (!strcmp(name, "default"))
                *d = default_dialect;
        else if (!strcmp(name, "excel-da"))
                *d = (struct fk_csv_dialect){ ';', ',', 1 };
        else
                return FK_EUSAGE;
        return FK_OK;
}

void fk_csv_begin(FILE *out, const struct fk_csv_dialect *d)
{
        if (d && d->bom)
                fputs("\xEF\xBB\xBF", out);
}

/* Is s a plain decimal number ("-1", "-0.5", "-0,5", "-2e-3"), which a
 * spreadsheet reads as a number and not as a formula?  dec is the
 * dialect's decimal mark; a point is taken too. */
static int plain_number(const char *s, char dec)
{
        size_t i = 0, digits = 0;

        if (s[i] == '-')
                i++;
        for (; s[i] >= '0' && s[i] <= '9'; i++)
                digits++;
        if (s[i] == '.' || s[i] == dec)
                for (i++; s[i] >= '0' && s[i] <= '9'; i++)
                        digits++;
        if (digits && (s[i] == 'e' || s[i] == 'E')) {
                size_t e = 0;

                i++;
                if (s[i] == '+' || s[i] == '-')
                        i++;
                for (; s[i] >= '0' && s[i] <= '9'; i++)
                        e++;
                if (!e)
                        return 0;
        }
        return digits && !s[i];
}

/* s as a cell: guard is the "'" that keeps a spreadsheet from running
 * it as a formula. */
static void cell(FILE *out, const char *s, int guard,
                 const struct fk_csv_dialect *d)
{
        int quote = strchr(s, d->sep) || strpbrk(s, "\"\r\n");

        if (quote)
                fputc('"', out);
        if (guard)
                fputc('\'', out);
        for (; *s; s++) {
                if (*s == '"')
                        fputc('"', out);
                fputc(*s, out);
        }
        if (quote)
                fputc('"', out);
}

void fk_csv_text(FILE *out, const char *s, const struct fk_csv_dialect *d)
{
        if (!d)
                d = &default_dialect;
        if (!s)
                s = "";
        cell(out, s, *s && strchr("=+-@\t\r", *s) &&
             !(*s == '-' && plain_number(s, d->decimal)), d);
}

void fk_csv_num(FILE *out, double x, const struct fk_csv_dialect *d)
{
        char b[40];

        if (!d)
                d = &default_dialect;
        cell(out, fk_render_number(b, sizeof b, x, d->decimal), 0, d);
}

/* The header: cols separated by ',' as written here, by d->sep as
 * written out. */
static void csv_header(FILE *out, const struct fk_csv_dialect *d,
                       const char *cols)
{
        for (; *cols; cols++)
                fputc(*cols == ',' ? d->sep : *cols, out);
        fputc('\n', out);
}

/* ---- compare and survival ---------------------------------------------- */

/* Where compare's rows go: the stream, the dialect and the outcome. */
struct rows {
        FILE *out;
        const struct fk_csv_dialect *dl;
        const struct fk_outcome_result *r;
};

/* One row under compare's header: the outcome, its type, the section,
 * arm and name of the row, six numbers, the method and a note. */
static void row(const struct rows *w, const char *section, const char *arm,
                const char *name, double est, const double *ci, double stat,
                double df, double p, const char *method, const char *note)
{
        const char *text[4] = { w->r->outcome, fk_type_name(w->r->type),
                                section, arm };
        const double x[6] = { est, ci ? ci[0] : NAN, ci ? ci[1] : NAN, stat,
                              df, p };

        for (int i = 0; i < 4; i++) {
                fk_csv_text(w->out, text[i], w->dl);
                fputc(w->dl->sep, w->out);
        }
        fk_csv_text(w->out, name, w->dl);
        for (int i = 0; i < 6; i++) {
                fputc(w->dl->sep, w->out);
                fk_csv_num(w->out, x[i], w->dl);
        }
        fputc(w->dl->sep, w->out);
        fk_csv_text(w->out, method ? method : "", w->dl);
        fputc(w->dl->sep, w->out);
        fk_csv_text(w->out, note ? note : "", w->dl);
        fputc('\n', w->out);
}

/* A row of one number, with its method and note. */
static void value(const struct rows *w, const char *section, const char *arm,
                  const char *name, double x, const char *method,
                  const char *note)
{
        row(w, section, arm, name, x, NULL, NAN, NAN, NAN, method, note);
}

/* A row of an estimate with its interval. */
static void interval(const struct rows *w, const char *section,
                     const char *arm, const char *name, double est,
                     const double ci[2], const char *method, const char *note)
{
        row(w, section, arm, name, est, ci, NAN, NAN, NAN, method, note);
}

/* The verdict rows: the margin (with the measure), the verdict on its
 * basis (the method column names the basis) and, when that is
 * cluster-level, the individual-level verdict as a secondary row. */
static void verdict_rows(const struct rows *w)
{
        const struct fk_verdict *v = &w->r->verdict;
        char note[FK_NOTE_MAX] = "", p[NB];

        value(w, "verdict", "", "margin", v->margin, v->measure, NULL);
        if (v->few_clusters && v->basis != FK_BASIS_INDIVIDUAL)
                snprintf(note, sizeof note, "fewer than 5 clusters on a side: "
                         "the interval is unreliable; randomization p = %s",
                         fmt_shortest(p, sizeof p, v->ri_p));
        row(w, "verdict", "", fk_verdict_name(v->result), v->estimate, v->ci,
            NAN, v->df, v->p_value, fk_basis_name(v->basis), note);
        if (v->basis != FK_BASIS_INDIVIDUAL) {
                struct fk_verdict iv = render_individual_verdict(w->r);

                row(w, "verdict_individual", "", fk_verdict_name(iv.result),
                    iv.estimate, iv.ci, NAN, NAN, iv.p_value, "individual",
                    "secondary: ignores clustering");
        }
}

/* A survival arm: people, events, censored, the median, the cumulative
 * job entry at each time and, with --table, the Kaplan–Meier table. */
static void survival_rows(const struct rows *w, const struct fk_group *g,
                          const char *an)
{
        value(w, "group", an, "events", g->events, NULL, NULL);
        value(w, "group", an, "censored", g->censored, NULL, NULL);
        interval(w, "group", an, "median", g->median_time, g->median_ci,
                 g->method, NULL);
        for (size_t i = 0; i < g->nat; i++) {
                char nm[48];

                snprintf(nm, sizeof nm, "cumulative_incidence_%g", g->at[i]);
                interval(w, "group", an, nm, g->cum[i], g->cum_ci[i],
                         g->method, NULL);
        }
        for (size_t i = 0; i < g->ntable; i++) {
                const struct fk_km_row *k = &g->table[i];
                double ci[2] = { k->lo, k->hi };
                char nm[48], t[40], cnt[96];

                fk_render_number(t, sizeof t, k->time, '.');
                snprintf(nm, sizeof nm, "surv_at_%s", t);
                snprintf(cnt, sizeof cnt, "n_risk=%.0f; n_event=%.0f; "
                         "n_censor=%.0f", k->n_risk, k->n_event, k->n_censor);
                interval(w, "km_table", an, nm, k->surv, ci, g->method, cnt);
        }
}

/* A count, ordinal or continuous arm: mean, sd, quartiles, and the
 * exposure or the level counts and top box. */
static void numeric_rows(const struct rows *w, const struct fk_group *g,
                         const char *an)
{
        interval(w, "group", an, "mean", g->mean, g->ci, "t", NULL);
        value(w, "group", an, "sd", g->sd, NULL, NULL);
        value(w, "group", an, "q1", g->q1, "type7", NULL);
        value(w, "group", an, "median", g->median, "type7", NULL);
        value(w, "group", an, "q3", g->q3, "type7", NULL);
        if (w->r->type == FK_TYPE_COUNT)
                value(w, "group", an, "exposure", g->exposure, NULL, NULL);
        if (w->r->type != FK_TYPE_ORDINAL)
                return;
        for (size_t j = 0; j < g->nlevels; j++) {
                char nm[48];

                snprintf(nm, sizeof nm, "level_%.0f", g->level[j]);
                value(w, "group", an, nm, g->level_count[j], NULL, NULL);
        }
        value(w, "group", an, "top_box", g->top_box, NULL, NULL);
}

/* The cluster-level analysis and the municipalities. */
static void cluster_rows(const struct rows *w)
{
        const struct fk_outcome_result *r = w->r;
        const struct fk_cluster_result *k = &r->cl;
        const char *ri = k->ri_exact ? "exact" : "monte_carlo";

        if (r->type == FK_TYPE_SURVIVAL) {
                const struct fk_coxcluster_result *x = &r->cox_cl;

                row(w, "cluster", "", "hazard_ratio", x->hr, x->ci, x->z, NAN,
                    x->p_value, "lin_wei", r->cluster);
                row(w, "cluster", "", "randomization", NAN, NULL, NAN, NAN,
                    k->ri_p, ri, r->cluster);
        } else {
                value(w, "cluster", "", "icc", k->icc, "anova", r->cluster);
                value(w, "cluster", "", "design_effect", k->design_effect,
                      NULL, r->cluster);
                row(w, "cluster", "", "cr2", k->estimate, k->ci, NAN, k->df,
                    k->p_value, "satterthwaite", r->cluster);
                row(w, "cluster", "", "wild_bootstrap", NAN, NULL, NAN, NAN,
                    k->wild_p, k->wild_weights, r->cluster);
                row(w, "cluster", "", "randomization", NAN, NULL, NAN, NAN,
                    k->ri_p, ri, r->cluster);
        }
        for (size_t i = 0; i < r->nclusters; i++) {
                const struct fk_cluster_row *c = &r->clusters[i];
                const char *an = c->arm == FK_TRIAL ? "trial" : "control";

                value(w, "by_cluster_n", an, c->name, c->n, NULL, NULL);
                if (r->type == FK_TYPE_SURVIVAL)
                        value(w, "by_cluster_events", an, c->name, c->events,
                              NULL, NULL);
                interval(w, "by_cluster", an, c->name, c->estimate, c->ci,
                         c->method, NULL);
        }
}

static void outcome_rows(const struct rows *w)
{
        const struct fk_outcome_result *r = w->r;

        for (int arm = 0; arm < 2; arm++) {
                const struct fk_group *g = &r->groups[arm];
                const char *an = arm == FK_TRIAL ? "trial" : "control";

                value(w, "group", an, "n", g->n, NULL, NULL);
                value(w, "group", an, "excluded", r->excluded[arm], NULL,
                      NULL);
                if (r->type == FK_TYPE_SURVIVAL) {
                        survival_rows(w, g, an);
                } else if (r->type == FK_TYPE_BINARY) {
                        value(w, "group", an, "successes", g->successes, NULL,
                              NULL);
                        interval(w, "group", an, "proportion", g->estimate,
                                 g->ci, g->method, NULL);
                } else {
                        numeric_rows(w, g, an);
                }
        }
        for (size_t i = 0; i < r->neffects; i++) {
                const struct fk_effect *e = &r->effects[i];

                interval(w, "effect", "", e->measure, e->estimate, e->ci,
                         e->method, e->note);
        }
        for (size_t i = 0; i < r->ntests; i++) {
                const struct fk_test *t = &r->tests[i];

                row(w, "test", "", t->test, t->estimate,
                    t->has_estimate ? t->ci : NULL, t->statistic, t->df,
                    t->p_value, NULL, t->note);
        }
        if (r->has_cluster)
                cluster_rows(w);
        if (r->has_strata) {
                interval(w, "stratified", "", "mh_odds_ratio", r->mh_or,
                         r->mh_or_ci, "robins_breslow_greenland", r->strata);
                interval(w, "stratified", "", "mh_risk_difference", r->mh_rd,
                         r->mh_rd_ci, "greenland_robins", r->strata);
                row(w, "stratified", "", "cmh", NAN, NULL, r->cmh, 1,
                    r->cmh_p, NULL, r->strata);
                row(w, "stratified", "", "breslow_day", NAN, NULL, r->bd,
                    r->bd_df, r->bd_p, NULL, r->strata);
        }
        verdict_rows(w);
}

int render_csv_compare(FILE *out, const struct render_job *j)
{
        csv_header(out, j->csv, "outcome,type,section,arm,name,estimate,"
                   "ci_low,ci_high,statistic,df,p_value,method,note");
        for (size_t i = 0; i < j->nres; i++) {
                struct rows w = { out, j->csv, &j->res[i] };

                outcome_rows(&w);
        }
        return FK_OK;
}

/* ---- did ----------------------------------------------------------------- */

/* Text cells, then number cells, then text cells, as one row. */
static void csv_line(FILE *out, const struct fk_csv_dialect *dl,
                     const char *const *pre, size_t npre, const double *x,
                     size_t nx, const char *const *post, size_t npost)
{
        int first = 1;

        for (size_t i = 0; i < npre; i++, first = 0) {
                if (!first)
                        fputc(dl->sep, out);
                fk_csv_text(out, pre[i], dl);
        }
        for (size_t i = 0; i < nx; i++, first = 0) {
                if (!first)
                        fputc(dl->sep, out);
                fk_csv_num(out, x[i], dl);
        }
        for (size_t i = 0; i < npost; i++, first = 0) {
                if (!first)
                        fputc(dl->sep, out);
                fk_csv_text(out, post[i], dl);
        }
        fputc('\n', out);
}

/* One row of did's CSV: a label, six numbers (empty: cannot be
 * computed), the basis and result (empty but on the verdict row). */
static void did_row(FILE *out, const struct fk_csv_dialect *dl,
                    const char *what, double est, double se, double df,
                    const double ci[2], double p, const char *basis,
                    const char *result)
{
        const double x[6] = { est, se, df, ci[0], ci[1], p };
        const char *post[2] = { basis, result };

        csv_line(out, dl, &what, 1, x, 6, post, 2);
}

int render_csv_did(FILE *out, const struct render_job *j)
{
        static const double none[2] = { NAN, NAN };
        const struct fk_csv_dialect *dl = j->csv;
        const struct fk_did_result *r = j->did_r;
        const struct fk_verdict *v = &j->did->verdict;
        char what[96];

        csv_header(out, dl, "row,estimate,se,df,ci_low,ci_high,p_value,basis,"
                   "result");
        did_row(out, dl, "cr1", r->estimate, r->cr1.se, r->cr1.df, r->cr1.ci,
                r->cr1.p_value, "", "");
        did_row(out, dl, "cr2", r->estimate, r->cr2.se, r->cr2.df, r->cr2.ci,
                r->cr2.p_value, "", "");
        did_row(out, dl, "wild_bootstrap", r->estimate, NAN, NAN, none,
                r->wild_p, "", "");
        did_row(out, dl, "randomization", r->estimate, NAN, NAN, none, r->ri_p,
                "", "");
        did_row(out, dl, "margin", v->margin, NAN, NAN, none, NAN, "", "");
        did_row(out, dl, "verdict", v->estimate, NAN, v->df, v->ci,
                v->p_value, fk_basis_name(v->basis),
                v->result == FK_V_NONE ? "" : fk_verdict_name(v->result));
        for (size_t i = 0; i < r->nevent; i++) {
                const struct fk_did_event *e = &r->event[i];

                snprintf(what, sizeof what, "event %s",
                         j->panel->period_names[e->period]);
                did_row(out, dl, what, e->estimate, e->se, e->df, e->ci,
                        e->p_value, "", "");
        }
        return FK_OK;
}

/* One row of the staggered CSV: the row's kind, cohort, control, period
 * and event time (empty when they do not apply), seven numbers, basis
 * and result. */
static void stagger_row(FILE *out, const struct fk_csv_dialect *dl,
                        const char *row, const char *cohort,
                        const char *control, const char *period,
                        const char *e, const double x[7], const char *basis,
                        const char *result)
{
        const char *pre[5] = { row, cohort, control, period, e };
        const char *post[2] = { basis, result };

        csv_line(out, dl, pre, 5, x, 7, post, 2);
}

int render_csv_stagger(FILE *out, const struct render_job *j)
{
        const struct fk_csv_dialect *dl = j->csv;
        const struct fk_stagger_result *s = j->stagger;
        const struct fk_verdict *v = &j->did->verdict;
        const struct fk_stagger_agg *a = &s->simple;
        char e[32];

        csv_header(out, dl, "row,cohort,control,period,event_time,estimate,"
                   "se,df,ci_low,ci_high,p_value,weight,basis,result");
        stagger_row(out, dl, "simple", "", "", "", "", (const double[7]){
                a->estimate, a->se, s->df, a->ci[0], a->ci[1], a->p_value,
                NAN }, "", "");
        stagger_row(out, dl, "randomization", "", "", "", "",
                    (const double[7]){ a->estimate, NAN, NAN, NAN, NAN,
                    s->ri_p, NAN }, "", "");
        stagger_row(out, dl, "twfe", "", "", "", "", (const double[7]){
                s->twfe, NAN, NAN, NAN, NAN, NAN, NAN }, "", "");
        stagger_row(out, dl, "margin", "", "", "", "", (const double[7]){
                v->margin, NAN, NAN, NAN, NAN, NAN, NAN }, "", "");
        stagger_row(out, dl, "verdict", "", "", "", "", (const double[7]){
                v->estimate, NAN, v->df, v->ci[0], v->ci[1], v->p_value,
                NAN }, fk_basis_name(v->basis), v->result == FK_V_NONE ? "" :
                fk_verdict_name(v->result));
        for (size_t k = 0; k < s->ndynamic; k++) {
                const struct fk_stagger_agg *x = &s->dynamic[k];

                snprintf(e, sizeof e, "%ld", x->key);
                stagger_row(out, dl, "dynamic", "", "", "", e,
                            (const double[7]){ x->estimate, x->se, s->df,
                            x->ci[0], x->ci[1], x->p_value, NAN }, "", "");
        }
        for (size_t k = 0; k < s->ngroup; k++) {
                const struct fk_stagger_agg *x = &s->group[k];

                stagger_row(out, dl, "group",
                            render_cohort_label(s, (size_t)x->key), "", "",
                            "", (const double[7]){ x->estimate, x->se, s->df,
                            x->ci[0], x->ci[1], x->p_value, NAN }, "", "");
        }
        for (size_t k = 0; k < s->nbacon; k++) {
                const struct fk_bacon_term *b = &s->bacon[k];

                stagger_row(out, dl, fk_bacon_type_name(b->type),
                            b->label_treated, b->label_control, "", "",
                            (const double[7]){ b->estimate, NAN, NAN, NAN,
                            NAN, NAN, b->weight }, "", "");
        }
        for (size_t k = 0; k < s->ngt; k++) {
                const struct fk_stagger_gt *g = &s->gt[k];

                stagger_row(out, dl, "att_gt", render_cohort_label(s,
                            g->cohort), "", j->panel->period_names[g->period],
                            "", (const double[7]){ g->estimate, g->se, s->df,
                            g->ci[0], g->ci[1], NAN, NAN }, "", "");
        }
        return FK_OK;
}

/* ---- describe ------------------------------------------------------------ */

int render_csv_describe(FILE *out, const struct render_job *j)
{
        char label[512];

        csv_header(out, j->csv, "group,column,n,missing,mean,sd,min,q1,"
                   "median,q3,max");
        for (size_t gi = 0; gi < j->ngroups; gi++) {
                const struct fk_describe_group *g = &j->groups[gi];

                render_by_label(g, label, sizeof label);
                for (size_t c = 0; c < g->ncols; c++) {
                        const struct fk_summary *s = &g->cols[c];
                        const char *pre[2] = { label, g->col_names[c] };
                        const double x[9] = { s->n, s->missing, s->mean,
                                              s->sd, s->min, s->q1,
                                              s->median, s->q3, s->max };

                        csv_line(out, j->csv, pre, 2, x, 9, NULL, 0);
                }
        }
        return FK_OK;
}

/* ---- power --------------------------------------------------------------- */

int render_csv_power(FILE *out, const struct render_job *j)
{
        const struct fk_power_result *r = j->power;
        const double x[5] = { r->n_per_arm, r->power, r->design_effect,
                              r->clusters_per_arm, r->mde };

        csv_header(out, j->csv, "n_per_arm,power,design_effect,"
                   "clusters_per_arm,mde");
        csv_line(out, j->csv, NULL, 0, x, 5, NULL, 0);
        return FK_OK;
}

/* ---- adjust -------------------------------------------------------------- */

/* A cell of the input table: a number in the input's decimal mark dec
 * takes the dialect's (its digits as written: "0101" stays), anything
 * else is text; a missing cell is empty. */
static void input_cell(FILE *out, const char *s, char dec,
                       const struct fk_csv_dialect *dl)
{
        char buf[64], *mark;
        double x;

        if (!s)
                return;
        if (strlen(s) < sizeof buf && fk_parse_double(s, dec, &x) == FK_OK) {
                snprintf(buf, sizeof buf, "%s", s);
                if ((mark = strchr(buf, dec)) != NULL)
                        *mark = dl->decimal;
                s = buf;
        }
        fk_csv_text(out, s, dl);
}

int render_csv_adjust(FILE *out, const struct render_job *j)
{
        const struct fk_table *t = j->table;
        const struct fk_csv_dialect *dl = j->csv;
        char dec = fk_table_decimal(t), name[80];

        for (size_t c = 0; c < fk_table_ncols(t); c++) {
                fk_csv_text(out, fk_table_colname(t, c), dl);
                fputc(dl->sep, out);
        }
        snprintf(name, sizeof name, "p_%s", j->method);
        fk_csv_text(out, name, dl);
        fputc('\n', out);
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                for (size_t c = 0; c < fk_table_ncols(t); c++) {
                        input_cell(out, fk_table_cell(t, r, c), dec, dl);
                        fputc(dl->sep, out);
                }
                fk_csv_num(out, j->adj[r], dl);
                fputc('\n', out);
        }
        return FK_OK;
}
