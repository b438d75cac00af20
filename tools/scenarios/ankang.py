#!/usr/bin/env python3
"""Generate scenarios/ankang-2019-2021.toml (Ankang 安康, county industrial concentration zones
action plan, to 2021; seed 001, TARGETS.md section 001).

The scenario has 10 counties/districts, 21 platforms (安康高新区, the enclave park, the 19 key county
zones) and about 130 initial cells; writing them by hand invites arithmetic slips (exogenous GDP =
county GDP - modelled value added, serviced land from the firms' land), so this script computes
them and writes every value with its comment. Numbers in the tables below are the scenario's
inputs; their sources are in the comments written next to them in the TOML.

Usage: /usr/bin/python3 tools/scenarios/ankang.py  (writes scenarios/ankang-2019-2021.toml)
"""
from __future__ import annotations

import pathlib
import textwrap

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "scenarios" / "ankang-2019-2021.toml"

# ------------------------------------------------------------------ sectors
# name: (value_added_share, capital_elasticity, labour_elasticity, capital_output_ratio,
#        investment_intensity_wan_per_mu, demand_growth, entry_rate, entrant_revenue_median_wan,
#        depreciation, risk_premium, comment)
SERVICES = "商贸服务业中小微企业"
SECTORS = {
    "富硒食品": dict(
        v=0.22, a=0.30, b=0.25, cor=0.7, inten=180.0, g=0.3, entry=0.02, ent_med=1500.0,
        dep=0.08, rp=0.025,
        note="Selenium-rich food and drink incl. packaged drinking water (富硒食(饮)品, 包装饮用水): "
        "the plan's 汉滨/汉阴/白河 bases and 安康高新区's 富硒生物. value_added_share ~0.22 as for food "
        "manufacturing in China's I-O tables (approx.)."),
    "富硒农产品加工": dict(
        v=0.25, a=0.28, b=0.27, cor=0.6, inten=120.0, g=0.3, entry=0.02, ent_med=1500.0,
        dep=0.08, rp=0.03,
        note="Selenium-rich tea, konjac, walnut and other farm-product processing (茶叶、魔芋、核桃等"
        "产业加工基地: 宁陕、镇坪、紫阳、岚皋; 平利 tea). Part of the plan's 富硒产业集群 (AK-09)."),
    "新型材料": dict(
        v=0.22, a=0.35, b=0.22, cor=1.0, inten=250.0, g=0.325, entry=0.02, ent_med=1500.0,
        dep=0.07, rp=0.02,
        note="New materials incl. non-ferrous processing and building materials (新型材料; 旬阳, "
        "安康高新区, 汉滨). value_added_share ~0.22 as for non-metallic minerals / metal products "
        "(approx.)."),
    "钡盐化工": dict(
        v=0.22, a=0.38, b=0.20, cor=1.1, inten=250.0, g=0.335, entry=0.02, ent_med=1500.0,
        dep=0.07, rp=0.02,
        note="Barium salts and other inorganic chemicals (钡盐等无机化工: 平利). Capital-intensive; "
        "value_added_share ~0.22 as for basic chemicals (approx.)."),
    "装备制造": dict(
        v=0.25, a=0.30, b=0.25, cor=0.9, inten=220.0, g=0.335, entry=0.02, ent_med=1500.0,
        dep=0.08, rp=0.025,
        note="Equipment and advanced manufacturing (装备制造, 先进制造: 石泉, 安康高新区, 旬阳高新区, "
        "the enclave park). value_added_share ~0.25 as for general equipment (approx.)."),
    "纺织丝绸": dict(
        v=0.22, a=0.25, b=0.30, cor=0.6, inten=150.0, g=0.3, entry=0.02, ent_med=1500.0,
        dep=0.08, rp=0.03,
        note="Silk and textiles (纺织丝绸: 石泉; 汉滨's textile and toy community factories). "
        "Labour-intensive; value_added_share ~0.22 (approx.)."),
    "生物医药": dict(
        v=0.30, a=0.32, b=0.23, cor=0.9, inten=250.0, g=0.3, entry=0.02, ent_med=1500.0,
        dep=0.08, rp=0.025,
        note="Chinese medicine and biological products (中医药: 宁陕、镇坪、平利、岚皋; 生物制品: 旬阳高新区; "
        "医药健康: the enclave park). value_added_share ~0.3 as for pharmaceuticals (approx.)."),
    "电子信息": dict(
        v=0.20, a=0.32, b=0.25, cor=0.8, inten=300.0, g=0.35, entry=0.02, ent_med=1500.0,
        dep=0.10, rp=0.025,
        note="Electronics and information (电子信息: the enclave park's and 安康高新区's new "
        "strategic industries). Small base, fast growth (the plan's 战略新兴产业集群)."),
    SERVICES: dict(
        v=0.30, a=0.20, b=0.55, cor=0.4, inten=300.0, g=0.10, entry=0.20, ent_med=60.0,
        dep=0.06, rp=0.03,
        note="Trade, catering and other service SMEs (商贸、餐饮、居民服务等中小微企业) outside the "
        "zones. Not industry: modelled only because AK-01/AK-02 count all of the city's SMEs (全市"
        "中小微企业), which are mostly in services; they are left out of every industrial target."),
}
INDUSTRY = [s for s in SECTORS if s != SERVICES]

# ------------------------------------------------------------------ counties
# name: (kind, GDP 2018 亿 approx., base wage 万元, services firms, services revenue 亿,
#        outside-zone industry {sector: (firms, revenue)})
COUNTIES = {
    "汉滨区": ("district", 400.0, 4.6, 8600, 150.0,
               {"富硒食品": (180, 30.0), "纺织丝绸": (160, 18.0), "新型材料": (90, 14.0),
                "装备制造": (60, 8.0)}),
    "汉阴县": ("county", 105.0, 4.2, 2700, 40.0,
               {"富硒食品": (90, 10.0), "新型材料": (40, 6.0)}),
    "石泉县": ("county", 95.0, 4.2, 1900, 30.0,
               {"纺织丝绸": (70, 6.0), "装备制造": (50, 6.0)}),
    "宁陕县": ("county", 31.0, 4.2, 800, 10.0,
               {"生物医药": (30, 2.5), "富硒农产品加工": (40, 2.5)}),
    "紫阳县": ("county", 76.0, 4.1, 2500, 30.0,
               {"富硒农产品加工": (150, 10.0), "富硒食品": (40, 4.0)}),
    "岚皋县": ("county", 56.0, 4.1, 1600, 20.0,
               {"富硒农产品加工": (70, 5.0), "生物医药": (30, 3.0)}),
    "平利县": ("county", 80.0, 4.1, 2000, 25.0,
               {"富硒农产品加工": (90, 6.0), "钡盐化工": (20, 6.0)}),
    "镇坪县": ("county", 25.0, 4.2, 650, 8.0,
               {"生物医药": (30, 2.5), "富硒农产品加工": (30, 2.0)}),
    "旬阳县": ("county", 205.0, 4.3, 3700, 55.0,
               {"新型材料": (110, 25.0), "富硒食品": (80, 8.0), "生物医药": (40, 5.0)}),
    "白河县": ("county", 60.0, 4.1, 1650, 20.0,
               {"富硒食品": (60, 6.0), "新型材料": (30, 5.0)}),
}

# ------------------------------------------------------------------ platforms
# name, kind, level, county, {sector: (firms, revenue 亿)}, infrastructure, list price 万元/mu,
# national minimum price 万元/mu, named (True: named in the seed), demonstration (AK-14)
ZONE = "county"
PLATFORMS = [
    # the city's zone and the enclave park (not among the 19)
    ("安康高新区", "industrial_park", "national", "汉滨区",
     {"新型材料": (110, 90.0), "富硒食品": (110, 60.0), "装备制造": (90, 45.0),
      "电子信息": (30, 12.0)}, 1.3, 16.0, 8.0, True, False),
    ("飞地经济园区", "enclave_park", "municipal", "汉滨区",
     {"电子信息": (20, 8.0), "装备制造": (15, 5.0), "生物医药": (10, 4.0)}, 1.2, 14.0, 8.0,
     True, False),
    # the 19 key county industrial concentration zones
    ("旬阳高新区", "industrial_park", ZONE, "旬阳县",
     {"生物医药": (70, 65.0), "新型材料": (80, 75.0), "装备制造": (50, 40.0)}, 1.1, 12.0, 5.6,
     True, True),
    ("汉滨区富硒食品工业集中区", "industrial_park", ZONE, "汉滨区",
     {"富硒食品": (170, 145.0), "富硒农产品加工": (40, 30.0)}, 1.1, 14.0, 8.0, False, True),
    ("旬阳县新型材料工业集中区", "industrial_park", ZONE, "旬阳县",
     {"新型材料": (120, 105.0), "钡盐化工": (20, 15.0)}, 1.0, 12.0, 5.6, False, True),
    ("汉阴县富硒食品工业集中区", "industrial_park", ZONE, "汉阴县",
     {"富硒食品": (140, 105.0), "富硒农产品加工": (30, 15.0)}, 1.0, 12.0, 6.4, False, True),
    ("石泉县装备制造工业集中区", "industrial_park", ZONE, "石泉县",
     {"装备制造": (130, 105.0), "新型材料": (25, 15.0)}, 1.0, 12.0, 6.4, False, True),
    ("平利县钡盐化工工业集中区", "industrial_park", ZONE, "平利县",
     {"钡盐化工": (60, 50.0), "新型材料": (20, 15.0)}, 1.0, 10.0, 5.6, False, True),
    ("白河县富硒食品工业集中区", "industrial_park", ZONE, "白河县",
     {"富硒食品": (70, 50.0), "富硒农产品加工": (20, 15.0)}, 1.0, 10.0, 5.6, False, False),
    ("汉滨区新材料纺织工业集中区", "industrial_park", ZONE, "汉滨区",
     {"新型材料": (60, 20.0), "纺织丝绸": (50, 12.0)}, 1.0, 14.0, 8.0, False, False),
    ("汉滨区富硒饮品工业集中区", "industrial_park", ZONE, "汉滨区",
     {"富硒食品": (95, 26.0)}, 1.0, 14.0, 8.0, False, False),
    ("旬阳县富硒食品工业集中区", "industrial_park", ZONE, "旬阳县",
     {"富硒食品": (85, 21.0)}, 0.9, 10.0, 5.6, False, False),
    ("汉阴县新型材料工业集中区", "industrial_park", ZONE, "汉阴县",
     {"新型材料": (50, 14.0), "装备制造": (30, 7.0)}, 0.9, 10.0, 6.4, False, False),
    ("石泉县纺织丝绸工业集中区", "industrial_park", ZONE, "石泉县",
     {"纺织丝绸": (85, 21.0)}, 0.9, 10.0, 6.4, False, False),
    ("平利县富硒茶及中医药工业集中区", "industrial_park", ZONE, "平利县",
     {"富硒农产品加工": (45, 10.0), "生物医药": (38, 10.0)}, 0.9, 9.0, 5.6, False, False),
    ("紫阳县富硒茶工业集中区", "industrial_park", ZONE, "紫阳县",
     {"富硒农产品加工": (85, 20.0)}, 0.9, 9.0, 5.6, False, False),
    ("紫阳县魔芋及中药材工业集中区", "industrial_park", ZONE, "紫阳县",
     {"富硒农产品加工": (45, 10.0), "生物医药": (38, 10.0)}, 0.9, 9.0, 5.6, False, False),
    ("白河县新型材料工业集中区", "industrial_park", ZONE, "白河县",
     {"新型材料": (80, 20.0)}, 0.9, 9.0, 5.6, False, False),
    ("岚皋县魔芋及中医药工业集中区", "industrial_park", ZONE, "岚皋县",
     {"富硒农产品加工": (45, 10.0), "生物医药": (38, 10.0)}, 0.9, 9.0, 4.0, False, False),
    ("宁陕县中医药及特色农产品工业集中区", "industrial_park", ZONE, "宁陕县",
     {"生物医药": (48, 11.0), "富硒农产品加工": (37, 9.0)}, 0.9, 9.0, 4.0, False, False),
    ("镇坪县中医药工业集中区", "industrial_park", ZONE, "镇坪县",
     {"生物医药": (52, 12.0), "富硒农产品加工": (33, 8.0)}, 0.9, 9.0, 4.0, False, False),
]
SMALL_ZONE_SCALE = 1.15  # firm-count multiplier of the 12 smaller zones (assumption, see the cells)
SMALL_ZONE_REVENUE = 1.08  # their revenue multiplier (assumption)
PLATFORMS = [p if p[2] != ZONE or sum(r for _, r in p[4].values()) >= 30.0 else
             p[:4] + ({s: (round(n * SMALL_ZONE_SCALE), round(r * SMALL_ZONE_REVENUE, 1)) for s, (n, r) in p[4].items()},) + p[5:]
             for p in PLATFORMS]
ZONES = [p for p in PLATFORMS if p[2] == ZONE]
assert len(ZONES) == 19, len(ZONES)
DEMO = [p[0] for p in PLATFORMS if p[9]]
assert len(DEMO) == 6

SERVICED_FACTOR = 1.35     # serviced land / land the base-year firms occupy (assumption)
ZONE_SERVICING = 0.24      # zones service this share of base serviced land a year (AK-11)
OTHER_SERVICING = 0.12     # 高新区 and the enclave park (assumption)
LABOUR_HEADROOM = 2.5      # labour force / base-year labour demand (assumption)
FLOOR_PER_PLATFORM = 60000.0  # standard-factory floor built per platform a year, m2 (AK-12)


def occupied_ha(cells):
    mu = 0.0
    for sec, (_, rev) in cells.items():
        s = SECTORS[sec]
        mu += s["cor"] * rev * 1e4 / s["inten"]
    return mu / 15.0


def fmt(x, nd=1):
    return f"{x:.{nd}f}"


def main():
    L = []
    w = L.append
    w("""# Ankang 安康: action plan for faster building of county industrial concentration zones
# (安康市加快县域工业集中区(产业园区)建设行动计划), targets to 2021.
#
# Source plan: 安康市人民政府办公室, published 2018-11-30 on the city's 招商和经济合作局 site; seed
# ../shared/seeds/001_22d7242a70a386e5.txt. Targets: ../shared/brief/TARGETS.md section 001
# (AK-01..AK-16). Format: docs/SCENARIO_FORMAT.md (v1). Money in 亿元 (_yi) or 万元 (_wan).
# GENERATED by tools/scenarios/ankang.py: edit the script, not this file.
#
# Base year 2018 (the plan was issued at the end of 2018; its targets are "到2021年"), simulated
# 2019-2021. The plan publishes no base-year figures: base-year zone and sector revenues are
# assumptions set about one doubling below the plan's 2021 targets (the plan's growth path), not
# statistics. County GDPs are approx. public statistics 2018 (unverified recollection).
#
# Modelling choices and where the scenario departs from the brief, with reasons:
# - Sectors are industrial except one: the plan's targets are industrial output and zone revenue,
#   so modelled firms' output_value is industrial output. 现代物流 (named for 安康高新区) is left
#   out (not industry); 包装饮用水 is in 富硒食品; 节能环保 is not modelled separately. One service
#   sector of SMEs outside the zones is added because AK-01/AK-02 count all of the city's SMEs;
#   every industrial target excludes it (sector lists, zone selectors).
# - The 19 key zones are the only platforms at level "county" (安康高新区 is national, the enclave
#   park municipal), so `platform_level:county` selects exactly the 19 (AK-05..07, AK-10, AK-11,
#   AK-15). The brief suggested platform_kind selectors; 安康高新区 is an industrial_park too, so
#   platform_kind:industrial_park would count it among the 19. Level "county" also makes the 19
#   one peer group in the yearly ranking (the plan ranks the county zones: 进入前五名).
#   旬阳高新区 may hold provincial high-tech-zone status (unverified); here it is one of the
#   plan's county zones.
# - The plan names only 旬阳高新区 among the 19 (and 安康高新区 and the 飞地经济 park, which are not
#   among them). The other 18 are named '<county><specialisation>工业集中区' after the plan's
#   county specialisations (汉滨、汉阴、白河 富硒食(饮)品; 石泉 装备制造、纺织丝绸; 平利 钡盐等无机化工;
#   宁陕、镇坪、紫阳、岚皋 中医药、魔芋、茶叶、核桃; 旬阳高新区 生物制品、新型材料、先进制造). Their
#   number per county (汉滨 3, 旬阳 3, 汉阴/石泉/平利/紫阳/白河 2, 岚皋/宁陕/镇坪 1) and a second
#   zone's specialisation where the plan gives a county only one are assumptions.
# - 安康高新区 and the enclave park lie in 汉滨区 (host county). The plan's "县域" share of
#   industrial output (AK-04) is read as everything except 安康高新区, the city's own zone; the
#   enclave park's output counts for the counties (完善统计、财政等指标分配机制).
""")
    w('format = 1')
    w('name = "ankang-2019-2021"')
    w('plan = "安康市加快县域工业集中区(产业园区)建设行动计划(2018-2021年)"')
    w('description = """')
    w("Ankang's county industrial concentration zones: the 10 counties/districts, 安康高新区, the")
    w("飞地经济 enclave park and the 19 key county zones, 8 industrial sectors and the city's service")
    w("SMEs; land at 70% of the national minimum for priority industries, leases, standard")
    w("factories, zone finance (PPP bonds, '集中区+担保+银行' loans with interest subsidy and risk")
    w('compensation), listing awards and the yearly top-five ranking award."""')
    w("first_year = 2018")
    w("last_year = 2021")
    w("seed = 20181130  # the plan's publication date")
    w("replicates = 1")
    w("")
    w("""# Fiscal rules of 2018-2021; the engine's single VAT rate stands for the schedule.
[fiscal]
vat_rate = 0.13          # manufacturing VAT since 2019 (16% in 2018)
cit_rate = 0.25          # Enterprise Income Tax Law 2008
vat_local_share = 0.5    # 国发〔2016〕26号
cit_local_share = 0.4    # CIT 60/40 centre/local
county_share_of_local = 0.5   # Shaanxi's city/county split not published per county: assumption
above_scale_revenue_wan = 2000.0  # 规模以上: main business revenue >= 20 million yuan
bank_rate = 0.0435       # one-year benchmark lending rate 2015-10 to 2019
loan_to_capital = 0.5    # default (calibrated in MODEL.md 3.3)

# Base-year firm sizes: lognormal_sigma 0.8 and no Pareto tail (tail_share 0), unlike the defaults
# (1.2, 10% tail of exponent 1.1): the scenario's cells are small (80-200 firms per zone and sector)
# and a Pareto draw there can make one firm half of a small county zone's revenue; the scenario
# assumes instead that the zones' large firms sit in the big zones' cells (assumption, not a
# statistic; it matters for AK-15's above-scale count per zone, which fails in some replicates
# with a 2-3% tail).
[initial.size_distribution]
lognormal_sigma = 0.8
tail_exponent = 1.5   # unused with tail_share 0
tail_share = 0.0
min_revenue_wan = 10.0

# Base-year revenue multiplier of firms outside any platform (a calibration handle for the
# unpublished base year; 1 = the cells as written).
[initial.revenue_scale]
outside = 1.0
""")
    # sectors
    w("# ================================================================ sectors")
    w("# demand_growth encodes the plan's growth path (zone revenue about doubling 2018-2021 to the")
    w("# 2,000 亿 of AK-05, the 富硒 cluster to 1,000 亿 of AK-09): 'the plan as written', not a market")
    w("# forecast; set by a hand coordinate search (see [calibration]). Elasticities: labour")
    w("# elasticities 0.2-0.3 for industry make employment per 亿 of revenue ~100-150 persons, near")
    w("# China's 规上工业 average (about 100 per 亿 in 2018: 9,500万 workers, 102万亿 revenue; approx.).")
    w("# Other values generic (MODEL.md 3.3 defaults or assumption).")
    for name, s in SECTORS.items():
        w("")
        for line in textwrap.wrap(s["note"], 96):
            w("# " + line)
        w("[[sectors]]")
        w(f'name = "{name}"')
        w(f"value_added_share = {s['v']}")
        w(f"capital_elasticity = {s['a']}   # assumption")
        w(f"labour_elasticity = {s['b']}    # assumption (see above)")
        w(f"capital_output_ratio = {s['cor']}   # assumption")
        w(f"investment_intensity_wan_per_mu = {s['inten']}   # assumption (county zones in southern Shaanxi)")
        if f"sectors[{name}].demand_growth" in CALIBRATION:
            w(f"demand_growth = {s['g']}   # calibrated (see [calibration])")
        elif name == SERVICES:
            w(f"demand_growth = {s['g']}   # assumption (nominal growth of Ankang's retail sales, approx. 10%/yr 2016-2018)")
        elif name == "钡盐化工":
            w(f"demand_growth = {s['g']}   # hand-set equal to 装备制造 (not a separate calibration key)")
        else:
            w(f"demand_growth = {s['g']}   # hand-set: the enclave park's fast-growing new industry (not a calibration key)")
        if name == SERVICES:
            w(f"entry_rate = {s['entry']}   # calibrated (see [calibration]): AK-01/AK-02 (high churn of service micro firms)")
            w(f"entrant_revenue_median_wan = {s['ent_med']}   # assumption (shops, small service firms)")
        else:
            w(f"entry_rate = {s['entry']}   # hand-set, below the default 0.08: zone growth comes mostly from incumbents' expansion")
            w(f"entrant_revenue_median_wan = {s['ent_med']}   # assumption: the plan's typical new zone project invests ~千万元 (AK-13), capital ~ 0.6-1.1 x revenue")
        w(f"depreciation = {s['dep']}   # assumption")
        w(f"risk_premium = {s['rp']}   # assumption")
        w("productivity_drift = 0.01   # default")
    # counties
    w("")
    w("# ================================================================ counties")
    w("# GDP 2018: Ankang city 1,133 亿 (approx., public statistics 2018); the county figures below are")
    w("# approx. public statistics 2018 (汉滨区 incl. 安康高新区), unverified. exogenous_gdp_yi = GDP minus")
    w("# the modelled firms' value added (agriculture, construction, public and other services).")
    w("# wage_wan: base wage of modelled firms, Shaanxi private units ~4 万元 in 2018 (approx.), a little")
    w("# higher in 汉滨; wage_growth 0.07 (approx. 2015-2019 trend). labour_force: LABOUR_HEADROOM")
    w(f"# ({LABOUR_HEADROOM}) x the base-year labour demand of the modelled firms (assumption: Ankang")
    w("# has a large outflow of migrant workers, 返乡 labour is available to the zones).")
    for cname, (kind, gdp, wage, sfirms, srev, outside) in COUNTIES.items():
        va = SECTORS[SERVICES]["v"] * srev
        lab = SECTORS[SERVICES]["b"] * SECTORS[SERVICES]["v"] * srev * 1e4 / wage
        cells = dict(outside)
        for p in PLATFORMS:
            if p[3] == cname:
                for sec, fr in p[4].items():
                    cells.setdefault(sec + "@" + p[0], fr)
        for key, (_, rev) in cells.items():
            sec = key.split("@")[0]
            va += SECTORS[sec]["v"] * rev
            lab += SECTORS[sec]["b"] * SECTORS[sec]["v"] * rev * 1e4 / wage
        exo = gdp - va
        assert exo > 0, cname
        w("")
        w(f"# GDP 2018 ~{gdp:.0f} 亿 (approx.); modelled firms' value added {va:.1f} 亿; base labour demand {lab:,.0f}")
        w("[[counties]]")
        w(f'name = "{cname}"')
        w(f'kind = "{kind}"')
        w(f"labour_force = {round(LABOUR_HEADROOM * lab, -2):.1f}")
        w(f"wage_wan = {wage}")
        w("wage_growth = 0.07")
        w(f"exogenous_gdp_yi = {exo:.1f}")
        w("exogenous_gdp_growth = 0.06   # assumption (Ankang's nominal non-industrial growth, approx.)")
    # platforms
    w("")
    w("# ================================================================ platforms")
    w(f"# Land (assumption): serviced_ha = {SERVICED_FACTOR} x the land the base-year firms occupy")
    w("# (capital / investment intensity); planned_ha = 2.5 x serviced. The 19 zones service")
    w(f"# {ZONE_SERVICING} x their base serviced land a year, so built-up area grows >= 15% a year to 2021")
    w("# (AK-11: 建成面积年均增长15%以上; constant additions need 0.15/(1-2*0.15) ~ 0.21 for the third")
    w(f"# year); 安康高新区 and the enclave park {OTHER_SERVICING}. price_wan_per_mu: county industrial land")
    w("# list prices 9-16 万元/mu (assumption). national_min_price_wan_per_mu: 全国工业用地出让最低价标准")
    w("# (国土资发〔2006〕307号) by assumed land grade: 十二等 120 元/m2 = 8.0 万元/mu (汉滨), 十三等 96 = 6.4")
    w("# (汉阴, 石泉), 十四等 84 = 5.6, 十五等 60 = 4.0 (宁陕, 岚皋, 镇坪); the grades are assumptions.")
    w("# servicing_cost_wan_per_mu 8 (assumption: mountain sites, 三通一平 to 七通一平).")
    for (name, kind, level, county, cells, infra, price, nmin, named, demo) in PLATFORMS:
        occ = occupied_ha(cells)
        serv = SERVICED_FACTOR * occ
        rate = ZONE_SERVICING if level == ZONE else OTHER_SERVICING
        rev = sum(r for _, r in cells.values())
        w("")
        if name == "安康高新区":
            w("# Named in the plan (重点发展新型材料、富硒生物、先进制造、现代物流). National high-tech zone since")
            w("# 2015 (approx., public record). The city's zone, not one of the 19; 现代物流 not modelled.")
        elif kind == "enclave_park":
            w("# Named in the plan: the 飞地经济 park (重点发展电子信息、先进制造、医药健康; 加工生产在飞地). Its")
            w("# site in 安康高新区's territory (host 汉滨区) and its size are assumptions; level municipal")
            w("# (run for the city): assumption. Not one of the 19 zones.")
        elif named:
            w("# Named in the plan (重点发展生物制品、新型材料、先进制造三大主导产业). One of the 19.")
        else:
            w("# One of the 19 key county zones; not named in the plan: placeholder name by county and the")
            w("# plan's specialisation for the county (see the header).")
        if demo:
            w("# Assumed one of the plan's 6 demonstration zones (示范县域工业集中区; AK-14): the plan names none.")
        w(f"# Base-year revenue {rev:.0f} 亿 (assumption); occupied land {occ:.0f} ha.")
        w("[[platforms]]")
        w(f'name = "{name}"')
        w(f'kind = "{kind}"')
        w(f'level = "{level}"')
        w(f'county = "{county}"')
        w("leading_sectors = [" + ", ".join(f'"{s}"' for s in cells) + "]")
        w(f"infrastructure = {infra}")
        w(f"national_min_price_wan_per_mu = {nmin}")
        w(f"land = {{ planned_ha = {2.5 * serv:.0f}.0, serviced_ha = {serv:.0f}.0, "
          f"servicing_ha_per_year = {rate * serv:.0f}.0, price_wan_per_mu = {price}, "
          f"servicing_cost_wan_per_mu = 8.0 }}")
    # cells
    w("")
    w("# ================================================================ base-year firms")
    w("# Firm counts and revenues per cell: assumptions consistent with the targets' scale (the plan")
    w("# gives no base-year counts): zones ~1,900 firms and ~1,000 亿 (half of AK-05's 2,000 亿), the")
    w("# rest of the city's industry outside zones, ~26,000 service SMEs outside zones (the city's SMEs")
    w("# before the plan, approx. 3 万户 with industry: assumption from AK-02's 4 万 in 2021 less 3 years of")
    w("# AK-01's 0.3 万 a year).")
    for (name, kind, level, county, cells, *_rest) in PLATFORMS:
        w("")
        w(f"# {name}")
        for sec, (n, rev) in cells.items():
            w("[[initial.cells]]")
            w(f'platform = "{name}"')
            w(f'sector = "{sec}"')
            w(f"firms = {n}")
            w(f"revenue_yi = {rev}")
    for cname, (kind, gdp, wage, sfirms, srev, outside) in COUNTIES.items():
        w("")
        w(f"# {cname}, outside the zones")
        for sec, (n, rev) in list(outside.items()) + [(SERVICES, (sfirms, srev))]:
            w("[[initial.cells]]")
            w(f'county = "{cname}"')
            w(f'sector = "{sec}"')
            w(f"firms = {n}")
            w(f"revenue_yi = {rev}")
    zone_names = [p[0] for p in ZONES]
    all_zones = [p[0] for p in PLATFORMS]
    zl = "[" + ", ".join(f'"{z}"' for z in zone_names) + "]"
    al = "[" + ", ".join(f'"{z}"' for z in all_zones) + "]"
    ind = "[" + ", ".join(f'"{s}"' for s in INDUSTRY) + "]"
    w(POLICIES.format(zones=zl, all=al, industry=ind, floor=FLOOR_PER_PLATFORM))
    demo = "[" + ", ".join(f'"platform:{z}"' for z in DEMO) + "]"
    ind_sel = "[" + ", ".join(f'"sector:{s}"' for s in INDUSTRY) + "]"
    w(TARGETS.format(demo=demo, ind=ind_sel))
    w(CALIBRATION)
    OUT.write_text("\n".join(L) + "\n", encoding="utf-8")


POLICIES = """
# ================================================================ policies
# Registered instruments: docs/INSTRUMENTS.md. Years: 2019-2021 (the plan's period after its issue).
# "upper" = the city (市财政局) unless a comment says otherwise.

# Plan (十七) 规范工业用地: "对优先发展的产业项目,土地出让底价可按不低于所在地土地等别相对应全国工业用地出让最低价
# 标准的70%执行。按比例计算后低于该项目实际土地取得成本、土地前期开发成本和按规定应收取的相关费用之和的,按不低于
# 实际各项成本费用之和的原则确定出让底价". Modelled as a discount on the list price in all zones; the 70%
# floor of the national minimum applies to the platform's leading sectors through each platform's
# national_min_price_wan_per_mu, and the servicing cost is always a floor (never below cost).
# rate 0.4 (enough to reach the floor at most zones' prices): assumption. Priority industries =
# the plan's industrial sectors.
[[policies.land]]
instrument = "land_price_discount"
name = "priority-industry land at 70% of the national minimum"
payer = "county"
start_year = 2019
end_year = 2021
scope = {{ platforms = {all}, sectors = {industry} }}
params = {{ rate = 0.4 }}

# Plan (十七): "积极推行长期租赁、先租后让、租让结合等工业用地供应方式". Long-term leases for small firms,
# lease-then-sell for medium firms; large firms buy (租让结合 = the mix across sizes). Micro and small
# entrants rent standard-factory floor first where there is vacant floor (below), so the leases
# serve those that find none. The split by size class, rent_rate 0.05 of the list price a year
# (about the loan rate) and lease_years 5 are assumptions.
[[policies.land]]
instrument = "land_lease"
name = "long-term industrial land leases (长期租赁)"
payer = "county"
start_year = 2019
end_year = 2021
scope = {{ platforms = {all}, size_classes = ["small"] }}
params = {{ rent_rate = 0.05 }}

[[policies.land]]
instrument = "lease_then_sell"
name = "lease then sell (先租后让)"
payer = "county"
start_year = 2019
end_year = 2021
scope = {{ platforms = {all}, size_classes = ["medium"] }}
params = {{ rent_rate = 0.05, lease_years = 5 }}

# Plan (五) 标准化厂房建设行动: "到2021年...全市工业集中区标准化厂房面积达到350万平方米" and (十五)
# "市县区要分别预算县域工业集中区发展资金,重点支持...标准化厂房". Every zone, 安康高新区 and the enclave park
# build {floor:.0f} m2 a year (21 x 3 x {floor:.0f} = 3.78 million m2 by 2021; the model has no
# base-year stock of standard floor, so the plan's 3.5 million is built from 2019: an overstatement
# of building, assumption). Construction 2,000 元/m2 and rent 100 元/m2/year: assumptions for
# southern Shaanxi; paid by the county (县区 development funds).
[[policies.land]]
instrument = "standard_factory"
name = "standard factories (标准化厂房)"
payer = "county"
start_year = 2019
end_year = 2021
scope = {{ platforms = {all} }}
params = {{ floor_m2_per_year = {floor:.1f}, construction_cost_yuan_per_m2 = 2000.0, rent_yuan_per_m2_year = 100.0 }}

# Plan (五): "制定出台针对标准化厂房建设的系列财政补助、费用减免、租售优惠...吸引中小微企业入驻发展". The rent
# part as a rent subsidy for new tenants: half the rent for three years (assumption; the plan gives
# no terms).
[[policies.subsidy]]
instrument = "factory_rent_subsidy"
name = "standard-factory rent relief (租售优惠)"
payer = "county"
start_year = 2019
end_year = 2021
scope = {{ platforms = {all} }}
params = {{ rate = 0.5, years = 3 }}

# Plan (四): "成立工业集中区建设和投融资实体,按照PPP模式等筹集开发建设资金" and (十六) "健全县域工业集中区投融资
# 平台、投资开发建设公司". Modelled as the zones' investment platforms issuing bonds whose proceeds
# service land (the PPP partner's money is financing the zone repays). 0.3 亿 per zone a year and
# coupon 0.06 (county LGFV / PPP rates 2018-2019, approx.): assumptions.
[[policies.finance]]
instrument = "platform_bond"
name = "zone investment platforms / PPP finance"
start_year = 2019
end_year = 2021
scope = {{ platforms = {zones} }}
params = {{ amount_yi_per_year = 0.3, coupon = 0.06, maturity_years = 5 }}

# Plan (十六): "积极探索“集中区+担保+银行”等融资模式,对“助保贷”“园区贷”等融资给予贴息和风险补偿". Interest
# subsidy for SMEs in all zones: 1 point (assumption), cap 30 万元 per firm-year (assumption).
[[policies.subsidy]]
instrument = "interest_subsidy"
name = "zone loan interest subsidy (助保贷/园区贷贴息)"
payer = "upper"
start_year = 2019
end_year = 2021
scope = {{ platforms = {all}, size_classes = ["micro", "small", "medium"] }}
params = {{ points = 0.01, cap_wan = 30.0 }}

# ... and the risk compensation of the same loans: a city pool of 1 亿 covering half of banks'
# losses, topped up by 0.5 亿 when exhausted; banks lend eligible firms 10 points more (size,
# top-up and coverage: assumptions; the plan gives no amounts).
[[policies.finance]]
instrument = "risk_compensation_pool"
name = "zone loan risk compensation (风险补偿)"
payer = "upper"
start_year = 2019
end_year = 2021
scope = {{ platforms = {all}, size_classes = ["micro", "small", "medium"] }}
params = {{ size_yi = 1.0, coverage = 0.5, top_up_yi_per_year = 0.5, limit_points = 0.1 }}

# Plan (十六): "引导企业充分利用多层次资本市场,推动直接融资,落实省、市上市挂牌奖励政策". The plan gives no
# amounts: province 100 万元, city 50 万元, county 50 万元 are assumptions (as in the other plans'
# scenarios).
[[policies.subsidy]]
instrument = "listing_award"
name = "listing award (上市挂牌奖励)"
start_year = 2019
end_year = 2021
params = {{ province_wan = 100.0, upper_wan = 50.0, county_wan = 50.0 }}

# Plan (十九) 强化责任考核: "对年度考核进入前五名的,优先申报各类扶持项目、优先支持发展并给予奖励,县区政府也要给予一定
# 的配套奖励". The city's award to the five best-ranked of the 19 zones each year; 0.2 亿 per zone
# (assumption; the county's matching award is not modelled separately). The award services land.
[[policies.subsidy]]
instrument = "ranking_award"
name = "top-five zone award (年度考核前五名)"
payer = "upper"
start_year = 2019
end_year = 2021
scope = {{ platforms = {zones} }}
params = {{ top_n = 5, award_yi = 0.2 }}

# Named by the plan but not modelled (no registered instrument, or not a budget/price channel):
# - 15% service floor allowance on industrial land (建筑面积不超过15%...仍按工业用地管理): a land-use
#   classification rule; the model has no floor-use mix.
# - 5 investment-promotion events a year (每年组织开展5次以上省内外项目对接交流活动): counties'
#   promotion_effort stays 1 (the entry rates are calibrated with the plan's promotion in place).
# - direct power supply and gas pilots, talent policies, 双创 bases, smart parks, 营商环境 reform.
# - net land-sale revenue of zone land spent on zone infrastructure (土地出让金净收益...用于基础配套):
#   the land servicing is paid by the county budget that receives the land sales.
"""

TARGETS = """
# ================================================================ targets (TARGETS.md, section 001)
# The 19 zones = platform_level:county (see the header). Industrial output = output_value of the
# eight industrial sectors. Tolerance 0.03 for '='.

# Plan: "全市中小微企业年均新增0.3万户以上". Gross entries of all modelled firms (all sizes; large firms
# are a handful); the net increase is carried by AK-02.
[[targets]]
id = "AK-01"
description = "new SMEs per year >= 3,000 (firms entered, city)"
entity = "region"
variable = "firms_entered"
years = [2019, 2020, 2021]
values = [3000.0, 3000.0, 3000.0]
comparator = ">="

# Plan: "2021年超过4万户". All active modelled firms (incl. the few large ones).
[[targets]]
id = "AK-02"
description = "SMEs in the city >= 40,000 in 2021 (active firms)"
entity = "region"
variable = "firms_active"
year = 2021
value = 40000.0
comparator = ">="

[[targets]]
id = "AK-03"
description = "'three-star' growth-ladder SMEs (成长梯队“三星”企业) >= 500 in 2021"
out_of_scope = "a certification ladder of the city's SME bureau; the model has no star ratings of firms"

# Plan: "县域工业总产值占全市工业总产值的比重提高到85%以上". 县域 = all but 安康高新区 (the city's zone;
# the enclave park counts for the counties), so the target is written as its complement:
# 安康高新区's share of the city's industrial output <= 15% (the same condition; the target form
# cannot subtract a platform from a county).
[[targets]]
id = "AK-04"
description = "county share of industrial output >= 85% in 2021, as 安康高新区's share <= 15%"
entity = "platform:安康高新区"
variable = "output_value"
denominator_entity = {ind}
denominator_variable = "output_value"
year = 2021
value = 0.15
comparator = "<="

[[targets]]
id = "AK-05"
description = "19 key zones, operating revenue 2,000 亿 in 2021"
entity = "platform_level:county"
variable = "output_value"
year = 2021
value = 2000.0
comparator = "="
tolerance = 0.03

[[targets]]
id = "AK-06"
description = "firms in the 19 key zones > 2,000 in 2021"
entity = "platform_level:county"
variable = "firms_active"
year = 2021
value = 2000.0
comparator = ">="

[[targets]]
id = "AK-07"
description = "employment in the 19 key zones > 100,000 in 2021"
entity = "platform_level:county"
variable = "employment"
year = 2021
value = 100000.0
comparator = ">="

[[targets]]
id = "AK-08"
description = "demonstration zones built >= 6 by 2021 (培育和建成6个示范县域工业集中区)"
out_of_scope = "a provincial designation (示范县域工业集中区) with unpublished criteria; no model variable or rule"

# Plan: "打造成1个千亿级富硒产业集群". Industrial part of the 富硒 industry: 富硒食品 + 富硒农产品加工
# (selenium-rich farming and tourism, which Ankang also counts in 富硒产业综合产值, are not modelled).
[[targets]]
id = "AK-09"
description = "selenium-rich (富硒) industry cluster output >= 1,000 亿 in 2021"
entity = ["sector:富硒食品", "sector:富硒农产品加工"]
variable = "output_value"
year = 2021
value = 1000.0
comparator = ">="

# Plan: "形成2个...年产值过300亿元的工业集中区;形成3个...产值过200亿元的工业集中区;2个...产值过100亿元的工业
# 集中区": seven distinct zones in three tiers, so cumulative counts: > 300: 2, > 200: 2 + 3 = 5,
# > 100: 2 + 3 + 2 = 7.
[[targets]]
id = "AK-10"
description = "zones with output > 300 亿 >= 2 in 2021"
entity = "platform_level:county"
variable = "output_value"
transform = "count_above"
threshold = 300.0
year = 2021
value = 2.0
comparator = ">="

[[targets]]
id = "AK-10.b"
description = "zones with output > 200 亿 >= 5 in 2021 (the 2 above 300 plus 3)"
entity = "platform_level:county"
variable = "output_value"
transform = "count_above"
threshold = 200.0
year = 2021
value = 5.0
comparator = ">="

[[targets]]
id = "AK-10.c"
description = "zones with output > 100 亿 >= 7 in 2021 (5 above 200 plus 2)"
entity = "platform_level:county"
variable = "output_value"
transform = "count_above"
threshold = 100.0
year = 2021
value = 7.0
comparator = ">="

# Plan: "全市县域工业集中区建成面积年均增长15%以上". Built-up area = serviced land of the 19 zones.
[[targets]]
id = "AK-11"
description = "built-up zone area, growth >= 15% per year"
entity = "platform_level:county"
variable = "land_serviced"
transform = "growth"
years = [2019, 2020, 2021]
values = [0.15, 0.15, 0.15]
comparator = ">="

# Plan: "全市工业集中区标准化厂房面积达到350万平方米" (all zones incl. 安康高新区 and the enclave park).
[[targets]]
id = "AK-12"
description = "standard factory floor >= 3.5 million m2 in 2021"
entity = "platform:*"
variable = "floor_built"
year = 2021
value = 3500000.0
comparator = ">="

# Plan: "全市每年新增投资千万元入园企业100户以上". The run's /policy group would count such entrants as
# recipients of an entry_award with min_investment_wan = 1000, but targets cannot select a policy.
[[targets]]
id = "AK-13"
description = "new zone entrants investing >= 10 million yuan, >= 100 per year"
out_of_scope = "needs variable firms_entered_min_investment (zone entrants with initial investment >= 1000 万元; not yet in the model)"

# Plan: "示范工业集中区营业收入增速每年不低于20%". The 6 assumed demonstration zones together (the target
# form has no per-zone minimum of growth rates).
[[targets]]
id = "AK-14"
description = "demonstration zones, revenue growth >= 20% per year (the 6 assumed zones together)"
entity = {demo}
variable = "output_value"
transform = "growth"
years = [2019, 2020, 2021]
values = [0.2, 0.2, 0.2]
comparator = ">="

[[targets]]
id = "AK-15"
description = "per zone: >= 5 leading firms (龙头骨干企业) in 2021"
out_of_scope = "needs variable firms_leading (a count of leading firms; 龙头骨干 is a designation, not a size class in the model)"

# Plan: "每个集中区至少培育和发展...50户规模以上企业": every one of the 19 zones has >= 50 above-scale firms,
# i.e. the count of zones with more than 49 is 19.
[[targets]]
id = "AK-15.b"
description = "per zone: >= 50 above-scale firms in 2021 (all 19 zones)"
entity = "platform_level:county"
variable = "firms_above_scale"
transform = "count_above"
threshold = 49.5
year = 2021
value = 19.0
comparator = ">="

[[targets]]
id = "AK-16"
description = "national small and micro enterprise innovation demonstration bases >= 2 by 2021"
out_of_scope = "a national designation (国家级小型微型企业创业创新示范基地); no model entity or rule"

[[targets]]
id = "AK-16.b"
description = "provincial small and micro enterprise innovation bases >= 10 by 2021"
out_of_scope = "a provincial designation (省级小型微型企业创业创新基地); no model entity or rule"
"""

CALIBRATION = """
# ================================================================ calibration
# Structural free parameters (8) against 14 modelled target IDs (20 target rows). Demand growth of
# the six sectors that make up most of the zones' revenue (AK-05, AK-09, AK-10, AK-14, AK-15.b), the
# entry rate of service SMEs (AK-01, AK-02) and the outside-zone revenue scale (AK-04). The values
# in [[sectors]] are the starting point (hand coordinate search); 钡盐化工 (= 装备制造), 电子信息 and the service sector's demand growth are set by hand.
[calibration]
replicates = 4
max_evaluations = 300

[[calibration.parameters]]
key = "sectors[富硒食品].demand_growth"
lower = 0.0
upper = 0.5
meaning = "exogenous demand growth of selenium-rich food and drink"

[[calibration.parameters]]
key = "sectors[富硒农产品加工].demand_growth"
lower = 0.0
upper = 0.5
meaning = "exogenous demand growth of selenium-rich tea, konjac and farm-product processing"

[[calibration.parameters]]
key = "sectors[新型材料].demand_growth"
lower = 0.0
upper = 0.5
meaning = "exogenous demand growth of new materials"

[[calibration.parameters]]
key = "sectors[装备制造].demand_growth"
lower = 0.0
upper = 0.5
meaning = "exogenous demand growth of equipment manufacturing"

[[calibration.parameters]]
key = "sectors[生物医药].demand_growth"
lower = 0.0
upper = 0.5
meaning = "exogenous demand growth of Chinese medicine and biological products"

[[calibration.parameters]]
key = "sectors[商贸服务业中小微企业].entry_rate"
lower = 0.05
upper = 0.4
meaning = "yearly entry rate of service SMEs (new firms per incumbent)"

[[calibration.parameters]]
key = "sectors[纺织丝绸].demand_growth"
lower = 0.0
upper = 0.5
meaning = "exogenous demand growth of silk and textiles"

[[calibration.parameters]]
key = "initial.revenue_scale.outside"
lower = 0.7
upper = 1.3
meaning = "base-year revenue multiplier of firms outside the zones (unpublished base year)"
"""

if __name__ == "__main__":
    main()
