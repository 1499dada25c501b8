/* Private to table/: the quote-free fast path of the summary reader
 * (fast.c) and the per-thread frequency tables it fills (tally.c). */
#ifndef FKSTAT_TABLE_FAST_H
#define FKSTAT_TABLE_FAST_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* fast_scan's answer when the block needs libcsv (a quote, NUL, lone CR,
 * invalid UTF-8) or holds an error libcsv should name (a ragged row). */
#define FAST_FALLBACK (-1)

/* What every block is read with; read-only while threads scan. */
struct fast_cfg {
        char delim;
        size_t ncols;
        const int *slot;        /* slot[j]: where column j goes, or -1 */
        size_t nslots;
        int vote;               /* examine every cell: count what it
                                   says about the decimal mark and note a
                                   number grouped in threes */
        int thousands;          /* fk_csv_opts.thousands */
        const unsigned char *look;      /* see fast_cfg_look */
        const size_t *kcol;     /* kcol[k]: the column of slot k */
        const struct table_na *na;
        size_t na_max;          /* the longest missing code */
        unsigned char na_first[32];     /* bitmap of their first bytes */
        const struct sets_cfg *sets;    /* NULL, or rows go to sets_row */
};

/* Fill na_max and na_first from na. */
void fast_cfg_na(struct fast_cfg *c);

/* Point c->look at look[0..ncols] and c->kcol at kcol[0..nslots)
 * (caller-owned) and fill them from slot and vote: look[j] is 1 for the
 * fields to examine, 0 for those only counted, 2 at ncols (one field too
 * many); slots are numbered in column order. */
void fast_cfg_look(struct fast_cfg *c, unsigned char *look, size_t *kcol);

/* One distinct combination of the kept cells: its key (the trimmed cells
 * joined by NUL bytes) and where it first occurred — (file, block,
 * line within block) while reading, (file, UINT32_MAX, physical line) after
 * tally_settle. */
struct tally_entry {
        uint64_t hash;
        size_t key;
        size_t klen;
        uint64_t count;
        uint32_t file, block;
        uint64_t line;
};

/* The kept cells of a row with at most PACK_SLOTS cells of at most 8
 * bytes each, packed into words (zero-padded) and their lengths, and the
 * entry that combination was last found at. */
#define PACK_SLOTS 4
#define PACK_BITS 8             /* PACK_CACHE = 2^PACK_BITS entries */
#define PACK_CACHE (1u << PACK_BITS)
struct packed_key {
        uint64_t w[PACK_SLOTS];
        uint32_t lens;          /* 4 bits per cell; UINT32_MAX: unused */
        uint32_t idx;
};

/* A frequency table of combinations, open addressing over entries that are
 * kept in insertion order. */
struct tally {
        struct tally_entry *e;
        size_t n, cap;
        uint32_t *slot;         /* index + 1 into e; 0 = empty */
        size_t nslot;
        char *arena;
        size_t alen, acap;
        struct marks m;
        uint64_t rows;
        char *key;              /* scratch for one row's key */
        size_t keycap;
        const char **cs;        /* scratch: one row's kept cells */
        size_t *cn;
        struct packed_key *pk;  /* a direct-mapped cache of short keys */
        struct sets_thread *st; /* fk_table_read_sets: the sets (sets.c) */
};

int tally_init(struct tally *t, size_t nslots);
void tally_release(struct tally *t);

/* Add count rows of the combination key[0..klen) first seen at (file,
 * block, line); keeps the earliest position.  *at (unless at is NULL)
 * receives the index of its entry.  FK_ENOMEM. */
int tally_add(struct tally *t, uint64_t hash, const char *key, size_t klen,
              uint64_t count, uint32_t file, uint32_t block, uint64_t line,
              uint32_t *at);

/* The hash tally_add expects for key. */
uint64_t tally_hash(const char *key, size_t klen);

/* Nonzero: fast_scan uses its SSE2 loop even where the CPU has AVX2
 * (for tests of that loop). */
extern int fast_no_avx2;

/* Scan the rows of s[0..len), a block that starts at a line start and ends
 * after a line feed or at the end of the file, into t, with lines counted
 * from 0 at the block start.  *nl receives the number of line feeds.
 * FK_OK, FAST_FALLBACK or FK_ENOMEM. */
int fast_scan(const struct fast_cfg *c, const char *s, size_t len,
              uint32_t file, uint32_t block, struct tally *t, uint64_t *nl);

#endif
