"""The Python module `regsim` (python/): results equal the CLI's HDF5 files bit for bit, keys set
from Python change a run as the equivalent overlay file does, bad scenarios raise
regsim.ScenarioError with the file:line:column message, runs release the GIL.

Run by CTest (python.bindings) with Debian's pytest: PYTHONPATH=BUILD/python, REGSIM_EXE (the
CLI) and REGSIM_SOURCE_DIR set.
"""

import json
import os
import pathlib
import subprocess
import threading
import time

import h5py
import numpy as np
import pytest
import xarray as xr

import regsim

SOURCE = pathlib.Path(os.environ["REGSIM_SOURCE_DIR"])
EXE = os.environ["REGSIM_EXE"]
BASELINE = SOURCE / "scenarios" / "fushun-2018-2020-baseline.toml"
SUBSIDY = "policies.subsidy[SME loan interest subsidy].params.points"


def cli(*args):
    subprocess.run([EXE, *map(str, args)], check=True, stdout=subprocess.DEVNULL)


def same_bits(a, b):
    """Equal arrays: same shape and dtype, numbers bit for bit (NaN included), strings equal."""
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind in "OSU" or b.dtype.kind in "OSU":
        decode = lambda x: [v.decode() if isinstance(v, bytes) else str(v) for v in x.ravel()]
        return a.shape == b.shape and decode(a) == decode(b)
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


def file_dims(dataset):
    """The dimension names of an HDF5 dataset: its attached scales' names (a scale: its own)."""
    if h5py.h5ds.is_scale(dataset.id):
        return (pathlib.PurePosixPath(dataset.name).name,)
    return tuple(pathlib.PurePosixPath(d[0].name).name for d in dataset.dims)


def assert_group_equals_file(ds, group):
    """Every dataset of an HDF5 group equals the variable of that name, bit for bit."""
    names = list(group.keys())
    assert sorted(names) == sorted(ds.variables), f"{group.name}: {names} vs {list(ds.variables)}"
    for name in names:
        assert same_bits(ds[name].values, group[name][()]), f"{group.name}/{name} differs"
        assert ds[name].dims == file_dims(group[name]), f"{group.name}/{name}: dims"
        for key in ("units", "long_name"):
            if key in group[name].attrs:
                assert ds[name].attrs[key] == group[name].attrs[key], f"{group.name}/{name}@{key}"


def assert_run_equals_file(res, path):
    with h5py.File(path, "r") as f:
        for g in (*regsim.LEVELS, "targets"):
            assert_group_equals_file(res[g], f[g])
        resolved = f["scenario_resolved"][()]
        assert res.scenario_resolved == (resolved.decode() if isinstance(resolved, bytes)
                                         else resolved)
        for key in ("scenario_name", "scenario_sha256", "seed", "replicate", "regsim_version"):
            assert res.attrs[key] == f.attrs[key], key


@pytest.fixture(scope="module")
def cli_one(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "one.h5"
    cli("run", BASELINE, "--replicates", 1, "-o", out, "--threads", 2, "--quiet")
    return out


def test_run_equals_the_cli_run_file_bit_for_bit(cli_one):
    res = regsim.run(regsim.load(BASELINE), replicates=1, threads=2)
    assert_run_equals_file(res, cli_one)
    # Same names, dims, coords and attributes as xarray reads from the file.
    opened = regsim.open(cli_one)
    for g in (*regsim.LEVELS, "targets"):
        xr.testing.assert_identical(res[g], opened[g])
    assert res.county["output_value"].dims == ("year", "county")
    assert res.county["output_value"].attrs["units"] == "亿元 (1e8 CNY)"


def test_replicates_equal_the_cli_run_files_and_sweep_h5(tmp_path):
    out = tmp_path / "reps"
    cli("run", BASELINE, "--replicates", 2, "-o", out, "--threads", 2, "--quiet")
    res = regsim.run(BASELINE, replicates=2, threads=2)  # a path is loaded
    assert len(res.replicates) == 2
    for r, run in enumerate(res.replicates):
        assert run.attrs["replicate"] == r
        assert_run_equals_file(run, out / "runs" / f"run-{r:06d}.h5")
    with h5py.File(out / "sweep.h5", "r") as f:
        for g in regsim.LEVELS:
            for name in f[g]:
                assert same_bits(res[g][name].values, f[g][name][()]), f"{g}/{name}"
                assert res[g][name].dims == file_dims(f[g][name]), f"{g}/{name}"
        for name in ("simulated", "attained", "simulated_mean", "attained_mean", "id"):
            assert same_bits(res.targets[name].values, f["targets"][name][()]), name
    # The calibrated baseline's 21 modelled rows, in its 4-replicate mean (as calibrated and as
    # the README's first command runs it): each attained, or unmet with the finding the
    # calibration wrote for it (/targets/reason), never both.
    four = regsim.run(BASELINE, threads=2)
    modelled = four.targets["status"].values == "modelled"
    attained = four.targets["attained_mean"].values[modelled]
    finding = np.array([bool(str(r).strip()) for r in four.targets["reason"].values[modelled]])
    assert modelled.sum() == 21 and (attained == 1).any()
    assert ((attained == 1) | finding).all()


def test_threads_and_seed(cli_one):
    sc = regsim.load(BASELINE)
    one = regsim.run(sc, replicates=1, threads=1)
    two = regsim.run(sc, replicates=1, threads=2)
    for g in regsim.LEVELS:
        for name in one[g].data_vars:
            assert same_bits(one[g][name].values, two[g][name].values), f"{g}/{name}"
    other = regsim.run(sc, replicates=1, seed=5, threads=2)
    assert other.attrs["seed"] == 5
    assert not same_bits(other.region["output_value"].values, one.region["output_value"].values)


def test_set_changes_the_run_as_the_overlay_file_does(tmp_path):
    sc = regsim.load(BASELINE)
    assert sc.set(SUBSIDY, 0.0) is sc
    sc.set("sectors[装备制造].demand_growth", 0.1)
    sc.set("sectors[装备制造].demand_growth", 0.12)  # a key set again replaces its value
    assert sc.settings == {SUBSIDY: 0.0, "sectors[装备制造].demand_growth": 0.12}
    overlay = tmp_path / "overlay.toml"
    overlay.write_text(f"""format = 1
extends = "{BASELINE}"
[[policies.subsidy]]
name = "SME loan interest subsidy"
params = {{ points = 0.0 }}
[[sectors]]
name = "装备制造"
demand_growth = 0.12
""", encoding="utf-8")
    cli("run", overlay, "--replicates", 1, "-o", tmp_path / "overlay.h5", "--threads", 2, "-q")
    res = regsim.run(sc, replicates=1, threads=2)
    assert_run_equals_file(res, tmp_path / "overlay.h5")
    base = regsim.run(BASELINE, replicates=1, threads=2)
    spent = res.policy["spending"].sel(policy="SME loan interest subsidy").values[1:]
    assert (spent == 0).all() and (base.policy["spending"].sel(
        policy="SME loan interest subsidy").values[1:] > 0).all()
    # The overlay text Python shows runs the same with the CLI.
    (tmp_path / "shown.toml").write_text(sc.overlay_text, encoding="utf-8")
    cli("run", tmp_path / "shown.toml", "-r", 1, "-o", tmp_path / "shown.h5", "--threads", 2, "-q")
    assert_run_equals_file(res, tmp_path / "shown.h5")


def test_set_refuses_bad_keys_and_values():
    sc = regsim.load(BASELINE)
    with pytest.raises(regsim.ScenarioError, match=r"did you mean '装备制造'"):
        sc.set("sectors[装备制].demand_growth", 0.1)
    with pytest.raises(regsim.ScenarioError, match=r"must be in \(-1, 10\], got 50"):
        sc.set("sectors[装备制造].demand_growth", 50.0)
    with pytest.raises(regsim.ScenarioError, match=r"expected"):
        sc.set("sectors[装备制造", 0.1)
    with pytest.raises(TypeError):
        sc.set(SUBSIDY, "0.02")
    assert sc.settings == {} and sc.overlay_text == ""
    assert issubclass(regsim.ScenarioError, ValueError)


def test_a_bad_scenario_raises_with_its_location(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("""format = 1
name = "bad"
first_year = 2020
last_year = 2022
seed = 1
[[sectors]]
name = "工业"
[[counties]]
name = "东县"
labor_force = 1000
""", encoding="utf-8")
    with pytest.raises(regsim.ScenarioError) as e:
        regsim.load(bad)
    assert str(e.value).startswith(f"{bad}:10:1: error: unknown key 'labor_force'"), str(e.value)
    assert "did you mean 'labour_force'" in str(e.value)
    with pytest.raises(ValueError):  # a ScenarioError is a ValueError
        regsim.run(bad)


def test_runs_release_the_gil():
    sc = regsim.load(BASELINE)
    done = threading.Event()
    ticks = 0
    failure = []

    def work():
        try:
            regsim.run(sc, replicates=8, threads=1)
        except Exception as e:  # re-raised below, in the test's thread
            failure.append(e)
        finally:
            done.set()

    worker = threading.Thread(target=work)
    start = time.perf_counter()
    worker.start()
    while not done.is_set():
        ticks += 1
    worker.join()
    seconds = time.perf_counter() - start
    if failure:
        raise failure[0]
    # Holding the GIL for the whole run would leave this loop a few switch intervals at most.
    assert ticks > 10000, f"{ticks} iterations in {seconds:.2f} s beside the run"


def test_open_reads_a_sweep_directory(tmp_path):
    out = tmp_path / "reps"
    cli("run", BASELINE, "--replicates", 2, "-o", out, "--threads", 2, "--quiet")
    opened = regsim.open(out)
    assert opened.attrs["design"] == "replicates" and "runs" in opened
    res = regsim.run(BASELINE, replicates=2, threads=2)
    assert opened.county["output_value"].dims == ("run", "year", "county")
    assert same_bits(opened.county["output_value"].values, res.county["output_value"].values)


# The experiment layer from Python: the CLI's drivers, the same library calls.
SWEEP = SOURCE / "scenarios" / "fushun-sweep-interest-subsidy.toml"


@pytest.fixture(scope="module")
def cli_sweep(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli-sweep")
    cli("sweep", SWEEP, "-o", out, "--threads", 2, "--quiet")
    return out / "sweep.h5"


def assert_sweep_equals_file(res, path):
    """Every group of a sweep.h5 equals the Results' dataset of that name, dataset for dataset."""
    with h5py.File(path, "r") as f:
        groups = [g for g in f if isinstance(f[g], h5py.Group)]
        assert sorted(groups) == sorted(res.groups)
        for g in groups:
            assert_group_equals_file(res[g], f[g])
        for key in ("design", "points", "replicates", "scenario_sha256", "seed"):
            assert res.attrs[key] == (f.attrs[key].decode() if isinstance(f.attrs[key], bytes)
                                      else f.attrs[key]), key


def test_sweep_equals_the_cli_sweep_h5_dataset_for_dataset(cli_sweep):
    calls = []
    res = regsim.sweep(SWEEP, threads=1, progress=lambda done, total: calls.append((done, total)))
    assert_sweep_equals_file(res, cli_sweep)
    assert calls == [(k, 20) for k in range(1, 21)]


def test_sweep_releases_the_gil_and_resumes_after_ctrl_c(tmp_path, cli_sweep):
    import signal

    out = tmp_path / "sweep"
    ticks = [0]
    started = threading.Event()

    def progress(done, total):
        started.set()

    # Ctrl-C once the first run is in: the runs under way finish, no sweep.h5 is written.
    def interrupt():
        started.wait(60)
        os.kill(os.getpid(), signal.SIGINT)

    killer = threading.Thread(target=interrupt)
    killer.start()
    with pytest.raises(KeyboardInterrupt):
        regsim.sweep(SWEEP, out, threads=1, progress=progress)
    killer.join()
    runs = sorted(p.name for p in (out / "runs").glob("run-*.h5"))
    assert not (out / "sweep.h5").exists()
    assert 1 <= len(runs) < 20, runs

    # The same call again resumes (the finished runs are reused) and ends equal to the CLI's;
    # a Python thread runs beside it (the GIL is released).
    done = threading.Event()

    def count():
        while not done.is_set():
            ticks[0] += 1

    counter = threading.Thread(target=count)
    counter.start()
    try:
        res = regsim.sweep(SWEEP, out, threads=2)
    finally:
        done.set()
        counter.join()
    assert_sweep_equals_file(res, cli_sweep)
    assert ticks[0] > 10000


def test_attribute_equals_the_cli_json(tmp_path):
    path = tmp_path / "a.json"
    cli("attribute", BASELINE, "--by", "family", "-r", 2, "--threads", 2, "--json", path)
    doc = json.loads(path.read_text())
    frame = regsim.attribute(BASELINE, by="family", replicates=2, threads=1)
    assert frame.attrs["subsets"] == doc["subsets"] and frame.attrs["exact"] == doc["exact"]
    for measure, m in doc["measures"].items():
        for player, v in m["players"].items():
            assert frame.loc[(measure, player), "value"] == v["value"], (measure, player)
        assert frame.attrs["measures"][measure]["all"] == m["all"]


def test_calibrate_writes_the_cli_overlay(tmp_path):
    case = SOURCE / "tests" / "data" / "calibration" / "analytic.toml"
    args = ["--max-evaluations", 12, "-r", 2]
    subprocess.run([EXE, "calibrate", case, "-o", tmp_path / "cli.toml", *map(str, args),
                    "--threads", "2", "--quiet"], stdout=subprocess.DEVNULL)
    evaluations = []
    fit = regsim.calibrate(case, tmp_path / "py.toml", replicates=2, max_evaluations=12,
                           threads=1, progress=lambda done, total: evaluations.append(done))
    strip = lambda p: [l for l in p.read_text().splitlines()
                       if "wall time" not in l and not l.startswith("# regsim calibrate")]
    assert strip(tmp_path / "py.toml") == strip(tmp_path / "cli.toml")
    assert evaluations == list(range(1, 13)) and fit["evaluations"] == 12
    assert list(fit["parameters"].index) == ["sectors[装备制造].demand_growth",
                                             "sectors[农产品加工].demand_growth"]
    text = (tmp_path / "cli.toml").read_text()
    for key, fitted in fit["parameters"]["fitted"].items():
        assert repr(fitted) in text or f"{fitted:.17g}" in text or str(fitted) in text, key


def test_optimize_equals_the_cli_optimize_h5(tmp_path):
    spec = SOURCE / "scenarios" / "fushun-optimize.toml"
    code = subprocess.run([EXE, "optimize", spec, "-o", tmp_path / "cli", "--max-evaluations",
                           "4", "--threads", "2", "--quiet"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode
    assert code in (0, 3)  # 3: no mix of 4 meets every constraint; the files are written
    res = regsim.optimize(spec, tmp_path / "py", max_evaluations=4, threads=1)
    assert (res.attrs["best_toml"] is None) == (code == 3)
    with h5py.File(tmp_path / "cli" / "optimize.h5", "r") as f:
        for g in ("history", "front"):
            assert_group_equals_file(res[g], f[g])
        for name in ("variable", "plan_mix", "row_id", "row_target"):
            assert same_bits(res["/"][name].values, f[name][()]), name


def test_compare_equals_the_cli_csv(tmp_path):
    import pandas as pd

    for name, sc in (("base", SOURCE / "scenarios" / "fushun-2018-2020.toml"),
                     ("alt", SOURCE / "scenarios" / "fushun-no-interest-subsidy.toml")):
        cli("run", sc, "--replicates", 2, "-o", tmp_path / name, "--threads", 2, "--quiet")
    cli("compare", tmp_path / "base" / "sweep.h5", tmp_path / "alt" / "sweep.h5", "--csv",
        tmp_path / "c.csv",
        "--json", tmp_path / "c.json")
    frame = regsim.compare(tmp_path / "base" / "sweep.h5", tmp_path / "alt" / "sweep.h5")
    expected = pd.read_csv(tmp_path / "c.csv", keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(frame, expected)
    assert frame.attrs["document"] == json.loads((tmp_path / "c.json").read_text())
