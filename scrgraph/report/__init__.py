"""The annual report's "learning from reviews" section, written from the saved queries.

``build_report(store, options)`` gathers the facts (:mod:`scrgraph.report.gather`) and composes
the document (:mod:`scrgraph.report.compose`); ``write_report(document, path, template)`` writes
it as Word (``.docx``), one self-contained HTML page (``.html``) or Markdown (``.md``, charts
beside it), chosen by the file's suffix. Files are written whole or not at all.
"""

from __future__ import annotations

from pathlib import Path

from scrgraph.errors import ScrgraphError
from scrgraph.report.gather import ReportOptions
from scrgraph.report.model import Document

__all__ = ["ReportOptions", "build_report", "write_report", "FORMATS"]

FORMATS = (".docx", ".html", ".md")


def check_output(path: Path, template: Path | None = None) -> str:
    """The format of the output file from its suffix; anything else is an error a user can fix."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ScrgraphError(f"The report file {path} must end in .docx (Word), .html or .md; for example -o report.docx.")
    if template is not None and suffix != ".docx":
        raise ScrgraphError("--template styles a Word report; give an output file ending in .docx with it.")
    if template is not None and not Path(template).is_file():
        raise ScrgraphError(f"The template {template} does not exist.")
    if template is not None and Path(template).suffix.lower() != ".docx":
        raise ScrgraphError(f"The template {template} is not a .docx file; save the board's template as a Word document (.docx).")
    if Path(path).is_dir():
        raise ScrgraphError(f"The report file {path} is a folder; give a file name such as {Path(path) / ('report' + suffix)}.")
    folder = Path(path).parent
    if not folder.is_dir():
        raise ScrgraphError(f"The folder {folder} does not exist; create it or choose another output path.")
    return suffix


def build_report(store, options: ReportOptions) -> Document:
    """The report for ``options`` from the saved queries run on ``store``."""
    from scrgraph.report.compose import compose
    from scrgraph.report.gather import gather

    return compose(gather(store, options))


def write_report(document: Document, path: Path, template: Path | None = None) -> list[Path]:
    """Write the report to ``path`` in the format its suffix names; return every file written."""
    from scrgraph.output import write_atomic

    path = Path(path)
    suffix = check_output(path, template)
    if suffix == ".docx":
        from scrgraph.report.write_docx import docx_bytes

        write_atomic(path, docx_bytes(document, template))
        return [path]
    if suffix == ".html":
        from scrgraph.report.write_html import html_text

        write_atomic(path, html_text(document))
        return [path]
    from scrgraph.report.write_md import figure_files, md_text

    images = figure_files(document, path)
    written = []
    for figure in document.figures():
        write_atomic(images[figure.number], figure.png)
        written.append(images[figure.number])
    write_atomic(path, md_text(document, images))
    return [path] + written
