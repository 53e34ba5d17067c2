"""Settings for one deployment, read from the environment in one place."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping
from urllib.parse import urlparse

from bot.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CAMPAIGN = PROJECT_ROOT / "campaigns" / "demo-2570.toml"
# The channel secret the local mode signs its own simulated events with; never valid on LINE.
LOCAL_CHANNEL_SECRET = "local-mode-channel-secret"
LOCAL_ACCESS_TOKEN = "local-mode-access-token"


def sqlalchemy_url(database_url: str) -> str:
    """A DATABASE_URL as SQLAlchemy wants it: with the driver named (hosts hand out postgres:// too)."""
    for scheme in ("postgres://", "postgresql://"):
        if database_url.startswith(scheme):
            return "postgresql+psycopg://" + database_url[len(scheme):]
    return database_url


@dataclass(frozen=True)
class Config:
    """Everything a deployment can set. Build it with `Config.from_env` or pass one to `create_app`."""

    instance_path: Path
    campaign_file: Path = DEFAULT_CAMPAIGN
    line_channel_secret: str | None = None
    line_channel_access_token: str | None = None
    line_api_base_url: str | None = None
    database_url: str | None = None
    redis_url: str | None = None
    # The job queue's name: two bots (say, two provinces) can share one Redis under different names.
    queue_name: str = "cd-it-bot"
    port: int = 5000
    admin_user_ids: frozenset[str] = field(default_factory=frozenset)
    # Run the job consumer inside the web process (local mode); production runs `worker:` instead.
    embedded_worker: bool = False
    # Seconds after we received an event during which its reply token is still used.
    reply_window_seconds: float = 45.0
    # Timeout for each LINE API call (the SDK has none by default).
    line_timeout_seconds: float = 10.0
    google_service_account_json: str | None = None
    google_application_credentials: Path | None = None
    google_sheet_id: str | None = None
    google_drive_folder_id: str | None = None
    google_api_base_url: str | None = None
    # First pause before retrying a failed Google call; doubles each time, with jitter.
    google_retry_base_seconds: float = 1.0
    # Our share of Google's 60-a-minute quotas per service account (the rest is headroom).
    google_writes_per_minute: int = 50
    google_reads_per_minute: int = 50

    @property
    def google_configured(self) -> bool:
        return bool(self.google_sheet_id)

    @property
    def local_mode(self) -> bool:
        """True when no LINE channel is configured: the bot talks to its own LINE stand-in."""
        return not (self.line_channel_secret and self.line_channel_access_token)

    @property
    def channel_secret(self) -> str:
        return self.line_channel_secret or LOCAL_CHANNEL_SECRET

    @property
    def access_token(self) -> str:
        return self.line_channel_access_token or LOCAL_ACCESS_TOKEN

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return sqlalchemy_url(self.database_url)
        return f"sqlite:///{self.instance_path / 'bot.sqlite3'}"

    @property
    def photos_path(self) -> Path:
        return self.instance_path / "photos"

    @property
    def review_workbook_path(self) -> Path:
        return self.instance_path / "review.xlsx"

    def with_changes(self, **changes) -> "Config":
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, instance_path: Path | None = None) -> "Config":
        """Read settings; a missing or malformed one raises ConfigError naming it."""
        env = os.environ if environ is None else environ

        def text(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        secret, token = text("LINE_CHANNEL_SECRET"), text("LINE_CHANNEL_ACCESS_TOKEN")
        if bool(secret) != bool(token):
            missing = "LINE_CHANNEL_ACCESS_TOKEN" if secret else "LINE_CHANNEL_SECRET"
            raise ConfigError(missing, "is required when the other LINE setting is set (set both, or neither for local mode)")

        base_url = text("LINE_API_BASE_URL")
        if base_url:
            parsed = urlparse(base_url)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                raise ConfigError("LINE_API_BASE_URL", "must be an http(s) URL such as https://api.line.me")
            base_url = base_url.rstrip("/")

        database_url = text("DATABASE_URL")
        if database_url and not database_url.startswith(("sqlite:", "postgres://", "postgresql")):
            raise ConfigError("DATABASE_URL", "must start with sqlite:, postgres:// or postgresql://")

        redis_url = text("REDIS_URL")
        if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise ConfigError("REDIS_URL", "must start with redis://, rediss:// or unix://")

        queue_name = text("QUEUE_NAME") or "cd-it-bot"
        if not all(ch.isalnum() or ch in "-_" for ch in queue_name):
            raise ConfigError("QUEUE_NAME", "may hold only letters, digits, - and _")

        port_text = text("PORT") or "5000"
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ConfigError("PORT", f"must be a port number, got {port_text!r}")

        campaign_file = Path(text("CAMPAIGN_FILE") or DEFAULT_CAMPAIGN)
        if not campaign_file.is_file():
            raise ConfigError("CAMPAIGN_FILE", f"names no readable file: {campaign_file}")

        admins = frozenset(a.strip() for a in (text("ADMIN_LINE_USER_IDS") or "").split(",") if a.strip())
        bad = [a for a in admins if not (a.startswith("U") and len(a) == 33)]
        if bad:
            raise ConfigError("ADMIN_LINE_USER_IDS", "must be LINE user ids (U followed by 32 hex digits), comma-separated")

        key_json, key_path = text("GOOGLE_SERVICE_ACCOUNT_JSON"), text("GOOGLE_APPLICATION_CREDENTIALS")
        sheet_id, folder_id = text("GOOGLE_SHEET_ID"), text("GOOGLE_DRIVE_FOLDER_ID")
        if sheet_id and not (key_json or key_path):
            raise ConfigError("GOOGLE_SERVICE_ACCOUNT_JSON", "(or GOOGLE_APPLICATION_CREDENTIALS) is required with "
                                                             "GOOGLE_SHEET_ID: the bot signs in as a service account")
        if (key_json or key_path or folder_id) and not sheet_id:
            raise ConfigError("GOOGLE_SHEET_ID", "is required when Google credentials are set (the id in the sheet's "
                                                 "address, between /d/ and /edit)")
        if key_path and not Path(key_path).is_file():
            raise ConfigError("GOOGLE_APPLICATION_CREDENTIALS", f"names no readable file: {key_path}")
        if sheet_id and not all(ch.isalnum() or ch in "-_" for ch in sheet_id):
            raise ConfigError("GOOGLE_SHEET_ID", "must be the id from the sheet's address, not the whole address")
        google_base = text("GOOGLE_API_BASE_URL")
        if google_base and urlparse(google_base).scheme not in ("http", "https"):
            raise ConfigError("GOOGLE_API_BASE_URL", "must be an http(s) URL")

        instance = instance_path or Path(text("INSTANCE_PATH") or PROJECT_ROOT / "instance")
        embedded = text("EMBEDDED_WORKER")
        if embedded not in (None, "0", "1"):
            raise ConfigError("EMBEDDED_WORKER", "must be 0 or 1")
        return cls(
            instance_path=instance,
            campaign_file=campaign_file,
            line_channel_secret=secret,
            line_channel_access_token=token,
            line_api_base_url=base_url,
            database_url=database_url,
            redis_url=redis_url,
            queue_name=queue_name,
            port=int(port_text),
            admin_user_ids=admins,
            embedded_worker=embedded == "1",
            google_service_account_json=key_json,
            google_application_credentials=Path(key_path) if key_path else None,
            google_sheet_id=sheet_id,
            google_drive_folder_id=folder_id,
            google_api_base_url=google_base.rstrip("/") if google_base else None,
        )
