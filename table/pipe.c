/* The summary reader's block path for input that cannot be mapped or read
 * at an offset — standard input from a pipe, or a test body fed as one:
 * the calling thread reads the input into blocks cut at line ends (the
 * partial last line moves on to the next block) and hands them to worker
 * threads, which scan them as the blocks of a file (fast.c).  A few
 * blocks are in flight at a time, so memory does not grow with the input.
 * Every byte read is also kept in a spool (in memory while the input is
 * small, else in an unlinked temporary file that the workers write each
 * block to), so that when the summary does not apply after all (a quote
 * deep in the input, a footer, too many combinations) fk_table_read can
 * still read the whole input from it. */
#define _GNU_SOURCE             /* mkstemp; F_SETPIPE_SZ where there is one */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stream_int.h"

/* What the feed of a source holds between pipe_header and pipe_scan: the
 * bytes read so far, from offset 0 of the input. */
struct pending {
        char *p;
        size_t len;
};

/* An unlinked temporary file under $TMPDIR (or /tmp), or -1. */
static int spool_file(void)
{
        const char *dir = getenv("TMPDIR");
        char path[4096];
        int fd;

        if (!dir || !*dir)
                dir = "/tmp";
        if ((size_t)snprintf(path, sizeof path, "%s/fkstat-stdin-XXXXXX",
                             dir) >= sizeof path)
                return -1;
        fd = mkstemp(path);
        if (fd >= 0)
                unlink(path);
        return fd;
}

static int pwrite_all(int fd, const char *p, size_t n, uint64_t at)
{
        while (n) {
                ssize_t k = pwrite(fd, p, n, (off_t)at);

                if (k < 0 && errno == EINTR)
                        continue;
                if (k <= 0)
                        return -1;
                p += k;
                n -= (size_t)k;
                at += (uint64_t)k;
        }
        return 0;
}

/* Write p[0..n), the input's bytes from offset at, into the spool's
 * file; any thread may.  Writing the same bytes twice does no harm. */
static void spool_pwrite(struct spool *sp, const char *p, size_t n,
                         uint64_t at)
{
        if (n && pwrite_all(sp->fd, p, n, at))
                atomic_store(&sp->lost, 1);
}

/* Whether the bytes up to offset end go to the spool's file (written by
 * the workers): once the input passes SPOOL_MEM the memory's bytes move
 * to a new file; without one they stay in memory.  Calling thread only. */
static int spool_to_file(struct spool *sp, uint64_t end)
{
        if (sp->fd >= 0)
                return 1;
        if (end <= SPOOL_MEM || sp->size > SPOOL_MEM)
                return 0;
        sp->size = end;         /* no second try when no file can be made */
        if ((sp->fd = spool_file()) < 0)
                return 0;
        spool_pwrite(sp, sp->mem, sp->len, 0);
        free(sp->mem);
        sp->mem = NULL;
        sp->len = sp->cap = 0;
        return 1;
}

/* Keep p[0..n), the input's bytes from offset at, in the spool.  Calling
 * thread only. */
static void spool_put(struct spool *sp, const char *p, size_t n, uint64_t at)
{
        if (!n || atomic_load(&sp->lost))
                return;
        if (spool_to_file(sp, at + n)) {
                spool_pwrite(sp, p, n, at);
                return;
        }
        if (at + n > sp->cap) {
                size_t cap = sp->cap ? sp->cap : 65536;
                char *q;

                while (cap < at + n)
                        cap *= 2;
                if (!(q = realloc(sp->mem, cap))) {
                        atomic_store(&sp->lost, 1);
                        return;
                }
                sp->mem = q;
                sp->cap = cap;
        }
        memcpy(sp->mem + at, p, n);
        if (at + n > sp->len)
                sp->len = (size_t)(at + n);
}

int spool_read(struct spool *sp, char **buf, size_t *len)
{
        size_t n = 0, size;
        char *p;

        *buf = NULL;
        *len = 0;
        if (atomic_load(&sp->lost))
                return FK_EIO;
        if (sp->fd < 0) {
                *buf = sp->mem ? sp->mem : malloc(1);
                *len = sp->len;
                sp->mem = NULL;
                sp->len = sp->cap = 0;
                return *buf ? FK_OK : FK_ENOMEM;
        }
        {
                off_t end = lseek(sp->fd, 0, SEEK_END);

                if (end < 0 || (uint64_t)end >= SIZE_MAX / 2)
                        return FK_EIO;
                size = (size_t)end;
        }
        if (!(p = malloc(size + 1)))
                return FK_ENOMEM;
        while (n < size) {
                ssize_t k = pread(sp->fd, p + n, size - n, (off_t)n);

                if (k < 0 && errno == EINTR)
                        continue;
                if (k <= 0) {
                        free(p);
                        return FK_EIO;
                }
                n += (size_t)k;
        }
        *buf = p;
        *len = n;
        return FK_OK;
}

void spool_release(struct spool *sp)
{
        free(sp->mem);
        if (sp->fd >= 0)
                close(sp->fd);
        sp->mem = NULL;
        sp->len = sp->cap = 0;
        sp->fd = -1;
}

/* Read up to n bytes into buf: the count, 0 at the end of the input, or
 * -1 after a read error (f->error holds errno).  The caller spools what
 * it reads. */
static ssize_t take(struct feed *f, char *buf, size_t n)
{
        for (;;) {
                ssize_t k;

                if (f->eof)
                        return 0;
                k = f->read(f->ctx, buf, n);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0) {
                        f->error = errno ? errno : EIO;
                        f->eof = 1;
                        return -1;
                }
                f->used = 1;
                if (k == 0)
                        f->eof = 1;
                f->pos += (uint64_t)k;
                return k;
        }
}

int pipe_drain(struct feed *f)
{
        char buf[65536];
        ssize_t k;

        while ((k = take(f, buf, sizeof buf)) > 0) {
                const char *nul = memchr(buf, '\0', (size_t)k);

                /* the reader stops at a NUL byte (table_decode says so):
                 * no need to read, say, /dev/zero to its end */
                if (nul) {
                        spool_put(&f->spool, buf, (size_t)(nul - buf) + 1,
                                  f->pos - (uint64_t)k);
                        f->eof = 1;
                        break;
                }
                spool_put(&f->spool, buf, (size_t)k, f->pos - (uint64_t)k);
        }
        return f->error ? FK_EIO : FK_OK;
}

void pipe_feed_fd(struct feed *f)
{
#ifdef F_SETPIPE_SZ
        /* fewer, larger reads from the writer */
        fcntl(*(const int *)f->ctx, F_SETPIPE_SZ, 1 << 20);
#else
        (void)f;
#endif
}

int pipe_header(struct source *s, const struct fk_csv_opts *csv,
                struct header *h)
{
        struct feed *f = s->feed;
        struct pending *pd = calloc(1, sizeof *pd);
        size_t want = 65536, bom = 0;

        if (!pd)
                return FK_ENOMEM;
        f->pending = pd;
        for (;;) {
                char *q = realloc(pd->p, want);

                if (!q)
                        return FK_ENOMEM;
                pd->p = q;
                while (pd->len < want) {
                        ssize_t k = take(f, pd->p + pd->len, want - pd->len);

                        if (k <= 0)
                                break;
                        pd->len += (size_t)k;
                }
                if (f->error)
                        return FAST_FALLBACK;
                if (f->eof || want >= HEADER_MAX ||
                    memchr(pd->p, '\0', pd->len))
                        break;
                {
                        struct layout l;

                        if (!table_find_header(pd->p, pd->len, 0, csv, &l,
                                               NULL, NULL) && l.complete)
                                break;
                }
                want *= 2;
        }
        spool_put(&f->spool, pd->p, pd->len, 0);
        s->size = f->eof ? pd->len : UINT64_MAX;
        if (pd->len >= 3 && !memcmp(pd->p, "\xEF\xBB\xBF", 3))
                bom = 3;
        return parse_header(pd->p + bom, pd->len - bom, bom, csv, h, s);
}

void pipe_release(struct source *s)
{
        struct pending *pd = s->feed ? s->feed->pending : NULL;

        if (pd) {
                free(pd->p);
                free(pd);
                s->feed->pending = NULL;
        }
}

/* A block in flight, and the queue between the reading thread and the
 * workers: blocks go free -> ready -> (scanned) -> free. */
struct pblock {
        char *buf;
        size_t cap, len;
        uint32_t k;
        uint64_t at;            /* offset of buf[0] in the input */
        int spool;              /* the worker writes it to the spool */
        struct pblock *next;
};

struct pqueue {
        pthread_mutex_t mu;
        pthread_cond_t cv;
        struct pblock *free, *ready, *last;
        int done;               /* no more blocks will come */
        uint64_t *nl;           /* line feeds per block */
        size_t nlcap;
        struct shared *sh;
        struct spool *spool;
        uint32_t file;
};

struct pworker {
        struct worker *w;
        struct pqueue *q;
};

static void fail(struct shared *sh, int rc)
{
        int none = FK_OK;

        atomic_compare_exchange_strong(&sh->status, &none, rc);
}

/* Scan the blocks of the queue until it is done, each written to the
 * spool first when it goes there. */
static void *pipe_work(void *arg)
{
        struct pworker *pw = arg;
        struct pqueue *q = pw->q;
        struct shared *sh = q->sh;

        pthread_mutex_lock(&q->mu);
        for (;;) {
                struct pblock *b;
                uint64_t nl = 0, rows = pw->w->t.rows;
                int rc;

                while (!q->ready && !q->done && !atomic_load(&sh->status))
                        pthread_cond_wait(&q->cv, &q->mu);
                if (atomic_load(&sh->status) || !q->ready)
                        break;
                b = q->ready;
                if (!(q->ready = b->next))
                        q->last = NULL;
                pthread_mutex_unlock(&q->mu);
                if (b->spool)
                        spool_pwrite(q->spool, b->buf, b->len, b->at);
                rc = fast_scan(sh->cfg, b->buf, b->len, q->file, b->k,
                               &pw->w->t, &nl);
                atomic_fetch_add(&sh->rows, pw->w->t.rows - rows);
                pthread_mutex_lock(&q->mu);
                if (!rc && b->k >= q->nlcap) {
                        size_t cap = q->nlcap ? 2 * q->nlcap : 256;
                        uint64_t *p;

                        while (cap <= b->k)
                                cap *= 2;
                        p = realloc(q->nl, cap * sizeof *p);
                        if (!p) {
                                rc = FK_ENOMEM;
                        } else {
                                memset(p + q->nlcap, 0,
                                       (cap - q->nlcap) * sizeof *p);
                                q->nl = p;
                                q->nlcap = cap;
                        }
                }
                if (rc)
                        fail(sh, rc);
                else
                        q->nl[b->k] = nl;
                b->next = q->free;
                q->free = b;
                pthread_cond_broadcast(&q->cv);
        }
        pthread_cond_broadcast(&q->cv);
        pthread_mutex_unlock(&q->mu);
        return NULL;
}

/* Keep the last TAIL bytes of the data read so far in tail[0..*tlen). */
static void keep_tail(char *tail, size_t *tlen, const char *p, size_t n)
{
        if (n >= TAIL) {
                memcpy(tail, p + n - TAIL, TAIL);
                *tlen = TAIL;
                return;
        }
        if (*tlen + n > TAIL) {
                size_t drop = *tlen + n - TAIL;

                memmove(tail, tail + drop, *tlen - drop);
                *tlen -= drop;
        }
        memcpy(tail + *tlen, p, n);
        *tlen += n;
}

/* Grow b's buffer to hold at least n bytes and a spare one. */
static int grow(struct pblock *b, size_t n)
{
        char *p;

        if (b->cap > n)
                return FK_OK;
        if (!(p = realloc(b->buf, n + 1)))
                return FK_ENOMEM;
        b->buf = p;
        b->cap = n + 1;
        return FK_OK;
}

/* Fill b with the carried partial line and more input, up to a line end
 * at or after bsize bytes (or the end of the input); what follows the
 * last line end is carried on.  FK_OK, FK_ENOMEM, or FK_EIO after a read
 * error. */
static int fill(struct feed *f, struct pblock *b, uint64_t bsize,
                char **carry, size_t *clen, size_t *ccap)
{
        size_t want = (size_t)bsize + *clen;
        const char *q;

        b->len = 0;
        b->at = f->pos;
        if (grow(b, want))
                return FK_ENOMEM;
        if (*clen)
                memcpy(b->buf, *carry, *clen);
        b->len = *clen;
        b->at = f->pos - *clen;
        *clen = 0;
        for (;;) {
                while (b->len < want) {
                        ssize_t k = take(f, b->buf + b->len, want - b->len);
                        const char *nul;

                        if (k <= 0)
                                break;
                        /* input ends at a NUL byte, which the scan (and
                         * then the full reader) rejects with its line:
                         * /dev/zero has no line end to wait for */
                        nul = memchr(b->buf + b->len, '\0', (size_t)k);
                        if (nul) {
                                b->len = (size_t)(nul - b->buf) + 1;
                                f->eof = 1;
                                return FK_OK;
                        }
                        b->len += (size_t)k;
                }
                if (f->error)
                        return FK_EIO;
                if (f->eof)
                        return FK_OK;
                for (q = b->buf + b->len; q > b->buf && q[-1] != '\n'; q--)
                        ;
                if (q > b->buf)
                        break;
                /* a line longer than the block: read on */
                want = 2 * b->cap;
                if (grow(b, want))
                        return FK_ENOMEM;
        }
        *clen = (size_t)(b->buf + b->len - q);
        if (*clen > *ccap) {
                char *p = realloc(*carry, *clen);

                if (!p)
                        return FK_ENOMEM;
                *carry = p;
                *ccap = *clen;
        }
        memcpy(*carry, q, *clen);
        b->len -= *clen;
        return FK_OK;
}

int pipe_scan(struct source *s, const struct fast_cfg *c, struct worker *w,
              unsigned nw, uint64_t bsize, struct shared *sh,
              const struct header *h)
{
        struct feed *f = s->feed;
        struct pending *pd = f->pending;
        struct pqueue q;
        struct pworker pw[MAX_THREADS];
        struct pblock *blocks;
        unsigned started = 0, nb = nw + 2;
        uint32_t k = 0;
        char *carry = NULL, *tail = malloc(TAIL);
        size_t clen = 0, ccap = 0, tlen = 0;
        uint64_t read = 0;
        int rc = FK_OK;

        blocks = calloc(nb, sizeof *blocks);
        memset(&q, 0, sizeof q);
        if (!blocks || !tail) {
                free(blocks);
                free(tail);
                return FK_ENOMEM;
        }
        pthread_mutex_init(&q.mu, NULL);
        pthread_cond_init(&q.cv, NULL);
        q.sh = sh;
        q.file = s->file;
        q.spool = &f->spool;
        for (unsigned i = 0; i < nb; i++) {
                blocks[i].next = q.free;
                q.free = &blocks[i];
        }
        sh->cfg = c;
        sh->src = s;
        atomic_store(&sh->status, FK_OK);
        /* the data read with the header is the first carry */
        if (pd && pd->len > s->data) {
                clen = ccap = pd->len - (size_t)s->data;
                if (!(carry = malloc(clen)))
                        rc = FK_ENOMEM;
                else
                        memcpy(carry, pd->p + s->data, clen);
        }
        /* one thread: the calling thread scans each block it reads */
        for (unsigned i = 0; !rc && nw > 1 && i < nw; i++, started++) {
                pw[i] = (struct pworker){ &w[i], &q };
                if (pthread_create(&w[i].th, NULL, pipe_work, &pw[i]))
                        break;
        }
        while (!rc) {
                struct pblock *b;

                pthread_mutex_lock(&q.mu);
                while (!q.free && !atomic_load(&sh->status))
                        pthread_cond_wait(&q.cv, &q.mu);
                b = q.free;
                if (b)
                        q.free = b->next;
                pthread_mutex_unlock(&q.mu);
                if ((rc = atomic_load(&sh->status)))
                        break;
                rc = fill(f, b, bsize, &carry, &clen, &ccap);
                if (!rc && b->len) {
                        keep_tail(tail, &tlen, b->buf, b->len);
                        read += b->len;
                        b->k = k++;
                        b->next = NULL;
                        b->spool = spool_to_file(&f->spool, b->at + b->len);
                        if (!b->spool)
                                spool_put(&f->spool, b->buf, b->len, b->at);
                }
                pthread_mutex_lock(&q.mu);
                if (!rc && b->len && !started) {
                        pw[0] = (struct pworker){ &w[0], &q };
                        q.ready = q.last = b;
                        q.done = 1;
                        pthread_mutex_unlock(&q.mu);
                        pipe_work(&pw[0]);
                        pthread_mutex_lock(&q.mu);
                        q.done = 0;
                } else if (!rc && b->len) {
                        if (q.last)
                                q.last->next = b;
                        else
                                q.ready = b;
                        q.last = b;
                } else {
                        if (rc)         /* its bytes are read: keep them */
                                spool_put(&f->spool, b->buf, b->len, b->at);
                        b->next = q.free;
                        q.free = b;
                }
                if (rc)
                        fail(sh, rc);
                if (f->eof)
                        q.done = 1;
                pthread_cond_broadcast(&q.cv);
                pthread_mutex_unlock(&q.mu);
                if (sh->so->progress)
                        sh->so->progress(sh->so->progress_ctx,
                                         (double)(sh->done0 + read), 0,
                                         (double)atomic_load(&sh->rows));
                if (f->eof)
                        break;
        }
        pthread_mutex_lock(&q.mu);
        q.done = 1;
        pthread_cond_broadcast(&q.cv);
        pthread_mutex_unlock(&q.mu);
        for (unsigned i = 0; i < started; i++)
                pthread_join(w[i].th, NULL);
        if (!rc)
                rc = atomic_load(&sh->status);
        if (rc) {
                /* keep every byte read for fk_table_read: the blocks no
                 * worker took, the carried line, then the rest */
                for (struct pblock *b = q.ready; b; b = b->next)
                        if (b->spool)
                                spool_pwrite(&f->spool, b->buf, b->len, b->at);
                spool_put(&f->spool, carry, clen, f->pos - clen);
                if (rc != FK_EIO && pipe_drain(f))
                        rc = FK_EIO;
        }
        if (!rc) {
                s->size = s->data + read;
                settle_lines(w, nw, s->file, s->base, q.nl, k);
                rc = tail_is_data(tail, tlen, s->size - tlen, s, h);
        }
        sh->done0 += s->data + read;
        for (unsigned i = 0; i < nb; i++)
                free(blocks[i].buf);
        free(blocks);
        free(carry);
        free(tail);
        free(q.nl);
        pthread_mutex_destroy(&q.mu);
        pthread_cond_destroy(&q.cv);
        return rc;
}
