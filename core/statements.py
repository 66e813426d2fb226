"""Reads that a busy page makes on every request, compiled by the ORM once per process.

Building and compiling a queryset (resolving its lookups and joins, writing its SQL) costs
more CPU than the database spends answering it when it reads a page's rows by primary key:
the bank's twenty cards took 1.5 ms of Python against 0.3 ms with the SQL compiled once.
A `CompiledRead` is written as an ordinary queryset, so the rules it uses (such as
`Resource.objects.published()`) stay the one place where they are stated; it is compiled the
first time it runs, then run again with other values.

Only the values given as parameters (`ids`, `value`) may differ between runs: the queryset
is built once, so it must not depend on the time, the language, a setting or the reader.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL


class _Parameter:
    """Stands for a run's value in the compiled statement's parameters."""

    def __init__(self, name: str):
        self.name = name


def ids(name: str) -> RawSQL:
    """A list of ids given at each run, for an `__in` lookup (`pk__in=ids("pks")`)."""
    return RawSQL("SELECT unnest(%s::bigint[])", (_Parameter(name),))


def texts(name: str) -> RawSQL:
    """A list of strings given at each run, for an `__in` lookup (`category__in=texts("c")`)."""
    return RawSQL("SELECT unnest(%s::text[])", (_Parameter(name),))


def value(name: str) -> RawSQL:
    """One value given at each run, for an exact lookup (`user_id=value("user")`)."""
    return RawSQL("%s", (_Parameter(name),))


class CompiledRead:
    """A queryset (`build()` returns it) compiled once, run with the values of its parameters.

    `rows(**values)` answers tuples as `values_list` would; the selected columns must need no
    conversion from the database's values (the compilation refuses those that do).
    """

    def __init__(self, build: Callable[[], QuerySet]):
        self._build = build
        self._compiled: tuple[str, str, list, list[tuple[int, str]]] | None = None

    def _compile(self) -> tuple[str, str, list, list[tuple[int, str]]]:
        queryset = self._build()
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        columns = [selected[0] for selected in compiler.select[: compiler.col_count]]
        if compiler.get_converters(columns):
            raise ImproperlyConfigured("A compiled read cannot convert the database's values.")
        slots = [
            (position, param.name)
            for position, param in enumerate(params)
            if isinstance(param, _Parameter)
        ]
        return queryset.db, sql, list(params), slots

    def rows(self, **values) -> list[tuple]:
        if self._compiled is None:
            self._compiled = self._compile()
        alias, sql, params, slots = self._compiled
        params = list(params)
        for position, name in slots:
            params[position] = values[name]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
