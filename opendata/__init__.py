"""Open data: the published directory as bulk downloads under an open licence.

`services.build_open_data` writes one CSV per content type, the JSON Lines export in
the import format and a DCAT-style `catalog.json`; `views` serve them at `/<lang>/data/`
and `/api/v1/data/`; `tasks` regenerates them on the queue after content changes.
"""
