"""Background work on huey: each chat's events in order, deliveries, the review sheet, recovery sweeps."""
from __future__ import annotations

import logging
import random
import time

from huey import RedisHuey, SqliteHuey, crontab
from huey.api import Huey
from huey.consumer import Consumer
from huey.exceptions import RetryTask

from bot import broadcasts, contest
from bot.config import Config
from bot.errors import TransientDeliveryError
from bot.processing import Processor
from bot.review import poll_reviews, sync_review_sheet
from bot.services import Services
from bot.store import LeaseHeld
from sheets.errors import QuotaWait, SheetError, TransientSheetError

logger = logging.getLogger(__name__)
CHAT_LEASE_SECONDS = 120  # frees a chat whose worker died holding it
SWEEP_GRACE_SECONDS = 15
REVIEW_POLL_SECONDS = 55  # one read of staff decisions a minute, whichever worker gets there first


def create_huey(config: Config) -> Huey:
    if config.redis_url:
        return RedisHuey(config.queue_name, url=config.redis_url)
    config.instance_path.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(config.queue_name, filename=str(config.instance_path / "jobs.sqlite3"))


class Jobs:
    """The tasks, bound to one process's Services; the web app enqueues, the consumer runs them."""

    def __init__(self, services: Services, huey: Huey | None = None):
        self.services = services
        self.huey = huey or create_huey(services.config)
        self.processor = Processor(services)
        huey = self.huey

        @huey.task(retries=5, retry_delay=2)
        def process_chat(chat_key: str) -> None:
            try:
                with services.store.lease(f"chat:{chat_key}", CHAT_LEASE_SECONDS):
                    work = self.processor.process_chat(chat_key)
                    wait = self.processor.deliver_chat(chat_key)
            except LeaseHeld:
                raise RetryTask(delay=0.25) from None  # the holder finishes this chat; look again shortly
            if work.submitted:
                sync_sheet()
                check_websites()  # a new or changed website entry is looked at soon, not tomorrow
            for broadcast_id in work.broadcasts:
                send_broadcast(broadcast_id)
            if wait is not None:
                process_chat.schedule(args=(chat_key,), delay=max(wait, 0.5))

        @huey.task()
        def sync_sheet() -> None:
            try:
                with services.store.lease("review-sheet", CHAT_LEASE_SECONDS):
                    self.sync_now()
            except LeaseHeld:
                raise RetryTask(delay=2) from None
            except QuotaWait as wait:
                sync_sheet.schedule(delay=wait.seconds)
            except (TransientSheetError, SheetError) as exc:
                delay = self.sheet_backoff.failed(time.monotonic())
                level = logging.ERROR if isinstance(exc, SheetError) else logging.WARNING
                logger.log(level, "review sheet not updated (%s); rows stay queued, next try in %.0f s", exc, delay)
                sync_sheet.schedule(delay=delay)

        @huey.periodic_task(crontab(minute="*"))
        def sweep() -> None:
            self.sweep(grace_seconds=SWEEP_GRACE_SECONDS)

        @huey.task()
        def send_broadcast(broadcast_id: int) -> None:
            try:
                # One broadcast at a time across all workers: each checks the month's quota after the one
                # before it has been counted, so two can never both squeeze into what is left.
                with services.store.lease("broadcasts", CHAT_LEASE_SECONDS):
                    broadcasts.send(services, broadcast_id)
            except LeaseHeld:
                send_broadcast.schedule(args=(broadcast_id,), delay=1)  # after the one being sent
            except broadcasts.QuotaRefused:
                pass  # recorded on the broadcast; สรุป shows it to the admins
            except TransientDeliveryError as exc:
                delay = self.line_backoff.failed(time.monotonic())
                logger.warning("broadcast %s paused (%s); retrying in %.0f s with the same keys", broadcast_id,
                               exc, delay)
                send_broadcast.schedule(args=(broadcast_id,), delay=delay)
            else:
                self.line_backoff.succeeded()

        @huey.task()
        def check_websites() -> None:
            """The committee's checklist for entered websites that changed or were not looked at today."""
            try:
                checked = contest.check_entries(services)
            except LeaseHeld:
                return  # another worker is checking
            if checked:
                logger.info("checked %s contest website(s)", checked)
                sync_sheet()

        @huey.periodic_task(crontab(minute="0", hour="19"))  # 02:00 in Bangkok: quiet hours for the sites too
        def check_websites_daily() -> None:
            check_websites()

        @huey.periodic_task(crontab(minute="*"))
        def remind() -> None:
            """Each minute: has a reminder slot come? (Created once ever, whichever worker looks first.)"""
            self.remind_now()

        @huey.periodic_task(crontab(minute="*"))
        def watch_reviews() -> None:
            """At most one read a minute: what staff marked in the sheet goes back to the officers."""
            if not services.store.claim_slot("review-poll", REVIEW_POLL_SECONDS):
                return  # another worker read the sheet this minute
            try:
                self.poll_reviews()
            except (QuotaWait, TransientSheetError, SheetError) as exc:
                logger.warning("could not read staff decisions this minute: %s", exc)

        @huey.on_startup()
        def recover() -> None:
            self.sweep(grace_seconds=0)

        self.process_chat = process_chat
        self.sync_sheet = sync_sheet
        self.send_broadcast = send_broadcast
        self.sheet_backoff = Backoff()
        self.line_backoff = Backoff(base=2.0, cap=300.0)
        self._sheet_prepared = False

    def sync_now(self) -> int:
        """Write queued rows to the review sheet (the caller holds the sheet's lease)."""
        if not self._sheet_prepared:
            for line in self.services.sheet.prepare():
                logger.info("review sheet: %s", line)
            self._sheet_prepared = True
        written = sync_review_sheet(self.services)
        self.sheet_backoff.succeeded()
        return written

    def remind_now(self) -> list[int]:
        """Plan any reminder slot that is due, and send it."""
        created = broadcasts.plan_reminders(self.services)
        for broadcast_id in created:
            self.send_broadcast(broadcast_id)
        return created

    def poll_reviews(self) -> list[str]:
        """Read staff decisions now and deliver the notices (the caller holds the poll's lease)."""
        told = poll_reviews(self.services, self.processor)
        for chat_key in dict.fromkeys(told):
            self.process_chat(chat_key)
        return told

    def sweep(self, *, grace_seconds: float) -> None:
        """Pick up what a crash or a lost job left: pending events, due retries, unsynced rows."""
        chats = self.processor.chats_needing_work(grace_seconds=grace_seconds)
        for chat_key in chats:
            self.process_chat(chat_key)
        if self.sheet_backoff.ready(time.monotonic()):
            self.sync_sheet()
        if self.line_backoff.ready(time.monotonic()):
            for broadcast_id in broadcasts.unfinished(self.services):
                self.send_broadcast(broadcast_id)
        if chats:
            logger.info("sweep found work in %s chat(s)", len(chats))


class Backoff:
    """Exponential backoff with jitter for a service that keeps failing (Google down for an hour)."""

    def __init__(self, base: float = 5.0, cap: float = 600.0):
        self.base, self.cap = base, cap
        self.failures = 0
        self.not_before = 0.0

    def failed(self, now: float) -> float:
        self.failures += 1
        delay = min(self.cap, self.base * 2 ** (self.failures - 1)) * (0.5 + random.random())
        self.not_before = now + delay
        return delay

    def succeeded(self) -> None:
        self.failures, self.not_before = 0, 0.0

    def ready(self, now: float) -> bool:
        return now >= self.not_before


class EmbeddedConsumer(Consumer):
    """A consumer run inside another process (local mode, tests): it leaves signal handling to its host."""

    def _set_signal_handlers(self):
        pass


def start_embedded_consumer(huey: Huey, workers: int = 2) -> EmbeddedConsumer:
    consumer = EmbeddedConsumer(huey, workers=workers, worker_type="thread", periodic=True,
                                initial_delay=0.05, backoff=1.5, max_delay=0.5, check_worker_health=False)
    consumer.start()
    return consumer
