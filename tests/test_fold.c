/* Unit tests of what the report's one reading per file rests on
 * (report/share.c): a summary folded out of the sets of one reading
 * (fk_table_fold) is the summary fk_table_read_summary gives for those
 * columns — rows, cells, first lines, weights, header, delimiter, decimal
 * mark — on every CSV fixture and example and a set of bodies, at every
 * small block size, on one and two threads; and the table did reads, the
 * sets of those keys.  And fk_table_read_sets_bytes hands over every byte
 * of the input once, in file order, from memory and from a file read with
 * pread, so its SHA-256 needs no second reading. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fk_test.h"
#include "fkstat/stream.h"

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

static int same_bits(double a, double b)
{
        return !memcmp(&a, &b, sizeof a);
}

static int same_str(const char *a, const char *b)
{
        return a == b || (a && b && !strcmp(a, b));
}

/* Whether row i of a and row j of b agree in every cell. */
static int same_row_of(const struct fk_table *a, size_t i,
                       const struct fk_table *b, size_t j)
{
        for (size_t c = 0; c < fk_table_ncols(a); c++)
                if (!same_str(fk_table_cell(a, i, c), fk_table_cell(b, j, c)))
                        return 0;
        return 1;
}

static int same_row(const struct fk_table *s, size_t i, size_t j)
{
        return same_row_of(s, i, s, j);
}

/* The fold f against the summary s of the same columns: NULL when they
 * agree row by row, else what differs.  (Rows of s that agree in every
 * cell would be taken as one, at the first of them, weights summed; the
 * summary reader makes none: a missing cell is one combination whatever
 * its code, "NA" or "".) */
static const char *same_fold(const struct fk_table *f,
                             const struct fk_table *s)
{
        static char why[256];
        size_t k = 0;

        if (fk_table_ncols(f) != fk_table_ncols(s) ||
            fk_table_header_ncols(f) != fk_table_header_ncols(s))
                return "shape differs";
        for (size_t c = 0; c < fk_table_ncols(f); c++)
                if (strcmp(fk_table_colname(f, c), fk_table_colname(s, c)))
                        return "a column name differs";
        for (size_t c = 0; c < fk_table_header_ncols(f); c++)
                if (strcmp(fk_table_header_name(f, c),
                           fk_table_header_name(s, c)))
                        return "a header name differs";
        if (fk_table_delimiter(f) != fk_table_delimiter(s) ||
            fk_table_decimal(f) != fk_table_decimal(s) ||
            !same_bits(fk_table_nrecords(f), fk_table_nrecords(s)))
                return "delimiter, decimal mark or rows read differ";
        for (size_t i = 0; i < fk_table_nrows(s); i++) {
                double w = 0;
                size_t j;

                for (j = 0; j < i && !same_row(s, i, j); j++)
                        ;
                if (j < i)
                        continue;       /* counted with row j */
                for (j = i; j < fk_table_nrows(s); j++)
                        if (same_row(s, i, j))
                                w += fk_table_row_weight(s, j);
                if (k == fk_table_nrows(f) || !same_row_of(f, k, s, i)) {
                        snprintf(why, sizeof why, "row %zu differs", k);
                        return why;
                }
                if (fk_table_row_line(f, k) != fk_table_row_line(s, i) ||
                    strcmp(fk_table_row_file(f, k), fk_table_row_file(s, i)) ||
                    !same_bits(fk_table_row_weight(f, k), w)) {
                        snprintf(why, sizeof why, "row %zu: line %ld weight "
                                 "%g, want line %ld weight %g", k,
                                 fk_table_row_line(f, k),
                                 fk_table_row_weight(f, k),
                                 fk_table_row_line(s, i), w);
                        return why;
                }
                k++;
        }
        return k == fk_table_nrows(f) ? NULL : "more rows than the summary";
}

/* The bytes handed over, appended. */
struct seen {
        char *buf;
        size_t n, cap;
};

static void seen_bytes(void *ctx, const void *p, size_t n)
{
        struct seen *b = ctx;

        if (b->n + n > b->cap) {
                b->cap = 2 * (b->n + n) + 16;
                b->buf = realloc(b->buf, b->cap);
                assert_non_null(b->buf);
        }
        memcpy(b->buf + b->n, p, n);
        b->n += n;
}

/* The fold of t to keys and value against the set of value read with
 * those keys alone, as did reads its table, when that set is cells
 * only. */
static void check_did(const char *what, const char *buf, size_t len,
                      const struct fk_csv_opts *csv,
                      const struct fk_summary_opts *so,
                      const struct fk_table *t, const char *const *keys,
                      size_t nk, const char *value)
{
        struct fk_sets_spec ss = { keys, nk, &value, 1, FK_NUMBERS_SUMS, 0,
                                   0, 0, 0 };
        struct fk_table **sets = NULL, *full = NULL, *f = NULL;
        const char *cols[64], *why;
        struct fk_error err = FK_ERROR_INIT;
        size_t nsets = 0, numbers = 0;

        assert_int_equal(fk_table_sets_buffer(buf, len, 0, "x.csv", csv, so,
                                              &ss, &sets, &nsets, &full,
                                              &err), FK_OK);
        for (size_t r = 0; nsets && r < fk_table_nrows(sets[0]); r++)
                numbers += fk_table_row_numbers(sets[0], r) != NULL;
        if (nsets && !numbers) {
                for (size_t k = 0; k < nk; k++)
                        cols[k] = keys[k];
                cols[nk] = value;
                assert_int_equal(fk_table_fold(t, cols, nk + 1, &f, &err),
                                 FK_OK);
                if ((why = same_fold(f, sets[0])))
                        fail_msg("%s: value %s as did reads it: %s", what,
                                 value, why);
                fk_table_free(f);
        }
        for (size_t i = 0; i < nsets; i++)
                fk_table_free(sets[i]);
        free(sets);
        fk_table_free(full);
}

/* Every column of the header as a value, the others its keys, read as
 * sets in one pass (with the bytes seen); each set folded to its value
 * alone, to the value and the first key, and to the value and all keys but
 * the last, against the summary of those columns. */
static void check_body(const char *what, const char *buf, size_t len,
                       const struct fk_csv_opts *csv, unsigned threads,
                       size_t block)
{
        struct fk_summary_opts so = { NULL, 0, threads, block, NULL, NULL,
                                      NULL, 0, 0, 0 };
        struct fk_table *head = NULL;
        struct fk_error err = FK_ERROR_INIT;
        const char *names[64];
        size_t nn = 0;

        /* the header's names, from the summary of no columns */
        if (fk_table_summarise_buffer(buf, len, "x.csv", csv, &so, &head,
                                      &err) || !head)
                return;         /* the summary reader declines this body */
        for (size_t j = 0; j < fk_table_header_ncols(head) && nn < 64; j++)
                names[nn++] = fk_table_header_name(head, j);
        for (size_t v = 0; v < nn; v++) {
                const char *keys[64], *value = names[v];
                size_t nk = 0, nsets = 0;
                struct fk_sets_spec ss = { keys, 0, &value, 1,
                                           FK_NUMBERS_SUMS, 0, 0, 0, 0 };
                struct fk_table **sets = NULL, *full = NULL;
                struct seen sn = { NULL, 0, 0 };
                int rc;

                for (size_t j = 0; j < nn; j++)
                        if (j != v)
                                keys[nk++] = names[j];
                ss.nkeys = nk;
                rc = fk_table_sets_buffer_bytes(buf, len, "x.csv", csv, &so,
                                                &ss, seen_bytes, &sn, &sets,
                                                &nsets, &full, &err);
                assert_int_equal(rc, FK_OK);
                assert_null(full);
                if (nsets) {
                        /* read through: every byte once, in order */
                        if (sn.n != len || memcmp(sn.buf, buf, len))
                                fail_msg("%s: bytes seen differ (%zu of "
                                         "%zu)", what, sn.n, len);
                }
                for (int sub = 0; sub < 3 && nsets; sub++) {
                        const char *cols[64];
                        size_t nc = 0, numbers = 0;
                        struct fk_table *f = NULL, *s = NULL;
                        struct fk_summary_opts so2 = so;
                        const char *why;

                        for (size_t r = 0; r < fk_table_nrows(sets[0]); r++)
                                numbers += fk_table_row_numbers(sets[0], r) !=
                                           NULL;
                        if (numbers)
                                break;  /* not folded: read on its own */
                        cols[nc++] = value;
                        if (sub == 1 && nk)
                                cols[nc++] = keys[0];
                        for (size_t j = 0; sub == 2 && j + 1 < nk; j++)
                                cols[nc++] = keys[j];
                        assert_int_equal(fk_table_fold(sets[0], cols, nc, &f,
                                                       &err), FK_OK);
                        so2.columns = cols;
                        so2.ncolumns = nc;
                        assert_int_equal(fk_table_summarise_buffer(
                                buf, len, "x.csv", csv, &so2, &s, &err),
                                FK_OK);
                        if (s && (why = same_fold(f, s)))
                                fail_msg("%s: value %s, %zu columns, threads "
                                         "%u, block %zu: %s", what, value, nc,
                                         threads, block, why);
                        fk_table_free(f);
                        fk_table_free(s);
                        /* and did's reading: the sets of these keys */
                        if (sub == 2)
                                check_did(what, buf, len, csv, &so, sets[0],
                                          cols + 1, nc - 1, value);
                }
                for (size_t i = 0; i < nsets; i++)
                        fk_table_free(sets[i]);
                free(sets);
                free(sn.buf);
        }
        fk_table_free(head);
}

static void check_sizes(const char *what, const char *buf, size_t len,
                        const struct fk_csv_opts *csv)
{
        size_t step = len > 200 ? len / 37 : 1;

        for (unsigned th = 1; th <= 2; th++) {
                for (size_t b = 1; b <= len + 1; b += step)
                        check_body(what, buf, len, csv, th, b);
                check_body(what, buf, len, csv, th, 0);
        }
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
                check_sizes(path, buf, len, &plain);
                free(buf);
        }
        closedir(d);
}

static void test_fixtures(void **state)
{
        (void)state;
        check_dir("tests/fixtures/csv");
        check_dir("tests/fixtures/notes");
}

static void test_examples(void **state)
{
        (void)state;
        check_dir("datasets/examples");
}

static const char *const bodies[] = {
        "arm,k,y,z\nt,a,1,x\nc,b,0,y\nt,a,1,x\nc,,1,NA\nt,b,NA,\nc,a,,y\n"
        "t,NA,0,x\nc,b,1,NA\nt,a,,x\n",
        "arm;k;y\nt;a;1,5\nc;b;2,25\nt;a;1,5\nc;b;-3\nt; a ;1,5\n",
        "\xEF\xBB\xBFk,v\r\na,1\r\nb,2\r\na,1\r\n\r\n",
        "k,v\n",
        "k,v\na,1\nb,2\na,1",
};

static void test_bodies(void **state)
{
        static const struct fk_csv_opts plain = FK_CSV_OPTS_INIT;

        (void)state;
        for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
                char what[32];

                snprintf(what, sizeof what, "body %zu", i);
                check_sizes(what, bodies[i], strlen(bodies[i]), &plain);
        }
}

/* A named file, mapped or read in blocks with pread (map_max 1): the
 * bytes seen are the file. */
static void test_file_bytes(void **state)
{
        static const struct fk_csv_opts plain = FK_CSV_OPTS_INIT;
        char path[] = "/tmp/fkstat_test_fold_XXXXXX";
        int fd = mkstemp(path);
        FILE *f;
        char *body;
        size_t len = 0;

        (void)state;
        assert_true(fd >= 0);
        f = fdopen(fd, "w");
        assert_non_null(f);
        fputs("arm,kommune,y\n", f);
        for (int i = 0; i < 20000; i++)
                fprintf(f, "%s,k%d,%d\n", i % 3 ? "t" : "c", i % 17, i % 5);
        fclose(f);
        body = slurp(path, &len);
        assert_non_null(body);
        for (size_t map_max = 0; map_max <= 1; map_max++)
                for (unsigned th = 1; th <= 3; th++)
                        for (size_t block = 1; block < len;
                             block = block * 5 + 3) {
                                struct fk_summary_opts so = {
                                        NULL, 0, th, block, NULL, NULL, NULL,
                                        0, 0, map_max };
                                const char *keys[] = { "arm", "kommune" };
                                const char *value = "y";
                                const char *files[] = { path };
                                struct fk_sets_spec ss = { keys, 2, &value, 1,
                                                           FK_NUMBERS_SUMS, 0,
                                                           0, 0, 0 };
                                struct fk_table **sets = NULL, *full = NULL;
                                struct fk_error err = FK_ERROR_INIT;
                                struct seen sn = { NULL, 0, 0 };
                                size_t nsets = 0;

                                assert_int_equal(fk_table_read_sets_bytes(
                                        files, 1, &plain, &so, &ss,
                                        seen_bytes, &sn, &sets, &nsets, &full,
                                        &err), FK_OK);
                                assert_int_equal(nsets, 1);
                                if (sn.n != len || memcmp(sn.buf, body, len))
                                        fail_msg("map_max %zu, threads %u, "
                                                 "block %zu: bytes seen "
                                                 "differ", map_max, th, block);
                                fk_table_free(sets[0]);
                                free(sets);
                                free(sn.buf);
                        }
        free(body);
        unlink(path);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_bodies),
                cmocka_unit_test(test_fixtures),
                cmocka_unit_test(test_examples),
                cmocka_unit_test(test_file_bytes),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
