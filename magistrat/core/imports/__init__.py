"""Spreadsheet imports, domain-free: reading CSV/XLSX (`reading`), matching columns by their
Polish or English names (`columns`), parsing values as offices write them (`parsers`), the run
with every error collected (`engine`, `report`), fast bulk writes (`bulk`) and the web/API jobs
that run large files in the background (`jobs`, `tasks`, `views`, `api`).

A domain declares an `engine.Importer` subclass (fields with aliases, row checks, the write) and
a service that calls `engine.run`; see `inventory.imports` and `grants.imports`."""
