"""What an operator is told about a running cluster: alarms and a dashboard, as data.

Every threshold is a figure of the plan (alarms.figures); both renderers build their alarms
and dashboard from these specs, so they cannot drift. The probe's metric names live next to
the probe (probe/metrics.py).
"""
