"""Admin of signing: CAs (read only), agency credentials uploaded as PKCS#12 through
`credential_upload` and revoked through `credential_revoke` (each with its checks and audit
event; the admin saves nothing itself)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency
from motcua.core.errors import DomainError
from motcua.signing.models import CertificateAuthority, ResultCode, SigningCredential
from motcua.signing.services.credentials import credential_revoke, credential_upload

P12_MAX_BYTES = 64 * 1024


@admin.register(CertificateAuthority)
class CertificateAuthorityAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "trusted", "parent", "created_at")
    fields = ("name", "slug", "trusted", "parent", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CredentialUploadForm(forms.ModelForm):
    """The PKCS#12 file and its password; `clean` stores it through `credential_upload`."""

    p12 = forms.FileField(label=_("Tệp PKCS#12 (.p12, .pfx)"))
    password = forms.CharField(
        label=_("Mật khẩu của tệp"), widget=forms.PasswordInput, required=False
    )
    actor: Any = None

    class Meta:
        model = SigningCredential
        fields = ["agency"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        agency, upload = cleaned.get("agency"), cleaned.get("p12")
        if not isinstance(agency, Agency) or upload is None:
            return cleaned
        if upload.size > P12_MAX_BYTES:
            self.add_error("p12", _("Tệp PKCS#12 quá lớn."))
            return cleaned
        try:
            self.credential = credential_upload(
                actor=self.actor,
                agency=agency,
                data=upload.read(),
                password=cleaned.get("password") or "",
            )
        except DomainError as exc:
            self.add_error("p12", exc.message)
        return cleaned


@admin.register(SigningCredential)
class SigningCredentialAdmin(admin.ModelAdmin):
    list_display = ("subject", "kind", "agency", "not_after", "revoked_at")
    list_filter = ("kind", "revoked_at")
    readonly_fields = (
        "kind",
        "agency",
        "issuer",
        "subject",
        "serial",
        "not_before",
        "not_after",
        "revoked_at",
        "revocation_reason",
        "uploaded_by",
        "created_at",
    )
    exclude = ("cert_der", "key_encrypted")
    actions = ["revoke"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        return type("Upload", (CredentialUploadForm,), {"actor": request.user})

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else ()

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.exclude if obj is not None else ()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else ("agency", "p12", "password")

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        return getattr(form, "credential", None) or form.instance

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Stored already by the service in the form's `clean`."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Nothing related: the credential has no many-to-many fields or inlines."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Thu hồi chứng thư đã chọn"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[SigningCredential]) -> None:
        for credential in queryset:
            try:
                credential_revoke(actor=request.user, credential_id=credential.pk, reason="admin")
            except DomainError as exc:
                self.message_user(request, f"{credential}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, _("Đã thu hồi: %s") % credential, messages.SUCCESS)


@admin.register(ResultCode)
class ResultCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "dossier", "agency", "signed", "issued_at")
    search_fields = ("code",)
    fields = ("code", "dossier", "attachment", "agency", "sha256", "signed", "issued_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
