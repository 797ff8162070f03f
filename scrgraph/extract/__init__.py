"""Loaders: published review documents in, review records out (``scrgraph extract``).

:func:`extract_document` reads a PDF, Word, HTML, Markdown or text file, picks a layout profile
(``loaders/layout-*.yaml``) and returns an :class:`Extraction` whose ``record`` is a review record
that passes :func:`scrgraph.record.check_record`. See docs/loaders.md.
"""

from scrgraph.extract.build import Extraction, extract_document

__all__ = ["Extraction", "extract_document"]
