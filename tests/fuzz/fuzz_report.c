/* libFuzzer target: plan -> report.  Each input is a plan, written to
 * plan.ini in a temporary folder made at start-up beside a small data file
 * (data.csv: 8 municipalities, 4 quarters, one column for every outcome
 * type and a did panel) and an arm list (kontrol.txt), and run by
 * fk_report_run into a bundle folder there.  It must never crash, leak or
 * hit undefined behaviour; an error must be one line; a bundle that is
 * written must have a report.html that is valid UTF-8 and holds no raw
 * HTML from the plan or the data (no <script>, no event handlers, no
 * javascript: links, images only the bundle's own charts), and no
 * temporary folder may be left behind.  gnuplot is not run
 * (FKSTAT_GNUPLOT names no program), which keeps each run short; the .gp
 * scripts and data are still written.  Plans asking for more than 40
 * validation repetitions are skipped, again for time.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "fkstat/plan.h"
#include "fkstat/report.h"
#include "fkstat/table.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], plan[96], out[96];

static int rm_one(const char *p, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
        (void)sb;
        (void)flag;
        (void)ftw;
        return remove(p);
}

static void rm_tree(const char *p)
{
        nftw(p, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void cleanup(void)
{
        if (dir[0])
                rm_tree(dir);
}

static void write_data(void)
{
        static const char *const k[8] = { "Aalborg", "Brønderslev",
                "Frederikshavn", "Hjørring", "Jammerbugt", "Læsø",
                "Mariagerfjord", "Rebild" };
        char p[128];
        FILE *f;

        snprintf(p, sizeof p, "%s/data.csv", dir);
        f = fopen(p, "w");
        if (!f) {
                perror("fuzz_report: data.csv");
                exit(1);
        }
        fputs("kommune;arm;job;samtaler;tilfredshed;uger;event;kvartal;"
              "andel;forsoeg;antal\n", f);
        for (int g = 0; g < 8; g++)
                for (int q = 0; q < 4; q++) {
                        int i = g * 4 + q;

                        fprintf(f, "%s;%s;%d;%d;%d;%d;%d;2017Q%d;0,%d;%d;%d\n",
                                k[g], g < 4 ? "forsøg" : "kontrol",
                                (i * 7 + g) % 3 != 0, (i * 5) % 7,
                                1 + (i * 3 + g) % 5, 1 + (i * 11) % 52,
                                (i * 13) % 4 != 0, q + 1,
                                40 + (i * 17 + g * 3) % 30, g < 4,
                                100 + 10 * g);
                }
        if (fclose(f)) {
                perror("fuzz_report: data.csv");
                exit(1);
        }
        /* an arm list for trial = @kontrol.txt and the like */
        snprintf(p, sizeof p, "%s/kontrol.txt", dir);
        if (!(f = fopen(p, "w")) ||
            fputs("Jammerbugt\nLæsø\n# a comment\nMariagerfjord\nRebild\n",
                  f) < 0 || fclose(f)) {
                perror("fuzz_report: kontrol.txt");
                exit(1);
        }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
        const char *t = getenv("TMPDIR");

        (void)argc;
        (void)argv;
        snprintf(dir, sizeof dir, "%s/fk_fuzz_report_XXXXXX",
                 t && strlen(t) < 32 ? t : "/tmp");
        if (!mkdtemp(dir)) {
                perror("fuzz_report: mkdtemp");
                exit(1);
        }
        atexit(cleanup);
        snprintf(plan, sizeof plan, "%s/plan.ini", dir);
        snprintf(out, sizeof out, "%s/out", dir);
        write_data();
        setenv("FKSTAT_GNUPLOT", "/nonexistent/gnuplot", 1);
        return 0;
}

static void bad(const char *what)
{
        fprintf(stderr, "fuzz_report: %s\n", what);
        abort();
}

static char *slurp(const char *p, size_t *n)
{
        FILE *f = fopen(p, "rb");
        char *s = NULL;
        long len;

        if (!f)
                return NULL;
        if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 &&
            fseek(f, 0, SEEK_SET) == 0 && (s = malloc((size_t)len + 1)) &&
            fread(s, 1, (size_t)len, f) == (size_t)len) {
                s[len] = 0;
                *n = (size_t)len;
        } else {
                free(s);
                s = NULL;
        }
        fclose(f);
        return s;
}

static char *find_ci(const char *s, const char *w)
{
        size_t n = strlen(w);

        for (; *s; s++)
                if (!strncasecmp(s, w, n))
                        return (char *)s;
        return NULL;
}

static void check_html(void)
{
        char p[128], *h, *s;
        size_t n = 0;

        snprintf(p, sizeof p, "%s/report.html", out);
        if (!(h = slurp(p, &n)))
                bad("a bundle without report.html");
        if (strlen(h) != n || !fk_utf8_valid(h, n))
                bad("report.html is not valid UTF-8");
        if (find_ci(h, "<script") || find_ci(h, "javascript:") ||
            find_ci(h, "<iframe") || find_ci(h, "<object") ||
            find_ci(h, "<embed"))
                bad("raw HTML in report.html");
        /* every tag: no on...= attribute (outside the quoted values); an
         * image only a chart */
        for (s = h; (s = strchr(s, '<')); s++) {
                const char *a = s + 1, *e;
                char quote = 0;

                for (e = a; *e && (quote || *e != '>'); e++) {
                        if (quote) {
                                if (*e == quote)
                                        quote = 0;
                                continue;
                        }
                        if (*e == '"' || *e == '\'') {
                                quote = *e;
                                continue;
                        }
                        if ((*e == ' ' || *e == '\t' || *e == '\n' ||
                             *e == '/') && !strncasecmp(e + 1, "on", 2)) {
                                const char *x = e + 3;

                                while ((*x >= 'a' && *x <= 'z') ||
                                       (*x >= 'A' && *x <= 'Z'))
                                        x++;
                                while (*x == ' ')
                                        x++;
                                if (x > e + 3 && *x == '=')
                                        bad("an event handler in "
                                            "report.html");
                        }
                }
                if (!*e)
                        break;
                if (!strncasecmp(s, "<img", 4)) {
                        const char *src = s + 17, *q = strchr(src, '"');

                        if (strncmp(s, "<img src=\"charts/", 17) || !q ||
                            q > e || memchr(src, '/', (size_t)(q - src)) ||
                            memmem(src, (size_t)(q - src), "..", 2))
                                bad("an image that is not the bundle's own "
                                    "chart");
                }
        }
        free(h);
}

/* No *.tmp-* or *.old-* folder beside the bundle. */
static void check_leftovers(void)
{
        DIR *d = opendir(dir);
        struct dirent *e;

        if (!d)
                return;
        while ((e = readdir(d)))
                if (strstr(e->d_name, ".tmp-") || strstr(e->d_name, ".old-"))
                        bad("a temporary folder left behind");
        closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct fk_report_opts o = { plan, out, NULL, NULL, NULL, 0, 0 };
        struct fk_error err = FK_ERROR_INIT;
        struct fk_plan *p = NULL;
        FILE *f = fopen(plan, "wb");
        int rc, skip;

        if (!f || fwrite(data, 1, size, f) != size || fclose(f))
                bad("cannot write the plan");
        /* for time: a long validation is skipped */
        if (fk_plan_read(plan, &p, &err) == 0) {
                skip = p->validate_line && p->validate_reps > 40;
                fk_plan_free(p);
                if (skip)
                        return 0;
        }
        err = (struct fk_error)FK_ERROR_INIT;
        rm_tree(out);
        rc = fk_report_run(&o, &err);
        if (rc) {
                if (!err.msg[0] || strpbrk(err.msg, "\r\n")) {
                        fprintf(stderr, "fuzz_report: bad error %d: '%s'\n",
                                rc, err.msg);
                        abort();
                }
        } else {
                check_html();
        }
        check_leftovers();
        return 0;
}
