"""The Webapp client's timing, on an injected clock and sleep (tests/cli/conftest.FakeTime):
the 403 backoff schedule, the health wait's polls and timeout, and each call's overall
deadline. The delays asserted are the real ones; nothing sleeps for real."""

from __future__ import annotations

import time

import pytest

from tests.cli import rogue_servers as rogue
from tests.cli.conftest import FakeTime
from tests.cli.fake_webapp import PASSWORD, USER
from wa_api import ApiError, WebappClient
from wa_api import client as client_module
from wa_api.client import Health

BODY = {"cc": "1", "phone_number": "6315550000", "shards": 16, "cert": "Y2VydA=="}
# The documented schedule, written out: a BACKOFF_S that stops growing or a loop that stops
# sleeping fails here, not only against the constant.
SCHEDULE = [2, 4, 8, 15, 30]


def client_for(url: str, tls_files, fake: FakeTime, timeout_s: float = 15) -> WebappClient:
    return WebappClient(url, ca_file=str(tls_files[0]), timeout_s=timeout_s, sleep=fake.sleep,
                        clock=fake.clock)


def logged_in(webapp, tls_files, fake: FakeTime) -> WebappClient:
    client = client_for(webapp.url, tls_files, fake)
    client.login(USER, PASSWORD)
    return client


# --- 1. the 403 backoff --------------------------------------------------------------------------
def test_the_module_constants_are_the_documented_schedule():
    assert list(client_module.BACKOFF_S) == SCHEDULE
    assert client_module.SET_SHARDS_ATTEMPTS == 6


def test_repeated_403_sleeps_every_delay_in_order_then_gives_up(webapp, tls_files):
    webapp.cluster.forbidden_left = 100
    fake = FakeTime()
    client = logged_in(webapp, tls_files, fake)
    said = []
    with pytest.raises(ApiError, match=r"^POST /v1/account/shards still 403 after 6 attempts$"):
        client.set_shards(BODY, progress=said.append)
    assert fake.sleeps == SCHEDULE  # one delay between attempts, none after the last
    assert len(webapp.cluster.posts) == 6
    assert fake.elapsed == sum(SCHEDULE) == 59
    assert said == [f"403 (temporarily unavailable), retry {n} in {d} s"
                    for n, d in enumerate(SCHEDULE, start=1)]


def test_the_backoff_stays_at_its_last_delay(webapp, tls_files, monkeypatch):
    """More attempts than delays: the last delay repeats (capped), it never grows past it."""
    monkeypatch.setattr(client_module, "SET_SHARDS_ATTEMPTS", 9)
    webapp.cluster.forbidden_left = 100
    fake = FakeTime()
    client = logged_in(webapp, tls_files, fake)
    with pytest.raises(ApiError, match="still 403 after 9 attempts"):
        client.set_shards(BODY)
    assert fake.sleeps == [2, 4, 8, 15, 30, 30, 30, 30]
    assert len(webapp.cluster.posts) == 9


@pytest.mark.parametrize("forbidden", range(6))
def test_a_201_after_k_403s_sleeps_exactly_the_first_k_delays(webapp, tls_files, forbidden):
    webapp.cluster.forbidden_left = forbidden
    fake = FakeTime()
    client = logged_in(webapp, tls_files, fake)
    assert client.set_shards(BODY) == forbidden + 1  # the attempts used
    assert fake.sleeps == SCHEDULE[:forbidden]
    assert len(webapp.cluster.posts) == forbidden + 1
    assert webapp.cluster.shards == 16


def test_another_status_is_not_retried(tls_files):
    script = rogue.login_then(rogue.reply(rogue.response(500)))
    with rogue.ScriptedServer(script, tls_files=tls_files) as server:
        fake = FakeTime()
        client = client_for(server.url, tls_files, fake)
        client.login(USER, PASSWORD)
        with pytest.raises(ApiError, match=r"^POST /v1/account/shards failed with HTTP 500$"):
            client.set_shards(BODY)
    assert fake.sleeps == []
    assert [rogue.path_of(head) for head in server.requests] == [
        "/v1/users/login", "/v1/account/shards"]


# --- 2. the health wait --------------------------------------------------------------------------
class ScriptedHealth(WebappClient):
    """A client whose /v1/health answers come from a list (the last one repeats); it notes the
    clock at every poll, and each poll takes `takes_s` on the fake clock."""

    def __init__(self, fake: FakeTime, answers: list, takes_s: float = 0,
                 clock=None) -> None:
        super().__init__("https://webapp.example.com", sleep=fake.sleep,
                         clock=clock or fake.clock)
        self.fake, self.answers, self.takes_s = fake, answers, takes_s
        self.polled_at: list[float] = []

    def health(self) -> Health:
        self.polled_at.append(self.fake.now - self.fake.start)
        self.fake.now += self.takes_s
        answer = self.answers[min(len(self.polled_at), len(self.answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return Health(answer, answer + 4, coreapps_by_status={"connected": answer})


def test_the_wait_polls_at_its_interval_and_stops_at_its_timeout():
    fake = FakeTime()
    client = ScriptedHealth(fake, [0])
    said = []
    with pytest.raises(ApiError,
                       match=r"^only 0 of 16 Coreapps connected or connecting after 20 s$"):
        client.wait_connected(16, timeout_s=20, interval_s=5, progress=said.append)
    assert client.polled_at == [0, 5, 10, 15, 20]
    assert fake.sleeps == [5, 5, 5, 5]
    assert fake.elapsed == 20
    assert said.count("0/16 Coreapps connected or connecting") == 5


def test_the_wait_never_sleeps_past_its_timeout():
    fake = FakeTime()
    client = ScriptedHealth(fake, [0])
    with pytest.raises(ApiError, match="after 12 s"):
        client.wait_connected(16, timeout_s=12, interval_s=5)
    assert client.polled_at == [0, 5, 10]  # 15 would be past the timeout: no third sleep
    assert fake.sleeps == [5, 5]


def test_the_wait_counts_the_time_the_polls_take():
    """Each health call takes 3 s: polls at 0, 8 and 16; the next would start at 24 > 20."""
    fake = FakeTime()
    client = ScriptedHealth(fake, [0], takes_s=3)
    with pytest.raises(ApiError, match="after 20 s"):
        client.wait_connected(16, timeout_s=20, interval_s=5)
    assert client.polled_at == [0, 8, 16]
    assert fake.sleeps == [5, 5]
    assert fake.elapsed == 19


def test_the_wait_returns_at_the_first_poll_with_enough_coreapps():
    fake = FakeTime()
    client = ScriptedHealth(fake, [0, 9, 16, 0])
    health = client.wait_connected(16, timeout_s=300, interval_s=5)
    assert health.connected_coreapps == 16
    assert client.polled_at == [0, 5, 10]
    assert fake.sleeps == [5, 5]


def test_a_failing_health_call_counts_as_none_connected_and_the_wait_goes_on():
    fake = FakeTime()
    client = ScriptedHealth(fake, [ApiError("GET /v1/health failed with HTTP 503"), 16])
    said = []
    assert client.wait_connected(16, timeout_s=60, interval_s=7,
                                 progress=said.append).connected_coreapps == 16
    assert fake.sleeps == [7]
    assert said[:2] == ["health: GET /v1/health failed with HTTP 503",
                        "0/16 Coreapps connected or connecting"]


def test_the_default_interval_is_5_s_and_a_given_clock_still_counts():
    fake = FakeTime()
    client = ScriptedHealth(fake, [0])
    with pytest.raises(ApiError, match="after 10 s"):
        client.wait_connected(16, timeout_s=10)
    assert fake.sleeps == [5, 5]
    given, own = FakeTime(), FakeTime()
    client = ScriptedHealth(given, [0], clock=own.clock)
    with pytest.raises(ApiError):
        client.wait_connected(16, timeout_s=10, clock=given.clock)
    assert given.sleeps == [5, 5] and own.readings == 0  # the call's clock, not the client's


def test_the_wait_against_a_webapp_that_becomes_healthy(webapp, tls_files):
    webapp.cluster.connected = 3
    fake = FakeTime()

    def sleep(seconds):  # the Coreapps come up while the client waits
        fake.sleep(seconds)
        webapp.cluster.connected = 16 if fake.elapsed >= 10 else 8

    client = WebappClient(webapp.url, ca_file=str(tls_files[0]), sleep=sleep, clock=fake.clock)
    client.login(USER, PASSWORD)
    assert client.wait_connected(16, timeout_s=300, interval_s=5).connected_coreapps == 16
    assert fake.sleeps == [5, 5]
    assert webapp.cluster.seen.count(("GET", "/v1/health")) == 3


# --- 3. each call's overall deadline ---------------------------------------------------------
def test_a_dripping_answer_ends_when_the_call_has_spent_its_deadline(tls_files):
    """Every read arrives at once in real time, but each costs 1 s on the clock: the call ends
    at its 10 s, to the reading (the start, then one per connect, write and read)."""
    dripped = rogue.drip(rogue.LOGIN_OK, every_s=0.01)  # ~1.5 s in all: the call ends first
    with rogue.ScriptedServer(dripped, tls_files=tls_files) as server:
        fake = FakeTime(tick=1)
        client = client_for(server.url, tls_files, fake, timeout_s=10)
        started = time.monotonic()
        with pytest.raises(ApiError, match=r"^POST /v1/users/login timed out after 10 s$"):
            client.login(USER, PASSWORD)
        took = time.monotonic() - started
    assert fake.readings == 11  # the deadline's start, then 10 s: not one read more
    assert took < 1


def test_one_deadline_covers_every_redirect_of_a_call(tls_files):
    """Three redirects within the origin, then the answer: a budget that any one exchange fits
    in, but not the four together, must time out."""
    chain = rogue.routes({
        "/v1/users/login": rogue.response(307, Location="/v1/users/login/1"),
        "/v1/users/login/1": rogue.response(307, Location="/v1/users/login/2"),
        "/v1/users/login/2": rogue.response(307, Location="/v1/users/login/3"),
        "/v1/users/login/3": rogue.LOGIN_OK,
    })
    with rogue.ScriptedServer(chain, tls_files=tls_files) as server:
        unhurried = FakeTime(tick=1)
        client_for(server.url, tls_files, unhurried, timeout_s=1000).login(USER, PASSWORD)
        whole = unhurried.readings  # readings the four exchanges take together
        assert whole >= 16, whole  # at least start + 4 x (connect x2, write, read)
        budget = whole // 2
        fake = FakeTime(tick=1)
        with pytest.raises(ApiError, match=f"timed out after {budget} s"):
            client_for(server.url, tls_files, fake, timeout_s=budget).login(USER, PASSWORD)
    assert fake.readings == budget + 1


def test_each_call_has_a_deadline_of_its_own(webapp, tls_files):
    """Time passing between calls (here 100 s) does not eat into the next call's 10 s."""
    fake = FakeTime()
    client = client_for(webapp.url, tls_files, fake, timeout_s=10)
    client.login(USER, PASSWORD)
    fake.now += 100
    assert client.get_shards() == 8


def test_a_call_whose_deadline_passed_before_connecting_sends_nothing(tls_files):
    with rogue.ScriptedServer(rogue.reply(rogue.LOGIN_OK), tls_files=tls_files) as server:
        fake = FakeTime(tick=5)  # the first reading after the start is already at the deadline
        with pytest.raises(ApiError, match="timed out after 5 s"):
            client_for(server.url, tls_files, fake, timeout_s=5).login(USER, PASSWORD)
    assert server.requests == []
    assert fake.readings == 2
