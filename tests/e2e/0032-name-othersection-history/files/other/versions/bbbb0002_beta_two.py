"""beta two

Revision ID: bbbb0002
Revises: bbbb0001
Create Date: 2024-01-01 09:03:21.314187

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bbbb0002'
down_revision = 'bbbb0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
