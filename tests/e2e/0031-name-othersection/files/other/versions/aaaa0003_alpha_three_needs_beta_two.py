"""alpha three needs beta two

Revision ID: aaaa0003
Revises: aaaa0002
Create Date: 2024-01-01 09:04:28.418916

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'aaaa0003'
down_revision = 'aaaa0002'
branch_labels = None
depends_on = 'bbbb0002'


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
