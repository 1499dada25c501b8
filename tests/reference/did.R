# Reference values for fkstat did (stats/did.c, stats/regress.c).
# Run from the project root:  Rscript tests/reference/did.R
# Writes tests/reference/did_r.inc (unit tests, tests/test_did.c) and the
# CLI cases tests/cases/did/*/{data.csv,case.json} (tests/check_cases.py).
#   fit:  lm(y ~ D + factor(unit) + factor(period), weights = w)
#   CR1:  sandwich::vcovCL(fit, cluster = ~unit, type = "HC1"), t(G - 1)
#   CR2:  clubSandwich::coef_test(fit, vcov = "CR2", cluster = unit,
#         test = "Satterthwaite")
#   event study: D replaced by treated x [period == k], k != last pre-period,
#         CR2 as above for every coefficient
#   RI:   every combn(U, U_T) reassignment of treated to units, refit
#   wild: WCR over all 2^G (Rademacher, G >= 12) or 6^G (Webb) weight
#         vectors by unit, bootstrap t with the CR1 se (HC1 factor)
# Ties |stat| >= |obs| with relative slack 1e-12, as in the C code.
suppressMessages({library(clubSandwich); library(sandwich); library(jsonlite)})
set.seed(20261201)

num <- function(v) vapply(v, function(z) if (is.na(z)) "NAN" else sprintf("%.17g", z), "")
vec <- function(v) paste(num(v), collapse = ", ")

make_panel <- function(U, nT, periods, start_idx, weighted, drop = 0) {
  tr <- c(rep(1, nT), rep(0, U - nT))
  d <- expand.grid(p = seq_along(periods), u = seq_len(U))
  d$treated <- tr[d$u]
  a <- rnorm(U, 0.5, 0.05); g <- cumsum(rnorm(length(periods), 0, 0.01))
  d$w <- if (weighted) round(runif(U, 200, 3000))[d$u] + sample(0:50, nrow(d), TRUE) else 1
  d$y <- a[d$u] + g[d$p] + 0.012 * d$treated * (d$p >= start_idx) +
         rnorm(nrow(d), 0, 0.02 / sqrt(d$w / mean(d$w)))
  if (drop > 0) d <- d[-sample(nrow(d), drop), ]
  d$unit <- sprintf("K%02d", d$u); d$period <- periods[d$p]
  d
}

fit_did <- function(d, start_idx) {
  d$D <- d$treated * (d$p >= start_idx)
  lm(y ~ D + factor(unit) + factor(period), data = d, weights = w)
}

ri_p <- function(d, start_idx, obs) {
  units <- sort(unique(d$unit)); nT <- sum(tapply(d$treated, d$unit, `[`, 1))
  X0 <- model.matrix(~ factor(unit) + factor(period), d)
  cmb <- combn(length(units), nT)
  b <- apply(cmb, 2, function(s) {
    D <- (d$unit %in% units[s]) * (d$p >= start_idx)
    coef(lm.wfit(cbind(D, X0), d$y, d$w))[1]
  })
  mean(abs(b) >= abs(obs) * (1 - 1e-12))
}

wild_p <- function(d, start_idx) {
  units <- sort(unique(d$unit)); G <- length(units)
  gi <- match(d$unit, units)
  X0 <- model.matrix(~ factor(unit) + factor(period), d)
  D <- d$treated * (d$p >= start_idx); X <- cbind(D, X0)
  r0 <- lm.wfit(X0, d$y, d$w); yhat <- d$y - r0$residuals; u <- r0$residuals
  n <- nrow(X); k <- ncol(X)
  XtWXi <- solve(crossprod(X * sqrt(d$w)))
  tstat <- function(ys) {
    b <- XtWXi %*% crossprod(X * d$w, ys); e <- ys - X %*% b
    sc <- rowsum((X * d$w * as.vector(e)), gi)
    V <- XtWXi %*% crossprod(sc) %*% XtWXi * G / (G - 1) * (n - 1) / (n - k)
    b[1] / sqrt(V[1, 1])
  }
  t0 <- abs(tstat(d$y))
  vals <- if (G >= 12) c(-1, 1) else c(-sqrt(1.5), -1, -sqrt(0.5), sqrt(0.5), 1, sqrt(1.5))
  grid <- as.matrix(expand.grid(rep(list(vals), G)))
  ts <- apply(grid, 1, function(v) tstat(yhat + v[gi] * u))
  c(mean(abs(ts) >= t0 * (1 - 1e-12)), nrow(grid))
}

event_cr2 <- function(d, start_idx) {
  ref <- start_idx - 1; ks <- setdiff(sort(unique(d$p)), ref)
  for (k in ks) d[[paste0("E", k)]] <- d$treated * (d$p == k)
  f <- as.formula(paste("y ~", paste(paste0("E", ks), collapse = " + "),
                        "+ factor(unit) + factor(period)"))
  fit <- lm(f, data = d, weights = w)
  ct <- coef_test(fit, vcov = "CR2", cluster = d$unit, test = "Satterthwaite",
                  coefs = paste0("E", ks))
  cbind(ct$beta, ct$SE, ct$df_Satt)
}

reference <- function(d, start_idx, wild) {
  fit <- fit_did(d, start_idx)
  b <- unname(coef(fit)["D"])
  v1 <- vcovCL(fit, cluster = ~unit, type = "HC1")
  se1 <- sqrt(v1["D", "D"]); G <- length(unique(d$unit))
  ct <- coef_test(fit, vcov = "CR2", cluster = d$unit, test = "Satterthwaite", coefs = "D")
  q1 <- qt(0.975, G - 1)
  wp <- if (wild) wild_p(d, start_idx) else c(NA, NA)
  list(est = b, se1 = se1, lo1 = b - q1 * se1, p1 = 2 * pt(-abs(b / se1), G - 1),
       se2 = ct$SE, df2 = ct$df_Satt, p2 = ct$p_Satt,
       lo2 = b - qt(0.975, ct$df_Satt) * ct$SE,
       ri = ri_p(d, start_idx, b), wild = wp[1], wild_n = wp[2],
       ev = event_cr2(d, start_idx))
}

quarters <- paste0(rep(2015:2020, each = 4), "Q", 1:4)
months <- sprintf("%d-%02d", rep(2016:2018, each = 12), 1:12)
designs <- list(
  list(name = "six_webb", U = 6, nT = 3, periods = quarters[1:8], start = 5, weighted = TRUE, drop = 0, wild = TRUE),
  list(name = "twelve_rademacher_unbalanced", U = 12, nT = 5, periods = as.character(2013:2020), start = 5, weighted = FALSE, drop = 7, wild = TRUE),
  list(name = "sixteen_months", U = 16, nT = 6, periods = months[7:30], start = 13, weighted = TRUE, drop = 0, wild = FALSE),
  list(name = "five_tiny", U = 5, nT = 2, periods = quarters[1:4], start = 3, weighted = TRUE, drop = 0, wild = TRUE)
)

inc <- file("tests/reference/did_r.inc", "w")
cat("/* Generated by tests/reference/did.R; do not edit. */\n", file = inc)
cat(sprintf("/* %s, clubSandwich %s, sandwich %s */\n", R.version.string,
            packageVersion("clubSandwich"), packageVersion("sandwich")), file = inc)
entries <- character(0)
for (ds in designs) {
  d <- make_panel(ds$U, ds$nT, ds$periods, ds$start, ds$weighted, ds$drop)
  d <- d[order(d$u, d$p), ]
  r <- reference(d, ds$start, ds$wild)
  nm <- ds$name
  cat(sprintf("static const size_t %s_unit[] = { %s };\n", nm, paste(d$u - 1, collapse = ", ")), file = inc)
  cat(sprintf("static const size_t %s_period[] = { %s };\n", nm, paste(d$p - 1, collapse = ", ")), file = inc)
  cat(sprintf("static const double %s_y[] = { %s };\n", nm, vec(d$y)), file = inc)
  cat(sprintf("static const double %s_w[] = { %s };\n", nm, vec(d$w)), file = inc)
  cat(sprintf("static const int %s_treated[] = { %s };\n", nm,
              paste(c(rep(1, ds$nT), rep(0, ds$U - ds$nT)), collapse = ", ")), file = inc)
  cat(sprintf("static const double %s_event[][3] = { %s };\n", nm,
              paste(apply(r$ev, 1, function(z) sprintf("{ %s }", vec(z))), collapse = ", ")), file = inc)
  entries <- c(entries, sprintf(
    "        { \"%s\", %s_unit, %s_period, %s_y, %s_w, %s_treated, %d, %d, %d, %d, %s_event, %d,\n          { %s } }",
    nm, nm, nm, nm, nm, nm, nrow(d), ds$U, length(ds$periods), ds$start - 1, nm, nrow(r$ev),
    vec(c(r$est, r$se1, r$lo1, r$p1, r$se2, r$df2, r$p2, r$lo2, r$ri, r$wild, r$wild_n))))
  # the same panel as a CLI case, in a Danish export format for some
  dir <- file.path("tests/cases/did", nm); dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  out <- data.frame(kommune = d$unit, periode = d$period, forsoeg = ifelse(d$treated == 1, "ja", "nej"),
                    andel = d$y, antal = d$w)
  danish <- nm %in% c("six_webb", "sixteen_months")
  write.table(out, file.path(dir, "data.csv"), sep = if (danish) ";" else ",",
              dec = if (danish) "," else ".", row.names = FALSE, quote = FALSE)
  args <- c("did", "data.csv", "--unit", "kommune", "--period", "periode", "--outcome", "andel",
            "--treated", "forsoeg", "--start", ds$periods[ds$start], "--format", "json")
  if (ds$weighted) args <- c(args, "--weight", "antal")
  checks <- list(list("estimate", r$est, 1e-9), list("cr1.se", r$se1, 1e-8),
                 list("cr1.ci[0]", r$lo1, 1e-8), list("cr1.p_value", r$p1, 1e-7),
                 list("cr2.se", r$se2, 1e-7), list("cr2.df", r$df2, 1e-7),
                 list("cr2.p_value", r$p2, 1e-6), list("randomization.p_value", r$ri, 1e-12),
                 list(sprintf("event_study[period=%s].estimate", ds$periods[1]), r$ev[1, 1], 1e-8),
                 list(sprintf("event_study[period=%s].ci[1]", ds$periods[length(ds$periods)]),
                      r$ev[nrow(r$ev), 1] + qt(0.975, r$ev[nrow(r$ev), 3]) * r$ev[nrow(r$ev), 2], 1e-7))
  writeLines(toJSON(list(args = args, checks = checks), auto_unbox = TRUE, digits = NA, pretty = TRUE),
             file.path(dir, "case.json"))
}
cat("\nstatic const struct did_case did_cases[] = {\n", paste(entries, collapse = ",\n"),
    "\n};\n", file = inc, sep = "")
close(inc)
