/* Unit tests of the period labels and the panel reader (table/panel.c):
 * Statistics Denmark's quarters (2017K3) and half years (2017H1) beside
 * years, quarters and months; labels kept as the data write them; one
 * kind per column. */
#include <string.h>

#include "fk_test.h"
#include "fkstat/panel.h"
#include "fkstat/table.h"

struct period_case {
        const char *s;
        enum fk_period_kind kind;
        long ord;
};

static void test_period_parse(void **state)
{
        static const struct period_case ok[] = {
                { "2017", FK_PERIOD_YEAR, 2017 },
                { "2017Q3", FK_PERIOD_QUARTER, 4 * 2017 + 2 },
                { "2017q3", FK_PERIOD_QUARTER, 4 * 2017 + 2 },
                { "2017-Q3", FK_PERIOD_QUARTER, 4 * 2017 + 2 },
                { "2017K3", FK_PERIOD_QUARTER, 4 * 2017 + 2 },
                { "2017k1", FK_PERIOD_QUARTER, 4 * 2017 },
                { "2017-K4", FK_PERIOD_QUARTER, 4 * 2017 + 3 },
                { "2017H1", FK_PERIOD_HALF, 2 * 2017 },
                { "2017h2", FK_PERIOD_HALF, 2 * 2017 + 1 },
                { "2017-H2", FK_PERIOD_HALF, 2 * 2017 + 1 },
                { "2017M07", FK_PERIOD_MONTH, 12 * 2017 + 6 },
                { "2017m7", FK_PERIOD_MONTH, 12 * 2017 + 6 },
                { "2017-07", FK_PERIOD_MONTH, 12 * 2017 + 6 },
                { "2017-12", FK_PERIOD_MONTH, 12 * 2017 + 11 },
        };
        static const char *const bad[] = {
                "2017K5", "2017K0", "2017K", "2017K31", "2017H3", "2017H0",
                "2017H", "2017-H", "2017-K", "2017X1", "2017KK1", "17K1",
                "2017 K1", "2017-13", "2017M00", "", "K2017",
        };
        enum fk_period_kind k;
        long o;

        (void)state;
        for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
                k = 0;
                o = -1;
                if (fk_period_parse(ok[i].s, &k, &o) != FK_OK ||
                    k != ok[i].kind || o != ok[i].ord)
                        fail_msg("'%s': kind %d ord %ld", ok[i].s, (int)k, o);
        }
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
                if (fk_period_parse(bad[i], &k, &o) != FK_EDATA)
                        fail_msg("'%s' accepted", bad[i]);
        assert_int_equal(fk_period_parse(NULL, &k, &o), FK_EDATA);
}

static struct fk_table *table(const char *body)
{
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t = NULL;

        if (fk_table_parse_buffer(body, strlen(body), "p.csv", 0, NULL, &t,
                                  &err))
                fail_msg("%s", err.msg);
        return t;
}

/* A StatBank panel: periods 2019K1..2019K4 stay so written, in time
 * order, and --start may be written 2019Q3. */
static void test_panel_k(void **state)
{
        static const char body[] =
                "OMRÅDE;TID;forsøg;INDHOLD\n"
                "A;2019K2;1;3,5\nA;2019K1;1;3,0\nA;2019K3;1;4,0\nA;2019K4;1;4,5\n"
                "B;2019K1;0;2,0\nB;2019K2;0;2,5\nB;2019K3;0;2,5\nB;2019K4;0;3,0\n";
        struct fk_panel_spec spec = { "OMRÅDE", "TID", "INDHOLD", "forsøg",
                                      NULL, "2019Q3" };
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t = table(body);
        struct fk_panel p;

        (void)state;
        assert_int_equal(fk_panel_read(t, &spec, &p, &err), FK_OK);
        assert_int_equal(p.T, 4);
        assert_string_equal(p.period_names[0], "2019K1");
        assert_string_equal(p.period_names[3], "2019K4");
        assert_int_equal(p.start, 2);
        fk_panel_release(&p);
        spec.start = "2019K2";
        assert_int_equal(fk_panel_read(t, &spec, &p, &err), FK_OK);
        assert_int_equal(p.start, 1);
        fk_panel_release(&p);
        spec.start = "2019H2";
        assert_int_equal(fk_panel_read(t, &spec, &p, &err), FK_EUSAGE);
        assert_string_equal(err.msg, "--start '2019H2' is not of the same "
                            "kind as the periods in column 'TID'");
        fk_table_free(t);
}

static void test_panel_half(void **state)
{
        static const char body[] =
                "kommune,halvaar,forsoeg,andel\n"
                "A,2018H1,1,0.5\nA,2018H2,1,0.6\nA,2019H1,1,0.7\n"
                "B,2018H1,0,0.4\nB,2018H2,0,0.4\nB,2019H1,0,0.5\n";
        struct fk_panel_spec spec = { "kommune", "halvaar", "andel",
                                      "forsoeg", NULL, "2019H1" };
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t = table(body);
        struct fk_panel p;

        (void)state;
        assert_int_equal(fk_panel_read(t, &spec, &p, &err), FK_OK);
        assert_int_equal(p.T, 3);
        assert_string_equal(p.period_names[1], "2018H2");
        assert_int_equal(p.start, 2);
        fk_panel_release(&p);
        fk_table_free(t);
}

/* Kinds do not mix within a column: a half year after quarters. */
static void test_panel_mixed_kinds(void **state)
{
        static const char body[] =
                "kommune,periode,forsoeg,andel\n"
                "A,2018K1,1,0.5\nA,2018K2,1,0.6\nA,2018H2,1,0.7\n"
                "B,2018K1,0,0.4\nB,2018K2,0,0.4\nB,2018K3,0,0.5\n";
        struct fk_panel_spec spec = { "kommune", "periode", "andel",
                                      "forsoeg", NULL, "2018K2" };
        struct fk_error err = FK_ERROR_INIT;
        struct fk_table *t = table(body);
        struct fk_panel p;

        (void)state;
        assert_int_equal(fk_panel_read(t, &spec, &p, &err), FK_EDATA);
        assert_int_equal(err.line, 4);
        assert_string_equal(err.msg, "column 'periode': '2018H2' is not of "
                            "the same kind as the earlier periods");
        fk_table_free(t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_period_parse),
                cmocka_unit_test(test_panel_k),
                cmocka_unit_test(test_panel_half),
                cmocka_unit_test(test_panel_mixed_kinds),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
