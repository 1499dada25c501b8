/* Running gnuplot: fork/execvp without a shell, in the chart directory,
 * drawing to temporary names that are renamed into place only when gnuplot
 * succeeds.  A close-on-exec pipe tells a failed exec (FK_ENOTFOUND) from a
 * gnuplot that ran and failed (FK_EIO). */
#define _GNU_SOURCE     /* memmem */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plots/gnuplot.h"

const char *fk_plot_program(void)
{
        const char *p = getenv("FKSTAT_GNUPLOT");

        return p && *p ? p : "gnuplot";
}

enum { STAGE_CHDIR = 1, STAGE_EXEC, STAGE_FD };

/* Child side: never returns. */
static void child(const char *dir, char *const *argv, int errfd, int report)
{
        int msg[2], nul;

        if (chdir(dir)) {
                msg[0] = STAGE_CHDIR;
                goto fail;
        }
        nul = open("/dev/null", O_RDWR);
        if (nul < 0 || dup2(nul, 0) < 0 || dup2(nul, 1) < 0 ||
            dup2(errfd, 2) < 0) {
                msg[0] = STAGE_FD;
                goto fail;
        }
        execvp(argv[0], argv);
        msg[0] = STAGE_EXEC;
fail:
        msg[1] = errno;
        if (write(report, msg, sizeof msg) < 0)
                _exit(126);
        _exit(127);
}

/* Keep the last non-empty line of gnuplot's standard error in last. */
static void drain(int fd, char *last, size_t len)
{
        char buf[512], line[256];
        size_t n = 0;
        ssize_t got;
        ssize_t i;

        last[0] = '\0';
        while ((got = read(fd, buf, sizeof buf)) != 0) {
                if (got < 0) {
                        if (errno == EINTR)
                                continue;
                        break;
                }
                for (i = 0; i < got; i++) {
                        if (buf[i] == '\n') {
                                line[n] = '\0';
                                if (strspn(line, " \t^") < n)
                                        snprintf(last, len, "%s", line);
                                n = 0;
                        } else if (n + 1 < sizeof line) {
                                line[n++] = buf[i];
                        }
                }
        }
        line[n] = '\0';
        if (strspn(line, " \t^") < n)
                snprintf(last, len, "%s", line);
}

static void tmp_names(char *svg, char *png, size_t len, const char *base)
{
        snprintf(svg, len, ".%s.svg.%ld.tmp", base, (long)getpid());
        snprintf(png, len, ".%s.png.%ld.tmp", base, (long)getpid());
}

static void unlink_in(const char *dir, const char *name)
{
        char p[4096];

        if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, name) < sizeof p)
                remove(p);
}

static int move_in(const char *dir, const char *from, const char *base,
                   const char *ext, struct fk_error *err)
{
        char a[4096], b[4096];

        snprintf(a, sizeof a, "%s/%s", dir, from);
        snprintf(b, sizeof b, "%s/%s.%s", dir, base, ext);
        if (rename(a, b))
                return fk_error_set(err, FK_EIO, NULL, 0, "plot: %s: %s", b,
                                    strerror(errno));
        return FK_OK;
}

/* The SVG gnuplot drew, at dir/name, with the title of the chart in its
 * <title> (XML-escaped) and without the plots' "NAME_plot_N" titles.
 * Returns FK_OK, FK_ENOMEM, or FK_EIO when the file cannot be read or
 * written back. */
static int svg_titles(const char *dir, const char *name, const char *title)
{
        char p[4096], *svg = NULL, *out, *o;
        const char *s;
        size_t cap = 1 << 16, n = 0, got;
        FILE *f;
        int named = 0, rc;

        if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, name) >= sizeof p)
                return FK_EIO;
        if (!(f = fopen(p, "rb")))
                return errno == ENOMEM ? FK_ENOMEM : FK_EIO;
        for (;;) {
                char *ns = realloc(svg, cap + 1);

                if (!ns) {
                        free(svg);
                        fclose(f);
                        return FK_ENOMEM;
                }
                svg = ns;
                got = fread(svg + n, 1, cap - n, f);
                n += got;
                if (n < cap)
                        break;
                cap *= 2;
        }
        rc = ferror(f);
        fclose(f);
        svg[n] = '\0';
        if (rc) {
                free(svg);
                return FK_EIO;
        }
        if (!(out = malloc(n + 6 * strlen(title) + 1))) {
                free(svg);
                return FK_ENOMEM;
        }
        for (s = svg, o = out;;) {
                const char *t = strstr(s, "<title>"), *e, *c;

                if (!t || !(e = strstr(t, "</title>"))) {
                        strcpy(o, s);
                        o += strlen(o);
                        break;
                }
                c = t + strlen("<title>");
                memcpy(o, s, (size_t)(t - s));
                o += t - s;
                s = e + strlen("</title>");
                if (memmem(c, (size_t)(e - c), "_plot_", 6) || named)
                        continue;       /* a plot's title: left out */
                named = 1;
                o += sprintf(o, "<title>");
                for (const char *q = title; *q; q++)
                        o += *q == '<' ? sprintf(o, "&lt;") :
                             *q == '>' ? sprintf(o, "&gt;") :
                             *q == '&' ? sprintf(o, "&amp;") :
                             sprintf(o, "%c", *q);
                o += sprintf(o, "</title>");
        }
        free(svg);
        if (!(f = fopen(p, "wb"))) {
                rc = errno == ENOMEM ? FK_ENOMEM : FK_EIO;
                free(out);
                return rc;
        }
        rc = fwrite(out, 1, (size_t)(o - out), f) != (size_t)(o - out);
        if (fclose(f))
                rc = 1;
        free(out);
        return rc ? FK_EIO : FK_OK;
}

int gp_run(const char *dir, const char *base, const char *title,
           struct fk_error *err)
{
        const char *prog = fk_plot_program();
        char svg[300], png[300], setv[700], script[260], last[400];
        char *argv[6];
        int ep[2], op[2], msg[2] = { 0, 0 }, status, rc;
        ssize_t got;
        pid_t pid;

        tmp_names(svg, png, sizeof svg, base);
        snprintf(setv, sizeof setv, "fk_svg='%s'; fk_png='%s'", svg, png);
        snprintf(script, sizeof script, "%s.gp", base);
        argv[0] = (char *)prog;
        argv[1] = (char *)"-d";
        argv[2] = (char *)"-e";
        argv[3] = setv;
        argv[4] = script;
        argv[5] = NULL;

        if (pipe(ep))
                return fk_error_set(err, FK_EIO, NULL, 0, "plot: pipe: %s",
                                    strerror(errno));
        if (pipe(op)) {
                close(ep[0]);
                close(ep[1]);
                return fk_error_set(err, FK_EIO, NULL, 0, "plot: pipe: %s",
                                    strerror(errno));
        }
        fcntl(ep[1], F_SETFD, FD_CLOEXEC);
        fcntl(ep[0], F_SETFD, FD_CLOEXEC);
        fcntl(op[0], F_SETFD, FD_CLOEXEC);
        fflush(NULL);
        pid = fork();
        if (pid == 0) {
                close(ep[0]);
                close(op[0]);
                child(dir, argv, op[1], ep[1]);
        }
        close(ep[1]);
        close(op[1]);
        if (pid < 0) {
                close(ep[0]);
                close(op[0]);
                return fk_error_set(err, FK_EIO, NULL, 0, "plot: fork: %s",
                                    strerror(errno));
        }
        drain(op[0], last, sizeof last);
        close(op[0]);
        do
                got = read(ep[0], msg, sizeof msg);
        while (got < 0 && errno == EINTR);
        close(ep[0]);
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return fk_error_set(err, FK_EIO, NULL, 0,
                                            "plot: waitpid: %s",
                                            strerror(errno));

        if (got == (ssize_t)sizeof msg) {
                if (msg[0] == STAGE_EXEC && (msg[1] == ENOENT ||
                                             msg[1] == EACCES ||
                                             msg[1] == ENOTDIR))
                        return fk_error_set(err, FK_ENOTFOUND, NULL, 0,
                                            "plot: %s: cannot run '%s': %s; "
                                            "%s.gp and %s.dat are written",
                                            base, prog, strerror(msg[1]),
                                            base, base);
                return fk_error_set(err, FK_EIO, NULL, 0,
                                    "plot: %s: cannot %s: %s", base,
                                    msg[0] == STAGE_CHDIR ? "enter the "
                                    "directory" : "start gnuplot",
                                    strerror(msg[1]));
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                unlink_in(dir, svg);
                unlink_in(dir, png);
                return fk_error_set(err, FK_EIO, NULL, 0,
                                    "plot: %s: gnuplot failed: %s", base,
                                    last[0] ? last : "no message");
        }
        rc = svg_titles(dir, svg, title && *title ? title : base);
        if (rc) {
                unlink_in(dir, svg);
                unlink_in(dir, png);
                return rc == FK_ENOMEM ?
                       fk_error_set(err, rc, NULL, 0, "out of memory") :
                       fk_error_set(err, rc, NULL, 0, "plot: %s: cannot "
                                    "rewrite the SVG's titles", base);
        }
        rc = move_in(dir, svg, base, "svg", err);
        if (!rc)
                rc = move_in(dir, png, base, "png", err);
        if (rc) {
                unlink_in(dir, svg);
                unlink_in(dir, png);
        }
        return rc;
}
