"""The amenity vocabulary and the parser for registry cells."""

from __future__ import annotations

import pytest

from bot.stations.amenities import (
    AMENITY_BIT,
    AMENITY_CODES,
    RIDER_NEEDS,
    AmenityError,
    amenity_mask,
    label_key,
    parse_amenities,
    parse_amenity,
)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("water", "water"),
        ("饮水", "water"),
        ("热水", "water"),
        ("饮用水", "water"),
        ("饮水机", "water"),
        ("微波炉", "microwave"),
        ("热饭", "microwave"),
        ("充电", "charging"),
        ("手机充电", "charging"),
        ("卫生间", "toilet"),
        ("厕所", "toilet"),
        ("空调", "ac"),
        ("休息", "rest"),
        ("换电", "battery_swap"),
        ("智慧安全换电", "battery_swap"),
        ("Battery Swap", "battery_swap"),
        ("battery-swap", "battery_swap"),
        ("急救", "first_aid"),
        ("医药箱", "first_aid"),
        ("急救箱", "first_aid"),
        ("爱心冰柜", "fridge"),
        ("冰箱", "fridge"),
        ("免费WiFi", "wifi"),
        ("Ｗｉ－Ｆｉ", "wifi"),  # full-width, as a Chinese IME types it
        ("扫码入会", "join_union"),
        ("法律援助", "legal_aid"),
        ("心理咨询", "counselling"),
        ("  toilet ", "toilet"),
    ],
)
def test_parse_amenity(value: str, code: str) -> None:
    assert parse_amenity(value) == code


def test_unknown_amenity_is_an_error_naming_it() -> None:
    with pytest.raises(AmenityError) as caught:
        parse_amenity("游泳池")
    assert caught.value.key == "import-unknown-amenity"
    assert caught.value.args_for_message == {"value": "游泳池"}


def test_parse_cell_with_every_separator() -> None:
    cell = "饮水、微波炉;充电|卫生间；急救箱，空调,换电"
    assert parse_amenities(cell) == frozenset(
        {"water", "microwave", "charging", "toilet", "first_aid", "ac", "battery_swap"}
    )
    assert parse_amenities("") == frozenset()
    assert parse_amenities("饮水、热水") == frozenset({"water"})


def test_parse_cell_reports_every_unknown_name() -> None:
    with pytest.raises(AmenityError) as caught:
        parse_amenities("饮水、游泳池、桑拿")
    assert caught.value.unknown == ("游泳池", "桑拿")
    assert caught.value.args_for_message == {"value": "游泳池、桑拿"}


def test_bits_masks_and_label_keys() -> None:
    assert len(set(AMENITY_BIT.values())) == len(AMENITY_CODES)
    assert amenity_mask(["water", "ac"]) == AMENITY_BIT["water"] | AMENITY_BIT["ac"]
    assert amenity_mask([]) == 0
    assert label_key("battery_swap") == "amenity-battery-swap"
    with pytest.raises(KeyError):
        label_key("sauna")


def test_rider_needs_are_the_seven_choices_in_order() -> None:
    assert RIDER_NEEDS == (
        "water",
        "microwave",
        "charging",
        "toilet",
        "rest",
        "battery_swap",
        "first_aid",
    )
    assert set(RIDER_NEEDS) <= set(AMENITY_CODES)


def test_index_bit_order_is_stable() -> None:
    # Bits are an index format: new codes are appended, existing ones never move.
    assert AMENITY_CODES[:8] == (
        "water",
        "microwave",
        "charging",
        "toilet",
        "rest",
        "ac",
        "battery_swap",
        "first_aid",
    )
