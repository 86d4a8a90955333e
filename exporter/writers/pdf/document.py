"""The document around the pages, written by ReportLab itself: information, XMP, language, PDF/A-2b, page resources and the file ID."""

from __future__ import annotations

import hashlib
import zlib
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, cast

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from .metadata import CREATOR, PRODUCER, Metadata, xmp_packet
from .pdfa import PDFA_PART, output_intent

# zlib levels below its default 6, which ReportLab uses: on the pages' text operators level 3 takes
# half the time for streams some 10 % larger; on the fonts' outlines, which compress little at any
# level, level 1 takes a third of the time for 5 % more.
PAGE_COMPRESSION_LEVEL = 3
FONT_COMPRESSION_LEVEL = 1


@contextmanager
def without_ascii85() -> Iterator[None]:
    """While open, ReportLab writes plain Flate (or DCT) streams.

    ReportLab wraps page and image streams in ASCII85 by default, a fifth larger and for readers of
    seven-bit text. The switch is ReportLab's global setting, read when an image is drawn and when a
    page's stream is made.
    """
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


class _Flate:
    """ReportLab's Flate stream filter at another compression level."""

    pdfname = "FlateDecode"

    def __init__(self, level: int) -> None:
        self.level = level

    def encode(self, text: str | bytes) -> bytes:
        return zlib.compress(text.encode("utf-8") if isinstance(text, str) else text, self.level)


_PAGE_FLATE = _Flate(PAGE_COMPRESSION_LEVEL)
_FONT_FLATE = _Flate(FONT_COMPRESSION_LEVEL)


class _Info(pdfdoc.PDFInfo):
    """The document information dictionary with the report's own fields and date (ReportLab's has the clock's)."""

    def __init__(self, data: Metadata, digest: Any) -> None:
        super().__init__()
        self.data = data
        self.content_digest = digest

    def digest(self, md5object: Any) -> None:  # ReportLab's name: what the file ID is a digest of
        md5object.update(self.content_digest.digest())

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        data = self.data
        fields: dict[str, Any] = {"Title": pdfdoc.PDFString(data.title), "Creator": pdfdoc.PDFString(CREATOR),
                                  "Producer": pdfdoc.PDFString(PRODUCER)}
        for key, value in (("Author", data.author), ("Subject", data.subject), ("Keywords", data.keywords),
                           ("CreationDate", data.pdf_date), ("ModDate", data.pdf_date)):
            if value:
                fields[key] = pdfdoc.PDFString(value)
        return pdfdoc.PDFDictionary(fields).format(document)


class _Catalog(pdfdoc.PDFCatalog):
    """ReportLab's document catalogue with the PDF/A output intents among its entries."""

    __NoDefault__ = [*pdfdoc.PDFCatalog.__NoDefault__, "OutputIntents"]  # noqa: RUF012 — ReportLab's list
    __Refs__ = pdfdoc.PDFCatalog.__Refs__  # the output intents array stays in the catalogue itself
    Metadata: Any = None
    OutputIntents: Any = None


def pdf_document(canvas: Canvas) -> Any:
    """ReportLab's document objects behind a canvas: the file's catalogue, pages, fonts and file ID.

    (Any: the type stubs leave out the document's attributes this writer sets up.)
    """
    return canvas._doc  # type: ignore[attr-defined]


def _font_dictionary(names: Iterable[str]) -> pdfdoc.PDFDictionary:
    """A font resource dictionary naming ReportLab's font objects ("/F1+0" is the object named F1+0)."""
    return pdfdoc.PDFDictionary({name[1:]: pdfdoc.PDFObjectReference(name[1:]) for name in names})


class Document:
    """The canvas's document set up as a reproducible (PDF/A-2b) file; pages are finished as they are shown."""

    def __init__(self, canvas: Canvas, data: Metadata, pdfa: bool, fonts: Iterable[bytes]) -> None:
        """`fonts`: the PostScript names of the fonts embedded, part of what the file ID is a digest of."""
        self.canvas = canvas
        document = self.document = pdf_document(canvas)
        catalog = _Catalog()
        catalog.__dict__.update(document.Catalog.__dict__)  # the pages, outline and language ReportLab set
        document.Catalog = document._catalog = catalog
        # The file ID is a digest of what the pages show and the metadata: ReportLab's would start
        # from the time (or SOURCE_DATE_EPOCH), so the same report would not give the same bytes.
        self.digest = hashlib.md5(b"\n".join(sorted(fonts)), usedforsecurity=False)
        self._resources: dict[tuple[str, ...], Any] = {}  # font resource names → their shared resources
        document.signature = hashlib.md5(usedforsecurity=False)
        document.info = _Info(data, self.digest)
        canvas.setViewerPreference("DisplayDocTitle", "true")
        packet = xmp_packet(data, PDFA_PART if pdfa else None)
        self.digest.update(packet)
        metadata = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Metadata"),
                                                          "Subtype": pdfdoc.PDFName("XML")}), packet)
        catalog.Metadata = document.Reference(metadata)  # left uncompressed, for readers that scan for XMP
        if pdfa:
            catalog.OutputIntents = pdfdoc.PDFArray([document.Reference(output_intent())])

    def finish_page(self, content: str, fonts: Iterable[str], pictures: Iterable[bytes]) -> None:
        """After the canvas showed a page: resources naming only the fonts it shows, no transition, its stream compressed."""
        self.digest.update(content.encode("latin-1"))
        for picture in pictures:
            self.digest.update(picture)
        document = self.document
        page = document.Pages.pages[-1]
        names = tuple(sorted(fonts))
        if not page.XObjects and not page.ExtGState:
            # A page of text and rules: its resources are its fonts, the same for many pages, and
            # written once for all of them.
            shared = self._resources.get(names)
            if shared is None:
                resources = pdfdoc.PDFResourceDictionary()
                resources.allProcs()  # as ReportLab gives every page
                resources.Font = _font_dictionary(names)
                shared = self._resources[names] = document.Reference(resources)
            page.Resources = shared
            page.check_format(document)  # ReportLab builds the page's stream now
        else:  # a page with the seal: ReportLab's resources for its image and blend mode, and its fonts
            page.check_format(document)
            page.Resources.Font = _font_dictionary(names)
        page.Trans = None  # ReportLab writes an empty transition dictionary, which PDF/A forbids
        page.Contents.filters = [_PAGE_FLATE]

    def data(self) -> bytes:
        """The whole file."""
        # The fonts' objects are made now rather than while the file is written, to compress them at
        # another level: ReportLab compresses its own streams at zlib's default.
        document = self.document
        for font in document.delayedFonts:
            font.addObjects(document)
        document.delayedFonts = []
        for item in document.idToObject.values():
            if isinstance(item, pdfdoc.PDFStream) and item.filters == [pdfdoc.PDFZCompress]:
                item.filters = [_FONT_FLATE]
        return cast(bytes, self.canvas.getpdfdata())  # type: ignore[no-untyped-call]
