"""The application window's fields in the import format, shared by the types that have one.

`open_all_year` is true only where the source says so: absent means false (and a record
leaves the default out), so a page without dates and without that statement has the
status `unknown`, never a guessed "open all year".
"""

from servicecentre.content_io.schema import Boolean, Field


def _not_stated(_values) -> bool:
    return False


WINDOW_IMPORT_FIELDS = (
    Field("open_all_year", Boolean(), implied=_not_stated),
    "opens_on",
    "closes_on",
)
