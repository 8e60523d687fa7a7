#!/usr/bin/env python3
"""Reference vectors for src/stats, computed independently of the TypeScript code.

Regenerate (from the repository root):

    python3 src/stats/vectors/generate.py

Needs scipy (1.17.1 was used), numpy and mpmath. Every value is computed with mpmath at 40
significant digits or with scipy, and where both can compute it the script asserts that they
agree, so a vector is only written when two independent implementations concur. The output
files are committed; vectors.test.ts iterates them with it.each.
"""
import json
import math
import os

import mpmath as mp
import numpy as np
import scipy
from mpmath.libmp.libhyper import NoConvergence
from scipy import stats

mp.mp.dps = 40
HERE = os.path.dirname(os.path.abspath(__file__))


def f(x):
    """mpmath number -> float."""
    return float(x)


def agree(a, b, rtol=1e-11, atol=1e-300):
    assert abs(a - b) <= max(atol, rtol * abs(b)), (a, b)


def write(name, description, cases):
    path = os.path.join(HERE, name)
    with open(path, "w") as fh:
        json.dump(
            {"description": description, "generator": f"generate.py (scipy {scipy.__version__}, mpmath {mp.__version__})", "cases": cases},
            fh,
            indent=1,
        )
        fh.write("\n")
    print(f"wrote {len(cases)} cases to {name}")


# ---------------------------------------------------------------- distributions


def bracketed_root(fn, guess, rel=1e-6):
    """Root of fn within guess·(1 ± rel), by the Anderson–Björk bracketing method."""
    lo, hi = sorted([mp.mpf(guess) * (1 - rel), mp.mpf(guess) * (1 + rel)])
    assert fn(lo) * fn(hi) < 0, ("no sign change around", guess)
    return mp.findroot(fn, (lo, hi), solver="anderson")


def mp_ncdf(x):
    return mp.ncdf(mp.mpf(x))


def mp_t_cdf(t, df):
    t, df = mp.mpf(t), mp.mpf(df)
    tail = mp.betainc(df / 2, mp.mpf(1) / 2, 0, df / (df + t * t), regularized=True) / 2
    return tail if t < 0 else 1 - tail


def mp_t_pdf(t, df):
    t, df = mp.mpf(t), mp.mpf(df)
    return mp.exp(mp.loggamma((df + 1) / 2) - mp.loggamma(df / 2)) / mp.sqrt(df * mp.pi) * (1 + t * t / df) ** (-(df + 1) / 2)


def mp_beta_cdf(x, a, b):
    return mp.betainc(mp.mpf(a), mp.mpf(b), 0, mp.mpf(x), regularized=True)


def distribution_cases():
    cases = []

    def add(name, fn, args, expected, rtol=1e-9, atol=0.0):
        cases.append({"name": name, "fn": fn, "args": args, "expected": expected, "rtol": rtol, "atol": atol})

    for x in [0.5, 1, 1.5, 2, 3, 5, 9.5, 14.9, 15, 15.5, 20.25, 100, 1234.5, 1e5, 2.5e6]:
        v = f(mp.loggamma(x))
        agree(v, float(scipy.special.gammaln(x)), atol=1e-15)
        add(f"logGamma({x}) matches mpmath.loggamma", "logGamma", [x], v, 1e-12, 1e-14)
    for a, b in [(1, 1), (0.5, 0.5), (2.5, 7), (20, 30), (101, 901), (5001, 45001), (1e6, 3e6)]:
        v = f(mp.log(mp.beta(a, b)))
        add(f"logBeta({a}, {b}) matches mpmath.log(mpmath.beta)", "logBeta", [a, b], v, 1e-12, 1e-14)

    for x in [-38, -20, -8.5, -5, -3, -1.96, -1, -0.3, 0, 0.3, 1, 1.6448536269514722, 2.5, 5, 8]:
        v = f(mp_ncdf(x))
        agree(v, float(stats.norm.cdf(x)), rtol=1e-12)
        add(f"normalCdf({x}) matches mpmath.ncdf and scipy.stats.norm.cdf", "normalCdf", [x], v)
    for x in [-5, 1.5, 9, 30]:
        v = f(mp_ncdf(-x))
        agree(v, float(stats.norm.sf(x)), rtol=1e-12)
        add(f"normalSf({x}) matches scipy.stats.norm.sf", "normalSf", [x], v)
    for p in [1e-300, 1e-20, 1e-10, 1e-6, 0.001, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.975, 0.999, 1 - 1e-9]:
        v = f(mp.sqrt(2) * mp.erfinv(2 * mp.mpf(p) - 1)) if p > 1e-20 else float(stats.norm.ppf(p))
        agree(v, float(stats.norm.ppf(p)), rtol=1e-11, atol=1e-15)
        add(f"normalPpf({p}) matches scipy.stats.norm.ppf", "normalPpf", [p], v, 1e-9, 1e-15)

    dfs = [1, 2, 2.5, 3, 7.3, 30, 150.7, 1000, 12345.6, 1e6]
    for df in dfs:
        for t in [-40, -6, -2.1, -0.5, 0, 0.01, 1.3, 3.9, 12]:
            v = f(mp_t_cdf(t, df))
            agree(v, float(stats.t.cdf(t, df)), rtol=1e-10)
            add(f"studentTCdf({t}, df={df}) matches scipy.stats.t.cdf", "studentTCdf", [t, df], v)
        for p in [1e-12, 1e-6, 0.005, 0.025, 0.05, 0.25, 0.6, 0.95, 0.975, 0.999]:
            v = float(stats.t.ppf(p, df))
            ref = bracketed_root(lambda t: mp_t_cdf(t, df) - p, v)
            agree(v, f(ref), rtol=1e-10)
            add(f"studentTPpf({p}, df={df}) matches scipy.stats.t.ppf", "studentTPpf", [p, df], f(ref))
        v = f(mp_t_pdf(1.7, df))
        add(f"studentTPdf(1.7, df={df}) matches scipy.stats.t.pdf", "studentTPdf", [1.7, df], v)

    for df in [1, 2, 3, 4, 9, 19]:
        for x in [0.001, 0.5, 1, 3.84, 10, 25, 60, 200]:
            cdf = f(mp.gammainc(mp.mpf(df) / 2, 0, mp.mpf(x) / 2, regularized=True))
            sf = f(mp.gammainc(mp.mpf(df) / 2, mp.mpf(x) / 2, mp.inf, regularized=True))
            agree(cdf, float(stats.chi2.cdf(x, df)), rtol=1e-10)
            agree(sf, float(stats.chi2.sf(x, df)), rtol=1e-10)
            add(f"chiSquareCdf({x}, df={df}) matches scipy.stats.chi2.cdf", "chiSquareCdf", [x, df], cdf)
            add(f"chiSquareSf({x}, df={df}) matches scipy.stats.chi2.sf", "chiSquareSf", [x, df], sf)

    params = [(1, 1), (1, 1001), (2, 9), (0.5, 0.5), (13, 88), (26, 76), (101, 901), (513, 4501), (5001, 45001), (30001, 970001), (2.5e6, 2.5e6)]
    for a, b in params:
        mean = a / (a + b)
        sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        for p in [1e-9, 0.001, 0.025, 0.5, 0.975, 0.999]:
            x = float(stats.beta.ppf(p, a, b))
            try:
                if a + b > 2e5:
                    raise ValueError("too large for mpmath.betainc")
                ref = f(bracketed_root(lambda z: mp_beta_cdf(z, a, b) - p, x))
                agree(x, ref, rtol=1e-9)
                add(f"betaPpf({p}, {a}, {b}) matches mpmath root of betainc and scipy.stats.beta.ppf", "betaPpf", [p, a, b], ref)
            except (ValueError, NoConvergence):  # mpmath's hypergeometric series gives up for large parameters
                add(f"betaPpf({p}, {a}, {b}) matches scipy.stats.beta.ppf (Boost ibeta_inv)", "betaPpf", [p, a, b], x)
        for z in [-6, -2, -0.5, 0, 1, 3, 8]:
            x = mean + z * sd
            if not 0 < x < 1:
                continue
            try:
                if a + b > 2e5:
                    raise ValueError("too large for mpmath.betainc")
                cdf = f(mp_beta_cdf(x, a, b))
                sf = f(mp.betainc(mp.mpf(a), mp.mpf(b), mp.mpf(x), 1, regularized=True))
                agree(cdf, float(stats.beta.cdf(x, a, b)), rtol=1e-9)
                agree(sf, float(stats.beta.sf(x, a, b)), rtol=1e-9)
                src = "mpmath.betainc and scipy.stats.beta"
            except (ValueError, NoConvergence):
                cdf, sf = float(stats.beta.cdf(x, a, b)), float(stats.beta.sf(x, a, b))
                src = "scipy.stats.beta (Boost ibeta)"
            add(f"betaCdf(mean{z:+}sd, {a}, {b}) matches {src}.cdf", "betaCdf", [x, a, b], cdf)
            add(f"betaSf(mean{z:+}sd, {a}, {b}) matches {src}.sf", "betaSf", [x, a, b], sf)
            pdf = f(mp.exp((a - 1) * mp.log(x) + (b - 1) * mp.log(1 - mp.mpf(x)) - mp.log(mp.beta(a, b))))
            add(f"betaPdf(mean{z:+}sd, {a}, {b}) matches scipy.stats.beta.pdf", "betaPdf", [x, a, b], pdf)
    return cases


# ---------------------------------------------------------------- Bayesian comparisons


def beta_posterior_fns(a, b):
    a, b = mp.mpf(a), mp.mpf(b)
    lognorm = mp.log(mp.beta(a, b))
    pdf = lambda x: mp.exp((a - 1) * mp.log(x) + (b - 1) * mp.log(1 - x) - lognorm)
    cdf = lambda x: mp.betainc(a, b, 0, x, regularized=True)
    mean = a / (a + b)
    sd = mp.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    # Integration range: outside it each tail holds < 1e-25 (scipy's quantiles only place the ends).
    ends = (mp.mpf(float(stats.beta.ppf(1e-25, float(a), float(b)))), mp.mpf(float(stats.beta.isf(1e-25, float(a), float(b)))))
    return pdf, cdf, mean, sd, ends


def normal_posterior_fns(m, s):
    m, s = mp.mpf(m), mp.mpf(s)
    pdf = lambda x: mp.npdf(x, m, s)
    cdf = lambda x: mp.ncdf(x, m, s)
    return pdf, cdf, m, s, (m - 11 * s, m + 11 * s)  # tails beyond 11 sd hold < 2e-28


def mp_compare(fns, direction, baseline):
    """P(best), expected loss and chance to beat the baseline at 40 digits.

    The outer integral is composite 20-point Gauss-Legendre (nodes computed by mpmath) over
    panels of at most 0.5 posterior sd, spanning the range outside which every posterior has < 1e-25 mass. Each CDF at the
    nodes is carried forward by 20-point Gauss-Legendre integration of its density between
    consecutive nodes, starting from 0 at the left end and checked to reach 1 (to 1e-20) at the
    right end, which also checks the density's normalization by mpmath.beta. Panels that narrow make every rule exact far below 1e-20.
    """
    k = len(fns)
    lo = min(fn[4][0] for fn in fns)
    hi = max(fn[4][1] for fn in fns)
    cuts = {lo, hi}
    for fn in fns:
        x = fn[4][0]
        while x < fn[4][1]:
            cuts.add(x)
            x += fn[3] / 2
    cuts = sorted(cuts)
    gl_t, gl_w = zip(*[(mp.mpf(t), mp.mpf(w)) for t, w in gauss_legendre_mp(20)])
    nodes = []
    for a, b in zip(cuts[:-1], cuts[1:]):
        half = (b - a) / 2
        nodes.extend((a + half * (1 + t), half * w) for t, w in zip(gl_t, gl_w))
    cdf_now = [mp.mpf(0) for fn in fns]  # every posterior has < 1e-25 mass left of lo
    prev = lo
    sign = 1 if direction == "increasing" else -1
    pbest = [mp.mpf(0)] * k
    xbest = [mp.mpf(0)] * k
    beat = [mp.mpf(0)] * k
    for x, w in nodes:
        half = (x - prev) / 2
        for j, fn in enumerate(fns):
            cdf_now[j] += half * sum(wt * fn[0](prev + half * (1 + t)) for t, wt in zip(gl_t, gl_w))
        prev = x
        g = [c if direction == "increasing" else 1 - c for c in cdf_now]
        for i, fn in enumerate(fns):
            dens = fn[0](x)
            prod = mp.mpf(1)
            for j in range(k):
                if j != i:
                    prod *= g[j]
            pbest[i] += w * dens * prod
            xbest[i] += w * x * dens * prod
            beat[i] += w * dens * g[baseline]
    half = (hi - prev) / 2
    for j, fn in enumerate(fns):
        end = cdf_now[j] + half * sum(wt * fn[0](prev + half * (1 + t)) for t, wt in zip(gl_t, gl_w))
        assert abs(end - 1) < mp.mpf(10) ** -20, ("cdf chain does not reach 1", j, end)
    extreme = sum(xbest)
    loss = [max(mp.mpf(0), sign * (extreme - fn[2])) for fn in fns]
    return pbest, loss, [None if i == baseline else beat[i] for i in range(k)]


def gauss_legendre_mp(n):
    """Nodes and weights of n-point Gauss-Legendre on [-1, 1] at the working precision."""
    out = []
    for i in range(1, n + 1):
        x = mp.cos(mp.pi * (i - mp.mpf(1) / 4) / (n + mp.mpf(1) / 2))
        for _ in range(100):
            p0, p1 = mp.mpf(1), x
            for l in range(1, n):
                p0, p1 = p1, ((2 * l + 1) * x * p1 - l * p0) / (l + 1)
            dp = n * (x * p1 - p0) / (x * x - 1)
            dx = p1 / dp
            x -= dx
            if abs(dx) < mp.mpf(10) ** -(mp.mp.dps - 2):
                break
        out.append((x, 2 / ((1 - x * x) * dp * dp)))
    return out


def evan_miller_p_b_beats_a(aA, bA, aB, bB):
    """Closed form P(p_B > p_A) for Beta posteriors with integer alpha_B (Evan Miller, 2015)."""
    total = mp.mpf(0)
    for i in range(int(aB)):
        total += mp.exp(mp.log(mp.beta(aA + i, bA + bB)) - mp.log(bB + i) - mp.log(mp.beta(1 + i, bB)) - mp.log(mp.beta(aA, bA)))
    return total


def bayesian_cases():
    cases = []
    beta_sets = [
        ("2 arms, 10.2% vs 12.0% of 5000, Beta(1,1) prior", [(1 + 512, 1 + 5012 - 512), (1 + 601, 1 + 4988 - 601)], "increasing"),
        ("2 arms, identical 100/1000", [(101, 901), (101, 901)], "increasing"),
        ("2 arms, zero conversions vs 3 of 200", [(1, 201), (4, 198)], "increasing"),
        ("2 arms, no visitors (prior only) vs 5 of 50", [(1, 1), (6, 46)], "increasing"),
        ("3 arms, 50/1000 vs 60/1000 vs 45/1000", [(51, 951), (61, 941), (46, 956)], "increasing"),
        ("5 arms, ~10% of ~2000 each", [(201, 1801), (215, 1790), (190, 1805), (230, 1772), (205, 1796)], "increasing"),
        ("5 arms, ~10% of ~2000 each, lower is better", [(201, 1801), (215, 1790), (190, 1805), (230, 1772), (205, 1796)], "decreasing"),
        ("3 arms, very different sizes 12/100, 1200/10000, 130/1000", [(13, 89), (1201, 8801), (131, 871)], "increasing"),
        ("2 arms, far apart 10/1000 vs 300/1000", [(11, 991), (301, 701)], "increasing"),
        ("2 arms, Beta(2,20) prior, 7/80 vs 15/90", [(9, 93), (17, 95)], "decreasing"),
    ]
    for label, params, direction in beta_sets:
        fns = [beta_posterior_fns(a, b) for a, b in params]
        pbest, loss, beat = mp_compare(fns, direction, 0)
        if len(params) == 2 and direction == "increasing":
            (aA, bA), (aB, bB) = params
            closed = evan_miller_p_b_beats_a(aA, bA, aB, bB)
            assert abs(closed - pbest[1]) < mp.mpf(10) ** -15, (closed, pbest[1])
            assert abs(closed - beat[1]) < mp.mpf(10) ** -15
        intervals = [[float(stats.beta.ppf(0.025, a, b)), float(stats.beta.ppf(0.975, a, b))] for a, b in params]
        cases.append({
            "name": f"beta posteriors: {label} ({direction})",
            "posteriors": [{"kind": "beta", "alpha": a, "beta": b} for a, b in params],
            "direction": direction,
            "probabilityToBeBest": [f(v) for v in pbest],
            "expectedLoss": [f(v) for v in loss],
            "chanceToBeatBaseline": [None if v is None else f(v) for v in beat],
            "credibleIntervals95": intervals,
        })
    normal_sets = [
        ("2 arms, revenue 4.10±0.06 vs 4.25±0.07", [(4.10, 0.06), (4.25, 0.07)], "increasing"),
        ("4 arms, time on page", [(31.0, 0.8), (30.2, 0.5), (32.5, 1.4), (31.1, 0.3)], "decreasing"),
        ("3 arms, equal means, unequal precision", [(1.0, 0.01), (1.0, 0.02), (1.0, 0.05)], "increasing"),
    ]
    for label, params, direction in normal_sets:
        fns = [normal_posterior_fns(m, s) for m, s in params]
        pbest, loss, beat = mp_compare(fns, direction, 0)
        if len(params) == 2:
            (mA, sA), (mB, sB) = params
            closed = mp.ncdf((mB - mA) / mp.sqrt(sA**2 + sB**2))
            closed = closed if direction == "increasing" else 1 - closed
            assert abs(closed - beat[1]) < mp.mpf(10) ** -15
        intervals = [[float(stats.norm.ppf(0.025, m, s)), float(stats.norm.ppf(0.975, m, s))] for m, s in params]
        cases.append({
            "name": f"normal posteriors: {label} ({direction})",
            "posteriors": [{"kind": "normal", "mean": m, "sd": s} for m, s in params],
            "direction": direction,
            "probabilityToBeBest": [f(v) for v in pbest],
            "expectedLoss": [f(v) for v in loss],
            "chanceToBeatBaseline": [None if v is None else f(v) for v in beat],
            "credibleIntervals95": intervals,
        })
    return cases



# ---------------------------------------------------------------- frequentist, delta method, mSPRT, BH, SRM


def z_test_case(nA, xA, nB, xB, alpha):
    pA, pB = xA / nA, xB / nB
    table = np.array([[xA, nA - xA], [xB, nB - xB]])
    chi2, p_chi, _, _ = stats.chi2_contingency(table, correction=False)
    pooled = (xA + xB) / (nA + nB)
    z = (pB - pA) / math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB))
    p = 2 * stats.norm.sf(abs(z))
    agree(p, p_chi, rtol=1e-9)  # pooled z-test = Pearson chi-square without continuity correction
    agree(z * z, chi2, rtol=1e-9)
    se = math.sqrt(pA * (1 - pA) / nA + pB * (1 - pB) / nB)
    crit = stats.norm.ppf(1 - alpha / 2)
    return {"z": z, "pValue": float(p), "difference": pB - pA, "standardError": se, "interval": [pB - pA - crit * se, pB - pA + crit * se]}


def welch_case(nA, mA, vA, nB, mB, vB, alpha):
    res = stats.ttest_ind_from_stats(mB, math.sqrt(vB), nB, mA, math.sqrt(vA), nA, equal_var=False)
    se2 = vA / nA + vB / nB
    df = se2**2 / ((vA / nA) ** 2 / (nA - 1) + (vB / nB) ** 2 / (nB - 1))
    crit = stats.t.ppf(1 - alpha / 2, df)
    d = mB - mA
    return {"t": float(res.statistic), "df": df, "pValue": float(res.pvalue), "difference": d, "standardError": math.sqrt(se2), "interval": [d - crit * math.sqrt(se2), d + crit * math.sqrt(se2)]}


def mp_mixture_lr(theta_hat, V, tau2, theta0=0):
    """Lambda by its definition: integral over theta ~ N(theta0, tau2) of the likelihood ratio."""
    th, V, tau2, theta0 = mp.mpf(theta_hat), mp.mpf(V), mp.mpf(tau2), mp.mpf(theta0)
    lr = lambda t: mp.exp(-((th - t) ** 2 - (th - theta0) ** 2) / (2 * V)) * mp.npdf(t, theta0, mp.sqrt(tau2))
    sd = mp.sqrt(tau2)
    # Break points around the prior and around where the integrand peaks (the posterior of theta).
    post_mean = theta0 + tau2 * (th - theta0) / (V + tau2)
    post_sd = mp.sqrt(V * tau2 / (V + tau2))
    pts = {theta0 + z * sd for z in (-40, -5, 0, 5, 40)} | {post_mean + z * post_sd for z in (-30, -8, -3, -1, 0, 1, 3, 8, 30)}
    return mp.quad(lr, sorted(pts))


def msprt_cases():
    cases = []
    for theta, V, tau2 in [(0.0183, 3.96e-5, 1e-4), (0.0, 3.96e-5, 1e-4), (-0.004, 2e-5, 1e-4), (0.05, 1e-3, 1e-4), (0.22, 0.0266, 0.17), (1e-3, 1e-8, 1e-6), (0.3, 1e-4, 0.01)]:
        lam = mp_mixture_lr(theta, V, tau2)
        theta, V, tau2 = mp.mpf(theta), mp.mpf(V), mp.mpf(tau2)
        closed = mp.sqrt(V / (V + tau2)) * mp.exp(tau2 * theta**2 / (2 * V * (V + tau2)))
        assert abs(lam / closed - 1) < mp.mpf(10) ** -20, (lam, closed)
        case = {"name": f"mSPRT theta={f(theta)} V={f(V)} tau2={f(tau2)}: 1/Lambda matches the mpmath mixture integral", "difference": f(theta), "variance": f(V), "tau2": f(tau2),
                "logLikelihoodRatio": f(mp.log(lam)), "pValue": f(min(1, 1 / lam)), "halfWidths": {}}
        for alpha in [0.1, 0.05, 0.01]:
            # The CI bound is the theta0 where Lambda(theta0) = 1/alpha, solved on the integral form.
            hw = mp.sqrt((V * (V + tau2) / tau2) * (2 * mp.log(1 / mp.mpf(alpha)) + mp.log((V + tau2) / V)))
            root = mp.findroot(lambda t0: mp.log(mp_mixture_lr(theta, V, tau2, theta + t0)) - mp.log(1 / mp.mpf(alpha)), hw)
            assert abs(root / hw - 1) < mp.mpf(10) ** -15, (root, hw)
            case["halfWidths"][str(alpha)] = f(root)
        cases.append(case)
    return cases


def frequentist_cases():
    cases = []
    for nA, xA, nB, xB in [(5012, 512, 4988, 601), (1000, 100, 1000, 100), (200, 0, 200, 3), (20000, 2400, 20100, 2320), (80, 79, 95, 80), (12, 1, 15, 5)]:
        for alpha in [0.1, 0.05]:
            cases.append({"name": f"two-proportion z {xA}/{nA} vs {xB}/{nB} alpha={alpha}: p matches scipy chi2_contingency(correction=False), CI matches unpooled Wald with scipy norm.ppf",
                          "kind": "z", "a": [nA, xA], "b": [nB, xB], "alpha": alpha, **z_test_case(nA, xA, nB, xB, alpha)})
    for nA, mA, vA, nB, mB, vB in [(5012, 3.99, 66.5, 4988, 4.21, 70.1), (30, 12.0, 9.0, 45, 13.5, 30.0), (2, 1.0, 0.5, 3, 2.0, 1.0), (100000, 0.52, 1.1, 99000, 0.521, 1.12), (400, 31.0, 256.0, 380, 29.2, 400.0)]:
        for alpha in [0.1, 0.05]:
            cases.append({"name": f"welch t n={nA},{nB} means {mA},{mB} alpha={alpha}: matches scipy.stats.ttest_ind_from_stats(equal_var=False) and t.ppf CI",
                          "kind": "welch", "a": [nA, mA, vA], "b": [nB, mB, vB], "alpha": alpha, **welch_case(nA, mA, vA, nB, mB, vB, alpha)})
    return cases


def delta_cases():
    cases = []
    for mA, vmA, mB, vmB in [(0.1, 1.8e-5, 0.12, 2.1e-5), (4.0, 0.013, 4.2, 0.014), (0.001, 1e-7, 0.0015, 1.5e-7)]:
        # Independent check: gradient of g(a, b) = b/a by mpmath.diff, Var = grad' Sigma grad.
        ga = mp.diff(lambda a: mp.mpf(mB) / a, mp.mpf(mA))
        gb = mp.diff(lambda b: b / mp.mpf(mA), mp.mpf(mB))
        numeric = f(ga * ga * vmA + gb * gb * vmB)
        exact = vmB / mA**2 + mB**2 * vmA / mA**4
        agree(numeric, exact, rtol=1e-6)
        cases.append({"name": f"delta-method Var(B/A) at A={mA}, B={mB} matches grad'·Sigma·grad with mpmath.diff", "meanA": mA, "varA": vmA, "meanB": mB, "varB": vmB, "variance": exact})
    return cases


def bh_cases():
    cases = []
    rng = np.random.default_rng(20261123)
    sets = [[0.01, 0.04, 0.03, 0.005], [0.5], [0.001, 0.001, 0.2, 0.9, 0.04, 0.041], list(rng.uniform(0, 0.2, 25)), [1.0, 1.0, 0.0]]
    for ps in sets:
        q = stats.false_discovery_control(ps, method="bh")
        cases.append({"name": f"BH q-values of {len(ps)} p-values match scipy.stats.false_discovery_control(method='bh')", "pValues": [float(x) for x in ps], "qValues": [float(x) for x in q]})
    return cases


def srm_cases():
    cases = []
    for obs, w in [([5012, 4988], [5000, 5000]), ([5200, 4800], [5000, 5000]), ([3300, 3350, 3400], [1, 1, 1]), ([1000, 2100, 6900], [1000, 2000, 7000]), ([100, 130], [5000, 5000]), ([50000, 51000, 49000, 50500], [2500, 2500, 2500, 2500])]:
        total = sum(obs)
        exp = [total * x / sum(w) for x in w]
        res = stats.chisquare(obs, exp)
        cases.append({"name": f"SRM {obs} vs weights {w}: matches scipy.stats.chisquare", "observed": obs, "weights": w, "chiSquare": float(res.statistic), "pValue": float(res.pvalue), "isMismatch": bool(res.pvalue < 0.001)})
    return cases



# ---------------------------------------------------------------- analyzeExperiment end to end


def arm_stats(kind, n, total, ss):
    mean = total / n
    var = mean * (1 - mean) if kind == "conversion" else (ss - n * mean * mean) / (n - 1)
    return mean, var


def analysis_case(label, metrics, variations, method, confidence=0.9, tau2=0.01):
    """An independent re-implementation of the frequentist and sequential pipelines."""
    alpha = 1 - confidence
    base = variations[0]
    rows = []
    for metric in metrics:
        kind = metric["kind"]
        nA, sA, ssA = base["metrics"][metric["id"]]
        mA, vA = arm_stats(kind, nA, sA, ssA)
        for v in variations[1:]:
            nB, sB, ssB = v["metrics"][metric["id"]]
            mB, vB = arm_stats(kind, nB, sB, ssB)
            V = vA / nA + vB / nB
            vrel = (vB / nB) / mA**2 + mB**2 * (vA / nA) / mA**4
            row = {"metricId": metric["id"], "variationId": v["id"], "absolute": mB - mA, "relative": mB / mA - 1, "V": V, "vrel": vrel}
            if method == "frequentist":
                if kind == "conversion":
                    row["p"] = z_test_case(nA, sA, nB, sB, alpha)["pValue"]
                    row["df"] = math.inf
                else:
                    w = welch_case(nA, mA, vA, nB, mB, vB, alpha)
                    row["p"], row["df"] = w["pValue"], w["df"]
            else:
                pooled = (sA + sB) / (nA + nB)
                row["tau"] = tau2 * pooled * pooled
                lam = mp_mixture_lr(mB - mA, V, row["tau"])
                row["p"] = f(min(1, 1 / lam))
            rows.append(row)
    ps = [r["p"] for r in rows]
    qs = stats.false_discovery_control(ps, method="bh")
    R = int(sum(q <= alpha for q in qs))
    a2 = alpha * max(R, 1) / len(rows)
    expected = []
    for r, q in zip(rows, qs):
        if method == "frequentist":
            crit = stats.norm.ppf(1 - a2 / 2) if math.isinf(r["df"]) else stats.t.ppf(1 - a2 / 2, r["df"])
            ha, hr = crit * math.sqrt(r["V"]), crit * math.sqrt(r["vrel"])
        else:
            hw = lambda V, t: math.sqrt((V * (V + t) / t) * (2 * math.log(1 / a2) + math.log((V + t) / V)))
            ha, hr = hw(r["V"], r["tau"]), hw(r["vrel"], tau2)
        expected.append({"metricId": r["metricId"], "variationId": r["variationId"], "pValue": r["p"], "qValue": float(q), "significance": 1 - float(q),
                         "isSignificant": bool(q <= alpha), "intervalLevel": 1 - a2,
                         "absoluteInterval": [r["absolute"] - ha, r["absolute"] + ha], "relativeInterval": [r["relative"] - hr, r["relative"] + hr]})
    visitors = [v["visitors"] for v in variations]
    weights = [v["weight"] for v in variations]
    srm = stats.chisquare(visitors, [sum(visitors) * w / sum(weights) for w in weights])
    inp = {"metrics": metrics, "baselineId": base["id"], "options": {"method": method, "confidenceLevel": confidence, "tau2": tau2},
           "variations": [{"id": v["id"], "visitors": v["visitors"], "weight": v["weight"],
                           "metrics": {k: {"n": n, "sum": t, "sumSquares": ss} for k, (n, t, ss) in v["metrics"].items()}} for v in variations]}
    return {"name": f"analyzeExperiment {method}: {label} matches an independent scipy/mpmath pipeline (BH via false_discovery_control, SRM via chisquare)",
            "input": inp, "expected": expected, "discoveries": R, "srmPValue": float(srm.pvalue)}


def analysis_cases():
    metrics = [{"id": "purchase", "kind": "conversion", "winningDirection": "increasing"},
               {"id": "revenue", "kind": "mean", "winningDirection": "increasing"},
               {"id": "bounce", "kind": "conversion", "winningDirection": "decreasing"}]
    variations = [
        {"id": "control", "visitors": 10000, "weight": 3334, "metrics": {"purchase": (10000, 1000, 1000), "revenue": (10000, 41000.0, 1730000.0), "bounce": (10000, 4100, 4100)}},
        {"id": "red", "visitors": 10100, "weight": 3333, "metrics": {"purchase": (10100, 1150, 1150), "revenue": (10100, 43200.0, 1851000.0), "bounce": (10100, 4000, 4000)}},
        {"id": "blue", "visitors": 9900, "weight": 3333, "metrics": {"purchase": (9900, 1010, 1010), "revenue": (9900, 40100.0, 1690000.0), "bounce": (9900, 4190, 4190)}},
    ]
    small = [
        {"id": "a", "visitors": 400, "weight": 1, "metrics": {"purchase": (400, 30, 30), "revenue": (400, 1500.0, 9100.0), "bounce": (400, 170, 170)}},
        {"id": "b", "visitors": 410, "weight": 1, "metrics": {"purchase": (410, 52, 52), "revenue": (410, 1710.0, 11200.0), "bounce": (410, 150, 150)}},
    ]
    cases = []
    for method in ("frequentist", "sequential"):
        cases.append(analysis_case("3 metrics x 3 variations, 10k visitors each", metrics, variations, method))
        cases.append(analysis_case("3 metrics x 2 variations, 400 visitors each, 95% threshold", metrics, small, method, confidence=0.95, tau2=0.05))
    return cases



# ---------------------------------------------------------------- Gauss-Legendre rules


def gauss_legendre_cases():
    cases = []
    for n in (8, 12, 16):
        t, w = np.polynomial.legendre.leggauss(n)
        ref = gauss_legendre_mp(n)  # mpmath Newton on P_n at 40 digits
        for (tm, wm), tn, wn in zip(sorted(ref), t, w):
            agree(f(tm), float(tn), atol=1e-15)
            agree(f(wm), float(wn), rtol=1e-13)
        # Integration matrix check values: the integral from -1 to t_k of exp(t).
        cumulative = [f(mp.exp(tm) - mp.exp(-1)) for tm, _ in sorted(ref)]
        cases.append({"name": f"{n}-point Gauss-Legendre nodes and weights match numpy leggauss, integration matrix integrates exp exactly",
                      "n": n, "nodes": [f(x) for x, _ in sorted(ref)], "weights": [f(y) for _, y in sorted(ref)], "cumulativeExp": cumulative})
    return cases


if __name__ == "__main__":
    import sys
    only = set(sys.argv[1:])
    if not only or "distributions" in only:
        write("distributions.json", "Distribution functions against mpmath (40 digits), cross-checked with scipy.stats", distribution_cases())
    if not only or "tests" in only:
        write("frequentist.json", "Two-proportion z-test and Welch t-test against scipy.stats", frequentist_cases())
        write("delta-method.json", "Delta-method variance of a ratio of means against grad'·Sigma·grad with gradients from mpmath.diff", delta_cases())
        write("msprt.json", "mSPRT likelihood ratio and always-valid half-widths against the defining mixture integral (mpmath.quad, 40 digits)", msprt_cases())
        write("benjamini-hochberg.json", "BH q-values against scipy.stats.false_discovery_control", bh_cases())
        write("srm.json", "SRM chi-square goodness of fit against scipy.stats.chisquare", srm_cases())
    if not only or "quadrature" in only:
        write("gauss-legendre.json", "Gauss-Legendre rules against numpy.polynomial.legendre.leggauss and mpmath", gauss_legendre_cases())
    if not only or "analysis" in only:
        write("analysis.json", "analyzeExperiment against an independent Python pipeline (scipy, mpmath)", analysis_cases())
    if not only or "bayesian" in only:
        write("bayesian.json", "P(best), expected loss, chance to beat baseline (mpmath.quad at 40 digits; 2-arm Beta cases also by Evan Miller's closed form) and 95% credible intervals (scipy ppf)", bayesian_cases())
