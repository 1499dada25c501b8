/* Unit tests of report/bundle.c and report/html.c: SHA-256 (FIPS 180-2
 * test vectors), the temporary-directory-then-rename bundle, Markdown with
 * a table to HTML with an inline SVG whose ids are made unique, and no raw
 * HTML or foreign image passing into the page. */
#include "fk_test.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fkstat/bundle.h"

static char dir[64];

static int setup(void **state)
{
        (void)state;
        snprintf(dir, sizeof dir, "/tmp/fk_bundle_XXXXXX");
        return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
        (void)state;
        fk_bundle_abort(dir);
        return 0;
}

static void test_sha256(void **state)
{
        struct fk_error err = FK_ERROR_INIT;
        char hex[65], path[128];

        (void)state;
        assert_int_equal(fk_write_file(dir, "abc", "abc", 3, &err), FK_OK);
        snprintf(path, sizeof path, "%s/abc", dir);
        assert_int_equal(fk_sha256_file(path, hex, &err), FK_OK);
        assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
                                 "b00361a396177a9cb410ff61f20015ad");
        assert_int_equal(fk_write_file(dir, "empty", "", 0, &err), FK_OK);
        snprintf(path, sizeof path, "%s/empty", dir);
        assert_int_equal(fk_sha256_file(path, hex, &err), FK_OK);
        assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
                                 "27ae41e4649b934ca495991b7852b855");
        assert_int_equal(fk_sha256_file("/nonexistent", hex, &err), FK_EIO);
}

static void test_commit_replaces(void **state)
{
        struct fk_error err = FK_ERROR_INIT;
        char target[128], *tmp, *data;
        struct stat st;

        (void)state;
        snprintf(target, sizeof target, "%s/out", dir);
        for (int round = 0; round < 2; round++) {
                assert_int_equal(fk_bundle_begin(target, &tmp, &err), FK_OK);
                assert_int_equal(fk_write_file(tmp, "f", round ? "2" : "1", 1,
                                               &err), FK_OK);
                /* the target is untouched until the commit */
                if (round) {
                        char p[160];

                        snprintf(p, sizeof p, "%s/f", target);
                        assert_int_equal(fk_read_file(p, &data, NULL, &err), FK_OK);
                        assert_string_equal(data, "1");
                        free(data);
                }
                assert_int_equal(fk_bundle_commit(tmp, target, &err), FK_OK);
                assert_int_not_equal(stat(tmp, &st), 0);
                free(tmp);
        }
        strcat(target, "/f");
        assert_int_equal(fk_read_file(target, &data, NULL, &err), FK_OK);
        assert_string_equal(data, "2");
        free(data);
        /* a failed run leaves nothing */
        snprintf(target, sizeof target, "%s/failed", dir);
        assert_int_equal(fk_bundle_begin(target, &tmp, &err), FK_OK);
        fk_bundle_abort(tmp);
        assert_int_not_equal(stat(tmp, &st), 0);
        assert_int_not_equal(stat(target, &st), 0);
        free(tmp);
}

static void test_html(void **state)
{
        static const char *svg =
                "<?xml version=\"1.0\"?>\n<svg width=\"10\" height=\"10\">"
                "<defs><path id='gpPt1' d='M0 0'/></defs>"
                "<use xlink:href='#gpPt1'/><g grid=\"x\" clip-path=\"url(#c)\"/></svg>\n";
        static const char *md =
                "# Rapport & <test>\n\n| a | b |\n|---|--:|\n| 1 | 2,5 |\n\n"
                "![chart](charts/k.svg)\n\n![gone](charts/missing.svg)\n";
        struct fk_error err = FK_ERROR_INIT;
        char *html;

        (void)state;
        assert_int_equal(fk_write_file(dir, "k.svg", svg, strlen(svg), &err),
                         FK_OK);
        assert_int_equal(fk_markdown_html(md, "Rapport æøå", "da", dir, &html,
                                          &err), FK_OK);
        assert_non_null(strstr(html, "<html lang=\"da\">"));
        assert_non_null(strstr(html, "<title>Rapport æøå</title>"));
        assert_non_null(strstr(html, "<table>"));
        assert_non_null(strstr(html, "<td align=\"right\">2,5</td>"));
        assert_non_null(strstr(html, "<figure class=\"chart\"><svg"));
        assert_non_null(strstr(html, "id='c1-gpPt1'"));
        assert_non_null(strstr(html, "href='#c1-gpPt1'"));
        assert_non_null(strstr(html, "url(#c1-c)"));
        assert_non_null(strstr(html, "grid=\"x\""));
        assert_null(strstr(html, "<?xml"));
        assert_non_null(strstr(html, "<img src=\"charts/missing.svg\""));
        free(html);
}

/* Raw HTML in the Markdown is left out, and the page shows no image but
 * the bundle's own charts (no remote image, no path out of charts/). */
static void test_html_safe(void **state)
{
        static const char *md =
                "# Titel <script>alert(1)</script>\n\n"
                "<img src=\"http://x.invalid/a.png\">\n\n"
                "Tekst <b onclick=\"x()\">fed</b> og "
                "![fjern](http://x.invalid/b.png) og "
                "![sti](charts/../../etc/passwd.svg) og "
                "[link](javascript:alert(2)).\n";
        struct fk_error err = FK_ERROR_INIT;
        char *html;

        (void)state;
        assert_int_equal(fk_markdown_html(md, "T <b>", "da", dir, &html,
                                          &err), FK_OK);
        assert_null(strstr(html, "<script"));
        assert_null(strstr(html, "<b "));
        assert_null(strstr(html, "<img"));
        assert_null(strstr(html, "x.invalid"));
        assert_null(strstr(html, "javascript:"));
        assert_non_null(strstr(html, "<title>T &lt;b&gt;</title>"));
        free(html);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_sha256),
                cmocka_unit_test(test_commit_replaces),
                cmocka_unit_test(test_html),
                cmocka_unit_test(test_html_safe),
        };

        return cmocka_run_group_tests(tests, setup, teardown);
}
