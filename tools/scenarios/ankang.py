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
# name: dict(v value_added_share, a capital_elasticity, b labour_elasticity (labour share of value
#   added), cor capital_output_ratio, inten investment_intensity_wan_per_mu, g demand_growth (the
#   starting point of the fit for the fitted ones), entry entry_rate, ent_med
#   entrant_revenue_median_wan, dep depreciation, rp risk_premium, note)
# Labour share and value added (issue 24 recipe, step 1): revenue per worker R/L = wage / (b v).
# At the counties' labour cost of 5.3-5.6 万元 (see COUNTIES) b v = 0.05-0.055 gives 96-110 万元
# per industrial worker, between all industrial firms (about 102 万元, 4th Economic Census 2018)
# and above-scale industry (129.4 万元, NBS 2018); textiles lower (labour-intensive). Pre-tax
# margin v (1 - b) - cor (0.25 loan rate + dep) - 0.7% (surcharges and other taxes) is 5-9%
# (NBS above-scale industry 2018-21: 5.9-6.8%; pharmaceuticals higher). The plan's
# capital_output_ratio values are kept (fixed capital / revenue 0.6-1.1, inside 0.4-1.2).
SERVICES = "商贸服务业中小微企业"
TRADE = "商贸物流限上企业"
SECTORS = {
    "富硒食品": dict(
        v=0.20, a=0.30, b=0.26, cor=0.7, inten=180.0, g=0.10, entry=0.08, ent_med=400.0,
        dep=0.08, rp=0.025,
        note="Selenium-rich food and drink incl. packaged drinking water (富硒食(饮)品, 包装饮用水): "
        "the plan's 汉滨/汉阴/白河 bases and 安康高新区's 富硒生物. value_added_share 0.2 as for food "
        "manufacturing in China's I-O tables (approx.)."),
    "富硒农产品加工": dict(
        v=0.20, a=0.28, b=0.27, cor=0.6, inten=120.0, g=0.10, entry=0.08, ent_med=400.0,
        dep=0.08, rp=0.03,
        note="Selenium-rich tea, konjac, walnut and other farm-product processing (茶叶、魔芋、核桃等"
        "产业加工基地: 宁陕、镇坪、紫阳、岚皋; 平利 tea). Part of the plan's 富硒产业集群 (AK-09). "
        "value_added_share 0.2 as for agri-food processing (approx.)."),
    "新型材料": dict(
        v=0.22, a=0.35, b=0.22, cor=1.0, inten=250.0, g=0.10, entry=0.08, ent_med=400.0,
        dep=0.07, rp=0.02,
        note="New materials incl. non-ferrous processing and building materials (新型材料; 旬阳, "
        "安康高新区, 汉滨). value_added_share ~0.22 as for non-metallic minerals / metal products "
        "(approx.)."),
    "钡盐化工": dict(
        v=0.22, a=0.38, b=0.20, cor=1.1, inten=250.0, g=0.06, entry=0.08, ent_med=400.0,
        dep=0.07, rp=0.02,
        note="Barium salts and other inorganic chemicals (钡盐等无机化工: 平利). Capital-intensive; "
        "value_added_share ~0.22 as for basic chemicals (approx.)."),
    "装备制造": dict(
        v=0.22, a=0.30, b=0.24, cor=0.9, inten=220.0, g=0.10, entry=0.08, ent_med=400.0,
        dep=0.08, rp=0.025,
        note="Equipment and advanced manufacturing (装备制造, 先进制造: 石泉, 安康高新区, 旬阳高新区, "
        "the enclave park). value_added_share 0.22 as for general equipment (approx.)."),
    "纺织丝绸": dict(
        v=0.20, a=0.25, b=0.30, cor=0.6, inten=150.0, g=0.10, entry=0.08, ent_med=400.0,
        dep=0.08, rp=0.03,
        note="Silk and textiles (纺织丝绸: 石泉; 汉滨's textile and toy community factories). "
        "Labour-intensive (revenue per worker about 88 万元); value_added_share 0.2 (approx.)."),
    "生物医药": dict(
        v=0.24, a=0.32, b=0.22, cor=0.9, inten=250.0, g=0.10, entry=0.08, ent_med=400.0,
        dep=0.08, rp=0.025,
        note="Chinese medicine and biological products (中医药: 宁陕、镇坪、平利、岚皋; 生物制品: 旬阳高新区; "
        "医药健康: the enclave park). value_added_share 0.24 (pharmaceuticals 0.25-0.3 in the I-O "
        "tables, approx.; lower here so that the margin stays near 9%)."),
    "电子信息": dict(
        v=0.20, a=0.32, b=0.25, cor=0.8, inten=300.0, g=0.10, entry=0.08, ent_med=400.0,
        dep=0.10, rp=0.025,
        note="Electronics and information (电子信息: the enclave park's and 安康高新区's new "
        "strategic industries). Small base (the plan's 战略新兴产业集群)."),
    SERVICES: dict(
        v=0.25, a=0.20, b=0.56, cor=0.4, inten=300.0, g=0.05, entry=0.2, ent_med=50.0, ldg=0.03,
        dep=0.06, rp=0.03,
        note="Trade, catering and other service SMEs (商贸、餐饮、居民服务等中小微企业) outside the "
        "zones. Not industry: modelled only because AK-01/AK-02 count all of the city's SMEs (全市"
        "中小微企业), which are mostly in services; they are left out of every industrial target. "
        "Labour share 0.56 of value added 0.25: about 38 万元 of revenue and 4 workers per firm "
        "(services 25-150 万元 and 3-40 workers, 4th Economic Census 2018, derived)."),
    TRADE: dict(
        v=0.15, a=0.20, b=0.40, cor=0.5, inten=300.0, g=0.05, entry=0.10, ent_med=800.0,
        dep=0.06, rp=0.025,
        note="Larger trade and logistics firms (限额以上批发零售企业, 现代物流: the plan names 现代物流 among "
        "安康高新区's industries and the city's logistics platform in (十): 大数据物流仓储平台), outside the "
        "zones (services rent commercial space). Not industry; counted by AK-01/AK-02 with the SMEs "
        "(most are medium-sized: 工信部联企业〔2011〕300号 counts wholesale firms up to 4 亿 of revenue as "
        "SMEs). value_added_share 0.15 of sales (trade about 0.15, logistics about 0.35, approx.), "
        "labour share 0.4: about 90 万元 of revenue per worker and a 4% margin (above-scale trade about "
        "3%). Added so that the service firms have the size distribution of a city's (about 0.6% of "
        "them above 2,000 万元; 0.5-10% by the statistics' own thresholds): without them the SMEs' "
        "lognormal sizes put none above it."),
}
INDUSTRY = [s for s in SECTORS if s not in (SERVICES, TRADE)]

# ------------------------------------------------------------------ counties
# name: (kind, GDP 2018 亿 approx., base wage 万元, services firms, services revenue 亿,
#        outside-zone industry {sector: (firms, revenue)})
COUNTIES = {
    "汉滨区": ("district", 400.0, 5.8, 8600, 150.0,
               {"富硒食品": (180, 30.0), "纺织丝绸": (160, 18.0), "新型材料": (90, 14.0),
                "装备制造": (60, 8.0)}),
    "汉阴县": ("county", 105.0, 5.3, 2700, 40.0,
               {"富硒食品": (90, 10.0), "新型材料": (40, 6.0)}),
    "石泉县": ("county", 95.0, 5.3, 1900, 30.0,
               {"纺织丝绸": (70, 6.0), "装备制造": (50, 6.0)}),
    "宁陕县": ("county", 31.0, 5.3, 800, 10.0,
               {"生物医药": (30, 2.5), "富硒农产品加工": (40, 2.5)}),
    "紫阳县": ("county", 76.0, 5.2, 2500, 30.0,
               {"富硒农产品加工": (150, 10.0), "富硒食品": (40, 4.0)}),
    "岚皋县": ("county", 56.0, 5.2, 1600, 20.0,
               {"富硒农产品加工": (70, 5.0), "生物医药": (30, 3.0)}),
    "平利县": ("county", 80.0, 5.2, 2000, 25.0,
               {"富硒农产品加工": (90, 6.0), "钡盐化工": (20, 6.0)}),
    "镇坪县": ("county", 25.0, 5.3, 650, 8.0,
               {"生物医药": (30, 2.5), "富硒农产品加工": (30, 2.0)}),
    "旬阳县": ("county", 205.0, 5.4, 3700, 55.0,
               {"新型材料": (110, 25.0), "富硒食品": (80, 8.0), "生物医药": (40, 5.0)}),
    "白河县": ("county", 60.0, 5.2, 1650, 20.0,
               {"富硒食品": (60, 6.0), "新型材料": (30, 5.0)}),
}

# Small industrial firms outside the zones (小微工业企业: community factories 社区工厂 of the
# resettlement programme, tea, konjac and food workshops), added to the outside cells: about 4,300
# firms with 150 万元 of revenue each (65 亿), in proportion to the counties' resident population
# (2018, approx.), in each county's typical branch. Assumption: without them the modelled industry
# had 3,800 firms of which 45% above scale (2,000 万元), against about 11% nationally (37.5 万 of
# 345.1 万 industrial enterprises, NBS 2018 / 4th Economic Census); with them about 8,100 firms
# (3 per 1,000 of Ankang's 2.66 million residents, China 2.5: 4th Economic Census, derived) and
# about a quarter above scale, the upper end for a population weighted towards zone firms.
WORKSHOPS = {
    "汉滨区": {"纺织丝绸": (900, 13.5), "富硒食品": (570, 8.6)},
    "旬阳县": {"富硒食品": (660, 9.9)},
    "汉阴县": {"纺织丝绸": (225, 3.4), "富硒农产品加工": (210, 3.2)},
    "石泉县": {"纺织丝绸": (270, 4.0)},
    "紫阳县": {"富硒农产品加工": (420, 6.3)},
    "平利县": {"富硒农产品加工": (195, 2.9), "纺织丝绸": (140, 2.1)},
    "岚皋县": {"富硒农产品加工": (250, 3.7)},
    "白河县": {"富硒食品": (290, 4.4)},
    "宁陕县": {"富硒农产品加工": (105, 1.6)},
    "镇坪县": {"富硒农产品加工": (90, 1.4)},
}
for _c, _extra in WORKSHOPS.items():
    _out = COUNTIES[_c][5]
    for _sec, (_n, _r) in _extra.items():
        _n0, _r0 = _out.get(_sec, (0, 0.0))
        _out[_sec] = (_n0 + _n, round(_r0 + _r, 1))

# Larger trade and logistics firms outside the zones (TRADE): firms and revenue 亿 per county,
# assumption (about 600 firms and 150 亿 in 2018, most in 汉滨区, the city proper).
TRADE_CELLS = {"汉滨区": (260, 70.0), "旬阳县": (80, 19.0), "汉阴县": (45, 10.0), "石泉县": (35, 8.0),
               "紫阳县": (40, 9.0), "平利县": (35, 8.0), "岚皋县": (25, 6.0), "白河县": (30, 7.0),
               "宁陕县": (15, 3.0), "镇坪县": (15, 3.0)}
for _c, (_n, _r) in TRADE_CELLS.items():
    COUNTIES[_c][5][TRADE] = (_n, _r)

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
SERVICE_FIXED_COST = 0.5
WORKSHOP_FIXED_COST = 3.0  # fixed_cost_wan of the sectors with small workshops
WORKSHOP_SECTORS = ("富硒食品", "富硒农产品加工", "纺织丝绸")   # fixed_cost_wan of the service SMEs
BASE_HAZARD = 0.02         # [exit] base_hazard (see the TOML's comment)
FLOOR_COUNTY = 10000.0     # standard-factory floor a platform builds a year with county funds, m2
FLOOR_CITY = 3000.0        # ... with the city's fund
FLOOR_PRIVATE = 6000.0     # ... by social capital (no budget outlay)
FLOOR_COST = 1800.0        # 元/m2


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
# assumptions (first written about one doubling below the plan's 2021 targets), not statistics;
# the zones' level is taken at 1.25 times them, the upper end of the plausible range
# ([initial.revenue_scale]). County GDPs are approx. public statistics 2018 (unverified recollection).
#
# Refit of issue 24 (baselines an economist would sign): national prices are NBS data (PPI, CPI),
# sectors have kinds (services rent commercial space and stay out of industrial zones, so the
# 2021 cliff of about 4,000 service micro-firms pushed into the zones is gone), labour shares and
# wages give revenue per worker and margins of the statistics, exits are 5-15% a year, small
# industrial firms and larger trade firms give the census's size mix, the standard factories build
# only the increment of 2019-21 with the payers the plan names, the plan's rule that new industrial
# projects go into the zones applies, and every fitted parameter lies in its plausible range. Rows the plan sets beyond what that economy reaches are findings (see the
# fit report in the baseline overlay and VALIDATION.md).
#
# Modelling choices and where the scenario departs from the brief, with reasons:
# - Eight industrial sectors and two service sectors: the plan's targets are industrial output and
#   zone revenue, so modelled firms' output_value is industrial output. 包装饮用水 is in 富硒食品;
#   节能环保 is not modelled separately. A service sector of SMEs and one of larger trade and
#   logistics firms (incl. 现代物流, named for 安康高新区) outside the zones are added because
#   AK-01/AK-02 count all of the city's SMEs; every industrial target excludes them (sector
#   lists, zone selectors).
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
    w("""# National price paths are NBS data (MODEL.md 3.2): industry follows the national PPI, services the
# CPI (no branch series could be sourced for 2018-2021: data/prices/README.md).
national_prices = "../data/prices/national_prices.toml"

# Fiscal rules of 2018-2021. VAT is the statutory rate of each sector's VAT class by year (16% in
# 2018 and to March 2019, 13% after; MODEL.md 3.2, budgets); surcharges, other taxes, transfers and
# general spending at the engine's defaults.
[fiscal]
cit_rate = 0.25          # Enterprise Income Tax Law 2008
vat_local_share = 0.5    # 国发〔2016〕26号
cit_local_share = 0.4    # CIT 60/40 centre/local
county_share_of_local = 0.5   # Shaanxi's city/county split not published per county: assumption
above_scale_revenue_wan = 2000.0  # 规模以上: main business revenue >= 20 million yuan
bank_rate = 0.0435       # one-year benchmark lending rate 2015-10 to 2019
loan_to_capital = 0.5    # default (calibrated in MODEL.md 3.3)

# Exit (MODEL.md 3.2, Exit): a reference firm (10 workers, 5 years, no losses) exits with BASE_HAZARD
# a year (the engine default 0.005), so that industry and service SMEs exit at the 5-15% a year of
# the SAIC 2013 survival report (plausibility ranges); the earlier baseline lost 0.3% of its
# industrial firms a year.
[exit]
base_hazard = {BASE_HAZARD}

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

# Base-year revenue multipliers (the unpublished base year; 1 = the cells as written): the zones
# (industrial parks incl. 安康高新区) at 1.25, the upper end of the plausible 0.8-1.25 (MODEL.md 3.8),
# where the plan's level targets put it (AK-05's 2,000 亿, AK-09, AK-10: with the zones' markets
# at the top of their plausible growth, each is nearest from the largest base); not fitted (see
# [calibration]). The enclave park and the firms outside any platform as written.
[initial.revenue_scale]
industrial_park = 1.25
enclave_park = 1.0
outside = 1.0
""".replace("{BASE_HAZARD}", str(BASE_HAZARD)))
    # sectors
    w("# ================================================================ sectors")
    w("# Industrial sectors are tradable (tradable_share 0.8, the engine default) and follow the")
    w("# national PPI (NBS: +3.5 / -0.3 / -1.8 / +8.1% in 2018-21, data/prices): their regional price")
    w("# stays near the national one, so the plan's revenue targets are met (or not) by quantities.")
    w("# demand_growth is the real growth of each branch's national market, fitted within -5% .. +15%")
    w("# a year (MODEL.md 3.8; NBS industrial value added by branch 2015-21); the unfitted ones are")
    w("# set by hand inside that range. Labour shares and value added: see tools/scenarios/ankang.py")
    w("# (revenue per worker about 100 万元, margins 5-9%). entry_rate 0.08 would-be entrants per")
    w("# incumbent (about three quarters finance their project: a gross entry of about 6%, plus exits")
    w("# of 5-10%, near the census's +7.4% a year net for industrial enterprises 2013-18).")
    w("# capital_growth 0.05: net growth of capital in the base year (MODEL.md 3.2, Investment), the")
    w("# lower end of the 5-10% a year of China's industrial net capital stock in 2015-19 (assumption:")
    w("# manufacturing investment slowed after 2018).")
    for name, s in SECTORS.items():
        w("")
        for line in textwrap.wrap(s["note"], 96):
            w("# " + line)
        w("[[sectors]]")
        w(f'name = "{name}"')
        if name in (SERVICES, TRADE):
            w('kind = "services"  # rents commercial space outside the zones; no industrial land, not admitted to industrial zones')
            w('national_price_series = "CPI"  # NBS CPI (data/prices): no service branch series could be sourced')
            w('vat_class = "general"  # mostly trade: sells goods at the general VAT rate')
            w(f"tradable_share = {0.2 if name == SERVICES else 0.3}  # mostly sold to local buyers (MODEL.md 3.2, goods markets)")
            w("capital_growth = 0.04  # assumption: below industry (services' capital grows with their sales)")
        else:
            w('kind = "industry"')
            w('national_price_series = "PPI"  # NBS PPI (data/prices): no branch series could be sourced')
            w("capital_growth = 0.05  # assumption (see above)")
        w(f"value_added_share = {s['v']}")
        w(f"capital_elasticity = {s['a']}   # assumption")
        w(f"labour_elasticity = {s['b']}    # labour share of value added: revenue per worker (see above)")
        w(f"capital_output_ratio = {s['cor']}   # assumption")
        w(f"investment_intensity_wan_per_mu = {s['inten']}   # assumption (county zones in southern Shaanxi)")
        if "ldg" in s:
            w(f"local_demand_growth = {s['ldg']}   # calibrated within 0-0.05 (see [calibration]): urbanisation and visitors beyond incomes")
        if f"sectors[{name}].demand_growth" in CALIBRATION:
            w(f"demand_growth = {s['g']}   # calibrated within its plausible range (see [calibration])")
        elif name in (SERVICES, TRADE):
            w(f"demand_growth = {s['g']}   # assumption: real growth of sales outside the city (visitors, 20% of sales); local demand follows the region's GDP (MODEL.md 3.2)")
        elif name == "钡盐化工":
            w(f"demand_growth = {s['g']}   # assumption: real growth of inorganic chemicals, about that of China's chemical industry value added 2018-21 (approx.)")
        else:
            w(f"demand_growth = {s['g']}   # assumption: a small fast-growing branch (China's electronics value added grew about 9-12% a year real in 2018-21, approx.)")
        if name == SERVICES:
            if f"sectors[{name}].entry_rate" in CALIBRATION:
                w(f"entry_rate = {s['entry']}   # calibrated within 0.1-0.25 (see [calibration]): AK-01/AK-02 (high churn of service micro firms)")
            else:
                w(f"entry_rate = {s['entry']}   # assumption: services' gross entry 10-35% a year (4th Economic Census)")
            w(f"entrant_revenue_median_wan = {s['ent_med']}   # assumption (shops, small service firms)")
        elif name == TRADE:
            w(f"entry_rate = {s['entry']}   # assumption: would-be entrants per incumbent, below the SMEs'")
            w(f"entrant_revenue_median_wan = {s['ent_med']}   # assumption: a new wholesale or logistics firm")
        else:
            w(f"entry_rate = {s['entry']}   # would-be entrants per incumbent (see above)")
            w(f"entrant_revenue_median_wan = {s['ent_med']}   # assumption: a new firm's mean revenue (660 万元 at sigma 1) about a third of an incumbent's; about one entrant in seven invests >= 1,000 万元, some 70-100 a year (the plan's AK-13 asks 100)")
        w(f"depreciation = {s['dep']}   # assumption")
        w(f"risk_premium = {s['rp']}   # assumption")
        w("productivity_drift = 0.01   # default")
        if name == SERVICES:
            w(f"fixed_cost_wan = {SERVICE_FIXED_COST}   # assumption: a shop's or eatery's fixed overhead besides its capital and wages (the engine default 5 万元 is a third of a micro firm's value added)")
        if name in WORKSHOP_SECTORS:
            w(f"fixed_cost_wan = {WORKSHOP_FIXED_COST}   # assumption: most of the sector's firms outside the zones are small workshops (the engine default 5 万元 is a fifth of a 150 万元 workshop's value added)")
    # counties
    w("")
    w("# ================================================================ counties")
    w("# GDP 2018: Ankang city 1,133 亿 (approx., public statistics 2018); the county figures below are")
    w("# approx. public statistics 2018 (汉滨区 incl. 安康高新区), unverified. exogenous_gdp_yi = GDP minus")
    w("# the modelled firms' value added (agriculture, construction, public and other services).")
    w("# wage_wan: labour cost per worker incl. employers' social insurance (issue 24 recipe, step 2):")
    w("# about 1.3 x the 2018 average wage of Shaanxi's urban private units, 4.08 万元 (derived: 43,477 元")
    w("# in 2019, a rise of 6.6% on 2018; Shaanxi statistics bureau release on 2020 wages, approx.),")
    w("# = 5.3 万元; the modelled firms are mostly private county firms (Shaanxi's non-private units paid")
    w("# about 7.3-7.8 万元). 汉滨区 (the city proper) 5.8, 旬阳 5.4, the poorest mountain counties 5.2")
    w("# (the earlier relative wages, assumption). wage_growth 0.07: Shaanxi private-unit wages +6.6%")
    w("# (2019) and +9.8% (2020) (same release). labour_force: LABOUR_HEADROOM")
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
    w("# gives no base-year counts): the 19 zones ~2,200 firms and ~1,120 亿 (at revenue_scale 1), the")
    w("# rest of the city's industry outside zones (with ~4,300 small workshops, see")
    w("# tools/scenarios/ankang.py), ~26,000 service SMEs and ~600 larger trade and logistics firms")
    w("# outside zones (the city's SMEs before the plan, approx. 3 万户 with industry: assumption from")
    w("# AK-02's 4 万 in 2021 less 3 years of AK-01's 0.3 万 a year).")
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
    n_pf = len(PLATFORMS)
    per = FLOOR_COUNTY + FLOOR_CITY + FLOOR_PRIVATE
    w(POLICIES.format(zones=zl, all=al, industry=ind, floor_total=per, floor_all=per * n_pf * 3,
                      floor_county=FLOOR_COUNTY, floor_city=FLOOR_CITY, floor_private=FLOOR_PRIVATE,
                      public_yi=(FLOOR_COUNTY + FLOOR_CITY) * n_pf * FLOOR_COST / 1e8))
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

# Plan (五) 标准化厂房建设行动: "按照“政府主导、市场运作”的原则,鼓励、引导各类社会资本参与标准化厂房建设,强力推进委托
# 代建、园区自建、企业自建、以商招商、量身定制等多种模式 ... 到2021年 ... 全市工业集中区标准化厂房面积达到350万平方米",
# and (十五) "市县区要分别预算县域工业集中区发展资金,重点支持...标准化厂房". The 3.5 million m2 is a STOCK in
# 2021. The engine holds no base-year stock of standard floor (standard_factory adds floor from its
# start year; MODEL.md 3.7, docs/INSTRUMENTS.md), so only the increment of 2019-2021 is built here:
# {floor_total:,.0f} m2 a platform a year, {floor_all:,.0f} m2 in the 21 zones over three years (about
# 0.4 million m2 a year; assumption: the part of the 3.5 million the zones still had to build if
# about 2.3 million m2 stood in 2018, which is not published). AK-12 (floor_built >= 3.5 million)
# therefore counts only the new floor and stays unmet by construction: a limitation of the model,
# not a finding on the plan. Payers as the plan writes them ("政府主导、市场运作", funds of the city
# and the counties, social capital): the zones' own companies build {floor_county:,.0f} m2 a year
# with county development funds (园区自建/委托代建), the city's fund pays for {floor_city:,.0f} m2,
# and {floor_private:,.0f} m2 are built by social capital (企业自建、以商招商: no budget outlay; its
# construction value added is left out of county GDP). Construction 1,800 元/m2 (steel-frame
# factory buildings 1,500-2,500 元/m2, MODEL.md 3.7) and rent 100 元/m2/year (county park rents of
# 5-15 元/m2 a month, lower in southern Shaanxi): assumptions. The public outlay is about
# {public_yi:.1f} 亿 a year, against the 25 亿 a year of the earlier baseline that built the whole
# stock with county money.
[[policies.land]]
instrument = "standard_factory"
name = "standard factories built by the zones' companies (园区自建/委托代建, county funds)"
payer = "county"
start_year = 2019
end_year = 2021
scope = {{ platforms = {all} }}
params = {{ floor_m2_per_year = {floor_county:.1f}, construction_cost_yuan_per_m2 = 1800.0, rent_yuan_per_m2_year = 100.0 }}

[[policies.land]]
instrument = "standard_factory"
name = "standard factories funded by the city's zone development fund (市级发展资金)"
payer = "upper"
start_year = 2019
end_year = 2021
scope = {{ platforms = {all} }}
params = {{ floor_m2_per_year = {floor_city:.1f}, construction_cost_yuan_per_m2 = 1800.0, rent_yuan_per_m2_year = 100.0 }}

[[policies.land]]
instrument = "standard_factory"
name = "standard factories built by social capital (企业自建/以商招商, no budget outlay)"
payer = "county"
start_year = 2019
end_year = 2021
scope = {{ platforms = {all} }}
params = {{ floor_m2_per_year = {floor_private:.1f}, construction_cost_yuan_per_m2 = 0.0, rent_yuan_per_m2_year = 100.0 }}

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
# subsidy on the zones' 助保贷/园区贷 loans, products for micro and small firms (medium firms borrow
# on ordinary terms). The instrument pays on a firm's whole debt, not on a loan product: the scope
# is the zones' micro and small firms and the cap of 5 万元 per firm-year stands for 1 point on a
# loan of about 500 万元, the size of such a product (assumption; the plan gives no amounts). The
# earlier scope (micro, small and medium, cap 30 万元) subsidised the whole debt of 2,600-3,100
# zone firms, 2.9 亿 a year, the largest item of the package.
[[policies.subsidy]]
instrument = "interest_subsidy"
name = "zone loan interest subsidy (助保贷/园区贷贴息)"
payer = "upper"
start_year = 2019
end_year = 2021
scope = {{ platforms = {all}, size_classes = ["micro", "small"] }}
params = {{ points = 0.01, cap_wan = 5.0 }}

# ... and the risk compensation of the same loans (the same micro and small zone firms): a city
# pool of 1 亿 covering half of banks' losses, topped up by 0.5 亿 when exhausted; banks lend
# eligible firms 10 points more (size, top-up and coverage: assumptions; the plan gives no amounts).
[[policies.finance]]
instrument = "risk_compensation_pool"
name = "zone loan risk compensation (风险补偿)"
payer = "upper"
start_year = 2019
end_year = 2021
scope = {{ platforms = {all}, size_classes = ["micro", "small"] }}
params = {{ size_yi = 1.0, coverage = 0.5, top_up_yi_per_year = 0.5, limit_points = 0.1 }}

# Plan (十六): "引导企业充分利用多层次资本市场,推动直接融资,落实省、市上市挂牌奖励政策": the province's and
# the city's existing awards; the plan names no county award (county_wan 0; the earlier scenario
# added 50 万元 of county money the plan does not give). Amounts not in the plan: province 100 万元
# and city 50 万元 are assumptions (as in the other plans' scenarios).
[[policies.subsidy]]
instrument = "listing_award"
name = "listing award (上市挂牌奖励)"
start_year = 2019
end_year = 2021
params = {{ province_wan = 100.0, upper_wan = 50.0, county_wan = 0.0 }}

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

# Plan (十七) 规范工业用地: "除不宜建设的项目外,新建工业项目原则上要在工业集中区布局". A park requirement
# (项目入园, MODEL.md 3.7) for the eight industrial sectors in every county: their entrants choose among
# the county's zones (the plan's exceptions, projects unfit for zones, are not modelled). Without it
# the industrial entrants outside the zones took the outside land, which ran out by 2021 (vacant
# 70 -> 4 ha, prices up to twice the list price), and the zones' entry rate rose 11 -> 19% a year
# as entrants were pushed in; with it the zones take about 570-600 entrants a year from 2019 and
# their entry rate falls 26 -> 19% as they grow.
[[policies.land]]
instrument = "park_requirement"
name = "new industrial projects in the zones (新建工业项目原则上要在工业集中区布局)"
payer = "county"
start_year = 2019
end_year = 2021
scope = {{ sectors = {industry} }}
params = {{}}

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

# Finding of the refit (issue 24): not met. The zones' revenue grows from 1,406 亿 (2018, the cells at
# the revenue scale 1.25) to about 1,760 亿 in 2021 (7.8% a year nominal, PPI -0.3 / -1.8 / +8.1%)
# with their branches' national markets at +15% a year real, the top of the plausible range: their
# capacity grows with investment and entry, and the extra demand lifts their prices (up to 6%
# above the national ones) more than their output. 2,000 亿 needs 12.5% a year, about 4-5 points a
# year more capacity growth than the zones' firms and entrants create. (The earlier baseline met it
# with demand +39-45% a year, industrial prices 55-60% above the national ones and 4,000 service
# micro-firms pushed into the zones in 2021.)
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
# Met in the refitted baseline at the edge: about 1,008 亿 in the replicate mean (met in 8 of 12 unseen
# replicates), with both branches' markets at +15% a year real.
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
# > 100: 2 + 3 + 2 = 7. Finding of the refit (issue 24): not met. The largest zones (旬阳高新区,
# 汉滨区富硒食品, 225 and 219 亿 in 2018) reach about 270 亿 in 2021, the three next about 185 亿, 平利 and
# 白河 95-102 亿: 0 zones above 300 亿 (2 wanted), 2 above 200 (5), 5-6 above 100 (7). Each tier needs
# its zones to grow 13-20% a year (see AK-05).
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
# A stock in 2021; the model's floor_built counts only the floor built since 2018 (the engine holds
# no base-year stock, see the standard factories above), about 1.2 million m2 here: unmet by
# construction, a limitation of the model, not a finding on the plan (met if about 2.3 million m2
# stood in 2018).
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
# form has no per-zone minimum of growth rates). Finding of the refit (issue 24): not met; the six
# zones grow 2.6%, 3.1% and 15.1% in 2019-21 (the PPI path -0.3 / -1.8 / +8.1%: about 3-7% a year
# real). 20% a year nominal is about three times what their markets, at the top of the plausible
# range, and their investment carry; in the fit these rows' large log deviations dominate the
# objective (see [calibration]).
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
# Eight structural parameters against the 20 modelled target rows (14 target IDs), each searched
# within its plausible range (MODEL.md 3.8, engine/scenario/plausible.*): the real growth of the
# national markets of the six branches that make up most of the zones' revenue (AK-05, AK-09,
# AK-10, AK-14, AK-15.b) and the service SMEs' entry rate and local demand growth (AK-01, AK-02).
# The base-year revenue scales are not fitted (see [initial.revenue_scale]): the outside firms'
# because no row pins it (AK-04 is met anywhere in 0.8-1.25; a fit that had it lowered it to 0.81
# only to raise the zones' prices for AK-14's unreachable growth rows, giving up AK-09), the zones'
# because the only rows that move it besides the level rows are AK-14's growth rows, which no
# plausible economy reaches: fitted, it went to 1.07 (a smaller base grows faster in percent),
# giving up AK-05 (1,516 亿), AK-09 and AK-15.b for a smaller miss on AK-14. National
# prices are data (the PPI and CPI), not fitted. A row the plan sets beyond what a plausible
# economy with the plan's instruments reaches is left unmet and reported as a finding (the fit
# report and VALIDATION.md), not met through an implausible driver. The values in [[sectors]] are
# the starting point.
[calibration]
replicates = 4
max_evaluations = 1200

[[calibration.parameters]]
key = "sectors[富硒食品].demand_growth"
lower = -0.05
upper = 0.15
meaning = "real growth of the national market of selenium-rich food and drink: AK-05, AK-09, AK-10, AK-14 (MODEL.md 3.2, exogenous drivers)"

[[calibration.parameters]]
key = "sectors[富硒农产品加工].demand_growth"
lower = -0.05
upper = 0.15
meaning = "real growth of the national market of selenium-rich tea, konjac and farm-product processing: AK-09, the small zones (AK-10.c, AK-15.b) (MODEL.md 3.2, exogenous drivers)"

[[calibration.parameters]]
key = "sectors[新型材料].demand_growth"
lower = -0.05
upper = 0.15
meaning = "real growth of the national market of new materials: AK-05, AK-10, AK-14 (MODEL.md 3.2, exogenous drivers)"

[[calibration.parameters]]
key = "sectors[装备制造].demand_growth"
lower = -0.05
upper = 0.15
meaning = "real growth of the national market of equipment manufacturing: AK-05, AK-10, AK-14 (MODEL.md 3.2, exogenous drivers)"

[[calibration.parameters]]
key = "sectors[生物医药].demand_growth"
lower = -0.05
upper = 0.15
meaning = "real growth of the national market of Chinese medicine and biological products: the small zones (AK-15.b), AK-10 (MODEL.md 3.2, exogenous drivers)"

[[calibration.parameters]]
key = "sectors[纺织丝绸].demand_growth"
lower = -0.05
upper = 0.15
meaning = "real growth of the national market of silk and textiles: the small zones (AK-15.b) (MODEL.md 3.2, exogenous drivers)"

[[calibration.parameters]]
key = "sectors[商贸服务业中小微企业].entry_rate"
lower = 0.1
upper = 0.25
meaning = "would-be entrants per incumbent of the service SMEs: AK-01, AK-02 (MODEL.md 3.2, entry)"

[[calibration.parameters]]
key = "sectors[商贸服务业中小微企业].local_demand_growth"
lower = 0.0
upper = 0.05
meaning = "growth of local demand for the service SMEs beyond the region's incomes (urbanisation, visitors; MODEL.md 3.2): AK-02"
"""

if __name__ == "__main__":
    main()
