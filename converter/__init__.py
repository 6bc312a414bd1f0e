"""converter: plain Chinese text to DOCX, PDF and EPUB through one outline tree."""

__version__ = "0.1.0"
