# Makes datasets/examples/panel.csv: a synthetic municipality x quarter
# panel (seeded; every number is made up) for `fkstat did` examples.
# Run from the project root:  Rscript tests/reference/example_panel.R
set.seed(20261201)
kommuner <- sprintf("Kommune %02d", 1:14)
forsoeg <- c(rep(1, 6), rep(0, 8))
kvartaler <- paste0(rep(2015:2020, each = 4), "Q", 1:4)
d <- expand.grid(k = seq_along(kvartaler), m = seq_along(kommuner))
a <- rnorm(14, 0.55, 0.04); g <- cumsum(rnorm(length(kvartaler), 0.002, 0.006))
size <- round(runif(14, 300, 4000))
d$antal <- size[d$m] + sample(-40:40, nrow(d), TRUE)
d$andel <- round(a[d$m] + g[d$k] + 0.012 * forsoeg[d$m] * (d$k >= 11) +
                 rnorm(nrow(d), 0, 0.25 / sqrt(d$antal)), 4)
out <- data.frame(kommune = kommuner[d$m], kvartal = kvartaler[d$k],
                  forsoeg = forsoeg[d$m], andel = d$andel, antal = d$antal)
write.table(out, "datasets/examples/panel.csv", sep = ";", dec = ",",
            row.names = FALSE, quote = FALSE, fileEncoding = "UTF-8")
