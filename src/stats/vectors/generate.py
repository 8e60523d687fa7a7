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


if __name__ == "__main__":
    write("distributions.json", "Distribution functions against mpmath (40 digits), cross-checked with scipy.stats", distribution_cases())
