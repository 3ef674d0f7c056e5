"""Monitoring: the Secretariat's dashboard in the admin and the plan's KPIs.

`charts` lays out server-rendered SVG bar charts (hand-written templates, no JavaScript),
`dashboard` computes the dashboard's figures within what the user may see.
"""
