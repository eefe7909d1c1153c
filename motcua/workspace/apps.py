from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    """The officials' workspace (/can-bo/): pages over the dossiers services, no models."""

    name = "motcua.workspace"
    label = "workspace"
    verbose_name = "Không gian làm việc của cán bộ"
