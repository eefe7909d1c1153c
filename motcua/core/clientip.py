"""The client's address, as far as this server can know it.

`REMOTE_ADDR` is the peer of the TCP connection. Behind a reverse proxy every request comes from
the proxy, so rate limits keyed on it would lump all clients together. `MOTCUA_TRUSTED_PROXIES`
(comma-separated IPs or CIDRs, default empty) names the proxies whose `X-Forwarded-For` we
believe.

Assumptions:
- Only when the peer is a trusted proxy is `X-Forwarded-For` read at all; otherwise a client
  could write any address into it.
- Each proxy appends the address it received the request from, so the list is read from the
  right: trusted hops are skipped and the first untrusted address is the client. Entries left
  of it were written by the client itself and are ignored.
- An entry that is not an IP address stops the walk: the hop that wrote it (the last trusted
  one) is the best address we have. If every entry is trusted, the left-most one is the client
  (a request from inside the trusted network).
- The key returned for an IPv6 client is its /64 network ("2001:db8::/64"): one subscriber or
  host is usually handed a whole /64, so counting each of its addresses apart would give one
  attacker unlimited guesses. An IPv4 client (also one written as ::ffff:a.b.c.d) is its
  address.
- A peer that is not an IP address (a unix socket) is "unknown". With trusted proxies
  configured that lumps every client together, so it is logged once as a configuration problem.
"""

from __future__ import annotations

import ipaddress
import logging
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
UNKNOWN = "unknown"
IPV6_PREFIX = 64
logger = logging.getLogger(__name__)
_warned_unix_peer = False


@lru_cache(maxsize=8)
def _networks(raw: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(item, strict=False) for item in raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"MOTCUA_TRUSTED_PROXIES: {exc}") from exc


def trusted_networks() -> tuple[Network, ...]:
    raw = getattr(settings, "MOTCUA_TRUSTED_PROXIES", ()) or ()
    if isinstance(raw, str):
        raw = raw.split(",")
    return _networks(tuple(item.strip() for item in raw if item.strip()))


def _address(value: str) -> Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def _key(address: Address) -> str:
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False))
    return str(address)


def _warn_unix_peer(remote: str) -> None:
    global _warned_unix_peer
    if not _warned_unix_peer:
        _warned_unix_peer = True
        logger.warning(
            "REMOTE_ADDR %r is not an IP address while MOTCUA_TRUSTED_PROXIES is set: every "
            "client is counted as %r (put the proxy on TCP or have it set REMOTE_ADDR)",
            remote[:64],
            UNKNOWN,
        )


def client_ip(request: Any) -> str:
    """The client key of `request` (a Django HttpRequest): an IPv4 address, an IPv6 /64
    network, or "unknown"."""
    remote = request.META.get("REMOTE_ADDR") or ""
    peer = _address(remote)
    networks = trusted_networks()
    if peer is None:
        if networks:
            _warn_unix_peer(remote)
        return UNKNOWN
    if not networks or not _trusted(peer, networks):
        return _key(peer)
    return _key(_forwarded_client(request, peer, networks))


def _forwarded_client(request: Any, peer: Address, networks: tuple[Network, ...]) -> Address:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hop = peer
    for entry in reversed([e for e in forwarded.split(",") if e.strip()]):
        address = _address(entry)
        if address is None:
            return hop
        hop = address
        if not _trusted(address, networks):
            return address
    return hop
