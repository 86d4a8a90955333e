"""Import a report a clerk already has (plain text, Markdown, Word) into a report source with inline figures."""
