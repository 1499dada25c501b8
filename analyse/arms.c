/* Arms and rows: which rows are in which arm, a row's weight and count
 * cells, column lookup, and notes to the caller — the helpers every step
 * of analyse/ uses; see include/fkstat/analyse.h. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyse/internal.h"
#include "fkstat/analyse.h"

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
int analyse_in_file(const struct fk_table *t, struct fk_error *err)
{
        if (!err->file[0])
                snprintf(err->file, sizeof err->file, "%s", fk_table_file(t, 0));
        return err->code;
}

static int is_trial_word(const char *s)
{
        static const char *const words[] = {
                "trial", "forsøg", "forsog", "treatment", "intervention", "1",
                "ja", "yes"
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

int analyse_column(const struct fk_table *t, const char *name, long *col,
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
                if (analyse_column(t, cols[i], &c, err))
                        return err->code;
        if (!o->successes && !o->time)
                for (size_t i = 0; i < n; i++)
                        if (analyse_column(t, outcomes[i], &c, err))
                                return err->code;
        return FK_OK;
}

