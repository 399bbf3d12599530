"""Citations in the browser: the copy buttons work from the keyboard and say so to screen readers."""

from __future__ import annotations


def test_a_citation_is_copied_from_the_keyboard(context, live_server: str) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    page.goto(f"{live_server}/figures/9?lang=en")
    button = page.locator("button[data-copy=cite-bibtex]")
    assert button.is_visible()  # shown by app.js; hidden where no script runs
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.copied').textContent.length > 0")
    assert page.locator(".copied").text_content() == "Copied"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@misc{ct-rural-figure-9,")
    assert copied == page.locator("#cite-bibtex").text_content().strip()
