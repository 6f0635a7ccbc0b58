"""merge bugfix and feature

Revision ID: m1m1
Revises: b2b2, c2c2
Create Date: 2024-01-01 09:06:42.628374

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'm1m1'
down_revision = ('b2b2', 'c2c2')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
