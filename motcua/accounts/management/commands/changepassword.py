"""`motcua changepassword [username]`: Django's command, saved through `user_set_password`.

Django's own command saves with `user.save()`: no audit event, and the user's API tokens keep
working. This one (it wins because `motcua.accounts` comes before `django.contrib.auth` in
INSTALLED_APPS) prompts the same way and lets the service validate, save, revoke the tokens and
write one `user.password_changed` event."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.management.commands import changepassword
from django.core.management.base import CommandError

from motcua.accounts.models import User
from motcua.accounts.services import user_set_password
from motcua.core.errors import DomainError

MAX_TRIES = 3


class Command(changepassword.Command):
    help = "Đổi mật khẩu của một người dùng (thu hồi mã truy cập API, ghi nhật ký)."

    def _get_pass(self, prompt: str = "Password: ") -> str:
        password = getpass.getpass(prompt=prompt)
        if not password:
            raise CommandError("aborted")
        return password

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"] or getpass.getuser()
        user = User.objects.using(options["database"]).filter(username=username).first()
        if user is None:
            raise CommandError(f"user '{username}' does not exist")
        self.stdout.write(f"Changing password for user '{user}'")
        for _ in range(MAX_TRIES):
            first = self._get_pass()
            if first != self._get_pass("Password (again): "):
                self.stdout.write("Passwords do not match. Please try again.")
                continue
            try:
                user_set_password(user=user, password=first, actor=None)
            except DomainError as exc:
                self.stderr.write(exc.message)
                continue
            self.stdout.write(f"Password changed successfully for user '{user}'")
            return
        raise CommandError(f"Aborting password change for user '{user}' after {MAX_TRIES} attempts")
