"""What can go wrong writing to a review surface."""
from bot.errors import BotError


class SheetError(BotError):
    """The review sheet refused something, for a reason a retry will not fix (the message says what to do)."""


class TransientSheetError(BotError):
    """Google answered 429/5xx or not at all; the rows stay queued and are tried again later."""


class QuotaWait(BotError):
    """Writing now would go over the per-minute quota; try again after `seconds`."""

    def __init__(self, seconds: float):
        super().__init__(f"quota: wait {seconds:.1f} s")
        self.seconds = seconds
