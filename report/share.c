/* One reading of each data file for all the sections that read it
 * through the summary reader (see report/README.md and METHODS.md).
 *
 * The [outcome] sections of a file read as compare reads them, the summary
 * of the columns each needs, and its [did] sections as did reads them, the
 * sets of their keys with the outcome; here one fk_table_read_sets pass
 * takes every such section's value column (its outcome, or a survival
 * outcome's time) with the union of the other columns of all of them as
 * the keys, and each section's summary is folded out of the set of its
 * value column (fk_table_fold): the rows of its own columns, in order of
 * first appearance, weights summed — the table its own reading gives.
 *
 * The keys of a file's sections are mostly the same columns (arm and
 * cluster; strata, event, a did's unit, period and per-unit columns), and
 * columns that are functions of another key (treated and start of the
 * unit, arm of the municipality) add no groups; a did's period does,
 * times the periods.  A section is left to read on its own when its
 * summary cannot be told from the shared one exactly: its value column is
 * another section's key, or a key of it another's value (of the two, the
 * fewer sections); its set switched to numbers (many distinct
 * values); its fold has more combinations than its own reading would
 * keep without giving up (a million for compare's summary) or, for a
 * [did], 4096 or more, from which did's reading may switch to sums;
 * or the shared reading declined as a whole.  With fewer than two
 * sections on a file there is nothing to share. */
#include "report/report_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <nettle/sha2.h>

#include "fkstat/bundle.h"
#include "fkstat/cluster.h"
#include "fkstat/stream.h"

#define MAX_COLS 32             /* columns of one section */
#define FOLD_MAX (1u << 20)     /* combinations compare's summary keeps */
#define DID_FOLD_MAX 4095       /* below the 4096 combinations at which
                                   did's sets may switch to sums
                                   (stream.h: EARLY) */

/* One section of a file: its value column and the others it needs. */
struct member {
        struct fk_table **t;
        int *shared;
        int did;
        const char *value;
        const char *cols[MAX_COLS];
        size_t ncols;
        int in;                 /* still served by the shared reading */
        int auto_;              /* --cluster auto's candidates among cols */
};

/* Add s to v[0..*n) unless it is there: 0 when there is no room. */
static int add(const char **v, size_t *n, size_t max, const char *s)
{
        for (size_t i = 0; i < *n; i++)
                if (!strcmp(v[i], s))
                        return 1;
        if (*n == max)
                return 0;
        v[(*n)++] = s;
        return 1;
}

static int has(const char *const *v, size_t n, const char *s)
{
        for (size_t i = 0; i < n; i++)
                if (!strcmp(v[i], s))
                        return 1;
        return 0;
}

/* The columns an [outcome] reads (as rep_table_outcome asks for them). */
static int outcome_member(const struct rep_outcome *x, struct member *m)
{
        const struct fk_compare_spec *s = &x->s;
        const char *want[] = { s->arm, s->freq, s->strata,
                               fk_cluster_auto(s->cluster) ||
                               fk_cluster_none(s->cluster) ? NULL :
                               s->cluster, s->time, s->event, x->column };
        size_t ncand = 0;
        const char *const *cand = fk_cluster_candidates(&ncand);

        if (s->exposure || s->successes || s->trials)
                return 0;
        m->value = x->column ? x->column : s->time;
        if (!m->value)
                return 0;
        for (size_t i = 0; i < sizeof want / sizeof *want; i++)
                if (want[i] && !add(m->cols, &m->ncols, MAX_COLS, want[i]))
                        return 0;
        if ((m->auto_ = fk_cluster_auto(s->cluster)))
                for (size_t i = 0; i < ncand; i++)
                        if (!add(m->cols, &m->ncols, MAX_COLS, cand[i]))
                                return 0;
        return 1;
}

/* The columns of a [did] (as rep_table_did asks for them). */
static int did_member(const struct rep_did *x, struct member *m)
{
        const struct fk_did_spec *s = &x->s;
        const char *want[] = { s->unit, s->period, s->treated,
                               s->start && !fk_did_start_is_period(s->start) ?
                               s->start : NULL, s->weight, s->outcome };

        m->did = 1;
        m->value = s->outcome;
        for (size_t i = 0; i < sizeof want / sizeof *want; i++)
                if (want[i])    /* at most 6 of MAX_COLS */
                        (void)add(m->cols, &m->ncols, MAX_COLS, want[i]);
        return m->value != NULL;
}

/* The SHA-256 of the bytes the reading hands over, in file order. */
struct digest {
        struct sha256_ctx c;
        unsigned long long n;
};

static void digest_bytes(void *ctx, const void *p, size_t n)
{
        struct digest *d = ctx;

        sha256_update(&d->c, n, p);
        d->n += n;
}

static void digest_hex(struct digest *d, char hex[65])
{
        unsigned char md[SHA256_DIGEST_SIZE];

        sha256_digest(&d->c, sizeof md, md);
        for (size_t i = 0; i < sizeof md; i++) {
                hex[2 * i] = "0123456789abcdef"[md[i] >> 4];
                hex[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
        }
        hex[64] = '\0';
}

/* --cluster auto keeps a candidate's column in whatever case the header
 * spells it; the shared reading keys on the candidates as spelt, so a
 * header name that matches one only in another case is not served. */
static int cases_differ(const struct fk_table *t)
{
        size_t ncand = 0;
        const char *const *cand = fk_cluster_candidates(&ncand);

        for (size_t j = 0; j < fk_table_header_ncols(t); j++) {
                const char *h = fk_table_header_name(t, j);

                for (size_t i = 0; i < ncand; i++)
                        if (!strcasecmp(h, cand[i]) && strcmp(h, cand[i]))
                                return 1;
        }
        return 0;
}

/* Whether m's keys (its columns but the value) are keys[0..nk), in
 * order. */
static int own_keys(const struct member *m, const char *const *keys,
                    size_t nk)
{
        size_t k = 0;

        for (size_t j = 0; j < m->ncols; j++) {
                if (!strcmp(m->cols[j], m->value))
                        continue;
                if (k == nk || strcmp(m->cols[j], keys[k]))
                        return 0;
                k++;
        }
        return k == nk;
}

/* Whether no other member in the reading has m[i]'s value column. */
static int alone(const struct member *m, size_t nm, size_t i)
{
        for (size_t j = 0; j < nm; j++)
                if (j != i && m[j].in && !strcmp(m[j].value, m[i].value))
                        return 0;
        return 1;
}

/* Read d once for the members that are in, and fold each one's table. */
static int share_file(struct rep *r, struct rep_table *d, struct member *m,
                      size_t nm, struct fk_error *err)
{
        const char *keys[8 * MAX_COLS], *values[8 * MAX_COLS];
        const char *files[1] = { d->path };
        size_t nk, nv = 0, in = 0, nsets = 0;
        struct fk_csv_opts csv = r->csv;
        struct fk_sets_spec ss = { keys, 0, values, 0, FK_NUMBERS_SUMS, 0,
                                   0, 0, 0 };
        struct fk_summary_opts so = { NULL, 0, 0, 0, NULL, NULL, NULL, 0, 0,
                                      0 };
        struct fk_table **sets = NULL, *full = NULL;
        struct digest dg = { .n = 0 };
        int rc = FK_OK, auto_ = 0;

        for (size_t i = 0; i < nm; i++)
                in += m[i].in != 0;
        /* the keys: every column of a section but its value.  A column
         * that is one section's value and another's key (a survival
         * outcome's event that is also an outcome) cannot be both in one
         * reading: the fewer sections of the two kinds read on their
         * own, those with it as key when there are as many */
        for (;;) {
                const char *c = NULL;
                size_t nval = 0, nkey = 0;

                nk = 0;
                for (size_t i = 0; i < nm; i++)
                        for (size_t j = 0; m[i].in && j < m[i].ncols; j++)
                                if (strcmp(m[i].cols[j], m[i].value) &&
                                    !add(keys, &nk, 8 * MAX_COLS,
                                         m[i].cols[j]))
                                        return FK_OK;   /* too many */
                for (size_t i = 0; i < nm && !c; i++)
                        if (m[i].in && has(keys, nk, m[i].value))
                                c = m[i].value;
                if (!c)
                        break;
                for (size_t i = 0; i < nm; i++) {
                        nval += m[i].in && !strcmp(m[i].value, c);
                        nkey += m[i].in && strcmp(m[i].value, c) &&
                                has(m[i].cols, m[i].ncols, c);
                }
                for (size_t i = 0; i < nm; i++)
                        if (m[i].in && (nkey <= nval ?
                                        strcmp(m[i].value, c) &&
                                        has(m[i].cols, m[i].ncols, c) :
                                        !strcmp(m[i].value, c))) {
                                m[i].in = 0;
                                in--;
                        }
        }
        /* one outcome alone reads as compare does; a [did] alone takes
         * its set as it is (its own reading) and the hash with it */
        for (size_t i = 0; i < nm && in == 1; i++)
                if (m[i].in && !m[i].did)
                        return FK_OK;
        if (in == 0)
                return FK_OK;
        for (size_t i = 0; i < nm; i++)
                if (m[i].in) {
                        if (!add(values, &nv, 8 * MAX_COLS, m[i].value))
                                return FK_OK;   /* too many */
                        auto_ |= m[i].auto_;
                }
        ss.nkeys = nk;
        ss.nvalues = nv;
        sha256_init(&dg.c);
        if ((rc = fk_table_read_sets_bytes(files, 1, &csv, &so, &ss,
                                           digest_bytes, &dg, &sets, &nsets,
                                           &full, err)))
                return rc;
        fk_table_free(full);    /* not asked for (no fallback) */
        if (dg.n == d->size && !d->hashed) {
                digest_hex(&dg, d->sha);
                d->hashed = 1;
        }
        if (nsets == nv && !(auto_ && cases_differ(sets[0])))
                for (size_t i = 0; i < nm && !rc; i++) {
                        const struct fk_table *t;
                        size_t v = 0;
                        int numbers = 0;

                        if (!m[i].in)
                                continue;
                        while (strcmp(values[v], m[i].value))
                                v++;
                        t = sets[v];
                        if (m[i].did && own_keys(&m[i], keys, nk) &&
                            alone(m, nm, i)) {
                                /* read with its own keys and numbers: its
                                 * set is the table its own reading gives */
                                *m[i].t = sets[v];
                                sets[v] = NULL;
                                *m[i].shared = 1;
                                continue;
                        }
                        for (size_t k = 0; k < fk_table_nrows(t) && !numbers;
                             k++)
                                numbers = fk_table_row_numbers(t, k) != NULL;
                        if (numbers || fk_table_dropped(t))
                                continue;
                        if ((rc = fk_table_fold(t, m[i].cols, m[i].ncols,
                                                m[i].t, err)))
                                break;
                        if (fk_table_nrows(*m[i].t) >
                            (m[i].did ? DID_FOLD_MAX : FOLD_MAX)) {
                                fk_table_free(*m[i].t);
                                *m[i].t = NULL;
                                continue;
                        }
                        *m[i].shared = 1;
                }
        for (size_t i = 0; i < nsets; i++)
                fk_table_free(sets[i]);
        free(sets);
        return rc;
}

int rep_share(struct rep *r, struct fk_error *err)
{
        struct member *m;
        int rc = FK_OK;

        m = calloc(r->nout + r->ndid + 1, sizeof *m);
        if (!m)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        for (size_t k = 0; k < r->ntables && !rc; k++) {
                struct rep_table *d = &r->tables[k];
                size_t nm = 0;

                if (d->wide_period || r->o->full_table)
                        continue;       /* read by fk_table_read */
                memset(m, 0, (r->nout + r->ndid + 1) * sizeof *m);
                for (size_t i = 0; i < r->nout; i++)
                        if (r->out[i].data == d) {
                                m[nm].t = &r->out[i].t;
                                m[nm].shared = &r->out[i].shared;
                                m[nm].in = outcome_member(&r->out[i], &m[nm]);
                                nm++;
                        }
                for (size_t i = 0; i < r->ndid; i++)
                        if (r->did[i].data == d) {
                                m[nm].t = &r->did[i].t;
                                m[nm].shared = &r->did[i].shared;
                                m[nm].in = did_member(&r->did[i], &m[nm]);
                                nm++;
                        }
                rc = share_file(r, d, m, nm, err);
        }
        free(m);
        /* the files not hashed in a shared reading */
        for (size_t k = 0; k < r->ntables && !rc; k++)
                if (!r->tables[k].hashed &&
                    !(rc = fk_sha256_file(r->tables[k].path,
                                          r->tables[k].sha, err)))
                        r->tables[k].hashed = 1;
        return rc;
}
