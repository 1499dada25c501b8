/* A unit x period panel from a table; see include/fkstat/panel.h. */
#include "fkstat/panel.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/moments.h"
#include "fkstat/stream.h"

/* A row of the table: cnt rows of one unit and period with outcome y and
 * weight w, or (nb) cnt rows with weight w whose outcomes the summary
 * reader has summed. */
struct prow {
        size_t row;
        const char *unit;
        long ord;
        double y, w, cnt;
        const struct fk_numbers *nb;
        int treated;
        size_t uid, pid;
};

static int digits(const char *s, size_t n, long *out)
{
        long v = 0;

        for (size_t i = 0; i < n; i++) {
                if (!isdigit((unsigned char)s[i]))
                        return 0;
                v = v * 10 + (s[i] - '0');
        }
        *out = v;
        return n > 0;
}

int fk_period_parse(const char *s, enum fk_period_kind *kind, long *ord)
{
        size_t len = s ? strlen(s) : 0;
        long y, m;
        char c;

        if (len < 4 || !digits(s, 4, &y))
                return FK_EDATA;
        if (len == 4) {
                *kind = FK_PERIOD_YEAR;
                *ord = y;
                return FK_OK;
        }
        s += 4;
        len -= 4;
        c = (char)toupper((unsigned char)(len >= 2 && *s == '-' ? s[1] : 0));
        if (c == 'Q' || c == 'K' || c == 'H') {
                s++;            /* 2017-Q3, 2017-K3, 2017-H1 */
                len--;
        }
        c = (char)toupper((unsigned char)*s);
        /* Q: quarter; K: kvartal, Statistics Denmark's quarter */
        if ((c == 'Q' || c == 'K') && len == 2 && digits(s + 1, 1, &m) &&
            m >= 1 && m <= 4) {
                *kind = FK_PERIOD_QUARTER;
                *ord = 4 * y + m - 1;
                return FK_OK;
        }
        if (c == 'H' && len == 2 && digits(s + 1, 1, &m) && m >= 1 && m <= 2) {
                *kind = FK_PERIOD_HALF;
                *ord = 2 * y + m - 1;
                return FK_OK;
        }
        if ((c == '-' || c == 'M') && (len == 2 || len == 3) &&
            digits(s + 1, len - 1, &m) && m >= 1 && m <= 12) {
                *kind = FK_PERIOD_MONTH;
                *ord = 12 * y + m - 1;
                return FK_OK;
        }
        return FK_EDATA;
}

static int by_unit(const void *a, const void *b)
{
        const struct prow *x = a, *y = b;
        int c = strcmp(x->unit, y->unit);

        if (c)
                return c;
        return (x->row > y->row) - (x->row < y->row);
}

static int by_cell(const void *a, const void *b)
{
        const struct prow *x = a, *y = b;

        if (x->uid != y->uid)
                return (x->uid > y->uid) - (x->uid < y->uid);
        if (x->ord != y->ord)
                return (x->ord > y->ord) - (x->ord < y->ord);
        return (x->row > y->row) - (x->row < y->row);
}

static int cmp_long(const void *a, const void *b)
{
        long x = *(const long *)a, y = *(const long *)b;

        return (x > y) - (x < y);
}

static long column(const struct fk_table *t, const char *name,
                   const char *opt, struct fk_error *err)
{
        long c;

        if (!name)
                return fk_error_set(err, FK_EUSAGE, NULL, 0, "%s is required",
                                    opt), -1;
        c = fk_table_col(t, name);
        if (c < 0)
                fk_error_set(err, FK_EUSAGE, fk_table_file(t, 0), 0,
                             "no column '%s' in the header", name);
        return c;
}

static int bad_cell(const struct fk_table *t, size_t row, const char *col,
                    const char *val, const char *what, struct fk_error *err)
{
        return fk_error_set(err, FK_EDATA, fk_table_row_file(t, row),
                            fk_table_row_line(t, row),
                            "column '%s': '%s' is not %s", col,
                            fk_quote(val).s, what);
}

/* Parse the rows into r (m of them) and check the period kind. */
static int read_rows(const struct fk_table *t, const struct fk_panel_spec *s,
                     const long *col, struct prow *r, size_t *m,
                     enum fk_period_kind *kind, struct fk_panel *out,
                     struct fk_error *err)
{
        char dec = fk_table_decimal(t);
        size_t n = fk_table_nrows(t);

        *m = 0;
        *kind = 0;
        for (size_t i = 0; i < n; i++) {
                const char *u = fk_table_cell(t, i, (size_t)col[0]);
                const char *pe = fk_table_cell(t, i, (size_t)col[1]);
                const char *yv = fk_table_cell(t, i, (size_t)col[2]);
                const char *tr = col[3] >= 0 ?
                                 fk_table_cell(t, i, (size_t)col[3]) : "0";
                const char *wv = col[4] >= 0 ?
                                 fk_table_cell(t, i, (size_t)col[4]) : "1";
                struct prow *p = &r[*m];
                enum fk_period_kind k;

                if (!u || !pe || !tr) {
                        const char *name = !u ? s->unit : !pe ? s->period :
                                           s->treated;
                        return fk_error_set(err, FK_EDATA,
                                            fk_table_row_file(t, i),
                                            fk_table_row_line(t, i),
                                            "column '%s': missing value", name);
                }
                if (fk_period_parse(pe, &k, &p->ord))
                        return bad_cell(t, i, s->period, pe,
                                        "a period (" FK_PERIOD_FORMS ")", err);
                if (*kind && k != *kind)
                        return bad_cell(t, i, s->period, pe,
                                        "of the same kind as the earlier "
                                        "periods", err);
                *kind = k;
                if (fk_parse_binary(tr, &p->treated))
                        return bad_cell(t, i, s->treated, tr, "0 or 1", err);
                p->cnt = fk_table_row_weight(t, i);
                p->nb = fk_table_row_numbers(t, i);
                if ((!yv && !p->nb) || !wv) {
                        out->excluded += (size_t)p->cnt;
                        continue;
                }
                if (!p->nb && fk_parse_double(yv, dec, &p->y))
                        return bad_cell(t, i, s->outcome, yv, "a number", err);
                if (fk_parse_double(wv, dec, &p->w) || p->w < 0)
                        return bad_cell(t, i, s->weight, wv,
                                        "a non-negative weight", err);
                if (!(p->w > 0)) {
                        out->excluded += (size_t)p->cnt;
                        continue;
                }
                p->row = i;
                p->unit = u;
                out->rows += (size_t)p->cnt;
                (*m)++;
        }
        return FK_OK;
}

/* Units in order of first appearance; treated constant per unit. */
static int number_units(const struct fk_table *t, const char *tcol,
                        struct prow *r, size_t m, struct fk_panel *out,
                        struct fk_error *err)
{
        size_t *first, ng = 0;

        qsort(r, m, sizeof *r, by_unit);
        first = malloc(m * sizeof *first);
        if (!first)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        for (size_t i = 0; i < m; i++) {
                if (i == 0 || strcmp(r[i].unit, r[i - 1].unit))
                        first[ng++] = r[i].row;
                else if (r[i].treated != r[i - 1].treated) {
                        free(first);
                        return fk_error_set(err, FK_EDATA,
                                            fk_table_row_file(t, r[i].row),
                                            fk_table_row_line(t, r[i].row),
                                            "column '%s': unit '%s' is both "
                                            "treated and not", tcol,
                                            fk_quote(r[i].unit).s);
                }
                r[i].uid = ng - 1;
        }
        /* rank the groups by their first row */
        {
                size_t *rank = malloc(ng * sizeof *rank);

                if (!rank) {
                        free(first);
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                }
                for (size_t g = 0; g < ng; g++) {
                        rank[g] = 0;
                        for (size_t h = 0; h < ng; h++)
                                rank[g] += first[h] < first[g];
                }
                out->U = ng;
                out->unit_names = calloc(ng, sizeof *out->unit_names);
                out->treated = calloc(ng, sizeof *out->treated);
                if (!out->unit_names || !out->treated) {
                        free(rank);
                        free(first);
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                }
                for (size_t i = 0; i < m; i++) {
                        size_t g = rank[r[i].uid];

                        if (!out->unit_names[g]) {
                                out->unit_names[g] = strdup(r[i].unit);
                                if (!out->unit_names[g]) {
                                        free(rank);
                                        free(first);
                                        return fk_error_set(err, FK_ENOMEM,
                                                            NULL, 0,
                                                            "out of memory");
                                }
                        }
                        out->treated[g] = r[i].treated;
                        r[i].uid = g;
                }
                free(rank);
        }
        free(first);
        return FK_OK;
}

static int number_periods(const struct fk_table *t, struct prow *r, size_t m,
                          struct fk_panel *out, struct fk_error *err,
                          const long *col)
{
        long *ords = malloc(m * sizeof *ords);
        size_t T = 0;

        if (!ords)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        for (size_t i = 0; i < m; i++)
                ords[i] = r[i].ord;
        qsort(ords, m, sizeof *ords, cmp_long);
        for (size_t i = 0; i < m; i++)
                if (i == 0 || ords[i] != ords[T - 1])
                        ords[T++] = ords[i];
        out->T = T;
        out->period_names = calloc(T, sizeof *out->period_names);
        if (!out->period_names) {
                free(ords);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        for (size_t i = 0; i < m; i++) {
                const long *hit = bsearch(&r[i].ord, ords, T, sizeof *ords,
                                          cmp_long);

                r[i].pid = (size_t)(hit - ords);
                if (!out->period_names[r[i].pid]) {
                        out->period_names[r[i].pid] =
                                strdup(fk_table_cell(t, r[i].row, (size_t)col[1]));
                        if (!out->period_names[r[i].pid]) {
                                free(ords);
                                return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                                    "out of memory");
                        }
                }
        }
        free(ords);
        return FK_OK;
}

/* Add a·b·c to s exactly (c a whole number). */
static void add_abc(struct fk_acc *s, double a, double b, double c)
{
        double p = a * b, e = fma(a, b, -p), q;

        q = p * c;
        fk_acc_add(s, q);
        fk_acc_add(s, fma(p, c, -q));
        q = e * c;
        fk_acc_add(s, q);
        fk_acc_add(s, fma(e, c, -q));
}

/* The sum of s to 64 bits. */
static long double acc_ld(const struct fk_acc *s)
{
        struct fk_xsum x;
        double hi, lo;

        memset(&x, 0, sizeof x);
        fk_acc_to_xsum(s, &x);
        hi = fk_xsum_round(&x);
        fk_xsum_add(&x, -hi);
        lo = fk_xsum_round(&x);
        fk_xsum_release(&x);
        return (long double)hi + (long double)lo;
}

/* One cell: Σw·y and Σw exactly, and the rows. */
struct cell {
        struct fk_acc wy, w;
        double n;
};

static void cell_add(struct cell *c, const struct prow *r)
{
        c->n += r->cnt;
        add_abc(&c->w, r->w, r->cnt, 1.0);
        if (!r->nb) {
                add_abc(&c->wy, r->w, r->y, r->cnt);
                return;
        }
        {
                struct fk_xsum s;
                const double *p;
                size_t k;

                memset(&s, 0, sizeof s);
                fk_moments_sum(&r->nb->m, &s);
                k = fk_xsum_parts(&s, &p);
                for (size_t i = 0; i < k; i++)
                        add_abc(&c->wy, r->w, p[i], 1.0);
                fk_xsum_release(&s);
        }
}

/* The cell's weighted mean Σw·y / Σw from the exact sums, and Σw: so
 * they do not depend on the order of the rows (one row: y itself). */
static void cell_end(const struct cell *c, double *y, double *w)
{
        long double sw = acc_ld(&c->w);

        *y = (double)(acc_ld(&c->wy) / sw);
        *w = (double)sw;
}

/* Collapse rows of one unit and period into cells. */
static int make_cells(struct prow *r, size_t m, struct fk_panel *out,
                      struct fk_error *err)
{
        struct cell *cur = malloc(sizeof *cur);
        size_t c = 0;

        qsort(r, m, sizeof *r, by_cell);
        out->y = malloc((m + 1) * sizeof *out->y);
        out->w = malloc((m + 1) * sizeof *out->w);
        out->unit = malloc((m + 1) * sizeof *out->unit);
        out->period = malloc((m + 1) * sizeof *out->period);
        if (!cur || !out->y || !out->w || !out->unit || !out->period) {
                free(cur);
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        for (size_t i = 0; i < m; i++) {
                if (i > 0 && r[i].uid == r[i - 1].uid &&
                    r[i].pid == r[i - 1].pid) {
                        cell_add(cur, &r[i]);
                        continue;
                }
                if (c)
                        cell_end(cur, &out->y[c - 1], &out->w[c - 1]);
                if (c && cur->n > 1)
                        out->aggregated = 1;
                fk_acc_init(&cur->wy);
                fk_acc_init(&cur->w);
                cur->n = 0;
                cell_add(cur, &r[i]);
                out->unit[c] = r[i].uid;
                out->period[c] = r[i].pid;
                c++;
        }
        if (c) {
                cell_end(cur, &out->y[c - 1], &out->w[c - 1]);
                if (cur->n > 1)
                        out->aggregated = 1;
        }
        free(cur);
        out->n = c;
        return FK_OK;
}

int fk_panel_read(const struct fk_table *t, const struct fk_panel_spec *s,
                  struct fk_panel *out, struct fk_error *err)
{
        const char *opts[5] = { "--unit", "--period", "--outcome",
                                "--treated", "--weight" };
        const char *names[5] = { s->unit, s->period, s->outcome, s->treated,
                                 s->weight };
        long col[5], sord;
        enum fk_period_kind kind, skind;
        struct prow *r;
        size_t m, nt = 0;
        int rc;

        memset(out, 0, sizeof *out);
        for (int k = 0; k < 5; k++) {
                col[k] = -1;
                if ((k == 3 || k == 4) && !names[k])
                        continue;
                if ((col[k] = column(t, names[k], opts[k], err)) < 0)
                        return FK_EUSAGE;
        }
        if (s->start && fk_period_parse(s->start, &skind, &sord))
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "--start '%s' is not a period ("
                                    FK_PERIOD_FORMS ")", s->start);
        r = malloc((fk_table_nrows(t) + 1) * sizeof *r);
        if (!r)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        rc = read_rows(t, s, col, r, &m, &kind, out, err);
        if (!rc && m == 0)
                rc = fk_error_set(err, FK_EDATA, fk_table_file(t, 0), 0,
                                  "no rows with an outcome");
        if (!rc && s->start && skind != kind)
                rc = fk_error_set(err, FK_EUSAGE, NULL, 0,
                                  "--start '%s' is not of the same kind as "
                                  "the periods in column '%s'", s->start,
                                  s->period);
        if (!rc)
                rc = number_units(t, s->treated, r, m, out, err);
        if (!rc)
                rc = number_periods(t, r, m, out, err, col);
        if (!rc)
                rc = make_cells(r, m, out, err);
        if (!rc) {
                long ord;
                enum fk_period_kind k;

                out->start = s->start ? out->T : 0;
                for (size_t p = 0; s->start && p < out->T; p++) {
                        fk_period_parse(out->period_names[p], &k, &ord);
                        if (ord >= sord) {
                                out->start = p;
                                break;
                        }
                }
                for (size_t u = 0; u < out->U; u++)
                        nt += out->treated[u];
                if (s->start && (out->start == 0 || out->start == out->T))
                        rc = fk_error_set(err, FK_EDATA, fk_table_file(t, 0), 0,
                                          "no period %s %s in the panel",
                                          out->start ? "from" : "before",
                                          s->start);
                else if (s->treated && s->start &&
                         (nt == 0 || nt == out->U))
                        rc = fk_error_set(err, FK_EDATA, fk_table_file(t, 0), 0,
                                          "column '%s': no %s unit", s->treated,
                                          nt ? "control" : "treated");
        }
        free(r);
        if (rc)
                fk_panel_release(out);
        return rc;
}

void fk_panel_release(struct fk_panel *p)
{
        if (!p)
                return;
        for (size_t i = 0; p->unit_names && i < p->U; i++)
                free(p->unit_names[i]);
        for (size_t i = 0; p->period_names && i < p->T; i++)
                free(p->period_names[i]);
        free(p->unit_names);
        free(p->period_names);
        free(p->treated);
        free(p->y);
        free(p->w);
        free(p->unit);
        free(p->period);
        memset(p, 0, sizeof *p);
}
