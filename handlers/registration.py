"""Registration: an officer links their LINE account to a district with the code the province issued."""
from __future__ import annotations

import copy
import datetime as dt

from handlers import messages as msg
from handlers import texts as T
from handlers.core import Context, Outcome, RecordCodeAttempt, RegisterOfficer
from handlers.dialogue import END, Dialogue, Result, Step, clean_text, stay
from handlers.nomination import _check_name
from handlers.thaidate import arabic_digits, thai_datetime

NAME = "registration"
MAX_WRONG_CODES_PER_HOUR = 5
NAME_LIMIT = 100


def normalise_code(raw: str) -> str:
    """Codes are read off paper: ignore case, spaces and dashes, accept Thai digits."""
    return "".join(ch for ch in arabic_digits(raw).upper() if ch.isalnum())


class CodeStep(Step):
    def __init__(self):
        super().__init__("code", goes_to=("officer_name", END))

    def prompt(self, draft, ctx):
        return [msg.text(T.REG_ASK_CODE.format(province_office=ctx.campaign.province.office))]

    def on_text(self, value, draft, ctx):
        since = ctx.now - dt.timedelta(hours=1)
        failures = ctx.directory.failed_code_attempts(ctx.user_id, since)
        if len(failures) >= MAX_WRONG_CODES_PER_HOUR:
            return Result(next=END, say=[msg.text(_locked(failures, ctx))])
        code = normalise_code(value)
        district_id = ctx.directory.district_for_code(code) if 4 <= len(code) <= 16 else None
        district = ctx.campaign.district(district_id) if district_id else None
        if district is None:
            left = MAX_WRONG_CODES_PER_HOUR - len(failures) - 1
            if left <= 0:
                body = _locked(failures + [ctx.now], ctx)
                return Result(next=END, say=[msg.text(body)], effects=[RecordCodeAttempt(False)])
            result = stay(msg.text(T.REG_WRONG_CODE.format(left=left)), reprompt=False)
            result.effects.append(RecordCodeAttempt(False))
            return result
        new = dict(copy.deepcopy(draft), district_id=district.id)
        return Result(next="officer_name", draft=new, effects=[RecordCodeAttempt(True)])


def _locked(failures: list[dt.datetime], ctx: Context) -> str:
    first = min(failures)
    if first.tzinfo is None:
        first = first.replace(tzinfo=dt.timezone.utc)
    return T.REG_LOCKED.format(time=thai_datetime(first + dt.timedelta(hours=1), ctx.campaign.zone))


class OfficerNameStep(Step):
    def __init__(self):
        super().__init__("officer_name", goes_to=(END,))

    def prompt(self, draft, ctx):
        district = ctx.campaign.district(draft["district_id"])
        return [msg.text(T.REG_ASK_NAME.format(district=district.name))]

    def on_text(self, value, draft, ctx):
        name = clean_text(value)
        if len(name) > NAME_LIMIT:
            return stay(msg.text(T.TOO_LONG.format(limit=NAME_LIMIT, length=len(name))), reprompt=False)
        problem = _check_name(name)
        if problem:
            return stay(msg.text(problem))
        district = ctx.campaign.district(draft["district_id"])
        done = msg.text(T.REG_DONE.format(name=name, office=district.office), [msg.say_item(T.LABEL_NOMINATE)])
        return Result(next=END, say=[done], effects=[RegisterOfficer(district.id, name)])


def build() -> Dialogue:
    def on_cancel(state, draft, ctx):
        return Outcome(messages=[msg.text(T.REG_CANCELLED)], state=None)

    return Dialogue(NAME, [CodeStep(), OfficerNameStep()], on_cancel=on_cancel)


def start(ctx: Context, dialogue: Dialogue, code_typed: str | None = None) -> Outcome:
    """ลงทะเบียน [รหัส]: ask for the code, or check the one typed with the command."""
    say = []
    if ctx.officer and ctx.officer.district_id and ctx.campaign.district(ctx.officer.district_id):
        say.append(msg.text(T.REG_ALREADY.format(district=ctx.campaign.district(ctx.officer.district_id).name)))
    step = dialogue.steps["code"]
    if code_typed:
        state = {"dialogue": NAME, "step": "code", "draft": {}, "history": []}
        outcome = dialogue.apply(state, step, step.on_text(code_typed, {}, ctx), ctx)
    else:
        outcome = dialogue.begin("code", {}, ctx)
    outcome.messages = say + outcome.messages
    return outcome
