"""The LINE Messaging API, through the official SDK: replies, pushes with retry keys, message content."""
from __future__ import annotations

import json
import logging

import urllib3
from linebot.v3.messaging import (
    ApiClient, ApiException, Configuration, Message, MessagingApi, MessagingApiBlob, MulticastRequest,
    PushMessageRequest, ReplyMessageRequest,
)

from bot.config import Config
from bot.errors import DeliveryError, TransientDeliveryError

logger = logging.getLogger(__name__)
MAX_CONTENT_BYTES = 10 * 1024 * 1024


class InvalidReplyToken(DeliveryError):
    """The reply token was used already or has expired."""


class LineClient:
    """A thin wrapper that turns the SDK's answers into our small exception tree."""

    def __init__(self, config: Config, base_url: str | None = None):
        # With a host, the SDK sends every call there, data API included; without, LINE's own hosts.
        host = base_url or config.line_api_base_url
        configuration = Configuration(access_token=config.access_token, host=host)
        self._api_client = ApiClient(configuration)
        self._messaging = MessagingApi(self._api_client)
        self._blob = MessagingApiBlob(self._api_client)
        self._timeout = config.line_timeout_seconds

    @property
    def api_client(self) -> ApiClient:
        """The SDK client, for the rare call this wrapper does not cover (installing the rich menu)."""
        return self._api_client

    def close(self) -> None:
        self._api_client.close()

    def reply(self, reply_token: str, messages: list[dict]) -> str | None:
        request = ReplyMessageRequest(reply_token=reply_token, messages=[Message.from_dict(m) for m in messages])
        response = self._call(self._messaging.reply_message_with_http_info, request)
        return _request_id(response)

    def push(self, to: str, messages: list[dict], retry_key: str) -> str | None:
        request = PushMessageRequest(to=to, messages=[Message.from_dict(m) for m in messages])
        response = self._call(self._messaging.push_message_with_http_info, request, x_line_retry_key=retry_key)
        return _request_id(response)

    def multicast(self, to: list[str], messages: list[dict], retry_key: str) -> str | None:
        """Up to 500 user ids in one call; the retry key makes a repeat harmless (409)."""
        request = MulticastRequest(to=to, messages=[Message.from_dict(m) for m in messages])
        response = self._call(self._messaging.multicast_with_http_info, request, x_line_retry_key=retry_key)
        return _request_id(response)

    def group_members(self, group_id: str) -> int:
        """How many people a push to this group reaches (each counts as one message)."""
        return self._call(self._messaging.get_group_member_count, group_id).count

    def quota(self) -> tuple[int | None, int]:
        """(this month's limit, or None when unlimited; messages used so far this month)."""
        limit = self._call(self._messaging.get_message_quota)
        used = self._call(self._messaging.get_message_quota_consumption)
        return (limit.value if limit.type == "limited" else None), used.total_usage

    def content(self, message_id: str) -> bytes:
        """An image's bytes from the data API; fetch it at once, LINE keeps it only for a while."""
        data = self._call(self._blob.get_message_content, message_id)
        if len(data) > MAX_CONTENT_BYTES:
            raise DeliveryError("content larger than the limit")
        return bytes(data)

    def _call(self, method, *args, **kwargs):
        try:
            return method(*args, _request_timeout=self._timeout, **kwargs)
        except ApiException as exc:
            raise _classify(exc) from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise TransientDeliveryError(f"LINE API unreachable: {type(exc).__name__}") from None


def _request_id(response) -> str | None:
    headers = {k.lower(): v for k, v in (response.headers or {}).items()}
    return headers.get("x-line-request-id")


class AlreadyAccepted(Exception):
    """409 on a repeated retry key: LINE accepted this push before."""

    def __init__(self, request_id: str | None):
        super().__init__("already accepted")
        self.request_id = request_id


def _classify(exc: ApiException) -> Exception:
    try:
        message = json.loads(exc.body or b"{}").get("message", "")
    except (ValueError, AttributeError):
        message = ""
    headers = {k.lower(): v for k, v in dict(exc.headers or {}).items()}
    status = exc.status or 0
    if status == 409:
        return AlreadyAccepted(headers.get("x-line-accepted-request-id") or headers.get("x-line-request-id"))
    if status == 400 and "reply token" in message.lower():
        return InvalidReplyToken(message)
    if status == 429 and "monthly limit" in message.lower():
        return DeliveryError(f"429 {message}")
    if status == 429 or status >= 500:
        return TransientDeliveryError(f"{status} {message}"[:200])
    return DeliveryError(f"{status} {message}"[:200])
