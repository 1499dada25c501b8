/* Unit tests of the summary reader's sets (fk_table_read_sets) as describe
 * reads them: every CSV fixture and example and a set of bodies of
 * decimals, decimal commas, binary words, missing and bad cells, read at
 * every block size (small files), on one and two threads, from memory and
 * as a pipe, with numbers switched on after one or two distinct values,
 * must give describe's summaries bit for bit as the full table does —
 * or the same error.  Likewise did's panel from person rows, the outcome
 * summed per unit and period. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "fk_test.h"
#include "fkstat/describeanalyse.h"
#include "fkstat/panel.h"
#include "fkstat/stream.h"
#include "table/sets_int.h"

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
        return (isnan(a) && isnan(b)) || !memcmp(&a, &b, sizeof a);
}

/* NULL when a and b (with statuses ra, rb) agree; else what differs. */
static const char *same_out(int ra, const struct fk_describe_out *a,
                            const struct fk_error *ea, int rb,
                            const struct fk_describe_out *b,
                            const struct fk_error *eb)
{
        static char why[2048];

        if (ra != rb) {
                snprintf(why, sizeof why, "status %d, want %d (%s | %s)", ra,
                         rb, ea->msg, eb->msg);
                return why;
        }
        if (ra) {
                if (ea->code != eb->code || ea->line != eb->line ||
                    strcmp(ea->msg, eb->msg) || strcmp(ea->file, eb->file)) {
                        snprintf(why, sizeof why, "error %s:%ld: %s, want "
                                 "%s:%ld: %s", ea->file, ea->line, ea->msg,
                                 eb->file, eb->line, eb->msg);
                        return why;
                }
                return NULL;
        }
        if (a->ngroups != b->ngroups || a->ncols != b->ncols ||
            a->nby != b->nby || !same_bits(a->records, b->records))
                return "shape differs";
        for (size_t i = 0; i < a->ncols; i++)
                if (strcmp(a->col_names[i], b->col_names[i]))
                        return "a column name differs";
        for (size_t i = 0; i < a->ngroups * a->nby; i++)
                if (strcmp(a->by_values[i], b->by_values[i]))
                        return "a group differs";
        for (size_t i = 0; i < a->ngroups * a->ncols; i++) {
                const struct fk_summary *x = &a->sums[i], *y = &b->sums[i];

                if (!same_bits(x->n, y->n) || !same_bits(x->missing,
                                                         y->missing) ||
                    !same_bits(x->mean, y->mean) || !same_bits(x->sd, y->sd) ||
                    !same_bits(x->min, y->min) || !same_bits(x->q1, y->q1) ||
                    !same_bits(x->median, y->median) ||
                    !same_bits(x->q3, y->q3) || !same_bits(x->max, y->max)) {
                        snprintf(why, sizeof why, "summary %zu: n %g mean "
                                 "%.17g sd %.17g q1 %.17g med %.17g, want n "
                                 "%g mean %.17g sd %.17g q1 %.17g med %.17g",
                                 i, x->n, x->mean, x->sd, x->q1, x->median,
                                 y->n, y->mean, y->sd, y->q1, y->median);
                        return why;
                }
        }
        return NULL;
}

/* describe of buf through the sets against the full table. */
static const char *check(const char *buf, size_t len,
                         const struct fk_csv_opts *csv,
                         const struct fk_describe_spec *spec, unsigned threads,
                         size_t block, size_t piece, size_t switch_at,
                         size_t keep)
{
        struct fk_summary_opts so = { NULL, 0, threads, block, NULL, NULL,
                                      NULL, 0, 1, 0 };
        struct fk_sets_spec ss;
        struct fk_table *t = NULL, *full = NULL, **sets = NULL;
        struct fk_describe_out a, b;
        struct fk_error ea = FK_ERROR_INIT, eb = FK_ERROR_INIT;
        size_t nsets = 0;
        int ra, rb;
        const char *why = NULL;

        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        fk_describe_sets_spec(spec, &ss);
        ss.switch_at = switch_at;
        ss.keep_bytes = keep;
        rb = fk_table_parse_buffer(buf, len, "x.csv", 0, csv, &t, &eb);
        if (!rb)
                rb = fk_describe_table(t, spec, &b, &eb);
        ra = fk_table_sets_buffer(buf, len, piece, "x.csv", csv, &so, &ss,
                                  &sets, &nsets, &full, &ea);
        if (!ra)
                ra = full ? fk_describe_table(full, spec, &a, &ea)
                          : fk_describe_sets(sets, nsets, spec, &a, &ea);
        why = same_out(ra, &a, &ea, rb, &b, &eb);
        if (!ra)
                fk_describe_out_release(&a);
        if (!rb)
                fk_describe_out_release(&b);
        for (size_t i = 0; i < nsets; i++)
                fk_table_free(sets[i]);
        free(sets);
        fk_table_free(full);
        fk_table_free(t);
        return why;
}

/* The column names of the header, for the specs. */
static size_t names(const char *buf, size_t len, const struct fk_csv_opts *csv,
                    char **out, size_t max)
{
        struct fk_table *t = NULL;
        struct fk_error err = FK_ERROR_INIT;
        size_t n = 0;

        if (fk_table_parse_buffer(buf, len, "x.csv", 0, csv, &t, &err))
                return 0;
        for (size_t j = 0; j < fk_table_ncols(t) && n < max; j++)
                out[n++] = strdup(fk_table_colname(t, j));
        fk_table_free(t);
        return n;
}

static void check_body(const char *what, const char *buf, size_t len,
                       const struct fk_csv_opts *csv)
{
        char *cols[8];
        size_t nc = names(buf, len, csv, cols, 8);
        size_t maxblock = len < 1500 ? len + 1 : 37;
        struct fk_describe_spec specs[4];
        size_t nspec = 0;

        specs[nspec++] = (struct fk_describe_spec){ NULL, 0, NULL, 0 };
        if (nc >= 1)
                specs[nspec++] = (struct fk_describe_spec){
                        (const char *const *)cols, 1, NULL, 0 };
        if (nc >= 2) {
                specs[nspec++] = (struct fk_describe_spec){
                        (const char *const *)cols, 1,
                        (const char *const *)cols + 1, nc - 1 };
                specs[nspec++] = (struct fk_describe_spec){
                        NULL, 0, (const char *const *)cols, nc };
        }
        for (size_t sp = 0; sp < nspec; sp++)
                for (size_t b = 1; b <= maxblock; b++) {
                        unsigned th = b % 3 == 0 ? 2 : 1;
                        size_t piece = b % 4 == 1 ? 1 + b % 5 : 0;
                        size_t sw = 1 + b % 2;
                        /* every chunk of 16 numbers written to the
                         * temporary file, or none */
                        size_t keep = b / 2 % 2;
                        const char *why = check(buf, len, csv, &specs[sp], th,
                                                b, piece, sw, keep);

                        if (why)
                                fail_msg("%s, spec %zu, block %zu, %u "
                                         "threads, piece %zu, numbers after "
                                         "%zu, keep %zu: %s", what, sp, b, th,
                                         piece, sw, keep, why);
                }
        for (size_t sp = 0; sp < nspec; sp++)
                if (check(buf, len, csv, &specs[sp], 2, 0, 0, 0,
                          FK_DESCRIBE_KEEP))
                        fail_msg("%s, spec %zu: default block", what, sp);
        for (size_t i = 0; i < nc; i++)
                free(cols[i]);
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

static const struct {
        const char *s;
        struct fk_csv_opts opts;
} bodies[] = {
        { "g,x,y\na,1.5,2\nb,2.25,ja\na,-0,nej\nb,0,1\na,1e3,NA\nb,.5,3\n"
          "a,5.,4\nb,-0.0,5\na,123456789.125,6\nb,+7,7\n", FK_CSV_OPTS_INIT },
        { "g;x;y\na;1,5;2\nb;2,25;3\na;-3;4\nb;;5\na;0,125;6\nb;7,0;7\n",
          FK_CSV_OPTS_INIT },
        { "g;x;y\na;1.5;2\nb;2,25;3\na;-3;4\n", FK_CSV_OPTS_INIT },
        { "g;x;y\na;1.5;2\nb;2.25;3\na;-3;4\nb;1,5;5\n", FK_CSV_OPTS_INIT },
        { "g,x,y\na,1,2\nb,maybe,3\na,3,x\nb,4,5\n", FK_CSV_OPTS_INIT },
        { "g,x\na,1e308\nb,1e-308\na,-1e300\nb,3\na,1e200\n", FK_CSV_OPTS_INIT },
        { "g,x\na,99999999999999999999\nb,0.1234567890123\na,3\nb,2147483648\n"
          "a,-2147483647\nb,2147483647\n", FK_CSV_OPTS_INIT },
        { "g\tx\na\t1,5\nb\t2.5\na\t3\n", FK_CSV_OPTS_INIT },
        { "g;x\na;1,5\nb;2,5\na;3\n", { .decimal = ',' } },
        { "g,x\na,1\na,2\na,3\nb,4\n,5\n,6\n", FK_CSV_OPTS_INIT },
        { "x\n", FK_CSV_OPTS_INIT },
        { "g,x\na,ja\nb,nej\na,JA\nb,0\n", FK_CSV_OPTS_INIT },
        { "g,x,y\na,1,1\nb,2,2\na,1,3\nb,2,4\na,1,5\n", FK_CSV_OPTS_INIT },
};

static void test_bodies(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
                char what[32];

                snprintf(what, sizeof what, "body %zu", i);
                check_body(what, bodies[i].s, strlen(bodies[i].s),
                           &bodies[i].opts);
        }
}

/* A larger body: many distinct decimals and whole numbers per group, so
 * that numbers are kept in several chunks per thread. */
static void test_large(void **state)
{
        size_t cap = 1 << 22, len = 0;
        char *buf = malloc(cap);
        uint64_t r = 12345;
        static const struct fk_csv_opts plain = FK_CSV_OPTS_INIT;

        (void)state;
        assert_non_null(buf);
        len += (size_t)snprintf(buf, cap, "id,g,amount,n,flag\n");
        for (int i = 0; i < 150000; i++) {
                r = r * 6364136223846793005ULL + 1442695040888963407ULL;
                len += (size_t)snprintf(buf + len, cap - len,
                                        "%d,%c,%u.%02u,%u,%s\n", i,
                                        'a' + (int)(r >> 60) % 3,
                                        (unsigned)(r >> 40) % 20000,
                                        (unsigned)(r >> 20) % 100,
                                        (unsigned)(r >> 8) % 30,
                                        (r >> 7) % 2 ? "ja" : "nej");
        }
        {
                static const char *const by[] = { "g" };
                const struct fk_describe_spec specs[] = {
                        { NULL, 0, NULL, 0 }, { by, 1, NULL, 0 }
                };

                for (size_t sp = 0; sp < 2; sp++)
                        for (unsigned th = 1; th <= 2; th++) {
                                static const size_t blocks[] = { 0, 4096,
                                                                 65537 };

                                /* numbers in memory; every chunk of
                                 * 16 in the temporary file; every full
                                 * chunk of 65 536 there */
                                static const size_t keeps[] = {
                                        FK_DESCRIBE_KEEP, 1, 4096 };

                                for (size_t b = 0; b < 3; b++) {
                                        size_t keep = keeps[(b + th) % 3];
                                        const char *why = check(
                                                buf, len, &plain, &specs[sp],
                                                th, blocks[b],
                                                b == 1 ? 4000 : 0,
                                                b == 2 ? 1000 : 0, keep);

                                        if (why)
                                                fail_msg("large, spec %zu, "
                                                         "%u threads, block "
                                                         "%zu, keep %zu: %s",
                                                         sp, th, blocks[b],
                                                         keep, why);
                                }
                        }
        }
        free(buf);
}

/* did's panel through the sets (keys unit, period, treated, weight; the
 * outcome summed) against the full table. */
static const char *check_panel(const char *buf, size_t len,
                               const struct fk_panel_spec *ps,
                               unsigned threads, size_t block, size_t piece,
                               size_t switch_at)
{
        static char why[2048];
        const char *keys[4] = { ps->unit, ps->period, ps->treated,
                                ps->weight };
        struct fk_sets_spec ss = { keys, ps->weight ? 4 : 3, &ps->outcome, 1,
                                   FK_NUMBERS_SUMS, 0, 0, switch_at, 0 };
        struct fk_summary_opts so = { NULL, 0, threads, block, NULL, NULL,
                                      NULL, 0, 1, 0 };
        struct fk_table *t = NULL, *full = NULL, **sets = NULL;
        struct fk_panel a, b;
        struct fk_error ea = FK_ERROR_INIT, eb = FK_ERROR_INIT;
        size_t nsets = 0;
        int ra, rb;
        const char *res = NULL;

        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        rb = fk_table_parse_buffer(buf, len, "x.csv", 0, NULL, &t, &eb);
        if (!rb)
                rb = fk_panel_read(t, ps, &b, &eb);
        ra = fk_table_sets_buffer(buf, len, piece, "x.csv", NULL, &so, &ss,
                                  &sets, &nsets, &full, &ea);
        if (!ra)
                ra = fk_panel_read(full ? full : sets[0], ps, &a, &ea);
        if (ra != rb || (ra && (strcmp(ea.msg, eb.msg) || ea.line != eb.line))) {
                snprintf(why, sizeof why, "status %d (%ld: %s), want %d "
                         "(%ld: %s)", ra, ea.line, ea.msg, rb, eb.line,
                         eb.msg);
                res = why;
        } else if (!ra && (a.n != b.n || a.U != b.U || a.T != b.T ||
                           a.rows != b.rows || a.excluded != b.excluded ||
                           a.aggregated != b.aggregated ||
                           a.start != b.start)) {
                res = "panel shape differs";
        }
        for (size_t i = 0; !ra && !res && i < a.n; i++)
                if (!same_bits(a.y[i], b.y[i]) || !same_bits(a.w[i], b.w[i]) ||
                    a.unit[i] != b.unit[i] || a.period[i] != b.period[i]) {
                        snprintf(why, sizeof why, "cell %zu: %.17g (%g), want "
                                 "%.17g (%g)", i, a.y[i], a.w[i], b.y[i],
                                 b.w[i]);
                        res = why;
                }
        for (size_t u = 0; !ra && !res && u < a.U; u++)
                if (strcmp(a.unit_names[u], b.unit_names[u]) ||
                    a.treated[u] != b.treated[u])
                        res = "a unit differs";
        for (size_t p = 0; !ra && !res && p < a.T; p++)
                if (strcmp(a.period_names[p], b.period_names[p]))
                        res = "a period differs";
        if (!ra)
                fk_panel_release(&a);
        if (!rb)
                fk_panel_release(&b);
        for (size_t i = 0; i < nsets; i++)
                fk_table_free(sets[i]);
        free(sets);
        fk_table_free(full);
        fk_table_free(t);
        return res;
}

static const char *const panels[] = {
        /* person rows: several per unit and period, decimals */
        "k,p,tr,y,w\na,2017,1,0.5,1\na,2017,1,0.25,2\nb,2017,0,1.5,1\n"
        "a,2018,1,0.75,1\nb,2018,0,2.125,3\nb,2018,0,NA,1\na,2018,1,0.1,1\n"
        "b,2017,0,0.3,1\nc,2017,0,0.7,0\nc,2018,0,0.2,1\nc,2017,0,0.9,2\n",
        /* a bad outcome late, after numbers */
        "k,p,tr,y,w\na,2017,1,0.5,1\nb,2017,0,1.5,1\na,2018,1,0.75,1\n"
        "b,2018,0,2.125,1\na,2018,1,x,1\nb,2017,0,0.3,1\n",
        /* a unit both treated and not; a period of another kind */
        "k,p,tr,y,w\na,2017,1,0.5,1\nb,2017,0,1.5,1\na,2018,0,0.75,1\n",
        "k,p,tr,y,w\na,2017,1,0.5,1\nb,2017,0,1.5,1\na,2018Q1,1,0.75,1\n",
        /* whole numbers, one row per cell */
        "k,p,tr,y,w\na,2017,1,5,1\nb,2017,0,7,1\na,2018,1,6,1\nb,2018,0,9,1\n",
};

static void test_panels(void **state)
{
        const struct fk_panel_spec ws = { "k", "p", "y", "tr", "w", "2018" };
        const struct fk_panel_spec ns = { "k", "p", "y", "tr", NULL, "2018" };

        (void)state;
        for (size_t i = 0; i < sizeof panels / sizeof *panels; i++) {
                size_t len = strlen(panels[i]);

                for (size_t b = 1; b <= len + 1; b++)
                        for (int w = 0; w < 2; w++) {
                                const char *why = check_panel(
                                        panels[i], len, w ? &ws : &ns,
                                        b % 3 == 0 ? 2 : 1, b,
                                        b % 4 == 1 ? 1 + b % 5 : 0,
                                        1 + b % 2);

                                if (why)
                                        fail_msg("panel %zu, block %zu, "
                                                 "weight %d: %s", i, b, w,
                                                 why);
                        }
        }
}

/* Person rows that repeat (fast.c's whole rows counted again through
 * sets_replay): whole numbers 0 and 1, then many decimals (the column
 * switches to numbers), then whole numbers again; read in blocks from 64
 * bytes up, on one and two threads. */
static void test_panel_repeats(void **state)
{
        const struct fk_panel_spec ns = { "kommune", "aar", "job", "forsoeg",
                                          NULL, "2018" };
        static const size_t blocks[] = { 64, 100, 333, 4096, 1 << 20 };
        size_t cap = 1 << 17, len = 0;
        char *buf = malloc(cap);
        uint64_t x = 7;

        (void)state;
        assert_non_null(buf);
        len += (size_t)snprintf(buf, cap, "id,kommune,aar,forsoeg,job,"
                                "indkomst\n");
        for (size_t i = 0; i < 3000; i++) {
                unsigned u, y;

                x = x * 6364136223846793005u + 1442695040888963407u;
                u = (unsigned)(x >> 59);
                y = (unsigned)(x >> 33) % 2;
                if (i < 1800 || i >= 2400)
                        len += (size_t)snprintf(buf + len, cap - len,
                                "%zu,%u,%u,%u,%u,%u.5\n", i, 101 + u % 9,
                                2016 + (unsigned)(x >> 40) % 4, u % 9 < 4,
                                i < 2700 ? y : y + 2 * (u % 2),
                                (unsigned)(x >> 20) % 1000);
                else
                        len += (size_t)snprintf(buf + len, cap - len,
                                "%zu,%u,%u,%u,0.%zu,%u\n", i, 101 + u % 9,
                                2016 + (unsigned)(x >> 40) % 4, u % 9 < 4,
                                i, (unsigned)(x >> 20) % 1000);
                assert_true(len < cap);
        }
        for (size_t b = 0; b < sizeof blocks / sizeof *blocks; b++)
                for (unsigned th = 1; th <= 2; th++)
                        for (size_t sw = 0; sw <= 100; sw += 100) {
                                const char *why = check_panel(buf, len, &ns,
                                        th, blocks[b], 0, sw);

                                if (why)
                                        fail_msg("block %zu, %u threads, "
                                                 "switch %zu: %s", blocks[b],
                                                 th, sw, why);
                        }
        free(buf);
}

/* The example panels and person rows made from them. */
static void test_panel_files(void **state)
{
        static const struct {
                const char *path;
                struct fk_panel_spec ps;
        } files[] = {
                { "datasets/examples/panel.csv",
                  { "kommune", "kvartal", "andel", "forsoeg", "antal",
                    "2017Q1" } },
                { "datasets/nordjylland/panel.csv",
                  { "kommune", "kvartal", "andel_selvforsorgende",
                    "forsoegskommune", "antal", "2017Q3" } },
        };

        (void)state;
        for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
                size_t len = 0;
                char *buf = slurp(files[i].path, &len);
                struct fk_panel_spec nw = files[i].ps;

                assert_non_null(buf);
                nw.weight = NULL;
                for (size_t b = 1; b <= len + 1; b += 1 + b / 64) {
                        const char *why = check_panel(buf, len, &files[i].ps,
                                                      b % 2 ? 1 : 2, b, 0,
                                                      1 + b % 3);

                        if (!why)
                                why = check_panel(buf, len, &nw, 2, b,
                                                  b % 5 ? 0 : 3, 2);
                        if (why)
                                fail_msg("%s, block %zu: %s", files[i].path, b,
                                         why);
                }
                free(buf);
        }
}


/* FK_NUMBERS_ORDER: the numbers of the value column in the full table's
 * order, each with its row's keys, at every block size, on one and two
 * threads, from memory and as a pipe; a column of few values declines. */
static const char *check_order(const char *buf, size_t len, unsigned threads,
                               size_t block, size_t piece, size_t switch_at,
                               int *applied)
{
        static char why[512];
        const char *keys[2] = { "g", "arm" }, *value = "y";
        struct fk_sets_spec ss = { keys, 2, &value, 1, FK_NUMBERS_ORDER, 0, 0,
                                   switch_at, 0 };
        struct fk_summary_opts so = { NULL, 0, threads, block, NULL, NULL,
                                      NULL, 0, 0, 1 };
        struct fk_table *t = NULL, *full = NULL, **sets = NULL;
        struct fk_error ea = FK_ERROR_INIT, eb = FK_ERROR_INIT;
        size_t nsets = 0, r = 0, nk = 0;
        const char *res = NULL;
        const struct fk_seq_chunk *q;

        *applied = 0;
        if (fk_table_parse_buffer(buf, len, "x.csv", 0, NULL, &t, &eb))
                return "full table";
        if (fk_table_sets_buffer(buf, len, piece, "x.csv", NULL, &so, &ss,
                                 &sets, &nsets, &full, &ea)) {
                snprintf(why, sizeof why, "%s", ea.msg);
                res = why;
        }
        if (!res && nsets == 1) {
                const struct fk_table *s = sets[0];
                long ty = fk_table_col(t, "y"), sy = fk_table_col(s, "y");
                long tg = fk_table_col(t, "g"), sg = fk_table_col(s, "g");
                long ta = fk_table_col(t, "arm"), sa = fk_table_col(s, "arm");
                long long total = 0;

                *applied = 1;
                q = fk_table_sequence(s, &nk);
                for (size_t k = 0; k < nk && !res; k++)
                        for (size_t i = 0; i < q[k].v.n && !res; i++) {
                                double x = fk_num_chunk_value(&q[k].v, i), y;
                                const char *c;
                                size_t sr = q[k].row[i];

                                while (r < fk_table_nrows(t) &&
                                       !fk_table_cell(t, r, (size_t)ty))
                                        r++;
                                if (r == fk_table_nrows(t)) {
                                        res = "more numbers than cells";
                                        break;
                                }
                                c = fk_table_cell(t, r, (size_t)ty);
                                if (fk_parse_double(c, fk_table_decimal(t), &y) ||
                                    !same_bits(x, y)) {
                                        snprintf(why, sizeof why, "number "
                                                 "%zu: %.17g, want %s", r, x,
                                                 c);
                                        res = why;
                                } else if (fk_table_row_numbers(s, sr) == NULL ||
                                           fk_table_cell(s, sr, (size_t)sy) ||
                                           strcmp(fk_table_cell(s, sr, (size_t)sg),
                                                  fk_table_cell(t, r, (size_t)tg)) ||
                                           strcmp(fk_table_cell(s, sr, (size_t)sa),
                                                  fk_table_cell(t, r, (size_t)ta))) {
                                        snprintf(why, sizeof why, "number %zu: "
                                                 "another row's keys", r);
                                        res = why;
                                }
                                r++;
                                total++;
                        }
                while (!res && r < fk_table_nrows(t) &&
                       !fk_table_cell(t, r, (size_t)ty))
                        r++;
                if (!res && r != fk_table_nrows(t))
                        res = "fewer numbers than cells";
                for (size_t i = 0; !res && i < fk_table_nrows(s); i++)
                        if (fk_table_row_numbers(s, i))
                                total -= (long long)fk_table_row_numbers(s, i)->n;
                if (!res && total != 0)
                        res = "the number rows' counts differ";
        }
        for (size_t i = 0; i < nsets; i++)
                fk_table_free(sets[i]);
        free(sets);
        fk_table_free(full);
        fk_table_free(t);
        return res;
}

static void test_order(void **state)
{
        size_t cap = 1 << 20, len = 0;
        char *buf = malloc(cap);
        int applied;

        (void)state;
        assert_non_null(buf);
        len += (size_t)snprintf(buf + len, cap - len, "id,g,arm,y\n");
        for (unsigned i = 0; i < 240; i++) {
                static const char *const odd[] = {
                        "-0", "1e3", "0.1000000000000000055511151231257827",
                        "2147483647", "2147483648", "-7.123456789",
                        "12345.6789012", "NA", "", "1", "0", "7.25" };
                char y[64];

                if (i % 7 == 0)
                        snprintf(y, sizeof y, "%s", odd[(i / 7) % 12]);
                else
                        snprintf(y, sizeof y, "%u.%0*u", i * 37 % 1000,
                                 (int)(1 + i % 4), i % 10);
                len += (size_t)snprintf(buf + len, cap - len,
                                        "%u,g%u,%s,%s\n", i, i % 5,
                                        i % 3 ? "trial" : "control", y);
        }
        for (size_t b = 1; b <= len + 1; b += 1 + b / 8)
                for (unsigned th = 1; th <= 2; th++) {
                        const char *why = check_order(buf, len, th, b,
                                                      b % 5 == 1 ? 1 + b % 7 : 0,
                                                      b % 2 ? 2 : 3, &applied);

                        if (why)
                                fail_msg("block %zu, threads %u: %s", b, th,
                                         why);
                        if (!applied && b > 64)
                                fail_msg("block %zu, threads %u: declined",
                                         b, th);
                }
        /* few distinct values: the reader declines */
        len = (size_t)snprintf(buf, cap, "id,g,arm,y\n");
        for (unsigned i = 0; i < 20000; i++)
                len += (size_t)snprintf(buf + len, cap - len, "%u,g%u,a%u,%u\n",
                                        i, i % 5, i % 2, i % 3);
        assert_null(check_order(buf, len, 2, 4096, 0, 0, &applied));
        assert_int_equal(applied, 0);
        /* all distinct: applies with the default switch */
        len = (size_t)snprintf(buf, cap, "id,g,arm,y\n");
        for (unsigned i = 0; i < 30000; i++)
                len += (size_t)snprintf(buf + len, cap - len,
                                        "%u,g%u,a%u,%u.%02u\n", i, i % 5,
                                        i % 2, i, i % 100);
        for (size_t b = 4096; b <= len + 1; b *= 4) {
                const char *why = check_order(buf, len, 2, b, 0, 0, &applied);

                if (why)
                        fail_msg("distinct, block %zu: %s", b, why);
                assert_int_equal(applied, 1);
        }
        free(buf);
}

/* The eight-bytes-at-a-time reading of short plain decimals gives what
 * the byte loop gives, on cells of digits, marks, signs and other bytes
 * of every length up to 10, with either mark. */
static void test_parse(void **state)
{
        static const char alpha[] = "0123456789012345678901234567890..,,-+ex";
        uint64_t r = 2463534242ULL;
        char buf[32];

        (void)state;
        for (int it = 0; it < 2000000; it++) {
                size_t n;
                char mark = it % 2 ? '.' : ',';
                int32_t m1 = 0, m2 = 0;
                int d1 = 0, d2 = 0, k1, k2;
                double x1 = 0, x2 = 0;
                unsigned u1 = 9, u2 = 9;

                r ^= r << 13;
                r ^= r >> 7;
                r ^= r << 17;
                n = 1 + (size_t)(r % 10);
                for (size_t i = 0; i < sizeof buf; i++)
                        buf[i] = alpha[(r >> (i % 48)) % (sizeof alpha - 1)];
                if (r >> 60 & 1)        /* digits only, one mark at most */
                        for (size_t i = 0; i < n; i++)
                                buf[i] = (char)('0' + (r >> (3 * i)) % 10);
                if ((r >> 61 & 3) == 1)
                        buf[(r >> 50) % n] = mark;
                k1 = sets_parse_number_in(buf, n, buf + sizeof buf, mark, 1,
                                          &m1, &d1, &x1, &u1);
                k2 = sets_parse_number(buf, n, mark, 1, &m2, &d2, &x2, &u2);
                if (k1 != k2 || u1 != u2 ||
                    (k1 != NUM_BAD && memcmp(&x1, &x2, sizeof x1)) ||
                    (k1 == NUM_I32 && (m1 != m2 || d1 != d2)))
                        fail_msg("'%.*s' (mark %c): %d %d", (int)n, buf, mark,
                                 k1, k2);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_parse),
                cmocka_unit_test(test_bodies),
                cmocka_unit_test(test_fixtures),
                cmocka_unit_test(test_examples),
                cmocka_unit_test(test_large),
                cmocka_unit_test(test_panels),
                cmocka_unit_test(test_panel_repeats),
                cmocka_unit_test(test_order),
                cmocka_unit_test(test_panel_files),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
