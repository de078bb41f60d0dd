"""Alerts: rules over the analytics that say which units need a leader's attention, and the
history of each alert from the load that raised it to the load that cleared it.

Rule: imports analytics and the store only; every rule reuses the analytics function (and
its threshold) of the page that shows it, and its thresholds come from one configuration
file (config.py). The loader runs the rules as a PostLoad step (queries.campaign), which
carries the history of the database being replaced into the new one (history.py).
"""
