"""axe-core in the pages the browser tests visit: WCAG 2.2 AA, and not one violation.

axe-core 4.12 comes bundled with axe-playwright-python and is evaluated through the DevTools
protocol, so the site's Content Security Policy neither blocks it nor needs loosening for it.
Each check also makes sure the page reads at 320 CSS pixels without scrolling sideways (WCAG
1.4.10, which axe leaves out). The results are kept for the summary that `make test-browser`
prints and writes to bench/results/axe.json (ignored by git): per page, the violations and the
number of rules passed.
"""

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page

from tests.browser.guard import without_fragment

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
NARROWEST = 320  # CSS pixels: WCAG 1.4.10 Reflow, which axe does not check
RESULTS_FILE = Path(__file__).resolve().parents[2] / "bench" / "results" / "axe.json"
AUDITS: list["PageAudit"] = []  # every check in this session, for the summary
ENGINE: dict = {}  # axe-core's name and version, as it reports them


@dataclass
class PageAudit:
    test: str
    label: str
    path: str
    violations: list[dict]
    passes: int  # rules that applied to the page and passed
    incomplete: int  # rules axe could not decide ("needs review"); not failures
    reflows_at_320: bool  # no sideways scrolling at 320 CSS pixels
    excluded: list[str]  # parts of the page left out of the check: not ours (see the call)
    excluded_violations: list[dict]  # what axe finds in those parts, reported, not asserted


# Colours measured halfway through a fade (a message sliding in) mean nothing: let the
# animations and transitions that end within two seconds end first (the admin has slower ones
# that change no colour).
SETTLE = """() => Promise.all(document.getAnimations()
  .filter((animation) => {
    const timing = animation.effect.getComputedTiming();
    return timing.endTime - (timing.localTime || 0) <= 2000;
  })
  .map((animation) => animation.finished.catch(() => null)))"""


def run_axe(page: Page, context: dict | None = None) -> dict:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "([context, options]) => axe.run(context || document, options)", [context, OPTIONS]
    )
    ENGINE.update(results["testEngine"])
    return results


def violation_summary(violation: dict) -> dict:
    return {
        "id": violation["id"],
        "impact": violation["impact"],
        "help": violation["help"],
        "nodes": [
            {"target": node["target"], "summary": node.get("failureSummary", "")}
            for node in violation["nodes"]
        ],
    }


def fits_narrowest_screen(page: Page) -> bool:
    """Whether the page reads at 320 CSS pixels without scrolling sideways."""
    size = page.viewport_size
    page.set_viewport_size({"width": NARROWEST, "height": 720})
    try:
        return page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    finally:
        page.set_viewport_size(size)


class Auditor:
    """One test's checks; `checked` holds the addresses it audited, for the request guard."""

    def __init__(self, test: str) -> None:
        self.test = test
        self.checked: set[str] = set()

    def __call__(self, page: Page, label: str, exclude: tuple[str, ...] = ()) -> PageAudit:
        """Check the page as it is now; `exclude` leaves out CSS selectors (say why where)."""
        page.wait_for_load_state("load")
        page.evaluate(SETTLE)
        selectors = [[selector] for selector in exclude]
        results = run_axe(page, {"exclude": selectors} if exclude else None)
        outside = run_axe(page, {"include": selectors}) if exclude else {"violations": []}
        parts = urlsplit(page.url)
        audit = PageAudit(
            test=self.test,
            label=label,
            path=parts.path + (f"?{parts.query}" if parts.query else ""),
            violations=[violation_summary(v) for v in results["violations"]],
            passes=len(results["passes"]),
            incomplete=len(results["incomplete"]),
            reflows_at_320=fits_narrowest_screen(page),
            excluded=list(exclude),
            excluded_violations=[violation_summary(v) for v in outside["violations"]],
        )
        AUDITS.append(audit)
        self.checked.add(without_fragment(page.url))
        assert not audit.violations, f"axe: {label} ({audit.path})\n" + json.dumps(
            audit.violations, indent=2
        )
        assert audit.reflows_at_320, f"{label} ({audit.path}) scrolls sideways at 320px"
        return audit


def summary_lines() -> list[str]:
    width = max(len(audit.label) for audit in AUDITS)
    lines = [f"{'page':<{width}}  violations  passes  incomplete  320px  path"]
    for audit in AUDITS:
        reflow = "ok" if audit.reflows_at_320 else "FAIL"
        lines.append(
            f"{audit.label:<{width}}  {len(audit.violations):>10}  {audit.passes:>6}  "
            f"{audit.incomplete:>10}  {reflow:>5}  {audit.path}"
        )
        for violation in audit.excluded_violations:
            lines.append(
                f"{'':<{width}}  left out {', '.join(audit.excluded)} (not ours), where axe "
                f"finds: {violation['id']} ({violation['impact']}) x{len(violation['nodes'])}"
            )
    return lines


def write_results(tolerated_csp: list[str], network: list[str]) -> Path:
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "axe": ENGINE.get("version"),
        "tags": WCAG_22_AA,
        "pages": [asdict(audit) for audit in AUDITS],
        "csp_violations_tolerated": tolerated_csp,
        "requests_by_host": network,
    }
    RESULTS_FILE.write_text(json.dumps(payload, indent=2) + "\n")
    return RESULTS_FILE
