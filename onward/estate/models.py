"""The organisations that work together in Onward, as real records.

Every user belongs to one organisation and every case sits in one prison, so
one table holds them all; kind-specific facts (a prison's categories, the
postcode districts a jobcentre serves) hang off it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from onward.estate.constants import OrganisationKind, Source


class Organisation(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    active = models.BooleanField(_("active"), default=True)
    source = models.CharField(_("source"), max_length=32, choices=Source.choices, default=Source.ADMINISTRATOR)
    address_line1 = models.CharField(_("address line 1"), max_length=200, blank=True)
    address_line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    town = models.CharField(_("town or city"), max_length=100, blank=True)
    county = models.CharField(_("county"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "active"])]
        verbose_name = _("organisation")

    def __str__(self):
        return self.name

    @property
    def outcode(self):
        """The postcode district (outward code) of the organisation's address."""
        return self.postcode.split(" ")[0].upper() if self.postcode else ""


class Prison(models.Model):
    """What the prison register says about a prison, beside its organisation."""

    organisation = models.OneToOneField(Organisation, primary_key=True, on_delete=models.CASCADE, related_name="prison")
    types = models.CharField(_("types"), max_length=50, blank=True)
    categories = models.CharField(_("categories"), max_length=20, blank=True)
    operator = models.CharField(_("operator"), max_length=20, blank=True)
    male = models.BooleanField(_("holds men"), default=False)
    female = models.BooleanField(_("holds women"), default=False)
    contracted = models.BooleanField(_("contracted out"), default=False)

    class Meta:
        verbose_name = _("prison details")
        verbose_name_plural = _("prison details")

    def __str__(self):
        return self.organisation.name


class PostcodeDistrict(models.Model):
    """The approximate centre of a postcode district, e.g. NR1."""

    outcode = models.CharField(_("postcode district"), max_length=4, primary_key=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["outcode"]

    def __str__(self):
        return self.outcode


class JobcentreArea(models.Model):
    """A postcode district a jobcentre serves: it decides where a release area's case goes."""

    jobcentre = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="jobcentre_areas")
    district = models.ForeignKey(PostcodeDistrict, on_delete=models.PROTECT, related_name="jobcentre_areas")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jobcentre", "district"], name="jobcentre_area_once")]

    def __str__(self):
        return f"{self.jobcentre} serves {self.district}"
