/* The argument checks that stats/ shares; see stats/check.h. */
#include <math.h>

#include "stats/check.h"

int fk_check_conf(double conf, const char *what, struct fk_error *err)
{
        if (!(conf > 0.0 && conf < 1.0))
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "%s%sconfidence level %g is outside (0, 1)",
                                    what ? what : "", what ? ": " : "", conf);
        return FK_OK;
}

static int is_whole(double v)
{
        return isfinite(v) && !(v - floor(v) > 0.0);
}

int fk_check_trials(double x, double n, const char *what,
                    struct fk_error *err)
{
        if (!is_whole(x) || !is_whole(n) || x < 0.0 || !(n > 0.0) || x > n)
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "%s: need whole counts 0 <= x <= n and "
                                    "n > 0 (x = %g, n = %g)", what, x, n);
        return FK_OK;
}
