# Reference cases for the verdict basis of clustered designs (issue "the
# verdict follows the design"): --cluster auto, rows without a municipality,
# per-municipality rows, and the verdict judged by the CR2 (clubSandwich) or
# Lin-Wei (survival::coxph(cluster=)) interval with its one-sided test at the
# margin.  Writes tests/cases/cluster/<case>/{data.csv,case.json}; run from
# the project root:  Rscript tests/reference/verdict_cases.R
library(jsonlite)
library(clubSandwich)
library(survival)
set.seed(20261203)
out <- "tests/cases/cluster"

write_case <- function(name, df, args, checks, sep = ";", dec = ",") {
  dir <- file.path(out, name)
  dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  write.table(df, file.path(dir, "data.csv"), sep = sep, dec = dec,
              row.names = FALSE, quote = FALSE, na = "", fileEncoding = "UTF-8")
  writeLines(toJSON(list(args = c("compare", "data.csv", args, "--format", "json"),
                         checks = checks), auto_unbox = TRUE, digits = NA, pretty = TRUE),
             file.path(dir, "case.json"))
}
chk <- function(path, value, tol) list(path, value, tol)
munis <- c("Aalborg", "Brønderslev", "Frederikshavn", "Hjørring", "Jammerbugt",
           "Læsø", "Mariagerfjord", "Morsø", "Rebild", "Thisted",
           "Vesthimmerland", "Randers", "Viborg", "Skive", "Norddjurs",
           "Syddjurs", "Favrskov", "Silkeborg")
verdict <- function(lo, hi, better, m, ratio = FALSE) {
  null <- if (ratio) 1 else 0
  if (better == "higher") {
    b <- if (ratio) 1 - m else -m
    if (lo > null) "superior" else if (lo > b) "non-inferior" else if (hi < b) "inferior" else "inconclusive"
  } else {
    b <- if (ratio) 1 / (1 - m) else m
    if (hi < null) "superior" else if (hi < b) "non-inferior" else if (lo > b) "inferior" else "inconclusive"
  }
}
# a clustered data set: kt trial and kc control municipalities
make_design <- function(kt, kc, nmin, nmax, sd_u) {
  k <- sample(munis, kt + kc)
  size <- sample(nmin:nmax, kt + kc, replace = TRUE)
  data.frame(kommune = rep(k, size),
             arm = rep(c(rep("forsøg", kt), rep("kontrol", kc)), size),
             u = rep(rnorm(kt + kc, 0, sd_u), size), stringsAsFactors = FALSE)
}
cr2_checks <- function(d, y, better, m, digits_tol = 1e-7) {
  d$y <- y; d$trial <- as.integer(d$arm == "forsøg")
  f <- lm(y ~ trial, data = d)
  ct <- coef_test(f, vcov = "CR2", cluster = d$kommune, test = "Satterthwaite")
  est <- unname(coef(f)[2]); se <- ct$SE[2]; df <- ct$df_Satt[2]
  q <- qt(0.975, df); lo <- est - q * se; hi <- est + q * se
  p <- if (better == "higher") pt((est + m) / se, df, lower.tail = FALSE) else pt((est - m) / se, df)
  list(chk("results[0].verdict.basis", "cr2", 0),
       chk("results[0].verdict.estimate", est, 1e-9),
       chk("results[0].verdict.ci[0]", lo, digits_tol),
       chk("results[0].verdict.ci[1]", hi, digits_tol),
       chk("results[0].verdict.p_value", p, 1e-6),
       chk("results[0].verdict.result", verdict(lo, hi, better, m), 0))
}
cluster_rows_binary <- function(d, y) {
  out <- list()
  for (k in unique(d$kommune)) {
    yy <- y[d$kommune == k]; x <- sum(yy); n <- length(yy)
    ci <- if (x > 0 && x < n) suppressWarnings(prop.test(x, n, correct = FALSE)$conf.int) else c(NA, NA)
    p <- sprintf("results[0].clusters[cluster=%s]", k)
    out <- c(out, list(chk(paste0(p, ".n"), n, 0), chk(paste0(p, ".estimate"), x / n, 1e-12),
                       chk(paste0(p, ".arm"), if (d$arm[d$kommune == k][1] == "forsøg") "trial" else "control", 0)))
    if (!is.na(ci[1]))
      out <- c(out, list(chk(paste0(p, ".ci[0]"), ci[1], 1e-9), chk(paste0(p, ".ci[1]"), ci[2], 1e-9)))
  }
  out
}
cluster_rows_mean <- function(d, y) {
  out <- list()
  for (k in unique(d$kommune)) {
    yy <- y[d$kommune == k]
    p <- sprintf("results[0].clusters[cluster=%s]", k)
    out <- c(out, list(chk(paste0(p, ".n"), length(yy), 0), chk(paste0(p, ".estimate"), mean(yy), 1e-12),
                       chk(paste0(p, ".method"), "t", 0)))
    if (length(yy) > 1 && sd(yy) > 0) {
      ci <- t.test(yy)$conf.int
      out <- c(out, list(chk(paste0(p, ".ci[0]"), ci[1], 1e-9), chk(paste0(p, ".ci[1]"), ci[2], 1e-9)))
    }
  }
  out
}

# 1. binary, nested arms: detected from a column "Kommune" (case 1, no
#    missing municipality); named with --cluster (cases 2, 3), where some
#    rows without a municipality are left out of the whole outcome
for (i in 1:3) {
  d <- make_design(sample(5:9, 1), sample(5:9, 1), 15, 120, 0.5)
  y <- rbinom(nrow(d), 1, plogis(0.1 + d$u + 0.2 * (d$arm == "forsøg")))
  nokom <- if (i == 1) integer(0) else sample(nrow(d), 4)
  keep <- setdiff(seq_len(nrow(d)), nokom)
  dk <- d[keep, ]; yk <- y[keep]
  m <- 0.05
  ch <- c(list(chk("results[0].cluster.detected", i == 1, 0),
               chk("results[0].cluster.column", "Kommune", 0),
               chk("results[0].groups[arm=trial].n", sum(dk$arm == "forsøg"), 0),
               chk("results[0].groups[arm=control].n", sum(dk$arm == "kontrol"), 0),
               chk("results[0].excluded.trial", sum(d$arm[nokom] == "forsøg"), 0),
               chk("results[0].excluded.control", sum(d$arm[nokom] == "kontrol"), 0)),
          cr2_checks(dk, yk, "higher", m), cluster_rows_binary(dk, yk))
  kom <- d$kommune; kom[nokom] <- ""
  write_case(sprintf("binary_auto_%d", i),
             data.frame(Kommune = kom, arm = d$arm, job = ifelse(y == 1, "ja", "nej")),
             c("--outcome", "job", "--margin", "0,05",
               if (i == 1) character(0) else c("--cluster", "Kommune")), ch)
}

# 2. counts (interviews), lower is better, margin 0.5, named column
for (i in 1:2) {
  d <- make_design(sample(6:9, 1), sample(6:9, 1), 10, 80, 0.3)
  y <- rpois(nrow(d), exp(1.5 + d$u - 0.1 * (d$arm == "forsøg")))
  ch <- c(list(chk("results[0].cluster.detected", FALSE, 0),
               chk("results[0].better", "lower", 0)),
          cr2_checks(d, y, "lower", 0.5), cluster_rows_mean(d, y))
  write_case(sprintf("count_lower_%d", i), data.frame(kommune = d$kommune, arm = d$arm, samtaler = y),
             c("--outcome", "samtaler", "--type", "count", "--better", "lower", "--margin", "0.5",
               "--cluster", "kommune"), ch)
}

# 3. two outcomes in one run, each with its own --better and --margin
d <- make_design(7, 8, 20, 60, 0.3)
job <- rbinom(nrow(d), 1, plogis(d$u))
sam <- rpois(nrow(d), exp(1.4 + d$u))
ch <- c(cr2_checks(d, job, "higher", 0.05),
        list(chk("results[1].better", "lower", 0), chk("results[1].verdict.margin", 0.5, 0),
             chk("results[0].verdict.margin", 0.05, 0)))
dd <- d; dd$y <- sam; dd$trial <- as.integer(dd$arm == "forsøg")
f <- lm(y ~ trial, data = dd)
ct <- coef_test(f, vcov = "CR2", cluster = dd$kommune, test = "Satterthwaite")
ch <- c(ch, list(chk("results[1].verdict.p_value",
                     pt((coef(f)[[2]] - 0.5) / ct$SE[2], ct$df_Satt[2]), 1e-6),
                 chk("results[1].verdict.basis", "cr2", 0)))
write_case("two_outcomes", data.frame(kommunenavn = d$kommune, arm = d$arm, job = job, samtaler = sam),
           c("--outcome", "job,samtaler", "--type", "count", "--better", "higher,lower",
             "--margin", "0.05,0.5"), ch)

# 4. crossed: people randomised within each municipality -> not clustered
d <- make_design(6, 6, 30, 60, 0.4)
d$arm <- sample(c("forsøg", "kontrol"), nrow(d), replace = TRUE)
y <- rbinom(nrow(d), 1, plogis(d$u))
x1 <- sum(y[d$arm == "forsøg"]); n1 <- sum(d$arm == "forsøg")
ch <- list(chk("results[0].verdict.basis", "individual", 0),
           chk("results[0].groups[arm=trial].successes", x1, 0),
           chk("results[0].groups[arm=trial].n", n1, 0))
write_case("crossed", data.frame(kommune = d$kommune, arm = d$arm, job = y),
           c("--outcome", "job", "--margin", "0.05"), ch)

# 5. nested but --cluster none -> individual
d <- make_design(6, 6, 30, 60, 0.4)
y <- rbinom(nrow(d), 1, plogis(d$u))
write_case("none", data.frame(kommune = d$kommune, arm = d$arm, job = y),
           c("--outcome", "job", "--cluster", "none"),
           list(chk("results[0].verdict.basis", "individual", 0)))

# 6. time to job: Lin-Wei basis, margin 0.1 on the hazard ratio
for (i in 1:2) {
  d <- make_design(sample(6:9, 1), sample(6:9, 1), 15, 70, 0.3)
  rate <- exp(-3 + d$u + 0.1 * (d$arm == "forsøg"))
  tt <- ceiling(rexp(nrow(d), rate)); cens <- sample(20:104, nrow(d), replace = TRUE)
  time <- pmin(tt, cens); ev <- as.integer(tt <= cens)
  trial <- as.integer(d$arm == "forsøg")
  f <- coxph(Surv(time, ev) ~ trial, ties = "efron", cluster = d$kommune)
  b <- unname(coef(f)); se <- sqrt(f$var[1, 1])
  lo <- exp(b - qnorm(0.975) * se); hi <- exp(b + qnorm(0.975) * se)
  m <- 0.1
  ch <- list(chk("results[0].verdict.basis", "lin_wei", 0),
             chk("results[0].verdict.estimate", exp(b), 1e-9),
             chk("results[0].verdict.ci[0]", lo, 1e-8),
             chk("results[0].verdict.ci[1]", hi, 1e-8),
             chk("results[0].verdict.p_value", pnorm((b - log(1 - m)) / se, lower.tail = FALSE), 1e-7),
             chk("results[0].verdict.result", verdict(lo, hi, "higher", m, TRUE), 0))
  for (k in unique(d$kommune)) {
    s <- d$kommune == k
    sf <- survfit(Surv(time[s], ev[s]) ~ 1, conf.type = "log-log")
    q <- quantile(sf, 0.5)
    p <- sprintf("results[0].clusters[cluster=%s]", k)
    ch <- c(ch, list(chk(paste0(p, ".n"), sum(s), 0), chk(paste0(p, ".events"), sum(ev[s]), 0),
                     chk(paste0(p, ".method"), "km_median", 0)))
    if (!is.na(q$quantile)) ch <- c(ch, list(chk(paste0(p, ".estimate"), unname(q$quantile), 1e-12)))
    if (!is.na(q$lower)) ch <- c(ch, list(chk(paste0(p, ".ci[0]"), unname(q$lower), 1e-12)))
  }
  write_case(sprintf("survival_%d", i), data.frame(municipality = d$kommune, arm = d$arm, uger = time, job = ev),
             c("--time", "uger", "--event", "job", "--margin", "0.1"), ch)
}

# 7. few municipalities (3 + 3): the basis stays CR2, the verdict flags it
d <- make_design(3, 3, 40, 90, 0.3)
y <- rbinom(nrow(d), 1, plogis(d$u))
ch <- c(cr2_checks(d, y, "higher", 0.05),
        list(chk("results[0].cluster.randomization.assignments", 20, 0)))
write_case("few_clusters", data.frame(kommune = d$kommune, arm = d$arm, job = y),
           c("--outcome", "job", "--margin", "0.05"), ch)
