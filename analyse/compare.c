/* The pipeline of one outcome — `fkstat compare`, `plot` and `report`
 * all run it: find the columns and the cluster column (--cluster auto
 * detects it), infer the type, collect the outcome's rows once, then the
 * individual-level analysis (outcome.c) and, when clustered, the
 * cluster-level one (clustered.c), which decides the verdict.  See
 * include/fkstat/analyse.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/internal.h"
#include "fkstat/stream.h"

/* Whether the numbers of number row r are whole, and their range, into
 * *whole, *lo and *hi. */
static int numbers_range(const struct fk_table *t, size_t r,
                         const struct fk_numbers *nb, int *whole, double *lo,
                         double *hi, struct fk_error *err)
{
        struct fk_num_chunk v;
        void *buf = NULL;
        size_t cap = 0;
        int rc = FK_OK;

        *lo = fmin(*lo, nb->m.min);
        *hi = fmax(*hi, nb->m.max);
        for (size_t k = 0; k < nb->nchunks && *whole; k++) {
                if (fk_num_chunk_is_i32(&nb->chunks[k]) &&
                    nb->chunks[k].scale == 0)
                        continue;       /* whole numbers as stored */
                if ((rc = fk_num_chunk_load(&nb->chunks[k], &v, &buf, &cap)))
                        break;
                for (size_t i = 0; i < v.n; i++) {
                        double x = fk_num_chunk_value(&v, i);

                        *whole &= !(x - floor(x) > 0);
                }
        }
        free(buf);
        if (rc)
                return fk_error_set(err, rc, fk_table_row_file(t, r),
                                    fk_table_row_line(t, r),
                                    rc == FK_ENOMEM ? "out of memory" :
                                    "the temporary file of the numbers could "
                                    "not be read");
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
                const struct fk_numbers *nb = fk_table_row_numbers(t, r);

                if (nb && nb->n > 0 && fk_table_value_col(t) == col) {
                        /* a number row (many distinct values): no binary
                         * words among them */
                        binary = 0;
                        if (numbers_range(t, r, nb, &whole, &lo, &hi, err))
                                return err->code;
                        continue;
                }
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
        /* the numbers of a table read in order (include/fkstat/stream.h),
         * after its rows of cells (which are missing, or an error later
         * on, when there are numbers): as the rows above, in file order */
        for (size_t k = 0, nk; k < (fk_table_sequence(t, &nk), nk); k++) {
                const struct fk_seq_chunk *q = &fk_table_sequence(t, &nk)[k];

                for (size_t i = 0; i < q->v.n; i++) {
                        if (binary && i < q->words)
                                continue;
                        binary = 0;
                        x = fk_num_chunk_value(&q->v, i);
                        whole &= !(x - floor(x) > 0);
                        lo = fmin(lo, x);
                        hi = fmax(hi, x);
                }
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
                return analyse_column(t, o->cluster, col, err);
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

int fk_compare_outcome(const struct fk_table *t,
                       const struct fk_compare_spec *o, const struct fk_arms *a,
                       const char *name, struct fk_outcome_result *r,
                       struct fk_error *err)
{
        struct outcome_cols c;
        struct outcome_rows rows;
        enum fk_type type = o->type;
        int detected, rc;

        memset(&rows, 0, sizeof rows);
        if (analyse_column(t, o->successes, &c.s, err) ||
            analyse_column(t, o->trials, &c.k, err) ||
            analyse_column(t, o->freq, &c.f, err) ||
            analyse_column(t, o->exposure, &c.x, err) ||
            analyse_column(t, o->strata, &c.st, err) ||
            cluster_column(t, o, a, name, &c.cl, &detected, err) ||
            analyse_column(t, o->time, &c.tm, err) ||
            analyse_column(t, o->event, &c.ev, err))
                return err->code;
        c.o = o->successes || o->time ? -1 : fk_table_col(t, name);
        if (!o->successes && !o->time && c.o < 0)
                return fk_table_no_column(t, name, err);
        if (type == FK_TYPE_AUTO) {
                if (o->successes)
                        type = FK_TYPE_BINARY;
                else if (infer_type(t, c.o, &type, err))
                        return err->code;
                else
                        analyse_say(o, "%s: type %s (inferred from its "
                                    "values; say --type to override)",
                                    name, fk_type_name(type));
        }
        fk_result_init(r, name, type, o->better, o->conf);
        if (o->strata && type != FK_TYPE_BINARY)
                return fk_error_set(err, FK_EUSAGE, NULL, 0, "--strata is for "
                                    "binary outcomes; '%s' is %s", name,
                                    fk_type_name(type));
        if (!isnan(o->margin) && !(o->margin < 1) && type == FK_TYPE_SURVIVAL)
                return fk_error_set(err, FK_EUSAGE, NULL, 0, "--margin for a "
                                    "hazard ratio must be below 1");
        if (!isnan(o->margin) && !(o->margin < 1) && type == FK_TYPE_BINARY)
                return fk_error_set(err, FK_EUSAGE, NULL, 0, "--margin for the "
                                    "binary outcome '%s' must be below 1 (a "
                                    "risk difference)", name);
        if (detected)
                analyse_say(o, "%s: clustered by column '%s' (detected: each "
                            "of its values lies in one arm; --cluster none "
                            "turns this off)", name, analyse_colq(t, c.cl).s);
        rows.keyed = 1;         /* time to job: one key a person */
        rows.clustered = c.cl >= 0;
        rc = outcome_collect(t, a, &c, type, &rows, err);
        if (!rc) {
                r->excluded[FK_TRIAL] = rows.excl[FK_TRIAL];
                r->excluded[FK_CONTROL] = rows.excl[FK_CONTROL];
                rc = outcome_individual(&rows, o, o->strata, r, err);
        }
        if (!rc && rows.nocl > 0) {
                fk_result_note_of(r, FK_NOTE_NO_CLUSTER_VALUE, rows.nocl, 0,
                                  0, fk_table_colname(t, (size_t)c.cl));
                analyse_say(o, "%s: %.0f people without a value in column "
                            "'%s' are excluded", name, rows.nocl,
                            analyse_colq(t, c.cl).s);
        }
        if (!rc && c.cl >= 0)
                rc = outcome_clustered(&rows, o, fk_table_colname(t,
                                       (size_t)c.cl), detected, r, err);
        outcome_rows_release(&rows);
        return rc ? analyse_in_file(t, err) : FK_OK;
}
