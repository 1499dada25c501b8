/* Unit tests of report/bundle.c and report/html.c: SHA-256 (FIPS 180-2
 * test vectors), the temporary-directory-then-swap bundle, which folders
 * -o may replace, the leftovers of killed runs, Markdown with a table to
 * HTML with an inline SVG whose ids are made unique, and no raw HTML or
 * foreign image passing into the page. */
#include "fk_test.h"

#include <dirent.h>
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
        fk_sha256_mem("abc", 3, hex);
        assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
                                 "b00361a396177a9cb410ff61f20015ad");
}

/* The names in folder d, sorted, joined by spaces, into buf. */
static const char *names(const char *d, char *buf, size_t len)
{
        struct dirent **list;
        int n = scandir(d, &list, NULL, alphasort);

        buf[0] = '\0';
        for (int i = 0; i < n; i++) {
                if (strcmp(list[i]->d_name, ".") &&
                    strcmp(list[i]->d_name, "..")) {
                        strncat(buf, buf[0] ? " " : "", len - strlen(buf) - 1);
                        strncat(buf, list[i]->d_name, len - strlen(buf) - 1);
                }
                free(list[i]);
        }
        if (n >= 0)
                free(list);
        return buf;
}

static void put(const char *d, const char *name, const char *text)
{
        struct fk_error err = FK_ERROR_INIT;

        assert_int_equal(fk_write_file(d, name, text, strlen(text), &err),
                         FK_OK);
}

/* -o writes a new folder or replaces an earlier report (marker) or an
 * empty folder; anything else is refused and left untouched. */
static void test_check(void **state)
{
        struct fk_error err = FK_ERROR_INIT;
        char d[128], f[160], list[256], *tmp;
        int in;

        (void)state;
        snprintf(d, sizeof d, "%s/c", dir);
        assert_int_equal(mkdir(d, 0777), 0);
        snprintf(d, sizeof d, "%s/c/chk", dir);
        assert_int_equal(fk_bundle_check(d, &err), FK_OK);     /* new */
        assert_int_equal(mkdir(d, 0777), 0);
        assert_int_equal(fk_bundle_check(d, &err), FK_OK);     /* empty */
        put(d, "notes.txt", "mine");
        assert_int_equal(fk_bundle_check(d, &err), FK_EUSAGE);
        assert_string_equal(err.file, d);
        assert_non_null(strstr(err.msg, "holds no earlier fkstat report"));
        /* commit refuses it too, and leaves it and nothing else */
        assert_int_equal(fk_bundle_begin(d, &tmp, &err), FK_OK);
        put(tmp, "report.md", "new");
        assert_int_equal(fk_bundle_commit(tmp, d, &err), FK_EUSAGE);
        fk_bundle_abort(tmp);
        free(tmp);
        assert_string_equal(names(d, list, sizeof list), "notes.txt");
        snprintf(f, sizeof f, "%s/c", dir);
        assert_string_equal(names(f, list, sizeof list), "chk");
        /* the plan or data inside the folder */
        snprintf(f, sizeof f, "%s/notes.txt", d);
        assert_int_equal(fk_bundle_holds(d, f, &in, &err), FK_OK);
        assert_int_equal(in, 1);
        assert_int_equal(fk_bundle_holds(f, d, &in, &err), FK_OK);
        assert_int_equal(in, 0);
        snprintf(f, sizeof f, "%s/c/chk/../chk/notes.txt", dir);
        assert_int_equal(fk_bundle_holds(d, f, &in, &err), FK_OK);
        assert_int_equal(in, 1);
        snprintf(f, sizeof f, "%s/c/chkx", dir);
        assert_int_equal(mkdir(f, 0777), 0);
        assert_int_equal(fk_bundle_holds(d, f, &in, &err), FK_OK);
        assert_int_equal(in, 0);
        /* a file, and names that are no folder of their own */
        snprintf(f, sizeof f, "%s/notes.txt", d);
        assert_int_equal(fk_bundle_check(f, &err), FK_EUSAGE);
        assert_int_equal(fk_bundle_check("", &err), FK_EUSAGE);
        assert_int_equal(fk_bundle_check(".", &err), FK_EUSAGE);
        assert_int_equal(fk_bundle_check("..", &err), FK_EUSAGE);
        assert_int_equal(fk_bundle_check("/", &err), FK_EUSAGE);
        assert_int_equal(fk_bundle_check("a/..//", &err), FK_EUSAGE);
        snprintf(d, sizeof d, "%s/c", dir);
        fk_bundle_abort(d);
}

/* A folder named with a trailing slash is replaced on a rerun, with
 * nothing left inside or beside it. */
static void test_trailing_slash(void **state)
{
        struct fk_error err = FK_ERROR_INIT;
        char d[128], list[256], *tmp;

        (void)state;
        snprintf(d, sizeof d, "%s/sub/out/", dir);
        for (int round = 0; round < 3; round++) {
                assert_int_equal(fk_bundle_check(d, &err), FK_OK);
                assert_int_equal(fk_bundle_begin(d, &tmp, &err), FK_OK);
                put(tmp, round ? "b" : "a", "x");
                assert_int_equal(fk_bundle_commit(tmp, d, &err), FK_OK);
                free(tmp);
        }
        assert_string_equal(names(d, list, sizeof list), ".fkstat-report b");
        snprintf(d, sizeof d, "%s/sub", dir);
        assert_string_equal(names(d, list, sizeof list), "out");
        fk_bundle_abort(d);
}

/* What killed runs left beside the folder is removed by the next run:
 * only folders with fkstat's names that hold the marker or nothing, and
 * never one that a running fkstat holds. */
static void test_stale(void **state)
{
        static const char *const made[] = { "out.tmp-Ab3dE6", "out.old-Zz9yY8",
                "out.tmp-emptyy", "out.tmp-notours", "out.tmp-abc123",
                "out.tmp-x", "other.tmp-Ab3dE6" };
        struct fk_error err = FK_ERROR_INIT;
        char d[128], p[160], list[512], *live, *tmp;

        (void)state;
        snprintf(d, sizeof d, "%s/st", dir);
        assert_int_equal(mkdir(d, 0777), 0);
        for (size_t i = 0; i < sizeof made / sizeof *made; i++) {
                snprintf(p, sizeof p, "%s/%s", d, made[i]);
                assert_int_equal(mkdir(p, 0777), 0);
        }
        /* killed runs: the marker and a half-written report */
        snprintf(p, sizeof p, "%s/out.tmp-Ab3dE6", d);
        put(p, ".fkstat-report", "x");
        put(p, "report.md", "half");
        snprintf(p, sizeof p, "%s/out.old-Zz9yY8", d);
        put(p, ".fkstat-report", "x");
        /* the name of ours but not the marker: somebody's files */
        snprintf(p, sizeof p, "%s/out.tmp-abc123", d);
        put(p, "notes.txt", "mine");
        snprintf(p, sizeof p, "%s/out.tmp-x", d);
        put(p, ".fkstat-report", "x");          /* not mkdtemp's name */
        snprintf(p, sizeof p, "%s/other.tmp-Ab3dE6", d);
        put(p, ".fkstat-report", "x");          /* another folder's */
        /* a run under way: its folder is locked */
        snprintf(p, sizeof p, "%s/out", d);
        assert_int_equal(fk_bundle_begin(p, &live, &err), FK_OK);
        assert_int_equal(fk_bundle_begin(p, &tmp, &err), FK_OK);
        assert_non_null(strstr(names(d, list, sizeof list), live + strlen(d) + 1));
        assert_int_equal(fk_bundle_commit(tmp, p, &err), FK_OK);
        free(tmp);
        /* the running one is kept */
        assert_non_null(strstr(names(d, list, sizeof list),
                               live + strlen(d) + 1));
        fk_bundle_abort(live);
        free(live);
        /* out.tmp-notours has seven letters: not ours, kept */
        assert_string_equal(names(d, list, sizeof list), "other.tmp-Ab3dE6 "
                            "out out.tmp-abc123 out.tmp-notours out.tmp-x");
        fk_bundle_abort(d);
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

/* A verdict link becomes a label of our own, in a paragraph and in a
 * table cell, its text escaped; a link to an unknown verdict stays a link,
 * and raw HTML inside a label is still left out. */
static void test_html_verdict(void **state)
{
        static const char *md =
                "**[Konklusion: bedre <b>x</b> & y](#fk-verdict-better)**\n\n"
                "| Udfald | Konklusion |\n|---|---|\n"
                "| a | [ingen sikker forskel](#fk-verdict-no_difference) – "
                "upålideligt |\n"
                "| b | [ringere](#fk-verdict-inferior) |\n\n"
                "[andet](#fk-verdict-bogus)\n";
        struct fk_error err = FK_ERROR_INIT;
        char *html;

        (void)state;
        assert_int_equal(fk_markdown_html(md, "T", "da", dir, &html, &err),
                         FK_OK);
        assert_non_null(strstr(html, "<p><strong><span class=\"verdict "
                               "v-good\"><span class=\"vg\" aria-hidden="
                               "\"true\">\u2714</span>Konklusion: bedre "));
        assert_non_null(strstr(html, "&amp; y</span></strong></p>"));
        assert_null(strstr(html, "<b>"));
        assert_non_null(strstr(html, "<td><strong><span class=\"verdict "
                               "v-none\"><span class=\"vg\" aria-hidden="
                               "\"true\">\u25cb</span>ingen sikker forskel"
                               "</span></strong> – upålideligt</td>"));
        assert_non_null(strstr(html, "<span class=\"verdict v-bad\">"));
        assert_non_null(strstr(html, "<a href=\"#fk-verdict-bogus\">andet"
                               "</a>"));
        assert_null(strstr(html, "href=\"#fk-verdict-better"));
        free(html);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_sha256),
                cmocka_unit_test(test_commit_replaces),
                cmocka_unit_test(test_check),
                cmocka_unit_test(test_trailing_slash),
                cmocka_unit_test(test_stale),
                cmocka_unit_test(test_html),
                cmocka_unit_test(test_html_safe),
                cmocka_unit_test(test_html_verdict),
        };

        return cmocka_run_group_tests(tests, setup, teardown);
}
