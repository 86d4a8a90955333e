"""版头 §7.2 on page 1: 份号, 密级, 紧急程度, the red 发文机关标志, 发文字号 with 签发人, the red rule."""

from __future__ import annotations

from ..pages import Rule, TextLine
from ..resolved import Run, VersionHead
from .flow import blank_lines, grid_line_below, lines_at
from .setter import Setter


def set_version_head(setter: Setter, head: VersionHead) -> tuple[list[TextLine], list[Rule], int]:
    """The 版头's lines and red rule; returns the first grid line left for the title."""
    style = setter.style
    header = style.header
    lines: list[TextLine] = []
    row = 0
    stacked = ((head.copy_number, "copy_number", "份号"), (head.secrecy, "secrecy", "密级和保密期限"),
               (head.urgency, "urgency", "紧急程度"))
    for text, role_name, where in stacked:
        if text:  # §7.2.1–7.2.3: flush left, one per line from the top
            role = style.role(role_name)
            lines += lines_at(setter, [Run(text, role_name)], role, role_name, where, setter.grid_top(row),
                              location=head.location)
            row += 1
    # §7.2.4 发文机关标志: centred, red, its top `mark_offset` below the text block's top.
    mark_role = style.role("issuer_mark")
    mark_top = setter.top - header.mark_offset.pt
    mark_lines = lines_at(setter, [Run(head.mark, "issuer_mark")], mark_role, "issuer_mark", "发文机关标志", mark_top,
                          spacing=max(setter.pitch, mark_role.size.pt), location=head.location)
    lines += mark_lines
    mark_bottom = mark_lines[-1].top - mark_role.size.pt if mark_lines else mark_top
    row = grid_line_below(setter, mark_bottom) + blank_lines(setter, header.number_gap.pt)
    # §7.2.5 发文字号 (and §7.2.6 签发人 for a 上行文) on the grid line after the blank lines.
    number_role = style.role("doc_number")
    number_top = setter.grid_top(row)
    if head.doc_number:
        number = [Run(head.doc_number, "doc_number")]
        if head.signers:
            lines += lines_at(setter, number, number_role, "doc_number", "发文字号", number_top,
                              left=setter.left + header.number_indent.pt, align="left", location=head.location)
            signer_runs = [Run(head.signer_label or "", "signer_label"), Run("　".join(head.signers), "signer_name")]
            lines += lines_at(setter, signer_runs, style.role("signer_label"), "signer", "签发人", number_top,
                              width=setter.width - header.number_indent.pt, align="right", location=head.location)
        else:
            lines += lines_at(setter, number, number_role, "doc_number", "发文字号", number_top, align="center",
                              location=head.location)
    # §7.2.7 the red rule `rule_gap` below the 发文字号's em box, exactly the text block's width.
    rule_y = number_top - number_role.size.pt - header.rule_gap.pt
    rule = Rule(setter.left, rule_y, setter.right, rule_y, header.rule_width.pt, header.rule_color)
    first_line = grid_line_below(setter, rule_y) + blank_lines(setter, header.title_gap.pt)
    return lines, [rule], first_line
