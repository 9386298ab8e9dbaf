"""audit_log: index on action (the staff-menu sync looks up 'staff.removed' every minute)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 18:40:00.000000
"""
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # storage.staff.former() reads audit_log by action each round; without this index every
    # round scanned the whole log, which only grows.
    op.create_index('ix_audit_action', 'audit_log', ['action'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_audit_action', table_name='audit_log')
