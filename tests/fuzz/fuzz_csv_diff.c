/* libFuzzer differential target: the summary reader's quote-free fast path
 * (table/fast.c) against libcsv, the parser of record.  The first three
 * bytes choose the options (delimiter forced or detected, decimal mark,
 * missing codes, threads, block size, which columns are kept; the third:
 * thousands separator detected, none, '.' or ',', --encoding utf-8,
 * --skip 0, and whether the body is fed as standard input from a pipe,
 * in reads of 1 to 8 bytes, through the block path); the rest is the CSV
 * body.  Whenever the fast reader accepts a body, its summary must
 * equal the one built from the libcsv table (tests/summary_diff.h), else
 * abort().  Odd-sized inputs take the SSE2 loop even where the CPU has
 * AVX2.  Build against a libfkstat compiled with
 * -fsanitize=fuzzer-no-link,address (see tests/fuzz/README or METHODS.md):
 *
 *   make CC=clang SANITIZE=fuzzer-no-link,address BUILD=build/fuzz \
 *        build/fuzz/libfkstat.a
 *   clang -fsanitize=fuzzer,address -Iinclude -I. -Itests \
 *        tests/fuzz/fuzz_csv_diff.c build/fuzz/libfkstat.a -lcsv -lm \
 *        -pthread -o fuzz_csv_diff
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "summary_diff.h"
#include "table/fast.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const char delims[] = { 0, ',', ';', '\t', '|' };
        static const char *const names[] = { "a", "b", "c", "arm", "x",
                                             " b ", "no such" };
        const char *cols[8];
        struct fk_csv_opts csv = FK_CSV_OPTS_INIT;
        size_t nc = 0;
        const char *why;
        static const int thousands[] = { 0, FK_THOUSANDS_NONE, '.', ',' };
        uint8_t o1, o2, o3;

        if (size < 3)
                return 0;
        fast_no_avx2 = (int)(size & 1);
        o1 = data[0];
        o2 = data[1];
        o3 = data[2];
        data += 3;
        size -= 3;
        csv.delimiter = delims[o1 % 5];
        csv.decimal = (o1 >> 3) % 3 == 0 ? 0 : (o1 >> 3) % 3 == 1 ? '.' : ',';
        csv.na = o1 & 0x40 ? "n/a, x" : NULL;
        csv.thousands = thousands[o3 & 3];
        if (csv.thousands > 0 && (csv.thousands == csv.decimal ||
                                  csv.thousands == csv.delimiter))
                csv.thousands = 0;
        csv.encoding = o3 & 4 ? FK_ENCODING_UTF8 : FK_ENCODING_AUTO;
        csv.header_line = o3 & 8 ? 1 : 0;
        for (size_t i = 0; i < 7; i++)
                if (o2 >> i & 1)
                        cols[nc++] = names[i];
        why = sd_check((const char *)data, size, &csv, cols, nc,
                       o1 & 0x80 ? 2 : 1, (size_t)(o2 >> 7 ? 1 : 0) +
                       (size_t)(o1 & 7) * 3,
                       o3 & 0x10 ? 1 + (size_t)(o3 >> 5) : 0);
        if (why) {
                fprintf(stderr, "fuzz_csv_diff: %s\n", why);
                abort();
        }
        return 0;
}
