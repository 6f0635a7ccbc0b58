"""feature one

Revision ID: c1c1
Revises: a1a1
Create Date: 2024-01-01 09:04:28.418916

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1c1'
down_revision = 'a1a1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
