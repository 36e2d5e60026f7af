#!/usr/bin/env Rscript
# The lme4 reference for apps/lmm-insteval: the same model fitted by lmer (REML and ML),
#   y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept),
# on the integer-coded InstEval CSV the app reads. Writes fixed effects with standard errors,
# the random-effect and residual standard deviations, per-department conditional modes, and
# the wall time to a JSON file.
#
# Usage (Debian's r-cran-lme4 and r-cran-jsonlite):
#   Rscript apps/lmm-insteval/tools/lme4_insteval.R /work/shared/data/insteval.csv \
#     apps/lmm-insteval/src/__fixtures__/insteval_lme4.json
suppressPackageStartupMessages({
  library(lme4)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: lme4_insteval.R <insteval.csv> <out.json>")
data <- read.csv(args[1])
for (f in c("s", "d", "dept")) data[[f]] <- factor(data[[f]])
formula <- y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept)

summarise <- function(fit, seconds) {
  beta <- fixef(fit)
  se <- sqrt(diag(as.matrix(vcov(fit))))
  vc <- as.data.frame(VarCorr(fit))
  sdOf <- function(group) vc$sdcor[vc$grp == group]
  deptModes <- ranef(fit)$dept
  list(
    method = if (isREML(fit)) "REML" else "ML",
    seconds = seconds,
    fixed = list(
      intercept = list(estimate = unname(beta["(Intercept)"]), se = unname(se["(Intercept)"])),
      service = list(estimate = unname(beta["service"]), se = unname(se["service"]))
    ),
    sd = list(students = sdOf("s"), instructors = sdOf("d"), departments = sdOf("dept"), residual = sdOf("Residual")),
    departmentEffects = list(code = as.integer(rownames(deptModes)), mode = deptModes[["(Intercept)"]]),
    logLik = as.numeric(logLik(fit))
  )
}

fitWith <- function(reml) {
  seconds <- system.time(fit <- lmer(formula, data = data, REML = reml))[["elapsed"]]
  summarise(fit, seconds)
}

out <- list(
  source = "lme4::lmer on the integer-coded InstEval CSV (see insteval.README.md)",
  formula = deparse(formula),
  rows = nrow(data),
  lme4 = as.character(packageVersion("lme4")),
  R = R.version.string,
  reml = fitWith(TRUE),
  ml = fitWith(FALSE)
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), args[2])
cat("wrote", args[2], "\n")
