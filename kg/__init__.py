"""ipgov-kg: a knowledge graph of Chinese IP-governance documents."""

__version__ = "0.1.0"
