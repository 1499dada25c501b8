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

/* The same for a body fed as standard input from a pipe, in reads of at
 * most piece bytes (0: 1), through the block path and its spool; for
 * tests, with so->block as small as 1. */
int fk_table_summarise_piped(const char *buf, size_t len, size_t piece,
                             const char *name, const struct fk_csv_opts *csv,
                             const struct fk_summary_opts *so,
                             struct fk_table **out, struct fk_error *err);

#endif
