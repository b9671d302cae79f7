"""Reading documents: kept for the modules that import from here; the readers live in ``kg.read``."""

from kg.read import SourceDocument, list_documents, read_document
from kg.read.text import decode

SourceText = SourceDocument

__all__ = ["SourceText", "decode", "list_documents", "read_document"]
