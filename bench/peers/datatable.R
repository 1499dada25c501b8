# R + data.table peer: Rscript datatable.R TASK FILE (stdin: the file on
# standard input)
# Reads only the columns the task needs (fread select=) and prints
# "key value" lines that bench/check.py compares with fkstat's JSON.
suppressPackageStartupMessages(library(data.table))
args <- commandArgs(trailingOnly = TRUE)
task <- args[1]; f <- args[2]
out <- function(k, v) cat(k, format(v, digits = 17), "\n")

if (task == "binary") {
  d <- fread(f, select = c("arm", "job"))
  g <- d[, .(n = .N, x = sum(job)), by = arm]
  t <- g[arm == "trial"]; c <- g[arm == "control"]
  pt <- prop.test(c(t$x, c$x), c(t$n, c$n), correct = FALSE)
  out("n_trial", t$n); out("x_trial", t$x); out("n_control", c$n); out("x_control", c$x)
  out("chisq", unname(pt$statistic)); out("p", pt$p.value)
} else if (task == "ranksum") {
  d <- fread(f, select = c("arm", "samtaler"))
  tr <- d$samtaler[d$arm == "trial"]; co <- d$samtaler[d$arm == "control"]
  w <- wilcox.test(tr, co, correct = TRUE, exact = FALSE)
  tt <- t.test(tr, co)
  out("n_trial", length(tr)); out("mean_trial", mean(tr))
  out("n_control", length(co)); out("mean_control", mean(co))
  out("W", unname(w$statistic)); out("p", w$p.value); out("welch_t", unname(tt$statistic))
} else if (task == "survival" || task == "survtime") {
  suppressPackageStartupMessages(library(survival))
  d <- fread(f, select = c("arm", "uger", "job"))
  d[, trial := as.integer(arm == "trial")]
  km <- survfit(Surv(uger, job) ~ trial, data = d, conf.type = "log-log")
  invisible(summary(km, times = c(13, 26, 52)))
  sd <- survdiff(Surv(uger, job) ~ trial, data = d)
  cx <- coxph(Surv(uger, job) ~ trial, data = d, ties = "efron")
  out("n_trial", sum(d$trial)); out("events_trial", sum(d$job[d$trial == 1]))
  out("n_control", sum(1 - d$trial)); out("events_control", sum(d$job[d$trial == 0]))
  out("logrank", sd$chisq); out("p", pchisq(sd$chisq, 1, lower.tail = FALSE))
  out("hr", unname(exp(coef(cx))))
} else if (task == "cluster") {
  d <- fread(f, select = c("kommune", "arm", "job"))
  cl <- d[, .(n = .N, x = sum(job), trial = arm[1] == "trial"), by = kommune]
  k <- sum(cl$trial); N <- sum(cl$n); X <- sum(cl$x)
  nt0 <- sum(cl$n[cl$trial]); xt0 <- sum(cl$x[cl$trial])
  obs <- xt0 / nt0 - (X - xt0) / (N - nt0)
  cmb <- combn(nrow(cl), k)               # every reassignment of k trial municipalities
  nt <- colSums(matrix(cl$n[cmb], nrow = k))
  xt <- colSums(matrix(cl$x[cmb], nrow = k))
  stat <- xt / nt - (X - xt) / (N - nt)
  out("n_trial", nt0); out("x_trial", xt0); out("n_control", N - nt0); out("x_control", X - xt0)
  out("ri_p", mean(abs(stat) >= abs(obs) * (1 - 1e-12))); out("assignments", ncol(cmb))
} else if (task == "describe") {
  # every numeric column: n, mean, sd, quartiles (type 7, R's default)
  d <- fread(f)
  for (v in names(d)[vapply(d, is.numeric, TRUE)]) {
    x <- d[[v]]
    q <- quantile(x, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
    out(paste0("n_", v), length(x)); out(paste0("mean_", v), mean(x))
    out(paste0("sd_", v), sd(x)); out(paste0("q1_", v), q[1])
    out(paste0("median_", v), q[2]); out(paste0("q3_", v), q[3])
  }
} else if (task == "did") {
  # person rows averaged into municipality x year cells, two-way fixed
  # effects weighted by the people in a cell, CR2 (clubSandwich)
  suppressPackageStartupMessages(library(clubSandwich))
  d <- fread(f, select = c("kommune", "aar", "forsoeg", "job"))
  cell <- d[, .(y = mean(job), n = .N), by = .(kommune, aar, forsoeg)]
  cell[, treat := forsoeg * (aar >= 2018)]
  m <- lm(y ~ treat + factor(kommune) + factor(aar), data = cell, weights = n)
  ct <- coef_test(m, vcov = "CR2", cluster = cell$kommune,
                  test = "Satterthwaite", coefs = "treat")
  out("estimate", unname(coef(m)["treat"])); out("cr2_se", ct$SE)
} else if (task == "stdin") {
  d <- fread(cmd = "cat /dev/stdin", select = c("arm", "job"))
  g <- d[, .(n = .N, x = sum(job)), by = arm]
  t <- g[arm == "trial"]; c <- g[arm == "control"]
  pt <- prop.test(c(t$x, c$x), c(t$n, c$n), correct = FALSE)
  out("n_trial", t$n); out("x_trial", t$x); out("n_control", c$n); out("x_control", c$x)
  out("chisq", unname(pt$statistic)); out("p", pt$p.value)
} else stop("unknown task ", task)
