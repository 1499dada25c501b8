# Reference values of fkstat validate (tests/test_validate.c) and a small
# case to reproduce by hand.  Run: Rscript tests/reference/validate.R
# (the coverage part takes about half a minute; R with clubSandwich).
#
# 1. The logistic-normal model's spread: sigma_u such that the ICC on the
#    0/1 scale, Var(p(u)) / (p (1 - p)), is rho, with the intercept b
#    giving the marginal proportion p.  p = 0.4, rho = 0.05 gives
#    sigma_u 0.479229768403, intercept -0.427317544309 (R 4.2.2), which
#    test_model_icc checks and `fkstat validate --clusters 6,6
#    --cluster-size 50 --icc 0.05 --p-control 0.4 --format json` prints as
#    model.sigma_u and model.intercept.
# 2. The CR2 interval's coverage in that design (6 and 6 municipalities of
#    50): R gives 0.944 with set.seed(1) and 1000 repetitions; fkstat
#    validate --reps 1000 gives 0.951 (Monte Carlo standard error 0.007
#    each, different random numbers).
p <- 0.4; rho <- 0.05; m <- 50; Tn <- 6; Cn <- 6
pbar <- function(b, s) integrate(function(z) plogis(b + s * z) * dnorm(z), -Inf, Inf, rel.tol = 1e-12)$value
beta <- function(s, target) uniroot(function(b) pbar(b, s) - target, c(-30, 30), tol = 1e-13)$root
icc <- function(s) {
  b <- beta(s, p)
  v <- integrate(function(z) plogis(b + s * z)^2 * dnorm(z), -Inf, Inf, rel.tol = 1e-12)$value - p^2
  v / (p * (1 - p))
}
s <- uniroot(function(s) icc(s) - rho, c(1e-6, 10), tol = 1e-13)$root
b <- beta(s, p)
cat(sprintf("sigma_u %.12f intercept %.12f\n", s, b))

suppressMessages(library(clubSandwich))
one <- function() {
  cl <- rep(1:(Tn + Cn), each = m); trial <- as.integer(cl <= Tn)
  u <- rnorm(Tn + Cn, 0, s)
  y <- rbinom(length(cl), 1, plogis(b + u[cl]))
  fit <- lm(y ~ trial)
  ct <- coef_test(fit, vcov = "CR2", cluster = cl, test = "Satterthwaite")
  est <- coef(fit)[2]; se <- ct$SE[2]; df <- ct$df_Satt[2]
  abs(est / se) <= qt(0.975, df)
}
set.seed(1)
cat(sprintf("CR2 coverage %.3f\n", mean(replicate(1000, one()))))
