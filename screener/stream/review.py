"""Manual review: ``POST /reviews`` on a worker (bearer token) -> ``order-reviews`` topic -> the
Faust agent that owns the order's table partition -> a RELEASE decision with ``MANUAL_RELEASE``
(clear) or a confirmation, and an audit record on the audit topic for every action, refused ones
included."""

from __future__ import annotations

import hmac
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import faust
import orjson
from faust.web import Request, Response, View
from pydantic import ValidationError

from screener.config import Settings
from screener.events.codec import dumps
from screener.events.decisions import Decision, Reason
from screener.events.orders import OrderEvent
from screener.events.review import AuditRecord, ReviewCommand
from screener.screening import Screener
from screener.stream.window import MANUAL_RELEASE, RescreenWindow

log = logging.getLogger(__name__)


def register_review(app: faust.App, settings: Settings, window: RescreenWindow,
                    send_decision: Callable[[Decision], Awaitable[None]],
                    version: Callable[[], int]) -> None:
    reviews = app.topic(settings.reviews_topic, key_serializer="raw", value_serializer="raw")
    audit = app.topic(settings.audit_topic, key_serializer="raw", value_serializer="raw")

    async def write_audit(record: AuditRecord) -> None:
        await audit.send(key=(record.order_id or "").encode(), value=dumps(record))

    @app.agent(reviews, name="apply-reviews")
    async def apply_reviews(stream):
        async for event in stream.events():
            await handle(event.value)

    async def handle(raw: bytes | None) -> None:
        now = datetime.now(UTC)
        try:
            cmd = ReviewCommand.model_validate_json(raw or b"")
        except ValidationError as exc:
            await write_audit(AuditRecord(review_id=None, order_id=None, action=None, reviewer=None,
                                          reason=None, outcome="rejected", detail=str(exc)[:500], at=now,
                                          source="topic"))
            return
        record = window.get(cmd.order_id)
        base = dict(review_id=cmd.review_id, order_id=cmd.order_id, action=cmd.action,
                    reviewer=cmd.reviewer, reason=cmd.reason, at=now)
        if not record or "order" not in record:
            await write_audit(AuditRecord(**base, outcome="rejected",
                                          detail="order not in the re-screening window"))
            return
        if record.get("decision") != "HOLD":
            await write_audit(AuditRecord(**base, outcome="rejected",
                                          detail=f"order is not held (last decision {record.get('decision')})"))
            return
        if cmd.action == "confirm":
            await write_audit(AuditRecord(**base, outcome="confirmed", detail="hold confirmed"))
            return
        order = OrderEvent.model_validate(record["order"])
        reason = Reason(code=MANUAL_RELEASE, detail=cmd.reason, reviewer=cmd.reviewer,
                        review_id=cmd.review_id, cleared_reasons=record.get("reason_codes", []))
        decision = Screener.decide(order, [], version(), now, id_extra=("review", cmd.review_id or ""))
        # A manual release is a RELEASE that says who released it and why.
        decision = decision.model_copy(update={"reasons": [reason]})
        await send_decision(decision)
        await write_audit(AuditRecord(**base, outcome="released", decision_id=decision.decision_id,
                                      detail="hold cleared"))

    @app.page("/reviews")
    class ReviewView(View):
        async def post(self, request: Request) -> Response:
            token = settings.review_token
            given = request.headers.get("Authorization", "")
            now = datetime.now(UTC)
            if not token:
                return self.error(503, "reviews are disabled: set SCREENER_REVIEW_TOKEN on the workers")
            if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                await write_audit(AuditRecord(review_id=None, order_id=None, action=None, reviewer=None,
                                              reason=None, outcome="rejected", detail="bad or missing token",
                                              at=now))
                return self.error(401, "bad or missing bearer token")
            try:
                body = orjson.loads(await self.read_request_content(request))
                cmd = ReviewCommand.model_validate({**body, "review_id": uuid.uuid4().hex,
                                                    "requested_at": now.isoformat()})
            except (orjson.JSONDecodeError, ValidationError, TypeError) as exc:
                return self.error(400, f"invalid review: {str(exc)[:500]}")
            await reviews.send(key=cmd.order_id.encode(), value=dumps(cmd))
            return self.json({"accepted": True, "review_id": cmd.review_id, "order_id": cmd.order_id,
                              "action": cmd.action}, status=202)
