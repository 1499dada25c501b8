/* The message for a column the header lacks: the nearest name (edit
 * distance, without regard to case) as a suggestion, and the columns
 * there are, on one line; see include/fkstat/table.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/table.h"

static int lower(int c)
{
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Levenshtein distance of a and b (bytes, ASCII case folded), or a large
 * number when either is long. */
static size_t distance(const char *a, const char *b)
{
        size_t n = strlen(a), m = strlen(b), *row, best;

        if (n > 200 || m > 200)
                return (size_t)-1;
        row = malloc((m + 1) * sizeof *row);
        if (!row)
                return (size_t)-1;
        for (size_t j = 0; j <= m; j++)
                row[j] = j;
        for (size_t i = 1; i <= n; i++) {
                size_t diag = row[0];

                row[0] = i;
                for (size_t j = 1; j <= m; j++) {
                        size_t up = row[j], d;

                        d = diag + (lower((unsigned char)a[i - 1]) !=
                                    lower((unsigned char)b[j - 1]));
                        if (up + 1 < d)
                                d = up + 1;
                        if (row[j - 1] + 1 < d)
                                d = row[j - 1] + 1;
                        row[j] = d;
                        diag = up;
                }
        }
        best = row[m];
        free(row);
        return best;
}

int fk_table_no_column(const struct fk_table *t, const char *name,
                       struct fk_error *err)
{
        char cols[240] = "";
        size_t len = 0, best = (size_t)-1, nc = fk_table_header_ncols(t);
        const char *near = NULL;

        for (size_t j = 0; j < nc; j++) {
                const char *c = fk_table_header_name(t, j);
                size_t d = distance(name, c);

                if (d < best) {
                        best = d;
                        near = c;
                }
                if (len < sizeof cols - 1) {
                        int k = snprintf(cols + len, sizeof cols - len,
                                         "%s'%s'", j ? ", " : "",
                                         fk_quote(c).s);

                        len += k > 0 ? (size_t)k : 0;
                }
        }
        if (len >= sizeof cols - 1)
                memcpy(cols + sizeof cols - 5, " ...", 5);
        if (near && strcmp(near, name) && best < strlen(name) &&
            best <= 1 + strlen(name) / 4)
                return fk_error_set(err, FK_EUSAGE, fk_table_file(t, 0), 0,
                                    "no column '%s' in the header; did you "
                                    "mean '%s'? (columns: %s)",
                                    fk_quote(name).s, fk_quote(near).s, cols);
        return fk_error_set(err, FK_EUSAGE, fk_table_file(t, 0), 0,
                            "no column '%s' in the header (columns: %s)",
                            fk_quote(name).s, cols);
}
