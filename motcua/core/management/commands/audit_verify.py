from django.core.management.base import BaseCommand, CommandError

from motcua.core import audit


class Command(BaseCommand):
    help = "Kiểm tra chuỗi nhật ký (audit chain): in 'OK <n> events' hoặc sự kiện đầu tiên bị hỏng."

    def handle(self, *args: object, **options: object) -> None:
        result = audit.verify()
        if result.ok:
            self.stdout.write(f"OK {result.events} events")
            return
        b = result.broken
        assert b is not None
        raise CommandError(f"BROKEN stream {b.stream} event #{b.seq} (id={b.event_id}): {b.reason}")
