"""Readings of the reports that were once wrong or misleading, pinned so that they stay right.

Each test names the passage it reads; the data must say what the passage says and no more.
"""

from __future__ import annotations

import sqlite3

from tests.conftest import rows


def figure(seed_db: sqlite3.Connection, figure_id: int) -> sqlite3.Row:
    return rows(seed_db, "SELECT * FROM figure WHERE id = ?", figure_id)[0]


def test_the_11501_sichuan_villages_are_the_base_of_the_reach_rates(seed_db: sqlite3.Connection) -> None:
    """实现11501个建档立卡贫困村光纤宽带、手机4G通达率均近90%: the villages are the base of two rates
    near 90%, not villages that were reached."""
    base, rate = figure(seed_db, 24), figure(seed_db, 25)
    for row in (base, rate):
        assert row["excerpt"].endswith("通达率均近90%"), row["id"]
    assert "通达的" not in base["label_zh"] and "基数" in base["label_zh"]
    assert "covered" not in base["label_en"] and "base of" in base["label_en"]
    assert base["kind"] is None  # not counted as network coverage
    assert rate["kind"] == "network-coverage" and rate["qualifier"] == "nearly"


def test_the_six_counties_are_designated_and_paired(seed_db: sqlite3.Connection) -> None:
    assert "向集团定点扶贫和对口支援的6个贫困县" in figure(seed_db, 21)["excerpt"]


def test_excerpts_keep_who_did_what(seed_db: sqlite3.Connection) -> None:
    """An excerpt that starts mid-sentence must not read as another subject or another scope."""
    assert figure(seed_db, 9)["excerpt"].startswith("中国电信累计在“4﹢2”")
    assert figure(seed_db, 12)["excerpt"].startswith("为4个定点扶贫县引入")
    assert figure(seed_db, 43)["excerpt"].startswith("帮扶小组协调产业链合作伙伴引入")
    assert "江西省政府委托第三方" in figure(seed_db, 40)["excerpt"]
    award = rows(seed_db, "SELECT excerpt FROM milestone WHERE id = 8")[0][0]
    assert award.startswith("中国电信全力参与建设的")  # China Telecom took part; the team won


def test_distances_and_heights_say_what_the_text_says(seed_db: sqlite3.Connection) -> None:
    """距离远的有三十多公里: some villages are over 30 km apart, no longest distance is given.
    曾是厦门海拔最高的贫困村: they were the highest, not among the highest."""
    distance = figure(seed_db, 6)
    assert "longest" not in distance["label_en"] and "some of the villages" in distance["label_en"]
    assert "较远" not in distance["label_zh"]
    for slug in ("baijiaoci", "junying"):
        summary = rows(seed_db, "SELECT summary_en FROM village WHERE slug = ?", slug)[0][0]
        assert "among" not in summary and "the highest-altitude poor villages in Xiamen" in summary


def test_dates_are_as_precise_as_the_text(seed_db: sqlite3.Connection) -> None:
    """2019年下半年 is the second half of 2019; 2018年年底 is 2018-12."""
    for slug in ("shufu", "jiuzhi"):
        summary = rows(seed_db, "SELECT summary_en FROM county WHERE slug = ?", slug)[0][0]
        assert "late 2019" not in summary and "second half of 2019" in summary
    assert rows(seed_db, "SELECT date FROM milestone WHERE id = 9")[0][0] == "2018-12"


def test_the_good_rating_and_the_award_say_their_date_is_not_given(seed_db: sqlite3.Connection) -> None:
    """在2018年中央单位定点扶贫工作成效考核中获得最高等次“好”: the year is the assessment's; when the
    rating (or the 2019 award) was given, the text does not say."""
    rating, award = (rows(seed_db, "SELECT * FROM milestone WHERE id = ?", i)[0] for i in (5, 8))
    assert "2018年中央单位定点扶贫工作成效考核" in rating["title_zh"] and "未说明" in rating["title_zh"]
    assert "does not say when the rating was given" in rating["title_en"]
    assert "未说明" in award["title_zh"] and "does not say when" in award["title_en"]


def test_every_milestone_excerpt_holds_its_year(seed_db: sqlite3.Connection) -> None:
    for row in rows(seed_db, "SELECT id, year, excerpt FROM milestone"):
        assert f"{row['year']}年" in row["excerpt"], row["id"]


def test_baihuazhai_is_not_called_a_village(seed_db: sqlite3.Connection) -> None:
    name_en, summary_en = rows(seed_db, "SELECT name_en, summary_en FROM village WHERE slug = 'baihuazhai'")[0]
    assert name_en == "Baihuazhai" and "built" not in summary_en


def test_what_is_being_built_is_not_called_built(seed_db: sqlite3.Connection) -> None:
    """一座……新党群服务中心正拔地而起: the centre is going up, not finished."""
    texts = [
        r[0]
        for r in rows(
            seed_db,
            "SELECT summary_en FROM village WHERE slug = 'cuichengsitou' UNION ALL "
            "SELECT summary_en FROM county WHERE slug = 'fucheng' UNION ALL "
            "SELECT summary_en FROM project WHERE slug = 'cuichengsitou-service-centre'",
        )
    ]
    assert len(texts) == 3 and all("going up" in t and " into " not in t for t in texts)


def role(seed_db: sqlite3.Connection, project: str, organisation: str) -> str:
    return rows(
        seed_db,
        "SELECT role FROM projectorganisation WHERE project_slug = ? AND organisation_slug = ?",
        project,
        organisation,
    )[0][0]


def test_shanghai_promotes_the_muli_projects_and_does_not_lead_them(seed_db: sqlite3.Connection) -> None:
    """向产业合作伙伴推介了四川凉山木里县的三个项目."""
    for project in ("muli-fungus-processing", "muli-walnut-pepper-processing", "muli-logistics-platform"):
        assert role(seed_db, project, "shanghai-company") == "promoter"
    assert role(seed_db, "shanghai-recruitment", "shanghai-company") == "lead"  # it did publish the call
    assert "investors" not in rows(seed_db, "SELECT summary_en FROM county WHERE slug = 'muli'")[0][0]


def test_helping_is_not_leading(seed_db: sqlite3.Connection) -> None:
    """助力打造, 协助, 支撑, 合作开展, 扶持, 将…建成 (something that is not the body's own), 推广."""
    assert role(seed_db, "shengshen-neighbourhood-centre", "china-telecom") == "partner"  # 助力打造
    assert role(seed_db, "yinong-information-service", "xiamen-telecom") == "partner"  # 将益农信息社建成
    assert role(seed_db, "yinong-information-service", "fujian-company") == "partner"
    assert role(seed_db, "yangjiao-yunqing-tea", "china-telecom") == "partner"  # 协助, 帮助
    assert role(seed_db, "yangjiao-yunqing-tea", "anhui-company") == "partner"
    assert role(seed_db, "national-poverty-info-systems", "china-telecom") == "partner"  # 支撑
    assert role(seed_db, "rural-party-distance-education", "china-telecom") == "partner"  # 与中组部合作开展
    assert role(seed_db, "wuwei-huangcheng", "hainan-company") == "partner"  # 扶持发展
    assert role(seed_db, "anhui-smart-township", "anhui-company") == "partner"  # the village 建成 it
    assert role(seed_db, "precision-poverty-big-data", "china-telecom") == "promoter"  # 推广


def test_partners_are_not_tied_to_money_they_only_helped_mobilise(seed_db: sqlite3.Connection) -> None:
    """各帮扶小组积极动员华为、中兴等……共计引入产业投资超1亿元: the groups brought it in."""
    tied = rows(
        seed_db,
        "SELECT figure_id, organisation_slug FROM figureorganisation "
        "WHERE organisation_slug IN ('huawei', 'zte', 'guangdong-nongken')",
    )
    assert tied == []
