/* Shared helpers of the cmocka unit tests. */
#ifndef FK_TEST_H
#define FK_TEST_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

/* Relative comparison in the manner of GSL's gsl_test_rel: NaN equals NaN,
 * an infinity equals the same-sign infinity, and want == 0 compares
 * absolutely against tol. */
static inline int fk_close_rel(double got, double want, double tol)
{
        if (isnan(want))
                return isnan(got);
        if (isinf(want))
                return isinf(got) && signbit(got) == signbit(want);
        if (!isfinite(got))
                return 0;
        if (fpclassify(want) == FP_ZERO)
                return fabs(got) <= tol;
        return fabs(got - want) <= tol * fabs(want);
}

#define fk_assert_rel(got, want, tol) do {                                  \
        double fk_g_ = (got), fk_w_ = (want), fk_t_ = (tol);                 \
        if (!fk_close_rel(fk_g_, fk_w_, fk_t_))                              \
                fail_msg("%s = %.17g, want %.17g (rel tol %g)", #got,        \
                         fk_g_, fk_w_, fk_t_);                               \
} while (0)

/* Marsaglia's xorshift64: a reproducible stream for random test inputs
 * from the state *x (not zero). */
static inline uint64_t fk_xorshift64(uint64_t *x)
{
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        return *x;
}

#endif
