/* The results of a report: the multiplicity adjustment of each section's
 * primary p-value, results.json and results.csv.  Split from
 * report/report.c, which runs the plan; see report/report_int.h. */
#include "report/report_int.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fkstat/adjust.h"
#include "fkstat/bundle.h"
#include "fkstat/charts.h"
#include "fkstat/didanalyse.h"
#include "fkstat/render_json.h"

/* The primary p-value of a section, the one the multiplicity rule
 * adjusts: binary pearson_chisq (the verdict's p with a margin), count and
 * continuous welch_t, ordinal brunner_munzel, survival logrank.  When the
 * people are clustered the verdict's basis decides instead, so that p,
 * interval and verdict agree: the verdict's one-sided p with a margin,
 * else the two-sided CR2 (or Lin–Wei) p. */
static void primary(struct rep_outcome *x)
{
        static const char *const tests[] = { NULL, "pearson_chisq", "welch_t",
                "brunner_munzel", "welch_t", "logrank" };
        const struct fk_verdict *v = &x->r.verdict;
        const struct fk_test *t;

        x->primary = tests[x->r.type];
        x->p = NAN;
        if (!isnan(v->margin) && (x->r.type == FK_TYPE_BINARY ||
                                  v->basis != FK_BASIS_INDIVIDUAL)) {
                x->primary = "verdict";
                x->p = v->p_value;
                return;
        }
        if (v->basis == FK_BASIS_CR2 || v->basis == FK_BASIS_LIN_WEI) {
                x->primary = fk_basis_name(v->basis);
                x->p = v->basis == FK_BASIS_CR2 ? x->r.cl.p_value :
                       x->r.cox_cl.p_value;
                return;
        }
        t = x->primary ? fk_result_test(&x->r, x->primary) : NULL;
        if (t)
                x->p = t->p_value;
}

/* The primary test of the documented rule, whatever the basis: its
 * adjusted p is written beside that test in results.json. */
static void primary_test(struct rep_outcome *x)
{
        static const char *const tests[] = { NULL, "pearson_chisq", "welch_t",
                "brunner_munzel", "welch_t", "logrank" };
        const struct fk_test *t;

        x->test = tests[x->r.type];
        x->test_p = NAN;
        if (x->r.type == FK_TYPE_BINARY && !isnan(x->r.verdict.margin)) {
                x->test = "verdict";
                x->test_p = x->r.verdict.p_value;
        } else if ((t = x->test ? fk_result_test(&x->r, x->test) : NULL)) {
                x->test_p = t->p_value;
        }
}

/* Adjust the n p-values of p in place by the plan's method (NaN for
 * none). */
static int adjust_set(const struct rep *r, double *p, size_t n,
                      struct fk_error *err)
{
        if (strcmp(r->plan->multiplicity, "none"))
                return fk_adjust_p(p, n, (enum fk_adjust_method)
                                   fk_adjust_method_parse(
                                           r->plan->multiplicity), p, err);
        for (size_t i = 0; i < n; i++)
                p[i] = NAN;
        return FK_OK;
}

int rep_adjust(struct rep *r, struct fk_error *err)
{
        size_t n = r->nout + r->ndid, k = 0;
        double *p = malloc((n ? n : 1) * sizeof *p);
        int rc;

        if (!p)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        /* on the verdicts' basis: the report's prose and results.csv */
        for (size_t i = 0; i < r->nout; i++) {
                primary(&r->out[i]);
                p[k++] = r->out[i].p;
        }
        /* did: CR2 with one start, the simple aggregate with staggered
         * starts (the verdict's basis either way) */
        for (size_t i = 0; i < r->ndid; i++)
                p[k++] = r->did[i].p = r->did[i].a.staggered ?
                                       r->did[i].a.s.simple.p_value :
                                       r->did[i].a.r.cr2.p_value;
        rc = adjust_set(r, p, n, err);
        k = 0;
        for (size_t i = 0; i < r->nout; i++)
                r->out[i].p_adj = p[k++];
        for (size_t i = 0; i < r->ndid; i++)
                r->did[i].p_adj = p[k++];
        /* the documented primary tests, beside which results.json has
         * p_adjusted */
        k = 0;
        for (size_t i = 0; !rc && i < r->nout; i++) {
                primary_test(&r->out[i]);
                p[k++] = r->out[i].test_p;
        }
        for (size_t i = 0; !rc && i < r->ndid; i++)
                p[k++] = r->did[i].p;
        if (!rc)
                rc = adjust_set(r, p, n, err);
        for (size_t i = 0; !rc && i < r->nout; i++)
                r->out[i].test_p_adj = p[i];
        free(p);
        return rc;
}

/* A string as JSON: text that is not UTF-8 (a file name) with its bytes
 * read as Latin-1, so that the member is never dropped. */
static json_t *text_json(const char *s)
{
        json_t *j;
        char *u;
        size_t n = 0;

        if (!s)
                return json_null();
        if ((j = json_string(s)))
                return j;
        u = malloc(2 * strlen(s) + 1);
        if (!u)
                return NULL;
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
                if (*p < 0x80) {
                        u[n++] = (char)*p;
                } else {
                        u[n++] = (char)(0xc0 | *p >> 6);
                        u[n++] = (char)(0x80 | (*p & 0x3f));
                }
        }
        u[n] = '\0';
        j = json_string(u);
        free(u);
        return j;
}

/* results.json's "study": the plan, its hash, and each data file with its
 * hash and rows. */
static json_t *study_json(const struct rep *r)
{
        json_t *st = json_object(), *data = json_array();

        json_object_set_new(st, "title", text_json(r->plan->title));
        json_object_set_new(st, "plan", text_json(r->plan->path));
        json_object_set_new(st, "plan_sha256", json_string(r->plan_sha));
        for (size_t i = 0; i < r->ntables; i++)
                json_array_append_new(data, json_pack("{s:o,s:s,s:I}",
                        "file", text_json(r->tables[i].name),
                        "sha256", r->tables[i].sha, "rows",
                        (json_int_t)r->tables[i].rows));
        json_object_set_new(st, "data", data);
        json_object_set_new(st, "lang", json_string(r->da ? "da" : "en"));
        json_object_set_new(st, "conf_level", json_real(r->plan->conf_level));
        json_object_set_new(st, "seed", json_integer((json_int_t)r->plan->seed));
        json_object_set_new(st, "multiplicity",
                            json_string(r->plan->multiplicity));
        return st;
}

/* The [validate] runs: each entry as fkstat validate --format json prints
 * it for the same options (without the header and arm), plus the label;
 * an outcome that cannot be simulated gets a note instead. */
static json_t *validate_json(const struct rep *r)
{
        json_t *a = json_array();

        for (size_t i = 0; i < r->nval; i++) {
                const struct rep_validate *v = &r->val[i];
                struct fk_validate_info vi = { NULL, v->x->r.outcome,
                                               v->x->r.cluster };
                json_t *e;

                if (v->ok)
                        e = fk_json_validate_entry(&vi, &v->d, &v->v);
                else
                        e = json_pack("{ssss}", "outcome", v->x->r.outcome,
                                      "note", v->why);
                if (e)
                        json_object_set_new(e, "label",
                                            json_string(v->x->label));
                json_array_append_new(a, e);
        }
        return a;
}

int rep_write_json(struct rep *r, struct fk_error *err)
{
        json_t *doc = json_object(), *files = json_array(), *sha = json_object();
        json_t *res = json_array(), *dids = json_array();
        const struct rep_outcome *o0 = r->nout ? &r->out[0] : NULL;
        char path[4096];
        FILE *f;
        int rc;

        json_object_set_new(doc, "fkstat", json_pack("{ssss}", "version",
                            FK_VERSION, "command", "report"));
        for (size_t i = 0; i < r->ntables; i++) {
                json_array_append_new(files, json_string(r->tables[i].name));
                json_object_set_new(sha, r->tables[i].name,
                                    json_string(r->tables[i].sha));
        }
        json_object_set_new(doc, "input", json_pack("{soso}", "files", files,
                            "sha256", sha));
        if (r->ntables) {
                json_t *in = json_object_get(doc, "input");
                const struct rep_table *t = &r->tables[0];
                char d[2] = { t->delim, 0 };
                char c[2] = { t->decimal, 0 };

                json_object_set_new(in, "rows",
                                    json_integer((json_int_t)t->rows));
                json_object_set_new(in, "delimiter", json_string(d[0] == '\t' ?
                                    "\t" : d));
                json_object_set_new(in, "decimal", json_string(c));
        }
        json_object_set_new(doc, "study", study_json(r));
        if (o0)
                json_object_set_new(doc, "arm", json_pack("{ssssss}", "column",
                                    r->plan->arm, "trial", o0->arms.trial,
                                    "control", o0->arms.control));
        for (size_t i = 0; i < r->nout; i++) {
                const struct rep_outcome *x = &r->out[i];
                json_t *e = fk_json_outcome(&x->r), *tests, *t;

                json_object_set_new(e, "label", json_string(x->label));
                /* the documented place: beside the primary test */
                tests = json_object_get(e, "tests");
                for (size_t k = 0; k < json_array_size(tests); k++) {
                        const char *name;

                        t = json_array_get(tests, k);
                        name = json_string_value(json_object_get(t, "test"));
                        if (x->test && name && !strcmp(name, x->test))
                                json_object_set_new(t, "p_adjusted",
                                                    fk_json_num(x->test_p_adj));
                }
                if (x->test && !strcmp(x->test, "verdict"))
                        json_object_set_new(json_object_get(e, "verdict"),
                                            "p_adjusted",
                                            fk_json_num(x->test_p_adj));
                /* and on the verdict's basis, which the prose uses, where
                 * that is another place */
                if (!strcmp(x->primary ? x->primary : "", "verdict")) {
                        if (!x->test || strcmp(x->test, "verdict"))
                                json_object_set_new(json_object_get(e,
                                                    "verdict"), "p_adjusted",
                                                    fk_json_num(x->p_adj));
                } else if (!strcmp(x->primary ? x->primary : "", "cr2") ||
                           !strcmp(x->primary ? x->primary : "", "lin_wei")) {
                        /* beside the cluster-level test, as did's cr2 */
                        t = json_object_get(json_object_get(e, "cluster"),
                                            strcmp(x->primary, "cr2") ?
                                            "robust" : "cr2");
                        if (json_is_object(t))
                                json_object_set_new(t, "p_adjusted",
                                                    fk_json_num(x->p_adj));
                }
                json_array_append_new(res, e);
        }
        for (size_t i = 0; i < r->ndid; i++) {
                const struct rep_did *x = &r->did[i];
                json_t *e = fk_json_did_analysis_entry(&x->info, &x->a);
                json_t *at;

                if (!e) {
                        json_decref(res);
                        json_decref(dids);
                        json_decref(doc);
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                }
                json_object_set_new(e, "label", json_string(x->label));
                /* p_adjusted beside the p that was adjusted */
                at = x->a.staggered ?
                     json_object_get(json_object_get(e, "aggregate"),
                                     "simple") : json_object_get(e, "cr2");
                if (json_is_object(at))
                        json_object_set_new(at, "p_adjusted",
                                            fk_json_num(x->p_adj));
                json_array_append_new(dids, e);
        }
        json_object_set_new(doc, "results", res);
        json_object_set_new(doc, "did", dids);
        if (r->plan->validate_line)
                json_object_set_new(doc, "validate", validate_json(r));
        snprintf(path, sizeof path, "%s/results.json", r->tmp);
        f = fopen(path, "w");
        if (!f) {
                json_decref(doc);
                if (errno == ENOMEM)
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                return fk_error_set(err, FK_EIO, path, 0, "cannot write");
        }
        rc = fk_json_write(f, doc);
        json_decref(doc);
        if (fclose(f) && !rc)
                rc = FK_EIO;
        if (rc == FK_ENOMEM)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        if (rc)
                return fk_error_set(err, FK_EIO, path, 0, "write error");
        return FK_OK;
}

/* The cells of results.csv in the plan's csv_dialect (render.h). */
static void csv_num(FILE *f, double x, const struct fk_csv_dialect *d)
{
        fputc(d->sep, f);
        fk_csv_num(f, x, d);
}

static void csv_text(FILE *f, const char *s, const struct fk_csv_dialect *d)
{
        fputc(d->sep, f);
        fk_csv_text(f, s, d);
}

/* The verdict columns of a row: its basis, the effect and interval judged
 * (cluster-level when clustered), the primary p and its adjustment, the
 * verdict; then the randomization p and the individual-level result:
 * estimate, interval, and individual[3] > 0 when there is one. */
static void csv_verdict(FILE *f, const struct fk_verdict *v,
                        const char *primary, double p, double p_adj,
                        const double individual[4],
                        const struct fk_csv_dialect *d)
{
        csv_text(f, v->measure, d);
        csv_text(f, fk_basis_name(v->basis), d);
        csv_num(f, v->estimate, d);
        csv_num(f, v->ci[0], d);
        csv_num(f, v->ci[1], d);
        csv_num(f, v->df, d);
        csv_text(f, primary ? primary : "", d);
        csv_num(f, p, d);
        csv_num(f, p_adj, d);
        csv_text(f, fk_verdict_name(v->result), d);
        csv_num(f, v->margin, d);
        csv_num(f, v->few_clusters, d);
        csv_num(f, v->ri_p, d);
        csv_num(f, individual[0], d);
        csv_num(f, individual[1], d);
        csv_num(f, individual[2], d);
        csv_text(f, individual[3] > 0 ?
                 fk_verdict_name(v->individual_result) : "", d);
        fputc('\n', f);
}

int rep_write_csv(struct rep *r, struct fk_error *err)
{
        char path[4096];
        FILE *f;

        snprintf(path, sizeof path, "%s/results.csv", r->tmp);
        f = fopen(path, "w");
        if (!f && errno == ENOMEM)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        if (!f)
                return fk_error_set(err, FK_EIO, path, 0, "cannot write: %s",
                                    strerror(errno));
        static const char *const head[] = {
                "section", "name", "label", "type", "measure", "basis",
                "estimate", "ci_low", "ci_high", "df", "primary_test",
                "p_value", "p_adjusted", "verdict", "margin", "few_clusters",
                "randomization_p", "individual_estimate", "individual_ci_low",
                "individual_ci_high", "individual_verdict"
        };
        struct fk_csv_dialect d = FK_CSV_DIALECT_INIT;

        if (r->plan->csv_dialect)
                fk_csv_dialect_parse(r->plan->csv_dialect, &d);
        fk_csv_begin(f, &d);
        for (size_t i = 0; i < sizeof head / sizeof *head; i++) {
                if (i)
                        fputc(d.sep, f);
                fputs(head[i], f);
        }
        fputc('\n', f);
        for (size_t i = 0; i < r->nout; i++) {
                const struct rep_outcome *x = &r->out[i];
                const struct fk_effect *e = fk_result_effect(&x->r,
                                                             x->r.verdict.measure);
                double ind[4] = { e ? e->estimate : NAN, e ? e->ci[0] : NAN,
                                  e ? e->ci[1] : NAN, 1 };

                fputs("outcome", f);
                csv_text(f, x->po->name, &d);
                csv_text(f, x->label, &d);
                csv_text(f, fk_type_name(x->r.type), &d);
                csv_verdict(f, &x->r.verdict, x->primary, x->p, x->p_adj, ind,
                            &d);
        }
        for (size_t i = 0; i < r->ndid; i++) {
                const struct rep_did *x = &r->did[i];
                double ind[4] = { NAN, NAN, NAN, 0 };   /* did has no
                                                           individual level */

                fputs("did", f);
                csv_text(f, x->pd->name, &d);
                csv_text(f, x->label, &d);
                csv_text(f, "did", &d);
                csv_verdict(f, &x->info.verdict, x->a.staggered ?
                            "cs_simple" : "cr2", x->p, x->p_adj, ind, &d);
        }
        if ((ferror(f) | fclose(f)) != 0)
                return fk_error_set(err, FK_EIO, path, 0, "write error");
        return FK_OK;
}
