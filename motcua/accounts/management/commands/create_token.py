from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.accounts.models import User
from motcua.api.auth import token_create


class Command(BaseCommand):
    help = "Tạo mã truy cập API (Bearer) cho một người dùng; mã chỉ hiển thị một lần."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="Tên gợi nhớ của mã (tích hợp nào dùng).")

    def handle(self, *args: object, **options: str) -> None:
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(
                f"Không có người dùng '{options['username']}' đang hoạt động."
            ) from exc
        self.stdout.write(token_create(user=user, name=options["name"]))
