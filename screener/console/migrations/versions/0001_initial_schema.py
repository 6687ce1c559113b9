"""Initial schema: users and sessions, the materialised topics (orders, decisions, cases and their
tags, worker audit records, allow-list records, suppressions, entry snapshots, topic offsets) and the
console's own actions.

Revision ID: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

TS = sa.DateTime(timezone=True)  # UTC; read back timezone-aware by models.UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("username", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("client", sa.String(length=200), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("order_id", sa.String(length=200), nullable=True),
        sa.Column("review_id", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("approver", sa.String(length=200), nullable=True),
        sa.Column("approver_client", sa.String(length=200), nullable=True),
        sa.Column("decided_at", TS, nullable=True),
        sa.Column("decision_id", sa.String(length=64), nullable=True),
        sa.Column("hold_codes", sa.JSON(), nullable=False),
        sa.Column("hits", sa.JSON(), nullable=False),
        sa.Column("watchlist_version", sa.BigInteger(), nullable=True),
        sa.Column("policy_version", sa.String(length=64), nullable=True),
        sa.Column("allow_id", sa.String(length=100), nullable=True),
        sa.Column("related_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
        sa.UniqueConstraint("review_id", name=op.f("uq_actions_review_id"))
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actions_allow_id"), ["allow_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_order_id"), ["order_id"], unique=False)

    op.create_table("allow_entries",
        sa.Column("allow_id", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("party_name", sa.String(length=500), nullable=False),
        sa.Column("party_country", sa.String(length=2), nullable=True),
        sa.Column("party_address", sa.String(length=1000), nullable=True),
        sa.Column("list", sa.String(length=100), nullable=False),
        sa.Column("entry_id", sa.String(length=200), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("approver", sa.String(length=200), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("order_id", sa.String(length=200), nullable=True),
        sa.Column("revoked_at", TS, nullable=True),
        sa.Column("revoked_by", sa.String(length=200), nullable=True),
        sa.Column("signature_ok", sa.Boolean(), nullable=True),
        sa.Column("record", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("allow_id", name=op.f("pk_allow_entries"))
    )
    with op.batch_alter_table("allow_entries", schema=None) as batch_op:
        batch_op.create_index("ix_allow_entries_list_entry", ["list", "entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_allow_entries_state"), ["state"], unique=False)

    op.create_table("cases",
        sa.Column("order_id", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column("held_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("closed_at", TS, nullable=True),
        sa.Column("closed_by", sa.String(length=200), nullable=True),
        sa.Column("last_decision_id", sa.String(length=64), nullable=False),
        sa.Column("hold_decision_id", sa.String(length=64), nullable=True),
        sa.Column("watchlist_version", sa.BigInteger(), nullable=True),
        sa.Column("policy_version", sa.String(length=64), nullable=True),
        sa.Column("rescreen", sa.Boolean(), nullable=False),
        sa.Column("warehouse_id", sa.String(length=200), nullable=True),
        sa.Column("top_score", sa.Float(), nullable=True),
        sa.Column("summary", sa.String(length=500), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("suppressed", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_cases"))
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_status_held_at", ["status", "held_at"], unique=False)

    op.create_table("decisions",
        sa.Column("decision_id", sa.String(length=64), nullable=False),
        sa.Column("order_id", sa.String(length=200), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("screened_at", TS, nullable=False),
        sa.Column("rescreen", sa.Boolean(), nullable=False),
        sa.Column("watchlist_version", sa.BigInteger(), nullable=True),
        sa.Column("policy_version", sa.String(length=64), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_decisions"))
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_order_id"), ["order_id"], unique=False)

    op.create_table("entry_snapshots",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("seen_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_entry_snapshots"))
    )
    op.create_table("orders",
        sa.Column("order_id", sa.String(length=200), nullable=False),
        sa.Column("order_version", sa.BigInteger(), nullable=True),
        sa.Column("event_type", sa.String(length=20), nullable=True),
        sa.Column("occurred_at", TS, nullable=True),
        sa.Column("warehouse_id", sa.String(length=200), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("received_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_orders"))
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_received_at"), ["received_at"], unique=False)

    op.create_table("suppressions",
        sa.Column("decision_id", sa.String(length=64), nullable=False),
        sa.Column("allow_id", sa.String(length=100), nullable=False),
        sa.Column("order_id", sa.String(length=200), nullable=False),
        sa.Column("list", sa.String(length=100), nullable=True),
        sa.Column("entry_id", sa.String(length=200), nullable=True),
        sa.Column("party_name", sa.String(length=500), nullable=True),
        sa.Column("at", TS, nullable=False),
        sa.PrimaryKeyConstraint("decision_id", "allow_id", name=op.f("pk_suppressions"))
    )
    with op.batch_alter_table("suppressions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suppressions_allow_id"), ["allow_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_suppressions_order_id"), ["order_id"], unique=False)

    op.create_table("topic_offsets",
        sa.Column("topic", sa.String(length=255), nullable=False),
        sa.Column("partition", sa.Integer(), nullable=False),
        sa.Column("next_offset", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("topic", "partition", name=op.f("pk_topic_offsets"))
    )
    op.create_table("users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_login_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username"))
    )
    op.create_table("worker_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=255), nullable=False),
        sa.Column("partition", sa.Integer(), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("review_id", sa.String(length=64), nullable=True),
        sa.Column("order_id", sa.String(length=200), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=True),
        sa.Column("approver", sa.String(length=200), nullable=True),
        sa.Column("client", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=40), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("decision_id", sa.String(length=64), nullable=True),
        sa.Column("reviewed_decision_id", sa.String(length=64), nullable=True),
        sa.Column("hold_codes", sa.JSON(), nullable=False),
        sa.Column("cleared_hits", sa.JSON(), nullable=False),
        sa.Column("watchlist_version", sa.BigInteger(), nullable=True),
        sa.Column("policy_version", sa.String(length=64), nullable=True),
        sa.Column("at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worker_audit")),
        sa.UniqueConstraint("topic", "partition", "offset", name="uq_worker_audit_position")
    )
    with op.batch_alter_table("worker_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_worker_audit_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_worker_audit_review_id"), ["review_id"], unique=False)

    op.create_table("case_tags",
        sa.Column("order_id", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["cases.order_id"], name=op.f("fk_case_tags_order_id_cases"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("order_id", "kind", "value", name=op.f("pk_case_tags"))
    )
    with op.batch_alter_table("case_tags", schema=None) as batch_op:
        batch_op.create_index("ix_case_tags_kind_value", ["kind", "value"], unique=False)

    op.create_table("sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=200), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_sessions_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions"))
    )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sessions_user_id"), ["user_id"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sessions_user_id"))

    op.drop_table("sessions")
    with op.batch_alter_table("case_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_case_tags_kind_value")

    op.drop_table("case_tags")
    with op.batch_alter_table("worker_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_worker_audit_review_id"))
        batch_op.drop_index(batch_op.f("ix_worker_audit_order_id"))

    op.drop_table("worker_audit")
    op.drop_table("users")
    op.drop_table("topic_offsets")
    with op.batch_alter_table("suppressions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suppressions_order_id"))
        batch_op.drop_index(batch_op.f("ix_suppressions_allow_id"))

    op.drop_table("suppressions")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_received_at"))

    op.drop_table("orders")
    op.drop_table("entry_snapshots")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_order_id"))

    op.drop_table("decisions")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_status_held_at")

    op.drop_table("cases")
    with op.batch_alter_table("allow_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allow_entries_state"))
        batch_op.drop_index("ix_allow_entries_list_entry")

    op.drop_table("allow_entries")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actions_order_id"))
        batch_op.drop_index(batch_op.f("ix_actions_at"))
        batch_op.drop_index(batch_op.f("ix_actions_allow_id"))

    op.drop_table("actions")
