"""The final pass with pikepdf: document information, XMP, language, PDF/A-2b, and a reproducible save."""

from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

import pikepdf
from reportlab import rl_config

from .metadata import CREATOR, PRODUCER, Metadata, xmp_packet
from .pdfa import PDFA_PART, add_output_intent, strip_forbidden


@contextmanager
def without_ascii85() -> Iterator[None]:
    """While open, ReportLab writes plain Flate (or DCT) streams.

    ReportLab wraps page and image streams in ASCII85 by default; the final save would only have to
    decode it again. The switch is ReportLab's global setting, read when an image is drawn and
    while the document is written out.
    """
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def finish(content: bytes, page_fonts: Sequence[Sequence[str]], data: Metadata, pdfa: bool, path: Path) -> None:
    """Write the canvas's PDF to `path` with its metadata; the same input gives the same bytes.

    `page_fonts` names, per page, the font resources its text shows ("/F1+0").
    """
    with pikepdf.open(io.BytesIO(content)) as pdf:
        info = pikepdf.Dictionary(Title=pikepdf.String(data.title), Creator=pikepdf.String(CREATOR),
                                  Producer=pikepdf.String(PRODUCER))
        if data.author:
            info.Author = pikepdf.String(data.author)
        if data.subject:
            info.Subject = pikepdf.String(data.subject)
        if data.keywords:
            info.Keywords = pikepdf.String(data.keywords)
        if data.pdf_date:
            info.CreationDate = pikepdf.String(data.pdf_date)
            info.ModDate = pikepdf.String(data.pdf_date)
        pdf.trailer.Info = pdf.make_indirect(info)
        pdf.Root.Lang = pikepdf.String(data.language)
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        metadata = pdf.make_stream(xmp_packet(data, PDFA_PART if pdfa else None))
        metadata.Type = pikepdf.Name.Metadata
        metadata.Subtype = pikepdf.Name.XML
        pdf.Root.Metadata = metadata
        if pdfa:
            add_output_intent(pdf)
            strip_forbidden(pdf)
        _keep_used_fonts(pdf, page_fonts)
        _name_single_filters(pdf)
        # ReportLab's /ID is a digest that includes the time, which it takes from SOURCE_DATE_EPOCH when
        # set, and qpdf keeps a first /ID it is given: without one, both halves are digests of the content.
        if "/ID" in pdf.trailer:
            del pdf.trailer.ID
        # Saved into memory and written from Python: qpdf writing to a full disk aborts the process (SIGABRT)
        # instead of raising, where Python's write raises OSError (ENOSPC) the build reports.
        saved = io.BytesIO()
        pdf.save(saved, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    with open(path, "wb") as output:
        output.write(saved.getbuffer())


def _keep_used_fonts(pdf: pikepdf.Pdf, page_fonts: Sequence[Sequence[str]]) -> None:
    """Give each page a font dictionary of the subsets it shows instead of ReportLab's dictionary of all of them."""
    for page, names in zip(pdf.pages, page_fonts, strict=True):
        resources = page.obj.Resources
        shared = resources.Font
        resources.Font = pikepdf.Dictionary({name: shared[name] for name in names})


def _name_single_filters(pdf: pikepdf.Pdf) -> None:
    """Write ReportLab's one-element filter arrays ([/FlateDecode]) as the filter's name.

    qpdf keeps a stream filtered by the name /FlateDecode as it is, but decodes and compresses again
    one filtered by an array, which would cost most of the save.
    """
    for item in pdf.objects:
        if isinstance(item, pikepdf.Stream):
            filters = item.get("/Filter")
            if isinstance(filters, pikepdf.Array) and len(filters) == 1:
                item.Filter = filters[0]
                parameters = item.get("/DecodeParms")
                if isinstance(parameters, pikepdf.Array) and len(parameters) == 1:
                    item.DecodeParms = parameters[0]  # a filter's parameters take the form of its name
