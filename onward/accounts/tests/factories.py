import factory

from onward.accounts.constants import Role
from onward.accounts.models import User
from onward.estate.models import Organisation

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.PRISON_WORK_COACH
    # As accounts.services.user_save makes them: administrators, and only they, are staff and superusers.
    is_staff = factory.LazyAttribute(lambda user: user.role == Role.ADMINISTRATOR)
    is_superuser = factory.LazyAttribute(lambda user: user.role == Role.ADMINISTRATOR)
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(code="NWI"))

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])


def user_for(role, org_code, **kwargs):
    return UserFactory(role=role, organisation=Organisation.objects.get(code=org_code), **kwargs)
