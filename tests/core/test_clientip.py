"""The client address behind trusted reverse proxies (MOTCUA_TRUSTED_PROXIES)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

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
        (["10.0.0.0/8"], "10.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
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
