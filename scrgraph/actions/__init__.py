"""Action-plan trackers: read them, map their columns, dates, refs and statuses, import them as dated
status records, and write templates that come back in a form scrgraph can read."""
