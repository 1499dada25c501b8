/* Arms and rows: which rows are in which arm, a row's weight and count
 * cells, column lookup, and notes to the caller — the helpers every step
 * of analyse/ uses; see include/fkstat/analyse.h. */
#include <errno.h>
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

/* Compare two cell values as arm labels: after trimming (cells are
 * trimmed already), without regard to case — ASCII and the Latin-1
 * letters of UTF-8 (Æ/æ, Ø/ø, Å/å ...). */
static int fold(const unsigned char **p)
{
        int c = **p;

        (*p)++;
        if (c >= 'A' && c <= 'Z')
                return c + 32;
        if (c == 0xC3 && **p >= 0x80 && **p <= 0x9E && **p != 0x97) {
                c = 0xC300 | (**p + 0x20);
                (*p)++;
        } else if (c == 0xC3 && **p) {
                c = 0xC300 | **p;
                (*p)++;
        }
        return c;
}

int fk_arm_label_equal(const char *x, const char *y)
{
        const unsigned char *p = (const unsigned char *)x;
        const unsigned char *q = (const unsigned char *)y;

        while (*p && *q)
                if (fold(&p) != fold(&q))
                        return 0;
        return !*p && !*q;
}

/* How surely a value names the trial arm: 2 when it is one of the trial
 * words (without regard to case), 1 when it begins with "forsøg",
 * "forsog" or "forsoeg" ("Forsøgskommune"), else 0. */
static int trial_word(const char *s)
{
        static const char *const words[] = {
                "trial", "forsøg", "forsog", "treatment", "intervention", "1",
                "ja", "yes"
        };
        static const char *const stems[] = { "forsøg", "forsog", "forsoeg" };

        for (size_t i = 0; i < sizeof words / sizeof *words; i++)
                if (fk_arm_label_equal(s, words[i]))
                        return 2;
        for (size_t i = 0; i < sizeof stems / sizeof *stems; i++) {
                const unsigned char *p = (const unsigned char *)s;
                const unsigned char *q = (const unsigned char *)stems[i];
                int same = 1;

                while (same && *p && *q)
                        same = fold(&p) == fold(&q);
                if (same && !*q)
                        return 1;
        }
        return 0;
}

int fk_value_list(const char *spec, const char *what, char *buf,
                      size_t size, const char **item, size_t max, size_t *n,
                      struct fk_error *err)
{
        char sep = ',';
        size_t len;

        *n = 0;
        if (spec[0] == '@') {
                FILE *f = fopen(spec + 1, "rb");

                if (!f)
                        return fk_error_set(err, FK_EDATA, spec + 1, 0,
                                            "cannot read the %s list: %s",
                                            what, strerror(errno));
                len = fread(buf, 1, size - 1, f);
                if (ferror(f) || (len == size - 1 && fgetc(f) != EOF)) {
                        fclose(f);
                        return fk_error_set(err, FK_EDATA, spec + 1, 0,
                                            "the %s list cannot be read whole "
                                            "(at most %zu bytes)", what,
                                            size - 1);
                }
                fclose(f);
                buf[len] = '\0';
                if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
                        memmove(buf, buf + 3, (len -= 3) + 1);
                sep = '\n';
        } else {
                if (strlen(spec) >= size)
                        return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                            "the %s list is too long", what);
                strcpy(buf, spec);
        }
        for (char *s = buf; s;) {
                char *end = strchr(s, sep), *e;

                if (end)
                        *end = '\0';
                while (*s == ' ' || *s == '\t')
                        s++;
                e = s + strlen(s);
                while (e > s && (e[-1] == ' ' || e[-1] == '\t' ||
                                 e[-1] == '\r'))
                        *--e = '\0';
                if (*s && *s != '#') {
                        if (*n == max)
                                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                                    "the %s list has more "
                                                    "than %zu values", what,
                                                    max);
                        item[(*n)++] = s;
                }
                s = end ? end + 1 : NULL;
        }
        if (*n == 0)
                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                    "the %s list is empty", what);
        return FK_OK;
}

/* The arm of value v, or -1. */
static int arm_of_value(const struct fk_arms *a, const char *v)
{
        for (int arm = 0; arm < 2; arm++)
                for (size_t i = 0; i < a->nval[arm]; i++)
                        if (fk_arm_label_equal(a->val[arm][i], v))
                                return arm;
        return a->rest ? FK_CONTROL : -1;
}

/* Set arm's values from the list spec: each item must be a value of the
 * column (said otherwise), and is kept as the table's own cell text. */
static int arm_values(const struct fk_table *t, long col, const char *spec,
                      int arm, struct fk_arms *a, const struct fk_arms_notes *nt,
                      struct fk_error *err)
{
        enum { SIZE = 1 << 20 };
        char *buf = malloc(SIZE);
        const char **item = malloc(FK_ARMS_MAX * sizeof *item);
        size_t n = 0;
        const char *what = arm == FK_TRIAL ? "--trial" : "--control";
        int rc = !buf || !item ? fk_error_set(err, FK_ENOMEM, NULL, 0,
                                              "out of memory") :
                 fk_value_list(spec, what, buf, SIZE, item, FK_ARMS_MAX, &n, err);

        if (rc)
                goto done;
        a->nval[arm] = 0;
        for (size_t i = 0; i < n; i++) {
                const char *found = NULL;

                for (size_t r = 0; r < fk_table_nrows(t) && !found; r++) {
                        const char *v = fk_table_cell(t, r, (size_t)col);

                        if (v && fk_arm_label_equal(v, item[i]))
                                found = v;
                }
                if (!found) {
                        if (n == 1) {
                                rc = fk_error_set(err, FK_EDATA, NULL, 0,
                                                  "%s arm '%s' has no rows in "
                                                  "column '%s'",
                                                  arm == FK_TRIAL ? "trial" :
                                                  "control",
                                                  fk_quote(item[i]).s,
                                                  fk_quote(fk_table_colname(
                                                          t, (size_t)col)).s);
                                goto done;
                        }
                        if (nt && nt->note)
                                nt->note(nt->ctx, what, item[i]);
                        continue;
                }
                a->val[arm][a->nval[arm]++] = found;
        }
        if (n == 1)
                a->label[arm] = a->val[arm][0];
        else
                a->label[arm] = spec;
done:
        free(buf);
        free(item);
        return rc;
}

static int arms_resolve(const struct fk_table *t, long col, const char *trial,
                        const char *control, struct fk_arms *a,
                        const struct fk_arms_notes *nt,
                        struct fk_error *err);

/* The arms' data errors name the input file when there is only one. */
int fk_arms_resolve_with(const struct fk_table *t, long col,
                         const char *trial, const char *control,
                         struct fk_arms *a, const struct fk_arms_notes *nt,
                         struct fk_error *err)
{
        int rc = arms_resolve(t, col, trial, control, a, nt, err);

        if (rc == FK_EDATA && !err->file[0] && fk_table_nfiles(t) == 1) {
                const char *f = fk_table_file(t, 0);

                snprintf(err->file, sizeof err->file, "%s",
                         strcmp(f, "-") ? f : "<stdin>");
        }
        a->trial = a->label[FK_TRIAL];
        a->control = a->label[FK_CONTROL];
        return rc;
}

int fk_arms_resolve(const struct fk_table *t, long col, const char *trial,
                    const char *control, struct fk_arms *a,
                    struct fk_error *err)
{
        return fk_arms_resolve_with(t, col, trial, control, a, NULL, err);
}

static int arms_resolve(const struct fk_table *t, long col, const char *trial,
                        const char *control, struct fk_arms *a,
                        const struct fk_arms_notes *nt,
                        struct fk_error *err)
{
        const char *vals[3] = { NULL, NULL, NULL };
        size_t nv = 0;
        double seen[2] = { 0, 0 };
        const char *name = fk_table_colname(t, (size_t)col);
        int rc, w0, w1;

        memset(a, 0, sizeof *a);
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
                        if (fk_arm_label_equal(vals[i], v))
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
                w0 = trial_word(vals[0]);
                w1 = trial_word(vals[1]);
                if (w0 == w1)
                        return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                            "cannot tell which of '%s' and "
                                            "'%s' in column '%s' is the trial "
                                            "arm; say --trial",
                                            fk_quote(vals[0]).s,
                                            fk_quote(vals[1]).s,
                                            fk_quote(name).s);
                trial = w0 > w1 ? vals[0] : vals[1];
                control = trial == vals[0] ? vals[1] : vals[0];
        } else if (!control && nv == 2 && !strchr(trial, ',') &&
                   trial[0] != '@') {
                /* one value given of two: the other is the control arm */
                control = fk_arm_label_equal(vals[0], trial) ? vals[1] :
                          vals[0];
        } else if (!trial) {
                if (nv > 2 || strchr(control, ',') || control[0] == '@')
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "column '%s' has more than two "
                                            "values; name both --trial and "
                                            "--control", fk_quote(name).s);
                for (size_t i = 0; i < nv; i++)
                        if (!fk_arm_label_equal(vals[i], control))
                                trial = vals[i];
                if (!trial)
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "column '%s' has no arm besides "
                                            "'%s'", fk_quote(name).s,
                                            fk_quote(control).s);
        }
        if ((rc = arm_values(t, col, trial, FK_TRIAL, a, nt, err)) != FK_OK)
                return rc;
        if (control) {
                if ((rc = arm_values(t, col, control, FK_CONTROL, a, nt, err)))
                        return rc;
        } else {
                a->rest = 1;
                a->label[FK_CONTROL] = "(every other value)";
        }
        for (size_t i = 0; i < a->nval[FK_TRIAL]; i++)
                for (size_t j = 0; j < a->nval[FK_CONTROL]; j++)
                        if (fk_arm_label_equal(a->val[FK_TRIAL][i],
                                               a->val[FK_CONTROL][j]))
                                return fk_error_set(err, FK_EUSAGE, NULL, 0,
                                                    "--trial and --control "
                                                    "are both '%s'",
                                                    a->val[FK_TRIAL][i]);
        for (size_t r = 0; r < fk_table_nrows(t); r++) {
                int arm = fk_arms_of_row(a, t, r);

                if (arm >= 0)
                        seen[arm] += fk_table_row_weight(t, r);
                else
                        a->unmatched += fk_table_row_weight(t, r);
        }
        for (int arm = 0; arm < 2; arm++)
                if (!(seen[arm] > 0))
                        return fk_error_set(err, FK_EDATA, NULL, 0,
                                            "%s arm '%s' has no rows in "
                                            "column '%s'",
                                            arm == FK_TRIAL ? "trial" :
                                            "control", fk_quote(
                                            a->label[arm]).s,
                                            fk_quote(name).s);
        return FK_OK;
}

int fk_arms_of_row(const struct fk_arms *a, const struct fk_table *t, size_t row)
{
        const char *v = fk_table_cell(t, row, (size_t)a->col);

        if (!v)
                return -1;
        return arm_of_value(a, v);
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
                return fk_table_no_column(t, name, err);
        return FK_OK;
}

