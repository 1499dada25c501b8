# Reference cases for the whole fkstat compare pipeline (CSV formats, type
# handling, assembly of the result), in the format of the shared reference
# cases: tests/cases/<group>/<case>/{data.csv,case.json}.  Expected values
# from R 4.2.2 (t.test, wilcox.test, poisson.test, prop.test, chisq.test,
# fisher.test p-values).  Run from the project root:
#   Rscript tests/reference/cli_cases.R
# tests/check_cases.py runs them against ./fkstat.
library(jsonlite)
set.seed(20261123)
out <- "tests/cases"

write_case <- function(group, name, df, args, checks, sep = ",", dec = ".",
                       fileEncoding = "UTF-8", eol = "\n") {
  dir <- file.path(out, group, name)
  dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  write.table(df, file.path(dir, "data.csv"), sep = sep, dec = dec,
              row.names = FALSE, quote = FALSE, na = "", fileEncoding = fileEncoding,
              eol = eol)
  writeLines(toJSON(list(args = c("compare", "data.csv", args, "--format", "json"),
                         checks = checks), auto_unbox = TRUE, digits = NA, pretty = TRUE),
             file.path(dir, "case.json"))
}
chk <- function(path, value, tol) list(path, value, tol)
arms <- function(nt, nc) c(rep("forsøg", nt), rep("kontrol", nc))

numeric_checks <- function(y, arm) {
  tr <- y[arm == "forsøg" & !is.na(y)]; co <- y[arm == "kontrol" & !is.na(y)]
  tt <- t.test(tr, co)
  w <- suppressWarnings(wilcox.test(tr, co, correct = TRUE))
  list(chk("results[0].groups[arm=trial].n", length(tr), 0),
       chk("results[0].groups[arm=trial].mean", mean(tr), 1e-12),
       chk("results[0].groups[arm=control].sd", sd(co), 1e-12),
       chk("results[0].groups[arm=control].q1", unname(quantile(co, .25)), 1e-12),
       chk("results[0].groups[arm=trial].q3", unname(quantile(tr, .75)), 1e-12),
       chk("results[0].groups[arm=trial].ci[1]", t.test(tr)$conf.int[2], 1e-9),
       chk("results[0].effects[measure=mean_difference].ci[0]", tt$conf.int[1], 1e-9),
       chk("results[0].tests[test=welch_t].statistic", unname(tt$statistic), 1e-9),
       chk("results[0].tests[test=welch_t].df", unname(tt$parameter), 1e-9),
       chk("results[0].tests[test=welch_t].p_value", tt$p.value, 1e-8),
       chk("results[0].tests[test=wilcoxon_rank_sum].statistic", unname(w$statistic), 1e-12),
       chk("results[0].tests[test=wilcoxon_rank_sum].p_value", w$p.value, 1e-8))
}

# counts: interviews, ;-separated
for (i in 1:3) {
  nt <- sample(8:400, 1); nc <- sample(8:400, 1)
  y <- c(rpois(nt, 4.6), rpois(nc, 5.1)); arm <- arms(nt, nc)
  y[sample(length(y), 3)] <- NA
  tr <- y[arm == "forsøg" & !is.na(y)]; co <- y[arm == "kontrol" & !is.na(y)]
  pt <- poisson.test(c(sum(tr), sum(co)), c(length(tr), length(co)))
  ch <- c(numeric_checks(y, arm),
          list(chk("results[0].effects[measure=rate_ratio].estimate", unname(pt$estimate), 1e-12),
               chk("results[0].effects[measure=rate_ratio].ci[0]", pt$conf.int[1], 1e-8),
               chk("results[0].effects[measure=rate_ratio].ci[1]", pt$conf.int[2], 1e-8),
               chk("results[0].tests[test=poisson_exact].p_value", pt$p.value, 1e-8),
               chk("results[0].excluded.trial", sum(is.na(y[arm == "forsøg"])), 0)))
  write_case("count", sprintf("random_%d", i), data.frame(arm = arm, samtaler = y),
             c("--outcome", "samtaler", "--type", "count"), ch, sep = ";")
}
# ordinal: Likert 1-5 with non-response, TAB-separated, CRLF
for (i in 1:3) {
  nt <- sample(5:300, 1); nc <- sample(5:300, 1)
  y <- c(sample(1:5, nt, TRUE, c(.1, .15, .25, .3, .2)), sample(1:5, nc, TRUE, c(.15, .2, .25, .25, .15)))
  arm <- arms(nt, nc); y[sample(length(y), round(.2 * length(y)))] <- NA
  tr <- y[arm == "forsøg" & !is.na(y)]; co <- y[arm == "kontrol" & !is.na(y)]
  ch <- c(numeric_checks(y, arm),
          list(chk("results[0].groups[arm=trial].levels.4", sum(tr == 4), 0),
               chk("results[0].groups[arm=control].top_box", mean(co >= 4), 1e-12),
               chk("results[0].effects[measure=top_box_difference].estimate", mean(tr >= 4) - mean(co >= 4), 1e-12)))
  write_case("ordinal", sprintf("random_%d", i), data.frame(arm = arm, tilfredshed = y),
             c("--outcome", "tilfredshed", "--type", "ordinal"), ch, sep = "\t", eol = "\r\n")
}
# continuous: decimal comma, ;-separated, one exact (small, no ties) case
for (i in 1:3) {
  nt <- if (i == 1) 9 else sample(30:500, 1); nc <- if (i == 1) 11 else sample(30:500, 1)
  y <- round(c(rnorm(nt, 22, 6), rnorm(nc, 20, 7)), 3); arm <- arms(nt, nc)
  tr <- y[arm == "forsøg"]; co <- y[arm == "kontrol"]
  d <- outer(tr, co, "-")
  ch <- c(numeric_checks(y, arm),
          list(chk("results[0].effects[measure=hodges_lehmann].estimate", median(d), 1e-12)))
  if (i == 1) {
    w <- wilcox.test(tr, co, conf.int = TRUE)
    ch <- c(ch, list(chk("results[0].effects[measure=hodges_lehmann].ci[0]", w$conf.int[1], 1e-12),
                     chk("results[0].effects[measure=hodges_lehmann].ci[1]", w$conf.int[2], 1e-12)))
  }
  write_case("continuous", sprintf("random_%d", i), data.frame(arm = arm, indkomst = y),
             c("--outcome", "indkomst", "--type", "continuous"), ch, sep = ";", dec = ",")
}
# binary: Latin-1 and ja/nej, p-values from R
for (i in 1:3) {
  nt <- sample(10:2000, 1); nc <- sample(10:2000, 1)
  y <- c(rbinom(nt, 1, .55), rbinom(nc, 1, .5)); arm <- arms(nt, nc)
  m <- matrix(c(sum(y[arm == "forsøg"]), sum(1 - y[arm == "forsøg"]),
                sum(y[arm == "kontrol"]), sum(1 - y[arm == "kontrol"])), 2, byrow = TRUE)
  ch <- list(chk("results[0].groups[arm=trial].ci[0]", prop.test(m[1, 1], nt, correct = FALSE)$conf.int[1], 1e-9),
             chk("results[0].tests[test=pearson_chisq].p_value", chisq.test(m, correct = FALSE)$p.value, 1e-9),
             chk("results[0].tests[test=yates_chisq].statistic", unname(chisq.test(m)$statistic), 1e-9),
             chk("results[0].tests[test=fisher_exact].p_value", fisher.test(m)$p.value, 1e-9))
  write_case("binary", sprintf("latin1_%d", i), data.frame(arm = arm, job = ifelse(y == 1, "ja", "nej")),
             c("--outcome", "job"), ch, sep = ";", fileEncoding = "latin1")
}
# survival: whole weeks (many ties), heavy censoring, ;-separated
library(survival)
for (i in 1:3) {
  nt <- sample(15:600, 1); nc <- sample(15:600, 1)
  tt <- ceiling(c(rexp(nt, log(2) / 11.5), rexp(nc, log(2) / 14)))
  cens <- ceiling(runif(nt + nc, 4, 60))
  ev <- as.integer(tt <= cens); tm <- pmin(tt, cens); arm <- arms(nt, nc)
  trial <- as.integer(arm == "forsøg")
  ft <- survfit(Surv(tm[trial == 1], ev[trial == 1]) ~ 1, conf.type = "log-log")
  fc <- survfit(Surv(tm[trial == 0], ev[trial == 0]) ~ 1, conf.type = "log-log")
  qt <- quantile(ft, 0.5); qc <- quantile(fc, 0.5)
  st <- summary(ft, times = 26, extend = TRUE)
  sd <- survdiff(Surv(tm, ev) ~ trial)
  cx <- coxph(Surv(tm, ev) ~ trial, control = coxph.control(eps = 1e-12, toler.chol = 1e-14, iter.max = 50))
  ch <- list(chk("results[0].groups[arm=trial].events", sum(ev[trial == 1]), 0),
             chk("results[0].groups[arm=control].censored", sum(1 - ev[trial == 0]), 0),
             chk("results[0].groups[arm=control].median", unname(qc$quantile), 1e-12),
             chk("results[0].groups[arm=trial].cumulative_incidence[time=26].estimate", 1 - st$surv, 1e-10),
             chk("results[0].groups[arm=trial].cumulative_incidence[time=26].ci[0]", 1 - st$upper, 1e-9),
             chk("results[0].tests[test=logrank].statistic", sd$chisq, 1e-9),
             chk("results[0].effects[measure=hazard_ratio].estimate", unname(exp(coef(cx))), 1e-7),
             chk("results[0].effects[measure=hazard_ratio].ci[1]", exp(confint(cx))[2], 1e-7))
  if (!is.na(qt$lower))
    ch <- c(ch, list(chk("results[0].groups[arm=trial].median_ci[0]", unname(qt$lower), 1e-12)))
  write_case("survival", sprintf("random_%d", i), data.frame(arm = arm, uger = tm, job = ev),
             c("--time", "uger", "--event", "job"), ch, sep = ";")
}
