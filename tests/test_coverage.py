"""Every quantity in the sources is curated or listed with a reason (`python -m app coverage`), and
the check notices when a curated figure goes missing.  Ends with the worked example of README's
"Adding a report"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.build import build_database
from app.config import PROJECT_ROOT, Settings
from app.coverage import (
    Curated,
    FigureRow,
    MilestoneRow,
    NotFigure,
    SourceRow,
    check,
    read_curated,
    read_not_figures,
    read_sources,
    squeeze,
)

SETTINGS = Settings()
CURATED = read_curated(SETTINGS.seed_path.read_text(encoding="utf-8"))
NOT_FIGURES = read_not_figures(SETTINGS.not_figures_path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    if not SETTINGS.sources_dir.is_dir():
        pytest.skip(f"{SETTINGS.sources_dir} is not here; the sources cannot be read")
    return read_sources(SETTINGS.sources_dir)


def run_cli(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", "coverage"],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_every_quantity_in_the_sources_is_accounted_for(texts) -> None:
    report = check(texts, CURATED, NOT_FIGURES)
    assert report.ok, "\n".join(report.lines())
    assert report.quantities == report.in_figures + report.in_milestones + report.listed
    assert report.in_figures >= len(CURATED.figures) and report.in_milestones >= 10


def test_the_command_exits_zero_on_the_data_with_a_summary(texts) -> None:
    result = run_cli()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].endswith(" 0 unaccounted; 0 problems")


def claimed_span(texts: dict[str, str], figure: FigureRow) -> tuple[int, int]:
    """Where the figure's text stands in its source (whitespace removed)."""
    file = next(s.file for s in CURATED.sources if s.slug == figure.source_slug)
    source = squeeze(texts[file])
    start = source.index(squeeze(figure.excerpt)) + squeeze(figure.excerpt).index(squeeze(figure.text))
    return start, start + len(squeeze(figure.text))


@pytest.mark.parametrize("figure", CURATED.figures, ids=lambda f: f"figure-{f.id}")
def test_removing_any_figure_leaves_its_quantity_unaccounted(texts, figure: FigureRow) -> None:
    report = check(texts, CURATED.without_figure(figure.id), NOT_FIGURES)
    start, end = claimed_span(texts, figure)
    named = [f for f in report.unaccounted if start <= f.start and f.end <= end]
    assert not report.ok and named, f"figure {figure.id} ({figure.text}) can go missing unnoticed"
    assert all(squeeze(figure.text) in f.passage or f.written in figure.text for f in named)


def test_the_command_names_the_passage_of_a_figure_removed_from_a_copy_of_the_seed(texts, tmp_path) -> None:
    seed = SETTINGS.seed_path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in seed if not line.startswith("INSERT INTO figure (") or "VALUES (38," not in line]
    assert len(kept) == len(seed) - 1
    copy = tmp_path / "seed.sql"
    copy.write_text("".join(kept), encoding="utf-8")
    result = run_cli(SEED_PATH=str(copy))
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "not curated, not listed" in line]
    assert len(lines) == 1 and "达943.31万元" in lines[0] and "通信业务累计优惠金额达943.31万元" in lines[0], lines
    assert lines[0].startswith("004_cd1afa15144c904d.txt:43:")


def test_the_2020_reports_spans_of_time_and_five_campaigns_are_curated_or_listed(texts) -> None:
    """近两年来, 两年来, 三年攻坚期 and 五大扶贫攻坚行动 (issue 12)."""
    listed = {squeeze(e.passage) for e in NOT_FIGURES if e.source == "tong-xing-2020-poverty-alleviation"}
    for words in ("近两年来", "两年来,中国电信", "三年攻坚期"):
        assert any(words in passage for passage in listed), words
    assert any(f.text == "五大" and "五大扶贫攻坚行动" in f.excerpt for f in CURATED.figures)


def test_a_restatement_must_hold_the_value_it_restates(texts) -> None:
    wrong = [
        e
        if "restates figure 7 " not in e.reason
        else NotFigure(e.source, e.passage, e.reason.replace("figure 7", "figure 8"), e.line)
        for e in NOT_FIGURES
    ]
    report = check(texts, CURATED, wrong)
    assert any("does not restate figure 8" in p for p in report.problems)


# --- what makes matching unreliable is a problem ------------------------------------------------

TEXT = "示例报道。2021年，示例公司投入资金超200万元，惠及约1500户。2021年，示例公司又投入资金超200万元。"
SOURCE = SourceRow("example", "example.txt")


def problems_of(figures=(), milestones=(), not_figures=(), texts=None) -> list[str]:
    report = check(
        texts or {"example.txt": TEXT}, Curated((SOURCE,), tuple(figures), tuple(milestones)), list(not_figures)
    )
    return report.problems


def test_an_excerpt_found_twice_is_a_problem() -> None:
    problems = problems_of([FigureRow(1, "example", "超200万元", "示例公司投入资金超200万元", 2000000, "over", "yuan")])
    assert problems == []  # 投入资金 once, 又投入资金 the other time
    problems = problems_of([FigureRow(1, "example", "超200万元", "投入资金超200万元", 2000000, "over", "yuan")])
    assert any("stands 2 times" in p for p in problems)


def test_a_figure_text_twice_in_its_excerpt_or_missing_is_a_problem() -> None:
    twice = "2021年，示例公司投入资金超200万元，惠及约1500户。2021年，示例公司又投入资金超200万元"
    doubled = FigureRow(1, "example", "超200万元", twice, 2000000, "over", "yuan")
    assert any("stands 2 times in its excerpt" in p for p in problems_of([doubled]))
    missing = FigureRow(1, "example", "超300万元", "投入资金超300万元", 3000000, "over", "yuan")
    assert any("is not in" in p for p in problems_of([missing]))


def test_a_milestone_without_its_date_and_an_idle_entry_are_problems() -> None:
    problems = problems_of(
        milestones=[MilestoneRow(1, "example", "2022", "2021年，示例公司投入资金")],
        not_figures=[
            NotFigure("example", "示例报道", "nothing", 2),
            NotFigure("example", "没有这句话", "missing", 3),
            NotFigure("elsewhere", "示例报道", "unknown source", 4),
        ],
    )
    assert any("milestone 1" in p and "2022" in p for p in problems)
    assert any("line 2" in p and "no quantity" in p for p in problems)
    assert any("line 3" in p and "not in" in p for p in problems)
    assert any("line 4" in p and "unknown source" in p for p in problems)


def test_a_figures_quantity_listed_or_claimed_twice_is_a_problem() -> None:
    figure = FigureRow(1, "example", "约1500户", "惠及约1500户", 1500, "about", "households")
    twin = FigureRow(2, "example", "1500户", "约1500户", 1500, "exact", "households")
    assert any("claimed by figure 1 and by figure 2" in p for p in problems_of([figure, twin]))
    listed = NotFigure("example", "惠及约1500户", "not a figure", 2)
    problems = problems_of([figure], not_figures=[listed])
    assert any("claimed by figure 1 and by not-figures line 2" in p for p in problems)


def test_a_text_without_a_source_row_is_a_problem_and_all_of_it_unaccounted() -> None:
    report = check({"new.txt": TEXT}, Curated((), (), ()), [])
    assert any("new.txt has no source row" in p for p in report.problems)
    assert [f.written for f in report.unaccounted] == ["2021年", "超200万元", "约1500户", "2021年", "超200万元"]


def test_the_not_figures_file_must_have_its_header_and_three_columns() -> None:
    with pytest.raises(ValueError, match="first line"):
        read_not_figures("passage\treason\n")
    with pytest.raises(ValueError, match="line 2"):
        read_not_figures("source\tpassage\treason\nexample\t示例\n")
    assert read_not_figures("source\tpassage\treason\n\nexample\t“4﹢2”\ta name\n") == [
        NotFigure("example", "“4﹢2”", "a name", 3)
    ]


# --- README "Adding a report": the worked example ------------------------------------------------

NEW_REPORT = """示例新闻网 首页 > 新闻
2021-06-30 08:00
示例电信助力乡村振兴
2021年，示例电信为3个村建成光纤网络，投入资金超200万元，惠及约1500户村民。
村党支部书记张三说：“网络通了，一步一个脚印往前走。”
联系电话：010-12345678
"""
NEW_SOURCE_ROW = (
    "INSERT INTO source (slug, title_zh, title_en, outlet_zh, outlet_en, published, file) VALUES "
    "('example-2021', '示例电信助力乡村振兴', 'Example Telecom helps rural revitalisation', "
    "'示例新闻网', 'Example News', '2021-06-30', 'example.txt');\n"
)
FIGURE_COLUMNS = (
    "id, label_zh, label_en, value, unit, qualifier, text, period, year_from, year_to, scope, kind, "
    "source_slug, excerpt"
)
NEW_ROWS = "".join(
    f"INSERT INTO figure ({FIGURE_COLUMNS}) VALUES ({values});\n"
    for values in (
        "1, '建成光纤网络的村', 'Villages given a fibre network', 3, 'villages', 'exact', '3个村', '2021', 2021, 2021, "
        "'group', 'network-coverage', 'example-2021', '2021年，示例电信为3个村建成光纤网络'",
        "2, '投入资金', 'Funds invested', 2000000, 'yuan', 'over', '超200万元', '2021', 2021, 2021, 'group', "
        "'infrastructure-investment', 'example-2021', '投入资金超200万元'",
        "3, '受益户数', 'Households benefiting', 1500, 'households', 'about', '约1500户', '2021', 2021, 2021, 'group', "
        "NULL, 'example-2021', '惠及约1500户村民'",
    )
)
NEW_NOT_FIGURES = """source\tpassage\treason
example-2021\t2021-06-30 08:00\tpage furniture: the publication date and time, kept on the source row
example-2021\t一步一个脚印\ta saying: step by step, not a count
example-2021\t联系电话：010-12345678\tpage furniture: the site's telephone number
"""


def test_adding_a_report_step_by_step(tmp_path: Path) -> None:
    sources, seed, not_figures = tmp_path / "seeds", tmp_path / "seed.sql", tmp_path / "not-figures.tsv"
    sources.mkdir()
    env = {"SOURCES_DIR": str(sources), "SEED_PATH": str(seed), "NOT_FIGURES_PATH": str(not_figures)}

    # 1. The text file goes into the sources folder; without a source row the check says so.
    (sources / "example.txt").write_text(NEW_REPORT, encoding="utf-8")
    seed.write_text("", encoding="utf-8")
    first = run_cli(**env)
    assert first.returncode == 1 and "example.txt has no source row" in first.stdout

    # 2. With its source row, the check lists every quantity still to be curated or listed.
    seed.write_text(NEW_SOURCE_ROW, encoding="utf-8")
    second = run_cli(**env)
    todo = [line.split(": ", 1)[1].split(" — ")[0] for line in second.stdout.splitlines() if "not curated" in line]
    assert second.returncode == 1
    assert todo == ["2021-06-30", "08:00", "2021年", "3个", "超200万元", "约1500户", "一步", "一个", "010-12345678"]

    # 3. Figures with their excerpts (the 2021年 their period states comes with them) and the
    #    quantities that are not figures, each with its reason: nothing is left.
    seed.write_text(NEW_SOURCE_ROW + NEW_ROWS, encoding="utf-8")
    not_figures.write_text(NEW_NOT_FIGURES, encoding="utf-8")
    third = run_cli(**env)
    assert third.returncode == 0, third.stdout
    assert third.stdout.strip() == (
        "coverage: 9 quantities in 1 sources: 4 in figures, 0 in milestones, "
        "5 listed as not figures, 0 unaccounted; 0 problems"
    )

    # 4. The rows load, and the integrity tests' rules hold for them (excerpt verbatim, text inside).
    assert build_database(Settings(sqlite_path=tmp_path / "example.sqlite", seed_path=seed)) == 4
    for row in read_curated(seed.read_text(encoding="utf-8")).figures:
        assert squeeze(row.excerpt) in squeeze(NEW_REPORT) and squeeze(row.text) in squeeze(row.excerpt)


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        (
            "34681, 'people', 'exact'",
            "34691, 'people', 'exact'",
            "figure 31: value 34691 but its text 34681名 says 34681",
        ),
        (
            "34681, 'people', 'exact'",
            "34681, 'people', 'about'",
            "figure 31: qualifier about but its text 34681名 says exact",
        ),
    ],
)
def test_a_value_or_qualifier_changed_in_a_copy_of_the_seed_is_named(texts, tmp_path, old, new, says) -> None:
    """The text and the excerpt unchanged, only the value (or the qualifier) typed wrong."""
    seed = SETTINGS.seed_path.read_text(encoding="utf-8")
    assert seed.count(old) == 1
    copy = tmp_path / "seed.sql"
    copy.write_text(seed.replace(old, new), encoding="utf-8")
    result = run_cli(SEED_PATH=str(copy))
    assert result.returncode == 1 and says in result.stdout, result.stdout[-600:]


@pytest.mark.parametrize(
    ("sentence", "written"),
    [
        ("中国电信惠及二十万群众。", "二十万"),
        ("覆盖率达百分之九十五。", "百分之九十五"),
        ("三分之二的村实现脱贫。", "三分之二"),
        ("新增宽带用户五万。", "五万"),
        ("共计八千余。", "八千余"),
        ("受益群众达数万。", "数万"),
    ],
)
def test_an_invented_sentence_with_chinese_numerals_is_found(texts, sentence: str, written: str) -> None:
    """Quantities written in Chinese numerals with no measure word after them are quantities too."""
    name = "004_cd1afa15144c904d.txt"
    tampered = {**texts, name: texts[name] + "\n" + sentence + "\n"}
    report = check(tampered, CURATED, NOT_FIGURES)
    assert [f.written for f in report.unaccounted] == [written]
    assert not report.ok


def test_a_real_figure_moved_to_the_not_figures_list_as_page_furniture_is_a_problem(texts) -> None:
    """1.13亿元 (figure 26) listed as "page furniture": furniture stands outside the report's body."""
    moved = NotFigure("tong-xing-2020-poverty-alleviation", "全年让利通信费1.13亿元", "page furniture: an advert", 99)
    report = check(texts, CURATED.without_figure(26), [*NOT_FIGURES, moved])
    assert any("not-figures line 99: page furniture inside the report's body" in p for p in report.problems)


@pytest.mark.parametrize(
    ("passage", "reason", "says"),
    [
        ("全年让利通信费1.13亿元", "a decoration", "its reason must start with one of"),
        ("全年让利通信费1.13亿元", "the article 一: a fee", "the article 一 names a quantity that is not one"),
        ("全年让利通信费1.13亿元", "part of figure 999: a fee", "figure 999, which its reason names, does not exist"),
        ("全年让利通信费1.13亿元", "the period of figures 50 to 60: a fee", "figure 54, which its reason"),
    ],
)
def test_a_not_figures_reason_must_be_of_a_kind_and_hold(texts, passage: str, reason: str, says: str) -> None:
    entry = NotFigure("tong-xing-2020-poverty-alleviation", passage, reason, 99)
    report = check(texts, CURATED.without_figure(26), [*NOT_FIGURES, entry])
    assert any(p.startswith("not-figures line 99: ") and says in p for p in report.problems), report.problems
