#!/usr/bin/python3
"""regsim report: one self-contained HTML report from regsim run files and sweeps.

Usage (normally through ``regsim report``, which runs this script with /usr/bin/python3)::

    report.py RESULT... -o report.html [--title TITLE] [--baseline RESULT]

A RESULT is a run file written by ``regsim run`` (groups ``region``, ``county``, ... as
[year, entity]), a ``sweep.h5`` written by ``regsim sweep`` (the same groups as [run, year,
entity] and a ``runs`` table), or a sweep's output directory (its ``sweep.h5`` is read).

The report is one HTML file with inline CSS and the charts as inline SVG (text drawn as paths,
so Chinese names show without the reader's fonts); it references nothing outside itself, so it
can be mailed. It is written under a temporary name and renamed when complete. Every chart is a
``<figure id="..." class="chart">`` with a ``<figcaption>``; a chart the inputs cannot support
is replaced by a ``<p class="note">`` that says why.

Charts (ids in brackets; rN is the result's number in the header table):

- plan targets [targets]: the simulated trajectory of each modelled target's entity and variable
  (median and 5-95% range across a result's runs), with the target marked for each year;
- replicate fans [fan-rN]: median, 50% and 90% bands across replicates of key region variables;
- deltas against ``--baseline`` [deltas-last-year, deltas-over-years]: alternative minus
  baseline, with 95% intervals when both have replicates;
- sweep response curves [response-rN]: key region variables in the last year against each factor;
- tornado [tornado-rN]: which factors matter most (Morris elementary effects for grids,
  standardized regression coefficients for Latin hypercube and Sobol designs).

Exit status: 0 success; 2 bad arguments or an input that is not a regsim result; 1 any other
failure (including missing Python packages, named in the message).

The statistics (``quantile_bands``, ``t_quantile``, ``difference_interval``,
``elementary_effects``, ``standardized_regression_coefficients``, ``binned_means``) are plain
numpy functions, tested by tests/python/test_report_stats.py.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import html
import json
import io
import math
import os
import re
import sys
import warnings
from typing import Dict, List, Optional, Sequence, Tuple

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2

#: Region variables of the fan, delta and response charts.
KEY_VARIABLES = ("output_value", "employment", "firms_active", "tax_total", "policy_spending")
#: Region variables of the tornado chart.
TORNADO_VARIABLES = ("output_value", "tax_total", "employment")
#: Columns of /runs that are not factors.
RUN_COLUMNS = ("run", "point", "replicate", "seed", "scenario_sha256")
#: Most alternatives drawn in the delta charts, and points overlaid in a fan chart.
MAX_ALTERNATIVES = 12
MAX_FAN_POINTS = 3


class InputError(Exception):
    """An input that is not a regsim result, or arguments that do not fit together (exit 2)."""


def require_packages() -> None:
    """Imports numpy, h5py and matplotlib, or exits 1 naming the Debian packages to install."""
    missing = []
    for module, package in (("numpy", "python3-numpy"), ("h5py", "python3-h5py"),
                            ("matplotlib", "python3-matplotlib")):
        try:
            __import__(module)
        except ImportError:
            missing.append((module, package))
    if missing:
        names = ", ".join(m for m, _ in missing)
        packages = " ".join(p for _, p in missing)
        sys.stderr.write(
            f"regsim report: error: {sys.executable} lacks the Python package(s) {names}; "
            f"install them (Debian: apt-get install {packages}, or bash tools/setup.sh)\n")
        sys.exit(EXIT_FAILURE)


# numpy is needed by everything below. When it is missing, np is None until main() calls
# require_packages(), which then exits with a message naming the package to install.
try:
    import numpy as np
except ImportError:  # pragma: no cover - reported by require_packages()
    np = None  # type: ignore


# ---------------------------------------------------------------------------------------------
# Statistics (pure numpy)
# ---------------------------------------------------------------------------------------------

#: Two-sided 95% Student t quantiles t_{0.975, df} for df = 1..30.
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
         2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
         2.060, 2.056, 2.052, 2.048, 2.045, 2.042)


def t_quantile(df: float) -> float:
    """t_{0.975, df}: the 95% two-sided Student t quantile (df >= 1, real df interpolated).

    Table for df <= 30 (interpolated linearly in 1/df between whole df), the Cornish-Fisher
    expansion around z = 1.959964 beyond (error < 1e-4).
    """
    if not df >= 1:
        raise ValueError(f"degrees of freedom {df} < 1")
    if df <= 30:
        lo, hi = math.floor(df), math.ceil(df)
        if lo == hi:
            return _T975[lo - 1]
        w = (1 / df - 1 / hi) / (1 / lo - 1 / hi)
        return w * _T975[lo - 1] + (1 - w) * _T975[hi - 1]
    z = 1.959963985
    return (z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2) +
            (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3))


def quantile_bands(values, quantiles=(0.05, 0.25, 0.5, 0.75, 0.95)) -> Dict[float, "np.ndarray"]:
    """Quantiles across runs (axis 0) of values [run, ...], ignoring NaN (numpy's linear
    interpolation between order statistics). Returns {q: array [...]}; all-NaN columns give NaN.
    """
    v = np.asarray(values, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return {q: np.nanquantile(v, q, axis=0) for q in quantiles}


def wilson_interval(attained: int, n: int, z: float = 1.959963984540054):
    """The share attained / n with its Wilson score interval (95% for the default z), as
    `regsim compare` and sweep.h5 give it; (nan, nan, nan) when n is 0."""
    if n <= 0:
        return math.nan, math.nan, math.nan
    p = attained / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return p, max(0.0, centre - half), min(1.0, centre + half)


def plan_attained(rows) -> "np.ndarray":
    """Per run: 1 when every modelled row with a value (attained != -1) is attained and at
    least one has a value, 0 when a row is missed, -1 when no row has a value."""
    att = np.array([r.attained for r in rows])  # [row, run]
    missed = (att == 0).any(axis=0)
    some = (att == 1).any(axis=0)
    return np.where(missed, 0, np.where(some, 1, -1))


@dataclasses.dataclass
class Interval:
    """A difference alternative - baseline with its 95% interval (lo, hi NaN when none)."""
    mean: float
    lo: float
    hi: float
    method: str  # "paired" (by replicate id) or "welch" (unpaired)

    @property
    def has_interval(self) -> bool:
        return not (math.isnan(self.lo) or math.isnan(self.hi))


def difference_interval(alternative, baseline, alt_ids=None, base_ids=None) -> Interval:
    """Mean difference alternative - baseline with a 95% t interval.

    Paired when both replicate id lists are given, each without repeats, and they share ids:
    the differences alt[r] - base[r] over the shared ids r (under common random numbers the
    same id means the same random streams), t interval with n-1 df when n >= 2 pairs.
    Otherwise unpaired: difference of the means, Welch's unequal-variance interval when both
    sides have >= 2 values. No interval (lo = hi = NaN) with fewer values. NaNs are dropped.
    """
    a = np.asarray(alternative, dtype=float)
    b = np.asarray(baseline, dtype=float)
    if alt_ids is not None and base_ids is not None:
        alt_ids, base_ids = [int(r) for r in alt_ids], [int(r) for r in base_ids]
        shared = sorted(set(alt_ids) & set(base_ids))
        if (shared and len(set(alt_ids)) == len(alt_ids)
                and len(set(base_ids)) == len(base_ids)):
            ia, ib = ({r: i for i, r in enumerate(ids)} for ids in (alt_ids, base_ids))
            d = a[[ia[r] for r in shared]] - b[[ib[r] for r in shared]]
            d = d[~np.isnan(d)]
            if len(d) == 0:
                return Interval(math.nan, math.nan, math.nan, "paired")
            m = float(d.mean())
            if len(d) < 2:
                return Interval(m, math.nan, math.nan, "paired")
            half = t_quantile(len(d) - 1) * float(d.std(ddof=1)) / math.sqrt(len(d))
            return Interval(m, m - half, m + half, "paired")
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    if len(a) == 0 or len(b) == 0:
        return Interval(math.nan, math.nan, math.nan, "welch")
    m = float(a.mean() - b.mean())
    if len(a) < 2 or len(b) < 2:
        return Interval(m, math.nan, math.nan, "welch")
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = math.sqrt(va + vb)
    if se == 0:
        return Interval(m, m, m, "welch")
    df = (va + vb)**2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    half = t_quantile(max(df, 1.0)) * se
    return Interval(m, m - half, m + half, "welch")


@dataclasses.dataclass
class Effects:
    """Morris elementary effects of one factor: mean |EE| (mu_star), mean EE (mu), their
    standard deviation (sigma) and the number of one-level moves averaged."""
    mu_star: float
    mu: float
    sigma: float
    moves: int


def elementary_effects(x, y) -> List[Effects]:
    """Morris-style elementary effects on a grid.

    x: [points, factors] factor values of the design points; y: [points] response (e.g. the
    replicate mean). For factor i, every pair of points (a, b) with equal values of all other
    factors and x_i at adjacent levels (b one level above a) is a move; its elementary effect is
    (y_b - y_a) / ((x_b,i - x_a,i) / range_i), the change in y per whole range of factor i. So a
    linear y = sum c_i x_i has EE_i = c_i * range_i exactly. A factor with one level has no
    moves (NaN). Points with NaN response are skipped.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n, k = x.shape
    index = {tuple(row): p for p, row in enumerate(x)}
    out = []
    for i in range(k):
        levels = np.unique(x[:, i])
        span = levels[-1] - levels[0] if len(levels) else 0.0
        nxt = {levels[j]: levels[j + 1] for j in range(len(levels) - 1)}
        effects = []
        for a in range(n):
            if x[a, i] not in nxt:
                continue
            key = list(x[a])
            key[i] = nxt[x[a, i]]
            b = index.get(tuple(key))
            if b is None or math.isnan(y[a]) or math.isnan(y[b]):
                continue
            effects.append((y[b] - y[a]) / ((x[b, i] - x[a, i]) / span))
        e = np.asarray(effects)
        if len(e) == 0:
            out.append(Effects(math.nan, math.nan, math.nan, 0))
        else:
            out.append(Effects(float(np.abs(e).mean()), float(e.mean()),
                               float(e.std(ddof=1)) if len(e) > 1 else 0.0, len(e)))
    return out


def sobol_indices(y, k: int) -> Tuple["np.ndarray", "np.ndarray"]:
    """First-order and total Sobol indices from the point responses of a Saltelli design
    (design "saltelli": blocks of k + 2 points A, AB^1 .. AB^k, B; `regsim sensitivity` uses the
    same estimators): S1_i = mean((f_B - m)(f_ABi - f_A)) / V (Saltelli et al. 2010, centred),
    ST_i = mean((f_A - f_ABi)^2) / (2 V) (Jansen 1999), V the variance of the f_A and f_B."""
    y = np.asarray(y, dtype=float).reshape(-1, k + 2)
    a, b, ab = y[:, 0], y[:, k + 1], y[:, 1:k + 1]
    both = np.concatenate([a, b])
    v = both.var(ddof=1)
    if not v > 0:
        return np.full(k, math.nan), np.full(k, math.nan)
    first = ((b - both.mean())[:, None] * (ab - a[:, None])).mean(axis=0) / v
    total = ((a[:, None] - ab) ** 2).mean(axis=0) / (2 * v)
    return first, total


def trajectory_effects(x, y, k: int) -> List[Effects]:
    """Morris elementary effects of a trajectory design (design "morris": blocks of k + 1 points,
    each step moving one factor): EE = dy / (dx / range), the change per whole range of the
    factor (the ranges over all points); mu*, mu, sigma per factor."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    span = x.max(axis=0) - x.min(axis=0)
    effects = [[] for _ in range(k)]
    for start in range(0, len(y) - k, k + 1):
        for step in range(k):
            d = x[start + step + 1] - x[start + step]
            moved = np.flatnonzero(d)
            if len(moved) != 1 or span[moved[0]] == 0:
                continue
            i = int(moved[0])
            effects[i].append((y[start + step + 1] - y[start + step]) / (d[i] / span[i]))
    out = []
    for e in effects:
        e = np.asarray(e)
        out.append(Effects(math.nan, math.nan, math.nan, 0) if len(e) == 0 else
                   Effects(float(np.abs(e).mean()), float(e.mean()),
                           float(e.std(ddof=1)) if len(e) > 1 else 0.0, len(e)))
    return out


def standardized_regression_coefficients(x, y) -> Tuple["np.ndarray", float]:
    """Standardized regression coefficients of y on the columns of x, and the regression R^2.

    SRC_i = b_i * sd(x_i) / sd(y) from the least-squares fit y ~ 1 + x. For a response close to
    linear (R^2 near 1) with independent factors, SRC_i^2 is factor i's first-order sensitivity
    index (its share of the variance of y). Rows with NaN are dropped; constant columns get 0.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = ~np.isnan(y) & ~np.isnan(x).any(axis=1)
    x, y = x[ok], y[ok]
    sx, sy = x.std(axis=0), y.std()
    if len(y) < 2 or sy == 0:
        return np.zeros(x.shape[1]), math.nan
    use = sx > 0
    z = (x[:, use] - x[:, use].mean(axis=0)) / sx[use]
    a = np.column_stack([np.ones(len(y)), z])
    coef, *_ = np.linalg.lstsq(a, (y - y.mean()) / sy, rcond=None)
    src = np.zeros(x.shape[1])
    src[use] = coef[1:]
    fitted = a @ coef
    resid = (y - y.mean()) / sy - fitted
    r2 = 1.0 - float(resid @ resid) / float(len(y))
    return src, r2


def binned_means(x, y, bins: int) -> Tuple["np.ndarray", "np.ndarray"]:
    """Means of x and y in `bins` bins of equal count along x (quantile edges; bins that would
    be empty are merged). Returns (x means, y means) in increasing x."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = ~np.isnan(x) & ~np.isnan(y)
    x, y = x[ok], y[ok]
    if len(x) == 0:
        return np.array([]), np.array([])
    edges = np.unique(np.quantile(x, np.linspace(0, 1, bins + 1)))
    which = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, max(len(edges) - 2, 0))
    xs, ys = [], []
    for b in np.unique(which):
        xs.append(x[which == b].mean())
        ys.append(y[which == b].mean())
    return np.asarray(xs), np.asarray(ys)


# ---------------------------------------------------------------------------------------------
# Reading results
# ---------------------------------------------------------------------------------------------

def _strings(dataset) -> List[str]:
    return [str(s) for s in dataset.asstr()[()]]


def _attr(attrs, name, default=None):
    if name not in attrs:
        return default
    v = attrs[name]
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if hasattr(v, "item"):
        return v.item()
    return v


@dataclasses.dataclass
class Factor:
    name: str    # dataset name in /runs
    key: str     # the scenario key (@long_name)
    short: str   # a short label for charts
    values: "np.ndarray"  # [run]


@dataclasses.dataclass
class TargetRow:
    id: str
    entity: str
    variable: str
    year: int
    comparator: str
    target: float
    simulated: "np.ndarray"  # [run]
    attained: "np.ndarray"   # [run]


class Result:
    """A run file or a sweep.h5, seen as runs [run] of series [run, year, entity].

    A run file is one run (point 0, its @replicate). Series are read when first asked for.
    """

    def __init__(self, path: str, number: int, role: str):
        import h5py
        self.number = number
        self.role = role
        if os.path.isdir(path):
            path = os.path.join(path, "sweep.h5")
            if not os.path.isfile(path):
                raise InputError(f"{path}: no such file (a sweep that has not finished? rerun "
                                 "regsim sweep to complete it)")
        if not os.path.isfile(path):
            raise InputError(f"{path}: no such file")
        self.path = path
        try:
            f = h5py.File(path, "r")
        except OSError as e:
            raise InputError(f"{path}: not an HDF5 file ({e})") from None
        with f:
            if "region" not in f or "year" not in f["region"]:
                raise InputError(f"{path}: not a regsim run file or sweep.h5 (no /region group)")
            self.attrs = {k: _attr(f.attrs, k) for k in f.attrs}
            self.is_sweep = "runs" in f
            self.years = np.asarray(f["region/year"][()], dtype=int)
            missing = [v for v in KEY_VARIABLES if v not in f["region"]]
            if missing:
                raise InputError(f"{path}: /region lacks {', '.join(missing)} (written by an "
                                 "older regsim? rerun it)")
            if self.is_sweep:
                runs = f["runs"]
                self.point = np.asarray(runs["point"][()], dtype=int)
                self.replicate = np.asarray(runs["replicate"][()], dtype=int)
                self.seed = np.asarray(runs["seed"][()], dtype=np.uint64)
                self.factors = []
                for name in runs:
                    if name in RUN_COLUMNS:
                        continue
                    key = _attr(runs[name].attrs, "long_name", name)
                    self.factors.append(Factor(name, key, key, np.asarray(runs[name][()], float)))
                _shorten(self.factors)
            else:
                self.point = np.zeros(1, dtype=int)
                self.replicate = np.array([int(self.attrs.get("replicate", 0) or 0)])
                self.seed = np.array([int(self.attrs.get("seed", 0) or 0)], dtype=np.uint64)
                self.factors = []
            self.targets = self._read_targets(f)
        if self.is_sweep:
            parent = os.path.basename(os.path.dirname(os.path.abspath(path)))
            self.label = parent or os.path.basename(path)
        else:
            self.label = os.path.splitext(os.path.basename(path))[0]
        self.design = self.attrs.get("design") if self.is_sweep else None
        self._cache: Dict[Tuple[str, str], Tuple["np.ndarray", List[str], str]] = {}

    # -- structure ----------------------------------------------------------------------------
    @property
    def runs(self) -> int:
        return len(self.point)

    @property
    def points(self) -> List[int]:
        return sorted(set(int(p) for p in self.point))

    def runs_of_point(self, point: int) -> "np.ndarray":
        return np.flatnonzero(self.point == point)

    def replicates_per_point(self) -> int:
        return max(len(self.runs_of_point(p)) for p in self.points)

    def point_label(self, point: int) -> str:
        """The factor values of a design point, e.g. "points=0.02, serviced_ha=350"."""
        if not self.factors:
            return self.label
        r = self.runs_of_point(point)[0]
        return ", ".join(f"{f.short}={f.values[r]:.4g}" for f in self.factors)

    def point_factors(self) -> "np.ndarray":
        """[points, factors]: factor values of each design point (in self.points order)."""
        return np.array([[f.values[self.runs_of_point(p)[0]] for f in self.factors]
                         for p in self.points])

    # -- data ---------------------------------------------------------------------------------
    def series(self, level: str, variable: str) -> Tuple["np.ndarray", List[str], str]:
        """(values [run, year, entity], entity names, units) of a variable of a level."""
        key = (level, variable)
        if key not in self._cache:
            import h5py
            with h5py.File(self.path, "r") as f:
                if level not in f:
                    raise InputError(f"{self.path}: no group /{level}")
                g = f[level]
                if variable not in g:
                    raise InputError(f"{self.path}: no variable '{variable}' in /{level}")
                v = np.asarray(g[variable][()], dtype=float)
                if not self.is_sweep:
                    v = v[np.newaxis]
                names = _strings(g[level]) if level in g else []
                units = _attr(g[variable].attrs, "units", "")
            self._cache[key] = (v, names, units)
        return self._cache[key]

    def region(self, variable: str) -> Tuple["np.ndarray", str]:
        """(values [run, year], units) of a region variable."""
        v, _, units = self.series("region", variable)
        return v[:, :, 0], units

    def label_values(self, level: str, label: str) -> Optional[List[str]]:
        """Entity labels (e.g. platform_kind) as stored: datasets next to the series."""
        import h5py
        with h5py.File(self.path, "r") as f:
            g = f.get(level)
            if g is not None and label in g:
                return _strings(g[label])
        return None

    def _read_targets(self, f) -> List[TargetRow]:
        if "targets" not in f or "id" not in f["targets"]:
            return []
        t = f["targets"]
        ids, status = _strings(t["id"]), _strings(t["status"])
        entity, variable = _strings(t["entity"]), _strings(t["variable"])
        comparator = _strings(t["comparator"])
        year = np.asarray(t["year"][()], dtype=int)
        target = np.asarray(t["target"][()], dtype=float)
        sim = np.asarray(t["simulated"][()], dtype=float)
        att = np.asarray(t["attained"][()], dtype=int)
        if sim.ndim == 1:
            sim, att = sim[np.newaxis], att[np.newaxis]
        rows = []
        for i in range(len(ids)):
            if status[i] != "modelled":
                continue
            rows.append(TargetRow(ids[i], entity[i], variable[i], int(year[i]), comparator[i],
                                  float(target[i]), sim[:, i], att[:, i]))
        return rows

    def selector_path(self, selector: str, variable: str) -> "np.ndarray":
        """[run, year] path of a target's entity selector and variable, as
        engine/observe/targets.cpp evaluates it: `region`, `county:X`, `platform:X`, `sector:X`
        (one entity), `platform_kind:K` / `platform_level:L` (sum over the platforms with that
        label); `growth(v)` is level[y] / level[y-1] - 1 (NaN in the first year or after 0).
        """
        m = re.fullmatch(r"growth\((.+)\)", variable)
        base_variable = m.group(1) if m else variable
        kind, _, arg = selector.partition(":")
        if kind == "region":
            level = self.region(base_variable)[0]
        elif kind in ("county", "platform", "sector"):
            v, names, _ = self.series(kind, base_variable)
            if arg not in names:
                raise InputError(f"{self.path}: no {kind} named '{arg}'")
            level = v[:, :, names.index(arg)]
        elif kind in ("platform_kind", "platform_level"):
            v, names, _ = self.series("platform", base_variable)
            labels = self.label_values("platform", kind)
            if labels is None:
                raise InputError(f"{self.path}: platforms have no '{kind}' label")
            mask = np.array([lab == arg for lab in labels], dtype=bool)
            level = v[:, :, mask].sum(axis=2)
        else:
            raise InputError(f"{self.path}: unknown entity selector '{selector}'")
        if not m:
            return level
        out = np.full_like(level, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            prev = level[:, :-1]
            out[:, 1:] = np.where(prev != 0, level[:, 1:] / prev - 1.0, np.nan)
        return out


def _shorten(factors: List[Factor]) -> None:
    """Short chart labels: the last part of each key, or more parts while two coincide."""
    parts = [re.split(r"\.(?![^\[]*\])", f.key) for f in factors]
    for depth in range(1, max((len(p) for p in parts), default=1) + 1):
        shorts = [".".join(p[-depth:]) for p in parts]
        if len(set(shorts)) == len(shorts):
            break
    for f, s in zip(factors, shorts if factors else []):
        f.short = s


# ---------------------------------------------------------------------------------------------
# Report items
# ---------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Chart:
    id: str
    caption: str
    svg: str


@dataclasses.dataclass
class Note:
    id: str
    text: str


@dataclasses.dataclass
class Section:
    title: str
    items: list


def _setup_matplotlib():
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import font_manager
    import matplotlib.pyplot as plt
    available = {f.name for f in font_manager.fontManager.ttflist}
    # Latin text in DejaVu Sans; Chinese entity names fall back to a CJK font when one is
    # installed (fonts-wqy-microhei; matplotlib >= 3.6 falls back glyph by glyph).
    families = ["DejaVu Sans"] + [f for f in ("WenQuanYi Micro Hei", "Noto Sans CJK SC",
                                              "Noto Sans CJK JP", "WenQuanYi Zen Hei",
                                              "AR PL UMing CN") if f in available]
    plt.rcParams.update({
        "font.family": families,
        "font.size": 9,
        "svg.fonttype": "path",       # text as paths: no fonts needed to read the report
        "svg.hashsalt": "regsim-report",  # stable ids (made unique per figure below)
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
    })
    return plt


def _svg(fig, figure_id: str, layout: bool = True) -> str:
    """The figure as an inline <svg> element whose ids are prefixed by the figure id (several
    matplotlib SVGs in one page would otherwise share ids). layout: apply tight_layout first
    (False when the caller has laid the figure out)."""
    import matplotlib.pyplot as plt
    if layout:
        fig.tight_layout()
    buf = io.StringIO()
    fig.savefig(buf, format="svg",
                metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    plt.close(fig)
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    prefix = re.sub(r"[^A-Za-z0-9_-]", "_", figure_id) + "-"
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', text)
    text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", text)
    return text


def _colors(n: int):
    import matplotlib.pyplot as plt
    cmap = plt.get_cmap("tab10" if n <= 10 else "viridis")
    return [cmap(i if n <= 10 else i / max(n - 1, 1)) for i in range(n)]


def _axes_grid(plt, panels: int, cols: int, width=11.0, height=2.6):
    rows = max(1, math.ceil(panels / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(width, height * rows), squeeze=False)
    flat = list(axes.flat)
    for ax in flat[panels:]:
        ax.set_visible(False)
    return fig, flat[:panels]


def _ylabel(variable: str, units: str) -> str:
    return f"{variable} ({units})" if units else variable


_MARKERS = {">=": "^", "<=": "v", "=": "D"}


def _units_of(res: Result, selector: str, variable: str) -> str:
    """Units of a target's variable at its selector's level ("" for growth rates)."""
    if variable.startswith("growth("):
        return ""
    kind = selector.partition(":")[0]
    level = "platform" if kind.startswith("platform") else kind
    try:
        return res.series(level, variable)[2]
    except InputError:
        return ""


def chart_targets(plt, results: List[Result], reference: Result) -> List:
    """Trajectories against plan targets: one panel per target id of the reference result."""
    rows = reference.targets
    if not rows:
        return [Note("note-targets", f"No plan targets: {reference.label} has no modelled "
                     "target rows (/targets).")]
    ids = list(dict.fromkeys(r.id for r in rows))
    fig, axes = _axes_grid(plt, len(ids), min(3, len(ids)), height=2.8)
    colors = _colors(len(results))
    notes = []
    for ax, tid in zip(axes, ids):
        group = [r for r in rows if r.id == tid]
        first = group[0]
        units = ""
        for res, color in zip(results, colors):
            try:
                path = res.selector_path(first.entity, first.variable)
            except InputError as e:
                notes.append(f"{tid} in {res.label}: {e}")
                continue
            if not units:
                units = _units_of(res, first.entity, first.variable)
            bands = quantile_bands(path)
            ax.plot(res.years, bands[0.5], color=color, lw=1.6, label=f"r{res.number} {res.label}")
            if res.runs > 1:
                ax.fill_between(res.years, bands[0.05], bands[0.95], color=color, alpha=0.18,
                                lw=0)
        for r in group:
            share = np.mean(r.attained == 1) if len(r.attained) else math.nan
            ax.scatter([r.year], [r.target], marker=_MARKERS.get(r.comparator, "o"), s=46,
                       color="black", zorder=5)
            ax.annotate(f"{r.comparator} {r.target:g}", (r.year, r.target),
                        textcoords="offset points", xytext=(6, 4), fontsize=7.5)
            if not math.isnan(share):
                ax.annotate(f"{100 * share:.0f}% att.", (r.year, r.target),
                            textcoords="offset points", xytext=(6, -10), fontsize=7,
                            color="#555555")
        is_growth = bool(re.fullmatch(r"growth\(.+\)", first.variable))
        ax.set_title(f"{tid}: {first.entity}", fontsize=9)
        ax.set_ylabel(first.variable if is_growth else _ylabel(first.variable, units))
        ax.xaxis.get_major_locator().set_params(integer=True)
    axes[0].legend(fontsize=7, loc="best")
    caption = (
        "Plan targets: the simulated trajectory of each modelled target's entity and variable "
        "(platform_kind / platform_level selectors sum the platforms with that label; growth "
        "targets show year-on-year growth), the median across each result's runs with the "
        "5–95% range shaded when there are several; black markers are the targets (▲ at least, "
        "▼ at most, ◆ equal within tolerance), with the share of the reference result's "
        f"(r{reference.number} {reference.label}) runs that attain them.")
    items: List = [Chart("targets", caption, _svg(fig, "targets"))]
    if notes:
        items.append(Note("note-targets-missing", "Not drawn: " + "; ".join(notes) + "."))
    return items


def targets_table(reference: Result) -> str:
    if not reference.targets:
        return ""
    out = ['<table id="targets-table"><thead><tr><th>id</th><th>entity</th><th>variable</th>'
           '<th>year</th><th>cmp</th><th>target</th><th>simulated (median)</th>'
           '<th>attained</th><th>P(attained), 95% Wilson</th></tr></thead><tbody>']

    def probability(attained):
        p, lo, hi = wilson_interval(int(np.sum(attained == 1)),
                                    len(attained) if (attained != -1).any() else 0)
        return "-" if math.isnan(p) else f"{p:.2f} [{lo:.2f}, {hi:.2f}]"

    for r in reference.targets:
        sim = quantile_bands(r.simulated[np.newaxis].T, (0.5,))[0.5][0]
        n = len(r.attained)
        att = int(np.sum(r.attained == 1))
        out.append(
            f"<tr><td>{_e(r.id)}</td><td>{_e(r.entity)}</td><td>{_e(r.variable)}</td>"
            f"<td>{r.year}</td><td>{_e(r.comparator)}</td><td class=num>{r.target:.4g}</td>"
            f"<td class=num>{sim:.4g}</td><td class=num>{att} of {n}</td>"
            f"<td class=num>{probability(r.attained)}</td></tr>")
    plan = plan_attained(reference.targets)
    out.append(f'<tr id="targets-plan"><td>all</td><td colspan=6>whole plan: every modelled row '
               f'in the same run</td><td class=num>{int(np.sum(plan == 1))} of {len(plan)}</td>'
               f'<td class=num>{probability(plan)}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def chart_fan(plt, res: Result) -> List:
    """Median, 50% and 90% bands across replicates of key region variables."""
    fid = f"fan-r{res.number}"
    if res.replicates_per_point() < 2:
        return [Note(f"note-{fid}", f"No replicate fan for r{res.number} {res.label}: one run "
                     "per point.")]
    points = res.points
    shown = points if len(points) <= MAX_FAN_POINTS else [
        points[0], points[len(points) // 2], points[-1]]
    colors = _colors(len(shown))
    fig, axes = _axes_grid(plt, len(KEY_VARIABLES), 3)
    for ax, var in zip(axes, KEY_VARIABLES):
        v, units = res.region(var)
        for p, color in zip(shown, colors):
            bands = quantile_bands(v[res.runs_of_point(p)])
            label = res.point_label(p) if res.factors else res.label
            ax.fill_between(res.years, bands[0.05], bands[0.95], color=color, alpha=0.15, lw=0)
            ax.fill_between(res.years, bands[0.25], bands[0.75], color=color, alpha=0.3, lw=0)
            ax.plot(res.years, bands[0.5], color=color, lw=1.6, label=label)
        ax.set_title(var, fontsize=9)
        ax.set_ylabel(units, fontsize=8)
        ax.xaxis.get_major_locator().set_params(integer=True)
    _legend_below(fig, axes[0])
    which = ("" if len(shown) == len(points) else
             f" Shown: the first, middle and last of its {len(points)} design points.")
    caption = (f"Replicate spread, r{res.number} {res.label} ({res.replicates_per_point()} "
               "replicates per point): region totals, median line, 50% (dark) and 90% (light) "
               "bands across replicates." + which)
    return [Chart(fid, caption, _svg(fig, fid, layout=False))]


@dataclasses.dataclass
class Alternative:
    label: str
    result: Result
    runs: "np.ndarray"


def _alternatives(results: List[Result], baseline: Result) -> Tuple[List[Alternative], str]:
    alts, dropped = [], 0
    for res in results:
        if res is baseline:
            continue
        for p in res.points:
            label = f"r{res.number}" + (f" {res.point_label(p)}" if res.factors else
                                        f" {res.label}")
            alts.append(Alternative(label, res, res.runs_of_point(p)))
    note = ""
    if len(alts) > MAX_ALTERNATIVES:
        keep = np.unique(np.linspace(0, len(alts) - 1, MAX_ALTERNATIVES).round().astype(int))
        dropped = len(alts) - len(keep)
        alts = [alts[i] for i in keep]
        note = f" {dropped} further alternatives (design points) are not drawn."
    return alts, note


def chart_deltas(plt, results: List[Result], baseline: Result) -> List:
    """Alternative minus baseline: bars in the last common year, lines over the years, and the
    numbers of the bars in a table (id deltas-table)."""
    alts, more = _alternatives(results, baseline)
    if not alts:
        return [Note("note-deltas", "No deltas: no result besides the baseline.")]
    base_runs = baseline.runs_of_point(baseline.points[0])
    years = sorted(set(baseline.years).intersection(*[set(a.result.years) for a in alts]))
    if not years:
        return [Note("note-deltas", "No deltas: the results share no year with the baseline.")]
    last = years[-1]
    colors = _colors(len(alts))
    seen: List[Interval] = []

    def interval(alt: Alternative, var, year) -> Interval:
        a = alt.result.region(var)[0][alt.runs, list(alt.result.years).index(year)]
        b = baseline.region(var)[0][base_runs, list(baseline.years).index(year)]
        iv = difference_interval(a, b, alt.result.replicate[alt.runs],
                                 baseline.replicate[base_runs])
        seen.append(iv)
        return iv

    # Bars: last year.
    last_year = {var: [interval(a, var, last) for a in alts] for var in KEY_VARIABLES}
    fig, axes = _axes_grid(plt, len(KEY_VARIABLES), 3, height=0.32 * len(alts) + 1.4)
    for k, (ax, var) in enumerate(zip(axes, KEY_VARIABLES)):
        ivs = last_year[var]
        ypos = np.arange(len(alts))[::-1]
        means = np.array([iv.mean for iv in ivs])
        err = np.array([[iv.mean - iv.lo, iv.hi - iv.mean] for iv in ivs]).T
        has = np.array([iv.has_interval for iv in ivs])
        ax.barh(ypos, np.nan_to_num(means), color=colors, height=0.7)
        if has.any():
            ax.errorbar(means[has], ypos[has], xerr=err[:, has], fmt="none", ecolor="black",
                        capsize=3, lw=1)
        ax.axvline(0, color="black", lw=0.8)
        ax.set_yticks(ypos)
        ax.set_yticklabels([a.label for a in alts] if k % 3 == 0 else [], fontsize=7)
        ax.set_title(f"Δ {var} in {last}", fontsize=9)
        ax.set_xlabel(baseline.region(var)[1], fontsize=8)
    interval_text = _interval_text(seen)
    cap1 = (f"Alternative minus baseline (r{baseline.number} {baseline.label}), region totals "
            f"in {last}, the last year both have; one bar per alternative (each design point "
            f"of a sweep is an alternative)." + interval_text + more)
    items: List = [Chart("deltas-last-year", cap1, _svg(fig, "deltas-last-year"))]
    items.append(_deltas_table(alts, last_year, last))

    # Lines: every common year.
    fig, axes = _axes_grid(plt, len(KEY_VARIABLES), 3)
    for ax, var in zip(axes, KEY_VARIABLES):
        for alt, color in zip(alts, colors):
            ivs = [interval(alt, var, y) for y in years]
            ax.plot(years, [iv.mean for iv in ivs], color=color, lw=1.4, label=alt.label)
            if any(iv.has_interval for iv in ivs):
                ax.fill_between(years, [iv.lo for iv in ivs], [iv.hi for iv in ivs],
                                color=color, alpha=0.15, lw=0)
        ax.axhline(0, color="black", lw=0.8)
        ax.set_title(f"Δ {var}", fontsize=9)
        ax.set_ylabel(baseline.region(var)[1], fontsize=8)
        ax.xaxis.get_major_locator().set_params(integer=True)
    _legend_below(fig, axes[0])
    cap2 = (f"Alternative minus baseline (r{baseline.number} {baseline.label}) over the years, "
            "region totals (flows are NaN in the base year and not drawn)." + interval_text
            + more)
    items.append(Chart("deltas-over-years", cap2, _svg(fig, "deltas-over-years", layout=False)))
    return items


def _deltas_table(alts: List[Alternative], last_year: Dict[str, List[Interval]], year) -> str:
    out = [f'<table id="deltas-table"><thead><tr><th>alternative − baseline, {year}</th>']
    out += [f"<th>{_e(v)}</th>" for v in KEY_VARIABLES]
    out.append("</tr></thead><tbody>")
    for i, alt in enumerate(alts):
        out.append(f"<tr><td>{_e(alt.label)}</td>")
        for var in KEY_VARIABLES:
            iv = last_year[var][i]
            ci = f" [{iv.lo:.4g}, {iv.hi:.4g}]" if iv.has_interval else ""
            out.append(f'<td class="num" data-variable="{_e(var)}" data-mean="{iv.mean!r}">'
                       f"{iv.mean:.4g}{ci}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _interval_text(intervals: List[Interval]) -> str:
    paired = any(iv.method == "paired" for iv in intervals)
    welch = any(iv.method == "welch" for iv in intervals)
    text = (" Differences are paired by replicate id (replicates the two share; under common "
            "random numbers the same id means the same random streams)" if paired and not welch
            else " Differences of means (replicate ids not shared)" if not paired
            else " Differences paired by replicate id where the ids are shared, of means "
            "otherwise")
    if not any(iv.has_interval for iv in intervals):
        return text + ". No intervals: they need two or more replicates on both sides."
    return text + "; error bars and bands are 95% t intervals of the mean difference."


def _legend_below(fig, ax) -> None:
    """One legend for all panels, below them (the figure is laid out here: _svg(layout=False))."""
    handles, labels = ax.get_legend_handles_labels()
    bottom = 0.0
    if handles:
        rows = math.ceil(len(labels) / 3)
        bottom = min(0.4, (0.2 * rows + 0.1) / fig.get_figheight())
        fig.legend(handles, labels, loc="lower center", ncol=min(3, len(labels)), fontsize=7.5,
                   frameon=False, bbox_to_anchor=(0.5, 0.0))
    fig.tight_layout(rect=(0, bottom, 1, 1))


def chart_response(plt, res: Result) -> List:
    """Key region variables in the last year against each factor of a sweep."""
    fid = f"response-r{res.number}"
    if not res.factors or len(res.points) < 2:
        return [Note(f"note-{fid}", f"No response curves for r{res.number} {res.label}: "
                     + ("not a sweep." if not res.is_sweep else
                        "one design point." if res.factors else "no factors."))]
    factors = res.factors
    fig, axes = plt.subplots(len(KEY_VARIABLES), len(factors),
                             figsize=(max(3.6 * len(factors), 5.5), 2.2 * len(KEY_VARIABLES)),
                             squeeze=False)
    grid = res.design == "grid"
    year = res.years[-1]
    bins = int(min(10, max(3, round(math.sqrt(len(res.points))))))
    for i, var in enumerate(KEY_VARIABLES):
        v, units = res.region(var)
        y = v[:, -1]
        for j, f in enumerate(factors):
            ax = axes[i][j]
            ax.scatter(f.values, y, s=10, alpha=0.5, color="#1f77b4", lw=0)
            if grid:
                levels = np.unique(f.values)
                means = [np.nanmean(y[f.values == lv]) for lv in levels]
                ax.plot(levels, means, color="#d62728", lw=1.6, marker="o", ms=3)
            else:
                bx, by = binned_means(f.values, y, bins)
                ax.plot(bx, by, color="#d62728", lw=1.6, marker="o", ms=3)
            if np.all(f.values == np.round(f.values)):
                ax.xaxis.get_major_locator().set_params(integer=True)
            if i == len(KEY_VARIABLES) - 1:
                ax.set_xlabel(f.short, fontsize=8)
            if j == 0:
                ax.set_ylabel(_ylabel(var, units), fontsize=7.5)
    line = ("the mean of all runs at each level (over replicates and the other factors' levels)"
            if grid else f"means in {bins} bins of equal count along the factor (no smoothing)")
    keys = "; ".join(f"{f.short} = {f.key}" for f in factors)
    caption = (f"Sweep response, r{res.number} {res.label} ({res.design} design, "
               f"{len(res.points)} points × {res.replicates_per_point()} replicates): region "
               f"totals in {year} against each factor; dots are runs, the line is {line}. "
               f"Factors: {keys}.")
    return [Chart(fid, caption, _svg(fig, fid))]


def chart_tornado(plt, res: Result) -> List:
    """Which factors matter most: Sobol indices (saltelli), Morris elementary effects (grid,
    morris) or SRC (LHS, Sobol sequence)."""
    fid = f"tornado-r{res.number}"
    if not res.factors or len(res.points) < 2:
        return [Note(f"note-{fid}", f"No tornado for r{res.number} {res.label}: "
                     + ("not a sweep." if not res.is_sweep else "fewer than two design points."))]
    x = res.point_factors()
    grid = res.design == "grid"
    k = len(res.factors)
    fig, axes = _axes_grid(plt, len(TORNADO_VARIABLES), 3, height=0.45 * len(res.factors) + 1.4)
    r2s = []
    for ax, var in zip(axes, TORNADO_VARIABLES):
        v, units = res.region(var)
        y = np.array([np.nanmean(v[res.runs_of_point(p), -1]) for p in res.points])
        if res.design == "saltelli":
            first, total = sobol_indices(y, k)
            size, sign = total, first
            xlabel = "Sobol total index (dark: first order)"
        elif grid or res.design == "morris":
            eff = elementary_effects(x, y) if grid else trajectory_effects(x, y, k)
            size = np.array([e.mu_star for e in eff])
            sign = np.array([e.mu for e in eff])
            xlabel = f"mean |EE|, {units} per factor range" if units else "mean |EE|"
        else:
            src, r2 = standardized_regression_coefficients(x, y)
            r2s.append(f"{var} {r2:.2f}")
            size, sign = np.abs(src), src
            xlabel = "|SRC|"
        order = np.argsort(np.nan_to_num(size, nan=-1.0))  # largest on top
        ypos = np.arange(len(order))
        colors = ["#2ca02c" if sign[k] > 0 else "#d62728" if sign[k] < 0 else "#7f7f7f"
                  for k in order]
        ax.barh(ypos, np.nan_to_num(size[order]), color=colors, height=0.6)
        if res.design == "saltelli":  # the first-order part inside the total
            ax.barh(ypos, np.clip(np.nan_to_num(sign[order]), 0, None), color="#333333",
                    height=0.25)
        ax.set_yticks(ypos)
        ax.set_yticklabels([res.factors[k].short for k in order], fontsize=7.5)
        ax.set_title(f"{var}, {res.years[-1]}", fontsize=9)
        ax.set_xlabel(xlabel, fontsize=8)
    if res.design == "saltelli":
        how = ("Sobol indices of the replicate-mean response from the Saltelli design: bars are "
               "total indices (the factor with its interactions), the dark inner bars first-order "
               "indices (the factor alone); `regsim sensitivity` gives them with bootstrap "
               "intervals")
    elif res.design == "morris":
        how = ("Morris elementary effects along the design's trajectories: each step moves one "
               "factor; EE = Δy / (Δx / range of the factor); bars are the mean |EE|")
    elif grid:
        how = ("Morris elementary effects on the grid: for each factor, every move of one level "
               "with the other factors fixed changes the replicate-mean response by Δy; "
               "EE = Δy / (Δx / range of the factor), the change per whole range; bars are the "
               "mean |EE| over all such moves")
    else:
        how = ("standardized regression coefficients of the replicate-mean response on the "
               "factors, SRC = b·sd(x)/sd(y); SRC² approximates the first-order sensitivity "
               "index when the fit is close to linear (R²: " + ", ".join(r2s) + ")")
        if res.design not in ("saltelli", "morris") and len(res.points) < 5 * (len(res.factors) + 1):
            how += (f"; with {len(res.points)} points for {len(res.factors)} factors the fit is "
                    f"rough (use at least {5 * (len(res.factors) + 1)} points)")
    caption = (f"Which levers matter most, r{res.number} {res.label}: {how}. Sorted by size; "
               "green: the response rises with the factor (mean effect > 0), red: it falls.")
    return [Chart(fid, caption, _svg(fig, fid))]


ATTRIBUTION_MEASURES = ("output_value", "tax_total", "employment", "spending")


def read_attribution(path: str) -> dict:
    """A `regsim attribute --json` document, checked for what the waterfall needs."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for m in ATTRIBUTION_MEASURES:
            measure = doc["measures"][m]
            float(measure["none"]), float(measure["all"])
            for p in measure["players"].values():
                float(p["value"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise InputError(f"--attribution {path}: not a `regsim attribute --json` file ({e})")
    return doc


def chart_attribution(plt, doc: dict) -> List:
    """Waterfalls: from the value without any instrument, each player's Shapley value, to the
    value with all of them."""
    fid = "attribution"
    fig, axes = _axes_grid(plt, len(ATTRIBUTION_MEASURES), 2,
                           height=0.32 * len(doc["measures"]["output_value"]["players"]) + 1.6)
    for ax, m in zip(axes, ATTRIBUTION_MEASURES):
        measure = doc["measures"][m]
        players = list(measure["players"])
        values = [measure["players"][p]["value"] for p in players]
        start = measure["none"]
        left, x = [], start
        for v in values:
            left.append(x if v >= 0 else x + v)
            x += v
        ypos = np.arange(len(players))[::-1]
        colors = ["#2ca02c" if v > 0 else "#d62728" if v < 0 else "#7f7f7f" for v in values]
        ax.barh(ypos, np.abs(values), left=left, color=colors, height=0.6)
        ax.axvline(measure["none"], color="#7f7f7f", lw=0.8, ls="--")
        ax.axvline(measure["all"], color="#333333", lw=0.8)
        ax.set_yticks(ypos)
        ax.set_yticklabels([p[:28] for p in players], fontsize=7)
        ax.set_title(f"{m} ({measure['units'].split(',')[0]})", fontsize=9)
        lo, hi = min(measure["none"], measure["all"], *left), max(
            measure["none"], measure["all"], *(l + abs(v) for l, v in zip(left, values)))
        pad = 0.1 * (hi - lo) if hi > lo else 1.0
        ax.set_xlim(lo - pad, hi + pad)
    caption = (f"What each {'instrument family' if doc.get('by') == 'family' else 'instrument'} "
               f"of {doc.get('scenario', '')} is worth: from the value without any of them "
               "(dashed line) to the value with all (solid line), each bar one Shapley value "
               f"({'exact' if doc.get('exact') else 'sampled orders'}, "
               f"{doc.get('replicates')} common-random-number replicates; the values add up to "
               "the difference). Green raises, red lowers.")
    return [Chart(fid, caption, _svg(fig, fid))]



def read_optimization(path: str) -> dict:
    """A `regsim optimize` result (optimize.h5, or the directory holding it)."""
    import h5py
    if os.path.isdir(path):
        path = os.path.join(path, "optimize.h5")
    try:
        with h5py.File(path, "r") as f:
            h = f["history"]
            doc = {
                "path": path,
                "spec": _attr(f.attrs, "spec", ""),
                "scenario": _attr(f.attrs, "scenario_name", ""),
                "replicates": int(_attr(f.attrs, "replicates")),
                "required": int(_attr(f.attrs, "required_replicates")),
                "p": float(_attr(f.attrs, "probability")),
                "probability_of": _attr(f.attrs, "probability_of"),
                "reach": _attr(f.attrs, "reach"),
                "feasible": bool(_attr(f.attrs, "feasible")),
                "best": int(_attr(f.attrs, "best")),
                "variables": _strings(f["variable"]),
                "lower": f["variable_min"][()], "upper": f["variable_max"][()],
                "x": h["x"][()], "cost": h["cost"][()], "probability": h["probability"][()],
                "is_feasible": h["feasible"][()].astype(bool), "phase": _strings(h["phase"]),
                "front_cost": f["front/cost"][()], "front_p": f["front/probability"][()],
                "validation": None,
            }
            if "validation" in f:
                v = f["validation"]
                doc["validation"] = {
                    "replicates": int(_attr(v.attrs, "replicates")),
                    "first": int(_attr(v.attrs, "first_replicate")),
                    "cost": v["cost"][()], "p": v["probability"][()],
                    "low": v["probability_low"][()], "high": v["probability_high"][()],
                    "feasible": v["feasible"][()].astype(bool)}
    except (OSError, KeyError, TypeError, ValueError) as e:
        raise InputError(f"--optimization {path}: not a `regsim optimize` result ({e})")
    return doc


def chart_optimization(plt, doc: dict) -> List:
    """The trade-off between cost and the probability of meeting the plan, and the best mix
    against the plan's own."""
    fid = "optimization"
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(11.0, 3.6),
                                 gridspec_kw={"width_ratios": [1.3, 1.0]})
    cost, prob, feas = doc["cost"], doc["probability"], doc["is_feasible"]
    ok = np.isfinite(cost) & np.isfinite(prob)
    ax.scatter(cost[ok & ~feas], prob[ok & ~feas], s=10, color="#bbbbbb",
               label="evaluated mix (a constraint unmet)")
    ax.scatter(cost[ok & feas], prob[ok & feas], s=12, color="#9ecae1",
               label="evaluated mix (every constraint met)")
    if len(doc["front_cost"]):
        ax.step(doc["front_cost"], doc["front_p"], where="post", color="#1f77b4", lw=1.5,
                label="trade-off: cheapest mix per probability")
    ax.axhline(doc["p"], color="#d62728", lw=0.8, ls="--", label=f"required p = {doc['p']:.2f}")
    ax.scatter([cost[0]], [prob[0]], marker="s", s=50, color="#ff7f0e", zorder=5,
               label="the plan's own mix")
    b = doc["best"]
    ax.scatter([cost[b]], [prob[b]], marker="*", s=120, color="#2ca02c", zorder=6,
               label="best mix" if doc["feasible"] else "closest mix")
    val = doc["validation"]
    if val is not None:
        for i, color in ((0, "#ff7f0e"), (1, "#2ca02c")):
            ax.errorbar([val["cost"][i]], [val["p"][i]],
                        yerr=[[val["p"][i] - val["low"][i]], [val["high"][i] - val["p"][i]]],
                        fmt="o", mfc="white", color=color, capsize=3, zorder=4)
    what = ("every constrained row at once" if doc["probability_of"] == "plan"
            else "the least likely constrained row")
    ax.set_xlabel("cost: policy + finance spending (亿元)")
    ax.set_ylabel(f"P(attained), {what}")
    ax.set_ylim(-0.05, 1.05)
    ax.legend(fontsize=6.5, loc="lower right")
    ax.set_title("Cost against the probability of meeting the plan", fontsize=9)
    # The mixes, each variable as a share of its range.
    names = [v.split("[")[-1].replace("]", " ").replace(".params.", "") if "[" in v else v
             for v in doc["variables"]]
    span = np.where(doc["upper"] > doc["lower"], doc["upper"] - doc["lower"], 1.0)
    plan_share = (doc["x"][0] - doc["lower"]) / span
    best_share = (doc["x"][b] - doc["lower"]) / span
    y = np.arange(len(names))[::-1]
    bx.barh(y + 0.18, plan_share, height=0.36, color="#ff7f0e", label="plan's mix")
    bx.barh(y - 0.18, best_share, height=0.36, color="#2ca02c",
            label="best mix" if doc["feasible"] else "closest mix")
    bx.set_yticks(y)
    bx.set_yticklabels([n[:34] for n in names], fontsize=7)
    bx.set_xlim(0, 1)
    bx.set_xlabel("share of the variable's range (0 = lower bound, 1 = upper)")
    bx.legend(fontsize=7, loc="lower right")
    bx.set_title("The mixes", fontsize=9)
    n = doc["replicates"]
    caption = (f"regsim optimize on {doc['scenario']}: every evaluated mix ({len(cost)}), its cost "
               f"and the share of its {n} common-random-number replicates attaining {what} "
               f"(reach = {doc['reach']}); the step line is the cheapest mix reaching each "
               f"probability. At least {doc['required']} of {n} replicates must attain "
               f"(p = {doc['p']:.2f}).")
    if val is not None:
        caption += (f" Circles with bars: the plan's mix and the best one again on replicates "
                    f"{val['first']}..{val['first'] + val['replicates'] - 1}, which the search "
                    "never saw, with 95% Wilson intervals (the search's own shares are biased "
                    "up: it keeps the mix whose replicates happened to attain).")
    if not doc["feasible"]:
        caption += " No evaluated mix meets every constraint."
    return [Chart(fid, caption, _svg(fig, fid))]


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

def _e(s) -> str:
    return html.escape(str(s), quote=True)


CSS = """
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, "WenQuanYi Micro Hei", sans-serif;
       max-width: 1180px; margin: 24px auto; padding: 0 16px; color: #222; font-size: 14px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 32px;
  border-bottom: 1px solid #ccc; padding-bottom: 3px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 12.5px; }
th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: 12px; } #header { width: 100%; } #header code { word-break: break-all; }
.muted { color: #666; font-size: 12px; }
figure.chart { margin: 14px 0 22px 0; } figure.chart svg { max-width: 100%; height: auto; }
figcaption { font-size: 12.5px; color: #333; margin-top: 4px; max-width: 1000px; }
p.note { background: #fff8e1; border-left: 3px solid #f0b400; padding: 6px 10px;
  font-size: 13px; }
"""


def header_table(results: List[Result]) -> str:
    out = ['<table id="header"><thead><tr><th>#</th><th>role</th><th>result</th>'
           '<th>scenario</th><th>design</th><th>runs</th><th>seeds</th>'
           '<th>regsim, created (UTC)</th><th>scenario SHA-256</th></tr></thead><tbody>']
    for r in results:
        seeds = sorted(set(int(s) for s in r.seed))
        seed_text = (", ".join(str(s) for s in seeds) if len(seeds) <= 3 else
                     f"{len(seeds)} distinct ({seeds[0]} … {seeds[-1]})")
        reps = sorted(set(int(x) for x in r.replicate))
        if r.is_sweep:
            design = f"{r.design} sweep"
            runs = (f"{len(r.points)} points × {r.replicates_per_point()} replicates "
                    f"(replicates {reps[0]}–{reps[-1]})")
            if r.factors:
                design += ": " + "; ".join(
                    f"<code>{_e(f.key)}</code> {np.min(f.values):g}–{np.max(f.values):g}"
                    for f in r.factors)
            else:
                design = _e(design)
        else:
            design = "run"
            runs = f"1 (replicate {reps[0]})"
        sha = str(r.attrs.get("scenario_sha256", ""))
        out.append(
            f"<tr><td>r{r.number}</td><td>{_e(r.role)}</td><td><code>{_e(r.path)}</code></td>"
            f"<td>{_e(r.attrs.get('scenario_name', ''))}</td><td>{design}</td>"
            f"<td>{_e(runs)}</td><td>{_e(seed_text)}</td>"
            f"<td>{_e(r.attrs.get('regsim_version', ''))}<br>"
            f"{_e(r.attrs.get('created_utc', ''))}</td>"
            f"<td><code>{_e(sha)}</code></td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render_html(title: str, results: List[Result], sections: List[Section]) -> str:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{_e(title)}</title><style>{CSS}</style></head><body>",
             f"<h1>{_e(title)}</h1>",
             f'<p class="muted">regsim report, generated {now}. Region totals unless said '
             "otherwise; money in 亿元 (1e8 CNY).</p>",
             "<h2>Results</h2>", header_table(results)]
    for s in sections:
        parts.append(f"<h2>{_e(s.title)}</h2>")
        for item in s.items:
            if isinstance(item, Chart):
                parts.append(f'<figure id="{_e(item.id)}" class="chart">{item.svg}'
                             f"<figcaption>{_e(item.caption)}</figcaption></figure>")
            elif isinstance(item, Note):
                parts.append(f'<p class="note" id="{_e(item.id)}">{_e(item.text)}</p>')
            else:
                parts.append(str(item))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_atomically(path: str, text: str) -> None:
    """Writes text to path through "<path>.tmp-<pid>" in the same directory and a rename."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def build_report(result_paths: Sequence[str], output: str, title: Optional[str] = None,
                 baseline_path: Optional[str] = None,
                 attribution_path: Optional[str] = None,
                 optimization_path: Optional[str] = None) -> List[str]:
    """Reads the results, draws the charts, writes the HTML. Returns the chart ids written."""
    results: List[Result] = []
    seen = set()
    baseline = None
    if baseline_path:
        baseline = Result(baseline_path, 1, "baseline")
        if len(baseline.points) != 1:
            raise InputError(
                f"--baseline {baseline.path}: a baseline is one scenario (a run file or a sweep "
                f"of one point), not a sweep of {len(baseline.points)} points")
        results.append(baseline)
        seen.add(os.path.realpath(baseline.path))
    for p in result_paths:
        res = Result(p, len(results) + 1, "alternative" if baseline else "result")
        if os.path.realpath(res.path) in seen:
            continue
        seen.add(os.path.realpath(res.path))
        results.append(res)
    reference = baseline or results[0]
    plt = _setup_matplotlib()

    sections = []
    targets_items = chart_targets(plt, results, reference)
    table = targets_table(reference)
    sections.append(Section("Plan targets", targets_items + ([table] if table else [])))
    fan_items = []
    for r in results:
        fan_items += chart_fan(plt, r)
    sections.append(Section("Replicate spread", fan_items))
    if baseline is not None:
        sections.append(Section("Against the baseline", chart_deltas(plt, results, baseline)))
    else:
        sections.append(Section("Against the baseline", [Note(
            "note-deltas", "No deltas: no --baseline given.")]))
    sweeps = [r for r in results if r.is_sweep]
    response, tornado = [], []
    for r in sweeps:
        response += chart_response(plt, r)
        tornado += chart_tornado(plt, r)
    if not sweeps:
        response = [Note("note-response", "No response curves: no sweep among the results.")]
        tornado = [Note("note-tornado", "No tornado chart: no sweep among the results.")]
    sections.append(Section("Sweep response", response))
    sections.append(Section("Which levers matter most", tornado))
    if attribution_path:
        sections.append(Section("What each instrument is worth",
                                chart_attribution(plt, read_attribution(attribution_path))))
    if optimization_path:
        sections.append(Section("The cheapest mix that meets the plan",
                                chart_optimization(plt, read_optimization(optimization_path))))

    if title is None:
        names = list(dict.fromkeys(str(r.attrs.get("scenario_name", r.label)) for r in results))
        title = "regsim report: " + ", ".join(names)
    text = render_html(title, results, sections)
    write_atomically(output, text)
    return [i.id for s in sections for i in s.items if isinstance(i, Chart)]


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="regsim report",
        description="Write one self-contained HTML report (charts inline) from regsim results.")
    parser.add_argument("results", nargs="+", metavar="RESULT",
                        help="run file (regsim run), sweep.h5 or a sweep's output directory")
    parser.add_argument("-o", "--output", required=True, help="the HTML file to write")
    parser.add_argument("--title", help="report title (default: the scenario names)")
    parser.add_argument("--baseline", metavar="RESULT",
                        help="the baseline the other results are compared with")
    parser.add_argument("--attribution", metavar="JSON",
                        help="a `regsim attribute --json` file: waterfalls of the Shapley values")
    parser.add_argument("--optimization", metavar="OPTIMIZE_H5",
                        help="a `regsim optimize` result (optimize.h5 or its directory): the "
                             "cost-vs-probability trade-off and the best mix")
    args = parser.parse_args(argv)
    require_packages()
    try:
        charts = build_report(args.results, args.output, args.title, args.baseline,
                              args.attribution, args.optimization)
    except InputError as e:
        sys.stderr.write(f"regsim report: error: {e}\n")
        return EXIT_BAD_INPUT
    except Exception as e:  # noqa: BLE001 - reported, exit 1
        sys.stderr.write(f"regsim report: error: {type(e).__name__}: {e}\n")
        return EXIT_FAILURE
    print(f"wrote {args.output} ({len(charts)} charts: {', '.join(charts)})")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
