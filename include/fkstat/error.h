/* fkstat — the error funnel of libfkstat.
 *
 * Every library function that can fail returns an int status (FK_OK on
 * success) and fills a caller-given struct fk_error.  The library never
 * prints and never exits; the CLI turns a struct fk_error into the one-line
 * message "fkstat: CMD: FILE:LINE: message".  Set a breakpoint on
 * fk_error_set to catch every error where it is raised.
 */
#ifndef FKSTAT_ERROR_H
#define FKSTAT_ERROR_H

#include <stddef.h>

enum fk_status {
        FK_OK = 0,
        FK_EDATA,       /* malformed or invalid data: exit status 1 */
        FK_EDOMAIN,     /* argument outside the function's domain */
        FK_ENOMEM,      /* allocation failed */
        FK_EIO,         /* read or write failure */
        FK_EUSAGE,      /* caller asked for something impossible: exit 2 */
        FK_ENOTFOUND    /* a helper program (gnuplot) could not be started */
};

struct fk_error {
        int code;               /* an enum fk_status */
        char file[256];         /* input file, "" when none */
        long line;              /* 1-based physical line, 0 when none */
        char msg[512];          /* lowercase, no full stop */
};

#define FK_ERROR_INIT { FK_OK, "", 0, "" }

/* Record an error in err (which may be NULL) and return code.  file may be
 * NULL and line 0 when the error has no position. */
int fk_error_set(struct fk_error *err, int code, const char *file, long line,
                 const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 5, 6)))
#endif
        ;

/* Clear err to FK_OK. */
void fk_error_clear(struct fk_error *err);

#endif
