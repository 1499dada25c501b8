/* The comparison of one outcome on a table: column lookup, type
 * inference, collecting the arms' values, the statistics of stats/, the
 * stratified and cluster-level analyses.  Shared by `fkstat compare`,
 * `fkstat plot` and `fkstat report`; see include/fkstat/analyse.h. */
#include "fkstat/analyse.h"
#include "report/analyse_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fkstat/binary.h"
#include "fkstat/numeric.h"
#include "fkstat/strata.h"
#include "fkstat/timetojob.h"
#include "report/merge.h"

/* Pass a note (type inferred, rows left out, few clusters) to the caller. */
void analyse_say(const struct fk_compare_spec *o, const char *fmt, ...)
{
        char msg[FK_NOTE_MAX + 128];
        va_list ap;

        if (!o->note)
                return;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        o->note(o->note_ctx, msg);
}

/* An error found while reading rows names the first input file when the
 * row itself did not. */
static int in_file(const struct fk_table *t, struct fk_error *err)
{
        if (!err->file[0])
                snprintf(err->file, sizeof err->file, "%s", fk_table_file(t, 0));
        return err->code;
}

static int is_trial_word(const char *s)
{
        static const char *const words[] = {
                "trial", "forsøg", "forsog", "treatment", "intervention", "1"
        };

        for (size_t i = 0; i < sizeof words / sizeof *words; i++)
                if (!strcasecmp(s, words[i]))
                        return 1;
        return 0;
}

static int arms_resolve(const struct fk_table *t, long col, const char *trial,
                        const char *control, struct fk_arms *a,
                        struct fk_error *err);

/* The arms' data errors name the input file when there is only one. */
int fk_arms_resolve(const struct fk_table *t, long col, const char *trial,
                    const char *control, struct fk_arms *a,
                    struct fk_error *err)
{
        int rc = arms_resolve(t, col, trial, control, a, err);

        if (rc == FK_EDATA && !err->file[0] && fk_table_nfiles(t) == 1) {
                const char *f = fk_table_file(t, 0);

                snprintf(err->file, sizeof err->file, "%s",
                         strcmp(f, "-") ? f : "<stdin>");
        }
        return rc;
}

static int arms_resolve(const struct fk_table *t, long col, const char *trial,
                        const char *control, struct fk_arms *a,
                        struct fk_error *err)
{
        const char *vals[3] = { NULL, NULL, NULL };
        size_t nv = 0, seen[2] = { 0, 0 };
        const char *name = fk_table_colname(t, (size_t)col);

        a->col = col;
        if (fk_table_nrows(t) == 0)
                return fk_error_set(err, FK_EDATA, NULL, 0,
                                    "no rows after the header");
        for (size_t r = 0; r < fk_table_nrows(t) && nv < 3; r++) {
                const char *v = fk_table_cell(t, r, (size_t)col);
                size_t i;

                if (!v)
                        continue;
                for (i = 0; i < nv; i++)
                        if (!strcmp(vals[i], v))
                                break;
                if (i == nv)
                        vals[nv++] = v;
        }
        if (!trial && !control) {
                if (nv < 2)
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "column '%s' has %zu distinct "
                                            "value%s; a comparison needs two "
                                            "arms", fk_quote(name).s, nv,
                                            nv == 1 ? "" : "s");
                if (nv > 2)
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "column '%s' has more than two "
                                            "values ('%s', '%s', '%s', ...); "
                                            "name the arms with --trial and "
                                            "--control", fk_quote(name).s,
                                            fk_quote(vals[0]).s,
                                            fk_quote(vals[1]).s,
                                            fk_quote(vals[2]).s);
                if (is_trial_word(vals[0]) == is_trial_word(vals[1]))
                        return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                            "cannot tell which of '%s' and "
                                            "'%s' in column '%s' is the trial "
                                            "arm; say --trial",
                                            fk_quote(vals[0]).s,
                                            fk_quote(vals[1]).s,
                                            fk_quote(name).s);
                trial = is_trial_word(vals[0]) ? vals[0] : vals[1];
                control = trial == vals[0] ? vals[1] : vals[0];
        } else if (!trial || !control) {
                const char *given = trial ? trial : control, *other = NULL;

                if (nv > 2)
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "column '%s' has more than two "
                                            "values; name both --trial and "
                                            "--control", fk_quote(name).s);
                for (size_t i = 0; i < nv; i++)
                        if (strcmp(vals[i], given))
                                other = vals[i];
                if (!other)
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "column '%s' has no arm besides "
                                            "'%s'", fk_quote(name).s,
                                            fk_quote(given).s);
                if (trial)
                        control = other;
                else
                        trial = other;
        }
        if (!strcmp(trial, control))
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "--trial and --control are both '%s'",
                                    trial);
        a->trial = trial;
        a->control = control;
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                int arm = fk_arms_of_row(a, t, r);

                if (arm >= 0)
                        seen[arm]++;
        }
        for (int arm = 0; arm < 2; arm++)
                if (!seen[arm])
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "%s arm '%s' has no rows in "
                                            "column '%s'",
                                            arm == FK_TRIAL ? "trial" :
                                            "control", arm == FK_TRIAL ?
                                            trial : control,
                                            fk_quote(name).s);
        return FK_OK;
}

int fk_arms_of_row(const struct fk_arms *a, const struct fk_table *t, size_t row)
{
        const char *v = fk_table_cell(t, row, (size_t)a->col);

        if (!v)
                return -1;
        if (!strcmp(v, a->trial))
                return FK_TRIAL;
        if (!strcmp(v, a->control))
                return FK_CONTROL;
        return -1;
}

/* A column's name as quoted in a message. */
struct fk_quote analyse_colq(const struct fk_table *t, long col)
{
        return fk_quote(fk_table_colname(t, (size_t)col));
}

/* A row's frequency weight: 1, or the --freq count. */
int analyse_row_weight(const struct fk_table *t, long fcol, size_t r,
                      double *w, struct fk_error *err)
{
        const char *s;
        unsigned long long k;

        *w = fk_table_row_weight(t, r);
        if (fcol < 0)
                return FK_OK;
        s = fk_table_cell(t, r, (size_t)fcol);
        if (!s)
                return fk_error_set(err, FK_EDATA, fk_table_row_file(t, r),
                                    fk_table_row_line(t, r),
                                    "column '%s': the frequency is missing",
                                    analyse_colq(t, fcol).s);
        if (fk_parse_count(s, fk_table_decimal(t), &k))
                return fk_error_set(err, FK_EDATA, fk_table_row_file(t, r),
                                    fk_table_row_line(t, r),
                                    "column '%s': '%s' is not a non-negative "
                                    "whole number",
                                    analyse_colq(t, fcol).s,
                                    fk_quote(s).s);
        *w *= (double)k;
        return FK_OK;
}

int analyse_count_cell(const struct fk_table *t, long col, size_t r,
                      double *out, int *missing, struct fk_error *err)
{
        const char *s = fk_table_cell(t, r, (size_t)col);
        unsigned long long k;

        *missing = !s;
        if (!s)
                return FK_OK;
        if (fk_parse_count(s, fk_table_decimal(t), &k))
                return fk_error_set(err, FK_EDATA, fk_table_row_file(t, r),
                                    fk_table_row_line(t, r),
                                    "column '%s': '%s' is not a non-negative "
                                    "whole number",
                                    analyse_colq(t, col).s,
                                    fk_quote(s).s);
        *out = (double)k;
        return FK_OK;
}

/* Tally successes and trials per arm from individual rows (ocol) or from
 * aggregated rows (scol, tcol), each weighted by --freq. */
/* Per-stratum 2x2 counts for --strata: the strata in order of first
 * appearance. */
struct strata_tally {
        long col;                       /* -1: no --strata */
        const char *name;               /* its name */
        size_t k, cap, last;
        const char **names;
        struct fk_stratum *s;
        double missing;                 /* rows without a stratum */
};

static void strata_free(struct strata_tally *st)
{
        free(st->names);
        free(st->s);
}

static struct fk_stratum *stratum_of(struct strata_tally *st,
                                     const char *name, struct fk_error *err)
{
        size_t i;

        if (st->k && !strcmp(st->names[st->last], name))
                return &st->s[st->last];
        for (i = 0; i < st->k; i++)
                if (!strcmp(st->names[i], name))
                        break;
        if (i == st->k) {
                if (st->k == st->cap) {
                        size_t cap = st->cap ? 2 * st->cap : 16;
                        const char **nn = realloc(st->names, cap * sizeof *nn);
                        struct fk_stratum *ns;

                        if (nn)
                                st->names = nn;
                        ns = nn ? realloc(st->s, cap * sizeof *ns) : NULL;
                        if (!ns) {
                                fk_error_set(err, FK_ENOMEM, NULL, 0,
                                             "out of memory");
                                return NULL;
                        }
                        st->s = ns;
                        st->cap = cap;
                }
                st->names[i] = name;
                st->s[i] = (struct fk_stratum){ 0, 0, 0, 0 };
                st->k++;
        }
        st->last = i;
        return &st->s[i];
}

/* Add w rows with s successes of k trials to the row's stratum. */
static int strata_add(struct strata_tally *st, const struct fk_table *t,
                      size_t r, int arm, double s, double k,
                      struct fk_error *err)
{
        const char *name;
        struct fk_stratum *z;

        if (!st || st->col < 0)
                return FK_OK;
        name = fk_table_cell(t, r, (size_t)st->col);
        if (!name) {
                st->missing += k;
                return FK_OK;
        }
        if (!(z = stratum_of(st, name, err)))
                return err->code;
        if (arm == FK_TRIAL) {
                z->x1 += s;
                z->n1 += k;
        } else {
                z->x2 += s;
                z->n2 += k;
        }
        return FK_OK;
}

/* Mantel–Haenszel analysis of the strata into r->stratified. */
static int stratify(const struct fk_compare_spec *o,
                    const struct strata_tally *st, double conf,
                    struct fk_outcome_result *r, struct fk_error *err)
{
        struct fk_stratified f;
        int rc;

        if (st->missing > 0)
                analyse_say(o, "%s: %.0f rows without a value in column '%s' "
                         "are left out of the stratified analysis", r->outcome,
                         st->missing, st->name);
        rc = fk_stratified(st->s, st->k, conf, &f, err);
        if (rc)
                return rc;
        {
                size_t both = 0;

                for (size_t i = 0; i < st->k; i++)
                        both += st->s[i].n1 > 0 && st->s[i].n2 > 0;
                if (both == 0)
                        fk_result_note(r, "no stratum of '%s' holds both arms, "
                                       "so the stratified estimates are null "
                                       "(stratify by something that varies "
                                       "within the arms)", st->name);
                else if (both < st->k)
                        fk_result_note(r, "%zu of %zu strata of '%s' hold only "
                                       "one arm and add nothing to the "
                                       "stratified estimates", st->k - both,
                                       st->k, st->name);
        }
        r->has_strata = 1;
        snprintf(r->strata, sizeof r->strata, "%s", st->name);
        r->nstrata = st->k;
        r->mh_or = f.mh_or;
        r->mh_or_ci[0] = f.mh_or_ci[0];
        r->mh_or_ci[1] = f.mh_or_ci[1];
        r->mh_rd = f.mh_rd;
        r->mh_rd_ci[0] = f.mh_rd_ci[0];
        r->mh_rd_ci[1] = f.mh_rd_ci[1];
        r->cmh = f.cmh;
        r->cmh_p = f.cmh_p;
        r->bd = f.bd;
        r->bd_p = f.bd_p;
        r->bd_df = f.bd_df;
        return FK_OK;
}

/* Whether row r lacks a value in the cluster column (none: clcol < 0).
 * Such rows are left out of the whole outcome, so that every number of an
 * outcome comes from the same rows. */
static int no_cluster(const struct fk_table *t, long clcol, size_t r)
{
        return clcol >= 0 && !fk_table_cell(t, r, (size_t)clcol);
}

/* Tally successes and trials per arm (and per stratum when st is given)
 * from individual rows (ocol) or from aggregated rows (scol, tcol), each
 * weighted by --freq. */
static int tally_binary(const struct fk_table *t, const struct fk_arms *a,
                        long ocol, long scol, long tcol, long fcol, long clcol,
                        double x[2], double n[2], double excl[2],
                        double *nocl, struct strata_tally *st,
                        struct fk_error *err)
{
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                int arm = fk_arms_of_row(a, t, r), miss_s, miss_t, v;
                double w, s = 0, k = 0;

                if (arm < 0)
                        continue;
                if (analyse_row_weight(t, fcol, r, &w, err))
                        return err->code;
                if (ocol >= 0) {
                        const char *cell = fk_table_cell(t, r, (size_t)ocol);

                        if (!cell) {
                                excl[arm] += w;
                                continue;
                        }
                        if (fk_parse_binary(cell, &v))
                                return fk_error_set(err, FK_EDATA,
                                        fk_table_row_file(t, r),
                                        fk_table_row_line(t, r),
                                        "column '%s': '%s' is not a binary value",
                                        analyse_colq(t, ocol).s,
                                        fk_quote(cell).s);
                        s = v;
                        k = 1;
                        if (no_cluster(t, clcol, r)) {
                                excl[arm] += w;
                                *nocl += w;
                                continue;
                        }
                } else {
                        if (analyse_count_cell(t, scol, r, &s, &miss_s, err) ||
                            analyse_count_cell(t, tcol, r, &k, &miss_t, err))
                                return err->code;
                        if (miss_s || miss_t) {
                                excl[arm] += miss_t ? w : w * k;
                                continue;
                        }
                        if (s > k)
                                return fk_error_set(err, FK_EDATA,
                                        fk_table_row_file(t, r),
                                        fk_table_row_line(t, r),
                                        "column '%s': %.0f successes exceed "
                                        "%.0f trials",
                                        analyse_colq(t, scol).s,
                                        s, k);
                        if (no_cluster(t, clcol, r)) {
                                excl[arm] += w * k;
                                *nocl += w * k;
                                continue;
                        }
                }
                x[arm] += w * s;
                n[arm] += w * k;
                if (strata_add(st, t, r, arm, w * s, w * k, err))
                        return err->code;
        }
        return FK_OK;
}

/* Infer the type of an outcome column from its values: binary when every
 * observed value is a binary word; ordinal when they are whole numbers
 * from 1 to 7 (a Likert scale); count for other non-negative whole
 * numbers; continuous for other numbers.  See METHODS.md. */
static int infer_type(const struct fk_table *t, long col, enum fk_type *type,
                      struct fk_error *err)
{
        int binary = 1, whole = 1, v;
        double lo = INFINITY, hi = -INFINITY, x;

        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                const char *s = fk_table_cell(t, r, (size_t)col);

                if (!s)
                        continue;
                if (binary && !fk_parse_binary(s, &v))
                        continue;
                binary = 0;
                if (fk_parse_double(s, fk_table_decimal(t), &x))
                        return fk_error_set(err, FK_EDATA,
                                fk_table_row_file(t, r), fk_table_row_line(t, r),
                                "column '%s': '%s' is neither a number nor a "
                                "binary value",
                                analyse_colq(t, col).s,
                                fk_quote(s).s);
                whole &= !(x - floor(x) > 0);
                lo = fmin(lo, x);
                hi = fmax(hi, x);
        }
        if (binary)
                *type = FK_TYPE_BINARY;
        else if (whole && lo >= 1 && hi <= 7)
                *type = FK_TYPE_ORDINAL;
        else if (whole && lo >= 0)
                *type = FK_TYPE_COUNT;
        else
                *type = FK_TYPE_CONTINUOUS;
        return FK_OK;
}

struct samples {
        double *x[2], *w[2];
        size_t k[2];
        double exposure[2];
};

static void samples_free(struct samples *sm)
{
        for (int a = 0; a < 2; a++) {
                free(sm->x[a]);
                free(sm->w[a]);
        }
}

/* Collect the values of a count, ordinal or continuous outcome per arm,
 * with their --freq weights and --exposure sums, checking each value. */
static int collect_numeric(const struct fk_table *t, const struct fk_arms *a,
                           long ocol, long fcol, long ecol, long clcol,
                           enum fk_type type, struct samples *sm,
                           double excl[2], double *nocl, struct fk_error *err)
{
        size_t cap = fk_table_nrows(t) + 1;
        const char *name = fk_table_colname(t, (size_t)ocol);

        for (int i = 0; i < 2; i++) {
                sm->x[i] = malloc(cap * sizeof(double));
                sm->w[i] = malloc(cap * sizeof(double));
                sm->k[i] = 0;
                sm->exposure[i] = ecol >= 0 ? 0 : NAN;
                if (!sm->x[i] || !sm->w[i])
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
        }
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                int arm = fk_arms_of_row(a, t, r);
                const char *s;
                double w, x, e;

                if (arm < 0)
                        continue;
                if (analyse_row_weight(t, fcol, r, &w, err))
                        return err->code;
                s = fk_table_cell(t, r, (size_t)ocol);
                if (!s) {
                        excl[arm] += w;
                        continue;
                }
                if (fk_parse_double(s, fk_table_decimal(t), &x))
                        return fk_error_set(err, FK_EDATA,
                                fk_table_row_file(t, r), fk_table_row_line(t, r),
                                "column '%s': '%s' is not a number",
                                fk_quote(name).s, fk_quote(s).s);
                if (type == FK_TYPE_COUNT && (x < 0 || x - floor(x) > 0))
                        return fk_error_set(err, FK_EDATA,
                                fk_table_row_file(t, r), fk_table_row_line(t, r),
                                "column '%s': '%s' is not a count (a "
                                "non-negative whole number)",
                                fk_quote(name).s, fk_quote(s).s);
                if (type == FK_TYPE_ORDINAL && x - floor(x) > 0)
                        return fk_error_set(err, FK_EDATA,
                                fk_table_row_file(t, r), fk_table_row_line(t, r),
                                "column '%s': '%s' is not a level of an "
                                "ordinal scale (a whole number)",
                                fk_quote(name).s, fk_quote(s).s);
                if (no_cluster(t, clcol, r)) {
                        excl[arm] += w;
                        *nocl += w;
                        continue;
                }
                if (ecol >= 0) {
                        const char *es = fk_table_cell(t, r, (size_t)ecol);

                        if (!es || fk_parse_double(es, fk_table_decimal(t), &e)
                            || !(e > 0))
                                return fk_error_set(err, FK_EDATA,
                                        fk_table_row_file(t, r),
                                        fk_table_row_line(t, r),
                                        "column '%s': '%s' is not a positive "
                                        "person-time",
                                        analyse_colq(t, ecol).s,
                                        fk_quote(es ? es : "").s);
                        sm->exposure[arm] += w * e;
                }
                sm->x[arm][sm->k[arm]] = x;
                sm->w[arm][sm->k[arm]++] = w;
        }
        for (int i = 0; i < 2; i++)
                if ((sm->k[i] = merge_samples(sm->x[i], sm->w[i], sm->k[i]))
                    == (size_t)-1)
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
        return FK_OK;
}

struct durations {
        double *t[2], *e[2], *w[2];
        size_t k[2];
};

static void durations_free(struct durations *d)
{
        for (int a = 0; a < 2; a++) {
                free(d->t[a]);
                free(d->e[a]);
                free(d->w[a]);
        }
}

/* Collect (time, event, weight) per arm.  A missing or negative time or an
 * event other than 0/1 is a data error: censoring must be explicit. */
static int collect_durations(const struct fk_table *t, const struct fk_arms *a,
                             long tcol, long ecol, long fcol, long clcol,
                             struct durations *d, double excl[2],
                             double *nocl, struct fk_error *err)
{
        size_t cap = fk_table_nrows(t) + 1;
        const char *tn = fk_table_colname(t, (size_t)tcol);
        const char *en = fk_table_colname(t, (size_t)ecol);

        for (int i = 0; i < 2; i++) {
                d->t[i] = malloc(cap * sizeof(double));
                d->e[i] = malloc(cap * sizeof(double));
                d->w[i] = malloc(cap * sizeof(double));
                d->k[i] = 0;
                if (!d->t[i] || !d->e[i] || !d->w[i])
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
        }
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                int arm = fk_arms_of_row(a, t, r), ev;
                const char *ts, *es;
                double w, x;

                if (arm < 0)
                        continue;
                if (analyse_row_weight(t, fcol, r, &w, err))
                        return err->code;
                ts = fk_table_cell(t, r, (size_t)tcol);
                es = fk_table_cell(t, r, (size_t)ecol);
                if (!ts || fk_parse_double(ts, fk_table_decimal(t), &x) || x < 0)
                        return fk_error_set(err, FK_EDATA,
                                fk_table_row_file(t, r), fk_table_row_line(t, r),
                                "column '%s': '%s' is not a time (a "
                                "non-negative number)", fk_quote(tn).s,
                                fk_quote(ts ? ts : "").s);
                if (!es || fk_parse_binary(es, &ev))
                        return fk_error_set(err, FK_EDATA,
                                fk_table_row_file(t, r), fk_table_row_line(t, r),
                                "column '%s': '%s' is not an event indicator "
                                "(1 = job, 0 = censored)", fk_quote(en).s,
                                fk_quote(es ? es : "").s);
                if (no_cluster(t, clcol, r)) {
                        excl[arm] += w;
                        *nocl += w;
                        continue;
                }
                d->t[arm][d->k[arm]] = x;
                d->e[arm][d->k[arm]] = ev;
                d->w[arm][d->k[arm]++] = w;
        }
        for (int i = 0; i < 2; i++)
                if ((d->k[i] = merge_durations(d->t[i], d->e[i], d->w[i],
                                               d->k[i])) == (size_t)-1)
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
        return FK_OK;
}


/* The verdict on the individual level: the interval of the verdict effect;
 * kept as the secondary verdict when the analysis is clustered. */
static void verdict_individual(struct fk_outcome_result *r)
{
        struct fk_verdict *v = &r->verdict;
        const struct fk_effect *e = fk_result_effect(r, v->measure);

        v->basis = FK_BASIS_INDIVIDUAL;
        if (e) {
                v->estimate = e->estimate;
                v->ci[0] = e->ci[0];
                v->ci[1] = e->ci[1];
        }
        v->individual_result = v->result;
        v->individual_p_value = v->p_value;
}

static int column(const struct fk_table *t, const char *name, long *col,
                  struct fk_error *err)
{
        *col = -1;
        if (!name)
                return FK_OK;
        *col = fk_table_col(t, name);
        if (*col < 0)
                return fk_error_set(err, FK_EUSAGE, fk_table_file(t, 0), 0,
                                    "no column '%s' in the header", name);
        return FK_OK;
}

int fk_compare_columns(const struct fk_table *t,
                       const struct fk_compare_spec *o,
                       const char *const *outcomes, size_t n,
                       struct fk_error *err)
{
        const char *cols[] = { o->arm, o->successes, o->trials, o->freq,
                               o->exposure, o->strata,
                               fk_cluster_auto(o->cluster) ||
                               fk_cluster_none(o->cluster) ? NULL : o->cluster,
                               o->time, o->event };
        long c;

        for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
                if (column(t, cols[i], &c, err))
                        return err->code;
        if (!o->successes && !o->time)
                for (size_t i = 0; i < n; i++)
                        if (column(t, outcomes[i], &c, err))
                                return err->code;
        return FK_OK;
}

int fk_cluster_auto(const char *cluster)
{
        return !cluster || !strcasecmp(cluster, "auto");
}

int fk_cluster_none(const char *cluster)
{
        return cluster && !strcasecmp(cluster, "none");
}

static const char *const cluster_names[] = {
        "kommune", "kommunenavn", "kommunekode", "municipality", "cluster"
};

const char *const *fk_cluster_candidates(size_t *n)
{
        *n = sizeof cluster_names / sizeof *cluster_names;
        return cluster_names;
}

/* Whether a header name is one --cluster auto looks for (trimmed, any
 * case). */
static int is_cluster_name(const char *name)
{
        size_t n;

        while (*name == ' ' || *name == '\t')
                name++;
        n = strlen(name);
        while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
                n--;
        for (size_t i = 0; i < sizeof cluster_names / sizeof *cluster_names;
             i++)
                if (strlen(cluster_names[i]) == n &&
                    !strncasecmp(name, cluster_names[i], n))
                        return 1;
        return 0;
}

/* Whether the arms are nested in column col: every value belongs to one
 * arm only and each arm has at least two values; *missing says whether a
 * row of an arm lacks a value.  FK_ENOMEM. */
static int arms_nested(const struct fk_table *t, const struct fk_arms *a,
                       long col, int *nested, int *missing,
                       struct fk_error *err)
{
        const char **val = NULL;
        int *arm_of = NULL;
        size_t nv = 0, cap = 0, last = 0, per[2] = { 0, 0 };

        *nested = *missing = 0;
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                int arm = fk_arms_of_row(a, t, r);
                const char *v;
                size_t i;

                if (arm < 0)
                        continue;
                if (!(v = fk_table_cell(t, r, (size_t)col))) {
                        *missing = 1;
                        continue;
                }
                if (nv && !strcmp(val[last], v)) {
                        i = last;
                } else {
                        for (i = 0; i < nv; i++)
                                if (!strcmp(val[i], v))
                                        break;
                }
                if (i == nv) {
                        if (nv == cap) {
                                size_t nc = cap ? 2 * cap : 64;
                                const char **nvv = realloc(val, nc * sizeof *nvv);
                                int *na = nvv ? realloc(arm_of, nc * sizeof *na)
                                              : NULL;

                                if (nvv)
                                        val = nvv;
                                if (!na) {
                                        free(val);
                                        free(arm_of);
                                        return fk_error_set(err, FK_ENOMEM,
                                                            NULL, 0,
                                                            "out of memory");
                                }
                                arm_of = na;
                                cap = nc;
                        }
                        val[nv] = v;
                        arm_of[nv++] = arm;
                        per[arm]++;
                } else if (arm_of[i] != arm) {
                        goto done;
                }
                last = i;
        }
        *nested = per[0] >= 2 && per[1] >= 2;
done:
        free(val);
        free(arm_of);
        return FK_OK;
}

int fk_cluster_detect(const struct fk_table *t, const struct fk_arms *a,
                      long *col, long *near, struct fk_error *err)
{
        *col = *near = -1;
        for (size_t j = 0; j < fk_table_ncols(t); j++) {
                int nested, missing;

                if (!is_cluster_name(fk_table_colname(t, j)))
                        continue;
                if (arms_nested(t, a, (long)j, &nested, &missing, err))
                        return err->code;
                if (nested && !missing) {
                        *col = (long)j;
                        return FK_OK;
                }
                if (nested && *near < 0)
                        *near = (long)j;
        }
        return FK_OK;
}

/* The cluster column of the spec: named, detected (--cluster auto, the
 * default) or none. */
static int cluster_column(const struct fk_table *t,
                          const struct fk_compare_spec *o,
                          const struct fk_arms *a, const char *name,
                          long *col, int *detected, struct fk_error *err)
{
        long near;

        *detected = 0;
        *col = -1;
        if (fk_cluster_none(o->cluster))
                return FK_OK;
        if (!fk_cluster_auto(o->cluster))
                return column(t, o->cluster, col, err);
        if (fk_cluster_detect(t, a, col, &near, err))
                return err->code;
        *detected = *col >= 0;
        if (*col < 0 && near >= 0)
                analyse_say(o, "%s: not clustered: column '%s' looks like the "
                            "municipality, but some rows have no value; say "
                            "--cluster '%s' to cluster by it (those rows are "
                            "then left out) or --cluster none", name,
                            analyse_colq(t, near).s, analyse_colq(t, near).s);
        return FK_OK;
}

int fk_compare_outcome(const struct fk_table *t,
                       const struct fk_compare_spec *o, const struct fk_arms *a,
                       const char *name, struct fk_outcome_result *r,
                       struct fk_error *err)
{
        long scol, tcol, fcol, ecol, stcol, clcol, tmcol, evcol, ocol;
        double excl[2] = { 0, 0 }, nocl = 0;
        enum fk_type type = o->type;
        int detected;

        if (column(t, o->successes, &scol, err) ||
            column(t, o->trials, &tcol, err) ||
            column(t, o->freq, &fcol, err) ||
            column(t, o->exposure, &ecol, err) ||
            column(t, o->strata, &stcol, err) ||
            cluster_column(t, o, a, name, &clcol, &detected, err) ||
            column(t, o->time, &tmcol, err) ||
            column(t, o->event, &evcol, err))
                return err->code;
        ocol = o->successes || o->time ? -1 : fk_table_col(t, name);
        if (!o->successes && !o->time && ocol < 0)
                return fk_error_set(err, FK_EUSAGE, fk_table_file(t, 0), 0,
                                    "no column '%s' in the header", name);

        if (type == FK_TYPE_AUTO) {
                if (o->successes)
                        type = FK_TYPE_BINARY;
                else if (infer_type(t, ocol, &type, err))
                        return err->code;
                else
                        analyse_say(o, "%s: type %s (inferred from its "
                                 "values; say --type to override)",
                                 name, fk_type_name(type));
        }
        fk_result_init(r, name, type, o->better, o->conf);
        if (o->strata && type != FK_TYPE_BINARY) {
                return fk_error_set(err, FK_EUSAGE, NULL, 0, "--strata is for binary outcomes; "
                               "'%s' is %s", name,
                               fk_type_name(type));
        }
        if (detected)
                analyse_say(o, "%s: clustered by column '%s' (detected: each "
                            "of its values lies in one arm; --cluster none "
                            "turns this off)", name,
                            analyse_colq(t, clcol).s);
        if (type == FK_TYPE_SURVIVAL) {
                struct fk_survival_opts so = {
                        o->conf, o->better, o->margin, o->km_ci, o->ties,
                        o->at, o->nat, o->table
                };
                struct durations dd = { { NULL, NULL }, { NULL, NULL },
                                        { NULL, NULL }, { 0, 0 } };
                struct fk_durations d2[2];
                int bad;

                if (!isnan(o->margin) && !(o->margin < 1)) {
                        return fk_error_set(err, FK_EUSAGE, NULL, 0, "--margin for a hazard "
                                       "ratio must be below 1");
                }
                bad = collect_durations(t, a, tmcol, evcol, fcol, clcol,
                                        &dd, excl, &nocl, err);
                for (int k = 0; k < 2; k++) {
                        d2[k].time = dd.t[k];
                        d2[k].event = dd.e[k];
                        d2[k].w = dd.w[k];
                        d2[k].k = dd.k[k];
                }
                r->excluded[FK_TRIAL] = excl[FK_TRIAL];
                r->excluded[FK_CONTROL] = excl[FK_CONTROL];
                if (!bad)
                        bad = fk_survival_compare(d2, &so, r, err);
                durations_free(&dd);
                if (bad)
                        return in_file(t, err);
        } else if (type == FK_TYPE_BINARY) {
                struct fk_binary_opts bo = { o->conf, o->rd_method,
                                             o->better, o->margin };
                double x[2] = { 0, 0 }, n[2] = { 0, 0 };

                if (!isnan(o->margin) && !(o->margin < 1)) {
                        return fk_error_set(err, FK_EUSAGE, NULL, 0, "--margin for the binary "
                                       "outcome '%s' must be below 1 "
                                       "(a risk difference)", name);
                }
                struct strata_tally st = { stcol, o->strata, 0, 0, 0,
                                           NULL, NULL, 0 };
                int bad;

                bad = tally_binary(t, a, ocol, scol, tcol, fcol, clcol, x,
                                   n, excl, &nocl, &st, err);
                if (!bad && stcol >= 0)
                        bad = stratify(o, &st, o->conf, r, err);
                strata_free(&st);
                if (bad)
                        return err->code;
                r->excluded[FK_TRIAL] = excl[FK_TRIAL];
                r->excluded[FK_CONTROL] = excl[FK_CONTROL];
                if (fk_binary_compare(x, n, &bo, r, err))
                        return in_file(t, err);
        } else {
                struct fk_numeric_opts no = {
                        o->conf, o->better, o->margin, o->rd_method,
                        o->top, o->has_levels, o->level_min, o->level_max
                };
                struct samples sm = { { NULL, NULL }, { NULL, NULL },
                                      { 0, 0 }, { NAN, NAN } };
                struct fk_sample s2[2];
                int bad;

                bad = collect_numeric(t, a, ocol, fcol, ecol, clcol, type,
                                      &sm, excl, &nocl, err);
                for (int k = 0; k < 2 && !bad; k++) {
                        s2[k].x = sm.x[k];
                        s2[k].w = sm.w[k];
                        s2[k].k = sm.k[k];
                        s2[k].exposure = sm.exposure[k];
                }
                r->excluded[FK_TRIAL] = excl[FK_TRIAL];
                r->excluded[FK_CONTROL] = excl[FK_CONTROL];
                if (!bad)
                        bad = fk_numeric_compare(s2, &no, r, err);
                samples_free(&sm);
                if (bad)
                        return in_file(t, err);
        }
        verdict_individual(r);
        if (nocl > 0) {
                fk_result_note(r, "%.0f people without a value in column "
                               "'%s' are excluded from this outcome",
                               nocl, fk_table_colname(t, (size_t)clcol));
                analyse_say(o, "%s: %.0f people without a value in column "
                            "'%s' are excluded", name, nocl,
                            analyse_colq(t, clcol).s);
        }
        if (clcol >= 0) {
                r->cluster_detected = detected;
                if (analyse_cluster(t, a, clcol, ocol, scol, tcol, fcol, o,
                                    r, err))
                        return in_file(t, err);
        }
        return FK_OK;
}
