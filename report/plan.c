/* The plan file, read with inih; see include/fkstat/plan.h. */
#include "fkstat/plan.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

enum kind { STR, NUM, POS, TOP, CONF, SEED };

struct key {
        const char *name;
        size_t off;
        enum kind kind;
        const char *const *allowed;     /* NULL-terminated, or NULL */
};

static const char *const TYPES[] = { "binary", "count", "ordinal",
        "continuous", "survival", NULL };
static const char *const BETTER[] = { "higher", "lower", NULL };
static const char *const LANGS[] = { "da", "en", NULL };
static const char *const MULT[] = { "holm", "hochberg", "bh", "bonferroni",
        "by", "none", NULL };
static const char *const DELIMS[] = { ",", ";", "tab", "\\t", NULL };
static const char *const DECIMALS[] = { ".", ",", NULL };

#define S(f) offsetof(struct fk_plan, f)
static const struct key study_keys[] = {
        { "title", S(title), STR, NULL }, { "data", S(data), STR, NULL },
        { "arm", S(arm), STR, NULL }, { "trial", S(trial), STR, NULL },
        { "control", S(control), STR, NULL },
        { "cluster", S(cluster), STR, NULL },
        { "strata", S(strata), STR, NULL }, { "lang", S(lang), STR, LANGS },
        { "conf_level", S(conf_level), CONF, NULL },
        { "seed", S(seed), SEED, NULL },
        { "multiplicity", S(multiplicity), STR, MULT },
        { "delimiter", S(delimiter), STR, DELIMS },
        { "decimal", S(decimal), STR, DECIMALS }, { "na", S(na), STR, NULL },
        { NULL, 0, STR, NULL }
};
#undef S
#define O(f) offsetof(struct fk_plan_outcome, f)
static const struct key outcome_keys[] = {
        { "label", O(label), STR, NULL }, { "column", O(column), STR, NULL },
        { "type", O(type), STR, TYPES }, { "better", O(better), STR, BETTER },
        { "margin", O(margin), POS, NULL }, { "data", O(data), STR, NULL },
        { "time", O(time), STR, NULL }, { "event", O(event), STR, NULL },
        { "exposure", O(exposure), STR, NULL }, { "top", O(top), TOP, NULL },
        { "successes", O(successes), STR, NULL },
        { "trials", O(trials), STR, NULL }, { "freq", O(freq), STR, NULL },
        { "at", O(at), STR, NULL }, { NULL, 0, STR, NULL }
};
#undef O
#define D(f) offsetof(struct fk_plan_did, f)
static const struct key did_keys[] = {
        { "label", D(label), STR, NULL }, { "data", D(data), STR, NULL },
        { "unit", D(unit), STR, NULL }, { "period", D(period), STR, NULL },
        { "outcome", D(outcome), STR, NULL },
        { "treated", D(treated), STR, NULL }, { "start", D(start), STR, NULL },
        { "weight", D(weight), STR, NULL }, { "better", D(better), STR, BETTER },
        { "margin", D(margin), POS, NULL }, { NULL, 0, STR, NULL }
};
#undef D

struct ctx {
        struct fk_plan *p;
        long line;              /* of the line inih is handling */
        FILE *f;
        char section[256];      /* the section of the last key */
        void *cur;              /* the struct of that section */
        const struct key *keys;
        unsigned char seen[32]; /* keys given in the current section */
        struct fk_error *err;
        int failed;
        int header;             /* a [section] line was read */
};

static int fail(struct ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

static char *reader(char *str, int num, void *stream)
{
        struct ctx *c = stream;
        char *r = fgets(str, num, c->f);

        if (r) {
                const char *s = r + strspn(r, " \t");
                size_t n = strlen(r);

                c->line++;
                if (num > 1 && n == (size_t)num - 1 && r[n - 1] != '\n' &&
                    !feof(c->f)) {
                        /* inih would read the rest as a line of its own */
                        fail(c, "line longer than %d characters", num - 2);
                        return NULL;
                }
                if (*s == '[')
                        c->header = 1;  /* the next key opens a section */
        }
        return r;
}

static int fail(struct ctx *c, const char *fmt, ...)
{
        if (!c->failed) {
                char msg[400];
                va_list ap;

                va_start(ap, fmt);
                vsnprintf(msg, sizeof msg, fmt, ap);
                va_end(ap);
                fk_error_set(c->err, FK_EUSAGE, c->p->path, c->line, "%s", msg);
                c->failed = 1;
        }
        return 0;
}

int fk_plan_number(const char *v, double *out)
{
        char buf[64], *end;
        size_t n = strlen(v);

        if (n == 0 || n >= sizeof buf)
                return -1;
        memcpy(buf, v, n + 1);
        if (strchr(buf, ',') && !strchr(buf, '.'))
                *strchr(buf, ',') = '.';        /* decimal comma: 0,02 */
        errno = 0;
        *out = strtod(buf, &end);
        while (*end == ' ' || *end == '\t')
                end++;
        return end == buf || *end || errno || !isfinite(*out) ? -1 : 0;
}

/* Start a new [outcome NAME] or [did NAME]; NULL when out of memory. */
static void *new_section(struct ctx *c, int did, const char *name)
{
        struct fk_plan *p = c->p;

        if (did) {
                struct fk_plan_did *d = realloc(p->dids, (p->ndids + 1) *
                                                sizeof *d);
                if (!d)
                        return NULL;
                p->dids = d;
                d += p->ndids++;
                memset(d, 0, sizeof *d);
                d->margin = NAN;
                d->line = c->line;
                d->name = strdup(name);
                return d->name ? d : NULL;
        } else {
                struct fk_plan_outcome *o = realloc(p->outcomes,
                                                    (p->noutcomes + 1) *
                                                    sizeof *o);
                if (!o)
                        return NULL;
                p->outcomes = o;
                o += p->noutcomes++;
                memset(o, 0, sizeof *o);
                o->margin = NAN;
                o->line = c->line;
                o->name = strdup(name);
                return o->name ? o : NULL;
        }
}

static int taken(const struct fk_plan *p, int did, const char *name)
{
        size_t n = did ? p->ndids : p->noutcomes;

        for (size_t i = 0; i < n; i++)
                if (!strcmp(did ? p->dids[i].name : p->outcomes[i].name, name))
                        return 1;
        return 0;
}

static int enter_section(struct ctx *c, const char *section)
{
        int did = !strncmp(section, "did", 3);
        const char *name = section + (did ? 3 : 7);

        memset(c->seen, 0, sizeof c->seen);
        snprintf(c->section, sizeof c->section, "%s", section);
        if (!strcmp(section, "study")) {
                if (c->p->study_line)
                        return fail(c, "section [%s] given twice", section);
                c->p->study_line = c->line;
                c->cur = c->p;
                c->keys = study_keys;
                return 1;
        }
        if (!strcmp(section, "design")) {
                c->cur = NULL;
                c->keys = NULL;
                return 1;
        }
        if (!strcmp(section, "outcome") || !strcmp(section, "did"))
                return fail(c, "section [%s] needs a name", section);
        if ((did || !strncmp(section, "outcome", 7)) && (*name == ' ')) {
                while (*name == ' ')
                        name++;
                if (!*name)
                        return fail(c, "section [%s] needs a name", section);
                if (taken(c->p, did, name))
                        return fail(c, "section [%s] given twice", section);
                c->cur = new_section(c, did, name);
                if (!c->cur)
                        return fail(c, "out of memory");
                c->keys = did ? did_keys : outcome_keys;
                return 1;
        }
        return fail(c, "unknown section [%s]", section);
}

static int set_value(struct ctx *c, const struct key *k, const char *value)
{
        char *base = c->cur;
        double d;

        if (k->allowed) {
                size_t i;

                for (i = 0; k->allowed[i]; i++)
                        if (!strcmp(value, k->allowed[i]))
                                break;
                if (!k->allowed[i])
                        return fail(c, "'%s' is not a valid %s",
                                    fk_quote(value).s, k->name);
        }
        switch (k->kind) {
        case STR: {
                char *s = strdup(value);

                if (!s)
                        return fail(c, "out of memory");
                *(char **)(base + k->off) = s;
                return 1;
        }
        default:
                break;
        }
        if (fk_plan_number(value, &d))
                return fail(c, "%s: '%s' is not a number", k->name,
                            fk_quote(value).s);
        if (k->kind == POS && !(d > 0))
                return fail(c, "%s must be positive, not '%s'", k->name,
                            fk_quote(value).s);
        if (k->kind == CONF && !(d > 0 && d < 1))
                return fail(c, "%s must lie between 0 and 1, not '%s'", k->name,
                            fk_quote(value).s);
        if (k->kind == TOP && (!(d >= 1 && d <= 32) || d - floor(d) > 0))
                return fail(c, "%s must be a whole number from 1 to 32, not '%s'",
                            k->name, fk_quote(value).s);
        if (k->kind == SEED && (!(d >= 0 && d < 4294967296.0) || d - floor(d) > 0))
                return fail(c, "%s must be a whole number from 0 to 2^32-1, "
                            "not '%s'", k->name, fk_quote(value).s);
        if (k->kind == TOP)
                *(int *)(base + k->off) = (int)d;
        else if (k->kind == SEED)
                *(unsigned long *)(base + k->off) = (unsigned long)d;
        else
                *(double *)(base + k->off) = d;
        return 1;
}

static int design_kv(struct ctx *c, const char *name, const char *value)
{
        struct fk_plan *p = c->p;
        struct fk_plan_kv *kv;

        for (size_t i = 0; i < p->ndesign; i++)
                if (!strcmp(p->design[i].key, name))
                        return fail(c, "key '%s' given twice in [design]",
                                    fk_quote(name).s);
        kv = realloc(p->design, (p->ndesign + 1) * sizeof *kv);
        if (!kv)
                return fail(c, "out of memory");
        p->design = kv;
        kv += p->ndesign;
        kv->key = strdup(name);
        kv->value = strdup(value);
        kv->line = c->line;
        p->ndesign++;
        if (!kv->key || !kv->value)
                return fail(c, "out of memory");
        return 1;
}

static int handler(void *user, const char *section, const char *name,
                   const char *value)
{
        struct ctx *c = user;
        size_t i;

        if (c->failed)
                return 1;       /* report the first error only */
        if (!*section && !c->header)
                return fail(c, "key '%s' comes before any [section]",
                            fk_quote(name).s);
        if (c->header || strcmp(section, c->section)) {
                c->header = 0;
                if (!enter_section(c, section))
                        return 0;
        }
        if (!strcmp(section, "design"))
                return design_kv(c, name, value);
        for (i = 0; c->keys[i].name; i++)
                if (!strcmp(c->keys[i].name, name))
                        break;
        if (!c->keys[i].name)
                return fail(c, "unknown key '%s' in [%s]",
                            fk_quote(name).s, section);
        if (c->seen[i])
                return fail(c, "key '%s' given twice in [%s]",
                            fk_quote(name).s, section);
        c->seen[i] = 1;
        if (!strcmp(name, "data")) {
                if (c->keys == study_keys)
                        c->p->data_line = c->line;
                else if (c->keys == outcome_keys)
                        ((struct fk_plan_outcome *)c->cur)->data_line = c->line;
                else
                        ((struct fk_plan_did *)c->cur)->data_line = c->line;
        }
        return set_value(c, &c->keys[i], value);
}

int fk_plan_read(const char *path, struct fk_plan **out, struct fk_error *err)
{
        struct fk_plan *p = calloc(1, sizeof *p);
        struct ctx c;
        const char *slash;
        int r;

        *out = NULL;
        if (!p)
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        memset(&c, 0, sizeof c);
        c.p = p;
        c.err = err;
        p->conf_level = 0.95;
        p->seed = 1;
        p->path = strdup(path);
        slash = strrchr(path, '/');
        p->dir = slash ? strndup(path, (size_t)(slash - path + 1)) : strdup("");
        c.f = fopen(path, "r");
        if (!p->path || !p->dir || !c.f) {
                int e = errno;

                if (c.f)
                        fclose(c.f);
                fk_plan_free(p);
                if (!c.f)
                        return fk_error_set(err, FK_EIO, path, 0, "%s",
                                            strerror(e));
                return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
        }
        ini_allow_inline_comments = 0;
        r = ini_parse_stream(reader, &c, handler, &c);
        fclose(c.f);
        if (!c.failed && r > 0)
                fk_error_set(err, FK_EUSAGE, path, r,
                             "not a 'key = value' line or a [section]");
        if (c.failed || r != 0) {
                fk_plan_free(p);
                return err ? err->code : FK_EUSAGE;
        }
        if (!p->lang && !(p->lang = strdup("da")))
                goto nomem;
        if (!p->multiplicity && !(p->multiplicity = strdup("holm")))
                goto nomem;
        if (!p->arm && !(p->arm = strdup("arm")))
                goto nomem;
        *out = p;
        return FK_OK;
nomem:
        fk_plan_free(p);
        return fk_error_set(err, FK_ENOMEM, NULL, 0, "out of memory");
}

static void free_strings(void *base, const struct key *keys)
{
        for (size_t i = 0; keys[i].name; i++)
                if (keys[i].kind == STR)
                        free(*(char **)((char *)base + keys[i].off));
}

void fk_plan_free(struct fk_plan *p)
{
        if (!p)
                return;
        free_strings(p, study_keys);
        for (size_t i = 0; i < p->noutcomes; i++) {
                free(p->outcomes[i].name);
                free_strings(&p->outcomes[i], outcome_keys);
        }
        for (size_t i = 0; i < p->ndids; i++) {
                free(p->dids[i].name);
                free_strings(&p->dids[i], did_keys);
        }
        for (size_t i = 0; i < p->ndesign; i++) {
                free(p->design[i].key);
                free(p->design[i].value);
        }
        free(p->outcomes);
        free(p->dids);
        free(p->design);
        free(p->path);
        free(p->dir);
        free(p);
}

char *fk_plan_path(const struct fk_plan *p, const char *rel)
{
        size_t a, b;
        char *s;

        if (!rel)
                return NULL;
        if (rel[0] == '/' || !p->dir[0])
                return strdup(rel);
        a = strlen(p->dir);
        b = strlen(rel);
        s = malloc(a + b + 1);
        if (!s)
                return NULL;
        memcpy(s, p->dir, a);
        memcpy(s + a, rel, b + 1);
        return s;
}
