.PHONY: serve test lint bench messages

serve:  ## set up, import fixtures/, index and serve on http://127.0.0.1:8000
	bin/serve

test:   ## install and run every test: SQLite and PostgreSQL on the newest Python, a second Python
	bin/test

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

bench:  ## import and search benchmarks on the corpus (see bench/README.md)
	.venv/bin/python bench/bench_import.py

messages:  ## refresh locale/en after changing interface strings, then translate and compile
	.venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=".venv-*" --ignore=var --ignore=staticfiles --ignore=bench --ignore=tests
	.venv/bin/python manage.py compilemessages -l en
