/* A progress line on stderr for long reads and resampling loops, shown
 * only when stderr is a terminal: "\r  1.2M rows  45 %  8.1M rows/s",
 * redrawn at most five times a second and cleared at the end. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

static double now(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_progress_init(struct cli_progress *p, const char *unit)
{
        p->on = isatty(2);
        p->shown = 0;
        p->start = p->last = now();
        p->unit = unit;
}

/* "1.2M", "830k", "12" */
static void human(char *buf, size_t len, double x)
{
        if (x >= 1e9)
                snprintf(buf, len, "%.1fG", x / 1e9);
        else if (x >= 1e6)
                snprintf(buf, len, "%.1fM", x / 1e6);
        else if (x >= 1e4)
                snprintf(buf, len, "%.0fk", x / 1e3);
        else
                snprintf(buf, len, "%.0f", x);
}

void cli_progress(void *ctx, double done, double total, double items)
{
        struct cli_progress *p = ctx;
        double t = now();
        char a[32], b[32];

        if (!p->on || t - p->last < 0.2)
                return;
        p->last = t;
        human(a, sizeof a, items);
        human(b, sizeof b, t > p->start ? items / (t - p->start) : 0);
        if (total > 0)
                fprintf(stderr, "\r  %s %s  %3.0f %%  %s %s/s ", a, p->unit,
                        100 * done / total, b, p->unit);
        else
                fprintf(stderr, "\r  %s %s  %s %s/s ", a, p->unit, b, p->unit);
        p->shown = 1;
}

void cli_progress_end(struct cli_progress *p)
{
        if (p->shown)
                fputs("\r\033[K", stderr);
        p->shown = 0;
}
