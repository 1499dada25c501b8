/* fkstat report: plan → analyses → bundle.  This file runs the plan:
 * every [outcome] through compare's pipeline and every [did] through did's
 * (their data read by report/data.c), the adjustment of the primary
 * p-values, the [validate] runs, then the bundle — the charts
 * (report/draw.c), results.json and results.csv (report/results.c), the
 * document (report/document.c) and the PDF (report/pdf.c).  See
 * include/fkstat/report.h and METHODS.md. */
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/adjust.h"
#include "fkstat/bundle.h"
#include "fkstat/didanalyse.h"
#include "fkstat/render_json.h"

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
        rep_say(ctx, "%s", msg);
}

/* An [outcome]'s data file and compare's options, before any data is
 * read. */
static int prep_outcome(struct rep *r, struct rep_outcome *x,
                        struct fk_error *err)
{
        const struct fk_plan_outcome *po = x->po;
        const struct fk_plan *pl = r->plan;
        struct fk_compare_spec s = FK_COMPARE_SPEC_INIT;
        const char *name = po->column ? po->column : po->name;

        x->label = po->label ? po->label : po->name;
        x->data = rep_load_section(r, po->data, po->data_line, po->line,
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
        x->s = s;
        x->column = s.time && !po->column ? NULL : name;
        return FK_OK;
}

/* compare's pipeline on the table t of an [outcome]: its arms, then the
 * outcome into x->r. */
static int analyse_outcome(struct rep *r, struct rep_outcome *x,
                           const struct fk_table *t,
                           const struct fk_compare_spec *s,
                           struct fk_error *err)
{
        const struct fk_plan_outcome *po = x->po;
        const struct fk_plan *pl = r->plan;
        const char *name = po->column ? po->column : po->name;
        long acol = fk_table_col(t, s->arm);

        if (acol < 0)
                return fk_error_set(err, FK_EUSAGE, x->data->name, 0,
                                    "no arm column '%s' in the header",
                                    s->arm);
        if (fk_compare_columns(t, s, &name, 1, err) ||
            fk_arms_resolve(t, acol,
                            r->arm_list[0] ? r->arm_list[0] : pl->trial,
                            r->arm_list[1] ? r->arm_list[1] : pl->control,
                            &x->arms, err) ||
            fk_compare_outcome(t, s, &x->arms,
                               s->time && !po->column ? po->name : name,
                               &x->r, err))
                return err->code;
        return FK_OK;
}

/* An [outcome] through compare's pipeline: its table read as compare
 * reads it — its values without the whole table where that applies
 * (fk_compare_read_packed), else the summary of its columns or the whole
 * table — unless the shared reading gave it already. */
static int run_outcome(struct rep *r, struct rep_outcome *x,
                       struct fk_error *err)
{
        const struct fk_plan_outcome *po = x->po;
        const struct fk_plan *pl = r->plan;
        const struct fk_table *t = x->t;
        struct fk_compare_spec s = x->s;
        struct fk_notes_held h = { { NULL }, 0, 0 };
        int rc;

        if (x->shared) {
                rep_table_seen(r, x->data, t);
                rc = analyse_outcome(r, x, t, &s, err);
                goto done;
        }
        if (rep_table_packed(r, x->data, &s, x->column, &x->t, &t, err))
                return err->code;       /* names the data file, as a read */
        if (t && !x->t) {               /* the whole table */
                rc = analyse_outcome(r, x, t, &s, err);
                goto done;
        }
        if (t) {
                s.note = fk_notes_hold;      /* said if it succeeds */
                s.note_ctx = &h;
                rc = analyse_outcome(r, x, t, &s, err);
                s = x->s;
                if (!rc && !h.lost) {
                        fk_notes_say(&h, s.note, s.note_ctx);
                        goto done;
                }
                /* the first offending line is the whole table's to name */
                fk_notes_say(&h, NULL, NULL);
                fk_result_release(&x->r);
                memset(&x->r, 0, sizeof x->r);
                fk_table_free(x->t);
                x->t = NULL;
                *err = (struct fk_error)FK_ERROR_INIT;
        }
        if (rep_table_outcome(r, x->data, &s, x->column, &x->t, &t, err))
                return err->code;       /* names the data file, as a read */
        rc = analyse_outcome(r, x, t, &s, err);
done:
        if (rc)
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
static void did_note(void *ctx, const char *msg)
{
        const struct rep_did *x = ctx;

        rep_say(x->r, "[did %s]: %s", x->pd->name, msg);
}

/* A [did NAME] section as `fkstat did` runs its options (analyse/did.c):
 * one start period with treated or treated_units, or staggered starts
 * (start naming a column, or starts naming a file). */
static int prep_did(struct rep *r, struct rep_did *x, struct fk_error *err)
{
        const struct fk_plan_did *pd = x->pd;
        const struct fk_plan *pl = r->plan;
        struct fk_did_spec s = FK_DID_SPEC_INIT;
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
        x->data = rep_load_section(r, pd->data, pd->data_line, pd->line, "did",
                               pd->name, wide ? pd->period : NULL,
                               wide ? pd->outcome : NULL, err);
        if (!x->data)
                return err->code;
        if ((rc = rep_beside_plan(r, pd->starts, 0, &x->starts, err)) ||
            (rc = rep_beside_plan(r, pd->treated_units, 1, &x->treated_units,
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
        s.note_ctx = x;
        x->r = r;
        x->s = s;
        return FK_OK;
}

/* A [did] through did's pipeline: its table read as did reads it, unless
 * the shared reading gave it already. */
static int run_did(struct rep *r, struct rep_did *x, struct fk_error *err)
{
        const struct fk_plan_did *pd = x->pd;
        const struct fk_plan *pl = r->plan;
        const struct fk_did_spec s = x->s;
        size_t nt, nc;
        const struct fk_table *t = x->t;

        if (x->shared)
                rep_table_seen(r, x->data, t);
        else if (rep_table_did(r, x->data, &s, &x->t, &t, err))
                return err->code;       /* names the data file, as a read */
        if (fk_did_analyse(t, &s, &x->a, err))
                return in_section(r, "did", pd->name, pd->line, err);
        if (x->a.panel.aggregated)
                rep_say(r, "[did %s]: several rows per %s and %s averaged into "
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
                rep_say(r, "warning: [did %s]: fewer than 5 units on a side",
                    pd->name);
        return FK_OK;
}

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

/* The analyses of the first nout outcomes and ndid dids. */
static int run_sections(struct rep *r, size_t nout, size_t ndid,
                        struct fk_error *err)
{
        int rc = FK_OK;

        for (size_t i = 0; i < nout && !rc; i++)
                rc = run_outcome(r, &r->out[i], err);
        for (size_t i = 0; i < ndid && !rc; i++)
                rc = run_did(r, &r->did[i], err);
        return rc;
}

/* The error of a report whose section after the first nout outcomes and
 * ndid dids failed before reading (rc, err): the first error of those
 * sections, else its own. */
static int run_before(struct rep *r, size_t nout, size_t ndid, int rc,
                      struct fk_error *err)
{
        struct fk_error first = *err;
        int rc2 = run_sections(r, nout, ndid, err);

        if (rc2)
                return rc2;
        *err = first;
        return rc;
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
                rep_say(&r, "%s: converted from Windows-1252 to UTF-8", o->plan);
        memcpy(r.plan_sha, r.plan->sha256, sizeof r.plan_sha);
        if ((rc = out_ok(&r, 0, err)) || (rc = rep_study_csv(&r, err)))
                goto done;
        r.out = calloc(r.plan->noutcomes + 1, sizeof *r.out);
        r.did = calloc(r.plan->ndids + 1, sizeof *r.did);
        if (!r.out || !r.did) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto done;
        }
        /* every section's file and options first, then one reading of
         * each file for the sections it can serve (report/share.c), then
         * the analyses.  A section whose file or options fail stops the
         * report as before: with the first error of the sections above
         * it, run as ever, else its own */
        for (size_t i = 0; i < r.plan->noutcomes; i++) {
                r.out[i].po = &r.plan->outcomes[i];
                r.nout = i + 1;
                if ((rc = prep_outcome(&r, &r.out[i], err))) {
                        rc = run_before(&r, i, 0, rc, err);
                        goto done;
                }
        }
        for (size_t i = 0; i < r.plan->ndids; i++) {
                r.did[i].pd = &r.plan->dids[i];
                r.ndid = i + 1;
                if ((rc = prep_did(&r, &r.did[i], err))) {
                        rc = run_before(&r, r.nout, i, rc, err);
                        goto done;
                }
        }
        if ((rc = rep_share(&r, err)) ||
            (rc = run_sections(&r, r.nout, r.ndid, err)))
                goto done;
        if ((rc = out_ok(&r, 1, err)) || (rc = rep_adjust(&r, err)) ||
            (rc = run_validate(&r, err)) ||
            (rc = fk_bundle_begin(o->dir, &r.tmp, err)) ||
            (rc = rep_charts(&r, err)) || (rc = rep_write_json(&r, err)) ||
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
