/* The process-wide progress callback of the resampling loops; see
 * include/fkstat/progress.h. */
#include "fkstat/progress.h"

#include <stddef.h>

static fk_progress_fn hook;
static void *hook_ctx;

void fk_progress_set(fk_progress_fn fn, void *ctx)
{
        hook = fn;
        hook_ctx = ctx;
}

void fk_progress_report(double done, double total)
{
        if (hook)
                hook(hook_ctx, done, total, done);
}
