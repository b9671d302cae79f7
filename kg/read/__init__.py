"""The document layer: one reader per format behind ``read_document``, each returning a ``SourceDocument``."""

from kg.read.document import Cell, Line, Page, SourceDocument, Table
from kg.read.registry import FORMATS, MissingDependency, UnsupportedFormat, list_documents, read_document, scan

__all__ = ["FORMATS", "Cell", "Line", "MissingDependency", "Page", "SourceDocument", "Table", "UnsupportedFormat",
           "list_documents", "read_document", "scan"]
