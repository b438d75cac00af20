"""regsim from Python: load a scenario, set keys, run it, and read the results as xarray.

    import regsim
    sc = regsim.load("scenarios/fushun-2018-2020-baseline.toml")
    sc.set("policies.subsidy[SME loan interest subsidy].params.points", 0.0)
    res = regsim.run(sc, seed=1, replicates=2, threads=2)
    res.county["output_value"]            # xarray.DataArray, dims (run, year, county), 亿元
    res.targets                           # the plan's targets, simulated and attained
    res = regsim.open("runs/fushun/sweep.h5")   # files written by the CLI, same datasets

Many runs, as the CLI makes them (the experiment layer's own drivers, on TBB threads, the GIL
released; `progress(done, total)` is called as they go; Ctrl-C stops cleanly: the runs under way
finish, and what can be resumed is resumed by the same call again):

    sw = regsim.sweep("scenarios/fushun-sweep-interest-subsidy.toml")  # the datasets of sweep.h5
    fit = regsim.calibrate("plan.toml", "fit.toml")           # fitted parameters and rows
    opt = regsim.optimize("scenarios/fushun-optimize.toml", "runs/opt")  # optimize.h5's groups
    sh = regsim.attribute("plan.toml", by="family", replicates=2)        # Shapley values
    si = regsim.sensitivity("spec.toml", ["gdp@sum"])                     # Sobol/Morris indices
    cmp = regsim.compare("runs/base", "runs/alt")              # differences with intervals

A level (region, county, platform, sector, policy, payer, policy_payer) is an xarray.Dataset
with the names, dims, coords and attributes (units, long_name) of the HDF5 group of that name
(docs/OUTPUT_SCHEMA.md). Runs release the GIL and use TBB threads as the CLI does; a bad
scenario raises regsim.ScenarioError (a ValueError) with its file:line:column message.
"""

import json
import numbers
import os
import shutil
import tempfile

import numpy as np
import xarray as xr

from ._regsim import ScenarioError, __version__
from . import _regsim

__all__ = ["ScenarioError", "Scenario", "Results", "load", "run", "open", "sweep", "calibrate",
           "optimize", "attribute", "sensitivity", "compare", "LEVELS", "__version__"]

#: The entity levels of a result, in the files' order.
LEVELS = ("region", "county", "platform", "sector", "policy", "payer", "policy_payer")

# Long names of /targets, as output/hdf5_writer.cpp writes them.
_TARGET_LONG_NAMES = {
    "id": "target identifier",
    "status": "modelled or out_of_scope",
    "entity": "entity the target applies to",
    "variable": "output variable (growth(...) for growth targets)",
    "year": "target year (0 when none)",
    "comparator": "comparison of simulated with target: =, >= or <=",
    "target": "target value (NaN when out of scope)",
    "simulated": "simulated value (NaN when not available)",
    "attained": "1 attained, 0 not attained, -1 not applicable",
    "reason": "why the target is out of scope; for a modelled row, its finding (no plausible economy "
              "reaches it), or empty",
}


class Scenario:
    """A scenario file and the keys set on it (an overlay that `extends` the file, as a sweep
    point or a calibration overlay is). Load it with regsim.load(path)."""

    def __init__(self, path):
        self._native = _regsim.Scenario(os.fspath(path))

    def set(self, key, value):
        """Sets a number at a scenario key path, as sweep factors and calibration parameters name
        keys: "sectors[装备制造].demand_growth", "policies.subsidy[NAME].params.points",
        "platforms[NAME].land.serviced_ha", "last_year". An int is written as a TOML integer.
        Raises ScenarioError (with the parser's message) when the element does not exist or the
        scenario rejects the value; the scenario is then unchanged. Returns self."""
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"set({key!r}): expected a number, got {type(value).__name__}")
        integer = isinstance(value, numbers.Integral)
        self._native.set_number(key, float(value), integer)
        return self

    @property
    def path(self):
        return self._native.path

    @property
    def settings(self):
        """The keys set so far: {key: value}."""
        return dict(self._native.settings)

    @property
    def overlay_text(self):
        """The overlay scenario (TOML) that sets the keys: save it to run the same with the CLI."""
        return self._native.overlay_text

    name = property(lambda self: self._native.name)
    first_year = property(lambda self: self._native.first_year)
    last_year = property(lambda self: self._native.last_year)
    seed = property(lambda self: self._native.seed)
    replicates = property(lambda self: self._native.replicates)
    resolved_text = property(lambda self: self._native.resolved_text,
                             doc="the merged scenario (TOML), as /scenario_resolved")
    sha256 = property(lambda self: self._native.sha256)

    def __repr__(self):
        return (f"<regsim.Scenario {self.name!r} {self.first_year}-{self.last_year} "
                f"from {self.path!r}, {len(self.settings)} keys set>")


class Results:
    """The result of regsim.run or regsim.open. `attrs` holds the file's root attributes;
    `region`, `county`, ..., `policy_payer` and `targets` are xarray.Datasets as the HDF5
    groups of those names (a sweep.h5 also has `runs`). One run: dims (year, G). Several
    (replicates, or a sweep.h5): a leading `run` dim, and `replicates` lists the runs one by one
    (regsim.run only; None otherwise)."""

    def __init__(self, attrs, datasets, scenario_resolved=None, replicates=None):
        self.attrs = attrs
        self._datasets = datasets
        self.scenario_resolved = scenario_resolved
        self.replicates = replicates

    def __getitem__(self, group):
        return self._datasets[group]

    def __getattr__(self, group):
        datasets = self.__dict__.get("_datasets", {})
        if group in datasets:
            return datasets[group]
        raise AttributeError(group)

    def __contains__(self, group):
        return group in self._datasets

    @property
    def groups(self):
        """The groups held, in the files' order."""
        return list(self._datasets)

    def __repr__(self):
        dims = {g: dict(ds.sizes) for g, ds in self._datasets.items()}
        return f"<regsim.Results {self.attrs.get('scenario_name')!r} {dims}>"


def load(path):
    """Reads and checks a scenario file (following `extends`); raises ScenarioError."""
    return Scenario(path)


def _level_dataset(years, level):
    name = level["level"]
    coords = {
        "year": xr.Variable(("year",), years, {"long_name": "calendar year"}),
        name: xr.Variable((name,), np.array(level["entities"], dtype=object),
                          {"long_name": f"{name} name"}),
    }
    data = {}
    for s in level["series"]:
        data[s["name"]] = xr.Variable(("year", name), s["values"],
                                      {"long_name": s["long_name"], "units": s["units"]})
    for label in level["labels"]:
        data[label["name"]] = xr.Variable((name,), np.array(label["values"], dtype=object),
                                          {"long_name": label["long_name"]})
    return xr.Dataset(data, coords)


def _targets_dataset(targets):
    rows = len(targets["id"])
    coords = {"row": xr.Variable(("row",), np.arange(rows, dtype=np.int32),
                                 {"long_name": "target row number"})}
    data = {}
    for column, long_name in _TARGET_LONG_NAMES.items():
        values = targets[column]
        if isinstance(values, list):
            values = np.array(values, dtype=object)
        data[column] = xr.Variable(("row",), values, {"long_name": long_name})
    return xr.Dataset(data, coords)


def _results_of_run(run):
    datasets = {level["level"]: _level_dataset(run["years"], level) for level in run["levels"]}
    datasets["targets"] = _targets_dataset(run["targets"])
    return Results(dict(run["attrs"]), datasets, run["scenario_resolved"])


def run(scenario, seed=None, replicates=None, threads=0):
    """Runs a scenario (a Scenario, or a path to load) as `regsim run` does: replicates 0 ..
    replicates-1 (default: the scenario's `replicates`) of `seed` (default: the scenario's), one
    after another, each on `threads` TBB threads (0: all cores; results do not depend on it),
    with the GIL released. One replicate gives the datasets of a run file; several give them
    stacked along `run` (as sweep.h5 of `regsim run --replicates`), with `targets` also holding
    simulated_mean and attained_mean, and `replicates` the runs one by one."""
    if not isinstance(scenario, Scenario):
        scenario = load(scenario)
    out = _regsim.run(scenario._native, seed=seed, replicates=replicates, threads=threads)
    runs = [_results_of_run(r) for r in out["runs"]]
    if len(runs) == 1:
        return runs[0]
    n = len(runs)
    run_coord = xr.Variable(("run",), np.arange(n, dtype=np.int32),
                            {"long_name": "run id (point * replicates + replicate)"})
    datasets = {}
    for group in LEVELS:
        # Series get the run dim; labels and coords (the same in every run) do not.
        series = [name for name, v in runs[0][group].data_vars.items() if "year" in v.dims]
        stacked = xr.concat([r[group] for r in runs], dim="run", data_vars=series,
                            coords="minimal", compat="identical")
        datasets[group] = stacked.assign_coords(run=run_coord)
    first = runs[0].targets
    targets = first.drop_vars(["simulated", "attained"])
    targets["simulated"] = xr.concat([r.targets["simulated"] for r in runs], dim="run")
    targets["attained"] = xr.concat([r.targets["attained"] for r in runs], dim="run")
    targets["simulated_mean"] = xr.Variable(("row",), out["simulated_mean"], {
        "long_name": "replicate mean of simulated (summed in replicate order)"})
    targets["attained_mean"] = xr.Variable(("row",), out["attained_mean"], {
        "long_name": "whether simulated_mean attains the target: 1, 0, -1 not applicable"})
    datasets["targets"] = targets.assign_coords(run=run_coord)
    attrs = {k: v for k, v in runs[0].attrs.items() if k != "replicate"}
    attrs["replicates"] = n
    return Results(attrs, datasets, runs[0].scenario_resolved, runs)


def open(path):
    """Reads a run file (`regsim run`) or a sweep.h5 (`regsim sweep`, `run --replicates`, or a
    directory holding one): every group as an xarray.Dataset, loaded into memory."""
    import h5py  # only needed for files

    path = os.fspath(path)
    if os.path.isdir(path):
        path = os.path.join(path, "sweep.h5")
    with h5py.File(path, "r") as f:
        attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
        groups = [g for g in (*LEVELS, "targets", "runs") if g in f]
        resolved = f["scenario_resolved"][()] if "scenario_resolved" in f else None
    if isinstance(resolved, bytes):
        resolved = resolved.decode()
    datasets = {}
    for group in groups:
        with xr.open_dataset(path, engine="h5netcdf", group=group) as ds:
            datasets[group] = ds.load()
    return Results(attrs, datasets, resolved)


def _open_groups(path, groups):
    """The named groups of an HDF5 file as xarray.Datasets (loaded), with the root attributes."""
    import h5py

    with h5py.File(path, "r") as f:
        attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
        present = [g for g in groups if g in f]
    datasets = {}
    for group in present:
        with xr.open_dataset(path, engine="h5netcdf", group=group) as ds:
            datasets[group] = ds.load()
    if "/" in groups:
        with xr.open_dataset(path, engine="h5netcdf") as ds:
            datasets["/"] = ds.load()
    return Results(attrs, datasets)


def sweep(spec, out=None, threads=0, progress=None, run_files=None):
    """Runs a sweep spec as `regsim sweep SPEC -o OUT` does (the same library call) and returns
    the datasets of its sweep.h5, as regsim.open reads them. `out` is the output directory
    (run files there make a rerun resume, as the CLI's do); None: a temporary directory without
    run files, removed afterwards. `progress(done, total)` is called after each run."""
    spec = os.fspath(spec)
    temporary = out is None
    out = tempfile.mkdtemp(prefix="regsim-sweep-") if temporary else os.fspath(out)
    if run_files is None:
        run_files = not temporary
    try:
        done = _regsim.sweep(spec, out, threads=threads, run_files=run_files, progress=progress)
        return open(done["sweep_h5"])
    finally:
        if temporary:
            shutil.rmtree(out, ignore_errors=True)


def calibrate(scenario, out, replicates=None, max_evaluations=None, threads=0, progress=None):
    """Fits the scenario's [calibration] parameters as `regsim calibrate SCENARIO -o OUT` does,
    writing the same overlay `out`. Returns a dict: "parameters" (a pandas.DataFrame indexed by
    key: start, fitted), "means" (the replicate means at the fit, per target row of the
    scenario), "objective", "evaluations", "restarts", "standard_met", "report" (the lines the
    overlay starts with) and "written"."""
    import pandas as pd

    scenario = scenario.path if isinstance(scenario, Scenario) else os.fspath(scenario)
    fit = _regsim.calibrate(scenario, os.fspath(out), replicates=replicates,
                            max_evaluations=max_evaluations, threads=threads, progress=progress)
    keys = [line.split()[0] for line in _parameter_lines(fit["report"])]
    fit["parameters"] = pd.DataFrame({"start": fit.pop("start"), "fitted": fit.pop("fitted")},
                                     index=pd.Index(keys, name="key"))
    fit["means"] = np.asarray(fit["means"])
    return fit


def _parameter_lines(report):
    lines, on = [], False
    for line in report:
        if line.startswith("parameter "):
            on = True
            continue
        if on:
            if not line or line.startswith("*"):
                break
            lines.append(line)
    return lines


def optimize(spec, out, max_evaluations=None, threads=0, progress=None):
    """Searches the cheapest mix as `regsim optimize SPEC -o OUT` does (the same files in `out`;
    run again after an interruption, it replays the evaluations it finished). Returns the
    groups of optimize.h5 ("/", "history", "front", "validation") as xarray.Datasets, with
    attrs `best_toml` (its path, or None when no mix meets every constraint)."""
    done = _regsim.optimize(os.fspath(spec), os.fspath(out), max_evaluations=max_evaluations,
                            threads=threads, progress=progress)
    res = _open_groups(done["optimize_h5"], ("/", "history", "front", "validation"))
    res.attrs["best_toml"] = done["best_toml"] or None
    return res


def attribute(scenario, by="instrument", replicates=None, rules=False, exact_max=10,
              permutations=64, threads=0):
    """Shapley values of the scenario's instruments (or families, by="family") as
    `regsim attribute --json` computes them. Returns a pandas.DataFrame indexed by
    (measure, player) with columns value and standard_error, and attrs holding the JSON's
    header (scenario, by, replicates, exact, subsets) and each measure's units, none and all."""
    import pandas as pd

    scenario = scenario.path if isinstance(scenario, Scenario) else os.fspath(scenario)
    doc = json.loads(_regsim.attribute(scenario, by=by, replicates=replicates, rules=rules,
                                       exact_max=exact_max, permutations=permutations,
                                       threads=threads))
    rows = [(m, p, v["value"], v["standard_error"])
            for m, measure in doc["measures"].items() for p, v in measure["players"].items()]
    frame = pd.DataFrame(rows, columns=["measure", "player", "value", "standard_error"])
    frame = frame.set_index(["measure", "player"])
    frame.attrs = {k: v for k, v in doc.items() if k != "measures"}
    frame.attrs["measures"] = {m: {k: v for k, v in d.items() if k != "players"}
                               for m, d in doc["measures"].items()}
    return frame


def sensitivity(spec, measures, out=None, threads=0, bootstrap=500, confidence=0.95,
                progress=None):
    """Sobol or Morris indices as `regsim sensitivity SPEC --measure ... --json` computes them,
    on the sweep of `spec` in `out` (None: a temporary directory, removed afterwards). Returns a
    pandas.DataFrame indexed by (output, factor key) with the JSON's columns (first, first_ci,
    total, total_ci or mu_star, mu, sigma) and replicate_noise_share; attrs hold the header."""
    import pandas as pd

    if isinstance(measures, str):
        measures = [measures]
    temporary = out is None
    out = tempfile.mkdtemp(prefix="regsim-sensitivity-") if temporary else os.fspath(out)
    try:
        doc = json.loads(_regsim.sensitivity(os.fspath(spec), list(measures), out,
                                             threads=threads, bootstrap=bootstrap,
                                             confidence=confidence, progress=progress))
    finally:
        if temporary:
            shutil.rmtree(out, ignore_errors=True)
    rows = []
    for o in doc["outputs"]:
        for f in o["factors"]:
            rows.append({"output": o["output"], "replicate_noise_share": o["replicate_noise_share"],
                         **f})
    frame = pd.DataFrame(rows).set_index(["output", "key"])
    frame.attrs = {k: v for k, v in doc.items() if k != "outputs"}
    return frame


def compare(base, *alternatives, level="", variables=(), years=(), confidence=0.95):
    """Compares results as `regsim compare BASE ALT... --csv --json` does: each argument a run
    file, a sweep.h5 of one point, or "PATH:point=K" of a sweep.h5. Returns the long table
    (the CLI's CSV, row for row) as a pandas.DataFrame; attrs["document"] holds the JSON document
    (targets, the whole plan, instruments, cost-effectiveness)."""
    import io

    import pandas as pd

    if not alternatives:
        raise TypeError("compare(base, alt, ...): at least one alternative")
    fs = [os.fspath(p) for p in (base, *alternatives)]
    csv, doc = _regsim.compare(fs[0], fs[1:], level=level, variables=list(variables),
                               years=list(years), confidence=confidence)
    frame = pd.read_csv(io.StringIO(csv), keep_default_na=False, na_values=[""])
    frame.attrs["document"] = json.loads(doc)
    return frame
