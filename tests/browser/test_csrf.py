"""A POST without the visitor's CSRF token (or from another site) is refused."""

from conftest import check_a11y, signed_in_as
from playwright.sync_api import Page, expect

REFUSED = "Formularen kunne ikke sendes"


def csrf_cookie(page: Page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "mb_csrf")


def test_post_without_the_token_is_refused(page: Page):
    page.goto("/log-ind")
    token = csrf_cookie(page)
    for form in ({"role": "hb"}, {"role": "hb", "csrf": "0" * 48}, {"role": "hb", "csrf": ""}):
        response = page.request.post("/log-ind/demo", form=form, max_redirects=0)
        assert response.status == 403, (form, response.status)
        assert REFUSED in response.text()

    # Marked as sent from another site, the right token does not help.
    response = page.request.post("/log-ind/demo", form={"role": "hb", "csrf": token},
                                 headers={"Sec-Fetch-Site": "cross-site"}, max_redirects=0)
    assert response.status == 403

    # Nobody was signed in by any of them; with the token the same POST works.
    page.goto("/")
    expect(signed_in_as(page)).to_have_count(0)
    response = page.request.post("/log-ind/demo", form={"role": "hb", "csrf": token}, max_redirects=0)
    assert response.status == 303, response.status
    page.goto("/")
    expect(signed_in_as(page)).to_have_text("Logget ind som hovedbestyrelsen (HB)")


def test_form_with_its_hidden_token_removed_is_refused(page: Page, watch):
    watch.allow_console("status of 403")
    page.goto("/log-ind")
    form = page.locator("form[action='/log-ind/demo']").filter(has=page.locator("input[name='role'][value='hb']"))
    form.locator("input[name='csrf']").evaluate("input => input.remove()")
    with page.expect_navigation() as navigation:
        form.get_by_role("button").click()
    assert navigation.value is not None and navigation.value.status == 403
    expect(page.locator("body")).to_contain_text(REFUSED)
    check_a11y(page, "csrf-refused")

    page.goto("/")
    expect(signed_in_as(page)).to_have_count(0)
