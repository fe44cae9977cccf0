"""Jobcentres for readiness tests: one serving NR3, one serving somewhere else."""

from onward.estate.constants import OrganisationKind
from onward.estate.models import JobcentreArea, Organisation


def jobcentre_serving(district, *, code, name, town="Norwich"):
    jobcentre = Organisation.objects.create(
        code=code,
        kind=OrganisationKind.JOBCENTRE,
        name=name,
        town=town,
        address_line1="1 Test Street",
        postcode=f"{district} 1AA",
    )
    JobcentreArea.objects.create(jobcentre=jobcentre, district_id=district)
    return jobcentre
