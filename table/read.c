/* Reading files into a table: the read driver of include/fkstat/table.h
 * (fk_table_read, fk_table_parse_buffer) — whole files into memory, then
 * the CSV grammar of csv.c into the store of table.c. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static const struct fk_csv_opts default_opts = FK_CSV_OPTS_INIT;

static int read_all(const char *file, char **buf, size_t *len,
                    struct fk_error *err)
{
        const char *name = table_display_name(file);
        int is_stdin = !strcmp(file, "-");
        FILE *f = is_stdin ? stdin : fopen(file, "rb");
        size_t cap = 65536, n = 0, got;
        struct stat st;
        char *p = NULL, *q;
        int rc = FK_OK;

        *buf = NULL;
        if (!f && errno == ENOMEM)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        if (!f)
                return fk_error_set(err, FK_EIO, name, 0, "cannot open: %s",
                                    strerror(errno));
        if (fstat(fileno(f), &st) == 0) {
                if (S_ISDIR(st.st_mode)) {
                        rc = fk_error_set(err, FK_EIO, name, 0,
                                          "cannot read: %s", strerror(EISDIR));
                        goto out;
                }
                if (S_ISREG(st.st_mode) && st.st_size > 0 &&
                    (uintmax_t)st.st_size < SIZE_MAX / 2)
                        cap = (size_t)st.st_size + 1;
        }
        for (;;) {
                if (n == cap || !p) {
                        if (p)
                                cap *= 2;
                        q = realloc(p, cap);
                        if (!q) {
                                rc = fk_error_set(err, FK_ENOMEM, name, 0,
                                                  "out of memory");
                                goto out;
                        }
                        p = q;
                }
                got = fread(p + n, 1, cap - n, f);
                /* a NUL byte ends the reading at once (table_decode says
                 * so, with its line): /dev/zero or a binary file is not
                 * read to the end of memory */
                if (got && (q = memchr(p + n, '\0', got))) {
                        n = (size_t)(q - p) + 1;
                        break;
                }
                n += got;
                if (got == 0)
                        break;
        }
        if (ferror(f))
                rc = fk_error_set(err, FK_EIO, name, 0, "cannot read: %s",
                                  strerror(errno));
out:
        if (!is_stdin)
                fclose(f);
        else
                clearerr(f);
        if (rc) {
                free(p);
                return rc;
        }
        *buf = p;
        *len = n;
        return FK_OK;
}

static int read_inputs(const char *const *files, size_t nfiles,
                       const struct fk_csv_opts *opts, size_t spooled,
                       char *body, size_t blen, struct fk_table **out,
                       struct fk_error *err);

int fk_table_read(const char *const *files, size_t nfiles,
                  const struct fk_csv_opts *opts, struct fk_table **out,
                  struct fk_error *err)
{
        return read_inputs(files, nfiles, opts, (size_t)-1, NULL, 0, out,
                           err);
}

int table_read_spooled(const char *const *files, size_t nfiles,
                       const struct fk_csv_opts *opts, size_t i, char *buf,
                       size_t len, struct fk_table **out,
                       struct fk_error *err)
{
        return read_inputs(files, nfiles, opts, i, buf, len, out, err);
}

static int read_inputs(const char *const *files, size_t nfiles,
                       const struct fk_csv_opts *opts, size_t spooled,
                       char *body, size_t blen, struct fk_table **out,
                       struct fk_error *err)
{
        struct fk_table *t = NULL;
        char *buf;
        size_t len = 0;
        int rc;

        *out = NULL;
        if (!opts)
                opts = &default_opts;
        if (!files || nfiles == 0 || nfiles > UINT32_MAX)
                rc = fk_error_set(err, FK_EDOMAIN, NULL, 0, "no input files");
        else if (!(rc = table_check_opts(opts, err)) &&
                 !(t = table_alloc(files, nfiles)))
                rc = fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        if (rc) {
                free(body);
                return rc;
        }
        for (size_t i = 0; i < nfiles; i++) {
                if (i == spooled) {
                        buf = body;
                        len = blen;
                        body = NULL;
                        rc = FK_OK;
                } else {
                        rc = read_all(files[i], &buf, &len, err);
                }
                if (!rc)
                        rc = table_parse_csv(t, (uint32_t)i, buf, len, 0,
                                             opts, err);
                free(buf);
                if (rc) {
                        free(body);
                        fk_table_free(t);
                        return rc;
                }
        }
        if ((rc = table_finish(t, opts, err)) ||
            (opts->wide_period && (rc = table_wide_reshape(t, opts, err)))) {
                fk_table_free(t);
                return rc;
        }
        *out = t;
        return FK_OK;
}

int fk_table_parse_buffer(const char *buf, size_t len, const char *name,
                          size_t chunk, const struct fk_csv_opts *opts,
                          struct fk_table **out, struct fk_error *err)
{
        struct fk_table *t = NULL;
        int rc;

        *out = NULL;
        if (!opts)
                opts = &default_opts;
        if (!name)
                name = "<buffer>";
        if ((rc = table_check_opts(opts, err)))
                return rc;
        t = table_alloc(&name, 1);
        if (!t)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        rc = table_parse_csv(t, 0, buf, len, chunk, opts, err);
        if (!rc)
                rc = table_finish(t, opts, err);
        if (!rc && opts->wide_period)
                rc = table_wide_reshape(t, opts, err);
        if (rc) {
                fk_table_free(t);
                return rc;
        }
        *out = t;
        return FK_OK;
}
