"""The newest migration's revision id. Kept apart so the fast paths can read it cheaply."""

SCHEMA_HEAD = "0023"
