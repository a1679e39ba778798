"""The duplicate-key table of an import (`kinds.base.KeyRows`) behaves as a dict of the last row
each key was seen on, whatever the keys and however it grows."""

from hypothesis import given, settings
from hypothesis import strategies as st

from concenter.exchange.kinds.base import KeyRows


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-(2**70), 2**70), st.integers(1, 2**31)), max_size=400))
def test_key_rows_is_a_dict_of_the_last_row(pairs):
    table, model = KeyRows(capacity=4), {}
    for digest, row in pairs:
        key = (digest & 0xFFFFFFFFFFFFFFFF) or 1
        assert table.swap(digest, row) == model.get(key)
        model[key] = row
    assert len(table) == len(model)


def test_many_keys_grow_the_table_and_stay_found():
    table = KeyRows(capacity=2)
    for number in range(50_000):
        assert table.swap(hash(("id", str(number))), number + 2) is None
    assert table.capacity >= 2 * len(table) == 100_000
    assert table.swap(hash(("id", "123")), 9) == 125
