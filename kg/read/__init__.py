"""The document layer: one reader per format, each returning a SourceDocument."""
