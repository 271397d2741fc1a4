"""gunicorn settings for every way the archive is served: bin/serve, the Docker image, bench/.

Command-line options (--bind, --workers) come on top of these.
"""

# A search for a pasted paragraph is a long URL: 5,000 Vietnamese characters are about 45 KB
# once percent-encoded, far past gunicorn's 4,094-byte request line, and gunicorn answers 414
# itself before Django can cut the query to its 500 characters. The next page's Referer
# header carries the same URL (431 past 8,190 bytes). Request line: 0 is gunicorn's 1 MB
# ceiling. Header fields: 0 would mean the 8,190 default again in gunicorn 27, so a number.
limit_request_line = 0
limit_request_field_size = 64 * 1024

# An export streams every article of a search (highlighted snippets: about 7 ms a row for a
# common word, minutes for the whole archive). A sync worker is silent while it streams and
# the arbiter kills it after `timeout` (30 s), cutting the download. The gthread worker
# keeps heartbeating from its main thread; one thread keeps one request at a time per worker,
# as with sync workers.
worker_class = "gthread"
threads = 1
