"""The admin is an edge like the API: text typed into any admin form is refused when it holds a
control character (docs/rules.md), with the same check the schemas and services use
(`core.validators.control_char_problems`). Multi-line widgets allow tab and line breaks."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.http import HttpRequest

from motcua.core.validators import control_char_problems

F = TypeVar("F", bound=type[forms.BaseForm])


def refusing_control_chars(form_class: F) -> F:
    """A subclass of `form_class` whose `clean` adds an error to each text field with a control
    character, so the admin shows it beside the field and saves nothing."""

    class Checked(form_class):  # type: ignore[valid-type, misc]
        def clean(self) -> dict[str, Any]:
            cleaned = super().clean() or {}
            multiline = {
                name for name, f in self.fields.items() if isinstance(f.widget, forms.Textarea)
            }
            problems = control_char_problems(cleaned, multiline=multiline)
            for name, messages in problems.items():
                self.add_error(name if name in self.fields else None, messages)
            return cleaned

    Checked.__name__ = Checked.__qualname__ = form_class.__name__
    return Checked  # type: ignore[return-value]


class CleanTextAdminMixin:
    """For a ModelAdmin: its change and add forms refuse control characters."""

    def get_form(
        self, request: HttpRequest, obj: Any | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        return refusing_control_chars(form)


class CleanTextInlineMixin:
    """For an inline: each row's form refuses control characters."""

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        formset.form = refusing_control_chars(formset.form)
        return formset
