# Base R peer, binary task only: Rscript readcsv.R FILE
# What an analyst types first: read.csv of the whole file, then prop.test.
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
x <- tapply(d$job, d$arm, sum); n <- tapply(d$job, d$arm, length)
pt <- prop.test(x[c("trial", "control")], n[c("trial", "control")], correct = FALSE)
out <- function(k, v) cat(k, format(v, digits = 17), "\n")
out("n_trial", n[["trial"]]); out("x_trial", x[["trial"]])
out("n_control", n[["control"]]); out("x_control", x[["control"]])
out("chisq", unname(pt$statistic)); out("p", pt$p.value)
