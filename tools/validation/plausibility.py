#!/usr/bin/python3
"""Plausibility of regsim results against stated reference ranges (issue 24, item 9).

Each statistic (a ratio such as revenue per worker or the exit rate) is defined once, in
STATISTICS below; its plausible range, the source of that range and the reason for its width are
in plausibility_ranges.toml next to this file. Every statistic is computed by year over the
simulated years (the base year is data, not a result) from the replicate means of the output's
datasets: a ratio is the ratio of the replicate means of its numerator and denominator. The table
reports, for each statistic, its worst year (the value farthest outside its range, or closest to
leaving it) and the range of its values over the years (and entities, for statistics per county or
per sector); a statistic is out of range when any of its values is.

Usage:
  plausibility.py SWEEP_H5 [--plan NAME] [--point N] [--json OUT] [--check]
      the table of one result (a sweep.h5 or a run file); --plan names the plan for the sector-kind
      mapping when the file's @scenario_name is not it
  plausibility.py --all [--regsim PATH] [--json OUT] [--check] [--update-validation]
      runs the five calibrated baselines into a temporary folder and checks them all;
      --update-validation rewrites VALIDATION.md between the plausibility markers
--check exits 1 when any statistic of any result leaves its range, listing each one; a result that
cannot be checked (a missing dataset, a sector without a kind) exits 2 with the reason.

Python 3.11 (tomllib), numpy and h5py (Debian's python3).
"""
from __future__ import annotations

import argparse
import glob
import json
import math
import os
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import h5py
import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RANGES_PATH = HERE / "plausibility_ranges.toml"
VALIDATION_PATH = ROOT / "VALIDATION.md"
BASELINES = ("fushun-2018-2020", "ankang-2019-2021", "yingkou-2020-2025", "zhangye-2018-2020",
             "hubei-2018-2020")
KINDS = ("industry", "construction", "services")
BEGIN_MARK = "<!-- plausibility:begin -->"
END_MARK = "<!-- plausibility:end -->"
WAN_PER_YI = 1.0e4  # 1 亿元 = 10^4 万元


class PlausibilityError(Exception):
    """A result or a ranges file that cannot be checked: the message says what is missing."""


# ------------------------------------------------------------------------------------ reading

def _decode(values) -> list[str]:
    return [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in values]


class Result:
    """One regsim output file (a sweep.h5 with a leading run dimension, or a single run file).

    `mean(group, var)` gives the replicate mean of /group/var as an array [year, entity]."""

    def __init__(self, path, plan: str | None = None, point: int | None = None):
        self.path = Path(path)
        try:
            self.h5 = h5py.File(self.path, "r")
        except OSError as e:
            raise PlausibilityError(f"{self.path}: cannot open as HDF5 ({e})") from None
        name = self.h5.attrs.get("scenario_name")
        name = name.decode("utf-8") if isinstance(name, bytes) else name
        self.plan = plan or name
        if not self.plan:
            raise PlausibilityError(f"{self.path}: no @scenario_name attribute; pass --plan NAME")
        if "region/year" not in self.h5:
            raise PlausibilityError(
                f"{self.path}: missing dataset /region/year: not a regsim output")
        self.years = np.asarray(self.h5["region/year"][:], dtype=int)
        if len(self.years) < 2:
            raise PlausibilityError(f"{self.path}: no simulated year (years {list(self.years)})")
        self._runs = None  # all runs
        if "runs/point" in self.h5:
            points = np.asarray(self.h5["runs/point"][:])
            distinct = sorted(set(points.tolist()))
            if point is None and len(distinct) > 1:
                raise PlausibilityError(
                    f"{self.path}: {len(distinct)} design points; pass --point (one of {distinct})")
            if point is not None:
                if point not in distinct:
                    raise PlausibilityError(
                        f"{self.path}: no design point {point} (has {distinct})")
                self._runs = np.flatnonzero(points == point)
        self._cache: dict[tuple[str, str], np.ndarray] = {}

    def close(self):
        self.h5.close()

    def has(self, group: str, var: str) -> bool:
        return f"{group}/{var}" in self.h5

    def names(self, group: str) -> list[str]:
        key = f"{group}/{group}"
        if key not in self.h5:
            raise PlausibilityError(f"{self.path}: missing dataset /{key}")
        return _decode(self.h5[key][:])

    def strings(self, group: str, var: str) -> list[str]:
        return _decode(self.h5[f"{group}/{var}"][:])

    def mean(self, group: str, var: str) -> np.ndarray:
        key = (group, var)
        if key not in self._cache:
            if not self.has(group, var):
                raise PlausibilityError(f"{self.path}: missing dataset /{group}/{var}")
            data = np.asarray(self.h5[f"{group}/{var}"][...], dtype=float)
            if data.ndim == 3:  # [run, year, entity]
                if self._runs is not None:
                    data = data[self._runs]
                data = data.mean(axis=0)
            elif data.ndim != 2:
                raise PlausibilityError(
                    f"{self.path}: /{group}/{var} has shape {data.shape}, "
                    "expected [run,] year, entity")
            if data.shape[0] != len(self.years):
                raise PlausibilityError(
                    f"{self.path}: /{group}/{var} has {data.shape[0]} years, "
                    f"/region/year {len(self.years)}")
            self._cache[key] = data
        return self._cache[key]

    def scenario(self) -> dict | None:
        """The resolved scenario: the file's own /scenario_resolved, else that of a run file in
        the sweep's runs/ folder (regsim run and sweep write one per run); None if neither."""
        candidates = [self.path]
        runs = sorted(glob.glob(str(self.path.parent / "runs" / "*.h5")))
        candidates += [Path(p) for p in runs[:1]]
        for c in candidates:
            try:
                with h5py.File(c, "r") as f:
                    if "scenario_resolved" not in f:
                        continue
                    text = f["scenario_resolved"][()]
            except OSError:
                continue
            text = text.decode("utf-8") if isinstance(text, bytes) else str(text)
            try:
                return tomllib.loads(text)
            except tomllib.TOMLDecodeError as e:
                raise PlausibilityError(
                    f"{c}: /scenario_resolved is not valid TOML ({e})") from None
        return None


# ------------------------------------------------------------------------------------ context

@dataclass
class Context:
    """What the statistics need besides the datasets: each sector's kind and tradability."""
    result: Result
    kinds: list[str]            # per sector
    kinds_from: str             # "output" or "ranges file"
    tradable: list[bool]        # per sector
    tradable_note: str
    notes: list[str] = field(default_factory=list)

    def sectors_of(self, kind: str) -> np.ndarray:
        return np.array([k == kind for k in self.kinds], dtype=bool)


def load_ranges(path=RANGES_PATH) -> dict:
    try:
        with open(path, "rb") as f:
            ranges = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise PlausibilityError(f"{path}: {e}") from None
    seen = set()
    for r in ranges.get("range", []):
        for k in ("stat", "kind", "source", "short", "width"):
            if not r.get(k):
                raise PlausibilityError(f"{path}: a [[range]] of {r.get('stat', '?')} has no {k}")
        if r["stat"] not in STATISTICS:
            raise PlausibilityError(f"{path}: unknown statistic {r['stat']!r}")
        stat = STATISTICS[r["stat"]]
        allowed = KINDS if stat.by_kind else ("all",)
        if r["kind"] not in allowed:
            raise PlausibilityError(
                f"{path}: {r['stat']} takes kind {' or '.join(allowed)}, not {r['kind']!r}")
        if "min" not in r and "max" not in r:
            raise PlausibilityError(
                f"{path}: the range of {r['stat']} ({r['kind']}) has neither min nor max")
        if (r["stat"], r["kind"]) in seen:
            raise PlausibilityError(f"{path}: two ranges for {r['stat']} ({r['kind']})")
        seen.add((r["stat"], r["kind"]))
    return ranges


def make_context(result: Result, ranges: dict) -> Context:
    sectors = result.names("sector")
    if result.has("sector", "sector_kind"):
        kinds, kinds_from = result.strings("sector", "sector_kind"), "output"
    else:
        mapping = ranges.get("sector_kinds", {}).get(result.plan)
        if mapping is None:
            raise PlausibilityError(
                f"{result.path}: no /sector/sector_kind in the output and no "
                f"[sector_kinds.{result.plan}] in {RANGES_PATH.name}: add the plan's sector kinds "
                "there or pass --plan")
        unknown = [s for s in sectors if s not in mapping]
        if unknown:
            raise PlausibilityError(
                f"{result.path}: sectors without a kind in [sector_kinds.{result.plan}]: "
                f"{', '.join(unknown)}")
        kinds, kinds_from = [mapping[s] for s in sectors], "ranges file"
    bad = sorted({k for k in kinds if k not in KINDS})
    if bad:
        raise PlausibilityError(
            f"{result.path}: unknown sector kinds {bad} (expected {', '.join(KINDS)})")
    settings = ranges.get("settings", {})
    threshold = float(settings.get("tradable_share_min", 0.5))
    default = float(settings.get("tradable_share_default", 0.8))
    scenario = result.scenario()
    if scenario is None:
        tradable = [True] * len(sectors)
        note = ("no resolved scenario found (neither in the file nor in runs/): the band is "
                "applied to every sector")
    else:
        shares = {s.get("name"): float(s.get("tradable_share", default))
                  for s in scenario.get("sectors", [])}
        tradable = [shares.get(s, default) >= threshold for s in sectors]
        note = f"sectors with tradable_share >= {threshold:g} (default {default:g})"
    return Context(result, kinds, kinds_from, tradable, note)


# ------------------------------------------------------------------------------------ statistics

@dataclass
class Series:
    """Values of a statistic by simulated year for one entity ("" for the region or a kind)."""
    entity: str
    years: np.ndarray
    values: np.ndarray


@dataclass
class Statistic:
    name: str
    label: str          # what the table calls it, with units
    fmt: str            # "pct" (a share, shown in %), "num" (1 decimal), "num2", "num3", "pp"
    by_kind: bool       # computed separately for each sector kind
    compute: Callable[[Context, str], list[Series]]
    note: str = ""      # how it is computed, where that is not plain


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num, den = np.asarray(num, float), np.asarray(den, float)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=(den != 0) & np.isfinite(den))
    return out


def _sim(ctx: Context) -> slice:
    return slice(1, None)  # the simulated years: all but the base year


def _kind_sum(ctx: Context, kind: str, var: str) -> np.ndarray | None:
    mask = ctx.sectors_of(kind)
    if not mask.any():
        return None
    return ctx.result.mean("sector", var)[:, mask].sum(axis=1)


def _kind_ratio(num_var: str, den_var: str, scale: float = 1.0):
    def compute(ctx: Context, kind: str) -> list[Series]:
        num = _kind_sum(ctx, kind, num_var)
        den = _kind_sum(ctx, kind, den_var)
        if num is None:
            return []
        s = _sim(ctx)
        return [Series("", ctx.result.years[s], scale * _ratio(num, den)[s])]
    return compute


def _kind_flow_rate(flow_var: str):
    """flow in year t over the kind's active firms at the end of t-1."""
    def compute(ctx: Context, kind: str) -> list[Series]:
        flow = _kind_sum(ctx, kind, flow_var)
        active = _kind_sum(ctx, kind, "firms_active")
        if flow is None:
            return []
        return [Series("", ctx.result.years[1:], _ratio(flow[1:], active[:-1]))]
    return compute


def _net_firm_growth(ctx: Context, kind: str) -> list[Series]:
    active = _kind_sum(ctx, kind, "firms_active")
    if active is None:
        return []
    return [Series("", ctx.result.years[1:], _ratio(active[1:], active[:-1]) - 1.0)]


def _labour_cost(ctx: Context, kind: str) -> list[Series]:
    # Wage bill = the kind's employment x the employment-weighted mean county wage: the output has
    # wages by county and employment by sector, not employment by sector and county.
    emp = _kind_sum(ctx, kind, "employment")
    if emp is None:
        return []
    out = _kind_sum(ctx, kind, "output_value")
    wage = ctx.result.mean("county", "wage")
    county_emp = ctx.result.mean("county", "employment")
    mean_wage = _ratio((wage * county_emp).sum(axis=1), county_emp.sum(axis=1))
    s = _sim(ctx)
    return [Series("", ctx.result.years[s], _ratio(emp * mean_wage, out * WAN_PER_YI)[s])]


def _price_gap(ctx: Context, kind: str) -> list[Series]:
    price = ctx.result.mean("sector", "price")
    national = ctx.result.mean("sector", "national_price")
    s = _sim(ctx)
    names = ctx.result.names("sector")
    return [Series(names[j], ctx.result.years[s], _ratio(price[:, j], national[:, j])[s])
            for j in range(len(names)) if ctx.tradable[j]]


def _region_ratio(num_var: str, den_var: str):
    def compute(ctx: Context, kind: str) -> list[Series]:
        num = ctx.result.mean("region", num_var).sum(axis=1)
        den = ctx.result.mean("region", den_var).sum(axis=1)
        s = _sim(ctx)
        return [Series("", ctx.result.years[s], _ratio(num, den)[s])]
    return compute


def _county_ratio(num_var: str, den_var: str):
    def compute(ctx: Context, kind: str) -> list[Series]:
        num = ctx.result.mean("county", num_var)
        den = ctx.result.mean("county", den_var)
        s = _sim(ctx)
        names = ctx.result.names("county")
        return [Series(names[j], ctx.result.years[s], _ratio(num[:, j], den[:, j])[s])
                for j in range(len(names))]
    return compute


def _region_budget_balance(ctx: Context, kind: str) -> list[Series]:
    revenue = ctx.result.mean("region", "budget_revenue").sum(axis=1)
    spending = ctx.result.mean("region", "budget_spending").sum(axis=1)
    s = _sim(ctx)
    return [Series("", ctx.result.years[s], _ratio(revenue - spending, revenue)[s])]


def _region_transfers(ctx: Context, kind: str) -> list[Series]:
    transfers = ctx.result.mean("county", "transfers").sum(axis=1)
    revenue = ctx.result.mean("region", "budget_revenue").sum(axis=1)
    s = _sim(ctx)
    return [Series("", ctx.result.years[s], _ratio(transfers, revenue)[s])]


def _gdp_growth_values(ctx: Context) -> np.ndarray:
    gdp = ctx.result.mean("region", "gdp").sum(axis=1)
    return _ratio(gdp[1:], gdp[:-1]) - 1.0  # for the simulated years


def _gdp_growth(ctx: Context, kind: str) -> list[Series]:
    return [Series("", ctx.result.years[1:], _gdp_growth_values(ctx))]


def _gdp_growth_at_national_prices(ctx: Context) -> np.ndarray:
    """Region GDP growth less the contribution of the national price series: the modelled
    sectors' last-year value added times their national price change, over last year's GDP
    (a Laspeyres price contribution; the economy outside the modelled sectors counts as volume).
    A baseline carries the national PPI and CPI year by year (2017's and 2021's swings), so a
    jump of nominal growth that the national prices explain is not a model artefact."""
    gdp = ctx.result.mean("region", "gdp").sum(axis=1)
    nominal = _ratio(gdp[1:], gdp[:-1]) - 1.0
    if not ctx.result.has("sector", "national_price"):
        return nominal
    va = ctx.result.mean("sector", "value_added")
    price = ctx.result.mean("sector", "national_price")
    change = _ratio(price[1:], price[:-1]) - 1.0
    contribution = np.nansum(va[:-1] * change, axis=1)
    return nominal - _ratio(contribution, gdp[:-1])


def _gdp_growth_change(ctx: Context, kind: str) -> list[Series]:
    g = _gdp_growth_at_national_prices(ctx)
    if len(g) < 2:
        return []
    return [Series("", ctx.result.years[2:], 100.0 * np.diff(g))]


# Growth-rate changes of at most half a point count as flat: China's national nominal growth
# moved by more than that in 8 of the 9 years 2011-2019 (NBS, approx.), so a smaller change is not
# the acceleration the check is after.
RISE_PP = 0.5


def _gdp_growth_rising(ctx: Context, kind: str) -> list[Series]:
    changes = np.diff(_gdp_growth_at_national_prices(ctx))
    if len(changes) < 2 or not np.all(np.isfinite(changes)):
        return []
    # A rise is an increase of more than RISE_PP points: smaller changes are a flat path.
    return [Series("", ctx.result.years[-1:], np.array([np.mean(changes > RISE_PP / 100.0)]))]


_STATISTICS = [
    Statistic("price_gap", "regional / national price (tradable sector)", "num3", False, _price_gap,
              "sector/price over sector/national_price, each sector whose tradable_share "
              "reaches the band's threshold"),
    Statistic("revenue_per_worker_wan", "revenue per worker (万元)", "num", True,
              _kind_ratio("output_value", "employment", WAN_PER_YI),
              "output_value (亿元) x 10^4 over employment (persons), summed over the kind's "
              "sectors"),
    Statistic("labour_cost_over_revenue", "labour cost / revenue", "pct", True, _labour_cost,
              "approximate: the kind's employment x the employment-weighted mean county wage, over "
              "its revenue (the output has no wage bill by sector)"),
    Statistic("value_added_over_revenue", "value added / revenue", "pct", True,
              _kind_ratio("value_added", "output_value")),
    Statistic("tax_over_revenue", "all taxes / revenue", "pct", True,
              _kind_ratio("tax_total", "output_value")),
    Statistic("profit_over_revenue", "pre-tax profit / revenue", "pct", True,
              _kind_ratio("profit", "output_value")),
    Statistic("entry_rate", "entry rate (entrants / last year's firms)", "pct", True,
              _kind_flow_rate("firms_entered")),
    Statistic("exit_rate", "exit rate (exits / last year's firms)", "pct", True,
              _kind_flow_rate("firms_exited")),
    Statistic("net_firm_growth", "net growth of the number of firms", "pct", True,
              _net_firm_growth),
    Statistic("above_scale_share", "above-scale share of firms", "pct", True,
              _kind_ratio("firms_above_scale", "firms_active")),
    Statistic("average_firm_size_workers", "average firm size (workers)", "num", True,
              _kind_ratio("employment", "firms_active")),
    Statistic("loans_over_revenue", "bank loans / revenue (region)", "num2", False,
              _region_ratio("loans_outstanding", "output_value")),
    Statistic("county_budget_balance_over_revenue", "budget balance / budget revenue (each county)",
              "pct", False, _county_ratio("budget_balance", "budget_revenue")),
    Statistic("region_budget_balance_over_revenue", "budget balance / budget revenue (region)",
              "pct", False, _region_budget_balance),
    Statistic("county_transfers_over_revenue", "transfers / budget revenue (each county)", "pct",
              False, _county_ratio("transfers", "budget_revenue")),
    Statistic("region_transfers_over_revenue", "transfers / budget revenue (region)", "pct", False,
              _region_transfers),
    Statistic("county_policy_spending_over_revenue",
              "policy spending paid by the county / its budget revenue (each county)", "pct", False,
              _county_ratio("policy_spending", "budget_revenue")),
    Statistic("region_policy_spending_over_revenue",
              "policy spending, all payers / counties' budget revenue (region)", "pct", False,
              _region_ratio("policy_spending", "budget_revenue")),
    Statistic("gdp_growth", "region GDP growth (nominal, a year)", "pct", False, _gdp_growth),
    Statistic("gdp_growth_change_pp", "change of region GDP growth at national prices on the year before (points)",
              "pp", False, _gdp_growth_change),
    Statistic("gdp_growth_rising_share",
              "share of years in which region GDP growth at national prices rises > 0.5 pp (path)", "num2", False,
              _gdp_growth_rising,
              "the share of year-on-year changes of the growth rate (at national prices) that are "
              "rises of more than 0.5 points; checked when the path has at least two changes"),
]
STATISTICS: dict[str, Statistic] = {s.name: s for s in _STATISTICS}


# ------------------------------------------------------------------------------------ checking

@dataclass
class Check:
    stat: Statistic
    kind: str
    rng: dict | None              # the [[range]] entry, None: no range for this kind
    series: list[Series]
    status: str = "n/a"           # "ok", "OUT", "n/a" (no value or no range)
    worst: tuple | None = None    # (entity, year, value)
    lo_hi: tuple | None = None    # min and max of the values over years and entities
    out: list[tuple] = field(default_factory=list)  # (entity, year, value) outside the range

    @property
    def label(self) -> str:
        return self.stat.label if self.kind == "all" else f"{self.stat.label}, {self.kind}"


def _bounds(rng: dict) -> tuple[float, float, bool]:
    return (float(rng.get("min", -math.inf)), float(rng.get("max", math.inf)),
            bool(rng.get("max_exclusive", False)))


def excess(value: float, rng: dict) -> float:
    """How far a value lies outside its range, in units of the range's width (or of the bound, for a
    one-sided range): > 0 outside, <= 0 inside (0 at a bound)."""
    lo, hi, _ = _bounds(rng)
    if math.isfinite(lo) and math.isfinite(hi) and hi > lo:
        scale = hi - lo
    else:
        bound = lo if math.isfinite(lo) else hi
        scale = max(abs(bound), 1e-12)
    return max((lo - value) / scale, (value - hi) / scale)


def in_range(value: float, rng: dict) -> bool:
    lo, hi, hi_exclusive = _bounds(rng)
    return lo <= value and (value < hi if hi_exclusive else value <= hi)


def evaluate(stat: Statistic, kind: str, rng: dict | None, series: list[Series]) -> Check:
    check = Check(stat, kind, rng, series)
    points = [(s.entity, int(y), float(v)) for s in series for y, v in zip(s.years, s.values)
              if math.isfinite(v)]
    if not points:
        return check
    values = [p[2] for p in points]
    check.lo_hi = (min(values), max(values))
    if rng is None:
        check.worst = points[-1]
        return check
    check.out = [p for p in points if not in_range(p[2], rng)]
    check.worst = max(points, key=lambda p: (excess(p[2], rng), p[1]))
    check.status = "OUT" if check.out else "ok"
    return check


@dataclass
class Table:
    plan: str
    path: str
    checks: list[Check]
    context: Context

    @property
    def out(self) -> list[Check]:
        return [c for c in self.checks if c.status == "OUT"]


def check_result(result: Result, ranges: dict) -> Table:
    ctx = make_context(result, ranges)
    by_key = {(r["stat"], r["kind"]): r for r in ranges.get("range", [])}
    checks = []
    for stat in _STATISTICS:
        for kind in (KINDS if stat.by_kind else ("all",)):
            try:
                series = stat.compute(ctx, kind)
            except PlausibilityError as e:
                raise PlausibilityError(f"{e} (needed for {stat.name})") from None
            checks.append(evaluate(stat, kind, by_key.get((stat.name, kind)), series))
    return Table(result.plan, str(result.path), checks, ctx)


def check_file(path, ranges: dict, plan: str | None = None, point: int | None = None) -> Table:
    result = Result(path, plan, point)
    try:
        return check_result(result, ranges)
    finally:
        result.close()


# ------------------------------------------------------------------------------------ formatting

def fmt_value(stat: Statistic, v: float) -> str:
    if not math.isfinite(v):
        return "–"
    if stat.fmt == "pct":
        return f"{100 * v:.1f}%"
    if stat.fmt == "pp":
        return f"{v:+.2f} pp"
    if stat.fmt == "num2":
        return f"{v:.2f}"
    if stat.fmt == "num3":
        return f"{v:.3f}"
    return f"{v:,.1f}"


def fmt_range(stat: Statistic, rng: dict | None) -> str:
    if rng is None:
        return "no range"
    lo, hi, hi_exclusive = _bounds(rng)
    if math.isfinite(lo) and math.isfinite(hi):
        text = f"{fmt_value(stat, lo)} – {fmt_value(stat, hi)}"
        return text + (" (excl.)" if hi_exclusive else "")
    if math.isfinite(lo):
        return f"≥ {fmt_value(stat, lo)}"
    return f"{'<' if hi_exclusive else '≤'} {fmt_value(stat, hi)}"


def fmt_worst(check: Check) -> str:
    if check.worst is None:
        return "–"
    entity, year, value = check.worst
    where = f"{year}, {entity}" if entity else f"{year}"
    if check.stat.name == "gdp_growth_rising_share":
        where = f"path to {year}"
    return f"{fmt_value(check.stat, value)} ({where})"


def fmt_spread(check: Check) -> str:
    if check.lo_hi is None:
        return "–"
    lo, hi = check.lo_hi
    if lo == hi:
        return fmt_value(check.stat, lo)
    return f"{fmt_value(check.stat, lo)} to {fmt_value(check.stat, hi)}"


def _na_reason(check: Check) -> str:
    if check.rng is None:
        return "no range for this kind"
    if not check.series:
        if check.stat.by_kind:
            return f"no {check.kind} sector"
        if check.stat.name.startswith("gdp_growth"):
            return "too few simulated years"
        return "nothing to check"
    return "no finite value"


def text_table(table: Table) -> str:
    rows = [("ratio", "range", "worst (year)", "over the years", "status")]
    for c in table.checks:
        if c.status == "n/a" and not c.series:
            continue
        rows.append((c.label, fmt_range(c.stat, c.rng), fmt_worst(c), fmt_spread(c),
                     c.status if c.status != "n/a" else f"n/a ({_na_reason(c)})"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [f"plausibility of {table.plan} ({table.path}): "
             f"{len(table.out)} of {_checked(table)} ratios out of range"]
    for r in rows:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip())
    lines.append(f"sector kinds from the {table.context.kinds_from}; "
                 f"price band: {table.context.tradable_note}")
    return "\n".join(lines)


def _checked(table: Table) -> int:
    return sum(c.status != "n/a" for c in table.checks)


def headline(table: Table) -> str:
    checked = _checked(table)
    if not table.out:
        return f"all {checked} ratios in range"
    parts = [f"{c.label} {fmt_worst(c)}" for c in table.out]
    return f"{len(table.out)} of {checked} ratios out of range: " + "; ".join(parts)


def markdown_table(table: Table, ranges: dict) -> str:
    ctx = table.context
    coverage = ranges.get("plans", {}).get(table.plan, {}).get("coverage")
    lines = [f"### {table.plan}", ""]
    if coverage:
        lines.append(f"Firms modelled: {coverage}.")
    lines.append(f"Sector kinds from the {ctx.kinds_from}; price band over {ctx.tradable_note}.")
    lines.append("")
    head = headline(table)
    lines.append(f"**{head}.**" if not table.out else "**" + head.replace(": ", ":** ", 1) + ".")
    lines.append("")
    lines.append("| ratio | range | source | value: worst year | over the years | status |")
    lines.append("|---|---|---|---|---|---|")
    for c in table.checks:
        if c.status == "n/a" and not c.series and c.stat.by_kind:
            continue  # a kind the plan does not model
        source = c.rng["short"] if c.rng else "–"
        status = {"OUT": "**OUT**", "ok": "ok"}.get(c.status, f"n/a ({_na_reason(c)})")
        lines.append(f"| {c.label} | {fmt_range(c.stat, c.rng)} | {source} | {fmt_worst(c)} | "
                     f"{fmt_spread(c)} | {status} |")
    return "\n".join(lines)


def markdown_section(tables: list[Table], ranges: dict, regsim_note: str) -> str:
    lines = ["<!-- written by tools/validation/plausibility.py --all --update-validation "
             f"({regsim_note}) -->",
             "", "| plan | ratios checked | out of range |", "|---|---|---|"]
    for t in tables:
        lines.append(f"| {t.plan} | {_checked(t)} | {len(t.out)} |")
    for t in tables:
        lines += ["", markdown_table(t, ranges)]
    notes = [f"- {s.label}: {s.note}." for s in _STATISTICS if s.note]
    lines += ["", "How the statistics are computed (tools/validation/plausibility.py), where "
              "not plain:", *notes]
    return "\n".join(lines)


def update_validation(section: str, path=VALIDATION_PATH) -> bool:
    """Replace what lies between the plausibility markers; atomic (temporary file + rename).
    Returns whether the file changed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    begin, end = text.find(BEGIN_MARK), text.find(END_MARK)
    if begin < 0 or end < 0 or end < begin:
        raise PlausibilityError(f"{path}: no {BEGIN_MARK} ... {END_MARK} section to update")
    new = text[:begin + len(BEGIN_MARK)] + "\n" + section.strip() + "\n" + text[end:]
    if new == text:
        return False
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(new)
        os.chmod(tmp, os.stat(path).st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return True


def to_json(table: Table) -> dict:
    def num(v):
        return v if v is None or math.isfinite(v) else None
    return {
        "plan": table.plan, "path": table.path, "sector_kinds_from": table.context.kinds_from,
        "price_band_sectors": table.context.tradable_note,
        "out_of_range": [f"{c.stat.name}:{c.kind}" for c in table.out],
        "checks": [{
            "stat": c.stat.name, "kind": c.kind, "label": c.label, "status": c.status,
            "range": None if c.rng is None else {
                k: c.rng.get(k) for k in ("min", "max", "max_exclusive") if k in c.rng},
            "source": None if c.rng is None else c.rng["source"],
            "worst": None if c.worst is None else {"entity": c.worst[0], "year": c.worst[1],
                                                   "value": num(c.worst[2])},
            "min": None if c.lo_hi is None else num(c.lo_hi[0]),
            "max": None if c.lo_hi is None else num(c.lo_hi[1]),
            "out": [{"entity": e, "year": y, "value": v} for e, y, v in c.out],
            "series": [{"entity": s.entity, "years": [int(y) for y in s.years],
                        "values": [num(float(v)) for v in s.values]} for s in c.series],
        } for c in table.checks]}


def out_lines(table: Table) -> list[str]:
    lines = []
    for c in table.out:
        years = ", ".join(f"{y}{' ' + e if e else ''}: {fmt_value(c.stat, v)}" for e, y, v in c.out)
        lines.append(f"{table.plan}: {c.stat.name} ({c.kind}) outside "
                     f"{fmt_range(c.stat, c.rng)}: {years}")
    return lines


# ------------------------------------------------------------------------------------ running

def run_baselines(regsim: str, outdir: Path, plans=BASELINES) -> list[Path]:
    paths = []
    for plan in plans:
        scenario = ROOT / "scenarios" / f"{plan}-baseline.toml"
        target = outdir / plan
        cmd = [regsim, "run", str(scenario), "-o", str(target), "--force", "--quiet"]
        run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if run.returncode != 0:
            raise PlausibilityError(
                f"{' '.join(cmd)} failed ({run.returncode}):\n{run.stderr.strip()}")
        paths.append(target / "sweep.h5")
    return paths


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sweep", nargs="?", help="a regsim output (sweep.h5 or a run file)")
    ap.add_argument("--plan",
                    help="plan name for the sector-kind mapping (default: @scenario_name)")
    ap.add_argument("--point", type=int, help="design point of a sweep with several")
    ap.add_argument("--all", action="store_true",
                    help="run and check the five calibrated baselines")
    ap.add_argument("--regsim", default=str(ROOT / "build" / "regsim"),
                    help="regsim executable for --all")
    ap.add_argument("--json", help="write the tables as JSON to this file")
    ap.add_argument("--check", action="store_true", help="exit 1 when any ratio leaves its range")
    ap.add_argument("--update-validation", action="store_true",
                    help="rewrite VALIDATION.md's plausibility section (with --all)")
    ap.add_argument("--ranges", default=str(RANGES_PATH), help="reference ranges (TOML)")
    ap.add_argument("--validation", default=str(VALIDATION_PATH), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if bool(args.sweep) == bool(args.all):
        ap.error("give one SWEEP_H5 or --all")
    if args.update_validation and not args.all:
        ap.error("--update-validation needs --all (the section covers the five baselines)")
    try:
        ranges = load_ranges(args.ranges)
        if args.all:
            if not os.access(args.regsim, os.X_OK):
                raise PlausibilityError(f"no regsim executable at {args.regsim} (pass --regsim)")
            with tempfile.TemporaryDirectory(prefix="plausibility.") as tmp:
                paths = run_baselines(args.regsim, Path(tmp))
                tables = [check_file(p, ranges, plan) for p, plan in zip(paths, BASELINES)]
                for t in tables:
                    t.path = f"scenarios/{t.plan}-baseline.toml"
        else:
            tables = [check_file(args.sweep, ranges, args.plan, args.point)]
        for t in tables:
            print(text_table(t))
            print()
        if args.json:
            with open(args.json, "w", encoding="utf-8") as f:
                json.dump([to_json(t) for t in tables] if args.all else to_json(tables[0]), f,
                          ensure_ascii=False, indent=1)
        if args.update_validation:
            version = subprocess.run([args.regsim, "--version"], capture_output=True, text=True)
            note = (version.stdout.strip() or "regsim").splitlines()[0]
            changed = update_validation(markdown_section(tables, ranges, note), args.validation)
            print(f"{args.validation} {'updated' if changed else 'up to date'}")
    except PlausibilityError as e:
        print(f"plausibility: error: {e}", file=sys.stderr)
        return 2
    if args.check:
        lines = [line for t in tables for line in out_lines(t)]
        if lines:
            print(f"{len(lines)} ratio(s) out of range:")
            print("\n".join(lines))
            return 1
        print("every ratio in range")
    return 0


if __name__ == "__main__":
    sys.dont_write_bytecode = True
    sys.exit(main())
