#!/usr/bin/env python3
"""A synthetic, national-scale database for benchmarking only: 31 provinces, 832 counties,
128,000 villages, 20,000 projects and 1,000,000 figures, with realistic spreads of programmes,
qualifiers, units and periods.  Deterministic for a given --seed.

It is never mixed into the curated data: it writes its own SQLite file, whose ``datasetinfo``
table marks it synthetic, so that every page the app serves from it says so.

    .venv/bin/python bench/make_national.py --out build/national.sqlite [--scale 0.01] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import SQLModel

from app import models
from app.derived import derive
from app.sqlite import sqlite3

FULL = {"counties": 832, "villages": 128_000, "projects": 20_000, "figures": 1_000_000, "milestones": 2_000}
PROVINCES = [  # slug, name_zh, name_en, capital latitude, longitude
    ("beijing", "北京市", "Beijing Municipality", 39.90, 116.40),
    ("tianjin", "天津市", "Tianjin Municipality", 39.13, 117.20),
    ("hebei", "河北省", "Hebei Province", 38.04, 114.51),
    ("shanxi", "山西省", "Shanxi Province", 37.87, 112.55),
    ("neimenggu", "内蒙古自治区", "Inner Mongolia Autonomous Region", 40.84, 111.75),
    ("liaoning", "辽宁省", "Liaoning Province", 41.80, 123.43),
    ("jilin", "吉林省", "Jilin Province", 43.82, 125.32),
    ("heilongjiang", "黑龙江省", "Heilongjiang Province", 45.80, 126.53),
    ("shanghai", "上海市", "Shanghai Municipality", 31.23, 121.47),
    ("jiangsu", "江苏省", "Jiangsu Province", 32.06, 118.80),
    ("zhejiang", "浙江省", "Zhejiang Province", 30.27, 120.15),
    ("anhui", "安徽省", "Anhui Province", 31.82, 117.23),
    ("fujian", "福建省", "Fujian Province", 26.07, 119.30),
    ("jiangxi", "江西省", "Jiangxi Province", 28.68, 115.86),
    ("shandong", "山东省", "Shandong Province", 36.65, 117.12),
    ("henan", "河南省", "Henan Province", 34.75, 113.63),
    ("hubei", "湖北省", "Hubei Province", 30.59, 114.31),
    ("hunan", "湖南省", "Hunan Province", 28.23, 112.94),
    ("guangdong", "广东省", "Guangdong Province", 23.13, 113.26),
    ("guangxi", "广西壮族自治区", "Guangxi Zhuang Autonomous Region", 22.82, 108.37),
    ("hainan", "海南省", "Hainan Province", 20.04, 110.20),
    ("chongqing", "重庆市", "Chongqing Municipality", 29.56, 106.55),
    ("sichuan", "四川省", "Sichuan Province", 30.66, 104.07),
    ("guizhou", "贵州省", "Guizhou Province", 26.65, 106.63),
    ("yunnan", "云南省", "Yunnan Province", 25.04, 102.71),
    ("xizang", "西藏自治区", "Xizang Autonomous Region", 29.65, 91.14),
    ("shaanxi", "陕西省", "Shaanxi Province", 34.34, 108.94),
    ("gansu", "甘肃省", "Gansu Province", 36.06, 103.83),
    ("qinghai", "青海省", "Qinghai Province", 36.62, 101.78),
    ("ningxia", "宁夏回族自治区", "Ningxia Hui Autonomous Region", 38.49, 106.23),
    ("xinjiang", "新疆维吾尔自治区", "Xinjiang Uygur Autonomous Region", 43.83, 87.62),
]
# Poverty counties concentrate in the west and south-west; weights shape the spread.
WEIGHTS = {
    "sichuan": 66,
    "yunnan": 88,
    "guizhou": 66,
    "gansu": 58,
    "xinjiang": 32,
    "xizang": 74,
    "qinghai": 42,
    "guangxi": 54,
    "hunan": 40,
    "hubei": 28,
    "henan": 38,
    "shaanxi": 56,
    "shanxi": 36,
    "hebei": 45,
    "neimenggu": 31,
    "jiangxi": 24,
    "anhui": 20,
    "heilongjiang": 20,
    "jilin": 8,
    "ningxia": 8,
    "chongqing": 14,
    "hainan": 5,
    "fujian": 3,
    "liaoning": 3,
    "shandong": 3,
    "guangdong": 3,
    "zhejiang": 2,
    "jiangsu": 2,
    "beijing": 1,
    "tianjin": 1,
    "shanghai": 1,
}
STRATEGIES = ("poverty-alleviation", "rural-revitalisation")
THEMES = (
    "network",
    "informatisation",
    "industry",
    "employment",
    "intellectual",
    "charity",
    "consumption",
    "health",
    "party-governance",
    "party-services",
    "party-industry",
)
MONEY_KINDS = models.MONEY_KINDS
QUALIFIERS = (
    ("exact", "", "", 55),
    ("over", "超", "", 22),
    ("over", "", "余", 8),
    ("about", "约", "", 8),
    ("nearly", "近", "", 7),
)
UNITS = (  # unit, Chinese word after the number, weight, label
    ("yuan", "元", 40, "投入资金"),
    ("people", "人", 14, "受益人口"),
    ("households", "户", 12, "帮扶户数"),
    ("villages", "个村", 6, "覆盖村数"),
    ("percent", "%", 7, "网络覆盖率"),
    ("km", "公里", 5, "新建光缆"),
    ("jobs", "个", 6, "就业岗位"),
    ("campuses", "个", 4, "智慧校园"),
    ("mu", "亩", 6, "产业基地面积"),
)
SCOPES = (("village", 60), ("county", 25), ("province", 8), ("project", 5), ("group", 2))


def weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights)[0]


def amount_text(rng: random.Random, unit: str, word: str) -> tuple[float, str, str]:
    """A figure as the reports would write it, and its value: the text is made first, so the two
    always agree (the app's parser would read the same value back)."""
    qualifier, prefix, inner = weighted(rng, [(q[:3], q[3]) for q in QUALIFIERS])
    if unit == "yuan":
        scale, scale_word = rng.choice(((10_000, "万"), (10_000, "万"), (100_000_000, "亿")))
        mantissa = rng.randint(1, 9999) if scale == 10_000 else round(rng.uniform(0.1, 50), 2)
        mantissa = int(mantissa) if float(mantissa).is_integer() else mantissa
        # Decimal, not float: 40.8 × 10⁸ must be 4080000000 exactly, as the text says.
        value = float(Decimal(str(mantissa)) * scale)
        return value, qualifier, f"{prefix}{mantissa}{inner}{scale_word}{word}"
    if unit == "percent":
        number = rng.randint(30, 100)
        return number, qualifier, f"{prefix}{number}{word}" if not inner else f"{prefix}{number}{word}以上"
    number = rng.randint(1, 60_000 if unit in ("people", "households") else 2_000)
    return number, qualifier, f"{prefix}{number}{inner}{word}"


def create_schema(connection: sqlite3.Connection) -> list[str]:
    dialect = sqlite_dialect.dialect()
    index_sql = []
    for table in SQLModel.metadata.sorted_tables:
        connection.execute(str(CreateTable(table).compile(dialect=dialect)))
        index_sql += [str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes]
    return index_sql


def build(out: Path, scale: float, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    n = {k: max(6 if k == "counties" else 10, int(v * scale)) for k, v in FULL.items()}
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    connection.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;")
    index_sql = create_schema(connection)

    def insert(table: str, rows: list) -> None:
        if rows:
            connection.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)

    seed_sql = (Path(__file__).resolve().parent.parent / "data" / "seed.sql").read_text(encoding="utf-8")
    for line in seed_sql.splitlines():  # the same programmes as the curated data
        if line.startswith("INSERT INTO programme "):
            connection.execute(line)
    insert("datasetinfo", [("synthetic", "true"), ("seed", str(seed)), ("scale", str(scale))])
    source = "synthetic-national"
    insert(
        "source",
        [
            (
                source,
                "合成全国数据（仅供基准测试）",
                "Synthetic national data (benchmark only)",
                "合成",
                "synthetic",
                None,
                None,
                "2026-01-01",
                "synthetic",
                None,
                None,
                "随机生成，非真实数据。",
                "Randomly generated; not real data.",
            )
        ],
    )
    insert("province", [(s, zh, en, lat, lon, 1) for s, zh, en, lat, lon in PROVINCES])
    by_slug = {p[0]: p for p in PROVINCES}

    counties, county_province = [], {}
    province_slugs = [p[0] for p in PROVINCES]
    for i in range(n["counties"]):
        province = rng.choices(province_slugs, weights=[WEIGHTS[s] for s in province_slugs])[0]
        _s, _zh, _en, lat, lon = by_slug[province]
        slug = f"{province}-county-{i:03d}"
        county_province[slug] = province
        counties.append(
            (
                slug,
                f"合成县{i:03d}",
                f"Synthetic County {i:03d}",
                "county",
                province,
                None,
                None,
                round(lat + rng.uniform(-2.5, 2.5), 3),
                round(lon + rng.uniform(-3, 3), 3),
                1,
                None,
                None,
            )
        )
    insert("county", counties)
    county_slugs = list(county_province)
    county_programmes = [(c, "poverty-alleviation") for c in county_slugs]
    county_programmes += [(c, "designated") for c in county_slugs[:4]] + [(c, "paired") for c in county_slugs[4:6]]
    county_programmes += [(c, rng.choice(THEMES)) for c in county_slugs]
    insert("countyprogramme", list(dict.fromkeys(county_programmes)))

    villages, village_county, village_programmes = [], {}, []
    county_rows = {row[0]: row for row in counties}
    for i in range(n["villages"]):
        # every county gets a village first; the rest fall at random
        county = county_slugs[i] if i < len(county_slugs) else rng.choice(county_slugs)
        _slug, _zh, _en, _kind, province, _p1, _p2, lat, lon, *_rest = county_rows[county]
        slug = f"v{i:06d}"
        village_county[slug] = county
        villages.append(
            (
                slug,
                f"合成村{i:06d}",
                f"Synthetic Village {i:06d}",
                province,
                county,
                None,
                None,
                f"合成乡{i % 97:02d}",
                f"Synthetic Township {i % 97:02d}",
                round(lat + rng.uniform(-0.3, 0.3), 4),
                round(lon + rng.uniform(-0.3, 0.3), 4),
                1,
                None,
                None,
            )
        )
        village_programmes.append((slug, rng.choice(STRATEGIES)))
        if rng.random() < 0.3:
            village_programmes.append((slug, rng.choice(THEMES)))
    insert("village", villages)
    insert("villageprogramme", list(dict.fromkeys(village_programmes)))
    village_slugs = list(village_county)

    organisations = [("china-telecom", "中国电信集团有限公司", "China Telecom Group", "group", None, None, None, None)]
    organisations += [
        (
            f"{p}-company",
            f"中国电信{zh[:2]}公司",
            f"China Telecom {en.split()[0]}",
            "provincial-company",
            p,
            "china-telecom",
            None,
            None,
        )
        for p, zh, en, _a, _b in PROVINCES
    ]
    insert("organisation", organisations)

    projects, project_links, project_programmes, project_orgs = [], [], [], []
    for i in range(n["projects"]):
        slug = f"project-{i:05d}"
        village = rng.choice(village_slugs)
        projects.append((slug, f"合成项目{i:05d}", f"Synthetic Project {i:05d}", rng.randint(2013, 2023), None, None))
        project_links.append((slug, village))
        project_programmes.append((slug, rng.choice(THEMES)))
        project_orgs.append((slug, f"{county_province[village_county[village]]}-company", "lead"))
    insert("project", projects)
    insert("projectvillage", project_links)
    insert("projectprogramme", project_programmes)
    insert("projectorganisation", project_orgs)
    project_slugs = [p[0] for p in projects]

    figures, links = (
        [],
        {
            "figurevillage": [],
            "figurecounty": [],
            "figureprovince": [],
            "figureproject": [],
            "figureprogramme": [],
            "figureregion": [],
        },
    )
    unit_pairs = [((u, w, label), weight) for u, w, weight, label in UNITS]
    for i in range(1, n["figures"] + 1):
        unit, word, label = weighted(rng, unit_pairs)
        value, qualifier, text = amount_text(rng, unit, word)
        scope = weighted(rng, SCOPES)
        year = rng.randint(2013, 2023)
        year_to = year if rng.random() < 0.7 else min(2023, year + rng.randint(1, 3))
        period = str(year) if year_to == year else f"{year}/{year_to}"
        reach = unit in ("people", "households", "villages") and rng.random() < 0.5
        kind = rng.choice(MONEY_KINDS) if unit == "yuan" else (rng.choice(models.REACH_KINDS) if reach else None)
        figures.append(
            (
                i,
                f"{label}（合成）",
                f"{label} (synthetic)",
                value,
                unit,
                qualifier,
                None,
                text,
                period,
                year,
                year_to,
                scope,
                kind,
                source,
                f"合成数据：{label}{text}",
                None,
                None,
            )
        )
        if scope == "village":
            village = rng.choice(village_slugs)
            links["figurevillage"].append((i, village))
            links["figureregion"].append((county_province[village_county[village]], i))
        elif scope == "county":
            county = rng.choice(county_slugs)
            links["figurecounty"].append((i, county))
            links["figureregion"].append((county_province[county], i))
        elif scope == "province":
            province = rng.choice(province_slugs)
            links["figureprovince"].append((i, province))
            links["figureregion"].append((province, i))
        elif scope == "project":
            links["figureproject"].append((i, rng.choice(project_slugs)))
        links["figureprogramme"].append((i, rng.choice(STRATEGIES)))
    insert("figure", figures)
    for table, rows in links.items():
        insert(table, rows)

    milestones, milestone_links = [], []
    for i in range(1, n["milestones"] + 1):
        year = rng.randint(2002, 2023)
        date = str(year) if rng.random() < 0.5 else f"{year}-{rng.randint(1, 12):02d}"
        county = rng.choice(county_slugs)
        milestones.append((i, date, year, f"合成大事{i:04d}", f"Synthetic event {i:04d}", source, f"合成大事{i:04d}"))
        milestone_links.append((i, county))
    insert("milestone", milestones)
    insert("milestonecounty", milestone_links)

    connection.commit()
    for statement in index_sql:
        connection.execute(statement)
    connection.commit()
    connection.close()
    # The year table, facet counts, name and sort indexes, search indexes and ANALYZE, as build-db makes them.
    engine = create_engine(f"sqlite:///{partial}", module=sqlite3)
    with engine.begin() as derived:
        derive(derived, regions=False)
    engine.dispose()
    partial.replace(out)
    return {**n, "provinces": len(PROVINCES)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("build/national.sqlite"))
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national size (1 = full)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    counts = build(args.out, args.scale, args.seed)
    seconds = time.perf_counter() - started
    print(f"make_national: {counts} into {args.out} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
