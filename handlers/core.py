"""The values a handler takes and returns; none of them touch LINE, Google or the database."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from bot.campaign import Campaign


@dataclass(frozen=True)
class Photo:
    """An image the officer sent; `file_name` is None when its content could not be fetched."""

    message_id: str
    file_name: str | None


@dataclass(frozen=True)
class Turn:
    """One thing a user did, reduced to what the dialogues need."""

    kind: str  # text, postback, image, sticker, location, video, audio, file, follow, unfollow, join, other
    chat_type: str  # user, group, room
    chat_id: str
    user_id: str | None = None
    text: str | None = None
    postback: str | None = None
    photo: Photo | None = None


@dataclass(frozen=True)
class OfficerView:
    user_id: str
    district_id: str | None
    name: str | None
    is_admin: bool = False


@dataclass(frozen=True)
class ActiveNomination:
    reference: str
    revision: int
    nominee: str
    submitted_at: dt.datetime
    content: dict = field(default_factory=dict)
    review_status: str | None = None
    review_comment: str | None = None


class Directory(Protocol):
    """Read-only look-ups a handler may make; the bot layer answers them from the database."""

    def district_for_code(self, code: str) -> str | None: ...

    def failed_code_attempts(self, user_id: str, since: dt.datetime) -> list[dt.datetime]: ...

    def active_nomination(self, district_id: str) -> ActiveNomination | None: ...

    def chat_notified(self, chat_id: str) -> bool: ...

    def website_entry(self, district_id: str) -> WebsiteView | None: ...

    # For provincial admins:
    def district_board(self) -> list: ...

    def recent_broadcasts(self, count: int) -> list[tuple[str, str, str | None]]: ...

    def message_usage(self) -> tuple[int | None, int] | None: ...

    def audience(self, district_ids: list[str] | None) -> int: ...

    def reminder_audience(self) -> tuple[int, int, int]: ...

    def role_models(self) -> list: ...

    def groups(self) -> list[GroupView]: ...

    def judging(self) -> "JudgingView | None": ...

    def group_members(self, group_ids: list[str]) -> int | None: ...


@dataclass(frozen=True)
class Context:
    campaign: Campaign
    now: dt.datetime  # aware
    user_id: str | None
    officer: OfficerView | None
    directory: Directory


# --- effects: what the bot layer must make durable, in the same transaction as the new state ------
@dataclass(frozen=True)
class RegisterOfficer:
    district_id: str
    name: str


@dataclass(frozen=True)
class RecordCodeAttempt:
    succeeded: bool


@dataclass(frozen=True)
class SubmitNomination:
    """Make a confirmed nomination the district's active one; `revision` 1 is the first."""

    district_id: str
    reference: str
    revision: int
    content: dict
    submitted_at: dt.datetime


@dataclass(frozen=True)
class SubmitWebsite:
    """Enter (or change) the district's website in the contest; `revision` 1 is the first."""

    district_id: str
    reference: str
    revision: int
    content: dict
    submitted_at: dt.datetime


@dataclass(frozen=True)
class WebsiteView:
    reference: str
    revision: int
    content: dict
    submitted_at: dt.datetime


@dataclass(frozen=True)
class MarkChatNotified:
    chat_id: str


@dataclass(frozen=True)
class LinkGroup:
    group_id: str
    district_id: str


@dataclass(frozen=True)
class SetGroupEnabled:
    group_id: str
    enabled: bool


@dataclass(frozen=True)
class JudgingView:
    """Where the committee is: districts fully scored, bad cells, closed or not, and the awards if closed."""

    complete: int
    total: int
    closed: bool
    problem_rows: tuple[int, ...]
    awards: tuple[tuple[str, str, float], ...]  # (award, district name, score), when judging is closed


@dataclass(frozen=True)
class CloseJudging:
    pass


@dataclass(frozen=True)
class GroupView:
    group_id: str
    district_id: str
    enabled: bool


@dataclass(frozen=True)
class SetFollowing:
    following: bool


UNCHANGED = object()


@dataclass
class Outcome:
    """What to say, the user's next conversation state (None ends it), and what to make durable."""

    messages: list[dict] = field(default_factory=list)
    state: object = UNCHANGED
    effects: list = field(default_factory=list)
