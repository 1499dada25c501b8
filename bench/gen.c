/* bench/gen.c — deterministic benchmark data for bench/run.sh.
 *
 *   gen binary   ROWS SEED   id,kommune,arm,alder,koen,ydelse,uger,samtaler,job
 *   gen survival ROWS SEED   id,kommune,arm,uger,job
 *   gen cluster  ROWS SEED   id,kommune,arm,job   (20 municipalities, 10 trial)
 *   gen did      ROWS SEED   id,kommune,aar,forsoeg,job,indkomst   (person rows)
 *   gen survtime ROWS SEED   id,kommune,arm,uger,job   (uger with 4 decimals)
 *
 * writes CSV to stdout.  The same mode, rows and seed give the same bytes:
 * the generator is splitmix64 and every number is written with integer
 * arithmetic (no floating-point formatting).  exp, log, sqrt and cos are used
 * only to draw, and their results are only compared or truncated, so a libm
 * other than glibc's could in principle flip a rare draw; bench/run.sh
 * records the SHA-256 of each file it measured.
 *
 * binary: a register-like extract, ~41 bytes a row (5M rows ~ 200 MB); the
 * arm is by municipality (98 municipalities, every other one in the trial);
 * alder, koen and ydelse are filler columns nobody analyses.  job is 0/1 with
 * a small trial effect, samtaler (interviews in 26 weeks) is Poisson with a
 * slightly lower mean in the trial arm, uger is weeks of unemployment.
 * survival: weeks to job (integer 1..52, many ties) or censoring, hazard ratio
 * about 1.005 for the trial arm (so the tests' p-values are not all 0).
 * cluster: 20 municipalities of unequal size with a municipality effect on
 * the job probability; municipalities 1, 3, ..., 19 are the trial arm.
 * did: person rows for a difference in differences, ~33 bytes a row: a
 * person in a municipality (98, every other one a trial municipality,
 * forsoeg = 1) in a year 2014-2021; job 0/1 and indkomst (yearly income
 * in kroner and øre, nearly every value distinct), both with a municipality
 * and a year effect and a small trial effect from 2018.
 * survtime: as survival, but the time to job in weeks with four decimals,
 * so nearly every time is distinct (no ties to count).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t next_u64(void)
{
        uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
}

/* uniform on (0, 1) */
static double unif(void)
{
        return ((double)(next_u64() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static unsigned below(unsigned n)
{
        return (unsigned)(next_u64() % n);
}

static unsigned poisson(double mean)
{
        double l = exp(-mean), p = 1.0;
        unsigned k = 0;
        do {
                k++;
                p *= unif();
        } while (p > l);
        return k - 1;
}

static double normal(void)
{
        return sqrt(-2.0 * log(unif())) * cos(6.283185307179586 * unif());
}

static char buf[1 << 16];
static size_t len;

static void flush(void)
{
        if (len && fwrite(buf, 1, len, stdout) != len) {
                perror("gen: write");
                exit(1);
        }
        len = 0;
}

static void put_str(const char *s)
{
        size_t n = strlen(s);
        if (len + n > sizeof buf)
                flush();
        memcpy(buf + len, s, n);
        len += n;
}

static void put_uint(uint64_t v)
{
        char tmp[24];
        int i = 0;
        do {
                tmp[i++] = (char)('0' + v % 10);
                v /= 10;
        } while (v);
        if (len + (size_t)i > sizeof buf)
                flush();
        while (i)
                buf[len++] = tmp[--i];
}

static void put_char(char c)
{
        if (len + 1 > sizeof buf)
                flush();
        buf[len++] = c;
}

/* municipality code of index i: synthetic three-digit codes */
static unsigned kommune_code(unsigned i)
{
        return 101 + 7 * i;
}

static void gen_binary(uint64_t rows)
{
        enum { K = 98 };
        double effect[K];
        for (unsigned k = 0; k < K; k++)
                effect[k] = 0.02 * normal();
        put_str("id,kommune,arm,alder,koen,ydelse,uger,samtaler,job\n");
        for (uint64_t id = 1; id <= rows; id++) {
                unsigned k = below(K);
                int trial = (k % 2) == 0;
                double p = 0.50 + (trial ? 0.001 : 0.0) + effect[k];
                put_uint(id);
                put_char(',');
                put_uint(kommune_code(k));
                put_str(trial ? ",trial," : ",control,");
                put_uint(18 + below(49));
                put_str(below(2) ? ",K," : ",M,");
                /* ydelse: monthly benefit in kroner with ore, 8000.00-19999.99 */
                put_uint(8000 + below(12000));
                put_char('.');
                unsigned ore = below(100);
                put_char((char)('0' + ore / 10));
                put_char((char)('0' + ore % 10));
                put_char(',');
                put_uint(1 + below(104));
                put_char(',');
                put_uint(poisson(trial ? 5.99 : 6.0));
                put_str(unif() < p ? ",1\n" : ",0\n");
        }
}

static void gen_survival(uint64_t rows)
{
        enum { K = 98 };
        put_str("id,kommune,arm,uger,job\n");
        for (uint64_t id = 1; id <= rows; id++) {
                unsigned k = below(K);
                int trial = (k % 2) == 0;
                /* exponential time to job, median ~ 20 weeks, HR 1.005 */
                double rate = 0.0347 * (trial ? 1.005 : 1.0);
                double t = -log(unif()) / rate;
                /* drop-out (censoring) at a uniform time up to 104 weeks */
                double c = 104.0 * unif();
                int event = 1;
                if (c < t) {
                        t = c;
                        event = 0;
                }
                if (t > 52.0) { /* administrative end at 52 weeks */
                        t = 52.0;
                        event = 0;
                }
                unsigned weeks = (unsigned)ceil(t);
                if (weeks < 1)
                        weeks = 1;
                put_uint(id);
                put_char(',');
                put_uint(kommune_code(k));
                put_str(trial ? ",trial," : ",control,");
                put_uint(weeks);
                put_str(event ? ",1\n" : ",0\n");
        }
}

static void gen_cluster(uint64_t rows)
{
        enum { K = 20 };
        double weight[K], effect[K], cum[K], total = 0;
        for (unsigned k = 0; k < K; k++) {
                weight[k] = 1.0 + 3.0 * unif();
                effect[k] = 0.03 * normal();
                total += weight[k];
                cum[k] = total;
        }
        put_str("id,kommune,arm,job\n");
        for (uint64_t id = 1; id <= rows; id++) {
                double u = unif() * total;
                unsigned k = 0;
                while (k + 1 < K && cum[k] < u)
                        k++;
                int trial = (k % 2) == 0;
                double p = 0.50 + (trial ? 0.02 : 0.0) + effect[k];
                put_uint(id);
                put_char(',');
                put_uint(kommune_code(k));
                put_str(trial ? ",trial," : ",control,");
                put_str(unif() < p ? "1\n" : "0\n");
        }
}

static void gen_did(uint64_t rows)
{
        enum { K = 98, Y = 8 };
        double ek[K], ey[Y];
        for (unsigned k = 0; k < K; k++)
                ek[k] = 0.03 * normal();
        for (unsigned y = 0; y < Y; y++)
                ey[y] = 0.005 * y;
        put_str("id,kommune,aar,forsoeg,job,indkomst\n");
        for (uint64_t id = 1; id <= rows; id++) {
                unsigned k = below(K), y = below(Y);
                int trial = (k % 2) == 0, post = y >= 4;
                double p = 0.50 + ek[k] + ey[y] + (trial && post ? 0.01 : 0.0);
                double inc = 250000.0 + 60000.0 * normal() + 200000.0 * ek[k] +
                             3000.0 * y + (trial && post ? 2000.0 : 0.0);
                uint64_t ore;
                if (inc < 0)
                        inc = 0;
                ore = (uint64_t)(inc * 100.0);
                put_uint(id);
                put_char(',');
                put_uint(kommune_code(k));
                put_char(',');
                put_uint(2014 + y);
                put_str(trial ? ",1," : ",0,");
                put_str(unif() < p ? "1," : "0,");
                put_uint(ore / 100);
                put_char('.');
                put_char((char)('0' + ore % 100 / 10));
                put_char((char)('0' + ore % 10));
                put_char('\n');
        }
}

static void gen_survtime(uint64_t rows)
{
        enum { K = 98 };
        put_str("id,kommune,arm,uger,job\n");
        for (uint64_t id = 1; id <= rows; id++) {
                unsigned k = below(K);
                int trial = (k % 2) == 0;
                double rate = 0.0347 * (trial ? 1.005 : 1.0);
                double t = -log(unif()) / rate, c = 104.0 * unif();
                int event = 1;
                uint64_t u;
                if (c < t) {
                        t = c;
                        event = 0;
                }
                if (t > 52.0) {
                        t = 52.0;
                        event = 0;
                }
                u = (uint64_t)(t * 10000.0) + 1;        /* > 0 */
                put_uint(id);
                put_char(',');
                put_uint(kommune_code(k));
                put_str(trial ? ",trial," : ",control,");
                put_uint(u / 10000);
                put_char('.');
                put_char((char)('0' + u / 1000 % 10));
                put_char((char)('0' + u / 100 % 10));
                put_char((char)('0' + u / 10 % 10));
                put_char((char)('0' + u % 10));
                put_str(event ? ",1\n" : ",0\n");
        }
}

int main(int argc, char **argv)
{
        if (argc != 4) {
                fprintf(stderr, "usage: gen binary|survival|cluster|did|survtime "
                        "ROWS SEED\n");
                return 2;
        }
        char *end;
        uint64_t rows = strtoull(argv[2], &end, 10);
        if (*end || rows == 0) {
                fprintf(stderr, "gen: bad ROWS '%s'\n", argv[2]);
                return 2;
        }
        rng_state = strtoull(argv[3], &end, 10);
        if (*end) {
                fprintf(stderr, "gen: bad SEED '%s'\n", argv[3]);
                return 2;
        }
        if (!strcmp(argv[1], "binary"))
                gen_binary(rows);
        else if (!strcmp(argv[1], "survival"))
                gen_survival(rows);
        else if (!strcmp(argv[1], "cluster"))
                gen_cluster(rows);
        else if (!strcmp(argv[1], "did"))
                gen_did(rows);
        else if (!strcmp(argv[1], "survtime"))
                gen_survtime(rows);
        else {
                fprintf(stderr, "gen: unknown mode '%s'\n", argv[1]);
                return 2;
        }
        flush();
        if (fflush(stdout) || ferror(stdout)) {
                perror("gen: write");
                return 1;
        }
        return 0;
}
