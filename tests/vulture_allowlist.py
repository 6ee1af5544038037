"""Names vulture cannot see being used: typer commands (called by the CLI framework), HTMLParser hooks,
attributes read by typer through introspection, and fields and properties that tests and JSON read."""

# ruff: noqa
from das.commands import content, exam, export
from das.calc import registry
from das.interop import csvfile
from das.store.progress import Progress
from das.ui import blocks

content.check
exam.review_exam
export.anki
export.gift
csvfile._Fields.handle_starttag
csvfile._Fields.handle_endtag
csvfile._Fields.handle_data
registry.FLAG_KINDS
registry.Calculator.usage
Progress.schema_version
_.__signature__
_.__doc__
_.row_factory
_.no_wrap
_.text_factory

# the forgetting curve in Python: the reference the tests check das.store.study.recall_sql (SQL) against
from das.practice import scheduling

scheduling.recall_probability

# `from das.cli import app`: the module's __getattr__ builds the whole command tree (PEP 562)
from das import cli

cli.__getattr__

# commands registered by name in das.cli.COMMANDS (imported only when run)
from das.commands import doctor, explain, importer

doctor.doctor
explain.explain
importer.import_banks
# which signal ended an exam (tests read it; the exit code is 130 for both since #12)
from das.flows.exam import ExamRunner
ExamRunner.hangup_signal
# a closed stdout's stand-in: read by whatever prints to it (rich, typer)
from das import output
output._ClosedStream.encoding
