"""The nomination dialogue: nominee, eligibility, skills, works with evidence, review and confirm."""
from __future__ import annotations

import copy
import re
import unicodedata
from urllib.parse import urlsplit

from handlers import messages as msg
from handlers import texts as T
from handlers.cards import review_card
from handlers.core import Context, Outcome, SubmitNomination
from handlers.dialogue import END, Choice, ChoiceStep, Dialogue, Result, Step, TextStep, clean_text, keyword, stay
from handlers.notices import NEEDS_FIX
from handlers.thaidate import thai_date, thai_datetime

NAME = "nomination"
LIMITS = {"title": 40, "name": 100, "position": 150, "office": 200, "skills": 1000, "work_title": 200,
          "work_result": 1000, "link": 1000}
MAX_LINKS_PER_WORK = 10
URL_PATTERN = re.compile(r"https?://\S*", re.IGNORECASE)
BARE_DOMAIN = re.compile(r"^(www\.)?[\w-]+(\.[\w-]+)+(/\S*)?$")
HOST_PATTERN = re.compile(r"^[\w-]+(\.[\w-]+)+$")


# --- draft helpers ---------------------------------------------------------------------------------
def new_draft(district_id: str) -> dict:
    return {"district_id": district_id, "works": [], "cursor": 0, "returning": False, "eligible": {}}


def _district_name(draft: dict, ctx: Context) -> str:
    district = ctx.campaign.district(draft["district_id"])
    return district.name if district else draft["district_id"]


def _work(draft: dict) -> dict:
    return draft["works"][draft["cursor"]]


def _number(draft: dict) -> int:
    return draft["cursor"] + 1


def _then(default: str):
    """After a field: back to the review card if the officer came from there, else onwards."""
    def after(draft: dict, ctx: Context) -> str:
        if draft.get("returning"):
            draft["returning"] = False
            return "review"
        return default(draft, ctx) if callable(default) else default
    return after


def _first_eligibility(draft: dict, ctx: Context) -> str:
    return f"eligible-{ctx.campaign.nomination.eligibility[0].id}"


def _setter(field: str):
    def store(draft: dict, value: str) -> None:
        draft[field] = value
    return store


def _work_setter(field: str):
    def store(draft: dict, value: str) -> None:
        _work(draft)[field] = value
    return store


def _check_name(value: str) -> str | None:
    letters = sum(1 for ch in value if unicodedata.category(ch)[0] in "LM")
    if letters < 2 or URL_PATTERN.search(value):
        return T.NAME_NEEDS_LETTERS
    return None


def _no_links(value: str) -> str | None:
    return T.NO_LINKS_HERE if URL_PATTERN.search(value) else None


def valid_link(link: str) -> bool:
    """An http(s) link with a real-looking host: what staff can open from the sheet."""
    if len(link) > LIMITS["link"] or any(ch.isspace() for ch in link):
        return False
    try:
        parts = urlsplit(link)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return False
    host = parts.hostname or ""
    return parts.scheme.lower() in ("http", "https") and bool(HOST_PATTERN.match(host)) and not parts.username


def _trim_link(link: str) -> str:
    # Links pasted in Thai sentences often end with punctuation that is not part of them.
    return link.rstrip(".,;:!?)]}>\"'”’")


# --- the evidence step: links and photos, until "เสร็จแล้ว" ---------------------------------------
class EvidenceStep(Step):
    expects = "evidence"
    accepts_image = True

    def __init__(self):
        super().__init__("work_evidence", goes_to=("more_works", "review"))

    def prompt(self, draft, ctx):
        return [msg.text(T.ASK_EVIDENCE.format(number=_number(draft)), self._quick(draft))]

    def _quick(self, draft):
        return [msg.say_item(T.LABEL_DONE)] if _work(draft).get("links") else None

    def _added(self, draft):
        work = _work(draft)
        body = T.EVIDENCE_ADDED.format(links=len(work["links"]), photos=len(work["photos"]))
        return msg.text(body, self._quick(draft))

    def on_text(self, value, draft, ctx):
        if keyword(value) in T.WORDS_DONE:
            if not _work(draft)["links"]:
                return stay(msg.text(T.EVIDENCE_NEED_LINK), reprompt=False)
            if draft.get("returning"):
                return Result(next="review", draft=dict(draft, returning=False))
            return Result(next="more_works")
        text = clean_text(value)
        found = [_trim_link(link) for link in URL_PATTERN.findall(text)]
        if not found:
            word = text.split()[0] if text.split() else ""
            if BARE_DOMAIN.match(word):
                return stay(msg.text(T.EVIDENCE_ADD_SCHEME.format(link=msg.shorten(word, 80))), reprompt=False)
            return stay(msg.text(T.EVIDENCE_NO_LINK_FOUND, self._quick(draft)), reprompt=False)
        bad = next((link for link in found if not valid_link(link)), None)
        if bad:
            return stay(msg.text(T.EVIDENCE_BAD_LINK.format(link=msg.shorten(bad, 120))), reprompt=False)
        new = copy.deepcopy(draft)
        links = _work(new)["links"]
        for link in found:
            if link not in links:
                links.append(link)
        if len(links) > MAX_LINKS_PER_WORK:
            return stay(msg.text(T.EVIDENCE_TOO_MANY_LINKS.format(limit=MAX_LINKS_PER_WORK)), reprompt=False)
        return stay(self._added(new), draft=new, reprompt=False)

    def on_photo(self, photo, draft, ctx):
        if photo.file_name is None:
            return stay(msg.text(T.EVIDENCE_PHOTO_FAILED), reprompt=False)
        limit = ctx.campaign.nomination.max_photos_per_work
        if len(_work(draft)["photos"]) >= limit:
            return stay(msg.text(T.EVIDENCE_TOO_MANY_PHOTOS.format(limit=limit)), reprompt=False)
        new = copy.deepcopy(draft)
        _work(new)["photos"].append(photo.file_name)
        return stay(self._added(new), draft=new, reprompt=False)


# --- the review card and what follows it ------------------------------------------------------------
class ReviewStep(Step):
    expects = "choice"

    def __init__(self):
        super().__init__("review", goes_to=("edit_menu", "confirm_replace", "confirm_cancel", END))

    def prompt(self, draft, ctx):
        card = review_card(draft, ctx.campaign, _district_name(draft, ctx))
        return [msg.flex(T.REVIEW_ALT, card), msg.text(T.REVIEW_HINT, _review_quick())]

    def on_text(self, value, draft, ctx):
        word = keyword(value)
        for label, action in ((T.LABEL_CONFIRM, "confirm"), (T.LABEL_EDIT, "edit")):
            if word == keyword(label):
                return self.on_choice(action, draft, ctx)
        return stay(msg.text(T.CHOOSE_FROM_BUTTONS), reprompt=False)

    def on_choice(self, value, draft, ctx):
        if value == "confirm":
            return confirm(draft, ctx, replace=False)
        if value == "edit":
            return Result(next="edit_menu")
        if value == "cancel":
            return Result(next="confirm_cancel", draft=dict(draft, resume="review"))
        return stay(msg.text(T.STALE_BUTTON), reprompt=False)


def _review_quick() -> list[dict]:
    step = {"d": NAME, "s": "review"}
    return [
        msg.choice_item(T.LABEL_CONFIRM, msg.postback_data(**step, v="confirm")),
        msg.choice_item(T.LABEL_EDIT, msg.postback_data(**step, v="edit")),
        msg.choice_item(T.LABEL_CANCEL, msg.postback_data(**step, v="cancel")),
    ]


def confirm(draft: dict, ctx: Context, *, replace: bool) -> Result:
    """Confirm: closed after the deadline; only the district's own officer; replacing needs a yes."""
    if ctx.now >= ctx.campaign.nominations_close_at:
        deadline = thai_date(ctx.campaign.nomination.deadline)
        return Result(next=END, say=[msg.text(T.NOM_CLOSED.format(deadline=deadline))])
    officer = ctx.officer
    if officer is None or officer.district_id != draft["district_id"]:
        officer_district = ctx.campaign.district(officer.district_id) if officer and officer.district_id else None
        body = T.WRONG_DISTRICT.format(
            draft_district=_district_name(draft, ctx),
            officer_district=officer_district.name if officer_district else "-",
        )
        return Result(next=END, say=[msg.text(body)])
    district = ctx.campaign.district(draft["district_id"])
    active = ctx.directory.active_nomination(district.id)
    if active and not replace and draft.get("revising") != active.reference:
        return Result(next="confirm_replace")
    reference = ctx.campaign.nomination_reference(district)
    revision = active.revision + 1 if active else 1
    content = nomination_content(draft, ctx)
    receipt = T.RECEIPT.format(
        reference=reference,
        revision=T.RECEIPT_REVISION.format(revision=revision) if revision > 1 else "",
        nominee=content["nominee"],
        district=district.name,
        submitted=thai_datetime(ctx.now, ctx.campaign.zone),
    )
    effect = SubmitNomination(district.id, reference, revision, content, ctx.now)
    return Result(next=END, say=[msg.text(receipt)], effects=[effect])


def nomination_content(draft: dict, ctx: Context) -> dict:
    """What is kept and written to the review sheet: the draft without the dialogue's bookkeeping."""
    return {
        "district_id": draft["district_id"],
        "title": draft["title"],
        "name": draft["name"],
        "nominee": f"{draft['title']}{draft['name']}",
        "position": draft["position"],
        "office": draft["office"],
        "eligible": draft["eligible"],
        "skills": draft["skills"],
        "works": draft["works"],
        "submitter_name": ctx.officer.name if ctx.officer else None,
    }


# --- the dialogue, declared ---------------------------------------------------------------------------
def _category_choices(draft, ctx):
    return [Choice(c.id, c.label) for c in ctx.campaign.nomination.categories]


def _ask_category(draft, ctx):
    lines = [f"{n}. {c.label}: {c.description}" for n, c in enumerate(ctx.campaign.nomination.categories, start=1)]
    return T.ASK_CATEGORY.format(number=_number(draft), choices="\n".join(lines))


def _pick_category(value, draft, ctx):
    new = copy.deepcopy(draft)
    work = {"category": value, "title": "", "result": "", "links": [], "photos": []}
    if new["cursor"] < len(new["works"]):
        new["works"][new["cursor"]] = work
    else:
        new["works"].append(work)
    return Result(next="work_title", draft=new)


def _more_choices(draft, ctx):
    return [Choice("add", T.LABEL_ADD_WORK), Choice("review", T.LABEL_TO_REVIEW)]


def _pick_title(value, draft, ctx):
    new = dict(draft, title=value)
    return Result(next=_then("name")(new, ctx), draft=new)


def _pick_more(value, draft, ctx):
    if value == "add":
        if len(draft["works"]) >= ctx.campaign.nomination.max_works:
            limit = ctx.campaign.nomination.max_works
            return Result(next="review", say=[msg.text(T.WORKS_FULL.format(limit=limit))])
        return Result(next="work_category", draft=dict(draft, cursor=len(draft["works"])))
    return Result(next="review")


def _ask_more(draft, ctx):
    return T.ASK_MORE_WORKS.format(number=_number(draft), limit=ctx.campaign.nomination.max_works)


FIELD_STEPS = {"title": T.LABEL_EDIT_TITLE, "name": T.LABEL_EDIT_NAME, "position": T.LABEL_EDIT_POSITION,
               "office": T.LABEL_EDIT_OFFICE, "skills": T.LABEL_EDIT_SKILLS}


def _edit_choices(draft, ctx):
    choices = [Choice(step, label) for step, label in FIELD_STEPS.items()]
    works = draft["works"]
    choices += [Choice(f"work-{n}", T.LABEL_EDIT_WORK.format(number=n + 1)) for n in range(len(works))]
    if len(works) < ctx.campaign.nomination.max_works:
        choices.append(Choice("add", T.LABEL_ADD_WORK))
    if len(works) > 1 and len(choices) < 11:
        choices.append(Choice(f"delete-{len(works) - 1}", T.LABEL_DELETE_WORK.format(number=len(works))))
    choices.append(Choice("review", T.LABEL_BACK_TO_REVIEW))
    return choices


def _pick_edit(value, draft, ctx):
    if value in FIELD_STEPS:
        return Result(next=value, draft=dict(draft, returning=True))
    if value == "review":
        return Result(next="review")
    if value == "add":
        return Result(next="work_category", draft=dict(draft, cursor=len(draft["works"]), returning=True))
    kind, _, index = value.partition("-")
    index = int(index)
    if kind == "work":
        return Result(next="work_category", draft=dict(draft, cursor=index, returning=True),
                      say=[msg.text(T.WORK_REDO.format(number=index + 1))])
    new = copy.deepcopy(draft)
    del new["works"][index]
    new["cursor"] = len(new["works"]) - 1
    return Result(next="review", draft=new, say=[msg.text(T.WORK_DELETED.format(number=index + 1))])


def _ask_replace(draft, ctx):
    active = ctx.directory.active_nomination(draft["district_id"])
    if active is None:  # withdrawn meanwhile: confirming now simply submits
        return T.REVIEW_HINT
    return T.ASK_REPLACE.format(
        district=_district_name(draft, ctx), nominee=active.nominee, reference=active.reference,
        submitted=thai_datetime(active.submitted_at, ctx.campaign.zone),
    )


def _pick_replace(value, draft, ctx):
    if value == "replace":
        return confirm(draft, ctx, replace=True)
    return Result(next="review", say=[msg.text(T.KEPT_OLD)])


def _pick_cancel(value, draft, ctx):
    if value == "yes":
        return Result(next=END, say=[msg.text(T.CANCELLED, _start_quick())])
    resume = draft.get("resume") or "review"
    return Result(next=resume, draft={k: v for k, v in draft.items() if k != "resume"})


def _pick_resume(value, draft, ctx):
    clean = {k: v for k, v in draft.items() if k != "resume"}
    if value == "continue":
        return Result(next=draft.get("resume") or "title", draft=clean)
    return Result(next="title", draft=new_draft(draft["district_id"]))


def _start_quick() -> list[dict]:
    return [msg.say_item(T.LABEL_NOMINATE), msg.say_item(T.LABEL_HELP)]


def _eligible_pick(question_id: str, next_step: str, refusal: str):
    def pick(value, draft, ctx):
        if value == "no":
            return Result(next=END, say=[msg.text(refusal, _start_quick())])
        new = copy.deepcopy(draft)
        new["eligible"][question_id] = True
        return Result(next=_then(next_step)(new, ctx), draft=new)
    return pick


def build(campaign) -> Dialogue:
    """The nomination dialogue for a campaign (its eligibility questions are steps of their own)."""
    questions = campaign.nomination.eligibility
    all_steps = ["title", "name", "position", "office", "skills", "work_category", "work_title", "work_result",
                 "work_evidence", "more_works", "review", "edit_menu", "confirm_replace", "confirm_cancel",
                 "resume"] + [f"eligible-{q.id}" for q in questions]
    yes_no = lambda d, c: [Choice("yes", T.LABEL_YES), Choice("no", T.LABEL_NO)]  # noqa: E731
    eligibility = []
    for index, question in enumerate(questions):
        following = f"eligible-{questions[index + 1].id}" if index + 1 < len(questions) else "skills"
        eligibility.append(ChoiceStep(
            f"eligible-{question.id}", dialogue=NAME, ask=lambda d, c, q=question.question: q, choices=yes_no,
            pick=_eligible_pick(question.id, following, question.refusal), goes_to=(following, "review", END),
        ))
    office_quick = lambda d, c: [msg.say_item(T.LABEL_THIS_OFFICE, c.campaign.district(d["district_id"]).office)]  # noqa: E731
    steps: list[Step] = [
        ChoiceStep(
            "title", dialogue=NAME, ask=lambda d, c: T.ASK_TITLE,
            choices=lambda d, c: [Choice(t, t) for t in T.TITLES],
            pick=_pick_title,
            free_text=lambda v, d, c: TITLE_TEXT.on_text(v, d, c),
            goes_to=("name", "review"),
        ),
        TextStep("name", ask=lambda d, c: T.ASK_NAME, store=_setter("name"), after=_then("position"),
                 goes_to=("position", "review"), limit=LIMITS["name"], min_length=2, check=_check_name),
        TextStep("position", ask=lambda d, c: T.ASK_POSITION, store=_setter("position"), after=_then("office"),
                 goes_to=("office", "review"), limit=LIMITS["position"], min_length=2, check=_no_links),
        TextStep("office", ask=lambda d, c: T.ASK_OFFICE, store=_setter("office"),
                 after=_then(_first_eligibility), goes_to=(eligibility[0].name, "review"),
                 limit=LIMITS["office"], min_length=2, check=_no_links, quick=office_quick),
        *eligibility,
        TextStep("skills", ask=lambda d, c: T.ASK_SKILLS.format(limit=LIMITS["skills"]), store=_setter("skills"),
                 after=_then("work_category"), goes_to=("work_category", "review"), limit=LIMITS["skills"],
                 min_length=5),
        ChoiceStep("work_category", dialogue=NAME, ask=_ask_category, choices=_category_choices,
                   pick=_pick_category, goes_to=("work_title",)),
        TextStep("work_title", ask=lambda d, c: T.ASK_WORK_TITLE.format(number=_number(d)),
                 store=_work_setter("title"), after=lambda d, c: "work_result", goes_to=("work_result",),
                 limit=LIMITS["work_title"], min_length=2),
        TextStep("work_result", ask=lambda d, c: T.ASK_WORK_RESULT.format(number=_number(d)),
                 store=_work_setter("result"), after=lambda d, c: "work_evidence", goes_to=("work_evidence",),
                 limit=LIMITS["work_result"], min_length=5),
        EvidenceStep(),
        ChoiceStep("more_works", dialogue=NAME, ask=_ask_more, choices=_more_choices, pick=_pick_more,
                   goes_to=("work_category", "review")),
        ReviewStep(),
        ChoiceStep("edit_menu", dialogue=NAME, ask=lambda d, c: T.ASK_EDIT, choices=_edit_choices,
                   pick=_pick_edit, goes_to=("work_category", "review", *FIELD_STEPS)),
        ChoiceStep("confirm_replace", dialogue=NAME, ask=_ask_replace,
                   choices=lambda d, c: [Choice("replace", T.LABEL_REPLACE), Choice("keep", T.LABEL_KEEP)],
                   pick=_pick_replace, goes_to=("review", END)),
        ChoiceStep("confirm_cancel", dialogue=NAME, ask=lambda d, c: T.ASK_CANCEL,
                   choices=lambda d, c: [Choice("yes", T.LABEL_CANCEL_YES), Choice("no", T.LABEL_CANCEL_NO)],
                   pick=_pick_cancel, goes_to=tuple(all_steps) + (END,)),
        ChoiceStep("resume", dialogue=NAME, ask=lambda d, c: T.NOM_RESUME_ASK,
                   choices=lambda d, c: [Choice("continue", T.LABEL_CONTINUE), Choice("restart", T.LABEL_RESTART)],
                   pick=_pick_resume, goes_to=tuple(all_steps)),
    ]

    def on_cancel(state, draft, ctx):
        if state["step"] == "confirm_cancel":
            return dialogue.reprompt(state, ctx)
        return dialogue.goto(state, "confirm_cancel", ctx, draft=dict(draft, resume=state["step"]))

    dialogue = Dialogue(NAME, steps, on_cancel=on_cancel)
    return dialogue


# Free text typed at the title step (e.g. ว่าที่ร้อยตรี) goes through the same checks as any text field.
TITLE_TEXT = TextStep("title", ask=lambda d, c: T.ASK_TITLE, store=_setter("title"), after=_then("name"),
                      goes_to=("name", "review"), limit=LIMITS["title"], min_length=2, check=_check_name)


# --- entry points used by the router --------------------------------------------------------------------
def start(ctx: Context, dialogue: Dialogue) -> Outcome:
    """เสนอชื่อ from someone with no draft: check the window and the registration, then the first question."""
    campaign = ctx.campaign
    if ctx.now < campaign.nominations_open_at:
        return Outcome(messages=[msg.text(T.NOM_NOT_OPEN.format(opens=thai_date(campaign.nomination.opens)))])
    if ctx.now >= campaign.nominations_close_at:
        return Outcome(messages=[msg.text(T.NOM_CLOSED.format(deadline=thai_date(campaign.nomination.deadline)))])
    officer = ctx.officer
    if officer is None or not officer.district_id or campaign.district(officer.district_id) is None:
        body = T.REG_NEEDED.format(province_office=campaign.province.office)
        return Outcome(messages=[msg.text(body, [msg.say_item(T.LABEL_REGISTER)])])
    district = campaign.district(officer.district_id)
    active = ctx.directory.active_nomination(district.id)
    if active is not None and active.review_status == NEEDS_FIX:
        return _reopen(active, district.id, ctx, dialogue)
    intro = T.NOM_START.format(title=campaign.nomination.title, district=district.name,
                               deadline=thai_date(campaign.nomination.deadline))
    return dialogue.begin("title", new_draft(district.id), ctx, say=[msg.text(intro)])


def _reopen(active, district_id: str, ctx: Context, dialogue: Dialogue) -> Outcome:
    """Staff asked for changes: the submitted nomination comes back as a draft, at its review card."""
    content = active.content
    draft = new_draft(district_id)
    for field in ("title", "name", "position", "office", "eligible", "skills", "works"):
        draft[field] = copy.deepcopy(content.get(field, draft.get(field)))
    draft["cursor"] = max(len(draft["works"]) - 1, 0)
    draft["revising"] = active.reference
    comment = T.REVIEW_COMMENT_LINE.format(comment=msg.shorten(active.review_comment, 600)) \
        if active.review_comment else ""
    return dialogue.begin("review", draft, ctx, say=[msg.text(T.REOPENED.format(comment=comment))])


def resume(state: dict, ctx: Context, dialogue: Dialogue) -> Outcome:
    """เสนอชื่อ again while a draft is open: continue it or start over."""
    if state["step"] == "resume":
        return dialogue.reprompt(state, ctx)
    return dialogue.goto(state, "resume", ctx, draft=dict(state["draft"], resume=state["step"]))

