/* The JSON of fkstat compare and survival: per outcome the groups,
 * effects, tests, verdict, the cluster-level analysis with its
 * municipalities, and the stratified analysis. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fkstat/render_json.h"
#include "render/render_int.h"

static void set_note(json_t *o, const char *note)
{
        if (note && *note)
                json_object_set_new(o, "note", json_string(note));
}

static json_t *group_json(const struct fk_outcome_result *r, int arm)
{
        const struct fk_group *g = &r->groups[arm];
        json_t *o = json_object();

        json_object_set_new(o, "arm", json_string(arm == FK_TRIAL ?
                                                  "trial" : "control"));
        json_object_set_new(o, "n", fk_json_count(g->n));
        if (r->type == FK_TYPE_BINARY) {
                json_object_set_new(o, "successes", fk_json_count(g->successes));
                json_object_set_new(o, "estimate", fk_json_num(g->estimate));
                json_object_set_new(o, "ci", fk_json_ci(g->ci));
                json_object_set_new(o, "method", json_string(g->method ?
                                                             g->method : ""));
                return o;
        }
        if (r->type == FK_TYPE_SURVIVAL) {
                json_t *cum = json_array();

                json_object_set_new(o, "events", fk_json_count(g->events));
                json_object_set_new(o, "censored", fk_json_count(g->censored));
                json_object_set_new(o, "median", fk_json_num(g->median_time));
                json_object_set_new(o, "median_ci", fk_json_ci(g->median_ci));
                json_object_set_new(o, "method", json_string(g->method ?
                                                             g->method : ""));
                for (size_t i = 0; i < g->nat; i++)
                        json_array_append_new(cum, json_pack("{sososo}",
                                "time", fk_json_num(g->at[i]),
                                "estimate", fk_json_num(g->cum[i]),
                                "ci", fk_json_ci(g->cum_ci[i])));
                json_object_set_new(o, "cumulative_incidence", cum);
                if (g->table) {
                        json_t *tb = json_array();

                        for (size_t i = 0; i < g->ntable; i++) {
                                const struct fk_km_row *k = &g->table[i];
                                double ci[2] = { k->lo, k->hi };

                                json_array_append_new(tb, json_pack(
                                        "{sosososososo}",
                                        "time", fk_json_num(k->time),
                                        "n_risk", fk_json_count(k->n_risk),
                                        "n_event", fk_json_count(k->n_event),
                                        "n_censor", fk_json_count(k->n_censor),
                                        "surv", fk_json_num(k->surv),
                                        "ci", fk_json_ci(ci)));
                        }
                        json_object_set_new(o, "table", tb);
                }
                return o;
        }
        json_object_set_new(o, "mean", fk_json_num(g->mean));
        json_object_set_new(o, "sd", fk_json_num(g->sd));
        json_object_set_new(o, "ci", fk_json_ci(g->ci));
        json_object_set_new(o, "median", fk_json_num(g->median));
        json_object_set_new(o, "q1", fk_json_num(g->q1));
        json_object_set_new(o, "q3", fk_json_num(g->q3));
        json_object_set_new(o, "min", fk_json_num(g->min));
        json_object_set_new(o, "max", fk_json_num(g->max));
        if (r->type == FK_TYPE_COUNT)
                json_object_set_new(o, "exposure", fk_json_num(g->exposure));
        if (r->type == FK_TYPE_ORDINAL) {
                json_t *lv = json_object();

                for (size_t j = 0; j < g->nlevels; j++) {
                        char key[32];

                        snprintf(key, sizeof key, "%.0f", g->level[j]);
                        json_object_set_new(lv, key, fk_json_count(g->level_count[j]));
                }
                json_object_set_new(o, "levels", lv);
                json_object_set_new(o, "top_box", fk_json_num(g->top_box));
        }
        return o;
}

static json_t *randomization_json(const struct fk_cluster_result *c)
{
        return json_pack("{sososo}", "p_value", fk_json_num(c->ri_p),
                         "assignments", fk_json_count(c->ri_assignments),
                         "exact", json_boolean(c->ri_exact));
}

static json_t *cluster_json(const struct fk_outcome_result *r)
{
        const struct fk_cluster_result *c = &r->cl;

        return json_pack("{sssbs{sIsI}soso"
                         "s{sososososo}"
                         "s{sosIss}"
                         "so}",
                         "column", r->cluster,
                         "detected", r->cluster_detected,
                         "clusters", "trial", (json_int_t)c->clusters[0],
                         "control", (json_int_t)c->clusters[1],
                         "icc", fk_json_num(c->icc),
                         "design_effect", fk_json_num(c->design_effect),
                         "cr2", "estimate", fk_json_num(c->estimate),
                         "se", fk_json_num(c->se), "df", fk_json_num(c->df),
                         "ci", fk_json_ci(c->ci), "p_value", fk_json_num(c->p_value),
                         "wild_bootstrap", "p_value", fk_json_num(c->wild_p),
                         "reps", (json_int_t)c->wild_reps,
                         "weights", c->wild_weights ? c->wild_weights : "",
                         "randomization", randomization_json(c));
}

/* Survival: Cox with the Lin–Wei robust variance; no ICC, CR2 or wild
 * bootstrap. */
static json_t *cox_cluster_json(const struct fk_outcome_result *r)
{
        const struct fk_coxcluster_result *x = &r->cox_cl;

        return json_pack("{sssbs{sIsI}sosososo"
                         "s{sosososososs}"
                         "so}",
                         "column", r->cluster,
                         "detected", r->cluster_detected,
                         "clusters", "trial", (json_int_t)x->clusters[0],
                         "control", (json_int_t)x->clusters[1],
                         "icc", json_null(), "design_effect", json_null(),
                         "cr2", json_null(), "wild_bootstrap", json_null(),
                         "robust", "estimate", fk_json_num(x->hr),
                         "se", fk_json_num(x->se), "ci", fk_json_ci(x->ci),
                         "z", fk_json_num(x->z),
                         "p_value", fk_json_num(x->p_value),
                         "method", "lin_wei",
                         "randomization", randomization_json(&r->cl));
}

/* Per municipality: the arm's own statistic in each cluster, in the
 * order of the result (trial arm first, then by name). */
static json_t *clusters_json(const struct fk_outcome_result *r)
{
        json_t *a = json_array();

        for (size_t i = 0; i < r->nclusters; i++) {
                const struct fk_cluster_row *k = &r->clusters[i];
                json_t *o = json_object();

                json_object_set_new(o, "cluster", json_string(k->name ?
                                                              k->name : ""));
                json_object_set_new(o, "arm", json_string(k->arm == FK_TRIAL ?
                                                          "trial" : "control"));
                json_object_set_new(o, "n", fk_json_count(k->n));
                if (r->type == FK_TYPE_SURVIVAL)
                        json_object_set_new(o, "events",
                                            fk_json_count(k->events));
                json_object_set_new(o, "estimate", fk_json_num(k->estimate));
                json_object_set_new(o, "ci", fk_json_ci(k->ci));
                json_object_set_new(o, "method", json_string(k->method ?
                                                             k->method : ""));
                json_array_append_new(a, o);
        }
        return a;
}

static json_t *effect_json(const struct fk_effect *e)
{
        json_t *o = json_object();

        json_object_set_new(o, "measure", json_string(e->measure));
        json_object_set_new(o, "estimate", fk_json_num(e->estimate));
        json_object_set_new(o, "ci", fk_json_ci(e->ci));
        json_object_set_new(o, "method", json_string(e->method));
        set_note(o, e->note);
        return o;
}

static json_t *test_json(const struct fk_test *t)
{
        json_t *o = json_object();

        json_object_set_new(o, "test", json_string(t->test));
        if (t->has_statistic)
                json_object_set_new(o, "statistic", fk_json_num(t->statistic));
        if (!isnan(t->df))
                json_object_set_new(o, "df", fk_json_count(t->df));
        json_object_set_new(o, "p_value", fk_json_num(t->p_value));
        if (t->has_estimate) {
                json_object_set_new(o, "estimate", fk_json_num(t->estimate));
                json_object_set_new(o, "ci", fk_json_ci(t->ci));
        }
        set_note(o, t->note);
        return o;
}

json_t *fk_json_outcome(const struct fk_outcome_result *r)
{
        json_t *o = json_object(), *a;
        const struct fk_verdict *v = &r->verdict;

        json_object_set_new(o, "outcome", json_string(r->outcome));
        json_object_set_new(o, "type", json_string(fk_type_name(r->type)));
        json_object_set_new(o, "better", json_string(fk_better_name(r->better)));
        json_object_set_new(o, "conf_level", json_real(r->conf_level));
        json_object_set_new(o, "excluded",
                            json_pack("{soso}", "trial", fk_json_count(r->excluded[0]),
                                      "control", fk_json_count(r->excluded[1])));
        a = json_array();
        json_array_append_new(a, group_json(r, FK_TRIAL));
        json_array_append_new(a, group_json(r, FK_CONTROL));
        json_object_set_new(o, "groups", a);
        a = json_array();
        for (size_t i = 0; i < r->neffects; i++)
                json_array_append_new(a, effect_json(&r->effects[i]));
        json_object_set_new(o, "effects", a);
        a = json_array();
        for (size_t i = 0; i < r->ntests; i++)
                json_array_append_new(a, test_json(&r->tests[i]));
        json_object_set_new(o, "tests", a);
        json_object_set_new(o, "verdict", fk_json_verdict(v, 1));
        if (r->has_cluster) {
                json_object_set_new(o, "cluster", r->type == FK_TYPE_SURVIVAL ?
                                    cox_cluster_json(r) : cluster_json(r));
                json_object_set_new(o, "clusters", clusters_json(r));
        }
        if (r->has_strata)
                json_object_set_new(o, "stratified", json_pack(
                        "{s{soso}s{soso}s{soso}s{sososo}si}",
                        "mh_odds_ratio", "estimate", fk_json_num(r->mh_or),
                        "ci", fk_json_ci(r->mh_or_ci),
                        "mh_risk_difference", "estimate", fk_json_num(r->mh_rd),
                        "ci", fk_json_ci(r->mh_rd_ci),
                        "cmh", "statistic", fk_json_num(r->cmh),
                        "p_value", fk_json_num(r->cmh_p),
                        "breslow_day", "statistic", fk_json_num(r->bd),
                        "df", fk_json_count(r->bd_df), "p_value", fk_json_num(r->bd_p),
                        "strata", (int)r->nstrata));
        if (r->nnotes) {
                a = json_array();
                for (size_t i = 0; i < r->nnotes; i++)
                        json_array_append_new(a, json_string(r->notes[i]));
                json_object_set_new(o, "notes", a);
        }
        return o;
}

json_t *fk_json_compare(const struct fk_run_info *info,
                        const struct fk_outcome_result *res, size_t nres)
{
        json_t *doc = fk_json_header(info), *a = json_array();

        json_object_set_new(doc, "arm",
                            json_pack("{ssssssso}", "column", info->arm_column,
                                      "trial", info->trial,
                                      "control", info->control,
                                      "unmatched",
                                      fk_json_count(info->unmatched)));
        for (size_t i = 0; i < nres; i++)
                json_array_append_new(a, fk_json_outcome(&res[i]));
        json_object_set_new(doc, "results", a);
        return doc;
}

int render_json_compare(FILE *out, const struct render_job *j)
{
        json_t *doc = fk_json_compare(j->info, j->res, j->nres);
        int rc = fk_json_write(out, doc);

        json_decref(doc);
        return rc;
}
