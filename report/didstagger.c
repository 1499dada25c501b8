/* Renderers of fkstat did with staggered starts: JSON, text, Markdown and
 * CSV of the Callaway–Sant'Anna estimates, the fixed-effects coefficient
 * with its Goodman-Bacon decomposition and the randomization p-value. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fkstat/render.h"
#include "report/format.h"

/* Later-vs-earlier comparisons above this share of the weight are
 * warned of. */
#define LATER_WARN 0.10

static json_t *str_or_null(const char *s)
{
        return s ? json_string(s) : json_null();
}

static const char *cohort_label(const struct fk_stagger_result *s, size_t k)
{
        return s->cohort[k].label ? s->cohort[k].label : "";
}

static json_t *agg_json(const struct fk_stagger_agg *a)
{
        return json_pack("{sosososo}", "estimate", fk_json_num(a->estimate),
                         "se", fk_json_num(a->se), "ci", fk_json_ci(a->ci),
                         "p_value", fk_json_num(a->p_value));
}

static json_t *bacon_json(const struct fk_stagger_result *s)
{
        json_t *a;

        if (!s->nbacon)
                return json_null();
        a = json_array();
        for (size_t k = 0; k < s->nbacon; k++) {
                const struct fk_bacon_term *b = &s->bacon[k];

                json_array_append_new(a, json_pack("{sssssssoso}",
                        "type", fk_bacon_type_name(b->type),
                        "treated", b->label_treated,
                        "control", b->label_control,
                        "estimate", fk_json_num(b->estimate),
                        "weight", fk_json_num(b->weight)));
        }
        return a;
}

json_t *fk_json_did_staggered_entry(const struct fk_did_info *d,
                                    const struct fk_panel *p,
                                    const struct fk_stagger_result *s)
{
        json_t *o = json_object(), *a, *agg = json_object(), *simple;

        json_object_set_new(o, "name", json_string(d->name));
        json_object_set_new(o, "outcome", json_string(d->outcome));
        json_object_set_new(o, "unit", json_string(d->unit));
        json_object_set_new(o, "period", json_string(d->period));
        json_object_set_new(o, "treated", str_or_null(d->treated));
        json_object_set_new(o, "treated_units", str_or_null(d->treated_units));
        json_object_set_new(o, "weight", json_null());
        json_object_set_new(o, "start", str_or_null(d->start));
        json_object_set_new(o, "starts", str_or_null(d->starts));
        json_object_set_new(o, "staggered", json_true());
        json_object_set_new(o, "control_group", json_string(
                            fk_control_group_name(d->control_group)));
        json_object_set_new(o, "base_period", json_string(
                            fk_base_period_name(d->base_period)));
        json_object_set_new(o, "better", json_string(fk_better_name(d->better)));
        json_object_set_new(o, "conf_level", json_real(d->conf_level));
        json_object_set_new(o, "units", json_pack("{sIsIsIsI}",
                            "treated", (json_int_t)s->units_treated,
                            "control", (json_int_t)s->units_control,
                            "used", (json_int_t)s->used,
                            "panel", (json_int_t)s->units));
        json_object_set_new(o, "periods", json_integer((json_int_t)p->T));
        json_object_set_new(o, "periods_used",
                            json_integer((json_int_t)s->periods_used));
        json_object_set_new(o, "cells", json_integer((json_int_t)p->n));
        json_object_set_new(o, "excluded", json_integer((json_int_t)p->excluded));
        a = json_array();
        for (size_t k = 0; k < s->ncohort; k++)
                json_array_append_new(a, json_pack("{sssI}",
                        "start", cohort_label(s, k),
                        "units", (json_int_t)s->cohort[k].units));
        json_object_set_new(o, "cohorts", a);
        a = json_array();
        for (size_t k = 0; k < s->ngt; k++) {
                const struct fk_stagger_gt *g = &s->gt[k];

                json_array_append_new(a, json_pack("{sssssssososo}",
                        "cohort", cohort_label(s, g->cohort),
                        "period", p->period_names[g->period],
                        "base", p->period_names[g->base],
                        "estimate", fk_json_num(g->estimate),
                        "se", fk_json_num(g->se), "ci", fk_json_ci(g->ci)));
        }
        json_object_set_new(o, "group_time", a);
        simple = agg_json(&s->simple);
        json_object_set_new(simple, "df", fk_json_num(s->df));
        json_object_set_new(agg, "simple", simple);
        a = json_array();
        for (size_t k = 0; k < s->ndynamic; k++) {
                const struct fk_stagger_agg *e = &s->dynamic[k];

                json_array_append_new(a, json_pack("{sIsososo}",
                        "event_time", (json_int_t)e->key,
                        "estimate", fk_json_num(e->estimate),
                        "se", fk_json_num(e->se), "ci", fk_json_ci(e->ci)));
        }
        json_object_set_new(agg, "dynamic", a);
        a = json_array();
        for (size_t k = 0; k < s->ngroup; k++) {
                const struct fk_stagger_agg *g = &s->group[k];

                json_array_append_new(a, json_pack("{sssososo}",
                        "cohort", cohort_label(s, (size_t)g->key),
                        "estimate", fk_json_num(g->estimate),
                        "se", fk_json_num(g->se), "ci", fk_json_ci(g->ci)));
        }
        json_object_set_new(agg, "group", a);
        json_object_set_new(o, "aggregate", agg);
        json_object_set_new(o, "bacon", bacon_json(s));
        json_object_set_new(o, "twfe", json_pack("{so}", "estimate",
                                                 fk_json_num(s->twfe)));
        json_object_set_new(o, "randomization", json_pack("{sososb}",
                            "p_value", fk_json_num(s->ri_p),
                            "assignments", fk_json_count(s->ri_assignments),
                            "exact", s->ri_exact));
        json_object_set_new(o, "verdict", fk_json_verdict(&d->verdict, 0));
        if (s->nnotes) {
                a = json_array();
                for (size_t k = 0; k < s->nnotes; k++)
                        json_array_append_new(a, json_string(s->notes[k]));
                json_object_set_new(o, "notes", a);
        }
        return o;
}

/* One CSV row under the header of csv(): the row's kind, cohort, control,
 * period and event time (empty when they do not apply), then numbers
 * (empty: cannot be computed), basis and result. */
static void csv_row(FILE *out, const char *row, const char *cohort,
                    const char *control, const char *period, const char *e,
                    const double x[7], const char *basis, const char *result)
{
        char b[40];

        fmt_csv_field(out, row);
        fputc(',', out);
        fmt_csv_field(out, cohort);
        fputc(',', out);
        fmt_csv_field(out, control);
        fputc(',', out);
        fmt_csv_field(out, period);
        fprintf(out, ",%s", e);
        for (int i = 0; i < 7; i++)
                fprintf(out, ",%s", isnan(x[i]) ? "" :
                        fmt_shortest(b, sizeof b, x[i]));
        fprintf(out, ",%s,%s\n", basis, result);
}

static int csv(FILE *out, const struct fk_did_info *d, const struct fk_panel *p,
               const struct fk_stagger_result *s)
{
        const struct fk_verdict *v = &d->verdict;
        const struct fk_stagger_agg *a = &s->simple;
        char e[32];

        fputs("row,cohort,control,period,event_time,estimate,se,df,ci_low,"
              "ci_high,p_value,weight,basis,result\n", out);
        csv_row(out, "simple", "", "", "", "", (const double[7]){ a->estimate,
                a->se, s->df, a->ci[0], a->ci[1], a->p_value, NAN }, "", "");
        csv_row(out, "randomization", "", "", "", "", (const double[7]){
                a->estimate, NAN, NAN, NAN, NAN, s->ri_p, NAN }, "", "");
        csv_row(out, "twfe", "", "", "", "", (const double[7]){ s->twfe, NAN,
                NAN, NAN, NAN, NAN, NAN }, "", "");
        csv_row(out, "margin", "", "", "", "", (const double[7]){ v->margin,
                NAN, NAN, NAN, NAN, NAN, NAN }, "", "");
        csv_row(out, "verdict", "", "", "", "", (const double[7]){ v->estimate,
                NAN, v->df, v->ci[0], v->ci[1], v->p_value, NAN },
                fk_basis_name(v->basis), v->result == FK_V_NONE ? "" :
                fk_verdict_name(v->result));
        for (size_t k = 0; k < s->ndynamic; k++) {
                const struct fk_stagger_agg *x = &s->dynamic[k];

                snprintf(e, sizeof e, "%ld", x->key);
                csv_row(out, "dynamic", "", "", "", e, (const double[7]){
                        x->estimate, x->se, s->df, x->ci[0], x->ci[1],
                        x->p_value, NAN }, "", "");
        }
        for (size_t k = 0; k < s->ngroup; k++) {
                const struct fk_stagger_agg *x = &s->group[k];

                csv_row(out, "group", cohort_label(s, (size_t)x->key), "", "",
                        "", (const double[7]){ x->estimate, x->se, s->df,
                        x->ci[0], x->ci[1], x->p_value, NAN }, "", "");
        }
        for (size_t k = 0; k < s->nbacon; k++) {
                const struct fk_bacon_term *b = &s->bacon[k];

                csv_row(out, fk_bacon_type_name(b->type), b->label_treated,
                        b->label_control, "", "", (const double[7]){
                        b->estimate, NAN, NAN, NAN, NAN, NAN, b->weight },
                        "", "");
        }
        for (size_t k = 0; k < s->ngt; k++) {
                const struct fk_stagger_gt *g = &s->gt[k];

                csv_row(out, "att_gt", cohort_label(s, g->cohort), "",
                        p->period_names[g->period], "", (const double[7]){
                        g->estimate, g->se, s->df, g->ci[0], g->ci[1], NAN,
                        NAN }, "", "");
        }
        return ferror(out) ? FK_EIO : FK_OK;
}

static const char *esc(char *buf, const char *s, int md)
{
        return md ? fk_md_escape(buf, 512, s) : fk_text_escape(buf, 512, s);
}

/* A table of estimates with intervals: rows of label, estimate, CI. */
static void est_line(FILE *out, int md, const char *label, double est,
                     const double ci[2])
{
        char b[2][48];

        fmt_num(b[0], sizeof b[0], est, 4);
        fmt_ci(b[1], sizeof b[1], ci, 4);
        if (md)
                fprintf(out, "| %s | %s | %s |\n", label, b[0], b[1]);
        else
                fprintf(out, "  %-18s %10s  %s\n", label, b[0], b[1]);
}

static void heading(FILE *out, int md, const char *title, const char *cols)
{
        if (md)
                fprintf(out, "\n#### %s\n\n%s\n", title, cols);
        else
                fprintf(out, "%s\n", title);
}

static void summary(FILE *out, int md, const struct fk_did_info *d,
                    const struct fk_panel *p, const struct fk_stagger_result *s)
{
        const struct fk_stagger_agg *a = &s->simple;
        int pct = (int)lround(100 * d->conf_level);
        const char *ind = md ? "" : "  ";
        char b[4][48], e[512], sentence[1536];

        fprintf(out, "%s%zu units (%s) in the estimates: %zu treated, %zu "
                "compared against; %zu periods %s to %s; comparison group: "
                "%s; base period: %s; unweighted\n%s", ind, s->used,
                esc(e, d->unit, md), s->units_treated, s->units_control, p->T,
                p->period_names[0], p->period_names[p->T - 1],
                d->control_group == FK_CONTROL_NOTYET ?
                "never and not yet treated" : "never treated",
                fk_base_period_name(d->base_period), md ? "\n" : "");
        fprintf(out, "%scohorts (start: units):", ind);
        for (size_t k = 0; k < s->ncohort; k++)
                fprintf(out, "%s %s: %zu", k ? "," : "", cohort_label(s, k),
                        s->cohort[k].units);
        fprintf(out, "\n%s", md ? "\n" : "");
        fmt_num(b[0], sizeof b[0], a->estimate, 4);
        fmt_ci(b[1], sizeof b[1], a->ci, 4);
        fmt_p(b[2], sizeof b[2], a->p_value);
        fmt_p(b[3], sizeof b[3], s->ri_p);
        if (md) {
                fprintf(out, "| estimate | value | %d%% CI | p |\n"
                        "|---|---:|---|---:|\n"
                        "| simple aggregate ATT, t(%.0f) | %s | %s | %s |\n",
                        pct, s->df, b[0], b[1], b[2]);
                fprintf(out, "| randomization (%s %s) | | | %s |\n",
                        fmt_count(b[0], sizeof b[0], s->ri_assignments),
                        s->ri_exact ? "assignments, exact" : "draws", b[3]);
                fprintf(out, "| two-way fixed effects (for comparison) | %s | "
                        "| |\n", fmt_num(b[0], sizeof b[0], s->twfe, 4));
        } else {
                char lab[96];

                snprintf(lab, sizeof lab, "simple aggregate ATT, t(%.0f)",
                         s->df);
                fprintf(out, "  %-46s %10s  %d%% CI %-22s p %s\n", lab, b[0],
                        pct, b[1], b[2]);
                snprintf(lab, sizeof lab, "randomization (%s %s)",
                         fmt_count(b[0], sizeof b[0], s->ri_assignments),
                         s->ri_exact ? "assignments, exact" : "draws");
                fprintf(out, "  %-46s %10s  %*s p %s\n", lab, "",
                        snprintf(NULL, 0, "%d%% CI ", pct) + 22, "", b[3]);
                fprintf(out, "  %-46s %10s\n", "two-way fixed effects (for "
                        "comparison)", fmt_num(b[0], sizeof b[0], s->twfe, 4));
        }
        fk_render_verdict(sentence, sizeof sentence, &d->verdict, NULL,
                          d->better, d->conf_level);
        fprintf(out, md ? "\n**Verdict (%s):** %s.\n" : "  verdict (%s): %s\n",
                fk_render_basis_label(d->verdict.basis), sentence);
        if (s->bacon_later_weight > LATER_WARN)
                fprintf(out, "%s%swarning: later-vs-earlier comparisons carry "
                        "%.0f %% of the weight of the two-way fixed-effects "
                        "coefficient: it uses units already in the trial as "
                        "controls and can mislead; rely on the simple "
                        "aggregate\n", md ? "\n" : "", ind,
                        100 * s->bacon_later_weight);
        for (size_t k = 0; k < s->nnotes; k++)
                fprintf(out, "%s%snote: %s\n", md && k == 0 ? "\n" : "", ind,
                        s->notes[k]);
}

static void details(FILE *out, int md, const struct fk_panel *p,
                    const struct fk_stagger_result *s)
{
        char lab[96], b[3][48];

        heading(out, md, "event study (dynamic aggregate; event time = "
                "period - start, in periods)",
                "| event time | estimate | CI |\n|---:|---:|---|");
        for (size_t k = 0; k < s->ndynamic; k++) {
                snprintf(lab, sizeof lab, "%ld", s->dynamic[k].key);
                est_line(out, md, lab, s->dynamic[k].estimate,
                         s->dynamic[k].ci);
        }
        heading(out, md, "by cohort (group aggregate)",
                "| cohort | estimate | CI |\n|---|---:|---|");
        for (size_t k = 0; k < s->ngroup; k++)
                est_line(out, md, cohort_label(s, (size_t)s->group[k].key),
                         s->group[k].estimate, s->group[k].ci);
        if (s->nbacon) {
                heading(out, md, "Goodman-Bacon decomposition of the two-way "
                        "fixed-effects coefficient", "| comparison | treated "
                        "| control | estimate | weight |\n"
                        "|---|---|---|---:|---:|");
                for (size_t k = 0; k < s->nbacon; k++) {
                        const struct fk_bacon_term *t = &s->bacon[k];

                        fmt_num(b[0], sizeof b[0], t->estimate, 4);
                        fmt_num(b[1], sizeof b[1], t->weight, 4);
                        fprintf(out, md ? "| %s | %s | %s | %s | %s |\n" :
                                "  %-18s %-9s %-9s %10s %10s\n",
                                fk_bacon_type_name(t->type), t->label_treated,
                                t->label_control, b[0], b[1]);
                }
        }
        heading(out, md, "ATT(g,t)", "| cohort | period | base | estimate | "
                "CI |\n|---|---|---|---:|---|");
        for (size_t k = 0; k < s->ngt; k++) {
                const struct fk_stagger_gt *g = &s->gt[k];

                fmt_num(b[0], sizeof b[0], g->estimate, 4);
                fmt_ci(b[1], sizeof b[1], g->ci, 4);
                fprintf(out, md ? "| %s | %s | %s | %s | %s |\n" :
                        "  %-9s %-9s %-9s %10s  %s\n",
                        cohort_label(s, g->cohort), p->period_names[g->period],
                        p->period_names[g->base], b[0], b[1]);
        }
}

int fk_render_did_staggered(FILE *out, enum fk_format fmt,
                            const struct fk_run_info *info,
                            const struct fk_did_info *d,
                            const struct fk_panel *p,
                            const struct fk_stagger_result *s)
{
        int md = fmt == FK_FMT_MARKDOWN;
        char e[512];

        if (fmt == FK_FMT_JSON) {
                json_t *doc = fk_json_header(info);
                json_t *x = fk_json_did_staggered_entry(d, p, s);
                int rc;

                if (!doc || !x) {
                        json_decref(doc);
                        json_decref(x);
                        return FK_ENOMEM;
                }
                json_object_update(doc, x);
                json_decref(x);
                rc = fk_json_write(out, doc);
                json_decref(doc);
                return rc;
        }
        if (fmt == FK_FMT_CSV)
                return csv(out, d, p, s);
        fprintf(out, md ? "### Difference in differences, staggered starts: "
                "%s\n\n" : "difference in differences, staggered starts: %s\n",
                esc(e, d->name, md));
        summary(out, md, d, p, s);
        details(out, md, p, s);
        return ferror(out) ? FK_EIO : FK_OK;
}
