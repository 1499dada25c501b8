/* libFuzzer target: the CSV reader (table/) on arbitrary bytes.
 *
 * Input layout: byte 0 is the chunk size libcsv is fed with (0 = all at
 * once), byte 1 chooses the options (bits 0-1 the delimiter: detect, ',',
 * ';' or TAB; bits 2-3 the decimal mark: detect, '.' or ','; bit 4 a --na
 * list; bits 5-6 the thousands separator: detect, none, '.' or space;
 * bit 7 with the chunk's low bits: --encoding utf-8 or cp1252 and
 * --skip 1; chunk bits 2-4 all set: --wide, the new columns "p" and
 * "2019K1", a name the header may have), the rest is the file body.  The reader must never crash, leak or
 * hit undefined behaviour, and the table (or the error) must not depend on
 * the chunk size: any difference from a parse in one piece aborts.  Every
 * cell also goes through the value parsers the statistics use.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fkstat/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void differ(const char *what, size_t chunk)
{
        fprintf(stderr, "fuzz_csv: %s differs between chunk %zu and chunk 0\n",
                what, chunk);
        abort();
}

static int same_str(const char *a, const char *b)
{
        return (!a && !b) || (a && b && !strcmp(a, b));
}

static void same_error(const struct fk_error *a, const struct fk_error *b,
                       size_t chunk)
{
        if (a->code != b->code || a->line != b->line ||
            strcmp(a->file, b->file) || strcmp(a->msg, b->msg)) {
                fprintf(stderr, "chunk %zu: %d %s:%ld: %s\nchunk 0: %d %s:%ld: %s\n",
                        chunk, a->code, a->file, a->line, a->msg,
                        b->code, b->file, b->line, b->msg);
                differ("the error", chunk);
        }
}

static void same_table(const struct fk_table *a, const struct fk_table *b,
                       size_t chunk)
{
        size_t nc = fk_table_ncols(a), nr = fk_table_nrows(a);

        if (nc != fk_table_ncols(b) || nr != fk_table_nrows(b))
                differ("the table's shape", chunk);
        if (fk_table_delimiter(a) != fk_table_delimiter(b) ||
            fk_table_decimal(a) != fk_table_decimal(b) ||
            fk_table_converted(a) != fk_table_converted(b))
                differ("what was detected", chunk);
        for (size_t j = 0; j < nc; j++) {
                if (!same_str(fk_table_colname(a, j), fk_table_colname(b, j)))
                        differ("a column name", chunk);
                if (fk_table_col(a, fk_table_colname(a, j)) != (long)j)
                        differ("fk_table_col of a name", chunk);
        }
        if (fk_table_nnotes(a) != fk_table_nnotes(b))
                differ("the notes", chunk);
        for (size_t i = 0; i < fk_table_nnotes(a); i++)
                if (strcmp(fk_table_note(a, i), fk_table_note(b, i)) ||
                    strpbrk(fk_table_note(a, i), "\r\n"))
                        differ("a note", chunk);
        for (size_t i = 0; i < nr; i++) {
                if (fk_table_row_line(a, i) != fk_table_row_line(b, i) ||
                    !same_str(fk_table_row_file(a, i), fk_table_row_file(b, i)))
                        differ("a row's line", chunk);
                for (size_t j = 0; j < nc; j++)
                        if (!same_str(fk_table_cell(a, i, j),
                                      fk_table_cell(b, i, j)))
                                differ("a cell", chunk);
        }
}

static void use_cells(const struct fk_table *t)
{
        char dec = fk_table_decimal(t);
        volatile double sink = 0;

        for (size_t i = 0; i < fk_table_nrows(t); i++) {
                for (size_t j = 0; j < fk_table_ncols(t); j++) {
                        const char *s = fk_table_cell(t, i, j);
                        unsigned long long k;
                        double d;
                        int b;

                        if (!s)
                                continue;
                        if (fk_parse_double(s, dec, &d) == 0)
                                sink += d;
                        if (fk_parse_binary(s, &b) == 0)
                                sink += b;
                        if (fk_parse_count(s, dec, &k) == 0)
                                sink += (double)k;
                }
        }
        (void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const char delims[] = { 0, ',', ';', '\t' };
        static const char decimals[] = { 0, '.', ',', 0 };
        static const int thousands[] = { 0, FK_THOUSANDS_NONE, '.', ' ' };
        struct fk_csv_opts o = FK_CSV_OPTS_INIT;
        struct fk_error e1 = FK_ERROR_INIT, e0 = FK_ERROR_INIT;
        struct fk_table *t1 = NULL, *t0 = NULL;
        const char *body;
        size_t chunk, len;
        int r1, r0;

        if (size < 2)
                return 0;
        chunk = data[0];
        o.delimiter = delims[data[1] & 3];
        o.decimal = decimals[(data[1] >> 2) & 3];
        o.na = data[1] & 16 ? "NA, x ,,-" : NULL;
        o.thousands = thousands[(data[1] >> 5) & 3];
        if (data[1] & 128) {
                o.encoding = chunk & 1 ? FK_ENCODING_UTF8 : FK_ENCODING_CP1252;
                o.header_line = chunk & 2 ? 2 : 0;
        }
        if ((chunk & 0x1c) == 0x1c) {
                o.wide_period = "p";
                o.wide_value = chunk & 32 ? "2019K1" : "v";
        }
        if (o.thousands > 0 && (o.thousands == o.decimal ||
                                o.thousands == o.delimiter))
                o.thousands = 0;
        body = (const char *)data + 2;
        len = size - 2;

        r1 = fk_table_parse_buffer(body, len, "fuzz.csv", chunk, &o, &t1, &e1);
        r0 = fk_table_parse_buffer(body, len, "fuzz.csv", 0, &o, &t0, &e0);
        if (r1 != r0)
                differ("the status", chunk);
        if (r1) {
                if (t1 || t0)
                        differ("a table left after an error", chunk);
                same_error(&e1, &e0, chunk);
                if (!e1.msg[0] || strpbrk(e1.msg, "\r\n")) {
                        fprintf(stderr, "fuzz_csv: not a one-line message: "
                                "'%s'\n", e1.msg);
                        abort();
                }
        } else {
                same_table(t1, t0, chunk);
                use_cells(t1);
        }
        fk_table_free(t1);
        fk_table_free(t0);
        return 0;
}
