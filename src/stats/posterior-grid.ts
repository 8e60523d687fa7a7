/**
 * A quadrature grid shared by k posteriors, with each one's density and CDF at every node.
 *
 * Beta posteriors are handled in the logit variable u = ln(x/(1−x)), where the density of
 * Beta(a, b) becomes x^a·(1−x)^b/B(a, b) (the Jacobian x(1−x) included): log-concave, nearly
 * Gaussian even for skewed posteriors with few conversions, and free of endpoint behaviour at
 * 0 and 1. Normal posteriors use x itself. Each posterior's support is cut where its log-density
 * falls 32 below the mode (tail mass < 1e-13); panels of 12-point Gauss–Legendre are at most 1/8
 * of the range of every posterior they overlap. CDF values at the nodes come from the spectral
 * integration matrix of gauss-legendre.ts, so only densities are evaluated (one exp per node and
 * posterior), never an incomplete beta function.
 */
import { gaussLegendre } from './gauss-legendre.js';

/** A posterior distribution of one arm's mean: Beta for conversion rates, normal for means. */
export type Posterior =
  | { readonly kind: 'beta'; readonly alpha: number; readonly beta: number }
  | { readonly kind: 'normal'; readonly mean: number; readonly sd: number };

const RULE = gaussLegendre(12);
const LOG_DENSITY_DROP = 32;
const PANELS_PER_RANGE = 8;

/** One posterior on the grid variable: its range and log-density (0 at the mode). */
export interface Support {
  readonly lo: number;
  readonly hi: number;
  /** Fast-path parameters: ln f(u) = c1·lnX + c2·lnY − c0 (beta) or −½((u − c1)·c2)² (normal). */
  readonly c0: number;
  readonly c1: number;
  readonly c2: number;
  /** ln density at grid value u, given ln x and ln(1−x) (beta) — shared by all posteriors. */
  readonly logDensity: (u: number, logX: number, logY: number) => number;
}

/** ln x and ln(1 − x) for x = 1/(1 + e^(−u)), without cancellation. */
export function logisticLogs(u: number): [number, number] {
  return [-Math.log1p(Math.exp(-u)), -Math.log1p(Math.exp(u))];
}

/** Range [lo, hi] of the grid variable outside which the density is below e^-32 of its mode. */
export function support(p: Posterior): Support {
  if (p.kind === 'normal') {
    const half = Math.sqrt(2 * LOG_DENSITY_DROP) * p.sd;
    const inv = 1 / p.sd;
    return { lo: p.mean - half, hi: p.mean + half, c0: 0, c1: p.mean, c2: inv, logDensity: (u) => -0.5 * ((u - p.mean) * inv) ** 2 };
  }
  const a = p.alpha;
  const b = p.beta;
  // In u the log-density a·ln x + b·ln(1−x) is concave with its mode at x = a/(a+b).
  const mode = Math.log(a / b);
  const [mx, my] = logisticLogs(mode);
  const peak = a * mx + b * my;
  const logDensity = (_u: number, lx: number, ly: number): number => a * lx + b * ly - peak;
  const at = (u: number): number => {
    const [lx, ly] = logisticLogs(u);
    return logDensity(u, lx, ly);
  };
  const step = Math.sqrt(1 / a + 1 / b);
  let lo = mode - 9 * step;
  while (at(lo) > -LOG_DENSITY_DROP) lo -= 4 * step;
  let hi = mode + 9 * step;
  while (at(hi) > -LOG_DENSITY_DROP) hi += 4 * step;
  return { lo, hi, c0: peak, c1: a, c2: b, logDensity };
}

/** Panel boundaries: every panel is at most 1/8 of the range of each posterior it overlaps. */
function panelBreaks(supports: readonly Support[]): number[] {
  const lo = Math.min(...supports.map((s) => s.lo));
  const hi = Math.max(...supports.map((s) => s.hi));
  const breaks = [lo];
  let x = lo;
  while (x < hi) {
    let width = Number.POSITIVE_INFINITY;
    for (let changed = true; changed; ) {
      changed = false;
      for (const s of supports) {
        const h = (s.hi - s.lo) / PANELS_PER_RANGE;
        if (h < width && s.lo < x + Math.min(width, hi - x) && s.hi > x) {
          width = h;
          changed = true;
        }
      }
    }
    let end = Number.isFinite(width) ? x + width : Math.min(...supports.filter((s) => s.lo > x).map((s) => s.lo));
    if (!(end > x) || end > hi || hi - end < 1e-9 * (hi - lo)) end = hi;
    breaks.push(end);
    x = end;
  }
  return breaks;
}

/** Nodes, weights, the x value of each node, and normalized density and CDF per posterior. */
export interface PosteriorGrid {
  readonly k: number;
  readonly size: number;
  readonly supports: readonly Support[];
  readonly kind: Posterior['kind'];
  /** Grid variable at each node (u for beta, x for normal). */
  readonly us: Float64Array;
  /** The mean's value x at each node. */
  readonly xs: Float64Array;
  readonly ws: Float64Array;
  /** k × size, row-major: density in the grid variable, normalized to integrate to 1. */
  readonly density: Float64Array;
  /** k × size: CDF at each node. */
  readonly cdf: Float64Array;
  /** Normalizing constant of each density (its integral before normalization). */
  readonly totals: Float64Array;
}

/** Builds the grid for posteriors of one kind (all Beta or all normal). */
export function buildGrid(posteriors: readonly Posterior[]): PosteriorGrid {
  const k = posteriors.length;
  const kind = posteriors[0]?.kind ?? 'normal';
  const supports = posteriors.map(support);
  const breaks = panelBreaks(supports);
  const g = RULE.n;
  const panels = breaks.length - 1;
  const size = panels * g;
  const us = new Float64Array(size);
  const xs = new Float64Array(size);
  const ws = new Float64Array(size);
  const logX = new Float64Array(size);
  const logY = new Float64Array(size);
  for (let panel = 0; panel < panels; panel += 1) {
    const start = breaks[panel] ?? 0;
    const half = 0.5 * ((breaks[panel + 1] ?? 0) - start);
    for (let m = 0; m < g; m += 1) {
      const i = panel * g + m;
      const u = start + half * (1 + (RULE.nodes[m] ?? 0));
      us[i] = u;
      ws[i] = half * (RULE.weights[m] ?? 0);
      if (kind === 'beta') {
        // x = 1/(1 + e^(−u)), ln x = −ln(1 + e^(−u)), ln(1 − x) = ln x − u.
        const e = Math.exp(-u);
        const lx = -Math.log1p(e);
        logX[i] = lx;
        logY[i] = lx - u;
        xs[i] = 1 / (1 + e);
      } else {
        xs[i] = u;
      }
    }
  }
  const density = new Float64Array(k * size);
  const cdf = new Float64Array(k * size);
  const totals = new Float64Array(k);
  const matrix = RULE.cumulative;
  for (let j = 0; j < k; j += 1) {
    const s = supports[j];
    if (s === undefined) continue;
    const row = j * size;
    let base = 0;
    for (let panel = 0; panel < panels; panel += 1) {
      const offset = row + panel * g;
      // A panel wholly outside this posterior's range carries the CDF unchanged (density ~0).
      if ((breaks[panel + 1] ?? 0) <= s.lo || (breaks[panel] ?? 0) >= s.hi) {
        cdf.fill(base, offset, offset + g);
        continue;
      }
      const { c0, c1, c2 } = s;
      for (let m = 0; m < g; m += 1) {
        const i = panel * g + m;
        const z = kind === 'beta' ? c1 * (logX[i] ?? 0) + c2 * (logY[i] ?? 0) - c0 : -0.5 * (((us[i] ?? 0) - c1) * c2) ** 2;
        density[offset + m] = Math.exp(z);
      }
      // F(node r) = F(panel start) + (h/2)·Σ_m S[r][m]·f(node m).
      const half = 0.5 * ((breaks[panel + 1] ?? 0) - (breaks[panel] ?? 0));
      let mass = 0;
      for (let r = 0; r < g; r += 1) {
        let acc = 0;
        for (let m = 0; m < g; m += 1) acc += (matrix[r * g + m] ?? 0) * (density[offset + m] ?? 0);
        cdf[offset + r] = base + half * acc;
        mass += (RULE.weights[r] ?? 0) * (density[offset + r] ?? 0);
      }
      base += half * mass;
    }
    totals[j] = base;
    const inv = 1 / base;
    for (let i = row; i < row + size; i += 1) {
      density[i] = (density[i] ?? 0) * inv;
      cdf[i] = (cdf[i] ?? 0) * inv;
    }
  }
  return { k, size, supports, kind, us, xs, ws, density, cdf, totals };
}

/**
 * Approximate p-quantile of posterior j in the grid variable: the root of the cubic Hermite
 * interpolant of F through the two nodes that bracket p (F and F' = f known there). Accurate
 * to ~1e-7 relative; callers polish it with one step of an exact method.
 */
export function gridQuantileGuess(grid: PosteriorGrid, j: number, p: number): number {
  const s = grid.supports[j];
  if (s === undefined) return Number.NaN;
  const row = j * grid.size;
  let lo = -1; // last node with F ≤ p (−1: before the first node)
  let hi = grid.size;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((grid.cdf[row + mid] ?? 1) <= p) lo = mid;
    else hi = mid;
  }
  const u0 = lo < 0 ? s.lo : (grid.us[lo] ?? s.lo);
  const u1 = hi < grid.size ? (grid.us[hi] ?? s.hi) : s.hi;
  const f0 = lo < 0 ? 0 : (grid.cdf[row + lo] ?? 0);
  const f1 = hi < grid.size ? (grid.cdf[row + hi] ?? 1) : 1;
  const h = u1 - u0;
  if (!(h > 0) || !(f1 > f0)) return u0;
  const d0 = (lo < 0 ? 0 : (grid.density[row + lo] ?? 0)) * h;
  const d1 = (hi < grid.size ? (grid.density[row + hi] ?? 0) : 0) * h;
  // Hermite basis on t in [0, 1]; Newton on H(t) = p from the linear guess, kept in [0, 1].
  let t = (p - f0) / (f1 - f0);
  for (let i = 0; i < 8; i += 1) {
    const t2 = t * t;
    const t3 = t2 * t;
    const value = (2 * t3 - 3 * t2 + 1) * f0 + (t3 - 2 * t2 + t) * d0 + (-2 * t3 + 3 * t2) * f1 + (t3 - t2) * d1;
    const slope = (6 * t2 - 6 * t) * f0 + (3 * t2 - 4 * t + 1) * d0 + (-6 * t2 + 6 * t) * f1 + (3 * t2 - 2 * t) * d1;
    if (!(slope > 0)) break;
    const next = Math.min(1, Math.max(0, t - (value - p) / slope));
    if (Math.abs(next - t) < 1e-12) {
      t = next;
      break;
    }
    t = next;
  }
  return u0 + t * h;
}
