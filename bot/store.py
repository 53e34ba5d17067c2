"""Durable state: inbound events, conversations, officers, nominations and the outbox, in SQLAlchemy."""
from __future__ import annotations

import datetime as dt
import json
import random
import secrets
import sqlite3
import time
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import (
    Boolean, DateTime, Index, Integer, LargeBinary, String, Text, create_engine, delete, event, func, select, text, update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

# District codes avoid letters and digits that are easy to confuse on a phone (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def naive_utc(moment: dt.datetime) -> dt.datetime:
    """The database keeps UTC without a zone; aware datetimes are converted first."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)


def aware(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.replace(tzinfo=dt.timezone.utc)


WRITE_LOCK_WAIT_SECONDS = 30


def _take_write_lock(raw) -> None:
    """BEGIN IMMEDIATE, retried every few milliseconds while another writer holds the lock.

    Writers hold the lock for milliseconds; SQLite's own busy handler sleeps in growing steps up to 100 ms
    and so keeps the webhook waiting long after the lock is free. Taking the lock at BEGIN also means a
    read-then-write transaction never fails half-way on a busy database.
    """
    deadline = time.monotonic() + WRITE_LOCK_WAIT_SECONDS
    pause = 0.0005
    while True:
        try:
            raw.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(pause * (0.5 + random.random()))
        pause = min(pause * 1.5, 0.004)


class Base(DeclarativeBase):
    pass


class InboundEvent(Base):
    """One webhook event as LINE sent it, kept until processed; its LINE id makes redelivery harmless."""

    __tablename__ = "inbound_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhook_event_id: Mapped[str] = mapped_column(String(80), unique=True)
    chat_key: Mapped[str] = mapped_column(String(80), index=True)
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    error: Mapped[str | None] = mapped_column(String(200))
    processed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class OutboxMessage(Base):
    """Up to five messages for one chat, sent after the state that produced them is committed."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_key: Mapped[str] = mapped_column(String(80), index=True)
    reply_token: Mapped[str | None] = mapped_column(String(200))
    reply_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    messages: Mapped[str] = mapped_column(Text)
    retry_key: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    reply_attempted: Mapped[bool] = mapped_column(Boolean, default=False)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    sent_via: Mapped[str | None] = mapped_column(String(8))
    request_id: Mapped[str | None] = mapped_column(String(80))
    error: Mapped[str | None] = mapped_column(String(200))


class Officer(Base):
    """A LINE user the bot knows: a district officer once registered, or a provincial admin."""

    __tablename__ = "officers"
    user_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    district_id: Mapped[str | None] = mapped_column(String(40), index=True)
    name: Mapped[str | None] = mapped_column(String(120))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    following: Mapped[bool] = mapped_column(Boolean, default=True)
    registered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class CodeAttempt(Base):
    """A district code someone typed, kept to limit guessing."""

    __tablename__ = "code_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(40), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    succeeded: Mapped[bool] = mapped_column(Boolean)


class DistrictCode(Base):
    """The code provincial staff hand to a district so its officers can register."""

    __tablename__ = "district_codes"
    district_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Conversation(Base):
    """Where one user is in a dialogue, and their draft; it survives restarts."""

    __tablename__ = "conversations"
    user_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    state: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ChatNotice(Base):
    """A group or room already told to talk to the bot one-to-one."""

    __tablename__ = "chat_notices"
    chat_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)


class WebsiteEntry(Base):
    """A district's website entered in the contest: one per district and campaign, changed in place."""

    __tablename__ = "website_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[str] = mapped_column(String(40))
    district_id: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str] = mapped_column(String(40))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    content: Mapped[str] = mapped_column(Text)
    submitted_by: Mapped[str] = mapped_column(String(40))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime)
    synced_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("uq_website_entry", "campaign_id", "district_id", unique=True),)

    @property
    def data(self) -> dict:
        return json.loads(self.content)


class WebsiteCheck(Base):
    """What the checklist found on a district's website (an aid for the committee, not a score)."""

    __tablename__ = "website_checks"
    district_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    campaign_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    url: Mapped[str] = mapped_column(String(300))
    checked_at: Mapped[dt.datetime] = mapped_column(DateTime)
    result: Mapped[str] = mapped_column(Text)


class ContestState(Base):
    """Whether an admin has closed judging (then districts scored by some judges are ranked too)."""

    __tablename__ = "contest_state"
    campaign_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str | None] = mapped_column(String(40))


class LineGroup(Base):
    """A district's LINE group the bot was added to; announcements reach it only once an admin enables it."""

    __tablename__ = "line_groups"
    group_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    district_id: Mapped[str] = mapped_column(String(40))
    linked_by: Mapped[str] = mapped_column(String(40))
    linked_at: Mapped[dt.datetime] = mapped_column(DateTime)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)


class NominationRecord(Base):
    """One confirmed nomination; a replacement adds a revision and keeps the old one as history."""

    __tablename__ = "nominations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[str] = mapped_column(String(40))
    district_id: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str] = mapped_column(String(40))
    revision: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="active")
    content: Mapped[str] = mapped_column(Text)
    submitted_by: Mapped[str] = mapped_column(String(40))
    submitter_name: Mapped[str | None] = mapped_column(String(120))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime)
    synced_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # What staff last decided on the sheet, as the bot last read it (ขอแก้ไข reopens the nomination).
    review_status: Mapped[str | None] = mapped_column(String(40))
    review_comment: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("uq_nomination_revision", "reference", "revision", unique=True),
        # One active nomination per district and campaign, enforced by the database itself.
        Index(
            "uq_active_nomination", "campaign_id", "district_id", unique=True,
            sqlite_where=text("status = 'active'"), postgresql_where=text("status = 'active'"),
        ),
    )

    @property
    def data(self) -> dict:
        return json.loads(self.content)


class Lease(Base):
    """A named lease one worker holds for a while (one chat's work, the sheet sync); it expires if the worker dies."""

    __tablename__ = "leases"
    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    holder: Mapped[str] = mapped_column(String(40))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ApiCall(Base):
    """One request to a quota-limited API (Google), kept a minute, so every process paces itself."""

    __tablename__ = "api_calls"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


class Photo(Base):
    """An evidence photo as LINE gave it, kept in the database so any worker on any machine can upload it."""

    __tablename__ = "photos"
    file_name: Mapped[str] = mapped_column(String(80), primary_key=True)
    # Emptied once the photo is in the Drive folder (the link in photo_uploads is then what staff open).
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)


class PhotoUpload(Base):
    """Where an evidence photo went (a Drive link), so it is uploaded once."""

    __tablename__ = "photo_uploads"
    file_name: Mapped[str] = mapped_column(String(80), primary_key=True)
    link: Mapped[str] = mapped_column(String(300))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Broadcast(Base):
    """One thing the province says to many people (a reminder slot, a notice, results): sent whole or not at all."""

    __tablename__ = "broadcasts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # reminder, notice, results, congratulation
    # A reminder slot's key ("reminder:<campaign>:7d"): unique, so two workers never create it twice.
    slot_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    summary: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending, sending, sent, refused, failed, skipped
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(String(300))


class BroadcastBatch(Base):
    """Up to 500 recipients and the messages they get, with the retry key kept for every attempt."""

    __tablename__ = "broadcast_batches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(Integer, index=True)
    recipients: Mapped[str] = mapped_column(Text)  # JSON list of user ids
    messages: Mapped[str] = mapped_column(Text)
    retry_key: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    request_id: Mapped[str | None] = mapped_column(String(80))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    error: Mapped[str | None] = mapped_column(String(200))


class LeaseHeld(Exception):
    """Someone else holds the lease."""


class Store:
    """Opens the database and hands out sessions; the one place that knows SQL dialects."""

    def __init__(self, url: str):
        self.url = url
        self.engine: Engine = _engine(url, immediate=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # On SQLite a write transaction takes the write lock at BEGIN; reads must not, or they queue behind
        # (and in front of) the webhook's inserts. They get their own engine that begins deferred.
        self._reader = _engine(url, immediate=False) if url.startswith("sqlite") else self.engine
        self._read_sessions = sessionmaker(self._reader, expire_on_commit=False)

    def lock(self, connection, name: str) -> None:
        """Serialize a transaction with every other one that takes `name` (PostgreSQL's advisory lock).

        On SQLite every write transaction already holds the one write lock from BEGIN, so nothing is needed.
        """
        if self.engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed if the block ends normally, rolled back if it raises."""
        with self._sessions() as session:
            with session.begin():
                yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only look: never takes a write lock, never commits."""
        with self._read_sessions() as session:
            try:
                yield session
            finally:
                session.expunge_all()  # what was read stays readable after the transaction ends
                session.rollback()

    def dispose(self) -> None:
        self.engine.dispose()
        self._reader.dispose()

    # --- leases -------------------------------------------------------------------------------------
    def _acquire(self, name: str, seconds: float) -> str | None:
        holder = secrets.token_hex(8)
        now = utcnow()
        expires = now + dt.timedelta(seconds=seconds)
        insert = postgresql.insert(Lease) if self.engine.dialect.name == "postgresql" else sqlite.insert(Lease)
        stmt = insert.values(name=name, holder=holder, expires_at=expires).on_conflict_do_update(
            index_elements=["name"], set_={"holder": holder, "expires_at": expires}, where=Lease.expires_at < now,
        )
        with self.session() as session:
            # RETURNING says whether we got it on every dialect (rowcount is -1 for these on PostgreSQL).
            return holder if session.execute(stmt.returning(Lease.name)).first() is not None else None

    @contextmanager
    def lease(self, name: str, seconds: float, *, wait: float = 0) -> Iterator[None]:
        """Hold `name` exclusively for at most `seconds`; raises LeaseHeld if another holder keeps it past `wait`."""
        deadline = time.monotonic() + wait
        while (holder := self._acquire(name, seconds)) is None:
            if time.monotonic() >= deadline:
                raise LeaseHeld(name)
            time.sleep(0.2)
        try:
            yield
        finally:
            with self.session() as session:
                session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))

    def claim_slot(self, name: str, seconds: float) -> bool:
        """True for the first caller in each `seconds`-long slot, across every process (kept, not released)."""
        return self._acquire(name, seconds) is not None

    # --- quota ---------------------------------------------------------------------------------------
    def reserve_call(self, kind: str, per_minute: int) -> float:
        """Book one call of `kind` if fewer than `per_minute` were made in the last minute; else seconds to wait."""
        now = utcnow()
        window_start = now - dt.timedelta(seconds=60)
        with self.session() as session:
            self.lock(session, f"quota:{kind}")  # count and book as one step, whichever process asks
            session.execute(delete(ApiCall).where(ApiCall.at < window_start))
            recent = list(session.scalars(
                select(ApiCall.at).where(ApiCall.kind == kind, ApiCall.at >= window_start).order_by(ApiCall.at)))
            if len(recent) >= per_minute:
                return (recent[len(recent) - per_minute] - window_start).total_seconds() + 0.05
            session.add(ApiCall(kind=kind, at=now))
        return 0.0

    # --- inbound events -------------------------------------------------------------------------
    def insert_new_events(self, session: Session, rows: list[dict]) -> list[dict]:
        """Insert events not seen before; returns the rows that were new (redeliveries are skipped)."""
        new = []
        for row in rows:
            stmt = self._insert_ignore(InboundEvent, ["webhook_event_id"]).values(**row)
            if session.execute(stmt.returning(InboundEvent.id)).first() is not None:
                new.append(row)
        return new

    def _insert_ignore(self, model, keys):
        if self.engine.dialect.name == "postgresql":
            return postgresql.insert(model).on_conflict_do_nothing(index_elements=keys)
        return sqlite.insert(model).on_conflict_do_nothing(index_elements=keys)

    def pending_chats(self, session: Session, older_than: dt.datetime) -> list[str]:
        stmt = (
            select(InboundEvent.chat_key)
            .where(InboundEvent.status == "pending", InboundEvent.received_at <= older_than)
            .distinct()
        )
        return list(session.scalars(stmt))

    def next_pending_event(self, session: Session, chat_key: str) -> InboundEvent | None:
        stmt = (
            select(InboundEvent)
            .where(InboundEvent.chat_key == chat_key, InboundEvent.status == "pending")
            .order_by(InboundEvent.id)
            .limit(1)
        )
        return session.scalars(stmt).first()

    def claim_event(self, session: Session, event_id: int, status: str, error: str | None = None) -> bool:
        """Move a pending event to its final status; False if another worker got there first."""
        result = session.execute(
            update(InboundEvent)
            .where(InboundEvent.id == event_id, InboundEvent.status == "pending")
            .values(status=status, error=error, processed_at=utcnow())
        )
        return result.rowcount == 1

    # --- district codes ---------------------------------------------------------------------------
    def ensure_codes(self, session: Session, district_ids: list[str]) -> dict[str, str]:
        self.lock(session, "district-codes")  # several processes starting at once issue each code once
        existing = {c.district_id: c.code for c in session.scalars(select(DistrictCode))}
        for district_id in district_ids:
            if district_id not in existing:
                code = self._fresh_code(session)
                session.add(DistrictCode(district_id=district_id, code=code, issued_at=utcnow()))
                session.flush()
                existing[district_id] = code
        return existing

    def rotate_code(self, session: Session, district_id: str) -> str:
        row = session.get(DistrictCode, district_id)
        code = self._fresh_code(session)
        if row is None:
            session.add(DistrictCode(district_id=district_id, code=code, issued_at=utcnow()))
        else:
            row.code, row.issued_at = code, utcnow()
        return code

    def _fresh_code(self, session: Session) -> str:
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if session.scalar(select(DistrictCode).where(DistrictCode.code == code)) is None:
                return code

    def district_for_code(self, session: Session, code: str) -> str | None:
        return session.scalar(select(DistrictCode.district_id).where(DistrictCode.code == code))

    def failed_code_attempts(self, session: Session, user_id: str, since: dt.datetime) -> list[dt.datetime]:
        stmt = (
            select(CodeAttempt.at)
            .where(CodeAttempt.user_id == user_id, CodeAttempt.succeeded.is_(False), CodeAttempt.at >= since)
            .order_by(CodeAttempt.at)
        )
        return list(session.scalars(stmt))

    # --- nominations --------------------------------------------------------------------------------
    def active_nomination(self, session: Session, campaign_id: str, district_id: str) -> NominationRecord | None:
        stmt = select(NominationRecord).where(
            NominationRecord.campaign_id == campaign_id,
            NominationRecord.district_id == district_id,
            NominationRecord.status == "active",
        )
        return session.scalars(stmt).first()

    def latest_revision(self, session: Session, reference: str) -> int:
        return session.scalar(
            select(func.coalesce(func.max(NominationRecord.revision), 0)).where(NominationRecord.reference == reference)
        )

    def unsynced_nominations(self, session: Session, limit: int = 500) -> list[NominationRecord]:
        stmt = (
            select(NominationRecord)
            .where(NominationRecord.synced_at.is_(None))
            .order_by(NominationRecord.id)
            .limit(limit)
        )
        return list(session.scalars(stmt))

    # --- outbox ---------------------------------------------------------------------------------------
    def due_outbox_chats(self, session: Session, now: dt.datetime) -> list[str]:
        stmt = (
            select(OutboxMessage.chat_key)
            .where(OutboxMessage.status.in_(("pending", "sending")), OutboxMessage.next_attempt_at <= now)
            .distinct()
        )
        return list(session.scalars(stmt))

    def next_outbox(self, session: Session, chat_key: str) -> OutboxMessage | None:
        stmt = (
            select(OutboxMessage)
            .where(OutboxMessage.chat_key == chat_key, OutboxMessage.status.in_(("pending", "sending")))
            .order_by(OutboxMessage.id)
            .limit(1)
        )
        return session.scalars(stmt).first()


def _engine(url: str, *, immediate: bool) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            # WAL: the web process appends events while workers read. NORMAL sync in WAL mode survives any
            # process crash; only a power cut can lose the last commits (FULL would fsync every commit).
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            # Writers wait for the lock in _take_write_lock; readers in WAL mode rarely wait at all.
            cursor.execute(f"PRAGMA busy_timeout={0 if immediate else 30000}")
            cursor.close()
            # We issue BEGIN ourselves (the sqlite3 module's implicit transactions are off).
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            raw = conn.connection.dbapi_connection
            if immediate:
                _take_write_lock(raw)
            else:
                raw.execute("BEGIN")

        return engine
    # At most 10 connections a process (a web process has 4 request threads, a worker 2 and its scheduler):
    # two web and two worker processes fit a small hosted plan.
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
