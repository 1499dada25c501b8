/* An LD_PRELOAD shim that makes one allocation fail, for tests/failmalloc/sweep.sh.
 *
 *   FAILMALLOC_AT=N      the N-th call (1-based) of malloc, calloc, realloc
 *                        or posix_memalign returns NULL (ENOMEM); 0: none
 *   FAILMALLOC_COUNT=F   at exit, write the number of calls to file F
 *
 * Calls are counted from the start of the program; the real allocator is
 * glibc's __libc_* entry points, so no dlsym (which allocates) is needed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static unsigned long calls, fail_at;
static const char *count_file;

__attribute__((constructor)) static void start(void)
{
        const char *at = getenv("FAILMALLOC_AT");

        fail_at = at ? strtoul(at, NULL, 10) : 0;
        count_file = getenv("FAILMALLOC_COUNT");
        /* the programs this one starts (gnuplot, chromium) allocate freely */
        unsetenv("LD_PRELOAD");
}

__attribute__((destructor)) static void stop(void)
{
        char buf[32];
        int fd, n;

        if (!count_file)
                return;
        fd = open(count_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0)
                return;
        n = snprintf(buf, sizeof buf, "%lu\n", calls);
        if (write(fd, buf, (size_t)n) < 0)
                n = 0;
        close(fd);
}

/* A place for a debugger's breakpoint: the failing call. */
__attribute__((noinline)) void failmalloc_hit(void)
{
        errno = ENOMEM;
}

static int fail_now(void)
{
        if (++calls == fail_at) {
                failmalloc_hit();
                return 1;
        }
        return 0;
}

void *malloc(size_t n)
{
        return fail_now() ? NULL : __libc_malloc(n);
}

void *calloc(size_t k, size_t n)
{
        return fail_now() ? NULL : __libc_calloc(k, n);
}

void *realloc(void *p, size_t n)
{
        return fail_now() ? NULL : __libc_realloc(p, n);
}

int posix_memalign(void **p, size_t align, size_t n)
{
        if (fail_now())
                return ENOMEM;
        *p = __libc_memalign(align, n);
        return *p ? 0 : ENOMEM;
}

void *aligned_alloc(size_t align, size_t n)
{
        return fail_now() ? NULL : __libc_memalign(align, n);
}
