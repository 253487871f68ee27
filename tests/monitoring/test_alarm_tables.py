"""README's alarm table (monitoring/alarm_table.py alarm_summary_markdown): a Markdown table
with one row per alarm, in the table's order, giving its name, what it means and what to do."""

from __future__ import annotations

from monitoring.alarm_table import alarm_summary_markdown
from monitoring.alarms import ALARMS


def cells(row: str) -> list[str]:
    assert row.startswith("| ") and row.endswith(" |"), row
    return row[2:-2].split(" | ")


def test_the_readme_table_has_a_row_per_alarm_with_its_meaning_and_action():
    header, rule, *rows = alarm_summary_markdown().splitlines()
    assert cells(header) == ["alarm", "what it means", "what to do"]
    assert rule == "|---|---|---|"
    assert [cells(row) for row in rows] == [[f"`{a.key}`", a.description, a.action]
                                           for a in ALARMS]
