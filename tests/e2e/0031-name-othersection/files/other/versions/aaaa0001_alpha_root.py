"""alpha root

Revision ID: aaaa0001
Revises: 
Create Date: 2024-01-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'aaaa0001'
down_revision = None
branch_labels = ('alpha',)
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
