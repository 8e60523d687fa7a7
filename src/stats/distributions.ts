/**
 * The probability distributions of the statistics module, in one import: normal, Student t,
 * chi-square and Beta, plus the special functions beneath them. All are written here and tested
 * against scipy/mpmath to 1e-9 relative or better (vectors/distributions.json); log-gamma.ts
 * says why no npm package is used.
 */
export { normalCdf, normalPdf, normalPpf, normalSf } from './normal.js';
export { studentTCdf, studentTPdf, studentTPpf, studentTSf } from './student-t.js';
export { chiSquareCdf, chiSquareSf } from './chi-square.js';
export { betaCdf, betaPdf, betaPpf, betaSf } from './beta-distribution.js';
export { betaInc, betaIncBoth, betaIncInv } from './incomplete-beta.js';
export { gammaP, gammaQ } from './incomplete-gamma.js';
export { betaPowerTerms, logBeta, logGamma } from './log-gamma.js';
