/* fkstat — reading CSV exports into a table of UTF-8 strings.
 *
 * The reader is built on libcsv in strict mode.  It detects the delimiter
 * (',' ';' or TAB, from the header line), the decimal mark (',' when the
 * delimiter is not ',' and numeric cells use a decimal comma), a UTF-8 byte
 * order mark (skipped) and Windows-1252/Latin-1 input (converted to UTF-8).
 * CRLF and quoted fields (with embedded delimiters and newlines) are read as
 * RFC 4180 says.  Several files are read as one table when their headers are
 * equal.  "-" names standard input.
 *
 * Cells are kept as strings; a cell whose text is one of the missing-value
 * codes reads as NULL.  Every row remembers its file and physical line so
 * that errors found later can name them.
 */
#ifndef FKSTAT_TABLE_H
#define FKSTAT_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "fkstat/error.h"

struct fk_csv_opts {
        char delimiter;         /* 0 = detect from the header line */
        char decimal;           /* 0 = detect; else '.' or ',' */
        const char *na;         /* comma-separated missing codes; NULL =
                                   the default "" NA . - (empty is always
                                   missing) */
};

#define FK_CSV_OPTS_INIT { 0, 0, NULL }

struct fk_table;

/* Read the files (nfiles >= 1, "-" = stdin) as one table.  On success *out
 * owns a new table to be released with fk_table_free.  Errors (FK_EIO for
 * unreadable files, FK_EDATA for malformed CSV, ragged rows, a header that
 * differs between files, an empty file) name the file and line in err. */
int fk_table_read(const char *const *files, size_t nfiles,
                  const struct fk_csv_opts *opts, struct fk_table **out,
                  struct fk_error *err);

/* Parse an in-memory file body as if read from a file called name, feeding
 * libcsv in pieces of at most chunk bytes (0 = all at once).  The result
 * must not depend on chunk; the unit tests check this at every size. */
int fk_table_parse_buffer(const char *buf, size_t len, const char *name,
                          size_t chunk, const struct fk_csv_opts *opts,
                          struct fk_table **out, struct fk_error *err);

void fk_table_free(struct fk_table *t);

size_t fk_table_ncols(const struct fk_table *t);
size_t fk_table_nrows(const struct fk_table *t);

/* A summary table (include/fkstat/stream.h) holds one row per distinct
 * combination of cell values: fk_table_row_weight is the number of data
 * rows it stands for and fk_table_nrecords the number of data rows read.
 * For a table from fk_table_read these are 1 and fk_table_nrows. */
double fk_table_nrecords(const struct fk_table *t);
double fk_table_row_weight(const struct fk_table *t, size_t row);
const char *fk_table_colname(const struct fk_table *t, size_t col);

/* Index of the column called name, or -1 when the header lacks it.  Names
 * are compared exactly after trimming surrounding blanks. */
long fk_table_col(const struct fk_table *t, const char *name);

/* The cell at (row, col) as UTF-8 with surrounding blanks trimmed, or NULL
 * when it is missing (empty or a missing-value code). */
const char *fk_table_cell(const struct fk_table *t, size_t row, size_t col);

/* The file and 1-based physical line the row started on. */
const char *fk_table_row_file(const struct fk_table *t, size_t row);
long fk_table_row_line(const struct fk_table *t, size_t row);

/* What was detected (or forced): delimiter, decimal mark, and whether any
 * input was converted from Windows-1252. */
char fk_table_delimiter(const struct fk_table *t);
char fk_table_decimal(const struct fk_table *t);
int fk_table_converted(const struct fk_table *t);

/* Input file names in the order given. */
size_t fk_table_nfiles(const struct fk_table *t);
const char *fk_table_file(const struct fk_table *t, size_t i);

/* Parse s as a finite number with the given decimal mark ('.' or ','),
 * without thousands separators.  Returns FK_OK, or FK_EDATA when s is not a
 * number or is not finite (inf, nan, overflow). */
int fk_parse_double(const char *s, char decimal, double *out);

/* Parse s as a binary value: 0/1, true/false, yes/no, ja/nej in any case.
 * Returns FK_OK with *out 0 or 1, or FK_EDATA. */
int fk_parse_binary(const char *s, int *out);

/* Parse s as a non-negative integer count (a decimal mark followed only by
 * zeros is allowed, "3,0").  Returns FK_OK or FK_EDATA. */
int fk_parse_count(const char *s, char decimal, unsigned long long *out);

#endif
