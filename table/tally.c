/* The per-thread frequency tables of the summary reader (see fast.h):
 * open addressing over entries kept in insertion order, keys in an
 * arena. */
#include <stdlib.h>
#include <string.h>

#include "fast.h"

int tally_init(struct tally *t, size_t nslots)
{
        memset(t, 0, sizeof *t);
        t->nslot = 1024;
        t->slot = calloc(t->nslot, sizeof *t->slot);
        t->cs = calloc(nslots + 1, sizeof *t->cs);
        t->cn = calloc(nslots + 1, sizeof *t->cn);
        t->key = malloc(t->keycap = 256);
        t->arena = malloc(t->acap = 4096);
        t->pk = malloc(PACK_CACHE * sizeof *t->pk);
        for (size_t i = 0; t->pk && i < PACK_CACHE; i++)
                t->pk[i].lens = UINT32_MAX;
        return t->slot && t->cs && t->cn && t->key && t->arena && t->pk
                       ? FK_OK : FK_ENOMEM;
}

void tally_release(struct tally *t)
{
        free(t->e);
        free(t->slot);
        free(t->arena);
        free(t->key);
        free(t->cs);
        free(t->cn);
        free(t->pk);
        memset(t, 0, sizeof *t);
}

uint64_t tally_hash(const char *key, size_t klen)
{
        uint64_t h = klen * 0x9e3779b97f4a7c15u, w;
        size_t i = 0;

        for (; i + 8 <= klen; i += 8) {
                memcpy(&w, key + i, 8);
                h = (h ^ w) * 0xff51afd7ed558ccdu;
                h ^= h >> 32;
        }
        for (w = 0; i < klen; i++)     /* the tail, without a call */
                w |= (uint64_t)(unsigned char)key[i] << (8 * (i & 7));
        h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
        return h ^ h >> 29;
}

static int rehash(struct tally *t)
{
        size_t n = 2 * t->nslot;
        uint32_t *s = calloc(n, sizeof *s);

        if (!s)
                return FK_ENOMEM;
        for (size_t i = 0; i < t->n; i++) {
                size_t j = (size_t)t->e[i].hash & (n - 1);

                while (s[j])
                        j = (j + 1) & (n - 1);
                s[j] = (uint32_t)(i + 1);
        }
        free(t->slot);
        t->slot = s;
        t->nslot = n;
        return FK_OK;
}

/* memcmp(a, b, n) == 0 for the short keys of a row, without a call. */
static inline int same_key(const char *a, const char *b, size_t n)
{
        uint64_t x, y;

        for (; n >= 8; n -= 8, a += 8, b += 8) {
                memcpy(&x, a, 8);
                memcpy(&y, b, 8);
                if (x != y)
                        return 0;
        }
        while (n--)
                if (*a++ != *b++)
                        return 0;
        return 1;
}

static int later(uint32_t f1, uint32_t b1, uint64_t l1, uint32_t f2,
                 uint32_t b2, uint64_t l2)
{
        if (f1 != f2)
                return f1 > f2;
        if (b1 != b2)
                return b1 > b2;
        return l1 > l2;
}

int tally_add(struct tally *t, uint64_t hash, const char *key, size_t klen,
              uint64_t count, uint32_t file, uint32_t block, uint64_t line,
              uint32_t *at)
{
        size_t j = (size_t)hash & (t->nslot - 1);
        struct tally_entry *e;

        for (; t->slot[j]; j = (j + 1) & (t->nslot - 1)) {
                e = &t->e[t->slot[j] - 1];
                if (e->hash == hash && e->klen == klen &&
                    same_key(t->arena + e->key, key, klen)) {
                        e->count += count;
                        if (later(e->file, e->block, e->line, file, block,
                                  line)) {
                                e->file = file;
                                e->block = block;
                                e->line = line;
                        }
                        if (at)
                                *at = t->slot[j] - 1;
                        return FK_OK;
                }
        }
        if (t->n == t->cap) {
                size_t cap = t->cap ? 2 * t->cap : 256;
                struct tally_entry *p = realloc(t->e, cap * sizeof *p);

                if (!p || cap >= UINT32_MAX)
                        return FK_ENOMEM;
                t->e = p;
                t->cap = cap;
        }
        if (t->alen + klen > t->acap) {
                size_t cap = t->acap ? 2 * t->acap : 4096;
                char *p;

                while (cap < t->alen + klen)
                        cap *= 2;
                if (!(p = realloc(t->arena, cap)))
                        return FK_ENOMEM;
                t->arena = p;
                t->acap = cap;
        }
        memcpy(t->arena + t->alen, key, klen);
        t->e[t->n] = (struct tally_entry){ hash, t->alen, klen, count, file,
                                           block, line };
        t->alen += klen;
        t->slot[j] = (uint32_t)++t->n;
        if (at)
                *at = (uint32_t)(t->n - 1);
        return 2 * t->n > t->nslot ? rehash(t) : FK_OK;
}
