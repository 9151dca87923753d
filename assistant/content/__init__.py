"""Curated easy-read content: the file format, the organisation directory and the SQL store."""
