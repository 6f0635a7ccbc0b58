"""merge all

Revision ID: m2m2
Revises: m1m1, d1d1
Create Date: 2024-01-01 09:08:56.837832

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'm2m2'
down_revision = ('m1m1', 'd1d1')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
