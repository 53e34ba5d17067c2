"""baseline: the schema the first release made

Revision ID: 0001
Revises: 
Created: 2026-11-24 23:46:58.787851
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('api_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('api_calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_calls_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_calls_kind'), ['kind'], unique=False)

    op.create_table('broadcast_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('broadcast_id', sa.Integer(), nullable=False),
    sa.Column('recipients', sa.Text(), nullable=False),
    sa.Column('messages', sa.Text(), nullable=False),
    sa.Column('retry_key', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.String(length=80), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('error', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('broadcast_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_broadcast_batches_broadcast_id'), ['broadcast_id'], unique=False)

    op.create_table('broadcasts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('slot_key', sa.String(length=80), nullable=True),
    sa.Column('summary', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slot_key')
    )
    op.create_table('chat_notices',
    sa.Column('chat_id', sa.String(length=40), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('chat_id')
    )
    op.create_table('code_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=40), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('code_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_code_attempts_user_id'), ['user_id'], unique=False)

    op.create_table('contest_state',
    sa.Column('campaign_id', sa.String(length=40), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('campaign_id')
    )
    op.create_table('conversations',
    sa.Column('user_id', sa.String(length=40), nullable=False),
    sa.Column('state', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('user_id')
    )
    op.create_table('district_codes',
    sa.Column('district_id', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('district_id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('inbound_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('webhook_event_id', sa.String(length=80), nullable=False),
    sa.Column('chat_key', sa.String(length=80), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('error', sa.String(length=200), nullable=True),
    sa.Column('processed_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('webhook_event_id')
    )
    with op.batch_alter_table('inbound_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbound_events_chat_key'), ['chat_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_inbound_events_status'), ['status'], unique=False)

    op.create_table('leases',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('holder', sa.String(length=40), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('line_groups',
    sa.Column('group_id', sa.String(length=40), nullable=False),
    sa.Column('district_id', sa.String(length=40), nullable=False),
    sa.Column('linked_by', sa.String(length=40), nullable=False),
    sa.Column('linked_at', sa.DateTime(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('group_id')
    )
    op.create_table('nominations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.String(length=40), nullable=False),
    sa.Column('district_id', sa.String(length=40), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('submitted_by', sa.String(length=40), nullable=False),
    sa.Column('submitter_name', sa.String(length=120), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('synced_at', sa.DateTime(), nullable=True),
    sa.Column('review_status', sa.String(length=40), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.create_index('uq_active_nomination', ['campaign_id', 'district_id'], unique=True, sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))
        batch_op.create_index('uq_nomination_revision', ['reference', 'revision'], unique=True)

    op.create_table('officers',
    sa.Column('user_id', sa.String(length=40), nullable=False),
    sa.Column('district_id', sa.String(length=40), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=True),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('following', sa.Boolean(), nullable=False),
    sa.Column('registered_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('user_id')
    )
    with op.batch_alter_table('officers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_officers_district_id'), ['district_id'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chat_key', sa.String(length=80), nullable=False),
    sa.Column('reply_token', sa.String(length=200), nullable=True),
    sa.Column('reply_until', sa.DateTime(), nullable=True),
    sa.Column('messages', sa.Text(), nullable=False),
    sa.Column('retry_key', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('reply_attempted', sa.Boolean(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('sent_via', sa.String(length=8), nullable=True),
    sa.Column('request_id', sa.String(length=80), nullable=True),
    sa.Column('error', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_chat_key'), ['chat_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_status'), ['status'], unique=False)

    op.create_table('photo_uploads',
    sa.Column('file_name', sa.String(length=80), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('file_name')
    )
    op.create_table('website_checks',
    sa.Column('district_id', sa.String(length=40), nullable=False),
    sa.Column('campaign_id', sa.String(length=40), nullable=False),
    sa.Column('url', sa.String(length=300), nullable=False),
    sa.Column('checked_at', sa.DateTime(), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('district_id', 'campaign_id')
    )
    op.create_table('website_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.String(length=40), nullable=False),
    sa.Column('district_id', sa.String(length=40), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('submitted_by', sa.String(length=40), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('synced_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('website_entries', schema=None) as batch_op:
        batch_op.create_index('uq_website_entry', ['campaign_id', 'district_id'], unique=True)



def downgrade() -> None:
    with op.batch_alter_table('website_entries', schema=None) as batch_op:
        batch_op.drop_index('uq_website_entry')

    op.drop_table('website_entries')
    op.drop_table('website_checks')
    op.drop_table('photo_uploads')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_status'))
        batch_op.drop_index(batch_op.f('ix_outbox_chat_key'))

    op.drop_table('outbox')
    with op.batch_alter_table('officers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_officers_district_id'))

    op.drop_table('officers')
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.drop_index('uq_nomination_revision')
        batch_op.drop_index('uq_active_nomination', sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))

    op.drop_table('nominations')
    op.drop_table('line_groups')
    op.drop_table('leases')
    with op.batch_alter_table('inbound_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbound_events_status'))
        batch_op.drop_index(batch_op.f('ix_inbound_events_chat_key'))

    op.drop_table('inbound_events')
    op.drop_table('district_codes')
    op.drop_table('conversations')
    op.drop_table('contest_state')
    with op.batch_alter_table('code_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_code_attempts_user_id'))

    op.drop_table('code_attempts')
    op.drop_table('chat_notices')
    op.drop_table('broadcasts')
    with op.batch_alter_table('broadcast_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_broadcast_batches_broadcast_id'))

    op.drop_table('broadcast_batches')
    with op.batch_alter_table('api_calls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_calls_kind'))
        batch_op.drop_index(batch_op.f('ix_api_calls_at'))

    op.drop_table('api_calls')
