# Reference values for fkstat did with staggered starts (stats/staggered.c,
# stats/bacon.c, stats/stagger_ri.c).  The R packages did and bacondecomp
# are not available here, so every number comes from its closed form,
# written out below as those packages compute it (did 2.x att_gt with
# est_method "dr" and no covariates, which reduces to the difference of
# mean changes; aggte's influence functions; bacondecomp::bacon's 2x2
# estimates and weights):
#   ATT(g,t)  = (Ybar_g,t - Ybar_g,b) - (Ybar_C,t - Ybar_C,b), cell means
#               over the units of cohort g and of the comparison group C;
#               C = never treated, or (notyet) never treated plus units
#               whose start is later than max(t, b); b = t - 1 before g
#               (varying) or the last period before g (universal)
#   se        = sqrt(sum_i psi_i^2) / n, psi_i = n/n_g (dY_i - mean_g dY)
#               for i in g, -n/n_C (dY_i - mean_C dY) for i in C
#               (did::att_gt(bstrap = FALSE)); NA when <= 10 sqrt(eps)
#   aggregates did::aggte(type = "simple" | "dynamic" | "group",
#               bstrap = FALSE): weights pg = share of units per cohort,
#               influence function with did's wif() for the estimated
#               weights (simple, dynamic), none for group
#   intervals estimate -+ qt(0.975, G - 1) se, G the units in ATT(g,t)
#   sample    as did::att_gt: starts after the last period are never
#               treated; units treated in the first period and units
#               missing a period are dropped; without never-treated units
#               the last cohort is the comparison group and the periods
#               from its start are dropped
#   twfe      coef of D in lm(y ~ D + factor(unit) + factor(period)),
#               D = period >= start, on every cell
#   bacon     bacondecomp::bacon(y ~ D, ...) on balanced panels with no
#               unit treated in the first period: each 2x2 estimate from
#               lm(y ~ D + factor(unit) + factor(period)) on its subsample,
#               bacondecomp's weights; sum(weight * estimate) == twfe is
#               checked here (stopifnot)
#   ri        every distinct reassignment of the units' starts (never
#               included), two-sided p = mean(|stat| >= |obs| (1 - 1e-12))
# Run from the project root:  Rscript tests/reference/staggered.R
# Writes tests/reference/staggered_r.inc (tests/test_staggered.c) and the
# CLI cases tests/cases/did_staggered/*/ (tests/check_cases.py).
suppressMessages(library(jsonlite))
set.seed(20261214)
NEVER <- Inf

# ---------------------------------------------------------------- data
# units with starts (ord, Inf = never), periods (labels, ords); y = unit +
# period effects + an effect growing with time since start + noise
make_panel <- function(starts, labels, ords, drop = 0, eff = 0.02) {
  U <- length(starts)
  d <- expand.grid(p = seq_along(ords), u = seq_len(U))
  a <- rnorm(U, 0.5, 0.05); g <- cumsum(rnorm(length(ords), 0, 0.01))
  t <- ords[d$p]; s <- starts[d$u]
  e <- ifelse(t >= s, t - s, NA)
  d$y <- a[d$u] + g[d$p] + ifelse(is.na(e), 0, eff * (1 + 0.1 * e)) +
         rnorm(nrow(d), 0, 0.01)
  d$y <- round(d$y, 6)
  if (drop > 0) d <- d[-sample(nrow(d), drop), ]
  d$t <- ords[d$p]; d$g <- starts[d$u]
  d$unit <- sprintf("K%02d", d$u); d$period <- labels[d$p]
  d[order(d$u, d$p), ]
}

# ---------------------------------------------------------------- CS
cs <- function(d, control, base) {
  tl <- sort(unique(d$t))
  G <- tapply(d$g, d$u, `[`, 1)
  G[G > max(tl)] <- NEVER
  coerce <- NA
  if (!any(is.infinite(G))) {
    coerce <- max(G); tl <- tl[tl < coerce]
  }
  d <- d[d$t %in% tl, ]
  first <- is.finite(G) & G <= tl[1]
  cnt <- tapply(d$t, d$u, length)
  bal <- cnt[names(G)] == length(tl)
  bal[is.na(bal)] <- FALSE
  keep <- !first & bal
  units <- as.integer(names(G))[keep]
  Gk <- G[keep]; n <- length(units)
  Y <- matrix(NA, n, length(tl))
  Y[cbind(match(d$u, units), match(d$t, tl))[d$u %in% units, , drop = FALSE]] <-
    d$y[d$u %in% units]
  glist <- sort(unique(Gk[is.finite(Gk) & Gk > tl[1]]))
  if (!is.na(coerce)) glist <- glist[glist != coerce]
  isnever <- is.infinite(Gk) | (!is.na(coerce) & Gk == coerce)
  tt <- if (base == "varying") seq_along(tl)[-1] else seq_along(tl)
  out <- list(); inf <- list()
  for (g in glist) {
    pre <- max(which(tl < g))
    for (ti in tt) {
      post <- tl[ti] >= g
      b <- if (post || base == "universal") pre else ti - 1
      if (b == ti) {
        out[[length(out) + 1]] <- c(g, tl[ti], tl[b], 0, NA, post)
        inf[[length(inf) + 1]] <- rep(0, n); next
      }
      thr <- tl[max(ti, b)]
      C <- isnever | (control == "notyet" & Gk > thr & Gk != g)
      tr <- Gk == g
      att <- (mean(Y[tr, ti]) - mean(Y[tr, b])) - (mean(Y[C, ti]) - mean(Y[C, b]))
      dY <- Y[, ti] - Y[, b]
      psi <- rep(0, n)
      psi[tr] <- n / sum(tr) * (dY[tr] - mean(dY[tr]))
      psi[C] <- -n / sum(C) * (dY[C] - mean(dY[C]))
      se <- sqrt(sum(psi^2)) / n
      if (se <= sqrt(.Machine$double.eps) * 10) se <- NA
      out[[length(out) + 1]] <- c(g, tl[ti], tl[b], att, se, post)
      inf[[length(inf) + 1]] <- psi
    }
  }
  gt <- as.data.frame(do.call(rbind, out))
  names(gt) <- c("g", "t", "b", "att", "se", "post")
  list(gt = gt, inf = do.call(cbind, inf), Gk = Gk, n = n, glist = glist,
       units = units, tl = tl, Y = Y, control = control, base = base,
       coerce = coerce, isnever = isnever)
}

# did's wif() and get_agg_inf_func(), written out
wif <- function(keepers, pg, G, group) {
  if1 <- sapply(keepers, function(k) (1 * (G == group[k]) - pg[k]) / sum(pg[keepers]))
  if2 <- rowSums(sapply(keepers, function(k) 1 * (G == group[k]) - pg[k])) %*%
         t(pg[keepers] / (sum(pg[keepers])^2))
  if1 - if2
}
agg <- function(r, which, with_wif, wts = NULL) {
  pgc <- sapply(r$glist, function(g) mean(r$Gk == g))
  pg <- pgc[match(r$gt$g, r$glist)]
  w <- if (is.null(wts)) pg[which] / sum(pg[which]) else wts
  est <- sum(r$gt$att[which] * w)
  psi <- r$inf[, which, drop = FALSE] %*% w
  if (with_wif) psi <- psi + wif(which, pg, r$Gk, r$gt$g) %*% r$gt$att[which]
  se <- sqrt(mean(psi^2) / r$n)
  if (se <= sqrt(.Machine$double.eps) * 10) se <- NA
  q <- qt(0.975, r$n - 1)
  c(est = est, se = se, lo = est - q * se, hi = est + q * se,
    p = 2 * pt(-abs(est / se), r$n - 1))
}
aggregates <- function(r) {
  gt <- r$gt
  simple <- agg(r, which(gt$post == 1), TRUE)
  es <- sort(unique(gt$t - gt$g))
  dyn <- t(sapply(es, function(e) agg(r, which(gt$t - gt$g == e), TRUE)))
  grp <- t(sapply(r$glist, function(g) {
    wh <- which(gt$g == g & gt$post == 1)
    agg(r, wh, FALSE, rep(1 / length(wh), length(wh)))
  }))
  list(simple = simple, es = es, dyn = dyn, grp = grp)
}

# ---------------------------------------------------------------- TWFE, bacon
twfe <- function(d) {
  d$D <- as.numeric(d$t >= d$g)
  unname(coef(lm(y ~ D + factor(u) + factor(t), data = d))["D"])
}
bacon <- function(d) {
  tl <- sort(unique(d$t))
  d$D <- as.numeric(d$t >= d$g)
  # timing group: first period treated (index), never = length(tl) + 1
  grp <- sapply(d$g, function(s) { k <- which(tl >= s); if (length(k)) k[1] else length(tl) + 1 })
  d$k <- grp; T <- length(tl); NV <- T + 1
  ks <- sort(unique(d$k)); res <- NULL
  for (a in ks[ks <= T]) for (b in ks[ks != a]) {
    sub <- d[d$k %in% c(a, b), ]
    if (b == NV) { lo <- 1; hi <- T } else if (a < b) { lo <- 1; hi <- b - 1 } else { lo <- b; hi <- T }
    sub <- sub[sub$t >= tl[lo] & sub$t <= tl[hi], ]
    est <- unname(coef(lm(y ~ D + factor(u) + factor(t), data = sub))["D"])
    na <- length(unique(sub$u[sub$k == a])); nb <- length(unique(sub$u[sub$k == b]))
    rows <- hi - lo + 1
    nk <- na * rows; nl <- nb * rows
    if (b == NV) {
      nku <- nk / (nk + nl); Dk <- mean(sub$D[sub$k == a])
      w <- (nk + nl)^2 * nku * (1 - nku) * Dk * (1 - Dk); type <- "treated_vs_never"
    } else if (a < b) {
      nkl <- nk / (nk + nl); Dk <- mean(sub$D[sub$k == a]); Dl <- mean(sub$D[sub$k == b])
      w <- ((nk + nl) * (1 - Dl))^2 * nkl * (1 - nkl) * (Dk - Dl) / (1 - Dl) * (1 - Dk) / (1 - Dl)
      type <- "earlier_vs_later"
    } else {
      nkk <- nb * rows; nll <- na * rows          # k = the earlier (control)
      nkl <- nkk / (nkk + nll); Dk <- mean(sub$D[sub$k == b]); Dl <- mean(sub$D[sub$k == a])
      w <- ((nkk + nll) * Dk)^2 * nkl * (1 - nkl) * (Dl / Dk) * (Dk - Dl) / Dk
      type <- "later_vs_earlier"
    }
    res <- rbind(res, data.frame(type = type, a = a, b = b, est = est, w = w))
  }
  res$w <- res$w / sum(res$w)
  res
}

# ---------------------------------------------------------------- RI
# every distinct arrangement of the multiset v
mperms <- function(v) {
  if (length(v) <= 1) return(matrix(v, 1))
  u <- sort(unique(v)); out <- NULL
  for (x in u) {
    rest <- v[-match(x, v)]
    out <- rbind(out, cbind(x, mperms(rest)))
  }
  unname(out)
}
ri_p <- function(r) {
  obs <- aggregates(r)$simple["est"]
  cls <- r$Gk
  P <- mperms(cls)
  stat <- apply(P, 1, function(gg) {
    r2 <- r; r2$Gk <- gg
    r2$isnever <- is.infinite(gg) | (!is.na(r$coerce) & gg == r$coerce)
    r3 <- recompute(r2)
    aggregates(r3)$simple["est"]
  })
  c(p = mean(abs(stat) >= abs(obs) * (1 - 1e-12)), n = nrow(P))
}
# ATT(g,t) again for reassigned cohorts Gk on the same kept units
recompute <- function(r) {
  Y <- r$Y; tl <- r$tl; Gk <- r$Gk; n <- r$n
  out <- list(); inf <- list()
  tt <- if (r$base == "varying") seq_along(tl)[-1] else seq_along(tl)
  for (g in r$glist) {
    pre <- max(which(tl < g))
    for (ti in tt) {
      post <- tl[ti] >= g
      b <- if (post || r$base == "universal") pre else ti - 1
      if (b == ti) { out[[length(out) + 1]] <- c(g, tl[ti], tl[b], 0, NA, post); inf[[length(inf) + 1]] <- rep(0, n); next }
      C <- r$isnever | (r$control == "notyet" & Gk > tl[max(ti, b)] & Gk != g)
      tr <- Gk == g
      att <- (mean(Y[tr, ti]) - mean(Y[tr, b])) - (mean(Y[C, ti]) - mean(Y[C, b]))
      out[[length(out) + 1]] <- c(g, tl[ti], tl[b], att, NA, post); inf[[length(inf) + 1]] <- rep(0, n)
    }
  }
  gt <- as.data.frame(do.call(rbind, out)); names(gt) <- c("g", "t", "b", "att", "se", "post")
  r$gt <- gt; r$inf <- do.call(cbind, inf); r
}

# ---------------------------------------------------------------- designs
q_lab <- function(y, q, sep = "Q") paste0(y, sep, q)
quarters <- function(y0, y1, sep = "Q") {
  g <- expand.grid(q = 1:4, y = y0:y1)
  list(lab = q_lab(g$y, g$q, sep), ord = 4 * g$y + g$q - 1)
}
months <- function(y0, m0, n, fmt) {
  k <- (12 * y0 + m0 - 1) + 0:(n - 1)
  list(lab = sprintf(fmt, k %/% 12, k %% 12 + 1), ord = k)
}
years <- function(y0, y1) list(lab = as.character(y0:y1), ord = y0:y1)
qord <- function(y, q) 4 * y + q - 1
mord <- function(y, m) 12 * y + m - 1

designs <- list(
  list(name = "k_never_varying", per = quarters(2015, 2018, "K"), control = "never", base = "varying",
       starts = c(rep(NEVER, 4), rep(qord(2016, 3), 4), rep(qord(2017, 2), 3), rep(qord(2018, 1), 3)),
       slab = function(s) sprintf("%dK%d", s %/% 4, s %% 4 + 1), drop = 0, ri = FALSE, via = "column",
       danish = TRUE),
  list(name = "years_notyet_universal", per = years(2010, 2019), control = "notyet", base = "universal",
       starts = c(rep(NEVER, 3), rep(2013, 3), rep(2015, 3), rep(2017, 3)),
       slab = function(s) as.character(s), drop = 0, ri = FALSE, via = "file", danish = FALSE),
  list(name = "months_unbalanced", per = months(2016, 1, 12, "%dM%02d"), control = "never", base = "varying",
       starts = c(rep(NEVER, 4), rep(mord(2016, 4), 3), rep(mord(2016, 8), 3)),
       slab = function(s) sprintf("%dM%02d", s %/% 12, s %% 12 + 1), drop = 3, ri = TRUE, via = "column",
       danish = FALSE),
  list(name = "first_period_notyet", per = quarters(2015, 2017), control = "notyet", base = "varying",
       starts = c(qord(2015, 1), rep(NEVER, 3), rep(qord(2016, 1), 4), rep(qord(2016, 4), 3)),
       slab = function(s) sprintf("%dQ%d", s %/% 4, s %% 4 + 1), drop = 0, ri = FALSE, via = "column",
       danish = FALSE),
  list(name = "one_start_universal", per = years(2012, 2019), control = "never", base = "universal",
       starts = c(rep(NEVER, 4), rep(2016, 6)),
       slab = function(s) as.character(s), drop = 0, ri = TRUE, via = "column", danish = TRUE),
  list(name = "no_never_months", per = months(2017, 1, 18, "%d-%02d"), control = "never", base = "varying",
       starts = c(rep(mord(2017, 6), 3), rep(mord(2017, 10), 3), rep(mord(2018, 3), 3)),
       slab = function(s) sprintf("%d-%02d", s %/% 12, s %% 12 + 1), drop = 0, ri = TRUE, via = "file",
       danish = FALSE)
)

num <- function(v) vapply(v, function(z) if (is.na(z)) "NAN" else if (is.infinite(z)) "NEVER" else sprintf("%.17g", z), "")
vec <- function(v) paste(num(v), collapse = ", ")
str_vec <- function(v) paste0('"', v, '"', collapse = ", ")

inc <- file("tests/reference/staggered_r.inc", "w")
cat("/* Generated by tests/reference/staggered.R; do not edit. */\n", file = inc)
cat(sprintf("/* %s */\n", R.version.string), file = inc)
entries <- character(0)
for (ds in designs) {
  nm <- ds$name
  d <- make_panel(ds$starts, ds$per$lab, ds$per$ord, ds$drop)
  r <- cs(d, ds$control, ds$base)
  a <- aggregates(r)
  tw <- twfe(d)
  balanced <- nrow(d) == length(ds$starts) * length(ds$per$ord)
  first <- any(ds$starts <= min(ds$per$ord))
  bc <- NULL
  if (balanced && !first) {
    bc <- bacon(d)
    stopifnot(abs(sum(bc$w * bc$est) - tw) < 1e-10 * max(1, abs(tw)))
  }
  ri <- if (ds$ri) ri_p(r) else c(p = NA, n = NA)
  U <- length(ds$starts); T <- length(ds$per$ord)
  # C arrays
  pidx <- match(d$t, ds$per$ord) - 1
  cat(sprintf("static const size_t %s_unit[] = { %s };\n", nm, paste(d$u - 1, collapse = ", ")), file = inc)
  cat(sprintf("static const size_t %s_period[] = { %s };\n", nm, paste(pidx, collapse = ", ")), file = inc)
  cat(sprintf("static const double %s_y[] = { %s };\n", nm, vec(d$y)), file = inc)
  cat(sprintf("static const long %s_ord[] = { %s };\n", nm, paste(ds$per$ord, collapse = ", ")), file = inc)
  cat(sprintf("static const long %s_start[] = { %s };\n", nm, vec(ds$starts)), file = inc)
  cat(sprintf("static const char *const %s_plab[] = { %s };\n", nm, str_vec(ds$per$lab)), file = inc)
  gt <- r$gt
  ci <- match(gt$g, sort(unique(ds$starts[is.finite(ds$starts) & ds$starts <= max(ds$per$ord)]))) - 1
  cat(sprintf("static const double %s_gt[][5] = { %s };\n", nm,
              paste(sprintf("{ %s }", apply(cbind(ci, match(gt$t, ds$per$ord) - 1, match(gt$b, ds$per$ord) - 1,
                                                  gt$att, gt$se), 1, vec)), collapse = ", ")), file = inc)
  cat(sprintf("static const double %s_dyn[][3] = { %s };\n", nm,
              paste(sprintf("{ %s }", apply(cbind(a$es, a$dyn[, "est"], a$dyn[, "se"]), 1, vec)), collapse = ", ")), file = inc)
  gci <- match(r$glist, sort(unique(ds$starts[is.finite(ds$starts) & ds$starts <= max(ds$per$ord)]))) - 1
  cat(sprintf("static const double %s_grp[][3] = { %s };\n", nm,
              paste(sprintf("{ %s }", apply(cbind(gci, a$grp[, "est"], a$grp[, "se"]), 1, vec)), collapse = ", ")), file = inc)
  if (!is.null(bc)) {
    tcode <- c(treated_vs_never = 0, earlier_vs_later = 1, later_vs_earlier = 2)[bc$type]
    cat(sprintf("static const double %s_bacon[][3] = { %s };\n", nm,
                paste(sprintf("{ %s }", apply(cbind(tcode, bc$est, bc$w), 1, vec)), collapse = ", ")), file = inc)
  }
  entries <- c(entries, sprintf(paste0(
    "        { \"%s\", %s_unit, %s_period, %s_y, %d, %d, %d, %s_ord, %s_start, %s_plab, %d, %d,\n",
    "          %s_gt, %d, %s_dyn, %d, %s_grp, %d, %s, %d,\n",
    "          { %s }, %d, %d }"),
    nm, nm, nm, nm, nrow(d), U, T, nm, nm, nm, ds$control == "notyet", ds$base == "universal",
    nm, nrow(gt), nm, length(a$es), nm, length(r$glist),
    if (is.null(bc)) "NULL" else sprintf("%s_bacon", nm), if (is.null(bc)) 0 else nrow(bc),
    vec(c(a$simple, tw, ri["p"], ri["n"])), r$n, length(unique(d$u)) - r$n))

  # the same panel as a CLI case
  dir <- file.path("tests/cases/did_staggered", nm)
  dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  slab <- rep("", nrow(d)); fin <- is.finite(d$g); slab[fin] <- ds$slab(d$g[fin])
  out <- data.frame(kommune = d$unit, periode = d$period, start = slab, andel = d$y)
  args <- c("did", "data.csv", "--unit", "kommune", "--period", "periode", "--outcome", "andel")
  if (ds$via == "column") {
    args <- c(args, "--start", "start")
  } else {
    out$start <- NULL
    st <- unique(data.frame(u = d$unit, s = slab))
    st <- st[st$s != "", ]
    writeLines(c("kommune;start", paste0(tolower(st$u), ";", st$s)), file.path(dir, "starts.txt"))
    args <- c(args, "--starts", "starts.txt")
  }
  args <- c(args, "--control-group", ds$control, "--base-period", ds$base, "--format", "json")
  write.table(out, file.path(dir, "data.csv"), sep = if (ds$danish) ";" else ",",
              dec = if (ds$danish) "," else ".", row.names = FALSE, quote = FALSE, na = "")
  lab <- function(s) ds$slab(s)
  checks <- list(list("staggered", TRUE, 0), list("verdict.basis", "cs_simple", 0),
                 list("units.used", r$n, 0),
                 list("aggregate.simple.estimate", a$simple[["est"]], 1e-10),
                 list("aggregate.simple.se", a$simple[["se"]], 1e-9),
                 list("aggregate.simple.ci[0]", a$simple[["lo"]], 1e-9),
                 list("aggregate.simple.ci[1]", a$simple[["hi"]], 1e-9),
                 list("aggregate.simple.p_value", a$simple[["p"]], 1e-8),
                 list("twfe.estimate", tw, 1e-9))
  for (k in unique(round(seq(1, nrow(gt), length.out = 4)))) {
    checks <- c(checks, list(list(sprintf("group_time[%d].estimate", k - 1), gt$att[k], 1e-10, 1e-13),
                             list(sprintf("group_time[%d].cohort", k - 1), lab(gt$g[k]), 0),
                             list(sprintf("group_time[%d].period", k - 1), ds$per$lab[match(gt$t[k], ds$per$ord)], 0)))
    if (!is.na(gt$se[k]))
      checks <- c(checks, list(list(sprintf("group_time[%d].se", k - 1), gt$se[k], 1e-9)))
  }
  for (j in seq_along(a$es)) if (!is.na(a$dyn[j, "se"]))
    checks <- c(checks, list(list(sprintf("aggregate.dynamic[event_time=%d].estimate", a$es[j]), a$dyn[j, "est"], 1e-10, 1e-13),
                             list(sprintf("aggregate.dynamic[event_time=%d].se", a$es[j]), a$dyn[j, "se"], 1e-9)))
  for (j in seq_along(r$glist))
    checks <- c(checks, list(list(sprintf("aggregate.group[cohort=%s].estimate", lab(r$glist[j])), a$grp[j, "est"], 1e-10),
                             list(sprintf("aggregate.group[cohort=%s].se", lab(r$glist[j])), a$grp[j, "se"], 1e-9),
                             list(sprintf("aggregate.group[cohort=%s].ci[0]", lab(r$glist[j])), a$grp[j, "lo"], 1e-9)))
  if (is.null(bc)) {
    checks <- c(checks, list(list("bacon", NULL, 0)))
  } else {
    labb <- function(k) ifelse(k == length(ds$per$ord) + 1, "never", ds$per$lab[k])
    for (k in seq_len(nrow(bc)))
      checks <- c(checks, list(list(sprintf("bacon[%d].type", k - 1), bc$type[k], 0),
                               list(sprintf("bacon[%d].treated", k - 1), labb(bc$a[k]), 0),
                               list(sprintf("bacon[%d].control", k - 1), labb(bc$b[k]), 0),
                               list(sprintf("bacon[%d].estimate", k - 1), bc$est[k], 1e-9),
                               list(sprintf("bacon[%d].weight", k - 1), bc$w[k], 1e-10)))
  }
  if (ds$ri)
    checks <- c(checks, list(list("randomization.p_value", unname(ri["p"]), 1e-12),
                             list("randomization.assignments", unname(ri["n"]), 0),
                             list("randomization.exact", TRUE, 0)))
  writeLines(toJSON(list(args = args, checks = checks), auto_unbox = TRUE, digits = NA,
                    pretty = TRUE, null = "null"), file.path(dir, "case.json"))
}
cat("\nstatic const struct stagger_case stagger_cases[] = {\n", paste(entries, collapse = ",\n"),
    "\n};\n", file = inc, sep = "")
close(inc)
