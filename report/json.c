/* JSON renderer: the documented keys of --format json, numbers in their
 * shortest round-trip form. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/render.h"

/* Jansson drops a member whose value it could not allocate and goes on;
 * its allocations go through json_alloc (fk_json_init), which remembers a
 * failure so that fk_json_write refuses the incomplete document. */
static _Thread_local int json_alloc_failed;

static void *json_alloc(size_t n)
{
        void *p = malloc(n);

        if (!p)
                json_alloc_failed = 1;
        return p;
}

void fk_json_init(void)
{
        json_set_alloc_funcs(json_alloc, free);
}

json_t *fk_json_num(double x)
{
        return isfinite(x) ? json_real(x) : json_null();
}

json_t *fk_json_count(double x)
{
        if (isfinite(x) && fabs(x) < 9007199254740992.0 && !(x - floor(x) > 0))
                return json_integer((json_int_t)x);
        return fk_json_num(x);
}

static json_t *ci_pair(const double ci[2])
{
        if (!isfinite(ci[0]) && !isfinite(ci[1]))
                return json_null();
        return json_pack("[oo]", fk_json_num(ci[0]), fk_json_num(ci[1]));
}

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
                json_object_set_new(o, "ci", ci_pair(g->ci));
                json_object_set_new(o, "method", json_string(g->method ?
                                                             g->method : ""));
                return o;
        }
        if (r->type == FK_TYPE_SURVIVAL) {
                json_t *cum = json_array();

                json_object_set_new(o, "events", fk_json_count(g->events));
                json_object_set_new(o, "censored", fk_json_count(g->censored));
                json_object_set_new(o, "median", fk_json_num(g->median_time));
                json_object_set_new(o, "median_ci", ci_pair(g->median_ci));
                json_object_set_new(o, "method", json_string(g->method ?
                                                             g->method : ""));
                for (size_t i = 0; i < g->nat; i++)
                        json_array_append_new(cum, json_pack("{sososo}",
                                "time", fk_json_num(g->at[i]),
                                "estimate", fk_json_num(g->cum[i]),
                                "ci", ci_pair(g->cum_ci[i])));
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
                                        "ci", ci_pair(ci)));
                        }
                        json_object_set_new(o, "table", tb);
                }
                return o;
        }
        json_object_set_new(o, "mean", fk_json_num(g->mean));
        json_object_set_new(o, "sd", fk_json_num(g->sd));
        json_object_set_new(o, "ci", ci_pair(g->ci));
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
                         "ci", ci_pair(c->ci), "p_value", fk_json_num(c->p_value),
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
                         "se", fk_json_num(x->se), "ci", ci_pair(x->ci),
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
                json_object_set_new(o, "ci", ci_pair(k->ci));
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
        json_object_set_new(o, "ci", ci_pair(e->ci));
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
                json_object_set_new(o, "ci", ci_pair(t->ci));
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
                        "ci", ci_pair(r->mh_or_ci),
                        "mh_risk_difference", "estimate", fk_json_num(r->mh_rd),
                        "ci", ci_pair(r->mh_rd_ci),
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

static json_t *delim_json(char c)
{
        char s[2] = { c, '\0' };

        return c ? json_string(s) : json_null();
}

json_t *fk_json_header(const struct fk_run_info *info)
{
        json_t *doc = json_object(), *files = json_array();

        json_object_set_new(doc, "fkstat",
                            json_pack("{ssss}", "version", FK_VERSION,
                                      "command", info->command));
        for (size_t i = 0; i < info->nfiles; i++)
                json_array_append_new(files, json_string(info->files[i]));
        json_object_set_new(doc, "input",
                            json_pack("{sosososo}", "files", files,
                                      "rows", fk_json_count(info->rows),
                                      "delimiter", delim_json(info->delimiter),
                                      "decimal", delim_json(info->decimal)));
        return doc;
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

/* The shortest decimal that reads back as x ("0.95", not jansson's
 * "0.94999999999999996"). */
static void shortest(char *buf, size_t len, double x)
{
        for (int prec = 1; prec <= 17; prec++) {
                double y;

                snprintf(buf, len, "%.*g", prec, x);
                y = strtod(buf, NULL);
                if (!(y < x) && !(y > x))
                        break;
        }
        if (!strpbrk(buf, ".eEn"))
                snprintf(buf + strlen(buf), len - strlen(buf), ".0");
}

/* jansson writes reals with 17 significant digits; rewrite every number
 * outside strings in its shortest round-trip form. */
static int write_shortest(FILE *out, const char *s)
{
        int in_str = 0;

        while (*s) {
                if (in_str) {
                        if (*s == '\\' && s[1]) {
                                fputc(*s++, out);
                        } else if (*s == '"') {
                                in_str = 0;
                        }
                        fputc(*s++, out);
                } else if (*s == '"') {
                        in_str = 1;
                        fputc(*s++, out);
                } else if (*s == '-' || (*s >= '0' && *s <= '9')) {
                        size_t n = strspn(s, "-+0123456789.eE");
                        char tok[64], buf[40];

                        if (n < sizeof tok && memchr(s, '.', n) != NULL) {
                                memcpy(tok, s, n);
                                tok[n] = '\0';
                                shortest(buf, sizeof buf, strtod(tok, NULL));
                                fputs(buf, out);
                        } else {
                                fwrite(s, 1, n, out);
                        }
                        s += n;
                } else {
                        fputc(*s++, out);
                }
        }
        return ferror(out) ? FK_EIO : FK_OK;
}

int fk_json_write(FILE *out, json_t *doc)
{
        char *text;
        int rc;

        if (!doc || json_alloc_failed) {
                json_alloc_failed = 0;
                return FK_ENOMEM;
        }
        text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                          JSON_REAL_PRECISION(17));
        if (!text || json_alloc_failed) {
                json_alloc_failed = 0;
                free(text);
                return FK_ENOMEM;
        }
        rc = write_shortest(out, text);
        free(text);
        if (rc == FK_OK && fputc('\n', out) == EOF)
                rc = FK_EIO;
        return rc;
}

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

json_t *fk_json_ci(const double ci[2])
{
        return ci_pair(ci);
}

json_t *fk_json_verdict(const struct fk_verdict *v, int secondary)
{
        json_t *o = json_pack("{sssssoso}", "measure", v->measure,
                              "basis", fk_basis_name(v->basis),
                              "margin", fk_json_num(v->margin),
                              "p_value", fk_json_num(v->p_value));

        json_object_set_new(o, "result", v->result == FK_V_NONE ? json_null() :
                            json_string(fk_verdict_name(v->result)));
        json_object_set_new(o, "estimate", fk_json_num(v->estimate));
        json_object_set_new(o, "ci", ci_pair(v->ci));
        if (v->few_clusters && v->basis != FK_BASIS_INDIVIDUAL) {
                const char *what = v->basis == FK_BASIS_CR2 ? "CR2" :
                                   v->basis == FK_BASIS_LIN_WEI ? "Lin–Wei" :
                                   "simple aggregate";
                char note[FK_NOTE_MAX];

                if (isfinite(v->ri_p))
                        snprintf(note, sizeof note, "fewer than 5 clusters on "
                                 "a side: the %s interval is unreliable; the "
                                 "randomization p-value is %.4g (two-sided)",
                                 what, v->ri_p);
                else
                        snprintf(note, sizeof note, "fewer than 5 clusters on "
                                 "a side: the %s interval is unreliable, and "
                                 "no randomization p-value could be computed",
                                 what);
                json_object_set_new(o, "note", json_string(note));
        }
        if (secondary && v->basis != FK_BASIS_INDIVIDUAL)
                json_object_set_new(o, "individual", json_pack("{soso}",
                        "result", v->individual_result == FK_V_NONE ?
                        json_null() :
                        json_string(fk_verdict_name(v->individual_result)),
                        "p_value", fk_json_num(v->individual_p_value)));
        return o;
}
