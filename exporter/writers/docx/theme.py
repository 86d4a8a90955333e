"""word/theme/theme1.xml: the smallest valid theme, its fonts the style sheet's, so nothing falls back to Calibri or MS 明朝."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from ...styles import StyleSheet

_COLOURS = (  # Office's standard scheme; only the red 版头 and black text are used, both given directly
    ("dk1", '<a:sysClr val="windowText" lastClr="000000"/>'), ("lt1", '<a:sysClr val="window" lastClr="FFFFFF"/>'),
    ("dk2", '<a:srgbClr val="44546A"/>'), ("lt2", '<a:srgbClr val="E7E6E6"/>'),
    ("accent1", '<a:srgbClr val="4472C4"/>'), ("accent2", '<a:srgbClr val="ED7D31"/>'),
    ("accent3", '<a:srgbClr val="A5A5A5"/>'), ("accent4", '<a:srgbClr val="FFC000"/>'),
    ("accent5", '<a:srgbClr val="5B9BD5"/>'), ("accent6", '<a:srgbClr val="70AD47"/>'),
    ("hlink", '<a:srgbClr val="0563C1"/>'), ("folHlink", '<a:srgbClr val="954F72"/>'),
)
_SOLID = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
_LINE = '<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>'
_EFFECT = "<a:effectStyle><a:effectLst/></a:effectStyle>"


def theme_part(style: StyleSheet, heading_role: str, body_role: str) -> bytes:
    """A theme whose major (heading) and minor (body) fonts are the faces of the given roles.

    ```xml
    <a:fontScheme name="GB/T 9704">
      <a:majorFont><a:latin typeface="Times New Roman"/><a:ea typeface="黑体"/><a:cs typeface="Times New Roman"/></a:majorFont>
      <a:minorFont><a:latin typeface="Times New Roman"/><a:ea typeface="仿宋_GB2312"/><a:cs typeface="Times New Roman"/></a:minorFont>
    </a:fontScheme>
    ```
    """
    def font(tag: str, role: str) -> str:
        east_asian = quoteattr(style.face(role).word)
        latin = quoteattr(style.latin_face(role).word)
        return (f"<a:{tag}><a:latin typeface={latin}/><a:ea typeface={east_asian}/>"
                f"<a:cs typeface={latin}/></a:{tag}>")

    colours = "".join(f"<a:{name}>{value}</a:{name}>" for name, value in _COLOURS)
    text = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="GB/T 9704">'
        "<a:themeElements>"
        f'<a:clrScheme name="Office">{colours}</a:clrScheme>'
        f'<a:fontScheme name="GB/T 9704">{font("majorFont", heading_role)}{font("minorFont", body_role)}</a:fontScheme>'
        '<a:fmtScheme name="Office">'
        f"<a:fillStyleLst>{_SOLID * 3}</a:fillStyleLst>"
        f"<a:lnStyleLst>{_LINE * 3}</a:lnStyleLst>"
        f"<a:effectStyleLst>{_EFFECT * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{_SOLID * 3}</a:bgFillStyleLst>"
        "</a:fmtScheme>"
        "</a:themeElements>"
        "<a:objectDefaults/><a:extraClrSchemeLst/>"
        "</a:theme>"
    )
    return text.encode("utf-8")
