"""Manual review: ``POST /reviews`` on any worker (bearer token) -> ``order-reviews`` topic -> the
worker that owns the order's partition, which reads the order's state record, emits a RELEASE with
``MANUAL_RELEASE`` (clear) or records a confirmation, and writes an audit record for every action,
refused ones included.

A clear is checked against the current watch list first: if the order's parties match an entry
the hold did not name (it was listed after the hold), the clear is refused, since the reviewer
never saw that hit. Reviews are consumed by the screening loop together with the orders of the
same partitions (the topics are co-partitioned), so they survive restarts and rebalances with the
same at-least-once guarantee; a redelivered review gives the same decision id.
"""

from __future__ import annotations

import hmac
import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import faust
import orjson
from aiokafka import AIOKafkaProducer
from faust.web import Request, Response, View
from pydantic import ValidationError

from screener.config import Settings
from screener.events.codec import dumps
from screener.events.decisions import Reason
from screener.events.review import AuditRecord, ReviewCommand, sign_command, verify_command
from screener.screening import Screener
from screener.stream import state_store as F
from screener.stream.delivery import Outbox
from screener.stream.rescreen import LIST_CODES, MANUAL_RELEASE, hit_key, record_order
from screener.stream.state_changelog import ScreeningState

log = logging.getLogger(__name__)


def _audit(record: AuditRecord) -> tuple[bytes, bytes]:
    return (record.order_id or "").encode(), dumps(record)


class ReviewHandler:
    def __init__(self, screener: Screener, state: ScreeningState, version: Callable[[], int],
                 signing_key: str | None = None):
        self.screener = screener
        self.state = state
        self.version = version
        self.signing_key = signing_key

    def apply(self, raws: list[bytes | None]) -> Outbox:
        box = Outbox()
        for raw in raws:
            box.extend(self.apply_one(raw))
        return box

    def apply_one(self, raw: bytes | None, now: datetime | None = None) -> Outbox:
        now = now or datetime.now(UTC)
        box = Outbox()
        version = self.version()
        policy_version = self.screener.policy.version
        try:
            cmd = ReviewCommand.model_validate_json(raw or b"")
        except ValidationError as exc:
            box.audits.append(_audit(AuditRecord(
                review_id=None, order_id=None, action=None, reviewer=None, reason=None, outcome="rejected",
                detail=f"invalid review command: {str(exc)[:500]}", at=now, source="topic")))
            return box
        base = dict(review_id=cmd.review_id, order_id=cmd.order_id, action=cmd.action, reviewer=cmd.reviewer,
                    reason=cmd.reason, at=now, watchlist_version=version, policy_version=policy_version,
                    source=cmd.source, approver=cmd.approver, client=cmd.client,
                    reviewed_decision_id=cmd.decision_id)
        if not verify_command(cmd, self.signing_key):
            # Whoever can write to the reviews topic must not be able to release an order.
            why = ("reviews are disabled: the workers have no SCREENER_REVIEW_SIGNING_KEY" if not self.signing_key
                   else "missing signature" if not cmd.signature else "forged or altered command: bad signature")
            box.audits.append(_audit(AuditRecord(**base, outcome="rejected", detail=f"refused: {why}")))
            return box
        found = self.state.store.get(cmd.order_id)
        if found is None:
            box.audits.append(_audit(AuditRecord(**base, outcome="rejected",
                                                 detail="order not in the re-screening window")))
            return box
        part, record = found
        codes = list(record.get(F.CODES) or ())
        hits = list(record.get(F.HITS) or ())
        base["hold_codes"] = codes
        order = record_order(cmd.order_id, record)
        redelivered = bool(cmd.review_id) and record.get(F.REVIEW) == cmd.review_id
        if not redelivered and record.get(F.DECISION) != "HOLD":
            box.audits.append(_audit(AuditRecord(
                **base, outcome="rejected", detail=f"order is not held (last decision {record.get(F.DECISION)})")))
            return box
        if cmd.action in ("confirm", "escalate", "note"):
            outcome = {"confirm": "confirmed", "escalate": "escalated", "note": "noted"}[cmd.action]
            box.audits.append(_audit(AuditRecord(**base, outcome=outcome, detail=f"hold {outcome}")))
            return box
        four_eyes = set(codes) & set(self.screener.policy.model.review.four_eyes)
        if four_eyes and not redelivered and (not cmd.approver or cmd.approver == cmd.reviewer):
            box.audits.append(_audit(AuditRecord(
                **base, outcome="rejected",
                detail=f"not cleared: a hold for {', '.join(sorted(four_eyes))} needs a second reviewer (four eyes, "
                       "policy review.four_eyes); the approver must differ from the reviewer")))
            return box
        if order is None:
            box.audits.append(_audit(AuditRecord(**base, outcome="rejected",
                                                 detail="the order's state record is unreadable")))
            return box
        if redelivered:
            cleared = list(record.get(F.CLEARED) or ())
        else:
            # The list may have changed since the hold: a hit the reviewer never saw blocks the clear.
            reasons = self.screener.evaluate_many([order])[0]
            known = set(hits) | set(record.get(F.CLEARED) or ())
            new = sorted({hit_key(r) for r in reasons if r.code in LIST_CODES} - known)
            if new:
                box.audits.append(_audit(AuditRecord(
                    **base, outcome="rejected",
                    detail=f"not cleared: the parties now also match {', '.join(new)}, which the hold did "
                           "not name; review the new hit first")))
                return box
            cleared = sorted(set(record.get(F.CLEARED) or ()) | set(hits))
        reason = Reason(code=MANUAL_RELEASE, detail=cmd.reason, reviewer=cmd.reviewer, review_id=cmd.review_id,
                        cleared_reasons=codes, cleared_hits=hits, **({"approver": cmd.approver} if cmd.approver else {}))
        decision = Screener.decide(order, [reason], version, now, id_extra=("review", cmd.review_id or ""),
                                   policy_version=policy_version, decision="RELEASE")
        box.decisions.append((cmd.order_id.encode(), dumps(decision)))
        new_record = {**record, F.DECISION: "RELEASE", F.CODES: [MANUAL_RELEASE], F.HITS: [],
                      F.CLEARED: cleared, F.REVIEW: cmd.review_id, F.WATCHLIST: version,
                      F.SCREEN_KEY: self.screener.screen_key}
        box.state.append((cmd.order_id, part, record[F.T_OCCURRED], orjson.dumps(new_record)))
        box.audits.append(_audit(AuditRecord(**base, outcome="released", decision_id=decision.decision_id,
                                             cleared_hits=hits,
                                             detail="hold cleared" + (" (redelivered)" if redelivered else ""))))
        return box


def register_review_endpoint(app: faust.App, settings: Settings,
                             producer: Callable[[], AIOKafkaProducer | None]) -> None:
    @app.page("/reviews")
    class ReviewView(View):
        async def post(self, request: Request) -> Response:
            token = settings.review_token
            given = request.headers.get("Authorization", "")
            now = datetime.now(UTC)
            p = producer()
            if not token:
                return self.error(503, "reviews are disabled: set SCREENER_REVIEW_TOKEN on the workers")
            if p is None:
                return self.error(503, "the worker is starting; try again shortly")
            if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                try:
                    attempted = orjson.loads(await self.read_request_content(request))
                except orjson.JSONDecodeError:
                    attempted = None
                attempted = attempted if isinstance(attempted, dict) else {}
                key, value = _audit(AuditRecord(
                    review_id=None, order_id=str(attempted.get("order_id") or "")[:200] or None,
                    action=str(attempted.get("action") or "")[:20] or None,
                    reviewer=str(attempted.get("reviewer") or "")[:200] or None, reason=None, outcome="rejected",
                    detail="bad or missing token", at=now, client=request.remote))
                await p.send_and_wait(settings.audit_topic, value, key=key)
                return self.error(401, "bad or missing bearer token")
            if not settings.review_signing_key:
                return self.error(503, "reviews are disabled: set SCREENER_REVIEW_SIGNING_KEY on the workers")
            try:
                body = orjson.loads(await self.read_request_content(request))
                if not isinstance(body, dict):
                    raise TypeError("the body must be a JSON object")
                body.pop("signature", None)
                cmd = ReviewCommand.model_validate({**body, "review_id": uuid.uuid4().hex, "source": "http",
                                                    "client": request.remote, "requested_at": now.isoformat()})
            except (orjson.JSONDecodeError, ValidationError, TypeError) as exc:
                return self.error(400, f"invalid review: {str(exc)[:500]}")
            cmd = sign_command(cmd, settings.review_signing_key)
            await p.send_and_wait(settings.reviews_topic, dumps(cmd), key=cmd.order_id.encode())
            return self.json({"accepted": True, "review_id": cmd.review_id, "order_id": cmd.order_id,
                              "action": cmd.action}, status=202)
