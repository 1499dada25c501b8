/* Per-unit starts of a staggered difference in differences: from a column
 * of the table (--start COL) or from a file of unit;start lines (--starts
 * FILE); see include/fkstat/didanalyse.h. */
#include "analyse/did_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/analyse.h"

void did_say(const struct fk_did_spec *s, const char *fmt, ...)
{
        char msg[1024];
        va_list ap;

        if (!s->note)
                return;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        s->note(s->note_ctx, msg);
}

int fk_did_start_is_period(const char *start)
{
        enum fk_period_kind k;
        long ord;

        return start && fk_period_parse(start, &k, &ord) == FK_OK;
}

#define STARTS_MAX (16L << 20)  /* bytes of a --starts file */

static int nomem(struct fk_error *err)
{
        return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
}

static int alloc_starts(struct fk_did_analysis *a, char **seen,
                        struct fk_error *err)
{
        size_t U = a->panel.U;

        a->start = malloc((U + 1) * sizeof *a->start);
        a->start_label = calloc(U + 1, sizeof *a->start_label);
        *seen = calloc(U + 1, 1);
        if (!a->start || !a->start_label || !*seen)
                return nomem(err);
        for (size_t u = 0; u < U; u++)
                a->start[u] = FK_STAGGER_NEVER;
        return FK_OK;
}

/* v (not empty) as a start of the panel's kind; what prefixes the
 * message ("column 'start': " or ""). */
static int parse_start(const char *v, enum fk_period_kind kind,
                       const struct fk_did_spec *s, const char *file,
                       long line, const char *what, long *ord,
                       struct fk_error *err)
{
        enum fk_period_kind k;

        if (fk_period_parse(v, &k, ord))
                return fk_error_set(err, FK_EDATA, file, line, "%s'%s' is not "
                                    "a period (" FK_PERIOD_FORMS ")", what,
                                    fk_quote(v).s);
        if (k != kind)
                return fk_error_set(err, FK_EDATA, file, line, "%s'%s' is not "
                                    "of the same kind as the periods in "
                                    "column '%s'", what, fk_quote(v).s,
                                    s->period);
        return FK_OK;
}

/* Give unit u the start v (NULL or empty: never); a unit seen before with
 * another start is an error. */
static int set_start(struct fk_did_analysis *a, char *seen, size_t u,
                     const char *v, long ord, const char *file, long line,
                     const char *what, struct fk_error *err)
{
        const char *name = a->panel.unit_names[u];

        if (!v || !*v)
                ord = FK_STAGGER_NEVER;
        if (seen[u]) {
                if (a->start[u] == ord)
                        return FK_OK;
                return fk_error_set(err, FK_EDATA, file, line, "%sunit '%s' "
                                    "has two starts, '%s' and '%s'", what,
                                    fk_quote(name).s,
                                    fk_quote(a->start_label[u] ?
                                             a->start_label[u] : "").s,
                                    fk_quote(v ? v : "").s);
        }
        seen[u] = 1;
        a->start[u] = ord;
        if (ord != FK_STAGGER_NEVER && !(a->start_label[u] = strdup(v)))
                return nomem(err);
        return FK_OK;
}

static const char *const *sort_names;

static int by_name(const void *x, const void *y)
{
        return strcmp(sort_names[*(const size_t *)x],
                      sort_names[*(const size_t *)y]);
}

int did_starts_column(const struct fk_table *t, const struct fk_did_spec *s,
                      enum fk_period_kind kind, struct fk_did_analysis *a,
                      struct fk_error *err)
{
        const struct fk_panel *p = &a->panel;
        long ucol = fk_table_col(t, s->unit), scol = fk_table_col(t, s->start);
        size_t *ix = malloc((p->U + 1) * sizeof *ix);
        char *seen = NULL, what[300];
        int rc = alloc_starts(a, &seen, err);

        if (!rc && !ix)
                rc = nomem(err);
        if (rc || ucol < 0 || scol < 0) {
                free(ix);
                free(seen);
                return rc ? rc : fk_error_set(err, FK_EUSAGE,
                                              fk_table_file(t, 0), 0,
                                              "no column '%s' in the header",
                                              ucol < 0 ? s->unit : s->start);
        }
        snprintf(what, sizeof what, "column '%s': ", s->start);
        for (size_t u = 0; u < p->U; u++)
                ix[u] = u;
        sort_names = (const char *const *)p->unit_names;
        qsort(ix, p->U, sizeof *ix, by_name);
        for (size_t r = 0; !rc && r < fk_table_nrows(t); r++) {
                const char *u = fk_table_cell(t, r, (size_t)ucol);
                const char *v = fk_table_cell(t, r, (size_t)scol);
                const char *file = fk_table_row_file(t, r);
                long line = fk_table_row_line(t, r), ord = 0;
                size_t lo = 0, hi = p->U;

                if (!u)
                        continue;
                while (lo < hi) {       /* the panel's unit of this row */
                        size_t mid = (lo + hi) / 2;
                        int c = strcmp(p->unit_names[ix[mid]], u);

                        if (c == 0)
                                lo = hi = mid;
                        else if (c < 0)
                                lo = mid + 1;
                        else
                                hi = mid;
                }
                if (lo >= p->U || strcmp(p->unit_names[ix[lo]], u))
                        continue;       /* a unit without an outcome */
                if (v && *v)
                        rc = parse_start(v, kind, s, file, line, what, &ord,
                                         err);
                if (!rc)
                        rc = set_start(a, seen, ix[lo], v, ord, file, line,
                                       what, err);
        }
        free(ix);
        free(seen);
        return rc;
}

/* Trim blanks, a CR and surrounding double quotes in place. */
static char *trim(char *s)
{
        char *e;

        while (*s == ' ' || *s == '\t')
                s++;
        e = s + strlen(s);
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
                *--e = '\0';
        if (e - s >= 2 && *s == '"' && e[-1] == '"') {
                e[-1] = '\0';
                s++;
        }
        return s;
}

static int read_file(const char *path, char **buf, struct fk_error *err)
{
        FILE *f = fopen(path, "rb");
        size_t len;

        *buf = NULL;
        if (!f)
                return fk_error_set(err, FK_EDATA, path, 0, "cannot read the "
                                    "starts: %s", strerror(errno));
        *buf = malloc(STARTS_MAX + 1);
        if (!*buf) {
                fclose(f);
                return nomem(err);
        }
        len = fread(*buf, 1, STARTS_MAX, f);
        if (ferror(f) || (len == STARTS_MAX && fgetc(f) != EOF)) {
                fclose(f);
                return fk_error_set(err, FK_EDATA, path, 0, "the starts "
                                    "cannot be read whole (at most %ld "
                                    "bytes)", STARTS_MAX);
        }
        fclose(f);
        (*buf)[len] = '\0';
        if (len >= 3 && !memcmp(*buf, "\xEF\xBB\xBF", 3))
                memmove(*buf, *buf + 3, len - 2);
        return FK_OK;
}

static size_t find_unit(const struct fk_panel *p, const char *name)
{
        for (size_t u = 0; u < p->U; u++)
                if (fk_arm_label_equal(p->unit_names[u], name))
                        return u;
        return (size_t)-1;
}

int did_starts_file(const struct fk_did_spec *s, enum fk_period_kind kind,
                    struct fk_did_analysis *a, struct fk_error *err)
{
        const struct fk_panel *p = &a->panel;
        const char *path = s->starts, *absent = NULL;
        char *buf = NULL, *seen = NULL, *line, *next;
        size_t nabsent = 0, unlisted = 0, ndata = 0;
        long ln = 0;
        int rc = alloc_starts(a, &seen, err);

        if (!rc)
                rc = read_file(path, &buf, err);
        for (line = buf; !rc && line; line = next) {
                char *sep, *unit, *v;
                size_t u;
                long ord = 0;

                next = strchr(line, '\n');
                if (next)
                        *next++ = '\0';
                ln++;
                line = trim(line);
                if (!*line || *line == '#')
                        continue;
                sep = strchr(line, ';');
                if (!sep)
                        sep = strchr(line, '\t');
                if (!sep)
                        sep = strchr(line, ',');
                if (!sep) {
                        rc = fk_error_set(err, FK_EDATA, path, ln, "'%s' is "
                                          "not a unit;start line",
                                          fk_quote(line).s);
                        break;
                }
                *sep = '\0';
                unit = trim(line);
                v = trim(sep + 1);
                u = find_unit(p, unit);
                /* a header: the first line, naming no unit and no period */
                if (ndata++ == 0 && u == (size_t)-1 && *v &&
                    !fk_did_start_is_period(v))
                        continue;
                if (*v)
                        rc = parse_start(v, kind, s, path, ln, "", &ord, err);
                if (rc)
                        break;
                if (u == (size_t)-1) {
                        if (!nabsent++ && !(absent = strdup(unit)))
                                rc = nomem(err);
                        continue;
                }
                rc = set_start(a, seen, u, v, ord, path, ln, "", err);
        }
        if (!rc) {
                for (size_t u = 0; u < p->U; u++)
                        unlisted += !seen[u];
                if (nabsent)
                        did_say(s, "%s: %zu listed unit%s not in column '%s' "
                                "(first: '%s')", path, nabsent,
                                nabsent == 1 ? " is" : "s are", s->unit,
                                fk_quote(absent).s);
                if (unlisted)
                        did_say(s, "%zu unit%s of column '%s' not in %s: "
                                "never treated", unlisted,
                                unlisted == 1 ? "" : "s", s->unit, path);
        }
        free((char *)absent);
        free(buf);
        free(seen);
        return rc;
}
