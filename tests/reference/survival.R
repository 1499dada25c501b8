# Reference values for tests/test_survival.c (stats/survival.c, stats/cox.c):
# Kaplan–Meier curves with their intervals, the median and its interval,
# S(t) at fixed times, the log-rank test and the Cox hazard ratio.
# Run from the project root:  Rscript tests/reference/survival.R
# It writes tests/reference/survival_r.inc.
#
# Every statistic is computed by R on the expanded data: a weighted case
# (time, event, w) is handed to R as rep(time, w), rep(event, w).  The R
# calls, for one arm (t, e) resp. both arms (arm = factor trial, control;
# x = 1 for the trial arm):
#   fit <- survfit(Surv(t, e) ~ 1, conf.type = CT, conf.int = conf)
#     steps:   fit$time, n.risk, n.event, n.censor, surv, std.err * surv,
#              lower, upper (std.err is R's se of the cumulative hazard)
#     median:  quantile(fit, 0.5)  -> quantile, lower, upper
#     S(t):    summary(fit, times = at, extend = TRUE) -> surv, lower, upper
#   survdiff(Surv(t, e) ~ arm)  -> chisq, pvalue (= pchisq(chisq, 1,
#                                  lower = FALSE) when both arms have
#                                  expected events), obs, exp
#   fit <- coxph(Surv(t, e) ~ x, ties = TIES)   (R's defaults: coef, se)
#   and the "polished" fit: R stops Newton-Raphson when the log likelihood
#   changes by < 1e-9 relative, which leaves coef off by up to ~1e-8
#   relative (and a smaller eps can stall in step-halving on round-off).
#   Two more Newton steps with R's own score and information,
#     f0 <- coxph(Surv(t, e) ~ x, ties = TIES, init = b,
#                 control = coxph.control(iter.max = 0))
#     b  <- b + sum(residuals(f0, type = "score")) * f0$var
#   give coef to ~1e-15; then se = sqrt(f0$var) at that b, z = b/se,
#   p = 2 * pnorm(-|z|), exp(b), exp(b -/+ qnorm((1 + conf)/2) * se).
# NA in R is written as NAN.
suppressPackageStartupMessages(library(survival))
set.seed(20170703)

num <- function(v) {
  vapply(v, function(z) {
    if (is.na(z)) "NAN"
    else if (is.infinite(z)) if (z > 0) "INFINITY" else "-INFINITY"
    else sprintf("%.17g", z)
  }, "")
}
vec <- function(v) if (length(v)) paste(num(v), collapse = ", ") else "0"

cases <- list()
add <- function(name, what, t1, e1, t2, e2, w1 = NULL, w2 = NULL,
                conf = 0.95) {
  cases[[length(cases) + 1]] <<- list(name = name, what = what,
    arm = list(list(t = t1, e = e1, w = w1), list(t = t2, e = e2, w = w2)),
    conf = conf)
}
# exponential times with independent exponential censoring and
# administrative censoring at `admin` weeks, rounded up to whole weeks
weeks <- function(n, rate, crate, admin = 104, digits = 0) {
  ev <- rexp(n, rate); ce <- pmin(rexp(n, crate), admin)
  t <- pmin(ev, ce)
  if (!is.na(digits)) t <- round(t, digits)
  list(t = t, e = as.numeric(ev <= ce))
}
aggregate_rows <- function(d) {
  key <- paste(d$t, d$e)
  u <- !duplicated(key)
  w <- as.vector(table(factor(key, levels = key[u])))
  list(t = d$t[u], e = d$e[u], w = w)
}
expand <- function(a) {
  if (is.null(a$w)) list(t = a$t, e = a$e)
  else list(t = rep(a$t, a$w), e = rep(a$e, a$w))
}

## --- cases ---------------------------------------------------------------
a <- weeks(5, 1/20, 1/30); b <- weeks(5, 1/25, 1/30)
add("w5", "5 vs 5, whole weeks", a$t, a$e, b$t, b$e)
a <- weeks(30, 1/20, 1/20); b <- weeks(30, 1/26, 1/20)
add("w30", "30 vs 30, whole weeks, ~50% censored", a$t, a$e, b$t, b$e)
add("w30c90", "as w30 at conf 0.90", a$t, a$e, b$t, b$e, conf = 0.9)
add("w30c99", "as w30 at conf 0.99", a$t, a$e, b$t, b$e, conf = 0.99)
a <- weeks(200, 1/20, 1/50); b <- weeks(220, 1/24, 1/50)
add("w200", "200 vs 220, whole weeks, ~30% censored", a$t, a$e, b$t, b$e)
a <- weeks(2000, 1/30, 1/12); b <- weeks(1900, 1/36, 1/12)
add("w2000", "2000 vs 1900, whole weeks, ~70% censored", a$t, a$e, b$t, b$e)
add("n1", "one person per arm: event vs censored", 7, 1, 9, 0)
add("n1b", "one person per arm, both events at the same time", 4, 1, 4, 1)
add("n1c", "one event vs several", 3, 1, c(1, 2, 3, 5, 8), c(1, 0, 1, 1, 0))
a <- weeks(40, 1/20, 1/20); b <- weeks(45, 1/20, 1/20)
add("noev", "trial arm without events (all censored)", a$t, 0 * a$e, b$t, b$e)
add("noevc", "control arm without events", b$t, b$e, a$t, 0 * a$e)
add("allcens", "no events at all", c(3, 5, 8, 8), c(0, 0, 0, 0),
    c(2, 6, 6), c(0, 0, 0))
a <- weeks(300, 1/400, 1/30); b <- weeks(280, 1/300, 1/30)
add("nomed", "few job entries: median never reached", a$t, a$e, b$t, b$e)
add("flat", "times 1..4 all events (median 2.5) vs 1,2 events, 3,4 censored",
    1:4, rep(1, 4), 1:4, c(1, 1, 0, 0))
add("flat2", "S = 0.5 exactly over a stretch of censorings, then drops",
    c(1, 2, 3, 3, 5, 6, 7, 9), c(1, 1, 0, 0, 1, 0, 1, 0),
    c(2, 2, 4, 4, 4, 4, 10, 11, 12, 12), c(1, 1, 0, 1, 1, 0, 0, 1, 1, 0))
add("flat3", "S = 0.5 at the last event, curve ends at 0 later",
    c(1, 1, 3, 6), c(1, 1, 0, 1), c(2, 4, 6, 8, 10, 12), c(1, 1, 1, 0, 1, 1))
add("zero", "curve reaches 0 (last time an event) in both arms",
    c(1, 2, 2, 4, 5), c(1, 1, 0, 1, 1), c(2, 3, 3, 6), c(1, 0, 1, 1))
a <- weeks(150, 1/15, 1/20, digits = NA); b <- weeks(120, 1/18, 1/20, digits = NA)
add("dec", "decimal (unrounded) times, 150 vs 120", a$t, a$e, b$t, b$e)
a <- weeks(60, 1/20, 1/40, digits = 2); b <- weeks(70, 1/22, 1/40, digits = 2)
add("dec2", "times with two decimals, 60 vs 70", a$t, a$e, b$t, b$e)
a <- list(t = sample(0:5, 80, TRUE), e = rbinom(80, 1, 0.7))
b <- list(t = sample(0:5, 90, TRUE), e = rbinom(90, 1, 0.6))
add("ties", "heavy ties: times 0..5 weeks, 80 vs 90, events at time 0",
    a$t, a$e, b$t, b$e)
a <- list(t = c(5, 6, 7, 8, 9), e = c(1, 1, 0, 1, 0))
b <- list(t = c(1, 2, 3, 4), e = c(1, 0, 1, 1))
add("sep", "control arm ends before the trial events: monotone likelihood",
    a$t, a$e, b$t, b$e)
add("sepr", "as sep, arms swapped", b$t, b$e, a$t, a$e)
# coxph(Surv(t, e) ~ x, weights = w) gives beta 0.18436 here (one Efron
# term per weighted row); the expanded data, and fkstat, 0.015319
add("wties", "weighted rows tied across arms (Efron over people, not rows)",
    c(1, 2, 3), c(1, 1, 0), c(1, 2, 3), c(1, 1, 1), w1 = c(3, 4, 2),
    w2 = c(2, 1, 5))
a <- aggregate_rows(weeks(3000, 1/22, 1/25))
b <- aggregate_rows(weeks(2500, 1/26, 1/25))
a$w[c(2, 5)] <- 0L     # zero weights: rows ignored
add("agg", "aggregated rows (frequency weights), 3000 vs 2500 people",
    a$t, a$e, b$t, b$e, w1 = a$w, w2 = b$w)
a <- aggregate_rows(weeks(400, 1/10, 1/40, admin = 8))
b <- aggregate_rows(weeks(350, 1/12, 1/40, admin = 8))
add("agg8", "aggregated, follow-up 8 weeks: few times, large tie counts",
    a$t, a$e, b$t, b$e, w1 = a$w, w2 = b$w)

at <- c(0, 0.5, 1, 2, 3, 4, 5, 7.5, 13, 26, 52, 104, 1e4)
cts <- c("log-log", "log", "plain")

## --- R on every case ----------------------------------------------------
is_inf_warning <- function(expr) {
  inf <- FALSE
  val <- withCallingHandlers(expr, warning = function(w) {
    if (grepl("infinite", conditionMessage(w))) inf <<- TRUE
    invokeRestart("muffleWarning")
  })
  list(val = val, inf = inf)
}

# The partial likelihood in the trial indicator is monotone (coefficient
# -> +-Inf) iff there are no events, or every control event happens when no
# trial person is at risk (+Inf), or every trial event when no control
# person is at risk (-Inf).
monotone <- function(dd) {
  if (sum(dd$e) == 0) return(TRUE)
  atrisk <- function(tt, arm) sum(dd$t >= tt & dd$x == arm)
  ev <- dd$e == 1
  all(vapply(dd$t[ev & dd$x == 0], atrisk, 0, arm = 1) == 0) ||
    all(vapply(dd$t[ev & dd$x == 1], atrisk, 0, arm = 0) == 0)
}

body <- character()
tab <- character()
for (cs in cases) {
  nm <- cs$name
  body <- c(body, sprintf("/* %s: %s */", nm, cs$what))
  for (g in 1:2) {
    a <- cs$arm[[g]]
    body <- c(body,
      sprintf("static const double %s_t%d[] = { %s };", nm, g, vec(a$t)),
      sprintf("static const double %s_e%d[] = { %s };", nm, g, vec(a$e)))
    if (!is.null(a$w))
      body <- c(body, sprintf("static const double %s_w%d[] = { %s };", nm, g, vec(a$w)))
  }
  ex <- lapply(cs$arm, expand)
  kmrows <- character()
  for (g in 1:2) {
    d <- ex[[g]]
    for (ct in cts) {
      fit <- survfit(Surv(d$t, d$e) ~ 1, conf.type = ct, conf.int = cs$conf)
      st <- cbind(fit$time, fit$n.risk, fit$n.event, fit$n.censor, fit$surv,
                  fit$std.err * fit$surv, fit$lower, fit$upper)
      q <- quantile(fit, 0.5)
      s <- summary(fit, times = at, extend = TRUE)
      sa <- cbind(s$surv, s$lower, s$upper)
      tag <- sprintf("%s_km%d_%s", nm, g, gsub("-", "", ct))
      body <- c(body,
        sprintf("/* survfit(Surv(t%d, e%d) ~ 1, conf.type = \"%s\", conf.int = %g): time, n.risk, n.event, n.censor, surv, std.err * surv, lower, upper */", g, g, ct, cs$conf),
        sprintf("static const double %s_steps[] = { %s };", tag, vec(t(st))),
        sprintf("/* summary(fit, times = at, extend = TRUE): surv, lower, upper */"),
        sprintf("static const double %s_at[] = { %s };", tag, vec(t(sa))))
      kmrows <- c(kmrows, sprintf(
        "                { %s_steps, %d, %s_at, /* quantile(fit, 0.5) */ { %s } },",
        tag, nrow(st), tag, vec(c(q$quantile, q$lower, q$upper))))
    }
  }
  dd <- data.frame(t = c(ex[[1]]$t, ex[[2]]$t), e = c(ex[[1]]$e, ex[[2]]$e),
                   arm = factor(rep(c("trial", "control"),
                                    c(length(ex[[1]]$t), length(ex[[2]]$t))),
                                levels = c("trial", "control")))
  dd$x <- as.numeric(dd$arm == "trial")
  # survdiff stops ("system is exactly singular") when both arms have
  # expected events but the variance is 0: written as NAN
  sd <- tryCatch(survdiff(Surv(t, e) ~ arm, data = dd), error = function(e) NULL)
  lr <- if (is.null(sd)) rep(NA, 6) else
    c(sd$chisq, suppressWarnings(sd$pvalue), sd$obs, sd$exp)
  coxrows <- character()
  for (ties in c("efron", "breslow")) {
    r0 <- is_inf_warning(coxph(Surv(t, e) ~ x, data = dd, ties = ties))
    b0 <- unname(coef(r0$val)); se0 <- sqrt(r0$val$var[1, 1])
    inf <- monotone(dd)
    if (inf != (r0$inf || sum(dd$e) == 0))
      message(nm, " ", ties, ": R's infinite-coefficient warning = ", r0$inf,
              ", monotone likelihood = ", inf)
    b <- b0; se <- se0
    if (!inf) for (k in 1:3) {
      f0 <- coxph(Surv(t, e) ~ x, data = dd, ties = ties, init = b,
                  control = coxph.control(iter.max = 0))
      se <- sqrt(f0$var[1, 1])
      if (k < 3) b <- b + sum(residuals(f0, type = "score")) * f0$var[1, 1]
    }
    z <- b / se; zq <- qnorm((1 + cs$conf) / 2)
    coxrows <- c(coxrows, sprintf(
      "                /* coxph(Surv(t, e) ~ x, ties = \"%s\"): %s */\n                { %d, { %s }, { %s } },",
      ties, "beta, se, z, p, hr, ci lo, ci hi (polished); beta, se (R default)",
      as.integer(inf), vec(c(b, se, z, 2 * pnorm(-abs(z)), exp(b),
                             exp(b - zq * se), exp(b + zq * se))),
      vec(c(b0, se0))))
  }
  wname <- function(g) if (is.null(cs$arm[[g]]$w)) "NULL" else sprintf("%s_w%d", nm, g)
  tab <- c(tab, sprintf(paste0(
    "        { \"%s\", %g,\n",
    "          { %s_t1, %s_t2 }, { %s_e1, %s_e2 }, { %s, %s }, { %d, %d },\n",
    "          {\n%s\n          },\n",
    "          /* survdiff(Surv(t, e) ~ arm): chisq, p, obs, exp */\n",
    "          { %s },\n",
    "          {\n%s\n          } },"),
    nm, cs$conf, nm, nm, nm, nm, wname(1), wname(2),
    length(cs$arm[[1]]$t), length(cs$arm[[2]]$t),
    paste(kmrows, collapse = "\n"), vec(lr), paste(coxrows, collapse = "\n")))
}

out <- "tests/reference/survival_r.inc"
con <- file(out, "w")
w <- function(...) cat(..., file = con, sep = "")
w("/* Generated by tests/reference/survival.R in R ", as.character(getRversion()),
  " with survival ", as.character(packageVersion("survival")),
  "; do not edit. */\n\n")
w("static const double at_times[] = { ", vec(at), " };\n\n")
w(paste(body, collapse = "\n"), "\n\n")
w("/* name, conf, times, events, weights, k; km[arm][ci] = { steps (8 per row),\n",
  " * nsteps, S at at_times (3 per time), { median, lo, hi } }; logrank;\n",
  " * cox[ties] = { infinite, tight fit, R's default fit } */\n")
w("static const struct sv_case sv_cases[] = {\n", paste(tab, collapse = "\n"), "\n};\n")
close(con)
