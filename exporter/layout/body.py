"""主体 §7.3: title, 主送机关, headings and paragraphs, 附件说明 and 附注, as slots of the flow."""

from __future__ import annotations

from typing import assert_never

from ..resolved import AttachmentNote, Block, Heading, Note, Paragraph, Recipients, Run, Table, Title
from .flow import Slot, blank_slots, slots
from .setter import Setter
from .landscape import set_landscape
from .table import set_table


def set_title(setter: Setter, title: Title, *, where: str = "标题") -> list[Slot]:
    """§7.3.1: the title, centred, in the lines resolve balanced."""
    role = setter.style.role("title")
    found: list[Slot] = []
    for text in title.lines:
        lines, styles, _ = setter.set([Run(text, "title")], role, where, title.location)
        found += slots(lines, styles, "title", "title", setter.drop(role), keep=True)
    return found


def set_recipients(setter: Setter, recipients: Recipients) -> list[Slot]:
    """§7.3.2: the 主送机关 flush left (the blank line above it closes the title)."""
    role = setter.style.role("recipient")
    lines, styles, _ = setter.set([Run(recipients.text, "recipient")], role, "主送机关", recipients.location)
    return slots(lines, styles, "recipient", "recipient", setter.drop(role))


def set_blocks(setter: Setter, blocks: tuple[Block, ...]) -> list[Slot]:
    """§7.3.3: paragraphs, headings and tables; a heading keeps with the line after it."""
    found: list[Slot] = []
    for block in blocks:
        where = setter.where(block.section)
        match block:
            case Heading():
                role = setter.style.role(f"heading{block.level}")
                lines, styles, indicators = setter.set(block.runs, role, f"{where}的标题", block.location)
                made = slots(lines, styles, role.name, block.section, setter.drop(role), keep=role.keep_with_next,
                             indicators=indicators)
                if made:
                    made[0].outline = (block.text, block.level)
                found += made
            case Paragraph():
                found += _paragraph(setter, block, where)
            case Table():
                found += set_landscape(setter, block, where) if block.landscape else set_table(setter, block, where)
            case _:
                assert_never(block)
    return found


def _paragraph(setter: Setter, block: Paragraph, where: str) -> list[Slot]:
    role = setter.style.role("body")
    broken = setter.prebroken.pop(id(block.runs), None)
    lines, styles, indicators = broken or setter.set(block.runs, role, f"{where}的段落", block.location)
    made = slots(lines, styles, "body", block.section, setter.drop(role), indicators=indicators)
    if made and block.run_in_level:
        heading_role = f"heading{block.run_in_level}"
        title = "".join(run.text for run in block.runs if run.role == heading_role)
        made[0].outline = (title, block.run_in_level)
        set_chars = 0
        keeps = setter.style.role(heading_role).keep_with_next
        for slot in made:  # a line holding only the run-in heading keeps with the next line
            assert slot.line is not None
            set_chars += len(slot.line.text)
            slot.keep = keeps and set_chars <= len(title)
        if made[0].keep and len(made) > 1:  # and, as Word's widow control there, no last line alone
            made[-2].keep = True
    return made


def set_attachment_note(setter: Setter, note: AttachmentNote) -> list[Slot]:
    """§7.3.4: 附件说明 one blank line below the body; later names aligned under the first one's number."""
    role = setter.style.role("attachment")
    found = blank_slots(setter, setter.style.body.attachment_gap.pt)
    # the label measured with the character after it, whose script decides the label's last advance
    following = (note.items[0].number or note.items[0].name)[:1] if note.items else ""
    label = setter.width_of(note.label + following, role, "附件说明") - setter.width_of(following, role, "附件说明")
    start = role.left_indent.pt + role.first_indent.pt
    for index, item in enumerate(note.items):
        lead = item.number
        # a line's trailing space is dropped, so "1. " is measured as the room it leaves before a name
        number_width = (setter.width_of(lead + "附", role, "附件说明") - setter.width_of("附", role, "附件说明")
                        if lead else 0.0)
        text = (note.label if index == 0 else "") + lead + item.name
        first = start if index == 0 else start + label
        lines, styles, _ = setter.set([Run(text, "attachment")], role, "附件说明", note.location,
                                      first_indent=first - role.left_indent.pt, rest_indent=start + label + number_width)
        found += slots(lines, styles, "attachment", "attachment", setter.drop(role), keep=True)
    found[-1].keep = False  # the 附件说明 stands on one page
    return found


def set_note(setter: Setter, note: Note) -> list[Slot]:
    """§7.3.6 附注: on the line after the date, indented 2 字."""
    role = setter.style.role("note")
    lines, styles, _ = setter.set([Run(note.text, "note")], role, "附注", note.location)
    return slots(lines, styles, "note", "note", setter.drop(role))
