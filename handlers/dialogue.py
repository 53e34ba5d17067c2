"""A dialogue declared as data: named steps, each with a prompt and what it accepts.

Like python-telegram-bot's ConversationHandler: steps map to handlers, a step says where it may go
next, and a dialogue whose steps name an unknown step fails when it is built, not when a user hits it.
"""
from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from handlers import messages as msg
from handlers import texts as T
from handlers.core import Context, Outcome, Photo, Turn
from handlers.thaidate import arabic_digits

END = "__end__"
SAME = "__same__"
HISTORY_LIMIT = 20


@dataclass
class Result:
    """What a step decided: where to go, the new draft, what to say first, what to make durable."""

    next: str = SAME
    draft: dict | None = None
    say: list[dict] = field(default_factory=list)
    effects: list = field(default_factory=list)
    reprompt: bool = False  # when staying, show the step's prompt again


def stay(*say: dict, draft: dict | None = None, reprompt: bool = True) -> Result:
    return Result(next=SAME, draft=draft, say=list(say), reprompt=reprompt)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


def clean_text(raw: str) -> str:
    """Normalise what an officer typed: NFC, no control characters, trimmed lines."""
    value = unicodedata.normalize("NFC", raw)
    value = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    value = "\n".join(line.strip() for line in value.splitlines())
    return re.sub(r"\n{3,}", "\n\n", value).strip()


def keyword(raw: str) -> str:
    """The form used to compare typed text with command words and button labels."""
    return " ".join(arabic_digits(raw).split()).casefold()


class Step:
    """One question. Subclasses accept text, a choice, or evidence; anything else gets a short hint."""

    expects = "text"
    accepts_image = False

    def __init__(self, name: str, goes_to: tuple[str, ...]):
        self.name = name
        self.goes_to = goes_to

    def prompt(self, draft: dict, ctx: Context) -> list[dict]:
        raise NotImplementedError

    def on_text(self, value: str, draft: dict, ctx: Context) -> Result:
        return stay(msg.text(T.CHOOSE_FROM_BUTTONS), reprompt=True)

    def on_choice(self, value: str, draft: dict, ctx: Context) -> Result:
        return stay(msg.text(T.STALE_BUTTON))

    def on_photo(self, photo: Photo, draft: dict, ctx: Context) -> Result:
        return self.wrong_kind("image")

    def wrong_kind(self, kind: str) -> Result:
        template = {"text": T.EXPECT_TEXT, "choice": T.EXPECT_CHOICE, "evidence": T.EXPECT_EVIDENCE}[self.expects]
        return stay(msg.text(template.format(kind=T.KIND_NAMES.get(kind, "ข้อความแบบนี้"))))


class TextStep(Step):
    """Free text up to a limit, stored by `store`; then on to `after(draft)`."""

    def __init__(self, name, *, ask: Callable[[dict, Context], str], store: Callable[[dict, str], None],
                 after: Callable[[dict, Context], str], goes_to: tuple[str, ...], limit: int, min_length: int = 1,
                 check: Callable[[str], str | None] | None = None,
                 quick: Callable[[dict, Context], list[dict]] | None = None):
        super().__init__(name, goes_to)
        self.ask, self.store, self.after = ask, store, after
        self.limit, self.min_length, self.check, self.quick = limit, min_length, check, quick

    def prompt(self, draft, ctx):
        quick = self.quick(draft, ctx) if self.quick else None
        return [msg.text(self.ask(draft, ctx), quick)]

    def on_text(self, value, draft, ctx):
        value = clean_text(value)
        if len(value) > self.limit:
            return stay(msg.text(T.TOO_LONG.format(limit=self.limit, length=len(value))), reprompt=False)
        if len(value) < self.min_length:
            return stay(msg.text(T.TOO_SHORT))
        problem = self.check(value) if self.check else None
        if problem:
            return stay(msg.text(problem))
        new = copy.deepcopy(draft)
        self.store(new, value)
        return Result(next=self.after(new, ctx), draft=new)


class ChoiceStep(Step):
    """Pick one of a few buttons; typing a button's label, or its number, works too."""

    expects = "choice"

    def __init__(self, name, *, ask: Callable[[dict, Context], str], choices: Callable[[dict, Context], list[Choice]],
                 pick: Callable[[str, dict, Context], Result], goes_to: tuple[str, ...], dialogue: str,
                 free_text: Callable[[str, dict, Context], Result] | None = None):
        super().__init__(name, goes_to)
        self.ask, self.choices, self.pick, self.free_text, self.dialogue = ask, choices, pick, free_text, dialogue

    def prompt(self, draft, ctx):
        items = [
            msg.choice_item(c.label, msg.postback_data(d=self.dialogue, s=self.name, v=c.value))
            for c in self.choices(draft, ctx)
        ]
        return [msg.text(self.ask(draft, ctx), items)]

    def on_choice(self, value, draft, ctx):
        if value not in {c.value for c in self.choices(draft, ctx)}:
            return stay(msg.text(T.STALE_BUTTON))
        return self.pick(value, draft, ctx)

    def on_text(self, value, draft, ctx):
        typed = keyword(value)
        options = self.choices(draft, ctx)
        for number, option in enumerate(options, start=1):
            if typed in (keyword(option.label), str(number)):
                return self.pick(option.value, draft, ctx)
        if self.free_text:
            return self.free_text(value, draft, ctx)
        return stay(msg.text(T.CHOOSE_FROM_BUTTONS))


class Dialogue:
    """Runs one dialogue's steps over a stored state: {"dialogue", "step", "draft", "history"}."""

    def __init__(self, name: str, steps: list[Step], *, on_cancel: Callable[[dict, dict, Context], Outcome]):
        self.name = name
        self.steps = {step.name: step for step in steps}
        self.on_cancel = on_cancel
        for step in steps:
            for target in step.goes_to:
                if target not in self.steps and target != END:
                    raise ValueError(f"dialogue {name}: step {step.name} goes to unknown step {target}")

    def begin(self, step: str, draft: dict, ctx: Context, say: list[dict] | None = None) -> Outcome:
        state = {"dialogue": self.name, "step": step, "draft": draft, "history": []}
        return Outcome(messages=list(say or []) + self.steps[step].prompt(draft, ctx), state=state)

    def current(self, state: dict) -> Step:
        return self.steps[state["step"]]

    def accepts_image(self, state: dict) -> bool:
        return self.steps[state["step"]].accepts_image

    def reprompt(self, state: dict, ctx: Context, say: list[dict] | None = None) -> Outcome:
        return Outcome(messages=list(say or []) + self.current(state).prompt(state["draft"], ctx))

    def handle(self, turn: Turn, state: dict, ctx: Context) -> Outcome:
        step = self.current(state)
        draft = state["draft"]
        if turn.kind == "text":
            word = keyword(turn.text or "")
            if word in T.WORDS_CANCEL:
                return self.on_cancel(state, draft, ctx)
            if word in T.WORDS_BACK:
                return self.back(state, ctx)
            if word in T.WORDS_HELP:
                return self.reprompt(state, ctx, [msg.text(T.HELP)])
            result = step.on_text(turn.text or "", draft, ctx)
        elif turn.kind == "postback":
            data = msg.parse_postback(turn.postback or "")
            if data.get("d") == self.name and data.get("s") == step.name and "v" in data:
                result = step.on_choice(data["v"], draft, ctx)
            else:
                result = stay(msg.text(T.STALE_BUTTON))
        elif turn.kind == "image" and turn.photo is not None:
            result = step.on_photo(turn.photo, draft, ctx)
        else:
            result = step.wrong_kind(turn.kind)
        return self.apply(state, step, result, ctx)

    def apply(self, state: dict, step: Step, result: Result, ctx: Context) -> Outcome:
        draft = result.draft if result.draft is not None else state["draft"]
        if result.next == END:
            return Outcome(messages=result.say, state=None, effects=result.effects)
        if result.next == SAME:
            messages = list(result.say)
            if result.reprompt:
                messages += step.prompt(draft, ctx)
            new_state = dict(state, draft=draft) if result.draft is not None else state
            return Outcome(messages=messages, state=new_state, effects=result.effects)
        if result.next not in step.goes_to:
            raise ValueError(f"step {step.name} went to undeclared step {result.next}")
        history = (state["history"] + [[step.name, state["draft"]]])[-HISTORY_LIMIT:]
        new_state = {"dialogue": self.name, "step": result.next, "draft": draft, "history": history}
        messages = list(result.say) + self.steps[result.next].prompt(draft, ctx)
        return Outcome(messages=messages, state=new_state, effects=result.effects)

    def goto(self, state: dict, target: str, ctx: Context, draft: dict, say: list[dict] | None = None) -> Outcome:
        """Move to a step from anywhere (cancel, resume); the history keeps where the user was."""
        history = (state["history"] + [[state["step"], state["draft"]]])[-HISTORY_LIMIT:]
        new_state = {"dialogue": self.name, "step": target, "draft": draft, "history": history}
        return Outcome(messages=list(say or []) + self.steps[target].prompt(draft, ctx), state=new_state)

    def back(self, state: dict, ctx: Context) -> Outcome:
        if not state["history"]:
            return self.reprompt(state, ctx, [msg.text(T.AT_FIRST_STEP)])
        step_name, draft = state["history"][-1]
        new_state = {"dialogue": self.name, "step": step_name, "draft": draft, "history": state["history"][:-1]}
        return Outcome(messages=self.steps[step_name].prompt(draft, ctx), state=new_state)
