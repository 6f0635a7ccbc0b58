"""feature two

Revision ID: c2c2
Revises: c1c1
Create Date: 2024-01-01 09:05:35.523645

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2c2'
down_revision = 'c1c1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
