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
 * NULL and line 0 when the error has no position.  A line break in the
 * formatted message becomes a space: every error is one line. */
int fk_error_set(struct fk_error *err, int code, const char *file, long line,
                 const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 5, 6)))
#endif
        ;

/* Quoting data in a message.  fk_quote(s).s is s cut to its first
 * FK_QUOTE_CHARS characters with "…" appended when it was longer, and with
 * control characters written as \n, \r, \t or \xHH, so that a 2 MB cell or
 * a quoted line break never makes an error message long or more than one
 * line.  The result is a structure so that it can be used inside the call:
 * fk_error_set(err, FK_EDATA, f, l, "'%s' is not ...", fk_quote(cell).s). */
#define FK_QUOTE_CHARS 40
struct fk_quote {
        char s[4 * FK_QUOTE_CHARS + 8];
};

struct fk_quote fk_quote(const char *s);

/* Clear err to FK_OK. */
void fk_error_clear(struct fk_error *err);

#endif
