/* The summary reader: inputs cut into blocks at line ends, blocks scanned
 * by fast.c on several threads into per-thread frequency tables, the
 * tables merged and turned into a summary table.  See
 * include/fkstat/stream.h. */
#define _DEFAULT_SOURCE         /* madvise */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fkstat/stream.h"
#include "sets.h"
#include "stream_int.h"

static int fetch(struct worker *w, uint64_t at, uint64_t len)
{
        const struct source *s = w->sh->src;
        uint64_t got = 0;

        if (len > w->cap) {
                char *p = realloc(w->buf, (size_t)len);

                if (!p)
                        return FK_ENOMEM;
                w->buf = p;
                w->cap = (size_t)len;
        }
        while (got < len) {
                ssize_t n = pread(s->fd, w->buf + got, (size_t)(len - got),
                                  (off_t)(at + got));

                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        return FAST_FALLBACK;   /* libcsv's read names it */
                got += (uint64_t)n;
        }
        return FK_OK;
}

/* Block k holds the rows that start in [lo, hi) = data + [k, k+1)·bsize:
 * from the first line start at or after lo to the first at or after hi. */
static int block(struct worker *w, uint32_t k, const char **text,
                 uint64_t *len)
{
        const struct source *s = w->sh->src;
        uint64_t lo = s->data + k * w->sh->bsize, hi = lo + w->sh->bsize;
        uint64_t w0 = k ? lo - 1 : lo, end = hi, a;
        const char *base, *q;
        int rc;

        if (hi >= s->size) {
                end = hi = s->size;
        } else if (s->mem) {
                q = memchr(s->mem + hi - 1, '\n', (size_t)(s->size - hi + 1));
                end = q ? (uint64_t)(q - s->mem) + 1 : s->size;
        } else {
                uint64_t step = 65536;

                if ((rc = fetch(w, w0, hi - w0)))
                        return rc;
                for (;;) {
                        q = memchr(w->buf + (hi - 1 - w0), '\n',
                                   (size_t)(end - hi + 1));
                        if (q) {
                                end = (uint64_t)(q - w->buf) + w0 + 1;
                                break;
                        }
                        if (end == s->size)
                                break;
                        a = end + step < s->size ? end + step : s->size;
                        if ((rc = fetch(w, w0, a - w0)))
                                return rc;
                        end = a;
                        step *= 2;
                }
        }
        if (!s->mem && !(hi < s->size) && (rc = fetch(w, w0, end - w0)))
                return rc;
        base = s->mem ? s->mem + w0 : w->buf;
        a = 0;
        if (k) {
                q = memchr(base, '\n', (size_t)(end - w0));
                a = q ? (uint64_t)(q - base) + 1 : end - w0;
        }
        *text = base + a;
        *len = end - w0 - a;
        return FK_OK;
}

/* Drop the pages wholly inside text[0..len), a block of a mapped file
 * that has been read, from the process's memory (not from the page
 * cache), so that the mapping adds only the blocks in flight to the
 * resident set.  Another access would fault them in again. */
static void unmap_block(const struct source *s, const char *text,
                        uint64_t len)
{
#ifdef MADV_DONTNEED
        uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE);
        uintptr_t a = ((uintptr_t)text + pg - 1) & ~(pg - 1);
        uintptr_t b = ((uintptr_t)text + (uintptr_t)len) & ~(pg - 1);

        if (s->map && pg && b > a)
                madvise((void *)a, b - a, MADV_DONTNEED);
#else
        (void)s;
        (void)text;
        (void)len;
#endif
}

/* Hand block k (text[0..len)) to sh->bytes once blocks 0..k-1 have
 * been: the blocks tile the data, so the bytes go in file order.  A
 * thread that waits here holds the lowest block not yet handed over or
 * waits for a thread that does, which never waits: no deadlock.  On a
 * failure elsewhere it gives up (the reading fails anyway). */
static void feed_block(struct shared *sh, uint32_t k, const char *text,
                       uint64_t len)
{
        pthread_mutex_lock(&sh->mu);
        while (sh->fed != k && !atomic_load(&sh->status))
                pthread_cond_wait(&sh->cv, &sh->mu);
        if (sh->fed == k) {
                sh->bytes(sh->bytes_ctx, text, (size_t)len);
                sh->fed++;
                pthread_cond_broadcast(&sh->cv);
        }
        pthread_mutex_unlock(&sh->mu);
}

/* Hand the bytes before the data (a byte order mark, the header) to
 * sh->bytes.  FK_OK, FK_ENOMEM or FAST_FALLBACK (a read failed). */
static int feed_head(const struct source *s, struct shared *sh)
{
        char *buf;
        uint64_t at = 0;

        if (s->mem) {
                sh->bytes(sh->bytes_ctx, s->mem, (size_t)s->data);
                return FK_OK;
        }
        if (!(buf = malloc(65536)))
                return FK_ENOMEM;
        while (at < s->data) {
                size_t want = s->data - at < 65536 ? (size_t)(s->data - at)
                                                   : 65536;
                ssize_t n = pread(s->fd, buf, want, (off_t)at);

                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0) {
                        free(buf);
                        return FAST_FALLBACK;
                }
                sh->bytes(sh->bytes_ctx, buf, (size_t)n);
                at += (uint64_t)n;
        }
        free(buf);
        return FK_OK;
}

static void *work(void *arg)
{
        struct worker *w = arg;
        struct shared *sh = w->sh;
        unsigned k;

        while (!atomic_load(&sh->status) &&
               (k = atomic_fetch_add(&sh->next, 1)) < sh->nblocks) {
                const char *text;
                uint64_t len, rows = w->t.rows;
                int rc = block(w, k, &text, &len);

                if (!rc)
                        rc = fast_scan(sh->cfg, text, (size_t)len,
                                       sh->src->file, k, &w->t, &sh->nl[k]);
                if (!rc && sh->bytes)
                        feed_block(sh, k, text, len);
                if (!rc)
                        unmap_block(sh->src, text, len);
                if (rc) {
                        int none = FK_OK;

                        atomic_compare_exchange_strong(&sh->status, &none, rc);
                        if (sh->bytes) {        /* wake the waiters */
                                pthread_mutex_lock(&sh->mu);
                                pthread_cond_broadcast(&sh->cv);
                                pthread_mutex_unlock(&sh->mu);
                        }
                        break;
                }
                atomic_fetch_add(&sh->done, sh->bsize);
                atomic_fetch_add(&sh->rows, w->t.rows - rows);
                if (w->is_main && sh->so->progress) {
                        double d = (double)(sh->done0 + atomic_load(&sh->done));

                        sh->so->progress(sh->so->progress_ctx,
                                         d < (double)sh->total ? d :
                                         (double)sh->total, (double)sh->total,
                                         (double)atomic_load(&sh->rows));
                }
        }
        return NULL;
}

/* Scan one input's data on nw workers; then turn its (block, line)
 * positions into physical lines. */
static int scan_source(const struct source *s, const struct fast_cfg *c,
                       struct worker *w, unsigned nw, uint64_t bsize,
                       struct shared *sh)
{
        uint64_t n = s->size > s->data ? (s->size - s->data + bsize - 1) / bsize
                                       : 0;
        unsigned started = 1;
        int rc;

        if (n >= UINT32_MAX)
                return FAST_FALLBACK;
        sh->cfg = c;
        sh->src = s;
        sh->bsize = bsize;
        sh->nblocks = (uint32_t)n;
        sh->nl = calloc(n + 1, sizeof *sh->nl);
        if (!sh->nl)
                return FK_ENOMEM;
        atomic_store(&sh->next, 0);
        atomic_store(&sh->status, FK_OK);
        atomic_store(&sh->done, 0);
        sh->fed = 0;
        if (sh->bytes && (rc = feed_head(s, sh))) {
                free(sh->nl);
                sh->nl = NULL;
                return rc;
        }
        for (unsigned i = 1; i < nw && n > 1; i++, started++)
                if (pthread_create(&w[i].th, NULL, work, &w[i]))
                        break;
        work(&w[0]);
        for (unsigned i = 1; i < started; i++)
                pthread_join(w[i].th, NULL);
        rc = atomic_load(&sh->status);
        if (!rc)
                settle_lines(w, nw, s->file, s->base, sh->nl, n);
        sh->done0 += s->size;
        atomic_fetch_add(&sh->rows, 0);
        free(sh->nl);
        sh->nl = NULL;
        return rc;
}

/* Read the start of a file (after a byte order mark) and parse its header. */
static int file_header(struct source *s, const struct fk_csv_opts *csv,
                       struct header *h)
{
        size_t want = 65536, got = 0;
        char *p = NULL, *q;
        uint64_t bom = 0;
        int rc;

        for (;;) {
                if (!(q = realloc(p, want))) {
                        free(p);
                        return FK_ENOMEM;
                }
                p = q;
                while (got < want) {
                        ssize_t n = pread(s->fd, p + got, want - got,
                                          (off_t)got);

                        if (n < 0 && errno == EINTR)
                                continue;
                        if (n <= 0)
                                break;
                        got += (size_t)n;
                }
                if (got < want || want >= HEADER_MAX)
                        break;
                {
                        struct layout l;

                        if (!table_find_header(p, got, 0, csv, &l, NULL,
                                               NULL) && l.complete)
                                break;
                }
                want *= 2;
        }
        if (got >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
                bom = 3;
        if (got < s->size && got < want)
                rc = FAST_FALLBACK;     /* the file shrank or a read failed */
        else
                rc = parse_header(p + bom, got - bom, bom, csv, h, s);
        free(p);
        return rc;
}

static int same_header(const struct header *a, const struct header *b)
{
        if (a->ncols != b->ncols)
                return 0;
        for (size_t i = 0; i < a->ncols; i++)
                if (strcmp(a->names[i], b->names[i]))
                        return 0;
        return 1;
}

static int cmp_first(const void *a, const void *b)
{
        const struct tally_entry *x = *(const struct tally_entry *const *)a;
        const struct tally_entry *y = *(const struct tally_entry *const *)b;

        if (x->file != y->file)
                return x->file < y->file ? -1 : 1;
        return (x->line > y->line) - (x->line < y->line);
}

/* The summary table of the merged tally t: kept columns in header order,
 * combinations in order of first appearance. */
static int build(struct tally *t, const struct header *h, const int *slot,
                 size_t nslots, const struct fk_csv_opts *csv,
                 const struct table_na *na, struct fk_table *tab,
                 struct fk_error *err)
{
        struct tally_entry **order = malloc((t->n + 1) * sizeof *order);
        uint32_t *cells = malloc((nslots + 1) * sizeof *cells);
        int rc = FK_OK;

        tab->names = malloc((nslots + 1) * sizeof *tab->names);
        tab->header = malloc((h->ncols + 1) * sizeof *tab->header);
        tab->weight = malloc((t->n + 1) * sizeof *tab->weight);
        if (!order || !cells || !tab->names || !tab->header || !tab->weight) {
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
                goto out;
        }
        for (size_t j = 0; j < h->ncols; j++) {
                if ((rc = table_add_text(tab, h->names[j], strlen(h->names[j]),
                                         &tab->header[j], err)))
                        goto out;
                if (slot[j] >= 0)
                        tab->names[slot[j]] = tab->header[j];
        }
        tab->nheader = h->ncols;
        tab->ncols = nslots;
        for (size_t i = 0; i < t->n; i++)
                order[i] = &t->e[i];
        qsort(order, t->n, sizeof *order, cmp_first);
        tab->nrecords = 0;
        for (size_t i = 0; i < t->n && !rc; i++) {
                const char *k = t->arena + order[i]->key;

                for (size_t j = 0; j < nslots && !rc; j++) {
                        size_t len = strlen(k);

                        cells[j] = CELL_MISSING;
                        if (!table_is_missing(na, k, len))
                                rc = table_add_text(tab, k, len, &cells[j],
                                                    err);
                        k += len + 1;
                }
                if (!rc)
                        rc = table_add_row(tab, cells, (long)order[i]->line,
                                           order[i]->file, err);
                tab->weight[i] = (double)order[i]->count;
                tab->nrecords += (double)order[i]->count;
        }
        tab->m = t->m;
        tab->delimiter = h->delim;
        /* a column that may be written with thousands separators, and its
         * note: fk_table_read's */
        if (!rc && table_may_group(&tab->m, tab->delimiter, csv))
                rc = FAST_FALLBACK;
        if (!rc)
                rc = table_finish(tab, csv, err);
out:
        free(order);
        free(cells);
        return rc;
}

static const struct fk_csv_opts default_csv = FK_CSV_OPTS_INIT;

static unsigned threads(const struct fk_summary_opts *so)
{
        long n = so->threads ? (long)so->threads : sysconf(_SC_NPROCESSORS_ONLN);

        return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (unsigned)n;
}

/* How summarise gets its inputs: the named files, or one test body
 * (mem[0..len), fed as a pipe in pieces of at most piece bytes when piece
 * is not 0). */
struct inputs {
        const char *mem;
        size_t len, piece;
        fk_bytes_fn bytes;      /* see fk_table_read_sets_bytes */
        void *bytes_ctx;
};

struct piece_ctx {
        const char *p;
        size_t len, at, piece;
};

static ssize_t read_piece(void *ctx, char *buf, size_t n)
{
        struct piece_ctx *c = ctx;
        size_t k = c->len - c->at;

        if (k > n)
                k = n;
        if (k > c->piece)
                k = c->piece;
        if (k)
                memcpy(buf, c->p + c->at, k);
        c->at += k;
        return (ssize_t)k;
}

static ssize_t read_fd(void *ctx, char *buf, size_t n)
{
        return read(*(const int *)ctx, buf, n);
}

/* Open input i as a source: a regular file (see map_source; standard
 * input too when it is one, read from its start), the body given for
 * tests, or the feed f (standard input, or the test body fed as a pipe).
 * FAST_FALLBACK for anything else. */
static int open_source(const char *file, const struct inputs *in,
                       struct feed *f, uint32_t i, struct source *s)
{
        struct stat st;
        int is_stdin = !in->mem && !strcmp(file, "-");

        memset(s, 0, sizeof *s);
        s->fd = -1;
        s->file = i;
        if (f) {
                s->feed = f;
                s->size = UINT64_MAX;
                return FK_OK;
        }
        if (in->mem) {
                s->mem = in->mem;
                s->size = in->len;
                return FK_OK;
        }
        s->fd = is_stdin ? dup(0) : open(file, O_RDONLY);
        if (s->fd < 0)
                return FAST_FALLBACK;
        if (fstat(s->fd, &st) || !S_ISREG(st.st_mode) ||
            (is_stdin && lseek(s->fd, 0, SEEK_CUR) != 0))
                return FAST_FALLBACK;
        s->size = (uint64_t)st.st_size;
#ifdef POSIX_FADV_SEQUENTIAL
        posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
        return FK_OK;
}

/* Map the file of s for reading when it is at most MAP_MAX bytes, which
 * spares the copy pread makes; a larger file, or one that cannot be
 * mapped, is read in blocks with pread into each worker's buffer, so the
 * resident set is the blocks in flight whatever the file's size (the
 * pages of a mapping count in it until dropped, and how many the kernel
 * maps ahead of the reader varies from run to run: 16 to 68 MB at 20
 * million rows).  (A file truncated while it is mapped and read ends the
 * process with SIGBUS: inputs are assumed to be left alone while fkstat
 * reads them, as by any reader that maps.) */
#define MAP_MAX ((uint64_t)32 << 20)
static void map_source(struct source *s, size_t map_max)
{
        void *p;

        if (s->mem || s->fd < 0 || s->size == 0 ||
            s->size > (map_max ? (uint64_t)map_max : MAP_MAX) ||
            s->size > SIZE_MAX)
                return;
        p = mmap(NULL, (size_t)s->size, PROT_READ, MAP_PRIVATE, s->fd, 0);
        if (p == MAP_FAILED)
                return;
        posix_madvise(p, (size_t)s->size, POSIX_MADV_SEQUENTIAL);
        s->map = p;
        s->mem = p;
}

static void close_source(struct source *s)
{
        pipe_release(s);
        if (s->map)
                munmap(s->map, (size_t)s->size);
        if (s->fd >= 0)
                close(s->fd);
        s->map = NULL;
        s->fd = -1;
}

/* Whether the file ends in data rather than in note lines (a footer,
 * which fk_table_read skips): FK_OK, or FAST_FALLBACK when it may not.
 * The last TAIL bytes are enough unless blank and note-like lines fill
 * them. */
static int check_tail(const struct source *s, const struct header *h)
{
        uint64_t at = s->size > s->data + TAIL ? s->size - TAIL : s->data;
        size_t len = (size_t)(s->size - at), got = 0;
        char *buf;
        int rc;

        if (h->ncols < 2 || s->size <= s->data)
                return FK_OK;
        if (s->mem)
                return tail_is_data(s->mem + at, len, at, s, h);
        if (!(buf = malloc(len)))
                return FK_ENOMEM;
        while (got < len) {
                ssize_t n = pread(s->fd, buf + got, len - got,
                                  (off_t)(at + got));

                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        break;
                got += (size_t)n;
        }
        rc = got < len ? FAST_FALLBACK : tail_is_data(buf, len, at, s, h);
        free(buf);
        return rc;
}

/* The decimal mark when the options or the delimiter settle it before
 * any cell is read (as table_pick_decimal would), else 0. */
static char fixed_decimal(const struct fk_csv_opts *csv, char delim)
{
        if (csv->decimal)
                return csv->decimal;
        if (csv->thousands == '.' || csv->thousands == ',')
                return csv->thousands == '.' ? ',' : '.';
        return delim == ',' ? '.' : 0;
}

/* Whether every cell must be examined: for the decimal mark's votes, or
 * for numbers grouped in threes by a separator that can stand unquoted
 * (then the summary reader gives way to fk_table_read). */
static int examine_all(const struct fk_csv_opts *csv, char delim)
{
        int th = csv->thousands;
        char sep;

        if (!csv->decimal && delim != ',' && th != '.' && th != ',')
                return 1;
        if (th == FK_THOUSANDS_NONE)
                return 0;
        if (th)
                return th != delim;
        sep = csv->decimal ? (csv->decimal == ',' ? '.' : ',') :
              delim == ',' ? ',' : 0;
        return sep != delim;
}

static int source_header(struct source *s, const struct fk_csv_opts *csv,
                         struct header *h)
{
        uint64_t bom;

        if (s->feed)
                return pipe_header(s, csv, h);
        if (!s->mem)
                return file_header(s, csv, h);
        bom = s->size >= 3 && !memcmp(s->mem, "\xEF\xBB\xBF", 3) ? 3 : 0;
        return parse_header(s->mem + bom, (size_t)(s->size - bom), bom, csv,
                            h, s);
}

/* Whether standard input is read through the block path: it is named
 * once among the inputs and is not a regular file read from its start.
 * -1: no; else its index.  -2: named more than once (no summary). */
static long piped_input(const char *const *files, size_t nfiles)
{
        struct stat st;
        long at = -1;

        for (size_t i = 0; i < nfiles; i++)
                if (!strcmp(files[i], "-")) {
                        if (at >= 0)
                                return -2;
                        at = (long)i;
                }
        if (at >= 0 && !fstat(0, &st) && S_ISREG(st.st_mode) &&
            lseek(0, 0, SEEK_CUR) == 0)
                return -1;
        return at;
}

/* The full table when the summary does not apply and so->fallback asks
 * for it: what fk_table_read gives, with a piped input that has been
 * read from its spool. */
static int full_table(const char *const *files, size_t nfiles,
                      const struct inputs *in, long piped, struct feed *f,
                      const struct fk_csv_opts *csv, struct fk_table **out,
                      struct fk_error *err)
{
        const char *name;
        char *buf;
        size_t len;
        int rc;

        if (!f || !f->used) {
                if (in->mem)
                        return fk_table_parse_buffer(in->mem, in->len,
                                                     files[0], 0, csv, out,
                                                     err);
                return fk_table_read(files, nfiles, csv, out, err);
        }
        name = table_display_name(files[piped]);
        if (f->error)
                return fk_error_set(err, FK_EIO, name, 0, "cannot read: %s",
                                    strerror(f->error));
        rc = spool_read(&f->spool, &buf, &len);
        if (rc == FK_ENOMEM)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        if (rc)
                return fk_error_set(err, FK_EIO, name, 0, "cannot read: its "
                                    "temporary copy failed");
        return table_read_spooled(files, nfiles, csv, (size_t)piped, buf, len,
                                  out, err);
}

/* The summary of so->columns into *out; or, with spec, the summaries of
 * spec into *sout (*out then only receives the full table of a
 * fallback). */
static int summarise(const char *const *files, size_t nfiles,
                     const struct inputs *in, const struct fk_csv_opts *csv,
                     const struct fk_summary_opts *so,
                     const struct fk_sets_spec *spec, struct sets_out *sout,
                     struct fk_table **out, struct fk_error *err)
{
        struct worker w[MAX_THREADS];
        struct sets_cfg scfg;
        struct shared sh;
        struct header h0 = { 0, 0, NULL }, h = { 0, 0, NULL };
        struct table_na na;
        struct fast_cfg cfg;
        struct source s;
        struct feed feed, *fp = NULL;
        struct piece_ctx pc;
        int fd0 = 0;
        unsigned nw = threads(so);
        uint64_t bsize = so->block ? so->block : (uint64_t)4 << 20;
        int *slot = NULL, rc;
        unsigned char *look = NULL;
        size_t *kcol = NULL;
        size_t nslots = 0;
        long piped;
        struct fk_table *t = NULL;

        *out = NULL;
        memset(&scfg, 0, sizeof scfg);
        if (sout) {
                sout->t = NULL;
                sout->n = 0;
        }
        if (!csv)
                csv = &default_csv;
        if (!files || nfiles == 0 || nfiles > UINT32_MAX)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0, "no input files");
        if ((rc = table_check_opts(csv, err)))
                return rc;
        piped = in->piece ? 0 : in->mem ? -1 : piped_input(files, nfiles);
        if (csv->encoding == FK_ENCODING_CP1252 || piped == -2 ||
            csv->wide_period)
                rc = FAST_FALLBACK;     /* converted, stdin twice, or a
                                           wide table to read long */
        memset(&feed, 0, sizeof feed);
        feed.spool.fd = -1;
        if (!rc && piped >= 0) {
                if (in->piece) {
                        pc = (struct piece_ctx){ in->mem, in->len, 0,
                                                 in->piece };
                        feed.read = read_piece;
                        feed.ctx = &pc;
                } else {
                        feed.read = read_fd;
                        feed.ctx = &fd0;
                        pipe_feed_fd(&feed);
                }
                fp = &feed;
        }
        if (rc) {
                if (rc == FAST_FALLBACK && so->fallback)
                        rc = full_table(files, nfiles, in, piped, NULL, csv,
                                        out, err);
                return rc == FAST_FALLBACK ? FK_OK : rc;
        }
        if (table_na_init(&na, csv->na))
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        memset(w, 0, sizeof w);
        memset(&sh, 0, sizeof sh);
        sh.so = so;
        sh.bytes = in->bytes;
        sh.bytes_ctx = in->bytes_ctx;
        if (sh.bytes && (pthread_mutex_init(&sh.mu, NULL) ||
                         pthread_cond_init(&sh.cv, NULL)))
                sh.bytes = NULL;        /* not seen: the caller hashes */
        for (size_t i = 0; i < nfiles; i++) {
                struct stat st;

                if (!in->mem && !stat(files[i], &st))
                        sh.total += (uint64_t)st.st_size;
        }
        sh.total = in->mem ? in->len : piped >= 0 ? 0 : sh.total;
        for (unsigned i = 0; i < nw; i++) {
                w[i].sh = &sh;
                w[i].is_main = i == 0;
        }
        rc = FK_OK;
        for (size_t f = 0; f < nfiles && !rc; f++) {
                const struct header *hf = f ? &h : &h0;

                rc = open_source(files[f], in, (long)f == piped ? fp : NULL,
                                 (uint32_t)f, &s);
                if (!rc)
                        rc = source_header(&s, csv, f ? &h : &h0);
                if (!rc && f && !same_header(&h0, &h))
                        rc = FAST_FALLBACK;
                if (!rc && !s.feed)
                        rc = check_tail(&s, hf);
                if (!rc && f == 0) {
                        slot = malloc((h0.ncols + 1) * sizeof *slot);
                        look = malloc(h0.ncols + 1);
                        kcol = malloc((h0.ncols + 1) * sizeof *kcol);
                        for (unsigned i = 0; slot && i < nw && !rc; i++)
                                rc = tally_init(&w[i].t, h0.ncols);
                        if (!slot || !look || !kcol)
                                rc = FK_ENOMEM;
                        if (!rc && spec) {
                                rc = sets_cfg_init(&scfg, spec, h0.names,
                                                   h0.ncols, slot);
                                if (!rc && spec->keep_bytes &&
                                    spec->numbers == FK_NUMBERS_VALUES)
                                        scfg.spill = spill_new(
                                                spec->keep_bytes);
                                for (size_t j = 0; !rc && j < h0.ncols; j++)
                                        slot[j] = slot[j] ? (int)nslots++
                                                          : -1;
                                if (!rc)
                                        sets_cfg_slots(&scfg, slot);
                                for (unsigned i = 0; !rc && i < nw; i++)
                                        rc = sets_thread_init(&w[i].t, &scfg);
                                if (!rc)
                                        scfg.fixed = fixed_decimal(csv,
                                                                   h0.delim);
                        }
                        for (size_t j = 0; !rc && !spec && j < h0.ncols; j++) {
                                slot[j] = -1;
                                for (size_t k = 0; k < so->ncolumns &&
                                                   slot[j] < 0; k++)
                                        if (table_name_is(so->columns[k],
                                                          h0.names[j]))
                                                slot[j] = (int)nslots++;
                                for (size_t k = 0; k < so->ncolumns_nocase &&
                                                   slot[j] < 0; k++)
                                        if (table_name_is_nocase(
                                                    so->columns_nocase[k],
                                                    h0.names[j]))
                                                slot[j] = (int)nslots++;
                        }
                }
                if (!rc) {
                        char d = hf->delim;

                        map_source(&s, so->map_max);
                        cfg = (struct fast_cfg){ d, h0.ncols, slot, nslots,
                                                 examine_all(csv, d),
                                                 csv->thousands, NULL, NULL,
                                                 &na, 0, { 0 },
                                                 spec ? &scfg : NULL };
                        fast_cfg_look(&cfg, look, kcol);
                        fast_cfg_na(&cfg);
                        rc = s.feed ? pipe_scan(&s, &cfg, w, nw, bsize, &sh,
                                                hf)
                                    : scan_source(&s, &cfg, w, nw, bsize, &sh);
                }
                if (rc && s.feed && !feed.eof && pipe_drain(&feed))
                        rc = FK_EIO;
                close_source(&s);
                header_release(&h);
        }
        for (unsigned i = 1; !rc && i < nw; i++) {
                struct tally *a = &w[0].t, *b = &w[i].t;

                a->m.dot += b->m.dot;
                a->m.comma += b->m.comma;
                a->m.amb_dot += b->m.amb_dot;
                a->m.amb_comma += b->m.amb_comma;
                a->m.grouped |= b->m.grouped;
                for (size_t j = 0; j < b->n && !rc; j++)
                        rc = tally_add(a, b->e[j].hash, b->arena + b->e[j].key,
                                       b->e[j].klen, b->e[j].count, b->e[j].file,
                                       b->e[j].block, b->e[j].line, NULL);
        }
        if (!rc && spec) {
                struct tally *wt[MAX_THREADS];

                for (unsigned i = 0; i < nw; i++)
                        wt[i] = &w[i].t;
                rc = sets_build(wt, nw, &scfg, h0.names, h0.ncols, h0.delim,
                                &w[0].t.m, csv, &na, files, nfiles, sout, err);
        } else if (!rc) {
                t = table_alloc(files, nfiles);
                if (!t)
                        rc = FK_ENOMEM;
                else if ((rc = build(&w[0].t, &h0, slot, nslots, csv, &na, t,
                                     err)))
                        ;
                else
                        t->delimiter = h0.delim;
        }
        for (unsigned i = 0; i < nw; i++) {
                sets_thread_release(&w[i].t);
                tally_release(&w[i].t);
                free(w[i].buf);
        }
        sets_cfg_release(&scfg);
        header_release(&h0);
        table_na_release(&na);
        if (sh.bytes) {
                pthread_mutex_destroy(&sh.mu);
                pthread_cond_destroy(&sh.cv);
        }
        free(slot);
        free(look);
        free(kcol);
        if (rc) {
                fk_table_free(t);
                t = NULL;
        }
        if (rc == FK_EIO && fp && fp->error)
                rc = full_table(files, nfiles, in, piped, fp, csv, &t, err);
        else if (rc == FAST_FALLBACK && so->fallback)
                rc = full_table(files, nfiles, in, piped, fp, csv, &t, err);
        else if (rc == FK_ENOMEM && (!err || !err->code))
                fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        spool_release(&feed.spool);
        if (rc) {
                fk_table_free(t);
                return rc == FAST_FALLBACK ? FK_OK : rc;
        }
        *out = t;
        return FK_OK;
}

int fk_table_read_summary(const char *const *files, size_t nfiles,
                          const struct fk_csv_opts *csv,
                          const struct fk_summary_opts *so,
                          struct fk_table **out, struct fk_error *err)
{
        const struct inputs in = { NULL, 0, 0, NULL, NULL };

        return summarise(files, nfiles, &in, csv, so, NULL, NULL, out, err);
}

static int read_sets(const char *const *files, size_t nfiles,
                     const struct inputs *in, const struct fk_csv_opts *csv,
                     const struct fk_summary_opts *so,
                     const struct fk_sets_spec *spec,
                     struct fk_table ***sets, size_t *nsets,
                     struct fk_table **full, struct fk_error *err)
{
        struct sets_out o = { NULL, 0 };
        int rc = summarise(files, nfiles, in, csv, so, spec, &o, full, err);

        *sets = o.t;
        *nsets = o.n;
        return rc;
}

int fk_table_read_sets(const char *const *files, size_t nfiles,
                       const struct fk_csv_opts *csv,
                       const struct fk_summary_opts *so,
                       const struct fk_sets_spec *spec,
                       struct fk_table ***sets, size_t *nsets,
                       struct fk_table **full, struct fk_error *err)
{
        const struct inputs in = { NULL, 0, 0, NULL, NULL };

        return read_sets(files, nfiles, &in, csv, so, spec, sets, nsets, full,
                         err);
}

int fk_table_read_sets_bytes(const char *const *files, size_t nfiles,
                             const struct fk_csv_opts *csv,
                             const struct fk_summary_opts *so,
                             const struct fk_sets_spec *spec,
                             fk_bytes_fn bytes, void *bytes_ctx,
                             struct fk_table ***sets, size_t *nsets,
                             struct fk_table **full, struct fk_error *err)
{
        const struct inputs in = { NULL, 0, 0, bytes, bytes_ctx };

        return read_sets(files, nfiles, &in, csv, so, spec, sets, nsets, full,
                         err);
}

int fk_table_sets_buffer_bytes(const char *buf, size_t len, const char *name,
                               const struct fk_csv_opts *csv,
                               const struct fk_summary_opts *so,
                               const struct fk_sets_spec *spec,
                               fk_bytes_fn bytes, void *bytes_ctx,
                               struct fk_table ***sets, size_t *nsets,
                               struct fk_table **full, struct fk_error *err)
{
        const char *names[1] = { name ? name : "<buffer>" };
        const struct inputs in = { buf ? buf : "", len, 0, bytes, bytes_ctx };

        return read_sets(names, 1, &in, csv, so, spec, sets, nsets, full,
                         err);
}

int fk_table_sets_buffer(const char *buf, size_t len, size_t piece,
                         const char *name, const struct fk_csv_opts *csv,
                         const struct fk_summary_opts *so,
                         const struct fk_sets_spec *spec,
                         struct fk_table ***sets, size_t *nsets,
                         struct fk_table **full, struct fk_error *err)
{
        const char *names[1] = { name ? name : "<buffer>" };
        const struct inputs in = { buf ? buf : "", len, piece, NULL,
                                   NULL };

        return read_sets(names, 1, &in, csv, so, spec, sets, nsets, full,
                         err);
}

int fk_table_summarise_buffer(const char *buf, size_t len, const char *name,
                              const struct fk_csv_opts *csv,
                              const struct fk_summary_opts *so,
                              struct fk_table **out, struct fk_error *err)
{
        const char *names[1] = { name ? name : "<buffer>" };
        const struct inputs in = { buf ? buf : "", len, 0, NULL, NULL };

        return summarise(names, 1, &in, csv, so, NULL, NULL, out, err);
}

int fk_table_summarise_piped(const char *buf, size_t len, size_t piece,
                             const char *name, const struct fk_csv_opts *csv,
                             const struct fk_summary_opts *so,
                             struct fk_table **out, struct fk_error *err)
{
        const char *names[1] = { name ? name : "<buffer>" };
        const struct inputs in = { buf ? buf : "", len, piece ? piece : 1,
                                   NULL, NULL };

        return summarise(names, 1, &in, csv, so, NULL, NULL, out, err);
}
