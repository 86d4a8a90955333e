"""Document information and XMP metadata: title, author, subject, keywords, language and dates from the source."""

from __future__ import annotations

from dataclasses import dataclass

from ... import __version__
from ...resolved import Resolved

CREATOR = f"gongwen-exporter {__version__}"
PRODUCER = "ReportLab PDF Library"
TIME_ZONE = "+08:00"  # the reports' dates are Beijing dates; a date without a zone would read as UTC


@dataclass(frozen=True)
class Metadata:
    """What the PDF says about itself."""

    title: str
    author: str
    subject: str
    keywords: str
    language: str
    date: str | None  # ISO date, 2023-02-22

    @property
    def pdf_date(self) -> str | None:
        """The date in PDF form, D:20230222000000+08'00'."""
        if not self.date:
            return None
        hours, minutes = TIME_ZONE[1:].split(":")
        return f"D:{self.date.replace('-', '')}000000{TIME_ZONE[0]}{hours}'{minutes}'"

    @property
    def xmp_date(self) -> str | None:
        return f"{self.date}T00:00:00{TIME_ZONE}" if self.date else None


def metadata_of(resolved: Resolved, language: str) -> Metadata:
    meta = resolved.properties
    return Metadata(
        title=meta.title,
        author=meta.author or "",
        subject=meta.subject or "",
        keywords="; ".join(meta.keywords),
        language=language,
        date=meta.iso_date,
    )


def escape(text: str) -> str:
    """Text as XML character data (xml.sax.saxutils.escape, whose import pulls in urllib and http)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xmp_packet(data: Metadata, pdfa_part: int | None) -> bytes:
    """The XMP packet, written out in full so the same report gives the same bytes."""
    e = escape
    fields = [
        '<dc:format>application/pdf</dc:format>',
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(data.title)}</rdf:li></rdf:Alt></dc:title>',
        f'<dc:language><rdf:Bag><rdf:li>{e(data.language)}</rdf:li></rdf:Bag></dc:language>',
        f'<xmp:CreatorTool>{e(CREATOR)}</xmp:CreatorTool>',
        f'<pdf:Producer>{e(PRODUCER)}</pdf:Producer>',
    ]
    if data.author:
        fields.append(f'<dc:creator><rdf:Seq><rdf:li>{e(data.author)}</rdf:li></rdf:Seq></dc:creator>')
    if data.subject:
        fields.append(f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(data.subject)}</rdf:li></rdf:Alt></dc:description>')
    if data.keywords:
        fields.append(f'<pdf:Keywords>{e(data.keywords)}</pdf:Keywords>')
    if data.xmp_date:
        fields += [f'<xmp:CreateDate>{data.xmp_date}</xmp:CreateDate>',
                   f'<xmp:ModifyDate>{data.xmp_date}</xmp:ModifyDate>',
                   f'<xmp:MetadataDate>{data.xmp_date}</xmp:MetadataDate>']
    if pdfa_part:
        fields += [f'<pdfaid:part>{pdfa_part}</pdfaid:part>', '<pdfaid:conformance>B</pdfaid:conformance>']
    body = "\n      ".join(fields)
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <rdf:Description rdf:about=""
        xmlns:dc="http://purl.org/dc/elements/1.1/"
        xmlns:xmp="http://ns.adobe.com/xap/1.0/"
        xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
        xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
      {body}
    </rdf:Description>
  </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")
