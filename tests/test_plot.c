/* Unit tests of plots/: every chart kind with Danish labels (æøå, decimal
 * comma) rendered into a temporary directory; the .gp and .dat must exist
 * and, when gnuplot runs, the PNG must start with the PNG signature and the
 * SVG be well-formed XML holding the title.  Without gnuplot the rendering
 * checks are skipped, not failed.  FK_PLOT_KEEP=DIR renders into DIR and
 * leaves the files there (to look at them). */
#include "fk_test.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fkstat/charts.h"
#include "fkstat/labels.h"
#include "fkstat/plot.h"
#include "fkstat/survival.h"

static char dir[4096];
static int keep;

static int setup(void **state)
{
        const char *k = getenv("FK_PLOT_KEEP");
        const char *t = getenv("TMPDIR");

        (void)state;
        if (k && *k) {
                keep = 1;
                snprintf(dir, sizeof dir, "%s", k);
                mkdir(dir, 0777);
                return 0;
        }
        snprintf(dir, sizeof dir, "%s/fkstat-plot-XXXXXX", t && *t ? t : "/tmp");
        return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
        DIR *d;
        struct dirent *e;
        char p[8192];

        (void)state;
        if (keep)
                return 0;
        if (!(d = opendir(dir)))
                return -1;
        while ((e = readdir(d)))
                if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
                        remove(p);
                }
        closedir(d);
        return rmdir(dir);
}

/* The whole file, NUL-terminated; NULL when it cannot be read. */
static char *slurp(const char *base, const char *ext, size_t *len)
{
        char p[8192];
        FILE *f;
        char *buf;
        long n;

        snprintf(p, sizeof p, "%s/%s.%s", dir, base, ext);
        if (!(f = fopen(p, "rb")))
                return NULL;
        fseek(f, 0, SEEK_END);
        n = ftell(f);
        rewind(f);
        buf = malloc((size_t)n + 1);
        if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
                free(buf);
                buf = NULL;
        }
        fclose(f);
        if (buf) {
                buf[n] = '\0';
                if (len)
                        *len = (size_t)n;
        }
        return buf;
}

static int exists(const char *base, const char *ext)
{
        char p[8192];
        struct stat st;

        snprintf(p, sizeof p, "%s/%s.%s", dir, base, ext);
        return stat(p, &st) == 0;
}

/* A small well-formedness check of XML: tags nest and match, attribute
 * values are quoted, '&' starts an entity, no '<' in text.  Enough for
 * gnuplot's SVG (declaration, DOCTYPE without internal subset, comments). */
static int xml_ok(const char *s)
{
        char stack[64][64];
        int depth = 0, root = 0;
        const char *p = s, *q;
        size_t n;

        while (*p) {
                if (*p == '&') {
                        n = strspn(p + 1, "#abcdefghijklmnopqrstuvwxyz"
                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
                        if (!n || p[1 + n] != ';')
                                return 0;
                        p += n + 2;
                        continue;
                }
                if (*p != '<') {
                        p++;
                        continue;
                }
                if (!strncmp(p, "<!--", 4) || !strncmp(p, "<?", 2) ||
                    !strncmp(p, "<!DOCTYPE", 9)) {
                        q = strstr(p, p[1] == '?' ? "?>" : p[2] == '-' ?
                                   "-->" : ">");
                        if (!q)
                                return 0;
                        p = q + 1;
                        continue;
                }
                if (p[1] == '/') {
                        n = strcspn(p + 2, "> \t\n");
                        if (!depth || n >= 64 || strncmp(stack[depth - 1],
                                                         p + 2, n) ||
                            stack[depth - 1][n])
                                return 0;
                        depth--;
                        if (!(p = strchr(p, '>')))
                                return 0;
                        p++;
                        continue;
                }
                n = strcspn(p + 1, "/> \t\r\n");
                if (!n || n >= 64 || depth == 64 || (!depth && root))
                        return 0;
                memcpy(stack[depth], p + 1, n);
                stack[depth][n] = '\0';
                for (q = p + 1 + n; *q && *q != '>'; q++)
                        if (*q == '"' || *q == '\'') {
                                const char *e = strchr(q + 1, *q);

                                if (!e || memchr(q, '<', (size_t)(e - q)))
                                        return 0;
                                q = e;
                        }
                if (!*q)
                        return 0;
                if (q[-1] != '/')
                        depth++;
                root = 1;
                p = q + 1;
        }
        return root && depth == 0;
}

/* Check a chart written by a call that returned rc. */
static void check_chart(int rc, const struct fk_error *err, const char *base,
                        const char *title)
{
        static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r',
                                              '\n', 0x1a, '\n' };
        char *svg, *png, *gp;
        size_t len = 0;

        assert_true(exists(base, "gp"));
        assert_true(exists(base, "dat"));
        gp = slurp(base, "gp", NULL);
        assert_non_null(gp);
        assert_non_null(strstr(gp, "set encoding utf8"));
        assert_non_null(strstr(gp, "set decimalsign ','"));
        assert_non_null(strstr(gp, "set minussign"));
        /* the PNG pass: a replot, or the panels' loop of two passes */
        assert_true(strstr(gp, "replot") || strstr(gp, "if (fk_pass == 2)"));
        free(gp);
        if (rc == FK_ENOTFOUND) {
                print_message("gnuplot not found: rendering not checked\n");
                skip();
        }
        if (rc != FK_OK)
                fail_msg("%s: %s", base, err->msg);
        png = slurp(base, "png", &len);
        assert_non_null(png);
        assert_true(len > 8000);
        assert_memory_equal(png, sig, 8);
        free(png);
        svg = slurp(base, "svg", NULL);
        assert_non_null(svg);
        assert_non_null(strstr(svg, "<svg"));
        assert_non_null(strstr(svg, "</svg>"));
        assert_true(xml_ok(svg));
        assert_non_null(strstr(svg, title));
        /* one <title>, the chart's, not gnuplot's "Gnuplot" and
         * "gnuplot_plot_1a" */
        gp = strstr(svg, "<title>");
        assert_non_null(gp);
        assert_null(strstr(gp + 1, "<title>"));
        assert_null(strstr(svg, "<title>Gnuplot</title>"));
        assert_null(strstr(svg, "_plot_1</title>"));
        free(svg);
}

static struct fk_plot_opts da_opts(const char *title, const char *x,
                                   const char *y)
{
        struct fk_plot_opts o = FK_PLOT_OPTS_INIT;

        o.title = title;
        o.xlabel = x;
        o.ylabel = y;
        o.decimal_comma = 1;
        o.note = "Kilde: jobindsats.dk og kommunernes sagssystemer; "
                 "95 %-konfidensintervaller";
        return o;
}

static void test_bars(void **state)
{
        static const double yt[] = { 0.552, 0.31 }, lt[] = { 0.506, 0.27 },
                            ht[] = { 0.593, 0.352 };
        static const double yc[] = { 0.503, 0.298 }, lc[] = { 0.459, 0.259 },
                            hc[] = { 0.547, 0.34 };
        struct fk_plot_series s[2] = {
                { "Forsøgskommuner", yt, lt, ht },
                { "Sammenligningskommuner", yc, lc, hc }
        };
        const char *groups[] = { "I job efter 52 uger",
                                 "Selvforsørgende efter 26 uger" };
        struct fk_plot_bars d = { groups, 2, s, 2 };
        struct fk_plot_opts o = da_opts("Andel i beskæftigelse – forsøg og "
                                        "sammenligning", NULL,
                                        "Andel af ledige (%)");
        struct fk_error err = FK_ERROR_INIT;
        char *svg;

        (void)state;
        o.percent = 1;
        check_chart(fk_plot_bars(dir, "bars2", &o, &d, &err), &err, "bars2",
                    "Andel i beskæftigelse");
        d.ngroups = 1;
        o.title = "I job efter 52 uger, øvrige ledige";
        check_chart(fk_plot_bars(dir, "bars1", &o, &d, &err), &err, "bars1",
                    "øvrige ledige");
        /* the SVG is named by the chart's title */
        svg = slurp("bars1", "svg", NULL);
        assert_non_null(svg);
        assert_non_null(strstr(svg, "<title>I job efter 52 uger, øvrige "
                               "ledige</title>"));
        free(svg);
}

static void test_forest(void **state)
{
        static const struct fk_plot_row rows[] = {
                { "Hjørring", 0.041, -0.012, 0.094 },
                { "Frederikshavn", 0.018, -0.051, 0.087 },
                { "Brønderslev", -0.006, -0.071, 0.059 },
                { "Læsø", 0.12, -0.09, 0.33 },
                { "Aalborg", 0.032, 0.004, 0.06 },
                { "Jammerbugt (ingen data)", NAN, NAN, NAN }
        };
        static const struct fk_plot_row all = { "Alle forsøgskommuner",
                                                0.027, 0.006, 0.048 };
        struct fk_plot_forest d = {
                rows, 6, &all, 0, -0.02, "Non-inferioritetsgrænse", 0, 1,
                "\u2190 bedre i sammenligning", "bedre i forsøg \u2192"
        };
        struct fk_plot_opts o = da_opts("Forskel i andel i job efter 52 uger"
                                        ", forsøg − sammenligning",
                                        "Forskel, procentpoint", NULL);
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        o.percent = 1;
        check_chart(fk_plot_forest(dir, "forest", &o, &d, &err), &err,
                    "forest", "Forskel i andel i job");
}

static void test_forest_log(void **state)
{
        static const struct fk_plot_row rows[] = {
                { "I job 52 uger (risikoratio)", 1.093, 0.97, 1.23 },
                { "Tid til job (hazardratio)", 1.12, 1.01, 1.24 },
                { "Samtaler 26 uger (rateratio)", 0.71, 0.64, 0.79 }
        };
        struct fk_plot_forest d = {
                rows, 3, NULL, 1, 0.9, "Grænse 0,9", 1, 1, NULL, NULL
        };
        struct fk_plot_opts o = da_opts("Effekter på tværs af udfald",
                                        "Ratio, forsøg / sammenligning "
                                        "(logaritmisk akse)", NULL);
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        o.digits = 2;
        check_chart(fk_plot_forest(dir, "forest_log", &o, &d, &err), &err,
                    "forest_log", "Effekter på tværs af udfald");
        d.ref = -1;
        assert_int_equal(fk_plot_forest(dir, "bad", &o, &d, &err),
                         FK_EDOMAIN);
        assert_false(exists("bad", "gp"));
}

/* Panels, one per scale: percentage points, a mean difference in its own
 * unit, hazard ratios on a log axis; each panel's numbers on its scale. */
static void test_forest_panels(void **state)
{
        static const struct fk_plot_row pp[] = {
                { "I job 52 uger", 0.037, 0.011, 0.063 },
                { "I uddannelse", -0.004, -0.02, 0.012 }
        };
        static const struct fk_plot_row mean[] = {
                { "Samtaler 26 uger", -1.2, -1.9, -0.5 }
        };
        static const struct fk_plot_row hr[] = {
                { "Tid til job", 1.18, 1.08, 1.28 }
        };
        struct fk_plot_panel p[3] = {
                { "Forskel i andel, procentpoint", 1, 1,
                  { pp, 2, NULL, 0, -0.03, "grænse", 0, 1, "\u2190 a",
                    "b \u2192" } },
                { "Forskel i gennemsnit: samtaler", 0, 2,
                  { mean, 1, NULL, 0, NAN, NULL, 0, 1, NULL, NULL } },
                { "Hazard ratio, logaritmisk akse", 0, 2,
                  { hr, 1, NULL, 1, 0.9, "grænse", 1, 1, NULL, NULL } }
        };
        struct fk_plot_opts o = da_opts("Effekter pr. skala", NULL, NULL);
        struct fk_error err = FK_ERROR_INIT;
        char *gp;
        int rc;

        (void)state;
        o.percent = 1;          /* not used by panels: each has its own */
        rc = fk_plot_forest_panels(dir, "panels", &o, p, 3, &err);
        gp = slurp("panels", "gp", NULL);
        assert_non_null(gp);
        assert_non_null(strstr(gp, "set multiplot"));
        assert_non_null(strstr(gp, "set label '3,7 (1,1; 6,3)'"));
        /* Danish labels: decimal comma and a real minus sign (U+2212) */
        assert_non_null(strstr(gp, "set label '\u22121,20 (\u22121,90; "
                               "\u22120,50)'"));
        assert_null(strstr(gp, "-120"));
        assert_non_null(strstr(gp, "set label '1,18 (1,08; 1,28)'"));
        assert_non_null(strstr(gp, "Forskel i gennemsnit: samtaler"));
        /* the log axis is the third panel's alone, its 1 marked */
        assert_true(strstr(gp, "\nset logscale x") >
                    strstr(gp, "Forskel i gennemsnit: samtaler"));
        assert_non_null(strstr(gp, "set arrow from first 1, graph 0"));
        free(gp);
        check_chart(rc, &err, "panels", "Effekter pr. skala");
        /* gnuplot's own tic labels of negative numbers: a real minus */
        gp = slurp("panels", "svg", NULL);
        assert_non_null(gp);
        assert_non_null(strstr(gp, "<text>\u22121,"));
        assert_null(strstr(gp, "<text>-"));
        free(gp);
        assert_int_equal(fk_plot_forest_panels(dir, "nopanels", &o, p, 0,
                                               &err), FK_EDOMAIN);
}

/* The report's forest of results of three kinds: one panel per scale, the
 * interval of the verdict's basis, never a mean in "percentage points"
 * (an interview difference of -1.20 once came out as -119,9). */
static void test_chart_forest_scales(void **state)
{
        struct fk_outcome_result r[3];
        const struct fk_outcome_result *rs[3] = { &r[0], &r[1], &r[2] };
        const char *labels[3] = { "I job", "Samtaler", "Tid til job" };
        static const enum fk_type types[3] = { FK_TYPE_BINARY, FK_TYPE_COUNT,
                                                FK_TYPE_SURVIVAL };
        static const double est[3] = { 0.037, -1.2, 1.18 };
        static const double lo[3] = { 0.011, -2.4, 1.08 };
        static const double hi[3] = { 0.063, 0.1, 1.28 };
        struct fk_chart_text tx = { 1, "Forsøg", "Sammenligning", NULL };
        struct fk_error err = FK_ERROR_INIT;
        char *gp;
        int rc;

        (void)state;
        for (int i = 0; i < 3; i++) {
                struct fk_effect *e;

                fk_result_init(&r[i], labels[i], types[i], FK_BETTER_HIGHER,
                               0.95);
                r[i].groups[0].mean = 3;
                snprintf(r[i].verdict.measure, sizeof r[i].verdict.measure,
                         "%s", i == 0 ? "risk_difference" : i == 1 ?
                         "mean_difference" : "hazard_ratio");
                /* the individual-level effect, narrower: not drawn */
                e = fk_result_add_effect(&r[i], r[i].verdict.measure, "x");
                e->estimate = est[i];
                e->ci[0] = est[i] - 0.001;
                e->ci[1] = est[i] + 0.001;
                r[i].has_cluster = 1;
                r[i].verdict.basis = i == 2 ? FK_BASIS_LIN_WEI : FK_BASIS_CR2;
                r[i].verdict.estimate = est[i];
                r[i].verdict.ci[0] = lo[i];
                r[i].verdict.ci[1] = hi[i];
                r[i].verdict.result = FK_V_NO_DIFFERENCE;
        }
        r[1].better = FK_BETTER_LOWER;
        rc = fk_chart_forest(rs, labels, 3, &tx, dir, "chartforest", &err);
        gp = slurp("chartforest", "gp", NULL);
        assert_non_null(gp);
        assert_non_null(strstr(gp, "set label '3,7 (1,1; 6,3)'"));
        assert_non_null(strstr(gp, "set label '\u22121,20 (\u22122,40; "
                               "0,10)'"));
        assert_non_null(strstr(gp, "set label '1,18 (1,08; 1,28)'"));
        assert_null(strstr(gp, "-119"));
        assert_null(strstr(gp, "-120"));
        assert_non_null(strstr(gp, "Forskel i andel, procentpoint (95 %-KI "
                               "på klyngeniveau)"));
        assert_non_null(strstr(gp, "Forskel i gennemsnit: Samtaler"));
        assert_non_null(strstr(gp, "Hazardratio for jobstart, logaritmisk "
                               "akse"));
        free(gp);
        for (int i = 0; i < 3; i++)
                fk_result_release(&r[i]);
        check_chart(rc, &err, "chartforest", "Forskelle mellem");
}

/* Municipalities grouped by arm with the arms' pooled lines. */
static void test_clusters(void **state)
{
        static const struct fk_plot_row rows[] = {
                { "Aalborg", 0.909, 0.899, 0.918 },
                { "Frederikshavn/Læsø", 0.914, 0.894, 0.931 },
                { "Thisted", 0.96, 0.94, 0.973 },
                { "Haderslev", 0.863, 0.838, 0.884 },
                { "Ringkøbing-Skjern", 0.916, 0.895, 0.933 },
                { "Læsø 'lille' (ingen data)", NAN, NAN, NAN }
        };
        static const size_t counts[] = { 3, 3 };
        static const double pooled[] = { 0.915, 0.873 };
        const char *groups[] = { "Forsøgskommuner (3)",
                                 "Sammenligningskommuner (3)" };
        const char *legend[] = { "Forsøg i alt: 91,5 %",
                                 "Sammenligning i alt: 87,3 %" };
        struct fk_plot_clusters d = { groups, counts, 2, rows, pooled,
                                      legend, 0 };
        struct fk_plot_opts o = da_opts("I job 52 uger, kommune for kommune",
                                        "Andel, %", NULL);
        struct fk_error err = FK_ERROR_INIT;
        char *gp, *dat;
        int rc;

        (void)state;
        o.percent = 1;
        rc = fk_plot_clusters(dir, "clusters", &o, &d, &err);
        gp = slurp("clusters", "gp", NULL);
        dat = slurp("clusters", "dat", NULL);
        assert_non_null(gp);
        assert_non_null(dat);
        assert_non_null(strstr(gp, "'Ringkøbing-Skjern'"));
        assert_non_null(strstr(gp, "'Læsø ''lille'' (ingen data)'"));
        assert_non_null(strstr(gp, "'Sammenligningskommuner (3)'"));
        assert_non_null(strstr(gp, "title 'Forsøg i alt: 91,5 %'"));
        assert_non_null(strstr(dat, "90.9\t89.9\t91.8"));
        assert_non_null(strstr(dat, "91.5\t"));  /* the trial line */
        free(gp);
        free(dat);
        check_chart(rc, &err, "clusters", "kommune for kommune");
        d.counts = (const size_t[]){ 3, 0 };
        assert_int_equal(fk_plot_clusters(dir, "badclusters", &o, &d, &err),
                         FK_EDOMAIN);
        assert_false(exists("badclusters", "gp"));
}

/* Weeks to job: exponential with the given weekly rate, censored at 52
 * weeks or at a uniform drop-out time; a fixed LCG keeps it reproducible. */
static void job_times(double rate, unsigned seed, double *t, double *e,
                      size_t n)
{
        unsigned long x = seed;
        size_t i;
        double u, c;

        for (i = 0; i < n; i++) {
                x = (x * 6364136223846793005UL + 1442695040888963407UL);
                u = ((double)(x >> 11) + 0.5) / 9007199254740992.0;
                x = (x * 6364136223846793005UL + 1442695040888963407UL);
                c = 20 + 60 * ((double)(x >> 11) / 9007199254740992.0);
                t[i] = ceil(-log(u) / rate);
                e[i] = t[i] <= fmin(c, 52) ? 1 : 0;
                if (e[i] < 0.5)
                        t[i] = floor(fmin(c, 52));
        }
}

static void test_km(void **state)
{
        static double t1[300], e1[300], t2[300], e2[300];
        static const double at[] = { 0, 13, 26, 39, 52 };
        struct fk_km k1, k2;
        const struct fk_km *curves[2] = { &k1, &k2 };
        const char *labels[2] = { "Forsøg", "Sammenligning" };
        struct fk_plot_km d = { curves, labels, 2, at, 5, "Antal i risiko",
                                NAN };
        struct fk_plot_opts o = da_opts("Tid til job: andel kommet i job",
                                        "Uger efter tilmelding",
                                        "Kommet i job (%)");
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        job_times(0.030, 7, t1, e1, 300);
        job_times(0.024, 11, t2, e2, 300);
        assert_int_equal(fk_km_fit(t1, e1, NULL, 300, 0.95, FK_KM_LOGLOG,
                                   &k1, &err), FK_OK);
        assert_int_equal(fk_km_fit(t2, e2, NULL, 300, 0.95, FK_KM_LOGLOG,
                                   &k2, &err), FK_OK);
        o.percent = 1;
        check_chart(fk_plot_km(dir, "km", &o, &d, &err), &err, "km",
                    "Tid til job");
        fk_km_release(&k1);
        fk_km_release(&k2);
}

static const char *const quarters[] = {
        "2015Q1", "2015Q2", "2015Q3", "2015Q4", "2016Q1", "2016Q2", "2016Q3",
        "2016Q4", "2017Q1", "2017Q2", "2017Q3", "2017Q4", "2018Q1", "2018Q2",
        "2018Q3", "2018Q4", "2019Q1", "2019Q2", "2019Q3", "2019Q4"
};

static void test_trend(void **state)
{
        double yt[20], yc[20];
        struct fk_plot_series s[2] = {
                { "Forsøgskommuner", yt, NULL, NULL },
                { "Sammenligningskommuner", yc, NULL, NULL }
        };
        struct fk_plot_trend d = { quarters, 20, s, 2, 10, "Forsøgsstart",
                                   NULL, NULL, 0 };
        struct fk_plot_opts o = da_opts("Andel selvforsørgende, gennemsnit "
                                        "pr. kvartal", "Kvartal",
                                        "Selvforsørgende (%)");
        struct fk_error err = FK_ERROR_INIT;
        size_t i;

        (void)state;
        for (i = 0; i < 20; i++) {
                yc[i] = 0.52 + 0.004 * (double)i + 0.01 * sin((double)i);
                yt[i] = yc[i] - 0.012 + (i >= 10 ? 0.003 * (double)(i - 9)
                                                 : 0) + 0.005 * cos(2.0 * (double)i);
        }
        o.percent = 1;
        check_chart(fk_plot_trend(dir, "trend", &o, &d, &err), &err, "trend",
                    "Andel selvforsørgende");
}

static void test_eventstudy(void **state)
{
        double est[20], lo[20], hi[20];
        struct fk_plot_eventstudy d = { quarters, 20, est, lo, hi, 9, 10,
                                        "Forsøgsstart" };
        struct fk_plot_opts o = da_opts("Event study: forskel til "
                                        "sammenligning, relativt til 2017Q2",
                                        "Kvartal", "Koefficient, "
                                        "procentpoint");
        struct fk_error err = FK_ERROR_INIT;
        size_t i;

        (void)state;
        for (i = 0; i < 20; i++) {
                est[i] = (i >= 10 ? 0.004 * (double)(i - 9) : 0) +
                         0.004 * sin(3.0 * (double)i);
                lo[i] = est[i] - 0.012;
                hi[i] = est[i] + 0.012;
        }
        o.percent = 1;
        check_chart(fk_plot_eventstudy(dir, "eventstudy", &o, &d, &err), &err,
                    "eventstudy", "Event study");
        d.post = 20;
        assert_int_equal(fk_plot_eventstudy(dir, "bad", &o, &d, &err),
                         FK_EDOMAIN);
}

/* Staggered starts: a mark per cohort, each label on its own line, the
 * note kept beside them; marks out of order or range are refused. */
static void test_trend_marks(void **state)
{
        double y[3][20];
        struct fk_plot_series s[3] = {
                { "Start 2016Q3 (4)", y[0], NULL, NULL },
                { "Start 2017Q2 (3)", y[1], NULL, NULL },
                { "Aldrig i forsøg (5)", y[2], NULL, NULL }
        };
        size_t marks[3] = { 6, 9, 10 };
        const char *const labels[3] = { "Start 2016Q3", "Start 2017Q2",
                                        "Start 2017Q3" };
        struct fk_plot_trend d = { quarters, 20, s, 3, (size_t)-1, NULL,
                                   marks, labels, 3 };
        struct fk_plot_opts o = da_opts("Forskudte starter", "Kvartal",
                                        "Gennemsnit");
        struct fk_error err = FK_ERROR_INIT;
        char *gp;

        (void)state;
        for (size_t k = 0; k < 3; k++)
                for (size_t i = 0; i < 20; i++)
                        y[k][i] = 0.5 + 0.01 * (double)k + 0.002 * (double)i;
        check_chart(fk_plot_trend(dir, "marks", &o, &d, &err), &err, "marks",
                    "Forskudte starter");
        gp = slurp("marks", "gp", NULL);
        assert_non_null(gp);
        assert_non_null(strstr(gp, "set label 101 'Start 2016Q3' at first 5.5"));
        assert_non_null(strstr(gp, "set label 102 'Start 2017Q2' at first 8.5"));
        assert_non_null(strstr(gp, "set label 103 'Start 2017Q3' at first 9.5"));
        assert_non_null(strstr(gp, "offset 0.6,-3.4"));
        assert_non_null(strstr(gp, "Kilde: jobindsats.dk"));
        assert_null(strstr(gp, "Forsøgsstart"));
        free(gp);
        marks[1] = 6;
        assert_int_equal(fk_plot_trend(dir, "bad", &o, &d, &err), FK_EDOMAIN);
        marks[1] = 9;
        marks[2] = 20;
        assert_int_equal(fk_plot_trend(dir, "bad", &o, &d, &err), FK_EDOMAIN);
}

/* Event times of staggered starts with a varying base: no reference. */
static void test_eventstudy_noref(void **state)
{
        static const char *const e[7] = { "\u22123", "\u22122", "\u22121",
                                           "0", "1", "2", "3" };
        double est[7] = { 0.01, -0.005, 0.002, 0.02, 0.025, 0.03, 0.028 };
        double lo[7], hi[7];
        struct fk_plot_eventstudy d = { e, 7, est, lo, hi, (size_t)-1, 3,
                                        "Forsøgsstart (e = 0)" };
        struct fk_plot_opts o = da_opts("ATT efter hændelsestid", "e", "ATT");
        struct fk_error err = FK_ERROR_INIT;
        char *gp;

        (void)state;
        for (size_t i = 0; i < 7; i++) {
                lo[i] = est[i] - 0.01;
                hi[i] = est[i] + 0.01;
        }
        check_chart(fk_plot_eventstudy(dir, "noref", &o, &d, &err), &err,
                    "noref", "ATT efter");
        gp = slurp("noref", "gp", NULL);
        assert_non_null(gp);
        assert_null(strstr(gp, "index 1 using"));
        free(gp);
        d.ref = 7;
        assert_int_equal(fk_plot_eventstudy(dir, "bad", &o, &d, &err),
                         FK_EDOMAIN);
}

static void test_likert(void **state)
{
        static const char *const levels[] = {
                "Meget utilfreds", "Utilfreds", "Hverken eller", "Tilfreds",
                "Meget tilfreds"
        };
        static const char *const rows[] = { "Forsøg", "Sammenligning" };
        static const double counts[] = { 12, 30, 55, 120, 83,
                                          25, 48, 70, 101, 56 };
        static const double counts4[] = { 20, 60, 150, 70, 30, 45, 120, 60 };
        struct fk_plot_likert d = { levels, 5, rows, 2, counts };
        struct fk_plot_opts o = da_opts("Tilfredshed med samtalerne på "
                                        "jobcentret", "Andel af svarene", NULL);
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        check_chart(fk_plot_likert(dir, "likert", &o, &d, &err), &err,
                    "likert", "Tilfredshed med samtalerne");
        d.nlevels = 4;         /* an even scale: no neutral level */
        d.levels = levels + 1;
        d.counts = counts4;
        check_chart(fk_plot_likert(dir, "likert4", &o, &d, &err), &err,
                    "likert4", "Tilfredshed med samtalerne");
}

/* A label with a single quote, a backslash, XML specials and a line break
 * reaches the script quoted and the SVG as text. */
static void test_quoting(void **state)
{
        static const double y[] = { 0.4 }, lo[] = { 0.3 }, hi[] = { 0.5 };
        struct fk_plot_series s[1] = { { "Kommunens 'egen' vej \\ <b>& 50 %"
                                         "\nny linje", y, lo, hi } };
        struct fk_plot_bars d = { NULL, 1, s, 1 };
        struct fk_plot_opts o = da_opts("Borgerens 'tilfredshed' \\n "
                                        "C:\\sti", NULL, NULL);
        struct fk_error err = FK_ERROR_INIT;
        char *gp;
        int rc;

        (void)state;
        rc = fk_plot_bars(dir, "quote", &o, &d, &err);
        gp = slurp("quote", "gp", NULL);
        assert_non_null(gp);
        assert_non_null(strstr(gp, "'Borgerens ''tilfredshed'' \\n "
                                   "C:\\sti'"));
        assert_non_null(strstr(gp, "'Kommunens ''egen'' vej \\ <b>& 50 %% ny "
                                   "linje'"));
        free(gp);
        check_chart(rc, &err, "quote", "Borgerens 'tilfredshed' \\n "
                    "C:\\sti");
}

static void test_bad_text(void **state)
{
        static const double y[] = { 0.4 };
        struct fk_plot_series s[1] = { { "ugyldig \xe6 latin-1", y, NULL,
                                         NULL } };
        struct fk_plot_bars d = { NULL, 1, s, 1 };
        struct fk_plot_opts o = FK_PLOT_OPTS_INIT;
        struct fk_error err = FK_ERROR_INIT;

        (void)state;
        assert_int_equal(fk_plot_bars(dir, "latin1", &o, &d, &err), FK_EDATA);
        assert_false(exists("latin1", "gp"));
        assert_int_equal(fk_plot_bars(dir, "../escape", &o, &d, &err),
                         FK_EDOMAIN);
        assert_int_equal(fk_plot_bars(dir, ".hidden", &o, &d, &err),
                         FK_EDOMAIN);
}

/* FKSTAT_GNUPLOT naming no program: FK_ENOTFOUND, with the script and data
 * written and no picture. */
static void test_no_gnuplot(void **state)
{
        static const double y[] = { 0.4 }, lo[] = { 0.3 }, hi[] = { 0.5 };
        struct fk_plot_series s[1] = { { "Forsøg", y, lo, hi } };
        struct fk_plot_bars d = { NULL, 1, s, 1 };
        struct fk_plot_opts o = da_opts("Uden gnuplot", NULL, NULL);
        struct fk_error err = FK_ERROR_INIT;
        const char *old = getenv("FKSTAT_GNUPLOT");
        char *keep_old = old ? strdup(old) : NULL;
        int rc;

        (void)state;
        setenv("FKSTAT_GNUPLOT", "/nonexistent", 1);
        assert_string_equal(fk_plot_program(), "/nonexistent");
        rc = fk_plot_bars(dir, "nognuplot", &o, &d, &err);
        if (keep_old)
                setenv("FKSTAT_GNUPLOT", keep_old, 1);
        else
                unsetenv("FKSTAT_GNUPLOT");
        free(keep_old);
        assert_int_equal(rc, FK_ENOTFOUND);
        assert_int_equal(err.code, FK_ENOTFOUND);
        assert_non_null(strstr(err.msg, "/nonexistent"));
        assert_true(exists("nognuplot", "gp"));
        assert_true(exists("nognuplot", "dat"));
        assert_false(exists("nognuplot", "svg"));
        assert_false(exists("nognuplot", "png"));
}

/* gnuplot that runs and fails: FK_EIO with its message, no picture. */
/* Numbers as a reader sees them: Danish thousands with a period, decimal
 * comma and a real minus; English as printf writes them. */
static void test_label_num(void **state)
{
        char b[64];

        (void)state;
        assert_string_equal(fk_label_num(b, sizeof b, 24682, 0, 1), "24.682");
        assert_string_equal(fk_label_num(b, sizeof b, 999, 0, 1), "999");
        assert_string_equal(fk_label_num(b, sizeof b, 1000, 0, 1), "1.000");
        assert_string_equal(fk_label_num(b, sizeof b, -1234.5, 1, 1),
                            "\u22121.234,5");
        assert_string_equal(fk_label_num(b, sizeof b, 1234567.891, 2, 1),
                            "1.234.567,89");
        assert_string_equal(fk_label_num(b, sizeof b, -0.004, 2, 1), "0,00");
        assert_string_equal(fk_label_num(b, sizeof b, 0.35, 2, 1), "0,35");
        assert_string_equal(fk_label_num(b, sizeof b, 24682, 0, 0), "24682");
        assert_string_equal(fk_label_num(b, sizeof b, -1234.5, 1, 0),
                            "-1234.5");
        /* a short buffer gets a cut string, never an overrun */
        assert_string_equal(fk_label_num(b, 4, 24682, 0, 1), "24.");
}

static void test_gnuplot_fails(void **state)
{
        static const double y[] = { 0.4 };
        struct fk_plot_series s[1] = { { "Forsøg", y, NULL, NULL } };
        struct fk_plot_bars d = { NULL, 1, s, 1 };
        struct fk_plot_opts o = FK_PLOT_OPTS_INIT;
        struct fk_error err = FK_ERROR_INIT;
        int rc;

        (void)state;
        setenv("FKSTAT_GNUPLOT", "false", 1);
        rc = fk_plot_bars(dir, "fails", &o, &d, &err);
        unsetenv("FKSTAT_GNUPLOT");
        assert_int_equal(rc, FK_EIO);
        assert_non_null(strstr(err.msg, "gnuplot failed"));
        assert_false(exists("fails", "svg"));
        assert_false(exists("fails", "png"));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_bars),
                cmocka_unit_test(test_forest),
                cmocka_unit_test(test_forest_log),
                cmocka_unit_test(test_forest_panels),
                cmocka_unit_test(test_chart_forest_scales),
                cmocka_unit_test(test_clusters),
                cmocka_unit_test(test_km),
                cmocka_unit_test(test_trend),
                cmocka_unit_test(test_eventstudy),
                cmocka_unit_test(test_trend_marks),
                cmocka_unit_test(test_eventstudy_noref),
                cmocka_unit_test(test_likert),
                cmocka_unit_test(test_quoting),
                cmocka_unit_test(test_bad_text),
                cmocka_unit_test(test_no_gnuplot),
                cmocka_unit_test(test_gnuplot_fails),
                cmocka_unit_test(test_label_num),
        };

        return cmocka_run_group_tests(tests, setup, teardown);
}
