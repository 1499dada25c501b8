/* The reading of one outcome's values without the whole table, as compare
 * and report both do it (include/fkstat/analyse.h: fk_compare_read_packed):
 * the sets of the summary reader (include/fkstat/stream.h) with the
 * columns the outcome needs besides its values as keys and the values as
 * the set's numbers, packed (FK_NUMBERS_VALUES) — a count or continuous
 * outcome's beyond FK_PACKED_KEEP bytes in a temporary file.  The
 * statistics do not depend on the order of the values (exact sums,
 * include/fkstat/moments.h; sorted arms), so none is kept. */
#include <stdlib.h>
#include <string.h>

#include "analyse/internal.h"
#include "fkstat/stream.h"

#define MAX_CANDIDATES 32

/* Bytes of a count or continuous outcome's numbers kept in memory while
 * reading; the rest waits in a temporary file. */
#define FK_PACKED_KEEP ((size_t)2 << 20)

/* Whether a header name of t is one --cluster auto looks for but in
 * another case than the candidate's: the sets kept the candidate's
 * spelling only, so that column is not in t. */
static int candidate_case_lost(const struct fk_table *t)
{
        for (size_t j = 0; j < fk_table_header_ncols(t); j++) {
                const char *h = fk_table_header_name(t, j);

                if (analyse_cluster_name(h) && fk_table_col(t, h) < 0)
                        return 1;
        }
        return 0;
}

int fk_compare_read_packed(const char *const *files, size_t nfiles,
                           const struct fk_csv_opts *csv,
                           const struct fk_compare_spec *s,
                           const char *outcome, fk_progress_fn progress,
                           void *progress_ctx, struct fk_table **t,
                           int *whole, struct fk_error *err)
{
        const char *keys[8 + MAX_CANDIDATES];
        const char *const *cand = NULL;
        size_t ncand = 0, nsets = 0;
        int survival = s->time != NULL, rc;
        struct fk_sets_spec ss = { keys, 0, NULL, 1, FK_NUMBERS_VALUES,
                                   0, 0, 0, 0 };
        struct fk_summary_opts so = { NULL, 0, 0, 0, progress, progress_ctx,
                                      NULL, 0, 1, 0 };
        struct fk_table **sets = NULL, *full = NULL;
        const char *value;

        *t = NULL;
        *whole = 0;
        if (!nfiles || s->exposure || (survival && !s->event))
                return FK_OK;
        /* a count or continuous outcome (one): its values in file order,
         * or nothing when they are not mostly distinct */
        if (!survival && (s->successes || !outcome || s->strata ||
                          strchr(outcome, ',') ||
                          (s->type != FK_TYPE_AUTO &&
                           s->type != FK_TYPE_COUNT &&
                           s->type != FK_TYPE_CONTINUOUS)))
                return FK_OK;
        for (size_t i = 0; i < nfiles; i++)
                if (!strcmp(files[i], "-"))
                        return FK_OK;
        value = survival ? s->time : outcome;
        ss.values = &value;
        if (!survival) {
                /* past FK_PACKED_KEEP bytes in memory, the numbers wait
                 * in a temporary file until collected */
                ss.keep_bytes = FK_PACKED_KEEP;
                so.fallback = 0;
        }
        keys[ss.nkeys++] = s->arm;
        if (survival)
                keys[ss.nkeys++] = s->event;
        if (s->freq)
                keys[ss.nkeys++] = s->freq;
        if (s->strata)
                keys[ss.nkeys++] = s->strata;
        if (fk_cluster_auto(s->cluster)) {
                cand = fk_cluster_candidates(&ncand);
                if (ncand > MAX_CANDIDATES)
                        return FK_OK;
                for (size_t i = 0; i < ncand; i++)
                        keys[ss.nkeys++] = cand[i];
        } else if (!fk_cluster_none(s->cluster)) {
                keys[ss.nkeys++] = s->cluster;
        }
        if ((rc = fk_table_read_sets(files, nfiles, csv, &so, &ss, &sets,
                                     &nsets, &full, err)))
                return rc;
        for (size_t i = 1; i < nsets; i++)
                fk_table_free(sets[i]);
        *t = full ? full : nsets ? sets[0] : NULL;
        free(sets);
        if (*t && !full && ncand && candidate_case_lost(*t)) {
                fk_table_free(*t);
                *t = NULL;
        }
        *whole = *t && full;
        return FK_OK;
}

void fk_notes_hold(void *held, const char *msg)
{
        struct fk_notes_held *h = held;

        if (h->n < sizeof h->msg / sizeof *h->msg &&
            (h->msg[h->n] = strdup(msg)))
                h->n++;
        else
                h->lost = 1;
}

void fk_notes_say(struct fk_notes_held *h,
                  void (*say)(void *ctx, const char *msg), void *ctx)
{
        for (size_t i = 0; i < h->n; i++) {
                if (say)
                        say(ctx, h->msg[i]);
                free(h->msg[i]);
        }
        h->n = 0;
}
