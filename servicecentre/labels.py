"""Human labels for the content type codes, shared by templates, search and admin.

Read from each content type's declaration: `Meta.verbose_name` for the type's name and
`section_title` for the title of its section (not a plural: "Registering a business").
"""

from __future__ import annotations

from servicecentre.models import content_models


def content_type_label(code: str) -> str:
    """The type's name in the active language ("Financing scheme"); the code if unknown."""
    model = content_models().get(code)
    return model.label() if model else code


def section_label(code: str) -> str:
    """The title of the type's section in the active language ("Trade agreements")."""
    model = content_models().get(code)
    return model.section_label() if model else code


def content_type_labels() -> dict[str, str]:
    """code -> label of every content type, in the active language, in directory order."""
    return {code: model.label() for code, model in content_models().items()}
