from datetime import date

from onward.handover.deadlines import acceptance_is_late, handover_deadlines


def test_send_by_discharge_and_accept_within_two_working_days():
    deadlines = handover_deadlines(date(2026, 9, 2))
    assert deadlines.send_by == date(2026, 9, 2)
    assert deadlines.accept_by == date(2026, 9, 4)


def test_accept_by_skips_the_weekend_and_bank_holidays():
    # Thursday 24th, then Christmas, the weekend and the Boxing Day substitute on Monday 28th: Tuesday 29th.
    assert handover_deadlines(date(2026, 12, 23)).accept_by == date(2026, 12, 29)


def test_a_local_agreement_can_set_its_own_figure():
    assert handover_deadlines(date(2026, 9, 2), accept_within_working_days=1).accept_by == date(2026, 9, 3)


def test_lateness():
    assert not acceptance_is_late(accept_by=date(2026, 9, 4), accepted_on=date(2026, 9, 4), today=date(2026, 9, 10))
    assert acceptance_is_late(accept_by=date(2026, 9, 4), accepted_on=date(2026, 9, 7), today=date(2026, 9, 10))
    assert acceptance_is_late(accept_by=date(2026, 9, 4), today=date(2026, 9, 5))
    assert not acceptance_is_late(accept_by=date(2026, 9, 4), today=date(2026, 9, 4))
