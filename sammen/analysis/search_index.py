"""The full-text index of inputs, in the database's own way.

PostgreSQL: a generated `tsvector` column on the inputs' table with a GIN index, computed by
the database itself with the 'norwegian' configuration (Snowball stemming, stop words); it
can never be out of step with the text. Django's GeneratedField builds it, but only in the
migration: the column cannot exist on SQLite, so it is not a field of the Input model, and
`search.py` reads it by name.

SQLite: an FTS5 table holding each input's stemmed words (`stemming.py`) under the input's
id, kept in step by triggers on the inputs' table, so every path that writes inputs (the
form, fast entry, bulk imports, edits, masking, deletion) updates it without knowing about
it. The triggers call the Python stemmer, registered on every connection
(`receivers.register_stemmer`). It is not an external-content table over the inputs: the
index holds stems, not the text, and deleting from an external-content table needs the old
indexed values, which a trigger on a changed row could not recompute reliably."""

from django.db import connection as default_connection

VECTOR_COLUMN = "search_vector"
GIN_INDEX = "input_search_vector_gin"
FTS_TABLE = "analysis_input_fts"
STEM_FUNCTION = "sammen_stem"
TRIGGERS = {
    f"{FTS_TABLE}_insert": """AFTER INSERT ON inputs_input BEGIN
        INSERT INTO {fts}(rowid, body)
        VALUES (new.id, {stem}(new.text || ' ' || coalesce(new.place_name, '')));
    END""",
    f"{FTS_TABLE}_update": """AFTER UPDATE OF text, place_name ON inputs_input BEGIN
        DELETE FROM {fts} WHERE rowid = old.id;
        INSERT INTO {fts}(rowid, body)
        VALUES (new.id, {stem}(new.text || ' ' || coalesce(new.place_name, '')));
    END""",
    f"{FTS_TABLE}_delete": """AFTER DELETE ON inputs_input BEGIN
        DELETE FROM {fts} WHERE rowid = old.id;
    END""",
}


def add_postgresql_vector(input_model, schema_editor) -> None:
    """The generated column and its GIN index, on the (historical) Input model."""
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector, SearchVectorField
    from django.db.models import GeneratedField

    field = GeneratedField(
        expression=SearchVector("text", "place_name", config="norwegian"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    field.contribute_to_class(input_model, VECTOR_COLUMN)
    schema_editor.add_field(input_model, field)
    schema_editor.add_index(input_model, GinIndex(fields=[VECTOR_COLUMN], name=GIN_INDEX))


def remove_postgresql_vector(schema_editor) -> None:
    schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    schema_editor.execute(f"ALTER TABLE inputs_input DROP COLUMN IF EXISTS {VECTOR_COLUMN}")


def _sqlite_triggers_missing(cursor) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'inputs_input'"
    )
    present = {row[0] for row in cursor.fetchall()}
    return [name for name in TRIGGERS if name not in present]


def install_sqlite_index(cursor) -> bool:
    """Create what is missing of the FTS table and its triggers; when anything was missing,
    fill the index again from the inputs. Returns whether it did. A migration that rebuilds
    the inputs' table on SQLite drops its triggers: this puts them back (post_migrate)."""
    cursor.execute(f"SELECT 1 FROM sqlite_master WHERE name = '{FTS_TABLE}'")
    table_missing = cursor.fetchone() is None
    missing = _sqlite_triggers_missing(cursor)
    if not table_missing and not missing:
        return False
    if table_missing:
        cursor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
            "body, tokenize = 'unicode61 remove_diacritics 0')"
        )
    for name in missing:
        body = TRIGGERS[name].format(fts=FTS_TABLE, stem=STEM_FUNCTION)
        cursor.execute(f"CREATE TRIGGER {name} {body}")
    rebuild_sqlite_index(cursor)
    return True


def rebuild_sqlite_index(cursor) -> None:
    cursor.execute(f"DELETE FROM {FTS_TABLE}")
    cursor.execute(
        f"INSERT INTO {FTS_TABLE}(rowid, body) SELECT id, "
        f"{STEM_FUNCTION}(text || ' ' || coalesce(place_name, '')) FROM inputs_input"
    )


def remove_sqlite_index(cursor) -> None:
    for name in TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def ensure_index(connection=default_connection) -> bool:
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        return install_sqlite_index(cursor)
