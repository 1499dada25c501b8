/* Report bundle plumbing: a folder built under a temporary name and
 * swapped into place, the marker that tells an fkstat report folder from
 * any other, file helpers, SHA-256 through nettle.  See
 * include/fkstat/bundle.h. */
#define _GNU_SOURCE     /* renameat2 (RENAME_EXCHANGE), flock, O_DIRECTORY */
#include "fkstat/bundle.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>

static void hex_digest(struct sha256_ctx *ctx, char hex[65])
{
        static const char digits[] = "0123456789abcdef";
        unsigned char dig[SHA256_DIGEST_SIZE];

        sha256_digest(ctx, SHA256_DIGEST_SIZE, dig);
        for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
                hex[2 * i] = digits[dig[i] >> 4];
                hex[2 * i + 1] = digits[dig[i] & 15];
        }
        hex[64] = '\0';
}

/* fopen's failure as an error: out of memory, or the file and why. */
static int open_error(struct fk_error *err, const char *path)
{
        if (errno == ENOMEM)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        return fk_error_set(err, FK_EIO, path, 0, "%s", strerror(errno));
}

int fk_sha256_file(const char *path, char hex[65], struct fk_error *err)
{
        struct sha256_ctx ctx;
        unsigned char buf[65536];
        FILE *f = fopen(path, "rb");
        size_t n;

        if (!f)
                return open_error(err, path);
        sha256_init(&ctx);
        while ((n = fread(buf, 1, sizeof buf, f)) > 0)
                sha256_update(&ctx, n, buf);
        if (ferror(f)) {
                fclose(f);
                return fk_error_set(err, FK_EIO, path, 0, "read error");
        }
        fclose(f);
        hex_digest(&ctx, hex);
        return FK_OK;
}

void fk_sha256_mem(const void *data, size_t len, char hex[65])
{
        struct sha256_ctx ctx;

        sha256_init(&ctx);
        sha256_update(&ctx, len, data);
        hex_digest(&ctx, hex);
}

/* The file that marks a folder as an fkstat report: -o replaces only a
 * folder that holds it.  A temporary folder gets it first thing, so that a
 * later run can tell the leftovers of a killed run from anybody's files. */
#define MARKER ".fkstat-report"
static const char MARKER_TEXT[] =
        "This folder is a report written by fkstat; 'fkstat report -o' "
        "replaces it.\n";

/* The temporary folders of this process: each is locked (flock on the
 * folder) from its creation to its commit or abort, so that a concurrent
 * run never takes it for a leftover. */
static struct {
        const char *tmp;        /* the caller's string */
        int fd;
} held[8];

static int nomem(struct fk_error *err)
{
        return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
}

/* An errno as the status and message of an error about path. */
static int sys_error(struct fk_error *err, int e, const char *path,
                     const char *what)
{
        if (e == ENOMEM)
                return nomem(err);
        return fk_error_set(err, FK_EIO, path, 0, "%s%s%s", what ? what : "",
                            what ? ": " : "", strerror(e));
}

/* dir without trailing slashes, a new string; NULL with err set when it is
 * empty or cannot be replaced ("/", ".", ".."). */
static char *dir_name(const char *dir, struct fk_error *err)
{
        size_t n = strlen(dir);
        const char *base;
        char *d;

        while (n > 1 && dir[n - 1] == '/')
                n--;
        if (n == 0) {
                fk_error_set(err, FK_EUSAGE, NULL, 0,
                             "the output folder name is empty");
                return NULL;
        }
        d = strndup(dir, n);
        if (!d) {
                nomem(err);
                return NULL;
        }
        base = strrchr(d, '/');
        base = base ? base + 1 : d;
        if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
                fk_error_set(err, FK_EUSAGE, dir, 0, "cannot be an output "
                             "folder; name a folder of its own");
                free(d);
                return NULL;
        }
        return d;
}

static void release(const char *tmp)
{
        for (size_t i = 0; tmp && i < sizeof held / sizeof *held; i++)
                if (held[i].tmp && !strcmp(held[i].tmp, tmp)) {
                        close(held[i].fd);
                        held[i].tmp = NULL;
                }
}

/* Every entry but the folder itself and its marker, which go last. */
static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
        (void)sb;
        (void)flag;
        if (ftw->level == 0 ||
            (ftw->level == 1 && !strcmp(path + ftw->base, MARKER)))
                return 0;
        return remove(path) && errno != ENOENT;
}

/* Remove path and everything in it, not following symbolic links, the
 * marker last: a run killed halfway leaves a folder a later run still
 * knows as fkstat's and removes.  nftw allocates: one failed allocation
 * is retried. */
static void remove_tree(const char *path)
{
        char *m = malloc(strlen(path) + sizeof MARKER + 1);

        for (int i = 0; i < 3; i++)
                if (nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) == 0 ||
                    errno != ENOMEM)
                        break;
        if (m) {
                sprintf(m, "%s/%s", path, MARKER);
                unlink(m);
                free(m);
        }
        rmdir(path);
}

/* 1 when dir (an existing folder) holds the marker, 0 when not, -1 when
 * that cannot be told (errno). */
static int has_marker(int dirfd)
{
        struct stat st;

        if (fstatat(dirfd, MARKER, &st, AT_SYMLINK_NOFOLLOW) == 0)
                return S_ISREG(st.st_mode);
        return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
}

/* 1 when the folder holds nothing, 0 when it holds something, -1 on error
 * (errno). */
static int is_empty(const char *dir)
{
        DIR *d = opendir(dir);
        struct dirent *e;
        int empty = 1;

        if (!d)
                return -1;
        errno = 0;
        while (empty && (e = readdir(d)))
                if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                        empty = 0;
        if (empty && errno) {
                int e2 = errno;

                closedir(d);
                errno = e2;
                return -1;
        }
        closedir(d);
        return empty;
}

/* Is name one of our temporaries of base: base.tmp-XXXXXX or
 * base.old-XXXXXX (mkdtemp's six letters and digits)? */
static int temp_name(const char *name, const char *base)
{
        size_t n = strlen(base);

        if (strncmp(name, base, n) || (strncmp(name + n, ".tmp-", 5) &&
                                       strncmp(name + n, ".old-", 5)))
                return 0;
        name += n + 5;
        for (n = 0; name[n]; n++)
                if (!((name[n] >= 'a' && name[n] <= 'z') ||
                      (name[n] >= 'A' && name[n] <= 'Z') ||
                      (name[n] >= '0' && name[n] <= '9')))
                        return 0;
        return n == 6;
}

/* Remove what earlier runs writing d left beside it: temporaries of a
 * killed run (fkstat's marker inside, or nothing at all) that no running
 * fkstat holds locked.  Best effort: whatever cannot be removed stays. */
static void clean_stale(const char *d)
{
        const char *slash = strrchr(d, '/');
        const char *base = slash ? slash + 1 : d;
        char *parent = slash ? strndup(d, (size_t)(slash - d + (slash == d)))
                             : strdup(".");
        DIR *dir = parent ? opendir(parent) : NULL;
        struct dirent *e;

        while (dir && (e = readdir(dir))) {
                char *p;
                int fd;

                if (!temp_name(e->d_name, base))
                        continue;
                p = malloc(strlen(parent) + strlen(e->d_name) + 2);
                if (!p)
                        break;
                sprintf(p, "%s/%s", parent, e->d_name);
                fd = open(p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0) {
                        if (has_marker(fd) == 1)
                                remove_tree(p);
                        else
                                rmdir(p);       /* only when empty */
                }
                if (fd >= 0)
                        close(fd);
                free(p);
        }
        if (dir)
                closedir(dir);
        free(parent);
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

int fk_bundle_check(const char *dir, struct fk_error *err)
{
        char *d = dir_name(dir, err);
        struct stat st;
        int fd, rc = FK_OK, mark, empty;

        if (!d)
                return err ? err->code : FK_EUSAGE;
        if (lstat(d, &st)) {
                if (errno != ENOENT)
                        rc = sys_error(err, errno, dir, NULL);
                free(d);
                return rc;
        }
        if (S_ISLNK(st.st_mode))
                rc = fk_error_set(err, FK_EUSAGE, dir, 0, "is a symbolic "
                                  "link; name the folder itself");
        else if (!S_ISDIR(st.st_mode))
                rc = fk_error_set(err, FK_EUSAGE, dir, 0, "exists and is not "
                                  "a folder; name a new folder");
        if (rc) {
                free(d);
                return rc;
        }
        fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        mark = fd < 0 ? -1 : has_marker(fd);
        if (fd >= 0)
                close(fd);
        empty = mark == 0 ? is_empty(d) : 0;
        if (mark < 0 || empty < 0)
                rc = sys_error(err, errno, dir, NULL);
        else if (!mark && !empty)
                rc = fk_error_set(err, FK_EUSAGE, dir, 0, "the folder exists "
                                  "and holds no earlier fkstat report (no "
                                  MARKER "), so it is left as it is; name a "
                                  "new folder");
        free(d);
        return rc;
}

int fk_bundle_holds(const char *dir, const char *path, int *in,
                    struct fk_error *err)
{
        char *d, *p = NULL;
        size_t n;

        *in = 0;
        d = realpath(dir, NULL);
        if (d)
                p = realpath(path, NULL);
        if (!d || !p) {
                int e = errno;

                free(d);
                return e == ENOMEM ? nomem(err) : FK_OK;
        }
        n = strlen(d);
        *in = !strncmp(p, d, n) && (p[n] == '/' || !p[n] || !strcmp(d, "/"));
        free(d);
        free(p);
        return FK_OK;
}

/* Create the temporary folder t (a mkdtemp template), lock it and mark
 * it.  0, or -1 with errno. */
static int make_temp(char *t, int *fdp)
{
        char templ[8];
        size_t n = strlen(t);
        int fd, mf;

        memcpy(templ, t + n - 6, 7);
        for (int tries = 0; tries < 3; tries++) {
                memcpy(t + n - 6, templ, 7);
                if (!mkdtemp(t))
                        return -1;
                fd = open(t, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (fd < 0 && errno == ENOENT)
                        continue;       /* taken for a leftover: again */
                if (fd < 0) {
                        int e = errno;

                        rmdir(t);
                        errno = e;
                        return -1;
                }
                if (flock(fd, LOCK_EX)) {
                        close(fd);
                        return -1;
                }
                mf = openat(fd, MARKER, O_WRONLY | O_CREAT | O_EXCL |
                            O_CLOEXEC, 0666);
                if (mf < 0) {
                        int e = errno;

                        close(fd);
                        if (e == ENOENT)
                                continue;
                        errno = e;
                        return -1;
                }
                if (write(mf, MARKER_TEXT, sizeof MARKER_TEXT - 1) !=
                    (ssize_t)(sizeof MARKER_TEXT - 1) || close(mf)) {
                        int e = errno;

                        remove_tree(t);
                        close(fd);
                        errno = e ? e : EIO;
                        return -1;
                }
                *fdp = fd;
                return 0;
        }
        errno = EAGAIN;
        return -1;
}

int fk_bundle_begin(const char *dir, char **tmp, struct fk_error *err)
{
        char *d, *t;
        size_t slot, n;
        int fd;

        *tmp = NULL;
        for (slot = 0; slot < sizeof held / sizeof *held; slot++)
                if (!held[slot].tmp)
                        break;
        if (slot == sizeof held / sizeof *held)
                return fk_error_set(err, FK_EUSAGE, dir, 0,
                                    "too many output folders at once");
        if (!(d = dir_name(dir, err)))
                return err ? err->code : FK_EUSAGE;
        n = strlen(d);
        t = malloc(n + 16);
        if (!t) {
                free(d);
                return nomem(err);
        }
        memcpy(t, d, n);
        memcpy(t + n, ".tmp-XXXXXX", 12);
        clean_stale(d);
        free(d);
        make_parents(t);
        if (make_temp(t, &fd)) {
                int rc = sys_error(err, errno, dir, "cannot create a "
                                   "folder beside it");

                free(t);
                return rc;
        }
        held[slot].tmp = t;
        held[slot].fd = fd;
        *tmp = t;
        return FK_OK;
}

void fk_bundle_abort(const char *tmp)
{
        if (tmp)
                remove_tree(tmp);
        release(tmp);
}

/* Where RENAME_EXCHANGE is not supported: the earlier report is moved
 * aside to d.old-XXXXXX (a name a later run cleans up), tmp moved into
 * place, and the earlier report removed (or put back). */
static int replace_aside(const char *tmp, const char *d, struct fk_error *err)
{
        char *old = malloc(strlen(d) + 16);
        int rc = FK_OK;

        if (!old)
                return nomem(err);
        sprintf(old, "%s.old-XXXXXX", d);
        if (!mkdtemp(old) || rename(d, old)) {
                rc = sys_error(err, errno, d, "cannot move the earlier "
                               "report aside");
                rmdir(old);
                free(old);
                return rc;
        }
        if (rename(tmp, d)) {
                rc = sys_error(err, errno, d, NULL);
                rename(old, d);         /* put the earlier one back */
        } else {
                remove_tree(old);
        }
        free(old);
        return rc;
}

int fk_bundle_commit(const char *tmp, const char *dir, struct fk_error *err)
{
        char *d = dir_name(dir, err);
        struct stat st;
        int rc = FK_OK, tries;

        if (!d)
                return err ? err->code : FK_EUSAGE;
        for (tries = 0; tries < 3; tries++) {
                if (lstat(d, &st)) {
                        if (errno != ENOENT) {
                                rc = sys_error(err, errno, dir, NULL);
                                break;
                        }
                        if (rename(tmp, d) == 0)
                                break;
                        if (errno == EEXIST || errno == ENOTEMPTY)
                                continue;       /* made meanwhile: look again */
                        rc = sys_error(err, errno, dir, NULL);
                        break;
                }
                if ((rc = fk_bundle_check(dir, err)))
                        break;
                /* swap in one step: d is the earlier report or the new one,
                 * never missing; tmp then holds the earlier one */
                if (renameat2(AT_FDCWD, tmp, AT_FDCWD, d, RENAME_EXCHANGE) == 0) {
                        remove_tree(tmp);
                        break;
                }
                if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP) {
                        rc = replace_aside(tmp, d, err);
                        break;
                }
                if (errno == ENOENT)
                        continue;
                rc = sys_error(err, errno, dir, NULL);
                break;
        }
        if (tries == 3)
                rc = fk_error_set(err, FK_EIO, dir, 0, "changed by another "
                                  "program while being replaced");
        if (!rc)
                release(tmp);
        free(d);
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
                int rc = open_error(err, path);

                free(path);
                return rc;
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
        struct stat st;

        *data = NULL;
        if (!f)
                return open_error(err, path);
        if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
                fclose(f);
                return fk_error_set(err, FK_EIO, path, 0, "is a folder, not "
                                    "a file");
        }
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
                int e = errno;

                free(buf);
                fclose(f);
                return fk_error_set(err, FK_EIO, path, 0, "cannot read: %s",
                                    strerror(e));
        }
        fclose(f);
        buf[n] = '\0';
        *data = buf;
        if (len)
                *len = n;
        return FK_OK;
}
