/* libFuzzer target: the plan reader (report/plan.c on inih).
 *
 * fk_plan_read reads a path, so each input is written to one temporary
 * file made at start-up.  The reader must never crash, leak or hit
 * undefined behaviour; an error must be one line naming the plan; a plan
 * that reads is walked field by field, its values through fk_plan_number
 * and its data paths through fk_plan_path.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fkstat/plan.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void remove_plan(void)
{
        if (path[0])
                unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
        const char *dir = getenv("TMPDIR");
        int fd;

        (void)argc;
        (void)argv;
        snprintf(path, sizeof path, "%s/fk_fuzz_plan_XXXXXX",
                 dir && strlen(dir) < 32 ? dir : "/tmp");
        fd = mkstemp(path);
        if (fd < 0) {
                perror("fuzz_plan: mkstemp");
                exit(1);
        }
        close(fd);
        atexit(remove_plan);
        return 0;
}

static void use_string(const struct fk_plan *p, const char *s)
{
        volatile size_t sink;
        double d;
        char *full;

        if (!s)
                return;
        sink = strlen(s);
        if (fk_plan_number(s, &d) == 0)
                sink += d > 0;
        full = fk_plan_path(p, s);
        if (full)
                sink += strlen(full);
        free(full);
        (void)sink;
}

static void walk(const struct fk_plan *p)
{
        const char *study[] = { p->title, p->data, p->arm, p->trial,
                p->control, p->cluster, p->strata, p->lang, p->multiplicity,
                p->delimiter, p->decimal, p->na };

        for (size_t i = 0; i < sizeof study / sizeof *study; i++)
                use_string(p, study[i]);
        for (size_t i = 0; i < p->noutcomes; i++) {
                const struct fk_plan_outcome *o = &p->outcomes[i];
                const char *v[] = { o->name, o->label, o->column, o->type,
                        o->better, o->data, o->time, o->event, o->exposure,
                        o->successes, o->trials, o->freq, o->at };

                for (size_t k = 0; k < sizeof v / sizeof *v; k++)
                        use_string(p, v[k]);
        }
        for (size_t i = 0; i < p->ndids; i++) {
                const struct fk_plan_did *d = &p->dids[i];
                const char *v[] = { d->name, d->label, d->data, d->unit,
                        d->period, d->outcome, d->treated, d->start,
                        d->weight, d->better };

                for (size_t k = 0; k < sizeof v / sizeof *v; k++)
                        use_string(p, v[k]);
        }
        for (size_t i = 0; i < p->ndesign; i++) {
                use_string(p, p->design[i].key);
                use_string(p, p->design[i].value);
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct fk_error err = FK_ERROR_INIT;
        struct fk_plan *p = NULL;
        FILE *f = fopen(path, "wb");

        if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
                perror("fuzz_plan: writing the plan");
                abort();
        }
        if (fk_plan_read(path, &p, &err)) {
                if (p || !err.msg[0] || strpbrk(err.msg, "\r\n") ||
                    strcmp(err.file, path)) {
                        fprintf(stderr, "fuzz_plan: bad error: %d '%s':%ld: "
                                "'%s'\n", err.code, err.file, err.line,
                                err.msg);
                        abort();
                }
                return 0;
        }
        walk(p);
        fk_plan_free(p);
        return 0;
}
