/* Cox regression on the trial indicator with whole clusters assigned to
 * the arms: the data reduced once to event-time tables per cluster, and
 * the Lin–Wei robust variance of R coxph(..., cluster = ); see
 * include/fkstat/coxcluster.h and METHODS.md, "Clustered time to job".
 *
 * Everything counts people (frequency weights expanded): Efron's
 * approximation runs over the individual deaths at a time, and a row of
 * weight w adds w identical score residuals to its cluster's sum. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "fkstat/coxcluster.h"
#include "stats/coxfit.h"

struct row {
        double t, e, w;
        size_t g;
};

static int cmp_row(const void *a, const void *b)
{
        double x = ((const struct row *)a)->t, y = ((const struct row *)b)->t;

        return (x > y) - (x < y);
}

static int is_zero(double v)
{
        return fpclassify(v) == FP_ZERO;
}

void fk_cox_clusters_release(struct fk_cox_clusters *c)
{
        free(c->arm);
        free(c->N);
        free(c->D);
        free(c->start);
        free(c->ent);
        c->arm = NULL;
        c->N = c->D = NULL;
        c->start = NULL;
        c->ent = NULL;
}

/* Copy the rows with a positive weight, checked; the clusters' arms. */
static int checked_rows(const struct fk_coxcluster_data *d, struct row *r,
                        size_t *m, int *arm, double *people,
                        struct fk_error *err)
{
        *m = 0;
        for (size_t i = 0; i < d->n; i++) {
                double w = d->w ? d->w[i] : 1.0, t = d->time[i];
                double e = d->event[i];
                size_t g = d->cl[i];

                if (!isfinite(w) || w < 0 || !is_zero(w - floor(w)))
                        return fk_error_set(err, FK_EDATA, NULL, 0, "row %zu: "
                                "frequency weight %g is not a whole number "
                                ">= 0", i + 1, w);
                if (is_zero(w))
                        continue;
                if (!isfinite(t) || t < 0)
                        return fk_error_set(err, FK_EDATA, NULL, 0, "row %zu: "
                                "time %g is not a finite number >= 0", i + 1,
                                t);
                if (!is_zero(e) && !is_zero(e - 1.0))
                        return fk_error_set(err, FK_EDATA, NULL, 0, "row %zu: "
                                "event %g is not 0 or 1", i + 1, e);
                if (g >= d->G || (d->arm[i] != 0 && d->arm[i] != 1))
                        return fk_error_set(err, FK_EDATA, NULL, 0, "row %zu: "
                                "cluster index or arm out of range", i + 1);
                if (arm[g] < 0)
                        arm[g] = d->arm[i];
                else if (arm[g] != d->arm[i])
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "cluster %zu holds both arms", g);
                people[g] += w;
                r[(*m)++] = (struct row){ t, e, w, g };
        }
        return FK_OK;
}

/* Entries per cluster: rows in time order, so k is non-decreasing within
 * a cluster and equal k merge. */
static void cluster_entries(struct fk_cox_clusters *c, const struct row *r,
                            const size_t *kof, size_t m, size_t *fill)
{
        for (size_t g = 0; g <= c->G; g++)
                c->start[g] = 0;
        for (size_t i = 0; i < m; i++)
                if (kof[i] > 0)
                        c->start[r[i].g + 1]++;
        for (size_t g = 0; g < c->G; g++) {
                c->start[g + 1] += c->start[g];
                fill[g] = c->start[g];
        }
        for (size_t i = 0; i < m; i++) {
                size_t g = r[i].g, k = kof[i];
                struct fk_cox_entry *p;

                if (k == 0)
                        continue;
                p = fill[g] > c->start[g] ? &c->ent[fill[g] - 1] : NULL;
                if (p && p->k == k - 1) {
                        p->r += r[i].w;
                        p->e += r[i].w * r[i].e;
                        continue;
                }
                c->ent[fill[g]++] = (struct fk_cox_entry){ k - 1, r[i].w,
                                                           r[i].w * r[i].e };
        }
        /* close the gaps left by merging: entries of g are start[g] ..
         * fill[g]; compact them */
        {
                size_t to = 0;

                for (size_t g = 0; g < c->G; g++) {
                        size_t from = c->start[g];

                        c->start[g] = to;
                        while (from < fill[g])
                                c->ent[to++] = c->ent[from++];
                }
                c->start[c->G] = to;
        }
}

int fk_cox_clusters_init(const struct fk_coxcluster_data *d,
                         struct fk_cox_clusters *c, struct fk_error *err)
{
        struct row *r = NULL;
        size_t *kof = NULL, *fill = NULL, m = 0, K = 0;
        double *people = NULL, *evt = NULL;
        int rc = FK_OK;

        *c = (struct fk_cox_clusters){ 0 };
        if (!d || !d->time || !d->event || !d->arm || !d->cl)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "clustered Cox: missing data");
        if (d->G == 0)
                return fk_error_set(err, FK_EDATA, NULL, 0, "no clusters");
        c->G = d->G;
        r = malloc((d->n + 1) * sizeof *r);
        kof = malloc((d->n + 1) * sizeof *kof);
        evt = malloc((d->n + 1) * sizeof *evt);
        fill = malloc(d->G * sizeof *fill);
        people = calloc(d->G, sizeof *people);
        c->arm = malloc(d->G * sizeof *c->arm);
        c->start = malloc((d->G + 1) * sizeof *c->start);
        c->ent = malloc((d->n + 1) * sizeof *c->ent);
        if (!r || !kof || !evt || !fill || !people || !c->arm || !c->start ||
            !c->ent) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto done;
        }
        for (size_t g = 0; g < d->G; g++)
                c->arm[g] = -1;
        if ((rc = checked_rows(d, r, &m, c->arm, people, err)))
                goto done;
        for (size_t g = 0; g < d->G; g++) {
                if (!(people[g] > 0)) {
                        rc = fk_error_set(err, FK_EDATA, NULL, 0,
                                          "cluster %zu has no observations", g);
                        goto done;
                }
                c->clusters[c->arm[g]]++;
        }
        if (!c->clusters[0] || !c->clusters[1]) {
                rc = fk_error_set(err, FK_EDATA, NULL, 0,
                                  "the %s arm has no cluster",
                                  c->clusters[0] ? "control" : "trial");
                goto done;
        }
        qsort(r, m, sizeof *r, cmp_row);
        /* kof[i]: the number of distinct event times <= t_i */
        for (size_t i = 0; i < m; i++)
                if (r[i].e > 0 && (K == 0 || r[i].t > evt[K - 1]))
                        evt[K++] = r[i].t;
        for (size_t i = 0, p = 0; i < m; i++) {
                while (p < K && !(evt[p] > r[i].t))
                        p++;
                kof[i] = p;
        }
        c->K = K;
        c->N = calloc(K + 1, sizeof *c->N);
        c->D = calloc(K + 1, sizeof *c->D);
        if (!c->N || !c->D) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto done;
        }
        for (size_t i = 0; i < m; i++) {
                if (kof[i] == 0)
                        continue;
                c->N[kof[i] - 1] += r[i].w;
                c->D[kof[i] - 1] += r[i].w * r[i].e;
        }
        for (size_t k = K; k-- > 1;)
                c->N[k - 1] += c->N[k];
        cluster_entries(c, r, kof, m, fill);
done:
        free(r);
        free(kof);
        free(evt);
        free(fill);
        free(people);
        return rc;
}

void fk_cox_clusters_table(const struct fk_cox_clusters *c,
                           const unsigned char *trial, double *scratch,
                           struct fk_cox_evtime *et)
{
        double run = 0;

        for (size_t k = 0; k < c->K; k++) {
                scratch[k] = 0;
                et[k].d1 = 0;
        }
        for (size_t g = 0; g < c->G; g++) {
                if (!trial[g])
                        continue;
                for (size_t j = c->start[g]; j < c->start[g + 1]; j++) {
                        scratch[c->ent[j].k] += c->ent[j].r;
                        et[c->ent[j].k].d1 += c->ent[j].e;
                }
        }
        for (size_t k = c->K; k-- > 0;) {
                run += scratch[k];
                et[k].n1 = run;
                et[k].n0 = c->N[k] - run;
                et[k].d0 = c->D[k] - et[k].d1;
        }
}

/* Score residual pieces at event time k for covariate x (1 trial, 0
 * control), as R's coxscore: a[x] is what everyone at risk gets, b[x] what
 * a death at k gets on top.  Breslow: a = -(x - m) r_x d/S0, b = x - m.
 * Efron over the d deaths, j = 0..d-1, f = j/d, reduced risk set S0 - f A0
 * with mean m_j: a = -r_x sum_j (x - m_j)/(S0 - f A0), and a death gets
 * sum_j (x - m_j)(1/d - r_x (1 - f)/(S0 - f A0)), so b = sum_j (x - m_j)
 * (1/d + r_x f/(S0 - f A0)). */
static void residual_terms(const struct fk_cox_evtime *e, double eb,
                           enum fk_ties ties, double a[2], double b[2])
{
        double d = e->d1 + e->d0, r1 = e->n1 * eb;

        if (ties == FK_TIES_BRESLOW || !(d > 1)) {
                double s0 = r1 + e->n0, m = r1 / s0, h = d / s0;

                a[1] = -(1 - m) * eb * h;
                a[0] = m * h;
                b[1] = 1 - m;
                b[0] = -m;
                return;
        }
        a[0] = a[1] = b[0] = b[1] = 0;
        for (size_t j = 0, nd = (size_t)d; j < nd; j++) {
                double f = (double)j / d, num = r1 - f * e->d1 * eb;
                double rest = e->n0 - f * e->d0, h = 1 / (num + rest);
                double m1 = rest * h, m = num * h;     /* 1 - m_j, m_j */

                a[1] -= eb * m1 * h;
                a[0] += m * h;
                b[1] += m1 * (1 / d + eb * f * h);
                b[0] -= m * (1 / d + f * h);
        }
}

int fk_coxcluster_robust(const struct fk_coxcluster_data *d,
                         enum fk_ties ties, double conf,
                         struct fk_coxcluster_result *out,
                         struct fk_error *err)
{
        struct fk_cox_clusters c;
        struct fk_cox_evtime *et = NULL;
        unsigned char *trial = NULL;
        double *cum = NULL, *dd = NULL, beta = 0, info = 0, v = 0, zq;
        int rc, mono;

        out->beta = out->naive_se = out->se = out->hr = NAN;
        out->ci[0] = out->ci[1] = out->z = out->p_value = NAN;
        out->ri_p = out->ri_assignments = NAN;
        out->ri_exact = 0;
        if ((rc = fk_cox_check_args(conf, ties, err)))
                return rc;
        rc = fk_cox_clusters_init(d, &c, err);
        if (rc)
                goto done;
        out->clusters[0] = c.clusters[0];
        out->clusters[1] = c.clusters[1];
        et = malloc((c.K + 1) * sizeof *et);
        trial = malloc(c.G);
        cum = malloc((2 * c.K + 1) * sizeof *cum);
        dd = malloc((2 * c.K + 1) * sizeof *dd);
        if (!et || !trial || !cum || !dd) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto done;
        }
        for (size_t g = 0; g < c.G; g++)
                trial[g] = c.arm[g] == 0;
        fk_cox_clusters_table(&c, trial, cum, et);
        mono = fk_cox_monotone(et, c.K);
        if (mono) {
                if (mono != 2)
                        out->beta = mono > 0 ? INFINITY : -INFINITY;
                goto done;
        }
        if (!fk_cox_newton(et, c.K, ties, 0.0, &beta, &info) || !(info > 0))
                goto done;
        out->beta = beta;
        out->naive_se = 1 / sqrt(info);
        /* cum[2k + x]: the at-risk residual summed over event times <= k;
         * dd[2k + x]: what a death at k adds */
        for (size_t k = 0; k < c.K; k++) {
                double a[2], b[2];

                residual_terms(&et[k], exp(beta), ties, a, b);
                for (int x = 0; x < 2; x++) {
                        cum[2 * k + x] = a[x] + (k ? cum[2 * (k - 1) + x] : 0);
                        dd[2 * k + x] = b[x];
                }
        }
        for (size_t g = 0; g < c.G; g++) {
                int x = c.arm[g] == 0;
                double u = 0;

                for (size_t j = c.start[g]; j < c.start[g + 1]; j++) {
                        const struct fk_cox_entry *p = &c.ent[j];

                        u += p->r * cum[2 * p->k + x] + p->e * dd[2 * p->k + x];
                }
                v += u * u;
        }
        out->se = sqrt(v) / info;
        out->z = beta / out->se;
        out->p_value = erfc(fabs(out->z) / 1.4142135623730951);
        zq = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - conf) / 2.0);
        out->hr = exp(beta);
        out->ci[0] = exp(beta - zq * out->se);
        out->ci[1] = exp(beta + zq * out->se);
done:
        fk_cox_clusters_release(&c);
        free(et);
        free(trial);
        free(cum);
        free(dd);
        return rc;
}

/* Keyed data (include/fkstat/coxcluster.h): one key a person, sorted. */

/* The keys as the pooled distinct times, trial (arm 0) and control. */
static int keyed_next(void *ctx, struct fk_surv_time *out)
{
        struct fk_cox_keyed *c = ctx;
        const struct fk_coxcluster_keys *d = c->d;
        size_t n = d->n, i = c->at;
        uint64_t m, q;

        if (i >= n)
                return 0;
        m = FK_KEY_M(fk_coxcluster_key(d, i));
        *out = (struct fk_surv_time){ (double)m / d->scale, { 0, 0 },
                                      { 0, 0 } };
        for (; i < n && FK_KEY_M(q = fk_coxcluster_key(d, i)) == m; i++) {
                if (FK_KEY_EV(q))
                        out->d[FK_KEY_ARM(q)]++;
                else
                        out->c[FK_KEY_ARM(q)]++;
        }
        c->at = i;
        return 1;
}

static void keyed_rewind(void *ctx)
{
        ((struct fk_cox_keyed *)ctx)->at = 0;
}

void fk_cox_keyed_release(struct fk_cox_keyed *c)
{
        free(c->arm);
        c->arm = NULL;
}

int fk_cox_keyed_init(const struct fk_coxcluster_keys *d,
                      struct fk_cox_keyed *c, struct fk_error *err)
{
        *c = (struct fk_cox_keyed){ 0 };
        if (!d || (!d->key && !d->key32 && d->n))
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "clustered Cox: missing data");
        if (d->G == 0)
                return fk_error_set(err, FK_EDATA, NULL, 0, "no clusters");
        c->d = d;
        if (!(c->arm = malloc(d->G * sizeof *c->arm)))
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        for (size_t g = 0; g < d->G; g++)
                c->arm[g] = -1;
        for (size_t i = 0; i < d->n; i++) {
                uint64_t q = fk_coxcluster_key(d, i);
                size_t g = FK_KEY_CL(q);
                int a = FK_KEY_ARM(q);

                if (g >= d->G)
                        return fk_error_set(err, FK_EDATA, NULL, 0, "row %zu: "
                                "cluster index or arm out of range", i + 1);
                if (c->arm[g] < 0)
                        c->arm[g] = a;
                else if (c->arm[g] != a)
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "cluster %zu holds both arms", g);
                c->src.n[a]++;
        }
        for (size_t g = 0; g < d->G; g++) {
                if (c->arm[g] < 0)
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "cluster %zu has no observations", g);
                c->clusters[c->arm[g]]++;
        }
        if (!c->clusters[0] || !c->clusters[1])
                return fk_error_set(err, FK_EDATA, NULL, 0,
                                    "the %s arm has no cluster",
                                    c->clusters[0] ? "control" : "trial");
        c->src.next = keyed_next;
        c->src.rewind = keyed_rewind;
        c->src.ctx = c;
        return FK_OK;
}

/* Add each touched cluster's people at the event time just left to its
 * score residual sum, as fk_coxcluster_robust adds an entry. */
static void flush_entries(const struct fk_cox_keyed *c, double *u, double *pr,
                          double *pe, size_t *touched, size_t *nt,
                          const double cum[2], const double dd[2])
{
        for (size_t j = 0; j < *nt; j++) {
                size_t g = touched[j];
                int x = c->arm[g] == 0;

                u[g] += pr[g] * cum[x] + pe[g] * dd[x];
                pr[g] = pe[g] = 0;
        }
        *nt = 0;
}

int fk_coxcluster_robust_keys(const struct fk_coxcluster_keys *d,
                              enum fk_ties ties, double conf,
                              struct fk_coxcluster_result *out,
                              struct fk_error *err)
{
        struct fk_cox_keyed c = { 0 };
        double *u = NULL, *pr = NULL, *pe = NULL, beta = 0, info = 0, v = 0;
        double cum[2] = { 0, 0 }, dd[2] = { 0, 0 }, n[2], zq;
        size_t *touched = NULL, nt = 0;
        int rc, mono, have_k = 0;

        out->beta = out->naive_se = out->se = out->hr = NAN;
        out->ci[0] = out->ci[1] = out->z = out->p_value = NAN;
        out->ri_p = out->ri_assignments = NAN;
        out->ri_exact = 0;
        if ((rc = fk_cox_check_args(conf, ties, err)))
                return rc;
        if ((rc = fk_cox_keyed_init(d, &c, err)))
                goto done;
        out->clusters[0] = c.clusters[0];
        out->clusters[1] = c.clusters[1];
        mono = fk_cox_monotone_source(&c.src);
        if (mono) {
                if (mono != 2)
                        out->beta = mono > 0 ? INFINITY : -INFINITY;
                goto done;
        }
        if (!fk_cox_newton_source(&c.src, ties, 0.0, &beta, &info) ||
            !(info > 0))
                goto done;
        out->beta = beta;
        out->naive_se = 1 / sqrt(info);
        u = calloc(d->G, sizeof *u);
        pr = calloc(d->G, sizeof *pr);
        pe = calloc(d->G, sizeof *pe);
        touched = malloc(d->G * sizeof *touched);
        if (!u || !pr || !pe || !touched) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto done;
        }
        /* forward in time: at each event time the residual pieces; the
         * people from there to the next event time are its entries */
        n[0] = c.src.n[0];
        n[1] = c.src.n[1];
        for (size_t i = 0, j; i < d->n; i = j) {
                uint64_t m = FK_KEY_M(fk_coxcluster_key(d, i)), q;
                double dv[2] = { 0, 0 }, cv[2] = { 0, 0 };

                for (j = i; j < d->n &&
                            FK_KEY_M(q = fk_coxcluster_key(d, j)) == m; j++) {
                        if (FK_KEY_EV(q))
                                dv[FK_KEY_ARM(q)]++;
                        else
                                cv[FK_KEY_ARM(q)]++;
                }
                if (dv[0] > 0 || dv[1] > 0) {
                        struct fk_cox_evtime e = { n[0], n[1], dv[0], dv[1] };
                        double a[2], b[2];

                        flush_entries(&c, u, pr, pe, touched, &nt, cum, dd);
                        residual_terms(&e, exp(beta), ties, a, b);
                        for (int x = 0; x < 2; x++) {
                                cum[x] = a[x] + (have_k ? cum[x] : 0);
                                dd[x] = b[x];
                        }
                        have_k = 1;
                }
                if (have_k)
                        for (size_t r = i; r < j; r++) {
                                uint64_t kr = fk_coxcluster_key(d, r);
                                size_t g = FK_KEY_CL(kr);

                                if (!(pr[g] > 0))
                                        touched[nt++] = g;
                                pr[g] += 1;
                                pe[g] += FK_KEY_EV(kr);
                        }
                n[0] -= dv[0] + cv[0];
                n[1] -= dv[1] + cv[1];
        }
        flush_entries(&c, u, pr, pe, touched, &nt, cum, dd);
        for (size_t g = 0; g < d->G; g++)
                v += u[g] * u[g];
        out->se = sqrt(v) / info;
        out->z = beta / out->se;
        out->p_value = erfc(fabs(out->z) / 1.4142135623730951);
        zq = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - conf) / 2.0);
        out->hr = exp(beta);
        out->ci[0] = exp(beta - zq * out->se);
        out->ci[1] = exp(beta + zq * out->se);
done:
        fk_cox_keyed_release(&c);
        free(u);
        free(pr);
        free(pe);
        free(touched);
        return rc;
}
