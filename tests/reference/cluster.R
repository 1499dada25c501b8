# Reference values for tests/test_cluster.c (stats/cluster.c): ICC and
# design effect, CR2 standard error with Satterthwaite df, wild cluster
# bootstrap (by full enumeration of the weight vectors) and randomization
# inference (by full enumeration of the assignments).
# Run from the project root:  Rscript tests/reference/cluster.R
# It writes tests/reference/cluster_r.inc.
#
# Each design is stored aggregated as rows (cluster, arm, y, w) with w the
# number of people in the cluster with that y; R analyses the expanded data
# (one row per person), so the C code is checked with frequency weights.
#   CR2: clubSandwich::coef_test(lm(y ~ trial), vcov = "CR2", cluster = cl,
#        test = "Satterthwaite"); CI beta +/- qt(1 - a/2, df_Satt) * SE.
#   ICC: the ANOVA formula of METHODS.md written out below.
#   RI:  all combn(G, G_T) reassignments of arms to clusters.
#   wild: all 2^G (Rademacher, G >= 12) or 6^G (Webb, G < 12) weight vectors,
#        restricted residuals y - mean(y), bootstrap t with the CR1 se.
# Ties in |t*| >= |t| and |stat| >= |obs| are taken with relative slack
# 1e-12, as in the C code.
suppressMessages(library(clubSandwich))
set.seed(20240611)

num <- function(v) {
  vapply(v, function(z) {
    if (is.na(z)) "NAN"
    else if (is.infinite(z)) if (z > 0) "INFINITY" else "-INFINITY"
    else sprintf("%.17g", z)
  }, "")
}
vec <- function(v) paste(num(v), collapse = ", ")

icc_anova <- function(y, cl, arm) {
  N <- length(y); G <- length(unique(cl))
  cm <- tapply(y, cl, mean); cn <- tapply(y, cl, length)
  carm <- tapply(arm, cl, function(a) a[1])
  am <- tapply(y, arm, mean); an <- tapply(y, arm, length)
  msb <- sum(cn * (cm - am[as.character(carm)])^2) / (G - 2)
  msw <- sum((y - cm[as.character(cl)])^2) / (N - G)
  n0 <- (N - sum(cn^2 / an[as.character(carm)])) / (G - 2)
  icc <- (msb - msw) / (msb + (n0 - 1) * msw)
  c(icc, 1 + (N / G - 1) * icc)
}

cr2 <- function(y, cl, arm, conf) {
  trial <- as.numeric(arm == 0)
  fit <- lm(y ~ trial)
  ct <- coef_test(fit, vcov = "CR2", cluster = cl, test = "Satterthwaite")
  b <- ct$beta[2]; se <- ct$SE[2]; df <- ct$df_Satt[2]
  q <- qt(1 - (1 - conf) / 2, df)
  c(b, se, df, b - q * se, b + q * se, ct$p_Satt[2])
}

ri_exact <- function(y, cl, arm) {
  S <- tapply(y, cl, sum); n <- tapply(y, cl, length)
  carm <- tapply(arm, cl, function(a) a[1])
  G <- length(S); GT <- sum(carm == 0)
  obs <- sum(S[carm == 0]) / sum(n[carm == 0]) -
    sum(S[carm == 1]) / sum(n[carm == 1])
  cb <- combn(G, GT)
  sT <- colSums(matrix(S[cb], nrow = GT)); nT <- colSums(matrix(n[cb], nrow = GT))
  st <- sT / nT - (sum(S) - sT) / (sum(n) - nT)
  c(mean(abs(st) >= abs(obs) * (1 - 1e-12)), ncol(cb))
}

wild_exact <- function(y, cl, arm) {
  S <- tapply(y, cl, sum); n <- tapply(y, cl, length)
  carm <- tapply(arm, cl, function(a) a[1])
  G <- length(S); N <- sum(n)
  NT <- sum(n[carm == 0]); NC <- sum(n[carm == 1])
  U <- S - n * mean(y)
  if (G >= 12) { vals <- c(-1, 1); kind <- "rademacher" }
  else { vals <- c(-sqrt(1.5), -1, -sqrt(0.5), sqrt(0.5), 1, sqrt(1.5)); kind <- "webb" }
  V <- as.matrix(expand.grid(rep(list(vals), G)))      # one row per vector
  tstat <- function(V) {
    VU <- sweep(V, 2, U, `*`)
    mT <- rowSums(VU[, carm == 0, drop = FALSE]) / NT
    mC <- rowSums(VU[, carm == 1, drop = FALSE]) / NC
    E <- VU - outer(mT, n * (carm == 0)) - outer(mC, n * (carm == 1))
    a <- ifelse(carm == 0, 1 / NT, 1 / NC)
    v1 <- G / (G - 1) * (N - 1) / (N - 2) * rowSums(sweep(E, 2, a, `*`)^2)
    (mT - mC) / sqrt(v1)
  }
  t0 <- tstat(matrix(1, 1, G))
  ts <- tstat(V)
  list(p = mean(abs(ts) >= abs(t0) * (1 - 1e-12)), reps = nrow(V), kind = kind)
}

cases <- list()
add_case <- function(name, what, cl, arm, y, conf = 0.95, wild = FALSE) {
  o <- order(cl, y)
  cl <- cl[o]; arm <- arm[o]; y <- y[o]
  key <- paste(cl, y)
  agg <- !duplicated(key)
  w <- as.vector(table(factor(key, levels = unique(key))))
  ic <- icc_anova(y, cl, arm)
  cr <- cr2(y, cl, arm, conf)
  ri <- ri_exact(y, cl, arm)
  wb <- if (wild) wild_exact(y, cl, arm) else list(p = NaN, reps = 0, kind = "")
  cases[[length(cases) + 1]] <<- list(name = name, what = what,
    cl = cl[agg], arm = arm[agg], y = y[agg], w = w,
    G = length(unique(cl)), conf = conf,
    v = c(sum(tapply(arm, cl, `[`, 1) == 0), sum(tapply(arm, cl, `[`, 1) == 1),
          ic, cr, ri, wb$p, wb$reps), kind = wb$kind)
}

## --- the shared CLI cases (../shared/reference/cases/cluster) --------
for (nm in c("ten_munis_binary", "eight_munis_count", "eleven_vs_nine_binary")) {
  f <- file.path("../shared/reference/cases/cluster", nm, "data.csv")
  d <- read.csv(f, fileEncoding = "UTF-8", stringsAsFactors = FALSE)
  add_case(nm, paste0("shared case ", nm, "/data.csv"),
           as.integer(factor(d$kommune)) - 1L,
           ifelse(d$arm == "kontrol", 1L, 0L), d$y)
}

## --- random designs -----------------------------------------------------
gen <- function(GT, GC, binary, nmin = 1, nmax = 40) {
  G <- GT + GC
  n <- sample(nmin:nmax, G, replace = TRUE)
  cl <- rep(seq_len(G) - 1L, n)
  arm <- rep(c(rep(0L, GT), rep(1L, GC)), n)
  eff <- rnorm(G, 0, 0.6)[cl + 1]
  y <- if (binary) rbinom(length(cl), 1, plogis(-0.3 + eff + 0.3 * (arm == 0)))
       else rpois(length(cl), exp(1 + 0.5 * eff))
  list(cl = cl, arm = arm, y = y)
}
k <- 0
for (GT in c(2, 3, 5, 8, 12, 20)) for (GC in c(2, 4, 7, 20)) {
  if (GT + GC > 24) next
  for (binary in c(TRUE, FALSE)) {
    k <- k + 1
    d <- gen(GT, GC, binary)
    wild <- (GT + GC <= 6) || (GT + GC >= 12 && GT + GC <= 14)
    add_case(sprintf("rnd%02d", k),
             sprintf("%d + %d clusters, %s, sizes 1..40", GT, GC,
                     if (binary) "binary" else "Poisson counts"),
             d$cl, d$arm, d$y, conf = if (k %% 3 == 0) 0.9 else 0.95, wild = wild)
  }
}
for (g in list(c(6, 6), c(7, 6), c(3, 3), c(2, 3), c(1, 4))) {
  k <- k + 1
  d <- gen(g[1], g[2], k %% 2 == 0, 5, 60)
  add_case(sprintf("rnd%02d", k), sprintf("%d + %d clusters, wild enumerated",
           g[1], g[2]), d$cl, d$arm, d$y, wild = TRUE)
}

out <- c("/* Generated by tests/reference/cluster.R; do not edit. */",
         sprintf("/* %s, clubSandwich %s */", R.version.string,
                 packageVersion("clubSandwich")), "")
for (i in seq_along(cases)) {
  s <- cases[[i]]
  out <- c(out, sprintf("/* %s: %s */", s$name, s$what),
    sprintf("static const size_t %s_cl[] = { %s };", s$name, paste(s$cl, collapse = ", ")),
    sprintf("static const int %s_arm[] = { %s };", s$name, paste(s$arm, collapse = ", ")),
    sprintf("static const double %s_y[] = { %s };", s$name, vec(s$y)),
    sprintf("static const double %s_w[] = { %s };", s$name, vec(s$w)))
}
out <- c(out, "", "/* name, rows, G, conf, wild kind, then v[]: clusters trial, control,",
         " * icc, design_effect, estimate, se, df, ci lo, ci hi, p, ri_p,",
         " * ri_assignments, wild_p, wild_reps (0 = not enumerated) */",
         "static const struct cluster_case cluster_cases[] = {")
for (s in cases)
  out <- c(out, sprintf("        { \"%s\", %s_cl, %s_arm, %s_y, %s_w, %d, %d, %s, \"%s\",\n          { %s } },",
    s$name, s$name, s$name, s$name, s$name, length(s$y), s$G, num(s$conf), s$kind, vec(s$v)))
out <- c(out, "};")
writeLines(out, "tests/reference/cluster_r.inc")
