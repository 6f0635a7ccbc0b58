"""bugfix one

Revision ID: b1b1
Revises: a1a1
Create Date: 2024-01-01 09:02:14.209458

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b1b1'
down_revision = 'a1a1'
branch_labels = ('bugfix',)
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
