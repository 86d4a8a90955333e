"""附件 §7.3.7: each on a new page, "附件N" in 黑体 flush left on line 1, its title centred on line 3, then its body."""

from __future__ import annotations

from ..resolved import Attachment, Run, Title
from .body import set_blocks, set_title
from .flow import Slot, blank_slots, slots
from .setter import Setter


def set_attachment(setter: Setter, attachment: Attachment) -> list[Slot]:
    """The attachment's slots; the first starts a new page."""
    style = setter.style
    label_role = style.role("attachment_label")
    runs = [Run(attachment.doc_number, "attachment_label")] if attachment.doc_number else []
    runs.append(Run(attachment.label, "attachment_label"))
    lines, styles, _ = setter.set(runs, label_role, attachment.label, attachment.location)
    found = slots(lines, styles, "attachment_label", attachment.label, setter.drop(label_role), keep=True)
    found[0].new_page = True
    found[0].outline = (attachment.label, 1)
    found += blank_slots(setter, style.attachment.title_gap.pt, keep=True)
    found += set_title(setter, Title(attachment.title_lines, attachment.location), where=f"{attachment.label}的标题")
    found += blank_slots(setter, style.attachment.body_gap.pt, keep=True)
    return found + set_blocks(setter, attachment.blocks)
