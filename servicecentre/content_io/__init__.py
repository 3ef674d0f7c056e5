"""Bulk import and export of content pages in the import format (docs/import-format.md).

`schema` declares the format's fields, `readers` turns JSON Lines and CSV into records,
`services.import_content` validates and writes them, `selectors.export_records` reads
pages back into the same records.
"""
