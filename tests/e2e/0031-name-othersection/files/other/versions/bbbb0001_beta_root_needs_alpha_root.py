"""beta root needs alpha root

Revision ID: bbbb0001
Revises: 
Create Date: 2024-01-01 09:02:14.209458

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bbbb0001'
down_revision = None
branch_labels = ('beta',)
depends_on = 'aaaa0001'


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
