"""The final pass with pikepdf: document information, XMP, language, PDF/A-2b, and a reproducible save."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf

from .metadata import CREATOR, PRODUCER, Metadata, xmp_packet
from .pdfa import PDFA_PART, add_output_intent, strip_forbidden


def finish(content: bytes, data: Metadata, pdfa: bool, path: Path) -> None:
    """Write the canvas's PDF to `path` with its metadata; the same input gives the same bytes."""
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
        pdf.remove_unreferenced_resources()
        pdf.save(path, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
