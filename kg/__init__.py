"""ipgov-kg: a knowledge graph of Chinese IP-governance documents.

The Python API (``kg.open``, ``kg.sparql``, ``kg.extract``, ``kg.export`` …) lives in :mod:`kg.api`.
"""

from kg.api import KnowledgeGraph, export, extract, open, queries, sparql

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "export", "extract", "open", "queries", "sparql"]
