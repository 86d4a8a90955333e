"""Official-report exporter: one structured source → GB/T 9704 DOCX, typeset PDF, indicators XLSX."""

__version__ = "0.1.0"
