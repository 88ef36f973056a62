"""Importers: an Eachlabs model page, or a ``GET /v1/model`` answer, -> a model file.

Each reads its source into the same intermediate model
(:class:`~generator.importers.draft.Draft`, the model file's content with
review markers for undecided values) which :func:`~generator.importers.writer.to_yaml`
writes. Modules: ``page`` and ``tables`` (reading a page), ``limits``,
``prices`` and ``values`` (reading cells), ``doc`` and ``discovery`` (building
drafts), ``draft`` and ``writer``.
"""

from .discovery import import_schema
from .doc import NotAModelPage, import_doc
from .draft import Draft, Review
from .writer import to_yaml

__all__ = ["Draft", "NotAModelPage", "Review", "import_doc", "import_schema", "to_yaml"]
