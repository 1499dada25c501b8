/* Decimal marks and thousands separators: what each cell says about them
 * while a file is read, the decimal mark chosen from that, and the
 * columns written with thousands separators ("1.069", "22.623",
 * "1.234.567", "1.234,5") found and read as plain numbers.  The rules are
 * in include/fkstat/table.h and METHODS.md ("Input and missing data"). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int is_digit(char c)
{
        return c >= '0' && c <= '9';
}

static size_t skip_digits(const char *s, size_t n, size_t i)
{
        while (i < n && is_digit(s[i]))
                i++;
        return i;
}

/* The groups of s[0..n) when it is [+-] [1-9]d{0,2} (sep ddd)+ followed
 * by nothing or by a decimal part (a mark other than sep, then digits),
 * whose mark goes to *dec (0 when there is none); else 0. */
static size_t grouped(const char *s, size_t n, char sep, char *dec)
{
        size_t i = 0, d, groups = 0;

        *dec = 0;
        if (i < n && (s[i] == '+' || s[i] == '-'))
                i++;
        d = skip_digits(s, n, i);
        if (d == i || d - i > 3 || s[i] == '0')
                return 0;
        for (i = d; i < n && s[i] == sep; i = d, groups++) {
                d = skip_digits(s, n, i + 1);
                if (d - (i + 1) != 3)
                        return 0;
        }
        if (!groups || i == n)
                return groups;
        if ((s[i] != '.' && s[i] != ',') || s[i] == sep)
                return 0;
        d = skip_digits(s, n, i + 1);
        if (d == i + 1 || d != n)
                return 0;
        *dec = s[i];
        return groups;
}

/* '.' or ',' when s[0..n) is a plain decimal number with that mark
 * ("-12.5", "3,25"), else 0. */
static char plain_mark(const char *s, size_t n)
{
        size_t i = 0, d;
        char mark;

        if (i < n && (s[i] == '-' || s[i] == '+'))
                i++;
        d = skip_digits(s, n, i);
        if (d == i || d == n || (s[d] != '.' && s[d] != ','))
                return 0;
        mark = s[d];
        i = skip_digits(s, n, d + 1);
        return i > d + 1 && i == n ? mark : 0;
}

static unsigned group_bit(char sep)
{
        return sep == '.' ? MARK_GROUPED_DOT : sep == ',' ? MARK_GROUPED_COMMA
                                                         : MARK_GROUPED_OTHER;
}

static unsigned vote(char mark)
{
        return mark == '.' ? MARK_DOT : mark == ',' ? MARK_COMMA : 0;
}

unsigned table_cell_marks(const char *s, size_t n, int th)
{
        size_t i = 0, d, g;
        char c, dec;

        /* one pass to the first mark: most cells have none */
        if (i < n && (s[i] == '+' || s[i] == '-'))
                i++;
        d = skip_digits(s, n, i);
        if (d == i || d == n)
                return 0;
        c = s[d];
        if (c != '.' && c != ',' && (th <= 0 || c != th))
                return 0;
        if (th != FK_THOUSANDS_NONE && (th ? c == th : 1) && d - i <= 3 &&
            s[i] != '0' && (g = grouped(s, n, c, &dec))) {
                unsigned by = group_bit(c);

                if (dec)                /* "1.234,5" */
                        return by | vote(dec);
                if (th)                 /* the separator the user named */
                        return by;
                if (g == 1)             /* "1.234": 1234 or 1.234 */
                        return by | (c == '.' ? MARK_AMB_DOT :
                                     MARK_AMB_COMMA);
                /* "1.234.567": '.' can only separate thousands */
                return by | (c == '.' ? MARK_COMMA : MARK_DOT);
        }
        return vote(plain_mark(s, n));
}

void table_count_marks(struct marks *m, unsigned bits)
{
        m->dot += (bits & MARK_DOT) != 0;
        m->comma += (bits & MARK_COMMA) != 0;
        m->amb_dot += (bits & MARK_AMB_DOT) != 0;
        m->amb_comma += (bits & MARK_AMB_COMMA) != 0;
        m->grouped |= bits & (MARK_GROUPED_DOT | MARK_GROUPED_COMMA |
                              MARK_GROUPED_OTHER);
}

/* The thousands separator of a table with decimal mark dec. */
static char separator(char dec, const struct fk_csv_opts *o)
{
        return o->thousands ? (char)o->thousands : dec == ',' ? '.' : ',';
}

int table_may_group(const struct marks *m, char delim,
                    const struct fk_csv_opts *o)
{
        if (o->thousands == FK_THOUSANDS_NONE)
                return 0;
        return (m->grouped &
                group_bit(separator(table_pick_decimal(m, delim, o), o))) != 0;
}

/* A ';' file has a decimal comma unless a value shows a decimal point;
 * with neither shown it keeps '.' unless some value ("1.234", "1,234")
 * needs the choice.  Other delimiters: the majority, ties to '.'. */
char table_pick_decimal(const struct marks *m, char delim,
                        const struct fk_csv_opts *o)
{
        if (o->decimal)
                return o->decimal;
        if (o->thousands == '.' || o->thousands == ',')
                return o->thousands == '.' ? ',' : '.';
        if (delim == ',')
                return '.';
        if (delim != ';' || o->thousands == FK_THOUSANDS_NONE)
                return m->comma + m->amb_comma > m->dot + m->amb_dot ? ','
                                                                     : '.';
        if (m->comma > m->dot)
                return ',';
        if (m->dot)
                return '.';
        return m->amb_dot || m->amb_comma ? ',' : '.';
}


/* How column j reads with separator sep and decimal mark dec. */
struct column_use {
        size_t nsep;            /* cells with the separator */
        int numeric;            /* every cell a number, grouped or plain */
        int has_dec;            /* some cell has a decimal part */
        int single;             /* every grouped cell has one group */
        size_t example;         /* row of the first grouped cell */
};

/* How the columns cols[0..ncol) read together (a wide table's period
 * columns are one column of values); *ex_col is the column of the example. */
static void look_at(const struct fk_table *t, const size_t *cols,
                    size_t ncol, char sep, char dec, struct column_use *u,
                    size_t *ex_col)
{
        memset(u, 0, sizeof *u);
        u->numeric = u->single = 1;
        *ex_col = cols[0];
        for (size_t i = 0; i < t->nrows && u->numeric; i++)
                for (size_t c = 0; c < ncol && u->numeric; c++) {
                        const char *s = fk_table_cell(t, i, cols[c]);
                        size_t n, g;
                        double x;
                        char d;

                        if (!s)
                                continue;
                        n = strlen(s);
                        if (!memchr(s, sep, n)) {
                                u->numeric = !fk_parse_double(s, dec, &x);
                                u->has_dec |= memchr(s, dec, n) != NULL;
                                continue;
                        }
                        g = grouped(s, n, sep, &d);
                        if (!g || (d && d != dec)) {
                                u->numeric = 0;
                                break;
                        }
                        if (!u->nsep++) {
                                u->example = i;
                                *ex_col = cols[c];
                        }
                        u->has_dec |= d != 0;
                        u->single &= g == 1;
                }
}

static void strip(char *s, char sep)
{
        char *w = s;

        for (; *s; s++)
                if (*s != sep)
                        *w++ = *s;
        *w = '\0';
}

static const char *sep_name(char sep)
{
        return sep == ' ' ? "' ' (space)" : sep == '.' ? "'.'" :
               sep == ',' ? "','" : "the apostrophe";
}

/* Read the columns cols[0..ncol) with thousands separators when they are
 * written with them; name is what the note calls them. */
static int group_columns(struct fk_table *t, const struct fk_csv_opts *o,
                         char sep, const size_t *cols, size_t ncol,
                         const char *name, struct fk_error *err)
{
        struct column_use u;
        char was[64], now[64];
        size_t ex;

        look_at(t, cols, ncol, sep, t->decimal, &u, &ex);
        if (!u.numeric || !u.nsep)
                return FK_OK;
        snprintf(was, sizeof was, "%s", fk_table_cell(t, u.example, ex));
        snprintf(now, sizeof now, "%s", was);
        strip(now, sep);
        for (size_t i = 0; i < t->nrows; i++)
                for (size_t c = 0; c < ncol; c++) {
                        uint32_t off = t->cells[i * t->ncols + cols[c]];

                        if (off != CELL_MISSING)
                                strip(t->text + off, sep);
                }
        if (o->thousands)
                return FK_OK;   /* the user said so */
        if (!u.has_dec && u.single)
                return table_add_note(t, err, "%s: '%s' read as %s, %s as "
                        "thousands separator (ambiguous; --thousands none "
                        "reads %s as the decimal mark)", name, was, now,
                        sep_name(sep), sep_name(sep));
        return table_add_note(t, err, "%s: %s read as thousands separator "
                              "('%s' = %s)", name, sep_name(sep), was, now);
}

int table_finish(struct fk_table *t, const struct fk_csv_opts *o,
                 struct fk_error *err)
{
        unsigned char *flag = NULL;
        size_t *cols = NULL, np = 0;
        char sep, name[sizeof(struct fk_quote) + 16];
        int rc = FK_OK;

        t->decimal = table_pick_decimal(&t->m, t->delimiter, o);
        if (!table_may_group(&t->m, t->delimiter, o))
                return FK_OK;
        sep = separator(t->decimal, o);
        if (o->wide_period) {
                flag = calloc(t->ncols + 1, 1);
                cols = malloc((t->ncols + 1) * sizeof *cols);
                if (!flag || !cols) {
                        free(flag);
                        free(cols);
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                }
                table_wide_flags(t, flag);
        }
        for (size_t j = 0; j < t->ncols && !rc; j++) {
                if (flag && flag[j]) {
                        cols[np++] = j;
                        continue;
                }
                snprintf(name, sizeof name, "column '%s'",
                         fk_quote(fk_table_colname(t, j)).s);
                rc = group_columns(t, o, sep, &j, 1, name, err);
        }
        if (!rc && np) {
                snprintf(name, sizeof name, "the %zu period columns", np);
                rc = group_columns(t, o, sep, cols, np, name, err);
        }
        free(flag);
        free(cols);
        return rc;
}
