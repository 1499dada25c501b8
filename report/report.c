/* fkstat report: plan → analyses → bundle.  The analysis (this file):
 * read each data file once, compare every [outcome], fit every [did],
 * adjust the primary p-values, draw the charts, write results.json and
 * results.csv; report/document.c writes the prose.  See
 * include/fkstat/report.h and METHODS.md. */
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

static void say(const struct rep *r, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

static void say(const struct rep *r, const char *fmt, ...)
{
        char msg[600];
        va_list ap;

        if (!r->o->note)
                return;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        r->o->note(r->o->note_ctx, msg);
}

/* An error about a section that did not name a place gets the plan file
 * and the section's line, the section in the message. */
static int in_section(const struct rep *r, const char *kind, const char *name,
                      long line, struct fk_error *err)
{
        char msg[sizeof err->msg + sizeof err->file + 64];

        if (err->line > 0)
                return err->code;
        if (err->file[0])
                snprintf(msg, sizeof msg, "[%s %s]: %s: %s", kind, name,
                         err->file, err->msg);
        else
                snprintf(msg, sizeof msg, "[%s %s]: %s", kind, name, err->msg);
        return fk_error_set(err, err->code, r->plan->path, line, "%s", msg);
}

static struct rep_table *load(struct rep *r, const char *rel, long line,
                              const char *kind, const char *name,
                              struct fk_error *err)
{
        struct rep_table *t;
        char *path;

        if (!rel) {
                fk_error_set(err, FK_EUSAGE, r->plan->path, line,
                             "[%s %s]: no data file (set data in [study] or in "
                             "the section)", kind, name);
                return NULL;
        }
        path = fk_plan_path(r->plan, rel);
        if (!path) {
                fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                return NULL;
        }
        for (size_t i = 0; i < r->ntables; i++)
                if (!strcmp(r->tables[i].path, path)) {
                        free(path);
                        return &r->tables[i];
                }
        if (r->ntables == sizeof r->tables / sizeof *r->tables) {
                free(path);
                fk_error_set(err, FK_EUSAGE, r->plan->path, line,
                             "more than %zu data files",
                             sizeof r->tables / sizeof *r->tables);
                return NULL;
        }
        t = &r->tables[r->ntables];
        memset(t, 0, sizeof *t);
        t->path = path;
        t->name = rel;
        {
                const char *files[1] = { path };
                struct stat st;

                /* a data error (exit 1), not a usage error: the plan is
                 * well-formed, the file it names cannot be read */
                if (stat(path, &st) || !S_ISREG(st.st_mode)) {
                        fk_error_set(err, FK_EIO, r->plan->path, line,
                                     "[%s %s]: data file '%s' is not a "
                                     "readable file", kind, name, rel);
                        free(path);
                        return NULL;
                }
                if (fk_table_read(files, 1, &r->csv, &t->t, err) ||
                    fk_sha256_file(path, t->sha, err)) {
                        fk_table_free(t->t);
                        free(path);
                        return NULL;
                }
        }
        if (fk_table_converted(t->t))
                say(r, "%s: converted from Windows-1252 to UTF-8", rel);
        r->ntables++;
        return t;
}

/* A section's data: its own `data`, else the study's; errors name the line
 * of the `data` key that applies (the section's first line without one). */
static struct rep_table *load_section(struct rep *r, const char *data,
                                      long data_line, long line,
                                      const char *kind, const char *name,
                                      struct fk_error *err)
{
        const struct fk_plan *pl = r->plan;

        if (data)
                return load(r, data, data_line, kind, name, err);
        return load(r, pl->data, pl->data_line ? pl->data_line : line, kind,
                    name, err);
}

static int parse_at(const char *s, double *at, size_t *nat)
{
        char *end;

        *nat = 0;
        while (*s) {
                if (*nat == FK_MAX_AT)
                        return -1;
                at[*nat] = strtod(s, &end);
                if (end == s || !(at[*nat] >= 0) || !isfinite(at[*nat]))
                        return -1;
                (*nat)++;
                s = end;
                while (*s == ',' || *s == ' ')
                        s++;
        }
        return *nat ? 0 : -1;
}

static void note_cb(void *ctx, const char *msg)
{
        say(ctx, "%s", msg);
}

static int run_outcome(struct rep *r, struct rep_outcome *x,
                       struct fk_error *err)
{
        const struct fk_plan_outcome *po = x->po;
        const struct fk_plan *pl = r->plan;
        struct fk_compare_spec s = FK_COMPARE_SPEC_INIT;
        const char *name = po->column ? po->column : po->name;
        long acol;

        x->label = po->label ? po->label : po->name;
        x->data = load_section(r, po->data, po->data_line, po->line,
                               "outcome", po->name, err);
        if (!x->data)
                return err->code;
        s.arm = pl->arm;
        s.conf = pl->conf_level;
        s.seed = pl->seed;
        s.cluster = pl->cluster;
        s.table = 1;
        s.note = note_cb;
        s.note_ctx = r;
        if (po->type)
                s.type = (enum fk_type)fk_type_parse(po->type);
        if (po->better && !strcmp(po->better, "lower"))
                s.better = FK_BETTER_LOWER;
        s.margin = po->margin;
        s.successes = po->successes;
        s.trials = po->trials;
        s.freq = po->freq;
        s.exposure = po->exposure;
        s.time = po->time;
        s.event = po->event;
        if (po->top)
                s.top = po->top;
        if (po->time && s.type == FK_TYPE_AUTO)
                s.type = FK_TYPE_SURVIVAL;
        if (pl->strata && (s.type == FK_TYPE_BINARY || po->successes))
                s.strata = pl->strata;
        if (po->at && parse_at(po->at, s.at, &s.nat))
                return fk_error_set(err, FK_EUSAGE, pl->path, po->line,
                                    "[outcome %s]: at must list times, not "
                                    "'%s'", po->name, po->at);
        if (s.type == FK_TYPE_SURVIVAL && (!s.time || !s.event))
                return fk_error_set(err, FK_EUSAGE, pl->path, po->line,
                                    "[outcome %s]: a survival outcome needs "
                                    "time and event", po->name);
        acol = fk_table_col(x->data->t, s.arm);
        if (acol < 0)
                fk_error_set(err, FK_EUSAGE, x->data->name, 0,
                             "no arm column '%s' in the header", s.arm);
        if (acol < 0 ||
            fk_compare_columns(x->data->t, &s, &name, 1, err) ||
            fk_arms_resolve(x->data->t, acol,
                            r->arm_list[0] ? r->arm_list[0] : pl->trial,
                            r->arm_list[1] ? r->arm_list[1] : pl->control,
                            &x->arms, err) ||
            fk_compare_outcome(x->data->t, &s, &x->arms,
                               s.time && !po->column ? po->name : name,
                               &x->r, err))
                return in_section(r, "outcome", po->name, po->line, err);
        /* a list from a file is labelled as the plan gives it */
        if (r->arm_list[0] && x->arms.trial == r->arm_list[0])
                x->arms.trial = x->arms.label[0] = pl->trial;
        if (r->arm_list[1] && x->arms.control == r->arm_list[1])
                x->arms.control = x->arms.label[1] = pl->control;
        snprintf(x->r.outcome, sizeof x->r.outcome, "%s", po->name);
        return FK_OK;
}

static int run_did(struct rep *r, struct rep_did *x, struct fk_error *err)
{
        const struct fk_plan_did *pd = x->pd;
        const struct fk_plan *pl = r->plan;
        struct fk_panel_spec s = { pd->unit, pd->period, pd->outcome,
                                   pd->treated, pd->weight, pd->start };

        x->label = pd->label ? pd->label : pd->name;
        x->data = load_section(r, pd->data, pd->data_line, pd->line, "did",
                               pd->name, err);
        if (!x->data)
                return err->code;
        /* staggered starts and unit lists are `fkstat did`'s for now:
         * refused rather than read as a single start */
        if (pd->starts || pd->treated_units || pd->control_group ||
            pd->base_period || (pd->wide && strcmp(pd->wide, "no") &&
                                strcmp(pd->wide, "false") &&
                                strcmp(pd->wide, "0")) ||
            (pd->start && !fk_did_start_is_period(pd->start)))
                return fk_error_set(err, FK_EUSAGE, pl->path, pd->line,
                                    "[did %s]: staggered starts (start as a "
                                    "column, starts, control_group, "
                                    "base_period), treated_units and wide "
                                    "are not in the report yet; run 'fkstat "
                                    "did' for them", pd->name);
        if (!pd->unit || !pd->period || !pd->outcome || !pd->treated ||
            !pd->start)
                return fk_error_set(err, FK_EUSAGE, pl->path, pd->line,
                                    "[did %s]: unit, period, outcome, treated "
                                    "and start are required", pd->name);
        if (fk_panel_read(x->data->t, &s, &x->panel, err))
                return in_section(r, "did", pd->name, pd->line, err);
        if (x->panel.aggregated)
                say(r, "[did %s]: several rows per %s and %s averaged into "
                    "cells", pd->name, pd->unit, pd->period);
        if (fk_did_fit(&x->panel, pl->conf_level, 9999, pl->seed, &x->r, err))
                return in_section(r, "did", pd->name, pd->line, err);
        x->info.name = pd->name;
        x->info.unit = pd->unit;
        x->info.period = pd->period;
        x->info.outcome = pd->outcome;
        x->info.treated = pd->treated;
        x->info.weight = pd->weight;
        x->info.start = pd->start;
        x->info.better = pd->better && !strcmp(pd->better, "lower") ?
                         FK_BETTER_LOWER : FK_BETTER_HIGHER;
        x->info.conf_level = pl->conf_level;
        fk_did_verdict(&x->r, x->info.better, pd->margin, &x->info.verdict);
        if (x->r.units[0] < 5 || x->r.units[1] < 5)
                say(r, "warning: [did %s]: fewer than 5 units on a side",
                    pd->name);
        return FK_OK;
}

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

static int adjust(struct rep *r, struct fk_error *err)
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
        for (size_t i = 0; i < r->ndid; i++)
                p[k++] = r->did[i].p = r->did[i].r.cr2.p_value;
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

/* Is name already the name of a chart of this report? */
static int chart_taken(const struct rep *r, const char *name)
{
        if (!strcmp(r->forest, name))
                return 1;
        for (size_t i = 0; i < r->nout; i++)
                if (!strcmp(r->out[i].chart, name) ||
                    !strcmp(r->out[i].cchart, name))
                        return 1;
        for (size_t i = 0; i < r->ndid; i++)
                if (!strcmp(r->did[i].trend, name) ||
                    !strcmp(r->did[i].event, name))
                        return 1;
        return 0;
}

/* A chart file name from a section name: ASCII letters, digits, '_', '-',
 * and unique in the report (section names that differ only in other
 * characters, "tilfredshed_ø" and "tilfredshed_å", get "-2", "-3" ...). */
static void chart_name(const struct rep *r, char *buf, size_t len,
                       const char *prefix, const char *name,
                       const char *suffix)
{
        char tmp[80];
        size_t n = (size_t)snprintf(tmp, sizeof tmp, "%s", prefix);

        buf[0] = '\0';
        for (const char *s = name; *s && n + 1 < sizeof tmp - 24; s++) {
                char c = *s;

                tmp[n++] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-') ? c : '_';
        }
        tmp[n] = '\0';
        for (int k = 1;; k++) {
                char out[160];

                if (k == 1)
                        snprintf(out, sizeof out, "%s%s", tmp, suffix);
                else
                        snprintf(out, sizeof out, "%s-%d%s", tmp, k, suffix);
                if (strlen(out) < len && !chart_taken(r, out)) {
                        memcpy(buf, out, strlen(out) + 1);
                        return;
                }
        }
}

/* Draw; a missing gnuplot is remembered (the .gp and data stay). */
static int drawn(struct rep *r, int rc, char *name, struct fk_error *err)
{
        if (rc == FK_ENOTFOUND) {
                if (!r->no_gnuplot)
                        say(r, "gnuplot not found: the charts' .gp scripts "
                            "and data are written, not the pictures");
                r->no_gnuplot = 1;
                fk_error_clear(err);
                return FK_OK;
        }
        if (rc)
                name[0] = '\0';
        return rc;
}

static int charts(struct rep *r, struct fk_error *err)
{
        char dir[4096];
        struct fk_chart_text tx = { r->da, r->da ? "Forsøg" : "Trial",
                                    r->da ? "Sammenligning" : "Comparison",
                                    NULL };
        const struct fk_outcome_result **all;
        const char **labels;
        int rc = FK_OK;

        snprintf(dir, sizeof dir, "%s/charts", r->tmp);
        if (mkdir(dir, 0777))
                return fk_error_set(err, FK_EIO, dir, 0, "cannot create");
        for (size_t i = 0; i < r->nout; i++) {
                struct rep_outcome *x = &r->out[i];

                x->chart[0] = x->cchart[0] = '\0';
                chart_name(r, x->chart, sizeof x->chart, "outcome-",
                           x->po->name, "");
                if (drawn(r, fk_chart_outcome(&x->r, x->label, &tx, dir,
                                              x->chart, err), x->chart, err))
                        return err->code;
                if (!x->r.has_cluster || !x->r.nclusters)
                        continue;
                chart_name(r, x->cchart, sizeof x->cchart, "kommuner-",
                           x->po->name, "");
                if (drawn(r, fk_chart_clusters(&x->r, x->label, &tx, dir,
                                               x->cchart, err), x->cchart,
                          err))
                        return err->code;
        }
        if (r->nout > 0) {
                all = malloc(r->nout * sizeof *all);
                labels = malloc(r->nout * sizeof *labels);
                if (!all || !labels) {
                        free(all);
                        free(labels);
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                }
                for (size_t i = 0; i < r->nout; i++) {
                        all[i] = &r->out[i].r;
                        labels[i] = r->out[i].label;
                }
                snprintf(r->forest, sizeof r->forest, "forest");
                rc = drawn(r, fk_chart_forest(all, labels, r->nout, &tx, dir,
                                              r->forest, err), r->forest, err);
                free(all);
                free(labels);
                if (rc)
                        return rc;
        }
        for (size_t i = 0; i < r->ndid; i++) {
                struct rep_did *x = &r->did[i];

                x->trend[0] = x->event[0] = '\0';
                chart_name(r, x->trend, sizeof x->trend, "did-", x->pd->name,
                           "-trend");
                chart_name(r, x->event, sizeof x->event, "did-", x->pd->name,
                           "-eventstudy");
                if (drawn(r, fk_chart_trend(&x->panel, &x->r, x->label, &tx,
                                            dir, x->trend, err), x->trend, err) ||
                    drawn(r, fk_chart_eventstudy(&x->panel, &x->r, x->label,
                                                 &tx, dir, x->event, err),
                          x->event, err))
                        return err->code;
        }
        return FK_OK;
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
                        (json_int_t)fk_table_nrows(r->tables[i].t)));
        json_object_set_new(st, "data", data);
        json_object_set_new(st, "lang", json_string(r->da ? "da" : "en"));
        json_object_set_new(st, "conf_level", json_real(r->plan->conf_level));
        json_object_set_new(st, "seed", json_integer((json_int_t)r->plan->seed));
        json_object_set_new(st, "multiplicity",
                            json_string(r->plan->multiplicity));
        return st;
}

static int write_json(struct rep *r, struct fk_error *err)
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
                const struct fk_table *t = r->tables[0].t;
                char d[2] = { fk_table_delimiter(t), 0 };
                char c[2] = { fk_table_decimal(t), 0 };

                json_object_set_new(in, "rows",
                                    json_integer((json_int_t)fk_table_nrows(t)));
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
                json_t *e = fk_json_did_entry(&x->info, &x->panel, &x->r);

                json_object_set_new(e, "label", json_string(x->label));
                json_object_set_new(json_object_get(e, "cr2"), "p_adjusted",
                                    fk_json_num(x->p_adj));
                json_array_append_new(dids, e);
        }
        json_object_set_new(doc, "results", res);
        json_object_set_new(doc, "did", dids);
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

static int write_csv(struct rep *r, struct fk_error *err)
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
                csv_verdict(f, &x->info.verdict, "cr2", x->p, x->p_adj, ind,
                            &d);
        }
        if ((ferror(f) | fclose(f)) != 0)
                return fk_error_set(err, FK_EIO, path, 0, "write error");
        return FK_OK;
}

static void rep_free(struct rep *r)
{
        for (size_t i = 0; i < r->nout; i++)
                fk_result_release(&r->out[i].r);
        for (size_t i = 0; i < r->ndid; i++) {
                fk_did_release(&r->did[i].r);
                fk_panel_release(&r->did[i].panel);
        }
        for (size_t i = 0; i < r->ntables; i++) {
                fk_table_free(r->tables[i].t);
                free(r->tables[i].path);
        }
        free(r->out);
        free(r->did);
        if (r->tmp)
                fk_bundle_abort(r->tmp);
        free(r->tmp);
        fk_plan_free(r->plan);
        free(r->arm_list[0]);
        free(r->arm_list[1]);
}

static int study_csv(struct rep *r, struct fk_error *err)
{
        const struct fk_plan *p = r->plan;

        r->csv = (struct fk_csv_opts)FK_CSV_OPTS_INIT;
        if (p->delimiter)
                r->csv.delimiter = (!strcmp(p->delimiter, "tab") ||
                                    !strcmp(p->delimiter, "\\t")) ? '\t' :
                                   p->delimiter[0];
        if (p->decimal)
                r->csv.decimal = p->decimal[0];
        r->csv.na = p->na;
        /* trial = @FILE and control = @FILE name files beside the plan */
        for (int a = 0; a < 2; a++) {
                const char *v = a ? p->control : p->trial;
                char *path;

                if (!v || v[0] != '@')
                        continue;
                if (!(path = fk_plan_path(p, v + 1)) ||
                    !(r->arm_list[a] = malloc(strlen(path) + 2))) {
                        free(path);
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                }
                r->arm_list[a][0] = '@';
                strcpy(r->arm_list[a] + 1, path);
                free(path);
        }
        {
                const char *const keys[] = { "skip", "thousands", "encoding" };
                const char *const vals[] = { p->skip, p->thousands,
                                             p->encoding };

                for (size_t i = 0; i < 3; i++)
                        if (vals[i] && fk_csv_opt_set(&r->csv, keys[i], vals[i],
                                                      err))
                                return fk_error_set(err, FK_EUSAGE, p->path,
                                                    p->study_line, "[study] "
                                                    "%s: '%s' is not a valid "
                                                    "value", keys[i], vals[i]);
        }
        if (p->validate_line)
                say(r, "note: %s:%ld: the [validate] section is not written "
                    "into the report by this version; run 'fkstat validate' "
                    "on each clustered outcome", p->path, p->validate_line);
        if (p->noutcomes == 0 && p->ndids == 0)
                return fk_error_set(err, FK_EUSAGE, p->path, 0,
                                    "the plan has no [outcome] or [did] "
                                    "section");
        return FK_OK;
}

/* The output folder may be replaced (fk_bundle_check), and holds neither
 * the plan nor a data file: replacing it would delete them. */
static int out_ok(const struct rep *r, int data, struct fk_error *err)
{
        const char *dir = r->o->dir;
        int in = 0, rc;

        if (!data && (rc = fk_bundle_check(dir, err)))
                return rc;
        if (!data && (rc = fk_bundle_holds(dir, r->o->plan, &in, err)))
                return rc;
        if (in)
                return fk_error_set(err, FK_EUSAGE, dir, 0, "holds the plan "
                                    "file; name an output folder apart from "
                                    "the plan and its data");
        for (size_t i = 0; data && i < r->ntables; i++) {
                if ((rc = fk_bundle_holds(dir, r->tables[i].path, &in, err)))
                        return rc;
                if (in)
                        return fk_error_set(err, FK_EUSAGE, dir, 0, "holds "
                                            "the data file '%s'; name an "
                                            "output folder apart from the "
                                            "plan and its data",
                                            r->tables[i].name);
        }
        return FK_OK;
}

int fk_report_run(const struct fk_report_opts *o, struct fk_error *err)
{
        struct rep r;
        int rc;

        memset(&r, 0, sizeof r);
        r.o = o;
        if ((rc = fk_plan_read(o->plan, &r.plan, err)))
                return rc;
        r.da = !strcmp(o->lang ? o->lang : r.plan->lang, "da");
        if (r.plan->converted)
                say(&r, "%s: converted from Windows-1252 to UTF-8", o->plan);
        memcpy(r.plan_sha, r.plan->sha256, sizeof r.plan_sha);
        if ((rc = out_ok(&r, 0, err)) || (rc = study_csv(&r, err)))
                goto done;
        r.out = calloc(r.plan->noutcomes + 1, sizeof *r.out);
        r.did = calloc(r.plan->ndids + 1, sizeof *r.did);
        if (!r.out || !r.did) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto done;
        }
        for (size_t i = 0; i < r.plan->noutcomes; i++) {
                r.out[i].po = &r.plan->outcomes[i];
                r.nout = i + 1;
                if ((rc = run_outcome(&r, &r.out[i], err)))
                        goto done;
        }
        for (size_t i = 0; i < r.plan->ndids; i++) {
                r.did[i].pd = &r.plan->dids[i];
                r.ndid = i + 1;
                if ((rc = run_did(&r, &r.did[i], err)))
                        goto done;
        }
        if ((rc = out_ok(&r, 1, err)) || (rc = adjust(&r, err)) ||
            (rc = fk_bundle_begin(o->dir, &r.tmp, err)) ||
            (rc = charts(&r, err)) || (rc = write_json(&r, err)) ||
            (rc = write_csv(&r, err)) || (rc = rep_document(&r, err)) ||
            (rc = fk_bundle_commit(r.tmp, o->dir, err)))
                goto done;
        free(r.tmp);
        r.tmp = NULL;
done:
        rep_free(&r);
        return rc;
}
