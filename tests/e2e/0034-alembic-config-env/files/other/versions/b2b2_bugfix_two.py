"""bugfix two

Revision ID: b2b2
Revises: b1b1
Create Date: 2024-01-01 09:03:21.314187

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2b2'
down_revision = 'b1b1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
