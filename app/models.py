"""The curated schema: every table the dashboard reads.

The schema comes from these models (``SQLModel.metadata.create_all``); ``data/seed.sql`` holds
only INSERT statements against it.  Entities use their URL ``slug`` as primary key so that the
seed file stays readable by hand (``'yanyuan'`` rather than ``17``) and links cannot silently
point at the wrong row.  Figures and milestones have explicit integer ids, stable across builds,
because citations and CSV exports refer to them.
"""

from __future__ import annotations

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

# Closed vocabularies, checked by the integrity tests and used by the filters.
QUALIFIERS = ("exact", "over", "about", "nearly")
# The years a figure may cover, and the year filter may ask for.
MIN_YEAR_COVERED, MAX_YEAR_COVERED = 2002, 2030
PROGRAMME_FACETS = ("strategy", "assignment", "theme")
ORGANISATION_KINDS = (
    "group",  # 中国电信集团有限公司 itself
    "group-body",  # leading groups, offices of the group
    "group-department",  # 集团网络发展部 …
    "provincial-company",
    "city-company",
    "partner",  # 华为, 中兴, 广东农垦集团 …
    "government",  # 中组部, 中央网信办, provincial governments
    "beneficiary",  # a school or body that received help
)
FIGURE_SCOPES = (
    "group",  # the whole China Telecom group
    "4+2-counties",  # the four designated and two paired counties together
    "designated-counties",  # the four designated counties together
    "three-regions-provinces",  # the provinces where the 三区三州 lie
    "province",
    "county",
    "village",
    "project",
    "organisation",
)
# What a figure measures, where it matters for grouping (charts, the overview).
MONEY_KINDS = (
    "donation",
    "network-construction",
    "industrial-investment",
    "free-aid",
    "charity-donations",
    "purchasing",
    "sales-help",
    "infrastructure-investment",
    "fee-discount",
    "procurement",
)
REACH_KINDS = ("assistance-task", "lifted-out-of-poverty", "network-coverage")
FIGURE_KINDS = MONEY_KINDS + REACH_KINDS
# How an organisation is tied to a county or a project (formatting.role_label names each).
ROLES = (
    "lead",
    "partner",
    "promoter",
    "beneficiary",
    "recogniser",
    "designated",
    "paired",
    "pairing",
    "recruitment",
    "village-assistance",
    "first-secretary",
    "acceptance-check",
    "mobilised",
)
PLACE_KINDS = ("county", "district", "banner", "autonomous-county")
PERSON_KINDS = (
    "china-telecom",  # works for the group or one of its companies (a chairman, a first secretary …)
    "village-official",  # a village's own Party secretary
    "journalist",  # wrote the report
)


class DatasetInfo(SQLModel, table=True):
    """Facts about the database itself: the curated seed sets ``version`` (the data's release,
    named in every citation); a synthetic benchmark database sets ``synthetic`` so that every page
    says so."""

    key: str = Field(primary_key=True)
    value: str


class DataChange(SQLModel, table=True):
    """A correction or addition to the data, in the changelog /about shows."""

    id: int = Field(primary_key=True)
    version: str  # the release it went into (DatasetInfo "version")
    summary_zh: str
    summary_en: str


class SourceText(SQLModel, table=True):
    """A report's full text as published, copied from SOURCES_DIR when the database is built (the
    source reader, /sources/{slug}/text); absent where the build had no copy of it."""

    source_slug: str = Field(foreign_key="source.slug", primary_key=True)
    text: str


class NotFigureEntry(SQLModel, table=True):
    """A quantity in a source that is not a figure, with the reason (data/not-figures.tsv, copied
    when the database is built): the source reader marks it so."""

    id: int = Field(primary_key=True)
    source_slug: str = Field(foreign_key="source.slug", index=True)
    passage: str
    reason: str


class Source(SQLModel, table=True):
    slug: str = Field(primary_key=True)
    title_zh: str
    title_en: str
    outlet_zh: str
    outlet_en: str
    author_zh: str | None = None
    author_en: str | None = None
    published: str  # ISO date, YYYY-MM-DD
    file: str  # file name under shared/seeds
    republished_by_zh: str | None = None
    republished_by_en: str | None = None
    summary_zh: str | None = None
    summary_en: str | None = None


class Province(SQLModel, table=True):
    slug: str = Field(primary_key=True)
    name_zh: str
    name_en: str
    lat: float | None = None
    lon: float | None = None
    coords_approximate: bool = True


class County(SQLModel, table=True):
    """A county-level unit: county, district (区), banner (旗) or autonomous county."""

    slug: str = Field(primary_key=True)
    name_zh: str
    name_en: str
    kind: str = "county"
    province_slug: str = Field(foreign_key="province.slug", index=True)
    prefecture_zh: str | None = None
    prefecture_en: str | None = None
    lat: float | None = None
    lon: float | None = None
    coords_approximate: bool = True
    summary_zh: str | None = None
    summary_en: str | None = None


class Village(SQLModel, table=True):
    slug: str = Field(primary_key=True)
    name_zh: str
    name_en: str
    province_slug: str = Field(foreign_key="province.slug", index=True)
    county_slug: str | None = Field(default=None, foreign_key="county.slug", index=True)
    prefecture_zh: str | None = None
    prefecture_en: str | None = None
    township_zh: str | None = None
    township_en: str | None = None
    lat: float | None = None
    lon: float | None = None
    coords_approximate: bool = True
    summary_zh: str | None = None
    summary_en: str | None = None


class Organisation(SQLModel, table=True):
    slug: str = Field(primary_key=True)
    name_zh: str
    name_en: str
    kind: str
    province_slug: str | None = Field(default=None, foreign_key="province.slug")
    parent_slug: str | None = Field(default=None, foreign_key="organisation.slug")
    summary_zh: str | None = None
    summary_en: str | None = None


class Person(SQLModel, table=True):
    """Someone a report names or quotes, with the role it gives them.

    ``role_zh`` is the role exactly as the text writes it; ``role_en`` and ``name_en`` (pinyin) are
    ours, not the source's."""

    slug: str = Field(primary_key=True)
    name_zh: str
    name_en: str
    kind: str
    role_zh: str
    role_en: str
    organisation_slug: str | None = Field(default=None, foreign_key="organisation.slug", index=True)
    summary_zh: str | None = None
    summary_en: str | None = None


class Quote(SQLModel, table=True):
    """Words a report gives to a person: verbatim in ``text_zh`` (without the quotation marks), and
    our English translation in ``text_en``.  ``reported`` marks reported speech (…说, 村里…): the
    report's rendering of what the person said, not their exact words."""

    id: int = Field(primary_key=True)
    person_slug: str = Field(foreign_key="person.slug", index=True)
    source_slug: str = Field(foreign_key="source.slug")
    text_zh: str
    text_en: str
    reported: bool = False


class Programme(SQLModel, table=True):
    slug: str = Field(primary_key=True)
    name_zh: str
    name_en: str
    facet: str  # strategy | assignment | theme
    summary_zh: str | None = None
    summary_en: str | None = None


class Project(SQLModel, table=True):
    slug: str = Field(primary_key=True)
    name_zh: str
    name_en: str
    year_start: int | None = None
    summary_zh: str | None = None
    summary_en: str | None = None


class Figure(SQLModel, table=True):
    """One number the sources state, kept exactly as written.

    ``value`` is normalised to the base unit (元, people, km …); ``text`` is the figure as written
    ("超5亿元"); ``qualifier`` comes from the words around the number (超 → over, 近 → nearly …).
    ``qualifier_text`` holds a qualifier written apart from the number that still governs it
    (the 约 of "约350户800人" governs 800人 too), so that no qualifier is ever dropped.
    """

    # The overview asks for group-wide money: scope and kind together.
    # Charts ask for the largest money figures: unit and value together.
    # The explorer sorts by value within each unit, of one source, scope or qualifier too: an
    # index in that order lets a filtered, sorted page stop after its rows, read either way.
    # (Names sort by the indexes of derived.py.)
    __table_args__ = (
        Index("ix_figure_scope_kind", "scope", "kind"),
        Index("ix_figure_unit_value", "unit", "value"),
        Index("ix_figure_value", "value"),
        Index("ix_figure_source_value", "source_slug", "unit", "value"),
        Index("ix_figure_scope_value", "scope", "unit", "value"),
        Index("ix_figure_qualifier_value", "qualifier", "unit", "value"),
        Index("ix_figure_scope_qualifier", "scope", "qualifier"),
    )

    id: int = Field(primary_key=True)
    label_zh: str
    label_en: str
    value: float
    unit: str = Field(index=True)
    qualifier: str = Field(default="exact", index=True)
    qualifier_text: str | None = None
    text: str
    period: str | None = None  # ISO-8601-like: "2019", "2018/2020-02", "P9M"
    year_from: int | None = Field(default=None, index=True)
    year_to: int | None = None
    scope: str
    kind: str | None = None  # for money: donation, network, industry-investment …
    source_slug: str = Field(foreign_key="source.slug", index=True)
    excerpt: str
    note_zh: str | None = None
    note_en: str | None = None


class Milestone(SQLModel, table=True):
    id: int = Field(primary_key=True)
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source
    year: int = Field(index=True)
    title_zh: str
    title_en: str
    source_slug: str = Field(foreign_key="source.slug")
    excerpt: str


class Mention(SQLModel, table=True):
    """Where a source names an entity: the provenance of every place, body and project."""

    id: int = Field(primary_key=True)
    entity: str  # province | county | village | organisation | project | programme | person
    slug: str = Field(index=True)
    source_slug: str = Field(foreign_key="source.slug")
    excerpt: str


# --- links (many-to-many, only where the text says so) -------------------------------------


class CountyProgramme(SQLModel, table=True):
    county_slug: str = Field(foreign_key="county.slug", primary_key=True)
    programme_slug: str = Field(foreign_key="programme.slug", primary_key=True, index=True)


class VillageProgramme(SQLModel, table=True):
    village_slug: str = Field(foreign_key="village.slug", primary_key=True)
    programme_slug: str = Field(foreign_key="programme.slug", primary_key=True, index=True)


class ProjectProgramme(SQLModel, table=True):
    project_slug: str = Field(foreign_key="project.slug", primary_key=True)
    programme_slug: str = Field(foreign_key="programme.slug", primary_key=True, index=True)


class ProjectProvince(SQLModel, table=True):
    project_slug: str = Field(foreign_key="project.slug", primary_key=True)
    province_slug: str = Field(foreign_key="province.slug", primary_key=True, index=True)


class ProjectCounty(SQLModel, table=True):
    project_slug: str = Field(foreign_key="project.slug", primary_key=True)
    county_slug: str = Field(foreign_key="county.slug", primary_key=True, index=True)


class ProjectVillage(SQLModel, table=True):
    project_slug: str = Field(foreign_key="project.slug", primary_key=True)
    village_slug: str = Field(foreign_key="village.slug", primary_key=True, index=True)


class ProjectOrganisation(SQLModel, table=True):
    project_slug: str = Field(foreign_key="project.slug", primary_key=True)
    organisation_slug: str = Field(foreign_key="organisation.slug", primary_key=True, index=True)
    role: str = "lead"  # lead | partner | promoter | beneficiary | recogniser


class OrganisationCounty(SQLModel, table=True):
    """An organisation's stated tie to a county, e.g. the "1+3" pairing of 田林县."""

    organisation_slug: str = Field(foreign_key="organisation.slug", primary_key=True)
    county_slug: str = Field(foreign_key="county.slug", primary_key=True, index=True)
    role: str = "pairing"  # pairing | visit | recruitment …


class PersonCounty(SQLModel, table=True):
    """A person's tie to a county the text names with them (柯瑞文 visited 久治县)."""

    person_slug: str = Field(foreign_key="person.slug", primary_key=True)
    county_slug: str = Field(foreign_key="county.slug", primary_key=True, index=True)


class PersonVillage(SQLModel, table=True):
    """A person's tie to a village the text names with them (王松 is 羊河村's first secretary)."""

    person_slug: str = Field(foreign_key="person.slug", primary_key=True)
    village_slug: str = Field(foreign_key="village.slug", primary_key=True, index=True)


class FigureProvince(SQLModel, table=True):
    figure_id: int = Field(foreign_key="figure.id", primary_key=True)
    province_slug: str = Field(foreign_key="province.slug", primary_key=True, index=True)


class FigureCounty(SQLModel, table=True):
    figure_id: int = Field(foreign_key="figure.id", primary_key=True)
    county_slug: str = Field(foreign_key="county.slug", primary_key=True, index=True)


class FigureVillage(SQLModel, table=True):
    figure_id: int = Field(foreign_key="figure.id", primary_key=True)
    village_slug: str = Field(foreign_key="village.slug", primary_key=True, index=True)


class FigureProject(SQLModel, table=True):
    figure_id: int = Field(foreign_key="figure.id", primary_key=True)
    project_slug: str = Field(foreign_key="project.slug", primary_key=True, index=True)


class FigureOrganisation(SQLModel, table=True):
    figure_id: int = Field(foreign_key="figure.id", primary_key=True)
    organisation_slug: str = Field(foreign_key="organisation.slug", primary_key=True, index=True)


class FigureProgramme(SQLModel, table=True):
    # (programme, figure): a programme's figures in id order, so that a list sorted by id reads
    # them from this index and stops at its page (queries/figures.py, Lead.key).
    __table_args__ = (Index("ix_figureprogramme_programme", "programme_slug", "figure_id"),)

    figure_id: int = Field(foreign_key="figure.id", primary_key=True)
    programme_slug: str = Field(foreign_key="programme.slug", primary_key=True)


class FigurePart(SQLModel, table=True):
    """One figure counts a part of another's total, where the text says so: "在对口帮扶…175个村
    (其中贫困村119个)34681名贫困人口扶贫任务中,目前已有94个贫困村…28247名贫困人口顺利脱贫" makes
    the 94 villages a part of the 119 and the 28,247 people a part of the 34,681.  Charts may then
    show the part's share of the whole, marked as computed by us."""

    part_id: int = Field(foreign_key="figure.id", primary_key=True)
    whole_id: int = Field(foreign_key="figure.id", primary_key=True, index=True)


class FigureRegion(SQLModel, table=True):
    """Every province a figure concerns: tied directly, or through one of its counties or villages.

    Derived when the database is built (app/derived.py), never written by hand: it turns the
    province filter into one index lookup instead of three joins over every figure.
    """

    # A figure's provinces in order from the index alone (a figure's export row lists them).
    __table_args__ = (Index("ix_figureregion_figure", "figure_id", "province_slug"),)

    province_slug: str = Field(foreign_key="province.slug", primary_key=True)
    figure_id: int = Field(foreign_key="figure.id", primary_key=True)


class FigureArea(SQLModel, table=True):
    """Every county a figure concerns: tied to it directly, or through one of its villages.
    Derived when the database is built (app/derived.py), as FigureRegion is for provinces."""

    county_slug: str = Field(foreign_key="county.slug", primary_key=True)
    figure_id: int = Field(foreign_key="figure.id", primary_key=True, index=True)


class FigureYear(SQLModel, table=True):
    """Every year a figure covers (2018/2020 → 2018, 2019, 2020), derived at build time
    (app/derived.py): the year filter becomes an index lookup rather than a range test on every
    figure."""

    year: int = Field(primary_key=True)
    figure_id: int = Field(foreign_key="figure.id", primary_key=True, index=True)


class FigureFacet(SQLModel, table=True):
    """How many figures each value of a filter holds, counted at build time (app/derived.py):
    a list filtered by one value alone knows its total without counting."""

    facet: str = Field(primary_key=True)  # "all", "province", "programme", "year", "scope", …
    value: str = Field(primary_key=True)
    figures: int


class MilestoneCounty(SQLModel, table=True):
    milestone_id: int = Field(foreign_key="milestone.id", primary_key=True)
    county_slug: str = Field(foreign_key="county.slug", primary_key=True, index=True)


class MilestoneVillage(SQLModel, table=True):
    milestone_id: int = Field(foreign_key="milestone.id", primary_key=True)
    village_slug: str = Field(foreign_key="village.slug", primary_key=True, index=True)


class MilestoneProject(SQLModel, table=True):
    milestone_id: int = Field(foreign_key="milestone.id", primary_key=True)
    project_slug: str = Field(foreign_key="project.slug", primary_key=True, index=True)


class MilestoneOrganisation(SQLModel, table=True):
    milestone_id: int = Field(foreign_key="milestone.id", primary_key=True)
    organisation_slug: str = Field(foreign_key="organisation.slug", primary_key=True, index=True)


class MilestoneProgramme(SQLModel, table=True):
    milestone_id: int = Field(foreign_key="milestone.id", primary_key=True)
    programme_slug: str = Field(foreign_key="programme.slug", primary_key=True, index=True)


# --- one ordering of text on every database ------------------------------------------------------
# SQLite compares text by its UTF-8 bytes; PostgreSQL by the database's collation, which differs
# between machines and orders Chinese (and punctuation) differently.  Every text column gets the
# "C" collation on PostgreSQL, which is byte order too, so lists sort identically on both.
from sqlalchemy.ext.compiler import compiles  # noqa: E402
from sqlmodel.sql.sqltypes import AutoString  # noqa: E402


@compiles(AutoString, "postgresql")
def _text_in_byte_order(type_, compiler, **kw) -> str:
    return f'{compiler.visit_VARCHAR(type_, **kw)} COLLATE "C"'
