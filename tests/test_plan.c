/* Unit tests of report/plan.c: the plan file (METHODS.md), its defaults,
 * and errors that name the plan file and line. */
#include "fk_test.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fkstat/plan.h"

static char path[64];

static int write_plan(const char *text)
{
        int fd;
        FILE *f;

        snprintf(path, sizeof path, "/tmp/fk_plan_XXXXXX");
        fd = mkstemp(path);
        if (fd < 0)
                return -1;
        f = fdopen(fd, "w");
        if (!f)
                return -1;
        fputs(text, f);
        return fclose(f);
}

static int read_text(const char *text, struct fk_plan **p,
                     struct fk_error *err)
{
        int rc;

        assert_int_equal(write_plan(text), 0);
        rc = fk_plan_read(path, p, err);
        unlink(path);
        return rc;
}

static void test_design_example(void **state)
{
        static const char *text =
                "# the example plan\n"
                "[study]\n"
                "title = Formkrav ved lovpligtige samtaler – forsikrede ledige\n"
                "data = individuals.csv\n"
                "arm = arm\ntrial = forsøg\ncontrol = sammenligning\n"
                "cluster = kommune\nlang = da\nmultiplicity = holm\n"
                "delimiter = ;\n"
                "\n[outcome job_52w]\n"
                "label = I job eller uddannelse 52 uger efter tilmelding\n"
                "type = binary\nbetter = higher\nmargin = 0,02\n"
                "[outcome interviews_26w]\nlabel = Samtaler de første 26 uger\n"
                "type = count\nbetter = lower\n"
                "[outcome weeks_to_job]\nlabel = Tid til job\ntype = survival\n"
                "time = uger\nevent = job\n"
                "[did employment]\nlabel = Andel selvforsørgende\n"
                "data = panel.csv\nunit = kommune\nperiod = kvartal\n"
                "outcome = andel_selvforsorgende\ntreated = forsoegskommune\n"
                "start = 2017Q3\nweight = antal\n"
                "[design]\nseed_people = 3\nmunicipalities = A, B\n";
        struct fk_plan *p;
        struct fk_error err = FK_ERROR_INIT;
        char *full;

        (void)state;
        assert_int_equal(read_text(text, &p, &err), FK_OK);
        assert_string_equal(p->title,
                "Formkrav ved lovpligtige samtaler – forsikrede ledige");
        assert_string_equal(p->trial, "forsøg");
        assert_string_equal(p->delimiter, ";");
        assert_int_equal(p->data_line, 4);
        assert_int_equal(p->noutcomes, 3);
        assert_string_equal(p->outcomes[0].name, "job_52w");
        fk_assert_rel(p->outcomes[0].margin, 0.02, 1e-15);
        assert_true(isnan(p->outcomes[1].margin));
        assert_string_equal(p->outcomes[2].time, "uger");
        assert_int_equal(p->ndids, 1);
        assert_string_equal(p->dids[0].start, "2017Q3");
        assert_int_equal(p->dids[0].data_line, 29);
        assert_int_equal(p->ndesign, 2);
        assert_string_equal(p->design[1].value, "A, B");
        fk_assert_rel(p->conf_level, 0.95, 0);
        assert_int_equal(p->seed, 1);
        full = fk_plan_path(p, "x.csv");
        assert_string_equal(full, "/tmp/x.csv");
        free(full);
        fk_plan_free(p);
}

static void expect_error(const char *text, long line, const char *msg)
{
        struct fk_plan *p = NULL;
        struct fk_error err = FK_ERROR_INIT;

        assert_int_equal(read_text(text, &p, &err), FK_EUSAGE);
        assert_null(p);
        if (err.line != line || !strstr(err.msg, msg))
                fail_msg("line %ld '%s', want line %ld '%s'", err.line,
                         err.msg, line, msg);
        assert_string_equal(err.file, path);
}

static void test_errors(void **state)
{
        (void)state;
        expect_error("[study]\ntitle = x\ncolour = red\n", 3,
                     "unknown key 'colour' in [study]");
        /* section errors name the section's own line */
        expect_error("[study]\ntitle = x\n[stuff]\na = 1\n", 3,
                     "unknown section [stuff]");
        expect_error("[study]\n[stuff]\n", 2, "unknown section [stuff]");
        expect_error("[outcomeX]\n", 1, "unknown section [outcomeX]");
        expect_error("[study]\n\n[did]\n", 3, "[did] needs a name");
        expect_error("[outcome   ]\n", 1, "[outcome] needs a name");
        expect_error("[validation]\nreps = 1\n", 1,
                     "unknown section [validation]");
        expect_error("[study]\n[study]\n", 2, "[study] given twice");
        /* an indented line after a key continues the value, as inih has it */
        expect_error("[outcome a]\nlabel = A\n  [outcome b]\n", 3,
                     "key 'label' given twice in [outcome a]");
        expect_error("[outcome a]\ntype = binary\ntype = count\n", 3,
                     "key 'type' given twice");
        expect_error("[outcome a]\ntype = bimodal\n", 2,
                     "'bimodal' is not a valid type");
        expect_error("[outcome a]\nmargin = -1\n", 2,
                     "margin must be positive");
        expect_error("[outcome a]\ntop = 2.5\n", 2, "top must be a whole");
        expect_error("[study]\nconf_level = 95\n", 2, "conf_level must lie");
        expect_error("[study]\nlang = de\n", 2, "'de' is not a valid lang");
        expect_error("[outcome a]\ntype = count\n[outcome a]\nlabel = b\n", 3,
                     "given twice");
        expect_error("[outcome a]\n[outcome a]\n", 2, "given twice");
        expect_error("[outcome]\nlabel = b\n", 1, "needs a name");
        expect_error("[outcome a]\nat = 13, inf\n", 2,
                     "at must list times");
        expect_error("[outcome a]\nat = 13,,26\n", 2, "at must list times");
        expect_error("[outcome a]\nat = -1\n", 2, "at must list times");
        expect_error("[outcome a]\nat = 13 weeks\n", 2, "at must list times");
        expect_error("[outcome a]\nmargin = inf\n", 2,
                     "margin: 'inf' is not a number");
        expect_error("[study]\ntitle = x\njust words\n", 3,
                     "not a 'key = value' line");
        expect_error("[did d]\nmargin = x\n", 2, "margin: 'x' is not a number");
        /* found by tests/fuzz/fuzz_plan.c: a key before any section */
        expect_error("title = x\n[study]\n", 1,
                     "key 'title' comes before any [section]");
        expect_error("# plan\n\nseed = 1\n", 3,
                     "key 'seed' comes before any [section]");
        expect_error("[]\nseed = 1\n", 1, "unknown section []");
        /* found by fuzz_plan: a CR inside a value stays on the line */
        expect_error("[outcome a]\nbetter = l\rwer\n", 2,
                     "'l\\rwer' is not a valid better");
        {
                char text[1200];

                snprintf(text, sizeof text, "[study]\ntitle = %0900d\n", 7);
                expect_error(text, 2, "line longer than");
        }
}

/* A section without keys counts, with every default; the sections keep
 * their order and their header lines. */
static void test_empty_sections(void **state)
{
        struct fk_plan *p;
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        assert_int_equal(read_text("[study]\n[outcome a]\n\n[outcome b]\n"
                                   "type = binary\n[outcome c]\n[did d]\n"
                                   "[design]\n", &p, &err), FK_OK);
        assert_int_equal(p->noutcomes, 3);
        assert_string_equal(p->outcomes[0].name, "a");
        assert_null(p->outcomes[0].type);
        assert_true(isnan(p->outcomes[0].margin));
        assert_int_equal(p->outcomes[0].line, 2);
        assert_int_equal(p->outcomes[1].line, 4);
        assert_string_equal(p->outcomes[2].name, "c");
        assert_int_equal(p->ndids, 1);
        assert_string_equal(p->dids[0].name, "d");
        assert_int_equal(p->dids[0].line, 7);
        assert_int_equal(p->study_line, 1);
        fk_plan_free(p);
        /* a whole number keeps its value (a seed is not stored as a
         * double's bits) */
        assert_int_equal(read_text("[study]\nseed = 20170701\n"
                                   "conf_level = 0,9\n[outcome a]\n", &p,
                                   &err), FK_OK);
        assert_int_equal(p->seed, 20170701);
        fk_assert_rel(p->conf_level, 0.9, 1e-15);
        fk_plan_free(p);
        /* names with blanks around them, and "x.y" beside "x_y" */
        assert_int_equal(read_text("[outcome  x.y ]\n[outcome x_y]\n", &p,
                                   &err), FK_OK);
        assert_int_equal(p->noutcomes, 2);
        assert_string_equal(p->outcomes[0].name, "x.y");
        assert_string_equal(p->outcomes[1].name, "x_y");
        fk_plan_free(p);
}

/* The plan is parsed from the bytes read, which are hashed: UTF-8 with or
 * without a byte order mark, or Windows-1252 converted. */
static void test_bytes(void **state)
{
        static const char utf8[] = "[study]\ntitle = Forsøg på Læsø\n";
        static const char bom[] = "\xef\xbb\xbf[study]\ntitle = Forsøg på Læsø\n";
        static const char cp1252[] = "[study]\ntitle = Fors\xf8g p\xe5 L\xe6s\xf8 \x96 \x80\n";
        static const char nul[] = "[study]\ntitle = a\0b\n";
        struct fk_plan *p;
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        assert_int_equal(fk_plan_parse("p.ini", utf8, sizeof utf8 - 1, &p,
                                       &err), FK_OK);
        assert_string_equal(p->title, "Forsøg på Læsø");
        assert_int_equal(p->converted, 0);
        fk_plan_free(p);
        assert_int_equal(fk_plan_parse("p.ini", bom, sizeof bom - 1, &p,
                                       &err), FK_OK);
        assert_string_equal(p->title, "Forsøg på Læsø");
        assert_int_equal(p->converted, 0);
        fk_plan_free(p);
        assert_int_equal(fk_plan_parse("p.ini", cp1252, sizeof cp1252 - 1, &p,
                                       &err), FK_OK);
        assert_string_equal(p->title, "Forsøg på Læsø – €");
        assert_int_equal(p->converted, 1);
        /* the hash of the bytes as read, not as converted: printf
         * '[study]\ntitle = Fors\370g p\345 L\346s\370 \226 \200\n' | sha256sum */
        assert_string_equal(p->sha256, "f8f4d822751fd4b596e0ee5473218353"
                                       "5fc5bc413c5edb9e035a09416112c3ed");
        fk_plan_free(p);
        assert_int_equal(fk_plan_parse("p.ini", nul, sizeof nul - 1, &p,
                                       &err), FK_EUSAGE);
        assert_int_equal(err.line, 2);
        assert_non_null(strstr(err.msg, "NUL byte"));
}

static void test_missing_file(void **state)
{
        struct fk_plan *p;
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        assert_int_equal(fk_plan_read("/nonexistent/plan.ini", &p, &err),
                         FK_EIO);
        assert_string_equal(err.file, "/nonexistent/plan.ini");
        /* a folder given as the plan: one clear line */
        assert_int_equal(fk_plan_read("/tmp", &p, &err), FK_EIO);
        assert_string_equal(err.file, "/tmp");
        assert_string_equal(err.msg, "is a folder, not a file");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_design_example),
                cmocka_unit_test(test_errors),
                cmocka_unit_test(test_empty_sections),
                cmocka_unit_test(test_bytes),
                cmocka_unit_test(test_missing_file),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
