"""Loaders: published review documents in, review records out (``scrgraph extract``).

:func:`extract_document` reads a PDF, Word, HTML, Markdown or text file, picks a layout profile
(``loaders/layout-*.yaml``) and returns an :class:`Extraction` whose ``record`` is a review record
that passes :func:`scrgraph.record.check_record`. See docs/loaders.md.
"""

from typing import TYPE_CHECKING

from scrgraph.lazy import lazy_names

if TYPE_CHECKING:  # what type checkers see; at run time each name is imported on first use
    from scrgraph.extract.build import Extraction, extract_document

__all__ = ["Extraction", "extract_document"]

# Imported on first use: ``scrgraph load`` of records alone reads scrgraph.extract.loading, not the readers.
__getattr__ = lazy_names(__name__, {name: "scrgraph.extract.build" for name in __all__})
