"""Filtering by clicking: results and URL change together; back and forward restore both; a
copied URL opens the same state; without JavaScript the same form still works."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import httpx
import openpyxl
import pytest

from app import spreadsheet

RESULT_COUNT = re.compile(r"(\d+)")


def result_total(page) -> int:
    text = page.locator("#results [data-announce]").inner_text()
    return int(RESULT_COUNT.search(text.replace(",", "")).group(1))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_filter_click_back_forward_and_copied_url(page, live_server: str, lang: str) -> None:
    everything = httpx.get(f"{live_server}/figures.json").json()["total"]
    sichuan = httpx.get(f"{live_server}/figures.json?province=sichuan").json()["total"]
    assert 0 < sichuan < everything

    page.goto(f"{live_server}/figures?lang={lang}")
    assert result_total(page) == everything
    page.select_option("#f-province", "sichuan")
    page.wait_for_url(re.compile(r"province=sichuan"))
    assert not re.search(r"[?&](q|year|programme|source)=(&|$)", page.url), page.url  # no empty filters
    page.wait_for_function(f"document.querySelector('#results [data-announce]').textContent.includes('{sichuan}')")
    assert result_total(page) == sichuan
    assert page.locator("html").get_attribute("lang") == ("zh-CN" if lang == "zh" else "en")
    # Only the count is read out to screen readers, from a live region outside the swapped results.
    page.wait_for_function(f"document.getElementById('results-status').textContent.includes('{sichuan}')")
    assert page.locator("#results[aria-live], #results [aria-live]").count() == 0

    page.go_back()
    page.wait_for_url(lambda url: "province=sichuan" not in url)
    page.wait_for_function(f"document.querySelector('#results [data-announce]').textContent.includes('{everything}')")
    assert result_total(page) == everything
    assert page.locator("#f-province").input_value() == ""

    page.go_forward()
    page.wait_for_url(re.compile(r"province=sichuan"))
    page.wait_for_function(f"document.querySelector('#results [data-announce]').textContent.includes('{sichuan}')")
    assert page.locator("#f-province").input_value() == "sichuan"

    copied = page.url
    fresh = page.context.new_page()
    fresh.goto(copied)
    assert result_total(fresh) == sichuan
    assert fresh.locator("#f-province").input_value() == "sichuan"
    fresh.close()


def test_filters_combine_and_chips_remove_one_at_a_time(page, live_server: str) -> None:
    page.goto(f"{live_server}/counties?lang=en")
    page.check("input[name=group]")
    page.wait_for_url(re.compile(r"group=4plus2"))
    page.select_option("#f-province", "sichuan")
    page.wait_for_url(re.compile(r"province=sichuan"))
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 2")
    page.locator("a.chip", has_text="4+2").click()
    page.wait_for_url(lambda url: "group=" not in url and "province=sichuan" in url)
    rows = page.locator("#results tbody tr").count()
    expected = len(httpx.get(f"{page.url.split('/counties')[0]}/counties.json?province=sichuan").json()["items"])
    assert rows == expected > 2


def test_the_search_box_filters_as_you_type(page, live_server: str) -> None:
    page.goto(f"{live_server}/villages?lang=en")
    page.fill("#f-q", "yanghe")
    page.wait_for_url(re.compile(r"q=yanghe"))
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 1")
    assert "Yanghe" in page.locator("#results tbody").inner_text()


def test_the_form_works_without_javascript(browser, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/figures?lang=en")
    page.select_option("#f-province", "sichuan")
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"province=sichuan"))
    assert "q=" not in page.url and "year=" not in page.url  # the server dropped the empty fields
    sichuan = httpx.get(f"{live_server}/figures.json?province=sichuan").json()["total"]
    assert result_total(page) == sichuan
    context.close()


def test_the_language_switch_keeps_the_filters(page, live_server: str) -> None:
    page.goto(f"{live_server}/counties?province=sichuan&lang=zh")
    assert page.locator("h1").inner_text() == "县"
    page.click(".lang-switch a[hreflang=en]")
    page.wait_for_url(re.compile(r"lang=en"))
    assert "province=sichuan" in page.url
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Counties"
    page.goto(f"{live_server}/counties")  # the cookie remembers the choice
    assert page.locator("html").get_attribute("lang") == "en"


LISTS = (
    "figures",
    "counties",
    "villages",
    "projects",
    "organisations",
    "people",
    "programmes",
    "provinces",
    "sources",
    "timeline",
)


@pytest.mark.parametrize("name", LISTS)
def test_every_list_downloads_csv_excel_and_json_as_files_a_spreadsheet_reads(
    page, live_server: str, name: str
) -> None:
    """Each download link saves a file (a download event), and each file reads back with a real
    reader: the CSV with csv, the workbook with openpyxl, whose cells keep their types."""
    page.goto(f"{live_server}/{name}?lang=en")
    files = {}
    for label in ("CSV", "Excel", "JSON"):
        with page.expect_download() as download:
            page.click(f"p.downloads >> text={label}")
        files[label] = Path(download.value.path()).read_bytes()
    rows = list(csv.reader(io.StringIO(files["CSV"].decode("utf-8-sig"))))
    items = json.loads(files["JSON"])["items"]
    book = openpyxl.load_workbook(io.BytesIO(files["Excel"]))
    sheet = list(book["data"].iter_rows(values_only=True))
    assert len(rows) - 1 == len(items) == len(sheet) - 1 > 0
    assert tuple(rows[0]) == sheet[0]
    for cells, typed in zip(rows[1:], sheet[1:], strict=True):
        for header, text, value in zip(rows[0], cells, typed, strict=True):
            if header in spreadsheet.NUMBER_COLUMNS and text:
                assert isinstance(value, int | float) and float(text) == value
            else:  # text stays the text: no period turned into a date, no code into a number
                assert value == (text or None), (header, text, value)
    assert "CC BY 4.0" in str(list(book["about"].iter_rows(values_only=True)))
    assert page.locator("#results").count() == 1  # the results are still there


def test_a_list_s_download_links_download_rather_than_replace_the_results(page, live_server: str) -> None:
    """The list's results are boosted by htmx; its CSV link must still be a plain download."""
    page.goto(f"{live_server}/figures?province=sichuan&lang=en")
    with page.expect_download() as download:
        page.click("p.downloads >> text=CSV")
    assert download.value.suggested_filename == "ct-rural-figures.csv"
    assert "/figures.csv?province=sichuan" in download.value.url
    assert page.locator("#results table").count() == 1  # the results are still there


def test_on_a_phone_the_filters_start_folded_and_open_with_a_tap(page, live_server: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/figures?lang=en")
    assert not page.locator("#f-province").is_visible()
    results_top = page.locator("#results").bounding_box()["y"]
    assert results_top < 650  # the results, not the controls, fill the first screen
    page.click("details.filter-fold > summary")
    assert page.locator("#f-province").is_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server}/figures?lang=en")
    assert page.locator("#f-province").is_visible() and not page.locator("details.filter-fold > summary").is_visible()
