/* Private to table/: the layout of struct fk_table, shared by the CSV
 * reader (csv.c), the input decoder (encoding.c), the read driver
 * (read.c), the summary reader (stream.c) and the store (table.c).  Nothing outside table/ includes this file.
 */
#ifndef FKSTAT_TABLE_INTERNAL_H
#define FKSTAT_TABLE_INTERNAL_H

#include <stdint.h>

#include "fkstat/table.h"

/* Cell offset of a missing value. */
#define CELL_MISSING UINT32_MAX

/* All strings (column names and present cells, each NUL-terminated) live in
 * one arena, text; names and cells hold 32-bit offsets into it, so a cell
 * costs four bytes plus its text.  Rows are stored row-major. */
struct fk_table {
        size_t ncols;
        uint32_t *names;
        size_t nrows, rows_cap;
        uint32_t *cells;
        long *lines;
        uint32_t *row_file;
        char *text;
        size_t text_len, text_cap;
        char **files;
        size_t nfiles;
        char delimiter, decimal;
        int converted;
        double *weight;         /* summary tables: rows each row stands
                                   for (NULL: 1 each) */
        double nrecords;        /* summary tables: data rows read */
        size_t votes_comma, votes_dot;  /* cells like "12,5" and "12.5" */
};

/* The missing-value codes of a read: --na or the default "NA . -" (the
 * empty cell is always missing). */
struct code {
        const char *s;
        size_t n;
};

struct table_na {
        const struct code *c;
        size_t n;
        struct code *owned;
};

/* Codes from list (NULL: the default); list must outlive na.  FK_ENOMEM. */
int table_na_init(struct table_na *na, const char *list);
void table_na_release(struct table_na *na);
int table_is_missing(const struct table_na *na, const char *s, size_t n);

/* Drop blanks (space, TAB) at both ends of s[0..*n). */
void table_trim(const char **s, size_t *n);

/* The delimiter detected from the header line (the first non-blank one). */
char table_detect_delimiter(const char *s, size_t n);

/* '.' or ',' when s[0..n) looks like a decimal number with that mark. */
int table_decimal_vote(const char *s, size_t n);

/* Length of the well-formed UTF-8 sequence at s[0..n), or 0. */
size_t table_utf8_len(const unsigned char *s, size_t n);

/* Whether s[0..n) is well-formed UTF-8. */
int table_valid_utf8(const unsigned char *s, size_t n);

/* Option checks, the decimal-mark choice after reading, and an empty
 * table for the given inputs (shared by fk_table_read and the summary
 * reader of stream.c). */
int table_check_opts(const struct fk_csv_opts *o, struct fk_error *err);
void table_choose_decimal(struct fk_table *t, const struct fk_csv_opts *o);
struct fk_table *table_alloc(const char *const *files, size_t nfiles);

/* Append s[0..n) and a NUL to the arena and set *off to its offset.
 * FK_ENOMEM when the arena cannot grow (or would pass 4 GiB). */
int table_add_text(struct fk_table *t, const char *s, size_t n, uint32_t *off,
                   struct fk_error *err);

/* Append a row of t->ncols cell offsets that started on line of file. */
int table_add_row(struct fk_table *t, const uint32_t *cells, long line,
                  uint32_t file, struct fk_error *err);

/* The name errors and rows use for a file: "<stdin>" for "-". */
const char *table_display_name(const char *file);

/* Parse one file body into t as its file-th input: the first input sets the
 * header and delimiter, later ones must repeat the header. */
int table_parse_csv(struct fk_table *t, uint32_t file, const char *buf,
                    size_t len, size_t chunk, const struct fk_csv_opts *opts,
                    struct fk_error *err);

/* Input as UTF-8 text: buf itself after a byte order mark when it is valid
 * UTF-8, else a Windows-1252 conversion in *owned (to be freed).  A NUL
 * byte is an FK_EDATA error naming its line. */
struct decoded {
        const char *text;
        size_t len;
        char *owned;
        int converted;
};

int table_decode(const char *buf, size_t len, const char *name,
                 struct decoded *out, struct fk_error *err);

/* The 1-based physical line of byte off; CR, LF and CRLF each end a line. */
long table_line_at(const char *buf, size_t off);

#endif
