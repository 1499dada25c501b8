# Reference values for tests/test_strata.c from R (stats::mantelhaen.test)
# and, by formula, the Mantel–Haenszel risk difference.
#
#   Rscript tests/reference/strata.R          (then /usr/bin/python3 strata.py)
#
# Writes, beside itself,
#   strata_tables.inc  the cases: C initialisers { case, x1, n1, x2, n2 },
#                      one per stratum (read back by strata.py);
#   strata_r.inc       per case { case, conf, cmh, cmh_p, or, or_lo, or_hi,
#                      rd, rd_lo, rd_hi } from
#     t <- mantelhaen.test(array(c(x1, x2, n1 - x1, n2 - x2), dim = c(2, 2, K)),
#                          correct = FALSE, conf.level = conf)
#     cmh = t$statistic, cmh_p = t$p.value, or = t$estimate,
#     [or_lo, or_hi] = t$conf.int (R's interval is Robins–Breslow–Greenland);
#   i.e. array(c(a, c, b, d)) with a = x1, b = n1 - x1, c = x2, d = n2 - x2:
#   row 1 = trial, row 2 = control, column 1 = success, so the estimate is
#   (trial odds) / (control odds).
#   The MH risk difference and its Greenland–Robins (1985) variance by formula
#   (function mh_rd below; cross-checked against a second, algebraically
#   equal form and a hand computation), CI rd -/+ qnorm((1 + conf)/2) * se.
#
# Case 1 is ../shared/reference/cases/stratified/mh_six_munis/data.csv,
# aggregated here to one 2x2 table per kommune (trial = "forsøg").

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

# Greenland & Robins (1985), as in Rothman, Greenland & Lash, Modern
# Epidemiology (3rd ed.), ch. 15, with w_k = n1k n2k / N_k:
#   RD_MH = sum w_k (p1k - p2k) / sum w_k
#   Var   = sum (x1 (n1 - x1) n2^3 + x2 (n2 - x2) n1^3) / (n1 n2 N^2) / (sum w)^2
# Strata with n1 = 0 or n2 = 0 have w = 0 and are left out of both sums.
mh_rd <- function(x1, n1, x2, n2, conf) {
  k <- n1 > 0 & n2 > 0
  x1 <- x1[k]; n1 <- n1[k]; x2 <- x2[k]; n2 <- n2[k]; N <- n1 + n2
  w <- n1 * n2 / N
  W <- sum(w)
  rd <- sum((x1 * n2 - x2 * n1) / N) / W
  v <- sum((x1 * (n1 - x1) * n2^3 + x2 * (n2 - x2) * n1^3) /
           (n1 * n2 * N^2)) / W^2
  # cross-check: the same variance as sum w^2 (p1 q1 / n1 + p2 q2 / n2) / W^2
  p1 <- x1 / n1; p2 <- x2 / n2
  v2 <- sum(w^2 * (p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)) / W^2
  stopifnot(isTRUE(all.equal(v, v2, tolerance = 1e-13)))
  z <- qnorm((1 + conf) / 2)
  c(rd, rd - z * sqrt(v), rd + z * sqrt(v))
}
# Hand computation (two strata): (1) 10/20 vs 5/20, (2) 3/10 vs 6/30.
#   w = 10, 7.5; W = 17.5; RD = (10 * 0.25 + 7.5 * 0.1) / 17.5 = 3.25 / 17.5
#   Var = (100 * (0.25/20 + 0.1875/20) + 56.25 * (0.21/10 + 0.16/30)) / 17.5^2
#       = (2.1875 + 1.48125) / 306.25 = 3.66875 / 306.25
local({
  r <- mh_rd(c(10, 3), c(20, 10), c(5, 6), c(20, 30), 0.95)
  stopifnot(abs(r[1] - 3.25 / 17.5) < 1e-15,
            abs((r[3] - r[1]) / qnorm(0.975) - sqrt(3.66875 / 306.25)) < 1e-15)
})

cases <- list()
add <- function(x1, n1, x2, n2, conf = 0.95, note = "")
  # as.numeric: integer counts overflow in mantelhaen.test's RBG variance
  cases[[length(cases) + 1L]] <<- list(x1 = as.numeric(x1), n1 = as.numeric(n1),
                                       x2 = as.numeric(x2), n2 = as.numeric(n2),
                                       conf = conf, note = note)

# 1: the reference case mh_six_munis.
d <- read.csv("../shared/reference/cases/stratified/mh_six_munis/data.csv",
              encoding = "UTF-8", stringsAsFactors = FALSE)
ks <- sort(unique(d$kommune))
agg <- function(arm, f) sapply(ks, function(k) f(d$job[d$kommune == k & d$arm == arm]))
add(agg("forsøg", sum), agg("forsøg", length), agg("kontrol", sum),
    agg("kontrol", length), note = "mh_six_munis")
# 2: UCBAdmissions, Admitted among Male (trial) vs Female (control).
u <- UCBAdmissions
add(u["Admitted", "Male", ], colSums(u[, "Male", ]),
    u["Admitted", "Female", ], colSums(u[, "Female", ]), note = "UCBAdmissions")
# 3: small strata with zero cells (all margins positive).
add(c(0, 3, 5, 1), c(4, 6, 9, 3), c(2, 0, 4, 2), c(5, 7, 8, 2), conf = 0.9,
    note = "zero cells")
# 4: one stratum with n1 = 0 (zero weight) and one with no successes.
add(c(4, 0, 7, 0), c(10, 0, 12, 6), c(3, 2, 2, 0), c(11, 5, 9, 8),
    note = "zero row and zero column")
# 5: odds ratio exactly 1 in every stratum (Breslow-Day quadratic is linear).
add(c(2, 5), c(4, 10), c(3, 8), c(6, 16), conf = 0.99, note = "OR = 1")
# 6-25: random tables of the sizes the CLI meets.
set.seed(20261124)
for (i in 1:20) {
  K <- sample(2:10, 1)
  big <- i %% 4 == 0
  n1 <- sample(if (big) 200:20000 else 3:80, K, replace = TRUE)
  n2 <- sample(if (big) 200:20000 else 3:80, K, replace = TRUE)
  p1 <- runif(K, 0.05, 0.95); p2 <- pmin(pmax(p1 + rnorm(K, 0, 0.1), 0.02), 0.98)
  add(rbinom(K, n1, p1), n1, rbinom(K, n2, p2), n2,
      conf = c(0.9, 0.95, 0.99)[i %% 3 + 1], note = "random")
}

tab <- c("/* Generated by tests/reference/strata.R; do not edit.",
         " * case, x1, n1, x2, n2 (one row per stratum) */")
ref <- c(sprintf("/* Generated by tests/reference/strata.R with %s; do not edit.",
                 R.version.string),
         " * case, conf, cmh, cmh_p, or, or_lo, or_hi, rd, rd_lo, rd_hi */")
for (i in seq_along(cases)) {
  cs <- cases[[i]]
  K <- length(cs$x1)
  for (j in 1:K)
    tab <- c(tab, sprintf("{ %d, %s, %s, %s, %s },", i, fmt(cs$x1[j]),
                          fmt(cs$n1[j]), fmt(cs$x2[j]), fmt(cs$n2[j])))
  arr <- array(rbind(cs$x1, cs$x2, cs$n1 - cs$x1, cs$n2 - cs$x2), dim = c(2, 2, K))
  t <- mantelhaen.test(arr, correct = FALSE, conf.level = cs$conf)
  rd <- mh_rd(cs$x1, cs$n1, cs$x2, cs$n2, cs$conf)
  ref <- c(ref, sprintf("/* %s: mantelhaen.test(array(c(a, c, b, d), dim = c(2, 2, %d)), correct = FALSE, conf.level = %s); mh_rd(x1, n1, x2, n2, %s) */",
                        cs$note, K, cs$conf, cs$conf),
           sprintf("{ %d, %s, %s, %s, %s, %s, %s, %s, %s, %s },", i, fmt(cs$conf),
                   fmt(unname(t$statistic)), fmt(t$p.value), fmt(unname(t$estimate)),
                   fmt(t$conf.int[1]), fmt(t$conf.int[2]),
                   fmt(rd[1]), fmt(rd[2]), fmt(rd[3])))
}
writeLines(tab, file.path(here, "strata_tables.inc"))
writeLines(ref, file.path(here, "strata_r.inc"))
