"""One rule for numbers in reports: exact values exactly, floats to fixed significant digits,
rounding noise in complex numbers dropped."""

from fractions import Fraction

import numpy as np
import pytest
import sympy

import contracts as ct
from contracts._result import format_number
from contracts.dynamics.stability import RestPoint, rest_points


@pytest.mark.parametrize("value, text", [
    (Fraction(2, 3), "2/3"), (Fraction(-7, 4), "-7/4"), (Fraction(6, 3), "2"),
    (5, "5"), (np.int64(-3), "-3"), (sympy.Rational(2, 3), "2/3"), (sympy.Integer(4), "4"),
])
def test_exact_values_print_exactly(value, text):
    assert format_number(value) == text
    assert format_number(value, 2) == text          # digits never round an exact value


@pytest.mark.parametrize("value, digits, text", [
    (2 / 3, 4, "0.6667"), (2 / 3, 6, "0.666667"), (-1234.5678, 3, "-1.23e+03"),
    (np.float64(0.125), 4, "0.125"), (0.0, 4, "0"), (-0.0, 4, "0"), (3.0, 4, "3"),
    (float("inf"), 4, "inf"), (sympy.Float(0.5), 4, "0.5"),
])
def test_floats_print_with_fixed_significant_digits(value, digits, text):
    assert format_number(value, digits) == text


@pytest.mark.parametrize("value, text", [
    (1.11e-16 + 0.97979589j, "0.9798i"),      # the eigenvalue of a centre, with rounding noise
    (1.11e-16 - 0.97979589j, "-0.9798i"),
    (-0.5 + 3e-17j, "-0.5"),
    (np.complex128(2 + 0j), "2"),
    (0.25 - 0.5j, "0.25-0.5i"), (-1 + 2j, "-1+2i"), (0j, "0"),
])
def test_complex_numbers_drop_rounding_noise(value, text):
    assert format_number(value, 4) == text


def test_complex_parts_that_matter_are_kept():
    # a small part is kept when it is not negligible against the modulus
    assert format_number(1e-6 + 1j, 4) == "1e-06+1i"
    assert format_number(1e-20 + 1e-20j, 4) == "1e-20+1e-20i"


def test_other_objects_fall_back_to_str():
    assert format_number("n/a") == "n/a"
    assert format_number(None) == "None"


def test_rest_point_eigenvalues_print_without_noise():
    point = RestPoint(label="(0.5, 0.5)", profile=((0.5, 0.5), (0.5, 0.5)),
                      eigenvalues=np.array([1.11e-16 + 0.97979589j, 1.11e-16 - 0.97979589j, -1]),
                      type="centre", vertex=False)
    assert point.eigenvalues_text() == "(0.9798i, -0.9798i, -1)"


def test_stability_report_of_a_cycle_prints_purely_imaginary_eigenvalues():
    pennies = ct.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    report = rest_points(pennies)
    text = str(report)
    centre = [p for p in report.points if p.type == "centre"]
    assert len(centre) == 1
    eig = np.asarray(centre[0].eigenvalues, dtype=complex)
    assert np.allclose(eig.real, 0) and np.all(np.abs(eig.imag) > 0.1)
    assert "e-1" not in text                       # no rounding noise such as 1.11e-16
    assert centre[0].eigenvalues_text() in text
    assert centre[0].eigenvalues_text().count("i") == 2


# ------------------------------------------------------------------ Greek names in LaTeX
def test_closed_form_latex_names_greek_quantities_by_their_letters():
    from contracts.agency.linear import LEN, Distortion, ZeroPoweredIncentives
    len_cf = LEN(p=1, k=1, risk_aversion=2, noise_variance=0.5).closed_form()
    text = len_cf.latex()
    assert r"\beta = \frac{p}{k r \sigma^2 + 1}" in text.splitlines()
    assert r"\alpha = " in text and r"\mathrm{beta}" not in text and r"\mathrm{alpha}" not in text
    assert r"\mathrm{total\_surplus} = " in text          # words stay upright
    assert len_cf.evaluate()["beta"] == pytest.approx(0.5)   # numbers unchanged: p/(1 + r k σ²)

    cf = Distortion(f=[1, 1], g=[1, 0.5], risk_aversion=1, noise_variance=1).closed_form()
    text = cf.latex()
    assert r"\cos{\left(\theta \right)} = " in text and "cos\\_theta" not in text
    assert cf.evaluate()["cos_theta"] == pytest.approx(1.5 / (np.sqrt(2) * np.sqrt(1.25)))

    zero = ZeroPoweredIncentives(v=1, tbar=1, risk_aversion=1, noise_variance=1).closed_form()
    assert r"\beta_{1} = 0" in zero.latex().splitlines()
