/* A summary over fewer columns from one over more (fk_table_fold, see
 * include/fkstat/stream.h): the rows of the finer summary grouped by the
 * cells of the columns kept, each group's weight the sum of its rows' and
 * its place the first of them.  The report reads a file once for all its
 * sections and folds each section's summary out of that reading. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/stream.h"
#include "internal.h"

/* One combination of the kept cells: the first row of t that has it, and
 * the rows of the file it stands for. */
struct fgroup {
        size_t row;
        double weight;
};

static uint64_t cell_hash(uint64_t h, const struct fk_table *t, uint32_t c)
{
        if (c == CELL_MISSING)
                return (h ^ 0xff) * 0x100000001b3ULL;
        for (const unsigned char *s = (const unsigned char *)t->text + c; *s;
             s++)
                h = (h ^ *s) * 0x100000001b3ULL;
        return (h ^ 0) * 0x100000001b3ULL;
}

static int same_cells(const struct fk_table *t, size_t a, size_t b,
                      const size_t *col, size_t n)
{
        for (size_t k = 0; k < n; k++) {
                uint32_t x = t->cells[a * t->ncols + col[k]];
                uint32_t y = t->cells[b * t->ncols + col[k]];

                if (x == y)
                        continue;
                if (x == CELL_MISSING || y == CELL_MISSING ||
                    strcmp(t->text + x, t->text + y))
                        return 0;
        }
        return 1;
}

/* Copy the header, the kept names (col, in t's column order) and the
 * file's facts of t into out. */
static int fold_header(const struct fk_table *t, const size_t *col, size_t n,
                       struct fk_table *out, struct fk_error *err)
{
        size_t nh = t->header ? t->nheader : t->ncols;
        const uint32_t *h = t->header ? t->header : t->names;
        int rc = FK_OK;

        out->names = malloc((n + 1) * sizeof *out->names);
        out->header = malloc((nh + 1) * sizeof *out->header);
        if (!out->names || !out->header)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        for (size_t j = 0; j < nh && !rc; j++) {
                const char *s = t->text + h[j];

                rc = table_add_text(out, s, strlen(s), &out->header[j], err);
                for (size_t k = 0; k < n && !rc; k++)
                        if (t->names[col[k]] == h[j])
                                out->names[k] = out->header[j];
        }
        out->nheader = nh;
        out->ncols = n;
        out->delimiter = t->delimiter;
        out->decimal = t->decimal;
        out->converted = t->converted;
        out->nrecords = t->nrecords;
        out->m = t->m;
        out->head_line = t->head_line;
        return rc;
}

int fk_table_fold(const struct fk_table *t, const char *const *cols,
                  size_t ncols, struct fk_table **out, struct fk_error *err)
{
        size_t *col = malloc((t->ncols + 1) * sizeof *col), n = 0, ng = 0;
        size_t cap = 16;
        uint32_t *map = NULL, *cells = NULL;
        struct fgroup *g = malloc(t->nrows ? t->nrows * sizeof *g : 1);
        struct fk_table *o = NULL;
        int rc = FK_OK;

        *out = NULL;
        while (cap < 2 * t->nrows)
                cap *= 2;
        map = calloc(cap, sizeof *map);
        if (!col || !g || !map)
                goto nomem;
        for (size_t j = 0; j < t->ncols; j++)
                for (size_t k = 0; k < ncols; k++)
                        if (cols[k] && table_name_is(cols[k],
                                                     t->text + t->names[j])) {
                                col[n++] = j;
                                break;
                        }
        /* the groups, each at its first row (map: group + 1 by hash) */
        for (size_t i = 0; i < t->nrows; i++) {
                uint64_t h = 0xcbf29ce484222325ULL;
                size_t at;

                for (size_t k = 0; k < n; k++)
                        h = cell_hash(h, t, t->cells[i * t->ncols + col[k]]);
                at = (size_t)(h ^ (h >> 29)) & (cap - 1);
                while (map[at] &&
                       !same_cells(t, g[map[at] - 1].row, i, col, n))
                        at = (at + 1) & (cap - 1);
                if (!map[at]) {
                        g[ng] = (struct fgroup){ i, 0 };
                        map[at] = (uint32_t)++ng;
                }
                g[map[at] - 1].weight += fk_table_row_weight(t, i);
        }
        /* t's rows are in order of first appearance, so each group's
         * first row is where its combination first appears, and the
         * groups are in that order too */
        o = table_alloc((const char *const *)t->files, t->nfiles);
        cells = malloc((n + 1) * sizeof *cells);
        if (!o || !cells ||
            !(o->weight = malloc((ng + 1) * sizeof *o->weight)))
                goto nomem;
        if ((rc = fold_header(t, col, n, o, err)))
                goto out;
        for (size_t i = 0; i < ng && !rc; i++) {
                for (size_t k = 0; k < n && !rc; k++) {
                        uint32_t c = t->cells[g[i].row * t->ncols + col[k]];

                        cells[k] = CELL_MISSING;
                        if (c != CELL_MISSING)
                                rc = table_add_text(o, t->text + c,
                                                    strlen(t->text + c),
                                                    &cells[k], err);
                }
                if (!rc)
                        rc = table_add_row(o, cells, t->lines[g[i].row],
                                           t->row_file[g[i].row], err);
                o->weight[i] = g[i].weight;
        }
        goto out;
nomem:
        rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
out:
        free(col);
        free(g);
        free(map);
        free(cells);
        if (rc) {
                fk_table_free(o);
                return rc;
        }
        *out = o;
        return FK_OK;
}
