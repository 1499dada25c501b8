# Reference values for tests/test_means.c (stats/means.c, stats/poisson.c):
# one-sample summaries with the t interval, Welch's t test, one-sided Welch
# tests at a margin, Hedges' g, and the exact Poisson rate comparison.
# Run from the project root:  Rscript tests/reference/means.R
# It writes tests/reference/means_r.inc.  Weighted samples (x, w) are
# analysed in R as the expanded vector rep(x, w).
set.seed(20170701)

num <- function(v) {
  vapply(v, function(z) {
    if (is.na(z)) "NAN"
    else if (is.infinite(z)) if (z > 0) "INFINITY" else "-INFINITY"
    else sprintf("%.17g", z)
  }, "")
}
vec <- function(v) paste(num(v), collapse = ", ")

samples <- list()
add <- function(name, x, w = NULL, what) {
  samples[[length(samples) + 1]] <<- list(name = name, x = x, w = w, what = what)
}
expand <- function(s) if (is.null(s$w)) s$x else rep(s$x, s$w)
idx <- function(name) which(vapply(samples, `[[`, "", "name") == name) - 1L

## --- samples -----------------------------------------------------------
add("one", 4, what = "n = 1")
add("two", c(3, 7), what = "n = 2")
add("const5", rep(2.5, 5), what = "constant, n = 5")
add("const3", rep(6, 3), what = "constant, n = 3")
add("cnt40a", rpois(40, 6), what = "interview counts, rpois(40, 6)")
add("cnt40b", rpois(40, 7), what = "interview counts, rpois(40, 7)")
add("cnt7", c(0, 20, 3, 3, 11, 5, 8), what = "interview counts 0..20, n = 7")
add("inc300", round(rlnorm(300, log(25000), 0.6), 2), what = "incomes, rlnorm(300)")
add("inc2000", round(rlnorm(2000, log(23000), 0.7), 2), what = "incomes, rlnorm(2000)")
w5a <- tabulate(pmin(rpois(5000, 7), 20) + 1, 21)
w5b <- tabulate(pmin(rpois(4800, 6.5), 20) + 1, 21)
add("w5000a", 0:20, w5a, what = "counts 0..20 with weights, total 5000")
add("w5000b", 0:20, w5b, what = "counts 0..20 with weights, total 4800")
add("w1e5a", 0:20, as.vector(rmultinom(1, 1e5, dpois(0:20, 6))),
    what = "counts 0..20, weights total 1e5")
add("w1e5b", 0:20, as.vector(rmultinom(1, 1e5, dpois(0:20, 6.02))),
    what = "counts 0..20, weights total 1e5")
add("w1e7a", 0:20, as.vector(rmultinom(1, 1e7, dpois(0:20, 6))),
    what = "counts 0..20, weights total 1e7")
add("w1e7b", 0:20, as.vector(rmultinom(1, 1e7, dpois(0:20, 5.9))),
    what = "counts 0..20, weights total 1e7")
# zero weights must be ignored (the value under a zero weight is arbitrary)
add("wzero", c(12.5, 99, 3.25, -7, 40), c(3, 0, 5, 2, 0),
    what = "weights with zeros, total 10")
# ill-conditioned (NIST NumAcc4-like): 1e9 + 0.1/0.2/0.3
add("numacc", c(1000000000.1, 1000000000.2, 1000000000.3), c(500, 1, 500),
    what = "1e9 + {0.1, 0.2, 0.3}, weights 500, 1, 500")
add("numacc2", c(1000000000.1, 1000000000.2, 1000000000.3), c(300, 10, 700),
    what = "1e9 + {0.1, 0.2, 0.3}, weights 300, 10, 700")
# far apart: tiny p-values
add("far0", round(rnorm(60, 0, 1), 4), what = "rnorm(60, 0, 1)")
add("far1", round(rnorm(60, 30, 1), 4), what = "rnorm(60, 30, 1)")
add("farw0", c(9.9, 10, 10.1), c(400, 200, 400), what = "10 +- 0.1, weights 1000")
add("farw1", c(10.9, 11, 11.1), c(450, 100, 450), what = "11 +- 0.1, weights 1000")
# t = 37 on ~2e5 df: p near 1e-299
add("farx0", c(9.9, 10, 10.1), c(40000, 20000, 40000), what = "10 +- 0.1, weights 1e5")
add("farx1", c(9.9148, 10.0148, 10.1148), c(40000, 20000, 40000),
    what = "10.0148 +- 0.1, weights 1e5")

confs <- c(0.95, 0.9, 0.99, 0.8, 0.999)

## --- one-sample summaries ----------------------------------------------
summ <- character()
for (i in seq_along(samples)) {
  s <- samples[[i]]
  v <- expand(s)
  conf <- confs[(i - 1) %% length(confs) + 1]
  n <- length(v)
  sdv <- if (n >= 2) sd(v) else NA
  ci <- if (n < 2) c(NA, NA) else if (sdv == 0) c(mean(v), mean(v)) else
    t.test(v, conf.level = conf)$conf.int
  q <- quantile(v, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
  summ <- c(summ, sprintf(
    "        /* %s: mean, sd, t.test(x, conf.level = %g)$conf.int, quantile(type = 7), min, max */\n        { %d, %g, { %s } },",
    s$name, conf, i - 1L, conf,
    vec(c(n, mean(v), sdv, ci, q[2], q[1], q[3], min(v), max(v)))))
}

## --- Welch, one-sided Welch, Hedges ------------------------------------
hedges <- function(x, y, conf) {
  n1 <- as.numeric(length(x)); n2 <- as.numeric(length(y)); N <- n1 + n2
  sp <- sqrt((sum((x - mean(x))^2) + sum((y - mean(y))^2)) / (N - 2))
  g <- (mean(x) - mean(y)) / sp * (1 - 3 / (4 * N - 9))
  se <- sqrt(N / (n1 * n2) + g^2 / (2 * N))
  z <- qnorm((1 + conf) / 2)
  c(g, g - z * se, g + z * se)
}
pairs <- list(
  c("cnt40a", "cnt40b"), c("cnt40b", "cnt40a"), c("two", "cnt40a"),
  c("cnt7", "two"), c("inc300", "inc2000"), c("inc2000", "inc300"),
  c("w5000a", "w5000b"), c("w1e5a", "w1e5b"), c("w1e7a", "w1e7b"),
  c("w1e7b", "cnt40a"), c("cnt40a", "w1e7a"), c("wzero", "cnt7"),
  c("numacc", "numacc2"), c("far0", "far1"), c("far1", "far0"),
  c("farw1", "farw0"), c("farx1", "farx0"), c("farx0", "farx1"), c("const5", "cnt7"), c("cnt7", "const3"))
welch <- character(); ones <- character(); hed <- character()
for (k in seq_along(pairs)) {
  a <- samples[[idx(pairs[[k]][1]) + 1]]; b <- samples[[idx(pairs[[k]][2]) + 1]]
  x <- expand(a); y <- expand(b)
  conf <- confs[(k - 1) %% length(confs) + 1]
  tt <- t.test(x, y, var.equal = FALSE, conf.level = conf)
  welch <- c(welch, sprintf(
    "        /* t.test(%s, %s, var.equal = FALSE, conf.level = %g): diff of estimate, conf.int, statistic, parameter, stderr, p.value */\n        { %d, %d, %g, { %s } },",
    a$name, b$name, conf, idx(a$name), idx(b$name), conf,
    vec(c(tt$estimate[1] - tt$estimate[2], tt$conf.int, tt$statistic,
          tt$parameter, tt$stderr, tt$p.value))))
  d <- tt$estimate[1] - tt$estimate[2]
  for (delta in c(-0.5 * tt$stderr * 3, d + tt$stderr * 2.5, 0)) {
    for (alt in c("greater", "less")) {
      p <- t.test(x, y, mu = delta, alternative = alt)$p.value
      ones <- c(ones, sprintf(
        "        /* t.test(%s, %s, mu = %s, alternative = \"%s\")$p.value */\n        { %d, %d, %s, %d, %s },",
        a$name, b$name, num(delta), alt, idx(a$name), idx(b$name), num(delta),
        if (alt == "greater") 1L else -1L, num(p)))
    }
  }
  hed <- c(hed, sprintf(
    "        /* Hedges' g by formula (pooled sd, N - 2 df; z interval), conf %g: %s vs %s */\n        { %d, %d, %g, { %s } },",
    conf, a$name, b$name, idx(a$name), idx(b$name), conf,
    vec(hedges(x, y, conf))))
}

## --- Poisson rate ratio --------------------------------------------------
pc <- rbind(
  c(0, 2, 0, 3, 0.95), c(5, 2, 0, 3, 0.95), c(0, 10, 7, 12.5, 0.9),
  c(1, 1, 1, 1, 0.95), c(12, 100.5, 30, 180.25, 0.95),
  c(1234, 250, 1580, 260, 0.95), c(1234, 250, 1580, 260, 0.999),
  c(20, 7.25, 3, 11.5, 0.8), c(3, 11.5, 20, 7.25, 0.99),
  c(1e7, 2.5e6, 9.99e6, 2.49e6, 0.95), c(1e7, 1, 1e7, 1, 0.95),
  c(9876543, 123456.7, 1e7, 125000.1, 0.99),
  c(1e6, 1000, 3, 0.01, 0.95), c(3, 0.01, 1e6, 1000, 0.95),
  c(1, 1e6, 0, 3, 0.95), c(200, 1, 180, 1e-3, 0.9),
  c(5000000, 1e6, 0, 1e6, 0.95), c(0, 1e6, 5000000, 1e6, 0.95))
for (i in 1:20) {
  pc <- rbind(pc, c(rpois(1, runif(1, 0, 20)), round(runif(1, 0.5, 50), 3),
                    rpois(1, runif(1, 0, 20)), round(runif(1, 0.5, 50), 3),
                    confs[(i - 1) %% length(confs) + 1]))
}
for (i in 1:6) {  # interview counts of two arms: sums over persons
  n1 <- sample(50:400, 1); n2 <- sample(50:400, 1)
  pc <- rbind(pc, c(sum(rpois(n1, 6)), n1, sum(rpois(n2, 6.4)), n2,
                    confs[i %% length(confs) + 1]))
}
pois <- character()
for (i in seq_len(nrow(pc))) {
  r <- pc[i, ]
  pt <- poisson.test(c(r[1], r[3]), c(r[2], r[4]), conf.level = r[5])
  pp <- binom.test(c(r[1], r[3]), conf.level = r[5])$conf.int
  pois <- c(pois, sprintf(
    "        /* poisson.test(c(%s, %s), c(%s, %s), conf.level = %g): estimate, conf.int, p.value; binom.test(c(%s, %s))$conf.int */\n        { { %s }, { %s } },",
    num(r[1]), num(r[3]), num(r[2]), num(r[4]), r[5], num(r[1]),
    num(r[3]), vec(r), vec(c(pt$estimate, pt$conf.int, pt$p.value, pp))))
}

## --- write ---------------------------------------------------------------
out <- "tests/reference/means_r.inc"
con <- file(out, "w")
w <- function(...) cat(..., file = con, sep = "")
w("/* Generated by tests/reference/means.R in R ", as.character(getRversion()),
  "; do not edit. */\n\n")
for (s in samples) {
  w("/* ", s$name, ": ", s$what, " */\n")
  w("static const double ", s$name, "_x[] = { ", vec(s$x), " };\n")
  if (!is.null(s$w))
    w("static const double ", s$name, "_w[] = { ", vec(s$w), " };\n")
}
w("\nstatic const struct ref_sample samples[] = {\n")
for (s in samples)
  w("        { \"", s$name, "\", ", s$name, "_x, ",
    if (is.null(s$w)) "NULL" else paste0(s$name, "_w"), ", ", length(s$x), " },\n")
w("};\n\n")
w("/* sample, conf, { n, mean, sd, ci lo, ci hi, median, q1, q3, min, max } */\n")
w("static const struct summary_case summary_cases[] = {\n", paste(summ, collapse = "\n"), "\n};\n\n")
w("/* trial, control, conf, { estimate, ci lo, ci hi, t, df, se, p } */\n")
w("static const struct welch_case welch_cases[] = {\n", paste(welch, collapse = "\n"), "\n};\n\n")
w("/* trial, control, delta0, alternative (+1 greater, -1 less), p */\n")
w("static const struct onesided_case onesided_cases[] = {\n", paste(ones, collapse = "\n"), "\n};\n\n")
w("/* trial, control, conf, { g, ci lo, ci hi } */\n")
w("static const struct hedges_case hedges_cases[] = {\n", paste(hed, collapse = "\n"), "\n};\n\n")
w("/* { c1, t1, c2, t2, conf }, { estimate, ci lo, ci hi, p, binomial p_L, p_U } */\n")
w("static const struct poisson_case poisson_cases[] = {\n", paste(pois, collapse = "\n"), "\n};\n")
close(con)
