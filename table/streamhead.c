/* The parts of the summary reader that its driver (stream.c) and its
 * block path for pipes (pipe.c) both use: the header line, the check that
 * an input ends in data rather than in note lines, and the turning of
 * (block, line) positions into physical lines.  See stream_int.h. */
#include <stdlib.h>
#include <string.h>

#include "sets.h"
#include "stream_int.h"

void settle_lines(struct worker *w, unsigned nw, uint32_t file,
                  uint64_t base, uint64_t *nl, uint64_t nblocks)
{
        for (uint64_t b = 1; b < nblocks; b++)  /* nl[b]: first line of b */
                nl[b] += nl[b - 1];
        for (unsigned i = 0; i < nw; i++)
                for (size_t j = 0; j < w[i].t.n; j++) {
                        struct tally_entry *e = &w[i].t.e[j];

                        if (e->file != file || e->block == UINT32_MAX)
                                continue;
                        e->line += base + (e->block ? nl[e->block - 1] : 0);
                        e->block = UINT32_MAX;
                }
        for (unsigned i = 0; i < nw; i++)
                sets_settle(&w[i].t, file, base, nl);
}

void header_release(struct header *h)
{
        for (size_t i = 0; i < h->ncols; i++)
                free(h->names[i]);
        free(h->names);
        memset(h, 0, sizeof *h);
}

int parse_header(const char *p, size_t n, uint64_t skipped,
                 const struct fk_csv_opts *csv, struct header *h,
                 struct source *s)
{
        size_t i = 0, e, lines = 0, cap = 0, dup;
        struct layout l;
        const char *q;

        memset(h, 0, sizeof *h);
        /* where the header is and its delimiter, as fk_table_read finds
         * them; title lines above it and --skip are left to that */
        if (table_find_header(p, n, skipped + n >= s->size, csv, &l, NULL,
                              NULL) || !l.complete || l.titles ||
            csv->header_line)
                return FAST_FALLBACK;
        while (i < n && (p[i] == '\n' || (p[i] == '\r' && i + 1 < n &&
                                          p[i + 1] == '\n'))) {
                lines += p[i] == '\n';
                i++;
        }
        if (l.header != i)
                return FAST_FALLBACK;
        q = memchr(p + i, '\n', n - i);
        if (!q && skipped + n < s->size)
                return FAST_FALLBACK;           /* a very long header */
        e = q ? (size_t)(q - p) : n;
        s->data = skipped + (q ? e + 1 : e);
        s->base = (uint64_t)lines + 2;
        if (e > i && p[e - 1] == '\r')
                e--;
        if (e == i || memchr(p + i, '"', e - i) || memchr(p + i, '\r', e - i)
            || memchr(p + i, '\0', e - i) ||
            !table_valid_utf8((const unsigned char *)p + i, e - i))
                return FAST_FALLBACK;
        h->delim = l.delim;
        for (size_t a = i;; ) {
                const char *d = memchr(p + a, h->delim, e - a), *f = p + a;
                size_t len = d ? (size_t)(d - f) : e - a;
                char **nn;

                table_trim(&f, &len);
                if (!len)
                        return FAST_FALLBACK;
                if (h->ncols == cap) {
                        cap = cap ? 2 * cap : 16;
                        nn = realloc(h->names, cap * sizeof *nn);
                        if (!nn)
                                return FK_ENOMEM;
                        h->names = nn;
                }
                if (!(h->names[h->ncols] = strndup(f, len)))
                        return FK_ENOMEM;
                h->ncols++;
                if (!d)
                        break;
                a = (size_t)(d - p) + 1;
        }
        /* a repeated name: the full reader says which */
        dup = table_first_duplicate((const char *const *)h->names, h->ncols);
        if (dup == (size_t)-1)
                return FK_ENOMEM;
        return dup < h->ncols ? FAST_FALLBACK : FK_OK;
}

int tail_is_data(const char *p, size_t len, uint64_t at,
                 const struct source *s, const struct header *h)
{
        struct footer f;
        size_t from = 0;

        if (h->ncols < 2 || s->size <= s->data)
                return FK_OK;
        if (at > s->data) {     /* from the first whole line on */
                const char *q = memchr(p, '\n', len);

                from = q ? (size_t)(q - p) + 1 : len;
        }
        table_find_footer(p, len, from, h->delim, h->ncols, &f);
        return f.notes || (f.open && at > s->data) ? FAST_FALLBACK : FK_OK;
}
