"""#12, damage messages name the column: an empty value (NULL) in any column das needs, of any table, gives one
line naming table.column in the command that meets it (exit 1, files unchanged) and `das doctor` names it. Kept
apart from the not-UTF-8 sweep in test_faults12_columns.py so the two sweeps run on different workers."""

from __future__ import annotations

from helpers import damage
from test_faults12_columns import (COMMANDS, MAY_BE_EMPTY, ROWID_ALIASES, allow_null, assert_named, base,  # noqa: F401
                                   columns, restore)


def test_an_empty_value_in_any_column_das_needs_names_table_and_column(das_home, base):
    path = das_home / "progress.sqlite3"
    refused = 0
    for n, (table, column, _declared) in enumerate(columns(path)):
        if (table, column) in MAY_BE_EMPTY | ROWID_ALIASES:
            continue
        path = restore(das_home, base)
        allow_null(path, table)
        only = " WHERE status = 'submitted'" if table == "exams" else ""
        damage(das_home, f'UPDATE "{table}" SET "{column}" = NULL{only}')
        refused += len(assert_named(das_home, table, column, "NULL", [COMMANDS[n % len(COMMANDS)]]))
    assert refused > 5
