"""Bad series get a clear error in the active language naming dates or counts; the
resampling steps never fill or drop anything without being asked."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mcourse import language
from mcourse.errors import CourseError, SeriesError
from mcourse.timeseries import aggregate, check_series, fill_missing, regular_series
from mcourse.timeseries.checks import (
    freq_name,
    infer_frequency,
    missing_periods,
    season_length,
    series_label,
)


def monthly(n=36, start="2020-01-01"):
    index = pd.date_range(start, periods=n, freq="MS")
    return pd.Series(np.arange(n, dtype=float) + 10, index=index, name="sales")


def has_arabic(text):
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def test_a_good_series_comes_back_with_its_frequency():
    y = monthly()
    y.index = pd.DatetimeIndex(list(y.index))  # frequency forgotten, as after reading a CSV
    out = check_series(y, season=12)
    assert out.index.freqstr == "MS"
    pd.testing.assert_series_equal(out, monthly(), check_freq=False)


@pytest.mark.parametrize("freq", ["D", "W-SUN", "MS", "QS-JAN", "YS-JAN", "ME"])
def test_frequencies_are_recognised(freq):
    index = pd.DatetimeIndex(list(pd.date_range("2021-01-01", periods=30, freq=freq)))
    assert pd.tseries.frequencies.to_offset(infer_frequency(index)) == \
        pd.tseries.frequencies.to_offset(freq)


def test_gaps_are_named_not_filled():
    y = monthly().drop([pd.Timestamp("2021-03-01"), pd.Timestamp("2021-07-01")])
    with language("ar"), pytest.raises(SeriesError) as info:
        check_series(y)
    message = str(info.value)
    assert info.value.key == "timeseries.error.gaps"
    assert "2021-03-01" in message and "2021-07-01" in message and has_arabic(message)
    assert info.value.values["count"] == 2
    assert len(y) == 34  # the input is untouched


def test_duplicates_are_named():
    y = monthly()
    y = pd.concat([y.iloc[:10], y.iloc[9:10], y.iloc[10:]])
    with language("pl"), pytest.raises(SeriesError) as info:
        check_series(y)
    assert info.value.key == "timeseries.error.duplicates"
    assert "2020-10-01" in str(info.value) and "powtarza" in str(info.value)


def test_unsorted_is_an_error_not_a_silent_sort():
    y = monthly().iloc[[0, 2, 1, 3]]
    with pytest.raises(SeriesError, match="2020-02-01"):
        check_series(y)


def test_missing_values_are_named():
    y = monthly()
    y.iloc[5] = np.nan
    with pytest.raises(SeriesError, match="2020-06-01") as info:
        check_series(y)
    assert info.value.key == "timeseries.error.missing_values"


def test_irregular_timestamps_have_no_frequency():
    times = pd.to_datetime(["2024-01-01 09:13", "2024-01-01 17:40", "2024-01-03 08:02",
                            "2024-01-03 08:05", "2024-01-07 21:30"])
    y = pd.Series([1.0, 2, 3, 4, 5], index=times)
    with language("pl"), pytest.raises(SeriesError) as info:
        check_series(y)
    assert info.value.key == "timeseries.error.no_frequency"
    assert "regular_series" in str(info.value)


def test_too_few_periods_for_the_season_gives_the_counts():
    with language("ar"), pytest.raises(SeriesError) as info:
        check_series(monthly(20), season=12)
    assert info.value.values == {"name": "«المبيعات»", "count": 20, "needed": 24,
                                 "season": 12, "cycles": 2}
    assert "20" in str(info.value) and "24" in str(info.value)


def test_not_a_series_and_not_dates():
    with pytest.raises(SeriesError, match="DataFrame"):
        check_series(pd.DataFrame({"a": [1, 2]}))
    with pytest.raises(SeriesError) as info:
        check_series(pd.Series([1.0, 2.0, 3.0]))
    assert info.value.key == "timeseries.error.not_dates"


def test_missing_periods_lists_absent_and_nan_dates():
    y = monthly().drop(pd.Timestamp("2021-03-01"))
    y.iloc[0] = np.nan
    missing = missing_periods(y)
    assert list(missing.strftime("%Y-%m-%d")) == ["2020-01-01", "2021-03-01"]


def test_season_lengths():
    assert season_length(monthly()) == 12
    assert season_length("W-SUN") == 52
    assert season_length("QS-JAN") == 4
    assert season_length("D") == 7


# --- resampling -------------------------------------------------------------------------

@pytest.fixture
def log():
    times = pd.to_datetime(["2024-01-01 10:00", "2024-01-01 18:30", "2024-01-02 09:00",
                            "2024-01-04 20:00", "2024-01-07 12:00"])
    return pd.DataFrame({"time": times, "amount": [100.0, 50.0, 70.0, 30.0, 20.0]})


def test_empty_days_must_be_given_a_meaning(log):
    with language("ar"), pytest.raises(SeriesError) as info:
        regular_series(log, "D", date="time")
    assert info.value.key == "timeseries.error.empty_periods"
    assert info.value.values["count"] == 3
    assert "2024-01-03" in str(info.value) and "2024-01-05" in str(info.value)


def test_counts_and_sums_per_day(log):
    orders = regular_series(log, "D", date="time", empty=0)
    assert orders.index.freqstr == "D"
    assert orders.tolist() == [2, 1, 0, 1, 0, 0, 1]
    sales = regular_series(log, "D", date="time", value="amount", empty=0)
    assert sales.tolist() == [150.0, 70.0, 0.0, 30.0, 0.0, 0.0, 20.0]
    price = regular_series(log, "D", date="time", value="amount", how="mean", empty="missing")
    assert np.isnan(price.iloc[2]) and price.iloc[0] == 75.0


def test_weeks_are_labelled_by_sunday_and_partial_weeks_are_asked_about(log):
    with pytest.raises(SeriesError) as info:
        regular_series(log, "W", date="time", end="2024-01-10", empty=0)
    assert info.value.key == "timeseries.error.partial_period"
    assert "2024-01-08/2024-01-14" in str(info.value)
    weekly = regular_series(log, "W", date="time", end="2024-01-10", empty=0, partial="drop")
    assert weekly.index.tolist() == [pd.Timestamp("2024-01-07")]
    assert weekly.tolist() == [5]


def test_aggregate_daily_to_weeks_and_months():
    days = pd.date_range("2024-01-03", "2024-03-31", freq="D")  # starts on a Wednesday
    y = pd.Series(1.0, index=days, name="orders")
    with pytest.raises(SeriesError, match="2024-01-01/2024-01-07"):
        aggregate(y, "W")
    weeks = aggregate(y, "W", partial="drop")
    assert weeks.index[0] == pd.Timestamp("2024-01-14") and (weeks == 7).all()
    kept = aggregate(y, "W", partial="keep")
    assert kept.iloc[0] == 5  # Wednesday to Sunday: the partial week looks like a drop
    months = aggregate(y, "M", partial="drop")
    assert months.index.freqstr == "MS" and months.tolist() == [29.0, 31.0]


def test_aggregate_refuses_a_series_with_gaps():
    y = pd.Series(1.0, index=pd.date_range("2024-01-01", periods=30, freq="D"))
    with pytest.raises(SeriesError):
        aggregate(y.drop(pd.Timestamp("2024-01-10")), "W", partial="drop")


def test_fill_missing_is_explicit_and_reports_the_dates():
    y = monthly().drop([pd.Timestamp("2020-05-01")])
    filled = fill_missing(y, "interpolate")
    assert filled.attrs["filled"] == ["2020-05-01"]
    assert filled.loc["2020-05-01"] == pytest.approx(14.0, abs=0.1)
    assert fill_missing(y, "zero").loc["2020-05-01"] == 0
    assert fill_missing(y, "ffill").loc["2020-05-01"] == 13.0
    check_series(filled)


def test_unknown_choices_list_the_options(log):
    with pytest.raises(CourseError, match="partial"):
        regular_series(log, "D", date="time", empty=0, partial="maybe")
    with pytest.raises(CourseError, match="freq"):
        regular_series(log, "fortnight", date="time", empty=0)
    with pytest.raises(CourseError, match="time"):
        regular_series(log.rename(columns={"time": "when"}), "D", date="time")


def test_weeks_do_not_aggregate_into_months_but_months_into_quarters():
    weeks = pd.Series(1.0, index=pd.date_range("2024-01-07", periods=20, freq="W-SUN"))
    with pytest.raises(SeriesError) as info:
        aggregate(weeks, "M", partial="drop")
    assert info.value.key == "timeseries.error.not_nested"
    months = pd.Series(1.0, index=pd.date_range("2024-01-01", periods=12, freq="MS"))
    quarters = aggregate(months, "Q")
    assert quarters.tolist() == [3.0] * 4 and quarters.index.freqstr == "QS-JAN"


# --- messages name things in words, in the student's language ---------------------------

@pytest.mark.parametrize("freq, lang, word", [
    ("MS", "pl", "miesięczna"), ("MS", "ar", "شهري"), ("D", "pl", "dzienna"),
    ("D", "ar", "يومي"), ("W-SUN", "pl", "tygodniowa"), ("W-SUN", "ar", "أسبوعي"),
    ("QS-OCT", "pl", "kwartalna"), ("QS-OCT", "ar", "ثلاثي"), ("YS-JAN", "en", "yearly")])
def test_gap_messages_name_the_frequency_in_words(freq, lang, word):
    index = pd.date_range("2020-01-05" if freq == "W-SUN" else "2019-10-01", periods=30,
                          freq=freq)
    y = pd.Series(np.arange(30.0), index=index, name="sales").drop(index[[4, 9]])
    with language(lang), pytest.raises(SeriesError) as info:
        check_series(y, freq=freq)
    message = str(info.value)
    assert info.value.key == "timeseries.error.gaps"
    assert word in message and freq not in message, message


def test_unknown_frequency_codes_are_shown_as_they_are():
    with language("pl"):
        assert freq_name("2D") == "2D" and freq_name("B") == "B"
        assert freq_name(pd.offsets.MonthBegin()) == "miesięczna"


def test_series_names_are_translated_and_quoted():
    y = pd.Series(np.arange(30.0), index=pd.date_range("1995-01-01", periods=30, freq="MS"),
                  name="elec_equip").drop(pd.Timestamp("1996-03-01"))
    with language("pl"), pytest.raises(SeriesError) as info:
        check_series(y)
    assert "„Obroty: sprzęt elektryczny (2010 = 100)”" in str(info.value)
    assert "elec_equip" not in str(info.value)
    with language("ar"):
        assert series_label("amount") == "مبلغ الطلبية"
        assert series_label("orders") == "الطلبيات"  # core's word.orders
        assert series_label("visits_per_hour") == "visits_per_hour"  # unknown: as it is
    with language("ar"), pytest.raises(SeriesError) as info:
        check_series(y.rename("visits_per_hour"))
    assert "«visits_per_hour»" in str(info.value)


@pytest.mark.parametrize("lang, joined", [
    ("ar", "يوم (×2) ويومان (×1) و12 ساعة (×1)"),
    ("pl", "1 dzień (×2), 2 dni (×1) i 12 godzin (×1)"),
    ("en", "1 day (×2), 2 days (×1) and 12 hours (×1)")])
def test_steps_between_dates_are_listed_as_the_language_lists(lang, joined):
    times = pd.to_datetime(["2024-01-01 00:00", "2024-01-02 00:00", "2024-01-03 00:00",
                            "2024-01-05 00:00", "2024-01-05 12:00"])
    y = pd.Series(1.0, index=times, name="orders")
    with language(lang), pytest.raises(SeriesError) as info:
        check_series(y)
    assert info.value.key == "timeseries.error.no_frequency"
    assert info.value.values["steps"] == joined
    assert joined in str(info.value)
