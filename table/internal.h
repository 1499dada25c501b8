/* Private to table/: the layout of struct fk_table, shared by the CSV
 * reader (csv.c), the input decoder (encoding.c), the finder of header
 * and footer (layout.c), the number shapes and thousands separators
 * (numbers.c), the read driver (read.c), the summary reader (stream.c)
 * and the store (table.c).  Nothing outside table/ includes this file.
 */
#ifndef FKSTAT_TABLE_INTERNAL_H
#define FKSTAT_TABLE_INTERNAL_H

#include <stdint.h>

#include "fkstat/table.h"

/* Counts of cells by what they say about the decimal mark (see
 * table_cell_marks): unambiguous votes ("12.5", "1.234,5"), cells that fit
 * either reading ("1.234", "1,234"), and by which possible thousands
 * separators some cell is grouped in threes (MARK_GROUPED_* bits). */
struct marks {
        size_t dot, comma;
        size_t amb_dot, amb_comma;
        unsigned grouped;
};

/* Cell offset of a missing value. */
#define CELL_MISSING UINT32_MAX

/* All strings (column names and present cells, each NUL-terminated) live in
 * one arena, text; names and cells hold 32-bit offsets into it, so a cell
 * costs four bytes plus its text.  Rows are stored row-major. */
struct spill;

/* Drop a reference to the file of a reading's spilled chunks (setnum.c);
 * the last closes it. */
void spill_unref(struct spill *sp);

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
        struct marks m;         /* what the cells say about decimal
                                   marks and thousands separators */
        char **notes;           /* see fk_table_note */
        size_t nnotes;
        uint32_t *header;       /* summary tables: every name of the file's
                                   header, kept or not (NULL: names) */
        size_t nheader;
        struct fk_numbers **numbers;    /* summaries of fk_table_read_sets:
                                           per row, or NULL (sets.c) */
        void **owned;           /* memory the numbers' chunks point into */
        size_t nowned;
        long value_col;         /* their value column, or -1 */
        int dropped;
        struct spill *spill;            /* the file some of the numbers'
                                           chunks are in (a reference), or
                                           NULL */
        struct fk_seq_chunk *seq;       /* FK_NUMBERS_ORDER: the value
                                           column's numbers in file order
                                           (their memory in owned) */
        size_t nseq;
        long head_line;         /* the first file's header line */
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

/* Whether want, with blanks trimmed at both ends, is the column name
 * name (a header name as stored, already trimmed); _nocase: any case. */
int table_name_is(const char *want, const char *name);
int table_name_is_nocase(const char *want, const char *name);

/* The delimiter detected from the header line (the first non-blank one):
 * the most frequent of ';', TAB and ',' outside quotes. */
char table_detect_delimiter(const char *s, size_t n);

/* What the cell s[0..n) (trimmed, not missing) says about the decimal
 * mark, under the thousands option th (fk_csv_opts.thousands): a bit set
 * of MARK_*.  MARK_GROUPED_*: the cell is a number grouped in threes by
 * '.', ',' or another separator that th allows ('.' or ',' when
 * detecting, th itself when forced, none for FK_THOUSANDS_NONE). */
enum {
        MARK_DOT = 1, MARK_COMMA = 2, MARK_AMB_DOT = 4, MARK_AMB_COMMA = 8,
        MARK_GROUPED_DOT = 16, MARK_GROUPED_COMMA = 32,
        MARK_GROUPED_OTHER = 64
};
unsigned table_cell_marks(const char *s, size_t n, int th);

/* Count the marks of one cell into m. */
void table_count_marks(struct marks *m, unsigned bits);

/* Whether a table read with delimiter delim and marks m may have columns
 * written with thousands separators (else table_finish leaves the cells
 * as they are). */
int table_may_group(const struct marks *m, char delim,
                    const struct fk_csv_opts *o);

/* The decimal mark of a table read with delimiter delim and marks m. */
char table_pick_decimal(const struct marks *m, char delim,
                        const struct fk_csv_opts *o);

/* After all inputs are read: choose the decimal mark, then find the
 * columns written with thousands separators, remove them from their cells
 * and leave notes.  FK_ENOMEM. */
int table_finish(struct fk_table *t, const struct fk_csv_opts *o,
                 struct fk_error *err);

/* Wide tables (wide.c; fk_csv_opts.wide_period).  table_wide_flags sets
 * flag[j] (t->ncols of them) to 1 for each column whose name is a period
 * and returns how many are.  table_wide_reshape turns the period columns
 * into rows as include/fkstat/table.h says, or fails with its errors. */
size_t table_wide_flags(const struct fk_table *t, unsigned char *flag);
int table_wide_reshape(struct fk_table *t, const struct fk_csv_opts *o,
                       struct fk_error *err);

/* Append a note (see fk_table_note); FK_ENOMEM. */
int table_add_note(struct fk_table *t, struct fk_error *err,
                   const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 4)))
#endif
        ;

/* Where the header of a file body is (layout.c).  header: offset of its
 * first byte; header_end: of the first byte after it and its line end;
 * ncols: its fields as the layout scanner counts them (libcsv has the last
 * word); titles: non-blank lines above it that were skipped as titles, the
 * first of them at offset title.  complete: the lines looked at were all
 * in text (0 only when at_end is 0 and more text might change the answer).
 * FK_EDATA when header_line lies beyond the text. */
struct layout {
        size_t header, header_end, ncols;
        char delim;
        size_t titles, title;
        int complete;
};

int table_find_header(const char *text, size_t len, int at_end,
                      const struct fk_csv_opts *o, struct layout *out,
                      const char *name, struct fk_error *err);

/* The footer of text[from..len): start is the offset of its first line
 * (len when there is none), notes the note lines in it and note the
 * offset of the first; open is 1 when every line from `from` on belongs to
 * the trailing block of blank and note-like lines. */
struct footer {
        size_t start, notes, note;
        int open;
};

void table_find_footer(const char *text, size_t len, size_t from, char delim,
                       size_t ncols, struct footer *out);

/* The next note line of the footer from *pos on: its text (trimmed, out
 * of its quotes) in *s and its length, *pos moved past its line; 0 when
 * there is none. */
/* The text of the line at off: trimmed of blanks and of the delimiters
 * Excel pads it with, out of its quotes when it is one quoted field. */
size_t table_line_text(const char *text, size_t len, size_t off, char delim,
                       const char **s);

size_t table_next_note(const char *text, size_t len, size_t *pos, char delim,
                       size_t ncols, const char **s);

/* Length of the well-formed UTF-8 sequence at s[0..n), or 0. */
size_t table_utf8_len(const unsigned char *s, size_t n);

/* Whether s[0..n) is well-formed UTF-8. */
int table_valid_utf8(const unsigned char *s, size_t n);

/* The first i whose names[i] equals an earlier names[j] (j < i), or n
 * when all differ; (size_t)-1 when out of memory.  O(n log n): a header
 * of 10^5 columns is checked in milliseconds (table/table.c). */
size_t table_first_duplicate(const char *const *names, size_t n);

/* Option checks and an empty table for the given inputs (shared by
 * fk_table_read and the summary reader of stream.c). */
int table_check_opts(const struct fk_csv_opts *o, struct fk_error *err);
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
 * UTF-8, else a conversion in *owned (to be freed): of the whole file from
 * Windows-1252 (converted), or with encoding FK_ENCODING_UTF8 of the bytes
 * that are not UTF-8 only (bad_lines lines, the first bad_line).  A NUL
 * byte, and with FK_ENCODING_AUTO a file that has both multi-byte UTF-8
 * and bytes that are not UTF-8, are FK_EDATA errors naming a line. */
struct decoded {
        const char *text;
        size_t len;
        char *owned;
        int converted;
        size_t bad_lines;
        long bad_line;
};

int table_decode(const char *buf, size_t len, const char *name, int encoding,
                 struct decoded *out, struct fk_error *err);

/* fk_table_read with input i (< nfiles) the body buf[0..len), which it
 * frees: the copy of a piped standard input (stream.c, pipe.c). */
int table_read_spooled(const char *const *files, size_t nfiles,
                       const struct fk_csv_opts *opts, size_t i, char *buf,
                       size_t len, struct fk_table **out,
                       struct fk_error *err);

/* The 1-based physical line of byte off; CR, LF and CRLF each end a line. */
long table_line_at(const char *buf, size_t off);

#endif
