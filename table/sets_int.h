/* Private to table/sets.c, setnum.c and setbuild.c: the per-thread
 * state of the summary reader's sets. */
#ifndef FKSTAT_TABLE_SETS_INT_H
#define FKSTAT_TABLE_SETS_INT_H

#include "sets.h"

/* Values being kept: 32-bit whole numbers m (the value m / 10^scale) or
 * doubles. */
struct chunk {
        int32_t *i32;
        double *f64;
        size_t n, cap;
        int scale;
        uint32_t maxabs;
        int file;               /* FK_CHUNK_MEM, or written to the spill
                                   file at off (i32 and f64 NULL) */
        uint64_t off;
};

/* The numbers of one group in one set, on one thread. */
struct vec {
        int used;
        double n;
        struct fk_moments m;            /* FK_NUMBERS_SUMS */
        struct chunk ci, cf;            /* being filled */
        struct chunk *full;
        size_t nfull, fcap;
        uint32_t file, block;           /* the first number */
        uint64_t line;
};

struct gtag {                           /* a slot of the map of groups */
        uint32_t tag;           /* of the key's hash; 0: empty */
        uint32_t gid;
};

struct gslot {                          /* a group's packed key cells */
        uint64_t w[PACK_SLOTS];
        uint32_t lens, gid;
};

struct dcell {                          /* a small whole number of a group */
        uint32_t count;         /* rows not yet added to its entry */
        uint32_t idx;           /* its entry + 1, or 0 */
};

struct sslot {                          /* a short string of a group */
        uint64_t w;
        uint32_t gid, len, idx;
        uint32_t count;         /* rows not yet added to its entry */
};

/* FK_NUMBERS_ORDER: the numbers of one block (of one file) read by one
 * thread, in the order of its rows, each with its group; 32-bit whole
 * numbers at one scale while they fit, else all doubles. */
struct seg {
        uint32_t file, block;
        int32_t *i32;           /* NULL once f64 */
        double *f64;
        uint32_t *gid;
        size_t n, cap;
        size_t words;           /* its first values that were the cells
                                   "0" or "1" (binary words) */
        int scale;
        uint32_t maxabs;
};

/* One value column on one thread. */
struct sset {
        struct tally str;               /* key: the group (4 bytes), then
                                           the cell */
        int numbers, dropped;
        size_t next_check;
        unsigned marks;                 /* MARK_DOT, MARK_COMMA: numbers
                                           read with that mark */
        struct vec *vec;                /* by group */
        size_t vcap;
        struct sslot *shorts;           /* map of short strings */
        size_t nshort, nshort_used;
        struct dcell *dense;            /* small whole numbers: group ×
                                           value (stride dstride) */
        size_t dstride, drows;
        int no_dense;
        struct seg *seq;                /* FK_NUMBERS_ORDER: by block, in
                                           the order read */
        size_t nseq, seqcap;
};

struct sets_thread {
        struct tally groups;            /* key: the key cells, NUL after
                                           each */
        struct gtag *gmap;              /* groups with packed keys */
        size_t ngmap, ngused;
        struct gslot *gkeys;            /* by group: its packed key */
        uint64_t *gcount;               /* by group: its rows */
        size_t gcap;
        struct sset *s;
        size_t nsets;
        char *key;
        size_t keycap;
        const char *end;        /* of the block being read */
        struct packed_key *rows;        /* sets_replay's rows */
        uint32_t code;          /* the last row's, for sets_remember */
};

/* What sets_parse_number makes of a cell. */
enum { NUM_BAD, NUM_I32, NUM_F64 };

/* What the cell s[0..n) says as a number: a whole number *m at scale *d
 * (when it fits 32 bits and 9 decimals), or *x; NUM_BAD when it is
 * neither a number (fk_parse_double's grammar with the decimal mark
 * fixed, or the mark the cell holds when fixed is 0) nor, with binary, a
 * binary word.  *mark_used: MARK_DOT or MARK_COMMA when it holds that
 * mark, else 0. */
int sets_parse_number(const char *s, size_t n, char fixed, int binary,
                      int32_t *m, int *d, double *x, unsigned *mark_used);

/* The same, for a cell of a block that ends at end (bytes up to end may
 * be read beyond the cell). */
int sets_parse_number_in(const char *s, size_t n, const char *end,
                         char fixed, int binary, int32_t *m, int *d,
                         double *x, unsigned *mark_used);

/* Keep a number in v's chunks: m at scale d (its value x), or x; full
 * chunks go to sp's file when the chunks in memory pass its budget (sp
 * NULL: they stay).  FK_OK or FK_ENOMEM. */
int sets_push_i32(struct spill *sp, struct vec *v, int32_t m, int d,
                  double x);
int sets_push_f64(struct spill *sp, struct vec *v, double x);

void sets_vec_release(struct vec *v);

/* FK_NUMBERS_ORDER: append the number (m at scale d, or x; word: its
 * cell was "0" or "1") of group gid read in (file, block) to ss's
 * sequence.  FK_OK or FK_ENOMEM. */
int sets_seq_push(struct sset *ss, uint32_t file, uint32_t block,
                  uint32_t gid, int kind, int32_t m, int d, double x,
                  int word);

void sets_seq_release(struct sset *ss);

/* Move the counted strings of ss that are numbers to the groups' numbers
 * (with FK_NUMBERS_ORDER only their count and first position: the values
 * are in the sequence already).  FK_OK or FK_ENOMEM. */
int sets_convert(const struct sets_cfg *c, struct sset *ss);

/* Whether header column col is a key of c. */
int sets_is_key(const struct sets_cfg *c, size_t col);

#endif
