"""Recognisers: text as people and documents write it, read into the concepts scrgraph knows.

One home per idea, shared by extraction, tracker import, CLI options and saved-query parameters
(``docs/inputs.md``): :mod:`~scrgraph.recognise.dates` (the one date grammar),
:mod:`~scrgraph.recognise.agencies` (the gazetteer), :mod:`~scrgraph.recognise.themes`,
:mod:`~scrgraph.recognise.statuses`, :mod:`~scrgraph.recognise.refs` (recommendation refs and
their natural order) and :mod:`~scrgraph.recognise.named` (an agency, theme, status or review
named by id, label or alias). Nothing here reads or writes the store.
"""
