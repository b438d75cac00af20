#!/usr/bin/python3
"""Tests of the plausibility table (tools/validation/plausibility.py) on small constructed outputs.

A constructed two-county, two-sector economy (industry and services, 2017 base year and three
simulated years, two replicates) has known ratios: every one inside the shipped ranges. Each test
changes one thing and checks what the tool reports: the status, the statistic's name, its value,
the worst year and entity, and the errors for missing datasets and unmapped sectors.
Run: /usr/bin/python3 -m pytest tests/python/test_plausibility.py
"""
import json
import math
import sys
from pathlib import Path

import h5py
import numpy as np
import pytest

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools" / "validation"))
import plausibility as pl  # noqa: E402

YEARS = [2017, 2018, 2019, 2020]
SECTORS = ["工业A", "服务B"]
COUNTIES = ["甲县", "乙县"]
RUNS = 2
RANGES = pl.load_ranges()  # the shipped ranges, with a mapping for the constructed plan below
RANGES["sector_kinds"]["test-plan"] = {"工业A": "industry", "服务B": "services"}
SCENARIO = """name = 'test-plan'
[[sectors]]
name = '工业A'
[[sectors]]
name = '服务B'
tradable_share = 0.2
"""


def economy():
    """A plausible economy, the same in every replicate: {group: {var: [year, entity]}}."""
    t = np.arange(len(YEARS), dtype=float)
    # Firms: industry grows 5% a year with 8% exits; services 10% with 8% exits.
    active = np.column_stack([100 * 1.05 ** t, 200 * 1.10 ** t])
    prev = np.vstack([active[:1], active[:-1]])
    exited = prev * 0.08
    entered = active - prev + exited
    employment = active * np.array([30.0, 10.0])            # workers per firm
    output = employment * np.array([100.0, 50.0]) / 1e4     # 万元 per worker -> 亿元
    sector = {
        "firms_active": active, "firms_entered": entered, "firms_exited": exited,
        "firms_above_scale": active * np.array([0.10, 0.03]), "employment": employment,
        "output_value": output, "value_added": output * np.array([0.25, 0.30]),
        "tax_total": output * 0.04, "profit": output * 0.06,
        "national_price": np.column_stack([1.02 ** t, 1.03 ** t]),
    }
    sector["price"] = sector["national_price"] * np.array([1.05, 1.30])  # services: not tradable
    revenue = np.column_stack([10 * 1.08 ** t, 20 * 1.08 ** t])
    county = {
        "wage": np.full((len(YEARS), 2), 6.0),               # 6% of 100 万元 per worker
        "employment": np.column_stack([employment.sum(1) * 0.4, employment.sum(1) * 0.6]),
        "budget_revenue": revenue, "budget_balance": -0.05 * revenue,
        "transfers": 0.4 * revenue, "policy_spending": 0.05 * revenue,
    }
    gdp = 100 * np.cumprod([1.0, 1.08, 1.09, 1.085])        # growth 8, 9, 8.5%
    region = {
        "output_value": output.sum(1, keepdims=True),
        "loans_outstanding": 0.3 * output.sum(1, keepdims=True),
        "budget_revenue": revenue.sum(1, keepdims=True),
        "budget_spending": 1.05 * revenue.sum(1, keepdims=True),
        "policy_spending": 0.05 * revenue.sum(1, keepdims=True),
        "gdp": gdp[:, None],
    }
    return {"sector": sector, "county": county, "region": region}


def write(path, data=None, drop=(), scenario=SCENARIO, runs=None, attrs=None, sector_kind=None):
    """Write a sweep-shaped file [run, year, entity]. `runs` maps (group, var) to a list of
    per-replicate arrays, replacing the replicate-invariant value."""
    data = data or economy()
    entities = {"sector": SECTORS, "county": COUNTIES, "region": ["test"]}
    str_t = h5py.string_dtype("utf-8")
    with h5py.File(path, "w") as f:
        f.attrs["scenario_name"] = "test-plan"
        for k, v in (attrs or {}).items():
            f.attrs[k] = v
        if scenario is not None:
            f.create_dataset("scenario_resolved", data=scenario, dtype=str_t)
        f.create_dataset("runs/point", data=np.zeros(RUNS, dtype=np.int32))
        for group, variables in data.items():
            f.create_dataset(f"{group}/year", data=np.array(YEARS, dtype=np.int32))
            f.create_dataset(f"{group}/{group}", data=entities[group], dtype=str_t)
            for var, value in variables.items():
                if (group, var) in drop:
                    continue
                stacked = np.stack((runs or {}).get((group, var), [value] * RUNS))
                f.create_dataset(f"{group}/{var}", data=stacked.astype(float))
        if sector_kind is not None:
            f.create_dataset("sector/sector_kind", data=sector_kind, dtype=str_t)
    return path


def at_national_prices(data):
    """Region GDP growth less the national price contribution of the sectors' value added."""
    gdp = data["region"]["gdp"][:, 0]
    va, price = data["sector"]["value_added"], data["sector"]["national_price"]
    contribution = (va[:-1] * (price[1:] / price[:-1] - 1)).sum(axis=1)
    return (np.diff(gdp) - contribution) / gdp[:-1]


def check(path, ranges=RANGES):
    return pl.check_file(path, ranges)


def get(table, stat, kind="all"):
    return next(c for c in table.checks if c.stat.name == stat and c.kind == kind)


def test_plausible_economy_passes_every_range(tmp_path):
    table = check(write(tmp_path / "ok.h5"))
    assert table.out == []
    statuses = {(c.stat.name, c.kind): c.status for c in table.checks}
    assert statuses[("revenue_per_worker_wan", "industry")] == "ok"
    assert statuses[("exit_rate", "services")] == "ok"
    assert statuses[("exit_rate", "construction")] == "n/a"  # no construction sector
    assert statuses[("gdp_growth_rising_share", "all")] == "ok"
    # Known values.
    assert get(table, "revenue_per_worker_wan", "industry").lo_hi == pytest.approx((100.0, 100.0))
    assert get(table, "revenue_per_worker_wan", "services").lo_hi == pytest.approx((50.0, 50.0))
    assert get(table, "labour_cost_over_revenue", "industry").lo_hi == pytest.approx((0.06, 0.06))
    assert get(table, "exit_rate", "industry").lo_hi == pytest.approx((0.08, 0.08))
    assert get(table, "entry_rate", "services").lo_hi == pytest.approx((0.18, 0.18))
    assert get(table, "net_firm_growth", "industry").lo_hi == pytest.approx((0.05, 0.05))
    assert get(table, "average_firm_size_workers", "industry").lo_hi == pytest.approx((30.0, 30.0))
    assert get(table, "county_budget_balance_over_revenue").lo_hi == pytest.approx((-0.05, -0.05))
    assert get(table, "gdp_growth").lo_hi == pytest.approx((0.08, 0.09))
    changes = 100 * np.diff(at_national_prices(economy()))
    assert get(table, "gdp_growth_change_pp").lo_hi == pytest.approx((changes.min(), changes.max()))
    # Only the simulated years are measured, the base year never.
    assert [int(y) for y in get(table, "gdp_growth").series[0].years] == YEARS[1:]
    rpw = get(table, "revenue_per_worker_wan", "industry")
    assert [int(y) for y in rpw.series[0].years] == YEARS[1:]


def test_price_band_only_for_tradable_sectors(tmp_path):
    gap = get(check(write(tmp_path / "p.h5")), "price_gap")
    assert [s.entity for s in gap.series] == ["工业A"]        # 服务B has tradable_share 0.2
    assert gap.status == "ok" and gap.lo_hi == pytest.approx((1.05, 1.05))
    # Without a resolved scenario the band applies to every sector, and the table says so.
    table = check(write(tmp_path / "noscen.h5", scenario=None))
    gap = get(table, "price_gap")
    assert [s.entity for s in gap.series] == SECTORS
    assert gap.status == "OUT" and gap.worst[0] == "服务B" and gap.worst[2] == pytest.approx(1.30)
    assert "every sector" in table.context.tradable_note


def test_out_of_range_flagged_with_name_value_and_worst_year(tmp_path):
    data = economy()
    active = data["sector"]["firms_active"]
    # Industry exits: 1% of last year's firms in 2018, 10% in 2019, 16% in 2020. Outside the
    # range 5-15% in 2018 (0.4 of the range's width below) and 2020 (0.1 above): worst is 2018.
    rates = np.array([0.0, 0.01, 0.10, 0.16])
    prev = np.concatenate([active[:1, 0], active[:-1, 0]])
    data["sector"]["firms_exited"][:, 0] = rates * prev
    table = check(write(tmp_path / "exit.h5", data))
    exit_ind = get(table, "exit_rate", "industry")
    assert exit_ind.status == "OUT"
    assert exit_ind.worst[1] == 2018 and exit_ind.worst[2] == pytest.approx(0.01)
    assert [(y, round(v, 6)) for _, y, v in exit_ind.out] == [(2018, 0.01), (2020, 0.16)]
    assert exit_ind.lo_hi == pytest.approx((0.01, 0.16))
    assert get(table, "exit_rate", "services").status == "ok"
    assert [f"{c.stat.name}:{c.kind}" for c in table.out] == ["exit_rate:industry"]
    lines = pl.out_lines(table)
    assert len(lines) == 1 and "exit_rate (industry)" in lines[0] and "2018: 1.0%" in lines[0]
    assert "2020: 16.0%" in lines[0] and "2019" not in lines[0]
    assert "exit rate" in pl.headline(table) and "1.0% (2018)" in pl.headline(table)


def test_worst_year_above_the_range(tmp_path):
    data = economy()
    # Industry revenue per worker 100, 180, 200 万元: above 170 in 2019 and 2020, worst 2020.
    data["sector"]["output_value"][:, 0] = data["sector"]["employment"][:, 0] * np.array(
        [100.0, 100.0, 180.0, 200.0]) / 1e4
    rpw = get(check(write(tmp_path / "rpw.h5", data)), "revenue_per_worker_wan", "industry")
    assert rpw.status == "OUT" and rpw.worst[1:] == (2020, pytest.approx(200.0))
    assert [y for _, y, _ in rpw.out] == [2019, 2020]


def test_county_statistic_names_the_worst_county(tmp_path):
    data = economy()
    # 乙县 runs a surplus of 60% of its revenue in 2019: the worst county-year.
    data["county"]["budget_balance"][2, 1] = 0.6 * data["county"]["budget_revenue"][2, 1]
    balance = get(check(write(tmp_path / "bal.h5", data)), "county_budget_balance_over_revenue")
    assert balance.status == "OUT"
    assert balance.worst[:2] == ("乙县", 2019) and balance.worst[2] == pytest.approx(0.6)
    assert balance.out == [("乙县", 2019, pytest.approx(0.6))]


def test_growth_rising_every_year_and_a_jump_are_flagged(tmp_path):
    data = economy()
    data["region"]["gdp"][:, 0] = 100 * np.cumprod([1.0, 1.05, 1.10, 1.12])  # 5, 10, 12%
    table = check(write(tmp_path / "gdp.h5", data))
    change = get(table, "gdp_growth_change_pp")
    expected = 100 * np.diff(at_national_prices(data))[0]  # 5 points less the price change's
    assert change.status == "OUT" and change.worst[1:] == (2019, pytest.approx(expected))
    assert expected == pytest.approx(5.0, abs=0.02)
    rising = get(table, "gdp_growth_rising_share")
    assert rising.status == "OUT" and rising.worst[2] == pytest.approx(1.0)
    assert get(table, "gdp_growth").status == "ok"


def test_acceleration_is_read_at_national_prices(tmp_path):
    # Growth at national prices is 8% every year; industry's national price jumps 60% in 2019,
    # and its value added's price contribution (last year's value added times the price change,
    # over last year's GDP) lifts nominal growth by more than 3 points: not flagged. The same GDP
    # path without the price jump is flagged.
    data = economy()
    va = data["sector"]["value_added"]
    price = data["sector"]["national_price"].copy()
    price[2:, 0] *= 1.6
    gdp = [100.0]
    for k in range(3):
        gdp.append(gdp[-1] * 1.08 + (va[k] * (price[k + 1] / price[k] - 1)).sum())
    data["region"]["gdp"][:, 0] = gdp
    data["sector"]["national_price"] = price
    nominal = np.diff(gdp) / np.array(gdp[:-1])
    assert 100 * (nominal[1] - nominal[0]) > 3.0
    assert get(check(write(tmp_path / "priced.h5", data)), "gdp_growth_change_pp").status == "ok"
    data["sector"]["national_price"] = economy()["sector"]["national_price"]
    assert get(check(write(tmp_path / "unpriced.h5", data)), "gdp_growth_change_pp").status == "OUT"


def test_changes_of_half_a_point_or_less_are_a_flat_path(tmp_path):
    data = economy()
    price = data["sector"]["national_price"]
    va = data["sector"]["value_added"]
    # Growth at national prices 8.0, 8.4, 8.8%: rising by 0.4 points a year is flat; by 0.6 not.
    for step, status in ((0.004, "ok"), (0.006, "OUT")):
        gdp = [100.0]
        for k, g in enumerate([0.08, 0.08 + step, 0.08 + 2 * step]):
            priced = (va[k] * (price[k + 1] / price[k] - 1)).sum()
            gdp.append(gdp[-1] * (1 + g) + priced)
        data["region"]["gdp"][:, 0] = gdp
        rising = get(check(write(tmp_path / f"flat{step}.h5", data)), "gdp_growth_rising_share")
        assert rising.status == status, (step, rising.worst)


def test_replicate_mean_is_the_ratio_of_the_means(tmp_path):
    data = economy()
    emp = data["sector"]["employment"][:, 0]
    out = data["sector"]["output_value"]
    # Replicate 0 has 50 万元 per worker, replicate 1 has 250: the mean economy has 150.
    r0, r1 = out.copy(), out.copy()
    r0[:, 0], r1[:, 0] = emp * 50 / 1e4, emp * 250 / 1e4
    path = write(tmp_path / "rep.h5", data, runs={("sector", "output_value"): [r0, r1]})
    rpw = get(check(path), "revenue_per_worker_wan", "industry")
    assert rpw.lo_hi == pytest.approx((150.0, 150.0)) and rpw.status == "ok"


def test_missing_dataset_is_a_clear_error(tmp_path):
    path = write(tmp_path / "missing.h5", drop={("sector", "firms_exited")})
    with pytest.raises(pl.PlausibilityError,
                       match=r"missing dataset /sector/firms_exited.*exit_rate"):
        check(path)
    path = write(tmp_path / "nowage.h5", drop={("county", "wage")})
    with pytest.raises(pl.PlausibilityError, match=r"/county/wage.*labour_cost_over_revenue"):
        check(path)
    with pytest.raises(pl.PlausibilityError, match="cannot open"):
        check(tmp_path / "absent.h5")


def test_sector_kinds_from_the_output_or_the_ranges_file(tmp_path):
    # The output's /sector/sector_kind wins over the ranges file's mapping.
    path = write(tmp_path / "kinds.h5", sector_kind=["industry", "construction"])
    table = check(path)
    assert table.context.kinds_from == "output"
    assert get(table, "revenue_per_worker_wan", "construction").lo_hi == pytest.approx((50.0, 50.0))
    assert get(table, "revenue_per_worker_wan", "services").status == "n/a"
    # Without it, a sector the plan's mapping lacks is an error naming the sector.
    ranges = dict(RANGES, sector_kinds={"test-plan": {"工业A": "industry"}})
    with pytest.raises(pl.PlausibilityError, match="服务B"):
        check(write(tmp_path / "nokind.h5"), ranges)
    ranges = dict(RANGES, sector_kinds={})
    with pytest.raises(pl.PlausibilityError, match=r"\[sector_kinds.test-plan\]"):
        check(write(tmp_path / "noplan.h5"), ranges)
    with pytest.raises(pl.PlausibilityError, match="unknown sector kinds"):
        check(write(tmp_path / "badkind.h5", sector_kind=["industry", "farming"]))


def test_several_design_points_need_one_named(tmp_path):
    path = write(tmp_path / "points.h5")
    with h5py.File(path, "a") as f:
        f["runs/point"][...] = np.array([0, 1], dtype=np.int32)
    with pytest.raises(pl.PlausibilityError, match="2 design points"):
        check(path)
    assert pl.check_file(path, RANGES, point=1).out == []


def test_ranges_file_is_complete():
    for r in RANGES["range"]:
        assert r["source"] and r["short"] and r["width"], r["stat"]
    # Every statistic has at least one range; every by-kind statistic one for industry.
    stats = {r["stat"] for r in RANGES["range"]}
    assert stats == set(pl.STATISTICS)
    for s in pl.STATISTICS.values():
        if s.by_kind:
            assert any(r["stat"] == s.name and r["kind"] == "industry"
                       for r in RANGES["range"]), s.name
    # Each baseline's plan file has a kind for every sector it defines.
    import tomllib
    root = Path(pl.ROOT)
    for plan in pl.BASELINES:
        with open(root / "scenarios" / f"{plan}.toml", "rb") as f:
            names = [s["name"] for s in tomllib.load(f)["sectors"]]
        assert set(names) == set(RANGES["sector_kinds"][plan]), plan


def test_bad_ranges_file_is_refused(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[range]]\nstat = "exit_rate"\nkind = "industry"\nmin = 0.05\n'
                   'source = "x"\nshort = "x"\n')
    with pytest.raises(pl.PlausibilityError, match="no width"):
        pl.load_ranges(bad)
    bad.write_text('[[range]]\nstat = "no_such"\nkind = "all"\nmin = 0\n'
                   'source = "x"\nshort = "x"\nwidth = "x"\n')
    with pytest.raises(pl.PlausibilityError, match="unknown statistic"):
        pl.load_ranges(bad)


def test_cli_check_exit_codes_and_json(tmp_path, capsys):
    ranges = tmp_path / "ranges.toml"
    text = pl.RANGES_PATH.read_text(encoding="utf-8")
    ranges.write_text(
        text + '\n[sector_kinds.test-plan]\n"工业A" = "industry"\n"服务B" = "services"\n',
        encoding="utf-8")
    ok = write(tmp_path / "ok.h5")
    assert pl.main([str(ok), "--check", "--ranges", str(ranges)]) == 0
    assert "every ratio in range" in capsys.readouterr().out
    data = economy()
    data["county"]["transfers"][:] = 0.0
    bad = write(tmp_path / "bad.h5", data)
    out_json = tmp_path / "t.json"
    assert pl.main([str(bad), "--check", "--ranges", str(ranges), "--json", str(out_json)]) == 1
    printed = capsys.readouterr().out
    assert "2 ratio(s) out of range" in printed
    assert "county_transfers_over_revenue (all)" in printed
    assert "region_transfers_over_revenue (all)" in printed
    doc = json.loads(out_json.read_text(encoding="utf-8"))
    assert doc["out_of_range"] == ["county_transfers_over_revenue:all",
                                   "region_transfers_over_revenue:all"]
    entry = next(c for c in doc["checks"] if c["stat"] == "region_transfers_over_revenue")
    assert entry["worst"]["value"] == 0.0 and entry["range"] == {"min": 0.25, "max": 0.8}
    # A missing dataset: exit code 2 and the message on stderr.
    missing = write(tmp_path / "m.h5", drop={("region", "gdp")})
    assert pl.main([str(missing), "--ranges", str(ranges)]) == 2
    assert "/region/gdp" in capsys.readouterr().err


def test_update_validation_replaces_only_the_marked_section(tmp_path):
    doc = tmp_path / "V.md"
    doc.write_text(f"# head\n\nintro\n{pl.BEGIN_MARK}\nold table\n{pl.END_MARK}\n\ntail\n",
                   encoding="utf-8")
    table = check(write(tmp_path / "ok.h5"))
    section = pl.markdown_section([table], RANGES, "regsim test")
    assert pl.update_validation(section, doc) is True
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# head\n\nintro\n" + pl.BEGIN_MARK + "\n")
    assert text.endswith(pl.END_MARK + "\n\ntail\n")
    assert "old table" not in text and "### test-plan" in text and "| exit rate" in text
    assert pl.update_validation(section, doc) is False          # unchanged: not rewritten
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []
    nomark = tmp_path / "N.md"
    nomark.write_text("no markers\n", encoding="utf-8")
    with pytest.raises(pl.PlausibilityError, match="plausibility:begin"):
        pl.update_validation(section, nomark)


def test_excess_and_bounds():
    rng = {"min": 0.05, "max": 0.15}
    assert pl.excess(0.10, rng) < 0 and pl.excess(0.15, rng) == pytest.approx(0.0)
    assert pl.excess(0.20, rng) == pytest.approx(0.5) and pl.excess(0.0, rng) == pytest.approx(0.5)
    excl = {"min": 0.0, "max": 1.0, "max_exclusive": True}
    assert pl.in_range(0.5, excl) and not pl.in_range(1.0, excl)
    assert pl.in_range(1e9, {"min": 0.0}) and not pl.in_range(-1.0, {"min": 0.0})
    assert math.isfinite(pl.excess(5.0, {"max": 3.0}))
