/* The JSON of fkstat describe, did (one start and staggered starts),
 * power, adjust and validate, and their renderers; compare's is in
 * render/json_compare.c, the writer in render/json.c. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fkstat/render_json.h"
#include "render/render_int.h"

/* ---- describe ------------------------------------------------------------ */

static json_t *summary_json(const char *name, const struct fk_summary *s)
{
        json_t *o = json_object();

        json_object_set_new(o, "column", json_string(name));
        json_object_set_new(o, "n", fk_json_count(s->n));
        json_object_set_new(o, "missing", fk_json_count(s->missing));
        json_object_set_new(o, "mean", fk_json_num(s->mean));
        json_object_set_new(o, "sd", fk_json_num(s->sd));
        json_object_set_new(o, "min", fk_json_num(s->min));
        json_object_set_new(o, "q1", fk_json_num(s->q1));
        json_object_set_new(o, "median", fk_json_num(s->median));
        json_object_set_new(o, "q3", fk_json_num(s->q3));
        json_object_set_new(o, "max", fk_json_num(s->max));
        return o;
}

json_t *fk_json_describe(const struct fk_run_info *info,
                         const struct fk_describe_group *groups,
                         size_t ngroups)
{
        json_t *doc = fk_json_header(info), *a = json_array();

        for (size_t g = 0; g < ngroups; g++) {
                const struct fk_describe_group *dg = &groups[g];
                json_t *by = json_object(), *cols = json_array();

                for (size_t i = 0; i < dg->nby; i++)
                        json_object_set_new(by, dg->by_names[i],
                                            json_string(dg->by_values[i]));
                for (size_t c = 0; c < dg->ncols; c++)
                        json_array_append_new(cols,
                                summary_json(dg->col_names[c], &dg->cols[c]));
                json_array_append_new(a, json_pack("{soso}", "by", by,
                                                   "columns", cols));
        }
        json_object_set_new(doc, "groups", a);
        return doc;
}

int render_json_describe(FILE *out, const struct render_job *j)
{
        json_t *doc = fk_json_describe(j->info, j->groups, j->ngroups);
        int rc = fk_json_write(out, doc);

        json_decref(doc);
        return rc;
}

/* ---- did, one start ------------------------------------------------------ */

static json_t *infer_json(const struct fk_did_infer *f)
{
        return json_pack("{sosososo}", "se", fk_json_num(f->se),
                         "df", fk_json_num(f->df), "ci", fk_json_ci(f->ci),
                         "p_value", fk_json_num(f->p_value));
}

json_t *fk_json_did_entry(const struct fk_did_info *d,
                          const struct fk_panel *p,
                          const struct fk_did_result *r)
{
        json_t *o = json_object(), *ev = json_array(), *tr = json_array();

        json_object_set_new(o, "name", json_string(d->name));
        json_object_set_new(o, "outcome", json_string(d->outcome));
        json_object_set_new(o, "unit", json_string(d->unit));
        json_object_set_new(o, "period", json_string(d->period));
        json_object_set_new(o, "treated", d->treated ?
                            json_string(d->treated) : json_null());
        if (d->treated_units)
                json_object_set_new(o, "treated_units",
                                    json_string(d->treated_units));
        json_object_set_new(o, "weight", d->weight ? json_string(d->weight) :
                            json_null());
        json_object_set_new(o, "start", json_string(p->period_names[p->start]));
        json_object_set_new(o, "better", json_string(fk_better_name(d->better)));
        json_object_set_new(o, "conf_level", json_real(d->conf_level));
        json_object_set_new(o, "units", json_pack("{sIsI}",
                            "treated", (json_int_t)r->units[0],
                            "control", (json_int_t)r->units[1]));
        json_object_set_new(o, "periods", json_integer((json_int_t)p->T));
        json_object_set_new(o, "cells", json_integer((json_int_t)r->cells));
        json_object_set_new(o, "excluded", json_integer((json_int_t)p->excluded));
        json_object_set_new(o, "estimate", fk_json_num(r->estimate));
        json_object_set_new(o, "cr1", infer_json(&r->cr1));
        json_object_set_new(o, "cr2", infer_json(&r->cr2));
        json_object_set_new(o, "wild_bootstrap", json_pack("{sosIso}",
                            "p_value", fk_json_num(r->wild_p),
                            "reps", (json_int_t)r->wild_reps,
                            "weights", r->wild_weights ?
                            json_string(r->wild_weights) : json_null()));
        json_object_set_new(o, "randomization", json_pack("{sososb}",
                            "p_value", fk_json_num(r->ri_p),
                            "assignments", fk_json_count(r->ri_assignments),
                            "exact", r->ri_exact));
        json_object_set_new(o, "reference_period",
                            json_string(p->period_names[r->ref]));
        for (size_t i = 0; i < r->nevent; i++) {
                const struct fk_did_event *e = &r->event[i];

                json_array_append_new(ev, json_pack("{sssosososo}",
                        "period", p->period_names[e->period],
                        "estimate", fk_json_num(e->estimate),
                        "ci", fk_json_ci(e->ci),
                        "se", fk_json_num(e->se),
                        "df", fk_json_num(e->df)));
        }
        json_object_set_new(o, "event_study", ev);
        for (size_t t = 0; r->trend[0] && t < p->T; t++)
                json_array_append_new(tr, json_pack("{sssoso}",
                        "period", p->period_names[t],
                        "trial", fk_json_num(r->trend[0][t]),
                        "control", fk_json_num(r->trend[1][t])));
        json_object_set_new(o, "trend", tr);
        json_object_set_new(o, "verdict", fk_json_verdict(&d->verdict, 0));
        if (r->event_note)
                json_object_set_new(o, "note", json_string(r->event_note));
        return o;
}

json_t *fk_json_did(const struct fk_run_info *info,
                    const struct fk_did_info *d, const struct fk_panel *p,
                    const struct fk_did_result *r)
{
        json_t *doc = fk_json_header(info), *e = fk_json_did_entry(d, p, r);

        if (!doc || !e) {
                json_decref(doc);
                json_decref(e);
                return NULL;
        }
        json_object_update(doc, e);
        json_decref(e);
        return doc;
}

int render_json_did(FILE *out, const struct render_job *j)
{
        json_t *doc = fk_json_did(j->info, j->did, j->panel, j->did_r);
        int rc = fk_json_write(out, doc);

        json_decref(doc);
        return rc;
}

/* ---- did, staggered starts ----------------------------------------------- */

static json_t *str_or_null(const char *s)
{
        return s ? json_string(s) : json_null();
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
                        "start", render_cohort_label(s, k),
                        "units", (json_int_t)s->cohort[k].units));
        json_object_set_new(o, "cohorts", a);
        a = json_array();
        for (size_t k = 0; k < s->ngt; k++) {
                const struct fk_stagger_gt *g = &s->gt[k];

                json_array_append_new(a, json_pack("{sssssssososo}",
                        "cohort", render_cohort_label(s, g->cohort),
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
                        "cohort", render_cohort_label(s, (size_t)g->key),
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

int render_json_stagger(FILE *out, const struct render_job *j)
{
        json_t *doc = fk_json_header(j->info);
        json_t *x = fk_json_did_staggered_entry(j->did, j->panel, j->stagger);
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

json_t *fk_json_did_analysis_entry(const struct fk_did_info *d,
                                   const struct fk_did_analysis *a)
{
        return a->staggered ?
               fk_json_did_staggered_entry(d, &a->panel, &a->s) :
               fk_json_did_entry(d, &a->panel, &a->r);
}

/* ---- power --------------------------------------------------------------- */

int render_json_power(FILE *out, const struct render_job *j)
{
        static const char *const keys[] = { "n_per_arm", "power",
                "design_effect", "clusters_per_arm", "mde" };
        const struct fk_power_result *r = j->power;
        const double v[] = { r->n_per_arm, r->power, r->design_effect,
                             r->clusters_per_arm, r->mde };
        json_t *doc = json_object();
        int rc;

        json_object_set_new(doc, "fkstat", json_pack("{ssss}", "version",
                            FK_VERSION, "command", "power"));
        for (size_t i = 0; i < 5; i++)
                json_object_set_new(doc, keys[i], fk_json_count(v[i]));
        rc = fk_json_write(out, doc);
        json_decref(doc);
        return rc;
}

/* ---- adjust -------------------------------------------------------------- */

int render_json_adjust(FILE *out, const struct render_job *j)
{
        const struct fk_table *t = j->table;
        const char *files[64];
        size_t nf = fk_table_nfiles(t) < 64 ? fk_table_nfiles(t) : 64;
        struct fk_run_info info = {
                .command = "adjust", .files = files, .nfiles = nf,
                .rows = (double)fk_table_nrows(t),
                .delimiter = fk_table_delimiter(t),
                .decimal = fk_table_decimal(t)
        };
        json_t *doc, *a = json_array();
        int rc;

        for (size_t i = 0; i < nf; i++)
                files[i] = fk_table_file(t, i);
        doc = fk_json_header(&info);
        json_object_set_new(doc, "method", json_string(j->method));
        for (size_t r = 0; r < fk_table_nrows(t); r++)
                json_array_append_new(a, fk_json_num(j->adj[r]));
        json_object_set_new(doc, "adjusted", a);
        for (size_t r = 0; r < fk_table_nrows(t); r++)
                if (isnan(j->adj[r])) {
                        json_object_set_new(doc, "note", json_string(
                                "null where the p-value is missing; missing "
                                "p-values are not counted in n"));
                        break;
                }
        rc = fk_json_write(out, doc);
        json_decref(doc);
        return rc;
}

/* ---- validate ------------------------------------------------------------ */

static json_t *sizes_json(const struct fk_validate_design *d, int arm)
{
        json_t *a = json_array();

        for (size_t g = 0; g < d->G; g++)
                if (d->arm[g] == arm)
                        json_array_append_new(a, fk_json_count(d->size[g]));
        return a;
}

static json_t *design_json(const struct fk_validate_design *d,
                           const struct fk_validate_result *r)
{
        json_t *o = json_object();
        size_t per[2] = { 0, 0 };

        for (size_t g = 0; g < d->G; g++)
                per[d->arm[g]]++;
        json_object_set_new(o, "clusters", json_pack("{soso}",
                "trial", fk_json_count((double)per[FK_TRIAL]),
                "control", fk_json_count((double)per[FK_CONTROL])));
        json_object_set_new(o, "sizes", json_pack("{soso}",
                "trial", sizes_json(d, FK_TRIAL),
                "control", sizes_json(d, FK_CONTROL)));
        json_object_set_new(o, "icc", fk_json_num(d->icc));
        json_object_set_new(o, "icc_estimated", fk_json_num(d->icc_estimated));
        json_object_set_new(o, "effect", fk_json_num(r->truth));
        json_object_set_new(o, "margin", fk_json_num(d->margin));
        json_object_set_new(o, "better", json_string(fk_better_name(d->better)));
        json_object_set_new(o, "conf_level", fk_json_num(d->conf));
        json_object_set_new(o, "reps", fk_json_count((double)r->reps));
        json_object_set_new(o, "inner_reps",
                            fk_json_count((double)r->inner_reps));
        json_object_set_new(o, "seed", fk_json_count((double)r->seed));
        return o;
}

/* The pooled outcome distribution the control arm draws from. */
static json_t *distribution_json(const struct fk_validate_design *d)
{
        json_t *lv;

        switch (d->type) {
        case FK_TYPE_BINARY:
                return json_pack("{so}", "p", fk_json_num(d->p));
        case FK_TYPE_SURVIVAL:
                /* the pooled Nelson–Aalen hazards at the last time */
                return json_pack("{sososo}", "times",
                        fk_json_count((double)d->ntimes),
                        "last_time", fk_json_num(d->ntimes ?
                                d->time[d->ntimes - 1] : NAN),
                        "cumulative_hazard", fk_json_num(d->ntimes ?
                                d->cumhaz[d->ntimes - 1] : NAN));
        case FK_TYPE_ORDINAL:
                lv = json_array();
                for (size_t k = 0; k < d->nlevels; k++)
                        json_array_append_new(lv, json_pack("{soso}",
                                "level", fk_json_num(d->level[k]),
                                "share", fk_json_num(d->level_p[k])));
                return json_pack("{sososo}", "mean", fk_json_num(d->mean),
                                 "sd", fk_json_num(d->sd), "levels", lv);
        default:
                return json_pack("{soso}", "mean", fk_json_num(d->mean),
                                 "sd", fk_json_num(d->sd));
        }
}

static json_t *model_json(const struct fk_validate_design *d,
                          const struct fk_validate_result *r)
{
        const struct fk_validate_model *m = &r->model;
        json_t *o = json_pack("{ssso}", "name", m->name ? m->name : "",
                              "simulated_icc_mean", fk_json_num(r->mean_icc));

        switch (d->type) {
        case FK_TYPE_COUNT:
                json_object_set_new(o, "frailty_variance",
                                    fk_json_num(m->frailty_var));
                json_object_set_new(o, "nb_size", fk_json_num(m->nb_size));
                json_object_set_new(o, "mean", json_pack("{soso}",
                        "trial", fk_json_num(m->loc[FK_TRIAL]),
                        "control", fk_json_num(m->loc[FK_CONTROL])));
                break;
        case FK_TYPE_CONTINUOUS:
                json_object_set_new(o, "sigma_u", fk_json_num(m->sigma_u));
                json_object_set_new(o, "sd_within", fk_json_num(m->sd_within));
                json_object_set_new(o, "mean", json_pack("{soso}",
                        "trial", fk_json_num(m->loc[FK_TRIAL]),
                        "control", fk_json_num(m->loc[FK_CONTROL])));
                break;
        case FK_TYPE_SURVIVAL:
                json_object_set_new(o, "stable_index", fk_json_num(m->alpha));
                json_object_set_new(o, "kendall_tau",
                                    fk_json_num(1 - m->alpha));
                json_object_set_new(o, "conditional_log_hr",
                                    fk_json_num(m->loc[FK_TRIAL]));
                break;
        case FK_TYPE_BINARY:
                json_object_set_new(o, "sigma_u", fk_json_num(m->sigma_u));
                json_object_set_new(o, "intercept", json_pack("{soso}",
                        "trial", fk_json_num(m->loc[FK_TRIAL]),
                        "control", fk_json_num(m->loc[FK_CONTROL])));
                break;
        default: {
                json_t *c = json_array();

                for (size_t k = 0; k + 1 < d->nlevels; k++)
                        json_array_append_new(c, fk_json_num(m->cut[k]));
                json_object_set_new(o, "sigma_u", fk_json_num(m->sigma_u));
                json_object_set_new(o, "thresholds", c);
                json_object_set_new(o, "trial_shift",
                                    fk_json_num(m->loc[FK_TRIAL]));
                break;
        }
        }
        json_object_set_new(o, "distribution", distribution_json(d));
        return o;
}

static json_t *method_json(const struct fk_validate_method *v)
{
        return json_pack("{sssososososososososososososo}",
                "method", v->method,
                "coverage", fk_json_num(v->coverage),
                "coverage_mcse", fk_json_num(v->coverage_mcse),
                "mean_width", fk_json_num(v->mean_width),
                "mean_width_mcse", fk_json_num(v->mean_width_mcse),
                "bias", fk_json_num(v->bias),
                "bias_mcse", fk_json_num(v->bias_mcse),
                "rmse", fk_json_num(v->rmse),
                "rmse_mcse", fk_json_num(v->rmse_mcse),
                "rejection_rate", fk_json_num(v->rejection_rate),
                "rejection_mcse", fk_json_num(v->rejection_mcse),
                "mean_se", fk_json_num(v->mean_se),
                "mean_se_mcse", fk_json_num(v->mean_se_mcse),
                "valid", fk_json_count((double)v->valid));
}

json_t *fk_json_validate_entry(const struct fk_validate_info *vi,
                               const struct fk_validate_design *d,
                               const struct fk_validate_result *r)
{
        json_t *o = json_object(), *ms = json_array();

        if (vi && vi->outcome)
                json_object_set_new(o, "outcome", json_string(vi->outcome));
        json_object_set_new(o, "type", json_string(fk_type_name(d->type)));
        if (vi && vi->cluster)
                json_object_set_new(o, "cluster", json_string(vi->cluster));
        json_object_set_new(o, "measure", json_string(
                d->type == FK_TYPE_BINARY ? "risk_difference" :
                d->type == FK_TYPE_SURVIVAL ? "hazard_ratio" :
                                              "mean_difference"));
        json_object_set_new(o, "design", design_json(d, r));
        json_object_set_new(o, "model", model_json(d, r));
        json_object_set_new(o, "inner", json_pack("{s{soso}s{sosb}}",
                "wild_bootstrap", "reps", fk_json_count((double)r->wild_reps),
                "weights", r->wild_weights ? json_string(r->wild_weights) :
                                             json_null(),
                "randomization", "assignments",
                fk_json_count(r->ri_assignments), "exact", r->ri_exact));
        json_object_set_new(o, "rejection", json_string(
                r->margin_test ? "non_inferiority_at_margin" : "two_sided"));
        for (int i = 0; i < FK_VM_COUNT; i++)
                if (r->m[i].method)     /* survival has no wild bootstrap */
                        json_array_append_new(ms, method_json(&r->m[i]));
        json_object_set_new(o, "methods", ms);
        return o;
}

json_t *fk_json_validate(const struct fk_validate_info *vi,
                         const struct fk_validate_design *d,
                         const struct fk_validate_result *r)
{
        json_t *doc, *e = fk_json_validate_entry(vi, d, r);
        const char *key;
        json_t *v;

        if (vi && vi->run) {
                doc = fk_json_header(vi->run);
                json_object_set_new(doc, "arm", json_pack("{ssssss}",
                        "column", vi->run->arm_column,
                        "trial", vi->run->trial,
                        "control", vi->run->control));
        } else {
                doc = json_object();
                json_object_set_new(doc, "fkstat", json_pack("{ssss}",
                        "version", FK_VERSION, "command", "validate"));
        }
        if (!doc || !e) {
                json_decref(doc);
                json_decref(e);
                return NULL;
        }
        json_object_foreach(e, key, v)
                json_object_set(doc, key, v);
        json_decref(e);
        return doc;
}

int render_json_validate(FILE *out, const struct render_job *j)
{
        json_t *doc = fk_json_validate(j->vi, j->vd, j->vr);
        int rc;

        if (!doc)
                return FK_ENOMEM;
        rc = fk_json_write(out, doc);
        json_decref(doc);
        return rc;
}
