from django.core.management.base import BaseCommand, CommandError

from onward.estate.services import estate_load


class Command(BaseCommand):
    help = (
        "Load or refresh the reference data: prisons, probation regions, PDUs and teams, "
        "postcode districts, jobcentre districts, jobcentres and CRS providers. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            help="CSV of jobcentre districts, jobcentres and CRS providers "
            "(columns: code, kind, name, parent_code, town, serves). Default: the demo directory.",
        )

    def handle(self, *args, directory=None, **options):
        try:
            report = estate_load(directory_path=directory)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Estate not loaded, nothing changed: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Estate loaded." if report.changed else "Estate already up to date."))
