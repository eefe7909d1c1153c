"""Agencies (a tree of any depth), people and the roles they hold per agency."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    CITY_COMMITTEE = "city_committee", _("UBND thành phố")  # provincial-level People's Committee
    DEPARTMENT = "department", _("Sở, ban, ngành")  # specialised department (sở)
    COMMUNE = "commune", _("Xã")  # rural commune People's Committee
    WARD = "ward", _("Phường")  # urban ward People's Committee
    SPECIAL_ZONE = "special_zone", _("Đặc khu")  # special zone (đặc khu), e.g. Côn Đảo
    SERVICE_CENTRE = "service_centre", _("Trung tâm Phục vụ hành chính công")  # one-stop centre
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Đơn vị sự nghiệp công lập")  # hospital, school
    VERTICAL_BRANCH = "vertical_branch", _("Cơ quan ngành dọc")  # branch of a central agency
    HISTORIC_DISTRICT = "historic_district", _("Quận, huyện (trước 1/7/2025)")  # kept for old data
    DIVISION = "division", _("Phòng, ban chuyên môn")  # a division inside an agency


class Agency(models.Model):
    """A public body. `path` is a materialised path ("/1/7/12/"): descendants are one LIKE."""

    code = models.CharField(
        _("mã định danh điện tử"),
        max_length=13,
        unique=True,
        help_text=_("Mã định danh 13 ký tự theo QCVN 102:2016 (V1V2V3.Z1Z2.Y1Y2.MX1X2)."),
    )
    # 200: OrganName of Decree 30/2020/NĐ-CP Annex VI Part II and of QCVN 102:2016
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=20)
    kind = models.CharField(_("loại"), max_length=32, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("cơ quan cấp trên"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    office_hours = models.JSONField(
        _("giờ làm việc"),
        default=list,
        blank=True,
        help_text=_(
            'Các ca trong ngày, ví dụ [["07:30","11:30"],["13:00","17:00"]]. Trống: mặc định.'
        ),
    )
    saturday_hours = models.JSONField(
        _("giờ làm việc sáng thứ Bảy"),
        default=list,
        blank=True,
        help_text=_('Trống nếu không tiếp nhận thứ Bảy; ví dụ [["07:30","11:30"]].'),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: Agency) -> bool:
        """True when this agency is `other` or one of its descendants."""
        return self.path.startswith(other.path)


class UserKind(models.TextChoices):
    CITIZEN = "citizen", _("Công dân")  # identified by CCCD
    BUSINESS = "business", _("Doanh nghiệp, tổ chức")  # representative, identified by tax code
    OFFICIAL = "official", _("Cán bộ, công chức")  # holds roles in agencies


class User(AbstractUser):
    kind = models.CharField(
        _("loại người dùng"), max_length=16, choices=UserKind.choices, default=UserKind.CITIZEN
    )
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    cccd = models.CharField(_("số CCCD/định danh"), max_length=12, blank=True, db_index=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True, db_index=True)
    organisation_name = models.CharField(_("tên tổ chức"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=16, blank=True)
    home_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("cơ quan công tác"),
    )
    # Set when an identity provider (VNeID over OpenID Connect, docs/oidc.md) vouched for this
    # citizen's ID number at sign-in; the Decision 766 index counts VNeID-verified dossiers.
    idp_issuer = models.CharField(_("nhà cung cấp định danh"), max_length=255, blank=True)
    idp_verified_at = models.DateTimeField(_("xác thực định danh lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            # one citizen account per CCCD
            models.UniqueConstraint(
                fields=["cccd"],
                condition=models.Q(kind="citizen") & ~models.Q(cccd=""),
                name="uniq_citizen_cccd",
            ),
            # an organisation may have several representatives, each once
            models.UniqueConstraint(
                fields=["tax_code", "cccd"],
                condition=models.Q(kind="business") & ~models.Q(tax_code=""),
                name="uniq_business_representative",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    RECEPTION = "reception", _("Cán bộ tiếp nhận")  # one-stop desk officer
    SPECIALIST = "specialist", _("Chuyên viên thụ lý")  # processing officer
    UNIT_HEAD = "unit_head", _("Trưởng phòng, đơn vị")  # head of division/unit
    SIGNER = "signer", _("Lãnh đạo ký duyệt")  # leader who signs results
    CLERK = "clerk", _("Văn thư")  # numbers and issues documents
    AGENCY_ADMIN = "agency_admin", _("Quản trị cơ quan")  # master data of one agency
    CITY_ADMIN = "city_admin", _("Quản trị thành phố")  # master data of the whole city
    INSPECTOR = "inspector", _("Thanh tra, giám sát")  # read-only over its scope


class RoleAssignment(models.Model):
    """`user` holds `role` in `agency` and, when `include_descendants`, in all agencies below it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    include_descendants = models.BooleanField(_("cả cơ quan cấp dưới"), default=False)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="uniq_role_assignment"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency.short_name}"


def token_expiry() -> datetime:
    """Default end of a new token: `MOTCUA_TOKEN_DAYS` (default 90) days from now."""
    return timezone.now() + timedelta(days=int(settings.MOTCUA["TOKEN_DAYS"]))


class ApiToken(models.Model):
    """A bearer token for officials and integrations. Only the SHA-256 of the key is stored.

    It works until `expires_at`, and stops for good when revoked (`revoked_at`): the services
    revoke every token of a user whose password changes or who is deactivated."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn"), default=token_expiry)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class CodePurpose(models.TextChoices):
    VERIFY = "verify", _("Xác minh tài khoản")  # a new account becomes active
    RESET = "reset", _("Đặt lại mật khẩu")  # a forgotten password is replaced


class OneTimeCode(models.Model):
    """A 6-digit code sent through the outbox (services/registration.py). Only an HMAC of the
    code is stored; it works until `expires_at`, for `MAX_ATTEMPTS` guesses, and once."""

    MAX_ATTEMPTS = 5

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="one_time_codes")
    purpose = models.CharField(max_length=16, choices=CodePurpose.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã xác minh một lần")
        verbose_name_plural = _("mã xác minh một lần")
        indexes = [models.Index(fields=["user", "purpose", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} — {self.user}"
