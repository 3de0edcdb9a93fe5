"""The demo résidences (top floor: uses the registry and finance, nothing imports it).

`data` builds the demo data set (plain dicts, deterministic), `loader` turns it into documents
(`bench --site SITE execute syndic_maroc.demo.loader.load`, or `bench --site SITE syndic-demo`),
`books` adds a year of the money cycle."""
