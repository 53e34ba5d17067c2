"""The long-lived pieces one process needs, built once from a Config."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from bot.campaign import Campaign, load_campaign
from bot import migrate
from bot.config import Config
from bot.line import LineClient
from bot.store import Store
from handlers import Router
from sheets import ReviewSheet, open_photo_folder, open_review_sheet


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class Services:
    config: Config
    campaign: Campaign
    store: Store
    line: LineClient
    sheet: ReviewSheet
    router: Router
    clock: Callable[[], dt.datetime] = field(default=system_clock)
    photo_folder: object | None = None  # a Drive folder when configured; photos stay under instance/ otherwise

    @classmethod
    def build(cls, config: Config, *, clock: Callable[[], dt.datetime] | None = None) -> "Services":
        config.instance_path.mkdir(parents=True, exist_ok=True)
        campaign = load_campaign(config.campaign_file)
        store = Store(config.sqlalchemy_url)
        migrate.prepare(store)
        with store.session() as session:
            store.ensure_codes(session, [d.id for d in campaign.districts])
        return cls(
            config=config,
            campaign=campaign,
            store=store,
            line=LineClient(config, base_url=local_line_url(config)),
            sheet=open_review_sheet(config, pace=google_pacer(store, config)),
            router=Router(campaign),
            clock=clock or system_clock,
            photo_folder=open_photo_folder(config),
        )

    def close(self) -> None:
        self.line.close()
        self.store.dispose()


def google_pacer(store: Store, config: Config):
    """Before each Google call: book it in the shared ledger, or say how long to wait (never over quota)."""
    from sheets.errors import QuotaWait

    limits = {"read": config.google_reads_per_minute, "write": config.google_writes_per_minute}

    def pace(kind: str) -> None:
        wait = store.reserve_call(f"google-{kind}", limits[kind])
        if wait > 0:
            raise QuotaWait(wait)
    return pace


def local_line_url(config: Config) -> str | None:
    """In local mode, LINE calls go to the stand-in this app serves itself, unless told otherwise."""
    if config.line_api_base_url or not config.local_mode:
        return config.line_api_base_url
    return f"http://127.0.0.1:{config.port}/line-api"
