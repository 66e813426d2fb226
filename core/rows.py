"""Model instances from a hand-written SELECT, made the way the ORM makes them.

For the few reads that every page of a kind starts with (a thread with its network and the
reader's membership), compiling the queryset costs more than running it. Such a read is
written out once: its column lists come from the models (a new field is selected without
anyone editing the SQL) and its rows become instances through Model.from_db and the fields'
converters, as the ORM would make them. The rules about what a person may see stay in the
permission functions the caller still asks.
"""

import functools

from django.db import connections
from django.db.models import DEFERRED, Model


@functools.cache
def _places(model: type[Model], names: tuple[str, ...]) -> list[int | None]:
    """Where each of the model's columns is among `names` (None: not read, deferred)."""
    return [
        names.index(column.attname) if column.attname in names else None
        for column in model._meta.concrete_fields
    ]


def instance(model: type[Model], names: tuple[str, ...], values, alias: str = "default") -> Model:
    """The instance whose columns `names` (in any order) hold `values`, the others deferred,
    as the ORM makes it (Model.from_db, which wants the values in the model's order)."""
    ordered = [DEFERRED if place is None else values[place] for place in _places(model, names)]
    return model.from_db(alias, names, ordered)


class Columns:
    """A model's columns in a SELECT, and its instance from their values in a row."""

    def __init__(self, model: type[Model], *, exclude: tuple[str, ...] = ()):
        self.model = model
        table = model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields if f.attname not in exclude]
        self.attnames = tuple(f.attname for f in self.fields)
        self.sql = ", ".join(f'"{table}"."{f.column}"' for f in self.fields)
        self.width = len(self.fields)
        self._converters: dict[str, list] = {}

    def _converters_for(self, alias: str) -> list[tuple[int, list]]:
        if alias not in self._converters:
            connection = connections[alias]
            table = self.model._meta.db_table
            self._converters[alias] = [
                (index, converters)
                for index, field in enumerate(self.fields)
                if (
                    converters := connection.ops.get_db_converters(field.get_col(table))
                    + field.get_db_converters(connection)
                )
            ]
        return self._converters[alias]

    def build(self, values, alias: str = "default") -> Model:
        """The instance whose columns are `values` (this model's slice of the row)."""
        converters = self._converters_for(alias)
        if converters:
            values = list(values)
            connection = connections[alias]
            for index, functions in converters:
                for function in functions:
                    values[index] = function(values[index], self.fields[index], connection)
        return instance(self.model, self.attnames, values, alias)


def split(row, *columns: Columns) -> tuple[list, tuple]:
    """The row cut into each model's values in order, and what follows them."""
    parts, start = [], 0
    for column in columns:
        parts.append(row[start : start + column.width])
        start += column.width
    return parts, tuple(row[start:])
