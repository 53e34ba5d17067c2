"""What provincial admins can ask of the bot in the chat: a status board, notices and reminders."""
from __future__ import annotations

import re
from dataclasses import dataclass

from handlers import messages as msg
from handlers import texts as T
from handlers.core import Context, Outcome
from handlers.status import deadline_line
from handlers.dialogue import END, Choice, ChoiceStep, Dialogue, Result, Step, TextStep, keyword, stay
from handlers.thaidate import arabic_digits

NAME = "admin"
NOTICE_LIMIT = 1000


@dataclass(frozen=True)
class DistrictStatus:
    number: int
    name: str
    officers: int
    drafts: int
    reference: str | None
    review: str | None
    website: bool = False


@dataclass(frozen=True)
class Announce:
    """Effect: send this notice to the registered officers of these districts (None: all)."""

    text: str
    district_ids: tuple[str, ...] | None


@dataclass(frozen=True)
class RemindNow:
    """Effect: send the deadline reminder now to everyone who still owes a nomination."""


def is_admin(ctx: Context) -> bool:
    return bool(ctx.officer and ctx.officer.is_admin)


@dataclass(frozen=True)
class RoleModel:
    district_id: str
    district: str
    nominee: str
    position: str
    submitted_by: str


@dataclass(frozen=True)
class AnnounceResults:
    """Effect: the results card to every registered officer, and a congratulation to each role model's sender."""

    awards: tuple = ()  # the contest's (award, district, score), when judging is closed


def command(word: str) -> str | None:
    for name, options in (("board", T.WORDS_BOARD), ("announce", T.WORDS_ANNOUNCE), ("remind", T.WORDS_REMIND),
                          ("results", T.WORDS_RESULTS), ("groups", T.WORDS_GROUPS),
                          ("close-judging", T.WORDS_CLOSE_JUDGING)):
        if word in options:
            return name
    return None


# --- สรุป ----------------------------------------------------------------------------------------------
def board(ctx: Context) -> Outcome:
    campaign, directory = ctx.campaign, ctx.directory
    rows = directory.district_board()
    lines = []
    for row in rows:
        if row.reference:
            state = T.BOARD_NOMINATION_SENT.format(review=row.review or "รอตรวจสอบ")
        elif row.drafts:
            state = T.BOARD_NOMINATION_DRAFT
        else:
            state = T.BOARD_NOMINATION_NONE
        lines.append(T.BOARD_LINE.format(number=row.number, district=row.name, officers=row.officers, nomination=state,
                                         website=T.BOARD_WEBSITE if row.website else ""))
    header = T.BOARD_HEADER.format(title=campaign.nomination.title, days=deadline_line(ctx), usage=_usage(ctx))
    footer = T.BOARD_FOOTER.format(sent=sum(1 for r in rows if r.reference), total=len(rows),
                                   websites=sum(1 for r in rows if r.website))
    recent = directory.recent_broadcasts(5)
    sends = "\n".join(T.BOARD_SEND_LINE.format(summary=summary, status=T.BROADCAST_STATUS.get(status, status) +
                                               (f" ({note})" if note else ""))
                      for summary, status, note in recent)
    judging = directory.judging()
    if judging is None:
        contest = [T.BOARD_JUDGING_UNKNOWN]
    else:
        contest = [T.BOARD_JUDGING.format(complete=judging.complete, total=judging.total,
                                          state=T.JUDGING_CLOSED if judging.closed else T.JUDGING_OPEN)]
        if judging.problem_rows:
            contest.append(T.BOARD_SCORE_PROBLEMS.format(rows=", ".join(f"แถว {r}" for r in judging.problem_rows[:20])))
    body = "\n".join([header, "", *lines, "", footer, *contest] + ([T.BOARD_LAST_SENDS, sends] if recent else []))
    return Outcome(messages=_chunks(body))


def _chunks(body: str, size: int = 4800) -> list[dict]:
    """A national board can be long: split at line ends into texts LINE accepts (5 at most per reply)."""
    parts, current = [], ""
    for line in body.split("\n"):
        if len(current) + len(line) + 1 > size:
            parts.append(current)
            current = ""
        current += line + "\n"
    parts.append(current)
    return [msg.text(part.strip()) for part in parts[:5]]


def _usage(ctx: Context) -> str:
    usage = ctx.directory.message_usage()
    if usage is None:
        return T.BOARD_USAGE_UNKNOWN
    limit, used = usage
    return T.BOARD_USAGE_UNLIMITED.format(used=used) if limit is None else T.BOARD_USAGE.format(used=used, limit=limit)


def _left(ctx: Context) -> tuple[str, int | None]:
    usage = ctx.directory.message_usage()
    if usage is None:
        return T.COST_LEFT_UNKNOWN, None
    limit, used = usage
    if limit is None:
        return T.COST_LEFT_UNLIMITED, None
    return f"{max(limit - used, 0):,}", max(limit - used, 0)


# --- ประกาศ and แจ้งเตือน, as a dialogue --------------------------------------------------------------------
def _targets_text(draft: dict, ctx: Context) -> str:
    ids = draft.get("districts")
    if not ids:
        return T.TARGETS_ALL
    return T.TARGETS_SOME.format(names=", ".join(ctx.campaign.district(i).name for i in ids))


def _ask_targets(draft, ctx):
    listing = "\n".join(f"{d.number}. {d.name}" for d in ctx.campaign.districts)
    return T.NOTICE_ASK_TARGETS.format(districts=listing)


def _pick_targets(value, draft, ctx):
    return Result(next="notice_confirm", draft=dict(draft, districts=None))


def _typed_targets(value, draft, ctx):
    numbers = re.findall(r"\d+", arabic_digits(value))
    by_number = {d.number: d.id for d in ctx.campaign.districts}
    bad = [n for n in numbers if int(n) not in by_number]
    if not numbers or bad:
        return stay(msg.text(T.NOTICE_BAD_TARGETS.format(bad=", ".join(bad) or value[:40])), reprompt=False)
    chosen = list(dict.fromkeys(by_number[int(n)] for n in numbers))
    return Result(next="notice_confirm", draft=dict(draft, districts=chosen))


class ConfirmStep(Step):
    """Shows exactly what recipients will get and what it costs; sends only on ส่ง."""

    expects = "choice"

    def __init__(self, name: str, goes_to: tuple[str, ...]):
        super().__init__(name, goes_to)

    def preview(self, draft, ctx) -> tuple[list[dict], int]:
        raise NotImplementedError

    def groups(self, draft, ctx) -> tuple[int, int | None]:
        """Enabled district groups this send also reaches, and their members (each member is one message)."""
        return 0, 0

    def effect(self, draft, ctx):
        raise NotImplementedError

    def prompt(self, draft, ctx):
        shown, recipients = self.preview(draft, ctx)
        if recipients == 0:
            return shown
        left, _ = _left(ctx)
        cost = T.COST.format(recipients=recipients, targets=_targets_text(draft, ctx), left=left)
        group_count, members = self.groups(draft, ctx)
        if group_count:
            cost += T.COST_GROUPS.format(groups=group_count, members=members if members is not None else "?")
        step = {"d": NAME, "s": self.name}
        buttons = [msg.choice_item(T.LABEL_SEND, msg.postback_data(**step, v="send")),
                   msg.choice_item(T.LABEL_CANCEL, msg.postback_data(**step, v="cancel"))]
        return shown + [msg.text(cost, buttons)]

    def on_text(self, value, draft, ctx):
        word = keyword(value)
        if word == keyword(T.LABEL_SEND):
            return self.on_choice("send", draft, ctx)
        return stay(msg.text(T.CHOOSE_FROM_BUTTONS), reprompt=False)

    def on_choice(self, value, draft, ctx):
        if value == "cancel":
            return Result(next=END, say=[msg.text(T.NOTICE_CANCELLED)])
        if value != "send":
            return stay(msg.text(T.STALE_BUTTON), reprompt=False)
        _, recipients = self.preview(draft, ctx)
        if recipients == 0:
            return Result(next=END, say=[msg.text(T.NOTICE_NOBODY)])
        _, left = _left(ctx)
        _, members = self.groups(draft, ctx)
        needed = recipients + (members or 0)
        if left is not None and needed > left:
            return Result(next=END, say=[msg.text(T.OVER_QUOTA.format(needed=needed, left=left))])
        return Result(next=END, say=[msg.text(T.NOTICE_SENT.format(recipients=recipients))],
                      effects=[self.effect(draft, ctx)])


class NoticeConfirm(ConfirmStep):
    def __init__(self):
        super().__init__("notice_confirm", goes_to=(END,))

    def preview(self, draft, ctx):
        recipients = ctx.directory.audience(draft.get("districts"))
        if recipients == 0:
            return [msg.text(T.NOTICE_NOBODY)], 0
        return [msg.text(T.NOTICE_PREVIEW_INTRO), notice_message(ctx.campaign, draft["text"])], recipients

    def effect(self, draft, ctx):
        districts = draft.get("districts")
        return Announce(draft["text"], tuple(districts) if districts else None)

    def groups(self, draft, ctx):
        return _enabled_groups(ctx, draft.get("districts"))


class RemindConfirm(ConfirmStep):
    def __init__(self):
        super().__init__("remind_confirm", goes_to=(END,))

    def preview(self, draft, ctx):
        fresh, drafting, districts = ctx.directory.reminder_audience()
        if fresh + drafting == 0:
            return [msg.text(T.REMIND_NOBODY)], 0
        intro = T.REMIND_PREVIEW.format(districts=districts, fresh=fresh, drafting=drafting)
        from handlers.reminders import reminder

        days_left = ctx.campaign.days_to_deadline(ctx.now)
        return [msg.text(intro), *reminder(ctx.campaign, days_left, has_draft=False)], fresh + drafting

    def effect(self, draft, ctx):
        return RemindNow()


class ResultsConfirm(ConfirmStep):
    def __init__(self):
        super().__init__("results_confirm", goes_to=(END,))

    def preview(self, draft, ctx):
        models = ctx.directory.role_models()
        awards = _awards(ctx)
        if not models and not awards:
            return [msg.text(T.RESULTS_NONE)], 0
        shown = [msg.text(T.NOTICE_PREVIEW_INTRO), results_card(ctx.campaign, models, awards)]
        missing = [d.name for d in ctx.campaign.districts if d.id not in {m.district_id for m in models}]
        if missing:
            shown.append(msg.text(T.RESULTS_NOT_ALL.format(missing=len(missing), names=", ".join(missing))))
        return shown, ctx.directory.audience(None) + len(models)

    def effect(self, draft, ctx):
        return AnnounceResults(_awards(ctx))

    def groups(self, draft, ctx):
        return _enabled_groups(ctx, None)


def _awards(ctx: Context) -> tuple:
    judging = ctx.directory.judging()
    return judging.awards if judging and judging.closed else ()


def _enabled_groups(ctx: Context, district_ids: list[str] | None) -> tuple[int, int | None]:
    chosen = [g.group_id for g in ctx.directory.groups()
              if g.enabled and (district_ids is None or g.district_id in district_ids)]
    return (len(chosen), ctx.directory.group_members(chosen)) if chosen else (0, 0)


RESULTS_ROWS = 25  # what one Flex bubble holds well inside LINE's 30 KB


def results_card(campaign, models: list[RoleModel], awards: tuple = ()) -> dict:
    """The role models as one Flex bubble: district, name, position (a long list says how many more)."""
    rows = []
    for model in models[:RESULTS_ROWS]:
        rows.append({"type": "box", "layout": "vertical", "margin": "md", "contents": [
            {"type": "text", "text": f"อำเภอ{model.district}", "size": "xs", "color": "#888888"},
            {"type": "text", "text": model.nominee, "weight": "bold", "size": "sm", "wrap": True},
            {"type": "text", "text": msg.shorten(model.position, 80), "size": "xs", "wrap": True, "color": "#555555"},
        ]})
    bubble = {
        "type": "bubble", "size": "giga",
        "header": {"type": "box", "layout": "vertical", "backgroundColor": "#06C755", "contents": [
            {"type": "text", "text": T.RESULTS_HEADER, "color": "#FFFFFF", "weight": "bold", "size": "lg"},
            {"type": "text", "text": T.RESULTS_ROLE_MODELS.format(title=campaign.nomination.title,
                                                                  year=f"ปีงบประมาณ พ.ศ. {campaign.fiscal_year}"),
             "color": "#FFFFFF", "size": "sm", "wrap": True}]},
        "body": {"type": "box", "layout": "vertical", "contents": rows + ([
            {"type": "text", "text": T.RESULTS_MORE.format(count=len(models) - RESULTS_ROWS), "size": "sm",
             "wrap": True, "margin": "md"}] if len(models) > RESULTS_ROWS else []) + [
            {"type": "separator", "margin": "lg"}] + _contest_rows(awards) + [
            {"type": "text", "text": T.RESULTS_CERTIFICATE, "size": "xs", "wrap": True, "margin": "sm"}]},
    }
    return msg.flex(T.RESULTS_ALT.format(title=campaign.nomination.title), bubble)


def _contest_rows(awards: tuple) -> list[dict]:
    if not awards:
        return [{"type": "text", "text": T.RESULTS_CONTEST_PENDING, "size": "xs", "wrap": True, "margin": "md",
                 "color": "#555555"}]
    lines = [{"type": "text", "text": T.RESULTS_CONTEST_HEADER, "weight": "bold", "size": "sm", "margin": "md"}]
    lines += [{"type": "text", "text": T.RESULTS_AWARD_LINE.format(award=award, district=district, score=f"{score:g}"),
               "size": "sm", "wrap": True} for award, district, score in awards]
    return lines


def congratulation(campaign, model: RoleModel) -> dict:
    return msg.text(T.CONGRATULATION.format(nominee=model.nominee, title=campaign.nomination.title,
                                            district=model.district))


def notice_message(campaign, text: str) -> dict:
    return msg.text(T.NOTICE.format(province_office=campaign.province.office, text=text))


def build() -> Dialogue:
    steps = [
        TextStep("notice_text", ask=lambda d, c: T.NOTICE_ASK_TEXT.format(limit=NOTICE_LIMIT),
                 store=lambda d, v: d.__setitem__("text", v), after=lambda d, c: "notice_targets",
                 goes_to=("notice_targets",), limit=NOTICE_LIMIT, min_length=2),
        ChoiceStep("notice_targets", dialogue=NAME, ask=_ask_targets,
                   choices=lambda d, c: [Choice("all", T.LABEL_ALL_DISTRICTS)], pick=_pick_targets,
                   free_text=_typed_targets, goes_to=("notice_confirm",)),
        NoticeConfirm(),
        RemindConfirm(),
        ResultsConfirm(),
    ]

    def on_cancel(state, draft, ctx):
        return Outcome(messages=[msg.text(T.NOTICE_CANCELLED)], state=None)

    return Dialogue(NAME, steps, on_cancel=on_cancel)


def groups(ctx: Context) -> Outcome:
    """กลุ่ม: the districts' groups and whether announcements reach them, with a button to switch each."""
    found = ctx.directory.groups()
    if not found:
        return Outcome(messages=[msg.text(T.GROUPS_NONE)])
    lines, buttons = [T.GROUPS_HEADER], []
    for group in found:
        name = ctx.campaign.district(group.district_id).name if ctx.campaign.district(group.district_id) else "-"
        lines.append(T.GROUPS_LINE.format(district=name, state=T.GROUP_ON if group.enabled else T.GROUP_OFF))
        label = (T.LABEL_GROUP_DISABLE if group.enabled else T.LABEL_GROUP_ENABLE).format(district=name)
        buttons.append(msg.choice_item(label, msg.postback_data(a="group", g=group.group_id,
                                                                on="0" if group.enabled else "1")))
    return Outcome(messages=[msg.text("\n".join(lines), buttons)])


def toggle_group(data: dict, ctx: Context) -> Outcome:
    """A switch from the กลุ่ม list: announcements start (or stop) reaching that district's group."""
    from handlers.core import SetGroupEnabled

    group = next((g for g in ctx.directory.groups() if g.group_id == data.get("g")), None)
    if group is None or data.get("on") not in ("0", "1"):
        return Outcome(messages=[msg.text(T.STALE_BUTTON)])
    enabled = data["on"] == "1"
    district = ctx.campaign.district(group.district_id)
    body = T.GROUP_SWITCHED.format(district=district.name if district else "-",
                                   state=T.GROUP_ON if enabled else T.GROUP_OFF)
    return Outcome(messages=[msg.text(body)], effects=[SetGroupEnabled(group.group_id, enabled)])


def start(name: str, ctx: Context, dialogue: Dialogue) -> Outcome:
    if name == "board":
        return board(ctx)
    if name == "groups":
        return groups(ctx)
    if name == "close-judging":
        from handlers.core import CloseJudging

        return Outcome(messages=[msg.text(T.JUDGING_CLOSED_NOW)], effects=[CloseJudging()])
    if name == "announce":
        return dialogue.begin("notice_text", {}, ctx)
    if name == "results":
        outcome = dialogue.begin("results_confirm", {}, ctx)
        if "quickReply" not in outcome.messages[-1]:
            outcome.state = None
        return outcome
    if ctx.now >= ctx.campaign.nominations_close_at:
        return Outcome(messages=[msg.text(T.REMIND_CLOSED)])
    outcome = dialogue.begin("remind_confirm", {}, ctx)
    if "quickReply" not in outcome.messages[-1]:
        outcome.state = None  # nobody to remind: nothing to confirm
    return outcome


