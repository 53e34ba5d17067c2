"""Fixtures: a LINE API stand-in on loopback, the real app served over HTTP, a job consumer, a clock."""
from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest

from bot import create_app
from bot.config import PROJECT_ROOT, Config
from bot.jobs import start_embedded_consumer
from bot.standin import LineStandIn
from tests import backends
from tests.harness import Bot, Officer, ServerThread

SECRET = "test-channel-secret"
TOKEN = "test-access-token"
DEMO = PROJECT_ROOT / "campaigns" / "demo-2570.toml"
FIXTURES = PROJECT_ROOT.parent / "shared" / "fixtures"
BANGKOK = dt.timezone(dt.timedelta(hours=7))
ADMIN = "U" + "a" * 32  # a provincial admin, where a module's config lists them


class Clock:
    """Time that tests move; starts inside the demo campaign's nomination window."""

    def __init__(self, start: dt.datetime):
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        with self._lock:
            return self._now

    def set(self, moment: dt.datetime) -> None:
        with self._lock:
            self._now = moment


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime(2027, 3, 1, 10, 0, tzinfo=BANGKOK))


@pytest.fixture
def standin():
    fake = LineStandIn(TOKEN)
    server = ServerThread(fake.app)
    fake.url = server.url
    yield fake
    server.stop()


@pytest.fixture
def config(tmp_path: Path, standin) -> Config:
    """The bot's settings; with TEST_BACKEND=services its state is in PostgreSQL and its queue in Redis."""
    with backends.state_for_test(Config(
        instance_path=tmp_path / "instance",
        campaign_file=DEMO,
        line_channel_secret=SECRET,
        line_channel_access_token=TOKEN,
        line_api_base_url=standin.url,
        line_timeout_seconds=5,
    )) as config:
        yield config


def pytest_configure(config):
    config.addinivalue_line("markers", "every_backend: the test runs against each backend itself (the "
                                       "TEST_BACKEND=services pass leaves it out)")


def pytest_collection_modifyitems(config, items):
    if not backends.USE_SERVICES:
        return
    reason = backends.unavailable()
    if reason and backends.REQUIRED:
        pytest.exit(f"TEST_BACKEND=services: {reason}; CI requires it (REQUIRE_SERVICES=1)", returncode=1)
    for item in items:
        if reason:
            item.add_marker(pytest.mark.skip(reason=f"{reason} (CI runs this pass with REQUIRE_SERVICES=1)"))
        elif item.get_closest_marker("every_backend"):
            item.add_marker(pytest.mark.skip(reason="runs against every backend in the default pass"))


@pytest.fixture
def app(config, clock):
    app = create_app(config, clock=clock.now)
    yield app
    app.extensions["services"].close()


@pytest.fixture
def services(app):
    return app.extensions["services"]


@pytest.fixture
def worker(app):
    consumer = start_embedded_consumer(app.extensions["jobs"].huey)
    yield consumer
    consumer.stop(graceful=True)


@pytest.fixture
def bot(app, standin, worker) -> Bot:
    server = ServerThread(app)
    yield Bot(url=server.url, secret=SECRET, standin=standin, store=app.extensions["services"].store)
    server.stop()


@pytest.fixture
def codes(services) -> dict[str, str]:
    with services.store.session() as session:
        return services.store.ensure_codes(session, [d.id for d in services.campaign.districts])


@pytest.fixture
def admin(bot) -> Officer:
    """The provincial admin chatting with the bot (the module's config must list ADMIN)."""
    return Officer(bot, user_id=ADMIN)


@pytest.fixture
def officer_of(bot, codes):
    """A registered officer of a district: officer_of('nong-yai')."""
    def make(district_id: str, name: str = "สมหญิง ใจดี") -> Officer:
        person = Officer(bot)
        person.says(f"ลงทะเบียน {codes[district_id]}")
        person.says(name)
        return person
    return make


# --- the Google side ----------------------------------------------------------------------------------
@pytest.fixture
def google():
    from tests.google_standin import GoogleStandIn

    fake = GoogleStandIn()
    server = ServerThread(fake.app)
    fake.url = server.url
    yield fake
    server.stop()


@pytest.fixture
def google_sheet_config(config, google):
    """The same bot, configured for a Google Sheet that is shared with its service account."""
    from tests.sheet_backends import service_account_key

    key, public = service_account_key(f"{google.url}/token")
    email = json.loads(key)["client_email"]
    google.register_key(email, public)
    spreadsheet_id = google.create_spreadsheet(shared_with=email)
    return config.with_changes(google_service_account_json=key, google_sheet_id=spreadsheet_id,
                               google_api_base_url=google.url, google_retry_base_seconds=0.01)
