"""The whole voting path with the keyboard alone (Tab, Space, Enter and
typing): sign in as a member, open the ballot from the rounds page, tick two
proposals, review, cast, and copy the receipt code. Every control the focus
lands on shows its focus and is not hidden behind the sticky counter."""

import re

from conftest import DEMO_ROUND_ID, check_a11y, focused, has_visible_focus, signed_in_as
from playwright.sync_api import Locator, Page, expect

# The most Tab presses from one control to the next one wanted.
MAX_TABS = 25

# Whether the focused element can be seen: the point at its middle is the
# element itself (or inside it), not something on top of it such as the
# ballot's sticky counter (WCAG 2.4.11, focus not obscured).
_FOCUS_SEEN = """() => {
  const e = document.activeElement;
  const mine = hit => hit && (hit === e || e.contains(hit) || (e.labels && [...e.labels].some(l => l.contains(hit))));
  // A link may wrap over two lines: each line box is tried.
  let other = null;
  for (const r of e.getClientRects()) {
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (y < 0 || y > window.innerHeight || x < 0 || x > window.innerWidth) { continue; }
    const hit = document.elementFromPoint(x, y);
    if (mine(hit)) { return ''; }
    other = hit;
  }
  return other ? 'covered by ' + other.outerHTML.slice(0, 80) : 'off screen';
}"""


def tab_to_element(page: Page, target: Locator) -> list[str]:
    """Presses Tab until `target` has focus, checking that each control on
    the way shows its focus and is not covered; returns the path."""
    path = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        path.append(focused(page))
        assert has_visible_focus(page), f"no visible focus on {path[-1]!r}"
        covered = page.evaluate(_FOCUS_SEEN)
        assert not covered, f"the focused {path[-1]!r} cannot be seen: {covered}"
        if target.evaluate("e => e === document.activeElement"):
            return path
    raise AssertionError(f"{target} not reached in {MAX_TABS} Tabs; focus went {path}")


def test_the_whole_voting_path_by_keyboard(page: Page, width: int):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    member = f"keyboard-vote-{width}"

    # Sign in: type the member number, choose the storkreds by typing its name.
    page.goto("/log-ind")
    member_id = page.get_by_label("Medlemsnummer")
    tab_to_element(page, member_id)
    page.keyboard.press("Control+a")
    page.keyboard.type(member)
    storkreds = page.locator("#member-storkreds")
    tab_to_element(page, storkreds)
    page.keyboard.type("Fyn")
    expect(storkreds).to_have_value("fyn")
    tab_to_element(page, page.get_by_role("button", name="Log ind som medlem"))
    page.keyboard.press("Enter")
    expect(signed_in_as(page)).to_have_text(f"Logget ind som medlem {member} (Fyn)")

    # From the rounds page to the ballot.
    vote = page.locator(f"a[href='/runder/{DEMO_ROUND_ID}/stemme']")
    expect(vote).to_have_text("Afgiv din stemme")
    tab_to_element(page, vote)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Din stemmeseddel")

    # Tick two proposals with Space; the counter follows.
    for title in ("Valgkampsbus til Fyn", "Folkemødet"):
        box = page.get_by_role("checkbox", name=re.compile(f"^{title}"))
        tab_to_element(page, box)
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    expect(page.locator("#ballot-live")).to_have_text("Valgt: 2 af højst 3.")
    # Space again takes a tick away, and once more puts it back.
    page.keyboard.press("Space")
    expect(page.locator("#ballot-live")).to_have_text("Valgt: 1 af højst 3.")
    page.keyboard.press("Space")
    check_a11y(page, "keyboard-ballot-ticked")

    tab_to_element(page, page.get_by_role("button", name="Gennemse din stemme"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gennemse din stemme")
    expect(page.locator("main .cards li")).to_have_count(2)

    tab_to_element(page, page.get_by_role("button", name="Afgiv stemme"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tak, din stemme er afgivet")
    receipt = page.locator("#receipt")
    expect(receipt).to_have_text(re.compile(r"^\s*[0-9a-f]{4}(-[0-9a-f]{4}){7}\s*$"))
    expect(receipt).to_be_in_viewport()

    # The copy button works from the keyboard and says so.
    tab_to_element(page, page.get_by_role("button", name="Kopiér koden"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Koden er kopieret.")
    assert page.evaluate("navigator.clipboard.readText()") == receipt.inner_text().strip()
    check_a11y(page, "keyboard-receipt")
