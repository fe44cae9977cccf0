"""Django admin is for administrators' reference data and users: it shows no named person (issue 12).

Administrators never see a named person's case (cases.selectors.case_scope); the audited pages do that for
those who may. So no model that is, or hangs off, a person or a case is registered here.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.cases.models import Case, Person
from onward.cases.tests.factories import CaseFactory, PersonFactory
from onward.readiness.models import BankApplication, IdApplication

pytestmark = pytest.mark.django_db
NAMED = {Person, Case}


def test_no_model_that_names_a_person_is_in_the_admin():
    for model in admin.site._registry:
        forward = {field.related_model for field in model._meta.get_fields() if field.is_relation and field.concrete}
        assert model not in NAMED and not forward & NAMED, model
    assert IdApplication not in admin.site._registry
    assert BankApplication not in admin.site._registry


def test_no_admin_list_page_shows_a_person_in_custody(client):
    CaseFactory(person=PersonFactory(given_name="Quintus", family_name="Vexillary", prison_number="T0424LS"))
    client.force_login(user_for(Role.ADMINISTRATOR, "national", is_superuser=True, is_staff=True))
    for model in admin.site._registry:
        page = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
        assert page.status_code == 200, model
        assert b"Vexillary" not in page.content and b"T0424LS" not in page.content, model
