"""The address of the resident (or bot) behind a request, also behind a reverse proxy.

Without configuration the portal trusts no header: the client is ``REMOTE_ADDR``, so
nobody can pick their own address by sending ``X-Forwarded-For``. Behind a proxy set

- ``TRUSTED_PROXIES``: comma-separated addresses or networks (``10.0.0.5,192.168.1.0/24``)
  of the proxies allowed to add the client's address to the header;
- ``CLIENT_IP_HEADER`` (default ``X-Forwarded-For``): the header those proxies write.

A request counts as proxied only when ``REMOTE_ADDR`` is one of the trusted proxies. Then
the header is read from right to left, skipping further trusted proxies: the first address
that is not a trusted proxy is the client (everything to its left was written by the client
itself and cannot be believed). Used by the report form's rate limit, the admin login
throttle (django-axes) and, for operations, logging.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

DEFAULT_HEADER = "X-Forwarded-For"


def parse_trusted_proxies(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """Settings helper: the comma-separated environment value as a tuple of networks.

    A value that is not an address or network raises ``ValueError`` naming it, so a typo
    stops the start-up instead of silently trusting nobody (or everybody).
    """
    if value is None:
        return ()
    entries = value.split(",") if isinstance(value, str) else list(value)
    networks = []
    for entry in (e.strip() for e in entries):
        if not entry:
            continue
        try:
            networks.append(str(ipaddress.ip_network(entry, strict=False)))
        except ValueError:
            raise ValueError(
                f"TRUSTED_PROXIES: {entry!r} is not an IP address or network (CIDR)"
            ) from None
    return tuple(networks)


def header_meta_key(header: str) -> str:
    """``X-Forwarded-For`` -> ``HTTP_X_FORWARDED_FOR`` (a META key is accepted as it is)."""
    header = header.strip()
    if header.upper().startswith("HTTP_"):
        return header.upper()
    return "HTTP_" + header.upper().replace("-", "_")


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _address(text: str) -> IPAddress | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "192.0.2.1:443"
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request) -> str:
    """The client's IP address as text ("" only when the server gave no address at all)."""
    remote_text = request.META.get("REMOTE_ADDR", "") or ""
    remote = _address(remote_text)
    if remote is None:
        return remote_text.strip()
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    header = getattr(settings, "CLIENT_IP_HEADER", "") or DEFAULT_HEADER
    value = request.META.get(header_meta_key(header), "")
    client = remote
    for entry in reversed(value.split(",")):
        address = _address(entry)
        if address is None:
            break  # garbage from the client: the last trusted hop is all we know
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
