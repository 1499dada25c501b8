/* Private to table/: several summaries in one pass (sets.c), for
 * fk_table_read_sets; the rows come from the fast path (fast.c) and the
 * driver is stream.c's. */
#ifndef FKSTAT_TABLE_SETS_H
#define FKSTAT_TABLE_SETS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "fkstat/stream.h"
#include "fast.h"

/* What every thread reads the sets with; read-only while threads scan. */
struct sets_cfg {
        size_t nkeys;
        size_t *kslot;          /* key slots, in header order */
        size_t nsets;
        size_t *vslot;          /* per set: the slot of its value column */
        size_t *vcol;           /* per set: its header column */
        size_t *kcol;           /* per key: its header column */
        enum fk_numbers_mode numbers;
        int binary_words, drop_bad;
        size_t switch_at;
        char fixed;             /* the decimal mark when known before the
                                   data is read, else 0 */
        struct spill *spill;    /* keep_bytes: where full chunks go once
                                   the chunks in memory pass it; NULL:
                                   every chunk stays in memory */
};

/* The values written out of memory (fk_sets_spec keep_bytes): one
 * unlinked temporary file under $TMPDIR (else /tmp) shared by the
 * threads, each full chunk written at its own offset and freed; counted
 * references (the reading's config, and every table with chunks in it). */
struct spill {
        int fd;
        atomic_ullong end;      /* bytes written so far */
        atomic_ullong kept;     /* bytes of chunks in memory */
        atomic_int refs;
        atomic_int broken;      /* a write failed: keep chunks in memory */
        uint64_t budget;        /* bytes of chunks in memory beyond which
                                   full ones are written out */
        size_t chunk_max;       /* values in a full chunk */
};

/* A new spill file for a budget of keep bytes (one reference), or NULL
 * when no file can be made (every chunk then stays in memory). */
struct spill *spill_new(size_t keep);
void spill_ref(struct spill *sp);

struct sets_thread;

/* Fill c from spec and the header's names (ncols of them, names[j] the
 * j-th): the columns to keep in keep[j] (nonzero), numbered in header
 * order by the caller afterwards (sets_cfg_slots).  FK_OK, FAST_FALLBACK
 * (no value column), FK_ENOMEM. */
int sets_cfg_init(struct sets_cfg *c, const struct fk_sets_spec *spec,
                  char *const *names, size_t ncols, int *keep);

/* With slot[j] the slot of header column j (or -1): the slots of c. */
void sets_cfg_slots(struct sets_cfg *c, const int *slot);

void sets_cfg_release(struct sets_cfg *c);

/* Per-thread state in t->st.  FK_OK or FK_ENOMEM. */
int sets_thread_init(struct tally *t, const struct sets_cfg *c);
void sets_thread_release(struct tally *t);

/* Count the row whose kept cells are in t->cs and t->cn, read at (file,
 * block, line) of a block that ends at end.  FK_OK, FAST_FALLBACK (a
 * summary that does not summarise) or FK_ENOMEM. */
int sets_row(const struct fast_cfg *c, struct tally *t, uint32_t file,
             uint32_t block, uint64_t line, const char *end);

/* A cache of whole rows, for rows whose kept cells (every one at most 8
 * bytes, at most PACK_SLOTS of them) fast.c has packed into k with hash
 * h: sets_replay counts the row as sets_row would and returns 1 when k is
 * a row seen before for which sets_row would only add one to its group's
 * rows and to its value's cell in the table of small whole numbers (one
 * value column); else it returns 0 and the caller reads the row with
 * sets_row, then calls sets_remember with the same k and *slot. */
int sets_replay(const struct fast_cfg *c, struct tally *t,
                const struct packed_key *k, uint64_t h, size_t *slot);

/* Whether sets_replay can find rows at all now (one value column counted
 * in the table of small whole numbers); sets_replay is called only when
 * it holds (fast.c checks it once a row, and neither packs the row nor
 * calls sets_replay and sets_remember without it). */
int sets_replay_live(const struct fast_cfg *c, const struct tally *t);
void sets_remember(struct tally *t, size_t nslots,
                   const struct packed_key *k, size_t slot);

/* As settle_lines for the entries of the sets. */
void sets_settle(struct tally *t, uint32_t file, uint64_t base,
                 const uint64_t *nl);

/* The summaries of the workers' sets: one table each, every one with
 * the marks m (merged) and the header h (names, ncols).  FK_OK,
 * FAST_FALLBACK, FK_ENOMEM (err set). */
struct sets_out {
        struct fk_table **t;
        size_t n;
};

int sets_build(struct tally *const *w, unsigned nw, const struct sets_cfg *c,
               char *const *names, size_t ncols, char delim,
               const struct marks *m, const struct fk_csv_opts *csv,
               const struct table_na *na, const char *const *files,
               size_t nfiles, struct sets_out *out, struct fk_error *err);

#endif
