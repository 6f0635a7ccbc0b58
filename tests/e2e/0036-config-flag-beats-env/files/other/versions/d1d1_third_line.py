"""third line

Revision ID: d1d1
Revises: a1a1
Create Date: 2024-01-01 09:07:49.733103

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd1d1'
down_revision = 'a1a1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
