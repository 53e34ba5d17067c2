"""สถานะของฉัน: the officer's district at a glance, as a free reply."""
from __future__ import annotations

from handlers import messages as msg
from handlers import texts as T
from handlers.core import Context, Outcome
from handlers.thaidate import thai_date
from sheets import STATUS_PENDING


def deadline_line(ctx: Context) -> str:
    """How long nominations stay open, in one line (also on the admins' board)."""
    deadline = thai_date(ctx.campaign.nomination.deadline)
    left = (ctx.campaign.nominations_close_at - ctx.now).total_seconds() / 86400
    if left <= 0:
        return T.STATUS_CLOSED.format(deadline=deadline)
    if left <= 1:
        return T.STATUS_LAST_DAY.format(deadline=deadline)
    return T.STATUS_DAYS_LEFT.format(days=int(left), deadline=deadline)


def status(ctx: Context, state: dict | None) -> Outcome:
    campaign = ctx.campaign
    officer = ctx.officer
    district = campaign.district(officer.district_id) if officer and officer.district_id else None
    if district is None:
        return Outcome(messages=[msg.text(T.STATUS_NOT_REGISTERED, [msg.say_item(T.LABEL_REGISTER)])])
    active = ctx.directory.active_nomination(district.id)
    if active is not None:
        nomination = T.STATUS_NOMINATION_SENT.format(
            reference=active.reference, revision=f" ฉบับที่ {active.revision}" if active.revision > 1 else "",
            nominee=active.nominee, review=active.review_status or STATUS_PENDING)
    elif state and state.get("dialogue") == "nomination":
        nomination = T.STATUS_NOMINATION_DRAFT
    else:
        nomination = T.STATUS_NOMINATION_NONE
    days = deadline_line(ctx)
    entry = ctx.directory.website_entry(district.id)
    website = T.STATUS_WEBSITE_SENT.format(reference=entry.reference, url=entry.content.get("url", "")) if entry \
        else T.STATUS_WEBSITE_NONE
    body = T.STATUS.format(district=district.name, nomination=nomination, website=website, days=days)
    return Outcome(messages=[msg.text(body, [msg.choice_item(T.LABEL_NOMINATE, msg.postback_data(a="nominate"))])])
