/* The argument checks that stats/ shares; see stats/check.h. */
#include "stats/check.h"

int fk_check_conf(double conf, const char *what, struct fk_error *err)
{
        if (!(conf > 0.0 && conf < 1.0))
                return fk_error_set(err, FK_EDOMAIN, NULL, 0,
                                    "%s%sconfidence level %g is outside (0, 1)",
                                    what ? what : "", what ? ": " : "", conf);
        return FK_OK;
}
