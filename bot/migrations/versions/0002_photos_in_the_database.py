"""photos kept in the database until they reach Drive

Revision ID: 0002
Revises: 0001
Created: 2026-11-24 23:47:07.956544
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('photos',
    sa.Column('file_name', sa.String(length=80), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('file_name')
    )


def downgrade() -> None:
    op.drop_table('photos')
