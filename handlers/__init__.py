"""What the bot says and decides: pure functions from (turn, state, context) to an Outcome."""
from handlers.core import Context, Outcome, Photo, Turn
from handlers.router import Router

__all__ = ["Context", "Outcome", "Photo", "Router", "Turn"]
