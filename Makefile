.PHONY: serve test lint bench

serve:  ## set up, import fixtures/, index and serve on http://127.0.0.1:8000
	bin/serve

test:   ## install and run every test (browser tests included)
	bin/test

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

bench:  ## import and search benchmarks on the corpus (see bench/README.md)
	.venv/bin/python bench/bench_import.py
