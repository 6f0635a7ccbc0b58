"""alpha two

Revision ID: aaaa0002
Revises: aaaa0001
Create Date: 2024-01-01 09:01:07.104729

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'aaaa0002'
down_revision = 'aaaa0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
