"""trunk

Revision ID: a1a1
Revises: a0a0
Create Date: 2024-01-01 09:01:07.104729

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1a1'
down_revision = 'a0a0'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
