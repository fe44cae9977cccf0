from onward.journey.touchpoints import NATIONAL_AGREEMENT_2023
from onward.partnerships import national


def test_every_obligation_and_commitment_names_real_touchpoints():
    assert national.unknown_codes() == []


def test_an_unknown_code_is_caught():
    bogus = national.Obligation("DWP", "Do a thing", ("no-such-touchpoint",))
    assert national.unknown_codes((bogus,)) == ["no-such-touchpoint"]


def test_every_obligation_says_where_onward_holds_it():
    for obligation in national.OBLIGATIONS:
        assert obligation.codes or obligation.held_in, obligation.text


def test_every_touchpoint_carries_out_an_obligation_or_a_commitment():
    linked = {code for item in national.OBLIGATIONS + national.COMMITMENTS for code in item.codes}
    assert {rule.code for rule in NATIONAL_AGREEMENT_2023.rules} <= linked


def test_the_agreement_period_matches_the_catalogue():
    assert NATIONAL_AGREEMENT_2023.starts == national.STARTS
    assert NATIONAL_AGREEMENT_2023.ends == national.ENDS


def test_touchpoints_for_keeps_the_order_given():
    item = national.Obligation("DWP", "x", ("warm-handover", "first-jobcentre-attendance"))
    assert [rule.code for rule in national.touchpoints_for(item)] == ["warm-handover", "first-jobcentre-attendance"]
