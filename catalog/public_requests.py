"""Asking a URL an editor typed for its status, on the public internet only.

The link check (catalog.links) runs on the server, inside its network: a link to 127.0.0.1, to
10.x or to a cloud's metadata address would otherwise let any editor probe internal services
through the Broken links report. So each host is resolved first and refused if any of its
addresses is not public; the connection then goes to an address just checked, not to a second
look-up that could answer differently (DNS rebinding); and redirects are followed here, hop by
hop, each hop checked the same way. HTTPS still verifies the certificate against the host name.
"""

import http.client
import ipaddress
import socket
import ssl
import string
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

USER_AGENT = "CAC-Training-Catalog-link-check/1.0"
MAX_REDIRECTS = 5
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
DEFAULT_PORTS = {"http": 80, "https": 443}
TLS = ssl.create_default_context()
# IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64, RFC 6052 and 8215).
NAT64_NETWORKS = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class LinkProblem(Exception):
    """A link that cannot be asked, with the reason as the editors' report shows it."""


def embedded_addresses(address: Address) -> list[Address]:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, NAT64, Teredo), then itself."""
    addresses: list[Address] = []
    if isinstance(address, ipaddress.IPv6Address):
        addresses += [ip for ip in (address.ipv4_mapped, address.sixtofour) if ip]
        addresses += list(address.teredo or ())
        if any(address in network for network in NAT64_NETWORKS):
            addresses.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return [*addresses, address]


def refusal(address: Address) -> str:
    """Why the link check will not connect to `address`, or "" if it is a public one."""
    for ip in embedded_addresses(address):
        if ip.is_loopback:
            return "refused: points at this server (a loopback address)"
        if ip.is_link_local:
            return "refused: points at a link-local address"
        if ip.is_private and not (ip.is_reserved or ip.is_unspecified):
            return "refused: points at a private address"
        # Python's is_global alone lets multicast, NAT64 and 6to4 prefixes through.
        if not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
            return "refused: points at a reserved address"
    return ""


def checked_addresses(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, if every one is public; else LinkProblem."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise LinkProblem(f"no such host ({error.strerror})") from error
    addresses = list(dict.fromkeys(str(sockaddr[0]).split("%")[0] for *_, sockaddr in found))
    if not settings.CATALOG_LINK_CHECK_ALLOW_PRIVATE:
        for address in addresses:
            reason = refusal(ipaddress.ip_address(address))
            if reason:
                raise LinkProblem(reason)
    return addresses


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to `host` (as the request names it) made to addresses checked before."""

    def __init__(self, host: str, port: int, addresses: list[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self) -> None:
        error: OSError = OSError("no address to connect to")
        for address in self.addresses:  # in the resolver's order, as socket.create_connection
            try:
                self.sock = socket.create_connection((address, self.port), self.timeout)
                return
            except OSError as failed:
                error = failed
        raise error


class PinnedHTTPSConnection(PinnedHTTPConnection):
    """The same over TLS: the certificate is checked against the host name, not the address."""

    default_port = 443

    def connect(self) -> None:
        super().connect()
        self.sock = TLS.wrap_socket(self.sock, server_hostname=self.host)


def ask_once(url: str, method: str, timeout: float) -> tuple[int, str]:
    """The status `url` answers `method` with, and where it redirects to ("" if nowhere)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in DEFAULT_PORTS:
        raise LinkProblem("not an http or https link")
    if not parts.hostname:
        raise LinkProblem("no host name in the link")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
        port = parts.port or DEFAULT_PORTS[parts.scheme.lower()]
    except (UnicodeError, ValueError) as error:
        raise LinkProblem("not a valid host name or port") from error
    connection_class = (
        PinnedHTTPSConnection if parts.scheme.lower() == "https" else PinnedHTTPConnection
    )
    connection = connection_class(host, port, checked_addresses(host, port), timeout)
    # Spaces, control characters and non-ASCII letters percent-encoded; everything else as typed.
    target = quote(parts.path or "/", safe=string.punctuation)
    if parts.query:
        target += "?" + quote(parts.query, safe=string.punctuation)
    try:
        connection.request(method, target, headers={"User-Agent": USER_AGENT})
        response = connection.getresponse()
        return response.status, response.getheader("Location", "")
    finally:
        connection.close()


def status_of(url: str, method: str, timeout: float) -> int:
    """The status `url` answers with, after redirects (each hop checked as the first)."""
    for _hop in range(MAX_REDIRECTS + 1):
        status, location = ask_once(url, method, timeout)
        if status not in REDIRECT_STATUSES or not location:
            return status
        url = urljoin(url, location)
    raise LinkProblem(f"more than {MAX_REDIRECTS} redirects")
