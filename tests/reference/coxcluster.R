# Reference values for tests/test_coxcluster.c (stats/coxcluster.c,
# stats/coxrandom.c): Cox regression on the trial indicator with the
# cluster-robust (Lin–Wei) variance, and randomization inference on the log
# hazard ratio by brute-force enumeration of the cluster assignments.
# Run from the project root:  Rscript tests/reference/coxcluster.R
# It writes tests/reference/coxcluster_r.inc.
#
# Each case is stored as rows (time, event, w, arm, cluster) with w a
# frequency weight; R analyses the expanded data (rep(row, w)), every copy
# in the row's cluster.  The R calls (x = 1 for the trial arm):
#   fit <- coxph(Surv(t, e) ~ x, ties = TIES, cluster = cl)
#     r0: R's defaults, coef and robust se (good to ~1e-8: R stops when the
#         log likelihood changes by < 1e-9 relative)
#   polished fit, as tests/reference/survival.R: two more Newton steps
#     f0 <- coxph(Surv(t, e) ~ x, ties = TIES, cluster = cl, init = b,
#                 control = coxph.control(iter.max = 0))
#     b  <- b + sum(residuals(f0, type = "score")) * f0$naive.var
#   then at b: naive se sqrt(f0$naive.var), robust se sqrt(f0$var)
#   (= sqrt(sum_g (sum_{i in g} dfbeta_i)^2)), z = b / robust se,
#   p = 2 pnorm(-|z|), exp(b), exp(b -/+ qnorm((1 + conf)/2) robust se).
#   Randomization: for every combn(G, G_trial) set of trial clusters the
#   polished coefficient b*, or +-Inf when the likelihood is monotone (the
#   rule of survival.R: no trial person at risk at any control event, or
#   the reverse); p = mean(|b*| >= |b|(1 - 1e-12)).
# NA in R is written as NAN.
suppressPackageStartupMessages(library(survival))
set.seed(20240917)

num <- function(v) {
  vapply(v, function(z) {
    if (is.na(z)) "NAN"
    else if (is.infinite(z)) if (z > 0) "INFINITY" else "-INFINITY"
    else sprintf("%.17g", z)
  }, "")
}
vec <- function(v) paste(num(v), collapse = ", ")

monotone <- function(t, e, x) {
  et <- sort(unique(t[e == 1]))
  if (!length(et)) return(NA)
  n1 <- sapply(et, function(s) sum(t >= s & x == 1))
  n0 <- sapply(et, function(s) sum(t >= s & x == 0))
  d1 <- sapply(et, function(s) sum(t == s & e == 1 & x == 1))
  d0 <- sapply(et, function(s) sum(t == s & e == 1 & x == 0))
  if (all(d0 == 0 | n1 == 0)) return(Inf)
  if (all(d1 == 0 | n0 == 0)) return(-Inf)
  0
}

polish <- function(t, e, x, cl, ties) {
  fit <- suppressWarnings(coxph(Surv(t, e) ~ x, ties = ties, cluster = cl))
  b <- unname(coef(fit))
  r0 <- c(b, sqrt(fit$var[1, 1]))
  for (i in 1:2) {
    f0 <- suppressWarnings(coxph(Surv(t, e) ~ x, ties = ties, cluster = cl,
                                 init = b,
                                 control = coxph.control(iter.max = 0)))
    b <- b + sum(residuals(f0, type = "score")) * f0$naive.var[1, 1]
  }
  f0 <- suppressWarnings(coxph(Surv(t, e) ~ x, ties = ties, cluster = cl,
                               init = b, control = coxph.control(iter.max = 0)))
  list(b = b, naive = sqrt(f0$naive.var[1, 1]), se = sqrt(f0$var[1, 1]),
       r0 = r0)
}

robust <- function(t, e, x, cl, ties, conf) {
  m <- monotone(t, e, x)
  if (is.na(m) || m != 0)
    return(list(v = c(if (is.na(m)) NA else m, rep(NA, 7)), r0 = c(NA, NA)))
  p <- polish(t, e, x, cl, ties)
  z <- p$b / p$se; q <- qnorm((1 + conf) / 2)
  list(v = c(p$b, p$naive, p$se, z, 2 * pnorm(-abs(z)), exp(p$b),
             exp(p$b - q * p$se), exp(p$b + q * p$se)), r0 = p$r0)
}

ri_brute <- function(t, e, x, cl, ties) {
  cls <- sort(unique(cl))
  trial <- cls[cls %in% unique(cl[x == 1])]
  bobs <- { m <- monotone(t, e, x); if (m != 0) m else polish(t, e, x, cl, ties)$b }
  cb <- combn(length(cls), length(trial))
  bs <- apply(cb, 2, function(ix) {
    xs <- as.numeric(cl %in% cls[ix])
    m <- monotone(t, e, xs)
    if (m != 0) m else polish(t, e, xs, cl, ties)$b
  })
  c(mean(abs(bs) >= abs(bobs) * (1 - 1e-12)), ncol(cb))
}

cases <- list()
add <- function(name, what, d, ri = FALSE, conf = 0.95) {
  cases[[length(cases) + 1]] <<- list(name = name, what = what, d = d,
                                       ri = ri, conf = conf)
}

# clusters of the given sizes; arm[g] 1 = trial; frailty per cluster;
# exponential times rounded up to `digits` (NA: not rounded), censoring
# exponential and administrative at `admin`
gen <- function(sizes, arm, rate = 1 / 20, hr = 1.2, frail = 0.4,
                crate = 1 / 40, admin = 52, digits = 0, noev = integer(0)) {
  out <- NULL
  for (g in seq_along(sizes)) {
    n <- sizes[g]
    lam <- rate * hr^arm[g] * exp(rnorm(1, 0, frail))
    ev <- rexp(n, lam); ce <- pmin(rexp(n, crate), admin)
    t <- pmin(ev, ce); e <- as.numeric(ev <= ce)
    if (!is.na(digits)) t <- ceiling(t * 10^digits) / 10^digits
    if (g %in% noev) e[] <- 0
    out <- rbind(out, data.frame(t = t, e = e, w = 1, arm = 1 - arm[g],
                                 cl = g - 1))
  }
  out
}
# aggregate identical rows within a cluster into frequency weights
agg <- function(d) {
  key <- paste(d$t, d$e, d$cl)
  u <- !duplicated(key)
  w <- as.vector(table(factor(key, levels = key[u])))
  r <- d[u, ]; r$w <- w; r
}

add("ties12", "12 clusters (6 v 6) of 5..60, whole weeks, one cluster without events",
    gen(c(5, 60, 12, 33, 8, 41, 20, 15, 55, 9, 27, 38),
        rep(c(1, 0), 6), noev = 4), ri = TRUE)
add("freq10", "10 clusters, aggregated rows (frequency weights), follow-up 10 weeks",
    agg(gen(c(80, 150, 60, 120, 90, 200, 70, 110, 40, 130), rep(c(1, 0), 5),
            admin = 10)), ri = TRUE)
add("uneven30", "30 clusters (12 v 18) of 2..200, decimal times",
    gen(c(2, 200, 3, 15, 150, 7, 40, 90, 5, 60, 120, 8, 30, 25, 75, 4, 180,
          11, 50, 35, 9, 100, 6, 45, 70, 13, 55, 20, 140, 10),
        c(rep(1, 12), rep(0, 18))[sample(30)], digits = NA))
add("six", "6 clusters (3 v 3), heavy ties", gen(c(10, 25, 14, 30, 8, 18),
    c(1, 1, 1, 0, 0, 0), rate = 1 / 6, admin = 12), ri = TRUE)
add("noev5", "5 clusters (2 v 3), two without events: some assignments infinite",
    gen(c(12, 20, 9, 15, 25), c(1, 1, 0, 0, 0), noev = c(2, 4)), ri = TRUE)
add("inf", "trial arm without events: beta -Inf", gen(c(10, 12, 8, 14, 9),
    c(1, 1, 0, 0, 0), noev = c(1, 2)), ri = TRUE)
add("c90", "as six at conf 0.90", cases[[4]]$d, conf = 0.90)

out <- c("/* Generated by tests/reference/coxcluster.R -- do not edit. */", "")
rows <- character(0)
for (i in seq_along(cases)) {
  cs <- cases[[i]]; d <- cs$d
  cat(cs$name, "\n", file = stderr())
  ex <- d[rep(seq_len(nrow(d)), d$w), ]
  x <- as.numeric(ex$arm == 0)
  res <- lapply(c("efron", "breslow"), function(ti)
    robust(ex$t, ex$e, x, ex$cl, ti, cs$conf))
  ri <- if (cs$ri) lapply(c("efron", "breslow"), function(ti)
    ri_brute(ex$t, ex$e, x, ex$cl, ti)) else list(c(NA, NA), c(NA, NA))
  p <- paste0("cc", i, "_")
  out <- c(out, sprintf("/* %s: %s */", cs$name, cs$what),
    sprintf("static const double %st[] = { %s };", p, vec(d$t)),
    sprintf("static const double %se[] = { %s };", p, vec(d$e)),
    sprintf("static const double %sw[] = { %s };", p, vec(d$w)),
    sprintf("static const int %sarm[] = { %s };", p, paste(d$arm, collapse = ", ")),
    sprintf("static const size_t %scl[] = { %s };", p, paste(d$cl, collapse = ", ")),
    "")
  rows <- c(rows, sprintf(paste0("  { \"%s\", %st, %se, %sw, %sarm, %scl, %d, %d, %s,",
                               "\n    { { %s },\n      { %s } },",
                               "\n    { { %s }, { %s } }, %d, { { %s }, { %s } } },"),
    cs$name, p, p, p, p, p, nrow(d), length(unique(d$cl)), num(cs$conf),
    vec(res[[1]]$v), vec(res[[2]]$v), vec(res[[1]]$r0), vec(res[[2]]$r0),
    as.integer(cs$ri), vec(ri[[1]]), vec(ri[[2]])))
}
out <- c(out, "static const struct cc_case cc_cases[] = {", rows, "};")
writeLines(out, "tests/reference/coxcluster_r.inc")

## --- a whole-pipeline case for tests/check_cases.py ----------------------
# tests/cases/survival/cluster_1: 12 municipalities (6 v 6), whole weeks,
# rows aggregated with a frequency column; fkstat compare --time --event
# --freq --cluster; the same R calls as above on the expanded data.
suppressPackageStartupMessages(library(jsonlite))
d <- agg(gen(c(25, 60, 14, 40, 33, 8, 51, 22, 18, 45, 30, 12),
             rep(c(1, 0), 6), rate = 1 / 12, noev = 6))
kn <- sprintf("K%02d", d$cl + 1)
ex <- d[rep(seq_len(nrow(d)), d$w), ]
x <- as.numeric(ex$arm == 0)
rb <- robust(ex$t, ex$e, x, ex$cl, "efron", 0.95)$v
ri <- ri_brute(ex$t, ex$e, x, ex$cl, "efron")
chk <- function(path, value, tol) list(path, value, tol)
base <- "results[0].cluster."
checks <- list(chk(paste0(base, "clusters.trial"), 6, 0),
  chk(paste0(base, "robust.estimate"), rb[6], 1e-10),
  chk(paste0(base, "robust.se"), rb[3], 1e-10),
  chk(paste0(base, "robust.ci[0]"), rb[7], 1e-10),
  chk(paste0(base, "robust.ci[1]"), rb[8], 1e-10),
  chk(paste0(base, "robust.z"), rb[4], 1e-10),
  chk(paste0(base, "robust.p_value"), rb[5], 1e-9),
  chk(paste0(base, "randomization.p_value"), ri[1], 1e-12),
  chk(paste0(base, "randomization.assignments"), ri[2], 0))
dir <- "tests/cases/survival/cluster_1"
dir.create(dir, recursive = TRUE, showWarnings = FALSE)
write.table(data.frame(kommune = kn, arm = ifelse(d$arm == 0, "forsøg", "kontrol"),
                       uger = d$t, job = d$e, antal = d$w),
            file.path(dir, "data.csv"), sep = ";", row.names = FALSE,
            quote = FALSE)
writeLines(toJSON(list(args = c("compare", "data.csv", "--time", "uger",
                                "--event", "job", "--freq", "antal",
                                "--cluster", "kommune", "--format", "json"),
                       checks = checks), auto_unbox = TRUE, digits = NA,
                  pretty = TRUE), file.path(dir, "case.json"))
