"""The harness itself: what the `page` fixture and check_a11y fail a test
for is noticed. These tests use `context` rather than `page`, as they make
the very problems `page` would fail them for."""

import pytest
from conftest import SCREENSHOTS, Watch, check_a11y
from playwright.sync_api import BrowserContext, Error


def test_origin_check():
    watch = Watch(origin=("http", "127.0.0.1", 8080))
    assert watch.is_same_origin("http://127.0.0.1:8080/runder/1?x=1#bids")
    assert watch.is_same_origin("ws://127.0.0.1:8080/live")
    assert watch.is_same_origin("data:image/png;base64,AAAA")
    assert not watch.is_same_origin("http://127.0.0.1:8081/")
    assert not watch.is_same_origin("http://localhost:8080/")
    assert not watch.is_same_origin("https://127.0.0.1:8080/")
    assert not watch.is_same_origin("https://cdn.example.org/axe.js")


def test_request_to_another_origin_is_caught_and_aborted(context: BrowserContext, watch: Watch, server):
    page = context.new_page()
    page.goto("/")
    with pytest.raises(Error):
        page.goto("http://127.0.0.1:9/elsewhere")
    assert watch.off_origin and "127.0.0.1:9/elsewhere" in watch.off_origin[0]
    assert watch.problems()


@pytest.mark.parametrize(("script", "kind", "expected"), [
    pytest.param("document.body.insertAdjacentHTML('beforeend', '<img src=\"http://127.0.0.1:9/x.png\">')",
                 "console_errors", "Content Security Policy", id="csp-violation"),
    pytest.param("setTimeout(() => { throw new Error('boom'); })", "page_errors", "boom", id="script-error"),
])
def test_page_problems_are_caught(context: BrowserContext, watch: Watch, script: str, kind: str, expected: str):
    page = context.new_page()
    page.goto("/")
    page.evaluate(script)
    page.wait_for_timeout(200)
    caught = getattr(watch, kind)
    assert any(expected in e for e in caught), caught
    assert watch.problems()


def test_check_a11y_fails_on_a_violation_and_on_sideways_scrolling(context: BrowserContext):
    page = context.new_page()
    page.goto("/")
    page.evaluate("""() => {
        document.documentElement.removeAttribute('lang');
        const wide = document.createElement('div');
        wide.style.width = '2000px';
        wide.textContent = 'wide';
        document.querySelector('main').append(wide);
    }""")
    with pytest.raises(pytest.fail.Exception) as failure:
        check_a11y(page, "harness-broken")
    assert "html-has-lang" in str(failure.value)
    assert "reflow (WCAG 1.4.10)" in str(failure.value) and "wide</div>" in str(failure.value)
    # The screenshots folder keeps pictures of the pages as they are, not this one.
    for picture in SCREENSHOTS.glob("harness-broken-*.png"):
        picture.unlink()


@pytest.mark.own_server
def test_own_server_is_a_fresh_one(server, shared_server):
    assert server.port != shared_server.port
    assert server.token("HB")
