#!/usr/bin/env python3
"""Generate scenarios/yingkou-2020-2025.toml (Yingkou 营口 development zones plan, seed 002).

The zones' base-year cells, land and the counties' exogenous GDP and labour force are derived
from a few stated assumptions here (so that land fits the firms and county GDP adds up); the
sectors and counties are written here, the header, fiscal rules, policies, targets and
calibration in yingkou_2020_2025.template.toml.
Run: /usr/bin/python3 tools/scenarios/yingkou_2020_2025.py  (writes the scenario file).
The baseline: build/regsim calibrate scenarios/yingkou-2020-2025.toml
-o scenarios/yingkou-2020-2025-baseline.toml (YK-03 is out of the objective: exclude_targets).
"""
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "scenarios" / "yingkou-2020-2025.toml"

# ---------------------------------------------------------------- sectors
# Nine sectors for the zones' leading industries (plan 二(二)1). Each: comment lines and the
# parameters written to [[sectors]] (the derived quantities below use v, beta, cor, intensity).
# A parameter given as (value, "comment") is written with the comment after it.
#
# Shared choices (issue 24; MODEL.md 3.2-3.3), stated once here and in the sector comments:
# - labour share beta and value added share v: revenue per worker R/L = wage / (beta v) with the
#   counties' labour cost of 6.0-7.5 万元 (see the counties): industry beta 0.25-0.32 and v
#   0.20-0.24 give 95-130 万元 per worker and labour cost 5-8% of revenue (4th Economic Census
#   2018: about 102 万元 for all industrial firms, 129 above scale); services beta 0.5-0.55 and v
#   0.35-0.45 give 27-40 万元 (census tertiary mean about 72, consumer services far below).
# - pre-tax profit / revenue ~ v (1 - beta) - capital_output_ratio (0.25 loan rate + depreciation)
#   - taxes and fees (~0.6%): 5-9% in industry (NBS above-scale industry 2018-21: 5.9-6.8%).
# - capital_growth 0.04: net capital growth in 2019 (MODEL.md 3.2, Investment), assumption:
#   Liaoning's investment barely grew after its 2015-16 fall (fixed-asset investment +0.5% in 2019,
#   approx.), so below China's 5-10%.
# - national prices are NBS data (data/prices/national_prices.toml): industry the PPI, services
#   the CPI; years the series lacks (2024-2025) take national_price_growth = 0 (assumption: no
#   figure after 2023 in the data file; the PPI fell 3.0% in 2023).
# - demand_growth is the real growth of the branch's national market (plausible -5% .. +15% a
#   year, MODEL.md 3.8): set from national output where known (approx.), fitted for the sectors
#   the plan pushes (see [calibration]).
IND = dict(kind="industry", national_price_series="PPI", capital_growth=0.04)
SECTORS = [
    ("钢铁深加工及建材", [
        "Steel deep processing (钢铁精深加工: ETDZ, 老边; 鞍钢鲅鱼圈 supplies the coil) and new wall materials",
        "(新型墙体材料, 老边). value_added_share 0.22: ferrous smelting and rolling about 0.2 in China's I-O",
        "tables, deep processing a little more; labour_elasticity 0.28 (heavy industry's labour share of",
        "value added is low): about 117 万元 per worker at 鲅鱼圈's labour cost, margin about 6.5%.",
        "National price: the NBS PPI of ferrous smelting and rolling (PPI_C31_ferrous_smelting: +28.5 /",
        "-5.8 / -9.6% in 2021-2023), the nearest series for the zones' steel (plate and strip mills and",
        "their processors in 鲅鱼圈 and 老边); the years it lacks (2020, 2024-2025) take",
        "national_price_growth 0 (assumption: no sourced figure). Wall materials (a small part) follow",
        "the same series. (With the all-industry PPI instead, the 2021 boom is a third as large: see",
        "YK-04.b in the header.) demand_growth 0: China's crude steel output stayed about",
        "1.0 bn t a year in 2020-2023 (approx.), a flat real market. productivity_drift 0.015 (upgrading",
        "of the remaining plants, 传统产业转型升级; assumption within 0-3%).",
    ], dict(kind="industry",
            national_price_series=("PPI_C31_ferrous_smelting", "NBS branch PPI 2021-2023; other years national_price_growth"),
            national_price_growth=(0.0, "assumption for 2020 and 2024-2025, which the branch series lacks"),
            capital_growth=0.04,
            capital_elasticity=0.32, labour_elasticity=0.28, value_added_share=0.22,
            capital_output_ratio=1.0, productivity_drift=0.015, productivity_volatility=0.09,
            demand_growth=0.0, demand_elasticity=1.3, depreciation=0.07, risk_premium=0.02,
            investment_intensity_wan_per_mu=350.0, entry_rate=0.12, entrant_revenue_median_wan=800.0,
            entrant_revenue_sigma=1.1, entrant_equity_ratio=0.4, agglomeration_elasticity=0.02)),
    ("有色金属及镁铝加工", [
        "Non-ferrous metals: industrial aluminium (沿海产业基地), magnesia and magnesium (南楼, 大石桥: the",
        "city's 镁 base), recycled metals (再生资源, 大石桥), 盖州. value_added_share 0.20 (non-ferrous",
        "smelting and rolling about 0.15-0.2 in the I-O tables), labour_elasticity 0.28: about 110-130",
        "万元 per worker, margin about 5%. National price: the PPI (no non-ferrous branch series could be",
        "sourced, data/prices/README.md). demand_growth 0.03: China's output of the ten non-ferrous",
        "metals grew about 3-5% a year in 2020-2023 (approx.).",
    ], dict(IND, capital_elasticity=0.32, labour_elasticity=0.28, value_added_share=0.2,
            capital_output_ratio=1.0, productivity_drift=0.01, productivity_volatility=0.09,
            demand_growth=0.03, demand_elasticity=1.3, depreciation=0.07, risk_premium=0.02,
            investment_intensity_wan_per_mu=350.0, entry_rate=0.12, entrant_revenue_median_wan=700.0,
            entrant_revenue_sigma=1.1, entrant_equity_ratio=0.4, agglomeration_elasticity=0.02)),
    ("精细化工", [
        "Fine chemicals (仙人岛, 大石桥, 沿海产业基地, 老边). value_added_share 0.24 (chemicals about 0.2-0.3 in",
        "the I-O tables), labour_elasticity 0.27, capital-intensive: about 110 万元 per worker, margin",
        "about 7.5%. demand_growth 0.04 (assumption: chemical output grew faster than steel, slower",
        "than equipment).",
    ], dict(IND, capital_elasticity=0.35, labour_elasticity=0.27, value_added_share=0.24,
            capital_output_ratio=1.1, productivity_drift=0.01, productivity_volatility=0.1,
            demand_growth=0.04, demand_elasticity=1.2, depreciation=0.07, risk_premium=0.02,
            investment_intensity_wan_per_mu=400.0, entry_rate=0.12, entrant_revenue_median_wan=800.0,
            entrant_revenue_sigma=1.2, entrant_equity_ratio=0.4, agglomeration_elasticity=0.03)),
    ("装备制造及汽车零部件", [
        "Equipment: 新兴装备制造 (ETDZ), 汽保装备及汽车零部件 (辽河), 数控设备 (核翼), 先进装备 (盖州, 大石桥).",
        "value_added_share 0.24 and labour_elasticity 0.32 (equipment employs more labour per yuan):",
        "about 90-95 万元 per worker, margin about 7.5%. demand_growth 0.05 (assumption: equipment",
        "output grew about 5% a year nationally 2020-2023, approx.).",
    ], dict(IND, capital_elasticity=0.3, labour_elasticity=0.32, value_added_share=0.24,
            capital_output_ratio=0.8, productivity_drift=0.012, productivity_volatility=0.09,
            demand_growth=0.05, demand_elasticity=1.5, depreciation=0.08, risk_premium=0.025,
            investment_intensity_wan_per_mu=300.0, entry_rate=0.12, entrant_revenue_median_wan=400.0,
            entrant_revenue_sigma=1.0, entrant_equity_ratio=0.5, agglomeration_elasticity=0.03)),
    ("新材料及新能源", [
        "High-tech industry (高新技术产业): new materials (节能环保新材料, 高端镁质, 新材料), new energy and",
        "photovoltaics (光伏, 沿海产业基地). value_added_share 0.24, labour_elasticity 0.27: about 110",
        "万元 per worker, margin 8-9%. demand_growth 0.15: fitted within -5% .. +15% (the plan's turn",
        "to high-tech industry, 一(三)), at the top of its plausible range (see [calibration]; China's",
        "photovoltaic and battery output grew far faster in 2020-2023, new materials about 10%, approx.);",
        "investment adjusts at the engine's 0.1 a year.",
    ], dict(IND, capital_elasticity=0.3, labour_elasticity=0.27, value_added_share=0.24,
            capital_output_ratio=0.9, productivity_drift=0.015, productivity_volatility=0.1,
            demand_growth=(0.15, "fitted (the baseline overlay holds the exact value)"), demand_elasticity=1.5, depreciation=0.08, risk_premium=0.025,
            investment_intensity_wan_per_mu=350.0, entry_rate=0.12, entrant_revenue_median_wan=500.0,
            entrant_revenue_sigma=1.2, entrant_equity_ratio=0.5, agglomeration_elasticity=0.03)),
    ("智能装备及电子信息", [
        "High-tech industry: 智能安防装备, 新能源汽车及零配件 (高新区), 人工智能, 电子信息 (核翼).",
        "value_added_share 0.22 (electronics about 0.2 in the I-O tables), labour_elasticity 0.3: about",
        "105-110 万元 per worker, margin about 6.5%; lighter capital than heavy industry. demand_growth",
        "0.085: value added of China's computer, communication and electronic equipment industry grew",
        "about 7.7, 15.7, 7.6 and 3.4% in 2020-2023 (NBS communiqués, approx.). (Fitted with the other",
        "pushed sectors it was unidentified: the zones' 27 亿 of it move no target row.)",
    ], dict(IND, capital_elasticity=0.28, labour_elasticity=0.3, value_added_share=0.22,
            capital_output_ratio=0.7, productivity_drift=0.015, productivity_volatility=0.1,
            demand_growth=0.085, demand_elasticity=1.5, depreciation=0.1, risk_premium=0.03,
            investment_intensity_wan_per_mu=250.0, entry_rate=0.12, entrant_revenue_median_wan=400.0,
            entrant_revenue_sigma=1.2, entrant_equity_ratio=0.5, agglomeration_elasticity=0.03)),
    ("食品及农副产品加工", [
        "Food and drinks (食品饮品, ETDZ), agri-product processing (农副产品深加工, 辽河), health food",
        "(保健食品). value_added_share 0.2 (food processing about 0.2 in the I-O tables; grain and oil",
        "processing lower), labour_elasticity 0.3: about 120 万元 per worker, margin about 7%.",
        "demand_growth 0.03 (assumption: food manufacturing grew a few percent a year).",
    ], dict(IND, capital_elasticity=0.28, labour_elasticity=0.3, value_added_share=0.2,
            capital_output_ratio=0.6, productivity_drift=0.01, productivity_volatility=0.09,
            demand_growth=0.03, demand_elasticity=1.5, depreciation=0.08, risk_premium=0.03,
            investment_intensity_wan_per_mu=200.0, entry_rate=0.12, entrant_revenue_median_wan=300.0,
            entrant_revenue_sigma=1.0, entrant_equity_ratio=0.5, agglomeration_elasticity=0.02)),
    ("港航物流商贸及金融", [
        "Producer services: port logistics and trade (港口型国家物流枢纽, 东北亚国际物流贸易中心, 港航物流,",
        "冷链物流, 跨境商贸物流), finance (区域性金融中心, 金融类生产性服务业), business services (高端商务,",
        "服务外包, 人力资源结算, 综合保险). value_added_share 0.35: the I-O tables give trade about 0.15 of",
        "sales, logistics about 0.35, finance 0.6-0.7 (approx.); the zones' mix is mostly logistics and",
        "trade. labour_elasticity 0.55 (services' labour share of value added is above industry's):",
        "about 35-40 万元 per worker, margin about 10%. VAT class reduced (9%: transport; port services",
        "and finance pay 6%, trade 13% on its margin: the middle rate stands for the mix).",
        "demand_growth 0.15: fitted within -5% .. +15% (the plan's 高端服务业 and logistics-hub aims), at",
        "the top of its plausible range (see [calibration]).",
    ], dict(kind="services", vat_class="reduced", national_price_series="CPI", capital_growth=0.04,
            tradable_share=(0.6, "port logistics serves the hinterland and shipping lines; trade and finance local buyers (MODEL.md 3.2, goods markets)"),
            capital_elasticity=0.28, labour_elasticity=0.55, value_added_share=0.35,
            capital_output_ratio=0.6, productivity_drift=0.012, productivity_volatility=0.09,
            demand_growth=(0.15, "fitted (the baseline overlay holds the exact value)"), demand_elasticity=1.5, depreciation=0.06, risk_premium=0.03,
            investment_intensity_wan_per_mu=400.0, entry_rate=0.2, entrant_revenue_median_wan=300.0,
            entrant_revenue_sigma=1.0, entrant_equity_ratio=0.5, agglomeration_elasticity=0.02)),
    ("文旅康养", [
        "Tourism, health and elderly care (滨海温泉、文化创意、康养, 滨海旅游, 休闲文化旅游、健康养生,",
        "文化旅游、教育养老). value_added_share 0.45 (hotels and catering about 0.4 in the I-O tables, care",
        "services more), labour_elasticity 0.5: about 27-32 万元 per worker, margin about 10%; scenic",
        "and resort assets carry much capital per yuan of revenue (capital_output_ratio 1.5), little land",
        "per yuan. demand_growth 0.05 (assumption: domestic tourism spending grew about 10% a year",
        "nominal before 2020; the model has no pandemic).",
    ], dict(kind="services", national_price_series="CPI", capital_growth=0.04,
            tradable_share=(0.7, "visitors from outside the region (MODEL.md 3.2, goods markets)"),
            capital_elasticity=0.3, labour_elasticity=0.5, value_added_share=0.45,
            capital_output_ratio=1.5, productivity_drift=0.01, productivity_volatility=0.11,
            demand_growth=0.05, demand_elasticity=1.5, depreciation=0.05, risk_premium=0.035,
            investment_intensity_wan_per_mu=150.0, entry_rate=0.18, entrant_revenue_median_wan=200.0,
            entrant_revenue_sigma=1.0, entrant_equity_ratio=0.5, agglomeration_elasticity=0.02)),
]


def _plain(v):
    return v[0] if isinstance(v, tuple) else v


SECTOR_PARAMS = {n: dict(v=_plain(p["value_added_share"]), beta=_plain(p["labour_elasticity"]),
                         cor=_plain(p["capital_output_ratio"]),
                         intensity=_plain(p["investment_intensity_wan_per_mu"]))
                 for n, _, p in SECTORS}


def _toml_value(v):
    return f'"{v}"' if isinstance(v, str) else str(v)


def sectors_block():
    out = []
    for name, comment, params in SECTORS:
        out.append("")
        for line in comment:
            out.append(f"# {line}")
        out.append("[[sectors]]")
        out.append(f'name = "{name}"')
        for k, v in params.items():
            if isinstance(v, tuple):
                out.append(f"{k} = {_toml_value(v[0])}  # {v[1]}")
            else:
                out.append(f"{k} = {_toml_value(v)}")
    return "\n".join(out)


# ---------------------------------------------------------------- counties
# name, kind, assumed 2019 GDP (亿元), base wage (万元/worker), exogenous growth, comment
# Labour cost per worker (wage_wan) = 1.3 x a blended average wage (employers' social insurance
# and housing fund about 30% of wages): NBS 2019 average wages of the Northeast region, urban
# non-private units 71,721 元, urban private units 39,861 元 (NBS release of 2020-05-18); the
# zones' firms are mostly private or mixed, so blends of 4.6-5.8 万元 by county (higher in 鲅鱼圈
# with 鞍钢 and the port, lower in the county-level cities), times 1.3: 6.0-7.5 万元.
# 2019 GDP by county: Yingkou's 2019 GDP (about 1,328 亿, approx.) split by the counties' shares of
# 2023 (营口市统计局 as reprinted by 网易 163.com: 鲅鱼圈区 409.45, 大石桥市 306.90, 老边区 225.30,
# 盖州市 181.40, 站前区 164.40, 西市区 157.70 亿; sum 1,444.25), the nearest published split found.
GDP_2019_YI = 1328.0
GDP_2023_YI = {"站前区": 164.40, "西市区": 157.70, "鲅鱼圈区": 409.45, "老边区": 225.30,
               "盖州市": 181.40, "大石桥市": 306.90}
_SHARE = {k: v / sum(GDP_2023_YI.values()) for k, v in GDP_2023_YI.items()}
COUNTIES = [
    ("站前区", "district", round(GDP_2019_YI * _SHARE["站前区"], 1), 7.3, 0.04),
    ("西市区", "district", round(GDP_2019_YI * _SHARE["西市区"], 1), 7.0, 0.04),
    ("鲅鱼圈区", "district", round(GDP_2019_YI * _SHARE["鲅鱼圈区"], 1), 7.5, 0.04),
    ("老边区", "district", round(GDP_2019_YI * _SHARE["老边区"], 1), 6.8, 0.04),
    ("盖州市", "county_city", round(GDP_2019_YI * _SHARE["盖州市"], 1), 6.0, 0.045),
    ("大石桥市", "county_city", round(GDP_2019_YI * _SHARE["大石桥市"], 1), 6.2, 0.04),
]

# ---------------------------------------------------------------- zones
# name, level, host county, leading sectors, infrastructure, land price 万元/mu,
# cells [(sector, firms, revenue 亿元 2019)], comment lines
ZONES = [
    dict(
        name="营口经济技术开发区", level="national", county="鲅鱼圈区",
        lead=["钢铁深加工及建材", "装备制造及汽车零部件", "食品及农副产品加工", "新材料及新能源",
              "港航物流商贸及金融", "文旅康养"],
        infra=1.3, price=22.0,
        cells=[("钢铁深加工及建材", 150, 120.0), ("装备制造及汽车零部件", 300, 62.0),
               ("食品及农副产品加工", 150, 35.0), ("新材料及新能源", 80, 26.0),
               ("港航物流商贸及金融", 700, 68.0), ("文旅康养", 180, 14.0)],
        note=[
            "National ETDZ (国家级, since 1992), 合署办公 with 鲅鱼圈区 (plan 二(一)1(1)).",
            "Plan 二(二)1: \"重点发展钢铁精深加工、新兴装备制造、食品饮品、新能源和新材料等先进装备制造业;",
            "以港口型国家物流枢纽建设为核心,深化东北亚国际物流贸易中心和区域性金融中心建设 ... 推进国家全域",
            "旅游示范区建设\". Host 鲅鱼圈区 (合署办公).",
        ]),
    dict(
        name="营口高新技术产业开发区", level="national", county="西市区",
        lead=["智能装备及电子信息", "新材料及新能源", "装备制造及汽车零部件"],
        infra=1.2, price=20.0,
        cells=[("智能装备及电子信息", 140, 22.0), ("新材料及新能源", 130, 14.0),
               ("装备制造及汽车零部件", 80, 8.0), ("港航物流商贸及金融", 40, 4.0)],
        note=[
            "National high-tech zone (国家级, since 2010); merged into the FTZ Yingkou area (plan",
            "二(一)1(1)). Plan 二(二)1: \"重点发展智能安防装备、节能环保新材料和新能源汽车及零配件产业\".",
            "Host county: 西市区 (Yingkou's final accounts list the budget of 自贸区(高新区) under 西市区, beside",
            "沿海产业基地: 营口市财政局, 2024年全市财政收支决算情况, czj.yingkou.gov.cn, 2025-11-14).",
        ]),
    dict(
        name="营口仙人岛经济开发区", level="provincial", county="盖州市",
        lead=["精细化工", "港航物流商贸及金融", "文旅康养"],
        infra=1.0, price=16.0,
        cells=[("精细化工", 100, 45.0), ("港航物流商贸及金融", 100, 12.0), ("文旅康养", 50, 4.0)],
        note=[
            "Provincial (plan 二(一)1(2)). Plan 二(二)1: \"重点发展精细化工和港航物流产业及滨海旅游产业\".",
            "Host county: 盖州市 (assumption; the 仙人岛 area lies on the coast south of 鲅鱼圈).",
        ]),
    dict(
        name="营口北海经济开发区", level="provincial", county="盖州市",
        lead=["文旅康养", "港航物流商贸及金融"],
        infra=0.9, price=15.0,
        cells=[("文旅康养", 100, 8.0), ("港航物流商贸及金融", 50, 4.0)],
        note=[
            "Provincial (plan 二(一)1(2)). Plan 二(二)1: \"重点发展休闲文化旅游、健康养生和现代高端商务产业\"",
            "(高端商务 under 港航物流商贸及金融). Host 盖州市 (盖州 zone is its 协同区).",
        ]),
    dict(
        name="大石桥市经济开发区", level="provincial", county="大石桥市",
        lead=["有色金属及镁铝加工", "精细化工", "装备制造及汽车零部件"],
        infra=1.0, price=15.0,
        cells=[("有色金属及镁铝加工", 170, 42.0), ("精细化工", 90, 20.0),
               ("装备制造及汽车零部件", 140, 22.0)],
        note=[
            "Provincial (plan 二(一)1(2)). Plan 二(二)1: \"重点发展再生资源及有色金属精深加工产业、精细化工",
            "产业、装备制造\". Host 大石桥市.",
        ]),
    dict(
        name="营口南楼经济开发区", level="provincial", county="大石桥市",
        lead=["有色金属及镁铝加工", "新材料及新能源"],
        infra=1.0, price=15.0,
        cells=[("有色金属及镁铝加工", 220, 52.0), ("新材料及新能源", 80, 12.0)],
        note=[
            "Provincial (plan 二(一)1(2)). Plan 二(二)1: \"重点发展高端镁质产业、有色金属加工产业\"; high-end",
            "magnesia materials are counted as 新材料及新能源 (assumption). Host 大石桥市 (南楼 lies in it).",
        ]),
    dict(
        name="辽宁(营口)沿海产业基地", level="provincial", county="西市区",
        lead=["有色金属及镁铝加工", "精细化工", "新材料及新能源"],
        infra=1.1, price=16.0,
        cells=[("有色金属及镁铝加工", 150, 38.0), ("精细化工", 80, 14.0), ("新材料及新能源", 60, 24.0)],
        note=[
            "Provincial (plan 二(一)1(2)). Plan 二(二)1: \"重点发展工业铝精深加工、精细化工、新材料和光伏产业\".",
            "Host county: 西市区 is an assumption (the base lies on the city's western coast).",
        ]),
    dict(
        name="营口辽河经济开发区", level="municipal", county="老边区",
        lead=["装备制造及汽车零部件", "食品及农副产品加工", "港航物流商贸及金融"],
        infra=1.4, price=12.0,
        cells=[("装备制造及汽车零部件", 250, 10.0), ("食品及农副产品加工", 50, 2.0),
               ("港航物流商贸及金融", 160, 12.0)],
        note=[
            "Municipal (plan 二(一)1(3)); to be promoted to provincial by 2022 (YK-04). Plan 二(二)1:",
            "\"重点发展汽保装备及汽车零部件、农副产品深加工和现代物流配送产业\". Host county: 老边区 (assumption).",
        ]),
    dict(
        name="站前区核翼经济开发区", level="municipal", county="站前区",
        lead=["新材料及新能源", "智能装备及电子信息", "港航物流商贸及金融", "文旅康养"],
        infra=1.4, price=14.0,
        cells=[("新材料及新能源", 30, 3.0), ("智能装备及电子信息", 80, 5.0),
               ("港航物流商贸及金融", 160, 8.0), ("文旅康养", 20, 1.0)],
        note=[
            "Municipal (plan 二(一)1(3)), \"一区三园\": 营口军民融合产业园区, 营口人力资源服务产业园区,",
            "营口(站前)新兴产业园区, modelled as one platform (the plan treats them as one zone to be",
            "promoted: YK-04.b). Plan 二(二)1: \"引进大型服务外包中心、人力资源结算中心、综合保险类业务中心 ...",
            "重点发展新材料、人工智能、电子信息、数控设备制造;发展跨境商贸物流、文化旅游、教育养老、保健食品等\".",
            "Host 站前区.",
        ]),
    dict(
        name="盖州经济开发区", level="municipal", county="盖州市",
        lead=["港航物流商贸及金融", "装备制造及汽车零部件", "有色金属及镁铝加工"],
        infra=0.9, price=12.0,
        cells=[("港航物流商贸及金融", 40, 4.0), ("装备制造及汽车零部件", 60, 8.0),
               ("有色金属及镁铝加工", 50, 8.0)],
        note=[
            "Municipal (plan 二(一)1(3)); to come under provincial management as 北海's 协同区 (not a",
            "promotion in the model). Plan 二(二)1: \"重点发展冷链物流、先进装备制造、有色金属加工产业\". Host 盖州市.",
        ]),
    dict(
        name="老边工业园区", level="municipal", county="老边区",
        lead=["钢铁深加工及建材", "精细化工"],
        infra=0.9, price=12.0,
        cells=[("钢铁深加工及建材", 120, 20.0), ("精细化工", 80, 9.0)],
        note=[
            "Municipal (plan 二(一)1(3)). Plan 二(二)1: \"重点发展钢铁深加工、精细化工产业、新型墙体材料产业\"",
            "(wall materials under 钢铁深加工及建材). Host 老边区.",
        ]),
]

# Land: serviced = SERVICED_MARGIN x the land the base-year firms occupy; yearly servicing
# SERVICING_RATE x occupied; planned = PLANNED_MULT x serviced (assumptions, see the file).
SERVICED_MARGIN = 1.3
SERVICING_RATE = 0.15
PLANNED_MULT = 3.5
LABOUR_MARGIN = 2.0
# Base-year revenue multiplier of all zones ([initial.revenue_scale] industrial_park): calibrated.
REVENUE_SCALE = 0.85
# [exit] base_hazard (see the template).
BASE_HAZARD = 0.025


def occupied_ha(zone):
    mu = 0.0
    for sector, _, rev in zone["cells"]:
        p = SECTOR_PARAMS[sector]
        mu += p["cor"] * rev * 1e4 / p["intensity"]
    return mu / 15.0


def county_derived():
    va = {c[0]: 0.0 for c in COUNTIES}
    labour = {c[0]: 0.0 for c in COUNTIES}
    wage = {c[0]: c[3] for c in COUNTIES}
    for z in ZONES:
        for sector, _, rev in z["cells"]:
            p = SECTOR_PARAMS[sector]
            va[z["county"]] += p["v"] * rev
            labour[z["county"]] += p["beta"] * p["v"] * rev * 1e4 / wage[z["county"]]
    return va, labour


def fmt(x, nd=1):
    return f"{x:.{nd}f}"


def platforms_block():
    out = []
    for z in ZONES:
        occ = occupied_ha(z)
        serviced = SERVICED_MARGIN * occ
        out.append("")
        for line in z["note"]:
            out.append(f"# {line}")
        out.append(f"# Land (assumption): base-year firms occupy {occ:.0f} ha; serviced = {SERVICED_MARGIN} x that,")
        out.append(f"# servicing {SERVICING_RATE:.0%} of it a year, planned = {PLANNED_MULT} x serviced; price: "
                   "Liaoning industrial land, assumption.")
        out.append("[[platforms]]")
        out.append(f'name = "{z["name"]}"')
        out.append('kind = "industrial_park"')
        out.append(f'level = "{z["level"]}"')
        out.append(f'county = "{z["county"]}"')
        lead = ", ".join(f'"{s}"' for s in z["lead"])
        out.append(f"leading_sectors = [{lead}]")
        out.append(f"infrastructure = {z['infra']}")
        out.append(
            f"land = {{ planned_ha = {fmt(PLANNED_MULT * serviced, 0)}, serviced_ha = {fmt(serviced, 0)}, "
            f"servicing_ha_per_year = {fmt(SERVICING_RATE * occ, 0)}, price_wan_per_mu = {z['price']}, "
            f"servicing_cost_wan_per_mu = 12.0 }}")
    return "\n".join(out)


def counties_block():
    va, labour = county_derived()
    out = []
    for name, kind, gdp, wage, g in COUNTIES:
        exo = gdp - va[name]
        lf = LABOUR_MARGIN * labour[name]
        out.append("")
        out.append(f"# 2019 GDP {gdp:.0f} 亿 (approx., see the counties' note); zone firms: value added {va[name]:.1f} 亿, "
                   f"labour demand {labour[name]:.0f}")
        out.append("[[counties]]")
        out.append(f'name = "{name}"')
        out.append(f'kind = "{kind}"')
        out.append(f"labour_force = {lf:.0f}.0   # assumption: {LABOUR_MARGIN} x base-year labour demand of the zones")
        out.append("labour_force_growth = 0.02   # assumption (zones draw labour from the rest of the city and migrants)")
        out.append(f"wage_wan = {wage}")
        out.append("wage_growth = 0.05   # assumption: the low end of average wage growth in the Northeast (non-private units +9.6% in 2019, NBS; 5-9% a year in 2015-2019, approx.)")
        out.append(f"exogenous_gdp_yi = {exo:.1f}")
        out.append(f"exogenous_gdp_growth = {g}   # assumption")
        out.append("exogenous_gdp_local_elasticity = 0.1   # the zones are part of local industry: see the counties' note")
    return "\n".join(out)


def cells_block():
    out = []
    for z in ZONES:
        out.append("")
        out.append(f"# {z['name']}")
        for sector, firms, rev in z["cells"]:
            out.append("[[initial.cells]]")
            out.append(f'platform = "{z["name"]}"')
            out.append(f'sector = "{sector}"')
            out.append(f"firms = {firms}")
            out.append(f"revenue_yi = {rev}")
    return "\n".join(out)


def main():
    here = Path(__file__).resolve().parent
    template = (here / "yingkou_2020_2025.template.toml").read_text(encoding="utf-8")
    text = (template.replace("@SECTORS@", sectors_block())
            .replace("@COUNTIES@", counties_block())
            .replace("@PLATFORMS@", platforms_block())
            .replace("@CELLS@", cells_block())
            .replace("@SCALE@", str(REVENUE_SCALE))
            .replace("@BASE_HAZARD@", str(BASE_HAZARD))
            .replace("BH a\n# year", f"{BASE_HAZARD:.1%} a\n# year"))
    OUT.write_text(text, encoding="utf-8")
    total_rev = sum(r for z in ZONES for _, _, r in z["cells"])
    total_firms = sum(n for z in ZONES for _, n, _ in z["cells"])
    print(f"wrote {OUT}: {total_firms} firms, base revenue {total_rev:.0f} 亿")


if __name__ == "__main__":
    main()
