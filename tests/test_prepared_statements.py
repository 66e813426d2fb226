"""PostgreSQL plans a repeated statement once per connection (settings: DATABASE_PREPARED)."""

from django.db import connection

from accounts.models import User


def _prepared() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


def test_a_statement_run_again_and_again_is_prepared_with_its_values_bound_by_the_server(db):
    for _ in range(6):  # psycopg prepares a statement after its fifth run
        list(User.objects.filter(email="nikt@example.org"))
    prepared = "\n".join(_prepared())
    # Bound by the server ($1), not written into the text: one plan for every address.
    assert 'WHERE "accounts_user"."email" = $1' in prepared
    assert "nikt@example.org" not in prepared
