/* report.pdf: report.html printed by headless Chromium, run without a
 * shell in a process group of its own, with a profile folder of its own
 * that is removed afterwards, and killed when it takes too long.  The PDF
 * is written under a temporary name and renamed only when it is a PDF.
 * See include/fkstat/bundle.h. */
#define _GNU_SOURCE     /* mkdtemp, realpath */
#include "fkstat/bundle.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PDF_SECONDS 300         /* a report of many charts on a busy machine */

/* name on PATH in path[len]; 0 when it is not there. */
static int on_path(const char *name, char *path, size_t len)
{
        const char *d = getenv("PATH");

        for (d = d ? d : "/usr/bin:/bin"; d;) {
                const char *end = strchr(d, ':');
                size_t n = end ? (size_t)(end - d) : strlen(d);

                if ((size_t)snprintf(path, len, "%.*s/%s", (int)n,
                                     n ? d : ".", name) < len &&
                    access(path, X_OK) == 0)
                        return 1;
                d = end ? end + 1 : NULL;
        }
        return 0;
}

/* The Chromium to run: $FKSTAT_CHROMIUM (a path, or a name on PATH), else
 * chromium or chromium-browser on PATH, in path[len]; 0 when there is
 * none. */
static int find_chromium(char *path, size_t len)
{
        const char *env = getenv("FKSTAT_CHROMIUM");

        if (env && *env) {
                if (!strchr(env, '/'))
                        return on_path(env, path, len);
                snprintf(path, len, "%s", env);
                return access(env, X_OK) == 0;
        }
        return on_path("chromium", path, len) ||
               on_path("chromium-browser", path, len);
}

/* A file: URL for the absolute path abs, percent-encoding every byte but
 * unreserved characters and "/". */
static void file_url(char *url, size_t len, const char *abs)
{
        static const char hex[] = "0123456789ABCDEF";
        size_t n = (size_t)snprintf(url, len, "file://");

        for (const unsigned char *p = (const unsigned char *)abs;
             *p && n + 4 < len; p++) {
                if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || strchr("/-._~", *p)) {
                        url[n++] = (char)*p;
                } else {
                        url[n++] = '%';
                        url[n++] = hex[*p >> 4];
                        url[n++] = hex[*p & 15];
                }
        }
        url[n] = '\0';
}

static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
        (void)sb;
        (void)flag;
        (void)ftw;
        remove(path);
        return 0;
}

/* Keep the last line of Chromium's standard error that says something,
 * reading until end of file or the deadline; 0 at the deadline. */
static int drain(int fd, time_t deadline, char *last, size_t len)
{
        char buf[512], line[300];
        size_t n = 0;

        last[0] = '\0';
        for (;;) {
                struct pollfd pf = { fd, POLLIN, 0 };
                time_t now = time(NULL);
                ssize_t got;
                int r;

                if (now >= deadline)
                        return 0;
                r = poll(&pf, 1, (int)(deadline - now) * 1000);
                if (r < 0 && errno == EINTR)
                        continue;
                if (r <= 0)
                        return r < 0;
                got = read(fd, buf, sizeof buf);
                if (got < 0 && errno == EINTR)
                        continue;
                if (got <= 0)
                        return 1;
                for (ssize_t i = 0; i < got; i++) {
                        if (buf[i] != '\n' && n + 1 < sizeof line) {
                                line[n++] = buf[i];
                                continue;
                        }
                        if (buf[i] != '\n')
                                continue;
                        line[n] = '\0';
                        /* Chromium's own log lines start with "[" */
                        if (n && line[0] != '[' && !strstr(line, "bytes written"))
                                snprintf(last, len, "%s", line);
                        n = 0;
                }
        }
}

/* Is the file at path a PDF (starts with "%PDF-")? */
static int is_pdf(const char *path)
{
        char head[5];
        FILE *f = fopen(path, "rb");
        int ok = f && fread(head, 1, 5, f) == 5 && !memcmp(head, "%PDF-", 5);

        if (f)
                fclose(f);
        return ok;
}

int fk_bundle_pdf(const char *dir, struct fk_error *err)
{
        char prog[4096], abs[4096], html[4200], url[12800], tmp[4200],
             dst[4200], prof[4200], outarg[4300], profarg[4300], last[300];
        const char *tdir = getenv("TMPDIR");
        char *argv[20];
        int ep[2], status, argc = 0, done;
        pid_t pid;

        if (!find_chromium(prog, sizeof prog))
                return fk_error_set(err, FK_ENOTFOUND, NULL, 0,
                                    "chromium is not installed (or "
                                    "FKSTAT_CHROMIUM names no program)");
        if (!realpath(dir, abs))
                return errno == ENOMEM ?
                       fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory") :
                       fk_error_set(err, FK_EIO, dir, 0, "%s", strerror(errno));
        snprintf(html, sizeof html, "%s/report.html", abs);
        file_url(url, sizeof url, html);
        snprintf(tmp, sizeof tmp, "%s/.report.pdf.tmp", abs);
        snprintf(dst, sizeof dst, "%s/report.pdf", abs);
        snprintf(prof, sizeof prof, "%s/fkstat-chromium-XXXXXX",
                 tdir && *tdir ? tdir : "/tmp");
        if (!mkdtemp(prof))
                return fk_error_set(err, FK_EIO, prof, 0, "%s",
                                    strerror(errno));
        snprintf(outarg, sizeof outarg, "--print-to-pdf=%s", tmp);
        snprintf(profarg, sizeof profarg, "--user-data-dir=%s", prof);
        argv[argc++] = prog;
        argv[argc++] = (char *)"--headless";
        /* Chromium's sandbox cannot start as root */
        if (geteuid() == 0)
                argv[argc++] = (char *)"--no-sandbox";
        argv[argc++] = (char *)"--disable-gpu";
        argv[argc++] = (char *)"--no-first-run";
        argv[argc++] = (char *)"--disable-background-networking";
        argv[argc++] = (char *)"--disable-component-update";
        argv[argc++] = (char *)"--disable-extensions";
        argv[argc++] = (char *)"--disable-sync";
        argv[argc++] = (char *)"--no-pdf-header-footer";
        argv[argc++] = profarg;
        argv[argc++] = outarg;
        argv[argc++] = url;
        argv[argc] = NULL;

        if (pipe2(ep, O_CLOEXEC)) {
                rmdir(prof);
                return fk_error_set(err, FK_EIO, NULL, 0, "pipe: %s",
                                    strerror(errno));
        }
        fflush(NULL);
        pid = fork();
        if (pid == 0) {
                int nul = open("/dev/null", O_RDWR);

                setpgid(0, 0);  /* so that a hung Chromium dies whole */
                if (nul < 0 || dup2(nul, 0) < 0 || dup2(nul, 1) < 0 ||
                    dup2(ep[1], 2) < 0)
                        _exit(127);
                execv(prog, argv);
                _exit(127);
        }
        close(ep[1]);
        if (pid < 0) {
                close(ep[0]);
                rmdir(prof);
                return fk_error_set(err, FK_EIO, NULL, 0, "fork: %s",
                                    strerror(errno));
        }
        setpgid(pid, pid);
        done = drain(ep[0], time(NULL) + PDF_SECONDS, last, sizeof last);
        if (!done)
                kill(-pid, SIGKILL);
        close(ep[0]);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
        if (done)       /* what it left running, such as a crash handler */
                kill(-pid, SIGKILL);
        nftw(prof, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        if (!done || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
            !is_pdf(tmp) || rename(tmp, dst)) {
                remove(tmp);
                if (!done)
                        return fk_error_set(err, FK_EIO, NULL, 0, "chromium "
                                            "took more than %d s",
                                            PDF_SECONDS);
                return fk_error_set(err, FK_EIO, NULL, 0, "chromium could "
                                    "not print report.html (%s)",
                                    last[0] ? last :
                                    WIFEXITED(status) ? "no message" :
                                    "it was killed");
        }
        return FK_OK;
}
