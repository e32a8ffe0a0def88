"""Hypothesis strategies for hostile form data: text of every kind, NUL bytes, huge strings,
numbers out of range, several values where one is expected, and files."""

import os

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Fast enough for every form on every run; deadline off: the first example pays for templates.
FUZZ = settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "1e309",
    "NaN",
    "-inf",
    "9" * 40,
    "2016-02-30",
    "0000-00-00",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{}",
    "[]",
    "null",
    '{"type": "LineString", "coordinates": [[1e999, 0], [0, 0]]}',
    '{"type": "Point", "coordinates": [10.44, 59.84, 3]}',
    "\u202eevil",
    "\ufeff",
    "ø" * 5000,
]

text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), max_size=300),
    st.integers().map(str),
    st.floats().map(str),
    st.just("x" * 100_000),
)
value = st.one_of(text, st.lists(text, min_size=2, max_size=3))


def query_dict(values: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, item in values.items():
        data.setlist(name, item if isinstance(item, list) else [item])
    return data


uploads = st.builds(
    lambda name, head, body: SimpleUploadedFile(name, head + body),
    st.one_of(
        st.sampled_from(["a.pdf", "a.jpg", "a.csv", "a.xlsx", "../../etc/passwd", "a\x00.pdf"]),
        # Django itself refuses to make an upload without a name.
        st.text(min_size=1, max_size=30).filter(
            lambda name: os.path.basename(name) not in {"", ".", ".."}
        ),
    ),
    st.sampled_from(
        [b"", b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"PK\x03\x04", b"a,b\n"]
    ),
    st.binary(max_size=2000),
)
