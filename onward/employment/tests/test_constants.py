"""The option lists are the systems' own: codes and labels match the copied reference list one-to-one."""

import csv
from pathlib import Path

import pytest

from onward.employment import constants

REFERENCE = Path(constants.__file__).parent / "reference" / "reference_lists.csv"

LISTS = [
    ("profileStatus", constants.ProfileStatus, frozenset()),
    ("supportDeclinedReason", constants.SupportDeclinedReason, frozenset()),
    ("whatNeedsToChange", constants.WhatNeedsToChange, frozenset()),
    ("abilityToWork", constants.Barrier, frozenset()),
    ("alreadyInPlace", constants.AlreadyInPlace, constants.ONWARD_ALREADY_IN_PLACE),
    ("trainingAndQualifications", constants.Qualification, frozenset()),
    ("typeOfWork", constants.JobSector, frozenset()),
    ("jobSector", constants.JobSector, frozenset()),
    ("applicationStatus", constants.ApplicationStatus, frozenset()),
    ("jobSource", constants.JobSource, frozenset()),
    ("employerSector", constants.EmployerSector, frozenset()),
    ("employerStatus", constants.EmployerTier, frozenset()),
    ("contractType", constants.ContractType, frozenset()),
    ("hours", constants.Hours, frozenset()),
    ("salaryPeriod", constants.SalaryPeriod, frozenset()),
    ("offenceExclusions", constants.OffenceExclusion, frozenset()),
]


def reference(list_name):
    with REFERENCE.open(encoding="utf-8") as rows:
        return {row["code"]: row["label"] for row in csv.DictReader(rows) if row["list"] == list_name}


@pytest.mark.parametrize(("list_name", "choices", "ours"), LISTS, ids=[name for name, _c, _o in LISTS])
def test_choices_match_the_reference_list(list_name, choices, ours):
    expected = reference(list_name)
    assert expected, f"{list_name} is missing from the reference copy"
    mine = {value: str(label) for value, label in choices.choices if value not in ours}
    assert mine == expected


def test_onward_additions_are_few_and_named():
    assert {constants.AlreadyInPlace.INTERVIEW_CLOTHES} == constants.ONWARD_ALREADY_IN_PLACE


def test_check_outcomes_are_spelled_for_the_measures():
    assert constants.CheckPoint.values == ["6-weeks", "6-months"]
    assert constants.EmploymentOutcome.values == [
        "employed",
        "self_employed",
        "training_or_education",
        "not_employed",
        "unknown",
    ]
    assert set(constants.JOURNEY_OUTCOMES) == set(constants.EmploymentOutcome)
