/* Renderers of fkstat validate: text, JSON, Markdown, and the sentence of
 * the report; see include/fkstat/validate_render.h. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fkstat/validate_render.h"
#include "report/format.h"

#define NB 64
#define ESC 512

static const char *effect_label(const struct fk_validate_design *d)
{
        return d->type == FK_TYPE_BINARY ? "risk difference"
                                         : "difference in means";
}

/* ---- JSON --------------------------------------------------------------- */

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

/* ---- text and Markdown -------------------------------------------------- */

/* "0.941 (0.007)", or "-" when the method has no such quantity. */
static char *with_mcse(char *buf, size_t len, double x, double se,
                       int rate)
{
        if (isnan(x))
                snprintf(buf, len, "-");
        else if (rate)
                snprintf(buf, len, "%.3f (%.3f)", x, se);
        else
                snprintf(buf, len, "%.3g (%.2g)", x, se);
        return buf;
}

/* 41 %, 2.6 %, with a decimal comma in Danish. */
static const char *pct(char *buf, size_t len, double x, int da)
{
        double p = 100 * x;
        char *c;

        if (isnan(x))
                snprintf(buf, len, da ? "ukendt" : "unknown");
        else if (p >= 9.95 || !(p > 0))
                snprintf(buf, len, "%.0f %%", p);
        else
                snprintf(buf, len, "%.1f %%", p);
        if (da && (c = strchr(buf, '.')))
                *c = ',';
        return buf;
}

static void arms_count(const struct fk_validate_design *d, size_t per[2],
                       double people[2])
{
        per[0] = per[1] = 0;
        people[0] = people[1] = 0;
        for (size_t g = 0; g < d->G; g++) {
                per[d->arm[g]]++;
                people[d->arm[g]] += d->size[g];
        }
}

const char *fk_validate_sentence(char *buf, size_t len,
                                 const struct fk_validate_design *d,
                                 const struct fk_validate_result *r,
                                 const char *lang)
{
        int da = lang && !strcmp(lang, "da");
        size_t per[2], n;
        double people[2];
        char a[NB], b[NB], c[NB], e[NB];

        arms_count(d, per, people);
        pct(a, sizeof a, r->m[FK_VM_INDIVIDUAL].coverage, da);
        pct(b, sizeof b, r->m[FK_VM_CR2].coverage, da);
        pct(c, sizeof c, d->conf, da);
        n = (size_t)snprintf(buf, len, da ?
                "Med %zu og %zu kommuner dækker det individuelle interval den "
                "sande effekt i %s af gentagelserne, CR2-intervallet i %s "
                "(nominelt %s)." :
                "With %zu and %zu municipalities the individual interval "
                "covers the truth in %s of repetitions, the CR2 interval in "
                "%s (nominal %s).", per[FK_TRIAL], per[FK_CONTROL], a, b, c);
        if (!r->margin_test || n >= len)
                return buf;
        pct(a, sizeof a, r->m[FK_VM_INDIVIDUAL].rejection_rate, da);
        pct(b, sizeof b, r->m[FK_VM_CR2].rejection_rate, da);
        pct(c, sizeof c, (1 - d->conf) / 2, da);
        if (isfinite(d->effect)) {
                fmt_shortest(e, sizeof e, r->truth);
                snprintf(buf + n, len - n, da ?
                         " Med en sand effekt på %s erklærer det individuelle "
                         "interval non-inferioritet i %s af gentagelserne, "
                         "CR2-intervallet i %s." :
                         " With a true effect of %s the individual interval "
                         "declares non-inferiority in %s of repetitions, the "
                         "CR2 interval in %s.", e, a, b);
        } else {
                snprintf(buf + n, len - n, da ?
                         " Når forsøgsarmen er ringere med netop marginen, "
                         "erklærer det individuelle interval non-inferioritet "
                         "i %s af gentagelserne, CR2-intervallet i %s "
                         "(nominelt højst %s)." :
                         " When the trial arm is worse by exactly the margin, "
                         "the individual interval declares non-inferiority in "
                         "%s of repetitions, the CR2 interval in %s (nominal "
                         "at most %s).", a, b, c);
        }
        return buf;
}

static const char *method_label(int i)
{
        static const char *const l[FK_VM_COUNT] = {
                "individual", "cr2", "wild_bootstrap", "randomization"
        };

        return l[i];
}

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

        fprintf(out, "inside each: wild bootstrap %zu %s weight vectors "
                "(%s), randomization %.0f assignments (%s)",
                r->wild_reps, r->wild_weights ? r->wild_weights : "",
                all ? "all" : "drawn", r->ri_assignments,
                r->ri_exact ? "all" : "drawn");
}

static int render_text(FILE *out, const struct fk_validate_info *vi,
                       const struct fk_validate_design *d,
                       const struct fk_validate_result *r)
{
        size_t per[2];
        double people[2];
        char a[NB], b[NB], c[NB], e[NB], f[NB], g[NB], s[1024], q[ESC];

        arms_count(d, per, people);
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
        fprintf(out, "  truth:   %s %s", effect_label(d),
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

                fprintf(out, "%-16s %-16s %-18s %-20s %-18s %-16s %s\n",
                        method_label(i),
                        with_mcse(a, sizeof a, v->coverage, v->coverage_mcse, 1),
                        with_mcse(b, sizeof b, v->mean_width,
                                  v->mean_width_mcse, 0),
                        with_mcse(c, sizeof c, v->bias, v->bias_mcse, 0),
                        with_mcse(e, sizeof e, v->rmse, v->rmse_mcse, 0),
                        with_mcse(f, sizeof f, v->rejection_rate,
                                  v->rejection_mcse, 1),
                        with_mcse(g, sizeof g, v->mean_se, v->mean_se_mcse, 0));
        }
        fprintf(out, "(Monte Carlo standard errors in brackets; the wild "
                "bootstrap and randomization give p-values only%s)\n\n",
                r->margin_test ? " and test only the null of no difference"
                               : "");
        for (int i = 0; i < 2; i++)
                if (r->m[i].valid < r->reps)
                        fprintf(out, "%s: %zu of %zu repetitions gave no "
                                "interval\n", method_label(i),
                                r->reps - r->m[i].valid, r->reps);
        fprintf(out, "%s\n", fk_validate_sentence(s, sizeof s, d, r, "en"));
        return ferror(out) ? FK_EIO : FK_OK;
}

/* Decimal commas for Danish: every '.' between digits becomes ','. */
static char *da_num(char *s, int da)
{
        for (char *p = s; da && *p; p++)
                if (*p == '.' && p > s && p[1] >= '0' && p[1] <= '9' &&
                    p[-1] >= '0' && p[-1] <= '9')
                        *p = ',';
        return s;
}

static const char *md_inner(char *buf, size_t len,
                            const struct fk_validate_design *d,
                            const struct fk_validate_result *r, int da)
{
        int webb = r->wild_weights && !strcmp(r->wild_weights, "webb");
        int all = pow(webb ? 6 : 2, (double)d->G) <= (double)r->inner_reps;

        if (r->inner_reps == 0)
                snprintf(buf, len, da ? "uden wild bootstrap og "
                         "randomisering" : "without the wild bootstrap and "
                         "randomization");
        else
                snprintf(buf, len, da ?
                         "i hver %s%zu wild bootstrap-trækninger og %s%.0f "
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
                "individuelt", "CR2", "wild bootstrap", "randomisering"
        };
        int da = lang && !strcmp(lang, "da");
        char a[NB], b[NB], c[NB], e[NB], f[NB], g[NB], s[1024], q[ESC];
        size_t per[2];
        double people[2];

        arms_count(d, per, people);
        if (vi && vi->outcome)
                fprintf(out, da ? "### Validering af %s\n\n" :
                        "### Validation of %s\n\n",
                        fk_md_escape(q, sizeof q, vi->outcome));
        fprintf(out, da ?
                "%zu forsøgs- og %zu sammenligningskommuner (%.0f og %.0f "
                "personer), ICC %s, sand %s %s; %zu gentagelser, seed %lu, "
                "%s.\n\n" :
                "%zu trial and %zu control municipalities (%.0f and %.0f "
                "people), ICC %s, true %s %s; %zu repetitions, seed %lu, "
                "%s.\n\n",
                per[FK_TRIAL], per[FK_CONTROL], people[FK_TRIAL],
                people[FK_CONTROL], (fmt_num(a, sizeof a, d->icc, 4), da_num(a, da)),
                da ? (d->type == FK_TYPE_BINARY ? "forskel i andele" :
                      "forskel i gennemsnit") : effect_label(d),
                (fmt_shortest(b, sizeof b, r->truth), da_num(b, da)), r->reps,
                r->seed, md_inner(s, sizeof s, d, r, da));
        fprintf(out, da ?
                "| metode | dækning | gns. bredde | bias | rmse | %s | "
                "gns. se |\n|---|---:|---:|---:|---:|---:|---:|\n" :
                "| method | coverage | mean width | bias | rmse | %s | "
                "mean se |\n|---|---:|---:|---:|---:|---:|---:|\n",
                r->margin_test ? (da ? "non-inferior" : "non-inferior") :
                                 (da ? "afvisning" : "rejection"));
        for (int i = 0; i < FK_VM_COUNT; i++) {
                const struct fk_validate_method *v = &r->m[i];

                fprintf(out, "| %s | %s | %s | %s | %s | %s | %s |\n",
                        da ? da_method[i] : method_label(i),
                        da_num(with_mcse(a, sizeof a, v->coverage,
                                         v->coverage_mcse, 1), da),
                        da_num(with_mcse(b, sizeof b, v->mean_width,
                                         v->mean_width_mcse, 0), da),
                        da_num(with_mcse(c, sizeof c, v->bias, v->bias_mcse,
                                         0), da),
                        da_num(with_mcse(e, sizeof e, v->rmse, v->rmse_mcse,
                                         0), da),
                        da_num(with_mcse(f, sizeof f, v->rejection_rate,
                                         v->rejection_mcse, 1), da),
                        da_num(with_mcse(g, sizeof g, v->mean_se,
                                         v->mean_se_mcse, 0), da));
        }
        fprintf(out, da ? "\nMonte Carlo-standardfejl i parentes.\n\n%s\n" :
                "\nMonte Carlo standard errors in brackets.\n\n%s\n",
                fk_validate_sentence(s, sizeof s, d, r, da ? "da" : "en"));
        return ferror(out) ? FK_EIO : FK_OK;
}

int fk_render_validate(FILE *out, enum fk_format fmt,
                       const struct fk_validate_info *vi,
                       const struct fk_validate_design *d,
                       const struct fk_validate_result *r)
{
        json_t *doc;
        int rc;

        switch (fmt) {
        case FK_FMT_TEXT:
                return render_text(out, vi, d, r);
        case FK_FMT_MARKDOWN:
                return fk_validate_markdown(out, vi, d, r, "en");
        case FK_FMT_JSON:
                if (!(doc = fk_json_validate(vi, d, r)))
                        return FK_ENOMEM;
                rc = fk_json_write(out, doc);
                json_decref(doc);
                return rc;
        default:
                return FK_EUSAGE;
        }
}
