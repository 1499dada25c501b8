# Reference values for tests/test_ranks.c (Wilcoxon rank sum, Hodges–Lehmann)
# from R's stats::wilcox.test.
#
#   Rscript tests/reference/ranks.R        (then /usr/bin/python3 ranks.py)
#
# Writes
#   ranks_data.inc  the samples: C arrays and the table of cases (struct
#                   rk_case); values and weights, or for the two large cases
#                   the generator v_i = ((a i + b) %% m) / s, i = 1..n, that
#                   the test evaluates the same way;
#   ranks_r.inc     one struct r_ref per case:
#     W, p          wilcox.test(x, y, conf.int = TRUE, conf.level = conf,
#                   correct = TRUE)$statistic and $p.value, x = the trial arm
#                   and y = the control arm expanded by their weights
#                   (rep(x, w));
#     exact         1 when R used the exact distribution (n < 50, no ties);
#     hl            median(outer(x, y, "-")), the Hodges–Lehmann estimate of
#                   METHODS.md (R's own estimate is that median in the exact
#                   case; in the normal case it is a uniroot() result and is
#                   quoted in the comment only);
#     lo, hi        the interval we must give: R's conf.int in the exact case
#                   (NaN where R warns "requested conf.level not achievable",
#                   as ranks.h specifies); in the normal case the pairwise
#                   difference where R's own statistic W(d) (the function
#                   inside wilcox.test.default, copied below) first falls to
#                   +-qnorm(1 - alpha/2) between consecutive distinct
#                   differences - the exact point that R's uniroot(tol =
#                   1e-4) approximates;
#     r_lo, r_hi    R's own conf.int (NaN where R stops with an error);
#     monotone      1 when W(d), evaluated at every distinct difference and
#                   between them, never rises (checked for small cases;
#                   -1 = not checked).

here <- local({
  a <- commandArgs(FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  if (length(f)) dirname(normalizePath(f)) else "tests/reference"
})

fmt <- function(v) {
  if (is.na(v)) return("NAN")
  if (is.infinite(v)) return(if (v > 0) "INFINITY" else "-INFINITY")
  sprintf("%.17g", v)
}

gen <- function(g) ((g[1] * seq_len(g[5]) + g[2]) %% g[3]) / g[4]

# ---- the cases -------------------------------------------------------------
set.seed(20240607)
cases <- list()
add <- function(name, x, y, wx = NULL, wy = NULL, conf = 0.95, gx = NULL,
                gy = NULL, check = TRUE)
  cases[[length(cases) + 1]] <<- list(name = name, x = x, y = y, wx = wx,
                                      wy = wy, conf = conf, gx = gx, gy = gy,
                                      check = check)
likert <- function(n, p) sample(1:5, n, replace = TRUE, prob = p)

add("R example, exact (?wilcox.test)",
    c(0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46),
    c(1.15, 0.88, 0.90, 0.74, 1.21))
add("R example with ties (depression scores)",
    c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30),
    c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29))
add("n = 1 vs 1", 1, 0)
add("n = 2 vs 1", c(1, 2), 0)
add("n = 1 vs 2", 0.5, c(3, -1))
add("n = 2 vs 2", c(2.5, 4), c(1, 3))
add("3 vs 3 complete separation, level not achievable", c(4, 5, 6), c(1, 2, 3))
add("3 vs 4: achieved alpha 2/35 within 1.5 alpha", c(4.1, 5, 6), c(1, 2, 3, 7))
add("4 vs 4", c(1, 2, 3, 7), c(4, 5, 6, 0.5))
add("5 vs 5 conf 0.9", c(10.5, 11.2, 9.8, 12.4, 13.1), c(9.1, 10.1, 8.7, 11.0, 9.9),
    conf = 0.9)
add("all values equal", c(3, 3, 3), c(3, 3))
add("each arm constant", c(3, 3, 3), c(5, 5))
add("one tie across arms", c(1, 2, 2), 1)
add("exact 20 vs 30 continuous", round(rnorm(20, 0.4), 6), round(rnorm(30), 6))
add("exact 49 vs 49", round(rexp(49), 7), round(rexp(49, 1.3), 7), conf = 0.99)
add("normal 50 vs 10, no ties", round(rnorm(50, 1), 6), round(rnorm(10), 6))
add("normal 49 vs 50, no ties, conf 0.8", round(rnorm(49), 6),
    round(rnorm(50, -0.2), 6), conf = 0.8)
add("negative integers with ties", c(-5, -3, -3, 0, 2, 2, 2, 7),
    c(-8, -5, -5, -4, -1, 0, 0))
add("Likert 12 vs 10", likert(12, c(1, 2, 3, 3, 1)), likert(10, c(2, 3, 3, 1, 1)))
add("Likert 300 vs 400", likert(300, c(1, 2, 3, 4, 2)),
    likert(400, c(2, 3, 4, 2, 1)))
add("Likert 300 vs 400 conf 0.9, arms swapped", likert(400, c(2, 2, 3, 2, 1)),
    likert(300, c(1, 1, 3, 4, 3)), conf = 0.9)
add("Likert weighted 1..5", 1:5, 1:5, wx = c(3, 0, 7, 12, 5),
    wy = c(6, 9, 8, 4, 2))
add("weighted, unsorted values with repeats", c(2.5, 1, 2.5, 4, 1, 9),
    c(3, 2.5, 0, 3, 5), wx = c(2, 1, 1, 3, 2, 0), wy = c(4, 1, 2, 1, 3))
add("0/1 outcome", rep(c(0, 1), c(30, 45)), rep(c(0, 1), c(50, 30)))
add("counts 0..6", rpois(80, 2.2), rpois(70, 1.6), conf = 0.99)
for (k in 1:40) {
  n1 <- sample(2:14, 1); n2 <- sample(2:14, 1); m <- sample(3:8, 1)
  add(sprintf("random small ties %d", k), sample(m, n1, TRUE) + sample(0:1, 1),
      sample(m, n2, TRUE), conf = sample(c(0.8, 0.9, 0.95, 0.99), 1))
}
add("Likert 1e5 vs 1e5 by weights", 1:5, 1:5,
    wx = c(11000, 19000, 30000, 26000, 14000),
    wy = c(14000, 21000, 31000, 22000, 12000), check = FALSE)
add("3000 vs 3000 continuous (generated)", NULL, NULL,
    gx = c(7919, 13, 100003, 1000, 3000), gy = c(104729, 7, 100019, 1000, 3000),
    check = FALSE)

# ---- R's statistic as a function of the shift (wilcox.test.default) ---------
Wfun <- function(d, x, y) {
  n.x <- as.double(length(x)); n.y <- as.double(length(y))
  dr <- rank(c(x - d, y))
  NTIES.CI <- table(dr)
  dz <- sum(dr[seq_along(x)]) - n.x * (n.x + 1)/2 - n.x * n.y/2
  CORRECTION.CI <- sign(dz) * 0.5
  SIGMA.CI <- sqrt((n.x * n.y/12) * ((n.x + n.y + 1) - sum(NTIES.CI^3 -
    NTIES.CI)/((n.x + n.y) * (n.x + n.y - 1))))
  (dz - CORRECTION.CI)/SIGMA.CI
}

# The first distinct difference u_k such that W between u_k and u_k+1 is at
# most zq (bisection; W falls with d); the largest when none.
crossing <- function(ud, x, y, zq) {
  K <- length(ud)
  mid <- function(k) if (k < K) (ud[k] + ud[k + 1]) / 2 else ud[K] + 1
  lo <- 1; hi <- K
  if (Wfun(mid(K), x, y) > zq) return(ud[K])
  while (lo < hi) {
    k <- (lo + hi) %/% 2
    if (Wfun(mid(k), x, y) <= zq) hi <- k else lo <- k + 1
  }
  ud[lo]
}

agg <- function(v, w) {
  u <- sort(unique(v))
  list(v = u, w = as.vector(tapply(w, factor(match(v, u), seq_along(u)), sum)))
}

wmedian <- function(v, w) {
  o <- order(v); v <- v[o]; cw <- cumsum(w[o]); M <- cw[length(cw)]
  at <- function(k) v[which(cw >= k)[1]]
  if (M %% 2 == 1) at((M + 1) / 2) else (at(M / 2) + at(M / 2 + 1)) / 2
}

# ---- write -------------------------------------------------------------------
num <- function(v) paste(vapply(v, fmt, ""), collapse = ", ")
data <- c("/* Generated by tests/reference/ranks.R; do not edit. */")
tab <- character()
ref <- c("/* Generated by tests/reference/ranks.R; do not edit. */")
worst <- 0
for (i in seq_along(cases)) {
  cs <- cases[[i]]
  if (!is.null(cs$gx)) {
    x <- gen(cs$gx); y <- gen(cs$gy)
    tab <- c(tab, sprintf("{ \"%s\", NULL, NULL, 0, NULL, NULL, 0, %s, { %s }, { %s } },",
                          cs$name, fmt(cs$conf), num(cs$gx), num(cs$gy)))
    wx <- rep(1, length(x)); wy <- rep(1, length(y))
  } else {
    wx <- if (is.null(cs$wx)) rep(1, length(cs$x)) else cs$wx
    wy <- if (is.null(cs$wy)) rep(1, length(cs$y)) else cs$wy
    data <- c(data, sprintf("static const double rk%d_x1[] = { %s };", i - 1, num(cs$x)),
              sprintf("static const double rk%d_x2[] = { %s };", i - 1, num(cs$y)))
    w1 <- w2 <- "NULL"
    if (!is.null(cs$wx)) {
      data <- c(data, sprintf("static const double rk%d_w1[] = { %s };", i - 1, num(cs$wx)))
      w1 <- sprintf("rk%d_w1", i - 1)
    }
    if (!is.null(cs$wy)) {
      data <- c(data, sprintf("static const double rk%d_w2[] = { %s };", i - 1, num(cs$wy)))
      w2 <- sprintf("rk%d_w2", i - 1)
    }
    tab <- c(tab, sprintf("{ \"%s\", rk%d_x1, %s, %d, rk%d_x2, %s, %d, %s, { 0 }, { 0 } },",
                          cs$name, i - 1, w1, length(cs$x), i - 1, w2,
                          length(cs$y), fmt(cs$conf)))
    x <- rep(cs$x, wx); y <- rep(cs$y, wy)
  }
  warns <- character()
  wt <- withCallingHandlers(
    tryCatch(wilcox.test(x, y, conf.int = TRUE, conf.level = cs$conf,
                         correct = TRUE), error = function(e) NULL),
    warning = function(w) { warns <<- c(warns, conditionMessage(w))
                            invokeRestart("muffleWarning") })
  base <- suppressWarnings(wilcox.test(x, y, correct = TRUE))
  exact <- grepl("exact", base$method)
  # Differences: from the distinct values and weights (never n1*n2 rows).
  ax <- agg(if (is.null(cs$gx)) cs$x else x, wx)
  ay <- agg(if (is.null(cs$gy)) cs$y else y, wy)
  dv <- as.vector(outer(ax$v, ay$v, "-"))
  dw <- as.vector(outer(ax$w, ay$w))
  keep <- dw > 0; dv <- dv[keep]; dw <- dw[keep]
  hl <- wmedian(dv, dw)
  if (as.double(length(x)) * length(y) <= 2e5)
    stopifnot(identical(hl, median(outer(x, y, "-"))))
  ud <- sort(unique(dv))
  r_ci <- if (is.null(wt)) c(NaN, NaN) else wt$conf.int
  r_est <- if (is.null(wt)) NaN else unname(wt$estimate)
  mono <- -1
  if (exact) {
    lo_hi <- r_ci
    if (any(grepl("not achievable", warns))) lo_hi <- c(NaN, NaN)
    stopifnot(identical(r_est, hl))
  } else if (is.null(wt)) {
    lo_hi <- c(NaN, NaN)
  } else {
    zq <- qnorm(1 - (1 - cs$conf) / 2)
    lo_hi <- c(crossing(ud, x, y, zq), crossing(ud, x, y, -zq))
    worst <- max(worst, abs(lo_hi - r_ci) / pmax(1, abs(r_ci)))
    if (cs$check && length(ud) <= 400) {
      pts <- c(rbind(ud, c((ud[-1] + ud[-length(ud)]) / 2, NA)))
      pts <- pts[!is.na(pts)]
      wv <- vapply(pts, Wfun, 0, x = x, y = y)
      mono <- as.integer(all(diff(wv) <= 1e-12))
    }
  }
  call <- sprintf("wilcox.test(x, y, conf.int = TRUE, conf.level = %g, correct = TRUE)",
                  cs$conf)
  ref <- c(ref, sprintf("/* %d: %s: %s -> %s; R's estimate %.10g, conf.int %.10g %.10g%s */",
                        i - 1, cs$name, call, base$method, r_est, r_ci[1], r_ci[2],
                        if (length(warns)) paste0(" (", paste(unique(warns), collapse = "; "), ")") else ""),
           paste0("{ ", num(c(i - 1, base$statistic, base$p.value, exact, hl,
                              lo_hi, r_ci, mono)), " },"))
}
writeLines(c(data, "static const struct rk_case rk_cases[] = {", tab, "};"),
           file.path(here, "ranks_data.inc"))
writeLines(ref, file.path(here, "ranks_r.inc"))
cat(sprintf("%d cases; max |crossing - R's uniroot conf.int| / max(1, |.|): %.3g\n",
            length(cases), worst))
