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
        for (char *p = err->msg; *p; p++)
                if (*p == '\n' || *p == '\r')
                        *p = ' ';
        return code;
}

struct fk_quote fk_quote(const char *s)
{
        static const char hex[] = "0123456789abcdef";
        struct fk_quote q;
        char *p = q.s;
        size_t chars = 0;

        for (; *s; s++) {
                unsigned char c = (unsigned char)*s;

                /* A character starts at any byte but a UTF-8 continuation;
                 * the byte bound holds for invalid UTF-8 too. */
                if (((c & 0xC0) != 0x80 && chars++ == FK_QUOTE_CHARS) ||
                    p - q.s >= 4 * FK_QUOTE_CHARS) {
                        memcpy(p, "\xe2\x80\xa6", 3);     /* … */
                        p += 3;
                        break;
                }
                if (c < 0x20 || c == 0x7F) {
                        *p++ = '\\';
                        if (c == '\n' || c == '\r' || c == '\t') {
                                *p++ = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
                        } else {
                                *p++ = 'x';
                                *p++ = hex[c >> 4];
                                *p++ = hex[c & 15];
                        }
                } else {
                        *p++ = (char)c;
                }
        }
        *p = '\0';
        return q;
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
