"""The campaign: a province's districts, deadlines, categories and rubric, loaded from a TOML file."""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from functools import cached_property
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from bot.errors import CampaignError

# A year written this large is a Buddhist Era year (Thai staff write 2570, not 2027).
BE_THRESHOLD = 2400
BE_OFFSET = 543

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]


def gregorian(day: dt.date) -> dt.date:
    """A date written with a BE year becomes the same day in the Gregorian calendar."""
    if day.year >= BE_THRESHOLD:
        return day.replace(year=day.year - BE_OFFSET)
    return day


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Province(_Model):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,5}$")]
    name: Text
    office: Text
    unit: Text
    contact: Text | None = None
    # The provincial office's website host (the contest checklist looks for links to it).
    website_host: Annotated[str, StringConstraints(pattern=r"^[a-z0-9.-]+$")] | None = None


class District(_Model):
    # A province numbers its districts 1, 2, ...; a national round may use DOPA's four-digit codes (2001).
    number: int = Field(ge=1, le=9999)
    id: Slug
    name: Text

    @property
    def office(self) -> str:
        return f"สำนักงานพัฒนาชุมชนอำเภอ{self.name}"


class EligibilityQuestion(_Model):
    id: Slug
    question: Text
    refusal: Text


class Category(_Model):
    id: Slug
    label: Label
    description: Text


class Nomination(_Model):
    title: Text
    opens: dt.date
    deadline: dt.date
    max_works: int = Field(default=5, ge=1, le=5)
    max_photos_per_work: int = Field(default=10, ge=0, le=20)
    eligibility: list[EligibilityQuestion] = Field(min_length=1, max_length=5)
    categories: list[Category] = Field(min_length=1, max_length=10)

    @field_validator("opens", "deadline")
    @classmethod
    def _be_years(cls, value: dt.date) -> dt.date:
        return gregorian(value)

    @model_validator(mode="after")
    def _order(self):
        if self.deadline < self.opens:
            raise ValueError("deadline is before opens")
        _unique("categories", [c.id for c in self.categories])
        _unique("eligibility", [q.id for q in self.eligibility])
        return self


class Reminders(_Model):
    days_before: list[int] = Field(default_factory=lambda: [7, 3, 1, 0])
    at: Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] = "09:00"

    @field_validator("days_before")
    @classmethod
    def _non_negative(cls, days: list[int]) -> list[int]:
        if any(d < 0 or d > 60 for d in days):
            raise ValueError("days_before must be between 0 and 60")
        return sorted(set(days), reverse=True)


class Criterion(_Model):
    number: int = Field(ge=1)
    title: Text
    points: int = Field(ge=1, le=100)
    items: list[Text] = Field(default_factory=list)


class Judge(_Model):
    id: Slug
    name: Text


class Contest(_Model):
    title: Text
    results_by: dt.date
    # Last day a district may enter or change its website; by default the nomination deadline.
    entries_close: dt.date | None = None
    total_points: int = 100
    awards: list[Text] = Field(min_length=1, max_length=10)
    criteria: list[Criterion] = Field(min_length=1, max_length=20)
    judges: list[Judge] = Field(default_factory=list, max_length=30)
    # Equal totals are separated by these criteria's means, in order; still equal: a shared place.
    tie_break: list[int] = Field(default_factory=lambda: [4, 2])

    @field_validator("results_by", "entries_close")
    @classmethod
    def _be_years(cls, value: dt.date | None) -> dt.date | None:
        return gregorian(value) if value else value

    @model_validator(mode="after")
    def _points_add_up(self):
        total = sum(c.points for c in self.criteria)
        if total != self.total_points:
            raise ValueError(f"criteria points add up to {total}, not total_points {self.total_points}")
        _unique("criteria numbers", [c.number for c in self.criteria])
        _unique("judges", [j.id for j in self.judges])
        unknown = [n for n in self.tie_break if n not in {c.number for c in self.criteria}]
        if unknown:
            raise ValueError(f"tie_break names criteria that do not exist: {unknown}")
        return self


class Campaign(_Model):
    id: Slug
    name: Text
    fiscal_year: int = Field(ge=2500, le=2700, description="Buddhist Era fiscal year")
    timezone: str = "Asia/Bangkok"
    province: Province
    districts: list[District] = Field(min_length=1, max_length=1000)
    nomination: Nomination
    reminders: Reminders = Field(default_factory=Reminders)
    contest: Contest

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {name!r}") from None
        return name

    @model_validator(mode="after")
    def _unique_districts(self):
        _unique("district ids", [d.id for d in self.districts])
        _unique("district numbers", [d.number for d in self.districts])
        _unique("district names", [d.name for d in self.districts])
        return self

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def _districts_by_id(self) -> dict[str, District]:
        return {d.id: d for d in self.districts}

    def district(self, district_id: str) -> District | None:
        return self._districts_by_id.get(district_id)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.nomination.categories if c.id == category_id), None)

    @property
    def nominations_open_at(self) -> dt.datetime:
        """First instant (aware) at which nominations are accepted."""
        return dt.datetime.combine(self.nomination.opens, dt.time(0, 0), self.zone)

    @property
    def nominations_close_at(self) -> dt.datetime:
        """The deadline is the whole deadline day in the campaign's time zone."""
        return dt.datetime.combine(self.nomination.deadline + dt.timedelta(days=1), dt.time(0, 0), self.zone)

    def days_to_deadline(self, now: dt.datetime) -> int:
        """Calendar days from today (in the campaign's time zone) to the deadline day; 0 on the day itself."""
        return (self.nomination.deadline - now.astimezone(self.zone).date()).days

    @property
    def website_entries_close(self) -> dt.date:
        return self.contest.entries_close or self.nomination.deadline

    @property
    def website_entries_close_at(self) -> dt.datetime:
        return dt.datetime.combine(self.website_entries_close + dt.timedelta(days=1), dt.time(0, 0), self.zone)

    def website_reference(self, district: District) -> str:
        return f"{self.province.code}-{self.fiscal_year}-WEB-{district.number:02d}"

    @property
    def mission_topics(self) -> list[str]:
        """What criterion 2 lists (the Department's mission work): the checklist looks for these on a site."""
        criterion = next((c for c in self.contest.criteria if c.number == 2), None)
        topics = []
        for item in criterion.items if criterion else []:
            topics.append(item)
            topics += re.findall(r"\(([^)]+)\)", item)
        return topics

    def nomination_reference(self, district: District) -> str:
        return f"{self.province.code}-{self.fiscal_year}-IT-{district.number:02d}"


def _unique(what: str, values: list) -> None:
    seen = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} repeat {value!r}")
        seen.add(value)


def load_campaign(path: Path) -> Campaign:
    """Read and validate a campaign file; every problem is reported with where it is."""
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except OSError as exc:
        raise CampaignError(f"{path}: cannot read the campaign file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise CampaignError(f"{path}: not valid TOML: {exc}") from None
    try:
        return Campaign.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}" for err in exc.errors()
        )
        raise CampaignError(f"{path}: {problems}") from None
