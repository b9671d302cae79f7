"""Extraction: read → segment → recognise → resolve, producing a Model."""
