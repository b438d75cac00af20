#!/usr/bin/python3
"""Generate the assessed counties of scenarios/hubei-2018-2020.toml (stdlib only, fixed seed).

The Hubei plan (湖北省县域经济高质量发展三年工作计划 2018-2020, seed 004) sets targets for the
~80 county-level units in the province's county-economy assessment but names none of them beyond
examples, and publishes no base-year figures per county. This script writes, between the lines

    # ==== BEGIN GENERATED (tools/scenarios/generate_hubei.py) ====
    # ==== END GENERATED ====

of the scenario file, the sectors, the 80 counties, their parks (one county-level industrial park
per county plus a few provincial/national zones), the base-year size distribution and the
initial cells. Everything outside the block (header, fiscal rules, policies, targets,
[calibration]) is hand-written and kept as it is. Re-running the script reproduces the file byte
for byte (fixed seed, Mersenne Twister `random.Random(SEED).random()` only, fixed formatting).

Usage: /usr/bin/python3 tools/scenarios/generate_hubei.py [scenarios/hubei-2018-2020.toml]

What is generated and how (all of it "assumption" unless a comment says otherwise):
- County GDP 2017: a rank-size profile (log GDP interpolated linearly in rank between knots,
  i.e. piecewise log-uniform: a lognormal cannot put the 20th of 80 units at 1.5 times the mean,
  as the plan's counts require) with a small lognormal jitter (sd 0.03), scaled so the 80 units
  sum to TOTAL_GDP_2017. After scaling, 8 units are over 500 亿, the largest at 811 and the 20th
  at 387 亿 in 2017, so that the plan's 2020 counts (20 over 500 亿, 1 over 1,000 亿) need growth of the order the plan's GDP target implies
  (+36% in three years). Values are assigned to real names in an approximate order of their
  2017 GDP as recalled (not verified); they are not statistics of those units.
- Structure of each unit's GDP: primary industry (exogenous GDP), industry (eight modelled
  industrial sectors), construction and services (modelled sectors); shares depend on size with
  jitter, scaled so that the region matches the 2017 structure below.
- Industry by sector: base weights times specialisation (named leading sectors from the plan's
  examples and public knowledge of each unit, approx.; others drawn), then iterative
  proportional fitting to the region's sector totals.
- Firms at real sizes (issue 24, item 7): each cell's firm count is its workers at the base wage
  (labour_elasticity x value_added_share x revenue / wage) over an average firm size by sector
  (FIRM_WORKERS, around the 4th Economic Census 2018's national means) and location (larger in
  parks and zones, smaller outside). Within a cell the engine draws sizes from the scenario's
  size distribution (SIZE_*: a lognormal of log-sd 2.9 with a Pareto tail, as skewed as the
  census's firm population; MODEL.md 3.1). Earlier versions put 60-150 aggregate firms in a unit
  (1,200-2,000 workers each).
- Budgets: non-tax revenue, transfers, debt and land-sale costs per unit from an estimate of its
  base-year retained taxes (the engine's tax rules at the cells' revenue; NONTAX_SHARE,
  TRANSFER_RATIO, DEBT_RATIO, LAND_COST_SHARE).
- Riverside units (RIVERSIDE): the units on the Yangtze's main stream, for the plan's riverside
  chemical rules; listed in a comment of the block, used by the hand-written policies (which cite
  the sources).
"""

import math
import random
import sys

SEED = 20190323  # the plan's issue date (2019-03-23)
TOTAL_GDP_2017 = 20600.0  # 亿元, see the header of the scenario
BEGIN = "# ==== BEGIN GENERATED (tools/scenarios/generate_hubei.py) ===="
END = "# ==== END GENERATED ===="

# Region structure 2017 (share of the 80 units' GDP); assumptions consistent with the plan's
# 2020 targets (secondary 48%, industry 45%, high-tech 15%, tertiary >= 38%).
PRIMARY_SHARE = 0.155
CONSTRUCTION_SHARE = 0.035
INDUSTRY_SHARE = 0.445
SECTOR_SHARE = {  # industrial sectors, share of GDP 2017 (sum = INDUSTRY_SHARE)
    "电子信息": 0.040,
    "高端装备": 0.045,
    "生物医药": 0.035,
    "汽车及零部件": 0.062,
    "化工": 0.063,
    "冶金建材": 0.065,
    "纺织服装": 0.045,
    "农产品加工": 0.090,
}
INDUSTRIAL = list(SECTOR_SHARE)
HIGH_TECH = ["电子信息", "高端装备", "生物医药"]

# Sector technology and dynamics, written to the file with their comments (render() adds the
# sources that all sectors share). Labour share beta and value-added share v are chosen so that
# revenue per worker wage / (beta v) is about 90-130 万元 in industry and 30-60 in services at the
# units' mean labour cost of 5.2 万元 (MODEL.md 3.3; the 4th Economic Census gives about 102 for
# all industrial firms and NBS about 129 for above-scale industry), and pre-tax profit / revenue
# v (1 - beta) - capital_output_ratio (0.25 loan rate + depreciation) - 0.7% is 4-10% (NBS:
# above-scale industry 6.5% in 2018). demand_growth values marked "calibrated" are fitted (see
# [calibration] in the scenario and its baseline overlay); the others are assumptions.
SECTORS = [
    ("电子信息",
     "New-generation IT (plan 二(一)1: 仙桃、潜江 electronics; PCB, automotive electronics, PV, lithium\n"
     "# batteries; the 宜襄黄孝咸 electronics belt). High-tech (HB-05). value_added_share 0.22 (computers\n"
     "# and electronics 0.2-0.25 in China's input-output tables, approx.), labour_elasticity 0.23:\n"
     "# revenue per worker ≈ 103 万元, profit ≈ 5% of revenue. demand_growth: calibrated.",
     dict(kind="industry", national_price_series="PPI", capital_growth=0.07,
          capital_elasticity=0.35, labour_elasticity=0.23, value_added_share=0.22, capital_output_ratio=1.0,
          productivity_drift=0.015, productivity_volatility=0.1, demand_growth=0.15, demand_elasticity=1.3,
          depreciation=0.09, risk_premium=0.025, investment_intensity_wan_per_mu=350.0, entry_rate=0.15,
          entrant_revenue_median_wan=300.0, entrant_revenue_sigma=1.5, entrant_equity_ratio=0.45,
          agglomeration_elasticity=0.03, electricity_cost_share=0.03, fixed_cost_wan=1.0)),
    ("高端装备",
     "High-end equipment (plan: 航空装备、海工装备、应急装备、轨道交通、智能制造, NC machine tools, robots;\n"
     "# 广水 wind turbines, 随州 special vehicles' equipment). High-tech (HB-05). value_added_share 0.22\n"
     "# (general and special equipment 0.22-0.26, I-O tables, approx.), labour_elasticity 0.24:\n"
     "# revenue per worker ≈ 98 万元, profit ≈ 7%. demand_growth: calibrated.",
     dict(kind="industry", national_price_series="PPI", capital_growth=0.07,
          capital_elasticity=0.3, labour_elasticity=0.24, value_added_share=0.22, capital_output_ratio=0.9,
          productivity_drift=0.015, productivity_volatility=0.09, demand_growth=0.15, demand_elasticity=1.4,
          depreciation=0.08, risk_premium=0.025, investment_intensity_wan_per_mu=300.0, entry_rate=0.15,
          entrant_revenue_median_wan=300.0, entrant_revenue_sigma=1.5, entrant_equity_ratio=0.5,
          agglomeration_elasticity=0.03, electricity_cost_share=0.03, fixed_cost_wan=1.0)),
    ("生物医药",
     "Biomedicine (plan: 生物制药、医疗器械、化学合成制药、现代中药; 天门, 武穴, 蕲春 蕲艾). High-tech (HB-05).\n"
     "# value_added_share 0.26 (pharmaceuticals 0.25-0.33, I-O tables, approx.), labour_elasticity 0.2:\n"
     "# revenue per worker ≈ 100 万元, profit ≈ 10% (pharmaceutical margins are above industry's).\n"
     "# demand_growth 0.08: assumption (Hubei's pharmaceutical value added grew 9.2% in 2018 in real\n"
     "# terms, Hubei Statistics Bureau's 2018 release).",
     dict(kind="industry", national_price_series="PPI", capital_growth=0.07,
          capital_elasticity=0.3, labour_elasticity=0.2, value_added_share=0.26, capital_output_ratio=1.0,
          productivity_drift=0.015, productivity_volatility=0.1, demand_growth=0.08, demand_elasticity=1.3,
          depreciation=0.08, risk_premium=0.025, investment_intensity_wan_per_mu=300.0, entry_rate=0.13,
          entrant_revenue_median_wan=300.0, entrant_revenue_sigma=1.5, entrant_equity_ratio=0.5,
          agglomeration_elasticity=0.03, electricity_cost_share=0.03, fixed_cost_wan=1.0)),
    ("汽车及零部件",
     "Automobiles and parts (plan: 襄十随 automobile corridor, 整车、改装车、零部件; 枣阳, 谷城, 老河口, 随州\n"
     "# special vehicles, Wuhan's 蔡甸/汉南). value_added_share 0.2 (I-O tables, approx.), labour_elasticity\n"
     "# 0.26: revenue per worker ≈ 100 万元, profit ≈ 5%. demand_growth -0.03: China's automobile output\n"
     "# fell about 4% in 2018, 7.5% in 2019 and 2% in 2020 (NBS/CAAM, approx.; issue 24 item 1).",
     dict(kind="industry", national_price_series="PPI", capital_growth=0.07,
          capital_elasticity=0.35, labour_elasticity=0.26, value_added_share=0.2, capital_output_ratio=0.9,
          productivity_drift=0.01, productivity_volatility=0.09, demand_growth=-0.03, demand_elasticity=1.4,
          depreciation=0.08, risk_premium=0.02, investment_intensity_wan_per_mu=300.0, entry_rate=0.13,
          entrant_revenue_median_wan=300.0, entrant_revenue_sigma=1.5, entrant_equity_ratio=0.5,
          agglomeration_elasticity=0.03, electricity_cost_share=0.03, fixed_cost_wan=1.0)),
    ("化工",
     "Chemicals incl. phosphorus and salt chemicals and chemical new materials (plan: 绿色化和精细化, 磷化工;\n"
     "# 宜都, 枝江, 潜江, 应城; the riverside units' park requirement and relocation subsidy are policies\n"
     "# of the scenario). value_added_share 0.22 (I-O tables, approx.), labour_elasticity 0.22: revenue\n"
     "# per worker ≈ 107 万元, profit ≈ 6%. demand_growth 0.03: assumption, the relocation campaign\n"
     "# (关改搬转: 460 riverside chemical firms closed, moved or converted in Hubei, NDRC Hubei's 2023\n"
     "# report as Xinhua reprinted it) slows the sector.",
     dict(kind="industry", national_price_series="PPI", capital_growth=0.05,
          capital_elasticity=0.4, labour_elasticity=0.22, value_added_share=0.22, capital_output_ratio=1.2,
          productivity_drift=0.01, productivity_volatility=0.1, demand_growth=0.03, demand_elasticity=1.2,
          depreciation=0.07, risk_premium=0.025, investment_intensity_wan_per_mu=350.0, entry_rate=0.11,
          entrant_revenue_median_wan=400.0, entrant_revenue_sigma=1.5, entrant_equity_ratio=0.4,
          agglomeration_elasticity=0.03, electricity_cost_share=0.07, fixed_cost_wan=1.0)),
    ("冶金建材",
     "Metallurgy and building materials (plan: 鄂东 metallurgy and non-ferrous new materials, 大冶, 阳新,\n"
     "# 新洲 阳逻; building ceramics and stone, 当阳; 淘汰落后产能). value_added_share 0.22 (I-O tables,\n"
     "# approx.), labour_elasticity 0.22: revenue per worker ≈ 107 万元, profit ≈ 7%. demand_growth\n"
     "# 0.03: assumption (capacity reduction).",
     dict(kind="industry", national_price_series="PPI", capital_growth=0.05,
          capital_elasticity=0.4, labour_elasticity=0.22, value_added_share=0.22, capital_output_ratio=1.1,
          productivity_drift=0.01, productivity_volatility=0.1, demand_growth=0.03, demand_elasticity=1.2,
          depreciation=0.07, risk_premium=0.025, investment_intensity_wan_per_mu=300.0, entry_rate=0.11,
          entrant_revenue_median_wan=300.0, entrant_revenue_sigma=1.5, entrant_equity_ratio=0.4,
          agglomeration_elasticity=0.02, electricity_cost_share=0.08, fixed_cost_wan=1.0)),
    ("纺织服装",
     "Textiles and garments (plan: 中高档面料、产业用纺织品; 仙桃 non-woven fabrics, 汉川, 天门, 赤壁).\n"
     "# value_added_share 0.2 (I-O tables, approx.), labour_elasticity 0.3: revenue per worker ≈ 87 万元\n"
     "# (labour-intensive), profit ≈ 7%. demand_growth 0.02: assumption (China's textile output grew\n"
     "# little in 2018-20 as production moved abroad, approx.).",
     dict(kind="industry", national_price_series="PPI", capital_growth=0.05,
          capital_elasticity=0.25, labour_elasticity=0.3, value_added_share=0.2, capital_output_ratio=0.6,
          productivity_drift=0.01, productivity_volatility=0.09, demand_growth=0.02, demand_elasticity=1.5,
          depreciation=0.08, risk_premium=0.03, investment_intensity_wan_per_mu=200.0, entry_rate=0.13,
          entrant_revenue_median_wan=200.0, entrant_revenue_sigma=1.5, entrant_equity_ratio=0.5,
          agglomeration_elasticity=0.02, electricity_cost_share=0.04, fixed_cost_wan=1.0)),
    ("农产品加工",
     "Agri-product processing (plan: 宜荊荊 agri-processing belt, 仙天潜 aquatic products, 产购储加销;\n"
     "# the largest industry of Hubei's counties). value_added_share 0.18 (food 0.17-0.2, I-O tables,\n"
     "# approx.), labour_elasticity 0.28: revenue per worker ≈ 103 万元, profit ≈ 6%. demand_growth 0.04:\n"
     "# assumption (food demand grows with incomes, about 4-6% a year in real terms). productivity_drift:\n"
     "# calibrated (see [calibration]).",
     dict(kind="industry", national_price_series="PPI", capital_growth=0.07,
          capital_elasticity=0.25, labour_elasticity=0.28, value_added_share=0.18, capital_output_ratio=0.6,
          productivity_drift=0.01, productivity_volatility=0.09, demand_growth=0.04, demand_elasticity=1.5,
          depreciation=0.08, risk_premium=0.03, investment_intensity_wan_per_mu=200.0, entry_rate=0.13,
          entrant_revenue_median_wan=200.0, entrant_revenue_sigma=1.5, entrant_equity_ratio=0.5,
          agglomeration_elasticity=0.02, electricity_cost_share=0.03, fixed_cost_wan=1.0)),
    ("建筑业",
     "Construction (secondary industry besides industry: HB-03 minus HB-04). Firms outside the parks,\n"
     "# renting commercial space. value_added_share 0.2 (construction value added / output about 0.2-0.26,\n"
     "# NBS 2018 and I-O tables, approx.), labour_elasticity 0.6: revenue per worker ≈ 43 万元 (4th\n"
     "# Economic Census 2018: 44.1), labour cost ≈ 12% and profit ≈ 4% of output (Jiangsu yearbook 2022:\n"
     "# 18% and 3.8%); little capital. VAT: the reduced class (11/10/9%). National price: the GDP\n"
     "# deflator (no construction price series is in data/prices). demand_growth 0: calibrated\n"
     "# earlier at its bound: the plan's 48% secondary and 45% industry leave construction 3% of GDP in\n"
     "# 2020 (3.5% in 2017), so it cannot grow with the economy (assumption, kept).",
     dict(kind="construction", national_price_series="GDP_deflator", capital_growth=0.05,
          tradable_share=0.1,
          capital_elasticity=0.2, labour_elasticity=0.6, value_added_share=0.2, capital_output_ratio=0.3,
          productivity_drift=0.01, productivity_volatility=0.08, demand_growth=0.0, demand_elasticity=1.5,
          depreciation=0.1, risk_premium=0.03, investment_intensity_wan_per_mu=300.0, entry_rate=0.2,
          entrant_revenue_median_wan=300.0, entrant_revenue_sigma=1.5, entrant_equity_ratio=0.5,
          agglomeration_elasticity=0.0, electricity_cost_share=0.01, fixed_cost_wan=1.0)),
    ("服务业",
     "All tertiary industry of the units, modelled as one sector (trade, logistics, tourism, finance,\n"
     "# real estate, public and other services; the plan's 现代生产性服务业, 全域旅游, e-commerce), so that\n"
     "# the tertiary share (HB-03.b) is a model quantity: the exogenous GDP is primary industry only.\n"
     "# Public services as firms is an approximation. value_added_share 0.3 (a blend in which trade's\n"
     "# sales, value added about 0.15 of them, carry much of the revenue; other services 0.4-0.6, I-O\n"
     "# tables, approx.), labour_elasticity 0.5: revenue per worker ≈ 35 万元, profit ≈ 5%.\n"
     "# capital_output_ratio 1.2 (real estate and transport are capital-heavy). VAT: the reduced\n"
     "# class (11/10/9%) stands for the blend of trade (general rate on its margin), transport and real\n"
     "# estate (reduced) and other services (6%); assumption. demand_growth (its national part) and\n"
     "# local_demand_growth (local demand beyond the units' incomes: urbanisation): calibrated.\n"
     "# productivity_volatility 0.05 (industry 0.09-0.1): most service firms are micro firms selling\n"
     "# to diversified local demand; assumption that keeps their exit within 5-15% a year. Entrants:\n"
     "# median revenue 300 万元, log-sd 1.3 (assumption).",
     dict(kind="services", national_price_series="CPI", capital_growth=0.05, vat_class="reduced",
          tradable_share=0.2,
          capital_elasticity=0.3, labour_elasticity=0.5, value_added_share=0.3, capital_output_ratio=1.2,
          productivity_drift=0.01, productivity_volatility=0.05, demand_growth=0.06, local_demand_growth=0.05, demand_elasticity=1.5,
          depreciation=0.06, risk_premium=0.03, investment_intensity_wan_per_mu=300.0, entry_rate=0.24,
          entrant_revenue_median_wan=300.0, entrant_revenue_sigma=1.3, entrant_equity_ratio=0.5,
          agglomeration_elasticity=0.01, electricity_cost_share=0.02, fixed_cost_wan=1.0)),
]
SECTOR_PARAMS = {name: p for name, _, p in SECTORS}

# The 80 units, in an approximate order of 2017 GDP (recalled, not verified), with kind and
# leading industrial sectors (approx., public knowledge of each unit; [] = drawn).
# kind: county_city (县级市), county (县, 自治县, 林区), district (区).
UNITS = [
    ("东西湖区", "district", ["农产品加工", "电子信息", "生物医药"]),
    ("江夏区", "district", ["高端装备", "电子信息", "生物医药"]),
    ("黄陂区", "district", ["农产品加工", "高端装备", "汽车及零部件"]),
    ("新洲区", "district", ["冶金建材", "高端装备"]),
    ("仙桃市", "county_city", ["纺织服装", "电子信息", "农产品加工"]),
    ("宜都市", "county_city", ["化工", "冶金建材"]),
    ("潜江市", "county_city", ["化工", "电子信息", "农产品加工"]),
    ("大冶市", "county_city", ["冶金建材", "高端装备"]),
    ("枣阳市", "county_city", ["汽车及零部件", "农产品加工"]),
    ("夷陵区", "district", ["化工", "农产品加工"]),
    ("汉川市", "county_city", ["纺织服装", "电子信息"]),
    ("蔡甸区", "district", ["汽车及零部件", "电子信息"]),
    ("枝江市", "county_city", ["化工", "农产品加工"]),
    ("襄州区", "district", ["农产品加工", "汽车及零部件"]),
    ("天门市", "county_city", ["生物医药", "纺织服装"]),
    ("钟祥市", "county_city", ["农产品加工", "化工"]),
    ("当阳市", "county_city", ["冶金建材", "化工"]),
    ("老河口市", "county_city", ["汽车及零部件", "化工"]),
    ("宜城市", "county_city", ["农产品加工", "化工"]),
    ("谷城县", "county", ["汽车及零部件", "冶金建材"]),
    ("京山市", "county_city", ["高端装备", "农产品加工"]),
    ("应城市", "county_city", ["化工", "冶金建材"]),
    ("曾都区", "district", ["汽车及零部件", "农产品加工"]),
    ("赤壁市", "county_city", ["电子信息", "纺织服装"]),
    ("广水市", "county_city", ["高端装备", "农产品加工"]),
    ("汉南区", "district", ["汽车及零部件"]),
    ("安陆市", "county_city", ["农产品加工", "纺织服装"]),
    ("武穴市", "county_city", ["生物医药", "化工"]),
    ("麻城市", "county_city", ["冶金建材", "农产品加工"]),
    ("松滋市", "county_city", ["冶金建材", "农产品加工"]),
    ("云梦县", "county", ["纺织服装", "农产品加工"]),
    ("监利县", "county", ["农产品加工"]),
    ("孝南区", "district", ["高端装备", "农产品加工"]),
    ("洪湖市", "county_city", ["农产品加工", "高端装备"]),
    ("公安县", "county", ["汽车及零部件", "农产品加工"]),
    ("东宝区", "district", ["化工", "冶金建材"]),
    ("阳新县", "county", ["冶金建材", "生物医药"]),
    ("石首市", "county_city", ["化工", "生物医药"]),
    ("浠水县", "county", ["冶金建材", "农产品加工"]),
    ("蕲春县", "county", ["生物医药", "农产品加工"]),
    ("黄梅县", "county", ["生物医药", "农产品加工"]),
    ("沙洋县", "county", ["农产品加工", "冶金建材"]),
    ("嘉鱼县", "county", ["冶金建材", "农产品加工"]),
    ("掇刀区", "district", ["化工", "高端装备"]),
    ("随县", "county", ["汽车及零部件", "农产品加工"]),
    ("丹江口市", "county_city", ["汽车及零部件", "农产品加工"]),
    ("南漳县", "county", ["冶金建材", "农产品加工"]),
    ("恩施市", "county_city", ["农产品加工", "生物医药"]),
    ("咸安区", "district", ["纺织服装", "高端装备"]),
    ("黄州区", "district", ["农产品加工", "高端装备"]),
    ("华容区", "district", ["冶金建材", "高端装备"]),
    ("利川市", "county_city", ["农产品加工"]),
    ("红安县", "county", ["纺织服装", "农产品加工"]),
    ("江陵县", "county", ["化工", "农产品加工"]),
    ("孝昌县", "county", ["农产品加工", "高端装备"]),
    ("大悟县", "county", ["农产品加工", "冶金建材"]),
    ("长阳土家族自治县", "county", ["冶金建材", "农产品加工"]),
    ("远安县", "county", ["化工", "冶金建材"]),
    ("郧阳区", "district", ["汽车及零部件", "农产品加工"]),
    ("秭归县", "county", ["农产品加工"]),
    ("团风县", "county", ["冶金建材", "高端装备"]),
    ("罗田县", "county", ["农产品加工", "生物医药"]),
    ("通城县", "county", ["冶金建材", "电子信息"]),
    ("崇阳县", "county", ["冶金建材", "农产品加工"]),
    ("竹山县", "county", ["冶金建材", "农产品加工"]),
    ("房县", "county", ["农产品加工", "生物医药"]),
    ("巴东县", "county", ["农产品加工"]),
    ("建始县", "county", ["农产品加工", "冶金建材"]),
    ("英山县", "county", ["农产品加工", "生物医药"]),
    ("保康县", "county", ["化工", "农产品加工"]),
    ("兴山县", "county", ["化工", "农产品加工"]),
    ("通山县", "county", ["冶金建材", "农产品加工"]),
    ("郧西县", "county", ["农产品加工", "冶金建材"]),
    ("竹溪县", "county", ["农产品加工"]),
    ("宣恩县", "county", ["农产品加工"]),
    ("咸丰县", "county", ["农产品加工"]),
    ("来凤县", "county", ["农产品加工", "生物医药"]),
    ("五峰土家族自治县", "county", ["农产品加工"]),
    ("鹤峰县", "county", ["农产品加工"]),
    ("神农架林区", "county", ["农产品加工"]),
]
WUHAN = {"东西湖区", "江夏区", "黄陂区", "新洲区", "蔡甸区", "汉南区"}

# Rank-size knots (rank, 2017 GDP in 亿元 before scaling): assumption, see the docstring.
KNOTS = [(1, 860.0), (2, 760.0), (4, 650.0), (9, 520.0), (20, 405.0), (30, 310.0), (45, 200.0),
         (60, 125.0), (70, 85.0), (79, 40.0), (80, 22.0)]

# Provincial and national zones (besides each unit's county-level park), with level and leading
# sectors: approx., recalled from public listings (not verified).
ZONES = [
    ("仙桃高新技术产业开发区", "仙桃市", "national", ["电子信息", "纺织服装"]),
    ("大冶湖高新技术产业开发区", "大冶市", "national", ["高端装备", "冶金建材"]),
    ("潜江经济开发区", "潜江市", "provincial", ["化工", "电子信息"]),
    ("宜都化工园", "宜都市", "provincial", ["化工"]),
    ("枣阳经济开发区", "枣阳市", "provincial", ["汽车及零部件"]),
    ("汉川经济开发区", "汉川市", "provincial", ["纺织服装", "电子信息"]),
    ("天门经济开发区", "天门市", "provincial", ["生物医药", "纺织服装"]),
    ("武穴经济开发区", "武穴市", "provincial", ["生物医药", "化工"]),
]

IN_PARK_SHARE = 0.7  # share of each unit's industrial revenue in parks: assumption
ZONE_SHARE = 0.65    # of the in-park revenue of a zone's leading sectors, in the zone: assumption
POPULATION_TOTAL = 41.0e6  # residents of the 80 units, 2017: approx., see the scenario header
URBANISATION_MEAN = 0.52   # 2017, population-weighted: assumption (Hubei 59.3% incl. cities)
# Labour cost per worker 2017 (wage and employer social insurance), 万元: 1.3 x about 4.0 万元, a
# blend of Hubei's 2017 average wages of urban non-private units (≈ 6.6 万) and private units
# (≈ 3.8 万; both approx., recalled, not verified) weighted towards the private firms that employ
# most of the units' workers; employer contributions about 30% of wages (approx.).
WAGE_BASE = 5.2
URBAN_INCOME = 29000.0     # yuan 2017: assumption (Hubei 31,889, approx., public statistics 2017)
RURAL_INCOME = 13800.0     # yuan 2017: Hubei 13,812 (approx., public statistics 2017)
# d ln urbanisation / d ln (modelled employment / population), the same in every unit (MODEL.md
# 3.5, households): 0.9 (derived: China's urbanisation rose about 2% a year in relative terms in
# 2017-18, 58.5 -> 59.6%, while urban employment grew about 2.2%, 4.25 -> 4.34 亿, NBS
# communiqués, approx.).
URBANISATION_ELASTICITY = 0.9

# Firms at real sizes. Average workers per firm by sector (all its cells of a unit), before the
# location factor: assumptions around the 4th Economic Census 2018's national means (industrial
# enterprises 33.4 workers: 11,521.5 万 workers in 345.1 万 units; construction 47.7; tertiary
# legal units 12.3, public bodies included), larger in capital-intensive branches. Park firms are
# larger than the ones outside (factors below: assumption; parks hold 70% of industrial revenue).
FIRM_WORKERS = {"电子信息": 50.0, "高端装备": 45.0, "生物医药": 45.0, "汽车及零部件": 50.0,
                "化工": 45.0, "冶金建材": 40.0, "纺织服装": 40.0, "农产品加工": 30.0,
                "建筑业": 50.0, "服务业": 35.0}
PARK_FACTOR = 1.3      # county-level parks
ZONE_FACTOR = 1.6      # provincial and national zones
OUTSIDE_FACTOR = 0.6   # industrial firms outside the parks

# County budgets (MODEL.md 3.2, budgets). Own revenue = retained taxes of the modelled firms +
# other revenue (non-tax: fees, fines, state-asset income; agriculture, the only non-modelled
# activity, pays almost no tax) + land rent. Base-year non-tax share of own revenue: 0.28
# (assumption: Hubei's 2017 general budget revenue was about three quarters tax, approx., and
# counties rely more on non-tax revenue than the province). Transfers per yuan of own revenue:
# TRANSFER_RATIO x (per-capita GDP / mean)^-1.2 within 0.45..3 (assumption: 0.7 nationally in 2018,
# MoF; Hubei received about as much in transfers as it raised, approx.; poor mountain counties 2-4).
NONTAX_SHARE = 0.28
# Government debt at the end of 2017 per yuan of budget revenue (own + transfers): 0.8 (assumption:
# the local debt ratio to comprehensive fiscal resources was about 86% nationally in 2015, MoF as
# reported by Huanqiu 2015-08-31, approx.); interest at [fiscal] government_bond_rate (3.5%).
DEBT_RATIO = 0.8
# Land-sale proceeds are mostly spent on land acquisition, compensation and development (成本性
# 支出, about 70-80% of land-sale revenue in MoF's land accounts, approx.): other_spending_yi =
# LAND_COST_SHARE x the land sales expected from the industrial firms' land growing LAND_GROWTH a
# year (their net capital growth with entrants; assumption).
LAND_COST_SHARE = 0.7
LAND_GROWTH = 0.1
TRANSFER_RATIO = 1.0
COUNTY_SHARE_OF_LOCAL = 0.7  # as [fiscal] of the scenario (for the estimate of own revenue only)
VAT_2017 = {"industry": 0.17, "construction": 0.11, "services": 0.11}  # the sectors' VAT classes
VAT_BASE_SHARE, SURCHARGE_RATE, OTHER_TAX_RATE, CIT_RATE = 0.7, 0.12, 0.003, 0.25  # engine defaults

# Base-year size distribution (MODEL.md 3.1), see render().
SIZE_SIGMA = 2.9
SIZE_TAIL_EXPONENT = 1.05
SIZE_TAIL_SHARE = 0.05
SIZE_FLOOR = 20.0

# Rivers: units along the Yangtze's main stream (沿江) among the 80 (see the scenario's policies).
RIVERSIDE = ["江夏区", "黄陂区", "新洲区", "蔡甸区", "汉南区", "夷陵区", "宜都市", "枝江市", "秭归县",
             "巴东县", "松滋市", "公安县", "江陵县", "石首市", "监利县", "洪湖市", "赤壁市", "嘉鱼县",
             "华容区", "阳新县", "团风县", "黄州区", "浠水县", "蕲春县", "武穴市", "黄梅县"]


class Draws:
    """Mersenne Twister uniforms only (stable across Python versions), Box-Muller normals."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def uniform(self):
        return self.r.random()

    def normal(self):
        u1 = max(self.r.random(), 1e-300)
        u2 = self.r.random()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def interp_log(rank):
    for (r0, g0), (r1, g1) in zip(KNOTS, KNOTS[1:]):
        if r0 <= rank <= r1:
            t = (rank - r0) / (r1 - r0)
            return math.exp(math.log(g0) + t * (math.log(g1) - math.log(g0)))
    raise ValueError(rank)


def fmt(x, d=1):
    s = f"{x:.{d}f}"
    return "0.0" if s in ("-0.0", "-0.00", "-0.000") else s


def generate():
    d = Draws(SEED)
    n = len(UNITS)
    assert n == 80, n
    raw = [interp_log(k + 1) * math.exp(0.03 * d.normal()) for k in range(n)]
    scale = TOTAL_GDP_2017 / sum(raw)
    gdp = [g * scale for g in raw]
    mean = TOTAL_GDP_2017 / n

    # Shares of each unit's GDP.
    prim = []
    for i, (name, kind, _) in enumerate(UNITS):
        base = 0.07 if name in WUHAN else 0.155 * (gdp[i] / mean) ** -0.3
        prim.append(min(0.32, base * math.exp(0.1 * d.normal())))
    k = PRIMARY_SHARE * TOTAL_GDP_2017 / sum(p * g for p, g in zip(prim, gdp))
    prim = [p * k for p in prim]
    cons = [CONSTRUCTION_SHARE * math.exp(0.1 * d.normal()) for _ in range(n)]
    k = CONSTRUCTION_SHARE * TOTAL_GDP_2017 / sum(c * g for c, g in zip(cons, gdp))
    cons = [c * k for c in cons]
    ind = [INDUSTRY_SHARE * (gdp[i] / mean) ** 0.12 * math.exp(0.08 * d.normal()) for i in range(n)]
    k = INDUSTRY_SHARE * TOTAL_GDP_2017 / sum(x * g for x, g in zip(ind, gdp))
    ind = [x * k for x in ind]
    serv = [1.0 - prim[i] - cons[i] - ind[i] for i in range(n)]
    assert min(serv) > 0.2, min(serv)

    # Industrial sectors: base weights x specialisation, small ones dropped, then IPF.
    w = []
    for i, (name, kind, leading) in enumerate(UNITS):
        lead = list(leading)
        while len(lead) < 2:
            s = INDUSTRIAL[int(d.uniform() * len(INDUSTRIAL))]
            if s not in lead:
                lead.append(s)
        row = {}
        for s in INDUSTRIAL:
            m = 4.0 if s in lead else 1.0
            row[s] = SECTOR_SHARE[s] * m * math.exp(0.3 * d.normal())
        tot = sum(row.values())
        row = {s: (v if v / tot >= 0.05 or s in lead else 0.0) for s, v in row.items()}
        w.append(row)
    rows = [ind[i] * gdp[i] for i in range(n)]
    cols = {s: SECTOR_SHARE[s] * TOTAL_GDP_2017 for s in INDUSTRIAL}
    for _ in range(200):
        for i in range(n):
            t = sum(w[i].values())
            w[i] = {s: v * rows[i] / t for s, v in w[i].items()}
        for s in INDUSTRIAL:
            t = sum(w[i][s] for i in range(n))
            for i in range(n):
                w[i][s] *= cols[s] / t
    va = w  # value added 2017 by unit and industrial sector, 亿元

    # Population, wages, households.
    pc = [(gdp[i] / mean) ** 0.35 for i in range(n)]
    pop_raw = [gdp[i] / pc[i] for i in range(n)]
    k = POPULATION_TOTAL / sum(pop_raw)
    pop = [p * k for p in pop_raw]
    pcgdp = [gdp[i] * 1e8 / pop[i] for i in range(n)]
    pc_mean = TOTAL_GDP_2017 * 1e8 / POPULATION_TOTAL
    urb = []
    for i, (name, _, _) in enumerate(UNITS):
        u = URBANISATION_MEAN + 0.12 * math.log(pcgdp[i] / pc_mean) + (0.08 if name in WUHAN else 0.0)
        urb.append(u + 0.02 * d.normal())
    shift = URBANISATION_MEAN - sum(u * p for u, p in zip(urb, pop)) / POPULATION_TOTAL
    urb = [min(0.8, max(0.3, u + shift)) for u in urb]

    return dict(gdp=gdp, prim=prim, cons=cons, ind=ind, serv=serv, va=va, pop=pop, pcgdp=pcgdp,
                pc_mean=pc_mean, urb=urb, draws=d)


def render():
    g = generate()
    d = g["draws"]
    n = len(UNITS)
    out = []
    p = out.append
    p(BEGIN)
    p("# Generated by tools/scenarios/generate_hubei.py (seed %d); do not edit by hand: change the" % SEED)
    p("# script and re-run it. See its docstring for how the units, parks and cells are generated.")
    p("")
    p("# ================================================================ sectors")
    p("# Ten sectors: the plan's eight industrial chains (二(一)1-2: 新一代信息技术, 高端装备, 生物医药 as the")
    p("# high-tech industries of HB-05; 汽车及零部件, 化工, 冶金 with 建材, 纺织服装, 农产品加工), construction and")
    p("# services. Shared by all sectors (the script's comments give the sources):")
    p("# - kind and national_price_series: industry follows the national PPI, services the CPI,")
    p("#   construction the GDP deflator (NBS series, data/prices/national_prices.toml; MODEL.md 3.2);")
    p("#   demand_growth is then the real growth of a sector's national market, within -5% .. +15%.")
    p("# - labour_elasticity and value_added_share give revenue per worker wage / (beta v) of about")
    p("#   90-110 万元 in industry (4th Economic Census 2018: ≈ 102 for all industrial firms; NBS 2018:")
    p("#   129 above scale), 43 in construction and 35 in services at the units' mean labour cost of")
    p(f"#   {WAGE_BASE} 万元, and pre-tax profit of 5-10% of revenue in industry (NBS: above-scale industry")
    p("#   6.5% in 2018): v (1 - beta) - capital_output_ratio (0.25 loan rate + depreciation) - 0.7%.")
    p("# - capital_growth: net capital growth in 2017, so that the base year is on its growth path")
    p("#   (MODEL.md 3.2, investment): 7% (5% in the capacity-cut chemicals, metallurgy and textiles,")
    p("#   in construction and in services, whose capacity otherwise outruns local demand); assumption")
    p("#   within China's industrial net capital growth of about 5-10% a year in 2015-19.")
    p("# - entry_rate: would-be entrants per incumbent a year, about three quarters of whom finance")
    p("#   their project (MODEL.md 3.3): 0.11-0.15 in industry (4th Economic Census: industrial")
    p("#   enterprises +7.4% a year net 2013-18, plus exits of 5-12% that rise as the entrants age;")
    p("#   with 0.08-0.12 the industrial count fell in 2020), 0.2 in construction, 0.24 in services")
    p("#   (tertiary enterprises about +20% a year net; construction +28%); assumptions. Entrants are small: median")
    p("#   revenue 200-400 万元 in industry and construction (300, log-sd 1.3 in services), log-sd 1.5 (assumption;")
    p("#   most new firms are micro firms, 4th Economic Census).")
    p("# - other technology parameters (capital elasticity, depreciation, risk premium, investment")
    p("#   intensity, agglomeration, electricity cost share): as in the Fushun and Zhangye scenarios for")
    p("#   comparable branches, otherwise assumption.")
    for name, comment, prm in SECTORS:
        p("")
        p("# " + comment)
        p("[[sectors]]")
        p(f'name = "{name}"')
        for key, val in prm.items():
            if isinstance(val, str):
                p(f'{key} = "{val}"')
            elif key == "tradable_share":
                p(f"{key} = {val!r}  # mostly sold to local buyers (MODEL.md 3.2, goods markets)")
            else:
                p(f"{key} = {val!r}")

    # Counties.
    tot_firms = 0
    cells = []       # (county, platform or None, sector, firms, revenue)
    platforms = []   # dicts
    counties = []
    zones_by_county = {}
    for zname, cty, level, lead in ZONES:
        zones_by_county[cty] = (zname, level, lead)
    for i, (name, kind, leading) in enumerate(UNITS):
        gdp = g["gdp"][i]
        rev = {}
        for s, v in g["va"][i].items():
            if v > 0.05:
                rev[s] = v / SECTOR_PARAMS[s]["value_added_share"]
        rev_cons = g["cons"][i] * gdp / SECTOR_PARAMS["建筑业"]["value_added_share"]
        rev_serv = g["serv"][i] * gdp / SECTOR_PARAMS["服务业"]["value_added_share"]
        short = name[:-1] if len(name) > 2 and name[-1] in "市县区" else name
        if name.endswith("土家族自治县"):
            short = name[:2]
        if name == "神农架林区":
            short = "神农架"
        park = f"{short}县域工业园"
        c_cells = []
        zone = zones_by_county.get(name)
        for s, r in rev.items():
            inside = r * IN_PARK_SHARE
            if zone and s in zone[2]:
                c_cells.append((zone[0], s, inside * ZONE_SHARE))
                c_cells.append((park, s, inside * (1 - ZONE_SHARE)))
            else:
                c_cells.append((park, s, inside))
            c_cells.append((None, s, r - inside))
        c_cells.append((None, "建筑业", rev_cons))
        c_cells.append((None, "服务业", rev_serv))
        # Firms per cell: the cell's workers at the base wage (beta v R / w0) over the average firm
        # size of its sector and location (FIRM_WORKERS and the location factors).
        pcgdp = g["pcgdp"][i]
        wage = WAGE_BASE * (pcgdp / g["pc_mean"]) ** 0.15 * (1.1 if name in WUHAN else 1.0)
        firms = []
        for plat, s, r in c_cells:
            prm = SECTOR_PARAMS[s]
            workers = prm["labour_elasticity"] * prm["value_added_share"] * r * 1e4 / wage
            if prm["kind"] != "industry":
                loc = 1.0
            elif plat is None:
                loc = OUTSIDE_FACTOR
            elif plat == park:
                loc = PARK_FACTOR
            else:
                loc = ZONE_FACTOR
            firms.append(max(1, round(workers / (FIRM_WORKERS[s] * loc))))
        tot_firms += sum(firms)
        for (plat, s, r), f in zip(c_cells, firms):
            cells.append((name, plat, s, f, r))
        # Platforms of this unit: occupied land from the cells (capital / investment intensity).
        for plat, lvl, lead in ([(park, "county", None)] + ([(zone[0], zone[1], zone[2])] if zone else [])):
            occ_mu = sum(SECTOR_PARAMS[s]["capital_output_ratio"] * r * 1e4 /
                         SECTOR_PARAMS[s]["investment_intensity_wan_per_mu"]
                         for pl, s, r in c_cells if pl == plat)
            occ_ha = occ_mu / 15.0
            if lead is None:
                by_rev = sorted(((r, s) for pl, s, r in c_cells if pl == plat), reverse=True)
                lead = [s for _, s in by_rev[:3]]
            serviced = math.ceil(occ_ha * 1.25)
            platforms.append(dict(name=plat, county=name, level=lvl, lead=lead, occ=occ_ha,
                                  serviced=serviced, planned=math.ceil(serviced * 1.6),
                                  per_year=math.ceil(serviced * 0.06),
                                  price=20.0 if lvl != "county" else 15.0,
                                  cost=12.0 if lvl != "county" else 10.0,
                                  infra=1.2 if lvl == "national" else (1.1 if lvl == "provincial" else 1.0)))
        # Employment at the base wage: beta * v * R / w0.
        emp = sum(SECTOR_PARAMS[s]["labour_elasticity"] * SECTOR_PARAMS[s]["value_added_share"] * r * 1e4 / wage
                  for _, _, s, _, r in [c for c in cells if c[0] == name])
        # Own revenue estimate of the base year (what the engine computes from the firms, MODEL.md
        # 3.2, budgets): the county's share of the local VAT (50%) and CIT (40%), surcharges and
        # other taxes; profit as v (1 - beta) - capital_output_ratio (0.25 x 7% + depreciation).
        tax = 0.0
        for _, _, s, _, r in [c for c in cells if c[0] == name]:
            prm = SECTOR_PARAMS[s]
            v, b = prm["value_added_share"], prm["labour_elasticity"]
            vat = VAT_2017[prm["kind"]] * VAT_BASE_SHARE * v * r
            profit = max(0.0, v * (1 - b) - prm["capital_output_ratio"] * (0.25 * 0.07 + prm["depreciation"])
                         - 0.007) * r
            tax += (0.5 * vat + 0.4 * CIT_RATE * profit + SURCHARGE_RATE * vat + OTHER_TAX_RATE * r)
        tax *= COUNTY_SHARE_OF_LOCAL
        nontax = tax * NONTAX_SHARE / (1 - NONTAX_SHARE)
        tr_ratio = min(3.0, max(0.45, TRANSFER_RATIO * (pcgdp / g["pc_mean"]) ** -1.2))
        # Land-sale proceeds spent on land acquisition and compensation (成本性支出): 70% of the land
        # sales expected from the industrial firms' land growing 10% a year.
        land_value = 0.0
        for plat, s, r in c_cells:
            prm = SECTOR_PARAMS[s]
            if prm["kind"] != "industry":
                continue
            price = 15.0 if plat is None or plat == park else 20.0
            land_value += prm["capital_output_ratio"] * r * 1e4 / prm["investment_intensity_wan_per_mu"] * price / 1e4
        counties.append(dict(name=name, kind=kind, gdp=gdp, tax=tax, nontax=nontax,
                             land_spending=LAND_COST_SHARE * LAND_GROWTH * land_value,
                             transfers=tr_ratio * (tax + nontax), tr_ratio=tr_ratio, prim=g["prim"][i], ind=g["ind"][i],
                             cons=g["cons"][i], serv=g["serv"][i], wage=wage, emp=emp,
                             pop=g["pop"][i], urb=g["urb"][i], pcgdp=pcgdp,
                             ht=sum(g["va"][i].get(s, 0.0) for s in HIGH_TECH)))

    p("")
    p("# ================================================================ counties")
    p(f"# {n} assessed units (纳入考核范围的县(市、区)); the plan names none besides examples. GENERATED:")
    p("# names are real county-level units of Hubei (its 64 counties, county-level cities and 林区, Wuhan's")
    p("# six new urban districts and ten districts of county character: assumption, the assessment's list")
    p("# is not in the plan), in an approximate order of 2017 GDP as recalled; the GDP values, structure")
    p("# and households are generated (see the script), not statistics of the named unit.")
    p(f"# GDP 2017 sums to {TOTAL_GDP_2017:.0f} 亿: primary {PRIMARY_SHARE:.1%}, industry {INDUSTRY_SHARE:.1%} (high-tech "
      f"{sum(SECTOR_SHARE[s] for s in HIGH_TECH):.1%}), construction {CONSTRUCTION_SHARE:.1%}, services "
      f"{1 - PRIMARY_SHARE - INDUSTRY_SHARE - CONSTRUCTION_SHARE:.1%}.")
    top = sorted((c["gdp"] for c in counties), reverse=True)
    p(f"# 2017: {sum(1 for x in top if x > 500)} units over 500 亿, largest {top[0]:.0f}, 20th {top[19]:.0f}, "
      f"30th {top[29]:.0f}, smallest {top[-1]:.0f}.")
    p("# exogenous_gdp_yi = primary industry (农林牧渔) value added; exogenous_gdp_growth 0.04: assumption")
    p("# (Hubei's primary industry grew about 3-5% a year in current prices 2016-2019, approx.).")
    p("# Population sums to %.1f million (approx.: Hubei's 59 million minus Wuhan's seven central districts" % (POPULATION_TOTAL / 1e6))
    p("# and the other cities' central districts); per-capita GDP rises with size (elasticity 0.35,")
    p("# assumption). Urbanisation 2017: population-weighted %.0f%% (assumption; Hubei 59.3%% incl. cities)," % (URBANISATION_MEAN * 100))
    p("# higher where per-capita GDP is higher. urbanisation_employment_elasticity %.2f, the same in" % URBANISATION_ELASTICITY)
    p("# every unit (derived: China's urbanisation rose about 2% a year in relative terms in 2017-18 while")
    p("# urban employment grew about 2.2%, NBS communiqués, approx.).")
    p("# Incomes 2017: urban %.0f, rural %.0f yuan" % (URBAN_INCOME, RURAL_INCOME))
    p("# (Hubei 31,889 / 13,812, approx., public statistics 2017; counties' urban incomes are lower:")
    p("# assumption), scaled by (per-capita GDP / mean)^0.2; no income targets (the plan only asks for")
    p("# growth above the province's). wage_wan: labour cost per worker (wage and employer social")
    p("# insurance), %.1f x (per-capita GDP / mean)^0.15, x1.1 in Wuhan's districts: 1.3 x about 4.0 万元," % WAGE_BASE)
    p("# a blend of Hubei's 2017 average wages of urban non-private units (≈ 6.6 万) and private units")
    p("# (≈ 3.8 万; approx., recalled) weighted towards the private firms that employ most workers here;")
    p("# wage_growth 0.06 (assumption; Hubei's wages rose 7-9% a year in the cities, less in the counties).")
    p("# labour_force: 1.4 x base-year employment of the modelled firms, growing 1.5% a year (assumption:")
    p("# rural labour moving into industry and services).")
    p("# Budgets (MODEL.md 3.2, budgets): own revenue (一般公共预算收入) = the firms' retained taxes +")
    p("# other_revenue_yi + land rent; other_revenue_yi is the non-tax revenue (fees, fines, state-asset")
    p("# income; [fiscal] other_revenue_tax_share 0: agriculture, the only non-modelled activity, pays")
    p("# almost no tax), set to %.0f%% of the base year's estimated own revenue (assumption: Hubei's 2017" % (NONTAX_SHARE * 100))
    p("# general budget revenue was about three quarters tax, approx., and counties rely more on non-tax")
    p("# revenue). transfers_yi (general and earmarked, growing 6%% a year): %.1f x own revenue x" % TRANSFER_RATIO)
    p("# (per-capita GDP / mean)^-1.2, within 0.45..3 (assumption: 0.7 nationally in 2018, MoF; Hubei")
    p("# received about as much in transfers as it raised, approx.; poor mountain counties 2-4). General")
    p("# spending follows revenue from a balanced base year (engine default). budget_debt_yi: %.1f x" % DEBT_RATIO)
    p("# the base year's own revenue and transfers (assumption: local government debt was about 86% of")
    p("# comprehensive fiscal resources nationally in 2015, MoF as reported by Huanqiu 2015-08-31,")
    p("# approx.); interest at 3.5% (engine default). other_spending_yi: the land-sale proceeds spent")
    p("# on land acquisition and compensation (成本性支出, about 70-80% of land-sale revenue, MoF land")
    p("# accounts, approx.): %.0f%% of the land sales expected from the industrial firms' land growing" % (LAND_COST_SHARE * 100))
    p("# %.0f%% a year (assumption), since budget revenue here counts land sales." % (LAND_GROWTH * 100))
    unit_names = [u[0] for u in UNITS]
    assert all(r in unit_names for r in RIVERSIDE), [r for r in RIVERSIDE if r not in unit_names]
    p(f"# Riverside units (沿江, on the Yangtze's main stream; the policies' scope for the riverside chemical")
    p(f"# rules, sources there): {len(RIVERSIDE)} of the {n}:")
    for k in range(0, len(RIVERSIDE), 12):
        p("#   " + ", ".join(RIVERSIDE[k:k + 12]) + ("." if k + 12 >= len(RIVERSIDE) else ","))
    for c in counties:
        p(f"# GDP 2017 {c['gdp']:.1f} 亿: primary {c['prim']:.1%}, industry {c['ind']:.1%} (high-tech "
          f"{c['ht'] / c['gdp']:.1%}), construction {c['cons']:.1%}, services {c['serv']:.1%}")
        p("[[counties]]")
        p(f'name = "{c["name"]}"')
        p(f'kind = "{c["kind"]}"')
        p(f"labour_force = {fmt(math.ceil(c['emp'] * 1.4 / 100) * 100.0)}")
        p("labour_force_growth = 0.015")
        p(f"wage_wan = {fmt(c['wage'], 2)}")
        p("wage_growth = 0.06")
        p(f"exogenous_gdp_yi = {fmt(c['prim'] * c['gdp'], 2)}")
        p("exogenous_gdp_growth = 0.04")
        p(f"other_revenue_yi = {fmt(c['nontax'], 2)}")
        p(f"transfers_yi = {fmt(c['transfers'], 2)}  # {c['tr_ratio']:.2f} x estimated own revenue")
        p(f"budget_debt_yi = {fmt(DEBT_RATIO * (c['tax'] + c['nontax'] + c['transfers']), 2)}")
        p(f"other_spending_yi = {fmt(c['land_spending'], 2)}")
        p(f"population = {fmt(round(c['pop'] / 100) * 100.0)}")
        p("population_growth = 0.0")
        p(f"urbanisation = {fmt(c['urb'], 3)}")
        ratio = (c["pcgdp"] / g["pc_mean"]) ** 0.2
        p(f"urban_income_yuan = {fmt(round(URBAN_INCOME * ratio / 10) * 10.0)}")
        p(f"rural_income_yuan = {fmt(round(RURAL_INCOME * ratio / 10) * 10.0)}")
        p(f"urbanisation_employment_elasticity = {URBANISATION_ELASTICITY!r}")

    p("")
    p("# ================================================================ platforms")
    p(f"# One county-level industrial park per unit ({n}; names are placeholders \"<unit>县域工业园\" standing for")
    p(f"# each unit's 经济开发区/工业园区) and {len(ZONES)} provincial/national zones (real names and levels, approx.,")
    p("# recalled). They hold 70% of each unit's industrial revenue (assumption; 产业向园区集中), a zone 65%")
    p("# of its leading sectors' in-park revenue. Land (assumption): serviced = 1.25 x the base-year firms'")
    p("# land (capital / investment intensity), planned = 1.6 x serviced, servicing 6% of serviced a year;")
    p("# price 15 万元/亩 in county parks, 20 in zones (Hubei county industrial land ≈ 10-25 万元/亩, approx.);")
    p("# servicing cost 10 / 12 万元/亩. Leading sectors of a county park: its three largest sectors.")
    for pl in platforms:
        p("")
        p(f"# base-year firms occupy {pl['occ']:.1f} ha")
        p("[[platforms]]")
        p(f'name = "{pl["name"]}"')
        p('kind = "industrial_park"')
        p(f'level = "{pl["level"]}"')
        p(f'county = "{pl["county"]}"')
        p("leading_sectors = [" + ", ".join(f'"{s}"' for s in pl["lead"]) + "]")
        p(f"infrastructure = {pl['infra']!r}")
        p(f"land = {{ planned_ha = {fmt(pl['planned'])}, serviced_ha = {fmt(pl['serviced'])}, "
          f"servicing_ha_per_year = {fmt(pl['per_year'])}, price_wan_per_mu = {fmt(pl['price'])}, "
          f"servicing_cost_wan_per_mu = {fmt(pl['cost'])} }}")

    p("")
    p("# ================================================================ initial conditions (2017)")
    p("# Size distribution of the base-year firms within a cell (MODEL.md 3.1): a lognormal body with")
    p(f"# log-sd {SIZE_SIGMA} and a Pareto tail of exponent {SIZE_TAIL_EXPONENT} for {SIZE_TAIL_SHARE:.0%} of the firms (the largest")
    p("# firms' tail: Heinrich & Dai 2016 find 1.0-1.5 by province, Axtell 2001 ≈ 1). The body is wide")
    p("# because China's firm sizes are: the 4th Economic Census 2018 counts 345.1 万 industrial")
    p("# enterprises with mean revenue ≈ 3,400 万元 (≈ 118 万亿 / 345.1 万, derived) of which about 11%")
    p("# are above scale (≥ 2,000 万元: about 37.5 万, NBS) and hold ≈ 87% of the revenue (102.2 万亿):")
    p("# a lognormal needs a log-sd of about 2.8 to put 89% of firms below 0.6 x the mean (derived).")
    p(f"# min_revenue_wan {SIZE_FLOOR:.0f}: the smallest firm's revenue (assumption).")
    p("[initial.size_distribution]")
    p(f"lognormal_sigma = {SIZE_SIGMA!r}")
    p(f"tail_exponent = {SIZE_TAIL_EXPONENT!r}")
    p(f"tail_share = {SIZE_TAIL_SHARE!r}")
    p(f"min_revenue_wan = {SIZE_FLOOR!r}")
    p("")
    tot_rev = sum(c[4] for c in cells)
    p(f"# Cells (generated): revenue = value added / value_added_share; {len(cells)} cells, {tot_firms} firms,")
    p(f"# {tot_rev:.0f} 亿 revenue. Firms per cell: the cell's workers at the base wage (beta v R / w0) over")
    p("# an average firm size by sector (workers: " +
      ", ".join(f"{s} {FIRM_WORKERS[s]:.0f}" for s in FIRM_WORKERS) + ";")
    p(f"# industrial firms x{PARK_FACTOR} in county parks, x{ZONE_FACTOR} in zones, x{OUTSIDE_FACTOR} outside): assumptions around the 4th")
    p("# Economic Census's national means (industrial enterprises 33.4 workers, construction 47.7,")
    p("# tertiary legal units 12.3 with public bodies; derived from its counts of units and workers).")
    wage_of = {c["name"]: c["wage"] for c in counties}
    for kind_name in ("industry", "construction", "services"):
        n_k = sum(f for cty, _, s, f, _ in cells if SECTOR_PARAMS[s]["kind"] == kind_name)
        l_k = sum(SECTOR_PARAMS[s]["labour_elasticity"] * SECTOR_PARAMS[s]["value_added_share"] * r * 1e4 /
                  wage_of[cty] for cty, _, s, _, r in cells if SECTOR_PARAMS[s]["kind"] == kind_name)
        r_k = sum(r for _, _, s, _, r in cells if SECTOR_PARAMS[s]["kind"] == kind_name)
        p(f"# {kind_name}: {n_k} firms, {l_k / 1e4:.0f} 万 workers ({l_k / n_k:.1f} a firm), revenue {r_k:.0f} 亿 "
          f"({r_k * 1e4 / n_k:.0f} 万元 a firm, {r_k * 1e4 / l_k:.0f} 万元 a worker)")
    for cty, plat, s, f, r in cells:
        p("[[initial.cells]]")
        if plat is None:
            p(f'county = "{cty}"')
        else:
            p(f'platform = "{plat}"')
        p(f'sector = "{s}"')
        p(f"firms = {f}")
        p(f"revenue_yi = {fmt(r, 2)}")
    p(END)
    del d
    return "\n".join(out) + "\n"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "scenarios/hubei-2018-2020.toml"
    with open(path, encoding="utf-8") as f:
        text = f.read()
    b = text.index(BEGIN)
    e = text.index(END) + len(END) + 1  # through the newline after the END line
    new = text[:b] + render() + text[e:]
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)


if __name__ == "__main__":
    main()
