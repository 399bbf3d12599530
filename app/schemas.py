"""Response models of the JSON API and the .json exports (documented at /docs)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.dictionary import DESCRIPTIONS


class ErrorDetail(BaseModel):
    status: int
    message: str = Field(description="what was wrong, in words a person can act on")


class ErrorOut(BaseModel):
    """Every error under /api: a 4xx with a message, or a 503 when the data is briefly unavailable."""

    error: ErrorDetail


class MentionOut(BaseModel):
    source: str = Field(description="slug of the source")
    excerpt: str = Field(description="verbatim passage of the source that names the entity")


class FigureOut(BaseModel):
    id: int
    label_zh: str
    label_en: str
    value: float
    value_min: float | None = None
    value_max: float | None = None
    unit: str
    qualifier: str
    qualifier_text: str | None = None
    text: str
    period: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    scope: str
    kind: str | None = None
    provinces: list[str]
    counties: list[str]
    villages: list[str]
    projects: list[str]
    organisations: list[str]
    programmes: list[str]
    source: str
    excerpt: str
    note_zh: str | None = None
    note_en: str | None = None
    url: str


class PlaceOut(BaseModel):
    slug: str
    name_zh: str
    name_en: str
    lat: float | None = None
    lon: float | None = None
    coords_approximate: bool = True
    url: str


class ProvinceOut(PlaceOut):
    pass


class CountyOut(PlaceOut):
    kind: str
    province: str
    prefecture_zh: str | None = None
    prefecture_en: str | None = None
    programmes: list[str]


class VillageOut(PlaceOut):
    province: str
    county: str | None = None
    prefecture_zh: str | None = None
    prefecture_en: str | None = None
    township_zh: str | None = None
    township_en: str | None = None
    programmes: list[str]


class OrganisationOut(BaseModel):
    slug: str
    name_zh: str
    name_en: str
    kind: str
    province: str | None = None
    parent: str | None = None
    url: str


class QuoteOut(BaseModel):
    source: str = Field(description="slug of the source")
    text_zh: str = Field(description="the words exactly as the source gives them, without the quotation marks")
    text_en: str = Field(description="our English translation, not the source's")
    reported: bool = Field(description="reported speech: the report's rendering, not the person's exact words")


class PersonOut(BaseModel):
    slug: str
    name_zh: str
    name_en: str = Field(description="the name in pinyin (ours)")
    kind: str
    role_zh: str
    role_en: str
    organisation: str | None = None
    villages: list[str]
    counties: list[str]
    quotes: list[QuoteOut]
    url: str


class ProgrammeOut(BaseModel):
    slug: str
    name_zh: str
    name_en: str
    facet: str
    url: str


class ProjectOut(BaseModel):
    slug: str
    name_zh: str
    name_en: str
    year_start: int | None = None
    summary_zh: str | None = None
    summary_en: str | None = None
    url: str


class SourceOut(BaseModel):
    slug: str
    title_zh: str
    title_en: str
    outlet_zh: str
    outlet_en: str
    author_zh: str | None = None
    author_en: str | None = None
    published: str
    url: str


class MilestoneOut(BaseModel):
    id: int
    date: str
    year: int
    title_zh: str
    title_en: str
    source: str
    excerpt: str
    counties: list[str]
    villages: list[str]
    projects: list[str]
    organisations: list[str]
    programmes: list[str]


class ListOut(BaseModel):
    total: int = Field(description="rows matching the filters, counted up to 10,000 (see total_exact)")
    total_exact: bool = Field(True, description="false when more rows match than were counted")
    page: int
    size: int
    next: str | None = Field(None, description="the next page's address, or null on the last page")
    items: list


def list_model(item: type[BaseModel]) -> type[BaseModel]:
    """A typed list envelope, e.g. ``FigureList`` with ``items: list[FigureOut]``."""
    items = list[item]  # type: ignore[valid-type]  # chosen at run time
    return type(f"{item.__name__.removesuffix('Out')}List", (ListOut,), {"__annotations__": {"items": items}})


class DetailOut(BaseModel):
    mentions: list[MentionOut] = []
    figures: list[FigureOut] = Field([], description="the first 200 figures")
    figures_more: str | None = Field(None, description="the filtered list that holds every figure, when there are more")


def _describe(models: tuple[type[BaseModel], ...]) -> None:
    """Every field without a description of its own takes the data dictionary's (app/dictionary.py):
    the OpenAPI schema and /data/dictionary say the same."""
    for model in models:
        for field_name, info in model.model_fields.items():
            if info.description is None and field_name in DESCRIPTIONS:
                info.description = DESCRIPTIONS[field_name]
        model.model_rebuild(force=True)


_describe(
    tuple(
        v for v in tuple(globals().values()) if isinstance(v, type) and issubclass(v, BaseModel) and v is not BaseModel
    )
)
