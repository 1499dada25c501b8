/* fkstat — reading CSV exports into a table of UTF-8 strings.
 *
 * The reader is built on libcsv in strict mode.  It detects the delimiter
 * (',' ';' or TAB, from the header line), the decimal mark, thousands
 * separators, a UTF-8 byte order mark (skipped) and Windows-1252/Latin-1
 * input (converted to UTF-8).  CRLF and quoted fields (with embedded
 * delimiters and newlines) are read as RFC 4180 says.  Several files are
 * read as one table when their headers are equal.  "-" names standard
 * input.
 *
 * Tables as public sources publish them (Statistics Denmark's StatBank,
 * jobindsats.dk, Excel sheets saved as CSV) read without hand editing:
 * title lines above the header and note lines below the data are found
 * and skipped, "..", StatBank's suppressed value, is missing, and numeric
 * columns written with thousands separators ("1.069") are read as numbers.
 * The rules are those of METHODS.md, "Input and missing data"; in short:
 *
 *  - Header: the first non-blank line, unless it has at most one
 *    non-empty field or another width than the lines below it; then the
 *    delimiter is the one that gives the most lines a common width of two
 *    or more fields, the header is the first line with two or more
 *    non-empty fields, and the lines above it are titles.  header_line
 *    forces the header.
 *  - Footer: the trailing block of lines with at most one non-empty field
 *    that holds at least one note (text with a letter, not a value of the
 *    first column, not a data row written with another delimiter).
 *  - Decimal mark: '.' for ',' files; for ';' files ',' unless a value
 *    shows a decimal point ("12.5"); for other delimiters the majority.
 *  - Thousands: a column whose cells are all numbers and whose cells with
 *    the separator (the mark that is not the decimal one) are each grouped
 *    in threes ("1.234", "1.234.567", "1.234,5") has it removed from its
 *    cells.
 *  - Encoding: UTF-8; Windows-1252 when the file has bytes that are not
 *    UTF-8 and no multi-byte UTF-8 sequence at all; a file that mixes the
 *    two is an error naming the first line that is not UTF-8.
 *
 * What the reader found and the user should know (lines skipped, columns
 * read with thousands separators) is left as notes (fk_table_note); the
 * library never prints.
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

/* How input bytes are read: detected; UTF-8 (bytes that are not UTF-8 are
 * read as Windows-1252, said in a note); or all Windows-1252. */
enum fk_encoding { FK_ENCODING_AUTO = 0, FK_ENCODING_UTF8, FK_ENCODING_CP1252 };

/* fk_csv_opts.thousands: never read thousands separators. */
#define FK_THOUSANDS_NONE (-1)

/* A zero-initialised struct (or FK_CSV_OPTS_INIT) detects everything. */
struct fk_csv_opts {
        char delimiter;         /* 0 = detect from the header line */
        char decimal;           /* 0 = detect; else '.' or ',' */
        const char *na;         /* comma-separated missing codes; NULL =
                                   the default "" NA . - .. (empty is
                                   always missing) */
        long header_line;       /* 0 = find the header (title lines
                                   skipped); N >= 1: the header is the first
                                   non-blank line from line N on (--skip
                                   N-1) */
        int thousands;          /* 0 = detect; FK_THOUSANDS_NONE; or the
                                   separator: '.' ',' ' ' or '\'' */
        int encoding;           /* an enum fk_encoding */
        const char *wide_period;        /* NULL: a long table.  Else the
                                           table is wide (one column per
                                           period) and is read long: see
                                           "Wide tables" below */
        const char *wide_value;         /* with wide_period: the name of
                                           the value column */
};

#define FK_CSV_OPTS_INIT { 0, 0, NULL, 0, 0, FK_ENCODING_AUTO, NULL, NULL }

/* Set one input option from its text, as given on the command line or in
 * a plan file.  key is "delimiter" (',' ';' tab or "\t"), "decimal" ('.'
 * or ','), "na" (a list, kept by pointer: value must outlive o), "skip" (a
 * whole number of lines before the header, 0 or more), "thousands" ('.'
 * ',' ' ' space or an apostrophe, or none) or "encoding" (utf-8, cp1252,
 * windows-1252, latin1, or auto).  Returns FK_OK, or FK_EUSAGE with a
 * message naming the option and the value it does not take. */
int fk_csv_opt_set(struct fk_csv_opts *o, const char *key, const char *value,
                   struct fk_error *err);

/* Wide tables.  With wide_period set, the columns whose names are periods
 * (2017, 2017H1, 2017Q3, 2017K3, 2017M07, 2017-07: fk_period_parse of
 * include/fkstat/panel.h) become rows: each data row gives one row per
 * period column, in header order, holding the other columns' cells, the
 * period (the column's name as the header writes it) in a new column
 * called wide_period and the cell in a new column called wide_value; the
 * new columns come after the others.  A missing cell stays missing.  Every
 * new row keeps the file and line of its wide row.  The period columns
 * are read as one column for the decimal mark and thousands separators.
 * Errors, naming the first file and its header line: FK_EDATA when no
 * column name is a period, when the names mix kinds of period or two
 * names are one period (2019K1, 2019Q1); FK_EUSAGE when wide_value is
 * NULL, when wide_period or wide_value is the name of a column that is
 * not a period, or when they are equal.  A note says the reshape. */

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

/* Every column name of the files' header, also those a summary table did
 * not keep (include/fkstat/stream.h); for a full table the same as
 * fk_table_ncols and fk_table_colname. */
size_t fk_table_header_ncols(const struct fk_table *t);
const char *fk_table_header_name(const struct fk_table *t, size_t col);

/* FK_EUSAGE for a column the header lacks, naming the first file, with the
 * nearest column name as a suggestion and the columns there are:
 * "no column 'x' in the header; did you mean 'y'? (columns: ...)". */
int fk_table_no_column(const struct fk_table *t, const char *name,
                       struct fk_error *err);

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

/* Notes for the user about how the input was read, one line each without
 * a final newline, in the order found: title and note lines skipped
 * ("x.csv: skipped 1 title line above the header ('...')"), columns read
 * with thousands separators, lines of a UTF-8 file read as Windows-1252
 * (FK_ENCODING_UTF8).  The conversion of a whole file from Windows-1252 is
 * not among them: fk_table_converted says it.  The caller prints each on a
 * line of its own (the CLI: "fkstat: CMD: note").  A summary table
 * (include/fkstat/stream.h) has none: the summary reader leaves every
 * input that would need one to fk_table_read. */
size_t fk_table_nnotes(const struct fk_table *t);
const char *fk_table_note(const struct fk_table *t, size_t i);

/* Input file names in the order given. */
size_t fk_table_nfiles(const struct fk_table *t);
const char *fk_table_file(const struct fk_table *t, size_t i);

/* Parse s as a finite number with the given decimal mark ('.' or ','),
 * without thousands separators (the reader has removed those of the
 * columns it read them in).  Returns FK_OK, or FK_EDATA when s is not a
 * number or is not finite (inf, nan, overflow). */
int fk_parse_double(const char *s, char decimal, double *out);

/* Parse s as a binary value: 0/1, true/false, yes/no, ja/nej in any case.
 * Returns FK_OK with *out 0 or 1, or FK_EDATA. */
int fk_parse_binary(const char *s, int *out);

/* Parse s as a non-negative integer count (a decimal mark followed only by
 * zeros is allowed, "3,0").  Returns FK_OK or FK_EDATA. */
int fk_parse_count(const char *s, char decimal, unsigned long long *out);

/* Whether s[0..n) is well-formed UTF-8 (no overlong forms, surrogates or
 * code points past U+10FFFF), as the reader requires of its input. */
int fk_utf8_valid(const char *s, size_t n);

#endif
