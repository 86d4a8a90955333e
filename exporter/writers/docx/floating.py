"""Floating pictures: python-docx adds the image part and an inline picture, turned here into a `wp:anchor` it lacks."""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu
from lxml import etree

from .oxml import Element, add

# z-order among the page's floating objects: the value Word gives the first shape it adds.
FIRST_RELATIVE_HEIGHT = 251658240


@dataclass(frozen=True)
class FloatingPlacement:
    """Size and place of a floating picture, in EMU; each offset is measured from what its `*_from` names.

    `across_from` is ST_RelFromH ("page", "margin", "character": the anchor's place in its line, …),
    `down_from` ST_RelFromV ("page", "paragraph": the top of the anchor's paragraph, …).
    """

    width: int
    height: int
    across: int  # negative: left of the reference
    across_from: str
    down: int  # negative: above the reference
    down_from: str
    name: str  # shown in Word's selection pane


def add_floating_picture(document: Document, paragraph: Element, image: bytes, placement: FloatingPlacement) -> None:
    """A picture floating in front of the text, anchored by a run of its own appended to `paragraph`.

    python-docx stores the image part (word/media/image1.png and its relationship) and makes the
    `<wp:inline>` of a picture; the run holds `<w:drawing>` with, in place of that inline,

    ```xml
    <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251658240"
               behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
      <wp:simplePos x="0" y="0"/>
      <wp:positionH relativeFrom="character"><wp:posOffset>-705200</wp:posOffset></wp:positionH>
      <wp:positionV relativeFrom="paragraph"><wp:posOffset>-919162</wp:posOffset></wp:positionV>
      <wp:extent cx="1512000" cy="1512000"/>
      <wp:effectExtent l="0" t="0" r="0" b="0"/>
      <wp:wrapNone/>
      <wp:docPr id="1" name="印章"/>
      <wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>
      <a:graphic>…python-docx's pic:pic, unchanged…</a:graphic>
    </wp:anchor>
    ```
    `wrapNone` and `behindDoc="0"`: the picture lies over the text without moving it, and the text
    shows through where the image is transparent, as ink stamped on paper does.
    """
    inline = document.part.new_pic_inline(io.BytesIO(image), Emu(placement.width), Emu(placement.height))
    drawing = add(add(paragraph, "r"), "drawing")
    drawing.append(inline)  # in the document first, so its namespace declarations settle as python-docx's do
    drawing.replace(inline, _anchor(inline, placement))


def _anchor(inline: etree._Element, placement: FloatingPlacement) -> etree._Element:
    """The anchor carrying the inline's picture, id and aspect lock, at `placement`."""
    anchor: etree._Element = parse_xml(
        f'<wp:anchor {nsdecls("wp", "a")} distT="0" distB="0" distL="0" distR="0" simplePos="0"'
        f' relativeHeight="{FIRST_RELATIVE_HEIGHT}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="{placement.across_from}"><wp:posOffset>{placement.across}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="{placement.down_from}"><wp:posOffset>{placement.down}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{placement.width}" cy="{placement.height}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        "<wp:wrapNone/>"
        "</wp:anchor>"
    )
    parts = [inline.find(qn(tag)) for tag in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic")]
    document_properties, frame, graphic = parts
    assert document_properties is not None and frame is not None and graphic is not None  # python-docx writes all three
    document_properties.set("name", placement.name)
    for child in (document_properties, frame, graphic):
        anchor.append(child)
    return anchor
