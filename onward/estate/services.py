"""Loading and refreshing the estate: the only code that writes organisations in bulk."""

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from onward.audit import services as audit
from onward.estate.constants import NATIONAL_CODE, OrganisationKind, Source
from onward.estate.models import JobcentreArea, Organisation, PostcodeDistrict, Prison

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
ADULT_PRISON_TYPES = {"HMP", "YOI"}
ORGANISATION_FIELDS = [
    "kind",
    "name",
    "name_cy",
    "parent_id",
    "active",
    "source",
    "address_line1",
    "address_line2",
    "town",
    "county",
    "postcode",
]
PRISON_FIELDS = ["types", "categories", "operator", "male", "female", "contracted"]


@dataclass
class EstateLoadReport:
    """What a load changed, per kind of record, for the person running it."""

    counts: dict = field(default_factory=lambda: Counter())

    def add(self, kind, outcome, number=1):
        self.counts[(kind, outcome)] += number

    def lines(self):
        kinds = sorted({kind for kind, _ in self.counts})
        for kind in kinds:
            parts = [
                f"{self.counts[(kind, outcome)]} {outcome}"
                for outcome in ("created", "updated", "deactivated", "unchanged")
                if self.counts[(kind, outcome)]
            ]
            yield f"{kind}: {', '.join(parts)}"

    @property
    def changed(self):
        return any(n for (_, outcome), n in self.counts.items() if outcome != "unchanged")


def _read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _flag(value):
    return value.strip().lower() == "true"


class _OrganisationWriter:
    """Creates, updates or deactivates organisations, comparing before writing."""

    def __init__(self, report):
        self.report = report
        self.by_code = {org.code: org for org in Organisation.objects.all()}
        self.seen = set()

    def put(self, code, **values):
        self.seen.add(code)
        kind = values["kind"]
        values.setdefault("active", True)
        for name in ORGANISATION_FIELDS:
            values.setdefault(name, "" if name not in {"parent_id", "active"} else None)
        existing = self.by_code.get(code)
        if existing is None:
            org = Organisation.objects.create(code=code, **values)
            self.by_code[code] = org
            self.report.add(kind, "created")
            return org
        changed = [name for name in ORGANISATION_FIELDS if getattr(existing, name) != values[name]]
        if changed:
            for name in changed:
                setattr(existing, name, values[name])
            existing.save(update_fields=[*changed, "updated_at"])
            self.report.add(kind, "updated")
        else:
            self.report.add(kind, "unchanged")
        return existing

    def deactivate_unseen(self, kind, source):
        """Records that vanished from a source are kept (cases point at them) but closed."""
        for org in self.by_code.values():
            if org.kind == kind and org.source == source and org.active and org.code not in self.seen:
                org.active = False
                org.save(update_fields=["active", "updated_at"])
                self.report.add(kind, "deactivated")


def _load_postcode_districts(reference_dir, report):
    existing = {d.outcode: d for d in PostcodeDistrict.objects.all()}
    to_create, to_update = [], []
    for row in _read(reference_dir / "postcode_outcodes.csv"):
        outcode = row["outcode"].strip().upper()
        lat, lon = float(row["latitude"]), float(row["longitude"])
        current = existing.get(outcode)
        if current is None:
            to_create.append(PostcodeDistrict(outcode=outcode, latitude=lat, longitude=lon))
        elif (current.latitude, current.longitude) != (lat, lon):
            current.latitude, current.longitude = lat, lon
            to_update.append(current)
    PostcodeDistrict.objects.bulk_create(to_create, batch_size=1000)
    PostcodeDistrict.objects.bulk_update(to_update, ["latitude", "longitude"], batch_size=1000)
    report.add("postcode district", "created", len(to_create))
    report.add("postcode district", "updated", len(to_update))
    report.add("postcode district", "unchanged", len(existing) - len(to_update))


def _load_prisons(reference_dir, writer):
    addresses = {}
    for row in _read(reference_dir / "prison_addresses.csv"):
        # A prison with two sites keeps the first address listed.
        addresses.setdefault(row["prison_id"], row)
    details = {p.organisation_id: p for p in Prison.objects.all()}
    for row in _read(reference_dir / "prisons.csv"):
        types = set(filter(None, row["types"].split("|")))
        if not _flag(row["active"]) or not types & ADULT_PRISON_TYPES:
            continue
        address = addresses.get(row["prison_id"], {})
        org = writer.put(
            row["prison_id"],
            kind=OrganisationKind.PRISON,
            name=_prison_display_name(row["name"]),
            name_cy=row["prison_name_in_welsh"],
            source=Source.PRISON_REGISTER,
            address_line1=address.get("address_line1", ""),
            address_line2=address.get("address_line2", ""),
            town=address.get("town", ""),
            county=address.get("county", ""),
            postcode=address.get("postcode", ""),
        )
        values = {
            "types": "|".join(sorted(types)),
            "categories": row["categories"],
            "operator": row["operators"],
            "male": _flag(row["male"]),
            "female": _flag(row["female"]),
            "contracted": _flag(row["contracted"]),
        }
        prison = details.get(org.pk)
        if prison is None:
            Prison.objects.create(organisation=org, **values)
        elif any(getattr(prison, name) != values[name] for name in PRISON_FIELDS):
            for name, value in values.items():
                setattr(prison, name, value)
            prison.save()
    writer.deactivate_unseen(OrganisationKind.PRISON, Source.PRISON_REGISTER)


def _prison_display_name(register_name):
    """'Norwich (HMP & YOI)' reads as 'HMP & YOI Norwich', as staff say it."""
    if register_name.endswith(")") and " (" in register_name:
        place, _, prefix = register_name[:-1].rpartition(" (")
        return f"{prefix} {place}"
    return register_name


def _load_probation(reference_dir, writer):
    for row in _read(reference_dir / "probation_regions.csv"):
        writer.put(
            row["code"].strip(),
            kind=OrganisationKind.PROBATION_REGION,
            name=row["name"].strip(),
            source=Source.PROBATION_ESTATE,
            parent_id=writer.by_code[NATIONAL_CODE].pk,
        )
    for row in _read(reference_dir / "probation_delivery_units.csv"):
        writer.put(
            row["pdu_code"].strip(),
            kind=OrganisationKind.PDU,
            name=row["pdu_name"].strip(),
            source=Source.PROBATION_ESTATE,
            parent_id=writer.by_code[row["region_code"].strip()].pk,
        )
    for row in _read(reference_dir / "probation_teams.csv"):
        code = row["team_code"].strip()
        if code in writer.seen:
            # A few teams share a code with their PDU in nDelius; the PDU wins.
            continue
        writer.put(
            code,
            kind=OrganisationKind.PROBATION_TEAM,
            name=row["team_name"].strip(),
            source=Source.PROBATION_ESTATE,
            parent_id=writer.by_code[row["pdu_code"].strip()].pk,
        )
    for kind in (OrganisationKind.PROBATION_REGION, OrganisationKind.PDU, OrganisationKind.PROBATION_TEAM):
        writer.deactivate_unseen(kind, Source.PROBATION_ESTATE)


def _load_directory(directory_path, writer, report, source):
    """Jobcentre districts, jobcentres (with the postcode districts they serve) and CRS providers."""
    known_districts = set(PostcodeDistrict.objects.values_list("outcode", flat=True))
    rows = _read(directory_path)
    # Districts before the jobcentres that sit in them.
    rows.sort(key=lambda row: row["kind"] != OrganisationKind.JOBCENTRE_DISTRICT)
    for row in rows:
        kind = row["kind"].strip()
        if kind not in {
            OrganisationKind.JOBCENTRE_DISTRICT,
            OrganisationKind.JOBCENTRE,
            OrganisationKind.CRS_PROVIDER,
        }:
            raise ValueError(f"{row['code']}: unknown kind {kind!r} in the directory")
        parent_code = row.get("parent_code", "").strip()
        parent = writer.by_code.get(parent_code) if parent_code else writer.by_code[NATIONAL_CODE]
        if parent is None:
            raise ValueError(f"{row['code']}: no organisation with code {parent_code!r}")
        org = writer.put(
            row["code"].strip(),
            kind=kind,
            name=row["name"].strip(),
            source=source,
            town=row.get("town", "").strip(),
            parent_id=parent.pk,
        )
        if kind == OrganisationKind.JOBCENTRE:
            wanted = {code.upper() for code in row.get("serves", "").split()}
            unknown = wanted - known_districts
            if unknown:
                raise ValueError(f"{org.code}: unknown postcode districts {sorted(unknown)}")
            have = set(org.jobcentre_areas.values_list("district_id", flat=True))
            JobcentreArea.objects.bulk_create(
                [JobcentreArea(jobcentre=org, district_id=code) for code in wanted - have]
            )
            org.jobcentre_areas.filter(district_id__in=have - wanted).delete()
            if wanted != have:
                report.add("jobcentre area", "updated")
    for kind in (
        OrganisationKind.JOBCENTRE_DISTRICT,
        OrganisationKind.JOBCENTRE,
        OrganisationKind.CRS_PROVIDER,
    ):
        writer.deactivate_unseen(kind, source)


def estate_load(*, actor=None, reference_dir=REFERENCE_DIR, directory_path=None):
    """Load or refresh all reference data; safe to run again. Returns what changed.

    Without a directory file the demo directory of jobcentres and CRS providers
    is loaded, labelled as demo data.
    """
    reference_dir = Path(reference_dir)
    if directory_path is None:
        directory_path, source = reference_dir / "demo_directory.csv", Source.DEMO_DIRECTORY
    else:
        source = Source.ADMINISTRATOR
    report = EstateLoadReport()
    with transaction.atomic():
        writer = _OrganisationWriter(report)
        writer.put(
            NATIONAL_CODE,
            kind=OrganisationKind.NATIONAL,
            name="National (MoJ, HMPPS and DWP)",
            source=Source.ONWARD,
        )
        _load_postcode_districts(reference_dir, report)
        _load_prisons(reference_dir, writer)
        _load_probation(reference_dir, writer)
        _load_directory(Path(directory_path), writer, report, source)
        if report.changed:
            audit.record(
                actor=actor,
                action="estate.load",
                changes={f"{kind} {outcome}": n for (kind, outcome), n in report.counts.items() if n},
            )
    return report
