"""Fuzzing in the suite, bounded: schemathesis over /openapi.json, and hypothesis throwing random
query strings at every HTML page. Neither may find a 5xx, nor a response outside its schema."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
import schemathesis
import schemathesis.specs.openapi.checks
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import CHECKS
from schemathesis.generation import GenerationMode

from app.build import build_database
from app.config import Settings
from app.main import create_app
from tests.pages import LIST_PAGES, PARAMETERS

# Generated inputs by the thousand: the whole suite runs them, the quick loop does not.
pytestmark = pytest.mark.fuzz

HTML_PAGES = [
    *LIST_PAGES,
    "/charts/investment-by-place",
    "/charts/places-map",
    "/embed/timeline",
    "/counties/yanyuan",
    "/figures.csv",
    "/counties.json",
]


def _fuzz_app(tmp_dir) -> object:
    settings_ = Settings(sqlite_path=tmp_dir / "fuzz.sqlite")
    build_database(settings_)
    return create_app(settings_)


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory):
    app = _fuzz_app(tmp_path_factory.mktemp("fuzz"))
    yield app
    app.state.engine.dispose()


@pytest.mark.parametrize("mode", list(GenerationMode))
def test_the_api_keeps_to_its_schema_under_every_check(fuzz_app, mode: GenerationMode) -> None:
    """Every operation, 25 generated requests each in each mode, with all of schemathesis's checks
    (the CLI's ``--checks all``): no 5xx; statuses, headers and bodies as documented; every request
    the schema allows is accepted (slugs and sorts are enums built from the data), and every
    request it forbids is refused."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    # A request the schema forbids may also be refused for its length: 414 past MAX_QUERY_BYTES.
    rejection = schema.config.checks.negative_data_rejection
    schema.config.checks.negative_data_rejection = type(rejection)(
        expected_statuses=[*rejection.expected_statuses, "414"]
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18
    every_check = CHECKS.get_all()
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            case.call_and_validate(checks=every_check)

        check()


query_values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["sichuan", "designated", "4plus2", "2019", "-1", "0", "9999999999", "%", "'", "zh", "en", "desc"]),
)
query_strings = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=10)), query_values), max_size=6
)


@pytest.fixture(scope="module")
def fuzz_client(fuzz_app):
    from fastapi.testclient import TestClient

    with TestClient(fuzz_app) as client:
        yield client


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(path=st.sampled_from(HTML_PAGES), pairs=query_strings)
def test_random_query_strings_never_get_a_5xx(fuzz_client, path: str, pairs: list[tuple[str, str]]) -> None:
    response = fuzz_client.get(f"{path}?{urlencode(pairs)}")
    assert response.status_code < 500, (path, pairs, response.status_code)
