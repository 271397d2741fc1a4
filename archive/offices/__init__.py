"""Who held which post, and when: offices, the tenures of people in them, and the evidence.

An Office is a post in one organisation (Bí thư Tỉnh ủy Quảng Ngãi); a Tenure is a person in
an office, with every dated article that names them in it (TenureEvidence) and the events the
text states. They are built from the titles extraction resolved (archive/extract/offices.py)
at import (building.record_offices) and for the whole archive by `manage.py rebuild_offices`.
Curators correct them in the admin (curation.py); their corrections outlive a rebuild.
"""
