/* fkstat — reading register-scale CSV files as a summary table.
 *
 * A summary table keeps only the columns asked for and one row per
 * distinct combination of their (trimmed) cell values, in order of first
 * appearance; each row remembers the file and physical line where that
 * combination first occurred and how many data rows it stands for
 * (fk_table_row_weight).  Binary, count and ordinal outcomes then take
 * memory independent of the number of rows: the summary is their
 * value-by-arm frequency table.  Everything else — delimiter and header
 * (found as fk_table_read finds them), decimal mark (voted over every cell
 * of every column, as fk_table_read does), missing codes, the header
 * check — is what fk_table_read would give, so any question asked of the
 * summary table gets the same answer as on the full table with the row
 * weights as frequency weights.
 *
 * The reader splits fields with SIMD compares instead of libcsv, which is
 * only valid for input it can read without ambiguity: no '"' anywhere, no
 * NUL, no CR except before LF, valid UTF-8, regular files.  It also leaves
 * to fk_table_read whatever that reader would say a note about: title
 * lines above the header or note lines below the data, a number grouped
 * in threes by a possible thousands separator ("1.234", when a separator
 * is detected or given and can stand unquoted), --skip, --encoding
 * cp1252.  For all of these and anything else (quotes, Windows-1252, a
 * ragged row or a bad header, or a summary that does not summarise: over
 * a million combinations, more than half the rows distinct) it returns
 * FK_OK with *out NULL: read with fk_table_read, which parses with libcsv
 * and names the error — or set fallback, and the reader does that itself.
 * The file is cut into blocks at line ends and the blocks go to several
 * threads, each with its own frequency table; the tables are merged at
 * the end.
 *
 * Standard input ("-") that is a regular file is read like any file.  A
 * pipe is read in blocks by the calling thread while the workers scan the
 * blocks before, so memory stays bounded; every byte is also copied to an
 * unlinked temporary file (under $TMPDIR, else /tmp) from which the full
 * table is read when the summary does not apply — set fallback when "-"
 * may be a pipe, or the input is lost.  Without room for that copy, or
 * with "-" named twice, the summary reader declines before reading it.
 */
#ifndef FKSTAT_STREAM_H
#define FKSTAT_STREAM_H

#include <stddef.h>

#include "fkstat/error.h"
#include "fkstat/moments.h"
#include "fkstat/progress.h"
#include "fkstat/table.h"


struct fk_summary_opts {
        const char *const *columns;     /* the columns to keep; names not in
                                           the header are ignored */
        size_t ncolumns;
        unsigned threads;               /* 0: online CPUs, at most 8 */
        size_t block;                   /* bytes per block; 0: 4 MiB */
        fk_progress_fn progress;        /* NULL: none; else called with
                                           bytes done of total and rows so
                                           far, from the calling thread,
                                           at most once per block */
        void *progress_ctx;
        const char *const *columns_nocase;      /* more columns to keep,
                                                   matched in any case (the
                                                   names --cluster auto looks
                                                   for); may be NULL */
        size_t ncolumns_nocase;
        int fallback;           /* nonzero: where the summary does not
                                   apply, read the full table instead
                                   (*out is then never NULL on FK_OK);
                                   needed to read a pipe, which cannot be
                                   read twice */
        size_t map_max;         /* a named file of more bytes is read in
                                   blocks with pread, not mapped, so the
                                   resident set stays the blocks in
                                   flight; 0: 32 MiB (tests set 1) */
};

/* Read the files (nfiles >= 1) as one summary table.  FK_OK with *out a new
 * table (free with fk_table_free), or FK_OK with *out NULL when the fast
 * reader does not apply (see above); FK_ENOMEM or FK_EUSAGE (bad csv
 * options) otherwise. */
int fk_table_read_summary(const char *const *files, size_t nfiles,
                          const struct fk_csv_opts *csv,
                          const struct fk_summary_opts *so,
                          struct fk_table **out, struct fk_error *err);

/* The same for an in-memory file body called name, for tests: so->block
 * may be as small as 1 byte, so every cut of the body is exercised. */
int fk_table_summarise_buffer(const char *buf, size_t len, const char *name,
                              const struct fk_csv_opts *csv,
                              const struct fk_summary_opts *so,
                              struct fk_table **out, struct fk_error *err);

/* Several summaries in one pass: one per value column, each of the key
 * columns (--by) and that value column, as fk_table_read_summary would
 * give it for those columns — with one difference when numbers is set: a
 * value column whose combinations keep growing (more than switch_at
 * distinct, and more than a quarter of the rows read) has its later
 * cells read as numbers, kept per combination of the key columns in one
 * summary row (fk_table_row_numbers; its value cell is missing).  Cells
 * that are not numbers (nor binary words, with binary_words) stay cells
 * of their own rows, so a question asked row by row finds the same first
 * bad cell.  FK_NUMBERS_VALUES keeps the numbers (compactly: 4 bytes a
 * decimal of at most 9 digits, else 8), FK_NUMBERS_SUMS only their count
 * and exact sums (include/fkstat/moments.h).  With drop_bad, a value
 * column is given up (fk_table_dropped) at its first cell that is
 * neither a number nor (binary_words) a binary word, whatever the
 * decimal mark: it is not a numeric column.
 *
 * FK_NUMBERS_ORDER keeps every cell of the value column that is a number
 * from the first row on, in file order (fk_table_sequence), each with
 * the summary row of its group (a number row as above; its chunks empty),
 * for statistics that depend on the order of the values.  Cells that are
 * missing or not numbers stay rows of their own.  It applies only to a
 * column whose values are mostly distinct: a thread that has read more
 * than twice as many rows as the distinct cells it looks for next
 * (EARLY 4096, then switch_at) without switching, or a reading in which
 * no thread switched, declines (FK_OK, nothing in *sets), as for any
 * other decline (any value column that does not qualify declines the
 * whole reading). */
enum fk_numbers_mode {
        FK_NUMBERS_NONE = 0, FK_NUMBERS_VALUES, FK_NUMBERS_SUMS,
        FK_NUMBERS_ORDER
};

struct fk_sets_spec {
        const char *const *keys;        /* in every summary; names not in
                                           the header are ignored */
        size_t nkeys;
        const char *const *values;      /* one summary each, in this
                                           order; NULL: every header column
                                           that is not a key, in header
                                           order */
        size_t nvalues;
        enum fk_numbers_mode numbers;
        int binary_words;
        int drop_bad;
        size_t switch_at;               /* 0: 65536 */
        size_t keep_bytes;              /* FK_NUMBERS_VALUES: 0 keeps every
                                           number in memory; else once the
                                           numbers in memory pass about
                                           this many bytes, each full chunk
                                           (4 096 numbers; 16 when
                                           keep_bytes < 4096, for tests) is
                                           written to an unlinked temporary
                                           file under $TMPDIR (else /tmp)
                                           and freed, and read back from
                                           there (fk_num_chunk_load); when
                                           no such file can be made or
                                           written, the chunks stay in
                                           memory */
};

/* What a number row of a summary stands for: n values; with
 * FK_NUMBERS_SUMS their exact sums in m, with FK_NUMBERS_VALUES the
 * values in chunks (in no particular order; some of them in a file, with
 * keep_bytes, which stays open while the table lives). */
struct fk_numbers {
        double n;
        struct fk_moments m;
        const struct fk_num_chunk *chunks;
        size_t nchunks;
};

/* Read the files as the summaries of spec (so->columns is not used): on
 * FK_OK either *sets holds *nsets tables (free each with fk_table_free,
 * then the array with free) in the order of spec's values, or — when the
 * summaries do not apply and so->fallback is set — *full holds the full
 * table (what fk_table_read gives).  Neither: the reader declined
 * (without fallback).  FK_ENOMEM or FK_EUSAGE otherwise. */
int fk_table_read_sets(const char *const *files, size_t nfiles,
                       const struct fk_csv_opts *csv,
                       const struct fk_summary_opts *so,
                       const struct fk_sets_spec *spec,
                       struct fk_table ***sets, size_t *nsets,
                       struct fk_table **full, struct fk_error *err);

/* fk_table_read_sets that also hands every byte of the files it reads
 * through its blocks to bytes (header and data, each file from its first
 * byte to its last, in file order, each byte once), one call at a time
 * from whichever reading thread read the block, so that a digest of the
 * file (report/share.c: its SHA-256) costs no second reading.  A thread
 * whose block is next waits for the blocks before it to be handed over.
 * Not every reading gets that far: the bytes seen are the whole file
 * only when as many were handed over as the file holds — not so for a
 * pipe, a decline, or the full table. */
typedef void (*fk_bytes_fn)(void *ctx, const void *p, size_t n);

int fk_table_read_sets_bytes(const char *const *files, size_t nfiles,
                             const struct fk_csv_opts *csv,
                             const struct fk_summary_opts *so,
                             const struct fk_sets_spec *spec,
                             fk_bytes_fn bytes, void *bytes_ctx,
                             struct fk_table ***sets, size_t *nsets,
                             struct fk_table **full, struct fk_error *err);

/* The same for an in-memory body, for tests (so->block as small as 1). */
int fk_table_sets_buffer_bytes(const char *buf, size_t len, const char *name,
                               const struct fk_csv_opts *csv,
                               const struct fk_summary_opts *so,
                               const struct fk_sets_spec *spec,
                               fk_bytes_fn bytes, void *bytes_ctx,
                               struct fk_table ***sets, size_t *nsets,
                               struct fk_table **full, struct fk_error *err);

/* The same for an in-memory body (piece 0) or one fed as a pipe in reads
 * of at most piece bytes, for tests. */
int fk_table_sets_buffer(const char *buf, size_t len, size_t piece,
                         const char *name, const struct fk_csv_opts *csv,
                         const struct fk_summary_opts *so,
                         const struct fk_sets_spec *spec,
                         struct fk_table ***sets, size_t *nsets,
                         struct fk_table **full, struct fk_error *err);

/* A summary of fk_table_read_sets: the numbers a row stands for (NULL
 * for a row of cells), the index of its value column (-1 for other
 * tables), and whether that column was given up (drop_bad). */
const struct fk_numbers *fk_table_row_numbers(const struct fk_table *t,
                                              size_t row);
long fk_table_value_col(const struct fk_table *t);
int fk_table_dropped(const struct fk_table *t);

/* FK_NUMBERS_ORDER: the numbers of the value column in file order, in
 * *nchunks chunks (NULL, 0 for other tables): chunk k's values v (as
 * fk_num_chunk_value reads them), row[i] the summary row of value i;
 * its first words values were the cells "0" or "1" (binary words, which
 * the numbers themselves do not tell from "1.0"). */
struct fk_seq_chunk {
        struct fk_num_chunk v;
        const uint32_t *row;
        size_t words;
};

const struct fk_seq_chunk *fk_table_sequence(const struct fk_table *t,
                                             size_t *nchunks);

/* The summary of t over its columns named in cols (names t does not keep
 * are ignored), when t is a summary of these columns and others read
 * from the same file (rows in order of first appearance, cells only: no
 * number rows): one row per distinct combination of the kept cells (a
 * missing cell equal to a missing cell), in order of first appearance,
 * each with the line of its first row and the summed weights; the header,
 * delimiter, decimal mark and rows read as in t.  This is the summary
 * fk_table_read_summary gives for those columns (or fk_table_read_sets
 * with cells only), so the report reads a file once for all its sections
 * (report/share.c).  FK_OK or FK_ENOMEM. */
int fk_table_fold(const struct fk_table *t, const char *const *cols,
                  size_t ncols, struct fk_table **out, struct fk_error *err);

/* The same for a body fed as standard input from a pipe, in reads of at
 * most piece bytes (0: 1), through the block path and its spool; for
 * tests, with so->block as small as 1. */
int fk_table_summarise_piped(const char *buf, size_t len, size_t piece,
                             const char *name, const struct fk_csv_opts *csv,
                             const struct fk_summary_opts *so,
                             struct fk_table **out, struct fk_error *err);

#endif
