/* The error funnel; see include/fkstat/error.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fkstat/error.h"

int fk_error_set(struct fk_error *err, int code, const char *file, long line,
                 const char *fmt, ...)
{
        va_list ap;

        if (!err)
                return code;
        err->code = code;
        snprintf(err->file, sizeof err->file, "%s", file ? file : "");
        err->line = line;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        return code;
}

void fk_error_clear(struct fk_error *err)
{
        if (!err)
                return;
        err->code = FK_OK;
        err->file[0] = '\0';
        err->line = 0;
        err->msg[0] = '\0';
}
