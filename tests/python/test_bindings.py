"""The Python module `regsim` (python/): results equal the CLI's HDF5 files bit for bit, keys set
from Python change a run as the equivalent overlay file does, bad scenarios raise
regsim.ScenarioError with the file:line:column message, runs release the GIL.

Run by CTest (python.bindings) with Debian's pytest: PYTHONPATH=BUILD/python, REGSIM_EXE (the
CLI) and REGSIM_SOURCE_DIR set.
"""

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
    # All 21 modelled rows of the calibrated baseline attained by the mean of 2 replicates? The
    # baseline is calibrated on 4; check the 4-replicate mean, as the README's first command.
    four = regsim.run(BASELINE, threads=2)
    modelled = four.targets["status"].values == "modelled"
    assert modelled.sum() == 21 and (four.targets["attained_mean"].values[modelled] == 1).all()


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
