/* A command's standard output, all or nothing: the renderers write into
 * memory, and only a complete rendering reaches stdout, so an allocation
 * failure halfway never leaves half a document behind.  The memory stream
 * is our own (fopencookie) rather than open_memstream, whose growth failure
 * glibc does not flag as a stream error. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "cli/cli.h"

static ssize_t mem_write(void *cookie, const char *data, size_t n)
{
        struct cli_out *o = cookie;

        if (o->len + n > o->cap) {
                size_t cap = o->cap ? o->cap : 4096;
                char *b;

                while (cap < o->len + n)
                        cap *= 2;
                if (!(b = realloc(o->buf, cap))) {
                        o->failed = 1;
                        return -1;
                }
                o->buf = b;
                o->cap = cap;
        }
        memcpy(o->buf + o->len, data, n);
        o->len += n;
        return (ssize_t)n;
}

FILE *cli_out_begin(struct cli_out *o)
{
        cookie_io_functions_t io = { NULL, mem_write, NULL, NULL };

        o->buf = NULL;
        o->len = o->cap = 0;
        o->failed = 0;
        o->f = fopencookie(o, "w", io);
        return o->f;
}

int cli_out_end(struct cli_out *o, const char *cmd, int rc, FILE *out)
{
        int failed = rc || ferror(o->f);

        if (fclose(o->f) != 0 || o->failed)
                failed = 1;
        if (failed) {
                free(o->buf);
                cli_note(cmd, "out of memory");
                return FK_EXIT_DATA;
        }
        if (o->len && fwrite(o->buf, 1, o->len, out) != o->len) {
                free(o->buf);
                return FK_EXIT_DATA;    /* main says "write error" */
        }
        free(o->buf);
        return FK_EXIT_OK;
}
