"""Demo data for Ho Chi Minh City (agencies, fields, procedures, users) and its loader.

Load it with `motcua seed_demo`; the loader is in `motcua.catalog.demo.seed`. What is real and
what is illustrative is listed in docs/demo-data.md."""
