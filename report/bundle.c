/* Report bundle plumbing: temporary directory and rename, file helpers,
 * SHA-256 through nettle.  See include/fkstat/bundle.h. */
#define _XOPEN_SOURCE 700
#include "fkstat/bundle.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>

int fk_sha256_file(const char *path, char hex[65], struct fk_error *err)
{
        struct sha256_ctx ctx;
        unsigned char buf[65536], dig[SHA256_DIGEST_SIZE];
        FILE *f = fopen(path, "rb");
        size_t n;

        if (!f)
                return fk_error_set(err, FK_EIO, path, 0, "%s", strerror(errno));
        sha256_init(&ctx);
        while ((n = fread(buf, 1, sizeof buf, f)) > 0)
                sha256_update(&ctx, n, buf);
        if (ferror(f)) {
                fclose(f);
                return fk_error_set(err, FK_EIO, path, 0, "read error");
        }
        fclose(f);
        sha256_digest(&ctx, SHA256_DIGEST_SIZE, dig);
        for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++)
                snprintf(hex + 2 * i, 3, "%02x", dig[i]);
        return FK_OK;
}

/* mkdir -p of the folder that holds path (its parents, not path). */
static void make_parents(char *path)
{
        for (char *s = path + 1; *s; s++) {
                if (*s != '/')
                        continue;
                *s = '\0';
                mkdir(path, 0777);      /* an error shows at mkdtemp */
                *s = '/';
        }
}

int fk_bundle_begin(const char *dir, char **tmp, struct fk_error *err)
{
        size_t n = strlen(dir);
        char *t = malloc(n + 16);

        *tmp = NULL;
        if (!t)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        while (n > 1 && dir[n - 1] == '/')
                n--;
        memcpy(t, dir, n);
        memcpy(t + n, ".tmp-XXXXXX", 12);
        make_parents(t);
        if (!mkdtemp(t)) {
                int e = errno;

                free(t);
                return fk_error_set(err, FK_EIO, dir, 0,
                                    "cannot create a directory beside it: %s",
                                    strerror(e));
        }
        *tmp = t;
        return FK_OK;
}

static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
        (void)sb;
        (void)flag;
        (void)ftw;
        return remove(path);
}

void fk_bundle_abort(const char *tmp)
{
        if (tmp)
                nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int fk_bundle_commit(const char *tmp, const char *dir, struct fk_error *err)
{
        struct stat st;
        char *old = NULL;
        int rc = FK_OK;

        if (stat(dir, &st) == 0) {
                if (!S_ISDIR(st.st_mode))
                        return fk_error_set(err, FK_EIO, dir, 0,
                                            "exists and is not a directory");
                old = malloc(strlen(dir) + 16);
                if (!old)
                        return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                            "out of memory");
                sprintf(old, "%s.old-XXXXXX", dir);
                if (!mkdtemp(old) || rename(dir, old)) {
                        rc = fk_error_set(err, FK_EIO, dir, 0,
                                          "cannot move the earlier report "
                                          "aside: %s", strerror(errno));
                        free(old);
                        return rc;
                }
        }
        if (rename(tmp, dir)) {
                rc = fk_error_set(err, FK_EIO, dir, 0, "%s", strerror(errno));
                if (old)
                        rename(old, dir);       /* put the old one back */
        } else if (old) {
                fk_bundle_abort(old);
        }
        free(old);
        return rc;
}

int fk_write_file(const char *dir, const char *name, const char *data,
                  size_t len, struct fk_error *err)
{
        size_t n = strlen(dir) + strlen(name) + 2;
        char *path = malloc(n);
        FILE *f;
        int bad;

        if (!path)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        snprintf(path, n, "%s/%s", dir, name);
        f = fopen(path, "wb");
        if (!f) {
                fk_error_set(err, FK_EIO, path, 0, "%s", strerror(errno));
                free(path);
                return FK_EIO;
        }
        bad = fwrite(data, 1, len, f) != len;
        bad |= fclose(f) != 0;
        if (bad)
                fk_error_set(err, FK_EIO, path, 0, "write error");
        free(path);
        return bad ? FK_EIO : FK_OK;
}

int fk_read_file(const char *path, char **data, size_t *len,
                 struct fk_error *err)
{
        FILE *f = fopen(path, "rb");
        char *buf = NULL, *nb;
        size_t cap = 0, n = 0, r;

        *data = NULL;
        if (!f)
                return fk_error_set(err, FK_EIO, path, 0, "%s", strerror(errno));
        do {
                if (cap - n < 65536) {
                        cap = cap ? 2 * cap : 65536 * 2;
                        nb = realloc(buf, cap + 1);
                        if (!nb) {
                                free(buf);
                                fclose(f);
                                return fk_error_set(err, FK_ENOMEM, NULL, 0,
                                                    "out of memory");
                        }
                        buf = nb;
                }
                r = fread(buf + n, 1, cap - n, f);
                n += r;
        } while (r > 0);
        if (ferror(f)) {
                free(buf);
                fclose(f);
                return fk_error_set(err, FK_EIO, path, 0, "read error");
        }
        fclose(f);
        buf[n] = '\0';
        *data = buf;
        if (len)
                *len = n;
        return FK_OK;
}
