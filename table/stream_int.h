/* Private to table/: the pieces of the summary reader shared by its
 * driver (stream.c), which reads regular files and in-memory bodies, and
 * its block path for pipes (pipe.c).  What both call lives below them in
 * streamhead.c, so that pipe.c never calls back into stream.c. */
#ifndef FKSTAT_TABLE_STREAM_INT_H
#define FKSTAT_TABLE_STREAM_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#include "fkstat/stream.h"
#include "fast.h"

#define MAX_THREADS 8
#define HEADER_MAX (1u << 20)
/* The last bytes of an input that decide whether it ends in note lines. */
#define TAIL 65536

/* The copy of a pipe's bytes kept for a fallback to fk_table_read: in
 * memory up to SPOOL_MEM bytes, then in an unlinked temporary file under
 * $TMPDIR (else /tmp), written by the workers at each block's offset; in
 * memory still when no such file can be made. */
#define SPOOL_MEM (1u << 20)

struct spool {
        char *mem;
        size_t len, cap;
        int fd;                 /* -1: none (yet) */
        uint64_t size;          /* bytes of the input it holds */
        atomic_int lost;        /* a write failed: the copy is incomplete */
};

/* Where a pipe's bytes come from: read(2) on a descriptor, or pieces of a
 * test body. */
struct feed {
        ssize_t (*read)(void *ctx, char *buf, size_t n);
        void *ctx;
        struct spool spool;
        uint64_t pos;           /* bytes taken so far */
        int used;               /* bytes have been taken from the feed */
        int eof;
        int error;              /* errno of a failed read, or 0 */
        struct pending *pending;        /* see pipe_header */
};

/* One input: a body in memory, an open regular file (mapped into memory
 * once its header is read if mmap allows), or a feed read in blocks. */
struct source {
        const char *mem;
        void *map;              /* mem when it is a mapping of fd */
        int fd;
        struct feed *feed;      /* a pipe: read through pipe.c */
        uint64_t size;          /* UINT64_MAX for a feed until its end */
        uint64_t data;          /* offset of the first byte after the header */
        uint64_t base;          /* physical line at that offset */
        uint32_t file;
};

struct shared {
        const struct fast_cfg *cfg;
        const struct source *src;
        uint64_t bsize;
        uint32_t nblocks;
        uint64_t *nl;           /* line feeds per block */
        atomic_uint next;
        atomic_int status;
        atomic_ullong done, rows;
        uint64_t done0, total;  /* bytes of earlier files; of all files */
        const struct fk_summary_opts *so;
        fk_bytes_fn bytes;      /* NULL, or every byte of a file in order
                                   (fk_table_read_sets_bytes): the blocks
                                   are handed to it one after the other,
                                   under mu, by the thread that read each */
        void *bytes_ctx;
        uint32_t fed;           /* blocks handed to bytes so far */
        pthread_mutex_t mu;
        pthread_cond_t cv;
};

struct worker {
        struct shared *sh;
        struct tally t;
        char *buf;
        size_t cap;
        int is_main;
        pthread_t th;
};

/* The header of one input: it must start the body after nothing but empty
 * lines, hold no quote, NUL or lone CR, and name every column once. */
struct header {
        char delim;
        size_t ncols;
        char **names;
};

void header_release(struct header *h);

/* Parse the header at the start of p[0..n), which lies at offset skipped
 * of the input s (s->size: its length, or UINT64_MAX when unknown); sets
 * s->data and s->base.  FK_OK, FAST_FALLBACK or FK_ENOMEM. */
int parse_header(const char *p, size_t n, uint64_t skipped,
                 const struct fk_csv_opts *csv, struct header *h,
                 struct source *s);

/* Whether the input whose last bytes are p[0..len) (starting at offset at)
 * ends in data rather than in note lines: FK_OK or FAST_FALLBACK. */
int tail_is_data(const char *p, size_t len, uint64_t at,
                 const struct source *s, const struct header *h);

/* Turn the (block, line) positions of file's entries in the workers'
 * tallies into physical lines: nl[b] is the number of line feeds of block
 * b (nblocks of them). */
void settle_lines(struct worker *w, unsigned nw, uint32_t file,
                  uint64_t base, uint64_t *nl, uint64_t nblocks);

/* Read the header of the feed of s: FK_OK (h filled, s->data set), or
 * FAST_FALLBACK / FK_ENOMEM.  The bytes read stay in pipe.c's buffer for
 * pipe_scan. */
int pipe_header(struct source *s, const struct fk_csv_opts *csv,
                struct header *h);

/* Scan the data of the feed of s on nw workers (each with its own tally)
 * in blocks of about bsize bytes, then check that it ends in data (h).
 * On anything but FK_OK the rest of the feed is still copied to its
 * spool, so that fk_table_read can read the whole of it. */
int pipe_scan(struct source *s, const struct fast_cfg *c, struct worker *w,
              unsigned nw, uint64_t bsize, struct shared *sh,
              const struct header *h);

/* Copy what is left of the feed to its spool (after a decline).
 * FK_OK, or FK_EIO when the copy fails. */
int pipe_drain(struct feed *f);

/* Ask for a larger pipe buffer on the descriptor of an fd feed. */
void pipe_feed_fd(struct feed *f);

/* Release what pipe_header kept. */
void pipe_release(struct source *s);

/* The whole copy of the feed's bytes in *buf (to be freed) and *len;
 * FK_OK, FK_ENOMEM or FK_EIO. */
int spool_read(struct spool *sp, char **buf, size_t *len);

void spool_release(struct spool *sp);

#endif
