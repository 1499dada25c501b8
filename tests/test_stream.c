/* Unit tests of the summary reader (include/fkstat/stream.h): every CSV
 * fixture and example, and a set of awkward bodies, read at every block
 * size (small files) with one and two threads and several projections
 * must give the summary of the libcsv table (tests/summary_diff.h).  Also
 * checks that the bodies meant for the fast path take it.  The fast path
 * reads 64 bytes at a time, so awkward rows are also placed at every
 * offset of a longer body; and everything runs twice where the CPU has
 * AVX2, the second time with the SSE2 loop. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "fk_test.h"
#include "summary_diff.h"
#include "table/fast.h"

static char *slurp(const char *path, size_t *len)
{
        FILE *f = fopen(path, "rb");
        char *buf = NULL;
        long n;

        if (!f)
                return NULL;
        if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
            fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)))
                *len = fread(buf, 1, (size_t)n, f);
        fclose(f);
        return buf;
}

/* Every projection worth trying: all columns, each single one, none, and
 * a name the header lacks. */
static void check_body(const char *what, const char *buf, size_t len,
                       const struct fk_csv_opts *csv)
{
        struct fk_table *t = NULL;
        struct fk_error err = FK_ERROR_INIT;
        const char *cols[64];
        size_t nc = 0, maxblock = len < 2048 ? len + 1 : 97;

        if (fk_table_parse_buffer(buf, len, "x.csv", 0, csv, &t, &err) == 0)
                for (size_t j = 0; j < fk_table_ncols(t) && nc < 63; j++)
                        cols[nc++] = fk_table_colname(t, j);
        cols[nc] = "no such column";
        for (int p = -2; p < (int)nc; p++) {
                const char *const *pc = p == -2 ? cols : p == -1 ? cols + nc :
                                        cols + p;
                size_t pn = p == -2 ? nc + 1 : 1;

                for (unsigned th = 1; th <= 2; th++)
                        for (size_t b = 1; b <= maxblock; b++) {
                                const char *why = sd_check(buf, len, csv, pc,
                                                           pn, th, b, 0);

                                if (why)
                                        fail_msg("%s, %zu columns, %u "
                                                 "threads, block %zu: %s",
                                                 what, pn, th, b, why);
                        }
                /* standard input from a pipe: every block size, in reads
                 * of 1, 7 and 4096 bytes (the block path does not depend
                 * on the projection: all columns and the first) */
                for (size_t b = 1; p <= 0 && b <= maxblock; b++) {
                        static const size_t pieces[] = { 1, 7, 4096 };
                        size_t pi = b % 3;
                        const char *why;

                        if (len > 4096 && pi == 0)
                                pi = 1;         /* bytewise is slow */
                        why = sd_check(buf, len, csv, pc, pn,
                                       b % 8 ? 1 : 2, b, pieces[pi]);
                        if (why)
                                fail_msg("%s, %zu columns, piped in %zu, "
                                         "block %zu: %s", what, pn,
                                         pieces[pi], b, why);
                }
                if (len >= 2048 && (sd_check(buf, len, csv, pc, pn, 2, 0, 0) ||
                                    sd_check(buf, len, csv, pc, pn, 2, 0,
                                             65536)))
                        fail_msg("%s: default block", what);
        }
        fk_table_free(t);
}

static void check_dir(const char *dir)
{
        DIR *d = opendir(dir);
        struct dirent *e;
        static const struct fk_csv_opts plain = FK_CSV_OPTS_INIT;

        assert_non_null(d);
        while ((e = readdir(d))) {
                char path[512];
                size_t len = 0, n = strlen(e->d_name);
                char *buf;

                if (n < 4 || strcmp(e->d_name + n - 4, ".csv"))
                        continue;
                snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
                buf = slurp(path, &len);
                assert_non_null(buf);
                check_body(path, buf, len, &plain);
                free(buf);
        }
        closedir(d);
}

static void test_fixtures(void **state)
{
        (void)state;
        check_dir("tests/fixtures/csv");
}

static void test_examples(void **state)
{
        (void)state;
        check_dir("datasets/examples");
}

/* A named file larger than map_max is read with pread into the workers'
 * buffers instead of mapped: every fixture and example read that way at
 * every small block size, one and two threads, must give the summary of
 * the libcsv table, as the mapped file does. */
static void check_pread_dir(const char *dir)
{
        DIR *d = opendir(dir);
        struct dirent *e;
        static const struct fk_csv_opts plain = FK_CSV_OPTS_INIT;
        size_t files = 0;

        assert_non_null(d);
        while ((e = readdir(d))) {
                char path[512];
                const char *one[1] = { path }, *cols[64];
                size_t n = strlen(e->d_name), nc = 0, len = 0;
                struct fk_table *t = NULL;
                struct fk_error err = FK_ERROR_INIT;
                char *buf;

                if (n < 4 || strcmp(e->d_name + n - 4, ".csv"))
                        continue;
                snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
                buf = slurp(path, &len);
                assert_non_null(buf);
                free(buf);
                if (fk_table_read(one, 1, &plain, &t, &err))
                        continue;       /* errors: test_fixtures */
                for (size_t j = 0; j < fk_table_ncols(t) && nc < 64; j++)
                        cols[nc++] = fk_table_colname(t, j);
                for (size_t mm = 0; mm < 2; mm++)
                        for (unsigned th = 1; th <= 2; th++)
                                for (size_t b = 1; b <= (len < 300 ? len + 1 :
                                                         300); b += 1 + b / 16) {
                                        struct fk_summary_opts so = {
                                                cols, nc, th, b, NULL, NULL,
                                                NULL, 0, 0, mm ? 0 : 1 };
                                        struct fk_table *s = NULL;
                                        const char *why = NULL;

                                        if (fk_table_read_summary(one, 1,
                                                        &plain, &so, &s, &err))
                                                why = "failed";
                                        else if (s)
                                                why = sd_compare(s, t, cols,
                                                                 nc);
                                        if (why)
                                                fail_msg("%s, %s, %u threads, "
                                                         "block %zu: %s", path,
                                                         mm ? "mapped" :
                                                         "pread", th, b, why);
                                        fk_table_free(s);
                                }
                fk_table_free(t);
                files++;
        }
        closedir(d);
        assert_true(files > 0);
}

static void test_pread(void **state)
{
        (void)state;
        check_pread_dir("tests/fixtures/csv");
        check_pread_dir("datasets/examples");
}

struct body {
        const char *s;
        struct fk_csv_opts opts;
        int fast;               /* the fast path must take it */
};

static const struct body bodies[] = {
        { "arm,job\r\ntrial,1\r\ncontrol,0\r\ntrial,1\r\n", FK_CSV_OPTS_INIT, 1 },
        { "\n\r\narm,job\n\n  \n\t\ntrial , ja\ncontrol,nej  \n", FK_CSV_OPTS_INIT, 1 },
        { "arm;x;y\nA;1,5;2\nB;-3,25;.\nA;NA;-\nB;;4,0\n", FK_CSV_OPTS_INIT, 1 },
        { "arm;x;y\nA;1.5;2\nB;-3.25;.\nA;2,5;x\n", FK_CSV_OPTS_INIT, 1 },
        { "arm\tx\n a \t 1 \n\t\nb\t2", FK_CSV_OPTS_INIT, 1 },
        { "\xEF\xBB\xBF" "arm,kommune\ntrial,Hjørring\ncontrol,Læsø\ntrial,Århus\n",
          FK_CSV_OPTS_INIT, 1 },
        { "a,b,c\n1,2,\n,,\n3,,4\n", FK_CSV_OPTS_INIT, 1 },
        { "a,b\n1,2\n3,4,5\n", FK_CSV_OPTS_INIT, 0 },
        { "a,b\n1,2\n3\n", FK_CSV_OPTS_INIT, 0 },
        { "a,b\n1,\"2\"\n", FK_CSV_OPTS_INIT, 0 },
        { "a,b\r1,2\r", FK_CSV_OPTS_INIT, 0 },
        { "a,b\n1,2\r\n3,4\r", FK_CSV_OPTS_INIT, 0 },
        { "a,b\nS\xF8ren,1\n", FK_CSV_OPTS_INIT, 0 },
        { "a|b\nx|1\ny|NA\nz|n/a\n", { .delimiter = '|', .na = "n/a, NA" },
          1 },
        { "a;b\n1,5;2\n", { .decimal = '.' }, 1 },
        { "a,a\n1,2\n", FK_CSV_OPTS_INIT, 0 },
        { "", FK_CSV_OPTS_INIT, 0 },
        { "a,b", FK_CSV_OPTS_INIT, 1 },
        { "a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n11,12\n1,2\n3,4\n", FK_CSV_OPTS_INIT, 1 },
        { "one\nx\n\n  \ny\nx\n", FK_CSV_OPTS_INIT, 1 },
        /* fuzz_csv_diff: an empty last cell at the very end of the input */
        { "a,b\n.,b\n1,\n,\n,", FK_CSV_OPTS_INIT, 1 },
        /* tables as public sources publish them: ".." is read here; title
         * lines, note lines, thousands separators, --skip and a
         * Windows-1252 reading go to fk_table_read */
        { "arm;x\nA;..\nB;1\nA;2,5\n", FK_CSV_OPTS_INIT, 1 },
        { "Titel\narm;x\nA;1\nB;2\n", FK_CSV_OPTS_INIT, 0 },
        { "arm;x\nA;1\nB;2\nKilde: x\n", FK_CSV_OPTS_INIT, 0 },
        { "arm;x\nA;1\nB;2\nKilde: x;\n\n", FK_CSV_OPTS_INIT, 0 },
        { "arm;x\nA;1\nB;2\n;\n", FK_CSV_OPTS_INIT, 1 },
        { "arm;x\nA;1\nB;2\n1\n", FK_CSV_OPTS_INIT, 0 },
        { "arm;x\nA;1.234\nB;2\n", FK_CSV_OPTS_INIT, 0 },
        { "arm;x\nA;1,500\nB;2\n", FK_CSV_OPTS_INIT, 1 },   /* 1.5 */
        { "arm;x\nA;1,500\nB;2.5\n", FK_CSV_OPTS_INIT, 0 },  /* 1500 */
        { "arm;x\nA;1.234\nB;2\n", { .thousands = FK_THOUSANDS_NONE }, 1 },
        { "arm,x\nA,1.234\nB,2\n", FK_CSV_OPTS_INIT, 1 },
        { "arm,x\nA,1.234\nB,2\n", { .decimal = ',' }, 0 },
        { "arm,x\nA,1 234\nB,2\n", { .thousands = ' ' }, 0 },
        { "arm,x\nA,1\nB,2\n", { .header_line = 1 }, 0 },
        { "arm,x\nA,1\nB,2\n", { .encoding = FK_ENCODING_CP1252 }, 0 },
        { "arm,x\nA,1\nB,\xc3\xb8\n", { .encoding = FK_ENCODING_UTF8 }, 1 },
        /* --wide: read long by fk_table_read, never summarised as it is */
        { "kommune;2019K1;2019K2\nA;1;2\nB;3;..\n",
          { .wide_period = "kvartal", .wide_value = "x" }, 0 },
        { "kommune;a;b\nA;1;2\n", { .wide_period = "p", .wide_value = "x" },
          0 },
};

static void test_bodies(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
                const char *cols[] = { "a", "b", "arm", "x", "job", "kommune",
                                       "one", "c" };
                struct fk_summary_opts so = { cols, 8, 2, 3, NULL, NULL, NULL, 0,
                                              0, 0 };
                struct fk_table *t = NULL;
                struct fk_error err = FK_ERROR_INIT;
                char what[32];

                snprintf(what, sizeof what, "body %zu", i);
                check_body(what, bodies[i].s, strlen(bodies[i].s),
                           &bodies[i].opts);
                assert_int_equal(fk_table_summarise_buffer(bodies[i].s,
                        strlen(bodies[i].s), "x.csv", &bodies[i].opts, &so,
                        &t, &err), FK_OK);
                if ((t != NULL) != bodies[i].fast)
                        fail_msg("%s: fast path %s", what,
                                 t ? "taken" : "declined");
                fk_table_free(t);
                t = NULL;
                assert_int_equal(fk_table_summarise_piped(bodies[i].s,
                        strlen(bodies[i].s), 3, "x.csv", &bodies[i].opts, &so,
                        &t, &err), FK_OK);
                if ((t != NULL) != bodies[i].fast)
                        fail_msg("%s piped: fast path %s", what,
                                 t ? "taken" : "declined");
                fk_table_free(t);
        }
}

/* One awkward row placed at every offset of the 64-byte stretches the
 * fast path reads, after a first row of pad bytes and before a few plain
 * rows; fast says whether the fast path must take the body. */
static const struct {
        const char *row;
        int fast;
} rows[] = {
        { "trial , ja\r\n", 1 },
        { "\n", 1 },
        { "  \t \n", 1 },
        { "\r\n", 1 },
        { "Hj\xC3\xB8rring,\xE2\x82\xAC\n", 1 },
        { "NA,n/a\n", 1 },
        { ",\n", 1 },
        { "control,0123456789abcdefghij\n", 1 },
        { "x,\"2\"\n", 0 },
        { "3,4,5\n", 0 },
        { "3\n", 0 },
        { "a\rb,1\n", 0 },
        { "trial,1\r", 0 },
        { "S\xF8ren,1\n", 0 },
        { "\xE2\x82,1\n", 0 },
        { "..,1.234\n", 1 },
        { "1.234,1\n", 1 },
};

static void test_offsets(void **state)
{
        const char *cols[] = { "arm", "job" };
        static const struct fk_csv_opts plain = FK_CSV_OPTS_INIT;
        static const size_t blocks[] = { 0, 1, 7, 64, 65, 100 };

        (void)state;
        for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
                for (size_t pad = 0; pad < 64; pad++) {
                        char body[256];
                        int n = snprintf(body, sizeof body,
                                         "arm,job\n%.*s,1\n%s"
                                         "trial,1\ncontrol,0\ntrial,ja\n"
                                         "control,1\ntrial,0\ncontrol,0\n"
                                         "trial,1\ncontrol,0\n",
                                         (int)pad, "xxxxxxxxxxxxxxxxxxxxxxxx"
                                         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                                         "xxxxxxxxxxxxxxxx", rows[i].row);

                        for (size_t b = 0; b < sizeof blocks / sizeof *blocks;
                             b++)
                                /* th 3: piped on one thread */
                                for (unsigned th = 1; th <= 3; th++)
                                        for (size_t nc = 1; nc <= 2; nc++) {
                                                const char *why = sd_check(
                                                        body, (size_t)n, &plain,
                                                        cols + 2 - nc, nc,
                                                        th == 3 ? 1 : th,
                                                        blocks[b],
                                                        th == 3 ? 5 : 0);

                                                if (why)
                                                        fail_msg("row %zu, pad "
                                                                 "%zu, block "
                                                                 "%zu: %s", i,
                                                                 pad,
                                                                 blocks[b],
                                                                 why);
                                        }
                        {
                                struct fk_summary_opts so = { cols, 2, 1, 0,
                                                              NULL, NULL,
                                                              NULL, 0, 0, 0 };
                                struct fk_table *t = NULL;
                                struct fk_error err = FK_ERROR_INIT;

                                assert_int_equal(fk_table_summarise_buffer(
                                        body, (size_t)n, "x.csv", &plain, &so,
                                        &t, &err), FK_OK);
                                if ((t != NULL) != rows[i].fast)
                                        fail_msg("row %zu, pad %zu: fast path "
                                                 "%s", i, pad,
                                                 t ? "taken" : "declined");
                                fk_table_free(t);
                        }
                }
}

static int sse2(void **state)
{
        (void)state;
        fast_no_avx2 = 1;
        return 0;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_bodies),
                cmocka_unit_test(test_offsets),
                cmocka_unit_test(test_fixtures),
                cmocka_unit_test(test_examples),
                cmocka_unit_test(test_pread),
        };

        return cmocka_run_group_tests_name("default loop", tests, NULL,
                                           NULL) |
               cmocka_run_group_tests_name("SSE2 loop", tests, sse2, NULL);
}
