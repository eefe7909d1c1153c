"""The load of the crash test: citizens submitting through the API as a real client does, the
officials acting on what arrives, and a killer that SIGKILLs the servers at random moments.

A client's contract with an at-least-once network: a submission is sent with an
`Idempotency-Key` and sent again with the same key after a connection error, a timeout or a 5xx
until an answer says 200/201; an action carries the dossier version it read, so sending it again
after a lost answer cannot apply it twice (409 then, and the next read shows it done)."""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from motcua.testing.processes import Process

# The smallest well-formed PNG (1×1): an attachment the content sniffer accepts.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da6364f8ffbf1e0005fe02fea7d6a4c20000000049454e44ae426082"
)
# What a killed server looks like to a client: refused, reset, or an answer cut short.
RETRYABLE = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


@dataclass
class Ledger:
    """What the clients were told: the key → code of every acknowledged submission."""

    acked: dict[str, str] = field(default_factory=dict)
    retries: int = 0
    replays: int = 0  # submissions answered 200: a retry of one the server had committed
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ack(self, key: str, code: str) -> None:
        with self.lock:
            if self.acked.setdefault(key, code) != code:
                self.errors.append(f"{key}: two codes {self.acked[key]} and {code}")


def guarded(ledger: Ledger, run: Callable[[], None]) -> Callable[[], None]:
    """A thread's target whose exception is recorded in the ledger (and fails the test)."""

    def target() -> None:
        try:
            run()
        except Exception as exc:
            with ledger.lock:
                ledger.errors.append(f"{type(exc).__name__}: {exc}")

    return target


class Api:
    """Bearer-token calls to the server, retried on what a network or a restart does."""

    def __init__(self, base: str, token: str, ledger: Ledger, stop: threading.Event) -> None:
        self.base = f"{base}/api/v1"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.ledger = ledger
        self.stop = stop

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """The first answer below 500; connection errors and 5xx are sent again."""
        attempt = 0
        while True:
            try:
                resp = self.session.request(method, self.base + path, timeout=15, **kwargs)
                if resp.status_code < 500:
                    return resp
            except RETRYABLE:
                self.session.close()  # a connection to a killed worker is dead
            attempt += 1
            with self.ledger.lock:
                self.ledger.retries += 1
            if self.stop.is_set() and attempt > 200:
                raise RuntimeError(f"{method} {path}: máy chủ không trả lời")
            time.sleep(min(0.05 * attempt, 0.5))  # back-off of a real client, not a sync


def submitter(
    api: Api, rng: random.Random, *, count: int, body: dict[str, Any]
) -> Callable[[], None]:
    def run() -> None:
        for _ in range(count):
            key = str(uuid.UUID(int=rng.getrandbits(128)))
            resp = api.call("POST", "/dossiers", json=body, headers={"Idempotency-Key": key})
            if resp.status_code not in (200, 201):
                api.ledger.errors.append(f"submit {key}: {resp.status_code} {resp.text[:200]}")
                continue
            code = resp.json()["code"]
            api.ledger.ack(key, code)
            if resp.status_code == 200:
                with api.ledger.lock:
                    api.ledger.replays += 1
            files = {"file": ("to-khai.png", PNG, "image/png")}
            resp = api.call("POST", f"/dossiers/{code}/attachments", files=files)
            if resp.status_code != 201 and not _received_first(api, code, resp):
                api.ledger.errors.append(f"attach {code}: {resp.status_code} {resp.text[:200]}")

    return run


def _received_first(api: Api, code: str, resp: requests.Response) -> bool:
    """An attachment refused because reception took the dossier first (components are added
    while it is submitted): the race of the load, not a fault."""
    if resp.status_code != 403:
        return False
    return api.call("GET", f"/dossiers/{code}").json()["status"] != "submitted"


def official(api: Api, act: Callable[[Api, dict[str, Any]], None]) -> Callable[[], None]:
    """Read the agency's queue and `act` on each dossier until told to stop."""

    def run() -> None:
        while not api.stop.is_set():
            resp = api.call("GET", "/dossiers", params={"limit": 200})
            if resp.status_code != 200:
                api.ledger.errors.append(f"list: {resp.status_code} {resp.text[:200]}")
                return
            for dossier in resp.json()["items"]:
                act(api, dossier)
            time.sleep(0.05)  # a person reading the list again, not a sync

    return run


def receive(api: Api, dossier: dict[str, Any]) -> None:
    if dossier["status"] == "submitted":
        _action(api, dossier, "receive", {"version": dossier["version"]})


def process(api: Api, dossier: dict[str, Any]) -> None:
    for step in dossier["steps"]:
        if step["key"] != "review" or step["status"] != "active":
            continue
        if step["assignee"] is None:
            _action(api, dossier, "claim", {"step_id": step["id"]})
        elif step["assignee"] == "specialist":
            body = {"step_id": step["id"], "outcome": "approve", "version": dossier["version"]}
            _action(api, dossier, "complete_step", body)


def _action(api: Api, dossier: dict[str, Any], action: str, body: dict[str, Any]) -> None:
    resp = api.call("POST", f"/dossiers/{dossier['code']}/actions/{action}", json=body)
    if resp.status_code not in (200, 409):  # 409: someone (or our lost first try) acted first
        api.ledger.errors.append(f"{action} {dossier['code']}: {resp.status_code} {resp.text}")


def killer(
    targets: dict[str, list[Process]],
    rng: random.Random,
    *,
    rounds: list[str],
    stop: threading.Event,
) -> Callable[[], None]:
    """At seeded-random moments, SIGKILL the processes of each round's target and start them
    again (each start waits until the process is ready)."""

    def run() -> None:
        for name in rounds:
            if stop.wait(rng.uniform(0.5, 2.5)):
                return
            for process in targets[name]:
                process.kill()
            for process in targets[name]:
                process.start()

    return run
