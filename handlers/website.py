"""Entering the district's website in the contest: its link, Facebook page, web admin and contact."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from handlers import messages as msg
from handlers import texts as T
from handlers.core import Context, Outcome, SubmitWebsite
from handlers.dialogue import END, Choice, ChoiceStep, Dialogue, Result, TextStep
from handlers.nomination import _check_name, _then, valid_link
from handlers.thaidate import arabic_digits, thai_date, thai_datetime

NAME = "website"
FACEBOOK_HOSTS = ("facebook.com", "fb.com", "fb.me")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
FIELDS = {"url": T.LABEL_WEB_URL, "facebook": T.LABEL_WEB_FACEBOOK, "admin": T.LABEL_WEB_ADMIN,
          "contact": T.LABEL_WEB_CONTACT}


def _host(link: str) -> str:
    return (urlsplit(link).hostname or "").lower().removeprefix("www.").removeprefix("m.")


def _is_facebook(link: str) -> bool:
    return any(_host(link) == h or _host(link).endswith("." + h) for h in FACEBOOK_HOSTS)


def _check_url(value: str) -> str | None:
    if not valid_link(value):
        return T.EVIDENCE_BAD_LINK.format(link=msg.shorten(value, 120))
    return T.WEB_IS_FACEBOOK if _is_facebook(value) else None


def _check_facebook(value: str) -> str | None:
    if not valid_link(value):
        return T.EVIDENCE_BAD_LINK.format(link=msg.shorten(value, 120))
    return None if _is_facebook(value) else T.WEB_NOT_FACEBOOK


def _check_contact(value: str) -> str | None:
    digits = re.sub(r"[\s\-()+]", "", arabic_digits(value))
    if digits.isdigit() and 9 <= len(digits) <= 12:
        return None
    return None if EMAIL.match(value) else T.WEB_BAD_CONTACT


def _close(ctx: Context) -> str:
    return thai_date(ctx.campaign.website_entries_close)


def _district(draft: dict, ctx: Context):
    return ctx.campaign.district(draft["district_id"])


def _review_text(draft, ctx):
    return T.WEB_REVIEW.format(url=draft["url"], facebook=draft.get("facebook") or T.LABEL_NONE,
                               admin=draft["admin"], contact=draft["contact"])


def _pick_review(value, draft, ctx):
    if value == "edit":
        return Result(next="edit")
    if value == "cancel":
        return Result(next=END, say=[msg.text(T.WEB_CANCELLED)])
    return confirm(draft, ctx)


def confirm(draft: dict, ctx: Context) -> Result:
    if ctx.now >= ctx.campaign.website_entries_close_at:
        return Result(next=END, say=[msg.text(T.WEB_CLOSED.format(close=_close(ctx)))])
    officer = ctx.officer
    if officer is None or officer.district_id != draft["district_id"]:
        return Result(next=END, say=[msg.text(T.WEB_NEEDS_REGISTRATION.format(
            province_office=ctx.campaign.province.office))])
    district = _district(draft, ctx)
    existing = ctx.directory.website_entry(district.id)
    revision = existing.revision + 1 if existing else 1
    reference = ctx.campaign.website_reference(district)
    content = {key: draft.get(key, "") for key in FIELDS}
    receipt = T.WEB_RECEIPT.format(reference=reference,
                                   revision=T.RECEIPT_REVISION.format(revision=revision) if revision > 1 else "",
                                   district=district.name, url=content["url"],
                                   submitted=thai_datetime(ctx.now, ctx.campaign.zone), close=_close(ctx))
    return Result(next=END, say=[msg.text(receipt)],
                  effects=[SubmitWebsite(district.id, reference, revision, content, ctx.now)])


def _no_facebook(value, draft, ctx):
    new = dict(draft, facebook="")
    return Result(next=_then("admin")(new, ctx), draft=new)


def _pick_edit(value, draft, ctx):
    return Result(next=value, draft=dict(draft, returning=True))


def _setter(field: str):
    def store(draft: dict, value: str) -> None:
        draft[field] = value
    return store


def build() -> Dialogue:
    steps = [
        TextStep("url", ask=lambda d, c: T.WEB_ASK_URL, store=_setter("url"), after=_then("facebook"),
                 goes_to=("facebook", "review"), limit=300, min_length=8, check=_check_url),
        ChoiceStep("facebook", dialogue=NAME, ask=lambda d, c: T.WEB_ASK_FACEBOOK,
                   choices=lambda d, c: [Choice("none", T.LABEL_NONE)],
                   pick=_no_facebook,
                   free_text=lambda v, d, c: FACEBOOK_TEXT.on_text(v, d, c), goes_to=("admin", "review")),
        TextStep("admin", ask=lambda d, c: T.WEB_ASK_ADMIN, store=_setter("admin"), after=_then("contact"),
                 goes_to=("contact", "review"), limit=100, min_length=2, check=_check_name),
        TextStep("contact", ask=lambda d, c: T.WEB_ASK_CONTACT, store=_setter("contact"), after=lambda d, c: "review",
                 goes_to=("review",), limit=120, min_length=5, check=_check_contact),
        ChoiceStep("review", dialogue=NAME, ask=_review_text,
                   choices=lambda d, c: [Choice("confirm", T.LABEL_CONFIRM), Choice("edit", T.LABEL_EDIT),
                                         Choice("cancel", T.LABEL_CANCEL)],
                   pick=_pick_review, goes_to=("edit", END)),
        ChoiceStep("edit", dialogue=NAME, ask=lambda d, c: T.WEB_ASK_EDIT,
                   choices=lambda d, c: [Choice(k, label) for k, label in FIELDS.items()],
                   pick=_pick_edit, goes_to=tuple(FIELDS)),
    ]

    def on_cancel(state, draft, ctx):
        return Outcome(messages=[msg.text(T.WEB_CANCELLED)], state=None)

    return Dialogue(NAME, steps, on_cancel=on_cancel)


FACEBOOK_TEXT = TextStep("facebook", ask=lambda d, c: T.WEB_ASK_FACEBOOK, store=_setter("facebook"),
                         after=_then("admin"), goes_to=("admin", "review"), limit=300, min_length=8,
                         check=_check_facebook)


def start(ctx: Context, dialogue: Dialogue) -> Outcome:
    campaign = ctx.campaign
    if ctx.now >= campaign.website_entries_close_at:
        return Outcome(messages=[msg.text(T.WEB_CLOSED.format(close=_close(ctx)))])
    officer = ctx.officer
    district = campaign.district(officer.district_id) if officer and officer.district_id else None
    if district is None:
        body = T.WEB_NEEDS_REGISTRATION.format(province_office=campaign.province.office)
        return Outcome(messages=[msg.text(body, [msg.say_item(T.LABEL_REGISTER)])])
    existing = ctx.directory.website_entry(district.id)
    if existing is not None:
        draft = {"district_id": district.id, **existing.content}
        intro = T.WEB_EDIT_INTRO.format(district=district.name, close=_close(ctx))
        return dialogue.begin("review", draft, ctx, say=[msg.text(intro)])
    intro = T.WEB_START.format(contest=campaign.contest.title, district=district.name, close=_close(ctx))
    return dialogue.begin("url", {"district_id": district.id}, ctx, say=[msg.text(intro)])
