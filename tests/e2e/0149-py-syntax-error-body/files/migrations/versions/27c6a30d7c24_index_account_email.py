"""index account email

Revision ID: 27c6a30d7c24
Revises: ae1027a6acf6
Create Date: 2024-05-02 09:26:02.722954

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '27c6a30d7c24'
down_revision: Union[str, None] = 'ae1027a6acf6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite"
        op.execute("CREATE UNIQUE INDEX ix_account_email ON account (email)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_account_email")
