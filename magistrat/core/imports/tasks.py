"""Background tasks of imports, run by the database worker (`magistrat db_worker`, started by
`magistrat serve`)."""

from django_tasks import task


@task()
def run_import_job(job_id: int, phase: str) -> str:
    """Check or write an import job's file; the job row records what happened."""
    from .jobs import job_run

    return job_run(job_id, phase).status
