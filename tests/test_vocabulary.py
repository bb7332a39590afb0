"""One vocabulary: renamed parameters keep working for a release, with a warning naming the
new spelling; models never overwrite the fields users pass."""

import dataclasses
import warnings
from fractions import Fraction

import numpy as np
import pytest

from contracts.agency import LEN, GrossmanHart, MoralHazard, Multitask
from contracts.exceptions import InvalidParameterError

F = [[Fraction(4, 5), Fraction(1, 5)], [Fraction(1, 5), Fraction(4, 5)]]


def test_old_keyword_warns_names_the_new_one_and_means_the_same():
    with pytest.warns(DeprecationWarning, match="'sigma2' is deprecated; use 'noise_variance'"):
        old = LEN(p=1, k=1, risk_aversion=2, sigma2=0.5)
    new = LEN(p=1, k=1, risk_aversion=2, noise_variance=0.5)
    assert old.solve().extra["beta"] == new.solve().extra["beta"] == 0.5
    with pytest.warns(DeprecationWarning, match="LEN.r is deprecated; use .risk_aversion"):
        assert old.r == 2
    with pytest.warns(DeprecationWarning, match="'Sigma'.*'noise_variance'"):
        Multitask(b=[1, 1], C=[[1, 0], [0, 1]], Sigma=[[1, 0], [0, 1]], risk_aversion=1)
    with pytest.warns(DeprecationWarning, match="'reservation'.*'reservation_utility'"):
        mh = MoralHazard(F, rewards=[0, 10], costs=[0, 1], reservation=1)
    assert mh.reservation_utility == 1


def test_old_and_new_spelling_together_is_an_error():
    with pytest.raises(InvalidParameterError, match="LEN: got both 'r'"):
        LEN(p=1, k=1, r=1, risk_aversion=1, noise_variance=1)


def test_positional_options_still_mean_what_they_meant():
    probs = {"H": [.25, .75], "L": [.75, .25]}
    with pytest.warns(DeprecationWarning, match="'costs', 'rewards' by position"):
        old = GrossmanHart(probs, {"H": 1.0, "L": 0.0}, [0, 20], reservation_utility=2.0)
    new = GrossmanHart(probs, costs={"H": 1.0, "L": 0.0}, rewards=[0, 20],
                       reservation_utility=2.0)
    assert old.implementation_cost("H").cost == pytest.approx(new.implementation_cost("H").cost)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        MoralHazard(F, rewards=[0, 10], costs=[0, 1])           # keywords: no warning


def test_replace_keeps_an_exact_model_exact():
    mh = MoralHazard(F, rewards=[0, 10], costs=[0, 1])
    assert mh.outcome_probs is F                                # the user's field, untouched
    moved = dataclasses.replace(mh, reservation_utility=Fraction(1, 2))
    direct = MoralHazard(F, rewards=[0, 10], costs=[0, 1], reservation_utility=Fraction(1, 2))
    a, b = moved.solve(exact=True), direct.solve(exact=True)
    assert isinstance(a.principal_value, Fraction)
    assert a.principal_value == b.principal_value
    assert list(a.contract) == list(b.contract)
    # float solve unchanged by the private storage
    assert np.isclose(float(a.principal_value), moved.solve().principal_value)
