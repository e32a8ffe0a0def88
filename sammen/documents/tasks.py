from django.tasks import task

from .generation import generate_version_files


@task()
def generate_document_files(version_id: int) -> str:
    """Generate a document version's PDF and DOCX, reporting progress on the version."""
    return generate_version_files(version_id)
