"""The project's own exceptions: a small tree, each one narrow."""


class BotError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigError(BotError):
    """A setting is missing or malformed; the message names it."""

    def __init__(self, setting: str, problem: str):
        super().__init__(f"{setting} {problem}")
        self.setting = setting


class CampaignError(BotError):
    """The campaign file is not valid; the message says where."""


class DeliveryError(BotError):
    """LINE refused a message for a reason a retry will not fix."""


class TransientDeliveryError(BotError):
    """LINE could not take a message now (5xx, timeout, rate limit); try again later."""
