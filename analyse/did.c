/* The pipeline of `fkstat did`: the panel, who is treated and when, and
 * the estimates of the design; see include/fkstat/didanalyse.h. */
#include "fkstat/didanalyse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/did_int.h"
#include "fkstat/analyse.h"

#define LIST_MAX 4096           /* units in --treated-units */
#define LIST_BYTES (1L << 20)

/* One start period, a column of starts or a file of them. */
static int design(const struct fk_table *t, const struct fk_did_spec *s,
                  struct fk_did_analysis *a, struct fk_error *err)
{
        const char *v = s->start;

        if (!s->unit || !s->period || !s->outcome)
                return fk_error_set(err, FK_EUSAGE, NULL, 0, "--unit, "
                                    "--period and --outcome are required");
        if (v && s->starts)
                return fk_error_set(err, FK_EUSAGE, NULL, 0, "--start and "
                                    "--starts are alternatives: give one");
        if (s->treated && s->treated_units)
                return fk_error_set(err, FK_EUSAGE, NULL, 0, "--treated and "
                                    "--treated-units are alternatives: give "
                                    "one");
        if (s->starts)
                a->from = FK_DID_START_FILE;
        else if (!v)
                return fk_error_set(err, FK_EUSAGE, NULL, 0, "--start (a "
                                    "period, or a column of starts) or "
                                    "--starts is required");
        else if (fk_did_start_is_period(v))
                a->from = FK_DID_START_PERIOD;
        else if (fk_table_col(t, v) >= 0)
                a->from = FK_DID_START_COLUMN;
        else if (strlen(v) >= 4 && isdigit((unsigned char)v[0]) &&
                 isdigit((unsigned char)v[1]) && isdigit((unsigned char)v[2]) &&
                 isdigit((unsigned char)v[3]))
                a->from = FK_DID_START_PERIOD;  /* the panel says why not */
        else
                return fk_error_set(err, FK_EUSAGE, fk_table_file(t, 0), 0,
                                    "--start '%s' is neither a period ("
                                    FK_PERIOD_FORMS ") nor a column in the "
                                    "header", fk_quote(v).s);
        a->staggered = a->from != FK_DID_START_PERIOD;
        if (a->staggered && s->weight)
                return fk_error_set(err, FK_EUSAGE, NULL, 0, "--weight does "
                                    "not go with per-unit starts: the "
                                    "staggered estimates are unweighted");
        if (!a->staggered && !s->treated && !s->treated_units)
                return fk_error_set(err, FK_EUSAGE, NULL, 0, "--treated or "
                                    "--treated-units is required with one "
                                    "--start period");
        return FK_OK;
}

/* listed[u] = unit u is in --treated-units. */
static int list_units(const struct fk_did_spec *s, struct fk_did_analysis *a,
                      int *listed, struct fk_error *err)
{
        const struct fk_panel *p = &a->panel;
        char *buf = malloc(LIST_BYTES);
        const char **item = malloc(LIST_MAX * sizeof *item);
        size_t n = 0, absent = 0;
        const char *first = NULL;
        int rc;

        if (!buf || !item) {
                free(buf);
                free(item);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        rc = fk_value_list(s->treated_units, "--treated-units", buf,
                           LIST_BYTES, item, LIST_MAX, &n, err);
        for (size_t k = 0; !rc && k < n; k++) {
                int hit = 0;

                for (size_t u = 0; u < p->U; u++)
                        if (fk_arm_label_equal(p->unit_names[u], item[k])) {
                                hit = listed[u] = 1;
                        }
                if (!hit && !absent++)
                        first = item[k];
        }
        if (!rc && absent)
                did_say(s, "--treated-units: %zu listed unit%s not in column "
                        "'%s' (first: '%s')", absent, absent == 1 ? " is" :
                        "s are", s->unit, fk_quote(first).s);
        for (size_t u = 0; u < p->U; u++)
                a->treated_listed += (size_t)listed[u];
        free(buf);
        free(item);
        return rc;
}

static int one_start(const struct fk_table *t, const struct fk_did_spec *s,
                     struct fk_did_analysis *a, struct fk_error *err)
{
        struct fk_panel_spec ps = { s->unit, s->period, s->outcome,
                                    s->treated, s->weight, s->start };
        struct fk_panel *p = &a->panel;
        int rc = fk_panel_read(t, &ps, p, err);

        if (!rc && s->treated_units) {
                rc = list_units(s, a, p->treated, err);
                if (!rc && (a->treated_listed == 0 || a->treated_listed == p->U))
                        rc = fk_error_set(err, FK_EDATA, NULL, 0,
                                          "--treated-units: %s unit of column "
                                          "'%s' is listed: no %s unit",
                                          a->treated_listed ? "every" : "no",
                                          s->unit, a->treated_listed ?
                                          "control" : "treated");
        }
        if (!rc)
                rc = fk_did_fit(p, s->conf, (size_t)s->reps, s->seed, &a->r,
                                err);
        return rc;
}

/* --treated or --treated-units beside per-unit starts: they must agree. */
static int agree(const struct fk_did_spec *s, struct fk_did_analysis *a,
                 struct fk_error *err)
{
        struct fk_panel *p = &a->panel;
        int *listed = NULL, rc = FK_OK;
        char where[300];

        if (!s->treated && !s->treated_units)
                return FK_OK;
        if (s->treated_units) {
                listed = calloc(p->U + 1, sizeof *listed);
                if (!listed)
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                rc = list_units(s, a, listed, err);
                snprintf(where, sizeof where, "--treated-units");
        } else {
                snprintf(where, sizeof where, "column '%s'", s->treated);
        }
        for (size_t u = 0; !rc && u < p->U; u++) {
                int tr = listed ? listed[u] : p->treated[u];
                int has = a->start[u] != FK_STAGGER_NEVER;

                if (tr && !has)
                        rc = fk_error_set(err, FK_EDATA, NULL, 0, "unit '%s' is "
                                          "treated in %s but has no start",
                                          fk_quote(p->unit_names[u]).s, where);
                else if (!tr && has)
                        rc = fk_error_set(err, FK_EDATA, NULL, 0, "unit '%s' "
                                          "starts in %s but is not treated "
                                          "in %s",
                                          fk_quote(p->unit_names[u]).s,
                                          a->start_label[u], where);
        }
        free(listed);
        return rc;
}

static int staggered(const struct fk_table *t, const struct fk_did_spec *s,
                     struct fk_did_analysis *a, struct fk_error *err)
{
        struct fk_panel_spec ps = { s->unit, s->period, s->outcome,
                                    s->treated, NULL, NULL };
        struct fk_panel *p = &a->panel;
        struct fk_stagger_spec ss = { s->control_group, s->base_period,
                                      s->conf, (size_t)s->reps, s->seed };
        struct fk_stagger_data d;
        enum fk_period_kind kind = 0;
        int rc = fk_panel_read(t, &ps, p, err);

        if (rc)
                return rc;
        a->period_ord = malloc((p->T + 1) * sizeof *a->period_ord);
        if (!a->period_ord)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        for (size_t k = 0; k < p->T; k++)
                fk_period_parse(p->period_names[k], &kind, &a->period_ord[k]);
        rc = a->from == FK_DID_START_FILE ? did_starts_file(s, kind, a, err) :
             did_starts_column(t, s, kind, a, err);
        if (!rc)
                rc = agree(s, a, err);
        if (rc)
                return rc;
        for (size_t u = 0; u < p->U; u++)
                p->treated[u] = a->start[u] != FK_STAGGER_NEVER;
        d = (struct fk_stagger_data){ p, a->period_ord, a->start,
                                      (const char *const *)a->start_label };
        rc = fk_stagger_fit(&d, &ss, &a->s, err);
        for (size_t k = 0; !rc && k < a->s.nnotes; k++)
                did_say(s, "%s", a->s.notes[k]);
        return rc;
}

int fk_did_analyse(const struct fk_table *t, const struct fk_did_spec *spec,
                   struct fk_did_analysis *a, struct fk_error *err)
{
        int rc;

        memset(a, 0, sizeof *a);
        rc = design(t, spec, a, err);
        if (rc)
                return rc;
        return a->staggered ? staggered(t, spec, a, err) :
               one_start(t, spec, a, err);
}

void fk_did_analysis_verdict(const struct fk_did_analysis *a,
                             enum fk_better better, double margin,
                             struct fk_verdict *v)
{
        if (a->staggered)
                fk_stagger_verdict(&a->s, better, margin, v);
        else
                fk_did_verdict(&a->r, better, margin, v);
}

void fk_did_analysis_units(const struct fk_did_analysis *a, size_t *treated,
                           size_t *control)
{
        *treated = a->staggered ? a->s.units_treated : a->r.units[0];
        *control = a->staggered ? a->s.units_control : a->r.units[1];
}

void fk_did_analysis_release(struct fk_did_analysis *a)
{
        if (!a)
                return;
        fk_did_release(&a->r);
        fk_stagger_release(&a->s);
        for (size_t u = 0; a->start_label && u < a->panel.U; u++)
                free(a->start_label[u]);
        free(a->start_label);
        free(a->start);
        free(a->period_ord);
        fk_panel_release(&a->panel);
        a->start_label = NULL;
        a->start = a->period_ord = NULL;
}
