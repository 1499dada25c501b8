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
#include "fkstat/progress.h"
#include "fkstat/render_json.h"
#include "fkstat/stream.h"

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

static int same_str(const char *a, const char *b)
{
        return a == b || (a && b && !strcmp(a, b));
}

/* The table at rel, read once per path (and per wide reading: wide_period
 * and wide_value name the new columns of a wide table, NULL for long). */
static struct rep_table *load(struct rep *r, const char *rel, long line,
                              const char *kind, const char *name,
                              const char *wide_period, const char *wide_value,
                              struct fk_error *err)
{
        struct fk_csv_opts csv = r->csv;
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
                if (!strcmp(r->tables[i].path, path) &&
                    same_str(r->tables[i].wide_period, wide_period) &&
                    same_str(r->tables[i].wide_value, wide_value)) {
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
        t->wide_period = csv.wide_period = wide_period;
        t->wide_value = csv.wide_value = wide_value;
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
                (void)files;
                if (fk_sha256_file(path, t->sha, err)) {
                        free(path);
                        return NULL;
                }
        }
        r->ntables++;
        return t;
}

/* What the first read of d says about the file. */
static void table_seen(struct rep *r, struct rep_table *d,
                       const struct fk_table *t)
{
        if (d->read)
                return;
        d->read = 1;
        d->rows = fk_table_nrecords(t);
        d->delim = fk_table_delimiter(t);
        d->decimal = fk_table_decimal(t);
        if (fk_table_converted(t))
                say(r, "%s: converted from Windows-1252 to UTF-8", d->name);
}

/* The input options of d: the plan's, and its wide reading. */
static struct fk_csv_opts csv_of(const struct rep *r,
                                 const struct rep_table *d)
{
        struct fk_csv_opts csv = r->csv;

        csv.wide_period = d->wide_period;
        csv.wide_value = d->wide_value;
        return csv;
}

/* The whole table of d, read once. */
static int table_full(struct rep *r, struct rep_table *d,
                      const struct fk_table **use, struct fk_error *err)
{
        const char *files[1] = { d->path };
        struct fk_csv_opts csv = csv_of(r, d);

        if (!d->full && fk_table_read(files, 1, &csv, &d->full, err))
                return err->code;
        table_seen(r, d, d->full);
        *use = d->full;
        return FK_OK;
}

/* An [outcome]'s table, read as fkstat compare reads it: the summary of
 * the columns it needs (include/fkstat/stream.h), else the whole table.
 * *own is the summary (the caller frees it), NULL for the whole table. */
static int table_outcome(struct rep *r, struct rep_table *d,
                         const struct fk_compare_spec *s, const char *name,
                         struct fk_table **own, const struct fk_table **use,
                         struct fk_error *err)
{
        const char *files[1] = { d->path }, *cols[12];
        const char *want[] = { s->arm, s->successes, s->trials, s->freq,
                               s->strata, fk_cluster_auto(s->cluster) ||
                               fk_cluster_none(s->cluster) ? NULL : s->cluster,
                               s->time, s->event, name };
        struct fk_summary_opts so = { cols, 0, 0, 0, NULL, NULL, NULL, 0, 0,
                                      0 };
        struct fk_csv_opts csv = csv_of(r, d);

        *own = NULL;
        if (d->full || r->o->full_table || s->exposure)
                return table_full(r, d, use, err);
        for (size_t i = 0; i < sizeof want / sizeof *want; i++)
                if (want[i])
                        cols[so.ncolumns++] = want[i];
        if (fk_cluster_auto(s->cluster))
                so.columns_nocase = fk_cluster_candidates(&so.ncolumns_nocase);
        if (fk_table_read_summary(files, 1, &csv, &so, own, err))
                return err->code;
        if (!*own)
                return table_full(r, d, use, err);
        table_seen(r, d, *own);
        *use = *own;
        return FK_OK;
}

/* A [did]'s table, read as fkstat did reads it: the sets of its keys
 * (unit, period, treated, the start column, weight) with the outcome counted, or summed
 * once its values are many; else the whole table. */
static int table_did(struct rep *r, struct rep_table *d,
                     const struct fk_did_spec *ps, struct fk_table **own,
                     const struct fk_table **use, struct fk_error *err)
{
        const char *files[1] = { d->path }, *keys[5];
        struct fk_csv_opts csv = csv_of(r, d);
        struct fk_sets_spec ss = { keys, 0, &ps->outcome, 1, FK_NUMBERS_SUMS,
                                   0, 0, 0 };
        struct fk_summary_opts so = { NULL, 0, 0, 0, NULL, NULL, NULL, 0, 0,
                                      0 };
        struct fk_table **sets = NULL, *full = NULL;
        size_t nsets = 0;

        *own = NULL;
        if (d->full || r->o->full_table)
                return table_full(r, d, use, err);
        keys[ss.nkeys++] = ps->unit;
        keys[ss.nkeys++] = ps->period;
        if (ps->treated)
                keys[ss.nkeys++] = ps->treated;
        if (ps->start && !fk_did_start_is_period(ps->start))
                keys[ss.nkeys++] = ps->start;
        if (ps->weight)
                keys[ss.nkeys++] = ps->weight;
        if (fk_table_read_sets(files, 1, &csv, &so, &ss, &sets, &nsets,
                               &full, err))
                return err->code;
        for (size_t i = 1; i < nsets; i++)
                fk_table_free(sets[i]);
        *own = nsets ? sets[0] : NULL;
        free(sets);
        if (full) {             /* not asked for (no fallback): kept */
                d->full = full;
                table_seen(r, d, full);
                *use = full;
                return FK_OK;
        }
        if (!*own)
                return table_full(r, d, use, err);
        table_seen(r, d, *own);
        *use = *own;
        return FK_OK;
}

/* A section's data: its own `data`, else the study's; errors name the line
 * of the `data` key that applies (the section's first line without one). */
static struct rep_table *load_section(struct rep *r, const char *data,
                                      long data_line, long line,
                                      const char *kind, const char *name,
                                      const char *wide_period,
                                      const char *wide_value,
                                      struct fk_error *err)
{
        const struct fk_plan *pl = r->plan;

        if (data)
                return load(r, data, data_line, kind, name, wide_period,
                            wide_value, err);
        return load(r, pl->data, pl->data_line ? pl->data_line : line, kind,
                    name, wide_period, wide_value, err);
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
        const struct fk_table *t = NULL;
        long acol;

        x->label = po->label ? po->label : po->name;
        x->data = load_section(r, po->data, po->data_line, po->line,
                               "outcome", po->name, NULL, NULL, err);
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
        if (table_outcome(r, x->data, &s, s.time && !po->column ? NULL :
                          name, &x->t, &t, err))
                return err->code;       /* names the data file, as a read */
        acol = fk_table_col(t, s.arm);
        if (acol < 0)
                fk_error_set(err, FK_EUSAGE, x->data->name, 0,
                             "no arm column '%s' in the header", s.arm);
        if (acol < 0 ||
            fk_compare_columns(t, &s, &name, 1, err) ||
            fk_arms_resolve(t, acol,
                            r->arm_list[0] ? r->arm_list[0] : pl->trial,
                            r->arm_list[1] ? r->arm_list[1] : pl->control,
                            &x->arms, err) ||
            fk_compare_outcome(t, &s, &x->arms,
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

/* A note of the did pipeline, said with its section. */
struct did_note {
        const struct rep *r;
        const char *name;
};

static void did_note(void *ctx, const char *msg)
{
        const struct did_note *n = ctx;

        say(n->r, "[did %s]: %s", n->name, msg);
}

/* A plan value naming a file beside the plan: starts = FILE, or
 * treated_units = @FILE; NULL when v is NULL or (at) not a @FILE. */
static int beside_plan(const struct rep *r, const char *v, int at, char **out,
                       struct fk_error *err)
{
        char *path;

        *out = NULL;
        if (!v || (at && v[0] != '@'))
                return FK_OK;
        if (!(path = fk_plan_path(r->plan, v + at)) ||
            !(*out = malloc(strlen(path) + 2))) {
                free(path);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        snprintf(*out, strlen(path) + 2, "%s%s", at ? "@" : "", path);
        free(path);
        return FK_OK;
}

/* A [did NAME] section as `fkstat did` runs its options (analyse/did.c):
 * one start period with treated or treated_units, or staggered starts
 * (start naming a column, or starts naming a file). */
static int run_did(struct rep *r, struct rep_did *x, struct fk_error *err)
{
        const struct fk_plan_did *pd = x->pd;
        const struct fk_plan *pl = r->plan;
        struct fk_did_spec s = FK_DID_SPEC_INIT;
        struct did_note note = { r, pd->name };
        size_t nt, nc;
        const struct fk_table *t = NULL;
        int rc;
        int wide = pd->wide && (!strcmp(pd->wide, "yes") ||
                                !strcmp(pd->wide, "true") ||
                                !strcmp(pd->wide, "1"));

        x->label = pd->label ? pd->label : pd->name;
        if (wide && (!pd->period || !pd->outcome))
                return fk_error_set(err, FK_EUSAGE, pl->path, pd->line,
                                    "[did %s]: wide needs period and outcome "
                                    "(the names of the two new columns)",
                                    pd->name);
        if (!pd->unit || !pd->period || !pd->outcome ||
            (!pd->start && !pd->starts))
                return fk_error_set(err, FK_EUSAGE, pl->path, pd->line,
                                    "[did %s]: unit, period, outcome and "
                                    "start (or starts) are required",
                                    pd->name);
        if (pd->start && pd->starts)
                return fk_error_set(err, FK_EUSAGE, pl->path, pd->line,
                                    "[did %s]: start and starts are "
                                    "alternatives: give one", pd->name);
        if (pd->weight && (pd->starts || !fk_did_start_is_period(pd->start)))
                return fk_error_set(err, FK_EUSAGE, pl->path, pd->line,
                                    "[did %s]: weight does not go with "
                                    "per-unit starts (start naming a column, "
                                    "or starts): the staggered estimates are "
                                    "unweighted", pd->name);
        x->data = load_section(r, pd->data, pd->data_line, pd->line, "did",
                               pd->name, wide ? pd->period : NULL,
                               wide ? pd->outcome : NULL, err);
        if (!x->data)
                return err->code;
        if ((rc = beside_plan(r, pd->starts, 0, &x->starts, err)) ||
            (rc = beside_plan(r, pd->treated_units, 1, &x->treated_units,
                              err)))
                return rc;
        s.unit = pd->unit;
        s.period = pd->period;
        s.outcome = pd->outcome;
        s.treated = pd->treated;
        s.treated_units = x->treated_units ? x->treated_units :
                          pd->treated_units;
        s.start = pd->start;
        s.starts = x->starts;
        s.weight = pd->weight;
        if (pd->control_group)
                s.control_group = (enum fk_control_group)
                                  fk_control_group_parse(pd->control_group);
        if (pd->base_period)
                s.base_period = (enum fk_base_period)
                                fk_base_period_parse(pd->base_period);
        s.conf = pl->conf_level;
        s.seed = pl->seed;
        s.note = did_note;
        s.note_ctx = &note;
        if (table_did(r, x->data, &s, &x->t, &t, err))
                return err->code;       /* names the data file, as a read */
        if (fk_did_analyse(t, &s, &x->a, err))
                return in_section(r, "did", pd->name, pd->line, err);
        if (x->a.panel.aggregated)
                say(r, "[did %s]: several rows per %s and %s averaged into "
                    "cells", pd->name, pd->unit, pd->period);
        x->info.name = pd->name;
        x->info.unit = pd->unit;
        x->info.period = pd->period;
        x->info.outcome = pd->outcome;
        x->info.treated = pd->treated;
        x->info.treated_units = pd->treated_units;
        x->info.weight = pd->weight;
        x->info.start = pd->start;
        x->info.starts = pd->starts;
        x->info.control_group = s.control_group;
        x->info.base_period = s.base_period;
        x->info.better = pd->better && !strcmp(pd->better, "lower") ?
                         FK_BETTER_LOWER : FK_BETTER_HIGHER;
        x->info.conf_level = pl->conf_level;
        fk_did_analysis_verdict(&x->a, x->info.better, pd->margin,
                                &x->info.verdict);
        fk_did_analysis_units(&x->a, &nt, &nc);
        if (nt < 5 || nc < 5)
                say(r, "warning: [did %s]: fewer than 5 units on a side",
                    pd->name);
        return FK_OK;
}

/* Is name already the name of a chart of this report? */
/* Is name in the plan's [validate] outcomes (every one when none)? */
static int to_validate(const struct rep *r, const char *name)
{
        const char *l = r->plan->validate_outcomes;
        size_t n = strlen(name);

        while (l && *l) {
                l += strspn(l, " ,");
                if (!strncmp(l, name, n) && (l[n] == '\0' || l[n] == ',' ||
                                             l[n] == ' '))
                        return 1;
                l += strcspn(l, ",");
        }
        return !l;
}

/* The [validate] section: each clustered outcome asked for is simulated
 * once, as fkstat validate does with the plan's options, for the document
 * and results.json alike.  A design that cannot be simulated is kept with
 * the reason; only running out of memory stops the report. */
static int run_validate(struct rep *r, struct fk_error *err)
{
        if (!r->plan->validate_line)
                return FK_OK;
        r->val = calloc(r->nout + 1, sizeof *r->val);
        if (!r->val)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        fk_progress_set(NULL, NULL);
        for (size_t i = 0; i < r->nout; i++) {
                const struct rep_outcome *x = &r->out[i];
                struct rep_validate *v = &r->val[r->nval];
                struct fk_validate_opts o = FK_VALIDATE_OPTS_INIT;
                struct fk_error e = FK_ERROR_INIT;
                int rc;

                if (!to_validate(r, x->po->name) || !x->r.has_cluster)
                        continue;
                v->x = x;
                r->nval++;
                o.reps = r->plan->validate_reps;
                o.seed = r->plan->validate_seed_set ? r->plan->validate_seed :
                         r->plan->seed;
                rc = fk_validate_design_from_result(&x->r, NAN, &v->d, &e);
                if (!rc)
                        rc = fk_validate_run(&v->d, &o, &v->v, &e);
                if (rc == FK_ENOMEM)
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                v->ok = !rc;
                if (rc)
                        snprintf(v->why, sizeof v->why, "%s", e.msg);
        }
        return FK_OK;
}

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
                if (x->a.staggered) {
                        struct fk_stagger_data sd = {
                                &x->a.panel, x->a.period_ord, x->a.start,
                                (const char *const *)x->a.start_label };

                        if (drawn(r, fk_chart_stagger_trend(&sd, &x->a.s,
                                                            x->label, &tx, dir,
                                                            x->trend, err),
                                  x->trend, err))
                                return err->code;
                        if (!x->a.s.ndynamic)
                                x->event[0] = '\0';
                        else if (drawn(r, fk_chart_stagger_eventstudy(
                                               &x->a.s, x->info.base_period,
                                               x->label, &tx, dir, x->event,
                                               err), x->event, err))
                                return err->code;
                        continue;
                }
                if (drawn(r, fk_chart_trend(&x->a.panel, &x->a.r, x->label,
                                            &tx, dir, x->trend, err),
                          x->trend, err) ||
                    drawn(r, fk_chart_eventstudy(&x->a.panel, &x->a.r,
                                                 x->label, &tx, dir, x->event,
                                                 err), x->event, err))
                        return err->code;
        }
        return FK_OK;
}

static void rep_free(struct rep *r)
{
        for (size_t i = 0; i < r->nout; i++) {
                fk_result_release(&r->out[i].r);
                fk_table_free(r->out[i].t);
        }
        for (size_t i = 0; i < r->ndid; i++) {
                fk_did_analysis_release(&r->did[i].a);
                free(r->did[i].starts);
                free(r->did[i].treated_units);
                fk_table_free(r->did[i].t);
        }
        for (size_t i = 0; i < r->ntables; i++) {
                fk_table_free(r->tables[i].full);
                free(r->tables[i].path);
        }
        for (size_t i = 0; i < r->nval; i++)
                fk_validate_design_release(&r->val[i].d);
        free(r->val);
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
        struct fk_error pdf_err = FK_ERROR_INIT;
        int rc, pdf_rc = FK_OK;

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
        if ((rc = out_ok(&r, 1, err)) || (rc = rep_adjust(&r, err)) ||
            (rc = run_validate(&r, err)) ||
            (rc = fk_bundle_begin(o->dir, &r.tmp, err)) ||
            (rc = charts(&r, err)) || (rc = rep_write_json(&r, err)) ||
            (rc = rep_write_csv(&r, err)) || (rc = rep_document(&r, err)))
                goto done;
        /* the PDF from the finished bundle, put in place with it */
        if (o->pdf)
                pdf_rc = fk_bundle_pdf(r.tmp, &pdf_err);
        if ((rc = fk_bundle_commit(r.tmp, o->dir, err)))
                goto done;
        free(r.tmp);
        r.tmp = NULL;
        if (pdf_rc)
                rc = fk_error_set(err, pdf_rc, NULL, 0, "%s: report.pdf is "
                                  "not written; the rest of the report is in "
                                  "%s", pdf_err.msg, o->dir);
done:
        rep_free(&r);
        return rc;
}
