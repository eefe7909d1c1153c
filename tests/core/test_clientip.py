"""The client address behind trusted reverse proxies (MOTCUA_TRUSTED_PROXIES)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from motcua.core import clientip
from motcua.core.clientip import client_ip


def request(remote: str, forwarded: str | None = None) -> Any:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.7", "198.51.100.1", "203.0.113.7"),  # default: header never read
        (["10.0.0.1"], "203.0.113.7", "198.51.100.1", "203.0.113.7"),  # peer not a proxy
        (["10.0.0.1"], "10.0.0.1", "198.51.100.1", "198.51.100.1"),
        (["10.0.0.1"], "10.0.0.1", None, "10.0.0.1"),
        (["10.0.0.0/8"], "10.0.0.1", "6.6.6.6, 198.51.100.1, 10.2.2.2", "198.51.100.1"),
        (["10.0.0.0/8"], "10.0.0.1", "10.9.9.9, 10.2.2.2", "10.9.9.9"),  # all internal
        (["10.0.0.0/8"], "10.0.0.1", "198.51.100.1, garbage", "10.0.0.1"),  # stop at junk
        (["10.0.0.0/8"], "10.0.0.1", "198.51.100.1:4711", "198.51.100.1"),
        (["10.0.0.0/8"], "10.0.0.1", "[2001:db8::1]:443", "2001:db8::/64"),
        (["::1"], "::1", "2001:db8::7", "2001:db8::/64"),
        (["::1"], "::1", None, "::/64"),
        ([], "2001:db8:0:1:aaaa::1", None, "2001:db8:0:1::/64"),
        ([], "::ffff:203.0.113.7", None, "203.0.113.7"),  # IPv4-mapped stays IPv4
        (["10.0.0.1"], "10.0.0.1", " , ,198.51.100.1", "198.51.100.1"),
        (["10.0.0.1"], "10.0.0.1", "198.51.100.1\x00", "10.0.0.1"),
        ([], "", None, "unknown"),
        ([], "not-an-ip", None, "unknown"),
    ],
)
def test_client_ip(
    settings: Any, trusted: list[str], remote: str, forwarded: str | None, expected: str
) -> None:
    settings.MOTCUA_TRUSTED_PROXIES = trusted
    assert client_ip(request(remote, forwarded)) == expected


def test_a_comma_separated_string_is_accepted(settings: Any) -> None:
    settings.MOTCUA_TRUSTED_PROXIES = "10.0.0.1, 192.168.0.0/16"
    assert client_ip(request("192.168.1.1", "198.51.100.1")) == "198.51.100.1"


def test_a_bad_entry_is_a_configuration_error(settings: Any) -> None:
    settings.MOTCUA_TRUSTED_PROXIES = ["10.0.0.300"]
    with pytest.raises(ImproperlyConfigured, match="MOTCUA_TRUSTED_PROXIES"):
        client_ip(request("10.0.0.1"))


def test_every_address_of_one_ipv6_64_is_one_client(settings: Any) -> None:
    settings.MOTCUA_TRUSTED_PROXIES = []
    keys = {client_ip(request(f"2001:db8:1:2:{n:x}::{n:x}")) for n in range(1, 50)}
    assert keys == {"2001:db8:1:2::/64"}
    assert client_ip(request("2001:db8:1:3::1")) == "2001:db8:1:3::/64"  # the next /64
    assert client_ip(request("203.0.113.7")) != client_ip(request("203.0.113.8"))


def test_a_non_ip_peer_behind_trusted_proxies_is_logged_once(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    clientip._warned_unix_peer = False
    settings.MOTCUA_TRUSTED_PROXIES = ["10.0.0.1"]
    with caplog.at_level(logging.WARNING, logger="motcua.core.clientip"):
        for _ in range(3):
            assert client_ip(request("", "198.51.100.1")) == "unknown"
    warnings = [r for r in caplog.records if r.name == "motcua.core.clientip"]
    assert len(warnings) == 1
    assert "REMOTE_ADDR" in warnings[0].getMessage()


def test_a_non_ip_peer_without_proxies_is_unknown_without_a_warning(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    clientip._warned_unix_peer = False
    settings.MOTCUA_TRUSTED_PROXIES = []
    with caplog.at_level(logging.WARNING, logger="motcua.core.clientip"):
        assert client_ip(request("", "198.51.100.1")) == "unknown"
    assert not [r for r in caplog.records if r.name == "motcua.core.clientip"]
