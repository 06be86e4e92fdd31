"""What a page in a browser test may not do: reach past the live server, or break the CSP.

Every request of a test's browser context passes through `SiteGuard.route`: the live server's
own requests go ahead; a request to another site is answered here when the test stubbed that
address (the "Exit this page" destination), and is otherwise blocked and reported. Nothing
reaches the network beyond 127.0.0.1 either way. A listener injected before any page script
reports each `securitypolicyviolation` event, and Chromium's own console report of a refused
resource is kept as well, so a violation is seen even if the event never fires.
"""

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Frame, Page, Request, Route

CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation({
    page: document.location.href,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    column: event.columnNumber,
  });
}, true);
"""


def without_fragment(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(fragment=""))


@dataclass(frozen=True)
class KnownViolation:
    """A violation the site cannot fix, caused by a script not ours (named by its path)."""

    directive: str  # e.g. "style-src-elem"
    script: str  # e.g. "/static/wagtailadmin/js/vendor.js"
    reason: str

    def matches(self, directive: str, source: str) -> bool:
        return directive.startswith(self.directive) and urlsplit(source).path == self.script


@dataclass
class SiteGuard:
    """Records and polices one browser context's traffic; `problems()` lists what went wrong."""

    origin: str  # the live server, e.g. http://127.0.0.1:41234
    stubs: dict[str, str] = field(default_factory=dict)  # another site's URL -> HTML served here
    known: list[KnownViolation] = field(default_factory=list)
    requested: list[Request] = field(default_factory=list)
    csp_violations: list[dict] = field(default_factory=list)
    csp_console: list[tuple[str, str, str]] = field(default_factory=list)  # page, script, text
    visited: list[str] = field(default_factory=list)  # documents shown in a main frame

    def attach(self, context: BrowserContext) -> None:
        context.route("**/*", self.route)
        context.expose_function("__reportCspViolation", self.record_csp_violation)
        context.add_init_script(CSP_LISTENER)
        context.on("request", self.record_request)
        context.on("console", self.record_console)
        context.on("page", self.watch_page)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def route(self, route: Route) -> None:
        url = route.request.url
        if self.is_local(url):
            route.continue_()
        elif url in self.stubs:
            route.fulfill(status=200, content_type="text/html", body=self.stubs[url])
        else:
            route.abort("blockedbyclient")

    def record_request(self, request: Request) -> None:
        if urlsplit(request.url).scheme in {"http", "https", "ws", "wss"}:
            self.requested.append(request)

    def record_csp_violation(self, violation: dict) -> None:
        self.csp_violations.append(violation)

    def record_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            page = message.page.url if message.page else "?"
            self.csp_console.append((page, message.location.get("url", ""), message.text))

    def watch_page(self, page: Page) -> None:
        def navigated(frame: Frame) -> None:
            if frame.parent_frame is None and self.is_local(frame.url):
                self.visited.append(without_fragment(frame.url))

        page.on("framenavigated", navigated)

    def stub(self, url: str, html: str) -> None:
        """Answer requests for `url` (on another site) with `html`, from here."""
        self.stubs[url] = html

    def tolerate(self, known: KnownViolation) -> None:
        self.known.append(known)

    def outside_requests(self) -> list[str]:
        """Requests for anything but the live server; a stubbed one never left the machine."""
        urls = (request.url for request in self.requested)
        return [url for url in urls if not self.is_local(url) and url not in self.stubs]

    def hosts(self) -> str:
        """E.g. "127.0.0.1:41234 x57, www.weather.gov x1 (stubbed)"."""
        counts = Counter(urlsplit(request.url).netloc for request in self.requested)
        stubbed = {urlsplit(url).netloc for url in self.stubs}
        return ", ".join(
            f"{host} x{count}{' (stubbed)' if host in stubbed else ''}"
            for host, count in counts.items()
        )

    def is_known(self, directive: str, source: str) -> KnownViolation | None:
        return next((known for known in self.known if known.matches(directive, source)), None)

    def tolerated(self) -> list[str]:
        """The violations that `tolerate` let through, and why."""
        return [
            f"{violation['page']}: {violation['directive']} ({known.reason})"
            for violation in self.csp_violations
            if (known := self.is_known(violation["directive"], violation["source"]))
        ]

    def problems(self, audited: set[str]) -> list[str]:
        found = [f"request beyond 127.0.0.1 (blocked): {url}" for url in self.outside_requests()]
        found += [
            f"CSP violation: {violation}"
            for violation in self.csp_violations
            if not self.is_known(violation["directive"], violation["source"])
        ]
        # Chromium's console names the script but not the effective directive: the events
        # above are the precise check, this one only catches what they might miss.
        known_scripts = {known.script for known in self.known}
        found += [
            f"CSP (console) on {page}, from {script or 'the page'}: {text}"
            for page, script, text in self.csp_console
            if urlsplit(script).path not in known_scripts
        ]
        found += [
            f"visited without an axe check: {url}"
            for url in dict.fromkeys(self.visited)
            if url not in audited
        ]
        return found
