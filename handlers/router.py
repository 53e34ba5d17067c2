"""Routes each turn: groups, first contact, global commands, then the dialogue the user is in."""
from __future__ import annotations

import logging

from bot.campaign import Campaign
from handlers import admin, nomination, registration, website
from handlers import messages as msg
from handlers import texts as T
from handlers.core import (
    UNCHANGED, Context, LinkGroup, MarkChatNotified, Outcome, SetFollowing, SetGroupEnabled, Turn,
)
from handlers.dialogue import Dialogue, keyword
from handlers.status import status

logger = logging.getLogger(__name__)
MESSAGE_KINDS = {"text", "postback", "image", "sticker", "location", "video", "audio", "file"}
# Rich-menu and help buttons send these postbacks: a=<action>.
ACTIONS = {"nominate", "register", "help", "status", "website", "continue"}


class Router:
    """The whole bot's decisions for one campaign; build once, call `handle` per turn."""

    def __init__(self, campaign: Campaign):
        self.campaign = campaign
        self.dialogues: dict[str, Dialogue] = {
            nomination.NAME: nomination.build(campaign),
            registration.NAME: registration.build(),
            admin.NAME: admin.build(),
            website.NAME: website.build(),
        }

    def accepts_image(self, state: dict | None) -> bool:
        dialogue = self._dialogue(state)
        return bool(dialogue and dialogue.accepts_image(state))

    def _dialogue(self, state: dict | None) -> Dialogue | None:
        if not state:
            return None
        dialogue = self.dialogues.get(state.get("dialogue"))
        if dialogue is None or state.get("step") not in dialogue.steps:
            return None
        return dialogue

    def handle(self, turn: Turn, state: dict | None, ctx: Context) -> Outcome:
        if turn.chat_type != "user":
            return self._group(turn, ctx)
        if turn.kind == "follow":
            return self._welcome(ctx)
        if turn.kind == "unfollow":
            return Outcome(effects=[SetFollowing(False)])
        if turn.kind not in MESSAGE_KINDS:
            return Outcome()  # beacons, unsend, edits and the like: nothing for us to do
        action, argument = self._action(turn)
        dialogue = self._dialogue(state)
        if action == "status":  # answers in any state and leaves the draft where it is
            return status(ctx, state if dialogue else None)
        if action == "continue":  # a reminder's ทำต่อ: straight back to where the draft was left
            if dialogue is not None:
                return dialogue.reprompt(state, ctx)
            action = "nominate"
        if dialogue is not None:
            starts = {"nominate": nomination.NAME, "register": registration.NAME, "website": website.NAME}
            if action in starts and dialogue.name == starts[action]:  # asked for what they are already doing
                return nomination.resume(state, ctx, dialogue) if action == "nominate" else dialogue.reprompt(state, ctx)
            if action in starts:  # one thing at a time: finish or cancel this one first
                return dialogue.reprompt(state, ctx, [msg.text(T.FINISH_FIRST[dialogue.name])])
            return dialogue.handle(turn, state, ctx)
        outcome = self._idle(turn, action, argument, ctx)
        if state and outcome.state is UNCHANGED:
            outcome.state = None  # a state this version cannot resume (e.g. from an older release)
        return outcome

    def _idle(self, turn: Turn, action: str | None, argument: str, ctx: Context) -> Outcome:
        command = admin.command(keyword(turn.text or "")) if turn.kind == "text" else None
        if turn.kind == "postback" and msg.parse_postback(turn.postback or "").get("a") == "group":
            command = "group-toggle"
        if command:
            if not admin.is_admin(ctx):
                logger.warning("someone who is not an admin tried the admin command %s", command)
                return Outcome(messages=[msg.text(T.ADMIN_ONLY)])
            if command == "group-toggle":
                return admin.toggle_group(msg.parse_postback(turn.postback or ""), ctx)
            return admin.start(command, ctx, self.dialogues[admin.NAME])
        if action == "nominate":
            return nomination.start(ctx, self.dialogues[nomination.NAME])
        if action == "register":
            return registration.start(ctx, self.dialogues[registration.NAME], argument or None)
        if action == "website":
            return website.start(ctx, self.dialogues[website.NAME])
        if action == "help":
            return Outcome(messages=[msg.text(T.HELP, self._help_quick(ctx))])
        if turn.kind == "postback":
            return Outcome(messages=[msg.text(T.STALE_BUTTON, self._help_quick(ctx))])
        return Outcome(messages=[msg.text(T.NOT_UNDERSTOOD, self._help_quick(ctx))])

    def _action(self, turn: Turn) -> tuple[str | None, str]:
        if turn.kind == "postback":
            action = msg.parse_postback(turn.postback or "").get("a")
            return (action if action in ACTIONS else None), ""
        if turn.kind != "text":
            return None, ""
        words = keyword(turn.text or "")
        for action, options in (("nominate", T.WORDS_NOMINATE), ("register", T.WORDS_REGISTER),
                                ("help", T.WORDS_HELP), ("status", T.WORDS_STATUS), ("website", T.WORDS_WEBSITE)):
            for option in options:
                if words == option:
                    return action, ""
                if action == "register" and words.startswith(option + " "):
                    return action, (turn.text or "").strip()[len(option):].strip()
        return None, ""

    def _help_quick(self, ctx: Context) -> list[dict]:
        registered = ctx.officer is not None and ctx.officer.district_id
        items = [] if registered else [msg.choice_item(T.LABEL_REGISTER, msg.postback_data(a="register"))]
        items += [
            msg.choice_item(T.LABEL_NOMINATE, msg.postback_data(a="nominate")),
            msg.choice_item(T.LABEL_HELP, msg.postback_data(a="help")),
        ]
        return items

    def _welcome(self, ctx: Context) -> Outcome:
        province = self.campaign.province
        welcome = T.WELCOME.format(programme=self.campaign.name, province_office=province.office,
                                   title=self.campaign.nomination.title)
        privacy = T.PRIVACY.format(unit=province.unit, province_office=province.office,
                                   contact=province.contact or province.office)
        return Outcome(messages=[msg.text(welcome), msg.text(privacy, self._help_quick(ctx))],
                       effects=[SetFollowing(True)])

    def _group(self, turn: Turn, ctx: Context) -> Outcome:
        """No dialogues in groups: one notice to chat one-to-one, and ผูกกลุ่ม from a registered officer."""
        if turn.kind == "leave":  # the bot was removed: announcements must stop going there
            return Outcome(effects=[SetGroupEnabled(turn.chat_id, False)])
        if turn.kind == "text" and keyword(turn.text or "") in T.WORDS_LINK_GROUP and turn.chat_type == "group":
            officer = ctx.officer
            district = self.campaign.district(officer.district_id) if officer and officer.district_id else None
            effects = [] if ctx.directory.chat_notified(turn.chat_id) else [MarkChatNotified(turn.chat_id)]
            if district is None:
                return Outcome(messages=[msg.text(T.GROUP_LINK_NEEDS_REGISTRATION)], effects=effects)
            return Outcome(messages=[msg.text(T.GROUP_LINKED.format(district=district.name))],
                           effects=effects + [LinkGroup(turn.chat_id, district.id)])
        if turn.kind not in MESSAGE_KINDS | {"join"} or ctx.directory.chat_notified(turn.chat_id):
            return Outcome()
        return Outcome(messages=[msg.text(T.GROUP_NOTICE)], effects=[MarkChatNotified(turn.chat_id)])
