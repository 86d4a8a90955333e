"""The .docx package: parts, relationships, content types, document properties, written with fixed zip dates."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ...resolved import ResolvedMeta

FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry: no build clock in the file
APPLICATION = "gongwen-exporter"
KEYWORD_SEPARATOR = "; "

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"


@dataclass(frozen=True)
class Part:
    """One part of the package: its name, content type, and the document's relationship to it."""

    name: str  # "word/styles.xml"
    content_type: str
    relationship: str = ""  # type URI of the document's relationship to it; "" when the document has none


# The word/ parts in package order; relationship ids follow this order, the same in every build.
DOCUMENT = Part("word/document.xml", f"{_MAIN}.document.main+xml")
STYLES = Part("word/styles.xml", f"{_MAIN}.styles+xml", f"{_REL}/styles")
SETTINGS = Part("word/settings.xml", f"{_MAIN}.settings+xml", f"{_REL}/settings")
FONT_TABLE = Part("word/fontTable.xml", f"{_MAIN}.fontTable+xml", f"{_REL}/fontTable")
ODD_FOOTER = Part("word/footer1.xml", f"{_MAIN}.footer+xml", f"{_REL}/footer")
EVEN_FOOTER = Part("word/footer2.xml", f"{_MAIN}.footer+xml", f"{_REL}/footer")
THEME = Part("word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml", f"{_REL}/theme")
WORD_PARTS = (DOCUMENT, STYLES, SETTINGS, FONT_TABLE, ODD_FOOTER, EVEN_FOOTER, THEME)
CORE = Part("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")
APP = Part("docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")


def relationship_id(part: Part) -> str:
    """The document's relationship id for a part: rId1, rId2, … in package order."""
    related = [p for p in WORD_PARTS if p.relationship]
    return f"rId{related.index(part) + 1}"


def core_properties(meta: ResolvedMeta) -> bytes:
    """docProps/core.xml: title, subject, keywords, author = the issuing organ, dates from the source's 成文日期."""
    fields = [
        f"<dc:title>{escape(meta.title)}</dc:title>",
        f"<dc:subject>{escape(meta.subject or '')}</dc:subject>",
        f"<dc:creator>{escape(meta.issuer or '')}</dc:creator>",
        f"<cp:keywords>{escape(KEYWORD_SEPARATOR.join(meta.keywords))}</cp:keywords>",
        f"<cp:lastModifiedBy>{escape(meta.issuer or '')}</cp:lastModifiedBy>",
        "<cp:revision>1</cp:revision>",
    ]
    if meta.iso_date:
        stamp = f"{meta.iso_date}T00:00:00Z"
        fields.append(f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>')
        fields.append(f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>')
    return _xml(
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + "".join(fields) + "</cp:coreProperties>")


def app_properties(meta: ResolvedMeta) -> bytes:
    """docProps/app.xml: the producing application and the issuing organ as company."""
    return _xml(
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>{APPLICATION}</Application><Company>{escape(meta.issuer or '')}</Company>"
        "</Properties>")


def write_package(path: Path, word_parts: dict[Part, bytes], meta: ResolvedMeta) -> None:
    """Zip every part with fixed dates and a fixed order, so one source always gives the same bytes."""
    parts = {**{part: word_parts[part] for part in WORD_PARTS}, CORE: core_properties(meta), APP: app_properties(meta)}
    entries = [
        ("[Content_Types].xml", _content_types(list(parts))),
        ("_rels/.rels", _package_relationships()),
        ("word/_rels/document.xml.rels", _document_relationships()),
        *((part.name, data) for part, data in parts.items()),
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def _content_types(parts: list[Part]) -> bytes:
    overrides = "".join(f'<Override PartName="/{p.name}" ContentType="{p.content_type}"/>' for p in parts)
    return _xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + overrides + "</Types>")


def _package_relationships() -> bytes:
    return _relationships([
        ("rId1", f"{_REL}/officeDocument", "word/document.xml"),
        ("rId2", f"{_PACKAGE_REL}/metadata/core-properties", "docProps/core.xml"),
        ("rId3", f"{_REL}/extended-properties", "docProps/app.xml"),
    ])


def _document_relationships() -> bytes:
    return _relationships([(relationship_id(p), p.relationship, p.name.removeprefix("word/"))
                           for p in WORD_PARTS if p.relationship])


def _relationships(rows: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in rows)
    return _xml(f'<Relationships xmlns="{_PACKAGE_REL}">{body}</Relationships>')


def _xml(text: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text).encode("utf-8")
